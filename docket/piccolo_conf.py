"""Piccolo's configuration: which database Docket uses and which apps (domains) it has.

The engine is chosen by DOCKET_DATABASE_URL (see docket/settings.py); every domain is a Piccolo app.
"""

from piccolo.conf.apps import AppRegistry

from docket.db import engine_for_url
from docket.settings import get_settings

DB = engine_for_url(get_settings().database_url)

APP_REGISTRY = AppRegistry(
    apps=[
        "docket.accounts.piccolo_app",
        "docket.courts.piccolo_app",
        "docket.cases.piccolo_app",
        "docket.hearings.piccolo_app",
        "docket.protection.piccolo_app",
        "docket.audit.piccolo_app",
        "docket.calendar.piccolo_app",
        "docket.notices.piccolo_app",
        "docket.reminders.piccolo_app",
        "docket.notes.piccolo_app",
    ]
)

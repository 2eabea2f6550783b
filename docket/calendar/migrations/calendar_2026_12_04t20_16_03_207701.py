from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from enum import Enum
from piccolo.columns.column_types import Boolean
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-04T20:16:03:207701"
VERSION = "1.38.0"
DESCRIPTION = "Feed options: reminders chosen per feed, deadlines-only feeds, hiding held hearings, and the lead scope (cases I lead)"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="calendar", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="FeedSubscription",
        tablename="feed_subscription",
        column_name="hide_held",
        db_column_name="hide_held",
        column_class_name="Boolean",
        column_class=Boolean,
        params={
            "default": False,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="FeedSubscription",
        tablename="feed_subscription",
        column_name="include_hearings",
        db_column_name="include_hearings",
        column_class_name="Boolean",
        column_class=Boolean,
        params={
            "default": True,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="FeedSubscription",
        tablename="feed_subscription",
        column_name="reminders",
        db_column_name="reminders",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 40,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.alter_column(
        table_class_name="FeedSubscription",
        tablename="feed_subscription",
        column_name="scope",
        db_column_name="scope",
        params={
            "choices": Enum(
                "FeedScope",
                {
                    "MINE": "mine",
                    "LEAD": "lead",
                    "CASE": "case",
                    "COURT": "court",
                    "TEAM": "team",
                },
            )
        },
        old_params={
            "choices": Enum(
                "FeedScope",
                {
                    "MINE": "mine",
                    "CASE": "case",
                    "COURT": "court",
                    "TEAM": "team",
                },
            )
        },
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager

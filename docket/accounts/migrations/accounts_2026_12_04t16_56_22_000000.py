import datetime as dt

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.querystring import QueryString

ID = "2026-12-04T16:56:22:000000"
VERSION = "1.38.0"
DESCRIPTION = "API tokens (2 of 2): tokens issued before expiries work 90 more days, then stop"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)

    async def give_old_tokens_an_expiry():
        # A token without an expiry no longer works (docket.accounts.services.token_use).
        # Scripts already using one get the default lifetime from today (90 days, fixed here
        # as it was when this ran) to move to a named token, rather than failing tonight.
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=90)
        await engine_finder().run_querystring(
            QueryString(
                "UPDATE api_token SET expires_at = {}, name = {}"
                " WHERE expires_at IS NULL AND revoked_at IS NULL",
                expires,
                "issued before tokens had names",
            )
        )

    manager.add_raw(give_old_tokens_an_expiry)
    return manager

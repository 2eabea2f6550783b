from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T08:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Index team members by user: who may see a case is asked on every request"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)

    async def run():
        # docket.cases.access.VISIBLE_CASES_SQL finds a person's teams on every request;
        # without this index SQLite read all 2,500 memberships of the national benchmark.
        await engine_finder().run_ddl(
            'CREATE INDEX IF NOT EXISTS team_member_user ON team_member ("user")'
        )

    manager.add_raw(run)
    return manager

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T09:05:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Covering indexes for 'the cases this person may see', asked on every request"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="cases", description=DESCRIPTION)

    async def run():
        # docket.cases.access.VISIBLE_CASES_SQL reads a person's case ids and their teams'
        # case ids on every request. With the id inside the index both come from the index
        # alone; PostgreSQL otherwise fetched ~240 scattered table pages per request on the
        # national benchmark (EXPLAIN ANALYZE). case_member's own "user" index stays (the
        # table declares it); the team index, made by hand, is replaced.
        db = engine_finder()
        await db.run_ddl(
            'CREATE INDEX IF NOT EXISTS case_member_user_case ON case_member ("user", "case")'
        )
        await db.run_ddl("CREATE INDEX IF NOT EXISTS court_case_team_id ON court_case (team, id)")
        await db.run_ddl("DROP INDEX IF EXISTS court_case_team")

    manager.add_raw(run)
    return manager

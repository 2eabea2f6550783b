from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-04T23:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "A court's calendar checks its cases at every poll without reading every case"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="cases", description=DESCRIPTION)

    async def run():
        # docket.calendar.services._FEED_QUERY finds the cases of a court feed's court at
        # every poll (their change marks decide the 304); without this index both engines
        # read all of the court_case table for it (EXPLAIN QUERY PLAN: SCAN c).
        await engine_finder().run_ddl(
            "CREATE INDEX IF NOT EXISTS court_case_court_id ON court_case (court, id)"
        )

    manager.add_raw(run)
    return manager

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T06:10:40:680447"
VERSION = "1.38.0"
DESCRIPTION = "Index cases by team: who may see a case is asked on every request"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="cases", description=DESCRIPTION)

    async def run():
        # docket.cases.access.visible_case_ids finds a person's team cases on every request;
        # without this index it read all 50,000 cases of the national benchmark each time.
        await engine_finder().run_ddl(
            "CREATE INDEX IF NOT EXISTS court_case_team ON court_case (team)"
        )

    manager.add_raw(run)
    return manager

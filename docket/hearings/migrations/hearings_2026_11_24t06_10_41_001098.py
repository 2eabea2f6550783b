from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T06:10:41:001098"
VERSION = "1.38.0"
DESCRIPTION = "Index hearings by case and start: feeds, agendas and lists ask for exactly that"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="hearings", description=DESCRIPTION)

    async def run():
        # "The hearings of these cases in this window": one index range per case instead of
        # every hearing in the window (about 130,000 rows at national scale).
        await engine_finder().run_ddl(
            'CREATE INDEX IF NOT EXISTS hearing_case_starts_at ON hearing ("case", starts_at)'
        )

    manager.add_raw(run)
    return manager

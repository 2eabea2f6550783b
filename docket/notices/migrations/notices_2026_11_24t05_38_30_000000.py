from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T05:38:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "One preparation per hearing and survivor, enforced by the database"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="notices", description=DESCRIPTION)

    async def run():
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS notice_preparation_unique "
            "ON notice_preparation (hearing, survivor)"
        )

    manager.add_raw(run)
    return manager

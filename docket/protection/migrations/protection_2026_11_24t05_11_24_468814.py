from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T05:11:24:468814"
VERSION = "1.38.0"
DESCRIPTION = "One row per measure, witness and hearing, enforced by the database"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="protection", description=DESCRIPTION)

    async def run():
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS protection_need_unique "
            "ON protection_need (hearing, witness, measure)"
        )

    manager.add_raw(run)
    return manager

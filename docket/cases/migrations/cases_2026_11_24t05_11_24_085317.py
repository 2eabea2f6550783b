from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T05:11:24:085317"
VERSION = "1.38.0"
DESCRIPTION = "One pseudonym per survivor within a case, enforced by the database"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="cases", description=DESCRIPTION)

    async def run():
        # The service checks first; this index holds when two colleagues add the same
        # pseudonym at the same moment on PostgreSQL (READ COMMITTED lets both checks pass).
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS survivor_case_pseudonym_unique "
            "ON survivor (\"case\", pseudonym)"
        )

    manager.add_raw(run)
    return manager

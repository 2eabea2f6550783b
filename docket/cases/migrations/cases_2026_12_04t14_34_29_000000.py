from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-04T14:34:29:000000"
VERSION = "1.38.0"
DESCRIPTION = "Captions kept inside Docket (2 of 2): check every case's caption against its survivors"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="cases", description=DESCRIPTION)

    async def check_every_caption():
        from docket.cases.services import refresh_caption_check
        from docket.cases.tables import Case

        for row in await Case.select(Case.id):
            await refresh_caption_check(row["id"])

    manager.add_raw(check_every_caption)
    return manager

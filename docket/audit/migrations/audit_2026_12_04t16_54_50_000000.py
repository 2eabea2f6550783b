from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-04T16:54:50:000000"
VERSION = "1.38.0"
DESCRIPTION = "An audit trail that cannot be emptied unnoticed (2 of 2): its first record"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="audit", description=DESCRIPTION)
    # Outside the migration's transaction: start_trail commits its own, so the trail's first
    # head reaches the head log (written once a transaction of audit rows commits). Writing it
    # again is a no-op, should recording the migration fail after it.
    manager.wrap_in_transaction = False

    async def write_the_trails_first_record():
        from docket.audit.services import start_trail

        await start_trail()

    manager.add_raw(write_the_trails_first_record)
    return manager

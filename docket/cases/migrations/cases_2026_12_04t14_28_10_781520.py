from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.querystring import QueryString

ID = "2026-12-04T14:28:10:781520"
VERSION = "1.38.0"
DESCRIPTION = "Survivor identities sealed at rest (2 of 2): seal every identity, then drop the plain columns"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="cases", description=DESCRIPTION
    )

    async def seal_every_identity():
        # Piccolo runs raw steps before it drops columns, in the migration's transaction:
        # each identity is read in plain, sealed with the identity key (docket.cases.sealing)
        # and written back, then the plain columns go.
        import datetime

        from docket.cases.sealing import IdentityFields, seal

        db = engine_finder()
        rows = await db.run_querystring(
            QueryString(
                "SELECT id, survivor, legal_name, notice_name, birth_date, guardian, shelter,"
                " contact, address, school FROM survivor_identity"
            )
        )
        for row in rows:
            birth_date = row["birth_date"]
            if isinstance(birth_date, str):  # SQLite hands a date column back as text
                birth_date = datetime.date.fromisoformat(birth_date)
            fields = IdentityFields(
                legal_name=row["legal_name"] or "",
                notice_name=row["notice_name"] or "",
                birth_date=birth_date,
                guardian=row["guardian"] or "",
                shelter=row["shelter"] or "",
                contact=row["contact"] or "",
                address=row["address"] or "",
                school=row["school"] or "",
            )
            sealed, key_id = seal(row["survivor"], fields)
            await db.run_querystring(
                QueryString(
                    "UPDATE survivor_identity SET sealed = {}, key_id = {} WHERE id = {}",
                    sealed,
                    key_id,
                    row["id"],
                )
            )

    manager.add_raw(seal_every_identity)

    manager.drop_column(
        table_class_name="SurvivorIdentity",
        tablename="survivor_identity",
        column_name="address",
        db_column_name="address",
        schema=None,
    )

    manager.drop_column(
        table_class_name="SurvivorIdentity",
        tablename="survivor_identity",
        column_name="birth_date",
        db_column_name="birth_date",
        schema=None,
    )

    manager.drop_column(
        table_class_name="SurvivorIdentity",
        tablename="survivor_identity",
        column_name="contact",
        db_column_name="contact",
        schema=None,
    )

    manager.drop_column(
        table_class_name="SurvivorIdentity",
        tablename="survivor_identity",
        column_name="guardian",
        db_column_name="guardian",
        schema=None,
    )

    manager.drop_column(
        table_class_name="SurvivorIdentity",
        tablename="survivor_identity",
        column_name="legal_name",
        db_column_name="legal_name",
        schema=None,
    )

    manager.drop_column(
        table_class_name="SurvivorIdentity",
        tablename="survivor_identity",
        column_name="notice_name",
        db_column_name="notice_name",
        schema=None,
    )

    manager.drop_column(
        table_class_name="SurvivorIdentity",
        tablename="survivor_identity",
        column_name="school",
        db_column_name="school",
        schema=None,
    )

    manager.drop_column(
        table_class_name="SurvivorIdentity",
        tablename="survivor_identity",
        column_name="shelter",
        db_column_name="shelter",
        schema=None,
    )

    return manager

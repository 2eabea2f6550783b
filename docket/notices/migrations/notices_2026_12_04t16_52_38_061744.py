from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder
from piccolo.querystring import QueryString

ID = "2026-12-04T16:52:38:061744"
VERSION = "1.38.0"
DESCRIPTION = "Trip plans sealed at rest (2 of 2): seal every plan's words, then drop the plain columns"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="notices", description=DESCRIPTION
    )

    async def seal_every_plan():
        # Piccolo runs raw steps before it drops columns, in the migration's transaction: each
        # plan's words are read in plain, sealed with the identity key (docket.cases.sealing)
        # bound to the hearing and survivor as docket.notices.preparation binds them, and
        # written back with whether the plan is complete; then the plain columns go.
        import json

        from docket.cases.sealing import seal_bytes

        db = engine_finder()
        rows = await db.run_querystring(
            QueryString(
                "SELECT id, hearing, survivor, meeting_place, meeting_time, leave_time,"
                " support_persons, role_note, vehicle_and_escort, route_and_entrance,"
                " return_plan, safety_notes, after_notes FROM notice_preparation"
            )
        )
        for row in rows:
            words = {
                "meeting_place": row["meeting_place"] or "",
                "support_persons": json.loads(row["support_persons"] or "[]"),
                **{
                    name: row[name] or ""
                    for name in (
                        "role_note",
                        "vehicle_and_escort",
                        "route_and_entrance",
                        "return_plan",
                        "safety_notes",
                        "after_notes",
                    )
                },
            }
            sealed, key_id = seal_bytes(
                f"notice_preparation:{row['hearing']}:{row['survivor']}",
                json.dumps(words).encode(),
            )
            complete = bool(
                words["meeting_place"].strip()
                and row["meeting_time"] is not None
                and row["leave_time"] is not None
            )
            await db.run_querystring(
                QueryString(
                    "UPDATE notice_preparation SET sealed = {}, key_id = {}, complete = {}"
                    " WHERE id = {}",
                    sealed,
                    key_id,
                    complete,
                    row["id"],
                )
            )

    manager.add_raw(seal_every_plan)

    manager.drop_column(
        table_class_name="NoticePreparation",
        tablename="notice_preparation",
        column_name="after_notes",
        db_column_name="after_notes",
        schema=None,
    )

    manager.drop_column(
        table_class_name="NoticePreparation",
        tablename="notice_preparation",
        column_name="meeting_place",
        db_column_name="meeting_place",
        schema=None,
    )

    manager.drop_column(
        table_class_name="NoticePreparation",
        tablename="notice_preparation",
        column_name="return_plan",
        db_column_name="return_plan",
        schema=None,
    )

    manager.drop_column(
        table_class_name="NoticePreparation",
        tablename="notice_preparation",
        column_name="role_note",
        db_column_name="role_note",
        schema=None,
    )

    manager.drop_column(
        table_class_name="NoticePreparation",
        tablename="notice_preparation",
        column_name="route_and_entrance",
        db_column_name="route_and_entrance",
        schema=None,
    )

    manager.drop_column(
        table_class_name="NoticePreparation",
        tablename="notice_preparation",
        column_name="safety_notes",
        db_column_name="safety_notes",
        schema=None,
    )

    manager.drop_column(
        table_class_name="NoticePreparation",
        tablename="notice_preparation",
        column_name="support_persons",
        db_column_name="support_persons",
        schema=None,
    )

    manager.drop_column(
        table_class_name="NoticePreparation",
        tablename="notice_preparation",
        column_name="vehicle_and_escort",
        db_column_name="vehicle_and_escort",
        schema=None,
    )

    return manager

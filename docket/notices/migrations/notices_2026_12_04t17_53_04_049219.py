from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from enum import Enum
from piccolo.columns.base import OnDelete
from piccolo.columns.base import OnUpdate
from piccolo.columns.column_types import ForeignKey
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import Serial
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.column_types import Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Hearing(Table, tablename="hearing", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


class Survivor(Table, tablename="survivor", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


class User(Table, tablename="app_user", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


ID = "2026-12-04T17:53:04:049219"
VERSION = "1.38.0"
DESCRIPTION = "Trip plans remember the start and mode they were made for; the survivor told of a cancelled hearing; the cancelled-hearing note"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="notices", description=DESCRIPTION
    )

    manager.add_table(
        class_name="SurvivorTold",
        tablename="notice_survivor_told",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="SurvivorTold",
        tablename="notice_survivor_told",
        column_name="hearing",
        db_column_name="hearing",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Hearing,
            "on_delete": OnDelete.cascade,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="SurvivorTold",
        tablename="notice_survivor_told",
        column_name="survivor",
        db_column_name="survivor",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Survivor,
            "on_delete": OnDelete.cascade,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="SurvivorTold",
        tablename="notice_survivor_told",
        column_name="hearing_sequence",
        db_column_name="hearing_sequence",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": 0,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="SurvivorTold",
        tablename="notice_survivor_told",
        column_name="told_by",
        db_column_name="told_by",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": User,
            "on_delete": OnDelete.cascade,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="SurvivorTold",
        tablename="notice_survivor_told",
        column_name="told_at",
        db_column_name="told_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": TimestamptzNow(),
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="NoticePreparation",
        tablename="notice_preparation",
        column_name="planned_mode",
        db_column_name="planned_mode",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 20,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": Enum(
                "HearingMode",
                {
                    "IN_PERSON": "in_person",
                    "VIDEOCONFERENCE": "videoconference",
                    "HYBRID": "hybrid",
                },
            ),
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="NoticePreparation",
        tablename="notice_preparation",
        column_name="planned_starts_at",
        db_column_name="planned_starts_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.alter_column(
        table_class_name="NoticePrint",
        tablename="notice_print",
        column_name="variant",
        db_column_name="variant",
        params={
            "choices": Enum(
                "NoticeVariant",
                {
                    "YOUNG_CHILD": "young_child",
                    "CHILD": "child",
                    "ADULT": "adult",
                    "ADVOCATE_CHECKLIST": "advocate_checklist",
                    "CANCELLED_NOTE": "cancelled_note",
                },
            )
        },
        old_params={
            "choices": Enum(
                "NoticeVariant",
                {
                    "YOUNG_CHILD": "young_child",
                    "CHILD": "child",
                    "ADULT": "adult",
                    "ADVOCATE_CHECKLIST": "advocate_checklist",
                },
            )
        },
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager

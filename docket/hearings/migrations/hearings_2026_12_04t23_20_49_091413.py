from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean
from piccolo.columns.column_types import Date
from piccolo.columns.column_types import Text
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-04T23:20:49:091413"
VERSION = "1.38.0"
DESCRIPTION = "Videoconference hearings (A.M. 20-12-01-SC as amended by A.M. 24-11-02-SC): the order granting it, the accused's waiver of face-to-face confrontation, exploitation material to be shown, the ground for cancelling"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="hearings", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="Hearing",
        tablename="hearing",
        column_name="confrontation_waived_on",
        db_column_name="confrontation_waived_on",
        column_class_name="Date",
        column_class=Date,
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

    manager.add_column(
        table_class_name="Hearing",
        tablename="hearing",
        column_name="shows_exploitation_material",
        db_column_name="shows_exploitation_material",
        column_class_name="Boolean",
        column_class=Boolean,
        params={
            "default": False,
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
        table_class_name="Hearing",
        tablename="hearing",
        column_name="video_motion_granted_on",
        db_column_name="video_motion_granted_on",
        column_class_name="Date",
        column_class=Date,
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

    manager.add_column(
        table_class_name="Hearing",
        tablename="hearing",
        column_name="video_order",
        db_column_name="video_order",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 200,
            "default": "",
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
        table_class_name="HearingChange",
        tablename="hearing_change",
        column_name="ground",
        db_column_name="ground",
        column_class_name="Text",
        column_class=Text,
        params={
            "default": "",
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

    return manager

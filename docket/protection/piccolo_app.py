"""The protection app: its tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="protection",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=table_finder(modules=["docket.protection.tables"], exclude_imported=True),
    migration_dependencies=["docket.hearings.piccolo_app"],
    commands=[],
)

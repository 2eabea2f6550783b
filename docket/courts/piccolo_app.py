"""The courts app: its tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="courts",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=table_finder(modules=["docket.courts.tables"], exclude_imported=True),
    migration_dependencies=[],
    commands=[],
)

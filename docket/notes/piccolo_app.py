"""The notes app: its table and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="notes",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=table_finder(modules=["docket.notes.tables"], exclude_imported=True),
    migration_dependencies=["docket.hearings.piccolo_app"],
    commands=[],
)

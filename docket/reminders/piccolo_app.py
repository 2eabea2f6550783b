"""The reminders app: the outbox of messages that leave Docket, and each person's choices."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="reminders",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=table_finder(modules=["docket.reminders.tables"], exclude_imported=True),
    migration_dependencies=["docket.hearings.piccolo_app"],
    commands=[],
)

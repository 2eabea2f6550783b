"""The notices app: preparation logistics, the record of prints, and their migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="notices",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=table_finder(modules=["docket.notices.tables"], exclude_imported=True),
    migration_dependencies=[
        "docket.accounts.piccolo_app",
        "docket.cases.piccolo_app",
        "docket.hearings.piccolo_app",
    ],
    commands=[],
)

"""Running Piccolo migrations, and telling whether a database has them all."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.commands.base import BaseMigrationManager
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.apps.migrations.tables import Migration
from piccolo.conf.apps import Finder


async def migrate() -> tuple[bool, str]:
    """Run every migration not yet run, on every app; (success, Piccolo's message)."""
    # Piccolo prints a banner per app; keep it for when something goes wrong.
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = await run_forwards("all")
    return result.success, result.message or printed.getvalue()


async def pending_migrations() -> list[str]:
    """The ids of migrations that have not run on this database ("app:id")."""
    manager = BaseMigrationManager()
    pending: list[str] = []
    ran: set[tuple[str, str]] = set()
    if await Migration.table_exists():
        ran = {
            (r["app_name"], r["name"])
            for r in await Migration.select(Migration.app_name, Migration.name)
        }
    for app_config in Finder().get_app_registry().app_configs.values():
        modules = manager.get_migration_modules(app_config.resolved_migrations_folder_path)
        pending.extend(
            f"{app_config.app_name}:{migration_id}"
            for migration_id in sorted(modules)
            if (app_config.app_name, migration_id) not in ran
        )
    return pending

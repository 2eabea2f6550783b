"""What every `docket` command shares, whichever domain it belongs to: running a service call
with the database opened as the server opens it, and refusing to run on a database that lacks a
migration. The top-level command (docket.cli) and each domain's group (``*/commands.py``) import
from here, so the wiring runs one way: cli -> domain groups -> this module."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import click

from docket.errors import DocketError, InvalidInput

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a service call with the database opened as the server opens it; a refusal becomes
    the command's error message (the fields named), never a traceback."""

    async def with_database() -> T:
        from docket.db import open_database

        async with open_database():
            return await coroutine

    try:
        return asyncio.run(with_database())
    except DocketError as error:
        detail = error.detail
        if isinstance(error, InvalidInput):
            detail = "; ".join(f"{e.field}: {e.message}" for e in error.errors)
        raise click.ClickException(detail) from None


def require_migrated() -> None:
    """Stop with a plain message when the database lacks migrations (before any service runs)."""
    from docket.migrations import pending_migrations

    pending = asyncio.run(pending_migrations())
    if pending:
        raise click.ClickException(
            f"The database is missing {len(pending)} migration(s): run `docket migrate` first."
        )

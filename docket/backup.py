"""`docket backup FILE` and `docket restore FILE`: a consistent copy of the whole database and
its return, checked by row counts.

SQLite: the online backup API copies a consistent snapshot while the server runs; the copy is
integrity-checked. PostgreSQL: pg_dump's custom format, restored with pg_restore. Beside each
backup, FILE.manifest.json records every table's row count and the file's SHA-256, so that a
restore proves it brought back what was saved. Backups hold sensitive personal information
(RA 10173 s3(l)): keep them encrypted and as access-controlled as the database.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from piccolo.conf.apps import Finder

from docket.audit.services import record_restore
from docket.db import engine
from docket.private_files import private_file
from docket.settings import get_settings


class BackupError(Exception):
    """The backup or restore did not complete; the message says what to do."""


def _manifest_path(target: Path) -> Path:
    return target.with_name(target.name + ".manifest.json")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


async def row_counts() -> dict[str, int]:
    """Rows per table, every Docket table and the migration record."""
    names = sorted(t._meta.tablename for t in Finder().get_table_classes())
    counts: dict[str, int] = {}
    for name in names:
        rows = await engine().run_ddl(f"SELECT COUNT(*) AS n FROM {name}")  # noqa: S608
        counts[name] = int(rows[0]["n"])
    return counts


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _run_tool(name: str, *args: str) -> None:
    # The database URL goes to the tools as --dbname, which takes a connection string; every
    # argument is ours, none comes from a request.
    done = subprocess.run(  # noqa: S603
        [_tool(name), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{name} failed: {done.stderr.strip()}")


def _copy_sqlite(database: str, target: Path) -> None:
    source = sqlite3.connect(database)
    copy = sqlite3.connect(str(target))
    try:
        with copy:
            source.backup(copy)
        status = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        source.close()
    if status != "ok":
        raise BackupError(f"The backup copy failed its integrity check: {status}")


def _write_backup(url: str, target: Path, counts: dict[str, int]) -> dict[str, Any]:
    # Made owner-only, and emptied of an older backup, before the copy starts (pg_dump and
    # SQLite keep an existing file's mode).
    private_file(target, emptied=True)
    if url.startswith("sqlite:///"):
        _copy_sqlite(url.removeprefix("sqlite:///"), target)
        engine_name = "sqlite"
    else:
        _run_tool("pg_dump", "--format=custom", "--no-owner", f"--file={target}", f"--dbname={url}")
        engine_name = "postgres"
    manifest = {"engine": engine_name, "sha256": _sha256(target), "row_counts": counts}
    private_file(_manifest_path(target)).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def _put_back(url: str, source: Path) -> dict[str, Any]:
    manifest_file = _manifest_path(source)
    if not source.exists() or not manifest_file.exists():
        raise BackupError(f"Need both {source.name} and {manifest_file.name}")
    manifest: dict[str, Any] = json.loads(manifest_file.read_text())
    if _sha256(source) != manifest["sha256"]:
        raise BackupError("The backup file does not match its manifest (changed or damaged)")
    if url.startswith("sqlite:///"):
        if manifest["engine"] != "sqlite":
            raise BackupError("This is a PostgreSQL backup; restore it into PostgreSQL")
        database = Path(url.removeprefix("sqlite:///"))
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        partial = private_file(database.with_name(database.name + ".restoring"))
        shutil.copyfile(source, partial)
        os.replace(partial, database)  # all or nothing
    else:
        if manifest["engine"] != "postgres":
            raise BackupError("This is a SQLite backup; restore it into SQLite")
        _run_tool(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={url}",
            str(source),
        )
    return manifest


async def backup(target: Path) -> dict[str, Any]:
    """Write a backup to ``target`` and its manifest beside it; return the manifest."""
    counts = await row_counts()
    return await asyncio.to_thread(_write_backup, get_settings().database_url, target, counts)


async def restore(source: Path) -> dict[str, int]:
    """Replace the database's contents with the backup; verify the file and every table's row
    count against the manifest. Stop the server first."""
    manifest = await asyncio.to_thread(_put_back, get_settings().database_url, source)
    counts = await row_counts()
    expected = {k: int(v) for k, v in manifest["row_counts"].items()}
    if counts != expected:
        differ = sorted(k for k in expected if counts.get(k) != expected[k])
        raise BackupError(f"Row counts differ after the restore in: {', '.join(differ)}")
    await record_restore()
    return counts

"""`docket backup FILE [--encrypt]` and `docket restore FILE`: a consistent copy of the whole
database, and its return, checked table by table before anything is replaced.

A backup taken while people work must restore. Its copy and its manifest (FILE.manifest.json:
every table's row count, the migrations it has, the file's SHA-256) come from one snapshot:

- SQLite: the online backup API copies the database in one step, which reads one snapshot
  while writers go on in the WAL; the counts are taken from the copy itself.
- PostgreSQL: an exported snapshot, counted and handed to pg_dump
  (:func:`docket.backup_postgres.dump_postgres`).

A restore never works on the live database until the backup has proved itself: SQLite's copy
is written beside the database, integrity-checked and counted, and only then moved over it (an
atomic rename); PostgreSQL's restore runs in one transaction that also checks the counts and
migrations and commits only if they match (:func:`docket.backup_postgres.restore_postgres`).
A damaged, tampered or unmatched backup, a wrong key or a busy database leaves the target
exactly as it was.

Backups hold sensitive personal information (RA 10173 s3(l)): they are created readable by
their owner only, and ``--encrypt`` encrypts them (docket.backup_encryption).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from piccolo.conf.apps import Finder

from docket.audit.services import record, record_restore
from docket.backup_encryption import (
    BackupKeyError,
    EncryptingWriter,
    backup_keys,
    decrypted_chunks,
    is_encrypted,
    keys_path,
)
from docket.db import SQLITE_BUSY_TIMEOUT_S, utc_now, write_tx
from docket.private_files import private_file
from docket.settings import get_settings

#: Bytes read or written at a time when a backup is copied, encrypted or decrypted.
BLOCK_BYTES = 1 << 20
#: What a table name in a manifest may look like (the manifest is a file anyone could edit;
#: its names end up in SQL).
_TABLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
#: How long a SQLite restore waits for other connections to the database to go away before it
#: decides the server is still running.
RELEASE_WAIT_S = 2
UNCHANGED = "the database was left as it was"
IN_USE = "Docket is still using the database (is `docket serve` running?): stop it and try again"


class BackupError(Exception):
    """The backup or restore did not complete; the message says what to do."""


def manifest_path(target: Path) -> Path:
    return target.with_name(target.name + ".manifest.json")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest()


def table_names() -> list[str]:
    """Every Docket table and Piccolo's migration record."""
    return sorted(t._meta.tablename for t in Finder().get_table_classes())


# --- Backup ---------------------------------------------------------------------------------


def _sqlite_contents(path: Path, tables: list[str]) -> tuple[dict[str, int], list[str]]:
    """Integrity-check a SQLite file that no one else uses, leave it as one file (rollback
    journal, no -wal), and count the rows of ``tables`` and its migrations."""
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_S)) as copy:
            status = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if status != "ok":
                raise BackupError(f"the copy failed SQLite's integrity check ({status})")
            copy.execute("PRAGMA journal_mode = DELETE")
            counts = {
                name: int(copy.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0])  # noqa: S608
                for name in tables
            }
            migrations = [
                f"{app}:{name}"
                for app, name in copy.execute("SELECT app_name, name FROM migration")
            ]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"the copy is not a whole Docket database ({error})") from None
    return counts, sorted(migrations)


def _copy_sqlite(database: Path, sink: BinaryIO) -> tuple[dict[str, int], list[str]]:
    # The copy is made beside the database (as private as the database itself), so that an
    # encrypted backup never lies unencrypted where the backups are kept.
    fd, name = tempfile.mkstemp(dir=database.parent, prefix=f".{database.name}.backup-")
    os.close(fd)
    copy_path = Path(name)
    try:
        with (
            contextlib.closing(sqlite3.connect(database, timeout=SQLITE_BUSY_TIMEOUT_S)) as live,
            contextlib.closing(sqlite3.connect(copy_path)) as copy,
        ):
            # pages=-1 (the default): the whole database in one step, under one read
            # transaction, so the copy is one moment of it however busy the writers are.
            live.backup(copy)
        counts, migrations = _sqlite_contents(copy_path, table_names())
        with copy_path.open("rb") as handle:
            for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
                sink.write(block)
    finally:
        _remove_sqlite_file(copy_path)
    return counts, migrations


def _remove_sqlite_file(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def backup(target: Path, *, encrypt: bool = False) -> dict[str, Any]:
    """Write a backup to ``target`` and its manifest beside it; return the manifest.

    The backup is written beside ``target`` and moved into place once whole, so an older
    backup of the same name survives a backup that fails."""
    url = get_settings().database_url
    try:
        keys = backup_keys(make=True) if encrypt else {}
    except BackupKeyError as error:
        raise BackupError(str(error)) from None
    partial = private_file(target.with_name(target.name + ".partial"), emptied=True)
    try:
        with partial.open("wb") as out:
            sink: Any = out
            if keys:
                key_id = next(reversed(keys))
                sink = EncryptingWriter(out, key_id, keys[key_id])
            if url.startswith("sqlite:///"):
                engine_name = "sqlite"
                database = Path(url.removeprefix("sqlite:///"))
                counts, migrations = await asyncio.to_thread(_copy_sqlite, database, sink)
            else:
                engine_name = "postgres"
                from docket.backup_postgres import dump_postgres

                counts, migrations = await dump_postgres(url, sink)
            if isinstance(sink, EncryptingWriter):
                sink.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    manifest: dict[str, Any] = {
        "engine": engine_name,
        "taken_at": utc_now().isoformat(timespec="seconds"),
        "sha256": await asyncio.to_thread(_sha256, target),
        "encrypted_with": next(reversed(keys)) if keys else None,
        "row_counts": counts,
        "migrations": migrations,
    }
    written = private_file(manifest_path(target).with_name(manifest_path(target).name + ".new"))
    written.write_text(json.dumps(manifest, indent=2, sort_keys=True))
    os.replace(written, manifest_path(target))
    async with write_tx():
        await record(
            None,
            "database.backup",
            entity="database",
            entity_id=None,
            case_id=None,
            after={
                "file": target.name,
                "rows": sum(counts.values()),
                "encrypted_with": manifest["encrypted_with"],
            },
        )
    return manifest


# --- Restore --------------------------------------------------------------------------------


def _read_manifest(source: Path) -> dict[str, Any]:
    manifest_file = manifest_path(source)
    if not source.exists() or not manifest_file.exists():
        raise BackupError(f"Need both {source.name} and {manifest_file.name}")
    try:
        manifest: dict[str, Any] = json.loads(manifest_file.read_text())
        counts = {str(k): int(v) for k, v in manifest["row_counts"].items()}
        str(manifest["sha256"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BackupError(f"{manifest_file.name} is not a Docket backup manifest") from None
    if not counts or not all(_TABLE_NAME.fullmatch(name) for name in counts):
        raise BackupError(f"{manifest_file.name} is not a Docket backup manifest")
    manifest["row_counts"] = counts
    return manifest


def _plain_chunks(source: Path) -> Iterator[bytes]:
    if is_encrypted(source):
        yield from decrypted_chunks(source)
        return
    with source.open("rb") as handle:
        yield from iter(lambda: handle.read(BLOCK_BYTES), b"")


def _differences(manifest: dict[str, Any], counts: dict[str, int], migrations: list[str]) -> str:
    expected: dict[str, int] = manifest["row_counts"]
    differ = sorted(k for k in expected if counts.get(k) != expected[k])
    if differ:
        return f"row counts differ from the manifest in: {', '.join(differ)}"
    if "migrations" in manifest and sorted(manifest["migrations"]) != migrations:
        return "its migrations differ from the manifest's"
    return ""


def _restore_sqlite(database: Path, chunks: Iterator[bytes], manifest: dict[str, Any]) -> None:
    # Beside the database, so the final move is a rename on one file system (atomic).
    copy = private_file(database.with_name(database.name + ".restoring"), emptied=True)
    try:
        with copy.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        try:
            counts, migrations = _sqlite_contents(copy, sorted(manifest["row_counts"]))
        except BackupError as error:
            raise BackupError(f"The backup does not restore: {error}; {UNCHANGED}") from None
        problem = _differences(manifest, counts, migrations)
        if problem:
            raise BackupError(f"The backup does not restore: {problem}; {UNCHANGED}")
        _release_sqlite(database)
        os.replace(copy, database)
        directory = os.open(database.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        with contextlib.closing(sqlite3.connect(database)) as restored:
            restored.execute("PRAGMA journal_mode = WAL")
    finally:
        _remove_sqlite_file(copy)


def _release_sqlite(database: Path) -> None:
    """Fold the live database's WAL into its file and stop using WAL, so nothing of the old
    database is left beside it to be replayed into the restored one. SQLite allows this only
    to the one connection open: if Docket is still serving, the restore stops here."""
    if not database.exists():
        return
    try:
        with contextlib.closing(sqlite3.connect(database, timeout=RELEASE_WAIT_S)) as live:
            mode = live.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError:
        mode = "busy"
    if mode != "delete":
        raise BackupError(f"{IN_USE}; {UNCHANGED}")


def _put_back(url: str, source: Path) -> dict[str, Any]:
    manifest = _read_manifest(source)
    if _sha256(source) != manifest["sha256"]:
        raise BackupError("The backup file does not match its manifest (changed or damaged)")
    engine_name = "sqlite" if url.startswith("sqlite:///") else "postgres"
    if manifest.get("engine") != engine_name:
        other = "PostgreSQL" if engine_name == "sqlite" else "SQLite"
        raise BackupError(f"This is a {other} backup; restore it into {other}")
    try:
        if engine_name == "sqlite":
            database = Path(url.removeprefix("sqlite:///"))
            _restore_sqlite(database, _plain_chunks(source), manifest)
        else:
            from docket.backup_postgres import restore_postgres

            restore_postgres(url, _plain_chunks(source), manifest)
    except BackupKeyError as error:
        raise BackupError(f"{error}; {UNCHANGED}") from None
    return manifest


async def restore(source: Path) -> dict[str, int]:
    """Replace the database's contents with the backup, once the backup has restored whole
    and matched its manifest table by table; otherwise leave the database as it was. Stop the
    server first."""
    manifest = await asyncio.to_thread(_put_back, get_settings().database_url, source)
    await record_restore()
    counts: dict[str, int] = manifest["row_counts"]
    return counts


__all__ = ["BackupError", "backup", "keys_path", "manifest_path", "restore"]

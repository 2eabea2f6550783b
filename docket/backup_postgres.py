"""PostgreSQL's side of `docket backup` and `docket restore` (docket.backup): pg_dump of one
exported snapshot whose rows were counted, and a restore that runs, and is checked, in one
transaction. pg_dump, pg_restore and psql come from the postgresql-client package.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from typing import IO, Any, BinaryIO

from docket.backup import BLOCK_BYTES, IN_USE, UNCHANGED, BackupError, table_names

#: How long a PostgreSQL restore waits for the tables before it decides the server is still
#: running (its requests hold them): the admin is told to stop it instead of waiting forever.
RESTORE_LOCK_TIMEOUT = "10s"


def _migrations_digest(migrations: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(migrations)).encode()).hexdigest()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _tool_errors(log: IO[bytes]) -> str:
    """The error lines a PostgreSQL tool wrote, without the DETAIL and CONTEXT lines after
    them, which can quote a row's values (a name, an address)."""
    log.seek(0)
    lines = log.read().decode(errors="replace").splitlines()
    errors = [line for line in lines if "ERROR:" in line or "error:" in line]
    return "; ".join(line.split("ERROR:", 1)[-1].strip() for line in errors[:3]) or "no message"


async def dump_postgres(url: str, sink: BinaryIO) -> tuple[dict[str, int], list[str]]:
    """pg_dump the database, counting its rows in the very snapshot pg_dump copies.

    A REPEATABLE READ transaction exports its snapshot (pg_export_snapshot), counts every
    table, and stays open while ``pg_dump --snapshot`` runs: PostgreSQL guarantees pg_dump then
    sees exactly what the counts saw (it is how pg_dump's own parallel workers agree). This is
    cheaper and as sure as restoring the dump into a scratch database to count it, which would
    double the time and need the right to create databases. The transaction first takes ACCESS
    SHARE locks on every table (before its snapshot is fixed): writers go on, but no migration
    can change a table between the counts and pg_dump's own locks.
    """
    import asyncpg

    names = table_names()
    connection = await asyncpg.connect(url)
    try:
        async with connection.transaction(isolation="repeatable_read", readonly=True):
            await connection.execute(
                f"LOCK TABLE {', '.join(names)} IN ACCESS SHARE MODE"  # our own names
            )
            snapshot = await connection.fetchval("SELECT pg_export_snapshot()")
            counts = {
                name: int(await connection.fetchval(f"SELECT COUNT(*) FROM {name}"))  # noqa: S608
                for name in names
            }
            migrations = [
                f"{row['app_name']}:{row['name']}"
                for row in await connection.fetch("SELECT app_name, name FROM migration")
            ]
            await asyncio.to_thread(_run_pg_dump, url, snapshot, sink)
    finally:
        await connection.close()
    return counts, sorted(migrations)


def _run_pg_dump(url: str, snapshot: str, sink: BinaryIO) -> None:
    with tempfile.TemporaryFile() as log:
        # Every argument is ours; the URL goes as --dbname, which takes a connection string.
        dump = subprocess.Popen(  # noqa: S603
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                f"--dbname={url}",
            ],
            stdout=subprocess.PIPE,
            stderr=log,
        )
        assert dump.stdout is not None
        with dump.stdout:
            for block in iter(lambda: dump.stdout.read(BLOCK_BYTES), b""):  # type: ignore[union-attr]
                sink.write(block)
        if dump.wait() != 0:
            raise BackupError(f"pg_dump failed: {_tool_errors(log)}")


def _verification_sql(manifest: dict[str, Any]) -> str:
    """A statement that fails, rolling the restore back, unless the restored tables hold the
    manifest's row counts and migrations. Names were checked against _TABLE_NAME."""
    checks = "\n".join(
        f"  IF (SELECT COUNT(*) FROM public.{name}) <> {int(count)} THEN"  # noqa: S608
        f" differ := differ || '{name}'::text; END IF;"
        for name, count in sorted(manifest["row_counts"].items())
    )
    migrations = ""
    if "migrations" in manifest:
        digest = _migrations_digest([str(m) for m in manifest["migrations"]])
        migrations = (
            "  IF (SELECT encode(sha256(convert_to(coalesce(string_agg(app_name || ':' || name,"  # noqa: S608
            " E'\\n' ORDER BY (app_name || ':' || name) COLLATE \"C\"), ''), 'UTF8')), 'hex')"
            f" FROM public.migration) <> '{digest}' THEN\n"
            "    RAISE EXCEPTION 'its migrations differ from the manifest''s';\n"
            "  END IF;\n"
        )
    return (
        "DO $docket$\nDECLARE differ text[] := '{}';\nBEGIN\n"
        f"{checks}\n"
        "  IF cardinality(differ) > 0 THEN RAISE EXCEPTION"
        " 'row counts differ from the manifest in: %', array_to_string(differ, ', ');"
        " END IF;\n"
        f"{migrations}"
        "END $docket$;\n"
    )


def restore_postgres(url: str, chunks: Iterator[bytes], manifest: dict[str, Any]) -> None:
    """pg_restore writes the backup out as SQL, and psql runs it in ONE transaction that we
    open, that begins by dropping Docket's tables, ends by checking every count and the
    migrations, and is committed only if pg_restore read the whole backup (every chunk of an
    encrypted one opened) and the checks pass. Anything else ends psql without a COMMIT and
    PostgreSQL rolls the lot back: the target is exactly as it was, and other sessions never
    saw it half-restored (the tables stay locked until the end).

    Why not restore into a new database and rename it over the old one: that needs the right
    to create and rename databases, every other connection to it ended, and the database's own
    owner, grants and settings copied by hand; one transaction needs none of this.
    """
    names = sorted(set(table_names()) | set(manifest["row_counts"]))
    prelude = (
        "BEGIN;\n"
        # The tables are locked before anything else; if the server still holds them, the
        # restore stops with a message rather than waiting behind its requests.
        f"SET LOCAL lock_timeout = '{RESTORE_LOCK_TIMEOUT}';\n"
        # Tables that a newer Docket added are dropped too: the database becomes the backup.
        f"DROP TABLE IF EXISTS {', '.join(names)} CASCADE;\n"
    )
    env = os.environ | {"PGOPTIONS": "-c client_min_messages=warning"}
    with tempfile.TemporaryFile() as restore_log, tempfile.TemporaryFile() as psql_log:
        # Every argument is ours; the URL goes as --dbname, which takes a connection string.
        to_sql = subprocess.Popen(  # noqa: S603
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--file=-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=restore_log,
            bufsize=0,
        )
        psql = subprocess.Popen(  # noqa: S603
            [_tool("psql"), "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", f"--dbname={url}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_log,
            env=env,
            bufsize=0,
        )
        assert to_sql.stdin is not None
        assert to_sql.stdout is not None
        assert psql.stdin is not None
        fed: list[BaseException] = []
        feeder = threading.Thread(target=_feed, args=(chunks, to_sql.stdin, fed), daemon=True)
        committed = False
        try:
            feeder.start()
            psql.stdin.write(prelude.encode())
            for block in iter(lambda: to_sql.stdout.read(BLOCK_BYTES), b""):  # type: ignore[union-attr]
                psql.stdin.write(block)
            feeder.join()
            if fed:
                raise fed[0]
            if to_sql.wait() != 0:
                raise BackupError(
                    f"The backup does not restore: pg_restore cannot read it "
                    f"({_tool_errors(restore_log)}); {UNCHANGED}"
                )
            psql.stdin.write((_verification_sql(manifest) + "COMMIT;\n").encode())
            psql.stdin.close()
            committed = psql.wait() == 0
        except BrokenPipeError:
            pass  # psql stopped at an error: it is in its log
        finally:
            if not committed:
                # No COMMIT was sent: ending psql ends its session, and PostgreSQL rolls back.
                psql.kill()
                to_sql.kill()
            for pipe in (psql.stdin, to_sql.stdout):
                with contextlib.suppress(BrokenPipeError):
                    pipe.close()
            psql.wait()
            to_sql.wait()
            feeder.join()
        if not committed:
            message = _tool_errors(psql_log)
            if "lock timeout" in message:
                raise BackupError(f"{IN_USE}; {UNCHANGED}")
            raise BackupError(f"The backup does not restore: {message}; {UNCHANGED}")


def _feed(chunks: Iterator[bytes], into: BinaryIO, failed: list[BaseException]) -> None:
    try:
        for chunk in chunks:
            into.write(chunk)
    except BrokenPipeError:
        pass  # pg_restore stopped early; its exit status says why
    except BaseException as error:  # handed to the main thread, which raises it
        failed.append(error)
    finally:
        with contextlib.suppress(BrokenPipeError):
            into.close()

"""Backups that always restore: taken while people work, refused whole when damaged, encrypted
with a key kept apart; a failed restore leaves the database exactly as it was."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import read_rows, run_docket

#: Adds courts through Docket's own service, as an admin would, one transaction each, and
#: prints how many it has added after each commit; it runs until it is stopped.
WRITER = """
import asyncio

from docket.accounts.choices import Role
from docket.accounts.services import Actor
from docket.accounts.tables import User
from docket.courts.schemas import CourtCreate
from docket.courts.services import create_court
from docket.db import open_database


async def write_forever() -> None:
    async with open_database():
        admin = await User.select().where(User.role == Role.ADMIN).first()
        actor = Actor(id=admin["id"], email=admin["email"], name=admin["name"], role=Role.ADMIN)
        written = 0
        while True:
            written += 1
            await create_court(actor, CourtCreate(name=f"Writer court {written}"))
            print(written, flush=True)


asyncio.run(write_forever())
"""


def _manifest(target: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        target.with_name(target.name + ".manifest.json").read_text()
    )
    return loaded


def _counts(database_url: str, tables: list[str]) -> dict[str, int]:
    return {
        table: int(read_rows(database_url, f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])  # noqa: S608
        for table in tables
    }


def _every_row(database_url: str, tables: list[str]) -> dict[str, list[dict[str, Any]]]:
    return {
        table: read_rows(database_url, f"SELECT * FROM {table} ORDER BY id")  # noqa: S608
        for table in tables
    }


def _demo(database_url: str) -> None:
    assert run_docket(database_url, "migrate").returncode == 0
    demo = run_docket(database_url, "demo", "--password", "demo password 2026")
    assert demo.returncode == 0, demo.stderr


def _add_a_late_user(database_url: str) -> None:
    """Work goes on after a backup: the database now differs from it."""
    added = run_docket(
        database_url,
        "users",
        "create",
        "--email",
        "late@docket.test",
        "--name",
        "Late",
        "--role",
        "lawyer",
        "--password-stdin",
        stdin="tarsier mango ferry lighthouse\n",
    )
    assert added.returncode == 0, added.stderr


@pytest.fixture
def writer(fresh_database_url: str) -> Iterator[Callable[[], subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []

    def start() -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ | {"DOCKET_DATABASE_URL": fresh_database_url},
        )
        started.append(process)
        return process

    yield start
    for process in started:
        process.terminate()
        process.communicate()


def _acknowledged(process: subprocess.Popen[str], at_least: int) -> int:
    """Read the writer's report until it has committed ``at_least`` courts."""
    assert process.stdout is not None
    while True:
        line = process.stdout.readline()
        assert line, f"the writer stopped: {process.stderr.read() if process.stderr else ''}"
        if int(line) >= at_least:
            return int(line)


def test_a_backup_taken_while_people_work_restores_with_the_counts_it_reports(
    fresh_database_url: str,
    tmp_path: Path,
    writer: Callable[[], subprocess.Popen[str]],
) -> None:
    _demo(fresh_database_url)
    courts_before = _counts(fresh_database_url, ["court"])["court"]
    target = tmp_path / "backups" / "busy.backup"

    # Courts are being added, one transaction after another, before, while and after the
    # backup runs.
    stream = writer()
    _acknowledged(stream, at_least=3)
    saved = run_docket(fresh_database_url, "backup", str(target))
    assert saved.returncode == 0, saved.stderr
    written_by_then = _counts(fresh_database_url, ["court"])["court"] - courts_before
    _acknowledged(stream, at_least=written_by_then + 3)
    stream.terminate()
    stream.communicate()

    manifest = _manifest(target)
    live = _counts(fresh_database_url, ["court"])["court"]
    assert courts_before + 3 <= manifest["row_counts"]["court"] < live

    restored = run_docket(fresh_database_url, "restore", "--yes", str(target))
    assert restored.returncode == 0, restored.stderr
    assert "every table's count matches" in restored.stdout
    tables = sorted(manifest["row_counts"])
    counts = _counts(fresh_database_url, tables)
    # Every table holds what the manifest says; the trail holds, after the backup's rows,
    # only the restore's own record of itself.
    trail = read_rows(fresh_database_url, "SELECT action FROM audit_event ORDER BY id")
    added = [row["action"] for row in trail[manifest["row_counts"]["audit_event"] :]]
    assert all("restore" in action for action in added), added
    counts["audit_event"] -= len(added)
    assert counts == manifest["row_counts"]
    assert run_docket(fresh_database_url, "audit", "verify").returncode == 0


def _flip_first_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for index in range(8):
        data[index] ^= 0xFF
    path.write_bytes(bytes(data))


def _flip_middle_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _cut_in_half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _damaged(original: Path, damage: Callable[[Path], None], *, rehash: bool) -> Path:
    """A copy of a backup, damaged; with ``rehash`` its manifest is made to match the damage
    (as if both had been changed), so only the restore's own checks can catch it."""
    copy = original.with_name(f"{original.name}.{damage.__name__.strip('_')}.{rehash}")
    copy.write_bytes(original.read_bytes())
    damage(copy)
    manifest = _manifest(original)
    if rehash:
        manifest["sha256"] = hashlib.sha256(copy.read_bytes()).hexdigest()
    copy.with_name(copy.name + ".manifest.json").write_text(json.dumps(manifest))
    return copy


def test_a_damaged_backup_is_refused_and_the_database_keeps_exactly_its_rows(
    fresh_database_url: str, tmp_path: Path
) -> None:
    _demo(fresh_database_url)
    plain = tmp_path / "plain.backup"
    sealed = tmp_path / "sealed.backup"
    keys = {"DOCKET_BACKUP_KEYS": str(tmp_path / "backup_keys")}
    assert run_docket(fresh_database_url, "backup", str(plain)).returncode == 0
    assert (
        run_docket(fresh_database_url, "backup", "--encrypt", str(sealed), env=keys).returncode == 0
    )
    _add_a_late_user(fresh_database_url)
    tables = sorted(_manifest(plain)["row_counts"])
    before = _every_row(fresh_database_url, tables)

    def with_manifest(name: str, change: Callable[[dict[str, Any]], None]) -> Path:
        copy = tmp_path / name
        copy.write_bytes(plain.read_bytes())
        manifest = _manifest(plain)
        change(manifest)
        copy.with_name(copy.name + ".manifest.json").write_text(json.dumps(manifest))
        return copy

    def count_one_court_more(manifest: dict[str, Any]) -> None:
        manifest["row_counts"]["court"] += 1  # as the manifest of a backup taken under writes

    def rename_a_migration(manifest: dict[str, Any]) -> None:
        manifest["migrations"][0] += "x"

    attempts = {
        "not what the manifest describes": (
            _damaged(plain, _flip_middle_byte, rehash=False),
            "does not match its manifest",
        ),
        "header overwritten": (
            _damaged(plain, _flip_first_bytes, rehash=True),
            "does not restore",
        ),
        "cut in half": (_damaged(plain, _cut_in_half, rehash=True), "does not restore"),
        "a table's count differs": (
            with_manifest("counted-wrong.backup", count_one_court_more),
            "row counts differ from the manifest in: court",
        ),
        "its migrations differ": (
            with_manifest("other-migrations.backup", rename_a_migration),
            "its migrations differ from the manifest's",
        ),
        "encrypted, one byte changed": (
            _damaged(sealed, _flip_middle_byte, rehash=True),
            "the file was changed or cut short",
        ),
        "encrypted, cut in half": (
            _damaged(sealed, _cut_in_half, rehash=True),
            "the file was changed or cut short",
        ),
    }
    for what, (backup, message) in attempts.items():
        refused = run_docket(fresh_database_url, "restore", "--yes", str(backup), env=keys)
        assert refused.returncode != 0, what
        assert message in refused.stderr, (what, refused.stderr)
        assert "Traceback" not in refused.stderr, what
        assert _every_row(fresh_database_url, tables) == before, what


def test_an_encrypted_backup_reads_as_noise_and_restores_only_with_its_key(
    fresh_database_url: str, tmp_path: Path
) -> None:
    _demo(fresh_database_url)
    key_file = tmp_path / "keys" / "backup_keys"
    keys = {"DOCKET_BACKUP_KEYS": str(key_file)}
    target = tmp_path / "backups" / "docket.backup"
    saved = run_docket(fresh_database_url, "backup", "--encrypt", str(target), env=keys)
    assert saved.returncode == 0, saved.stderr
    assert str(key_file) in saved.stdout, "the admin is told which key file a restore needs"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    data = target.read_bytes()
    for plain_text in (b"SQLite format 3", b"PGDMP", b"admin@docket.example", b"court_case"):
        assert plain_text not in data, plain_text
    manifest = _manifest(target)
    assert manifest["encrypted_with"] == key_file.read_text().split()[0]

    _add_a_late_user(fresh_database_url)
    tables = sorted(manifest["row_counts"])
    before = _every_row(fresh_database_url, tables)

    missing = {"DOCKET_BACKUP_KEYS": str(tmp_path / "nowhere" / "backup_keys")}
    refused = run_docket(fresh_database_url, "restore", "--yes", str(target), env=missing)
    assert refused.returncode != 0
    assert "needs the backup key file" in refused.stderr
    assert not (tmp_path / "nowhere").exists(), "a restore never makes a key of its own"

    # Another installation's key file, whose key has the same id: not the key it was made with.
    other = tmp_path / "other_keys"
    key_id = key_file.read_text().split()[0]
    other.write_text(f"{key_id} {'A' * 43}=\n")
    wrong = run_docket(
        fresh_database_url, "restore", "--yes", str(target), env={"DOCKET_BACKUP_KEYS": str(other)}
    )
    assert wrong.returncode != 0
    assert "is not the one it was made with" in wrong.stderr
    assert _every_row(fresh_database_url, tables) == before

    restored = run_docket(fresh_database_url, "restore", "--yes", str(target), env=keys)
    assert restored.returncode == 0, restored.stderr
    users = run_docket(fresh_database_url, "users", "list").stdout
    assert "late@docket.test" not in users
    assert "maria.santos@docket.example" in users


@contextlib.contextmanager
def _a_request_in_progress(database_url: str) -> Iterator[None]:
    """Another session reading the courts in an open transaction, as a server does while it
    answers a request."""
    if database_url.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as db:
            db.execute("BEGIN")
            db.execute("SELECT COUNT(*) FROM court").fetchall()
            yield
        return
    session = subprocess.Popen(
        ["psql", "--no-psqlrc", "--quiet", "--tuples-only", f"--dbname={database_url}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert session.stdin is not None
    assert session.stdout is not None
    session.stdin.write("BEGIN;\nSELECT 'reading', COUNT(*) FROM court;\n")
    session.stdin.flush()
    while "reading" not in session.stdout.readline():
        pass
    try:
        yield
    finally:
        session.communicate("ROLLBACK;\n")


def test_a_restore_while_docket_is_using_the_database_is_refused_and_changes_nothing(
    fresh_database_url: str, tmp_path: Path
) -> None:
    _demo(fresh_database_url)
    target = tmp_path / "docket.backup"
    assert run_docket(fresh_database_url, "backup", str(target)).returncode == 0
    tables = sorted(_manifest(target)["row_counts"])
    before = _every_row(fresh_database_url, tables)
    with _a_request_in_progress(fresh_database_url):
        refused = run_docket(fresh_database_url, "restore", "--yes", str(target))
    assert refused.returncode != 0
    assert "Docket is still using the database" in refused.stderr
    assert "left as it was" in refused.stderr
    assert _every_row(fresh_database_url, tables) == before

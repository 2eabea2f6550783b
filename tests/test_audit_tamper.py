"""`docket audit verify` without an anchor catches a trail that was emptied or put back to an
older state (issue 17, finding 7): the trail's first record is always there, its head counts
its rows, and every head is also written to the head log outside the database. An honest
`docket restore` says so in the head log and in the trail, and still verifies."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from docket.audit.headlog import read_lines
from docket.audit.services import record, start_trail, verify_trail
from docket.db import write_tx
from tests.conftest import read_rows, run_docket

pytestmark = pytest.mark.anyio


class Docket:
    """The `docket` command on one database, with its own head log (so that a test which
    damages the log damages no other test's)."""

    def __init__(self, url: str, tmp_path: Path) -> None:
        self.url = url
        self.head_log = tmp_path / "var" / "audit_head.log"

    def __call__(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return run_docket(
            self.url, *args, stdin=stdin, env={"DOCKET_AUDIT_HEAD_LOG": str(self.head_log)}
        )

    def add_user(self, email: str) -> None:
        added = self(
            "users",
            "create",
            "--email",
            email,
            "--name",
            "Late Comer",
            "--role",
            "lawyer",
            "--password-stdin",
            stdin="tarsier mango ferry lighthouse\n",
        )
        assert added.returncode == 0, added.stderr

    def rows(self, sql: str) -> list[dict[str, Any]]:
        return read_rows(self.url, sql)

    def execute(self, sql: str, *params: object) -> None:
        """Change the database behind Docket's back, as someone with the database's password
        (not the audit key) could. `sql` takes ? placeholders."""
        if self.url.startswith("sqlite:///"):
            with contextlib.closing(sqlite3.connect(self.url.removeprefix("sqlite:///"))) as db:
                db.execute(sql, params)
                db.commit()
            return
        numbered = sql
        for index in range(1, len(params) + 1):
            numbered = numbered.replace("?", f"${index}", 1)

        async def run() -> None:
            import asyncpg

            connection = await asyncpg.connect(self.url)
            try:
                await connection.execute(numbered, *params)
            finally:
                await connection.close()

        asyncio.run(run())

    def head(self) -> dict[str, Any]:
        (head,) = self.rows("SELECT row_count, last_id, last_hash, mac FROM audit_head")
        return head

    def cut_back_to(self, head: dict[str, Any]) -> None:
        """Delete the rows after an older head and write that head back: it is genuine (its
        MAC verifies), only older."""
        self.execute("DELETE FROM audit_event WHERE id > ?", head["last_id"])
        self.execute(
            "UPDATE audit_head SET row_count = ?, last_id = ?, last_hash = ?, mac = ?",
            head["row_count"],
            head["last_id"],
            head["last_hash"],
            head["mac"],
        )


@pytest.fixture
def docket(fresh_database_url: str, tmp_path: Path) -> Docket:
    """A new database, migrated by the `docket` command, with its first users."""
    command = Docket(fresh_database_url, tmp_path)
    assert command("migrate").returncode == 0
    command.add_user("first@docket.test")
    command.add_user("second@docket.test")
    return command


def _broken(docket: Docket) -> str:
    verify = docket("audit", "verify")
    assert verify.returncode == 1, verify.stdout
    assert "BROKEN" in verify.stderr
    return verify.stderr


def _user_created_row(docket: Docket, email: str) -> int:
    rows = docket.rows(
        "SELECT id, after FROM audit_event WHERE action = 'user.create' ORDER BY id DESC"
    )
    return next(int(str(r["id"])) for r in rows if email in str(r["after"]))


def test_an_untouched_trail_verifies_against_its_head_log(docket: Docket) -> None:
    docket.add_user("late@docket.test")
    verify = docket("audit", "verify")
    assert verify.returncode == 0, verify.stderr
    assert "verifies" in verify.stdout
    assert str(docket.head_log) in verify.stdout
    first = docket.rows("SELECT action FROM audit_event ORDER BY id LIMIT 1")
    assert first == [{"action": "audit.trail_started"}], "migrate wrote the trail's first record"
    # The log sits outside the database, readable by Docket's own account only.
    assert stat.S_IMODE(docket.head_log.stat().st_mode) == 0o600
    # It holds heads, never what the rows say (no names, no before/after).
    assert "late@docket.test" not in docket.head_log.read_text()


def test_an_emptied_trail_fails_verify(docket: Docket) -> None:
    docket.execute("DELETE FROM audit_event")
    docket.execute("DELETE FROM audit_head")
    assert "the trail is empty" in _broken(docket)
    # Docket goes on writing: a trail that starts again from nothing still fails.
    docket.add_user("after.the.wipe@docket.test")
    assert "first record" in _broken(docket)


def test_last_rows_cut_and_an_older_head_written_back_fail_verify(docket: Docket) -> None:
    older_head = docket.head()
    docket.add_user("late@docket.test")
    docket.add_user("later@docket.test")
    first_cut = _user_created_row(docket, "late@docket.test")
    docket.cut_back_to(older_head)
    problem = _broken(docket)
    assert f"at row {first_cut}" in problem, "the first head that is gone is named"
    assert "rewound" in problem


def _copy_database(docket: Docket, copy: Path) -> None:
    if docket.url.startswith("sqlite:///"):
        source = sqlite3.connect(docket.url.removeprefix("sqlite:///"))
        target = sqlite3.connect(copy)
        with contextlib.closing(source), contextlib.closing(target):
            source.backup(target)
        return
    done = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={copy}", f"--dbname={docket.url}"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _put_back_silently(docket: Docket, copy: Path) -> None:
    """The database replaced by an older copy with the database's own tools, not `docket
    restore`."""
    if docket.url.startswith("sqlite:///"):
        database = Path(docket.url.removeprefix("sqlite:///"))
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(copy, database)
        return
    done = subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={docket.url}",
            str(copy),
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_database_put_back_from_an_older_copy_fails_verify(
    docket: Docket, tmp_path: Path
) -> None:
    copy = tmp_path / "older-copy.db"
    _copy_database(docket, copy)
    docket.add_user("late@docket.test")
    first_lost = _user_created_row(docket, "late@docket.test")
    _put_back_silently(docket, copy)
    problem = _broken(docket)
    assert f"at row {first_lost}" in problem
    assert "rewound" in problem
    # Writing on top of the older copy (SQLite gives the next row the lost row's id) does not
    # hide it: the head the log recorded at that id had another hash.
    docket.add_user("on.top@docket.test")
    assert f"at row {first_lost}" in _broken(docket)


def test_an_honest_restore_then_verify_passes(docket: Docket, tmp_path: Path) -> None:
    backup = tmp_path / "backups" / "docket.backup"
    saved = docket("backup", str(backup))
    assert saved.returncode == 0, saved.stderr
    docket.add_user("late@docket.test")
    restored = docket("restore", "--yes", str(backup))
    assert restored.returncode == 0, restored.stderr
    verify = docket("audit", "verify")
    assert verify.returncode == 0, verify.stderr
    # The trail says it was put back, and from which head.
    (event,) = docket.rows(
        "SELECT actor, before, after FROM audit_event WHERE action = 'audit.restored'"
    )
    assert event["actor"] is None, "the command acts as the system"
    assert '"rows"' in str(event["before"]), "the head it was at"
    assert '"rows"' in str(event["after"]), "the head it was put back to"
    # Life goes on after the restore, and the trail still verifies.
    docket.add_user("after.restore@docket.test")
    assert docket("audit", "verify").returncode == 0
    # A silent rewind after the restore is still caught.
    head = docket.head()
    docket.add_user("later@docket.test")
    docket.cut_back_to(head)
    assert "rewound" in _broken(docket)


def test_an_edited_head_log_line_fails_verify(docket: Docket) -> None:
    lines = docket.head_log.read_text().splitlines(keepends=True)
    assert len(lines) >= 2
    # Someone who can write the log moves a head back to hide a rewind.
    lines[-1] = lines[-1].replace('"count":', '"count":1', 1)
    docket.head_log.write_text("".join(lines))
    assert f"line {len(lines)} of the head log was changed" in _broken(docket)


def test_a_made_up_head_log_line_fails_verify(docket: Docket) -> None:
    with docket.head_log.open("a") as log:
        log.write("not a head at all\n")
    assert "of the head log was changed" in _broken(docket)


async def test_a_change_that_was_rolled_back_leaves_no_head_in_the_log(db: None) -> None:
    """A write refused after its audit row was added (the transaction rolls back) must not
    leave a head in the log that the trail never had: verify would call that a rewind."""
    await start_trail()
    before = len(read_lines())

    async def refused_change() -> None:
        async with write_tx():
            await record(None, "case.update", entity="case", entity_id=1, case_id=1)
            raise RuntimeError("refused after the audit row was written")

    with pytest.raises(RuntimeError):
        await refused_change()
    assert len(read_lines()) == before
    async with write_tx():
        await record(None, "case.update", entity="case", entity_id=1, case_id=1)
        await record(None, "case.update", entity="case", entity_id=1, case_id=1)
    assert len(read_lines()) == before + 1, "one line per commit, not per row"
    verdict = await verify_trail()
    assert verdict.ok, verdict.problem
    assert verdict.heads_checked >= 2

"""The head log: every head the audit trail has had, appended to a file outside the database.

The chain and its MAC'd head catch a row edited, deleted or cut off the end, but not a
database put back whole to an older state (a backup copied over it, or the last rows deleted
and an older genuine head written back): an older trail is a genuine trail. This file
remembers the heads the database has had, so `docket audit verify` can tell. It lives beside
the audit key by default (DOCKET_AUDIT_HEAD_LOG), where the database's administrators cannot
write; each line carries an HMAC under the audit key, so a line cannot be edited or made up.
Lines of several databases (tests, a staging copy) can share the file: each names its trail.

A legitimate `docket restore` also goes back in time: it writes a "restored" line (which head
the trail was put back to, when and by whom) before recording the restore in the trail, so
heads logged before it that the backup did not reach are no longer expected.
"""

from __future__ import annotations

import functools
import getpass
import hashlib
import hmac
import logging
import os
from pathlib import Path
from typing import Any, Literal

import msgspec

from docket.audit.chain import Verdict, audit_key
from docket.private_files import private_file
from docket.settings import get_settings

log = logging.getLogger(__name__)


class HeadLine(msgspec.Struct, kw_only=True):
    """One line of the head log: the trail's head after a commit, or a restore marker."""

    #: "head" after a commit of audit rows; "restored" when `docket restore` put it back.
    kind: Literal["head", "restored"]
    #: The trail: the hash of its first record (audit.trail_started).
    trail: str
    #: The head: how many rows, and the last row's id and hash.
    count: int
    last_id: int
    last_hash: str
    #: For a restore: when (UTC, ISO 8601) and by which operating-system account.
    at: str = ""
    by: str = ""
    #: HMAC of the fields above under the audit key.
    mac: str = ""


def line_mac(line: HeadLine) -> str:
    body = msgspec.json.encode(msgspec.structs.replace(line, mac=""))
    return hmac.new(audit_key(), body, hashlib.sha256).hexdigest()


def head_log_path() -> Path:
    return get_settings().audit_head_log


@functools.cache
def _made_private(path: Path) -> Path:
    # Once per process: the file is created owner-only (or an older one tightened); after
    # that O_CREAT's mode covers a file someone deleted.
    return private_file(path)


def append(line: HeadLine) -> None:
    """Append one MAC'd line, in one write(2) on a file opened O_APPEND: lines of several
    processes never interleave (each is far below PIPE_BUF).

    No fsync. The line is written after its transaction committed, and the commit itself is
    durable (synchronous=FULL; PostgreSQL's synchronous_commit), so a power cut can lose only
    the log's last lines, never leave a line for a head the database lacks: the log falls
    behind, which verify accepts (a crash between a commit and its line does the same), and
    a rewind in the lost seconds goes unseen. An fsync per audited write would put a second
    disk flush on every change to close that window: 2 ms here against 24 us for the MAC and
    the append (issue 17, on a loaded 2-core box).
    """
    signed = msgspec.structs.replace(line, mac=line_mac(line))
    data = msgspec.json.encode(signed) + b"\n"
    path = _made_private(head_log_path())
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def append_after_commit(line: HeadLine) -> None:
    """The callback a commit of audit rows runs: append the new head. The change is already
    committed, so a failure here must not turn it into an error page; it is logged (the path
    and the reason only) and verify will find the log behind."""
    try:
        append(line)
    except OSError as error:
        log.error("The audit head log %s could not be written: %s", head_log_path(), error.strerror)


def restore_marker(trail: str, count: int, last_id: int, last_hash: str, at: str) -> HeadLine:
    """The line that says the trail was put back to this head by `docket restore`."""
    try:
        by = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        by = f"uid {os.getuid()}"
    return HeadLine(
        kind="restored",
        trail=trail,
        count=count,
        last_id=last_id,
        last_hash=last_hash,
        at=at,
        by=by,
    )


#: A line of the log as read back: its number (from 1) and its contents, or None for a line
#: that is not a head line at all.
ReadLine = tuple[int, HeadLine | None]


def read_lines() -> list[ReadLine]:
    """Every complete line of the head log (none if it does not exist yet). A last line without
    its newline was cut short by a crash while being written and is left out."""
    try:
        data = head_log_path().read_bytes()
    except FileNotFoundError:
        return []
    lines = data.split(b"\n")[:-1]  # the piece after the last newline is torn or empty
    decoder = msgspec.json.Decoder(HeadLine)
    read: list[ReadLine] = []
    for number, raw in enumerate(lines, 1):
        try:
            read.append((number, decoder.decode(raw)))
        except msgspec.DecodeError:
            read.append((number, None))
    return read


def missing_heads(rows: list[dict[str, Any]], trail: str, lines: list[ReadLine]) -> Verdict:
    """Check that every head the log recorded for this trail is still in it, row for row (its
    count, id and hash), except heads that a later restore marker says were given up; report a
    changed line, or the earliest head the trail no longer holds (where it was rewound to)."""
    position = {row["id"]: (index, row["hash"]) for index, row in enumerate(rows, 1)}
    expected: list[HeadLine] = []
    for number, line in lines:
        if line is None or not hmac.compare_digest(line_mac(line), line.mac):
            return Verdict(
                ok=False,
                rows=len(rows),
                problem=f"line {number} of the head log was changed after it was written",
            )
        if line.trail != trail:
            continue  # another database's trail
        if line.kind == "restored":
            # `docket restore` put the trail back to this head: later heads logged before it
            # are gone on purpose (the restore itself is the next record of the trail).
            expected = [e for e in expected if e.count <= line.count]
        expected.append(line)
    gone = [e for e in expected if position.get(e.last_id) != (e.count, e.last_hash)]
    if gone:
        first = min(gone, key=lambda e: e.count)
        return Verdict(
            ok=False,
            rows=len(rows),
            first_broken_id=first.last_id,
            problem=f"the trail was rewound: the head log recorded {first.count} rows ending at "
            f"this row, which the trail no longer holds as written (put back from an older copy "
            f"without `docket restore`, or its last rows deleted)",
        )
    return Verdict(ok=True, rows=len(rows), heads_checked=len(expected))

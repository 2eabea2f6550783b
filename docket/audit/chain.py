"""The audit trail's hash chain: each row's HMAC covers the row and the previous row's hash.

The key is never in the database (DOCKET_AUDIT_KEY, or var/audit_key made once with mode 0600),
so someone who can edit the database cannot recompute the chain after changing a row. Appends
are serialised: SQLite's IMMEDIATE write transaction already does it; on PostgreSQL an advisory
lock held to the end of the transaction does (security-and-performance.md A2.7).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from functools import cache
from typing import Any

import msgspec

from docket.settings import DATA_DIR

#: Any constant: the advisory-lock key that serialises audit appends on PostgreSQL.
AUDIT_LOCK_KEY = 7_263_361

#: The action of a trail's first record, written by `docket migrate` (docket.audit.services.
#: start_trail): a database that was migrated always holds it, so an emptied trail cannot pass
#: for a new one. Its hash names the trail in the head and in the head log.
TRAIL_STARTED = "audit.trail_started"


@cache
def audit_key() -> bytes:
    configured = os.environ.get("DOCKET_AUDIT_KEY")
    if configured:
        return configured.encode()
    path = DATA_DIR / "audit_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_bytes().strip()


def _micros(value: dt.datetime) -> int:
    # An integer survives both engines' timestamp round trips exactly.
    return int(value.timestamp() * 1_000_000) if value.tzinfo else 0


def row_hash(row: dict[str, Any], prev_hash: str) -> str:
    """The HMAC of one audit row, chained to the previous row's hash."""
    canonical = msgspec.json.encode(
        [
            prev_hash,
            _micros(row["at"]),
            row["actor"],
            row["remote_addr"],
            row["action"],
            row["entity"],
            row["entity_id"],
            row["case_id"],
            row["outcome"],
            row["before"],
            row["after"],
        ]
    )
    return hmac.new(audit_key(), canonical, hashlib.sha256).hexdigest()


def head_mac(count: int, last_id: int, last_hash: str, trail: str) -> str:
    return hmac.new(
        audit_key(), f"{count}:{last_id}:{last_hash}:{trail}".encode(), hashlib.sha256
    ).hexdigest()


class Verdict(msgspec.Struct, kw_only=True):
    """What `docket audit verify` found."""

    ok: bool
    rows: int
    #: The first row that does not verify (its id), or None.
    first_broken_id: int | None = None
    problem: str = ""
    #: How many heads recorded in the head log were found still in the trail.
    heads_checked: int = 0


def verify_rows(
    rows: list[dict[str, Any]], head: dict[str, Any] | None, anchor: tuple[int, str] | None = None
) -> Verdict:
    """Walk the chain in id order; report the first broken link, a bad head, a trail without
    its first record, or a trail that no longer reaches an anchored (id, hash) copied off the
    system earlier."""
    prev = ""
    for row in rows:
        if row["prev_hash"] != prev:
            return Verdict(
                ok=False,
                rows=len(rows),
                first_broken_id=row["id"],
                problem="a row before this one was deleted or changed",
            )
        if not hmac.compare_digest(row_hash(row, prev), row["hash"]):
            return Verdict(
                ok=False,
                rows=len(rows),
                first_broken_id=row["id"],
                problem="this row was changed after it was written",
            )
        prev = row["hash"]
    if head is None:
        return Verdict(
            ok=False,
            rows=len(rows),
            problem="the chain's head record is missing"
            if rows
            # Not a new database: migrating one writes its first record (TRAIL_STARTED).
            else "the trail is empty: its rows and its head were deleted",
        )
    if not hmac.compare_digest(
        head_mac(head["row_count"], head["last_id"], head["last_hash"], head["trail"]),
        head["mac"],
    ):
        return Verdict(ok=False, rows=len(rows), problem="the head record was changed")
    last_id = rows[-1]["id"] if rows else 0
    if head["row_count"] != len(rows) or head["last_id"] != last_id or head["last_hash"] != prev:
        return Verdict(
            ok=False,
            rows=len(rows),
            first_broken_id=head["last_id"],
            problem=f"rows are missing from the end: the head says {head['row_count']} rows "
            f"ending at id {head['last_id']}, the trail has {len(rows)}",
        )
    started = next((r for r in rows if r["action"] == TRAIL_STARTED), None)
    if started is None or head["trail"] != started["hash"]:
        return Verdict(
            ok=False,
            rows=len(rows),
            problem="the trail's first record (written when the database was made) is missing: "
            "the trail was emptied or replaced",
        )
    if anchor is not None:
        anchor_id, anchor_hash = anchor
        match = next((r for r in rows if r["id"] == anchor_id), None)
        if match is None or match["hash"] != anchor_hash:
            return Verdict(
                ok=False,
                rows=len(rows),
                first_broken_id=anchor_id,
                problem="the trail no longer contains the anchored row",
            )
    return Verdict(ok=True, rows=len(rows))

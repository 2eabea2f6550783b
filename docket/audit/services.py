"""Recording changes: the one audit call every service makes inside its write transaction."""

from __future__ import annotations

import contextvars
import datetime as dt
import secrets
from enum import Enum
from typing import Any

import msgspec
from piccolo.columns import Column

from docket.audit import headlog
from docket.audit.chain import (
    AUDIT_LOCK_KEY,
    TRAIL_STARTED,
    Verdict,
    head_mac,
    row_hash,
    verify_rows,
)
from docket.audit.tables import SHARED_CHANGES, AuditEvent, AuditHead, ChangeMark
from docket.db import after_commit, engine, in_transaction, utc_now, write_tx

#: The client's address for the request being served (set by the app's middleware).
remote_addr: contextvars.ContextVar[str] = contextvars.ContextVar("remote_addr", default="")

#: Fields that identify a survivor or let someone log in: never copied into the trail.
REDACTED_FIELDS = frozenset(
    {
        "legal_name",
        "notice_name",
        "birth_date",
        "guardian",
        "shelter",
        "contact",
        "address",
        "school",
        "password_hash",
        "token_hash",
        "session_hash",
        "csrf_token",
        "video_link",
        "location",
        # A notice's logistics: names of the people with the child, and where the child is
        # met, driven and taken home can point to the shelter (RA 9208 s7).
        "support_persons",
        "meeting_place",
        "vehicle_and_escort",
        "route_and_entrance",
        "return_plan",
        "safety_notes",
        "after_notes",
    }
)


#: Records about no one case that no case's calendar or list shows: logins, sessions, tokens,
#: people's own settings, feed links, meeting places (notices only), and the trail's own
#: records (its first one is written by a migration older than the marks). Any other such record
#: (a court, a closure, a holiday, a team, a restore) moves the shared change mark, which every
#: feed watches (docket.calendar.services): an entity not named here errs on the side of a
#: feed worked out again, never of a feed that misses a change.
NOT_SHOWN_WITH_CASES = frozenset(
    {
        "user",
        "login",
        "web_session",
        "api_token",
        "feed_subscription",
        "meeting_place",
        "audit_trail",
    }
)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def redacted(values: dict[str, Any]) -> dict[str, Any]:
    """A copy of a record fit for the trail: identity and secrets replaced by "[redacted]"."""
    return {
        key: "[redacted]" if key in REDACTED_FIELDS else _plain(value)
        for key, value in values.items()
    }


async def record(
    actor_id: int | None,
    action: str,
    *,
    entity: str,
    entity_id: int | None,
    case_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    outcome: str = "ok",
) -> None:
    """Append one row to the trail. Call it inside the write transaction of the change, so the
    change and its record commit or vanish together; once it commits, the trail's new head is
    appended to the head log."""
    if engine().engine_type == "postgres":
        await engine().run_ddl(f"SELECT pg_advisory_xact_lock({AUDIT_LOCK_KEY})")
    head = await AuditHead.select().order_by(AuditHead.id).first()
    prev_hash = head["last_hash"] if head else ""
    row: dict[str, Any] = {
        "at": utc_now(),
        "actor": actor_id,
        "remote_addr": remote_addr.get(),
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "case_id": case_id,
        "outcome": outcome,
        "before": msgspec.json.encode(redacted(before or {})).decode(),
        "after": msgspec.json.encode(redacted(after or {})).decode(),
    }
    digest = row_hash(row, prev_hash)
    inserted = await AuditEvent.insert(
        AuditEvent(**row, prev_hash=prev_hash, hash=digest)
    ).returning(AuditEvent.id)
    count = (head["row_count"] if head else 0) + 1
    last_id = inserted[0]["id"]
    mark = SHARED_CHANGES if case_id is None else case_id
    if case_id is not None or entity not in NOT_SHOWN_WITH_CASES:
        # The audit lock (PostgreSQL) or the one writer (SQLite) is held: marks only grow.
        await ChangeMark.insert(ChangeMark(case_id=mark, last_id=last_id)).on_conflict(
            target=ChangeMark.case_id, action="DO UPDATE", values=[ChangeMark.last_id]
        )
    # The first record names the trail; a trail whose head was lost keeps no name ("") and
    # fails verify (start_trail is not called again on it).
    trail = digest if action == TRAIL_STARTED else (head["trail"] if head else "")
    values: dict[Column | str, Any] = {
        AuditHead.row_count: count,
        AuditHead.last_id: last_id,
        AuditHead.last_hash: digest,
        AuditHead.trail: trail,
        AuditHead.mac: head_mac(count, last_id, digest, trail),
    }
    if head is None:
        await AuditHead.insert(
            AuditHead(**{c._meta.name: v for c, v in values.items() if isinstance(c, Column)})
        )
    else:
        await AuditHead.update(values).where(AuditHead.id == head["id"])
    if trail:
        # One line per commit, the last head of the transaction (the same key each time).
        line = headlog.HeadLine(
            kind="head", trail=trail, count=count, last_id=last_id, last_hash=digest
        )
        # Outside any transaction each statement above has committed on its own; inside one
        # that write_tx() did not begin (a migration's), nobody here knows when it commits,
        # and the log catches up at the next write.
        kept = after_commit("audit head", lambda: headlog.append_after_commit(line))
        if not kept and not in_transaction():
            headlog.append_after_commit(line)


async def start_trail() -> None:
    """Write the trail's first record, once per database (`docket migrate` calls it): from then
    on the trail is never empty, and its hash names the trail in the head and the head log."""
    async with write_tx():
        if engine().engine_type == "postgres":
            await engine().run_ddl(f"SELECT pg_advisory_xact_lock({AUDIT_LOCK_KEY})")
        head = await AuditHead.select().order_by(AuditHead.id).first()
        if head is not None and head["trail"]:
            return
        await record(
            None,
            TRAIL_STARTED,
            entity="audit_trail",
            entity_id=None,
            case_id=None,
            # A database migrated before the trail had a first record keeps its older rows
            # before this one; the nonce makes every trail's name its own.
            after={"rows_before": head["row_count"] if head else 0, "nonce": secrets.token_hex(16)},
        )


async def record_restore() -> None:
    """After `docket restore` put the database back: mark in the head log that the trail was
    restored to its present head (when, by whom), then record the restore in the trail, so
    that verify expects none of the heads the backup did not reach. backup.restore calls it
    once every table's count matched; a database put back any other way fails verify."""
    head = await AuditHead.select().order_by(AuditHead.id).first()
    if head is None or not head["trail"]:
        return  # nothing to vouch for: verify reports such a trail whatever is written here
    lines = [line for _, line in headlog.read_lines() if line and line.trail == head["trail"]]
    latest = max(lines, key=lambda line: line.count, default=None)
    before = {"rows": latest.count, "last_id": latest.last_id} if latest else {}
    marker = headlog.restore_marker(
        head["trail"], head["row_count"], head["last_id"], head["last_hash"], utc_now().isoformat()
    )
    headlog.append(marker)
    async with write_tx():
        await record(
            None,
            "audit.restored",
            entity="audit_trail",
            entity_id=None,
            case_id=None,
            before=before,
            after={"rows": head["row_count"], "last_id": head["last_id"], "by": marker.by},
        )


async def verify_trail(anchor: tuple[int, str] | None = None) -> Verdict:
    """Walk the whole chain (in id order) and check it against its head, the head log kept
    outside the database, and an optional anchor copied off the system earlier."""
    rows = await AuditEvent.select().order_by(AuditEvent.id)
    head = await AuditHead.select().order_by(AuditHead.id).first()
    verdict = verify_rows(rows, head, anchor)
    if not verdict.ok or head is None:
        return verdict
    return headlog.missing_heads(rows, head["trail"], headlog.read_lines())


async def trail_head() -> tuple[int, str]:
    """(last id, last hash): copy it off the system to detect a later truncation."""
    head = await AuditHead.select().order_by(AuditHead.id).first()
    return (head["last_id"], head["last_hash"]) if head else (0, "")


async def read_trail(
    *,
    case_id: int | None,
    actor_id: int | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    limit: int,
    offset: int,
    action: str | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Audit rows, newest first, by case, user, action ("user.create") and time range."""
    query = AuditEvent.select().order_by(AuditEvent.id, ascending=False)
    count = AuditEvent.count()
    clauses = []
    if case_id is not None:
        clauses.append(AuditEvent.case_id == case_id)
    if actor_id is not None:
        clauses.append(AuditEvent.actor == actor_id)
    if action is not None:
        clauses.append(AuditEvent.action == action)
    if since is not None:
        clauses.append(AuditEvent.at >= since)
    if until is not None:
        clauses.append(AuditEvent.at < until)
    for clause in clauses:
        query = query.where(clause)
        count = count.where(clause)
    return await query.limit(limit).offset(offset), await count

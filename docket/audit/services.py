"""Recording changes: the one audit call every service makes inside its write transaction."""

from __future__ import annotations

import contextvars
import datetime as dt
from enum import Enum
from typing import Any

import msgspec
from piccolo.columns import Column

from docket.audit.chain import AUDIT_LOCK_KEY, Verdict, head_mac, row_hash, verify_rows
from docket.audit.tables import AuditEvent, AuditHead
from docket.db import engine, utc_now

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
    change and its record commit or vanish together."""
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
    values: dict[Column | str, Any] = {
        AuditHead.row_count: count,
        AuditHead.last_id: inserted[0]["id"],
        AuditHead.last_hash: digest,
        AuditHead.mac: head_mac(count, inserted[0]["id"], digest),
    }
    if head is None:
        await AuditHead.insert(
            AuditHead(**{c._meta.name: v for c, v in values.items() if isinstance(c, Column)})
        )
    else:
        await AuditHead.update(values).where(AuditHead.id == head["id"])


async def verify_trail(anchor: tuple[int, str] | None = None) -> Verdict:
    """Walk the whole chain (in id order) and check it against its head and an optional
    anchor copied off the system earlier."""
    rows = await AuditEvent.select().order_by(AuditEvent.id)
    head = await AuditHead.select().order_by(AuditHead.id).first()
    return verify_rows(rows, head, anchor)


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
) -> tuple[list[dict[str, Any]], int]:
    """Audit rows, newest first, by case, user and time range."""
    query = AuditEvent.select().order_by(AuditEvent.id, ascending=False)
    count = AuditEvent.count()
    clauses = []
    if case_id is not None:
        clauses.append(AuditEvent.case_id == case_id)
    if actor_id is not None:
        clauses.append(AuditEvent.actor == actor_id)
    if since is not None:
        clauses.append(AuditEvent.at >= since)
    if until is not None:
        clauses.append(AuditEvent.at < until)
    for clause in clauses:
        query = query.where(clause)
        count = count.where(clause)
    return await query.limit(limit).offset(offset), await count

"""Recording changes: the one audit call every service makes inside its write transaction."""

from __future__ import annotations

import contextvars
import datetime as dt
from enum import Enum
from typing import Any

import msgspec

from docket.audit.tables import AuditEvent
from docket.db import utc_now

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
    await AuditEvent.insert(
        AuditEvent(
            at=utc_now(),
            actor=actor_id,
            remote_addr=remote_addr.get(),
            action=action,
            entity=entity,
            entity_id=entity_id,
            case_id=case_id,
            outcome=outcome,
            before=msgspec.json.encode(redacted(before or {})).decode(),
            after=msgspec.json.encode(redacted(after or {})).decode(),
        )
    )

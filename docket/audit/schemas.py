"""Response bodies of the audit trail."""

from __future__ import annotations

from typing import Any

from docket.fields import Instant, Output


class AuditEventRead(Output):
    id: int
    at: Instant
    actor_id: int | None
    remote_addr: str
    action: str
    entity: str
    entity_id: int | None
    case_id: int | None
    outcome: str
    #: The changed fields before and after, identity fields shown as "[redacted]".
    before: dict[str, Any]
    after: dict[str, Any]


class AuditPage(Output):
    items: list[AuditEventRead]
    total: int
    limit: int
    offset: int

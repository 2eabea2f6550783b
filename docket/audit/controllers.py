"""The audit trail for admins: by case, user and date."""

from __future__ import annotations

import msgspec
from litestar import Controller, get

from docket.accounts.services import Actor
from docket.api import Limit, Offset, errors
from docket.audit import services
from docket.audit.schemas import AuditEventRead, AuditPage
from docket.params import InstantQuery, NamedDependency, QueryId, instant_of


class AuditController(Controller):
    path = "/api/audit"
    tags = ["audit"]

    @get("/", responses=errors(403), summary="Read the audit trail (admins)")
    async def read_trail(
        self,
        actor: NamedDependency[Actor],
        case_id: QueryId = None,
        user_id: QueryId = None,
        since: InstantQuery = None,
        until: InstantQuery = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> AuditPage:
        """Who did what and when, newest first; identity fields are never in it."""
        rows, total = await services.read_trail(
            case_id=case_id,
            actor_id=user_id,
            since=instant_of(since, "since"),
            until=instant_of(until, "until"),
            limit=limit,
            offset=offset,
        )
        items = [
            AuditEventRead(
                id=r["id"],
                at=r["at"],
                actor_id=r["actor"],
                remote_addr=r["remote_addr"],
                action=r["action"],
                entity=r["entity"],
                entity_id=r["entity_id"],
                case_id=r["case_id"],
                outcome=r["outcome"],
                before=msgspec.json.decode(r["before"]),
                after=msgspec.json.decode(r["after"]),
            )
            for r in rows
        ]
        return AuditPage(items=items, total=total, limit=limit, offset=offset)

"""JSON routes for protection needs per witness and hearing."""

from __future__ import annotations

from litestar import Controller, get, patch, post

from docket.accounts.services import Actor
from docket.api import IfMatch, Limit, Offset, errors
from docket.editing import expected_version
from docket.params import JSONBody, NamedDependency, PathId, Query
from docket.protection import services
from docket.protection.choices import MeasureStatus
from docket.protection.schemas import (
    ProtectionNeedCreate,
    ProtectionNeedPage,
    ProtectionNeedRead,
    ProtectionNeedUpdate,
)


class ProtectionNeedController(Controller):
    path = "/api"
    tags = ["protection needs"]

    @get(
        "/hearings/{hearing_id:int}/protection-needs",
        responses=errors(404),
        summary="List the protection needs at a hearing",
    )
    async def list_needs(
        self,
        actor: NamedDependency[Actor],
        hearing_id: PathId,
        status: Query[MeasureStatus | None] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> ProtectionNeedPage:
        items, total = await services.list_needs(
            actor, hearing_id, status=status, limit=limit, offset=offset
        )
        return ProtectionNeedPage(items=items, total=total, limit=limit, offset=offset)

    @post(
        "/hearings/{hearing_id:int}/protection-needs",
        responses=errors(404, 409),
        summary="Add a protection need for a witness at a hearing",
    )
    async def add_need(
        self,
        actor: NamedDependency[Actor],
        hearing_id: PathId,
        data: JSONBody[ProtectionNeedCreate],
    ) -> ProtectionNeedRead:
        return await services.add_need(actor, hearing_id, data)

    @get("/protection-needs/{need_id:int}", responses=errors(404), summary="Read a protection need")
    async def get_need(self, actor: NamedDependency[Actor], need_id: PathId) -> ProtectionNeedRead:
        return await services.get_need(actor, need_id)

    @patch(
        "/protection-needs/{need_id:int}",
        responses=errors(404, 412),
        summary="Change a protection need's status",
    )
    async def update_need(
        self,
        actor: NamedDependency[Actor],
        need_id: PathId,
        data: JSONBody[ProtectionNeedUpdate],
        if_match: IfMatch = None,
    ) -> ProtectionNeedRead:
        version = expected_version(data.version, if_match)
        return await services.update_need(actor, need_id, data, version)

"""JSON routes for courts. Anyone logged in reads them; admins add and change them."""

from __future__ import annotations

from litestar import Controller, get, patch, post

from docket.accounts.services import Actor
from docket.api import IfMatch, errors
from docket.courts import services
from docket.courts.schemas import CourtCreate, CourtRead, CourtUpdate
from docket.editing import expected_version
from docket.params import JSONBody, NamedDependency, PathId


class CourtController(Controller):
    path = "/api/courts"
    tags = ["courts"]

    @get("/", responses=errors(), summary="List courts")
    async def list_courts(self, actor: NamedDependency[Actor]) -> list[CourtRead]:
        return await services.list_courts(actor)

    @post("/", responses=errors(403, 409), summary="Add a court")
    async def create_court(
        self, actor: NamedDependency[Actor], data: JSONBody[CourtCreate]
    ) -> CourtRead:
        return await services.create_court(actor, data)

    @get("/{court_id:int}", responses=errors(404), summary="Read a court")
    async def get_court(self, actor: NamedDependency[Actor], court_id: PathId) -> CourtRead:
        return await services.get_court(actor, court_id)

    @patch(
        "/{court_id:int}",
        responses=errors(403, 404, 409, 412),
        summary="Change a court",
    )
    async def update_court(
        self,
        actor: NamedDependency[Actor],
        court_id: PathId,
        data: JSONBody[CourtUpdate],
        if_match: IfMatch = None,
    ) -> CourtRead:
        version = expected_version(data.version, if_match)
        return await services.update_court(actor, court_id, data, version)

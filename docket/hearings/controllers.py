"""JSON routes for hearings: scheduling, listing, corrections, outcomes and history."""

from __future__ import annotations

from litestar import Controller, get, patch, post

from docket.accounts.services import Actor
from docket.api import IfMatch, Limit, Offset, errors
from docket.cases.schemas import Strike
from docket.editing import expected_version
from docket.hearings import services
from docket.hearings.choices import HearingKind, HearingStatus
from docket.hearings.schemas import (
    HearingChangeRead,
    HearingCreate,
    HearingOutcome,
    HearingPage,
    HearingRead,
    HearingUpdate,
)
from docket.params import (
    InstantQuery,
    JSONBody,
    NamedDependency,
    PathId,
    Query,
    QueryId,
    instant_of,
)


class HearingController(Controller):
    path = "/api"
    tags = ["hearings"]

    @get("/hearings", responses=errors(), summary="List hearings")
    async def list_hearings(
        self,
        actor: NamedDependency[Actor],
        case_id: QueryId = None,
        court_id: QueryId = None,
        status: Query[HearingStatus | None] = None,
        kind: Query[HearingKind | None] = None,
        starts_from: InstantQuery = None,
        starts_before: InstantQuery = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> HearingPage:
        """Hearings in time order, by case, court, status, kind and a range of start times
        (timezone-aware, e.g. 2026-12-01T00:00:00+08:00)."""
        items, total = await services.list_hearings(
            actor,
            case_id=case_id,
            court_id=court_id,
            status=status,
            kind=kind,
            starts_from=instant_of(starts_from, "starts_from"),
            starts_before=instant_of(starts_before, "starts_before"),
            limit=limit,
            offset=offset,
        )
        return HearingPage(items=items, total=total, limit=limit, offset=offset)

    @post("/cases/{case_id:int}/hearings", responses=errors(404), summary="Schedule a hearing")
    async def schedule_hearing(
        self, actor: NamedDependency[Actor], case_id: PathId, data: JSONBody[HearingCreate]
    ) -> HearingRead:
        return await services.schedule_hearing(actor, case_id, data)

    @get("/hearings/{hearing_id:int}", responses=errors(404), summary="Read a hearing")
    async def get_hearing(self, actor: NamedDependency[Actor], hearing_id: PathId) -> HearingRead:
        return await services.get_hearing(actor, hearing_id)

    @patch("/hearings/{hearing_id:int}", responses=errors(404, 412), summary="Correct a hearing")
    async def update_hearing(
        self,
        actor: NamedDependency[Actor],
        hearing_id: PathId,
        data: JSONBody[HearingUpdate],
        if_match: IfMatch = None,
    ) -> HearingRead:
        version = expected_version(data.version, if_match)
        return await services.update_hearing(actor, hearing_id, data, version)

    @post(
        "/hearings/{hearing_id:int}/outcome",
        status_code=200,
        responses=errors(404, 409, 412),
        summary="Record a hearing's outcome: held, reset or cancelled",
    )
    async def record_outcome(
        self,
        actor: NamedDependency[Actor],
        hearing_id: PathId,
        data: JSONBody[HearingOutcome],
        if_match: IfMatch = None,
    ) -> HearingRead:
        version = expected_version(data.version, if_match)
        return await services.record_outcome(actor, hearing_id, data, version)

    @post(
        "/hearings/{hearing_id:int}/strike",
        status_code=200,
        responses=errors(404, 409, 412),
        summary="Strike a hearing entered by mistake (kept in its history, with who and why)",
    )
    async def strike_hearing(
        self,
        actor: NamedDependency[Actor],
        hearing_id: PathId,
        data: JSONBody[Strike],
        if_match: IfMatch = None,
    ) -> HearingRead:
        version = expected_version(data.version, if_match)
        return await services.strike_hearing(actor, hearing_id, data, version)

    @get(
        "/hearings/{hearing_id:int}/history",
        responses=errors(404),
        summary="A hearing's earlier dates and why they changed",
    )
    async def hearing_history(
        self, actor: NamedDependency[Actor], hearing_id: PathId
    ) -> list[HearingChangeRead]:
        return await services.hearing_history(actor, hearing_id)

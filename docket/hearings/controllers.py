"""JSON routes for hearings: scheduling, listing, corrections, outcomes and history."""

from __future__ import annotations

from litestar import Controller, get, patch, post
from msgspec import UNSET

from docket.accounts.services import Actor
from docket.api import IfMatch, Limit, Offset, errors
from docket.cases.access import check_case_visible
from docket.cases.schemas import Strike
from docket.editing import expected_version
from docket.errors import FieldError, InvalidInput
from docket.hearings import services
from docket.hearings.choices import HearingKind, HearingStatus
from docket.hearings.clashes import hearing_clashes, travel_margin_minutes, with_clashes
from docket.hearings.schemas import (
    ClashCheck,
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
        return await with_clashes(actor, await services.schedule_hearing(actor, case_id, data))

    @get(
        "/cases/{case_id:int}/hearing-clashes",
        responses=errors(404),
        summary="What would clash with a hearing at this time (nothing is saved)",
    )
    async def check_hearing_clashes(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        starts_at: InstantQuery = None,
        ends_at: InstantQuery = None,
        court_id: QueryId = None,
        hearing_id: QueryId = None,
    ) -> ClashCheck:
        """Before scheduling or resetting: one of the case's prosecutors or lawyers due at
        another court then (with the office's travel margin between cities), a survivor of
        the case called twice that day, a day the court does not sit. Warnings only: the
        hearing may be saved anyway. ``hearing_id``: the hearing being reset, left out."""
        # A case one may not see is not found, whatever else the question says.
        await check_case_visible(actor, case_id, "case")
        starts = instant_of(starts_at, "starts_at")
        ends = instant_of(ends_at, "ends_at")
        if starts is None or ends is None:
            missing = [name for name, v in (("starts_at", starts), ("ends_at", ends)) if v is None]
            raise InvalidInput(*(FieldError(field=m, message="is required") for m in missing))
        clashes = await hearing_clashes(
            actor, case_id, court_id=court_id, starts_at=starts, ends_at=ends, hearing_id=hearing_id
        )
        return ClashCheck(clashes=clashes, travel_margin_minutes=travel_margin_minutes())

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
        hearing = await services.update_hearing(actor, hearing_id, data, version)
        moved = (
            data.starts_at is not UNSET or data.ends_at is not UNSET or data.court_id is not UNSET
        )
        return await with_clashes(actor, hearing) if moved else hearing

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
        hearing = await services.record_outcome(actor, hearing_id, data, version)
        return await with_clashes(actor, hearing) if data.outcome == "reset" else hearing

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

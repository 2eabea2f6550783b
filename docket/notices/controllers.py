"""JSON routes for notices: the preparation per hearing and survivor, printing, the due list
and the record of prints."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, patch, post, put
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import QueryParameter

from docket.accounts.services import Actor
from docket.api import IfMatch, Limit, Offset, errors
from docket.editing import expected_version
from docket.notices import meeting_places, preparation, services
from docket.notices.api_schemas import (
    MeetingPlaceCreate,
    MeetingPlaceRead,
    MeetingPlaceUpdate,
    NoticePrintPage,
    NoticeRequest,
    NoticesDue,
    PreparationRead,
    PreparationSummary,
    PreparationWrite,
    SurvivorToldRead,
)
from docket.params import JSONBody, NamedDependency, PathId, QueryId
from docket.sessions import AFTER_REQUEST

IncludeRetired = Annotated[
    bool,
    QueryParameter(required=False, description="Also the places no longer offered for new plans"),
]
Days = Annotated[int, QueryParameter(ge=1, le=90, required=False, description="Days ahead (1-90)")]
#: The HTML print view: its own inline styles and data: images, nothing else (no scripts).
HTML_NOTICE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
PAIR = "/hearings/{hearing_id:int}/survivors/{survivor_id:int}"


class NoticeController(Controller):
    path = "/api"
    tags = ["notices"]

    @get(
        f"{PAIR}/preparation",
        responses=errors(403, 404),
        summary="What the advocate arranged for a survivor's trip to a hearing",
    )
    async def get_preparation(
        self,
        request: Request[Any, Any, Any],
        actor: NamedDependency[Actor],
        hearing_id: PathId,
        survivor_id: PathId,
    ) -> PreparationRead:
        """Only the survivor's advocate and the case's lead prosecutor, with two-step login;
        every read is audited. Version 0 and empty fields while nothing is recorded."""

        def later(work: Callable[[], Awaitable[None]]) -> None:
            # A GET runs in one read transaction; its audit row is written once that has
            # closed (docket.sessions).
            request.scope.setdefault("state", {}).setdefault(AFTER_REQUEST, []).append(work)

        return await preparation.get_preparation(actor, hearing_id, survivor_id, later)

    @get(
        f"{PAIR}/preparation/summary",
        responses=errors(403, 404),
        summary="Whether a survivor's trip plan for a hearing is recorded and complete",
    )
    async def get_preparation_summary(
        self, actor: NamedDependency[Actor], hearing_id: PathId, survivor_id: PathId
    ) -> PreparationSummary:
        """For the whole case team: none of the plan's words."""
        return await preparation.get_preparation_summary(actor, hearing_id, survivor_id)

    @put(
        f"{PAIR}/preparation",
        responses=errors(403, 404, 412),
        summary="Record a survivor's meeting place, times and support persons for a hearing",
    )
    async def put_preparation(
        self,
        actor: NamedDependency[Actor],
        hearing_id: PathId,
        survivor_id: PathId,
        data: JSONBody[PreparationWrite],
        if_match: IfMatch = None,
    ) -> PreparationRead:
        """Replaces the whole plan. Send the version you read (0 for a first one). Only the
        survivor's advocate and the case's lead prosecutor, with two-step login."""
        version = expected_version(data.version, if_match)
        return await preparation.put_preparation(actor, hearing_id, survivor_id, data, version)

    @post(
        f"{PAIR}/notice",
        status_code=200,
        responses={
            **errors(403, 404, 409),
            200: ResponseSpec(
                data_container=bytes,
                media_type="application/pdf",
                description="The notice as a tagged PDF (PDF/UA), printable HTML (format html) "
                "or plain text for braille and screen readers (format txt)",
            ),
        },
        summary="Print a survivor's hearing-preparation notice or the advocate's checklist",
    )
    async def print_notice(
        self,
        actor: NamedDependency[Actor],
        hearing_id: PathId,
        survivor_id: PathId,
        data: JSONBody[NoticeRequest],
    ) -> Response[bytes]:
        """Only the survivor's advocate and the case's lead prosecutor, with two-step login
        (the notice and the checklist both show the trip plan). Every print is recorded."""
        printed = await services.print_notice(actor, hearing_id, survivor_id, data)
        headers = {"Content-Disposition": f'attachment; filename="{printed.filename}"'}
        if data.format == "html":
            headers = {
                "Content-Disposition": f'inline; filename="{printed.filename}"',
                # The print view carries its own <style> and pictograms, and no script at all.
                "Content-Security-Policy": HTML_NOTICE_POLICY,
            }
        return Response(printed.content, media_type=printed.media_type, headers=headers)

    @post(
        f"{PAIR}/survivor-told",
        status_code=200,
        responses=errors(403, 404, 409),
        summary="Record that the survivor was told a cancelled hearing will not take place",
    )
    async def record_survivor_told(
        self, actor: NamedDependency[Actor], hearing_id: PathId, survivor_id: PathId
    ) -> SurvivorToldRead:
        """Only the survivor's advocate and the case's lead prosecutor; audited. The hearing
        leaves the due list's notices to take back. 409 unless the hearing is cancelled."""
        return await services.record_survivor_told(actor, hearing_id, survivor_id)

    @get(
        "/notices/due",
        responses=errors(403),
        summary="Coming hearings and my survivors to prepare for them, with reprints needed",
    )
    async def notices_due(self, actor: NamedDependency[Actor], days: Days = 14) -> NoticesDue:
        return await services.notices_due(actor, days=days)

    @get("/notices/prints", responses=errors(403, 404), summary="Notices printed for my survivors")
    async def list_prints(
        self,
        actor: NamedDependency[Actor],
        hearing_id: QueryId = None,
        survivor_id: QueryId = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> NoticePrintPage:
        items, total = await services.list_prints(
            actor, hearing_id=hearing_id, survivor_id=survivor_id, limit=limit, offset=offset
        )
        return NoticePrintPage(items=items, total=total, limit=limit, offset=offset)


class MeetingPlaceController(Controller):
    """The office's list of meeting places: read by those who plan trips, kept by admins."""

    path = "/api/meeting-places"
    tags = ["notices"]

    @get("/", responses=errors(403), summary="The office's meeting places, in every language")
    async def list_meeting_places(
        self, actor: NamedDependency[Actor], include_retired: IncludeRetired = False
    ) -> list[MeetingPlaceRead]:
        return await meeting_places.list_meeting_places(actor, include_retired)

    @post(
        "/",
        responses=errors(403, 409),
        summary="Add a meeting place, named in every notice language",
    )
    async def create_meeting_place(
        self, actor: NamedDependency[Actor], data: JSONBody[MeetingPlaceCreate]
    ) -> MeetingPlaceRead:
        return await meeting_places.create_meeting_place(actor, data)

    @patch(
        "/{place_id:int}",
        responses=errors(403, 404, 409, 412),
        summary="Rename a meeting place, or stop offering it for new trip plans",
    )
    async def update_meeting_place(
        self,
        actor: NamedDependency[Actor],
        place_id: PathId,
        data: JSONBody[MeetingPlaceUpdate],
        if_match: IfMatch = None,
    ) -> MeetingPlaceRead:
        version = expected_version(data.version, if_match)
        return await meeting_places.update_meeting_place(actor, place_id, data, version)

"""A page for each hearing, and the survivor's trip plan for it.

``/hearings/{id}``: when and where (in the court's zone, in words), the case, the status and
its history, the protection needs, and the way on for each person: the lawyer records the
outcome, the survivor's advocate opens the trip plan and prints. The calendar feeds' "Open in
Docket" link lands here. A hearing of a case the person does not work on is a 404, as in the
API.

``/hearings/{h}/survivors/{s}/preparation``: the trip plan (docket.notices.preparation), saved
through the same service as ``PUT /api/.../preparation`` so the same checks run. Only the
survivor's advocate and the case's lead prosecutor, logged in with two steps, see and change
it; everyone else on the team is told why and sees the summary (exists, complete, who changed
it last and when), never its words.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.accounts.choices import Role
from docket.cases import services as cases
from docket.courts.services import get_court
from docket.courts.zones import PHILIPPINES
from docket.db import utc_now
from docket.errors import FieldError, InvalidInput, StaleEdit
from docket.hearings.choices import PENDING
from docket.hearings.services import get_hearing, hearing_history
from docket.notices import preparation
from docket.notices import services as notices
from docket.notices.api_schemas import PreparationRead, PreparationWrite
from docket.notices.meeting_places import list_meeting_places
from docket.notices.schemas import MOST_SUPPORT_PERSONS
from docket.params import FromPath, PathId
from docket.protection.services import list_needs
from docket.sessions import AFTER_REQUEST
from docket.web.changes import user_names
from docket.web.forms import convert, field_errors, whole_number
from docket.web.page import may, render, see_other, signed_in
from docket.web.pages_hearings import OUTCOME_ROUTE
from docket.web.pages_notes import notes_about
from docket.web.words import when

#: How far ahead the advocate's lists look (as docket.web.pages_advocate).
DAYS_AHEAD = 60
ALL = 500


def zone_in_words(zone: str) -> str:
    """ "Philippine time (Asia/Manila)": the court's zone as people say it."""
    return f"Philippine time ({PHILIPPINES})" if zone == PHILIPPINES else f"{zone} time"


@get("/hearings/{hearing_id:int}")
async def hearing_page(request: Request[Any, Any, Any], hearing_id: FromPath[PathId]) -> Template:
    actor = signed_in(request)
    hearing = await get_hearing(actor, hearing_id)
    case = await cases.get_case(actor, hearing.case_id)
    court = await get_court(actor, hearing.court_id)
    history = await hearing_history(actor, hearing_id)
    needs, _ = await list_needs(actor, hearing_id, status=None, limit=ALL, offset=0)
    witnesses, _ = await cases.list_witnesses(actor, case.id, limit=ALL, offset=0)
    survivors, _ = await cases.list_survivors(actor, case.id, limit=ALL, offset=0)
    # The two who plan a survivor's trip: the survivor's advocate and the case's lead.
    leads = actor.role == Role.PROSECUTOR and case.lead_prosecutor_id == actor.id
    mine = [s for s in survivors if leads or s.advocate_id == actor.id]
    plans = {}
    if mine and hearing.status in PENDING:
        due = await notices.notices_due(actor, days=DAYS_AHEAD)
        plans = {i.survivor_id: i for i in due.items if i.hearing_id == hearing_id}
    return render(
        request,
        "pages/hearing.html",
        hearing=hearing,
        case=case,
        court=court,
        zone_words=zone_in_words(court.timezone),
        history=history,
        needs=needs,
        witness_names={w.id: w.name for w in witnesses},
        names=await user_names(),
        mine=mine,
        plans=plans,
        pending=hearing.status in PENDING,
        can_record=may(actor, "POST", OUTCOME_ROUTE) and hearing.status in PENDING,
        notes=await notes_about(request, case.id, hearing_id=hearing_id),
    )


# --- the trip plan -------------------------------------------------------------------------


class TripPlanForm(msgspec.Struct, kw_only=True):
    meeting_place_id: str = ""  # a place from the office's list, or "" to type one
    meeting_place: str = ""
    meeting_time: str = ""
    leave_time: str = ""
    support_person_1: str = ""
    support_person_2: str = ""
    role_note: str = ""
    vehicle_and_escort: str = ""
    route_and_entrance: str = ""
    return_plan: str = ""
    safety_notes: str = ""
    after_notes: str = ""
    version: str = "0"


_PLAN_FIELDS = {
    "meeting_place_id": ("meeting_place_id", "Meeting place from the office's list"),
    "meeting_place": ("meeting_place", "Meeting place"),
    "meeting_time": ("meeting_time", "Meeting time"),
    "leave_time": ("leave_time", "Leaving time"),
    "support_persons": ("support_persons", "Support person"),
    "role_note": ("role_note", "What the survivor is expected to do"),
    "vehicle_and_escort": ("vehicle_and_escort", "Vehicle and escort"),
    "route_and_entrance": ("route_and_entrance", "Route and entrance"),
    "return_plan": ("return_plan", "Return plan"),
    "safety_notes": ("safety_notes", "Safety notes"),
    "after_notes": ("after_notes", "After the hearing"),
    "version": ("meeting_place", "Version"),
}
#: The form's fields (its hidden ``was_`` twins hold each as it was when the form was opened).
_TYPED = [name for name in TripPlanForm.__struct_fields__ if name != "version"]
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$")


def _form_of(plan: PreparationRead) -> TripPlanForm:
    persons = [*plan.support_persons, "", ""]
    return TripPlanForm(
        meeting_place_id=str(plan.meeting_place_id or ""),
        meeting_place=plan.meeting_place,
        meeting_time=plan.meeting_time or "",
        leave_time=plan.leave_time or "",
        support_person_1=persons[0],
        support_person_2=persons[1],
        role_note=plan.role_note,
        vehicle_and_escort=plan.vehicle_and_escort,
        route_and_entrance=plan.route_and_entrance,
        return_plan=plan.return_plan,
        safety_notes=plan.safety_notes,
        after_notes=plan.after_notes,
        version=str(plan.version),
    )


def _clock(text: str, field: str, errors: list[FieldError]) -> str | None:
    """A time input's value ("07:30", or "07:30:00" from some browsers) as the API takes it."""
    text = text.strip()
    if not text:
        return None
    if not _CLOCK.match(text):
        errors.append(FieldError(field=field, message="must be a time, e.g. 07:30"))
        return None
    return text[:5]


def _plan_of(form: TripPlanForm) -> PreparationWrite:
    """The form as the API's body, checked as the API checks it (400 naming each field)."""
    errors: list[FieldError] = []
    meeting = _clock(form.meeting_time, "meeting_time", errors)
    leaving = _clock(form.leave_time, "leave_time", errors)
    place_id = (
        whole_number(form.meeting_place_id, "meeting_place_id")
        if form.meeting_place_id.strip()
        else None
    )
    persons = [p.strip() for p in (form.support_person_1, form.support_person_2) if p.strip()]
    texts = [
        form.meeting_place,
        form.role_note,
        form.vehicle_and_escort,
        form.route_and_entrance,
        form.return_plan,
        form.safety_notes,
        form.after_notes,
    ]
    if not errors and not (
        place_id or meeting or leaving or persons or any(t.strip() for t in texts)
    ):
        raise InvalidInput.field(
            "meeting_place",
            "is empty, like the rest of the form: write at least where you meet the survivor",
        )
    if errors:
        raise InvalidInput(*errors)
    assert len(persons) <= MOST_SUPPORT_PERSONS
    return convert(
        {
            "meeting_place_id": place_id,
            "meeting_place": form.meeting_place.strip(),
            "meeting_time": meeting,
            "leave_time": leaving,
            "support_persons": persons,
            "role_note": form.role_note.strip(),
            "vehicle_and_escort": form.vehicle_and_escort.strip(),
            "route_and_entrance": form.route_and_entrance.strip(),
            "return_plan": form.return_plan.strip(),
            "safety_notes": form.safety_notes.strip(),
            "after_notes": form.after_notes.strip(),
        },
        PreparationWrite,
    )


async def _trip_plan_page(
    request: Request[Any, Any, Any],
    hearing_id: int,
    survivor_id: int,
    form: TripPlanForm | None = None,
    *,
    errors: dict[str, str] | None = None,
    stale: str | None = None,
    refused: str = "",
    was: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    hearing = await get_hearing(actor, hearing_id)
    survivor = await cases.get_survivor(actor, survivor_id)
    if survivor.case_id != hearing.case_id:
        # As the API: a survivor of another case is not "in this hearing".
        await preparation.hearing_and_survivor(actor, hearing_id, survivor_id)
    court = await get_court(actor, hearing.court_id)
    summary = None
    if form is None and not refused:

        def later(work: Callable[[], Awaitable[None]]) -> None:
            # A page GET runs in one read transaction; its audit row is written after it.
            request.scope.setdefault("state", {}).setdefault(AFTER_REQUEST, []).append(work)

        try:
            form = _form_of(
                await preparation.get_preparation(actor, hearing_id, survivor_id, later)
            )
        except PermissionDeniedException as error:
            refused = str(error.detail)
            status_code = 403
    if refused:
        form = TripPlanForm()
        summary = await preparation.get_preparation_summary(actor, hearing_id, survivor_id)
    shown = form or TripPlanForm()
    return render(
        request,
        "pages/trip_plan.html",
        status_code=status_code,
        hearing=hearing,
        survivor=survivor,
        court=court,
        form=shown,
        was=was if was is not None else {name: getattr(shown, name) for name in _TYPED},
        refused=refused,
        needs_two_step="two-step login" in refused,
        summary=summary,
        names=await user_names() if summary else {},
        errors=errors or {},
        stale=stale,
        pending=hearing.status in PENDING,
        # The office's list, with a place no longer offered that this plan already has.
        places=[
            (str(place.id), place.name_en)
            for place in await list_meeting_places(actor, include_retired=True)
            if place.in_use or str(place.id) == shown.meeting_place_id
        ],
    )


@get("/hearings/{hearing_id:int}/survivors/{survivor_id:int}/preparation")
async def trip_plan_page(
    request: Request[Any, Any, Any], hearing_id: FromPath[PathId], survivor_id: FromPath[PathId]
) -> Template:
    return await _trip_plan_page(request, hearing_id, survivor_id)


@post("/hearings/{hearing_id:int}/survivors/{survivor_id:int}/preparation")
async def trip_plan_submit(
    request: Request[Any, Any, Any],
    hearing_id: FromPath[PathId],
    survivor_id: FromPath[PathId],
    data: URLEncodedBody[TripPlanForm],
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        version = whole_number(data.version or "0", "version")
        await preparation.put_preparation(actor, hearing_id, survivor_id, _plan_of(data), version)
    except InvalidInput as error:
        errors = field_errors(error.errors, _PLAN_FIELDS, "meeting_place")
        return await _trip_plan_page(
            request,
            hearing_id,
            survivor_id,
            data,
            errors=errors,
            was=await _was(request),
            status_code=400,
        )
    except PermissionDeniedException as error:
        # Why not, and the summary, as on opening the page; nothing typed is echoed.
        return await _trip_plan_page(
            request, hearing_id, survivor_id, refused=str(error.detail), status_code=403
        )
    except StaleEdit:
        return await _stale(request, hearing_id, survivor_id, data)
    return see_other(
        f"/hearings/{hearing_id}/survivors/{survivor_id}/preparation", done="trip-plan"
    )


async def _was(request: Request[Any, Any, Any]) -> dict[str, str]:
    posted = await request.form()
    return {name: str(posted.get(f"was_{name}", "")) for name in _TYPED}


async def _stale(
    request: Request[Any, Any, Any], hearing_id: int, survivor_id: int, data: TripPlanForm
) -> Template:
    """Someone saved the plan since the form was opened: keep what this person changed, take
    the other's changes everywhere else, and say who and when; the next save writes both."""
    actor = signed_in(request)
    was = await _was(request)
    now = await preparation.get_preparation(actor, hearing_id, survivor_id)
    current = _form_of(now)
    merged = {
        name: getattr(data, name) if getattr(data, name) != was[name] else getattr(current, name)
        for name in _TYPED
    }
    theirs = [
        _PLAN_FIELDS.get(name, (name, name.replace("_", " ")))[1].lower()
        for name in _TYPED
        if getattr(current, name) != was[name]
    ]
    who = (await user_names()).get(now.updated_by_id or 0, "Someone")
    court = await get_court(actor, (await get_hearing(actor, hearing_id)).court_id)
    stale = (
        f"{who} saved this trip plan at {when(now.updated_at or utc_now(), court.timezone)} "
        "while you were "
        f"typing{' (' + ', '.join(theirs) + ')' if theirs else ''}. What you changed is kept "
        "below, with their changes where you changed nothing: check it, then press Save again."
    )
    kept = TripPlanForm(**merged, version=str(now.version))
    return await _trip_plan_page(
        request,
        hearing_id,
        survivor_id,
        kept,
        stale=stale,
        was={name: getattr(current, name) for name in _TYPED},
        status_code=412,
    )

"""Record what happened at a hearing, from a phone in the corridor: one short form with big
choices (held / reset to a new date / cancelled) and one box for the note or the reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.cases import services as cases
from docket.courts.services import get_court
from docket.courts.zones import zone_of
from docket.db import utc_now
from docket.deadlines.court_calendar import why_court_is_closed
from docket.errors import Conflict, FieldError, InvalidInput, StaleEdit
from docket.hearings.clashes import hearing_clashes
from docket.hearings.schemas import ClashKind, HearingOutcome, HearingRead
from docket.hearings.services import get_hearing, record_outcome
from docket.params import FromPath, PathId
from docket.web.changes import last_change
from docket.web.forms import convert, field_errors, instant, whole_number
from docket.web.page import render, see_other, signed_in
from docket.web.words import day, local_time, time_range, words

OUTCOME_ROUTE = "/hearings/{hearing_id:int}/outcome"


class OutcomeForm(msgspec.Struct, kw_only=True):
    outcome: str = ""
    details: str = ""
    new_date: str = ""
    new_starts: str = ""
    new_ends: str = ""
    #: Cancelling a hearing set to videoconference (A.M. 24-11-02-SC).
    meritorious_ground: str = ""
    #: "yes" once the person was asked about a past day or a day the court does not sit.
    confirmed: str = ""
    version: str = ""


_OUTCOME_FIELDS = {
    "outcome": ("outcome", "What happened"),
    "note": ("details", "Note"),
    "reason": ("details", "Reason"),
    "new_starts_at": ("new_date", "New date"),
    "new_date": ("new_date", "New date"),
    "new_starts": ("new_starts", "New start time"),
    "new_ends_at": ("new_ends", "New end time"),
    "new_ends": ("new_ends", "New end time"),
    "meritorious_ground": ("meritorious_ground", "Meritorious ground"),
    "ends_at": ("new_ends", "New end time"),
}


async def _form(
    request: Request[Any, Any, Any],
    hearing: HearingRead,
    form: OutcomeForm,
    *,
    errors: dict[str, str] | None = None,
    stale: str | None = None,
    doubts: list[str] | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    case = await cases.get_case(actor, hearing.case_id)
    court = await get_court(actor, hearing.court_id)
    return render(
        request,
        "pages/outcome_form.html",
        status_code=status_code,
        hearing=hearing,
        case=case,
        court=court,
        form=form,
        errors=errors or {},
        stale=stale,
        doubts=doubts or [],
    )


async def _doubts_about(court_id: int, starts: dt.datetime, zone: str) -> list[str]:
    """What to ask before a reset to this day: a day already past (a typo in the year?), or
    one the court does not sit (a weekend, a holiday, a closure)."""
    new_day = starts.astimezone(zone_of(zone)).date()
    doubts = []
    if starts < utc_now():
        doubts.append(f"{day(new_day)} is in the past.")
    closed = await why_court_is_closed(court_id, new_day)
    if closed:
        doubts.append(f"The court does not sit on {day(new_day)} ({closed}).")
    return doubts


@get("/hearings/{hearing_id:int}/outcome")
async def outcome_form(request: Request[Any, Any, Any], hearing_id: FromPath[PathId]) -> Template:
    actor = signed_in(request)
    hearing = await get_hearing(actor, hearing_id)
    court = await get_court(actor, hearing.court_id)
    form = OutcomeForm(
        # The same hours on a new day is the usual reset: only the date is left to type.
        new_starts=local_time(hearing.starts_at, court.timezone),
        new_ends=local_time(hearing.ends_at, court.timezone),
        version=str(hearing.version),
    )
    return await _form(request, hearing, form)


@post("/hearings/{hearing_id:int}/outcome")
async def outcome_submit(
    request: Request[Any, Any, Any],
    hearing_id: FromPath[PathId],
    data: URLEncodedBody[OutcomeForm],
) -> Template | Redirect:
    actor = signed_in(request)
    hearing = await get_hearing(actor, hearing_id)
    court = await get_court(actor, hearing.court_id)
    try:
        values: dict[str, Any] = {"outcome": data.outcome}
        if data.outcome == "held":
            values["note"] = data.details.strip()
        else:
            values["reason"] = data.details.strip()
        if data.outcome == "cancelled":
            values["meritorious_ground"] = data.meritorious_ground.strip()
        if data.outcome == "reset" and not data.new_date.strip():
            missing = [FieldError(field="new_date", message="is required for a reset")]
            if not data.details.strip():
                missing.append(FieldError(field="reason", message="say why the hearing was reset"))
            raise InvalidInput(*missing)
        if data.outcome == "reset":
            zone = court.timezone
            starts = instant(
                data.new_date,
                data.new_starts,
                zone=zone,
                date_field="new_date",
                time_field="new_starts",
            )
            ends = instant(
                data.new_date,
                data.new_ends,
                zone=zone,
                date_field="new_date",
                time_field="new_ends",
            )
            values |= {"new_starts_at": starts.isoformat(), "new_ends_at": ends.isoformat()}
            doubts = await _doubts_about(court.id, starts, zone)
            # And the clashes (the court's closed days are asked above already).
            clashes = await hearing_clashes(
                actor,
                hearing.case_id,
                court_id=court.id,
                starts_at=starts,
                ends_at=ends,
                hearing_id=hearing_id,
            )
            doubts += [c.message for c in clashes if c.kind != ClashKind.COURT_CLOSED]
            if doubts and data.confirmed != "yes":
                # Nothing saved yet: the form again, what was typed kept, and the question.
                return await _form(request, hearing, data, doubts=doubts, status_code=409)
        if not data.outcome:
            raise InvalidInput.field("outcome", "choose held, reset or cancelled")
        outcome = convert(values, HearingOutcome)
        await record_outcome(actor, hearing_id, outcome, whole_number(data.version, "version"))
    except InvalidInput as error:
        errors = field_errors(error.errors, _OUTCOME_FIELDS, "outcome")
        return await _form(request, hearing, data, errors=errors, status_code=400)
    except Conflict as error:
        return await _form(
            request, hearing, data, errors={"outcome": error.detail + "."}, status_code=409
        )
    except StaleEdit:
        stale = await last_change(hearing.case_id, "hearing", hearing_id, zone=court.timezone)
        stale += (
            f" It is now {words(hearing.status).lower()}, "
            f"{time_range(hearing.starts_at, hearing.ends_at, court.timezone)}."
        )
        kept = msgspec.structs.replace(data, version=str(hearing.version))
        return await _form(request, hearing, kept, stale=stale, status_code=412)
    return see_other(f"/cases/{hearing.case_id}#hearing-{hearing_id}", done=data.outcome)

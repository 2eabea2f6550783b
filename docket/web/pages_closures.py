"""Court closures and holidays (/court-calendar): a year's closures, national holidays (estimated
ones marked until confirmed), special working days and lifted holidays, read by everyone. An
administrator adds, moves and lifts closures, declares, moves, lifts and confirms holidays and
declares special working days here; each change is the API's service, audited, and every clock
follows at its next read. Post, redirect, get; a refused form comes back with its errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.cases.progress import court_today
from docket.courts.services import list_courts
from docket.deadlines import court_calendar
from docket.deadlines.court_calendar import YEARS_AHEAD
from docket.deadlines.schemas import (
    CourtClosureCreate,
    CourtClosureMove,
    HolidayDeclare,
    HolidayMove,
    HolidaySource,
    WorkingDayDeclare,
)
from docket.deadlines.services import (
    add_court_closure,
    lift_court_closure,
    list_court_closures,
    move_court_closure,
)
from docket.errors import DocketError, InvalidInput
from docket.params import FromPath, PathId
from docket.web.forms import convert, field_errors, optional_date, whole_number
from docket.web.page import may, render, see_other, signed_in

PAGE = "/court-calendar"

#: What the page says after a change that worked (post, redirect, get).
DONE = {
    "closure-added": "The closure was added. Every deadline now counts it.",
    "closure-moved": "The closure was moved. Every deadline now counts the new day.",
    "closure-lifted": "The closure was lifted. Deadlines count through the day again.",
    "holiday-declared": "The holiday was declared. Every deadline now counts it.",
    "holiday-moved": "The holiday was moved. Every deadline now counts the new day.",
    "holiday-lifted": "The holiday was lifted. Deadlines count through the day again.",
    "holiday-confirmed": "The holiday was confirmed; it is no longer shown as estimated.",
    "working-day": "The special working day was declared. A deadline may now end on it.",
    "working-day-lifted": "The special working day was lifted.",
}


class ClosureForm(msgspec.Struct, kw_only=True):
    on: str = ""
    reason: str = ""
    court_id: str = ""


class MoveForm(msgspec.Struct, kw_only=True):
    to: str = ""
    source: str = ""


class SourceForm(msgspec.Struct, kw_only=True):
    source: str = ""


class HolidayForm(msgspec.Struct, kw_only=True):
    on: str = ""
    name: str = ""
    source: str = ""


class WorkingDayForm(msgspec.Struct, kw_only=True):
    on: str = ""
    reason: str = ""
    source: str = ""


class Forms(msgspec.Struct, kw_only=True):
    """What was typed into each form, sent back with its errors."""

    closure: ClosureForm = msgspec.field(default_factory=ClosureForm)
    holiday: HolidayForm = msgspec.field(default_factory=HolidayForm)
    working_day: WorkingDayForm = msgspec.field(default_factory=WorkingDayForm)


def _year(request: Request[Any, Any, Any]) -> int:
    """The year asked (?year=), this year if none or one outside the calendar kept."""
    text = request.query_params.get("year", "")
    today = court_today().year
    if text.isdigit() and 1990 <= int(text) <= today + YEARS_AHEAD:
        return int(text)
    return today


async def _page(
    request: Request[Any, Any, Any],
    *,
    year: int | None = None,
    forms: Forms | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    year = year or _year(request)
    this_year = court_today().year
    return render(
        request,
        "pages/court_calendar.html",
        status_code=status_code,
        year=year,
        years=list(range(this_year - 1, this_year + YEARS_AHEAD + 1)),
        calendar=await court_calendar.court_calendar_year(actor, year),
        closures=await list_court_closures(actor, court_id=None, year=year),
        courts={c.id: c.name for c in await list_courts(actor)},
        may_change=may(actor, "POST", "/court-calendar/holidays"),
        forms=forms or Forms(),
        errors=errors or {},
        done=DONE.get(request.query_params.get("done", "")),
    )


def _date(text: str, field: str) -> dt.date:
    """A date typed into a form; a 400 naming the field if it is empty or not a date."""
    day = optional_date(text, field)
    if day is None:
        raise InvalidInput.field(field, "must be a date, e.g. 2026-12-03")
    return day


def _back(year: int, done: str) -> Redirect:
    return see_other(f"{PAGE}?year={year}", done=done)


async def _refused(
    request: Request[Any, Any, Any],
    error: DocketError,
    *,
    year: int,
    fields: dict[str, tuple[str, str]],
    default: str,
    forms: Forms | None = None,
) -> Template:
    """The page again, with the refusal next to the field (400) or above the forms (404, 409)."""
    if isinstance(error, InvalidInput):
        found = field_errors(error.errors, fields, default)
    else:
        found = {default: f"{error.detail}."}
    return await _page(request, year=year, forms=forms, errors=found, status_code=error.status_code)


@get(PAGE)
async def court_calendar_page(request: Request[Any, Any, Any]) -> Template:
    return await _page(request)


# --- closures ------------------------------------------------------------------------------

_CLOSURE_FIELDS = {
    "on": ("closure-on", "Day closed"),
    "reason": ("closure-reason", "Why"),
    "court_id": ("closure-court", "Court"),
}


@post(f"{PAGE}/closures")
async def add_closure_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[ClosureForm]
) -> Template | Redirect:
    actor = signed_in(request)
    year = _year(request)
    try:
        day = _date(data.on, "on")
        court_id = whole_number(data.court_id, "court_id") if data.court_id.strip() else None
        made = await add_court_closure(
            actor,
            convert({"on": day, "reason": data.reason, "court_id": court_id}, CourtClosureCreate),
        )
    except DocketError as error:
        return await _refused(
            request,
            error,
            year=year,
            fields=_CLOSURE_FIELDS,
            default="closure-on",
            forms=Forms(closure=data),
        )
    return _back(made.on.year, "closure-added")


@post(f"{PAGE}/closures/{{closure_id:int}}/move")
async def move_closure_submit(
    request: Request[Any, Any, Any], closure_id: FromPath[PathId], data: URLEncodedBody[MoveForm]
) -> Template | Redirect:
    actor = signed_in(request)
    year = _year(request)
    field = f"closure-{closure_id}-to"
    try:
        day = _date(data.to, "on")
        moved = await move_court_closure(actor, closure_id, CourtClosureMove(on=day))
    except DocketError as error:
        return await _refused(
            request, error, year=year, fields={"on": (field, "New day")}, default=field
        )
    return _back(moved.on.year, "closure-moved")


@post(f"{PAGE}/closures/{{closure_id:int}}/lift")
async def lift_closure_submit(
    request: Request[Any, Any, Any], closure_id: FromPath[PathId]
) -> Template | Redirect:
    actor = signed_in(request)
    year = _year(request)
    try:
        await lift_court_closure(actor, closure_id)
    except DocketError as error:
        return await _refused(
            request, error, year=year, fields={}, default=f"closure-{closure_id}-to"
        )
    return _back(year, "closure-lifted")


# --- holidays ------------------------------------------------------------------------------

_HOLIDAY_FIELDS = {
    "on": ("holiday-on", "Day"),
    "name": ("holiday-name", "Holiday"),
    "source": ("holiday-source", "Proclamation"),
}


@post(f"{PAGE}/holidays")
async def declare_holiday_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[HolidayForm]
) -> Template | Redirect:
    actor = signed_in(request)
    year = _year(request)
    try:
        day = _date(data.on, "on")
        made = await court_calendar.declare_holiday(
            actor, convert({"on": day, "name": data.name, "source": data.source}, HolidayDeclare)
        )
    except DocketError as error:
        return await _refused(
            request,
            error,
            year=year,
            fields=_HOLIDAY_FIELDS,
            default="holiday-on",
            forms=Forms(holiday=data),
        )
    return _back(made.on.year, "holiday-declared")


def _day_field(day: str, name: str) -> str:
    return f"holiday-{day}-{name}"


@post(f"{PAGE}/holidays/{{day:date}}/move")
async def move_holiday_submit(
    request: Request[Any, Any, Any], day: FromPath[dt.date], data: URLEncodedBody[MoveForm]
) -> Template | Redirect:
    actor = signed_in(request)
    year = day.year
    fields = {
        "to": (_day_field(day.isoformat(), "to"), "New day"),
        "source": (_day_field(day.isoformat(), "to"), "Proclamation"),
    }
    try:
        to = _date(data.to, "to")
        moved = await court_calendar.move_holiday(
            actor, day, convert({"to": to, "source": data.source}, HolidayMove)
        )
    except DocketError as error:
        default = fields["to"][0]
        return await _refused(request, error, year=year, fields=fields, default=default)
    return _back(moved.on.year, "holiday-moved")


async def _with_source(
    request: Request[Any, Any, Any], day: dt.date, data: SourceForm, action: str
) -> Template | Redirect:
    actor = signed_in(request)
    field = _day_field(day.isoformat(), "source")
    try:
        source = convert({"source": data.source}, HolidaySource)
        if action == "lift":
            await court_calendar.lift_holiday(actor, day, source)
        else:
            await court_calendar.confirm_holiday(actor, day, source)
    except DocketError as error:
        return await _refused(
            request,
            error,
            year=day.year,
            fields={"source": (field, "Proclamation")},
            default=field,
        )
    return _back(day.year, "holiday-lifted" if action == "lift" else "holiday-confirmed")


@post(f"{PAGE}/holidays/{{day:date}}/lift")
async def lift_holiday_submit(
    request: Request[Any, Any, Any], day: FromPath[dt.date], data: URLEncodedBody[SourceForm]
) -> Template | Redirect:
    return await _with_source(request, day, data, "lift")


@post(f"{PAGE}/holidays/{{day:date}}/confirm")
async def confirm_holiday_submit(
    request: Request[Any, Any, Any], day: FromPath[dt.date], data: URLEncodedBody[SourceForm]
) -> Template | Redirect:
    return await _with_source(request, day, data, "confirm")


# --- special working days ------------------------------------------------------------------

_WORKING_FIELDS = {
    "on": ("working-on", "Day"),
    "reason": ("working-reason", "Why"),
    "source": ("working-source", "Proclamation"),
}


@post(f"{PAGE}/working-days")
async def declare_working_day_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[WorkingDayForm]
) -> Template | Redirect:
    actor = signed_in(request)
    year = _year(request)
    try:
        day = _date(data.on, "on")
        made = await court_calendar.declare_working_day(
            actor,
            convert({"on": day, "reason": data.reason, "source": data.source}, WorkingDayDeclare),
        )
    except DocketError as error:
        return await _refused(
            request,
            error,
            year=year,
            fields=_WORKING_FIELDS,
            default="working-on",
            forms=Forms(working_day=data),
        )
    return _back(made.on.year, "working-day")


@post(f"{PAGE}/working-days/{{day:date}}/lift")
async def lift_working_day_submit(
    request: Request[Any, Any, Any], day: FromPath[dt.date]
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        await court_calendar.lift_working_day(actor, day)
    except DocketError as error:
        return await _refused(request, error, year=day.year, fields={}, default="working-on")
    return _back(day.year, "working-day-lifted")

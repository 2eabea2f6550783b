"""The home page of each role, the header's search, and logging out."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Request, get, post
from litestar.response import Redirect, Template

from docket.accounts import services as accounts
from docket.accounts.choices import Role
from docket.accounts.services import Actor
from docket.accounts.two_step import two_step_notice
from docket.cases.progress import court_today
from docket.cases.schemas import CaseRead
from docket.cases.services import advocate_survivors, get_cases, search_cases
from docket.courts.services import list_courts
from docket.db import utc_now
from docket.deadlines.services import deadlines_at_risk
from docket.errors import InvalidInput, NotFound
from docket.hearings.agenda import agenda
from docket.hearings.choices import PENDING
from docket.hearings.services import list_hearings
from docket.notices.services import notices_due
from docket.sessions import CLEARED_SESSION_COOKIES, session_id_of
from docket.web.forms import optional_date
from docket.web.page import PAGE_HEADERS, may, render, signed_in
from docket.web.words import COURT_ZONE

#: "My next two weeks".
AGENDA_DAYS = 14
#: How far ahead the advocate's home looks (notices are prepared weeks before a hearing).
ADVOCATE_DAYS = 60
#: Rows a list shows; more would not be read on a phone.
LIST_LIMIT = 100


@get("/")
async def home(request: Request[Any, Any, Any]) -> Template:
    actor = signed_in(request)
    today = court_today()
    # After an admin reset their two-step login, until they set it up again.
    context: dict[str, Any] = {"today": today, "two_step_notice": await two_step_notice(actor.id)}
    if actor.role in (Role.PROSECUTOR, Role.LAWYER):
        context["agenda"] = (await agenda(actor, days=AGENDA_DAYS, limit=LIST_LIMIT)).items
        context["at_risk"] = await deadlines_at_risk(actor, today=today, prosecutor_id=actor.id)
        awaiting = []
        # To the minute, so that a reload within it asks the same question and gets the kept
        # page (docket.listpages); a hearing a minute old is still being heard anyway.
        now = utc_now().replace(second=0, microsecond=0)
        for status in PENDING:
            found, _total = await list_hearings(
                actor,
                case_id=None,
                court_id=None,
                status=status.value,
                kind=None,
                starts_from=now - dt.timedelta(days=60),
                starts_before=now,
                limit=LIST_LIMIT,
                offset=0,
            )
            awaiting.extend(found)
        context["awaiting"] = sorted(awaiting, key=lambda h: h.starts_at)
        context["case_of"] = await _cases_of(actor, [h.case_id for h in awaiting])
        context["courts"] = {c.id: c for c in await list_courts(actor)}
        context["can_record"] = may(actor, "POST", "/hearings/{hearing_id:int}/outcome")
    if actor.role == Role.ADVOCATE:
        context["survivors"] = await advocate_survivors(actor)
        # Each coming hearing of her survivors, with its trip plan and, once complete, printing.
        due = await notices_due(actor, days=ADVOCATE_DAYS)
        context["due_of"] = {}
        for item in due.items:
            context["due_of"].setdefault(item.survivor_id, []).append(item)
    context["can_open_case"] = may(actor, "POST", "/cases/new")
    return render(request, "pages/home.html", **context)


async def _cases_of(actor: Actor, case_ids: list[int]) -> dict[int, CaseRead]:
    """The case of each listed hearing, fetched together: one statement however many."""
    found = await get_cases(actor, case_ids)
    missing = set(case_ids) - found.keys()
    if missing:
        # A hearing listed for this person is of a case they may see; as before, one that
        # is not is refused rather than shown without its case.
        raise NotFound("case")
    return found


def _day_start(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(), ZoneInfo(COURT_ZONE))


@get("/search")
async def search(request: Request[Any, Any, Any]) -> Template:
    """Cases by docket or court number, caption or accused's name; hearings by dates and court."""
    actor = signed_in(request)
    params = request.query_params
    q = str(params.get("q", "")).strip()[:100]
    form = {
        "q": q,
        "from": str(params.get("from", "")),
        "to": str(params.get("to", "")),
        "court": str(params.get("court", "")),
    }
    errors: dict[str, str] = {}
    cases = await search_cases(actor, q, limit=LIST_LIMIT) if q else []
    hearings = []
    courts = await list_courts(actor)
    wants_hearings = bool(form["from"] or form["to"] or form["court"])
    if wants_hearings:
        try:
            starts_from = optional_date(form["from"], "from")
        except InvalidInput:
            errors["from"] = "From must be a date, e.g. 2026-12-03."
            starts_from = None
        try:
            until = optional_date(form["to"], "to")
        except InvalidInput:
            errors["to"] = "To must be a date, e.g. 2026-12-10."
            until = None
        court_id = int(form["court"]) if form["court"].isdigit() else None
        if starts_from and until and until < starts_from:
            errors["to"] = "To must be on or after From."
        if not errors:
            found, _total = await list_hearings(
                actor,
                case_id=None,
                court_id=court_id,
                status=None,
                kind=None,
                starts_from=_day_start(starts_from),
                starts_before=_day_start(until + dt.timedelta(days=1)) if until else None,
                limit=LIST_LIMIT,
                offset=0,
            )
            hearings = found
    case_of = await _cases_of(actor, [h.case_id for h in hearings])
    return render(
        request,
        "pages/search.html",
        status_code=400 if errors else 200,
        form=form,
        errors=errors,
        cases=cases,
        hearings=hearings,
        case_of=case_of,
        searched_hearings=wants_hearings and not errors,
        courts={c.id: c for c in courts},
    )


@post("/logout")
async def logout(request: Request[Any, Any, Any]) -> Redirect:
    """Ends the session on the server too, then back to the login page."""
    session_id = session_id_of(request)
    if session_id:
        await accounts.log_out(session_id)
    return Redirect(
        "/login", status_code=303, headers=PAGE_HEADERS, cookies=CLEARED_SESSION_COOKIES
    )

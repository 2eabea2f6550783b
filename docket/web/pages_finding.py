"""Finding work: "My cases" with filters and real pagination, a printable hearing calendar, CSV
exports of the cases and hearings lists, and a team's deadlines at risk for its prosecutors.

The lists are the API's (docket.cases.services.list_cases, docket.hearings.services
.list_hearings, docket.deadlines.services.deadlines_at_risk), so a page shows exactly the cases
the person may see. Nothing here shows a survivor: the calendar and the exports leave Docket on
paper or as a file, so a caption that names a survivor's family (or that the team hides) is
shown as the docket number, as the calendar feeds do (docket.cases.names).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from litestar import Request, Response, get
from litestar.response import Template

from docket.accounts.choices import Role
from docket.accounts.services import Actor
from docket.accounts.tables import Team, TeamMember, User
from docket.cases.choices import CaseStage
from docket.cases.progress import court_today
from docket.cases.schemas import CaseRead
from docket.cases.services import list_cases
from docket.courts.services import list_courts
from docket.deadlines.services import deadlines_at_risk
from docket.hearings.schemas import HearingRead
from docket.hearings.services import list_hearings
from docket.web.page import PAGE_HEADERS, render, signed_in
from docket.web.words import COURT_ZONE, local_date, local_time, words

#: Cases or deadlines a page shows; the page links and the total tell there are more.
PAGE_SIZE = 50
#: Rows read at a time for a whole list (the exports, the calendar): every row is read, in
#: steps the database answers quickly.
STEP = 500
#: A page number past this is a typed address, not a click (50 x 10,000 cases).
MOST_PAGES = 10_000
#: "yes" is what the filter's checkbox sends.
YES = "yes"
#: A cell a spreadsheet would run as a formula starts with one of these (OWASP, "CSV
#: Injection"): the cell is written with a ' before it, so it is shown as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Filters:
    """The query's filters, read and checked: each bad one gets its own message by field."""

    def __init__(self, params: Mapping[str, Any], fields: tuple[str, ...]) -> None:
        self.form = {name: str(params.get(name, "")).strip()[:40] for name in fields}
        self.errors: dict[str, str] = {}

    def choice(self, name: str, allowed: Mapping[str, str], label: str) -> str | None:
        value = self.form[name]
        if not value:
            return None
        if value not in allowed:
            self.errors[name] = f"{label} must be one of the choices in the list."
            return None
        return value

    def number(self, name: str, label: str, *, most: int = 2**31 - 1) -> int | None:
        value = self.form[name]
        if not value:
            return None
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= most:
            self.errors[name] = f"{label} must be a whole number from 1 to {most}."
            return None
        return int(value)

    def flag(self, name: str, label: str) -> bool:
        value = self.form[name]
        if value not in ("", YES):
            self.errors[name] = f"{label} is either ticked or not."
        return value == YES

    def date(self, name: str, label: str) -> dt.date | None:
        value = self.form[name]
        if not value:
            return None
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.errors[name] = f"{label} must be a date, e.g. 2026-12-03."
            return None
        if not 1990 <= day.year <= 2100:
            self.errors[name] = f"{label} must be a date between 1990 and 2100."
            return None
        return day

    def query(self, **changes: str) -> str:
        """The same filters as a query string, with some changed (the page links)."""
        kept = {k: v for k, v in ({**self.form, **changes}).items() if v}
        return urlencode(kept)


def court_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), ZoneInfo(COURT_ZONE))


def this_week(today: dt.date) -> tuple[dt.date, dt.date]:
    """Monday of this week and the Monday after, in the courts' calendar."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=7)


def caption_outside(case: CaseRead) -> str:
    """What a paper or a file may call the case (docket.cases.names.caption_outside)."""
    return case.caption if case.caption_shown_outside else case.docket_number


async def _team_names() -> dict[int, str]:
    # Team names are no secret (GET /api/teams lists them to everyone).
    return {t["id"]: t["name"] for t in await Team.select(Team.id, Team.name).order_by(Team.name)}


# ---- "My cases" -------------------------------------------------------------------------


_CASE_FIELDS = ("stage", "court", "team", "this_week", "at_risk", "page")


async def _read_case_filters(
    request: Request[Any, Any, Any], courts: Mapping[int, Any], teams: Mapping[int, str]
) -> tuple[Filters, dict[str, Any]]:
    filters = Filters(request.query_params, _CASE_FIELDS)
    stage = filters.choice("stage", {s.value: s.value for s in CaseStage}, "Stage")
    court_id = filters.number("court", "Court")
    if court_id is not None and court_id not in courts:
        filters.errors["court"] = "Court must be one of the courts in the list."
    team_id = filters.number("team", "Team")
    if team_id is not None and team_id not in teams:
        filters.errors["team"] = "Team must be one of the teams in the list."
    chosen = {
        "stage": stage,
        "court_id": court_id,
        "team_id": team_id,
        "this_week": filters.flag("this_week", "Hearing this week"),
        "at_risk": filters.flag("at_risk", "Deadline at risk"),
        "page": filters.number("page", "Page", most=MOST_PAGES) or 1,
    }
    return filters, chosen


async def _cases_page(
    actor: Actor, chosen: Mapping[str, Any], *, limit: int, offset: int
) -> tuple[list[CaseRead], int]:
    today = court_today()
    hearing_from = hearing_before = None
    if chosen["this_week"]:
        monday, next_monday = this_week(today)
        hearing_from, hearing_before = court_midnight(monday), court_midnight(next_monday)
    among = None
    if chosen["at_risk"]:
        at_risk = await deadlines_at_risk(
            actor, today=today, team_id=chosen["team_id"], court_id=chosen["court_id"]
        )
        among = frozenset(item.case_id for item in at_risk.items)
    return await list_cases(
        actor,
        q=None,
        stage=chosen["stage"],
        court_id=chosen["court_id"],
        team_id=chosen["team_id"],
        limit=limit,
        offset=offset,
        hearing_from=hearing_from,
        hearing_before=hearing_before,
        among=among,
    )


@get("/cases")
async def my_cases(request: Request[Any, Any, Any]) -> Template:
    """The cases the person works on, filtered, a page of 50 at a time with the total."""
    actor = signed_in(request)
    courts = {c.id: c for c in await list_courts(actor)}
    teams = await _team_names()
    filters, chosen = await _read_case_filters(request, courts, teams)
    cases: list[CaseRead] = []
    total = 0
    if not filters.errors:
        offset = (chosen["page"] - 1) * PAGE_SIZE
        cases, total = await _cases_page(actor, chosen, limit=PAGE_SIZE, offset=offset)
    return _cases_template(request, filters, chosen, courts, teams, cases, total)


def _cases_template(
    request: Request[Any, Any, Any],
    filters: Filters,
    chosen: Mapping[str, Any],
    courts: Mapping[int, Any],
    teams: Mapping[int, str],
    cases: list[CaseRead],
    total: int,
) -> Template:
    return render(
        request,
        "pages/cases.html",
        status_code=400 if filters.errors else 200,
        form=filters.form,
        errors=filters.errors,
        cases=cases,
        total=total,
        page=chosen["page"],
        pages=max(1, math.ceil(total / PAGE_SIZE)),
        first_row=(chosen["page"] - 1) * PAGE_SIZE + 1,
        link=filters.query,
        courts=courts,
        teams=teams,
        stages=list(CaseStage),
        # Monday to Sunday, as people say it.
        week=(this_week(court_today())[0], this_week(court_today())[1] - dt.timedelta(days=1)),
    )


# ---- CSV exports ------------------------------------------------------------------------


def safe_cell(value: object) -> str:
    """A cell as text a spreadsheet shows and never runs (see FORMULA_STARTS)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, header: list[str], rows: list[list[object]]) -> Response[bytes]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[safe_cell(cell) for cell in row] for row in rows])
    return Response(
        # A byte order mark: Excel then reads the file as UTF-8 (ñ in names of places).
        content=("\ufeff" + out.getvalue()).encode(),
        media_type="text/csv; charset=utf-8",
        headers={
            **PAGE_HEADERS,
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


@get("/cases.csv")
async def cases_csv(request: Request[Any, Any, Any]) -> Response[bytes] | Template:
    """Every case the filters pick (not only one page), without any survivor."""
    actor = signed_in(request)
    courts = {c.id: c for c in await list_courts(actor)}
    teams = await _team_names()
    filters, chosen = await _read_case_filters(request, courts, teams)
    if filters.errors:
        return _cases_template(request, filters, chosen, courts, teams, [], 0)
    found: list[CaseRead] = []
    while True:
        step, total = await _cases_page(actor, chosen, limit=STEP, offset=len(found))
        found += step
        if not step or len(found) >= total:
            break
    rows: list[list[object]] = [
        [
            case.docket_number,
            case.court_case_number or "",
            caption_outside(case),
            words(case.stage),
            courts[case.court_id].name if case.court_id in courts else "",
            teams.get(case.team_id, "") if case.team_id is not None else "",
        ]
        for case in found
    ]
    header = ["Docket number", "Court case number", "Caption", "Stage", "Court", "Team"]
    return csv_response(f"cases-{court_today().isoformat()}.csv", header, rows)


# ---- The hearing calendar and its CSV ---------------------------------------------------

_CALENDAR_FIELDS = ("span", "start", "court", "team", "person")
SPANS = {"week": "week", "month": "month"}


def _span_of(span: str, start: dt.date) -> tuple[dt.date, dt.date]:
    if span == "month":
        first = start.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first, following
    monday = start - dt.timedelta(days=start.weekday())
    return monday, monday + dt.timedelta(days=7)


async def _people() -> dict[int, str]:
    # Names of colleagues are no secret to them (GET /api/users lists them to everyone).
    rows = await User.select(User.id, User.name).where(User.role != Role.ADMIN).order_by(User.name)
    return {r["id"]: r["name"] for r in rows}


async def _calendar(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The hearings the calendar's filters pick, each with its case, or the errors."""
    actor = signed_in(request)
    courts = {c.id: c for c in await list_courts(actor)}
    teams = await _team_names()
    people = await _people()
    filters = Filters(request.query_params, _CALENDAR_FIELDS)
    span = filters.choice("span", SPANS, "Week or month") or "week"
    start = filters.date("start", "From") or court_today()
    if not filters.form["start"]:
        filters.form["start"] = start.isoformat()  # the form shows the day it starts from
    court_id = filters.number("court", "Court")
    if court_id is not None and court_id not in courts:
        filters.errors["court"] = "Court must be one of the courts in the list."
    team_id = filters.number("team", "Team")
    if team_id is not None and team_id not in teams:
        filters.errors["team"] = "Team must be one of the teams in the list."
    person_id = filters.number("person", "Person")
    if person_id is not None and person_id not in people:
        filters.errors["person"] = "Person must be one of the people in the list."
    first, following = _span_of(span, start)
    context: dict[str, Any] = {
        "form": filters.form,
        "errors": filters.errors,
        "span": span,
        "first": first,
        "last": following - dt.timedelta(days=1),
        "courts": courts,
        "teams": teams,
        "people": people,
        "rows": [],
        "link": filters.query,
        "earlier": (first - dt.timedelta(days=1)).isoformat(),
        "later": following.isoformat(),
    }
    if filters.errors:
        return context
    hearings: list[HearingRead] = []
    while True:
        step, total = await list_hearings(
            actor,
            case_id=None,
            court_id=court_id,
            status=None,
            kind=None,
            starts_from=court_midnight(first),
            starts_before=court_midnight(following),
            limit=STEP,
            offset=len(hearings),
        )
        hearings += step
        if not step or len(hearings) >= total:
            break
    case_ids = frozenset(h.case_id for h in hearings)
    cases: dict[int, CaseRead] = {}
    if case_ids:
        found, _ = await list_cases(
            actor,
            q=None,
            stage=None,
            court_id=None,
            team_id=None,
            limit=len(case_ids),
            offset=0,
            among=case_ids,
        )
        cases = {c.id: c for c in found}
    rows = []
    for hearing in hearings:
        case = cases.get(hearing.case_id)
        if case is None:
            continue
        if team_id is not None and case.team_id != team_id:
            continue
        if person_id is not None and person_id not in ({case.lead_prosecutor_id, *case.member_ids}):
            continue
        court = courts.get(hearing.court_id)
        rows.append({"hearing": hearing, "case": case, "court": court})
    context["rows"] = rows
    return context


@get("/calendar")
async def calendar_page(request: Request[Any, Any, Any]) -> Template:
    """A week or a month of hearings, per person, court or team, to print and pin up."""
    context = await _calendar(request)
    return render(
        request,
        "pages/calendar.html",
        status_code=400 if context["errors"] else 200,
        caption_outside=caption_outside,
        **context,
    )


@get("/hearings.csv")
async def hearings_csv(request: Request[Any, Any, Any]) -> Response[bytes] | Template:
    """The calendar's hearings as a file, without any survivor."""
    context = await _calendar(request)
    if context["errors"]:
        return render(
            request,
            "pages/calendar.html",
            status_code=400,
            caption_outside=caption_outside,
            **context,
        )
    rows: list[list[object]] = []
    for row in context["rows"]:
        hearing, case, court = row["hearing"], row["case"], row["court"]
        zone = court.timezone if court else COURT_ZONE
        rows.append(
            [
                local_date(hearing.starts_at, zone),
                local_time(hearing.starts_at, zone),
                local_time(hearing.ends_at, zone),
                court.name if court else "",
                hearing.room,
                words(hearing.kind),
                words(hearing.mode),
                words(hearing.status),
                case.docket_number,
                caption_outside(case),
            ]
        )
    header = [
        "Date",
        "Starts",
        "Ends",
        "Court",
        "Room",
        "Hearing",
        "Mode",
        "Status",
        "Docket number",
        "Caption",
    ]
    name = f"hearings-{context['first'].isoformat()}-{context['last'].isoformat()}.csv"
    return csv_response(name, header, rows)


# ---- A team's deadlines at risk ---------------------------------------------------------


@get("/deadlines/team")
async def team_deadlines(request: Request[Any, Any, Any]) -> Template:
    """Every deadline at risk in one team's cases, soonest first, 50 a page: what the lead
    prosecutor goes through with the team. A prosecutor chooses among their own teams."""
    actor = signed_in(request)
    if actor.role == Role.ADMIN:
        teams = await _team_names()
    else:
        own = TeamMember.select(TeamMember.team).where(TeamMember.user == actor.id)
        rows = await Team.select(Team.id, Team.name).where(Team.id.is_in(own)).order_by(Team.name)
        teams = {r["id"]: r["name"] for r in rows}
    filters = Filters(request.query_params, ("team", "page"))
    team_id = filters.number("team", "Team")
    if team_id is not None and team_id not in teams:
        filters.errors["team"] = "Team must be one of your teams in the list."
    if team_id is None and teams:
        team_id = next(iter(teams))
        filters.form["team"] = str(team_id)
    page = filters.number("page", "Page", most=MOST_PAGES) or 1
    at_risk = None
    if not filters.errors and team_id is not None:
        at_risk = await deadlines_at_risk(
            actor,
            today=court_today(),
            team_id=team_id,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
    total = at_risk.total if at_risk else 0
    return render(
        request,
        "pages/team_deadlines.html",
        status_code=400 if filters.errors else 200,
        form=filters.form,
        errors=filters.errors,
        teams=teams,
        team_id=team_id,
        at_risk=at_risk,
        total=total,
        page=page,
        pages=max(1, math.ceil(total / PAGE_SIZE)),
        first_row=(page - 1) * PAGE_SIZE + 1,
        link=filters.query,
        today=court_today(),
    )

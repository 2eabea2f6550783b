"""JSON routes of case facts, deadlines, the at-risk list and court closures. Thin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.params import PathParameter, QueryParameter

from docket.accounts.services import Actor
from docket.api import IfMatch, Limit, Offset, errors
from docket.cases.progress import EARLIEST_DATE, court_today
from docket.deadlines import court_calendar, facts, services
from docket.deadlines.engine import CAVEAT
from docket.deadlines.schemas import (
    AtRiskList,
    CaseDeadlines,
    CaseFactsRead,
    CaseFactsUpdate,
    CaseSummary,
    CourtCalendarYear,
    CourtClosureCreate,
    CourtClosureMove,
    CourtClosurePage,
    CourtClosureRead,
    ExactPrescription,
    ExactPrescriptionRequest,
    HolidayDeclare,
    HolidayMove,
    HolidayRead,
    HolidaySource,
    WorkingDayDeclare,
    WorkingDayRead,
)
from docket.editing import expected_version
from docket.errors import InvalidInput
from docket.params import JSONBody, NamedDependency, PathId, QueryId

#: The court's date the statuses are given for; today in Asia/Manila unless asked.
AsOf = Annotated[
    dt.date | None,
    QueryParameter(
        required=False,
        description="Give statuses as on this day (YYYY-MM-DD); default: today in Manila",
    ),
]
Year = Annotated[int | None, QueryParameter(ge=1990, le=2200, required=False)]
#: A day of the court calendar in a path (YYYY-MM-DD).
PathDay = Annotated[dt.date, PathParameter(description="The day, YYYY-MM-DD")]


def day_asked(as_of: dt.date | None) -> dt.date:
    """The day the statuses are given for: today in Manila unless asked. A year no case can
    have is a 400 naming as_of, not a list of deadlines counted as of year 1 or 9999."""
    if as_of is None:
        return court_today()
    if not EARLIEST_DATE <= as_of <= dt.date(2100, 12, 31):
        raise InvalidInput.field("as_of", "must be between 1990 and 2100: check the year")
    return as_of


class CaseDeadlineController(Controller):
    path = "/api/cases"
    tags = ["deadlines"]

    @get("/{case_id:int}/facts", responses=errors(404), summary="The dates deadlines count from")
    async def get_facts(self, actor: NamedDependency[Actor], case_id: PathId) -> CaseFactsRead:
        """The dates entered for the case, the findings recorded (syndicate, large scale), and
        what is read from the rest of the case."""
        return await facts.get_case_facts(actor, case_id)

    @patch("/{case_id:int}/facts", responses=errors(404, 412), summary="Change a case's dates")
    async def update_facts(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        data: JSONBody[CaseFactsUpdate],
        if_match: IfMatch = None,
    ) -> CaseFactsRead:
        version = expected_version(data.version, if_match)
        return await facts.update_case_facts(actor, case_id, data, version)

    @get(
        "/{case_id:int}/deadlines",
        responses=errors(404),
        summary="A case's deadlines",
        description=(
            "Each deadline with its due date, status (met, missed, open, due_soon, overdue), "
            f"rule, source, certainty and note. {CAVEAT}"
        ),
    )
    async def case_deadlines(
        self, actor: NamedDependency[Actor], case_id: PathId, as_of: AsOf = None
    ) -> CaseDeadlines:
        """Each deadline with its due date, status (met, missed, open, due_soon, overdue), rule,
        source, certainty and note; computed from the facts at every read.

        Docket computes these dates to help; check them against the rules and orders in your
        case (the answer's ``caveat``)."""
        return await services.case_deadlines(actor, case_id, today=day_asked(as_of))

    @post(
        "/{case_id:int}/prescription-from-identity",
        status_code=200,
        responses=errors(403, 404),
        summary="Prescription from the exact birth date (advocate or lead prosecutor)",
        description=(
            "The deadlines list counts a child's prescription from 1 January of the birth "
            "year, never later than the law; the survivor's advocate and the case's lead "
            "prosecutor may ask for the date from the exact birthday, with a reason and a "
            f"two-step login. Each request is audited. {CAVEAT}"
        ),
    )
    async def exact_prescription(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        data: JSONBody[ExactPrescriptionRequest],
        as_of: AsOf = None,
    ) -> ExactPrescription:
        return await services.exact_prescription(
            actor, case_id, data.reason, today=day_asked(as_of)
        )

    @get(
        "/{case_id:int}/summary",
        responses=errors(404),
        summary="A case at a glance",
        description=f"Its stage, how many times its hearings were reset, and what is due. {CAVEAT}",
    )
    async def case_summary(
        self, actor: NamedDependency[Actor], case_id: PathId, as_of: AsOf = None
    ) -> CaseSummary:
        """Its stage, how many times its hearings were reset, and what is due.

        Docket computes these dates to help; check them against the rules and orders in your
        case (the answer's ``caveat``)."""
        return await services.case_summary(actor, case_id, today=day_asked(as_of))


class DeadlineController(Controller):
    path = "/api/deadlines"
    tags = ["deadlines"]

    @get(
        "/at-risk",
        responses=errors(),
        summary="Deadlines at risk, office-wide",
        description=(
            "Deadlines and targets due within 7 days, overdue or missed, in the cases you may "
            f"see. {CAVEAT}"
        ),
    )
    async def at_risk(
        self,
        actor: NamedDependency[Actor],
        team_id: QueryId = None,
        prosecutor_id: QueryId = None,
        court_id: QueryId = None,
        as_of: AsOf = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> AtRiskList:
        """Deadlines and targets due within 7 days, overdue or missed (a hearing gap over the
        limit), soonest first, in the cases you may see; by team, prosecutor (lead or member)
        or court. A page of ``limit`` (``total`` counts them all).

        Docket computes these dates to help; check them against the rules and orders in your
        case (the answer's ``caveat``)."""
        return await services.deadlines_at_risk(
            actor,
            today=day_asked(as_of),
            team_id=team_id,
            prosecutor_id=prosecutor_id,
            court_id=court_id,
            limit=limit,
            offset=offset,
        )


class CourtClosureController(Controller):
    path = "/api/court-closures"
    tags = ["deadlines"]

    @get("/", responses=errors(), summary="Court closures")
    async def list_closures(
        self, actor: NamedDependency[Actor], court_id: QueryId = None, year: Year = None
    ) -> CourtClosurePage:
        """Days courts did not sit beyond weekends and national holidays."""
        items = await services.list_court_closures(actor, court_id=court_id, year=year)
        return CourtClosurePage(items=items, total=len(items))

    @post(
        "/",
        responses=errors(403, 409),
        summary="Declare a court closure (admins)",
    )
    async def add_closure(
        self, actor: NamedDependency[Actor], data: JSONBody[CourtClosureCreate]
    ) -> CourtClosureRead:
        """A typhoon suspension or local holiday: deadlines ending on it move."""
        return await services.add_court_closure(actor, data)

    @post(
        "/{closure_id:int}/move",
        status_code=200,
        responses=errors(403, 404, 409),
        summary="Move a court closure to another day (admins)",
    )
    async def move_closure(
        self,
        actor: NamedDependency[Actor],
        closure_id: PathId,
        data: JSONBody[CourtClosureMove],
    ) -> CourtClosureRead:
        """The closure falls on another day; every clock follows at its next read."""
        return await services.move_court_closure(actor, closure_id, data)

    @delete(
        "/{closure_id:int}",
        responses=errors(403, 404),
        summary="Lift a court closure (admins)",
    )
    async def lift_closure(self, actor: NamedDependency[Actor], closure_id: PathId) -> None:
        """The courts sit after all: deadlines count through the day again."""
        await services.lift_court_closure(actor, closure_id)


class HolidayController(Controller):
    path = "/api/holidays"
    tags = ["deadlines"]

    @get("/", responses=errors(), summary="A year's holidays and special working days")
    async def list_holidays(
        self, actor: NamedDependency[Actor], year: Year = None
    ) -> CourtCalendarYear:
        """The national holidays every clock counts (estimated ones marked until confirmed),
        the special working days, and the built-in holidays lifted; this year unless asked."""
        return await court_calendar.court_calendar_year(actor, year or court_today().year)

    @post(
        "/",
        responses=errors(403, 409),
        summary="Declare a holiday (admins)",
    )
    async def declare_holiday(
        self, actor: NamedDependency[Actor], data: JSONBody[HolidayDeclare]
    ) -> HolidayRead:
        """Courts close on it; deadlines ending on it move."""
        return await court_calendar.declare_holiday(actor, data)

    @post(
        "/{day:date}/move",
        status_code=200,
        responses=errors(403, 404, 409),
        summary="Move a holiday to another day (admins)",
    )
    async def move_holiday(
        self, actor: NamedDependency[Actor], day: PathDay, data: JSONBody[HolidayMove]
    ) -> HolidayRead:
        """E.g. an Eid date announced a day later than estimated."""
        return await court_calendar.move_holiday(actor, day, data)

    @post(
        "/{day:date}/lift",
        status_code=200,
        responses=errors(403, 404),
        summary="Lift a holiday (admins)",
    )
    async def lift_holiday(
        self, actor: NamedDependency[Actor], day: PathDay, data: JSONBody[HolidaySource]
    ) -> HolidayRead:
        """Courts sit on the day after all; the holiday lifted is returned."""
        return await court_calendar.lift_holiday(actor, day, data)

    @post(
        "/{day:date}/confirm",
        status_code=200,
        responses=errors(403, 404, 409),
        summary="Confirm an estimated holiday (admins)",
    )
    async def confirm_holiday(
        self, actor: NamedDependency[Actor], day: PathDay, data: JSONBody[HolidaySource]
    ) -> HolidayRead:
        """The proclamation keeps the estimated date: no longer shown as estimated."""
        return await court_calendar.confirm_holiday(actor, day, data)


class WorkingDayController(Controller):
    path = "/api/working-days"
    tags = ["deadlines"]

    @post(
        "/",
        responses=errors(403, 409),
        summary="Declare a special working day (admins)",
    )
    async def declare_working_day(
        self, actor: NamedDependency[Actor], data: JSONBody[WorkingDayDeclare]
    ) -> WorkingDayRead:
        """Courts sit, even on a Saturday or a holiday: a deadline may end on it."""
        return await court_calendar.declare_working_day(actor, data)

    @delete(
        "/{day:date}",
        responses=errors(403, 404),
        summary="Lift a special working day (admins)",
    )
    async def lift_working_day(self, actor: NamedDependency[Actor], day: PathDay) -> None:
        await court_calendar.lift_working_day(actor, day)

"""Courts where hearings take place."""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Varchar
from piccolo.table import Table

from docket.courts.zones import PHILIPPINES


class Court(Table, tablename="court"):
    """A court branch, e.g. "RTC Branch 16, Cebu City"."""

    id: Serial
    #: The branch's name as it is written on a subpoena.
    name = Varchar(length=200, unique=True)
    #: A Regional Trial Court branch designated as a family court (RA 8369; RA 9208 s8).
    family_court = Boolean(default=False)
    #: The street address, for the people who must go there.
    address = Text(default="")
    #: IANA time zone: every hearing time is shown in the court's zone.
    timezone = Varchar(length=64, default=PHILIPPINES)
    #: Increases on every change; a stale edit is refused.
    version = Integer(default=1)


class CourtClosure(Table, tablename="court_closure"):
    """A day courts did not sit beyond weekends and national holidays (a typhoon suspension, a
    local holiday): no period may end on it."""

    id: Serial
    #: The day, in the court's own calendar.
    closed_on = Date(index=True)
    #: The court closed; null for every court (e.g. a region-wide suspension).
    court = ForeignKey(references=Court, null=True)
    #: Why, e.g. "Typhoon signal no. 3: work suspended by the Executive Judge".
    reason = Varchar(length=200)


class HolidayDecision(Table, tablename="holiday_decision"):
    """An administrator's correction of the national holiday calendar for one day, overriding
    the built-in data (docket.deadlines.holidays): a holiday declared, moved here or confirmed
    by its proclamation, a built-in holiday lifted, or a special working day declared. At most
    one decision per day; every clock reads them at its next count."""

    id: Serial
    #: The day decided, a plain calendar date (the courts' calendar, Asia/Manila).
    day = Date(unique=True)
    #: "holiday" (courts close), "not_holiday" (a built-in holiday lifted or moved away) or
    #: "working_day" (courts sit even on a weekend or holiday, by proclamation).
    kind = Varchar(length=20)
    #: The holiday's name, or why the day is a working day, e.g. "Eid al-Fitr".
    name = Varchar(length=200)
    #: Where the decision comes from, e.g. "Proclamation No. 1234, s. 2027".
    source = Varchar(length=300)
    #: Increases on every change; a stale edit is refused.
    version = Integer(default=1)

"""Courts where hearings take place."""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Varchar
from piccolo.table import Table


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
    timezone = Varchar(length=64, default="Asia/Manila")
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

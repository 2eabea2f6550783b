"""Counting periods the way the Rules of Court do, on the Philippine court calendar.

Forward periods (Rules of Court R22 s1 [M]; Administrative Code 1987 Book I s31 [M]): the day of
the event is excluded and the last day included; a last day that falls on a Saturday, Sunday,
holiday or court closure moves to the next working day.

Courts are closed on weekends, on the Philippine national holidays (regular holidays and special
non-working days alike: docket.deadlines.holidays, the built-in data as an administrator
corrected it), and on closures an administrator declares (typhoon or flood suspensions, local
holidays where the court sits); they sit on a special working day an administrator declares,
even a Saturday. Dates are plain calendar dates in the court's own time zone (Asia/Manila); no
time of day is involved.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

import msgspec

from docket.deadlines.holidays import holiday_names

__all__ = [
    "Closures",
    "CourtCalendar",
    "LastDayRule",
    "add_months",
    "closed_because",
    "court_closed",
    "days_after",
    "days_before",
    "months_after",
    "move_off_closed_day",
    "next_working_day",
    "previous_working_day",
]

#: What to do when a period's last day is a day the court is closed.
#: "calendar_day": the period runs by the clock, closed days or not (RPC Art. 125's hours).
LastDayRule = Literal["next_working_day", "previous_working_day", "calendar_day"]


class CourtCalendar(msgspec.Struct, frozen=True, kw_only=True):
    """The administrators' corrections a count reads, besides weekends and built-in holidays."""

    #: Declared closures and holidays declared, moved here or confirmed: closed.
    closed: frozenset[dt.date] = frozenset()
    #: Built-in holidays lifted or moved away: open unless a weekend or a closure.
    not_holidays: frozenset[dt.date] = frozenset()
    #: Special working days: open, whatever else the day is.
    working_days: frozenset[dt.date] = frozenset()


#: The days a court does not sit beyond weekends and holidays (a plain set of closures), or the
#: whole of the administrators' corrections.
Closures = frozenset[dt.date] | CourtCalendar

_NO_CLOSURES: Closures = frozenset()


def closed_because(day: dt.date, closures: Closures = _NO_CLOSURES) -> str | None:
    """Why the court is closed on this day (e.g. "Sunday", "Rizal Day"), or None if open."""
    calendar_ = closures if isinstance(closures, CourtCalendar) else CourtCalendar(closed=closures)
    if day in calendar_.working_days:
        return None
    if day in calendar_.closed:
        return "court closure"
    if day.weekday() >= calendar.SATURDAY:
        return calendar.day_name[day.weekday()]
    if day in calendar_.not_holidays:
        return None
    return holiday_names(day.year).get(day)


def court_closed(day: dt.date, closures: Closures = _NO_CLOSURES) -> bool:
    """True on a Saturday, Sunday, Philippine holiday or declared court closure."""
    return closed_because(day, closures) is not None


def next_working_day(day: dt.date, closures: Closures = _NO_CLOSURES) -> dt.date:
    """This day if the court is open, else the first open day after it."""
    while court_closed(day, closures):
        day += dt.timedelta(days=1)
    return day


def previous_working_day(day: dt.date, closures: Closures = _NO_CLOSURES) -> dt.date:
    """This day if the court is open, else the last open day before it."""
    while court_closed(day, closures):
        day -= dt.timedelta(days=1)
    return day


def move_off_closed_day(
    day: dt.date, rule: LastDayRule, closures: Closures = _NO_CLOSURES
) -> dt.date:
    """Apply a rule's choice of direction when its last day is a closed day."""
    if rule == "next_working_day":
        return next_working_day(day, closures)
    if rule == "calendar_day":
        return day
    return previous_working_day(day, closures)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month, ``months`` later (or earlier if negative).

    When the target month is shorter the date is clamped to its last day: 31 Aug + 6 months is
    28 Feb (29 in a leap year), never 3 Mar. Clamping keeps the result inside the target month,
    which is what "six months from 31 August" means to a reader of a court order.
    """
    index = day.month - 1 + months
    year, month0 = divmod(index, 12)
    year += day.year
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def days_after(
    start: dt.date,
    days: int,
    closures: Closures = _NO_CLOSURES,
    *,
    last_day: LastDayRule = "next_working_day",
) -> dt.date:
    """The last day of a period of ``days`` days counted from ``start``.

    ``start`` is excluded and the last day included (R22 s1 [M]), so 10 days from Monday 2 Mar
    end on Thursday 12 Mar. A closed last day moves to the next working day.
    """
    return move_off_closed_day(start + dt.timedelta(days=days), last_day, closures)


def months_after(
    start: dt.date,
    months: int,
    closures: Closures = _NO_CLOSURES,
    *,
    last_day: LastDayRule = "next_working_day",
) -> dt.date:
    """The last day of a period of calendar months counted from ``start``.

    Calendar months, as the rules write them ("six months", CT III.6). The Administrative Code
    1987 Book I s31 [M] reads a bare "month" as 30 days; six calendar months are always at least
    181 days, so for an eligibility date such as archiving this never comes too early.
    """
    return move_off_closed_day(add_months(start, months), last_day, closures)


def days_before(event: dt.date, days: int, closures: Closures = _NO_CLOSURES) -> dt.date:
    """The last day to act when something must be done at least ``days`` days before ``event``.

    The event day is counted in and the filing day left out, mirroring R22 s1: a motion due
    "at least 5 days before" a Friday 20 Mar trial must be in by Sunday 15 Mar - then moved.

    The move is EARLIER, to the previous working day, never later. Moving it to the next working
    day (as a forward period would) would leave fewer clear days than the rule demands and the
    filing would be late; R22 s1's extension exists to give a party the full period, and in a
    backward count the full period is only kept by filing sooner.
    """
    return previous_working_day(event - dt.timedelta(days=days), closures)

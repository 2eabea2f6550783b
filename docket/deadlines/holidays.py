"""The national holidays courts close on, as data with a source, and an administrator's
corrections of them.

The built-in data is the holidays library's Philippine calendar (RA 9492 and the usual yearly
proclamation, projected ahead; the Islamic holidays it estimates) plus ``holidays.toml``, which
fills its gaps (2028's election day and All Souls' Day). An estimated date stays marked
estimated until an administrator confirms it. Administrators' decisions (docket.courts.tables
.HolidayDecision, one per day) override the built-in data: a holiday declared, moved or
confirmed, a built-in one lifted, a special working day. Every clock reads them at its next
count (docket.deadlines.facts), so a correction moves every deadline at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

import holidays
import msgspec

__all__ = [
    "ESTIMATED_MARK",
    "LIBRARY_SOURCE",
    "BuiltInHoliday",
    "DecisionKind",
    "built_in_holidays",
    "holiday_names",
]

#: How the holidays library marks a date it estimated (the Islamic holidays).
ESTIMATED_MARK = " (estimated)"
#: The source of the library's dates.
LIBRARY_SOURCE = "RA 9492 and the yearly holiday proclamation (holidays library, PH calendar)"
_DATA = Path(__file__).with_name("holidays.toml")


class DecisionKind(StrEnum):
    """What an administrator decided about one day."""

    #: Courts close: a holiday declared, moved here, or a built-in date confirmed.
    HOLIDAY = "holiday"
    #: A built-in holiday lifted (or moved away from this day): courts sit unless a weekend.
    NOT_HOLIDAY = "not_holiday"
    #: A special working day: courts sit, even on a weekend or holiday.
    WORKING_DAY = "working_day"


class BuiltInHoliday(msgspec.Struct, frozen=True, kw_only=True):
    day: dt.date
    name: str
    source: str
    #: The proclamation is not out (or the library computed the date): it may be a day off.
    estimated: bool


class _Entry(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    day: dt.date
    name: str
    source: str
    estimated: bool


class _File(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    holiday: list[_Entry]


@functools.cache
def _supplement() -> tuple[_Entry, ...]:
    raw: dict[str, Any] = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    return tuple(msgspec.convert(raw, _File).holiday)


@functools.cache
def built_in_holidays(year: int) -> Mapping[dt.date, BuiltInHoliday]:
    """The year's national holidays before any administrator's correction."""
    found: dict[dt.date, BuiltInHoliday] = {}
    library: Iterable[tuple[dt.date, str]] = holidays.country_holidays("PH", years=year).items()
    for day, name in library:
        estimated = ESTIMATED_MARK in name
        found[day] = BuiltInHoliday(
            day=day,
            name=name.replace(ESTIMATED_MARK, ""),
            source=LIBRARY_SOURCE,
            estimated=estimated,
        )
    for entry in _supplement():
        if entry.day.year == year:
            found[entry.day] = BuiltInHoliday(
                day=entry.day, name=entry.name, source=entry.source, estimated=entry.estimated
            )
    return dict(sorted(found.items()))


@functools.cache
def holiday_names(year: int) -> dict[dt.date, str]:
    """The built-in holidays of a year by day, for the working-day count."""
    return {day: h.name for day, h in built_in_holidays(year).items()}

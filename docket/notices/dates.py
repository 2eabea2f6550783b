"""Dates and times in words, in the survivor's language (notices.md §3).

Never numbers only: weekday, month name, day and year, then the clock time and a word for the
part of the day. Every word comes from Docket's own catalogs, reviewed per language, and never
from the installed locale data: Babel 2.19's CLDR changed Cebuano's "Septyembre" to
"Septiyembre" under a child's notice, CLDR has no day periods for Cebuano and no Waray at
all, and its Filipino calls 7-11 a.m. "madaling-araw" (dawn).
"""

import gettext
from datetime import datetime

from docket.cases.choices import Language
from docket.courts.zones import zone_of
from docket.notices.catalogs import N_, translations


def _local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(zone_of(timezone))


def date_in_words(moment: datetime, timezone: str, language: Language) -> str:
    """Weekday, month name, day and year, e.g. "Biyernes, Marso 14, 2025"."""
    local = _local(moment, timezone)
    tr = translations(language)
    weekday = tr.gettext(_WEEKDAYS[local.weekday()])
    month = tr.gettext(_MONTHS[local.month - 1])
    return tr.gettext("%(weekday)s, %(month)s %(day)d, %(year)d") % {
        "weekday": weekday,
        "month": month,
        "day": local.day,
        "year": local.year,
    }


def time_in_words(moment: datetime, timezone: str, language: Language) -> str:
    """Clock time and a word for the part of the day, e.g. "9:30 sa buntag"."""
    local = _local(moment, timezone)
    tr = translations(language)
    return tr.gettext("%(clock)s %(day_period)s") % {
        "clock": f"{(local.hour - 1) % 12 + 1}:{local.minute:02d}",
        "day_period": _day_period(local.hour, local.minute, tr),
    }


def _day_period(hour: int, minute: int, tr: gettext.GNUTranslations) -> str:
    pgettext = tr.pgettext
    if hour < 6:
        return pgettext("day period 0:00-5:59", "early in the morning")
    if hour < 12:
        return pgettext("day period 6:00-11:59", "in the morning")
    # Noon is 12:00 only: "12:30 at noon" is no time at all in English. Languages whose word
    # for midday covers the hour (Binisaya "sa udto") say it for both.
    if hour == 12 and minute == 0:
        return pgettext("day period 12:00", "noon")
    if hour < 13:
        return pgettext("day period 12:01-12:59", "in the afternoon")
    if hour < 18:
        return pgettext("day period 13:00-17:59", "in the afternoon")
    return pgettext("day period 18:00-23:59", "in the evening")


# Translated in every catalog (English keeps the message itself).
_WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
_MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)

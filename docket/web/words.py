"""How pages say things: times in the court's zone in words read at a glance ("Thu 3 Dec 2026,
8:30 AM"), and stored values (``trial_prosecution_evidence``) as people say them."""

from __future__ import annotations

import datetime as dt

from docket.courts.zones import PHILIPPINES, zone_of
from docket.db import is_plausible

#: Courts sit in Asia/Manila; a court with no zone of its own is shown in it.
COURT_ZONE = PHILIPPINES
#: Between the start and the end of a time range.
EN_DASH = "\u2013"

#: Values whose plain words are not just the value with spaces.
_WORDS = {
    "case_build_up": "Case build-up",
    "arraignment_and_pre_trial": "Arraignment and pre-trial",
    "trial_prosecution_evidence": "Trial: prosecution evidence",
    "trial_defence_evidence": "Trial: defence evidence",
    "trial_rebuttal": "Trial: rebuttal",
    "pre_trial": "Pre-trial",
    "in_person": "In person",
    "live_link_tv": "Live-link TV",
    "guardian_ad_litem": "Guardian ad litem",
    "witness_protection_programme": "Witness protection programme",
    "at_large": "At large",
    "on_bail": "On bail",
    "under_7": "Under 7",
    "7_to_11": "7 to 11",
    "12_to_17": "12 to 17",
    "ceb": "Cebuano",
    "fil": "Filipino",
    "en": "English",
    "war": "Waray",
    "due_soon": "Due soon",
    "guilty_to_lesser_offence": "Guilty to a lesser offence",
    "not_guilty": "Not guilty",
    "advocate_checklist": "Advocate's checklist",
    "young_child": "Young child (pictures, read aloud)",
    "cancelled_note": "Court is not on that day (note for a cancelled hearing)",
    "long": "Long bond (8.5 by 13 in)",
    "letter": "Letter / short bond (8.5 by 11 in)",
    "a4": "A4",
}


def words(value: object) -> str:
    """A stored value in plain words: ``trial`` → "Trial", ``on_bail`` → "On bail"."""
    text = str(getattr(value, "value", value) or "")
    if text in _WORDS:
        return _WORDS[text]
    spaced = text.replace("_", " ")
    return spaced[:1].upper() + spaced[1:]


def _local(value: dt.datetime, zone: str | None) -> dt.datetime:
    try:
        return value.astimezone(zone_of(zone or COURT_ZONE))
    except OverflowError:  # a stored 9999-12-31 (see is_plausible): shown as it is, in UTC
        return value


def _clock(value: dt.datetime) -> str:
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"


def when(value: dt.datetime | None, zone: str | None = None) -> str:
    """ "Thu 3 Dec 2026, 8:30 AM" in the court's zone."""
    if value is None:
        return "—"
    local = _local(value, zone)
    shown = f"{local:%a} {local.day} {local:%b %Y}, {_clock(local)}"
    if not is_plausible(value):
        return f"{shown} UTC (needs attention: no court sits in that year)"
    return shown


def time_range(starts: dt.datetime, ends: dt.datetime, zone: str | None = None) -> str:
    """ "Thu 3 Dec 2026, 8:30 AM to 10:30 AM", with a dash (the end's day too when it differs)."""
    start, end = _local(starts, zone), _local(ends, zone)
    if start.date() == end.date():
        return f"{when(starts, zone)} {EN_DASH} {_clock(end)}"
    return f"{when(starts, zone)} {EN_DASH} {when(ends, zone)}"


def day(value: dt.date | None) -> str:
    """ "Thu 3 Dec 2026"."""
    if value is None:
        return "—"
    return f"{value:%a} {value.day} {value:%b %Y}"


def local_date(value: dt.datetime, zone: str | None = None) -> str:
    """The court's date as ``YYYY-MM-DD``, for a date input."""
    return _local(value, zone).date().isoformat()


def local_time(value: dt.datetime, zone: str | None = None) -> str:
    """The court's clock time as ``HH:MM``, for a time input."""
    return f"{_local(value, zone):%H:%M}"


def days_until(value: dt.date, today: dt.date) -> str:
    """ "in 3 days", "today", "2 days late"."""
    delta = (value - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta > 1:
        return f"in {delta} days"
    return "1 day late" if delta == -1 else f"{-delta} days late"


#: What a page template may call.
TEMPLATE_WORDS = {
    "words": words,
    "when": when,
    "time_range": time_range,
    "day": day,
    "local_date": local_date,
    "local_time": local_time,
    "days_until": days_until,
}

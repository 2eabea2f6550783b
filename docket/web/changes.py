"""A case's recent changes, in words, from its audit rows (identity fields arrive redacted), and
"who changed this record last" for a stale edit."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import msgspec

from docket.accounts import services as accounts
from docket.audit.services import read_trail
from docket.web.words import day, when, words

#: Fields too technical to show a person.
_HIDDEN_FIELDS = frozenset(
    {"id", "case", "created_at", "updated_at", "updated_by", "version", "sequence"}
)
#: Actions whose details stay in the audit trail, which only admins read: the reason someone
#: gave for reading who a survivor is ("confirming transfer to <shelter>") can name what the
#: pseudonym hides, and so can why a read or a print was refused. The page says that it
#: happened and who did it, never the details.
_DETAILS_IN_THE_TRAIL_ONLY = frozenset(
    {"survivor_identity.read", "survivor_identity.set", "notice.print"}
)
#: How much of a changed value is shown.
_LONGEST_VALUE = 60
#: An instant or a day as the audit trail stores it ("2026-12-11T00:30:00+00:00",
#: "2026-12-11"): shown in words in the court's time, never as raw UTC.
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Change(msgspec.Struct, kw_only=True):
    at: dt.datetime
    who: str
    what: str
    #: "field: before → after", in words.
    details: list[str]


async def user_names() -> dict[int, str]:
    return {row["id"]: row["name"] for row in await accounts.list_users()}


def _value(value: Any, zone: str | None = None) -> str:
    if value is None or value == "":
        return "(none)"
    try:
        if isinstance(value, str) and _INSTANT.match(value):
            return when(dt.datetime.fromisoformat(value.replace("Z", "+00:00")), zone)
        if isinstance(value, str) and _DAY.match(value):
            return day(dt.date.fromisoformat(value))
    except ValueError:
        pass  # shaped like a date but none (2026-13-45): shown as it was stored
    text = (
        words(value) if isinstance(value, str) and value.islower() and " " not in value else value
    )
    text = str(text)
    return text if len(text) <= _LONGEST_VALUE else text[: _LONGEST_VALUE - 1] + "…"


def _change(row: dict[str, Any], names: dict[int, str], zone: str | None = None) -> Change:
    before = msgspec.json.decode(row["before"] or "{}")
    after = msgspec.json.decode(row["after"] or "{}")
    entity, _, verb = str(row["action"]).partition(".")
    what = f"{words(entity)} {words(verb).lower()}" if verb else words(entity)
    details = []
    if row["action"] in _DETAILS_IN_THE_TRAIL_ONLY:
        pass
    elif verb == "create":
        # What was added is on the page itself; the trail's copy may hold notes not meant
        # for a list seen over someone's shoulder.
        what = f"{words(entity)} added"
    else:
        for key in after:
            if key in _HIDDEN_FIELDS:
                continue
            was, now = _value(before.get(key), zone), _value(after[key], zone)
            details.append(f"{words(key)}: {was} → {now}")
    return Change(
        at=row["at"],
        who=names.get(row["actor"], "the system") if row["actor"] else "the system",
        what=what,
        details=details,
    )


async def recent_changes(case_id: int, *, limit: int = 15, zone: str | None = None) -> list[Change]:
    """The case's newest audit rows in words, times in the court's zone. The caller has
    checked the case is visible."""
    rows, _total = await read_trail(
        case_id=case_id, actor_id=None, since=None, until=None, limit=limit, offset=0
    )
    names = await user_names()
    return [_change(row, names, zone) for row in rows]


async def last_change(case_id: int, entity: str, entity_id: int, *, zone: str | None = None) -> str:
    """ "Atty. Joy Mendoza changed it on Thu 3 Dec 2026, 8:31 AM (status: scheduled → reset)",
    every time in the court's zone (``zone``; Asia/Manila when not given)."""
    rows, _total = await read_trail(
        case_id=case_id, actor_id=None, since=None, until=None, limit=50, offset=0
    )
    names = await user_names()
    for row in rows:
        if row["entity"] == entity and row["entity_id"] == entity_id:
            change = _change(row, names, zone)
            details = f" ({'; '.join(change.details)})" if change.details else ""
            return f"{change.who} changed it on {when(change.at, zone)}{details}."
    return "Someone changed it after you opened the form."

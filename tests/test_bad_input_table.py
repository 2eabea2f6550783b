"""The bad-input table: every probe that once found a 500 (or a 400 without a field) and the
classes of input behind them, sent to the main routes on both engines. Each answer is a 400
naming the field, never a 5xx, and nothing is stored.

The classes: years no court could mean (0, 1, 1899, 2101, 10000) in every instant and date
field; control characters (NUL, which PostgreSQL refuses in text, and the right-to-left
override) in text, query strings and paths; 10,000-character text; deeply nested JSON; bodies
in another format than the route reads; paging out of range; time zones that are no zone.

Docket answers a JSON route's body in another format with 400 naming "Content-Type" (not 415):
the same error shape as every other bad field, which is what the pages and scripts read.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable
from typing import Any

import httpx
import msgspec
import pytest

from docket.deadlines.schemas import CaseFactsUpdate
from tests.conftest import Api, People
from tests.test_api_cases import make_case, make_court
from tests.test_api_hearings import SOON, iso, make_hearing
from tests.test_api_people import add_accused, add_survivor

pytestmark = pytest.mark.anyio


@dataclasses.dataclass(frozen=True)
class World:
    """The records the probes aim at: one case of the test team, in a court, with a hearing,
    an accused, a charge, a survivor and a witness (all at version 1)."""

    case: int
    court: int
    hearing: int
    accused: int
    charge: int
    survivor: int
    witness: int


#: A JSON body, or one built from the world's ids.
Body = Any | Callable[[World], Any]

_NO_BODY = object()


@dataclasses.dataclass(frozen=True)
class Probe:
    """One bad request and the field its 400 must name (None: the request has no field)."""

    kind: str
    name: str
    method: str
    #: The path, with {case}, {hearing}, ... filled in from the world.
    path: str
    field: str | None
    json: Body = _NO_BODY
    params: dict[str, str] | None = None
    #: A raw body and its Content-Type (instead of `json`).
    content: bytes | None = None
    content_type: str | None = None
    #: A form body (application/x-www-form-urlencoded).
    form: dict[str, str] | None = None
    who: str = "lawyer"
    status: int = 400


YEARS = "a year no court could mean"
CONTROLS = "control characters"
LONG = "ten thousand characters"
DEEP = "deeply nested JSON"
CONTENT_TYPE = "a body in another format"
PAGING = "paging out of range"
ZONES = "a time zone that is no zone"
IDS = "an id out of range"

PROBES: list[Probe] = []


def probe(*args: Any, **kwargs: Any) -> None:
    PROBES.append(Probe(*args, **kwargs))


# --- years no court could mean ------------------------------------------------------------

#: Instants that once reached the database or overflowed: year 0 and 10000 are no ISO 8601
#: instant; year 1 at midnight in Manila is year 0 in UTC; 1899 and 2101 are outside 1900-2100.
BAD_INSTANTS = {
    "0": "0000-01-01T09:00:00+08:00",
    "1": "0001-01-01T00:00:00+08:00",
    "1899": "1899-12-31T09:00:00+08:00",
    "2101": "2101-01-01T09:00:00+08:00",
    "10000": "10000-01-01T09:00:00+08:00",
}
BAD_DAYS = {
    "0": "0000-01-01",
    "1": "0001-01-01",
    "1899": "1899-12-31",
    "2101": "2101-01-01",
    "9999": "9999-12-31",
    "10000": "10000-01-01",
}
START, END = iso(SOON), iso(SOON.replace(hour=10))

# The probe of issue 17: a year later than 9999 once in Manila.
LAST = "9999-12-31T22:00:00Z"
probe(
    YEARS,
    "a new hearing on 9999-12-31 22:00 UTC",
    "POST",
    "/api/cases/{case}/hearings",
    "starts_at",
    json={"kind": "trial", "starts_at": LAST, "ends_at": END},
)
probe(
    YEARS,
    "a hearing moved to 9999-12-31 22:00 UTC",
    "PATCH",
    "/api/hearings/{hearing}",
    "starts_at",
    json={"version": 1, "starts_at": LAST},
)
probe(
    YEARS,
    "a hearing reset to 9999-12-31 22:00 UTC",
    "POST",
    "/api/hearings/{hearing}/outcome",
    "new_starts_at",
    json={
        "version": 1,
        "outcome": "reset",
        "reason": "judge on leave",
        "new_starts_at": LAST,
        "new_ends_at": END,
    },
)
probe(
    YEARS,
    "hearings listed from 9999-12-31 22:00 UTC",
    "GET",
    "/api/hearings",
    "starts_from",
    params={"starts_from": LAST},
)
probe(
    YEARS,
    "the audit trail since 9999-12-31 22:00 UTC",
    "GET",
    "/api/audit",
    "since",
    params={"since": LAST},
    who="admin",
)
for year, instant in BAD_INSTANTS.items():
    probe(
        YEARS,
        f"a new hearing starting in year {year}",
        "POST",
        "/api/cases/{case}/hearings",
        "starts_at",
        json={"kind": "trial", "starts_at": instant, "ends_at": END},
    )
    probe(
        YEARS,
        f"a new hearing ending in year {year}",
        "POST",
        "/api/cases/{case}/hearings",
        "ends_at",
        json={"kind": "trial", "starts_at": START, "ends_at": instant},
    )
    probe(
        YEARS,
        f"a hearing moved to year {year}",
        "PATCH",
        "/api/hearings/{hearing}",
        "starts_at",
        json={"version": 1, "starts_at": instant},
    )
    probe(
        YEARS,
        f"a hearing's end moved to year {year}",
        "PATCH",
        "/api/hearings/{hearing}",
        "ends_at",
        json={"version": 1, "ends_at": instant},
    )
    probe(
        YEARS,
        f"a hearing reset to year {year}",
        "POST",
        "/api/hearings/{hearing}/outcome",
        "new_starts_at",
        json={
            "version": 1,
            "outcome": "reset",
            "reason": "judge on leave",
            "new_starts_at": instant,
            "new_ends_at": END,
        },
    )
    probe(
        YEARS,
        f"a reset hearing ending in year {year}",
        "POST",
        "/api/hearings/{hearing}/outcome",
        "new_ends_at",
        json={
            "version": 1,
            "outcome": "reset",
            "reason": "judge on leave",
            "new_starts_at": START,
            "new_ends_at": instant,
        },
    )
    for name in ("starts_from", "starts_before"):
        probe(
            YEARS,
            f"hearings listed with {name} in year {year}",
            "GET",
            "/api/hearings",
            name,
            params={name: instant},
        )
    for name in ("since", "until"):
        probe(
            YEARS,
            f"the audit trail read with {name} in year {year}",
            "GET",
            "/api/audit",
            name,
            params={name: instant},
            who="admin",
        )

DEADLINE_LISTS = (
    "/api/cases/{case}/deadlines",
    "/api/cases/{case}/summary",
    "/api/deadlines/at-risk",
)
FACT_DAYS = [f.name for f in msgspec.structs.fields(CaseFactsUpdate) if f.name.endswith("_on")]
for year, day in BAD_DAYS.items():
    for name in FACT_DAYS:
        probe(
            YEARS,
            f"a case's {name} in year {year}",
            "PATCH",
            "/api/cases/{case}/facts",
            name,
            json={"version": 1, name: day},
        )
    probe(
        YEARS,
        f"a court closure in year {year}",
        "POST",
        "/api/court-closures",
        "on",
        json={"on": day, "reason": "Sinulog"},
        who="admin",
    )
    probe(
        YEARS,
        f"a charge's offence in year {year}",
        "POST",
        "/api/cases/{case}/charges",
        "offence_date",
        json=lambda w, day=day: {
            "accused_id": w.accused,
            "statute_code": "TIP-6",
            "offence_date": day,
        },
    )
    probe(
        YEARS,
        f"a charge's offence moved to year {year}",
        "PATCH",
        "/api/charges/{charge}",
        "offence_date",
        json={"version": 1, "offence_date": day},
    )
    probe(
        YEARS,
        f"a stage change dated in year {year}",
        "POST",
        "/api/cases/{case}/stage",
        "on",
        json={"version": 1, "stage": "inquest", "reason": "Arrested in the act", "on": day},
    )
    probe(
        YEARS,
        f"a plea entered in year {year}",
        "POST",
        "/api/accused/{accused}/plea",
        "on",
        json={"version": 1, "plea": "not_guilty", "on": day},
    )
    probe(
        YEARS,
        f"a judgment dated in year {year}",
        "POST",
        "/api/accused/{accused}/disposition",
        "on",
        json={"version": 1, "disposition": "convicted", "on": day},
    )
    probe(
        YEARS,
        f"a protection need requested in year {year}",
        "POST",
        "/api/hearings/{hearing}/protection-needs",
        "requested_on",
        json=lambda w, day=day: {"witness_id": w.witness, "measure": "screen", "requested_on": day},
        who="advocate",
    )
    for path in DEADLINE_LISTS:
        if year in ("0", "10000"):  # no date at all; the others: see NOT_YET below
            probe(YEARS, f"{path} as of year {year}", "GET", path, "as_of", params={"as_of": day})
for year in ("0", "1", "1899", "10000"):
    probe(
        YEARS,
        f"court closures of year {year}",
        "GET",
        "/api/court-closures",
        "year",
        params={"year": year},
    )


# --- control characters ---------------------------------------------------------------------

for label, control in (("a NUL", "\x00"), ("a right-to-left override", "\u202e")):
    probe(
        CONTROLS,
        f"{label} in the login's email",
        "POST",
        "/api/auth/login",
        "email",
        json={"email": f"grace{control}@docket.test", "password": "x"},
        who="anonymous",
    )
    probe(
        CONTROLS,
        f"{label} in the login's password",
        "POST",
        "/api/auth/login",
        "password",
        json={"email": "grace@docket.test", "password": f"pass{control}word"},
        who="anonymous",
    )
    probe(
        CONTROLS,
        f"{label} in the login page's email",
        "POST",
        "/login",
        "email",
        form={"email": f"grace{control}@docket.test", "password": "x", "csrf": "x"},
        who="anonymous",
    )
    probe(
        CONTROLS,
        f"{label} in a static file's path",
        "GET",
        "/static/docket.css" + ("%00" if control == "\x00" else "%E2%80%AE") + ".js",
        "path",
        who="anonymous",
    )
    probe(
        CONTROLS,
        f"{label} as a static file's name",
        "GET",
        "/static/" + ("%00" if control == "\x00" else "%E2%80%AE"),
        "path",
        who="anonymous",
    )
    probe(
        CONTROLS,
        f"{label} in a statute's code",
        "GET",
        "/api/statutes/TIP" + ("%00" if control == "\x00" else "%E2%80%AE"),
        "path",
    )
    # No route has a case id that is not a number: 404, as for any unknown path.
    probe(
        CONTROLS,
        f"{label} as a case's id",
        "GET",
        "/api/cases/" + ("%00" if control == "\x00" else "%E2%80%AE"),
        None,
        status=404,
    )
    probe(
        CONTROLS,
        f"{label} in a case's caption",
        "POST",
        "/api/cases",
        "caption",
        json={"docket_number": "CEB-2026-0777", "caption": f"People v. {control}Cruz"},
    )
    probe(
        CONTROLS,
        f"{label} in a court's name",
        "POST",
        "/api/courts",
        "name",
        json={"name": f"RTC Branch{control} 20"},
        who="admin",
    )
    probe(
        CONTROLS,
        f"{label} in a court's time zone",
        "POST",
        "/api/courts",
        "timezone",
        json={"name": "RTC Branch 20", "timezone": f"Asia/Manila{control}"},
        who="admin",
    )
    probe(
        CONTROLS,
        f"{label} in an accused's name",
        "POST",
        "/api/cases/{case}/accused",
        "name",
        json={"name": f"Juan{control} Cruz"},
    )
    probe(
        CONTROLS,
        f"{label} in a witness's name",
        "POST",
        "/api/cases/{case}/witnesses",
        "name",
        json={"kind": "police_officer", "name": f"PSSg.{control} Reyes"},
    )
    probe(
        CONTROLS,
        f"{label} in a closure's reason",
        "POST",
        "/api/court-closures",
        "reason",
        json={"on": "2026-12-08", "reason": f"Feast{control}"},
        who="admin",
    )
    probe(
        CONTROLS,
        f"{label} in a stage change's reason",
        "POST",
        "/api/cases/{case}/stage",
        "reason",
        json={"version": 1, "stage": "inquest", "reason": f"Arrest{control}"},
    )
    probe(
        CONTROLS,
        f"{label} in an outcome's note",
        "POST",
        "/api/hearings/{hearing}/outcome",
        "note",
        json={"version": 1, "outcome": "held", "note": f"Heard{control}"},
    )
    probe(
        CONTROLS,
        f"{label} in a hearing's room",
        "PATCH",
        "/api/hearings/{hearing}",
        "room",
        json={"version": 1, "room": f"Sala{control} 2"},
    )
    probe(
        CONTROLS,
        f"{label} in a feed's name",
        "POST",
        "/api/feeds",
        "name",
        json={"scope": "mine", "name": f"Hearings{control}"},
    )
    probe(
        CONTROLS,
        f"{label} in the reason for reading an identity",
        "POST",
        "/api/survivors/{survivor}/identity/read",
        "reason",
        json={"reason": f"Preparing the{control} trial"},
        who="advocate",
    )
    probe(
        CONTROLS,
        f"{label} in a JSON field's name",
        "POST",
        "/api/cases",
        f"cap{control}",
        json={"docket_number": "CEB-2026-0777", f"cap{control}": "People v. Cruz"},
    )
    probe(
        CONTROLS,
        f"{label} in the case search",
        "GET",
        "/api/cases",
        "q",
        params={"q": f"Cruz{control}"},
    )
    probe(
        CONTROLS,
        f"{label} in the statute search",
        "GET",
        "/api/statutes",
        "q",
        params={"q": f"TIP{control}"},
    )
    probe(
        CONTROLS,
        f"{label} in a query parameter's name",
        "GET",
        "/api/hearings",
        f"kind{control}",
        params={f"kind{control}": "trial"},
    )
    probe(
        CONTROLS,
        f"{label} in a page form's reason",
        "POST",
        "/cases/{case}/stage",
        "reason",
        form={"version": "1", "stage": "inquest", "reason": f"Arrest{control}"},
    )


# --- ten thousand characters ----------------------------------------------------------------

TEN_K = "Dela Cruz " * 1000
probe(
    LONG,
    "a 10,000-character caption",
    "POST",
    "/api/cases",
    "caption",
    json={"docket_number": "CEB-2026-0777", "caption": TEN_K},
)
probe(
    LONG,
    "a 10,000-character docket number",
    "POST",
    "/api/cases",
    "docket_number",
    json={"docket_number": "C" * 10_000, "caption": "People v. Cruz"},
)
probe(
    LONG,
    "a 10,000-character caption change",
    "PATCH",
    "/api/cases/{case}",
    "caption",
    json={"version": 1, "caption": TEN_K},
)
probe(
    LONG,
    "a 10,000-character court name",
    "POST",
    "/api/courts",
    "name",
    json={"name": TEN_K},
    who="admin",
)
probe(
    LONG,
    "a 10,000-character court address",
    "POST",
    "/api/courts",
    "address",
    json={"name": "RTC Branch 20", "address": TEN_K},
    who="admin",
)
probe(
    LONG,
    "a 10,000-character time zone",
    "POST",
    "/api/courts",
    "timezone",
    json={"name": "RTC Branch 20", "timezone": "Asia/" + "M" * 10_000},
    who="admin",
)
probe(
    LONG,
    "a 10,000-character accused's name",
    "POST",
    "/api/cases/{case}/accused",
    "name",
    json={"name": TEN_K},
)
probe(
    LONG,
    "a 10,000-character alias",
    "POST",
    "/api/cases/{case}/accused",
    "aliases[0]",
    json={"name": "Juan Cruz", "aliases": [TEN_K]},
)
probe(
    LONG,
    "a 10,000-character pseudonym",
    "POST",
    "/api/cases/{case}/survivors",
    "pseudonym",
    json={"pseudonym": "A" * 10_000, "age_band": "12_to_17"},
)
probe(
    LONG,
    "a 10,000-character witness name",
    "POST",
    "/api/cases/{case}/witnesses",
    "name",
    json={"kind": "police_officer", "name": TEN_K},
)
probe(
    LONG,
    "a 10,000-character closure reason",
    "POST",
    "/api/court-closures",
    "reason",
    json={"on": "2026-12-08", "reason": TEN_K},
    who="admin",
)
probe(
    LONG,
    "a 10,000-character stage change reason",
    "POST",
    "/api/cases/{case}/stage",
    "reason",
    json={"version": 1, "stage": "inquest", "reason": TEN_K},
)
probe(
    LONG,
    "a 10,000-character reset reason",
    "POST",
    "/api/hearings/{hearing}/outcome",
    "reason",
    json={"version": 1, "outcome": "cancelled", "reason": TEN_K},
)
probe(
    LONG,
    "a 10,000-character outcome note",
    "POST",
    "/api/hearings/{hearing}/outcome",
    "note",
    json={"version": 1, "outcome": "held", "note": TEN_K},
)
probe(
    LONG,
    "a 10,000-character room",
    "PATCH",
    "/api/hearings/{hearing}",
    "room",
    json={"version": 1, "room": TEN_K},
)
probe(
    LONG,
    "a 10,000-character login email",
    "POST",
    "/api/auth/login",
    "email",
    json={"email": TEN_K, "password": "x"},
    who="anonymous",
)
probe(
    LONG,
    "a 10,000-character login password",
    "POST",
    "/api/auth/login",
    "password",
    json={"email": "grace@docket.test", "password": TEN_K},
    who="anonymous",
)
probe(
    LONG,
    "a 10,000-character feed name",
    "POST",
    "/api/feeds",
    "name",
    json={"scope": "mine", "name": TEN_K},
)
probe(
    LONG,
    "a 10,000-character reason for reading an identity",
    "POST",
    "/api/survivors/{survivor}/identity/read",
    "reason",
    json={"reason": TEN_K},
    who="advocate",
)
probe(LONG, "a 10,000-character case search", "GET", "/api/cases", "q", params={"q": TEN_K})


# --- deeply nested JSON ---------------------------------------------------------------------

DEPTH = 10_000
NESTED_ARRAYS = b"[" * DEPTH + b"]" * DEPTH
NESTED_OBJECTS = b'{"a":' * DEPTH + b"1" + b"}" * DEPTH
probe(
    DEEP,
    "10,000 nested arrays as a new case",
    "POST",
    "/api/cases",
    "body",
    content=NESTED_ARRAYS,
    content_type="application/json",
)
probe(
    DEEP,
    "10,000 nested objects as a new case",
    "POST",
    "/api/cases",
    "a",
    content=NESTED_OBJECTS,
    content_type="application/json",
)
probe(
    DEEP,
    "10,000 nested arrays as a caption",
    "POST",
    "/api/cases",
    "caption",
    content=b'{"docket_number": "CEB-2026-0777", "caption": ' + NESTED_ARRAYS + b"}",
    content_type="application/json",
)
probe(
    DEEP,
    "10,000 nested arrays as a login",
    "POST",
    "/api/auth/login",
    "body",
    content=NESTED_ARRAYS,
    content_type="application/json",
    who="anonymous",
)
probe(
    DEEP,
    "10,000 nested objects as a hearing change",
    "PATCH",
    "/api/hearings/{hearing}",
    "a",
    content=NESTED_OBJECTS,
    content_type="application/json",
)
probe(
    DEEP,
    "10,000 nested arrays sent to a page form",
    "POST",
    "/cases/{case}/stage",
    None,
    content=NESTED_ARRAYS,
    content_type="application/json",
)
probe(
    DEEP,
    "10,000 nested arrays as aliases",
    "POST",
    "/api/cases/{case}/accused",
    "aliases[0]",
    content=b'{"name": "Juan Cruz", "aliases": [' + NESTED_ARRAYS + b"]}",
    content_type="application/json",
)


# --- a body in another format ---------------------------------------------------------------

CASE_JSON = b'{"docket_number": "CEB-2026-0777", "caption": "People v. Cruz"}'
probe(
    CONTENT_TYPE,
    "JSON sent as text/plain to a new case",
    "POST",
    "/api/cases",
    "Content-Type",
    content=CASE_JSON,
    content_type="text/plain",
)
probe(
    CONTENT_TYPE,
    "a form sent to a new case",
    "POST",
    "/api/cases",
    "Content-Type",
    form={"docket_number": "CEB-2026-0777", "caption": "People v. Cruz"},
)
probe(
    CONTENT_TYPE,
    "multipart sent to a new case",
    "POST",
    "/api/cases",
    "Content-Type",
    content=b'--b\r\nContent-Disposition: form-data; name="caption"\r\n\r\nPeople v. Cruz'
    b"\r\n--b--\r\n",
    content_type="multipart/form-data; boundary=b",
)
probe(
    CONTENT_TYPE,
    "XML sent to a hearing change",
    "PATCH",
    "/api/hearings/{hearing}",
    "Content-Type",
    content=b"<hearing><room>Sala 2</room></hearing>",
    content_type="application/xml",
)
probe(
    CONTENT_TYPE,
    "JSON sent as text/plain to the login",
    "POST",
    "/api/auth/login",
    "Content-Type",
    content=b'{"email": "grace@docket.test", "password": "x"}',
    content_type="text/plain",
    who="anonymous",
)
probe(
    CONTENT_TYPE,
    "a body with no Content-Type to a new case",
    "POST",
    "/api/cases",
    "Content-Type",
    content=CASE_JSON,
    content_type="",
)
probe(
    CONTENT_TYPE,
    "JSON sent to a page form",
    "POST",
    "/cases/{case}/stage",
    None,
    content=b'{"stage": "inquest", "reason": "Arrest", "version": "1"}',
    content_type="application/json",
)


# --- paging out of range --------------------------------------------------------------------

HUGE = str(2**63)
for path, who in (
    ("/api/cases", "lawyer"),
    ("/api/hearings", "lawyer"),
    ("/api/cases/{case}/accused", "lawyer"),
    ("/api/hearings/{hearing}/protection-needs", "lawyer"),
    ("/api/notices/prints", "advocate"),
    ("/api/audit", "admin"),
):
    for value in ("-1", "0", HUGE, "1e3", "ten"):
        probe(
            PAGING,
            f"{path} with limit={value}",
            "GET",
            path,
            "limit",
            params={"limit": value},
            who=who,
        )
    for value in ("-1", HUGE):
        probe(
            PAGING,
            f"{path} with offset={value}",
            "GET",
            path,
            "offset",
            params={"offset": value},
            who=who,
        )
for value in ("-1", "0", HUGE):
    probe(
        PAGING,
        f"the agenda with limit={value}",
        "GET",
        "/api/agenda",
        "limit",
        params={"limit": value},
    )
    probe(
        PAGING,
        f"the agenda with days={value}",
        "GET",
        "/api/agenda",
        "days",
        params={"days": value},
    )
    probe(
        PAGING,
        f"notices due in days={value}",
        "GET",
        "/api/notices/due",
        "days",
        params={"days": value},
        who="advocate",
    )


# --- a time zone that is no zone ------------------------------------------------------------

for zone in (
    "Asia",
    "Mars/Olympus",
    "",
    "../../../etc/passwd",
    "/etc/localtime",
    "Asia/",
    "asia/manila",
    "+08:00",
):
    probe(
        ZONES,
        f"a new court in the zone {zone!r}",
        "POST",
        "/api/courts",
        "timezone",
        json={"name": "RTC Branch 20", "timezone": zone},
        who="admin",
    )
for zone in ("Asia", "Mars/Olympus"):
    probe(
        ZONES,
        f"a court moved to the zone {zone!r}",
        "PATCH",
        "/api/courts/{court}",
        "timezone",
        json={"version": 1, "timezone": zone},
        who="admin",
    )


# --- an id out of range ---------------------------------------------------------------------

for value in ("-1", "0", str(2**31), HUGE):
    probe(IDS, f"a case numbered {value}", "GET", f"/api/cases/{value}", "case_id")
    probe(
        IDS,
        f"hearings of case {value}",
        "GET",
        "/api/hearings",
        "case_id",
        params={"case_id": value},
    )
    probe(
        IDS,
        f"a charge against accused {value}",
        "POST",
        "/api/cases/{case}/charges",
        "accused_id",
        json={"accused_id": int(value), "statute_code": "TIP-6"},
    )


# --- the run --------------------------------------------------------------------------------

KINDS = sorted({p.kind for p in PROBES})
#: Lines the server logged for a request that reached the 500 handler, from every run above.
UNHANDLED: list[str] = []


async def build_world(people: People) -> World:
    case = await make_case(
        people,
        court_id=await make_court(people),
        lead_prosecutor_id=people.prosecutor.user_id,
        member_ids=[people.lawyer.user_id, people.advocate.user_id],
    )
    hearing = await make_hearing(people, case["id"])
    accused = await add_accused(people, int(str(case["id"])))
    survivor = await add_survivor(people, int(str(case["id"])))
    charge = await people.lawyer.post(
        f"/api/cases/{case['id']}/charges",
        json={"accused_id": accused["id"], "statute_code": "TIP-6"},
    )
    witness = await people.advocate.post(
        f"/api/cases/{case['id']}/witnesses",
        json={"kind": "survivor", "survivor_id": survivor["id"]},
    )
    assert charge.status_code == witness.status_code == 201, (charge.text, witness.text)
    return World(
        case=int(str(case["id"])),
        court=int(str(case["court_id"])),
        hearing=int(str(hearing["id"])),
        accused=int(accused["id"]),
        charge=int(charge.json()["id"]),
        survivor=int(survivor["id"]),
        witness=int(witness.json()["id"]),
    )


async def send(people: People, world: World, p: Probe) -> httpx.Response:
    api: Api = getattr(people, p.who)
    path = p.path.format(**dataclasses.asdict(world))
    kwargs: dict[str, Any] = {}
    if p.params is not None:
        kwargs["params"] = p.params
    if p.json is not _NO_BODY:
        kwargs["json"] = p.json(world) if callable(p.json) else p.json
    if p.content is not None:
        kwargs["content"] = p.content
        kwargs["headers"] = {"Content-Type": p.content_type or ""}
    if p.form is not None:
        kwargs["data"] = p.form
    return await api.request(p.method, path, **kwargs)


def named_field(answer: httpx.Response) -> str | None:
    """The field a 400 names: the first of the JSON errors, or the one a page's error says."""
    if answer.headers.get("content-type", "").startswith("application/json"):
        return str((answer.json().get("errors") or [{}])[0].get("field"))
    found = re.search(r"Some fields are not right: ([^<,]+)", answer.text)
    return found.group(1) if found else None


async def what_is_stored(people: People, world: World) -> list[Any]:
    """What a user can read of the world, to see that a refused request changed nothing."""
    reads = [
        "/api/cases",
        "/api/courts",
        "/api/court-closures",
        "/api/feeds",
        f"/api/cases/{world.case}",
        f"/api/cases/{world.case}/facts",
        f"/api/cases/{world.case}/stages",
        f"/api/cases/{world.case}/accused",
        f"/api/cases/{world.case}/charges",
        f"/api/cases/{world.case}/survivors",
        f"/api/cases/{world.case}/witnesses",
        f"/api/hearings/{world.hearing}",
        f"/api/hearings/{world.hearing}/protection-needs",
    ]
    answers = [await people.admin.get(path) for path in reads]
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    return [a.json() for a in answers]


async def refused_wrongly(people: People, world: World, probes: list[Probe]) -> list[str]:
    """The probes not answered as they must be, each with what came back instead."""
    wrong = []
    for p in probes:
        answer = await send(people, world, p)
        if answer.status_code != p.status or (
            p.field is not None and named_field(answer) != p.field
        ):
            wrong.append(f"{p.name}: {answer.status_code} {answer.text[:300]!r}")
    return wrong


@pytest.mark.parametrize("kind", KINDS)
async def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(
    people: People, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    world = await build_world(people)
    before = await what_is_stored(people, world)
    with caplog.at_level(logging.ERROR, logger="docket.errors"):
        wrong = await refused_wrongly(people, world, [p for p in PROBES if p.kind == kind])
    UNHANDLED.extend(r.getMessage() for r in caplog.records if "unhandled" in r.getMessage())
    assert not wrong, "\n".join(wrong)
    assert await what_is_stored(people, world) == before


#: Days Docket does not refuse yet (see the report of issue 17: the fixes belong in
#: docket/deadlines/controllers.py and docket/cases/services.py): deadlines "as of" a year no
#: court could mean are counted as if it could (as of 1899 the prescription is overdue), and a
#: survivor's birth date may be in year 1 or after today.
NOT_YET = [
    *(
        Probe(YEARS, f"{path} as of year {year}", "GET", path, "as_of", params={"as_of": day})
        for path in DEADLINE_LISTS
        for year, day in BAD_DAYS.items()
        if year not in ("0", "10000")
    ),
    *(
        Probe(
            YEARS,
            f"a survivor born in year {year}",
            "PUT",
            "/api/survivors/{survivor}/identity",
            "birth_date",
            json={"legal_name": "Maria Santos", "birth_date": day},
            who="advocate",
        )
        for year, day in BAD_DAYS.items()
    ),
]


@pytest.mark.xfail(strict=True, reason="not checked yet: see NOT_YET")
async def test_deadlines_as_of_and_a_birth_date_in_a_year_no_court_could_mean_are_refused(
    people: People,
) -> None:
    world = await build_world(people)
    assert not await refused_wrongly(people, world, NOT_YET)


def test_the_table_holds_every_probe_and_the_server_logged_no_unhandled_error() -> None:
    assert len(PROBES) >= 362
    assert not UNHANDLED, "\n".join(UNHANDLED)

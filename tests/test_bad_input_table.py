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
from typing import Any
from urllib.parse import quote

import httpx
import msgspec
import pytest

from docket.deadlines.schemas import CaseFactsUpdate
from tests.conftest import Api, People
from tests.helpers import SOON, iso, make_case, make_court, make_hearing
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


def fill(body: Any, value: str) -> Any:
    """The body with each "{}" in its strings replaced by the value."""
    if isinstance(body, str):
        return body.replace("{}", value)
    if isinstance(body, list):
        return [fill(item, value) for item in body]
    if isinstance(body, dict):
        return {key: fill(item, value) for key, item in body.items()}
    return body


@dataclasses.dataclass(frozen=True)
class Ref:
    """One of the world's records in a body, filled in when the probe is sent."""

    name: str


_NO_BODY = object()


@dataclasses.dataclass(frozen=True)
class Probe:
    """One bad request and the field its 400 must name (None: the request has no field)."""

    kind: str
    name: str
    #: Method and path, with {case}, {hearing}, ... filled in from the world.
    route: str
    field: str | None
    json: Any = _NO_BODY
    params: dict[str, str] | None = None
    #: A raw body and its Content-Type (instead of `json`).
    content: bytes | None = None
    content_type: str = ""
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


# The table is kept as a table: one entry per line or two.
# fmt: off
# --- years no court could mean ------------------------------------------------------------

#: Instants that once reached the database or overflowed: year 0 and 10000 are no ISO 8601
#: instant; year 1 at midnight in Manila is year 0 in UTC; 1899 and 2101 are outside 1900-2100.
BAD_INSTANTS = {
    "0": "0000-01-01T09:00:00+08:00",
    "1": "0001-01-01T00:00:00+08:00",
    "1899": "1899-12-31T09:00:00+08:00",
    "2101": "2101-01-01T09:00:00+08:00",
    # The probe of issue 17: a year after 9999 once in Manila.
    "9999": "9999-12-31T22:00:00Z",
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
RESET = {"version": 1, "outcome": "reset", "reason": "judge on leave"}
#: Where a date or an instant goes: (what, route, field, body, who); "{}" takes the value.
DATED = [
    ("a new hearing's start", "POST /api/cases/{case}/hearings", "starts_at",
     {"kind": "trial", "starts_at": "{}", "ends_at": END}, "lawyer"),
    ("a new hearing's end", "POST /api/cases/{case}/hearings", "ends_at",
     {"kind": "trial", "starts_at": START, "ends_at": "{}"}, "lawyer"),
    ("a hearing's new start", "PATCH /api/hearings/{hearing}", "starts_at",
     {"version": 1, "starts_at": "{}"}, "lawyer"),
    ("a hearing's new end", "PATCH /api/hearings/{hearing}", "ends_at",
     {"version": 1, "ends_at": "{}"}, "lawyer"),
    ("a reset's start", "POST /api/hearings/{hearing}/outcome", "new_starts_at",
     RESET | {"new_starts_at": "{}", "new_ends_at": END}, "lawyer"),
    ("a reset's end", "POST /api/hearings/{hearing}/outcome", "new_ends_at",
     RESET | {"new_starts_at": START, "new_ends_at": "{}"}, "lawyer"),
]
DATED_QUERIES = [
    ("GET /api/hearings", "starts_from", "lawyer"),
    ("GET /api/hearings", "starts_before", "lawyer"),
    ("GET /api/audit", "since", "admin"),
    ("GET /api/audit", "until", "admin"),
]
DAYS = [
    *(
        (f"a case's {name}", "PATCH /api/cases/{case}/facts", name, {"version": 1, name: "{}"},
         "lawyer")
        for name in (f.name for f in msgspec.structs.fields(CaseFactsUpdate))
        if name.endswith("_on")
    ),
    ("a court closure", "POST /api/court-closures", "on", {"on": "{}", "reason": "Sinulog"},
     "admin"),
    ("a new charge's offence", "POST /api/cases/{case}/charges", "offence_date",
     {"accused_id": Ref("accused"), "statute_code": "TIP-6", "offence_date": "{}"}, "lawyer"),
    ("a charge's offence", "PATCH /api/charges/{charge}", "offence_date",
     {"version": 1, "offence_date": "{}"}, "lawyer"),
    ("a stage change", "POST /api/cases/{case}/stage", "on",
     {"version": 1, "stage": "inquest", "reason": "Arrested in the act", "on": "{}"}, "lawyer"),
    ("a plea", "POST /api/accused/{accused}/plea", "on",
     {"version": 1, "plea": "not_guilty", "on": "{}"}, "lawyer"),
    ("a judgment", "POST /api/accused/{accused}/disposition", "on",
     {"version": 1, "disposition": "convicted", "on": "{}"}, "lawyer"),
    ("a custody change", "POST /api/accused/{accused}/custody", "on",
     {"version": 1, "kind": "arrested", "on": "{}"}, "lawyer"),
    ("a survivor's birth", "PUT /api/survivors/{survivor}/identity", "birth_date",
     {"legal_name": "Maria Santos", "birth_date": "{}"}, "advocate"),
    ("a protection need's request", "POST /api/hearings/{hearing}/protection-needs",
     "requested_on", {"witness_id": Ref("witness"), "measure": "screen", "requested_on": "{}"},
     "advocate"),
]
DEADLINE_LISTS = [
    "GET /api/cases/{case}/deadlines",
    "GET /api/cases/{case}/summary",
    "GET /api/deadlines/at-risk",
]

for year, instant in BAD_INSTANTS.items():
    for what, route, field, body, who in DATED:
        probe(YEARS, f"{what} in year {year}", route, field, json=fill(body, instant), who=who)
    for route, name, who in DATED_QUERIES:
        probe(YEARS, f"{route}?{name} in year {year}", route, name, params={name: instant},
              who=who)
for year, day in BAD_DAYS.items():
    for what, route, field, body, who in DAYS:
        probe(YEARS, f"{what} in year {year}", route, field, json=fill(body, day), who=who)
    for route in DEADLINE_LISTS:
        probe(YEARS, f"{route} as of year {year}", route, "as_of", params={"as_of": day})
for year in ("0", "1", "1899", "10000"):
    probe(YEARS, f"court closures of year {year}", "GET /api/court-closures", "year",
          params={"year": year})


# --- text: control characters and ten thousand characters -------------------------------

#: Where text goes: (what, route, field, body, who); "{}" in a string takes the text.
TEXT = [
    ("the login's email", "POST /api/auth/login", "email",
     {"email": "grace{}@docket.test", "password": "x"}, "anonymous"),
    ("the login's password", "POST /api/auth/login", "password",
     {"email": "grace@docket.test", "password": "pass{}word"}, "anonymous"),
    ("a case's caption", "POST /api/cases", "caption",
     {"docket_number": "CEB-2026-0777", "caption": "People v. {}Cruz"}, "lawyer"),
    ("a case's docket number", "POST /api/cases", "docket_number",
     {"docket_number": "CEB-{}", "caption": "People v. Cruz"}, "lawyer"),
    ("a caption change", "PATCH /api/cases/{case}", "caption",
     {"version": 1, "caption": "People v. {}Cruz"}, "lawyer"),
    ("a court's name", "POST /api/courts", "name", {"name": "RTC Branch{} 20"}, "admin"),
    ("a court's address", "POST /api/courts", "address",
     {"name": "RTC Branch 20", "address": "Cebu{}"}, "admin"),
    ("a court's time zone", "POST /api/courts", "timezone",
     {"name": "RTC Branch 20", "timezone": "Asia/Manila{}"}, "admin"),
    ("an accused's name", "POST /api/cases/{case}/accused", "name", {"name": "Juan{} Cruz"},
     "lawyer"),
    ("an alias", "POST /api/cases/{case}/accused", "aliases[0]",
     {"name": "Juan Cruz", "aliases": ["Jun{}"]}, "lawyer"),
    ("a pseudonym", "POST /api/cases/{case}/survivors", "pseudonym",
     {"pseudonym": "BB{}", "age_band": "12_to_17"}, "lawyer"),
    ("a witness's name", "POST /api/cases/{case}/witnesses", "name",
     {"kind": "police_officer", "name": "PSSg.{} Reyes"}, "lawyer"),
    ("a closure's reason", "POST /api/court-closures", "reason",
     {"on": "2026-12-08", "reason": "Feast{}"}, "admin"),
    ("a stage change's reason", "POST /api/cases/{case}/stage", "reason",
     {"version": 1, "stage": "inquest", "reason": "Arrest{}"}, "lawyer"),
    ("a cancellation's reason", "POST /api/hearings/{hearing}/outcome", "reason",
     {"version": 1, "outcome": "cancelled", "reason": "Quashed{}"}, "lawyer"),
    ("an outcome's note", "POST /api/hearings/{hearing}/outcome", "note",
     {"version": 1, "outcome": "held", "note": "Heard{}"}, "lawyer"),
    ("a hearing's room", "PATCH /api/hearings/{hearing}", "room",
     {"version": 1, "room": "Sala{} 2"}, "lawyer"),
    ("a feed's name", "POST /api/feeds", "name", {"scope": "mine", "name": "Hearings{}"},
     "lawyer"),
    ("the reason for reading an identity", "POST /api/survivors/{survivor}/identity/read",
     "reason", {"reason": "Preparing the{} trial"}, "advocate"),
]
TEXT_QUERIES = [("the case search", "GET /api/cases"), ("the statute search", "GET /api/statutes")]

for label, control in (("a NUL", "\x00"), ("a right-to-left override", "\u202e")):
    for what, route, field, body, who in TEXT:
        probe(CONTROLS, f"{label} in {what}", route, field, json=fill(body, control), who=who)
    for what, route in TEXT_QUERIES:
        probe(CONTROLS, f"{label} in {what}", route, "q", params={"q": f"Cruz{control}"})
    escaped = quote(control)
    probe(CONTROLS, f"{label} in the login page's email", "POST /login", "email",
          form={"email": f"grace{control}@docket.test", "password": "x", "csrf": "x"},
          who="anonymous")
    probe(CONTROLS, f"{label} in a page form's reason", "POST /cases/{case}/stage", "reason",
          form={"version": "1", "stage": "inquest", "reason": f"Arrest{control}"})
    probe(CONTROLS, f"{label} in a JSON field's name", "POST /api/cases", f"cap{control}",
          json={"docket_number": "CEB-2026-0777", f"cap{control}": "People v. Cruz"})
    probe(CONTROLS, f"{label} in a query parameter's name", "GET /api/hearings",
          f"kind{control}", params={f"kind{control}": "trial"})
    probe(CONTROLS, f"{label} in a static file's path", f"GET /static/docket.css{escaped}.js",
          "path", who="anonymous")
    probe(CONTROLS, f"{label} as a static file's name", f"GET /static/{escaped}", "path",
          who="anonymous")
    probe(CONTROLS, f"{label} in a statute's code", f"GET /api/statutes/TIP{escaped}", "path")
    # No route has a case id that is not a number: 404, as for any unknown path.
    probe(CONTROLS, f"{label} as a case's id", f"GET /api/cases/{escaped}", None, status=404)

TEN_K = "Dela Cruz " * 1000
for what, route, field, body, who in TEXT:
    probe(LONG, f"10,000 characters in {what}", route, field, json=fill(body, TEN_K), who=who)
probe(LONG, "10,000 characters in the case search", "GET /api/cases", "q", params={"q": TEN_K})


# --- deeply nested JSON ---------------------------------------------------------------------

DEPTH = 10_000
ARRAYS = b"[" * DEPTH + b"]" * DEPTH
OBJECTS = b'{"a":' * DEPTH + b"1" + b"}" * DEPTH
JSON = "application/json"
NESTED: list[tuple[str, str, str | None, bytes, str]] = [
    ("arrays as a new case", "POST /api/cases", "body", ARRAYS, "lawyer"),
    ("objects as a new case", "POST /api/cases", "a", OBJECTS, "lawyer"),
    ("arrays as a caption", "POST /api/cases", "caption",
     b'{"docket_number": "CEB-2026-0777", "caption": ' + ARRAYS + b"}", "lawyer"),
    ("arrays as aliases", "POST /api/cases/{case}/accused", "aliases[0]",
     b'{"name": "Juan Cruz", "aliases": [' + ARRAYS + b"]}", "lawyer"),
    ("arrays as a login", "POST /api/auth/login", "body", ARRAYS, "anonymous"),
    ("objects as a hearing change", "PATCH /api/hearings/{hearing}", "a", OBJECTS, "lawyer"),
    ("arrays sent to a page form", "POST /cases/{case}/stage", None, ARRAYS, "lawyer"),
]
for what, route, named, content, who in NESTED:
    probe(DEEP, f"{DEPTH:,} nested {what}", route, named, content=content, content_type=JSON,
          who=who)


# --- a body in another format ---------------------------------------------------------------

CASE = b'{"docket_number": "CEB-2026-0777", "caption": "People v. Cruz"}'
LOGIN = b'{"email": "grace@docket.test", "password": "x"}'
MULTIPART = (
    b'--b\r\nContent-Disposition: form-data; name="caption"\r\n\r\nPeople v. Cruz\r\n--b--\r\n'
)
for what, route, content, content_type, who in (
    ("JSON as text/plain to a new case", "POST /api/cases", CASE, "text/plain", "lawyer"),
    ("a form to a new case", "POST /api/cases", b"caption=People+v.+Cruz",
     "application/x-www-form-urlencoded", "lawyer"),
    ("multipart to a new case", "POST /api/cases", MULTIPART, "multipart/form-data; boundary=b",
     "lawyer"),
    ("XML to a hearing change", "PATCH /api/hearings/{hearing}", b"<room>Sala 2</room>",
     "application/xml", "lawyer"),
    ("JSON as text/plain to the login", "POST /api/auth/login", LOGIN, "text/plain",
     "anonymous"),
    ("a body without a Content-Type to a new case", "POST /api/cases", CASE, "", "lawyer"),
):
    probe(CONTENT_TYPE, what, route, "Content-Type", content=content, content_type=content_type,
          who=who)
probe(CONTENT_TYPE, "JSON to a page form", "POST /cases/{case}/stage", None,
      content=b'{"stage": "inquest", "reason": "Arrest", "version": "1"}', content_type=JSON)


# --- paging out of range --------------------------------------------------------------------

HUGE = str(2**63)
for route, who in (
    ("GET /api/cases", "lawyer"),
    ("GET /api/hearings", "lawyer"),
    ("GET /api/cases/{case}/accused", "lawyer"),
    ("GET /api/hearings/{hearing}/protection-needs", "lawyer"),
    ("GET /api/notices/prints", "advocate"),
    ("GET /api/audit", "admin"),
):
    for name, values in (("limit", ("-1", "0", HUGE, "1e3", "ten")), ("offset", ("-1", HUGE))):
        for value in values:
            probe(PAGING, f"{route}?{name}={value}", route, name, params={name: value}, who=who)
for route, name, who in (
    ("GET /api/agenda", "limit", "lawyer"),
    ("GET /api/agenda", "days", "lawyer"),
    ("GET /api/notices/due", "days", "advocate"),
):
    for value in ("-1", "0", HUGE):
        probe(PAGING, f"{route}?{name}={value}", route, name, params={name: value}, who=who)


# --- a time zone that is no zone ------------------------------------------------------------

for zone in ("Asia", "Mars/Olympus", "", "../../../etc/passwd", "/etc/localtime", "Asia/",
             "asia/manila", "+08:00"):
    probe(ZONES, f"a new court in the zone {zone!r}", "POST /api/courts", "timezone",
          json={"name": "RTC Branch 20", "timezone": zone}, who="admin")
for zone in ("Asia", "Mars/Olympus"):
    probe(ZONES, f"a court moved to the zone {zone!r}", "PATCH /api/courts/{court}", "timezone",
          json={"version": 1, "timezone": zone}, who="admin")


# --- an id out of range ---------------------------------------------------------------------

for value in ("-1", "0", str(2**31), HUGE):
    probe(IDS, f"case number {value}", f"GET /api/cases/{value}", "case_id")
    probe(IDS, f"hearings of case {value}", "GET /api/hearings", "case_id",
          params={"case_id": value})
    probe(IDS, f"a charge against accused {value}", "POST /api/cases/{case}/charges",
          "accused_id", json={"accused_id": int(value), "statute_code": "TIP-6"})
# fmt: on


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


def with_records(body: Any, world: World) -> Any:
    """The body with each Ref replaced by the id of that record of the world."""
    if isinstance(body, Ref):
        return getattr(world, body.name)
    if isinstance(body, dict):
        return {key: with_records(item, world) for key, item in body.items()}
    return body


async def send(people: People, world: World, p: Probe) -> httpx.Response:
    api: Api = getattr(people, p.who)
    method, path = p.route.split(" ", 1)
    kwargs: dict[str, Any] = {}
    if p.params is not None:
        kwargs["params"] = p.params
    if p.json is not _NO_BODY:
        kwargs["json"] = with_records(p.json, world)
    if p.content is not None:
        kwargs["content"] = p.content
        kwargs["headers"] = {"Content-Type": p.content_type}
    if p.form is not None:
        kwargs["data"] = p.form
    return await api.request(method, path.format(**dataclasses.asdict(world)), **kwargs)


def names_field(answer: httpx.Response, field: str) -> bool:
    """Whether a 400 names the field: the first of the JSON errors, or, on a page, the error
    that begins with the field in words ("Reason must not hold control characters. Go back,
    correct it…"), as a person reads it."""
    if answer.headers.get("content-type", "").startswith("application/json"):
        return bool((answer.json().get("errors") or [{}])[0].get("field") == field)
    alert = re.search(r'role="alert">([^<]*)', answer.text)
    in_words = field.split("[", 1)[0].replace("_", " ").capitalize()
    return alert is not None and alert.group(1).startswith(f"{in_words} ")


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
            p.field is not None and not names_field(answer, p.field)
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


def test_the_table_holds_every_probe_and_the_server_logged_no_unhandled_error() -> None:
    assert len(PROBES) >= 403
    assert not UNHANDLED, "\n".join(UNHANDLED)

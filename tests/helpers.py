"""What many test modules do the same way: open a court and a case, schedule and reset a
hearing, set a case's facts, log in. Each was first written in the module that tests it; they
live here so that no test module imports another."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pyotp

from tests.conftest import FIXED_NOW, PASSWORD, People

#: The courts' zone as a fixed offset (UTC+8), for the instants the tests send.
MANILA = dt.timezone(dt.timedelta(hours=8))


# --- Courts and cases ------------------------------------------------------------------------


async def make_court(people: People, name: str = "RTC Branch 16, Cebu City") -> int:
    response = await people.admin.post("/api/courts", json={"name": name, "family_court": True})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def make_case(people: People, **fields: object) -> dict[str, Any]:
    body = {
        "docket_number": "CEB-2026-0001",
        "caption": "People v. Dela Cruz et al.",
        "team_id": people.team_id,
    } | fields
    response = await people.lawyer.post("/api/cases", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


# --- Hearings --------------------------------------------------------------------------------


#: Ten days after the tests' fixed clock (conftest.FIXED_NOW), at 8:30 in Manila.
SOON = (FIXED_NOW.astimezone(MANILA) + dt.timedelta(days=10)).replace(
    hour=8, minute=30, second=0, microsecond=0
)


def iso(value: dt.datetime) -> str:
    return value.isoformat()


async def make_hearing(people: People, case_id: object, **fields: object) -> dict[str, object]:
    body = {
        "kind": "trial",
        "starts_at": iso(SOON),
        "ends_at": iso(SOON + dt.timedelta(hours=2)),
        "room": "Session Hall 3",
    } | fields
    response = await people.lawyer.post(f"/api/cases/{case_id}/hearings", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def case_in_court(people: People) -> dict[str, object]:
    return await make_case(people, court_id=await make_court(people))


async def reset_hearing(
    people: People, hearing: dict[str, object], new_start: dt.datetime, reason: str
) -> dict[str, object]:
    """The court reset the hearing to `new_start` (two hours), as the lawyer records it."""
    reset = await people.lawyer.post(
        f"/api/hearings/{hearing['id']}/outcome",
        json={
            "outcome": "reset",
            "version": hearing["version"],
            "reason": reason,
            "new_starts_at": iso(new_start),
            "new_ends_at": iso(new_start + dt.timedelta(hours=2)),
        },
    )
    assert reset.status_code == 200, reset.text
    return dict(reset.json())


# --- A case's facts, accused and deadlines ---------------------------------------------------


async def open_case(people: People, **fields: object) -> dict[str, Any]:
    court_id = fields.pop("court_id", None) or await make_court(people)
    return await make_case(
        people,
        court_id=court_id,
        lead_prosecutor_id=people.prosecutor.user_id,
        member_ids=[people.lawyer.user_id, people.advocate.user_id],
        **fields,
    )


async def add_accused(people: People, case_id: object, custody: str) -> dict[str, Any]:
    response = await people.lawyer.post(
        f"/api/cases/{case_id}/accused", json={"name": "Rodrigo Tumulak", "custody_status": custody}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def set_facts(people: People, case_id: object, **dates: object) -> dict[str, Any]:
    current = (await people.lawyer.get(f"/api/cases/{case_id}/facts")).json()
    response = await people.lawyer.patch(
        f"/api/cases/{case_id}/facts", json={"version": current["version"], **dates}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def deadlines(people: People, case_id: object, as_of: str) -> dict[str, dict[str, Any]]:
    """The case's deadlines by rule (hearing rules by rule and hearing day)."""
    response = await people.prosecutor.get(
        f"/api/cases/{case_id}/deadlines", params={"as_of": as_of}
    )
    assert response.status_code == 200, response.text
    found = {}
    for d in response.json()["deadlines"]:
        key = d["rule"] if d["hearing_on"] is None else f"{d['rule']}@{d['hearing_on']}"
        found[key] = d
    return found


async def hearing(
    people: People, case_id: object, kind: str, day: str, *, held: bool = False
) -> dict[str, Any]:
    start = dt.datetime.fromisoformat(f"{day}T08:30:00+08:00")
    response = await people.lawyer.post(
        f"/api/cases/{case_id}/hearings",
        json={
            "kind": kind,
            "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
        },
    )
    assert response.status_code == 201, response.text
    row = dict(response.json())
    if held:
        done = await people.lawyer.post(
            f"/api/hearings/{row['id']}/outcome",
            json={"outcome": "held", "note": "Held as set.", "version": row["version"]},
        )
        assert done.status_code == 200, done.text
        row = dict(done.json())
    return row


# --- Logging in ------------------------------------------------------------------------------


async def log_in(client: httpx.AsyncClient, email: str, code: str | None = None) -> dict[str, str]:
    """A web login in the client's cookie jar; the CSRF header its writes must carry."""
    client.cookies.clear()
    body: dict[str, Any] = {"email": email, "password": PASSWORD}
    if code is not None:
        body["code"] = code
    response = await client.post("/api/auth/login", json=body)
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}


def page_csrf(html: str) -> str:
    """The session's CSRF token, as a page's forms carry it."""
    return html.split('name="_csrf_token" value="', 1)[1].split('"', 1)[0]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def login_with_second_factor(client: httpx.AsyncClient, email: str) -> str:
    """Set up TOTP for the user, log in with a code; return the CSRF token."""
    first = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    csrf = first.json()["csrf_token"]
    again = {"password": PASSWORD}
    setup = await client.post("/api/auth/totp/setup", json=again, headers={"X-CSRF-Token": csrf})
    assert setup.status_code == 200
    secret = pyotp.parse_uri(setup.json()["provisioning_uri"]).secret
    wrong = await client.post(
        "/api/auth/totp/confirm", json={"code": "12345"} | again, headers={"X-CSRF-Token": csrf}
    )
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["field"] == "code"
    confirm = await client.post(
        "/api/auth/totp/confirm",
        json={"code": pyotp.TOTP(secret).now()} | again,
        headers={"X-CSRF-Token": csrf},
    )
    assert confirm.status_code == 204
    twice = await client.post("/api/auth/totp/setup", json=again, headers={"X-CSRF-Token": csrf})
    assert twice.status_code == 409, "set up once; a new secret needs an admin's reset"
    without_code = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert without_code.status_code == 401, "once set up, a login needs the code"
    logged_in = await client.post(
        "/api/auth/login",
        json={"email": email, "password": PASSWORD, "code": pyotp.TOTP(secret).now()},
    )
    assert logged_in.status_code == 200
    return str(logged_in.json()["csrf_token"])

"""No endpoint's number of SQL statements grows with the data (no N+1 queries).

The same person's requests are counted (X-Query-Count, docket.querycount) on a small national
demo and on one ten times larger: the count must be the same, and the same for a page of 10
and a page of 50. This is a count, not a timing: scripts/bench measures speed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pyotp
import pytest

from benchmarks.national_demo import EMAIL_DOMAIN, Scale, load_national
from docket.accounts.services import issue_api_token
from docket.db import utc_now
from docket.hearings.choices import HearingStatus
from docket.hearings.tables import Hearing
from tests.conftest import empty_database

pytestmark = pytest.mark.anyio

#: Two sizes of the same country: the second has ten times the cases and hearings per person.
SMALL = Scale(cases=120, hearings=1_500, users=70, courts=6, offices=3, teams=15)
LARGE = Scale(cases=1_200, hearings=15_000, users=70, courts=6, offices=3, teams=15)
#: A survivor's trip to a hearing, as an advocate records it before printing the notice.
TRIP = {
    "version": 0,
    "meeting_place": "the jeepney stop by the plaza",
    "meeting_time": "06:30",
    "leave_time": "07:00",
}
#: The first prosecutor of team 1 leads every case of that team (see benchmarks/national_demo.py).
PROSECUTOR = f"prosecutor0026@{EMAIL_DOMAIN}"


@pytest.fixture
async def counted(db: None, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app built with query counting on."""
    monkeypatch.setenv("DOCKET_COUNT_QUERIES", "1")
    from docket.app import create_app

    app = create_app()
    async with app.lifespan():
        transport = httpx.ASGITransport(
            app=app,  # type: ignore[arg-type]  # httpx's ASGI type is narrower than Litestar's
            client=("127.0.0.1", 50000),
        )
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            yield http


async def _get(
    client: httpx.AsyncClient, token: str | None, path: str, **kwargs: Any
) -> tuple[httpx.Response, int]:
    headers = dict(kwargs.pop("headers", {}))
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response = await client.get(path, headers=headers, **kwargs)
    assert response.status_code in (200, 304), f"{path}: {response.status_code} {response.text}"
    return response, int(response.headers["x-query-count"])


async def _counts(client: httpx.AsyncClient, scale: Scale) -> dict[str, int]:
    """Load the demo at this scale and count each endpoint's statements."""
    await empty_database()
    await load_national("demo-docket-2026", scale=scale)
    token = await issue_api_token(PROSECUTOR)
    counts: dict[str, int] = {}

    for limit in (10, 50):
        response, counts[f"case list, limit {limit}"] = await _get(
            client, token, "/api/cases", params={"limit": limit}
        )
        assert len(response.json()["items"]) == min(limit, response.json()["total"]) > 0
        _, counts[f"filtered case list, limit {limit}"] = await _get(
            client,
            token,
            "/api/cases",
            params={"limit": limit, "stage": "trial_prosecution_evidence", "q": "People"},
        )
        response, counts[f"hearings, limit {limit}"] = await _get(
            client, token, "/api/hearings", params={"limit": limit}
        )
        assert len(response.json()["items"]) == limit

    cases, _ = await _get(client, token, "/api/cases", params={"limit": 50})
    case_id = cases.json()["items"][0]["id"]
    _, counts["case detail"] = await _get(client, token, f"/api/cases/{case_id}")

    agenda, counts["agenda"] = await _get(client, token, "/api/agenda", params={"days": 62})
    assert agenda.json()["items"], "the agenda should have hearings to count"

    created = await client.post(
        "/api/feeds", json={"scope": "mine"}, headers={"Authorization": f"Bearer {token}"}
    )
    if created.status_code != 404:  # calendar feeds present
        assert created.status_code == 201, created.text
        path = httpx.URL(created.json()["url"]).path
        feed, counts["feed 200"] = await _get(client, None, path)
        assert b"BEGIN:VEVENT" in feed.content
        _, counts["feed 304"] = await _get(
            client, None, path, headers={"If-None-Match": feed.headers["etag"]}
        )
    counts["notice PDF"] = await _notice_count(client, token, agenda.json()["items"])
    return counts


async def _notice_count(client: httpx.AsyncClient, token: str, agenda: list[dict[str, Any]]) -> int:
    """Statements to print a survivor's notice as PDF, logged in with two steps (it needs
    them), for the first coming hearing with a survivor witness that prints."""
    auth = {"Authorization": f"Bearer {token}"}
    # Two-step login is turned on from a web login with the password, never with a token.
    password = {"password": "demo-docket-2026"}
    first = await client.post("/api/auth/login", json={"email": PROSECUTOR} | password)
    assert first.status_code == 200, first.text
    csrf = {"X-CSRF-Token": first.json()["csrf_token"]}
    setup = await client.post("/api/auth/totp/setup", json=password, headers=csrf)
    secret = httpx.URL(setup.json()["provisioning_uri"]).params["secret"]
    code = pyotp.TOTP(secret).now()
    confirmed = await client.post(
        "/api/auth/totp/confirm", json={"code": code} | password, headers=csrf
    )
    assert confirmed.status_code == 204, confirmed.text
    login = await client.post(
        "/api/auth/login",
        json={"email": PROSECUTOR, "password": "demo-docket-2026", "code": code},
    )
    assert login.status_code == 200, login.text
    session = {"X-CSRF-Token": login.json()["csrf_token"]}
    for hearing in agenda:
        for witness in hearing["witnesses"]:
            if witness["survivor_id"] is None:
                continue
            pair = f"/api/hearings/{hearing['hearing_id']}/survivors/{witness['survivor_id']}"
            # The national demo records no trips: arrange this one as the advocate would (the
            # trip plan needs two-step login: the session, not the token).
            arranged = await client.put(f"{pair}/preparation", json=TRIP, headers=session)
            if arranged.status_code != 200:
                continue
            printed = await client.post(f"{pair}/notice", json={}, headers=session)
            if printed.status_code == 409 and printed.json().get("allowed") == ["identity"]:
                # Most demo survivors have no recorded identity: give this one a name to print.
                named = await client.put(
                    f"/api/survivors/{witness['survivor_id']}/identity",
                    json={"legal_name": "Test Survivor", "notice_name": "Ana"},
                    headers=auth,
                )
                assert named.status_code == 204, named.text
                printed = await client.post(f"{pair}/notice", json={}, headers=session)
            if printed.status_code == 200:
                assert printed.content.startswith(b"%PDF")
                client.cookies.clear()
                return int(printed.headers["x-query-count"])
    raise AssertionError("no survivor's notice to print in the agenda")


async def test_query_counts_do_not_grow_with_the_data(counted: httpx.AsyncClient) -> None:
    small = await _counts(counted, SMALL)
    large = await _counts(counted, LARGE)
    assert large == small
    # ...nor with the page size.
    for endpoint in ("case list", "filtered case list", "hearings"):
        assert small[f"{endpoint}, limit 10"] == small[f"{endpoint}, limit 50"], endpoint
    # A sanity bound: each is a handful of statements, authentication included (a print
    # also records itself and its audit row).
    assert max(v for k, v in small.items() if k != "notice PDF") <= 8, small
    assert small["notice PDF"] <= 20, small


async def _case_page_statements(client: httpx.AsyncClient, hearings: int) -> int:
    """A case with this many hearings (one in three reset, each coming one with a protection
    need); the statements its page runs."""
    from docket.accounts.choices import Role
    from tests.conftest import make_user

    await empty_database()
    await make_user("admin@docket.test", Role.ADMIN)
    token = await issue_api_token("admin@docket.test")
    headers = {"Authorization": f"Bearer {token}"}
    court = await client.post("/api/courts", json={"name": "RTC Branch 16"}, headers=headers)
    case = await client.post(
        "/api/cases",
        json={
            "docket_number": "CEB-40",
            "caption": "People v. Doe",
            "court_id": court.json()["id"],
        },
        headers=headers,
    )
    case_id = case.json()["id"]
    survivor = await client.post(
        f"/api/cases/{case_id}/survivors",
        json={"pseudonym": "AAA", "age_band": "7_to_11"},
        headers=headers,
    )
    witness = await client.post(
        f"/api/cases/{case_id}/witnesses",
        json={"kind": "survivor", "survivor_id": survivor.json()["id"]},
        headers=headers,
    )
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=hearings)
    for n in range(hearings):
        at = start + dt.timedelta(days=2 * n)
        hearing = await client.post(
            f"/api/cases/{case_id}/hearings",
            json={
                "kind": "trial",
                "starts_at": at.isoformat(),
                "ends_at": (at + dt.timedelta(hours=2)).isoformat(),
            },
            headers=headers,
        )
        assert hearing.status_code == 201, hearing.text
        if n % 3 == 0:
            moved = at + dt.timedelta(days=1)
            reset = await client.post(
                f"/api/hearings/{hearing.json()['id']}/outcome",
                json={
                    "outcome": "reset",
                    "reason": "The judge is on leave",
                    "new_starts_at": moved.isoformat(),
                    "new_ends_at": (moved + dt.timedelta(hours=2)).isoformat(),
                    "version": hearing.json()["version"],
                },
                headers=headers,
            )
            assert reset.status_code == 200, reset.text
        need = await client.post(
            f"/api/hearings/{hearing.json()['id']}/protection-needs",
            json={"witness_id": witness.json()["id"], "measure": "support_person"},
            headers=headers,
        )
        assert need.status_code == 201, need.text
    page = await client.get(f"/cases/{case_id}", headers=headers)
    assert page.status_code == 200, page.text
    return int(page.headers["x-query-count"])


async def test_the_case_page_costs_the_same_for_1_hearing_as_for_40(
    counted: httpx.AsyncClient,
) -> None:
    """The case page ran 2 statements more per hearing with a history and 3 more per coming
    hearing (185 on a case with many hearings, 36 on a small one): now a constant number."""
    one = await _case_page_statements(counted, 1)
    forty = await _case_page_statements(counted, 40)
    assert forty == one


#: Fewer teams than above, so that each person works on enough cases that every section of
#: their home page has rows at both sizes (a section with no rows skips its statements).
HOME_SMALL = Scale(cases=120, hearings=1_500, users=40, courts=6, offices=3, teams=3)
HOME_LARGE = Scale(cases=1_200, hearings=15_000, users=40, courts=6, offices=3, teams=3)
#: One login of each role (benchmarks.national_demo: users 1-25 are admins, then the first
#: prosecutor, lawyer and advocate of each team), and what their home page must show at both sizes.
HOME_LOGINS = {
    "admin": (f"admin0001@{EMAIL_DOMAIN}", ['id="admin-home"']),
    "prosecutor": (
        PROSECUTOR,
        ['id="next-title"', "Record outcome", 'id="awaiting-title"', 'id="risk-title"'],
    ),
    "lawyer": (f"lawyer0029@{EMAIL_DOMAIN}", ['id="next-title"', 'id="awaiting-title"']),
    "advocate": (f"advocate0032@{EMAIL_DOMAIN}", ['id="survivors-title"', "Trip plan"]),
}


async def _home_statements(client: httpx.AsyncClient, scale: Scale) -> dict[str, int]:
    """Each role's home page on the demo at this scale: its statements, and that it shows
    what that role works on (so that a constant count is not an empty page's)."""
    await empty_database()
    await load_national("demo-docket-2026", scale=scale)
    # The demo records an outcome for every past hearing: leave those of the last three
    # weeks without one, so the home pages list hearings awaiting an outcome, from many cases
    # (ten times as many at the larger size).
    now = utc_now()
    await Hearing.update({Hearing.status: HearingStatus.SCHEDULED.value}).where(
        (Hearing.starts_at >= now - dt.timedelta(days=21)) & (Hearing.starts_at < now)
    )
    counts: dict[str, int] = {}
    for role, (email, shown) in HOME_LOGINS.items():
        token = await issue_api_token(email)
        page, counts[role] = await _get(client, token, "/")
        for text in shown:
            assert text in page.text, f"{role}'s home page at {scale}: no {text}"
    return counts


async def test_each_roles_home_page_costs_the_same_at_both_data_sizes(
    counted: httpx.AsyncClient,
) -> None:
    """A prosecutor's or lawyer's home page fetched the case of each hearing awaiting its
    outcome one at a time: more hearings, more statements. Now one statement for them all."""
    small = await _home_statements(counted, HOME_SMALL)
    large = await _home_statements(counted, HOME_LARGE)
    assert large == small

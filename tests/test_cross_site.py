"""Another website cannot make a logged-in browser change anything in Docket, nor log it into
an attacker's account: browsers say where a request comes from (Sec-Fetch-Site, Origin), and
every state-changing request from elsewhere is refused, the login and the page forms included.
Scripts and calendar apps, which send neither header, work as before."""

from __future__ import annotations

import re

import httpx
import pytest

from docket.accounts.choices import Role
from tests.conftest import PASSWORD, People, make_user

pytestmark = pytest.mark.anyio

EVIL = "https://docket-help.example"


async def login_form(client: httpx.AsyncClient) -> dict[str, str]:
    page = await client.get("/login")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found
    return {"email": "attacker@docket.test", "password": PASSWORD, "csrf": found.group(1)}


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": EVIL},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://other.docket.example"},
        {"Origin": EVIL},
        {"Origin": "null"},
    ],
    ids=["fetch-metadata", "sibling-site", "origin-only", "opaque-origin"],
)
async def test_another_site_cannot_log_a_browser_into_an_account(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    await make_user("attacker@docket.test", Role.LAWYER)
    credentials = {"email": "attacker@docket.test", "password": PASSWORD}

    api = await client.post("/api/auth/login", json=credentials, headers=headers)
    assert api.status_code == 403
    assert "another website" in api.json()["detail"]
    form = await client.post("/login", data=await login_form(client), headers=headers)
    assert form.status_code == 403
    assert (await client.get("/api/auth/me")).status_code == 401


async def test_our_own_pages_and_scripts_still_log_in(client: httpx.AsyncClient) -> None:
    await make_user("attacker@docket.test", Role.LAWYER)
    own = {"Sec-Fetch-Site": "same-origin", "Origin": "http://127.0.0.1"}
    form = await client.post("/login", data=await login_form(client), headers=own)
    assert form.status_code == 303
    client.cookies.clear()
    origin_only = await client.post(
        "/login", data=await login_form(client), headers={"Origin": "http://127.0.0.1"}
    )
    assert origin_only.status_code == 303
    client.cookies.clear()
    script = await client.post(
        "/api/auth/login", json={"email": "attacker@docket.test", "password": PASSWORD}
    )
    assert script.status_code == 200


async def test_another_site_cannot_change_a_case_with_the_victims_session(
    people: People,
) -> None:
    client = people.client
    await make_user("victim@docket.test", Role.PROSECUTOR)
    login = await client.post(
        "/api/auth/login", json={"email": "victim@docket.test", "password": PASSWORD}
    )
    csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
    # Even a page that somehow learnt the CSRF token is refused for coming from elsewhere.
    made = await client.post(
        "/api/feeds",
        json={"scope": "mine"},
        headers=csrf | {"Sec-Fetch-Site": "cross-site", "Origin": EVIL},
    )
    assert made.status_code == 403
    assert (await client.get("/api/feeds")).json() == []
    # Reading stays possible from a link on another site (a GET changes nothing).
    linked = await client.get("/api/auth/me", headers={"Sec-Fetch-Site": "cross-site"})
    assert linked.status_code == 200
    own = await client.post(
        "/api/feeds", json={"scope": "mine"}, headers=csrf | {"Sec-Fetch-Site": "same-origin"}
    )
    assert own.status_code == 201

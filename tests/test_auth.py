"""Logging in and out, sessions, API tokens, CSRF on session writes, and account locking."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pyotp
import pytest
import time_machine

from docket.accounts.choices import Role
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.anyio


async def log_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/api/auth/login", json={"email": email, "password": password})


async def test_login_gives_a_session_that_works_until_logout(client: httpx.AsyncClient) -> None:
    await make_user("grace.tan@docket.test", Role.ADVOCATE, "Grace Tan")
    response = await log_in(client, "Grace.Tan@docket.test")
    assert response.status_code == 200, response.text
    assert response.json()["user"]["name"] == "Grace Tan"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie.replace("samesite", "SameSite")
    me = await client.get("/api/auth/me")
    assert me.status_code == 200
    assert me.json()["role"] == "advocate"

    csrf = response.json()["csrf_token"]
    logout = await client.post("/api/auth/logout", headers={"X-CSRF-Token": csrf})
    assert logout.status_code == 204
    # The old cookie is dead on the server too, not just cleared in this browser.
    session_id = response.cookies.get("docket_session")
    assert session_id
    client.cookies.set("docket_session", session_id)
    replay = await client.get("/api/auth/me")
    assert replay.status_code == 401


async def test_a_new_session_id_at_every_login(client: httpx.AsyncClient) -> None:
    await make_user("p@docket.test", Role.PROSECUTOR)
    first = (await log_in(client, "p@docket.test")).cookies.get("docket_session")
    second = (await log_in(client, "p@docket.test")).cookies.get("docket_session")
    assert first
    assert second
    assert first != second


async def test_session_writes_need_the_csrf_token(client: httpx.AsyncClient) -> None:
    await make_user("lawyer@docket.test", Role.LAWYER)
    login = await log_in(client, "lawyer@docket.test")
    body = {"docket_number": "CEB-2026-0100", "caption": "People v. Ouano"}
    forged = await client.post("/api/cases", json=body)
    assert forged.status_code == 403
    wrong = await client.post("/api/cases", json=body, headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    good = await client.post(
        "/api/cases", json=body, headers={"X-CSRF-Token": login.json()["csrf_token"]}
    )
    assert good.status_code == 201
    listed = await client.get("/api/cases")
    assert listed.json()["total"] == 1, "the forged requests wrote nothing"


async def test_wrong_passwords_lock_the_account_for_ten_minutes(
    client: httpx.AsyncClient,
) -> None:
    await make_user("ana@docket.test", Role.PROSECUTOR)
    for _ in range(5):
        assert (await log_in(client, "ana@docket.test", "wrong password!!")).status_code == 401
    locked = await log_in(client, "ana@docket.test")
    assert locked.status_code == 401, "even the right password is refused while locked"
    unknown = await log_in(client, "nobody@docket.test")
    assert unknown.status_code == 401
    assert unknown.json()["detail"] == locked.json()["detail"], "no hint which it was"


async def test_a_lock_ends_ten_minutes_after_it_began_whatever_is_tried_meanwhile(
    client: httpx.AsyncClient,
) -> None:
    """Someone who guesses on through a lock cannot keep the owner out the night before trial."""
    await make_user("ana@docket.test", Role.PROSECUTOR)
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            assert (await log_in(client, "ana@docket.test", "wrong password!!")).status_code == 401
    with time_machine.travel(start + dt.timedelta(minutes=9), tick=False):
        for _ in range(20):
            assert (await log_in(client, "ana@docket.test", "wrong password!!")).status_code == 401
        assert (await log_in(client, "ana@docket.test")).status_code == 401, "still locked"
    with time_machine.travel(start + dt.timedelta(minutes=10, seconds=1), tick=False):
        assert (await log_in(client, "ana@docket.test")).status_code == 200


async def test_login_bad_input(client: httpx.AsyncClient) -> None:
    missing = await client.post("/api/auth/login", json={"email": "a@b.c"})
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "password"
    huge = await client.post("/api/auth/login", json={"email": "a@b.c", "password": "x" * 5000})
    assert huge.status_code == 400
    wrong_type = await client.post("/api/auth/login", json={"email": ["a"], "password": 1})
    assert wrong_type.status_code == 400
    assert (await client.post("/api/auth/logout")).status_code == 401
    assert (await client.get("/api/auth/me")).status_code == 401


async def test_disabled_accounts_lose_their_tokens(client: httpx.AsyncClient) -> None:
    from docket.accounts.services import issue_api_token
    from docket.accounts.tables import User

    user_id = await make_user("gone@docket.test", Role.LAWYER)
    token = await issue_api_token("gone@docket.test")
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/cases", headers=headers)).status_code == 200
    await User.update({User.active: False}).where(User.id == user_id)
    assert (await client.get("/api/cases", headers=headers)).status_code == 401


async def test_people_and_teams_lists(client: httpx.AsyncClient) -> None:
    from docket.accounts.services import issue_api_token

    await make_user("adv@docket.test", Role.ADVOCATE, "Liza Pacaña")
    headers = {"Authorization": f"Bearer {await issue_api_token('adv@docket.test')}"}
    users = await client.get("/api/users", headers=headers)
    assert users.status_code == 200
    assert [u["name"] for u in users.json()] == ["Liza Pacaña"]
    assert "password" not in users.text
    teams = await client.get("/api/teams", headers=headers)
    assert teams.status_code == 200
    assert teams.json() == []
    assert (await client.get("/api/users")).status_code == 401
    assert (await client.get("/api/teams")).status_code == 401


async def test_weak_passwords_are_refused(client: httpx.AsyncClient) -> None:
    from docket.accounts.services import create_user
    from docket.errors import InvalidInput

    for weak in ("password1234", "qwertyuiop123", "iloveyou12345", "maria.santos2026"):
        with pytest.raises(InvalidInput) as refused:
            await create_user(
                None,
                email="maria.santos@docket.test",
                name="Maria Santos",
                role=Role.PROSECUTOR,
                password=weak,
            )
        assert refused.value.errors[0].field == "password"
    with pytest.raises(InvalidInput):
        await create_user(None, email="a@docket.test", name="A", role=Role.LAWYER, password="short")
    row = await create_user(
        None,
        email="a@docket.test",
        name="A",
        role=Role.LAWYER,
        password="tarsier mango ferry lighthouse",
    )
    assert row["email"] == "a@docket.test"


async def test_sessions_end_when_idle_too_long_or_too_old(client: httpx.AsyncClient) -> None:
    import datetime as dt

    from docket.accounts.tables import WebSession
    from docket.db import utc_now

    await make_user("idle@docket.test", Role.LAWYER)
    assert (await log_in(client, "idle@docket.test")).status_code == 200
    assert (await client.get("/api/auth/me")).status_code == 200
    # 31 minutes without a request: the session is over (CJIS 5.5.5, ASVS 7.3.1).
    await WebSession.update({WebSession.last_seen_at: utc_now() - dt.timedelta(minutes=31)}).where(
        WebSession.id > 0
    )
    assert (await client.get("/api/auth/me")).status_code == 401

    assert (await log_in(client, "idle@docket.test")).status_code == 200
    # Active all along, but logged in 12 hours and a minute ago: over too (ASVS 7.3.2).
    await WebSession.update(
        {WebSession.created_at: utc_now() - dt.timedelta(hours=12, minutes=1)}
    ).where(WebSession.revoked_at.is_null())
    assert (await client.get("/api/auth/me")).status_code == 401


async def test_disabling_an_account_ends_its_sessions(client: httpx.AsyncClient) -> None:
    from docket.accounts.tables import User

    user_id = await make_user("leaver@docket.test", Role.ADVOCATE)
    assert (await log_in(client, "leaver@docket.test")).status_code == 200
    await User.update({User.active: False}).where(User.id == user_id)
    assert (await client.get("/api/auth/me")).status_code == 401
    assert (await log_in(client, "leaver@docket.test")).status_code == 401


async def test_security_headers_on_every_answer(client: httpx.AsyncClient) -> None:
    for path in ("/api/health", "/api/cases", "/api/nowhere"):
        response = await client.get(path)
        headers = response.headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["cache-control"] == "no-store"
        assert "strict-transport-security" not in headers, "HSTS only over https"
    evil = await client.get("/api/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in evil.headers


async def test_a_code_from_the_authenticator_app_works_once(client: httpx.AsyncClient) -> None:
    """A code overheard, photographed or phished along with the password is useless once its
    login is done (RFC 6238 s5.2): each 30-second step opens one session."""
    await make_user("grace.tan@docket.test", Role.ADVOCATE, "Grace Tan")
    first = await log_in(client, "grace.tan@docket.test")
    csrf = {"X-CSRF-Token": first.json()["csrf_token"]}
    setup = await client.post("/api/auth/totp/setup", json={"password": PASSWORD}, headers=csrf)
    totp = pyotp.TOTP(pyotp.parse_uri(setup.json()["provisioning_uri"]).secret)
    now = dt.datetime.now(dt.UTC)
    confirmed = await client.post(
        "/api/auth/totp/confirm", json={"code": totp.at(now), "password": PASSWORD}, headers=csrf
    )
    assert confirmed.status_code == 204

    async def with_code(code: str) -> int:
        client.cookies.clear()
        answer = await client.post(
            "/api/auth/login",
            json={"email": "grace.tan@docket.test", "password": PASSWORD, "code": code},
        )
        return answer.status_code

    assert await with_code(totp.at(now)) == 200
    assert await with_code(totp.at(now)) == 401, "the same code twice"
    assert await with_code(totp.at(now - dt.timedelta(seconds=30))) == 401, "an older code"
    assert await with_code(totp.at(now + dt.timedelta(seconds=30))) == 200, "the next code"
    assert await with_code(totp.at(now + dt.timedelta(seconds=30))) == 401


async def test_the_login_takes_json_only_so_another_site_cannot_log_a_browser_in(
    client: httpx.AsyncClient,
) -> None:
    """A cross-site form can post text/plain or a urlencoded body without the browser asking
    first; with either, an attacker would log the victim's browser into the attacker's account."""
    await make_user("grace.tan@docket.test", Role.ADVOCATE, "Grace Tan")
    body = json.dumps({"email": "grace.tan@docket.test", "password": PASSWORD})
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        answer = await client.post(
            "/api/auth/login", content=body, headers={"Content-Type": content_type}
        )
        assert answer.status_code == 400, (content_type, answer.text)
        assert answer.json()["errors"][0]["field"] == "Content-Type"
        assert "docket_session" not in answer.cookies
    assert (await log_in(client, "grace.tan@docket.test")).status_code == 200

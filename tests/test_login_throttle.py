"""Throttling that protects the owner: wrong logins are limited per client address (429 with
Retry-After, growing waits) and per account (a lock), someone else's guessing does not keep the
owner out of their usual address, admins can unlock, every lock is audited; and only trusted
proxies may say who the client is."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest
import time_machine
from litestar import Litestar

from docket.accounts.choices import Role
from docket.accounts.services import ADDRESS_FREE_FAILURES, LOCK_AFTER_FAILURES
from docket.accounts.tables import User
from docket.app import create_app
from docket.audit.tables import AuditEvent
from docket.settings import get_settings
from tests.conftest import PASSWORD, People, live_server, make_user, read_rows, run_docket

pytestmark = pytest.mark.anyio

WRONG = "not the password at all"
HOME = "198.51.100.20"
ELSEWHERE = "203.0.113.66"


@pytest.fixture
async def app(db: None) -> AsyncIterator[Litestar]:
    """The app, served in the test's loop, for clients at several addresses."""
    app = create_app()
    async with app.lifespan():
        yield app


def client_at(app: Litestar, address: str) -> httpx.AsyncClient:
    """A browser or script connecting from this address."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(
            app=app,  # type: ignore[arg-type]  # httpx's ASGI type is narrower than Litestar's
            client=(address, 50000),
        ),
        base_url="http://127.0.0.1",
    )


async def log_in(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD, **body: str
) -> httpx.Response:
    return await client.post("/api/auth/login", json={"email": email, "password": password, **body})


async def audit(action: str) -> list[dict[str, Any]]:
    return list(await AuditEvent.select().where(AuditEvent.action == action))


async def test_too_many_wrong_logins_from_one_address_wait_with_a_growing_retry_after(
    app: Litestar,
) -> None:
    await make_user("ana@docket.test", Role.PROSECUTOR)
    start = dt.datetime.now(dt.UTC)
    async with client_at(app, ELSEWHERE) as guesser, client_at(app, HOME) as office:
        with time_machine.travel(start, tick=False):
            for _ in range(ADDRESS_FREE_FAILURES):
                assert (await log_in(guesser, "ana@docket.test", WRONG)).status_code == 401
            refused = await log_in(guesser, "ana@docket.test", WRONG)
            assert refused.status_code == 429
            assert refused.headers["Retry-After"] == "60"
            assert "wait a minute" in refused.json()["detail"]
            # The wait is the address's, whatever it sends: the right password waits too.
            assert (await log_in(guesser, "ana@docket.test")).status_code == 429
            # Another address is not held up by this one's guessing.
            assert (await log_in(office, "nobody@docket.test", WRONG)).status_code == 401
            # The login page says it in a sentence, and keeps the form for later.
            page = await guesser.get("/login")
            token = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert token
            form = {"email": "ana@docket.test", "password": PASSWORD, "csrf": token.group(1)}
            on_page = await guesser.post("/login", data=form)
            assert on_page.status_code == 429
            assert on_page.headers["Retry-After"] == "60"
            assert "Please wait a minute and try again." in on_page.text
            assert 'name="password"' in on_page.text
        with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
            early = await log_in(guesser, "ana@docket.test", WRONG)
            assert early.status_code == 429
            assert early.headers["Retry-After"] == "1"
        with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
            assert (await log_in(guesser, "ana@docket.test", WRONG)).status_code == 401
            longer = await log_in(guesser, "ana@docket.test", WRONG)
            assert longer.status_code == 429
            assert longer.headers["Retry-After"] == "120", "each further failure doubles the wait"
    throttled = await audit("login.throttled")
    assert [json.loads(row["after"])["client_address"] for row in throttled] == [ELSEWHERE] * 2
    assert all(WRONG not in row["after"] + row["before"] for row in throttled)


async def test_guessing_across_accounts_from_one_address_is_limited_whatever_it_forwards(
    app: Litestar,
) -> None:
    """No proxy is trusted by default, not even one on this machine: a made-up
    X-Forwarded-For neither escapes the throttle nor reaches the audit trail."""
    for n in range(3):
        await make_user(f"staff{n}@docket.test", Role.LAWYER)
    emails = [f"staff{n % 3}@docket.test" if n % 2 else f"x{n}@docket.test" for n in range(40)]
    answers = []
    with time_machine.travel(dt.datetime.now(dt.UTC), tick=False):
        async with client_at(app, "127.0.0.1") as guesser:
            for n, email in enumerate(emails[: ADDRESS_FREE_FAILURES + 1]):
                forged = {"X-Forwarded-For": f"192.0.2.{n}"}
                answers.append(
                    (
                        await guesser.post(
                            "/api/auth/login",
                            json={"email": email, "password": WRONG},
                            headers=forged,
                        )
                    ).status_code
                )
    assert answers == [401] * ADDRESS_FREE_FAILURES + [429]
    addresses = {row["remote_addr"] for row in await audit("user.login")}
    assert addresses == {"127.0.0.1"}


async def test_someone_elses_guessing_does_not_keep_the_owner_out_at_her_usual_address(
    app: Litestar,
) -> None:
    secret = pyotp.random_base32()
    totp = pyotp.TOTP(secret)
    user_id = await make_user("ana@docket.test", Role.PROSECUTOR, "Ana Reyes")
    await User.update({User.totp_secret: secret, User.totp_enabled: True}).where(User.id == user_id)
    start = dt.datetime.now(dt.UTC)
    async with client_at(app, HOME) as ana, client_at(app, ELSEWHERE) as guesser:
        with time_machine.travel(start, tick=False):
            first = await log_in(ana, "ana@docket.test", code=totp.at(start))
            assert first.status_code == 200, "her office becomes her usual address"
        # The night before trial: someone guesses, and keeps guessing through the lock.
        for minute in range(1, 50, 10):
            with time_machine.travel(start + dt.timedelta(minutes=minute), tick=False):
                for _ in range(LOCK_AFTER_FAILURES):
                    assert (await log_in(guesser, "ana@docket.test", WRONG)).status_code == 401
        late = start + dt.timedelta(minutes=45)
        with time_machine.travel(late, tick=False):
            # The lock holds anywhere else, even for the right password and code...
            elsewhere = await log_in(guesser, "ana@docket.test", code=totp.at(late))
            assert elsewhere.status_code == 401
            # ...and at her office without the code: the password alone is not enough there.
            assert (await log_in(ana, "ana@docket.test")).status_code == 401
            at_home = await log_in(ana, "ana@docket.test", code=totp.at(late))
            assert at_home.status_code == 200, at_home.text
            assert (await ana.get("/api/auth/me")).json()["name"] == "Ana Reyes"
    locks = await audit("user.locked")
    assert locks, "the lock is in the audit trail"
    for lock in locks:
        assert lock["entity_id"] == user_id
        assert lock["remote_addr"] == ELSEWHERE
        assert json.loads(lock["after"])["client_address"] == ELSEWHERE
        assert WRONG not in lock["after"]


async def test_the_owner_without_two_step_login_is_still_locked_everywhere(app: Litestar) -> None:
    """The usual address alone does not open a lock: a colleague at the same office could be
    the one guessing, and only the authenticator's code tells the owner apart."""
    await make_user("ben@docket.test", Role.LAWYER)
    start = dt.datetime.now(dt.UTC)
    async with client_at(app, HOME) as ben, client_at(app, ELSEWHERE) as guesser:
        with time_machine.travel(start, tick=False):
            assert (await log_in(ben, "ben@docket.test")).status_code == 200
        with time_machine.travel(start + dt.timedelta(minutes=1), tick=False):
            for _ in range(LOCK_AFTER_FAILURES):
                assert (await log_in(guesser, "ben@docket.test", WRONG)).status_code == 401
            assert (await log_in(ben, "ben@docket.test")).status_code == 401


async def test_a_failed_login_says_what_was_wrong_without_saying_which(
    client: httpx.AsyncClient,
) -> None:
    await make_user("ana@docket.test", Role.PROSECUTOR)
    wrong_password = await log_in(client, "ana@docket.test", WRONG)
    unknown = await log_in(client, "nobody@docket.test")
    assert wrong_password.status_code == unknown.status_code == 401
    detail = wrong_password.json()["detail"]
    assert detail == unknown.json()["detail"]
    assert detail.startswith("Wrong email, password or code.")
    assert "Log in first" not in detail


async def test_an_admin_unlocks_an_account_and_it_is_audited(people: People) -> None:
    client = people.client
    prosecutor = (
        await User.select(User.id, User.email).where(User.id == people.prosecutor.user_id).first()
    )
    assert prosecutor
    for _ in range(LOCK_AFTER_FAILURES):
        assert (await log_in(client, prosecutor["email"], WRONG)).status_code == 401
    assert (await log_in(client, prosecutor["email"])).status_code == 401, "locked"

    path = f"/api/users/{prosecutor['id']}/unlock"
    assert (await people.lawyer.post(path)).status_code == 403
    assert (await people.prosecutor.post(path)).status_code == 403
    assert (await people.admin.post("/api/users/999999/unlock")).status_code == 404
    assert (await people.admin.post("/api/users/0/unlock")).status_code == 400
    assert (await people.anonymous.post(path)).status_code == 401
    unlocked = await people.admin.post(path)
    assert unlocked.status_code == 204

    assert (await log_in(client, prosecutor["email"])).status_code == 200, "in at once"
    [row] = await audit("user.unlocked")
    assert row["actor"] == people.admin.user_id
    assert row["entity_id"] == prosecutor["id"]
    assert json.loads(row["before"])["locked_until"] is not None
    assert json.loads(row["after"])["locked_until"] is None
    assert len(await audit("user.locked")) == 1


@pytest.fixture
def behind_a_proxy() -> Iterator[None]:
    """Docket configured with one trusted reverse proxy network, 10.0.0.0/8."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DOCKET_TRUSTED_PROXIES", "10.0.0.0/8, ::1")
        get_settings.cache_clear()
        yield
    get_settings.cache_clear()


async def test_only_a_trusted_proxy_may_say_who_the_client_is(
    behind_a_proxy: None, app: Litestar
) -> None:
    user_id = await make_user("ana@docket.test", Role.PROSECUTOR)
    forwarded = {"X-Forwarded-For": "192.0.2.1, 203.0.113.5", "X-Forwarded-Proto": "https"}
    async with client_at(app, "10.1.2.3") as proxy, client_at(app, "198.51.100.9") as stranger:
        via_proxy = await proxy.post(
            "/api/auth/login",
            json={"email": "ana@docket.test", "password": PASSWORD},
            headers=forwarded,
        )
        assert via_proxy.status_code == 200
        # The proxy said the browser came over https: the cookie is kept for https only.
        assert via_proxy.headers["set-cookie"].startswith("__Host-docket_session=")
        assert "Secure" in via_proxy.headers["set-cookie"]
        direct = await stranger.post(
            "/api/auth/login",
            json={"email": "ana@docket.test", "password": PASSWORD},
            headers=forwarded,
        )
        assert direct.status_code == 200
        assert direct.headers["set-cookie"].startswith("docket_session=")
    logins = (
        await AuditEvent.select(AuditEvent.remote_addr)
        .where((AuditEvent.action == "user.login") & (AuditEvent.entity_id == user_id))
        .order_by(AuditEvent.id)
    )
    # The proxy's nearest untrusted hop, never the left one the browser could have made up;
    # the stranger's own address, whatever it claimed.
    assert [row["remote_addr"] for row in logins] == ["203.0.113.5", "198.51.100.9"]


def test_docket_serve_ignores_forwarded_headers_and_users_unlock_lifts_a_lock(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """The real server: a local process cannot pick the address the trail records, and an
    admin at the console unlocks a prosecutor due in court."""
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    created = run_docket(
        fresh_database_url,
        *("users", "create", "--email", "ana@docket.test", "--name", "Ana Reyes"),
        *("--role", "prosecutor", "--password-stdin"),
        stdin="tarsier mango ferry lighthouse\n",
    )
    assert created.returncode == 0, created.stderr
    good = {"email": "ana@docket.test", "password": "tarsier mango ferry lighthouse"}
    wrong = good | {"password": WRONG}
    forged = {"X-Forwarded-For": "192.0.2.77"}
    with live_server(fresh_database_url, tmp_path / "server.log") as server:
        login = f"{server.url}/api/auth/login"
        for _ in range(LOCK_AFTER_FAILURES):
            assert httpx.post(login, json=wrong, headers=forged).status_code == 401
        assert httpx.post(login, json=good).status_code == 401, "locked"
        unlocked = run_docket(fresh_database_url, "users", "unlock", "ANA@docket.test")
        assert unlocked.returncode == 0, unlocked.stderr
        assert "Unlocked ana@docket.test" in unlocked.stdout
        assert httpx.post(login, json=good).status_code == 200
    unknown = run_docket(fresh_database_url, "users", "unlock", "ghost@docket.test")
    assert unknown.returncode != 0
    assert "email: no user has this email" in unknown.stderr
    rows = read_rows(
        fresh_database_url,
        "SELECT action, actor, remote_addr FROM audit_event"
        " WHERE action IN ('user.locked', 'user.unlocked') ORDER BY id",
    )
    assert [(r["action"], r["actor"], r["remote_addr"]) for r in rows] == [
        ("user.locked", None, "127.0.0.1"),
        ("user.unlocked", None, ""),
    ]

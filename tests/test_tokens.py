"""API tokens and two-step login: a stolen token cannot take the account over; tokens have a
name and an expiry, are listed without their secret, revoked one by one and marked when used;
an admin resets a lost second factor and the person is told; the password rules."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest
import time_machine

from docket.accounts.choices import Role
from docket.accounts.services import issue_api_token
from docket.audit.tables import AuditEvent
from tests.conftest import FIXED_NOW, PASSWORD, make_user, run_docket
from tests.helpers import bearer, log_in, page_csrf

pytestmark = pytest.mark.anyio


async def audit_rows(action: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id)
    )
    return rows


async def turn_on_two_step(client: httpx.AsyncClient, csrf: dict[str, str]) -> pyotp.TOTP:
    again = {"password": PASSWORD}
    setup = await client.post("/api/auth/totp/setup", json=again, headers=csrf)
    assert setup.status_code == 200, setup.text
    totp = pyotp.TOTP(pyotp.parse_uri(setup.json()["provisioning_uri"]).secret)
    confirmed = await client.post(
        "/api/auth/totp/confirm", json={"code": totp.now()} | again, headers=csrf
    )
    assert confirmed.status_code == 204, confirmed.text
    return totp


# --- finding 5: a stolen token cannot take the account over --------------------------------


async def test_a_stolen_api_token_cannot_set_up_or_turn_off_two_step_login(
    client: httpx.AsyncClient,
) -> None:
    """With only a token, a thief could once put their own phone on the account, after which
    the owner could no longer log in."""
    await make_user("grace.tan@docket.test", Role.ADVOCATE)
    stolen = bearer(await issue_api_token("grace.tan@docket.test"))
    again = {"password": PASSWORD}
    for path, body in (
        ("/api/auth/totp/setup", again),
        ("/api/auth/totp/setup", {}),
        ("/api/auth/totp/confirm", {"code": "123456"} | again),
        ("/api/auth/totp/disable", again),
    ):
        refused = await client.post(path, json=body, headers=stolen)
        assert refused.status_code == 403, (path, refused.text)
        assert "web login" in refused.json()["detail"]
    # The owner still logs in with the password alone: nothing was set up.
    await log_in(client, "grace.tan@docket.test")
    assert await audit_rows("user.totp_setup") == []


async def test_two_step_login_changes_ask_for_the_password_again(
    client: httpx.AsyncClient,
) -> None:
    """Someone at an unlocked, logged-in computer cannot change how its owner logs in."""
    await make_user("grace.tan@docket.test", Role.ADVOCATE)
    csrf = await log_in(client, "grace.tan@docket.test")
    setup = "/api/auth/totp/setup"

    missing = await client.post(setup, json={}, headers=csrf)
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "password"
    wrong = await client.post(setup, json={"password": "not " + PASSWORD}, headers=csrf)
    assert wrong.status_code == 403
    assert PASSWORD not in wrong.text

    started = await client.post(setup, json={"password": PASSWORD}, headers=csrf)
    assert started.status_code == 200
    totp = pyotp.TOTP(pyotp.parse_uri(started.json()["provisioning_uri"]).secret)
    confirm = "/api/auth/totp/confirm"
    no_password = await client.post(confirm, json={"code": totp.now()}, headers=csrf)
    assert no_password.status_code == 400
    assert no_password.json()["errors"][0]["field"] == "password"
    wrong = await client.post(
        confirm, json={"code": totp.now(), "password": "not " + PASSWORD}, headers=csrf
    )
    assert wrong.status_code == 403
    good = await client.post(confirm, json={"code": totp.now(), "password": PASSWORD}, headers=csrf)
    assert good.status_code == 204
    [enabled] = await audit_rows("user.totp_enabled")
    assert json.loads(enabled["after"]) == {"totp_enabled": True}
    assert totp.secret not in enabled["after"] + enabled["before"]

    # Turning it off: the password again, and then a login needs no code.
    code_login = await log_in(client, "grace.tan@docket.test", code=totp.now())
    disable = "/api/auth/totp/disable"
    assert (await client.post(disable, json={}, headers=code_login)).status_code == 400
    wrong = await client.post(disable, json={"password": "not " + PASSWORD}, headers=code_login)
    assert wrong.status_code == 403
    off = await client.post(disable, json={"password": PASSWORD}, headers=code_login)
    assert off.status_code == 204
    [disabled] = await audit_rows("user.totp_disabled")
    assert json.loads(disabled["after"]) == {"totp_enabled": False}
    await log_in(client, "grace.tan@docket.test")


async def test_wrong_passwords_at_a_two_step_change_lock_the_account_like_wrong_logins(
    client: httpx.AsyncClient,
) -> None:
    """Whoever holds a session cannot guess its owner's password there without limit."""
    await make_user("ana@docket.test", Role.PROSECUTOR)
    csrf = await log_in(client, "ana@docket.test")
    for _ in range(5):
        guess = await client.post(
            "/api/auth/totp/setup", json={"password": "guess " + PASSWORD}, headers=csrf
        )
        assert guess.status_code == 403
    right = await client.post("/api/auth/totp/setup", json={"password": PASSWORD}, headers=csrf)
    assert right.status_code == 403, "locked: even the right password is refused here"
    client.cookies.clear()
    login = await client.post(
        "/api/auth/login", json={"email": "ana@docket.test", "password": PASSWORD}
    )
    assert login.status_code == 401, "and at the login"
    assert len(await audit_rows("user.password_again")) == 6


# --- tokens: name, expiry, list, revoke, last used -------------------------------------------


async def test_a_person_makes_a_named_token_that_expires_and_sees_it_listed_without_its_secret(
    client: httpx.AsyncClient,
) -> None:
    await make_user("carlo@docket.test", Role.LAWYER)
    csrf = await log_in(client, "carlo@docket.test")
    body = {"name": "court-laptop script", "password": PASSWORD}

    no_name = await client.post("/api/tokens", json={"password": PASSWORD}, headers=csrf)
    assert no_name.status_code == 400
    assert no_name.json()["errors"][0]["field"] == "name"
    no_password = await client.post("/api/tokens", json={"name": "x"}, headers=csrf)
    assert no_password.json()["errors"][0]["field"] == "password"
    too_long = await client.post("/api/tokens", json=body | {"days": 400}, headers=csrf)
    assert too_long.status_code == 400
    assert too_long.json()["errors"][0]["field"] == "days"
    wrong = await client.post(
        "/api/tokens", json=body | {"password": "not " + PASSWORD}, headers=csrf
    )
    assert wrong.status_code == 403

    made = await client.post("/api/tokens", json=body, headers=csrf)
    assert made.status_code == 201, made.text
    issued = made.json()
    token = issued["token"]
    assert issued["name"] == "court-laptop script"
    assert token.startswith(issued["prefix"])
    assert len(issued["prefix"]) == 10
    expires = dt.datetime.fromisoformat(issued["expires_at"])
    assert dt.timedelta(days=89) < expires - FIXED_NOW < dt.timedelta(days=91), "90 days"
    assert (await client.get("/api/auth/me", headers=bearer(token))).status_code == 200

    # A token cannot make more tokens: one stolen would otherwise outlive its revocation.
    client.cookies.clear()
    minted = await client.post("/api/tokens", json=body, headers=bearer(token))
    assert minted.status_code == 403

    listed = await client.get("/api/tokens", headers=bearer(token))
    assert listed.status_code == 200
    assert [(t["name"], t["state"]) for t in listed.json()] == [("court-laptop script", "active")]
    assert token not in listed.text
    assert "token_hash" not in listed.text
    [audited] = await audit_rows("token.issued")
    assert token not in audited["after"]
    assert json.loads(audited["after"])["name"] == "court-laptop script"


async def test_a_revoked_token_answers_401_and_others_keep_working(
    client: httpx.AsyncClient,
) -> None:
    owner = await make_user("carlo@docket.test", Role.LAWYER)
    await make_user("joy@docket.test", Role.LAWYER)
    laptop = await issue_api_token("carlo@docket.test", name="court laptop")
    phone = await issue_api_token("carlo@docket.test", name="phone")
    other = await issue_api_token("joy@docket.test", name="joy's script")
    listed = (await client.get("/api/tokens", headers=bearer(phone))).json()
    laptop_id = next(t["id"] for t in listed if t["name"] == "court laptop")

    # Someone else's token is "no such token".
    refused = await client.post(f"/api/tokens/{laptop_id}/revoke", headers=bearer(other))
    assert refused.status_code == 404
    revoked = await client.post(f"/api/tokens/{laptop_id}/revoke", headers=bearer(phone))
    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked"
    assert (await client.get("/api/auth/me", headers=bearer(laptop))).status_code == 401
    assert (await client.get("/api/auth/me", headers=bearer(phone))).status_code == 200
    [audited] = await audit_rows("token.revoked")
    assert audited["actor"] == owner
    assert json.loads(audited["after"])["name"] == "court laptop"
    assert (await client.post("/api/tokens/99999/revoke", headers=bearer(phone))).status_code == 404


async def test_an_admin_lists_and_revokes_anyones_tokens_and_nobody_else_can(
    client: httpx.AsyncClient,
) -> None:
    carlo = await make_user("carlo@docket.test", Role.LAWYER)
    await make_user("admin@docket.test", Role.ADMIN)
    script = await issue_api_token("carlo@docket.test", name="nightly export")
    admin = bearer(await issue_api_token("admin@docket.test"))

    listed = await client.get(f"/api/users/{carlo}/tokens", headers=admin)
    assert listed.status_code == 200
    [token] = listed.json()
    assert token["name"] == "nightly export"
    assert script not in listed.text
    assert (
        await client.get(f"/api/users/{carlo}/tokens", headers=bearer(script))
    ).status_code == 403
    assert (await client.get("/api/users/99999/tokens", headers=admin)).status_code == 404

    revoked = await client.post(f"/api/tokens/{token['id']}/revoke", headers=admin)
    assert revoked.status_code == 200
    assert (await client.get("/api/auth/me", headers=bearer(script))).status_code == 401


async def test_an_expired_token_answers_401(client: httpx.AsyncClient) -> None:
    await make_user("carlo@docket.test", Role.LAWYER)
    token = bearer(await issue_api_token("carlo@docket.test", name="one day", days=1))
    assert (await client.get("/api/auth/me", headers=token)).status_code == 200
    with time_machine.travel(FIXED_NOW + dt.timedelta(days=1, minutes=1)):
        assert (await client.get("/api/auth/me", headers=token)).status_code == 401
        listed = await client.get("/api/tokens", headers=token)
        assert listed.status_code == 401


async def test_a_token_shows_when_it_was_last_used_to_the_minute(
    client: httpx.AsyncClient,
) -> None:
    """Written when used, at most once a minute, so a script polling every second does not
    turn each read into a write."""
    await make_user("carlo@docket.test", Role.LAWYER)
    token = bearer(await issue_api_token("carlo@docket.test", name="poller"))

    async def last_used() -> dt.datetime | None:
        [row] = (await client.get("/api/tokens", headers=token)).json()
        return dt.datetime.fromisoformat(row["last_used_at"]) if row["last_used_at"] else None

    start = FIXED_NOW + dt.timedelta(hours=1)
    with time_machine.travel(start, tick=False):
        assert (await last_used()) is None, "never used before this listing"
        first = await last_used()
        assert first == start
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        assert (await last_used()) == first, "not written again within the minute"
    with time_machine.travel(start + dt.timedelta(minutes=1, seconds=5), tick=False):
        await client.get("/api/auth/me", headers=token)
        later = await last_used()
        assert later is not None
        assert later > first


# --- an admin resets a lost second factor ----------------------------------------------------


async def test_an_admin_resets_a_lost_second_factor_and_the_person_is_told(
    client: httpx.AsyncClient,
) -> None:
    grace = await make_user("grace.tan@docket.test", Role.ADVOCATE, "Grace Tan")
    await make_user("roberto@docket.test", Role.ADMIN, "Roberto Alcantara")
    await make_user("ana@docket.test", Role.PROSECUTOR)
    csrf = await log_in(client, "grace.tan@docket.test")
    totp = await turn_on_two_step(client, csrf)
    graces_session = dict(client.cookies)
    reset = f"/api/users/{grace}/totp/reset"

    # Not a prosecutor's call, and not a script's.
    prosecutor = await log_in(client, "ana@docket.test")
    assert (await client.post(reset, headers=prosecutor)).status_code == 403
    client.cookies.clear()
    admin_token = bearer(await issue_api_token("roberto@docket.test"))
    assert (await client.post(reset, headers=admin_token)).status_code == 403

    admin = await log_in(client, "roberto@docket.test")
    assert (await client.post("/api/users/99999/totp/reset", headers=admin)).status_code == 404
    done = await client.post(reset, headers=admin)
    assert done.status_code == 204, done.text
    [audited] = await audit_rows("user.totp_reset")
    assert audited["entity_id"] == grace
    assert json.loads(audited["after"])["totp_enabled"] is False
    assert totp.secret not in audited["after"]

    # Her sessions ended; she logs in with her password alone and is told, there and at home.
    client.cookies.clear()
    client.cookies.update(graces_session)
    assert (await client.get("/api/auth/me")).status_code == 401
    client.cookies.clear()
    login = await client.post(
        "/api/auth/login", json={"email": "grace.tan@docket.test", "password": PASSWORD}
    )
    assert login.status_code == 200
    told = "Your two-step login was reset by Roberto Alcantara on 24 November 2026"
    assert told in login.json()["notice"]
    home = await client.get("/")
    assert told in home.text

    # Once she sets it up again, the notice is gone.
    totp = await turn_on_two_step(client, {"X-CSRF-Token": login.json()["csrf_token"]})
    client.cookies.clear()
    again = await client.post(
        "/api/auth/login",
        json={"email": "grace.tan@docket.test", "password": PASSWORD, "code": totp.now()},
    )
    assert again.status_code == 200
    assert again.json()["notice"] is None
    assert told not in (await client.get("/")).text


# --- password rules --------------------------------------------------------------------------


async def test_a_long_weak_password_is_refused_and_a_long_strong_one_accepted(
    client: httpx.AsyncClient,
) -> None:
    """The strength check once skipped anything over 100 characters, and failed outright
    (an error, no account) between 73 and 100."""
    from docket.accounts.services import MAX_PASSWORD_LENGTH, create_user
    from docket.errors import InvalidInput

    for weak in ("a" * 101, "password" * 13, "1234567890" * 12):
        with pytest.raises(InvalidInput) as refused:
            await create_user(
                None, email="a@docket.test", name="A", role=Role.LAWYER, password=weak
            )
        assert refused.value.errors[0].field == "password"
        assert "guess" in refused.value.errors[0].message
    with pytest.raises(InvalidInput) as too_long:
        await create_user(
            None,
            email="a@docket.test",
            name="A",
            role=Role.LAWYER,
            password="tarsier mango ferry lighthouse " * 5,
        )
    assert too_long.value.errors[0].field == "password"
    assert f"at most {MAX_PASSWORD_LENGTH}" in too_long.value.errors[0].message
    passphrase = (
        "tarsier mango ferry lighthouse at the Carbon market after the long morning hearing"
    )
    assert 72 < len(passphrase) <= MAX_PASSWORD_LENGTH
    row = await create_user(
        None, email="a@docket.test", name="A", role=Role.LAWYER, password=passphrase
    )
    assert row["email"] == "a@docket.test"


async def test_the_published_demo_password_is_refused_for_real_accounts(
    client: httpx.AsyncClient,
) -> None:
    from docket.accounts.services import create_user
    from docket.demo import DEFAULT_PASSWORD
    from docket.errors import InvalidInput

    for password in (DEFAULT_PASSWORD, DEFAULT_PASSWORD.upper()):
        with pytest.raises(InvalidInput) as refused:
            await create_user(
                None,
                email="maria.santos@doj.gov.ph",
                name="Maria Santos",
                role=Role.PROSECUTOR,
                password=password,
            )
        assert refused.value.errors[0].field == "password"
        assert "demo" in refused.value.errors[0].message


# --- the command line and the page -----------------------------------------------------------


def test_tokens_from_the_command_line_need_a_name_and_are_listed_and_revoked(
    fresh_database_url: str, tmp_path: Path
) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    created = run_docket(
        fresh_database_url,
        "users",
        "create",
        "--email",
        "carlo@docket.test",
        "--name",
        "Carlo Reyes",
        "--role",
        "lawyer",
        "--password-stdin",
        stdin="tarsier mango ferry lighthouse\n",
    )
    assert created.returncode == 0, created.stderr
    unnamed = run_docket(fresh_database_url, "users", "token", "carlo@docket.test")
    assert unnamed.returncode != 0
    assert "--name" in unnamed.stderr
    too_long = run_docket(
        fresh_database_url, "users", "token", "carlo@docket.test", "--name", "x", "--days", "400"
    )
    assert too_long.returncode != 0
    issued = run_docket(
        fresh_database_url,
        "users",
        "token",
        "carlo@docket.test",
        "--name",
        "court-laptop script",
        "--days",
        "30",
    )
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip().splitlines()[-1]
    assert token.startswith("dkt_")

    listed = run_docket(fresh_database_url, "users", "tokens", "--user", "carlo@docket.test")
    assert listed.returncode == 0, listed.stderr
    assert "court-laptop script" in listed.stdout
    assert token[:10] in listed.stdout
    assert token not in listed.stdout
    assert "active" in listed.stdout

    found = re.search(r"(\d+)\W+carlo@docket\.test", listed.stdout)
    assert found is not None, listed.stdout
    revoked = run_docket(fresh_database_url, "users", "revoke-token", found.group(1))
    assert revoked.returncode == 0, revoked.stderr
    after = run_docket(fresh_database_url, "users", "tokens")
    assert "revoked" in after.stdout


async def test_my_tokens_page_makes_lists_and_revokes_tokens(client: httpx.AsyncClient) -> None:
    await make_user("carlo@docket.test", Role.LAWYER)
    old = await issue_api_token("carlo@docket.test", name="old script")
    await log_in(client, "carlo@docket.test")
    page = await client.get("/account/tokens")
    assert page.status_code == 200
    assert "old script" in page.text
    assert old not in page.text
    csrf = page_csrf(page.text)

    form = {"_csrf_token": csrf, "name": "court-laptop script", "days": "30"}
    wrong = await client.post("/account/tokens", data=form | {"password": "not it, sorry"})
    assert wrong.status_code == 403
    assert "not your password" in wrong.text
    made = await client.post("/account/tokens", data=form | {"password": PASSWORD})
    assert made.status_code == 201
    assert "shown only once" in made.text
    token = made.text.split('<code id="new-token">', 1)[1].split("<", 1)[0]
    assert (await client.get("/api/auth/me", headers=bearer(token))).status_code == 200
    assert PASSWORD not in made.text

    listed = (await client.get("/api/tokens", headers=bearer(token))).json()
    old_id = next(t["id"] for t in listed if t["name"] == "old script")
    revoked = await client.post(f"/account/tokens/{old_id}/revoke", data={"_csrf_token": csrf})
    assert revoked.status_code == 303
    assert (await client.get("/api/auth/me", headers=bearer(old))).status_code == 401
    again = await client.get(revoked.headers["location"])
    assert "The token was revoked" in again.text


async def test_two_step_login_is_set_up_and_turned_off_on_its_page_with_the_password(
    client: httpx.AsyncClient,
) -> None:
    """Where the reset notice sends the person: no script or API call needed."""
    await make_user("grace.tan@docket.test", Role.ADVOCATE)
    await log_in(client, "grace.tan@docket.test")
    page = await client.get("/account/two-step")
    assert "Two-step login is off" in page.text
    csrf = page_csrf(page.text)
    form = {"_csrf_token": csrf}

    wrong = await client.post("/account/two-step/setup", data=form | {"password": "not it"})
    assert wrong.status_code == 403
    assert "not your password" in wrong.text
    started = await client.post("/account/two-step/setup", data=form | {"password": PASSWORD})
    assert started.status_code == 200
    secret = started.text.split('<code id="setup-secret">', 1)[1].split("<", 1)[0]
    totp = pyotp.TOTP(secret)
    confirm = "/account/two-step/confirm"
    typo = await client.post(confirm, data=form | {"code": "12345", "password": PASSWORD})
    assert typo.status_code == 400
    assert "6 digits" in typo.text
    on = await client.post(confirm, data=form | {"code": totp.now(), "password": PASSWORD})
    assert on.status_code == 303
    assert "Two-step login is on" in (await client.get(on.headers["location"])).text
    client.cookies.clear()
    no_code = await client.post(
        "/api/auth/login", json={"email": "grace.tan@docket.test", "password": PASSWORD}
    )
    assert no_code.status_code == 401

    await log_in(client, "grace.tan@docket.test", code=totp.now())
    page = await client.get("/account/two-step")
    csrf = page_csrf(page.text)
    off = await client.post(
        "/account/two-step/disable", data={"_csrf_token": csrf, "password": PASSWORD}
    )
    assert off.status_code == 303
    assert "Two-step login is off" in (await client.get(off.headers["location"])).text
    await log_in(client, "grace.tan@docket.test")

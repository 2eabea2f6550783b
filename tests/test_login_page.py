"""The web login form: the double-submit cookie, and the second factor for those who set it up
(a session opened with a code may read identities and print survivors' own notices)."""

from __future__ import annotations

import re

import httpx
import pyotp
import pytest

from docket.accounts.choices import Role
from docket.accounts.tables import User
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.anyio


async def form_token(client: httpx.AsyncClient) -> str:
    page = await client.get("/login")
    assert page.status_code == 200
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


async def test_login_form_with_and_without_a_second_factor(client: httpx.AsyncClient) -> None:
    secret = pyotp.random_base32()
    user_id = await make_user("grace@docket.test", Role.ADVOCATE)
    await User.update({User.totp_secret: secret, User.totp_enabled: True}).where(User.id == user_id)
    form = {"email": "grace@docket.test", "password": PASSWORD, "next": "/"}

    no_code = await client.post("/login", data=form | {"csrf": await form_token(client)})
    assert no_code.status_code == 401
    assert "Wrong email, password or code" in no_code.text

    with_code = await client.post(
        "/login",
        data=form | {"csrf": await form_token(client), "code": pyotp.TOTP(secret).now()},
    )
    assert with_code.status_code == 303
    me = await client.get("/api/auth/me")
    assert me.status_code == 200


async def test_login_form_refuses_a_forged_post(client: httpx.AsyncClient) -> None:
    await make_user("p@docket.test", Role.PROSECUTOR)
    forged = await client.post(
        "/login", data={"email": "p@docket.test", "password": PASSWORD, "csrf": "guess"}
    )
    assert forged.status_code == 403
    assert (await client.get("/api/auth/me")).status_code == 401

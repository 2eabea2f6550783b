"""What a request costs the server beyond its own work (issue 26): a read with a session cookie
writes nothing, and a login's password check does not hold up other requests."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable
from typing import Any

import anyio.to_thread
import asyncpg.pool
import httpx
import pytest
import time_machine
from argon2 import PasswordHasher

from docket.accounts.choices import Role
from docket.accounts.tables import LoginFailure, User
from docket.db import writes_begun
from tests.conftest import FIXED_NOW, IS_POSTGRES, PASSWORD, People, make_user
from tests.helpers import case_in_court, make_hearing

pytestmark = pytest.mark.anyio


async def writes_of(request: Awaitable[httpx.Response]) -> int:
    """The write transactions a request began, its deferred work included (the test client
    returns once the app has finished with the request)."""
    before = writes_begun()
    response = await request
    assert response.status_code == 200, response.text
    return writes_begun() - before


async def test_reading_with_a_session_cookie_writes_nothing(client: httpx.AsyncClient) -> None:
    """Every read with a session cookie used to end in a write transaction (to move the
    session's idle clock): on SQLite a turn at the one write lock for every page view. The
    clock is now written at most once a minute, and the session still ends when idle."""
    await make_user("grace.tan@docket.test", Role.ADVOCATE, "Grace Tan")
    start = FIXED_NOW + dt.timedelta(hours=1)
    with time_machine.travel(start, tick=False):
        login = await client.post(
            "/api/auth/login", json={"email": "grace.tan@docket.test", "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
    with time_machine.travel(start + dt.timedelta(seconds=20), tick=False):
        assert await writes_of(client.get("/api/auth/me")) == 0
        assert await writes_of(client.get("/")) == 0
    # Twenty-nine minutes later (within the 30-minute idle limit) the clock is due: one write,
    # then none again.
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert await writes_of(client.get("/api/auth/me")) == 1
        assert await writes_of(client.get("/api/auth/me")) == 0
    # That write kept the session alive: 29 + 29 minutes after login it still works...
    with time_machine.travel(start + dt.timedelta(minutes=58), tick=False):
        assert (await client.get("/api/auth/me")).status_code == 200
    # ...and 31 idle minutes after the last written request, it has ended.
    with time_machine.travel(start + dt.timedelta(minutes=58 + 31), tick=False):
        assert (await client.get("/api/auth/me")).status_code == 401


async def test_a_login_does_not_hold_up_everyone_else(client: httpx.AsyncClient) -> None:
    """The password check (argon2) ran on the event loop, inside the write transaction: while
    one person logged in, nobody else was answered (a health check went from 2 to 200 ms). It
    now runs in a worker thread with no transaction open. Counted, not timed: this password's
    hash is made slow on purpose (ten passes, about a second), and other requests are answered
    while it is checked (about 500 health checks on the 2-core box; 15 before, all of them
    before the check began)."""
    await make_user("grace.tan@docket.test", Role.ADVOCATE, "Grace Tan")
    slow = await anyio.to_thread.run_sync(PasswordHasher(time_cost=10).hash, PASSWORD)
    await User.update({User.password_hash: slow}).where(User.email == "grace.tan@docket.test")
    login = asyncio.ensure_future(
        client.post(
            "/api/auth/login", json={"email": "grace.tan@docket.test", "password": PASSWORD}
        )
    )
    answered = 0
    while not login.done():
        assert (await client.get("/api/health")).status_code == 200
        answered += 1
    assert (await login).status_code == 200
    assert answered >= 100
    # A wrong password is still counted against the address and the account.
    wrong = await client.post(
        "/api/auth/login", json={"email": "grace.tan@docket.test", "password": "not it"}
    )
    assert wrong.status_code == 401
    assert await LoginFailure.count().where(LoginFailure.email == "grace.tan@docket.test") == 1


@pytest.mark.skipif(not IS_POSTGRES, reason="the connection pool is PostgreSQL's")
async def test_a_write_takes_one_connection_from_the_pool(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reads of a write request ran outside its transaction, each taking a connection from
    the pool in turn (and waiting for one when the pool was busy): the outcome form's median
    was 3 s under load against 0.5-1 s for pages. A write now takes one connection for the
    whole request, its reads, its writes and its audit record included. Counted, not timed."""
    hearing = await make_hearing(people, (await case_in_court(people))["id"])
    taken: list[int] = []
    acquire = asyncpg.pool.Pool.acquire

    def counted(self: asyncpg.pool.Pool, *args: Any, **kwargs: Any) -> Any:
        taken.append(1)
        return acquire(self, *args, **kwargs)

    monkeypatch.setattr(asyncpg.pool.Pool, "acquire", counted)
    corrected = await people.lawyer.patch(
        f"/api/hearings/{hearing['id']}", json={"version": hearing["version"], "room": "Hall 7"}
    )
    assert corrected.status_code == 200, corrected.text
    assert len(taken) == 1
    # A refused write (a stale version) takes one too, and changes nothing.
    stale = await people.lawyer.patch(
        f"/api/hearings/{hearing['id']}", json={"version": hearing["version"], "room": "Hall 9"}
    )
    assert stale.status_code == 412, stale.text
    assert len(taken) == 2
    monkeypatch.undo()
    shown = await people.lawyer.get(f"/api/hearings/{hearing['id']}")
    assert shown.json()["room"] == "Hall 7"

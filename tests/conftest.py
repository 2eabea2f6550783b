"""Test set-up: a real database (a temporary SQLite file, or the PostgreSQL database named by
DOCKET_TEST_DATABASE_URL), migrated once, emptied before each test that uses it.

The environment is set before anything from docket is imported: piccolo_conf.py reads it once.

Every test runs on a fixed clock (FIXED_NOW, ticking on from there), except tests that start
Docket or a calendar client as another process (marked ``real_clock``): those share the
system's clock with that process, and CI runs the suite once more with the system clock moved
to 2027 (scripts/test, DOCKET_TEST_CLOCK), so that they are proved on another day too.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

_TMP = Path(tempfile.mkdtemp(prefix="docket-tests-"))
TEST_DATABASE_URL = os.environ.get("DOCKET_TEST_DATABASE_URL") or f"sqlite:///{_TMP}/docket.sqlite"
os.environ["DOCKET_DATABASE_URL"] = TEST_DATABASE_URL
os.environ.setdefault("DOCKET_SECRET_KEY", "test-secret-key-not-for-production")
os.environ["DOCKET_BASE_URL"] = "http://127.0.0.1:8000"
# The session's own identity key (every `docket` process it starts inherits it).
os.environ["DOCKET_IDENTITY_KEYS"] = str(_TMP / "identity_keys")
# The session's own audit head log (lines name their database's trail, so all share it).
os.environ["DOCKET_AUDIT_HEAD_LOG"] = str(_TMP / "audit_head.log")

import httpx  # noqa: E402

from docket.accounts.choices import Role  # noqa: E402
from docket.accounts.tables import User  # noqa: E402
from docket.app import create_app  # noqa: E402
from docket.db import engine, utc_now  # noqa: E402

IS_POSTGRES = TEST_DATABASE_URL.startswith("postgres")
PASSWORD = "correct horse battery staple"

#: The moment every test runs at unless marked real_clock: a Tuesday morning in Cebu.
FIXED_NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Manila"))
#: Fixtures that start Docket as another process, which keeps the system's clock.
_OTHER_PROCESS_FIXTURES = {"fresh_database_url"}

#: Every (method, path, status) the API clients saw, for the route-coverage test.
SEEN_REQUESTS: list[tuple[str, str, int]] = []


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


async def _migrate() -> None:
    from docket.migrations import migrate

    ok, message = await migrate()
    assert ok, message


def pytest_sessionstart(session: pytest.Session) -> None:
    asyncio.run(_migrate())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _OTHER_PROCESS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.real_clock)
    # Checks over the whole suite's requests run once every other test has (a stable sort:
    # the rest keep their order), whatever their file is called.
    items.sort(key=lambda item: item.get_closest_marker("after_the_suite") is not None)


@pytest.fixture(autouse=True)
def fixed_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """The test's clock starts at FIXED_NOW and ticks on (see the module's docstring)."""
    if request.node.get_closest_marker("real_clock") is not None:
        yield
        return
    with time_machine.travel(FIXED_NOW, tick=True):
        yield


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_TMP, ignore_errors=True)


async def empty_database() -> None:
    """Delete every row of every Docket table (the migration record stays)."""
    from piccolo.conf.apps import Finder

    tables = [t for t in Finder().get_table_classes() if t._meta.tablename != "migration"]
    names = [t._meta.tablename for t in tables]
    db = engine()
    if IS_POSTGRES:
        await db.run_ddl(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE")
        return
    await db.run_ddl("PRAGMA foreign_keys = OFF")
    for name in names:
        await db.run_ddl(f"DELETE FROM {name}")  # noqa: S608 - our own table names


_password_hash: list[str] = []


def password_hash() -> str:
    """One argon2 hash of PASSWORD per test session (hashing is slow on purpose)."""
    if not _password_hash:
        from argon2 import PasswordHasher

        _password_hash.append(PasswordHasher().hash(PASSWORD))
    return _password_hash[0]


async def make_user(email: str, role: Role, name: str | None = None) -> int:
    row = await User.insert(
        User(
            email=email,
            name=name or email.split("@")[0].replace(".", " ").title(),
            role=role,
            password_hash=password_hash(),
            created_at=utc_now(),
        )
    ).returning(User.id)
    return int(row[0]["id"])


@dataclass
class Api:
    """An HTTP client of the app acting as one user (by API token)."""

    client: httpx.AsyncClient
    token: str | None
    user_id: int | None = None

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return await self.client.request(method, path, headers=headers, **kwargs)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", path, **kwargs)

    async def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PATCH", path, **kwargs)

    async def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", path, **kwargs)


@dataclass
class People:
    """One user per role, each with an API client."""

    admin: Api
    prosecutor: Api
    lawyer: Api
    advocate: Api
    anonymous: Api
    client: httpx.AsyncClient
    #: A team all four belong to: cases of this team are "their" cases.
    team_id: int


@pytest.fixture
def db() -> None:
    """An empty, migrated database."""
    asyncio.run(empty_database())


async def _remember(response: httpx.Response) -> None:
    SEEN_REQUESTS.append((response.request.method, response.request.url.path, response.status_code))


@pytest.fixture
async def client(db: None) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the app, served in the test's own event loop (so that the app's
    PostgreSQL pool and the test's own queries share one loop)."""
    app = create_app()
    async with app.lifespan():
        transport = httpx.ASGITransport(
            app=app,  # type: ignore[arg-type]  # httpx's ASGI type is narrower than Litestar's
            client=("127.0.0.1", 50000),
        )
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://127.0.0.1",
            event_hooks={"response": [_remember]},
        ) as http:
            yield http


@pytest.fixture
async def people(client: httpx.AsyncClient) -> People:
    from docket.accounts.services import issue_api_token
    from docket.accounts.tables import Team, TeamMember

    team_id = (await Team.insert(Team(name="Test team")).returning(Team.id))[0]["id"]
    apis = {}
    for role in Role:
        email = f"{role.value}@docket.test"
        user_id = await make_user(email, role)
        await TeamMember.insert(TeamMember(team=team_id, user=user_id))
        apis[role.value] = Api(client, await issue_api_token(email), user_id)
    return People(
        team_id=team_id,
        admin=apis["admin"],
        prosecutor=apis["prosecutor"],
        lawyer=apis["lawyer"],
        advocate=apis["advocate"],
        anonymous=Api(client, None),
        client=client,
    )


@pytest.fixture
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    """A new, empty database of the engine under test (not migrated), dropped afterwards."""
    if not IS_POSTGRES:
        yield f"sqlite:///{tmp_path}/fresh.sqlite"
        return
    import uuid

    import asyncpg

    name = f"docket_fresh_{uuid.uuid4().hex[:12]}"
    admin_url = TEST_DATABASE_URL.rsplit("/", 1)[0] + "/postgres"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(admin_url)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield TEST_DATABASE_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def run_docket(
    database_url: str,
    *args: str,
    stdin: str | None = None,
    timeout: float = 120,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the `docket` command as a user would, against the given database."""
    env = os.environ | {"DOCKET_DATABASE_URL": database_url, "COLUMNS": "200"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "docket", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(
    url: str, process: subprocess.Popen[bytes], log_path: Path, seconds: float = 120
) -> None:
    """Wait for a started `docket serve` to answer its health check (its log if it never does).
    The bound only decides when to give up: on a loaded machine the import alone took 50 s."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("docket serve did not start:\n" + log_path.read_text())
        time.sleep(0.1)


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextlib.contextmanager
def live_server(
    database_url: str, log_path: Path, *, unset: tuple[str, ...] = ()
) -> Iterator[LiveServer]:
    """`docket serve` in its own process on 127.0.0.1, stopped at the end; `unset` names
    environment variables the server runs without (e.g. DOCKET_BASE_URL)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["DOCKET_DATABASE_URL"] = database_url
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "docket", "serve", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process, log_path)
        yield LiveServer(url, process, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def read_rows(database_url: str, sql: str) -> list[dict[str, Any]]:
    """Read a database directly: one the test's own engine does not point at (a `docket`
    process's), or the raw rows behind the ORM."""
    if database_url.startswith("sqlite:///"):
        with contextlib.closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as db:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute(sql)]

    async def fetch() -> list[dict[str, Any]]:
        import asyncpg

        connection = await asyncpg.connect(database_url)
        try:
            return [dict(row) for row in await connection.fetch(sql)]
        finally:
            await connection.close()

    return asyncio.run(fetch())


def identities_in(database_url: str) -> list[dict[str, Any]]:
    """Who each survivor of that database is, opened with the session's identity key."""
    import msgspec

    from docket.cases.sealing import unseal

    return [
        {"survivor": row["survivor"]}
        | msgspec.structs.asdict(unseal(row["survivor"], row["sealed"], row["key_id"]))
        for row in read_rows(database_url, "SELECT survivor, sealed, key_id FROM survivor_identity")
    ]

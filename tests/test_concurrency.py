"""Many people at once: concurrent writes to a real server lose nothing, and of two edits of
the same version exactly one wins."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from docket.app import create_app
from tests.conftest import live_server, run_docket

WRITERS = 30


async def _concurrently(server_url: str, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=server_url, headers=headers, timeout=60) as http:
        court = await http.post("/api/courts", json={"name": "RTC Branch 16, Cebu City"})
        assert court.status_code == 201, court.text
        case = (
            await http.post(
                "/api/cases",
                json={
                    "docket_number": "CEB-2026-0300",
                    "caption": "People v. Tumulak",
                    "court_id": court.json()["id"],
                },
            )
        ).json()

        # 30 writers at once, each adding a hearing to the same case.
        start = dt.datetime(2027, 1, 4, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        responses = await asyncio.gather(
            *(
                http.post(
                    f"/api/cases/{case['id']}/hearings",
                    json={
                        "kind": "trial",
                        "starts_at": (start + dt.timedelta(days=i)).isoformat(),
                        "ends_at": (start + dt.timedelta(days=i, hours=2)).isoformat(),
                    },
                )
                for i in range(WRITERS)
            )
        )
        assert [r.status_code for r in responses] == [201] * WRITERS, [
            r.text for r in responses if r.status_code != 201
        ]
        listed = await http.get("/api/hearings", params={"case_id": case["id"], "limit": 200})
        assert listed.json()["total"] == WRITERS, "every acknowledged write is there"

        # 30 editors who all read version 1 of the case: exactly one edit wins.
        edits = await asyncio.gather(
            *(
                http.patch(
                    f"/api/cases/{case['id']}",
                    json={"version": 1, "court_case_number": f"R-CEB-27-{i:05d}-CR"},
                )
                for i in range(WRITERS)
            )
        )
        codes = sorted(r.status_code for r in edits)
        assert codes == [200] + [412] * (WRITERS - 1)
        winner = next(r.json() for r in edits if r.status_code == 200)
        assert all(r.json()["current_version"] == 2 for r in edits if r.status_code == 412)
        final = (await http.get(f"/api/cases/{case['id']}")).json()
        assert final["court_case_number"] == winner["court_case_number"]
        assert final["version"] == 2


def _admin_token(database_url: str) -> str:
    assert run_docket(database_url, "migrate").returncode == 0
    created = run_docket(
        database_url,
        "users",
        "create",
        "--email",
        "admin@docket.test",
        "--name",
        "Admin",
        "--role",
        "admin",
        "--password-stdin",
        stdin="long enough password\n",
    )
    assert created.returncode == 0, created.stderr
    token = run_docket(database_url, "users", "token", "admin@docket.test", "--name", "tests")
    return token.stdout.strip().splitlines()[-1]


def test_thirty_concurrent_writers_lose_nothing(fresh_database_url: str, tmp_path: Path) -> None:
    token = _admin_token(fresh_database_url)
    with live_server(fresh_database_url, tmp_path / "server.log") as server:
        asyncio.run(_concurrently(server.url, token))
    assert "database is locked" not in server.log()
    assert "Traceback" not in server.log()


#: More stalled answers than there are read connections: SQLite's reader slots (one per core,
#: at least two) and PostgreSQL's pool (10).
STALLED_ANSWERS = max(12, 2 * (os.cpu_count() or 1) + 2)


def _get(path: str) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }


async def _no_body() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


@pytest.mark.anyio
async def test_answers_that_cannot_be_delivered_hold_up_no_one(db: None) -> None:
    """A phone that loses its signal halfway through an answer keeps its connection open and
    reads nothing more. Answers leave only after their read transaction has ended, so such
    clients hold none of the few database connections and everyone else is still answered."""
    app = create_app()
    never = asyncio.Event()
    all_stalled = asyncio.Event()
    delivering: list[int] = []

    async def stalled_client(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            delivering.append(1)
            if len(delivering) == STALLED_ANSWERS:
                all_stalled.set()
            await never.wait()

    async with app.lifespan():
        stalled = [
            asyncio.create_task(app(_get("/api/health"), _no_body, stalled_client))  # type: ignore[arg-type]
            for _ in range(STALLED_ANSWERS)
        ]
        try:
            async with asyncio.timeout(30):
                await all_stalled.wait()
            answered: list[dict[str, Any]] = []

            async def client(message: dict[str, Any]) -> None:
                answered.append(message)

            async with asyncio.timeout(30):
                await app(_get("/api/health"), _no_body, client)  # type: ignore[arg-type]
            assert answered[0]["status"] == 200
        finally:
            for task in stalled:
                task.cancel()
            await asyncio.gather(*stalled, return_exceptions=True)

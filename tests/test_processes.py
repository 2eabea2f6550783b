"""Several server processes on PostgreSQL (`docket serve --workers N`): any process may answer
any request, so everything a process keeps must agree with the database. Two `docket serve`
processes on one database stand for the workers: a change made through one is seen at once
through the other (its kept list pages included), and wrong logins are counted across both."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from docket.accounts.services import LOCK_AFTER_FAILURES
from tests.conftest import TEST_DATABASE_URL, live_server, run_docket

pytestmark = pytest.mark.real_clock

ON_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")
PASSWORD = "a long enough password for two"


def _user(database_url: str, email: str, role: str) -> str:
    created = run_docket(
        database_url,
        "users",
        "create",
        "--email",
        email,
        "--name",
        email.split("@")[0].title(),
        "--role",
        role,
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert created.returncode == 0, created.stderr
    token = run_docket(database_url, "users", "token", email, "--name", "tests")
    assert token.returncode == 0, token.stderr
    return token.stdout.strip().splitlines()[-1]


@pytest.mark.skipif(not ON_POSTGRES, reason="several processes need PostgreSQL")
def test_two_processes_see_each_others_changes_and_count_wrong_logins_together(
    fresh_database_url: str, tmp_path: Path
) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    admin = {"Authorization": f"Bearer {_user(fresh_database_url, 'admin@docket.test', 'admin')}"}
    _user(fresh_database_url, "grace@docket.test", "advocate")
    with (
        live_server(fresh_database_url, tmp_path / "one.log") as one,
        live_server(fresh_database_url, tmp_path / "two.log") as two,
    ):
        # Process two keeps the (empty) list of courts; a court added through process one is in
        # process two's next answer.
        assert httpx.get(f"{two.url}/api/courts", headers=admin).json() == []
        added = httpx.post(f"{one.url}/api/courts", json={"name": "RTC Branch 16"}, headers=admin)
        assert added.status_code == 201, added.text
        listed = httpx.get(f"{two.url}/api/courts", headers=admin).json()
        assert [court["name"] for court in listed] == ["RTC Branch 16"]
        # A case list kept by process one follows a case opened through process two.
        assert httpx.get(f"{one.url}/api/cases", headers=admin).json()["total"] == 0
        opened = httpx.post(
            f"{two.url}/api/cases",
            json={"docket_number": "CEB-2", "caption": "People v. Doe"},
            headers=admin,
        )
        assert opened.status_code == 201, opened.text
        assert httpx.get(f"{one.url}/api/cases", headers=admin).json()["total"] == 1
        # Wrong passwords through either process count toward one lock.
        for n in range(LOCK_AFTER_FAILURES):
            server = (one, two)[n % 2]
            wrong = httpx.post(
                f"{server.url}/api/auth/login",
                json={"email": "grace@docket.test", "password": "not her password"},
            )
            assert wrong.status_code == 401
        for server in (one, two):
            right = httpx.post(
                f"{server.url}/api/auth/login",
                json={"email": "grace@docket.test", "password": PASSWORD},
            )
            assert right.status_code == 401, "locked on every process"


def test_docket_serve_runs_one_process_on_sqlite(tmp_path: Path) -> None:
    """SQLite has one writer: --workers above 1 is refused with the reason, before anything
    starts."""
    refused = run_docket(f"sqlite:///{tmp_path}/one.sqlite", "serve", "--workers", "2")
    assert refused.returncode != 0
    assert "SQLite has one writer" in refused.stderr

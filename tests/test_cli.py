"""The `docket` command as an admin uses it: migrate, users, tokens, demo, serve."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.conftest import live_server, run_docket


def test_the_server_refuses_an_unmigrated_database(fresh_database_url: str) -> None:
    result = run_docket(fresh_database_url, "serve", "--port", "1")
    assert result.returncode != 0
    assert "docket migrate" in result.stderr


def test_migrate_then_users_then_tokens(fresh_database_url: str, tmp_path: Path) -> None:
    first = run_docket(fresh_database_url, "migrate")
    assert first.returncode == 0, first.stderr
    assert "up to date" in first.stdout
    again = run_docket(fresh_database_url, "migrate")
    assert again.returncode == 0, "migrating twice is harmless"

    created = run_docket(
        fresh_database_url,
        "users",
        "create",
        "--email",
        "Maria.Santos@docket.test",
        "--name",
        "Pros. Maria Santos",
        "--role",
        "prosecutor",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert created.returncode == 0, created.stderr
    listed = run_docket(fresh_database_url, "users", "list")
    assert "maria.santos@docket.test" in listed.stdout
    assert "Pros. Maria Santos" in listed.stdout
    assert "prosecutor" in listed.stdout

    token_run = run_docket(
        fresh_database_url, "users", "token", "maria.santos@docket.test", "--name", "tests"
    )
    assert token_run.returncode == 0, token_run.stderr
    token = token_run.stdout.strip().splitlines()[-1]
    assert token.startswith("dkt_")
    assert len(token) > 40

    with live_server(fresh_database_url, tmp_path / "server.log") as server:
        me = httpx.get(f"{server.url}/api/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200
        assert me.json()["email"] == "maria.santos@docket.test"
    assert token not in server.log(), "a token never reaches the server's log"


def test_users_bad_input(fresh_database_url: str) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    short = run_docket(
        fresh_database_url,
        "users",
        "create",
        "--email",
        "a@docket.test",
        "--name",
        "A",
        "--role",
        "lawyer",
        "--password-stdin",
        stdin="short\n",
    )
    assert short.returncode != 0
    assert "at least 12 characters" in short.stderr
    bad_role = run_docket(
        fresh_database_url,
        "users",
        "create",
        "--email",
        "a@docket.test",
        "--name",
        "A",
        "--role",
        "judge",
        "--password-stdin",
        stdin="long enough password\n",
    )
    assert bad_role.returncode != 0
    assert "judge" in bad_role.stderr
    not_an_email = run_docket(
        fresh_database_url,
        "users",
        "create",
        "--email",
        "nobody",
        "--name",
        "A",
        "--role",
        "lawyer",
        "--password-stdin",
        stdin="long enough password\n",
    )
    assert not_an_email.returncode != 0
    assert "email" in not_an_email.stderr
    unknown = run_docket(
        fresh_database_url, "users", "token", "ghost@docket.test", "--name", "tests"
    )
    assert unknown.returncode != 0
    assert "no user" in unknown.stderr
    twice = [
        run_docket(
            fresh_database_url,
            "users",
            "create",
            "--email",
            "b@docket.test",
            "--name",
            "B",
            "--role",
            "lawyer",
            "--password-stdin",
            stdin="long enough password\n",
        )
        for _ in range(2)
    ]
    assert twice[0].returncode == 0
    assert twice[1].returncode != 0
    assert "already exists" in twice[1].stderr


def test_demo_serves_and_its_logins_work(fresh_database_url: str, tmp_path: Path) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    demo = run_docket(fresh_database_url, "demo", "--password", "demo password 2026")
    assert demo.returncode == 0, demo.stderr
    for role in ("prosecutor", "lawyer", "advocate", "admin"):
        assert role in demo.stdout
    assert "maria.santos@docket.example" in demo.stdout
    again = run_docket(fresh_database_url, "demo", "--if-empty")
    assert again.returncode == 0
    assert "already has cases" in again.stdout

    with live_server(fresh_database_url, tmp_path / "server.log") as server:
        assert httpx.get(f"{server.url}/api/health").json()["status"] == "ok"
        with httpx.Client(base_url=server.url) as browser:
            login = browser.post(
                "/api/auth/login",
                json={"email": "maria.santos@docket.example", "password": "demo password 2026"},
            )
            assert login.status_code == 200
            cases = browser.get("/api/cases").json()
            # Need to know: a prosecutor sees her team's and her own cases, not all 15.
            assert 0 < cases["total"] < 15
            nine = next(c for c in cases["items"] if c["docket_number"].endswith("-0001"))
            survivors = browser.get(f"/api/cases/{nine['id']}/survivors").json()
            assert survivors["total"] == 9, "one household, nine children, one case"
            hearings = browser.get("/api/hearings", params={"status": "reset"}).json()
            assert hearings["total"] > 0
            cancelled = browser.get("/api/hearings", params={"status": "cancelled"}).json()
            assert cancelled["total"] > 0


def test_disabling_a_user_revokes_their_token(fresh_database_url: str, tmp_path: Path) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    created = run_docket(
        fresh_database_url,
        "users",
        "create",
        "--email",
        "leaver@docket.test",
        "--name",
        "L",
        "--role",
        "lawyer",
        "--password-stdin",
        stdin="tarsier mango ferry lighthouse\n",
    )
    assert created.returncode == 0
    token = run_docket(
        fresh_database_url, "users", "token", "leaver@docket.test", "--name", "tests"
    )
    bearer = {"Authorization": f"Bearer {token.stdout.strip().splitlines()[-1]}"}
    with live_server(fresh_database_url, tmp_path / "server.log") as server:
        assert httpx.get(f"{server.url}/api/auth/me", headers=bearer).status_code == 200
        disabled = run_docket(
            fresh_database_url, "users", "disable", "--email", "leaver@docket.test"
        )
        assert disabled.returncode == 0, disabled.stderr
        assert httpx.get(f"{server.url}/api/auth/me", headers=bearer).status_code == 401
    unknown = run_docket(fresh_database_url, "users", "disable", "--email", "ghost@docket.test")
    assert unknown.returncode != 0


def test_a_server_on_another_port_gives_feed_links_on_that_port(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """`docket serve --port P` without DOCKET_BASE_URL once handed out feed links on port
    8000: the calendar app then never reached the server."""
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    password = "tarsier mango ferry lighthouse"
    created = run_docket(
        fresh_database_url,
        "users",
        "create",
        "--email",
        "feeds@docket.test",
        "--name",
        "F",
        "--role",
        "prosecutor",
        "--password-stdin",
        stdin=password + "\n",
    )
    assert created.returncode == 0, created.stderr
    server_log = tmp_path / "server.log"
    with live_server(fresh_database_url, server_log, unset=("DOCKET_BASE_URL",)) as server:
        assert not server.url.endswith(":8000")
        with httpx.Client(base_url=server.url) as browser:
            login = browser.post(
                "/api/auth/login", json={"email": "feeds@docket.test", "password": password}
            )
            assert login.status_code == 200, login.text
            csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
            feed = browser.post("/api/feeds", json={"scope": "mine"}, headers=csrf)
            assert feed.status_code == 201, feed.text
            assert feed.json()["url"].startswith(f"{server.url}/calendars/")
            assert httpx.get(feed.json()["url"]).status_code == 200

"""`docket feeds issue|list|revoke` as an admin uses them."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.conftest import live_server, run_docket


def make_user(database_url: str, email: str) -> None:
    created = run_docket(
        database_url,
        "users",
        "create",
        "--email",
        email,
        "--name",
        "Pros. Test",
        "--role",
        "prosecutor",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert created.returncode == 0, created.stderr


def test_issue_list_revoke(fresh_database_url: str, tmp_path: Path) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    make_user(fresh_database_url, "pros@docket.test")

    issued = run_docket(
        fresh_database_url,
        "feeds",
        "issue",
        "--user",
        "pros@docket.test",
        "--scope",
        "mine",
        "--alarms",
        "--name",
        "Phone",
    )
    assert issued.returncode == 0, issued.stderr
    url = issued.stdout.strip().splitlines()[-1]
    assert url.startswith("http://127.0.0.1:8000/calendars/hcal_")
    assert url.endswith(".ics")
    token = url.removeprefix("http://127.0.0.1:8000/calendars/").removesuffix(".ics")

    listed = run_docket(fresh_database_url, "feeds", "list")
    assert listed.returncode == 0, listed.stderr
    assert "pros@docket.test" in listed.stdout
    assert "Phone" in listed.stdout
    assert "alarms" in listed.stdout
    assert "active" in listed.stdout
    assert token not in listed.stdout

    with live_server(fresh_database_url, tmp_path / "server.log") as server:
        path = httpx.URL(url).raw_path.decode()
        answer = httpx.get(server.url + path)
        assert answer.status_code == 200
        assert b"BEGIN:VCALENDAR" in answer.content
        assert run_docket(fresh_database_url, "feeds", "revoke", "1").returncode == 0
        after = httpx.get(server.url + path)
        assert after.status_code == 200
        assert b"BEGIN:VEVENT" not in after.content
    assert token not in server.log(), "the feed token never reaches the server's log"
    assert "revoked" in run_docket(fresh_database_url, "feeds", "list").stdout


def test_bad_input(fresh_database_url: str) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    make_user(fresh_database_url, "pros@docket.test")
    for scope, message in (
        ("everything", "mine, case:ID"),
        ("case", "case:ID"),
        ("case:999", "no case you can see"),
        ("team:1", "not a member"),
    ):
        result = run_docket(
            fresh_database_url, "feeds", "issue", "--user", "pros@docket.test", "--scope", scope
        )
        assert result.returncode != 0, scope
        assert message in result.stderr, (scope, result.stderr)
    unknown = run_docket(
        fresh_database_url, "feeds", "issue", "--user", "nobody@docket.test", "--scope", "mine"
    )
    assert unknown.returncode != 0
    assert "no user has this email" in unknown.stderr
    missing = run_docket(fresh_database_url, "feeds", "revoke", "42")
    assert missing.returncode != 0
    assert "No such feed" in missing.stderr

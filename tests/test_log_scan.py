"""No secrets or identities in logs: a full flow against a real server — logins (good and bad),
a second factor, a feed created and fetched, an identity read, bad input of every kind — and
then the server's whole log is searched for passwords, tokens, session ids and the seeded
survivors' details."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pyotp

from tests.conftest import identities_in, live_server, run_docket

PASSWORD = "demo password 2026"


def survivor_details(database_url: str) -> set[str]:
    found: set[str] = set()
    for row in identities_in(database_url):
        found |= {
            str(row[key]) for key in ("legal_name", "shelter", "school", "address", "birth_date")
        }
        found.discard("None")
    return {value for value in found if len(value) > 5}


def test_the_log_holds_no_secret_and_no_identity(fresh_database_url: str, tmp_path: Path) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    assert run_docket(fresh_database_url, "demo", "--password", PASSWORD).returncode == 0
    token = run_docket(
        fresh_database_url, "users", "token", "grace.tan@docket.example", "--name", "tests"
    )
    api_token = token.stdout.strip().splitlines()[-1]
    secrets: set[str] = {PASSWORD, api_token}

    with (
        live_server(fresh_database_url, tmp_path / "server.log") as server,
        httpx.Client(base_url=server.url) as browser,
    ):
        assert (
            browser.post(
                "/api/auth/login",
                json={"email": "grace.tan@docket.example", "password": "wrong " + PASSWORD},
            ).status_code
            == 401
        )
        secrets.add("wrong " + PASSWORD)
        login = browser.post(
            "/api/auth/login",
            json={"email": "grace.tan@docket.example", "password": PASSWORD},
        )
        assert login.status_code == 200
        secrets.add(login.cookies["docket_session"])
        csrf = login.json()["csrf_token"]
        secrets.add(csrf)
        setup = browser.post(
            "/api/auth/totp/setup", json={"password": PASSWORD}, headers={"X-CSRF-Token": csrf}
        )
        totp_secret = pyotp.parse_uri(setup.json()["provisioning_uri"]).secret
        secrets.add(totp_secret)
        browser.post(
            "/api/auth/totp/confirm",
            json={"code": pyotp.TOTP(totp_secret).now(), "password": PASSWORD},
            headers={"X-CSRF-Token": csrf},
        )
        again = browser.post(
            "/api/auth/login",
            json={
                "email": "grace.tan@docket.example",
                "password": PASSWORD,
                "code": pyotp.TOTP(totp_secret).now(),
            },
        )
        assert again.status_code == 200
        secrets.add(again.cookies["docket_session"])
        csrf = again.json()["csrf_token"]
        headers = {"X-CSRF-Token": csrf}

        feed = browser.post("/api/feeds", json={"scope": "mine"}, headers=headers)
        assert feed.status_code == 201, feed.text
        feed_path = urlsplit(feed.json()["url"]).path
        secrets.add(feed_path.rsplit("/", 1)[-1].removesuffix(".ics"))
        assert browser.get(feed_path).status_code == 200
        assert browser.get(feed_path + "x").status_code == 404

        cases = browser.get("/api/cases").json()["items"]
        read_any = False
        for case in cases:
            for survivor in browser.get(f"/api/cases/{case['id']}/survivors").json()["items"]:
                if survivor["advocate_id"] is None:
                    continue
                read = browser.post(
                    f"/api/survivors/{survivor['id']}/identity/read",
                    json={"reason": "preparing the survivor's hearing notice"},
                    headers=headers,
                )
                read_any = read_any or read.status_code == 200
        assert read_any, "the advocate read at least one identity"

        # Careless and hostile input: each answer is an error, none a 500.
        assert browser.post("/api/cases", json={"caption": 1}, headers=headers).status_code in (
            400,
            403,
        )
        assert browser.get("/api/cases/2147483648").status_code == 400
        assert browser.get("/api/cases/99999").status_code == 404
        assert (
            browser.get("/api/cases", headers={"Authorization": f"Bearer {api_token}x"}).status_code
            == 401
        )
        assert browser.patch(
            f"/api/cases/{cases[0]['id']}", json={"version": 999}, headers=headers
        ).status_code in (403, 412)

    log = server.log()
    assert "Application startup complete" in log, "the log was captured"
    details = survivor_details(fresh_database_url)
    assert len(details) > 10
    leaked = sorted(s for s in secrets | details if s in log)
    assert leaked == [], "found in the server's log"

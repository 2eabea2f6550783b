"""Feeds of the demo docket, served by `docket serve`, read by real calendar clients: every
scope and option parses in ical.js (Thunderbird) and icalendar with Manila wall-clock times,
a subscribed vdirsyncer+khal follows a reset and a cancellation, and no feed ever carries a
survivor's identity, a protected witness's name or a videoconference link."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import json
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from icalendar import Calendar

from tests.calendar_clients import SubscribingClient
from tests.conftest import (
    IS_POSTGRES,
    TEST_DATABASE_URL,
    LiveServer,
    identities_in,
    live_server,
    read_rows,
    run_docket,
)

# `docket serve`, vdirsyncer and khal run as other processes, on the system's clock.
pytestmark = pytest.mark.real_clock

MANILA = ZoneInfo("Asia/Manila")
PASSWORD = "demo password for feed tests"
CLIENTS = Path(__file__).parent / "clients"
MARIA = "maria.santos@docket.example"
ANA = "ana.lim@docket.example"  # lead of the demo's sealed case
OPTIONS = [
    {"include_deadlines": deadlines, "include_alarms": alarms}
    for deadlines, alarms in itertools.product((False, True), repeat=2)
]
#: The options of issue 21 item 6, with deadlines and alarms: chosen reminders, a deadlines-only
#: feed, held hearings hidden.
CHOSEN_OPTIONS: list[dict[str, Any]] = [
    {"include_deadlines": True, "reminders": [10080, 60], "hide_held": True},
    {"include_deadlines": True, "include_hearings": False, "reminders": [30]},
]


def with_reminders(options: dict[str, Any]) -> bool:
    return bool(options.get("reminders", options.get("include_alarms")))


@dataclass
class Demo:
    server: LiveServer
    database_url: str
    tokens: dict[str, str]
    #: (label, https URL, with reminders) of every feed issued.
    feeds: list[tuple[str, str, bool]]

    def api(self, email: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.server.url,
            headers={"Authorization": f"Bearer {self.tokens[email]}"},
            timeout=30,
        )


def local(url: str, server: LiveServer) -> str:
    """The feed URL as served here (the links name DOCKET_BASE_URL's host)."""
    return server.url + httpx.URL(url).raw_path.decode()


rows = read_rows


@contextlib.contextmanager
def fresh_database(workdir: Path) -> Iterator[str]:
    """A new database of the engine under test, for the whole module (the demo loads once)."""
    if not IS_POSTGRES:
        yield f"sqlite:///{workdir}/demo.sqlite"
        return
    import asyncpg

    name = f"docket_feeds_{uuid.uuid4().hex[:12]}"
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


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    workdir = tmp_path_factory.mktemp("feeds-demo")
    with fresh_database(workdir) as database_url:
        assert run_docket(database_url, "migrate").returncode == 0
        loaded = run_docket(database_url, "demo", "--password", PASSWORD)
        assert loaded.returncode == 0, loaded.stderr
        tokens = {}
        for email in (MARIA, ANA, "admin@docket.example"):
            issued = run_docket(database_url, "users", "token", email, "--name", "tests")
            assert issued.returncode == 0, issued.stderr
            tokens[email] = issued.stdout.strip().splitlines()[-1]
        with live_server(database_url, workdir / "server.log") as server:
            yield Demo(server, database_url, tokens, [])


def issue_every_feed(demo: Demo) -> list[tuple[str, str, bool]]:
    """Every scope and option a demo prosecutor can choose, plus the sealed case's lead's."""
    if demo.feeds:
        return demo.feeds
    cli = run_docket(demo.database_url, "feeds", "issue", "--user", MARIA, "--scope", "mine")
    assert cli.returncode == 0, cli.stderr
    demo.feeds.append(("cli mine", cli.stdout.strip().splitlines()[-1], False))
    with demo.api(MARIA) as api:
        cases = api.get("/api/cases", params={"limit": 200}).json()["items"]
        me = api.get("/api/auth/me").json()["id"]
        teams = [t for t in api.get("/api/teams").json() if me in t["member_ids"]]
        court_id = next(c["court_id"] for c in cases if c["court_id"])
        scopes: list[dict[str, Any]] = [
            {"scope": "mine"},
            {"scope": "case", "scope_id": next(c["id"] for c in cases if c["court_id"])},
            {"scope": "court", "scope_id": court_id},
            {"scope": "team", "scope_id": teams[0]["id"]},
            {"scope": "lead"},
        ]
        for scope, options in itertools.product(scopes, [*OPTIONS, *CHOSEN_OPTIONS]):
            response = api.post("/api/feeds", json=scope | options)
            assert response.status_code == 201, response.text
            demo.feeds.append(
                (json.dumps(scope | options), response.json()["url"], with_reminders(options))
            )
    with demo.api(ANA) as api:
        for options in OPTIONS:
            response = api.post("/api/feeds", json={"scope": "mine"} | options)
            assert response.status_code == 201, response.text
            demo.feeds.append(
                (f"ana mine {options}", response.json()["url"], options["include_alarms"])
            )
    return demo.feeds


def fetch(demo: Demo, url: str) -> bytes:
    response = httpx.get(local(url, demo.server), timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return response.content


def ical_js(body: bytes, path: Path) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed; feeds must be checked with ical.js")
    if not (CLIENTS / "node_modules" / "ical.js").is_dir():
        pytest.fail("run `npm ci --prefix tests/clients` (installs ical.js)")
    path.write_bytes(body)
    completed = subprocess.run(
        [node, str(CLIENTS / "parse_ics.mjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == "", completed.stderr
    parsed: dict[str, Any] = json.loads(completed.stdout)
    return parsed


def vduration(minutes: int) -> str:
    """Minutes as ical.js writes a duration (P7D, PT1H, PT30M)."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    time = (f"{hours}H" if hours else "") + (f"{mins}M" if mins else "")
    return "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")


def test_the_cli_prints_the_link_last_and_feeds_are_listed(demo: Demo) -> None:
    feeds = issue_every_feed(demo)
    assert feeds[0][1].startswith("http://127.0.0.1:8000/calendars/hcal_")
    listed = run_docket(demo.database_url, "feeds", "list", "--user", MARIA)
    assert listed.returncode == 0, listed.stderr
    assert MARIA in listed.stdout
    assert "hcal_" not in listed.stdout, "links are not kept, so never listed"


def test_every_feed_parses_in_thunderbird_and_icalendar_with_manila_times(
    demo: Demo, tmp_path: Path
) -> None:
    feeds = issue_every_feed(demo)
    with demo.api("admin@docket.example") as admin:
        cases = {c["id"]: c for c in admin.get("/api/cases", params={"limit": 200}).json()["items"]}
        seen_sealed = seen_events = 0
        for index, (label, url, alarms) in enumerate(feeds):
            body = fetch(demo, url)
            parsed = ical_js(body, tmp_path / f"{index}.ics")
            calendar = Calendar.from_ical(body)
            calendar.validate()  # type: ignore[no-untyped-call]
            assert calendar.get_missing_tzids() == set(), label
            by_uid = {str(event.uid): event for event in calendar.events}
            assert len(by_uid) == len(parsed["events"]), label
            for event in parsed["events"]:
                seen_events += 1
                if "/cases/" in str(by_uid[event["uid"]]["URL"]):
                    # A deadline: an all-day date, which has no time zone by nature.
                    assert event["tzid"] is None, label
                    assert "deadlines" in label, label
                    continue
                assert event["tzid"] == "Asia/Manila", label
                assert event["tzid_known"], label
                ours = by_uid[event["uid"]]
                hearing_id = int(str(ours["URL"]).rsplit("/", 1)[1])
                hearing = admin.get(f"/api/hearings/{hearing_id}").json()
                starts = dt.datetime.fromisoformat(hearing["starts_at"])
                assert event["start_utc"] == starts.astimezone(dt.UTC).strftime(
                    "%Y-%m-%dT%H:%M:%S.000Z"
                ), label
                wall = starts.astimezone(MANILA)
                assert event["start_local"] == wall.strftime("%Y-%m-%dT%H:%M:%S"), label
                assert ours.start == wall, label
                assert event["sequence"] == hearing["sequence"], label
                if hearing["status"] != "cancelled":
                    assert bool(event["alarms"]) == alarms, label
                chosen = json.loads(label).get("reminders") if label.startswith("{") else None
                if chosen and hearing["status"] != "cancelled":
                    assert [a["trigger"] for a in event["alarms"]] == [
                        "-" + vduration(minutes) for minutes in chosen
                    ], label
                if '"hide_held": true' in label:
                    assert hearing["status"] != "held", label
                if cases[hearing["case_id"]]["sealed"]:
                    seen_sealed += 1
                    summary = event["summary"].removeprefix("CANCELLED: ")
                    assert re.fullmatch(r"Sealed case — [A-Z][a-z -]+", summary), summary
                    assert cases[hearing["case_id"]]["caption"] not in json.dumps(event)
                    assert cases[hearing["case_id"]]["docket_number"] not in json.dumps(event)
    assert seen_events > 0
    assert seen_sealed > 0, "the sealed case's lead sees its hearings, redacted"


def test_no_feed_carries_survivor_or_protected_data(demo: Demo) -> None:
    feeds = issue_every_feed(demo)
    identities = identities_in(demo.database_url)
    assert identities, "the demo seeds survivor identities"
    accused = " ".join(r["name"] for r in rows(demo.database_url, "SELECT name FROM accused"))
    captions = " ".join(
        r["caption"] for r in rows(demo.database_url, "SELECT caption FROM court_case")
    )
    shared = set(re.findall(r"\w+", accused + " " + captions))
    forbidden: set[str] = set()
    for identity in identities:
        forbidden |= {
            str(identity[k]) for k in ("legal_name", "guardian", "shelter", "address", "school")
        }
        forbidden |= {
            identity["notice_name"] + " ",  # a first name, as a word
            *(s for s in identity["legal_name"].split() if s not in shared and len(s) > 3),
        }
        born = identity["birth_date"]
        born = born if isinstance(born, dt.date) else dt.date.fromisoformat(str(born))
        forbidden |= {
            born.isoformat(),
            born.strftime("%Y%m%d"),
            born.strftime("%d %b %Y").lstrip("0"),
        }
    forbidden |= {r["pseudonym"] for r in rows(demo.database_url, "SELECT pseudonym FROM survivor")}
    forbidden |= {
        r["name"] for r in rows(demo.database_url, "SELECT name FROM witness WHERE name <> ''")
    }
    forbidden |= {
        r["video_link"]
        for r in rows(demo.database_url, "SELECT video_link FROM hearing WHERE video_link <> ''")
    }
    forbidden.discard("")
    for label, url, _alarms in feeds:
        body = fetch(demo, url).decode()
        # Unfold lines and undo TEXT escaping, so a folded or escaped name is found too.
        text = body.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
        text = text.replace("\\n", "\n").replace("\\\\", "\\")
        for secret in forbidden:
            assert secret not in body, (label, secret)
            assert secret not in text, (label, secret)
    assert "meet.judiciary.example" not in demo.server.log()
    for _label, url, _alarms in feeds:
        token = httpx.URL(url).path.removeprefix("/calendars/").removesuffix(".ics")
        assert token not in demo.server.log(), "feed tokens never reach the server's log"


def test_a_subscribed_client_follows_a_reset_and_a_cancellation(demo: Demo, tmp_path: Path) -> None:
    feeds = issue_every_feed(demo)
    url = local(feeds[0][1], demo.server)
    client = SubscribingClient(url, tmp_path / "client")
    client.sync()
    today = dt.datetime.now(MANILA).date()
    window = (today, today + dt.timedelta(days=200))
    before = client.events(*window)
    assert before, "the demo prosecutor has upcoming hearings"
    with demo.api("admin@docket.example") as admin:
        upcoming = [
            h
            for h in admin.get(
                "/api/hearings",
                params={"starts_from": dt.datetime.now(dt.UTC).isoformat(), "limit": 200},
            ).json()["items"]
            if h["status"] in ("scheduled", "reset")
            and any(e.url.endswith(f"/hearings/{h['id']}") for e in before)
        ]
        hearing = upcoming[0]
        target = f"http://127.0.0.1:8000/hearings/{hearing['id']}"
        new_start = dt.datetime.combine(today + dt.timedelta(days=45), dt.time(14, 15), MANILA)
        reset = admin.post(
            f"/api/hearings/{hearing['id']}/outcome",
            json={
                "outcome": "reset",
                "version": hearing["version"],
                "reason": "Presiding judge on leave",
                "new_starts_at": new_start.isoformat(),
                "new_ends_at": (new_start + dt.timedelta(hours=1)).isoformat(),
            },
        )
        assert reset.status_code == 200, reset.text
        client.sync()
        (moved,) = [e for e in client.events(*window) if e.url == target]
        assert moved.start == new_start.strftime("%Y-%m-%d %H:%M")
        assert moved.status == "CONFIRMED"

        cancel = admin.post(
            f"/api/hearings/{hearing['id']}/outcome",
            json={"outcome": "cancelled", "version": reset.json()["version"], "reason": "Typhoon"},
        )
        assert cancel.status_code == 200, cancel.text
        client.sync()
        (cancelled,) = [e for e in client.events(*window) if e.url == target]
        assert cancelled.status == "CANCELLED"
        assert cancelled.title.startswith("CANCELLED: ")


def test_a_subscribed_client_follows_a_court_rename_a_sealing_and_a_far_reset(
    demo: Demo, tmp_path: Path
) -> None:
    """Issue 21: each change kind reaches vdirsyncer+khal as the same event, newer: a court's
    new name, a case sealed (its caption gone from the client), and a hearing reset more than
    a year ahead (cancelled, "moved to <date>", where the client held it)."""
    with demo.api(MARIA) as api:
        issued = api.post("/api/feeds", json={"scope": "mine"})
        assert issued.status_code == 201, issued.text
    client = SubscribingClient(local(issued.json()["url"], demo.server), tmp_path / "client")
    client.sync()
    today = dt.datetime.now(MANILA).date()
    window = (today - dt.timedelta(days=1), today + dt.timedelta(days=364))
    held = client.events(*window)
    with demo.api("admin@docket.example") as admin:
        hearings = {
            h["id"]: h
            for h in admin.get(
                "/api/hearings",
                params={"starts_from": dt.datetime.now(dt.UTC).isoformat(), "limit": 200},
            ).json()["items"]
            if h["status"] in ("scheduled", "reset")
        }
        shown = [
            (hearings[int(e.url.rsplit("/", 1)[1])], e)
            for e in held
            if e.url.rsplit("/", 1)[1].isdigit() and int(e.url.rsplit("/", 1)[1]) in hearings
        ]
        cases = {c["id"]: c for c in admin.get("/api/cases", params={"limit": 200}).json()["items"]}
        open_ones = [(h, e) for h, e in shown if not cases[h["case_id"]]["sealed"]]
        assert len(open_ones) >= 2, "the demo prosecutor has hearings of open cases"

        # A court renamed: the client's event shows the new name, still one event.
        first, first_event = open_ones[0]
        court = admin.get(f"/api/courts/{first['court_id']}").json()
        renamed = admin.patch(
            f"/api/courts/{first['court_id']}",
            json={"version": court["version"], "name": court["name"] + " (Annex)"},
        )
        assert renamed.status_code == 200, renamed.text
        client.sync()
        (after,) = [e for e in client.events(*window) if e.url == first_event.url]
        assert "(Annex)" in after.location

        # The case sealed: the client holds the same event, without its caption.
        case = cases[first["case_id"]]
        sealed = admin.patch(
            f"/api/cases/{case['id']}", json={"version": case["version"], "sealed": True}
        )
        assert sealed.status_code == 200, sealed.text
        client.sync()
        (redacted,) = [e for e in client.events(*window) if e.url == first_event.url]
        assert redacted.title.startswith("Sealed case")
        assert case["caption"] not in redacted.title + redacted.description
        assert case["docket_number"] not in redacted.title + redacted.description

        # A hearing of another case reset beyond the year ahead: cancelled where it was held.
        other, other_event = next((h, e) for h, e in open_ones[1:] if h["case_id"] != case["id"])
        far = dt.datetime.combine(today + dt.timedelta(days=400), dt.time(9, 0), MANILA)
        reset = admin.post(
            f"/api/hearings/{other['id']}/outcome",
            json={
                "outcome": "reset",
                "version": other["version"],
                "reason": "Court calendar full",
                "new_starts_at": far.isoformat(),
                "new_ends_at": (far + dt.timedelta(hours=1)).isoformat(),
            },
        )
        assert reset.status_code == 200, reset.text
        client.sync()
        (marker,) = [e for e in client.events(*window) if e.url == other_event.url]
        assert marker.start == other_event.start
        assert marker.status == "CANCELLED"
        assert marker.title.startswith(f"CANCELLED: moved to {far:%a} {far.day} {far:%b}")
    assert len(client.events(*window)) == len(held), "no event lost or doubled"

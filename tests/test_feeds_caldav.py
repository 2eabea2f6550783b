"""Feeds copied into a real CalDAV server (issue 21 item 8): vdirsyncer syncs a feed served by
`docket serve` into Radicale, both on 127.0.0.1, and after each kind of change — a court
renamed, a case sealed, a deadline moved, a hearing reset beyond the feed's window — the server
holds exactly the events the feed serves (none lost, none doubled, none left behind) with the
new text. One Radicale and one Docket server for the module; a calendar and a case per test."""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from icalendar import Calendar

from tests.browser import fresh_database
from tests.caldav_server import CalDavSubscriber, RadicaleServer
from tests.conftest import LiveServer, live_server, run_docket

# `docket serve`, Radicale and vdirsyncer run as other processes, on the system's clock.
pytestmark = pytest.mark.real_clock

MANILA = ZoneInfo("Asia/Manila")
PASSWORD = "a long enough password for caldav tests"
ADMIN, PROSECUTOR = "admin@docket.test", "prosecutor@docket.test"


@dataclass
class World:
    docket: LiveServer
    radicale: RadicaleServer
    tokens: dict[str, str]
    prosecutor_id: int
    workdir: Path

    def api(self, email: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.docket.url,
            headers={"Authorization": f"Bearer {self.tokens[email]}"},
            timeout=30,
        )


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    workdir = Path(tempfile.mkdtemp(prefix="docket-caldav-"))
    with fresh_database() as url:
        assert run_docket(url, "migrate").returncode == 0
        tokens = {}
        for email, role in ((ADMIN, "admin"), (PROSECUTOR, "prosecutor")):
            made = run_docket(
                url,
                *("users", "create", "--email", email, "--name", role.title()),
                *("--role", role, "--password-stdin"),
                stdin=PASSWORD + "\n",
            )
            assert made.returncode == 0, made.stderr
            issued = run_docket(url, "users", "token", email, "--name", "tests")
            assert issued.returncode == 0, issued.stderr
            tokens[email] = issued.stdout.strip().splitlines()[-1]
        with (
            live_server(url, workdir / "docket.log") as docket,
            RadicaleServer(workdir / "radicale") as radicale,
        ):
            me = httpx.get(
                docket.url + "/api/auth/me",
                headers={"Authorization": f"Bearer {tokens[PROSECUTOR]}"},
            ).json()
            yield World(docket, radicale, tokens, me["id"], workdir)


@dataclass
class Setup:
    court: dict[str, Any]
    case: dict[str, Any]
    hearings: list[dict[str, Any]]
    feed_url: str
    calendar_url: str
    subscriber: CalDavSubscriber


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return dict(response.json())


def set_up(world: World, *, deadlines: bool = False) -> Setup:
    """A court, a case led by the prosecutor with two hearings (and, with `deadlines`, a
    jurisdiction date that starts a clock), her feed of that case, and a calendar on the
    server subscribed to it, synced once."""
    tag = uuid.uuid4().hex[:6]
    with world.api(ADMIN) as admin:
        court = ok(admin.post("/api/courts", json={"name": f"RTC Branch {tag}, Cebu City"}), 201)
    now = dt.datetime.now(MANILA)
    with world.api(PROSECUTOR) as prosecutor:
        case = ok(
            prosecutor.post(
                "/api/cases",
                json={
                    "docket_number": f"CEB-2026-{tag}",
                    "caption": "People v. Dela Cruz et al.",
                    "court_id": court["id"],
                    "lead_prosecutor_id": world.prosecutor_id,
                },
            ),
            201,
        )
        hearings = []
        for days in (10, 20):
            start = (now + dt.timedelta(days=days)).replace(
                hour=9, minute=0, second=0, microsecond=0
            )
            hearings.append(
                ok(
                    prosecutor.post(
                        f"/api/cases/{case['id']}/hearings",
                        json={
                            "kind": "trial",
                            "starts_at": start.isoformat(),
                            "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
                            "room": "Session Hall 3",
                        },
                    ),
                    201,
                )
            )
        if deadlines:
            set_facts(world, case["id"], jurisdiction_acquired_on=now.date() - dt.timedelta(10))
        feed = ok(
            prosecutor.post(
                "/api/feeds",
                json={"scope": "case", "scope_id": case["id"], "include_deadlines": deadlines},
            ),
            201,
        )
    feed_url = world.docket.url + httpx.URL(feed["url"]).raw_path.decode()
    calendar_url = world.radicale.make_calendar(f"case-{tag}")
    subscriber = CalDavSubscriber(feed_url, calendar_url, world.workdir / f"sync-{tag}")
    setup = Setup(court, case, hearings, feed_url, calendar_url, subscriber)
    sync_and_compare(world, setup)
    return setup


def set_facts(world: World, case_id: int, **dates: dt.date) -> None:
    with world.api(PROSECUTOR) as prosecutor:
        current = ok(prosecutor.get(f"/api/cases/{case_id}/facts"))
        ok(
            prosecutor.patch(
                f"/api/cases/{case_id}/facts",
                json={"version": current["version"]} | {k: str(v) for k, v in dates.items()},
            )
        )


def shown(calendar: Calendar) -> Counter[tuple[str, ...]]:
    """Every event as a client shows it (UIDs aside: vdirsyncer's http storage rewrites them)."""
    fields = ("URL", "SUMMARY", "DESCRIPTION", "LOCATION", "STATUS", "SEQUENCE")
    return Counter(
        (*(str(event.get(name, "")) for name in fields), event.decoded("DTSTART").isoformat())
        for event in calendar.events
    )


def sync_and_compare(world: World, setup: Setup) -> Calendar:
    """Sync, then check the server holds exactly what the feed serves; what it holds."""
    setup.subscriber.sync()
    served = Calendar.from_ical(httpx.get(setup.feed_url, timeout=30).content)
    held = world.radicale.calendar(setup.calendar_url)
    assert shown(held) == shown(served)
    assert world.radicale.item_count(setup.calendar_url) == len(list(served.events))
    return held


def hearing_event(calendar: Calendar, hearing: dict[str, Any]) -> Any:
    (event,) = [e for e in calendar.events if str(e["URL"]).endswith(f"/hearings/{hearing['id']}")]
    return event


def test_a_court_renamed_reaches_the_caldav_server(world: World) -> None:
    setup = set_up(world)
    old_name = setup.court["name"]
    new_name = old_name.replace("RTC Branch", "Family Court Branch")
    with world.api(ADMIN) as admin:
        ok(
            admin.patch(
                f"/api/courts/{setup.court['id']}",
                json={"name": new_name, "version": setup.court["version"]},
            )
        )
    held = sync_and_compare(world, setup)
    assert len(list(held.events)) == 2
    for hearing in setup.hearings:
        event = hearing_event(held, hearing)
        assert str(event["LOCATION"]).startswith(new_name)
        assert f"Court: {new_name}" in str(event["DESCRIPTION"])
    assert old_name not in held.to_ical().decode()


def test_a_sealed_case_is_replaced_on_the_caldav_server(world: World) -> None:
    setup = set_up(world, deadlines=True)
    with world.api(PROSECUTOR) as prosecutor:
        ok(
            prosecutor.patch(
                f"/api/cases/{setup.case['id']}",
                json={"sealed": True, "version": setup.case["version"]},
            )
        )
    held = sync_and_compare(world, setup)
    text = held.to_ical().decode().replace("\r\n ", "")
    assert "Dela Cruz" not in text
    assert setup.case["docket_number"] not in text
    for hearing in setup.hearings:
        assert str(hearing_event(held, hearing)["SUMMARY"]) == "Sealed case — Trial"
    deadlines = [e for e in held.events if "/cases/" in str(e["URL"])]
    assert deadlines
    assert all(str(e["SUMMARY"]).startswith("Sealed case — ") for e in deadlines)


def test_a_deadline_moved_reaches_the_caldav_server(world: World) -> None:
    setup = set_up(world, deadlines=True)
    before = world.radicale.calendar(setup.calendar_url)
    due_before = {
        str(e["SUMMARY"]): e.decoded("DTSTART") for e in before.events if "/cases/" in str(e["URL"])
    }
    assert due_before
    # The court acquired jurisdiction 10 days earlier than first entered: the clock moves
    # (by 10 days less what weekends and holidays take back).
    today = dt.datetime.now(MANILA).date()
    set_facts(world, setup.case["id"], jurisdiction_acquired_on=today - dt.timedelta(20))
    held = sync_and_compare(world, setup)
    due_after = {
        str(e["SUMMARY"]): e.decoded("DTSTART") for e in held.events if "/cases/" in str(e["URL"])
    }
    assert due_after.keys() == due_before.keys(), "each deadline once, none left behind"
    moved = [title for title in due_after if due_after[title] != due_before[title]]
    assert moved, (due_before, due_after)
    for title in moved:
        assert due_after[title] < due_before[title]
    for event in held.events:
        if "/cases/" in str(event["URL"]):
            assert "Counted from: " in str(event["DESCRIPTION"])
            assert "Source: " in str(event["DESCRIPTION"])


def test_a_far_reset_is_shown_cancelled_where_it_was_on_the_caldav_server(world: World) -> None:
    setup = set_up(world)
    hearing = setup.hearings[1]
    before = hearing_event(world.radicale.calendar(setup.calendar_url), hearing)
    far = (dt.datetime.now(MANILA) + dt.timedelta(days=400)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    with world.api(PROSECUTOR) as prosecutor:
        ok(
            prosecutor.post(
                f"/api/hearings/{hearing['id']}/outcome",
                json={
                    "outcome": "reset",
                    "version": hearing["version"],
                    "reason": "Judge on leave",
                    "new_starts_at": far.isoformat(),
                    "new_ends_at": (far + dt.timedelta(hours=1)).isoformat(),
                },
            )
        )
    held = sync_and_compare(world, setup)
    assert len(list(held.events)) == 2
    marker = hearing_event(held, hearing)
    day = f"{far:%a} {far.day} {far:%b} {far.year}"
    assert str(marker["STATUS"]) == "CANCELLED"
    assert str(marker["SUMMARY"]).startswith(f"CANCELLED: moved to {day}")
    assert marker.decoded("DTSTART") == before.decoded("DTSTART"), "where the client holds it"
    other = hearing_event(held, setup.hearings[0])
    assert str(other["STATUS"]) == "CONFIRMED"

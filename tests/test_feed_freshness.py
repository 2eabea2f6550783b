"""A calendar's poll is decided by what that calendar shows (issue 26 item 4): another person's
login, or a change on a case the feed cannot show, leaves its 304 at the one statement that
finds the feed; every change the feed does show still reaches it at the next poll.

Counted, not timed (X-Query-Count, docket.querycount). Before, any audited change anywhere
(every login is one) made the next poll of every feed read its hearings again: 4 statements
instead of 1, for 87-98 % of the 304s of a national mixed day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from docket.accounts.choices import Role
from docket.accounts.services import rename_team, system_actor
from docket.accounts.tables import Team, TeamMember
from docket.calendar import services
from tests.conftest import FIXED_NOW, PASSWORD, People, make_user
from tests.helpers import make_case, make_court, set_facts
from tests.test_feeds import SOON, create_feed, make_hearing, path_of

pytestmark = pytest.mark.anyio

MANILA = dt.timezone(dt.timedelta(hours=8))
TODAY = FIXED_NOW.astimezone(MANILA).date()
#: What a change's check looks for when deadlines move: another all-day day in the calendar.
DEADLINE_MOVED = "(a deadline moved)"


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app (built after this) answers X-Query-Count; no feed known from another test."""
    monkeypatch.setenv("DOCKET_COUNT_QUERIES", "1")
    services._KNOWN.clear()
    yield
    services._KNOWN.clear()


async def poll(people: People, path: str, etag: str | None = None) -> tuple[httpx.Response, int]:
    """One poll, conditional when an ETag is given; the answer and its statements."""
    headers = {"If-None-Match": etag} if etag else {}
    response = await people.client.get(path, headers=headers)
    assert response.status_code in (200, 304), response.text
    return response, int(response.headers["x-query-count"])


async def subscribed(people: People, path: str) -> httpx.Response:
    """A calendar's first download, then a revalidation answered from the feed alone."""
    first, _ = await poll(people, path)
    assert first.status_code == 200
    again, statements = await poll(people, path, first.headers["etag"])
    assert again.status_code == 304
    assert statements == 1
    return first


async def still_current(people: People, path: str, before: httpx.Response) -> None:
    answer, statements = await poll(people, path, before.headers["etag"])
    assert answer.status_code == 304, "nothing this calendar shows has changed"
    assert statements == 1, "only the statement that finds the feed"


async def changed(people: People, path: str, before: httpx.Response) -> str:
    """The next poll brings the change: a 200 with other content. The calendar's text."""
    answer, _ = await poll(people, path, before.headers["etag"])
    assert answer.status_code == 200, "the change reaches the calendar at its next poll"
    assert answer.headers["etag"] != before.headers["etag"]
    assert answer.content != before.content
    return str(Calendar.from_ical(answer.content).to_ical().decode())


async def other_teams_case(people: People) -> dict[str, Any]:
    """A case of another team, in another court, with a hearing: none of our people's."""
    team_id = (await Team.insert(Team(name="Davao team")).returning(Team.id))[0]["id"]
    court_id = await make_court(people, "RTC Branch 9, Davao City")
    case = await people.admin.post(
        "/api/cases",
        json={
            "docket_number": "DVO-2026-0042",
            "caption": "People v. Santos",
            "team_id": team_id,
            "court_id": court_id,
        },
    )
    assert case.status_code == 201, case.text
    start = SOON + dt.timedelta(days=2)
    hearing = await people.admin.post(
        f"/api/cases/{case.json()['id']}/hearings",
        json={
            "kind": "trial",
            "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
        },
    )
    assert hearing.status_code == 201, hearing.text
    return {"case": case.json(), "hearing": hearing.json(), "team_id": team_id}


@dataclass
class Ours:
    """The prosecutor's case (in our team and court) with a hearing, and feeds of every scope."""

    case: dict[str, Any]
    hearing: dict[str, Any]
    court_id: int
    feeds: dict[str, str]


async def ours(people: People) -> Ours:
    court_id = await make_court(people)
    case = await make_case(
        people,
        court_id=court_id,
        lead_prosecutor_id=people.prosecutor.user_id,
        member_ids=[people.lawyer.user_id],
    )
    # Jurisdiction ten days ago: the arraignment is due in twenty (test_feeds_deadlines).
    await set_facts(people, case["id"], jurisdiction_acquired_on=str(TODAY - dt.timedelta(10)))
    hearing = await make_hearing(people, case["id"])
    feeds = {
        "mine": path_of((await create_feed(people, include_deadlines=True))["url"]),
        "case": path_of((await create_feed(people, scope="case", scope_id=case["id"]))["url"]),
        "court": path_of((await create_feed(people, scope="court", scope_id=court_id))["url"]),
        "team": path_of((await create_feed(people, scope="team", scope_id=people.team_id))["url"]),
    }
    return Ours(case=case, hearing=hearing, court_id=court_id, feeds=feeds)


async def test_a_login_or_a_change_on_another_teams_case_leaves_the_304_at_one_statement(
    counting: None, people: People
) -> None:
    mine = await ours(people)
    theirs = await other_teams_case(people)
    first = {scope: await subscribed(people, path) for scope, path in mine.feeds.items()}

    # Someone else logs in (audited, like every login).
    await make_user("other.prosecutor@docket.test", Role.PROSECUTOR, "Other Prosecutor")
    login = await people.client.post(
        "/api/auth/login", json={"email": "other.prosecutor@docket.test", "password": PASSWORD}
    )
    assert login.status_code == 200, login.text
    await people.client.post(
        "/api/auth/logout", headers={"X-CSRF-Token": login.json()["csrf_token"]}
    )
    people.client.cookies.clear()  # calendars poll without this browser's cookies
    for scope, path in mine.feeds.items():
        await still_current(people, path, first[scope])

    # Another team's hearing, in another court, is reset.
    start = SOON + dt.timedelta(days=30)
    reset = await people.admin.post(
        f"/api/hearings/{theirs['hearing']['id']}/outcome",
        json={
            "outcome": "reset",
            "version": theirs["hearing"]["version"],
            "reason": "Judge on leave",
            "new_starts_at": start.isoformat(),
            "new_ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        },
    )
    assert reset.status_code == 200, reset.text
    for scope, path in mine.feeds.items():
        await still_current(people, path, first[scope])

    # The same reset on our own case reaches every feed that shows it.
    start = SOON + dt.timedelta(days=31)
    ours_reset = await people.lawyer.post(
        f"/api/hearings/{mine.hearing['id']}/outcome",
        json={
            "outcome": "reset",
            "version": mine.hearing["version"],
            "reason": "Judge on leave",
            "new_starts_at": start.isoformat(),
            "new_ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        },
    )
    assert ours_reset.status_code == 200, ours_reset.text
    for scope, path in mine.feeds.items():
        await changed(people, path, first[scope])


#: A change, given the calendar as it was; what the next poll must carry.
Change = Callable[[People, Ours, str], Awaitable[str]]


async def _patch_hearing(people: People, mine: Ours, **fields: object) -> None:
    changed_hearing = await people.lawyer.patch(
        f"/api/hearings/{mine.hearing['id']}", json={"version": mine.hearing["version"], **fields}
    )
    assert changed_hearing.status_code == 200, changed_hearing.text


async def _patch_case(people: People, mine: Ours, **fields: object) -> None:
    read = (await people.lawyer.get(f"/api/cases/{mine.case['id']}")).json()
    patched = await people.lawyer.patch(
        f"/api/cases/{mine.case['id']}", json={"version": read["version"], **fields}
    )
    assert patched.status_code == 200, patched.text


def _due_days(calendar: str) -> list[str]:
    """The all-day events' days (the deadlines), as the calendar writes them."""
    return sorted(
        line.split(":", 1)[1]
        for line in calendar.replace("\r\n ", "").splitlines()
        if line.startswith("DTSTART;VALUE=DATE:")
    )


async def a_hearing_scheduled(people: People, mine: Ours, before: str) -> str:
    await make_hearing(people, mine.case["id"], SOON + dt.timedelta(days=3, hours=1))
    return (SOON + dt.timedelta(days=3, hours=1)).strftime(
        "%Y%m%dT%H%M%S"
    )  # in Manila, as the court sits


async def a_hearing_reset(people: People, mine: Ours, before: str) -> str:
    start = SOON + dt.timedelta(days=5, hours=2)
    reset = await people.lawyer.post(
        f"/api/hearings/{mine.hearing['id']}/outcome",
        json={
            "outcome": "reset",
            "version": mine.hearing["version"],
            "reason": "Judge on leave",
            "new_starts_at": start.isoformat(),
            "new_ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        },
    )
    assert reset.status_code == 200, reset.text
    return start.strftime("%Y%m%dT%H%M%S")  # in Manila, as the court sits


async def a_hearing_room_corrected(people: People, mine: Ours, before: str) -> str:
    await _patch_hearing(people, mine, room="Session Hall 7")
    return "Session Hall 7"


async def a_protection_measure_asked_for(people: People, mine: Ours, before: str) -> str:
    witness = await people.lawyer.post(
        f"/api/cases/{mine.case['id']}/witnesses",
        json={"kind": "police_officer", "name": "PSSg. Reyes"},
    )
    assert witness.status_code == 201, witness.text
    need = await people.lawyer.post(
        f"/api/hearings/{mine.hearing['id']}/protection-needs",
        json={"witness_id": witness.json()["id"], "measure": "interpreter"},
    )
    assert need.status_code == 201, need.text
    return "interpreter"


async def the_case_caption_changed(people: People, mine: Ours, before: str) -> str:
    await _patch_case(people, mine, caption="People v. Villanueva")
    return "Villanueva"


async def the_case_sealed(people: People, mine: Ours, before: str) -> str:
    await _patch_case(people, mine, sealed=True)
    return "Sealed case"


async def the_case_facts_changed(people: People, mine: Ours, before: str) -> str:
    await set_facts(people, mine.case["id"], jurisdiction_acquired_on=str(TODAY - dt.timedelta(15)))
    return DEADLINE_MOVED


def _iso(day: str) -> str:
    return f"{day[:4]}-{day[4:6]}-{day[6:]}"


async def a_court_closure_on_the_due_day(people: People, mine: Ours, before: str) -> str:
    for day in set(_due_days(before)):
        closure = await people.admin.post(
            "/api/court-closures", json={"on": _iso(day), "reason": "Typhoon signal no. 3"}
        )
        assert closure.status_code == 201, closure.text
    return DEADLINE_MOVED


async def a_holiday_on_the_due_day(people: People, mine: Ours, before: str) -> str:
    for day in set(_due_days(before)):
        holiday = await people.admin.post(
            "/api/holidays",
            json={
                "on": _iso(day),
                "name": "Eid al-Adha",
                "source": "Proclamation No. 1234, s. 2026",
            },
        )
        assert holiday.status_code == 201, holiday.text
    return DEADLINE_MOVED


async def the_court_renamed(people: People, mine: Ours, before: str) -> str:
    court = (await people.admin.get(f"/api/courts/{mine.court_id}")).json()
    renamed = await people.admin.patch(
        f"/api/courts/{mine.court_id}",
        json={"version": court["version"], "name": "RTC Branch 17, Cebu City"},
    )
    assert renamed.status_code == 200, renamed.text
    return "Branch 17"


async def the_team_renamed(people: People, mine: Ours, before: str) -> str:
    await rename_team(system_actor("test"), people.team_id, name="Visayas OSAEC team")
    return "Visayas OSAEC team"


async def put_on_another_case(people: People, mine: Ours, before: str) -> str:
    other = await make_case(
        people,
        docket_number="CEB-2026-0077",
        court_id=mine.court_id,
        member_ids=[people.lawyer.user_id],
    )
    await make_hearing(people, other["id"], SOON + dt.timedelta(days=4))
    added = await people.admin.post(
        f"/api/cases/{other['id']}/members", json={"user_id": people.prosecutor.user_id}
    )
    assert added.status_code in (200, 201), added.text
    return "CEB-2026-0077"


async def another_courts_case_heard_here(people: People, mine: Ours, before: str) -> str:
    court_id = await make_court(people, "RTC Branch 3, Mandaue City")
    other = await make_case(people, docket_number="MDE-2026-0005", court_id=court_id)
    hearing = await make_hearing(people, other["id"], SOON + dt.timedelta(days=6))
    moved = await people.lawyer.patch(
        f"/api/hearings/{hearing['id']}",
        json={"version": hearing["version"], "court_id": mine.court_id},
    )
    assert moved.status_code == 200, moved.text
    return "MDE-2026-0005"


#: Each kind of change a feed shows, the feed that shows it, and what the next poll carries
#: ("!text": no longer carries).
CHANGES: list[tuple[Change, str]] = [
    (a_hearing_scheduled, "mine"),
    (a_hearing_reset, "case"),
    (a_hearing_room_corrected, "court"),
    (a_protection_measure_asked_for, "mine"),
    (the_case_caption_changed, "team"),
    (the_case_sealed, "case"),
    (the_case_facts_changed, "mine"),
    (a_court_closure_on_the_due_day, "mine"),
    (a_holiday_on_the_due_day, "mine"),
    (the_court_renamed, "court"),
    (the_team_renamed, "team"),
    (put_on_another_case, "mine"),
    (another_courts_case_heard_here, "court"),
]


@pytest.mark.parametrize(
    ("change", "scope"), CHANGES, ids=[change.__name__ for change, _ in CHANGES]
)
async def test_every_change_a_calendar_shows_reaches_it_at_the_next_poll(
    counting: None, people: People, change: Change, scope: str
) -> None:
    mine = await ours(people)
    path = mine.feeds[scope]
    before = await subscribed(people, path)
    before_text = before.content.decode()
    shown = await change(people, mine, before_text)
    text = await changed(people, path, before)
    if shown == DEADLINE_MOVED:
        assert _due_days(before_text), "the calendar had deadlines to move"
        assert _due_days(text) != _due_days(before_text)
    else:
        assert shown in text.replace("\r\n ", "")
    # And then the calendar is current again, at one statement.
    again, _ = await poll(people, path)
    await still_current(people, path, again)


async def test_a_survivors_identity_that_the_caption_names_reaches_the_calendar(
    counting: None, people: People
) -> None:
    """The identity decides what a calendar may show of the caption (docket.cases.names)."""
    mine = await ours(people)
    read = (await people.lawyer.get(f"/api/cases/{mine.case['id']}")).json()
    patched = await people.lawyer.patch(
        f"/api/cases/{mine.case['id']}",
        json={"version": read["version"], "caption": "People v. Belarmino"},
    )
    assert patched.status_code == 200, patched.text
    path = mine.feeds["mine"]
    before = await subscribed(people, path)
    assert "Belarmino" in before.content.decode()
    survivor = await people.admin.post(
        f"/api/cases/{mine.case['id']}/survivors",
        json={"pseudonym": "AAA", "age_band": "7_to_11", "advocate_id": people.advocate.user_id},
    )
    assert survivor.status_code == 201, survivor.text
    before = await subscribed(people, path)
    identity = await people.prosecutor.put(
        f"/api/survivors/{survivor.json()['id']}/identity", json={"legal_name": "Rhea Belarmino"}
    )
    assert identity.status_code == 204, identity.text
    assert "Belarmino" not in await changed(people, path, before)


async def test_the_owner_leaving_the_team_empties_its_team_calendar(
    counting: None, people: People
) -> None:
    """Team membership is what lets a person's team calendar show anything."""
    mine = await ours(people)
    path = mine.feeds["team"]
    before = await subscribed(people, path)
    assert "BEGIN:VEVENT" in before.content.decode()
    await TeamMember.delete().where(
        (TeamMember.team == people.team_id) & (TeamMember.user == people.prosecutor.user_id)
    )
    assert "BEGIN:VEVENT" not in await changed(people, path, before)

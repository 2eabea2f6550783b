"""One bad row stored before today's checks (or put there by hand) is that row's problem: the
case's deadlines, summary and facts, the case page, the members' home pages and the team's
at-risk list still answer, and the row is shown as needing attention."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from docket.cases.tables import CaseDates
from docket.courts.tables import Court
from docket.hearings.tables import Hearing
from tests.conftest import People
from tests.helpers import add_accused, make_case, make_court, make_hearing, set_facts
from tests.test_notices_api import PREPARATION, pair_url, setup_case, two_step

pytestmark = pytest.mark.anyio

#: The typo the hardening review found: accepted once, and every read of the case failed after.
FAR_FUTURE = dt.datetime(9999, 12, 31, 22, 0, tzinfo=dt.UTC)


async def test_a_hearing_in_year_9999_does_not_take_the_case_down(people: People) -> None:
    case = await make_case(people, court_id=await make_court(people))
    good = await make_hearing(people, case["id"])
    bad = await make_hearing(people, case["id"], room="Sala 4")
    await Hearing.update(
        {Hearing.starts_at: FAR_FUTURE, Hearing.ends_at: FAR_FUTURE + dt.timedelta(hours=1)}
    ).where(Hearing.id == bad["id"])

    for path in (
        f"/api/cases/{case['id']}/deadlines",
        f"/api/cases/{case['id']}/summary",
        f"/api/cases/{case['id']}/facts",
        "/api/deadlines/at-risk",
        "/api/hearings",
        f"/api/hearings/{good['id']}",
        f"/api/cases/{case['id']}",
    ):
        for who in (people.prosecutor, people.lawyer):
            answer = await who.get(path)
            assert answer.status_code == 200, (path, answer.status_code, answer.text)

    for who in (people.prosecutor, people.lawyer, people.advocate):
        home = await who.get("/")
        assert home.status_code == 200, home.text
        page = await who.get(f"/cases/{case['id']}")
        assert page.status_code == 200, page.text
    page = await people.lawyer.get(f"/cases/{case['id']}")
    assert "Needs attention" in page.text
    assert "Sala 4" in page.text, "the bad hearing is still listed, so it can be corrected"

    deadlines = (await people.lawyer.get(f"/api/cases/{case['id']}/deadlines")).json()
    assert any(f"Hearing #{bad['id']}" in p for p in deadlines["needs_attention"])
    at_risk = (await people.prosecutor.get("/api/deadlines/at-risk")).json()
    assert [c["case_id"] for c in at_risk["needs_attention"]] == [case["id"]]

    # The team's calendar feed (in every member's phone) still updates, with the good hearing.
    feed = await people.lawyer.post(
        "/api/feeds", json={"scope": "team", "scope_id": people.team_id}
    )
    assert feed.status_code == 201, feed.text
    calendar = await people.anonymous.get(httpx.URL(feed.json()["url"]).path)
    assert calendar.status_code == 200, calendar.text
    assert "Session Hall 3" in calendar.text


async def test_a_case_date_in_year_9999_leaves_the_other_cases_at_risk_listed(
    people: People,
) -> None:
    court_id = await make_court(people)
    broken = await make_case(people, court_id=court_id)
    healthy = await make_case(people, court_id=court_id, docket_number="CEB-2026-0888")
    # Detained, the case in court since September, never arraigned: that target is overdue.
    for case in (broken, healthy):
        await add_accused(people, case["id"], "detained")
        await set_facts(people, case["id"], court_received_on="2026-09-01")
    # Ten days after 9999-12-31 is past the end of the calendar.
    await CaseDates.update({CaseDates.court_received_on: dt.date(9999, 12, 31)}).where(
        CaseDates.case == broken["id"]
    )

    at_risk = await people.prosecutor.get("/api/deadlines/at-risk")
    assert at_risk.status_code == 200, at_risk.text
    listed = {item["case_id"] for item in at_risk.json()["items"]}
    assert healthy["id"] in listed
    attention = at_risk.json()["needs_attention"]
    assert [c["case_id"] for c in attention] == [broken["id"]]
    assert attention[0]["problems"], "the case says what is wrong"
    summary = await people.lawyer.get(f"/api/cases/{broken['id']}/summary")
    assert summary.status_code == 200, summary.text
    assert summary.json()["needs_attention"]
    home = await people.lawyer.get("/")  # the lawyer opened both cases: they are hers
    assert home.status_code == 200
    assert "Needs attention" in home.text


async def test_a_court_stored_with_a_zone_that_is_not_a_zone_still_shows_its_hearings(
    people: People,
) -> None:
    court_id = await make_court(people)
    case = await make_case(people, court_id=court_id)
    await make_hearing(people, case["id"])
    # "Asia" names a folder of the zone database, not a zone (found by the hardening review).
    await Court.update({Court.timezone: "Asia"}).where(Court.id == court_id)

    for path in (
        f"/api/cases/{case['id']}/deadlines",
        "/api/deadlines/at-risk",
        "/api/hearings",
        "/api/agenda",
        f"/api/courts/{court_id}",
    ):
        answer = await people.lawyer.get(path)
        assert answer.status_code == 200, (path, answer.status_code, answer.text)
    for path in ("/", f"/cases/{case['id']}", "/search?q=Dela"):
        page = await people.lawyer.get(path)
        assert page.status_code == 200, (path, page.status_code, page.text)
        if path != "/search?q=Dela":
            assert "Session Hall 3" in page.text
    feed = await people.lawyer.post("/api/feeds", json={"scope": "mine"})
    calendar = await people.anonymous.get(httpx.URL(feed.json()["url"]).path)
    assert calendar.status_code == 200, calendar.text
    assert "Session Hall 3" in calendar.text


async def test_a_court_whose_zone_is_not_a_zone_still_gets_its_notices_printed(
    people: People,
) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    stored = await advocate.put(pair_url(ids, "preparation"), json=PREPARATION)
    assert stored.is_success, stored.text
    court_id = (await people.admin.get(f"/api/cases/{ids['case_id']}")).json()["court_id"]
    await Court.update({Court.timezone: "Asia"}).where(Court.id == court_id)

    due = await people.advocate.get("/api/notices/due", params={"days": 30})
    assert due.status_code == 200, due.text
    assert [item["hearing_id"] for item in due.json()["items"]] == [ids["hearing_id"]]
    printed = await advocate.post(
        pair_url(ids, "notice"), json={"variant": "advocate_checklist", "format": "html"}
    )
    assert printed.status_code == 200, printed.text
    assert "AAA" in printed.text

"""Deadlines in calendar feeds: all-day events that follow the case's facts, only when the
subscriber asked for them, and as bare as hearings for sealed cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from icalendar import Calendar

from tests.conftest import People
from tests.helpers import set_facts
from tests.test_feeds import create_feed, path_of, prosecutors_case

pytestmark = pytest.mark.anyio

MANILA = dt.timezone(dt.timedelta(hours=8))


async def fetch(people: People, url: str) -> Calendar:
    response = await people.client.get(path_of(url))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def deadline_events(calendar: Calendar) -> list[Any]:
    return [e for e in calendar.walk("VEVENT") if "/cases/" in str(e.get("URL"))]


async def test_a_feed_with_deadlines_shows_them_and_they_follow_the_facts(
    people: People,
) -> None:
    case = await prosecutors_case(people)
    # Not detained: arraignment and pre-trial within 30 days of the court acquiring
    # jurisdiction (CT III.8). Jurisdiction 10 days ago → due in 20 days.
    today = dt.datetime.now(MANILA).date()
    await set_facts(people, case["id"], jurisdiction_acquired_on=str(today - dt.timedelta(10)))
    with_deadlines = await create_feed(people, include_deadlines=True)
    without = await create_feed(people)

    events = deadline_events(await fetch(people, with_deadlines["url"]))
    titles = [str(e["SUMMARY"]) for e in events]
    assert any("CEB-2026-0001" in t for t in titles), titles
    first = events[0]
    assert isinstance(first.decoded("DTSTART"), dt.date)
    assert not isinstance(first.decoded("DTSTART"), dt.datetime), "an all-day event"
    due_before = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in events}
    assert deadline_events(await fetch(people, without["url"])) == []

    # The facts change: the deadline moves in the feed at the next fetch.
    await set_facts(people, case["id"], jurisdiction_acquired_on=str(today - dt.timedelta(3)))
    due_after = {
        str(e["SUMMARY"]): e.decoded("DTSTART")
        for e in deadline_events(await fetch(people, with_deadlines["url"]))
    }
    assert due_after != due_before


async def test_a_sealed_case_deadline_says_nothing_but_sealed(people: People) -> None:
    case = await prosecutors_case(people, sealed=True)
    today = dt.datetime.now(MANILA).date()
    await set_facts(people, case["id"], jurisdiction_acquired_on=str(today - dt.timedelta(10)))
    feed = await create_feed(people, include_deadlines=True)
    response = await people.client.get(path_of(feed["url"]))
    body = response.content.decode()
    assert "Sealed case" in body
    assert "CEB-2026-0001" not in body
    assert "Dela Cruz" not in body


async def test_a_conditional_fetch_notices_every_kind_of_change(people: People) -> None:
    """A 304 is answered from a watermark (the audit trail's last change and the owner's
    memberships); every change that alters the calendar must still give a 200."""
    from docket.cases.tables import CaseMember

    case = await prosecutors_case(people)
    start = dt.datetime.now(MANILA).replace(microsecond=0) + dt.timedelta(days=5)
    hearing = (
        await people.lawyer.post(
            f"/api/cases/{case['id']}/hearings",
            json={
                "kind": "trial",
                "starts_at": start.isoformat(),
                "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
            },
        )
    ).json()
    feed = await create_feed(people)
    path = path_of(feed["url"])

    async def etag_after_fetch(previous: str | None) -> tuple[int, str]:
        headers = {"If-None-Match": previous} if previous else {}
        response = await people.client.get(path, headers=headers)
        return response.status_code, response.headers["etag"]

    status, etag = await etag_after_fetch(None)
    assert status == 200
    assert (await etag_after_fetch(etag))[0] == 304, "nothing changed"

    witness = (
        await people.lawyer.post(
            f"/api/cases/{case['id']}/witnesses", json={"kind": "other", "name": "Dr. Ouano"}
        )
    ).json()
    need = await people.lawyer.post(
        f"/api/hearings/{hearing['id']}/protection-needs",
        json={"witness_id": witness["id"], "measure": "interpreter", "status": "ordered"},
    )
    assert need.status_code == 201
    status, new_etag = await etag_after_fetch(etag)
    assert status == 200, "a measure to prepare changed the calendar"
    assert new_etag != etag
    etag = new_etag

    court = await people.admin.patch(
        f"/api/courts/{case['court_id']}", json={"version": 1, "name": "RTC Branch 16-A"}
    )
    assert court.status_code == 200
    status, etag = await etag_after_fetch(etag)
    assert status == 200, "the court's new name is in the LOCATION"

    # Taken off the case (no audited change): the calendar empties at the next fetch.
    await CaseMember.delete().where(
        (CaseMember.case == case["id"]) & (CaseMember.user == people.prosecutor.user_id)
    )
    status, _ = await etag_after_fetch(etag)
    assert status == 200

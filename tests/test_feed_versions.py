"""Issue 21: every change reaches every client. An event's SEQUENCE, DTSTAMP and LAST-MODIFIED
move whenever any text a client shows changes, and stay byte-stable when nothing did; deadline
UIDs are opaque and keep through a date move; a hearing reset beyond the window is sent as
cancelled, "moved to"; HEAD and gzip have true headers; a feed too big for Google is refused."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from typing import Any

import httpx
import pytest
import time_machine
from icalendar import Calendar

from docket.calendar import services
from docket.calendar.tables import FeedEvent, FeedSubscription
from docket.hearings.tables import Hearing
from tests.conftest import FIXED_NOW, People
from tests.helpers import make_case, set_facts
from tests.test_feeds import SOON, create_feed, make_hearing, path_of, prosecutors_case

pytestmark = pytest.mark.anyio

MANILA = dt.timezone(dt.timedelta(hours=8))
#: A per-feed UUID and nothing else: no case id, rule or date.
OPAQUE_DEADLINE_UID = re.compile(
    r"deadline-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}@docket\.invalid"
)


async def fetch(people: People, path: str) -> httpx.Response:
    # A fresh process would work the feed out again: so does every fetch here.
    services._KNOWN.clear()
    response = await people.client.get(path)
    assert response.status_code == 200, response.text
    return response


def the_events(response: httpx.Response) -> list[Any]:
    return list(Calendar.from_ical(response.content).events)


def stamps(event: Any) -> tuple[int, dt.datetime, dt.datetime]:
    return event.sequence, event.stamp, event.last_modified


async def served_rows(feed_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await FeedEvent.select().where(FeedEvent.feed == feed_id)
    return rows


async def test_renaming_the_court_gives_the_event_a_new_sequence_and_stamp(
    people: People,
) -> None:
    case = await prosecutors_case(people)
    await make_hearing(people, case["id"])
    feed = await create_feed(people)
    path = path_of(feed["url"])
    (before,) = the_events(await fetch(people, path))

    with time_machine.travel(FIXED_NOW + dt.timedelta(hours=3), tick=True):
        renamed = await people.admin.patch(
            f"/api/courts/{case['court_id']}", json={"version": 1, "name": "RTC Branch 16-A"}
        )
        assert renamed.status_code == 200, renamed.text
        answer = await fetch(people, path)
        (after,) = the_events(answer)
        assert "RTC Branch 16-A" in str(after["LOCATION"])
        assert after.uid == before.uid
        assert after.sequence == before.sequence + 1
        assert after.stamp >= before.stamp + dt.timedelta(hours=3)
        assert after.last_modified == after.stamp

        # Nothing changed since: the same bytes, and nothing written.
        rows = await served_rows(feed["id"])
        again = await fetch(people, path)
        assert again.content == answer.content
        assert await served_rows(feed["id"]) == rows


async def test_a_new_protection_measure_gives_the_event_a_new_version(people: People) -> None:
    case = await prosecutors_case(people)
    hearing = await make_hearing(people, case["id"])
    path = path_of((await create_feed(people))["url"])
    (before,) = the_events(await fetch(people, path))

    with time_machine.travel(FIXED_NOW + dt.timedelta(hours=1), tick=True):
        witness = await people.lawyer.post(
            f"/api/cases/{case['id']}/witnesses", json={"kind": "other", "name": "Dr. Ouano"}
        )
        need = await people.lawyer.post(
            f"/api/hearings/{hearing['id']}/protection-needs",
            json={
                "witness_id": witness.json()["id"],
                "measure": "interpreter",
                "status": "ordered",
            },
        )
        assert need.status_code == 201, need.text
        (after,) = the_events(await fetch(people, path))
    assert "interpreter" in str(after["DESCRIPTION"])
    assert after.sequence == before.sequence + 1
    assert after.stamp > before.stamp


async def test_sealing_a_case_replaces_its_event_in_place_with_a_new_version(
    people: People,
) -> None:
    case = await prosecutors_case(people)
    await make_hearing(people, case["id"])
    path = path_of((await create_feed(people))["url"])
    (before,) = the_events(await fetch(people, path))
    assert "Dela Cruz" in str(before["SUMMARY"])

    with time_machine.travel(FIXED_NOW + dt.timedelta(hours=1), tick=True):
        sealed = await people.lawyer.patch(
            f"/api/cases/{case['id']}", json={"version": case["version"], "sealed": True}
        )
        assert sealed.status_code == 200, sealed.text
        answer = await fetch(people, path)
    (after,) = the_events(answer)
    assert after.uid == before.uid, "replaced in place, not a second event"
    assert str(after["SUMMARY"]) == "Sealed case — Trial"
    assert "Dela Cruz" not in answer.text
    assert case["docket_number"] not in answer.text
    assert after.sequence == before.sequence + 1
    assert after.stamp > before.stamp


async def test_a_deadline_moved_by_a_corrected_fact_keeps_its_opaque_uid_with_a_new_version(
    people: People,
) -> None:
    case = await prosecutors_case(people, sealed=True)
    today = FIXED_NOW.astimezone(MANILA).date()
    await set_facts(people, case["id"], jurisdiction_acquired_on=str(today - dt.timedelta(10)))
    feed = await create_feed(people, include_deadlines=True)
    other = await create_feed(people, include_deadlines=True)
    path = path_of(feed["url"])
    first = {e.uid: e for e in the_events(await fetch(people, path)) if "deadline" in e.uid}
    assert first, "the case has a deadline to watch"
    for uid, event in first.items():
        assert OPAQUE_DEADLINE_UID.fullmatch(uid), f"nothing about the case in {uid}"
        assert str(case["id"]) + "-" not in uid
        assert event.stamp <= dt.datetime.now(dt.UTC), "DTSTAMP is never in the future"
    others = {e.uid for e in the_events(await fetch(people, path_of(other["url"])))}
    assert not others & set(first), "each feed has its own UIDs"

    # The fact is corrected later: the deadline moves, as the same event, newer.
    with time_machine.travel(FIXED_NOW + dt.timedelta(days=2), tick=True):
        await set_facts(people, case["id"], jurisdiction_acquired_on=str(today - dt.timedelta(3)))
        moved = {e.uid: e for e in the_events(await fetch(people, path)) if "deadline" in e.uid}
    assert set(moved) == set(first), "the same events, moved, not deleted and re-created"
    changed = [uid for uid in first if moved[uid].start != first[uid].start]
    assert changed, "a deadline counted from the corrected fact moved"
    for uid in changed:
        assert moved[uid].sequence == first[uid].sequence + 1
        assert moved[uid].stamp >= (FIXED_NOW + dt.timedelta(days=2)).replace(microsecond=0)
        assert moved[uid].stamp <= dt.datetime.now(dt.UTC) + dt.timedelta(days=3)


async def test_a_hearing_reset_beyond_a_year_is_sent_as_cancelled_moved_to_its_new_date(
    people: People,
) -> None:
    case = await prosecutors_case(people)
    hearing = await make_hearing(people, case["id"])
    path = path_of((await create_feed(people))["url"])
    (before,) = the_events(await fetch(people, path))

    far = SOON + dt.timedelta(days=400)
    reset = await people.lawyer.post(
        f"/api/hearings/{hearing['id']}/outcome",
        json={
            "outcome": "reset",
            "version": hearing["version"],
            "reason": "Judge on leave",
            "new_starts_at": far.isoformat(),
            "new_ends_at": (far + dt.timedelta(hours=1)).isoformat(),
        },
    )
    assert reset.status_code == 200, reset.text
    # A hearing set that far ahead from the start was never in the feed: it stays out.
    await make_hearing(people, case["id"], far + dt.timedelta(days=1))

    (marker,) = the_events(await fetch(people, path))
    assert marker.uid == before.uid
    assert marker["STATUS"] == "CANCELLED"
    day = f"{far:%a} {far.day} {far:%b} {far.year}"
    assert str(marker["SUMMARY"]).startswith(f"CANCELLED: moved to {day}")
    assert f"Status: moved to {day}" in str(marker["DESCRIPTION"])
    assert "reset to this time" not in str(marker["DESCRIPTION"])
    assert marker.start == before.start, "where the client holds it"
    assert marker.sequence > before.sequence

    with time_machine.travel(FIXED_NOW + dt.timedelta(days=31), tick=True):
        assert the_events(await fetch(people, path)) == [], "sent for 30 days, then gone"
    with time_machine.travel(FIXED_NOW + dt.timedelta(days=60), tick=True):
        back = [e for e in the_events(await fetch(people, path)) if e.uid == before.uid]
    (returned,) = back
    assert returned["STATUS"] == "CONFIRMED"
    assert returned.start == far
    assert returned.sequence > marker.sequence


async def test_head_answers_the_real_length_and_each_encoding_has_its_own_etag(
    people: People,
) -> None:
    case = await prosecutors_case(people)
    await make_hearing(people, case["id"])
    path = path_of((await create_feed(people, include_alarms=True))["url"])
    plain = await people.client.get(path, headers={"Accept-Encoding": "identity"})
    assert len(plain.content) > 1024
    assert "content-encoding" not in plain.headers
    head = await people.client.head(path, headers={"Accept-Encoding": "identity"})
    assert head.status_code == 200
    assert head.headers["content-length"] == str(len(plain.content))
    assert head.headers["etag"] == plain.headers["etag"]

    zipped = await people.client.get(path, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content
    assert zipped.headers["etag"] != plain.headers["etag"], "one ETag per encoding"
    assert zipped.headers["etag"].startswith('"'), "still a strong validator"
    assert "Accept-Encoding" in zipped.headers["vary"]
    raw = gzip.compress(plain.content, compresslevel=6, mtime=0)
    zipped_head = await people.client.head(path, headers={"Accept-Encoding": "gzip"})
    assert zipped_head.headers["content-length"] == str(len(raw))
    assert zipped_head.headers["etag"] == zipped.headers["etag"]
    current = await people.client.get(
        path, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]}
    )
    assert current.status_code == 304


async def test_a_feed_too_big_for_google_calendar_is_refused_with_a_narrower_suggestion(
    people: People,
) -> None:
    """1,500 hearings in a year: Google would silently lose some, so the feed is refused."""
    case = await prosecutors_case(people)
    small = await make_case(
        people,
        court_id=case["court_id"],
        lead_prosecutor_id=people.prosecutor.user_id,
        member_ids=[people.lawyer.user_id],
        team_id=None,
        docket_number="CEB-2026-0002",
    )
    await make_hearing(people, small["id"])
    now = dt.datetime.now(dt.UTC)
    start = SOON.astimezone(dt.UTC)
    await Hearing.insert(
        *(
            Hearing(
                case=case["id"],
                court=case["court_id"],
                kind="trial",
                starts_at=start + dt.timedelta(hours=5 * n),
                ends_at=start + dt.timedelta(hours=5 * n + 2),
                room="Session Hall 3, Hall of Justice, Capitol Site",
                status="scheduled",
                created_at=now,
                updated_at=now,
            )
            for n in range(1_500)
        )
    )
    before = await FeedSubscription.count()
    response = await people.prosecutor.post(
        "/api/feeds", json={"scope": "mine", "include_alarms": True}
    )
    assert response.status_code == 400, response.text
    (error,) = response.json()["errors"]
    assert error["field"] == "scope"
    assert "1501 events" in error["message"]
    assert "Google" in error["message"]
    assert "narrower" in error["message"]
    assert await FeedSubscription.count() == before, "no feed made"

    narrow = await create_feed(people, scope="case", scope_id=small["id"], include_alarms=True)
    assert len(the_events(await fetch(people, path_of(narrow["url"])))) == 1

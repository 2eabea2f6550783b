"""Calendar feeds through the API and the feed URL: a prosecutor creates, lists, rotates and
revokes feeds; calendars fetch them, revalidate with 304s and follow resets and cancellations;
access is checked again at every fetch."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from docket.calendar.tables import FeedSubscription
from docket.cases.tables import CaseMember
from tests.conftest import FIXED_NOW, People
from tests.helpers import make_case, make_court

pytestmark = pytest.mark.anyio

MANILA = dt.timezone(dt.timedelta(hours=8))
#: Ten days after the tests' fixed clock (conftest.FIXED_NOW), at 8:30 in Manila.
SOON = (FIXED_NOW.astimezone(MANILA) + dt.timedelta(days=10)).replace(
    hour=8, minute=30, second=0, microsecond=0
)


async def make_hearing(
    people: People, case_id: object, start: dt.datetime = SOON
) -> dict[str, Any]:
    response = await people.lawyer.post(
        f"/api/cases/{case_id}/hearings",
        json={
            "kind": "trial",
            "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
            "room": "Session Hall 3",
            "mode": "videoconference",
            "video_link": "https://meet.judiciary.example/secret-room-77",
        },
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def prosecutors_case(people: People, **fields: object) -> dict[str, Any]:
    return await make_case(
        people,
        court_id=await make_court(people),
        lead_prosecutor_id=people.prosecutor.user_id,
        member_ids=[people.lawyer.user_id],
        # Assigned by membership alone (no team), so that taking someone off the case
        # takes the case out of their view.
        **({"team_id": None} | fields),
    )


async def create_feed(people: People, **body: object) -> dict[str, Any]:
    response = await people.prosecutor.post("/api/feeds", json={"scope": "mine"} | body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def path_of(url: str) -> str:
    return httpx.URL(url).path


def events(body: bytes) -> list[Any]:
    return list(Calendar.from_ical(body).events)


async def test_create_list_rotate_revoke(people: People) -> None:
    await prosecutors_case(people)
    feed = await create_feed(people, name="My phone", include_alarms=True)
    assert feed["name"] == "My phone"
    assert feed["scope"] == "mine"
    assert feed["include_alarms"] is True
    assert feed["url"].startswith("http://127.0.0.1:8000/calendars/hcal_")
    assert feed["url"].endswith(".ics")
    assert feed["webcal_url"] == feed["url"].replace("http://", "webcal://", 1)
    assert feed["google_calendar_url"].startswith(
        "https://calendar.google.com/calendar/r?cid=webcal"
    )
    token = path_of(feed["url"]).removeprefix("/calendars/").removesuffix(".ics")
    assert len(token) >= 5 + 43, "at least 256 random bits"

    listed = await people.prosecutor.get("/api/feeds")
    assert listed.status_code == 200
    (item,) = listed.json()
    assert item["id"] == feed["id"]
    assert "url" not in item, "the link is shown once, at creation"
    assert token not in listed.text

    # Only the hash is stored: the token is nowhere in the database.
    rows = await FeedSubscription.select()
    assert token not in repr(rows)
    assert rows[0]["token_hash"] != token

    fetched = await people.client.get(path_of(feed["url"]))
    assert fetched.status_code == 200

    rotated = await people.prosecutor.post(f"/api/feeds/{feed['id']}/rotate")
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["rotated_from"] == feed["id"]
    assert rotated.json()["url"] != feed["url"]
    assert (await people.client.get(path_of(rotated.json()["url"]))).status_code == 200
    old = await people.client.get(path_of(feed["url"]))
    assert old.status_code == 200
    assert events(old.content) == [], "the old link went empty"

    revoked = await people.prosecutor.post(f"/api/feeds/{rotated.json()['id']}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    again = await people.prosecutor.post(f"/api/feeds/{rotated.json()['id']}/rotate")
    assert again.status_code == 409


async def test_bad_input_and_other_peoples_feeds(people: People) -> None:
    case = await prosecutors_case(people)
    other_case = await make_case(
        people, docket_number="CEB-2026-0099", member_ids=[people.advocate.user_id], team_id=None
    )
    cases = [
        ({}, "scope"),
        ({"scope": "everything"}, "scope"),
        ({"scope": "case"}, "scope_id"),
        ({"scope": "case", "scope_id": other_case["id"]}, "scope_id"),
        ({"scope": "case", "scope_id": 999999}, "scope_id"),
        ({"scope": "court", "scope_id": 999999}, "scope_id"),
        ({"scope": "team", "scope_id": people.team_id + 1000}, "scope_id"),
        ({"scope": "mine", "scope_id": case["id"]}, "scope_id"),
        ({"scope": "mine", "name": ""}, "name"),
        ({"scope": "mine", "colour": "red"}, "colour"),
    ]
    for body, field in cases:
        response = await people.prosecutor.post("/api/feeds", json=body)
        assert response.status_code == 400, (body, response.text)
        assert field in [e["field"] for e in response.json()["errors"]], (body, response.text)

    assert (await people.anonymous.get("/api/feeds")).status_code == 401
    mine = await create_feed(people, scope="case", scope_id=case["id"])
    for action in ("rotate", "revoke"):
        response = await people.lawyer.post(f"/api/feeds/{mine['id']}/{action}")
        assert response.status_code == 404, "another person's feed does not exist for them"
    assert (await people.lawyer.get("/api/feeds")).json() == []


async def test_get_head_and_conditional_requests(people: People) -> None:
    case = await prosecutors_case(people)
    await make_hearing(people, case["id"])
    path = path_of((await create_feed(people))["url"])

    first = await people.client.get(path)
    assert first.status_code == 200
    assert first.headers["content-type"] == "text/calendar; charset=utf-8"
    assert first.headers["referrer-policy"] == "no-referrer"
    assert first.headers["cache-control"].startswith("private")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('"'), "a strong validator"
    (event,) = events(first.content)
    assert event.start == SOON

    second = await people.client.get(path)
    assert second.content == first.content, "no change, identical bytes"
    assert second.headers["etag"] == etag
    assert second.headers["last-modified"] == modified

    head = await people.client.head(path)
    assert head.status_code == 200
    assert head.headers["etag"] == etag
    assert head.content == b""

    by_etag = await people.client.get(path, headers={"If-None-Match": etag})
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag.headers["etag"] == etag
    by_date = await people.client.get(path, headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304
    stale = await people.client.get(path, headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200
    assert (await people.client.head(path, headers={"If-None-Match": etag})).status_code == 304


async def test_reset_moves_the_event_and_cancellation_marks_it(people: People) -> None:
    case = await prosecutors_case(people)
    hearing = await make_hearing(people, case["id"])
    path = path_of((await create_feed(people))["url"])
    before = await people.client.get(path)
    (event,) = events(before.content)

    new_start = SOON + dt.timedelta(days=7, hours=5)
    reset = await people.lawyer.post(
        f"/api/hearings/{hearing['id']}/outcome",
        json={
            "outcome": "reset",
            "version": hearing["version"],
            "reason": "Judge on leave",
            "new_starts_at": new_start.isoformat(),
            "new_ends_at": (new_start + dt.timedelta(hours=1)).isoformat(),
        },
    )
    assert reset.status_code == 200, reset.text
    moved_answer = await people.client.get(path, headers={"If-None-Match": before.headers["etag"]})
    assert moved_answer.status_code == 200, "a reset changes the ETag"
    assert moved_answer.headers["etag"] != before.headers["etag"]
    (moved,) = events(moved_answer.content)
    assert moved.uid == event.uid
    assert moved.sequence == event.sequence + 1
    assert moved.start == new_start

    cancel = await people.lawyer.post(
        f"/api/hearings/{hearing['id']}/outcome",
        json={
            "outcome": "cancelled",
            "version": reset.json()["version"],
            "reason": "Typhoon",
            # A videoconference hearing (A.M. 24-11-02-SC).
            "meritorious_ground": "Typhoon: courts closed",
        },
    )
    assert cancel.status_code == 200, cancel.text
    (cancelled,) = events((await people.client.get(path)).content)
    assert cancelled.uid == event.uid
    assert cancelled["STATUS"] == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("CANCELLED: ")
    assert cancelled.sequence == moved.sequence + 1


async def test_removed_from_a_case_stops_seeing_its_hearings(people: People) -> None:
    case = await prosecutors_case(people)
    await make_hearing(people, case["id"])
    feeds = [
        await create_feed(people),
        await create_feed(people, scope="case", scope_id=case["id"]),
        await create_feed(people, scope="court", scope_id=case["court_id"]),
    ]
    for feed in feeds:
        assert len(events((await people.client.get(path_of(feed["url"]))).content)) == 1

    await CaseMember.delete().where(
        (CaseMember.case == case["id"]) & (CaseMember.user == people.prosecutor.user_id)
    )
    for feed in feeds:
        answer = await people.client.get(path_of(feed["url"]))
        assert answer.status_code == 200
        assert events(answer.content) == [], feed["scope"]


async def test_revoked_feed_cancels_every_event_then_is_gone_and_unknown_is_404(
    people: People,
) -> None:
    """Issue 21 finding 6: an emptied calendar made vdirsyncer keep the hearings; the last
    calendar now cancels each event the link served (same UID, higher SEQUENCE, nothing about
    the case), then the link answers 410 Gone."""
    case = await prosecutors_case(people)
    await make_hearing(people, case["id"])
    feed = await create_feed(people)
    path = path_of(feed["url"])
    (served,) = events((await people.client.get(path)).content)

    assert (await people.prosecutor.post(f"/api/feeds/{feed['id']}/revoke")).status_code == 200
    last = await people.client.get(path)
    assert last.status_code == 200
    calendar = Calendar.from_ical(last.content)
    (withdrawn,) = calendar.events
    assert calendar.timezones, "still a valid calendar"
    assert withdrawn.uid == served.uid
    assert withdrawn["STATUS"] == "CANCELLED"
    assert withdrawn.sequence == served.sequence + 1
    assert withdrawn.start == served.start
    assert "People" not in last.text
    assert case["docket_number"] not in last.text
    again = await people.client.get(path)
    assert again.content == last.content, "the same last calendar at every fetch"

    await FeedSubscription.update(
        {FeedSubscription.revoked_at: dt.datetime.now(dt.UTC) - dt.timedelta(days=8)}
    ).where(FeedSubscription.id == feed["id"])
    assert (await people.client.get(path)).status_code == 410
    assert (await people.client.head(path)).status_code == 410
    assert (await people.client.get("/calendars/hcal_" + "x" * 43 + ".ics")).status_code == 404
    assert (await people.client.get(path.removesuffix(".ics"))).status_code == 404
    assert (await people.client.head("/calendars/nothing.ics")).status_code == 404


async def test_fetch_bookkeeping_is_recorded_but_throttled(people: People) -> None:
    await prosecutors_case(people)
    feed = await create_feed(people)
    path = path_of(feed["url"])
    await people.client.get(path, headers={"User-Agent": "Google-Calendar-Importer"})
    (row,) = await FeedSubscription.select().where(FeedSubscription.id == feed["id"])
    assert row["last_user_agent"] == "Google-Calendar-Importer"
    first_fetch = row["last_fetched_at"]
    assert first_fetch is not None

    await people.client.get(path, headers={"User-Agent": "x" * 500})
    (row,) = await FeedSubscription.select().where(FeedSubscription.id == feed["id"])
    assert row["last_fetched_at"] == first_fetch, "at most one write a minute"

    listed = (await people.prosecutor.get("/api/feeds")).json()
    assert listed[0]["last_user_agent"] == "Google-Calendar-Importer"


async def test_subscription_page_needs_login_and_shows_the_link_once(people: People) -> None:
    case = await prosecutors_case(people)
    client = people.client
    page = await client.get("/feeds")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/feeds"

    form = await client.get("/login?next=/feeds")
    assert form.status_code == 200
    assert form.headers["referrer-policy"] == "no-referrer"
    login_csrf = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    forged = await client.post(
        "/login",
        data={"email": "prosecutor@docket.test", "password": "x", "csrf": "forged"},
    )
    assert forged.status_code == 403
    from tests.conftest import PASSWORD

    # The cookie set with the first form was replaced by the refusal's form: read it again.
    form = await client.get("/login?next=/feeds")
    login_csrf = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    logged_in = await client.post(
        "/login",
        data={
            "email": "prosecutor@docket.test",
            "password": PASSWORD,
            "csrf": login_csrf,
            "next": "/feeds",
        },
    )
    assert logged_in.status_code == 303, logged_in.text
    assert logged_in.headers["location"] == "/feeds"

    page = await client.get("/feeds")
    assert page.status_code == 200
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert "Add Subscribed Calendar" in page.text
    assert "<script>" not in page.text, "no inline scripts"
    assert (await client.get("/static/copy.js")).status_code == 200
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]

    refused = await client.post("/feeds", data={"csrf": "wrong", "scope": "mine"})
    assert refused.status_code == 403
    created = await client.post(
        "/feeds",
        data={"csrf": csrf, "scope": f"case:{case['id']}", "name": "Phone", "alarms": "1"},
    )
    assert created.status_code == 201, created.text
    assert "webcal://127.0.0.1:8000/calendars/hcal_" in created.text
    assert "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F" in created.text
    link = created.text.split('id="https-url">', 1)[1].split("<", 1)[0]
    assert (await client.get(path_of(link))).status_code == 200

    again = await client.get("/feeds")
    assert "hcal_" not in again.text, "the link is shown only once"
    assert "Phone" in again.text
    (feed,) = (await people.prosecutor.get("/api/feeds")).json()

    rotated = await client.post(f"/feeds/{feed['id']}/rotate", data={"csrf": csrf})
    assert rotated.status_code == 200
    assert "hcal_" in rotated.text
    assert (await client.get(path_of(link))).content.count(b"BEGIN:VEVENT") == 0
    feeds = (await people.prosecutor.get("/api/feeds")).json()
    revoked = await client.post(f"/feeds/{feeds[0]['id']}/revoke", data={"csrf": csrf})
    assert revoked.status_code == 303
    bad = await client.post("/feeds", data={"csrf": csrf, "scope": "case:999999"})
    assert bad.status_code == 400
    assert "no case you can see" in bad.text


async def test_a_caption_that_names_a_survivors_family_stays_inside_docket(
    people: People,
) -> None:
    """In OSAEC cases the accused is often the child's parent: "People v. Belarmino" names the
    child's family. Calendar feeds go to Google's and Apple's clouds, so they show the docket
    number instead, whether or not the survivor's identity was recorded before the caption."""
    case = await prosecutors_case(people, caption="People v. Belarmino")
    assert case["caption_shown_outside"] is True
    await make_hearing(people, case["id"])
    feed = await create_feed(people, include_deadlines=True)

    async def summaries() -> str:
        body = (await people.client.get(path_of(feed["url"]))).content
        return " ".join(str(e.get("summary")) + str(e.get("description")) for e in events(body))

    assert "People v. Belarmino" in await summaries()

    survivor = await people.admin.post(
        f"/api/cases/{case['id']}/survivors",
        json={"pseudonym": "AAA", "age_band": "7_to_11", "advocate_id": people.advocate.user_id},
    )
    assert survivor.status_code == 201, survivor.text
    # Accents and case do not hide a shared name.
    identity = await people.prosecutor.put(
        f"/api/survivors/{survivor.json()['id']}/identity",
        json={"legal_name": "Rhea Mae BELARMÍNO"},
    )
    assert identity.status_code == 204, identity.text
    shown = await summaries()
    assert "Belarmino" not in shown
    assert case["docket_number"] in shown
    read = (await people.lawyer.get(f"/api/cases/{case['id']}")).json()
    assert read["caption"] == "People v. Belarmino", "inside the team the caption stays"
    assert read["caption_shown_outside"] is False

    # A caption that names someone else is shown again; the team may still hide it by hand.
    renamed = await people.lawyer.patch(
        f"/api/cases/{case['id']}", json={"version": read["version"], "caption": "People v. Cruz"}
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["caption_shown_outside"] is True
    assert "People v. Cruz" in await summaries()
    hidden = await people.lawyer.patch(
        f"/api/cases/{case['id']}",
        json={"version": renamed.json()["version"], "hide_caption": True},
    )
    assert hidden.status_code == 200, hidden.text
    assert hidden.json()["caption_shown_outside"] is False
    assert "Cruz" not in await summaries()
    bad = await people.lawyer.patch(
        f"/api/cases/{case['id']}", json={"version": 1, "hide_caption": "yes"}
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "hide_caption"


async def test_reloading_create_feed_makes_no_second_feed(people: People) -> None:
    """A browser's reload (or a double click) sends "Create feed" again: it made a second feed
    with a second secret link. The page's form now carries an id: the same form sent again
    makes nothing and says what to do; a new form (the page shown again) makes a new feed."""
    from tests.conftest import PASSWORD

    client = people.client
    form = await client.get("/login?next=/feeds")
    login_csrf = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    await client.post(
        "/login",
        data={"email": "prosecutor@docket.test", "password": PASSWORD, "csrf": login_csrf},
    )
    page = await client.get("/feeds")
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    form_id = page.text.split('name="form_id" value="', 1)[1].split('"', 1)[0]
    sent = {"csrf": csrf, "form_id": form_id, "scope": "mine", "name": "Phone"}
    created = await client.post("/feeds", data=sent)
    assert created.status_code == 201, created.text
    assert "hcal_" in created.text
    reloaded = await client.post("/feeds", data=sent)
    assert reloaded.status_code == 409
    assert "hcal_" not in reloaded.text, "no second link"
    assert "made when you first sent the form" in reloaded.text
    assert len((await people.prosecutor.get("/api/feeds")).json()) == 1
    # The page shown again hands out a new form: that one makes a second feed.
    again = await client.get("/feeds")
    new_id = again.text.split('name="form_id" value="', 1)[1].split('"', 1)[0]
    assert new_id != form_id
    second = await client.post("/feeds", data=sent | {"form_id": new_id, "name": "Desk"})
    assert second.status_code == 201
    assert len((await people.prosecutor.get("/api/feeds")).json()) == 2
    # A damaged or hostile form id is refused, and makes nothing.
    for bad in ("x" * 33, "a b", "'; DROP TABLE feed_subscription; --"):
        refused = await client.post("/feeds", data=sent | {"form_id": bad})
        assert refused.status_code == 400, bad
        assert "This form was damaged" in refused.text
    # A control character is refused before any page runs, naming the field.
    refused = await client.post("/feeds", data=sent | {"form_id": "\u202e"})
    assert refused.status_code == 400
    assert "form_id" in refused.text
    assert len((await people.prosecutor.get("/api/feeds")).json()) == 2

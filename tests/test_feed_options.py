"""Feed options chosen when a feed is made (issue 21 item 6): reminders per feed, deadlines-only
feeds, "cases I lead", hiding held hearings; and what every feed now says: the court's address,
where a reset hearing was before and why, and where a deadline comes from. Each option is
stored, audited and refused with a 400 naming the field when it makes no sense."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from icalendar import Calendar

from docket.deadlines.engine import CAVEAT
from tests.conftest import FIXED_NOW, People
from tests.helpers import make_case, make_court, set_facts
from tests.test_feeds import SOON, create_feed, make_hearing, path_of, prosecutors_case
from tests.test_qr_codes import log_in_page

pytestmark = pytest.mark.anyio

TODAY = FIXED_NOW.date()


async def calendar_of(people: People, feed: dict[str, Any]) -> Calendar:
    response = await people.client.get(path_of(feed["url"]))
    assert response.status_code == 200, response.text
    return Calendar.from_ical(response.content)


def hearings_of(calendar: Calendar) -> list[Any]:
    return [e for e in calendar.events if "/hearings/" in str(e["URL"])]


def deadlines_of(calendar: Calendar) -> list[Any]:
    return [e for e in calendar.events if "/cases/" in str(e["URL"])]


def triggers(event: Any) -> list[str]:
    return [alarm["TRIGGER"].to_ical().decode() for alarm in event.walk("VALARM")]


async def audited_create(people: People, feed_id: int) -> dict[str, Any]:
    trail = (await people.admin.get("/api/audit", params={"limit": 200})).json()["items"]
    (row,) = [r for r in trail if r["action"] == "feed.create" and r["entity_id"] == feed_id]
    return dict(row["after"])


async def test_reminders_are_chosen_per_feed_stored_and_audited(people: People) -> None:
    case = await prosecutors_case(people)
    await make_hearing(people, case["id"])
    week_and_hour = await create_feed(people, reminders=[60, 10080])
    assert week_and_hour["reminders"] == [10080, 60], "largest first"
    assert week_and_hour["include_alarms"] is True
    (event,) = hearings_of(await calendar_of(people, week_and_hour))
    assert triggers(event) == ["-P7D", "-PT1H"]
    assert (await audited_create(people, week_and_hour["id"]))["reminders"] == "10080,60"

    default = await create_feed(people, include_alarms=True)
    assert default["reminders"] == [1440, 120]
    (event,) = hearings_of(await calendar_of(people, default))
    assert triggers(event) == ["-P1D", "-PT2H"]

    none = await create_feed(people, reminders=[])
    assert none["reminders"] == []
    assert none["include_alarms"] is False
    (event,) = hearings_of(await calendar_of(people, none))
    assert triggers(event) == []

    # The list shows each feed's own choice; a new link keeps it.
    listed = {f["id"]: f for f in (await people.prosecutor.get("/api/feeds")).json()}
    assert listed[week_and_hour["id"]]["reminders"] == [10080, 60]
    rotated = await people.prosecutor.post(f"/api/feeds/{week_and_hour['id']}/rotate")
    assert rotated.json()["reminders"] == [10080, 60]


async def test_bad_feed_options_get_a_400_naming_the_field(people: People) -> None:
    await prosecutors_case(people)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"reminders": [0]}, "reminders"),
        ({"reminders": [4]}, "reminders"),
        ({"reminders": [-60]}, "reminders"),
        ({"reminders": [20161]}, "reminders"),
        ({"reminders": [2**63]}, "reminders"),
        ({"reminders": [60, 60]}, "reminders"),
        ({"reminders": [10, 20, 30, 40]}, "reminders"),
        ({"reminders": ["1440"]}, "reminders"),
        ({"reminders": [1.5]}, "reminders"),
        ({"reminders": [True]}, "reminders"),
        ({"reminders": "1440,120"}, "reminders"),
        ({"reminders": [], "include_alarms": True}, "reminders"),
        ({"include_hearings": False}, "include_hearings"),
        ({"include_hearings": False, "include_deadlines": False}, "include_hearings"),
        ({"include_hearings": "no"}, "include_hearings"),
        ({"hide_held": 1}, "hide_held"),
        ({"scope": "lead", "scope_id": 1}, "scope_id"),
        ({"scope": "leader"}, "scope"),
    ]
    for body, field in cases:
        response = await people.prosecutor.post("/api/feeds", json={"scope": "mine"} | body)
        assert response.status_code == 400, (body, response.text)
        # The field, or the item of it ("reminders[0]").
        named = [e["field"].split("[", 1)[0] for e in response.json()["errors"]]
        assert field in named, (body, response.text)
    assert (await people.prosecutor.get("/api/feeds")).json() == [], "nothing half-made"


async def test_a_deadlines_only_feed_has_no_hearings(people: People) -> None:
    case = await prosecutors_case(people)
    await make_hearing(people, case["id"])
    await set_facts(people, case["id"], jurisdiction_acquired_on=str(TODAY - dt.timedelta(10)))
    feed = await create_feed(people, include_hearings=False, include_deadlines=True)
    assert feed["include_hearings"] is False
    calendar = await calendar_of(people, feed)
    assert hearings_of(calendar) == []
    deadlines = deadlines_of(calendar)
    assert deadlines, "jurisdiction starts the arraignment and pre-trial clock"
    both = await calendar_of(people, await create_feed(people, include_deadlines=True))
    assert len(hearings_of(both)) == 1
    assert len(deadlines_of(both)) == len(deadlines)


async def test_a_deadline_says_its_source_what_it_counts_from_and_that_it_is_no_advice(
    people: People,
) -> None:
    case = await prosecutors_case(people)
    await set_facts(people, case["id"], jurisdiction_acquired_on=str(TODAY - dt.timedelta(10)))
    feed = await create_feed(people, include_deadlines=True, include_hearings=False)
    api = (await people.prosecutor.get(f"/api/cases/{case['id']}/deadlines")).json()
    by_title = {d["title"]: d for d in api["deadlines"]}
    events = deadlines_of(await calendar_of(people, feed))
    assert events
    for event in events:
        text = str(event["DESCRIPTION"])
        title = str(event["SUMMARY"]).split(" — ", 1)[0]
        rule = by_title[title]
        assert f"Source: {rule['source']}" in text
        counted_on = dt.date.fromisoformat(rule["counted_from_on"])
        day = f"{counted_on:%a} {counted_on.day} {counted_on:%b} {counted_on.year}"
        assert f"Counted from: {rule['counted_from']}, {day}" in text
        assert CAVEAT in text


async def test_a_cases_i_lead_feed_leaves_out_cases_i_am_only_a_member_of(
    people: People,
) -> None:
    led = await prosecutors_case(people)
    court = await make_court(people, "RTC Branch 9, Cebu City")
    member_only = await make_case(
        people,
        docket_number="CEB-2026-0002",
        court_id=court,
        lead_prosecutor_id=None,
        member_ids=[people.prosecutor.user_id, people.lawyer.user_id],
        team_id=None,
    )
    led_hearing = await make_hearing(people, led["id"])
    await make_hearing(people, member_only["id"], SOON + dt.timedelta(days=1))
    mine = await calendar_of(people, await create_feed(people))
    assert len(hearings_of(mine)) == 2
    lead = await create_feed(people, scope="lead")
    assert lead["scope"] == "lead"
    assert lead["scope_id"] is None
    (only,) = hearings_of(await calendar_of(people, lead))
    assert str(only["URL"]).endswith(f"/hearings/{led_hearing['id']}")
    calendar = await calendar_of(people, lead)
    assert str(calendar["X-WR-CALNAME"]) == "Docket — cases I lead"


async def test_held_hearings_can_be_hidden(people: People) -> None:
    case = await prosecutors_case(people)
    earlier = (FIXED_NOW - dt.timedelta(days=2)).replace(hour=9, minute=0)
    held = await make_hearing(people, case["id"], earlier)
    upcoming = await make_hearing(people, case["id"])
    outcome = await people.lawyer.post(
        f"/api/hearings/{held['id']}/outcome",
        json={"outcome": "held", "version": held["version"], "note": "Witness testified"},
    )
    assert outcome.status_code == 200, outcome.text
    everything = await calendar_of(people, await create_feed(people))
    assert len(hearings_of(everything)) == 2
    hidden = await create_feed(people, hide_held=True)
    assert hidden["hide_held"] is True
    (left,) = hearings_of(await calendar_of(people, hidden))
    assert str(left["URL"]).endswith(f"/hearings/{upcoming['id']}")


async def test_the_courts_address_is_in_location_and_a_change_of_it_reaches_the_event(
    people: People,
) -> None:
    case = await prosecutors_case(people)
    await make_hearing(people, case["id"])
    feed = await create_feed(people)
    (before,) = hearings_of(await calendar_of(people, feed))
    court = (await people.admin.get(f"/api/courts/{case['court_id']}")).json()
    changed = await people.admin.patch(
        f"/api/courts/{court['id']}",
        json={"address": "Hall of Justice, Capitol Site, Cebu City", "version": court["version"]},
    )
    assert changed.status_code == 200, changed.text
    (after,) = hearings_of(await calendar_of(people, feed))
    assert str(after["LOCATION"]) == (
        "RTC Branch 16, Cebu City, Session Hall 3, Hall of Justice, Capitol Site, Cebu City, "
        "Videoconference — link in Docket"
    )
    assert "Address: Hall of Justice, Capitol Site, Cebu City" in str(after["DESCRIPTION"])
    assert after.uid == before.uid
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1


async def reset(people: People, hearing: dict[str, Any], to: dt.datetime, why: str) -> None:
    response = await people.lawyer.post(
        f"/api/hearings/{hearing['id']}/outcome",
        json={
            "outcome": "reset",
            "version": hearing["version"],
            "reason": why,
            "new_starts_at": to.isoformat(),
            "new_ends_at": (to + dt.timedelta(hours=1)).isoformat(),
        },
    )
    assert response.status_code == 200, response.text


async def test_a_reset_hearing_says_where_it_moved_from_and_why(people: People) -> None:
    case = await prosecutors_case(people)
    hearing = await make_hearing(people, case["id"])
    feed = await create_feed(people)
    later = SOON + dt.timedelta(days=14)
    await reset(people, hearing, later, "Presiding judge\non leave")
    (event,) = hearings_of(await calendar_of(people, feed))
    day = f"{SOON:%a} {SOON.day} {SOON:%b} {SOON.year}"
    text = str(event["DESCRIPTION"])
    assert f"Moved from {day}: Presiding judge on leave" in text, text
    assert "earlier settings in Docket" not in text


async def test_a_reset_reason_stays_inside_when_the_caption_names_a_survivors_family(
    people: People,
) -> None:
    """The reason was checked against the survivors' identities when written, but a family
    name alone is allowed in it (the accused is often the parent): where the caption is kept
    inside for that reason, so is the reset's reason; the earlier date still shows."""
    case = await prosecutors_case(people, caption="People v. Belarmino")
    survivor = await people.admin.post(
        f"/api/cases/{case['id']}/survivors",
        json={"pseudonym": "AAA", "age_band": "7_to_11", "advocate_id": people.advocate.user_id},
    )
    assert survivor.status_code == 201, survivor.text
    identity = await people.prosecutor.put(
        f"/api/survivors/{survivor.json()['id']}/identity",
        json={"legal_name": "Rhea Mae Belarmino"},
    )
    assert identity.status_code == 204, identity.text
    hearing = await make_hearing(people, case["id"])
    feed = await create_feed(people)
    await reset(people, hearing, SOON + dt.timedelta(days=7), "Belarmino household did not appear")
    (event,) = hearings_of(await calendar_of(people, feed))
    text = str(event["DESCRIPTION"])
    day = f"{SOON:%a} {SOON.day} {SOON:%b} {SOON.year}"
    assert f"Moved from {day}" in text
    assert "Belarmino" not in text
    assert "household" not in text


async def test_a_sealed_cases_reset_shows_no_reason(people: People) -> None:
    case = await prosecutors_case(people, sealed=True)
    hearing = await make_hearing(people, case["id"])
    feed = await create_feed(people)
    await reset(people, hearing, SOON + dt.timedelta(days=7), "Counsel sick")
    (event,) = hearings_of(await calendar_of(people, feed))
    assert "Counsel sick" not in event.to_ical().decode()
    assert str(event["SUMMARY"]) == "Sealed case — Trial"


async def test_the_feeds_page_offers_every_option_and_refuses_bad_ones(people: People) -> None:
    await prosecutors_case(people)
    client = people.client
    csrf = await log_in_page(client, "prosecutor@docket.test", "/feeds")
    page = (await client.get("/feeds")).text
    for control in ('value="lead"', 'id="deadlines_only"', 'id="hide_held"', 'id="reminders"'):
        assert control in page, control
    created = await client.post(
        "/feeds",
        data={
            "csrf": csrf,
            "scope": "lead",
            "deadlines_only": "1",
            "hide_held": "1",
            "reminders": "10080,1440",
        },
    )
    assert created.status_code == 201, created.text
    (feed,) = (await people.prosecutor.get("/api/feeds")).json()
    assert feed["scope"] == "lead"
    assert feed["include_hearings"] is False
    assert feed["include_deadlines"] is True
    assert feed["hide_held"] is True
    assert feed["reminders"] == [10080, 1440]
    listed = (await client.get("/feeds")).text
    assert "Cases I lead, deadlines only, held hearings hidden, a week and a day before" in listed

    for bad in (
        "abc",
        "0",
        "60,60",
        "10,20,30,40",
        "1440;120",
        "\uff11\uff14\uff14\uff10",
        "99999999",
    ):
        refused = await client.post(
            "/feeds", data={"csrf": csrf, "scope": "mine", "reminders": bad}
        )
        assert refused.status_code == 400, (bad, refused.text)
        assert "Reminders:" in refused.text, bad
        assert 'class="qr"' not in refused.text
    refused = await client.post("/feeds", data={"csrf": csrf, "scope": "lead:3"})
    assert refused.status_code == 400
    assert len((await people.prosecutor.get("/api/feeds")).json()) == 1, "nothing half-made"


async def test_a_reset_reason_naming_a_survivor_recorded_later_stays_inside(
    people: People,
) -> None:
    """A reason is checked against the survivors' identities when it is written; one written
    before the identity was recorded is checked again when a feed shows it."""
    case = await prosecutors_case(people)
    hearing = await make_hearing(people, case["id"])
    feed = await create_feed(people)
    await reset(people, hearing, SOON + dt.timedelta(days=7), "Rhea Mae had a fever")
    (event,) = hearings_of(await calendar_of(people, feed))
    assert "Rhea Mae had a fever" in str(event["DESCRIPTION"]), "no identity known yet"

    survivor = await people.admin.post(
        f"/api/cases/{case['id']}/survivors",
        json={"pseudonym": "AAA", "age_band": "7_to_11", "advocate_id": people.advocate.user_id},
    )
    assert survivor.status_code == 201, survivor.text
    identity = await people.prosecutor.put(
        f"/api/survivors/{survivor.json()['id']}/identity",
        json={"legal_name": "Rhea Mae Santos"},
    )
    assert identity.status_code == 204, identity.text
    (event,) = hearings_of(await calendar_of(people, feed))
    text = str(event["DESCRIPTION"])
    day = f"{SOON:%a} {SOON.day} {SOON:%b} {SOON.year}"
    assert f"Moved from {day}" in text
    assert "Rhea" not in event.to_ical().decode()

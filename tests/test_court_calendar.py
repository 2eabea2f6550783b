"""Holidays and closures as data an administrator corrects (issue 19, finding 8).

Every expected date is worked out by hand: the day of the event is left out and the last day
counted (Rules of Court R22 s1); a last day on a Saturday, Sunday, holiday or closure moves to the
next working day (forward periods), or to the previous one where the rule says so (the 14-day
hearing gap of OCA Circ. 151-2010). Each correction is audited with before and after and moves
every clock at its next read.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from docket.accounts.choices import Role
from docket.deadlines.holidays import built_in_holidays
from docket.deadlines.workdays import CourtCalendar, closed_because, days_after
from tests.conftest import People, make_user
from tests.helpers import add_accused, deadlines, hearing, log_in, open_case, page_csrf, set_facts
from tests.test_feeds import create_feed, path_of, prosecutors_case
from tests.test_feeds_deadlines import deadline_events

pytestmark = pytest.mark.anyio

D = dt.date


async def detained_case(people: People, received_on: str, court_id: object = None) -> object:
    """A case whose 10-day arraignment clock (A.M. 15-06-10-SC III.8) runs from ``received_on``."""
    case = await open_case(
        people,
        stage="information_filed",
        court_id=court_id,
        docket_number=f"CEB-{received_on}",
    )
    await add_accused(people, case["id"], "detained")
    await set_facts(people, case["id"], court_received_on=received_on)
    return case["id"]


async def arraignment_due(people: People, case_id: object, as_of: str) -> str:
    return str((await deadlines(people, case_id, as_of))["arraignment_detained"]["due_on"])


async def at_risk_due(people: People, as_of: str) -> list[str]:
    """The due days of the arraignment deadlines on the at-risk list."""
    response = await people.prosecutor.get("/api/deadlines/at-risk", params={"as_of": as_of})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    return [
        i["deadline"]["due_on"] for i in items if i["deadline"]["rule"] == "arraignment_detained"
    ]


async def audit_rows(action: str) -> list[dict[str, Any]]:
    from docket.audit.tables import AuditEvent

    rows = await AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id)
    # Before and after as stored: JSON text, {} for "nothing" (a new or a removed decision).
    return [r | {"before": json.loads(r["before"]), "after": json.loads(r["after"])} for r in rows]


async def test_an_eid_announced_a_day_later_moves_the_deadline_at_once(people: People) -> None:
    case_id = await detained_case(people, "2026-05-17")
    # Sun 17 May 2026 + 10 = Wed 27 May, Eid al-Adha in the built-in data (R22 s1) → Thu 28 May.
    assert await arraignment_due(people, case_id, "2026-05-18") == "2026-05-28"
    assert await at_risk_due(people, "2026-05-25") == ["2026-05-28"]

    moved = await people.admin.post(
        "/api/holidays/2026-05-27/move",
        json={"to": "2026-05-28", "source": "Proclamation on Eid al-Adha 2026"},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json() == {
        "on": "2026-05-28",
        "name": "Eid al-Adha",
        "source": "Proclamation on Eid al-Adha 2026",
        "estimated": False,
        "corrected": True,
    }
    # Wed 27 May is a working day now: the 10th day stands.
    assert await arraignment_due(people, case_id, "2026-05-18") == "2026-05-27"
    # The office-wide list of deadlines at risk counts the same calendar.
    assert await at_risk_due(people, "2026-05-25") == ["2026-05-27"]
    year = (await people.lawyer.get("/api/holidays", params={"year": 2026})).json()
    days = {h["on"]: h["name"] for h in year["holidays"]}
    assert days["2026-05-28"] == "Eid al-Adha"
    assert "2026-05-27" not in days
    assert [x["on"] for x in year["lifted"]] == ["2026-05-27"]
    lifted, declared = await audit_rows("holiday.move")
    assert lifted["before"] == {}
    assert lifted["after"]["kind"] == "not_holiday"
    assert declared["after"]["day"] == "2026-05-28"
    assert declared["after"]["kind"] == "holiday"
    assert declared["actor"] == people.admin.user_id


async def test_a_lifted_court_closure_no_longer_moves_deadlines(people: People) -> None:
    case_id = await detained_case(people, "2025-03-03")
    typhoon = await people.admin.post(
        "/api/court-closures", json={"on": "2025-03-13", "reason": "Typhoon signal no. 3"}
    )
    # Mon 3 Mar 2025 + 10 = Thu 13 Mar, closed by the typhoon → Fri 14 Mar (R22 s1).
    assert await arraignment_due(people, case_id, "2025-03-04") == "2025-03-14"

    moved = await people.admin.post(
        f"/api/court-closures/{typhoon.json()['id']}/move", json={"on": "2025-03-12"}
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["on"] == "2025-03-12"
    # The suspension was on Wed 12 Mar: Thu 13 Mar is open again.
    assert await arraignment_due(people, case_id, "2025-03-04") == "2025-03-13"

    back = await people.admin.post(
        f"/api/court-closures/{typhoon.json()['id']}/move", json={"on": "2025-03-13"}
    )
    assert back.status_code == 200
    assert await arraignment_due(people, case_id, "2025-03-04") == "2025-03-14"
    lifted = await people.admin.request("DELETE", f"/api/court-closures/{typhoon.json()['id']}")
    assert lifted.status_code == 204, lifted.text
    # Suspension called off: Thu 13 Mar again, and the closure is gone from the list.
    assert await arraignment_due(people, case_id, "2025-03-04") == "2025-03-13"
    assert (await people.lawyer.get("/api/court-closures")).json()["total"] == 0
    (row,) = await audit_rows("court_closure.lift")
    assert row["before"]["closed_on"] == "2025-03-13"
    assert row["after"] == {}
    first, second = await audit_rows("court_closure.move")
    assert first["before"] == {"closed_on": "2025-03-13"}
    assert first["after"] == {"closed_on": "2025-03-12"}
    assert second["after"] == {"closed_on": "2025-03-13"}


async def test_a_declared_holiday_and_a_lifted_one_move_the_deadline(people: People) -> None:
    case_id = await detained_case(people, "2025-03-03")
    # Mon 3 Mar 2025 + 10 = Thu 13 Mar, a working day.
    assert await arraignment_due(people, case_id, "2025-03-04") == "2025-03-13"
    declared = await people.admin.post(
        "/api/holidays",
        json={"on": "2025-03-13", "name": "Special non-working day", "source": "Proc. 1 s. 2025"},
    )
    assert declared.status_code == 201, declared.text
    # Courts close on Thu 13 Mar → Fri 14 Mar (R22 s1).
    assert await arraignment_due(people, case_id, "2025-03-04") == "2025-03-14"
    lifted = await people.admin.post(
        "/api/holidays/2025-03-13/lift", json={"source": "Proc. 2 s. 2025 revokes it"}
    )
    assert lifted.status_code == 200, lifted.text
    assert lifted.json()["name"] == "Special non-working day"
    assert await arraignment_due(people, case_id, "2025-03-04") == "2025-03-13"

    court_id = (await people.lawyer.get("/api/courts")).json()[0]["id"]
    independence = await detained_case(people, "2026-06-02", court_id)
    # Tue 2 Jun 2026 + 10 = Fri 12 Jun, Independence Day → Mon 15 Jun (R22 s1).
    assert await arraignment_due(people, independence, "2026-06-03") == "2026-06-15"
    off = await people.admin.post(
        "/api/holidays/2026-06-12/lift", json={"source": "Hypothetical order: courts sit"}
    )
    assert off.status_code == 200, off.text
    # The built-in holiday lifted: Fri 12 Jun is a working day.
    assert await arraignment_due(people, independence, "2026-06-03") == "2026-06-12"
    (row,) = [r for r in await audit_rows("holiday.lift") if r["after"]]
    assert row["before"] == {}
    assert row["after"]["kind"] == "not_holiday"
    assert row["after"]["name"] == "Independence Day"


async def test_a_special_working_day_on_a_saturday_can_end_a_period(people: People) -> None:
    case_id = await detained_case(people, "2025-03-05")
    # Wed 5 Mar 2025 + 10 = Sat 15 Mar → Mon 17 Mar (R22 s1).
    assert await arraignment_due(people, case_id, "2025-03-06") == "2025-03-17"
    made = await people.admin.post(
        "/api/working-days",
        json={"on": "2025-03-15", "reason": "Make-up working day", "source": "Proc. 3 s. 2025"},
    )
    assert made.status_code == 201, made.text
    # Courts sit on Sat 15 Mar: the 10th day stands.
    assert await arraignment_due(people, case_id, "2025-03-06") == "2025-03-15"
    year = (await people.lawyer.get("/api/holidays", params={"year": 2025})).json()
    assert year["working_days"] == [
        {"on": "2025-03-15", "reason": "Make-up working day", "source": "Proc. 3 s. 2025"}
    ]
    gone = await people.admin.request("DELETE", "/api/working-days/2025-03-15")
    assert gone.status_code == 204, gone.text
    assert await arraignment_due(people, case_id, "2025-03-06") == "2025-03-17"
    (row,) = await audit_rows("working_day.lift")
    assert row["before"]["kind"] == "working_day"
    assert row["after"] == {}


async def test_2028_has_all_souls_day_and_election_day_marked_estimated(people: People) -> None:
    year = (await people.lawyer.get("/api/holidays", params={"year": 2028})).json()
    days = {h["on"]: h for h in year["holidays"]}
    assert days["2028-11-02"]["name"] == "All Souls' Day"
    assert days["2028-11-02"]["estimated"] is True
    assert days["2028-05-08"]["estimated"] is True
    assert "RA 7166" in days["2028-05-08"]["source"]
    assert days["2028-02-26"]["name"] == "Eid al-Fitr"
    assert days["2028-02-26"]["estimated"]
    assert days["2028-06-12"]["estimated"] is False

    confirmed = await people.admin.post(
        "/api/holidays/2028-11-02/confirm", json={"source": "Proclamation for 2028"}
    )
    assert confirmed.status_code == 200, confirmed.text
    year = (await people.lawyer.get("/api/holidays", params={"year": 2028})).json()
    souls = next(h for h in year["holidays"] if h["on"] == "2028-11-02")
    assert souls["estimated"] is False
    assert souls["source"] == "Proclamation for 2028"
    again = await people.admin.post(
        "/api/holidays/2028-11-02/confirm", json={"source": "Proclamation for 2028"}
    )
    assert again.status_code == 409


async def test_the_shield_motion_before_all_souls_day_2028_comes_earlier(people: People) -> None:
    case = await open_case(people, stage="trial_prosecution_evidence")
    survivor = await people.lawyer.post(
        f"/api/cases/{case['id']}/survivors", json={"pseudonym": "AAA", "age_band": "7_to_11"}
    )
    witness = await people.lawyer.post(
        f"/api/cases/{case['id']}/witnesses",
        json={"kind": "survivor", "survivor_id": survivor.json()["id"]},
    )
    trial = await hearing(people, case["id"], "trial", "2028-11-17")
    need = await people.advocate.post(
        f"/api/hearings/{trial['id']}/protection-needs",
        json={"witness_id": witness.json()["id"], "measure": "support_person"},
    )
    assert need.status_code == 201, need.text
    found = await deadlines(people, case["id"], "2028-10-20")
    # A.M. 004-07-SC s30: at least 15 days before the child testifies. Fri 17 Nov 2028 - 15 =
    # Thu 2 Nov, All Souls' Day (estimated from the yearly proclamation) → the previous working
    # day; Wed 1 Nov is All Saints' Day → Tue 31 Oct.
    assert found["shield_motion@2028-11-17"]["due_on"] == "2028-10-31"


def test_the_built_in_calendar_keeps_its_sources_and_corrections_apply() -> None:
    souls = built_in_holidays(2028)[D(2028, 11, 2)]
    assert souls.estimated
    assert "proclamation" in souls.source
    assert closed_because(D(2028, 11, 2)) == "All Souls' Day"
    corrected = CourtCalendar(not_holidays=frozenset({D(2028, 11, 2)}))
    assert closed_because(D(2028, 11, 2), corrected) is None
    # A special working day opens a Saturday; a lifted holiday does not open a weekend.
    assert (
        closed_because(D(2028, 12, 30), CourtCalendar(working_days=frozenset({D(2028, 12, 30)})))
        is None
    )
    assert (
        closed_because(D(2028, 12, 30), CourtCalendar(not_holidays=frozenset({D(2028, 12, 30)})))
        == "Saturday"
    )
    # Wed 25 Oct 2028 + 8 = Thu 2 Nov, closed → Fri 3 Nov (R22 s1).
    assert days_after(D(2028, 10, 25), 8) == D(2028, 11, 3)


async def test_holiday_routes_refuse_bad_input_naming_the_field(people: People) -> None:
    good = {"on": "2026-03-11", "name": "Local holiday", "source": "Proc. 9 s. 2026"}
    for who in (people.lawyer, people.prosecutor, people.advocate):
        assert (await who.post("/api/holidays", json=good)).status_code == 403
        assert (
            await who.post("/api/holidays/2026-06-12/lift", json={"source": "x"})
        ).status_code == 403
        assert (await who.request("DELETE", "/api/court-closures/1")).status_code == 403
        working = {"on": "2026-03-14", "reason": "x", "source": "y"}
        assert (await who.post("/api/working-days", json=working)).status_code == 403
    assert (await people.anonymous.post("/api/holidays", json=good)).status_code == 401
    for year in ("1", "9999", "next"):
        listed = await people.lawyer.get("/api/holidays", params={"year": year})
        assert listed.status_code == 400, listed.text
        assert "year" in listed.text

    async def fields(method: str, url: str, body: Mapping[str, object] | None = None) -> set[str]:
        response = await people.admin.request(method, url, json=body)
        assert response.status_code == 400, response.text
        return {e["field"] for e in response.json()["errors"]}

    assert await fields("POST", "/api/holidays", good | {"on": "2029-01-01"}) == {"on"}
    assert await fields("POST", "/api/holidays", good | {"on": "1989-12-31"}) == {"on"}
    assert await fields("POST", "/api/holidays", good | {"name": " "}) == {"name"}
    assert await fields("POST", "/api/holidays", good | {"source": ""}) == {"source"}
    move = {"to": "2026-06-12", "source": "x"}
    assert await fields("POST", "/api/holidays/2026-06-12/move", move) == {"to"}
    far = {"to": "2999-06-12", "source": "x"}
    assert await fields("POST", "/api/holidays/2026-06-12/move", far) == {"to"}
    assert await fields("POST", "/api/holidays/2999-06-12/lift", {"source": "x"}) == {"day"}
    # No route has a day that is not a date: 404, as for any unknown path (never a 500).
    no_day = await people.admin.post("/api/holidays/2026-13-01/lift", json={"source": "x"})
    assert no_day.status_code == 404
    assert await fields(
        "POST", "/api/working-days", {"on": "2030-01-05", "reason": "x", "source": "y"}
    ) == {"on"}
    assert await fields("POST", "/api/court-closures/1/move", {"on": "1989-01-01"}) == {"on"}

    # A duplicate, and what does not exist.
    duplicate = good | {"on": "2026-06-12"}
    assert (await people.admin.post("/api/holidays", json=duplicate)).status_code == 409
    onto = {"to": "2026-12-25", "source": "x"}
    assert (await people.admin.post("/api/holidays/2026-06-12/move", json=onto)).status_code == 409
    nothing = await people.admin.post("/api/holidays/2026-03-11/lift", json={"source": "x"})
    assert nothing.status_code == 404
    plain = await people.admin.post("/api/holidays/2026-06-12/confirm", json={"source": "x"})
    assert plain.status_code == 409, "Independence Day 2026 is not an estimate"
    assert (await people.admin.request("DELETE", "/api/working-days/2026-03-14")).status_code == 404
    assert (await people.admin.request("DELETE", "/api/court-closures/999999")).status_code == 404
    gone = await people.admin.post("/api/court-closures/999999/move", json={"on": "2026-03-11"})
    assert gone.status_code == 404
    working = {"on": "2026-03-14", "reason": "Make-up day", "source": "Proc. 4 s. 2026"}
    assert (await people.admin.post("/api/working-days", json=working)).status_code == 201
    assert (await people.admin.post("/api/working-days", json=working)).status_code == 409
    on_working = good | {"on": "2026-03-14"}
    assert (await people.admin.post("/api/holidays", json=on_working)).status_code == 409


async def test_admins_correct_the_calendar_on_its_page_and_others_read_it(
    client: httpx.AsyncClient,
) -> None:
    await make_user("rosa.admin@docket.test", Role.ADMIN)
    await make_user("carlo@docket.test", Role.LAWYER)
    await log_in(client, "rosa.admin@docket.test")
    # The admin finds the page from her home page and from the administration page.
    assert 'href="/court-calendar"' in (await client.get("/")).text
    assert 'href="/court-calendar"' in (await client.get("/admin")).text
    page = await client.get("/court-calendar", params={"year": 2028})
    assert page.status_code == 200
    assert "All Souls&#39; Day" in page.text or "All Souls' Day" in page.text
    assert "(estimated)" in page.text
    csrf = page_csrf(page.text)

    # Bad input comes back on the page, naming the field; nothing is stored.
    bad = await client.post(
        "/court-calendar/closures", data={"_csrf_token": csrf, "on": "13/03/2026", "reason": "x"}
    )
    assert bad.status_code == 400
    assert "Day closed must be a date" in bad.text
    old = await client.post(
        "/court-calendar/closures", data={"_csrf_token": csrf, "on": "1989-03-13", "reason": "x"}
    )
    assert old.status_code == 400
    assert "1990" in old.text
    blank = await client.post(
        "/court-calendar/holidays",
        data={"_csrf_token": csrf, "on": "2026-03-11", "name": "Local day", "source": " "},
    )
    assert blank.status_code == 400
    assert "Proclamation must not be blank" in blank.text
    forged = await client.post(
        "/court-calendar/closures", data={"on": "2026-03-13", "reason": "Typhoon"}
    )
    assert forged.status_code == 403

    # Post, redirect, get.
    added = await client.post(
        "/court-calendar/closures",
        data={"_csrf_token": csrf, "on": "2026-03-13", "reason": "Typhoon signal no. 3"},
    )
    assert added.status_code == 303, added.text
    shown = await client.get(added.headers["location"])
    assert "Typhoon signal no. 3" in shown.text
    assert "The closure was added" in shown.text
    listed = (await client.get("/api/court-closures")).json()["items"]
    (closure,) = listed
    lifted = await client.post(
        f"/court-calendar/closures/{closure['id']}/lift", data={"_csrf_token": csrf}
    )
    assert lifted.status_code == 303
    assert (await client.get("/api/court-closures")).json()["total"] == 0
    again = await client.post(
        f"/court-calendar/closures/{closure['id']}/lift", data={"_csrf_token": csrf}
    )
    assert again.status_code == 404
    assert "No such court closure" in again.text

    confirmed = await client.post(
        "/court-calendar/holidays/2028-11-02/confirm",
        data={"_csrf_token": csrf, "source": "Proclamation for 2028"},
    )
    assert confirmed.status_code == 303, confirmed.text
    year = (await client.get("/api/holidays", params={"year": 2028})).json()
    souls = next(h for h in year["holidays"] if h["on"] == "2028-11-02")
    assert souls["estimated"] is False
    working = await client.post(
        "/court-calendar/working-days",
        data={"_csrf_token": csrf, "on": "2026-03-14", "reason": "Make-up day", "source": "P. 4"},
    )
    assert working.status_code == 303
    assert "Make-up day" in (await client.get(working.headers["location"])).text
    twice = await client.post(
        "/court-calendar/working-days",
        data={"_csrf_token": csrf, "on": "2026-03-14", "reason": "Make-up day", "source": "P. 4"},
    )
    assert twice.status_code == 409

    # A lawyer reads the same calendar, without the forms, and cannot change it.
    await log_in(client, "carlo@docket.test")
    read = await client.get("/court-calendar", params={"year": 2026})
    assert read.status_code == 200
    assert "Make-up day" in read.text
    assert "Add closure" not in read.text
    refused = await client.post(
        "/court-calendar/closures",
        data={"_csrf_token": page_csrf(read.text), "on": "2026-03-20", "reason": "Flood"},
    )
    assert refused.status_code == 403
    assert (await client.get("/api/court-closures")).json()["total"] == 0


async def test_a_calendar_feed_moves_its_deadline_when_a_holiday_is_declared(
    people: People,
) -> None:
    case = await prosecutors_case(people)
    await set_facts(people, case["id"], jurisdiction_acquired_on="2026-11-16")
    feed = await create_feed(people, include_deadlines=True)
    path = path_of(feed["url"])
    first = await people.client.get(path)
    assert first.status_code == 200

    def arraignment_days(body: bytes) -> list[dt.date]:
        events = deadline_events(Calendar.from_ical(body))
        return [e.decoded("DTSTART") for e in events if "rraign" in str(e.get("SUMMARY"))]

    # CT III.8, not detained: Mon 16 Nov 2026 + 30 = Wed 16 Dec 2026, a working day.
    assert arraignment_days(first.content) == [D(2026, 12, 16)]
    declared = await people.admin.post(
        "/api/holidays",
        json={"on": "2026-12-16", "name": "Special non-working day", "source": "Proc. 5"},
    )
    assert declared.status_code == 201
    # The subscribed calendar hears of it: a new ETag, and the deadline on Thu 17 Dec (R22 s1).
    again = await people.client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 200
    assert again.headers["etag"] != first.headers["etag"]
    assert arraignment_days(again.content) == [D(2026, 12, 17)]

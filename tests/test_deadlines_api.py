"""Deadlines through the API, each worked out by hand from the rule's source.

Counting (docket/deadlines/workdays.py): the day of the event is left out and the last day
counted (Rules of Court R22 s1); a last day on a Saturday, Sunday, Philippine holiday or declared
court closure moves to the next working day, or, where the rule says so (backward counts, the
14-day hearing gap, provisional dismissal, prescription), to the previous one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest

from tests.conftest import People
from tests.helpers import (
    MANILA,
    add_accused,
    deadlines,
    hearing,
    make_case,
    make_court,
    open_case,
    set_facts,
)

pytestmark = pytest.mark.anyio


async def test_arraignment_detained_and_not_detained(people: People) -> None:
    detained = await open_case(people, docket_number="CEB-2025-0001", stage="information_filed")
    await add_accused(people, detained["id"], "detained")
    await set_facts(people, detained["id"], court_received_on="2025-03-03")
    found = await deadlines(people, detained["id"], "2025-03-10")
    # A.M. 15-06-10-SC III.8, detained: 10 days from the court's receipt.
    # Mon 3 Mar 2025 + 10 days = Thu 13 Mar 2025 (a working day).
    assert found["arraignment_detained"]["due_on"] == "2025-03-13"
    assert found["arraignment_detained"]["status"] == "due_soon"  # 3 days after 10 Mar
    assert found["arraignment_detained"]["source"] == "A.M. 15-06-10-SC III.8"
    assert "arraignment_not_detained" not in found

    free = await open_case(
        people,
        docket_number="CEB-2025-0002",
        stage="information_filed",
        court_id=detained["court_id"],
    )
    accused = await add_accused(people, free["id"], "at_large")
    await set_facts(
        people, free["id"], court_received_on="2025-03-03", jurisdiction_acquired_on="2025-03-03"
    )
    found = await deadlines(people, free["id"], "2025-03-10")
    # A.M. 15-06-10-SC III.8; R116 s1(g), not detained: 30 days from jurisdiction.
    # Mon 3 Mar 2025 + 30 days = 2 Apr 2025 (Wed; March has 31 days: 28 to 31 Mar, 2 more).
    assert found["arraignment_not_detained"]["due_on"] == "2025-04-02"
    assert found["arraignment_not_detained"]["status"] == "open"
    assert "arraignment_detained" not in found

    # The accused is arrested and detained: the 10-day clock applies instead.
    arrested = await people.lawyer.patch(
        f"/api/accused/{accused['id']}", json={"version": 1, "custody_status": "detained"}
    )
    assert arrested.status_code == 200
    found = await deadlines(people, free["id"], "2025-03-10")
    assert found["arraignment_detained"]["due_on"] == "2025-03-13"
    assert "arraignment_not_detained" not in found


async def test_a_period_ending_on_a_weekend_or_holiday_moves_to_the_next_working_day(
    people: People,
) -> None:
    case = await open_case(people, stage="information_filed")
    await add_accused(people, case["id"], "detained")
    await set_facts(people, case["id"], court_received_on="2025-03-05")
    # CT III.8: Wed 5 Mar 2025 + 10 = Sat 15 Mar → next working day Mon 17 Mar (R22 s1).
    found = await deadlines(people, case["id"], "2025-03-20")
    assert found["arraignment_detained"]["due_on"] == "2025-03-17"
    assert found["arraignment_detained"]["status"] == "overdue"

    await set_facts(people, case["id"], court_received_on="2025-06-02")
    # Mon 2 Jun 2025 + 10 = Thu 12 Jun, Independence Day → Fri 13 Jun.
    found = await deadlines(people, case["id"], "2025-06-02")
    assert found["arraignment_detained"]["due_on"] == "2025-06-13"


async def test_a_case_whose_facts_change_has_its_deadlines_move(people: People) -> None:
    case = await open_case(people, stage="preliminary_investigation")
    facts = await set_facts(people, case["id"], pi_assigned_on="2025-01-06")
    assert facts["pi_assigned_on"] == "2025-01-06"
    assert facts["version"] == 2
    # DOJ DC 015 s17: 60 days from assignment. Mon 6 Jan 2025: 25 days to 31 Jan, 28 to
    # 28 Feb (53), 7 more = Fri 7 Mar 2025.
    found = await deadlines(people, case["id"], "2025-03-01")
    assert found["pi_resolution"]["due_on"] == "2025-03-07"
    assert found["pi_resolution"]["status"] == "due_soon"

    await set_facts(people, case["id"], pi_assigned_on="2025-01-13")
    # One week later: Mon 13 Jan + 60 = Fri 14 Mar 2025.
    found = await deadlines(people, case["id"], "2025-03-01")
    assert found["pi_resolution"]["due_on"] == "2025-03-14"
    assert found["pi_resolution"]["status"] == "open"

    await set_facts(people, case["id"], pi_resolved_on="2025-03-10")
    found = await deadlines(people, case["id"], "2025-03-20")
    assert found["pi_resolution"]["status"] == "met"
    assert found["pi_resolution"]["met_on"] == "2025-03-10"
    assert found["pi_resolution"]["late"] is False

    cleared = await set_facts(people, case["id"], pi_assigned_on=None)
    assert cleared["pi_assigned_on"] is None
    assert "pi_resolution" not in await deadlines(people, case["id"], "2025-03-20")


async def test_a_reset_hearing_moves_the_hearing_gap_and_live_link_deadlines(
    people: People,
) -> None:
    case = await open_case(people, stage="arraignment_and_pre_trial")
    accused = await add_accused(people, case["id"], "detained")
    survivor = await people.lawyer.post(
        f"/api/cases/{case['id']}/survivors", json={"pseudonym": "AAA", "age_band": "7_to_11"}
    )
    survivor_id = survivor.json()["id"]
    charge = await people.lawyer.post(
        f"/api/cases/{case['id']}/charges",
        json={"accused_id": accused["id"], "statute_code": "TIP-4", "survivor_ids": [survivor_id]},
    )
    assert charge.status_code == 201  # a trafficking case: OCA Circ. 151-2010 applies
    witness = await people.lawyer.post(
        f"/api/cases/{case['id']}/witnesses", json={"kind": "survivor", "survivor_id": survivor_id}
    )
    await hearing(people, case["id"], "arraignment", "2025-05-05", held=True)
    trial = await hearing(people, case["id"], "trial", "2025-05-16")
    # A support person for the child at the trial: the child is expected to testify.
    need = await people.advocate.post(
        f"/api/hearings/{trial['id']}/protection-needs",
        json={"witness_id": witness.json()["id"], "measure": "support_person"},
    )
    assert need.status_code == 201, need.text

    found = await deadlines(people, case["id"], "2025-05-06")
    # A.M. 004-07-SC s25: at least 5 days before the child testifies. Fri 16 May - 5 =
    # Sun 11 May → the previous working day, Fri 9 May (moving later would leave < 5 days).
    assert found["live_link_application@2025-05-16"]["due_on"] == "2025-05-09"
    assert found["live_link_application@2025-05-16"]["status"] == "due_soon"
    # A.M. 004-07-SC s30: 15 days before. 16 May - 15 = Thu 1 May, Labor Day → Wed 30 Apr.
    assert found["shield_motion@2025-05-16"]["due_on"] == "2025-04-30"
    # OCA Circ. 151-2010: hearings at most 14 days apart. Arraigned Mon 5 May; next setting
    # Fri 16 May is 11 days later (kept); the one after is due by 16 + 14 = Fri 30 May.
    assert found["tip_hearing_gap@2025-05-16"]["due_on"] == "2025-05-30"
    # OCA Circ. 151-2010: decide within 180 days of arraignment. Mon 5 May 2025: 26 days to
    # 31 May, +30 Jun (56), +31 Jul (87), +31 Aug (118), +30 Sep (148), +31 Oct (179), +1 =
    # Sat 1 Nov (All Saints) → Sun 2 Nov → Mon 3 Nov 2025.
    assert found["tip_decision"]["due_on"] == "2025-11-03"

    # The live-link TV application, recorded as made on Mon 12 May: after Fri 9 May, so the
    # deadline is met, but late.
    live_link = await people.advocate.post(
        f"/api/hearings/{trial['id']}/protection-needs",
        json={
            "witness_id": witness.json()["id"],
            "measure": "live_link_tv",
            "requested_on": "2025-05-12",
        },
    )
    assert live_link.status_code == 201, live_link.text
    found = await deadlines(people, case["id"], "2025-05-13")
    applied = found["live_link_application@2025-05-16"]
    assert (applied["status"], applied["met_on"], applied["late"]) == ("met", "2025-05-12", True)

    new_start = dt.datetime(2025, 5, 23, 8, 30, tzinfo=MANILA)
    reset = await people.lawyer.post(
        f"/api/hearings/{trial['id']}/outcome",
        json={
            "outcome": "reset",
            "version": trial["version"],
            "reason": "Defence counsel ill",
            "new_starts_at": new_start.isoformat(),
            "new_ends_at": (new_start + dt.timedelta(hours=2)).isoformat(),
        },
    )
    assert reset.status_code == 200, reset.text

    found = await deadlines(people, case["id"], "2025-05-06")
    assert "live_link_application@2025-05-16" not in found, "the old date gives no deadline"
    # Fri 23 May - 5 = Sun 18 May → Fri 16 May; the application of 12 May was in time for it.
    moved = found["live_link_application@2025-05-23"]
    assert (moved["due_on"], moved["status"], moved["late"]) == ("2025-05-16", "met", False)
    # 23 May - 15 = Thu 8 May (a working day).
    assert found["shield_motion@2025-05-23"]["due_on"] == "2025-05-08"
    # The gap from 5 May to 23 May is 18 days: the 14-day target (5 + 14 = Mon 19 May) was
    # missed, shown met late on 23 May.
    gap = found["tip_hearing_gap@2025-05-05"]
    assert (gap["due_on"], gap["met_on"], gap["late"]) == ("2025-05-19", "2025-05-23", True)
    # The next setting: 23 May + 14 = Fri 6 Jun, Eid al-Adha → Thu 5 Jun (earlier, so the
    # gap stays within 14 days).
    assert found["tip_hearing_gap@2025-05-23"]["due_on"] == "2025-06-05"

    summary = await people.prosecutor.get(
        f"/api/cases/{case['id']}/summary", params={"as_of": "2025-05-06"}
    )
    assert summary.status_code == 200
    assert summary.json()["resets"] == 1
    assert summary.json()["stage"] == "arraignment_and_pre_trial"

    facts = (await people.prosecutor.get(f"/api/cases/{case['id']}/facts")).json()
    derived = facts["derived"]
    assert derived["is_trafficking_case"] is True
    assert derived["accused_detained"] is True
    assert derived["arraigned_on"] == "2025-05-05"
    assert [
        (h["on"], h["kind"], h["status"], h["child_testifies"]) for h in derived["hearings"]
    ] == [
        ("2025-05-05", "arraignment", "held", False),
        ("2025-05-23", "trial", "reset", True),
    ]


async def test_an_admin_closure_moves_a_due_date(people: People) -> None:
    court_id = await make_court(people)
    other_court = await make_court(people, "RTC Branch 56, Mandaue City")
    case = await open_case(people, court_id=court_id, stage="information_filed")
    await add_accused(people, case["id"], "detained")
    await set_facts(people, case["id"], court_received_on="2025-03-03")
    # CT III.8: Mon 3 Mar + 10 = Thu 13 Mar 2025.
    assert (await deadlines(people, case["id"], "2025-03-04"))["arraignment_detained"][
        "due_on"
    ] == "2025-03-13"

    elsewhere = await people.admin.post(
        "/api/court-closures",
        json={"on": "2025-03-13", "court_id": other_court, "reason": "Flooding in Mandaue"},
    )
    assert elsewhere.status_code == 201, elsewhere.text
    assert (await deadlines(people, case["id"], "2025-03-04"))["arraignment_detained"][
        "due_on"
    ] == "2025-03-13", "another court's closure changes nothing here"

    typhoon = await people.admin.post(
        "/api/court-closures",
        json={"on": "2025-03-13", "court_id": court_id, "reason": "Typhoon signal no. 3"},
    )
    assert typhoon.status_code == 201
    assert typhoon.json() == {
        "id": typhoon.json()["id"],
        "on": "2025-03-13",
        "court_id": court_id,
        "reason": "Typhoon signal no. 3",
    }
    # The court is closed on Thu 13 Mar: the last day moves to Fri 14 Mar (R22 s1).
    assert (await deadlines(people, case["id"], "2025-03-04"))["arraignment_detained"][
        "due_on"
    ] == "2025-03-14"

    everywhere = await people.admin.post(
        "/api/court-closures", json={"on": "2025-03-14", "reason": "Region-wide suspension"}
    )
    assert everywhere.status_code == 201
    # Fri 14 Mar closed too, then the weekend: Mon 17 Mar.
    assert (await deadlines(people, case["id"], "2025-03-04"))["arraignment_detained"][
        "due_on"
    ] == "2025-03-17"

    listed = await people.lawyer.get("/api/court-closures", params={"court_id": court_id})
    assert [c["on"] for c in listed.json()["items"]] == ["2025-03-13", "2025-03-14"]
    assert (await people.lawyer.get("/api/court-closures")).json()["total"] == 3
    by_year = await people.lawyer.get("/api/court-closures", params={"year": 2024})
    assert by_year.json()["total"] == 0


async def test_court_closure_bad_input(people: People) -> None:
    good = {"on": "2025-03-13", "reason": "Typhoon signal no. 3"}
    for who in (people.lawyer, people.prosecutor, people.advocate):
        assert (await who.post("/api/court-closures", json=good)).status_code == 403
    assert (await people.anonymous.post("/api/court-closures", json=good)).status_code == 401

    async def fields(body: Mapping[str, object]) -> set[str]:
        response = await people.admin.post("/api/court-closures", json=body)
        assert response.status_code == 400, response.text
        return {e["field"] for e in response.json()["errors"]}

    assert await fields({"reason": "x"}) == {"on"}
    assert await fields({"on": "2025-03-13"}) == {"reason"}
    assert await fields(good | {"reason": " "}) == {"reason"}
    assert await fields(good | {"on": "13/03/2025"}) == {"on"}
    assert await fields(good | {"on": "1989-12-31"}) == {"on"}
    assert await fields(good | {"on": "2999-01-01"}) == {"on"}
    assert await fields(good | {"court_id": 999999}) == {"court_id"}
    assert await fields(good | {"court_id": 0}) == {"court_id"}
    assert (await people.admin.post("/api/court-closures", json=good)).status_code == 201
    again = await people.admin.post("/api/court-closures", json=good)
    assert again.status_code == 409
    assert (await people.lawyer.get("/api/court-closures", params={"year": 1})).status_code == 400


async def test_facts_bad_input(people: People) -> None:
    case = await open_case(people)
    url = f"/api/cases/{case['id']}/facts"
    empty = (await people.lawyer.get(url)).json()
    assert empty["version"] == 1
    assert empty["court_received_on"] is None

    async def fields(body: dict[str, object]) -> set[str]:
        response = await people.lawyer.patch(url, json=body)
        assert response.status_code == 400, response.text
        return {e["field"] for e in response.json()["errors"]}

    assert await fields({"version": 1, "court_received_on": 20250303}) == {"court_received_on"}
    assert await fields({"version": 1, "court_received_on": "03/03/2025"}) == {"court_received_on"}
    assert await fields({"version": 1, "court_received_on": "2025-03-03T08:00:00"}) == {
        "court_received_on"
    }
    assert await fields({"version": 1, "court_received_on": "2025-03-03T08:00:00+08:00"}) == {
        "court_received_on"
    }
    assert await fields({"version": 1, "promulgated_on": "2099-03-03"}) == {"promulgated_on"}
    assert await fields({"version": 1, "pi_assigned_on": "1989-12-31"}) == {"pi_assigned_on"}
    assert await fields({"version": 1, "verdict_on": "2025-03-03"}) == {"verdict_on"}
    assert await fields({"court_received_on": "2025-03-03"}) == {"version"}

    assert (await set_facts(people, case["id"], court_received_on="2025-03-03"))["version"] == 2
    stale = await people.lawyer.patch(url, json={"version": 1, "decided_on": "2025-04-01"})
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    by_header = await people.lawyer.patch(
        url, json={"decided_on": "2025-04-01"}, headers={"If-Match": '"2"'}
    )
    assert by_header.status_code == 200
    assert by_header.json()["version"] == 3

    for path in ("facts", "deadlines", "summary"):
        assert (await people.lawyer.get(f"/api/cases/999999/{path}")).status_code == 404
    missing = await people.lawyer.patch("/api/cases/999999/facts", json={"version": 1})
    assert missing.status_code == 404
    bad_day = await people.lawyer.get(
        f"/api/cases/{case['id']}/deadlines", params={"as_of": "tomorrow"}
    )
    assert bad_day.status_code == 400
    from docket.audit.tables import AuditEvent

    audited = await AuditEvent.count().where(
        (AuditEvent.case_id == case["id"]) & (AuditEvent.action == "case_facts.update")
    )
    assert audited == 2


async def test_at_risk_is_sorted_by_due_date_and_filtered(people: People) -> None:
    from docket.accounts.tables import Team

    team = (await Team.insert(Team(name="Cebu Anti-Trafficking Task Force")).returning(Team.id))[0][
        "id"
    ]
    court_a = await make_court(people, "RTC Branch 16, Cebu City")
    court_b = await make_court(people, "RTC Branch 27, Lapu-Lapu City")
    first = await open_case(
        people, docket_number="CEB-2025-0101", court_id=court_a, stage="information_filed"
    )
    second = await make_case(
        people,
        docket_number="CEB-2025-0102",
        caption="People v. Ouano",
        court_id=court_b,
        team_id=team,
        stage="information_filed",
        lead_prosecutor_id=people.prosecutor.user_id,
        member_ids=[people.lawyer.user_id],
    )
    await add_accused(people, first["id"], "detained")
    await add_accused(people, second["id"], "detained")
    # CT III.8: 1 Apr + 10 = Fri 11 Apr (overdue on 14 Apr); 3 Apr + 10 = Sun 13 Apr → Mon
    # 14 Apr (due today); pi 60 days from 14 Feb = Tue 15 Apr (due soon).
    await set_facts(people, first["id"], court_received_on="2025-04-03")
    await set_facts(
        people, second["id"], court_received_on="2025-04-01", pi_assigned_on="2025-02-14"
    )
    # Not at risk: a period that lapses (appeal) and an open deadline far away.
    await set_facts(people, first["id"], promulgated_on="2025-04-01", pi_assigned_on="2025-04-01")

    response = await people.prosecutor.get("/api/deadlines/at-risk", params={"as_of": "2025-04-14"})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [
        (i["docket_number"], i["deadline"]["rule"], i["deadline"]["due_on"]) for i in items
    ] == [
        ("CEB-2025-0102", "arraignment_detained", "2025-04-11"),
        ("CEB-2025-0101", "arraignment_detained", "2025-04-14"),
        ("CEB-2025-0102", "pi_resolution", "2025-04-15"),
    ]
    assert [i["deadline"]["status"] for i in items] == ["overdue", "due_soon", "due_soon"]
    assert items[0]["caption"] == "People v. Ouano"
    assert items[0]["court_name"] == "RTC Branch 27, Lapu-Lapu City"
    assert items[0]["lead_prosecutor_id"] == people.prosecutor.user_id
    assert items[0]["lead_prosecutor_name"]

    async def numbers(**params: object) -> list[str]:
        got = await people.admin.get(
            "/api/deadlines/at-risk", params={"as_of": "2025-04-14", **params}
        )
        assert got.status_code == 200, got.text
        return [i["docket_number"] for i in got.json()["items"]]

    assert await numbers(team_id=team) == ["CEB-2025-0102", "CEB-2025-0102"]
    assert await numbers(court_id=court_a) == ["CEB-2025-0101"]
    assert await numbers(prosecutor_id=people.prosecutor.user_id) == [
        "CEB-2025-0102",
        "CEB-2025-0101",
        "CEB-2025-0102",
    ]
    assert await numbers(prosecutor_id=people.admin.user_id) == []
    # The advocate is a member of the first case only: the office-wide list shows only it.
    seen = await people.advocate.get("/api/deadlines/at-risk", params={"as_of": "2025-04-14"})
    assert [i["docket_number"] for i in seen.json()["items"]] == ["CEB-2025-0101"]

    # A page at a time, the total counting them all (a national team's whole list was 156 KB).
    paged = await people.prosecutor.get(
        "/api/deadlines/at-risk", params={"as_of": "2025-04-14", "limit": 2, "offset": 1}
    )
    assert paged.status_code == 200, paged.text
    assert [i["deadline"]["rule"] for i in paged.json()["items"]] == [
        "arraignment_detained",
        "pi_resolution",
    ]
    assert paged.json()["items"][0]["docket_number"] == "CEB-2025-0101"
    assert paged.json()["total"] == 3
    for wrong in ({"limit": 0}, {"limit": 201}, {"offset": -1}, {"limit": "all"}):
        refused = await people.prosecutor.get("/api/deadlines/at-risk", params=wrong)
        assert refused.status_code == 400, wrong
        assert next(iter(wrong)) in refused.text

    bad = await people.admin.get("/api/deadlines/at-risk", params={"team_id": "one"})
    assert bad.status_code == 400
    assert (
        await people.admin.get("/api/deadlines/at-risk", params={"court_id": 0})
    ).status_code == 400
    assert (await people.anonymous.get("/api/deadlines/at-risk")).status_code == 401


async def test_the_other_rules_worked_by_hand(people: People) -> None:
    case = await open_case(people, stage="trial_rebuttal")
    accused = await add_accused(people, case["id"], "detained")
    survivor = await people.admin.post(
        f"/api/cases/{case['id']}/survivors",
        json={"pseudonym": "AAA", "age_band": "12_to_17", "advocate_id": people.advocate.user_id},
    )
    survivor_id = survivor.json()["id"]
    identity = await people.advocate.put(
        f"/api/survivors/{survivor_id}/identity",
        json={"legal_name": "Maria Luz Tumulak", "birth_date": "2010-05-15"},
    )
    assert identity.status_code == 204, identity.text
    await people.lawyer.post(
        f"/api/cases/{case['id']}/charges",
        json={
            "accused_id": accused["id"],
            "statute_code": "TIP-4",
            "offence_date": "2023-11-20",
            "survivor_ids": [survivor_id],
        },
    )
    await hearing(people, case["id"], "trial", "2024-08-05", held=True)
    await set_facts(
        people,
        case["id"],
        first_bail_hearing_on="2024-06-17",
        pretrial_order_received_on="2024-07-01",
        warrant_delivered_on="2024-08-31",
        promulgated_on="2025-06-20",
    )
    moved = await people.lawyer.post(
        f"/api/cases/{case['id']}/stage",
        json={"stage": "submitted_for_decision", "reason": "Rebuttal done", "on": "2025-03-03"}
        | {"version": case["version"]},
    )
    assert moved.status_code == 200, moved.text

    response = await people.prosecutor.get(
        f"/api/cases/{case['id']}/deadlines", params={"as_of": "2025-07-01"}
    )
    assert "2010-05-15" not in response.text, "a survivor's birth date never leaves the server"
    found = {d["rule"]: d for d in response.json()["deadlines"] if d["hearing_on"] is None}

    def due(rule: str) -> str:
        return str(found[rule]["due_on"])

    # CT III.10, bail: Mon 17 Jun 2024 + 30 = Wed 17 Jul 2024 (13 days to 30 Jun, then 17).
    assert due("bail_resolution") == "2024-07-17"
    assert found["bail_resolution"]["status"] == "overdue"
    # R119 s1, trial start: Mon 1 Jul 2024 + 30 = Wed 31 Jul 2024; met by the first trial day
    # (Mon 5 Aug 2024), late.
    assert due("trial_start") == "2024-07-31"
    assert (found["trial_start"]["met_on"], found["trial_start"]["late"]) == ("2024-08-05", True)
    # RA 8493 s6; R119 s2, 180 days from the first trial day: Mon 5 Aug 2024: 26 to 31 Aug,
    # +30 Sep (56), +31 Oct (87), +30 Nov (117), +31 Dec (148), +31 Jan (179), +1 = Sat
    # 1 Feb 2025 → Mon 3 Feb 2025. Met on submission (3 Mar 2025), late.
    assert due("trial_completion") == "2025-02-03"
    assert found["trial_completion"]["met_on"] == "2025-03-03"
    # CT III.16, judgment: 90 days from submission. Mon 3 Mar 2025: 28 to 31 Mar, +30 Apr
    # (58), +31 May (89), +1 = Sun 1 Jun → Mon 2 Jun 2025. Promulgated 20 Jun: met, late.
    assert due("judgment") == "2025-06-02"
    assert (found["judgment"]["status"], found["judgment"]["late"]) == ("met", True)
    # CT III.16 (MR) and R122 s6 (appeal): 15 days from promulgation, Fri 20 Jun 2025 + 15 =
    # Sat 5 Jul → Mon 7 Jul 2025.
    assert due("judgment_mr") == "2025-07-07"
    assert due("notice_of_appeal") == "2025-07-07"
    assert found["notice_of_appeal"]["status"] == "due_soon"
    # CT III.6, archiving: six calendar months from Sat 31 Aug 2024 = 28 Feb 2025 (February
    # has no 31st; the date is kept in February), a Friday.
    assert due("archive_eligibility") == "2025-02-28"
    # RA 9208 s12, child victim: 20 years from the 18th birthday. Born 15 May 2010, but only
    # the birth YEAR is used (an exact date would reveal the child's birthday to everyone who
    # sees the deadlines): 1 Jan 2010 → 18 on 1 Jan 2028 → Wed 1 Jan 2048, New Year's Day.
    # Prescription is never extended, so it moves EARLIER past closed days: Tue 31 Dec (New
    # Year's Eve), Mon 30 Dec (Rizal Day), Sun 29, Sat 28 → Fri 27 Dec 2047.
    assert due("prescription") == "2047-12-27"
    assert found["prescription"]["charge_code"] == "TIP-4"
    assert found["prescription"]["status"] == "open"

    dismissed = await open_case(
        people,
        docket_number="CEB-2024-0077",
        stage="trial_prosecution_evidence",
        court_id=case["court_id"],
    )
    # Trafficking (RA 9208 s4, 20 years): punishable by more than six years.
    dismissed_accused = await add_accused(people, dismissed["id"], "on_bail")
    tip = await people.lawyer.post(
        f"/api/cases/{dismissed['id']}/charges",
        json={"accused_id": dismissed_accused["id"], "statute_code": "TIP-4"},
    )
    assert tip.status_code == 201, tip.text
    await people.lawyer.post(
        f"/api/cases/{dismissed['id']}/stage",
        json={
            "stage": "provisionally_dismissed",
            "reason": "Accused consented; witnesses unavailable",
            "on": "2024-02-29",
            "version": 1,
        },
    )
    found = await deadlines(people, dismissed["id"], "2025-07-01")
    # R117 s8, offence over six years: 730 days from Thu 29 Feb 2024 = Sat 28 Feb 2026 (2025
    # and 2026 are common years: 365 + 365) → the previous working day, Fri 27 Feb 2026 (a
    # lapse is not extended).
    assert found["provisional_dismissal_permanent"]["due_on"] == "2026-02-27"
    assert found["provisional_dismissal_permanent"]["status"] == "open"
    revived = await people.lawyer.post(
        f"/api/cases/{dismissed['id']}/stage",
        json={"stage": "trial_prosecution_evidence", "reason": "Revived", "on": "2025-06-30"}
        | {"version": 2},
    )
    assert revived.status_code == 200
    found = await deadlines(people, dismissed["id"], "2025-07-01")
    assert found["provisional_dismissal_permanent"]["status"] == "met"
    assert found["provisional_dismissal_permanent"]["met_on"] == "2025-06-30"


async def test_the_trial_completed_date_can_be_entered_and_meets_the_trial_target(
    people: People,
) -> None:
    case = await open_case(people, stage="trial_prosecution_evidence")
    await hearing(people, case["id"], "trial", "2025-05-05", held=True)
    found = await deadlines(people, case["id"], "2025-09-01")
    # RA 8493 s6; R119 s2: 180 days from the first trial day. Mon 5 May 2025: 26 days to
    # 31 May, +30 Jun (56), +31 Jul (87), +31 Aug (118), +30 Sep (148), +31 Oct (179), +1 =
    # Sat 1 Nov (and All Saints' Day) → Sun 2 Nov → Mon 3 Nov 2025 (R22 s1).
    assert found["trial_completion"]["due_on"] == "2025-11-03"
    assert found["trial_completion"]["status"] == "open"

    entered = await set_facts(people, case["id"], trial_completed_on="2025-09-30")
    assert entered["trial_completed_on"] == "2025-09-30"
    assert (await deadlines(people, case["id"], "2025-12-01"))["trial_completion"][
        "status"
    ] == "met"
    cleared = await set_facts(people, case["id"], trial_completed_on=None)
    assert cleared["trial_completed_on"] is None
    # Cleared again: on 1 Dec 2025 the 3 Nov target has passed unmet.
    assert (await deadlines(people, case["id"], "2025-12-01"))["trial_completion"][
        "status"
    ] != "met"

    url = f"/api/cases/{case['id']}/facts"
    current = (await people.lawyer.get(url)).json()["version"]
    for bad in ("1989-12-31", "2999-01-01", "30/09/2025"):
        refused = await people.lawyer.patch(
            url, json={"version": current, "trial_completed_on": bad}
        )
        assert refused.status_code == 400, refused.text
        assert {e["field"] for e in refused.json()["errors"]} == {"trial_completed_on"}


async def test_the_prosecution_resting_starts_the_defence_demurrer_leave_clock(
    people: People,
) -> None:
    case = await open_case(people, stage="trial_prosecution_evidence")
    await set_facts(people, case["id"], prosecution_rested_on="2025-06-05")
    # R119 s23: 5 days after the prosecution rests. Thu 5 Jun 2025 + 5 = Tue 10 Jun 2025.
    found = await deadlines(people, case["id"], "2025-06-06")
    assert found["demurrer_leave"]["due_on"] == "2025-06-10"
    assert found["demurrer_leave"]["source"] == "Rules of Court R119 s23"


async def test_a_denied_demurrer_without_leave_submits_the_case_for_decision(
    people: People,
) -> None:
    case = await open_case(people, stage="trial_prosecution_evidence")
    moved = await people.lawyer.post(
        f"/api/cases/{case['id']}/stage",
        json={
            "stage": "submitted_for_decision",
            "reason": "Demurrer without leave denied: submitted on the prosecution evidence",
            "on": "2025-06-02",
            "version": 1,
        },
    )
    # R119 s23: the accused who filed a demurrer without leave waived the right to present
    # evidence; once it is denied the case is submitted for judgment (it was a 409).
    assert moved.status_code == 200, moved.text
    assert moved.json()["stage"] == "submitted_for_decision"
    found = await deadlines(people, case["id"], "2025-06-03")
    # A.M. 15-06-10-SC III.16: judgment within 90 days of submission. Mon 2 Jun 2025: 28 days
    # to 30 Jun, +31 Jul (59), +31 Aug (90) = Sun 31 Aug → Mon 1 Sep 2025 (R22 s1).
    assert found["judgment"]["due_on"] == "2025-09-01"

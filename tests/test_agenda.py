"""GET /api/agenda: a person's coming hearings, soonest first, with the witnesses expected and
the protection measures still to prepare; only the cases the person is on; never a survivor's
name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import People
from tests.helpers import make_case, make_court

pytestmark = pytest.mark.anyio


def _at(days: float, hours: int = 2) -> dict[str, str]:
    start = (dt.datetime.now(dt.UTC) + dt.timedelta(days=days)).replace(microsecond=0)
    return {
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=hours)).isoformat(),
    }


async def add(api: Any, path: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
    response = await api.post(path, json=body)
    assert response.status_code == status, response.text
    return dict(response.json())


async def _my_case(people: People) -> dict[str, Any]:
    """A case the prosecutor leads, with a child witness, a police witness and four hearings:
    a trial in 3 days, a motion in 5, one cancelled, and one 20 days ahead."""
    court_id = await make_court(people, "RTC Branch 16, Cebu City")
    case = await make_case(
        people,
        court_id=court_id,
        stage="trial_prosecution_evidence",
        lead_prosecutor_id=people.prosecutor.user_id,
        member_ids=[people.lawyer.user_id, people.advocate.user_id],
    )
    base = f"/api/cases/{case['id']}"
    # The lead prosecutor assigns the survivor's advocate.
    survivor = await add(
        people.prosecutor,
        f"{base}/survivors",
        {"pseudonym": "AAA", "age_band": "7_to_11", "advocate_id": people.advocate.user_id},
    )
    child = await add(
        people.lawyer, f"{base}/witnesses", {"kind": "survivor", "survivor_id": survivor["id"]}
    )
    officer = await add(
        people.lawyer, f"{base}/witnesses", {"kind": "police_officer", "name": "PSSg. Reyes"}
    )
    trial = await add(
        people.lawyer, f"{base}/hearings", {"kind": "trial", "room": "Sala 2", **_at(3)}
    )
    motion = await add(people.lawyer, f"{base}/hearings", {"kind": "motion", **_at(5)})
    cancelled = await add(people.lawyer, f"{base}/hearings", {"kind": "trial", **_at(2)})
    later = await add(people.lawyer, f"{base}/hearings", {"kind": "pre_trial", **_at(20)})
    response = await people.lawyer.post(
        f"/api/hearings/{cancelled['id']}/outcome",
        json={"outcome": "cancelled", "reason": "Typhoon signal no. 2", "version": 1},
    )
    assert response.status_code == 200, response.text
    for measure, status in (("live_link_tv", "ordered"), ("support_person", "arranged")):
        await add(
            people.advocate,
            f"/api/hearings/{trial['id']}/protection-needs",
            {"witness_id": child["id"], "measure": measure, "status": status},
        )
    await add(
        people.advocate,
        f"/api/hearings/{motion['id']}/protection-needs",
        {"witness_id": officer["id"], "measure": "security_escort"},
    )
    return {
        "case": case,
        "court_id": court_id,
        "trial": trial,
        "motion": motion,
        "later": later,
        "child": child,
        "officer": officer,
    }


async def test_my_next_hearings_with_witnesses_and_what_to_prepare(people: People) -> None:
    mine = await _my_case(people)
    # A case the prosecutor is not on: its hearings are not on their agenda.
    other = await make_case(
        people,
        docket_number="CEB-2026-0002",
        court_id=mine["court_id"],
        lead_prosecutor_id=None,
        member_ids=[people.lawyer.user_id],
    )
    await add(people.lawyer, f"/api/cases/{other['id']}/hearings", {"kind": "trial", **_at(4)})

    response = await people.prosecutor.get("/api/agenda")
    assert response.status_code == 200, response.text
    page = response.json()
    items = page["items"]
    assert [i["hearing_id"] for i in items] == [mine["trial"]["id"], mine["motion"]["id"]]

    trial = items[0]
    assert trial["case_id"] == mine["case"]["id"]
    assert trial["docket_number"] == "CEB-2026-0001"
    assert trial["court_name"] == "RTC Branch 16, Cebu City"
    assert trial["court_timezone"] == "Asia/Manila"
    assert trial["room"] == "Sala 2"
    assert trial["kind"] == "trial"
    assert trial["starts_at"] == mine["trial"]["starts_at"]
    # At a trial every witness of the case may be called; the child by pseudonym only.
    witnesses = {w["witness_id"]: w for w in trial["witnesses"]}
    assert set(witnesses) == {mine["child"]["id"], mine["officer"]["id"]}
    child = witnesses[mine["child"]["id"]]
    assert child["name"] == "AAA"
    assert child["kind"] == "survivor"
    assert {(n["measure"], n["status"]) for n in child["needs"]} == {
        ("live_link_tv", "ordered"),
        ("support_person", "arranged"),
    }
    assert witnesses[mine["officer"]["id"]]["needs"] == []
    assert trial["to_prepare"] == 1  # the live link is ordered, not yet arranged

    # At a motion hearing only the witness with a measure listed is expected.
    motion = items[1]
    assert [w["witness_id"] for w in motion["witnesses"]] == [mine["officer"]["id"]]
    assert motion["witnesses"][0]["name"] == "PSSg. Reyes"
    assert motion["to_prepare"] == 1

    # A wider window brings the pre-trial three weeks ahead.
    wider = await people.prosecutor.get("/api/agenda", params={"days": 30})
    assert [i["hearing_id"] for i in wider.json()["items"]][-1] == mine["later"]["id"]
    assert wider.json()["items"][-1]["witnesses"] == []

    # The lawyer is on both cases; the advocate on the first only.
    lawyer = (await people.lawyer.get("/api/agenda")).json()["items"]
    assert len(lawyer) == 3
    advocate = (await people.advocate.get("/api/agenda")).json()["items"]
    assert [i["hearing_id"] for i in advocate] == [mine["trial"]["id"], mine["motion"]["id"]]


async def test_limit_keeps_the_soonest(people: People) -> None:
    mine = await _my_case(people)
    response = await people.prosecutor.get("/api/agenda", params={"limit": 1})
    assert [i["hearing_id"] for i in response.json()["items"]] == [mine["trial"]["id"]]


async def test_nothing_ahead_is_an_empty_agenda(people: People) -> None:
    response = await people.prosecutor.get("/api/agenda", params={"days": 7})
    assert response.status_code == 200, response.text
    assert response.json()["items"] == []


async def test_bad_window_and_no_login_are_refused(people: People) -> None:
    for days in ("0", "63", "soon"):
        response = await people.prosecutor.get("/api/agenda", params={"days": days})
        assert response.status_code == 400, response.text
    assert (await people.anonymous.get("/api/agenda")).status_code == 401

"""Case stages as a state machine through the API: only allowed moves pass, each is recorded
with who, when, why and the stage before; side states return to the stage the case left. Per
accused: plea and disposition."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import People
from tests.helpers import make_case, make_court

pytestmark = pytest.mark.anyio


async def open_case(people: People, stage: str = "case_build_up") -> dict[str, object]:
    return await make_case(
        people,
        stage=stage,
        court_id=await make_court(people),
        lead_prosecutor_id=people.prosecutor.user_id,
        member_ids=[people.lawyer.user_id, people.advocate.user_id],
    )


async def move(
    people: People, case_id: object, stage: str, version: int, **extra: object
) -> dict[str, Any]:
    response = await people.lawyer.post(
        f"/api/cases/{case_id}/stage",
        json={"stage": stage, "reason": f"Moved to {stage}", "version": version} | extra,
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def audit_actions(case_id: object) -> list[str]:
    from docket.audit.tables import AuditEvent

    rows = await AuditEvent.select(AuditEvent.action).where(AuditEvent.case_id == case_id)
    return [r["action"] for r in rows]


async def test_a_case_moves_along_the_main_line_with_its_history(people: People) -> None:
    case = await open_case(people)
    path = [
        "preliminary_investigation",
        "resolution",
        "information_filed",
        "arraignment_and_pre_trial",
        "trial_prosecution_evidence",
        "trial_defence_evidence",
        "trial_rebuttal",
        "submitted_for_decision",
        "decided",
        "on_appeal",
    ]
    # DOJ DC 020 (2023): the prosecutor certifies the evidence before preliminary investigation.
    certified = await people.prosecutor.post(
        f"/api/cases/{case['id']}/build-up/certification",
        json={
            "certified_on": "2025-06-02",
            "certification": "The evidence is sufficient.",
            "version": 1,
        },
    )
    assert certified.status_code == 200, certified.text
    version = 1
    for stage in path:
        history = await move(people, case["id"], stage, version, on="2025-06-02")
        version += 1
        assert history["stage"] == stage
    read = (await people.prosecutor.get(f"/api/cases/{case['id']}")).json()
    assert read["stage"] == "on_appeal"
    assert read["version"] == version

    history = (await people.prosecutor.get(f"/api/cases/{case['id']}/stages")).json()
    assert [c["to_stage"] for c in history["changes"]] == path
    assert [c["from_stage"] for c in history["changes"]] == ["case_build_up", *path[:-1]]
    first = history["changes"][0]
    assert first["by_user_id"] == people.lawyer.user_id
    assert first["reason"] == "Moved to preliminary_investigation"
    assert first["on"] == "2025-06-02"
    assert first["source"].startswith("DOJ DC 015")
    assert history["allowed"] == [], "nothing follows an appeal in Docket"
    assert (await audit_actions(case["id"])).count("case.stage") == len(path)


async def test_an_impossible_move_is_refused_and_nothing_is_written(people: People) -> None:
    case = await open_case(people)
    before_audit = await audit_actions(case["id"])
    refused = await people.lawyer.post(
        f"/api/cases/{case['id']}/stage",
        json={"stage": "decided", "reason": "Skipping ahead", "version": 1},
    )
    assert refused.status_code == 409
    assert refused.json()["allowed"] == ["inquest", "preliminary_investigation"]

    read = (await people.prosecutor.get(f"/api/cases/{case['id']}")).json()
    assert read["stage"] == "case_build_up"
    assert read["version"] == 1
    history = (await people.prosecutor.get(f"/api/cases/{case['id']}/stages")).json()
    assert history["changes"] == []
    assert await audit_actions(case["id"]) == before_audit

    # A side state is only entered from a court stage.
    archived = await people.lawyer.post(
        f"/api/cases/{case['id']}/stage",
        json={"stage": "archived", "reason": "Accused at large", "version": 1},
    )
    assert archived.status_code == 409


async def test_archived_and_provisionally_dismissed_return_to_the_stage_left(
    people: People,
) -> None:
    case = await open_case(people, stage="trial_prosecution_evidence")
    history = await move(people, case["id"], "archived", 1, reason="Accused at large")
    assert history["allowed"] == ["trial_prosecution_evidence"]
    wrong = await people.lawyer.post(
        f"/api/cases/{case['id']}/stage",
        json={"stage": "arraignment_and_pre_trial", "reason": "Accused arrested", "version": 2},
    )
    assert wrong.status_code == 409
    assert wrong.json()["allowed"] == ["trial_prosecution_evidence"]
    back = await move(people, case["id"], "trial_prosecution_evidence", 2)
    assert back["stage"] == "trial_prosecution_evidence"
    assert "provisionally_dismissed" in back["allowed"]
    assert "trial_defence_evidence" in back["allowed"]

    await move(people, case["id"], "trial_defence_evidence", 3)
    dismissed = await move(people, case["id"], "provisionally_dismissed", 4)
    assert dismissed["allowed"] == ["trial_defence_evidence"]
    revived = await move(people, case["id"], "trial_defence_evidence", 5)
    assert [c["to_stage"] for c in revived["changes"]][-2:] == [
        "provisionally_dismissed",
        "trial_defence_evidence",
    ]


async def test_stage_bad_input(people: People) -> None:
    case = await open_case(people)
    url = f"/api/cases/{case['id']}/stage"

    async def fields(body: dict[str, object]) -> set[str]:
        response = await people.lawyer.post(url, json=body)
        assert response.status_code == 400, response.text
        return {e["field"] for e in response.json()["errors"]}

    good = {"stage": "inquest", "reason": "Warrantless arrest in an entrapment", "version": 1}
    assert await fields(good | {"stage": "trial"}) == {"stage"}
    assert await fields({"stage": "inquest", "version": 1}) == {"reason"}
    assert await fields(good | {"reason": ""}) == {"reason"}
    assert await fields(good | {"reason": "   "}) == {"reason"}
    assert await fields({"stage": "inquest", "reason": "x"}) == {"version"}
    assert await fields(good | {"on": "2099-01-01"}) == {"on"}
    assert await fields(good | {"on": "1985-01-01"}) == {"on"}
    assert await fields(good | {"on": "2025-01-01T08:00:00"}) == {"on"}
    assert await fields(good | {"colour": "red"}) == {"colour"}

    stale = await people.lawyer.post(url, json=good | {"version": 7})
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 1
    by_header = await people.lawyer.post(
        url, json={"stage": "inquest", "reason": "Arrest"}, headers={"If-Match": '"1"'}
    )
    assert by_header.status_code == 200
    assert (await people.lawyer.post("/api/cases/999999/stage", json=good)).status_code == 404
    assert (await people.lawyer.get("/api/cases/999999/stages")).status_code == 404
    assert (await people.anonymous.get(f"/api/cases/{case['id']}/stages")).status_code == 401


async def test_plea_and_disposition_per_accused(people: People) -> None:
    case = await open_case(people, stage="arraignment_and_pre_trial")
    accused = (
        await people.lawyer.post(f"/api/cases/{case['id']}/accused", json={"name": "Rodrigo Ouano"})
    ).json()
    assert accused["plea"] is None
    assert accused["disposition"] == "pending"
    url = f"/api/accused/{accused['id']}"

    pleaded = await people.lawyer.post(
        f"{url}/plea",
        json={
            "plea": "guilty_to_lesser_offence",
            "lesser_offence_code": "TIP-11",
            "on": "2025-03-03",
            "version": 1,
        },
    )
    assert pleaded.status_code == 200, pleaded.text
    assert pleaded.json()["plea"] == "guilty_to_lesser_offence"
    assert pleaded.json()["lesser_offence_code"] == "TIP-11"
    assert pleaded.json()["pleaded_on"] == "2025-03-03"
    assert pleaded.json()["version"] == 2

    convicted = await people.lawyer.post(
        f"{url}/disposition", json={"disposition": "convicted", "on": "2025-03-10", "version": 2}
    )
    assert convicted.status_code == 200, convicted.text
    assert convicted.json()["disposition"] == "convicted"
    assert convicted.json()["disposition_on"] == "2025-03-10"
    read = (await people.prosecutor.get(url)).json()
    assert read == convicted.json()
    actions = await audit_actions(case["id"])
    assert "accused.plea" in actions
    assert "accused.disposition" in actions


async def test_plea_and_disposition_bad_input(people: People) -> None:
    case = await open_case(people)
    accused = (
        await people.lawyer.post(f"/api/cases/{case['id']}/accused", json={"name": "Lorna Ouano"})
    ).json()
    url = f"/api/accused/{accused['id']}"

    async def fields(path: str, body: dict[str, object]) -> set[str]:
        response = await people.lawyer.post(f"{url}/{path}", json=body)
        assert response.status_code == 400, response.text
        return {e["field"] for e in response.json()["errors"]}

    plea = {"plea": "not_guilty", "on": "2025-03-03", "version": 1}
    assert await fields("plea", plea | {"plea": "nolo_contendere"}) == {"plea"}
    assert await fields("plea", {"plea": "guilty", "version": 1}) == {"on"}
    assert await fields("plea", plea | {"lesser_offence_code": "TIP-11"}) == {"lesser_offence_code"}
    lesser = plea | {"plea": "guilty_to_lesser_offence"}
    assert await fields("plea", lesser) == {"lesser_offence_code"}
    assert await fields("plea", lesser | {"lesser_offence_code": "TIP-99"}) == {
        "lesser_offence_code"
    }
    assert await fields("plea", plea | {"on": "2999-01-01"}) == {"on"}
    done = {"disposition": "acquitted", "on": "2025-05-05", "version": 1}
    assert await fields("disposition", done | {"disposition": "pardoned"}) == {"disposition"}
    assert await fields("disposition", {"disposition": "acquitted", "version": 1}) == {"on"}
    assert await fields(
        "disposition", {"disposition": "pending", "on": "2025-05-05", "version": 1}
    ) == {"on"}
    assert await fields("disposition", done | {"on": "1900-05-05"}) == {"on"}

    stale = await people.lawyer.post(f"{url}/plea", json=plea | {"version": 9})
    assert stale.status_code == 412
    stale = await people.lawyer.post(f"{url}/disposition", json=done | {"version": 9})
    assert stale.status_code == 412
    assert (await people.lawyer.post("/api/accused/999999/plea", json=plea)).status_code == 404
    missing = await people.lawyer.post("/api/accused/999999/disposition", json=done)
    assert missing.status_code == 404
    read = (await people.prosecutor.get(url)).json()
    assert read["plea"] is None, "nothing was written"
    assert read["version"] == 1

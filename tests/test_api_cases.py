"""Cases through the JSON API: open, read, list, change; and what bad input gets back."""

from __future__ import annotations

import pytest

from tests.conftest import People
from tests.helpers import make_case, make_court

pytestmark = pytest.mark.anyio


async def test_open_read_and_list_a_case(people: People) -> None:
    court_id = await make_court(people)
    case = await make_case(
        people,
        court_id=court_id,
        court_case_number="R-CEB-26-00123-CR",
        stage="information_filed",
        lead_prosecutor_id=people.prosecutor.user_id,
        member_ids=[people.lawyer.user_id, people.advocate.user_id],
    )
    assert case["stage"] == "information_filed"
    assert case["lead_prosecutor_id"] == people.prosecutor.user_id
    assert set(case["member_ids"]) == {people.lawyer.user_id, people.advocate.user_id}
    assert case["version"] == 1

    read = await people.prosecutor.get(f"/api/cases/{case['id']}")
    assert read.status_code == 200
    assert read.json() == case

    await make_case(people, docket_number="CEB-2026-0002", caption="People v. Whitcombe")
    listed = await people.prosecutor.get("/api/cases", params={"q": "whitcombe"})
    assert listed.status_code == 200
    assert [c["docket_number"] for c in listed.json()["items"]] == ["CEB-2026-0002"]
    assert listed.json()["total"] == 1

    by_court = await people.prosecutor.get("/api/cases", params={"court_id": court_id})
    assert [c["id"] for c in by_court.json()["items"]] == [case["id"]]
    by_stage = await people.prosecutor.get("/api/cases", params={"stage": "case_build_up"})
    assert [c["docket_number"] for c in by_stage.json()["items"]] == ["CEB-2026-0002"]
    page = await people.prosecutor.get("/api/cases", params={"limit": 1, "offset": 1})
    assert page.json()["total"] == 2
    assert len(page.json()["items"]) == 1


async def test_change_a_case_with_its_version(people: People) -> None:
    case = await make_case(people)
    changed = await people.lawyer.patch(
        f"/api/cases/{case['id']}", json={"version": 1, "court_case_number": "R-CEB-26-9-CR"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["court_case_number"] == "R-CEB-26-9-CR"
    assert changed.json()["version"] == 2

    # The same edit again, from a colleague who still has version 1: refused, not overwritten.
    stale = await people.prosecutor.patch(
        f"/api/cases/{case['id']}", json={"version": 1, "caption": "People v. Someone"}
    )
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    again = await people.prosecutor.get(f"/api/cases/{case['id']}")
    assert again.json()["caption"] == "People v. Dela Cruz et al."

    # If-Match works instead of a version in the body.
    by_header = await people.lawyer.patch(
        f"/api/cases/{case['id']}", json={"sealed": True}, headers={"If-Match": '"2"'}
    )
    assert by_header.status_code == 200
    assert by_header.json()["sealed"] is True


async def test_case_bad_input_names_each_field(people: People) -> None:
    response = await people.lawyer.post(
        "/api/cases", json={"docket_number": 12, "caption": "x" * 201, "stage": "trial"}
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert "docket_number" in fields

    missing = await people.lawyer.post("/api/cases", json={"caption": "People v. X"})
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "docket_number"

    too_long = await people.lawyer.post(
        "/api/cases", json={"docket_number": "CEB-1", "caption": "x" * 201}
    )
    assert too_long.status_code == 400
    assert too_long.json()["errors"][0]["field"] == "caption"

    unknown_stage = await people.lawyer.post(
        "/api/cases", json={"docket_number": "CEB-1", "caption": "P v. X", "stage": "trial"}
    )
    assert unknown_stage.status_code == 400
    assert unknown_stage.json()["errors"][0]["field"] == "stage"

    unknown_field = await people.lawyer.post(
        "/api/cases", json={"docket_number": "CEB-1", "caption": "P v. X", "victim_name": "A"}
    )
    assert unknown_field.status_code == 400
    assert unknown_field.json()["errors"][0]["field"] == "victim_name"

    no_court = await people.lawyer.post(
        "/api/cases", json={"docket_number": "CEB-1", "caption": "P v. X", "court_id": 999}
    )
    assert no_court.status_code == 400
    assert no_court.json()["errors"][0]["field"] == "court_id"

    not_a_prosecutor = await people.lawyer.post(
        "/api/cases",
        json={
            "docket_number": "CEB-1",
            "caption": "P v. X",
            "lead_prosecutor_id": people.advocate.user_id,
        },
    )
    assert not_a_prosecutor.status_code == 400
    assert not_a_prosecutor.json()["errors"][0]["field"] == "lead_prosecutor_id"

    not_json = await people.lawyer.post(
        "/api/cases", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400

    await make_case(people)
    duplicate = await people.lawyer.post(
        "/api/cases", json={"docket_number": "CEB-2026-0001", "caption": "P v. Y"}
    )
    assert duplicate.status_code == 409

    bad_query = await people.lawyer.get("/api/cases", params={"limit": 0})
    assert bad_query.status_code == 400
    bad_stage_filter = await people.lawyer.get("/api/cases", params={"stage": "nonsense"})
    assert bad_stage_filter.status_code == 400
    long_query = await people.lawyer.get("/api/cases", params={"q": "x" * 101})
    assert long_query.status_code == 400

    assert (await people.lawyer.get("/api/cases/999999")).status_code == 404
    assert (await people.lawyer.patch("/api/cases/999999", json={"version": 1})).status_code == 404


async def test_case_update_bad_input(people: People) -> None:
    case = await make_case(people)
    url = f"/api/cases/{case['id']}"
    no_version = await people.lawyer.patch(url, json={"caption": "People v. X"})
    assert no_version.status_code == 400
    assert no_version.json()["errors"][0]["field"] == "version"
    bad_if_match = await people.lawyer.patch(url, json={}, headers={"If-Match": "soon"})
    assert bad_if_match.status_code == 400
    assert bad_if_match.json()["errors"][0]["field"] == "If-Match"
    empty_caption = await people.lawyer.patch(url, json={"version": 1, "caption": ""})
    assert empty_caption.status_code == 400
    assert empty_caption.json()["errors"][0]["field"] == "caption"
    stage_not_here = await people.lawyer.patch(url, json={"version": 1, "stage": "decided"})
    assert stage_not_here.status_code == 400
    assert stage_not_here.json()["errors"][0]["field"] == "stage"
    after = await people.lawyer.get(url)
    assert after.json()["version"] == 1, "nothing was written by the refused edits"


async def test_api_needs_a_login(people: People) -> None:
    assert (await people.anonymous.get("/api/cases")).status_code == 401
    assert (await people.anonymous.post("/api/cases", json={})).status_code == 401
    bad_token = await people.client.get(
        "/api/cases", headers={"Authorization": "Bearer dkt_not-a-real-token"}
    )
    assert bad_token.status_code == 401
    health = await people.anonymous.get("/api/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"


async def test_text_longer_than_its_column_is_a_400_not_a_500(people: People) -> None:
    # Found by schemathesis on PostgreSQL: an 81-character nationality reached the database.
    case = await make_case(people)
    response = await people.lawyer.post(
        f"/api/cases/{case['id']}/accused", json={"name": "Kevin Marsh", "nationality": "x" * 81}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "nationality"


async def test_search_text_is_taken_literally(people: People) -> None:
    """A clerk typing %, _ or \\ finds those characters, not every case (SQLite's LIKE has no
    escape character unless the query names one)."""
    await make_case(people, docket_number="CEB-2026-0001", caption="People v. Uy")
    await make_case(people, docket_number="CEB-2026-0002", caption="People v. 50% Reyes")
    await make_case(people, docket_number="CEB-2026-0003", caption="People v. Back\\slash_Lim")
    for q, expected in (
        ("%", ["CEB-2026-0002"]),
        ("50%", ["CEB-2026-0002"]),
        ("_", ["CEB-2026-0003"]),
        ("\\", ["CEB-2026-0003"]),
        ("%%%", []),
        ("REYES", ["CEB-2026-0002"]),
    ):
        listed = await people.prosecutor.get("/api/cases", params={"q": q})
        assert listed.status_code == 200, (q, listed.text)
        assert [c["docket_number"] for c in listed.json()["items"]] == expected, q
        assert listed.json()["total"] == len(expected), q
        found = await people.prosecutor.get("/search", params={"q": q})
        assert found.status_code == 200, (q, found.text)
        for docket_number in expected:
            assert docket_number in found.text, (q, docket_number)
        for docket_number in {"CEB-2026-0001", "CEB-2026-0002", "CEB-2026-0003"} - set(expected):
            assert docket_number not in found.text, (q, docket_number)


async def test_a_page_past_the_end_still_gives_the_total(people: People) -> None:
    for number in range(3):
        await make_case(people, docket_number=f"CEB-2026-010{number}")
    page = await people.prosecutor.get("/api/cases", params={"limit": 2, "offset": 10})
    assert page.status_code == 200
    assert page.json()["items"] == []
    assert page.json()["total"] == 3
    none = await people.prosecutor.get("/api/cases", params={"q": "no such case"})
    assert none.json() == {"items": [], "total": 0, "limit": 50, "offset": 0}


async def test_members_are_listed_in_the_order_they_joined(people: People) -> None:
    joined = [people.advocate.user_id, people.admin.user_id, people.lawyer.user_id]
    case = await make_case(
        people, lead_prosecutor_id=people.prosecutor.user_id, member_ids=joined[:2]
    )
    # The lawyer opened it, so they joined last.
    assert case["member_ids"] == joined
    listed = await people.prosecutor.get("/api/cases")
    assert listed.json()["items"][0]["member_ids"] == joined
    assert listed.json()["items"][0]["lead_prosecutor_id"] == people.prosecutor.user_id

"""Protection needs through the JSON API: what each witness needs at a hearing (live link, support
person, interpreter…), how it moves from requested to ordered to arranged, who moved it, and what
bad input gets back."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.conftest import People
from tests.helpers import make_case, make_court

pytestmark = pytest.mark.anyio

NO_SUCH_ID = 987_654
TRIAL = {
    "kind": "trial",
    "starts_at": "2026-12-03T08:30:00+08:00",
    "ends_at": "2026-12-03T10:30:00+08:00",
}


def fields_of(response: httpx.Response) -> set[str]:
    assert response.status_code == 400, response.text
    return {e["field"] for e in response.json()["errors"]}


async def add(api: Any, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await api.post(path, json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def case_with_hearing(people: People, docket_number: str = "CEB-2026-0001") -> dict[str, Any]:
    """A case in court with a trial hearing, a survivor witness and a police witness."""
    court_id = await make_court(people, f"RTC Branch 16, Cebu City ({docket_number})")
    case = await make_case(people, docket_number=docket_number, court_id=court_id)
    case_id = case["id"]
    # An admin assigns the survivor's advocate (the case has no lead prosecutor).
    survivor = await add(
        people.admin,
        f"/api/cases/{case_id}/survivors",
        {"pseudonym": "AAA", "age_band": "7_to_11", "advocate_id": people.advocate.user_id},
    )
    child = await add(
        people.lawyer,
        f"/api/cases/{case_id}/witnesses",
        {"kind": "survivor", "survivor_id": survivor["id"]},
    )
    officer = await add(
        people.lawyer,
        f"/api/cases/{case_id}/witnesses",
        {"kind": "police_officer", "name": "PSSg. Reyes"},
    )
    hearing = await add(people.lawyer, f"/api/cases/{case_id}/hearings", TRIAL)
    return {"case": case, "hearing": hearing, "child": child, "officer": officer}


async def test_a_need_goes_from_requested_to_ordered_to_arranged(people: People) -> None:
    setup = await case_with_hearing(people)
    hearing_id = setup["hearing"]["id"]
    url = f"/api/hearings/{hearing_id}/protection-needs"
    live_link = await add(
        people.advocate,
        url,
        {"witness_id": setup["child"]["id"], "measure": "live_link_tv"},
    )
    assert live_link["hearing_id"] == hearing_id
    assert live_link["witness_id"] == setup["child"]["id"]
    assert live_link["status"] == "requested"
    assert live_link["detail"] == ""
    assert live_link["updated_by_id"] == people.advocate.user_id
    assert live_link["version"] == 1
    interpreter = await add(
        people.advocate,
        url,
        {
            "witness_id": setup["child"]["id"],
            "measure": "interpreter",
            "status": "ordered",
            "detail": "Waray",
        },
    )
    assert interpreter["status"] == "ordered"
    assert interpreter["detail"] == "Waray"
    # The same measure for another witness at the same hearing is another need.
    officer_link = await add(
        people.lawyer, url, {"witness_id": setup["officer"]["id"], "measure": "live_link_tv"}
    )
    assert officer_link["updated_by_id"] == people.lawyer.user_id

    read = await people.prosecutor.get(f"/api/protection-needs/{live_link['id']}")
    assert read.status_code == 200
    assert read.json() == live_link

    need_url = f"/api/protection-needs/{live_link['id']}"
    ordered = await people.prosecutor.patch(need_url, json={"version": 1, "status": "ordered"})
    assert ordered.status_code == 200, ordered.text
    assert ordered.json()["status"] == "ordered"
    assert ordered.json()["updated_by_id"] == people.prosecutor.user_id, "who changed it"
    assert ordered.json()["version"] == 2
    assert ordered.json()["updated_at"] >= live_link["updated_at"]
    arranged = await people.advocate.patch(
        need_url,
        json={"status": "arranged", "detail": "Room 3 link tested"},
        headers={"If-Match": '"2"'},
    )
    assert arranged.status_code == 200, arranged.text
    assert arranged.json()["status"] == "arranged"
    assert arranged.json()["detail"] == "Room 3 link tested"
    assert arranged.json()["updated_by_id"] == people.advocate.user_id
    assert arranged.json()["version"] == 3
    assert (await people.lawyer.get(need_url)).json() == arranged.json()

    everything = await people.advocate.get(url)
    assert everything.status_code == 200
    assert [n["id"] for n in everything.json()["items"]] == [
        live_link["id"],
        interpreter["id"],
        officer_link["id"],
    ]
    assert everything.json()["total"] == 3
    by_status = await people.advocate.get(url, params={"status": "requested"})
    assert [n["id"] for n in by_status.json()["items"]] == [officer_link["id"]]
    assert by_status.json()["total"] == 1
    arranged_only = await people.advocate.get(url, params={"status": "arranged"})
    assert [n["measure"] for n in arranged_only.json()["items"]] == ["live_link_tv"]
    declined = await people.advocate.get(url, params={"status": "declined"})
    assert declined.json() == {"items": [], "total": 0, "limit": 50, "offset": 0}
    page = await people.advocate.get(url, params={"limit": 1, "offset": 2})
    assert [n["id"] for n in page.json()["items"]] == [officer_link["id"]]
    assert page.json()["total"] == 3


async def test_a_witness_of_another_case_is_refused(people: People) -> None:
    here = await case_with_hearing(people, "CEB-2026-0001")
    there = await case_with_hearing(people, "CEB-2026-0002")
    url = f"/api/hearings/{here['hearing']['id']}/protection-needs"
    response = await people.advocate.post(
        url, json={"witness_id": there["child"]["id"], "measure": "screen"}
    )
    assert fields_of(response) == {"witness_id"}
    no_such = await people.advocate.post(url, json={"witness_id": NO_SUCH_ID, "measure": "screen"})
    assert fields_of(no_such) == {"witness_id"}
    assert (await people.advocate.get(url)).json()["total"] == 0


async def test_the_same_measure_twice_is_a_conflict(people: People) -> None:
    setup = await case_with_hearing(people)
    url = f"/api/hearings/{setup['hearing']['id']}/protection-needs"
    body = {"witness_id": setup["child"]["id"], "measure": "support_person"}
    await add(people.advocate, url, body)
    again = await people.lawyer.post(url, json=body | {"status": "ordered", "detail": "Mother"})
    assert again.status_code == 409, again.text
    listed = (await people.advocate.get(url)).json()
    assert listed["total"] == 1
    assert listed["items"][0]["status"] == "requested"


async def test_the_same_measure_sent_twice_at_once_is_listed_once(people: People) -> None:
    """A double tap on a phone in the courtroom sends the request twice at the same moment."""
    setup = await case_with_hearing(people)
    url = f"/api/hearings/{setup['hearing']['id']}/protection-needs"
    body = {"witness_id": setup["child"]["id"], "measure": "live_link_tv"}
    apis = [people.advocate, people.lawyer, people.prosecutor, people.admin] * 2
    responses = await asyncio.gather(*(api.post(url, json=body) for api in apis))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * (len(apis) - 1), statuses
    assert (await people.advocate.get(url)).json()["total"] == 1


async def test_protection_need_bad_input(people: People) -> None:
    setup = await case_with_hearing(people)
    url = f"/api/hearings/{setup['hearing']['id']}/protection-needs"
    ok = {"witness_id": setup["child"]["id"], "measure": "screen"}
    post = people.advocate.post

    assert fields_of(await post(url, json={"measure": "screen"})) == {"witness_id"}
    assert fields_of(await post(url, json={"witness_id": setup["child"]["id"]})) == {"measure"}
    assert fields_of(await post(url, json=ok | {"measure": "teddy_bear"})) == {"measure"}
    assert fields_of(await post(url, json=ok | {"measure": "Screen"})) == {"measure"}
    assert fields_of(await post(url, json=ok | {"status": "done"})) == {"status"}
    assert fields_of(await post(url, json=ok | {"witness_id": "AAA"})) == {"witness_id"}
    assert fields_of(await post(url, json=ok | {"witness_id": 0})) == {"witness_id"}
    assert fields_of(await post(url, json=ok | {"detail": "d" * 201})) == {"detail"}
    assert fields_of(await post(url, json=ok | {"detail": None})) == {"detail"}
    assert fields_of(await post(url, json=ok | {"hearing_id": 1})) == {"hearing_id"}
    assert fields_of(await post(url, json=ok | {"updated_by_id": people.admin.user_id})) == {
        "updated_by_id"
    }
    not_json = await post(url, content=b"screen", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 400
    assert (await people.advocate.get(url)).json()["total"] == 0, "nothing half-written"
    full = await post(url, json=ok | {"detail": "d" * 200})
    assert full.status_code == 201, "200 characters is the limit, not past it"

    assert fields_of(await people.advocate.get(url, params={"status": "done"})) == {"status"}
    assert (await people.advocate.get(url, params={"limit": 0})).status_code == 400
    assert (await people.advocate.get(url, params={"limit": 201})).status_code == 400

    no_hearing = f"/api/hearings/{NO_SUCH_ID}/protection-needs"
    assert (await post(no_hearing, json=ok)).status_code == 404
    assert (await people.advocate.get(no_hearing)).status_code == 404
    assert (await people.advocate.get(f"/api/protection-needs/{NO_SUCH_ID}")).status_code == 404
    unknown = await people.advocate.patch(
        f"/api/protection-needs/{NO_SUCH_ID}", json={"version": 1, "status": "ordered"}
    )
    assert unknown.status_code == 404
    assert (await people.anonymous.get(url)).status_code == 401
    assert (await people.anonymous.post(url, json=ok)).status_code == 401


async def test_protection_need_update_bad_input_and_stale_edit(people: People) -> None:
    setup = await case_with_hearing(people)
    need = await add(
        people.advocate,
        f"/api/hearings/{setup['hearing']['id']}/protection-needs",
        {"witness_id": setup["child"]["id"], "measure": "interpreter", "detail": "Waray"},
    )
    url = f"/api/protection-needs/{need['id']}"
    patch = people.advocate.patch

    assert fields_of(await patch(url, json={"status": "ordered"})) == {"version"}
    assert fields_of(await patch(url, json={"version": 1, "status": "granted"})) == {"status"}
    assert fields_of(await patch(url, json={"version": 1, "detail": "d" * 201})) == {"detail"}
    assert fields_of(await patch(url, json={"version": 1, "measure": "screen"})) == {"measure"}
    assert fields_of(await patch(url, json={"version": 1, "witness_id": 1})) == {"witness_id"}
    assert fields_of(
        await patch(url, json={"status": "ordered"}, headers={"If-Match": "tomorrow"})
    ) == {"If-Match"}
    assert (await people.advocate.get(url)).json() == need, "refused edits changed nothing"

    first = await people.prosecutor.patch(url, json={"version": 1, "status": "ordered"})
    assert first.status_code == 200
    stale = await people.lawyer.patch(url, json={"version": 1, "status": "declined"})
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    after = (await people.advocate.get(url)).json()
    assert after["status"] == "ordered"
    assert after["updated_by_id"] == people.prosecutor.user_id, "the refused editor is not named"
    assert after["version"] == 2
    stale_header = await people.lawyer.patch(
        url, json={"status": "declined"}, headers={"If-Match": '"1"'}
    )
    assert stale_header.status_code == 412
    assert stale_header.json()["current_version"] == 2


async def test_an_id_too_large_for_the_database_is_just_unknown(people: People) -> None:
    """A mistyped id past the range of a database integer is an unknown record, not a crash."""
    too_big = 2**31
    crashed: list[str] = []
    for method, path, body in (
        ("GET", f"/api/hearings/{too_big}/protection-needs", None),
        (
            "POST",
            f"/api/hearings/{too_big}/protection-needs",
            {"witness_id": 1, "measure": "screen"},
        ),
        ("GET", f"/api/protection-needs/{too_big}", None),
        ("PATCH", f"/api/protection-needs/{too_big}", {"version": 1, "status": "ordered"}),
    ):
        response = await people.advocate.request(method, path, json=body)
        if response.status_code not in (400, 404):
            crashed.append(f"{method} {path} -> {response.status_code}")
    assert not crashed, "\n".join(crashed)


async def test_requested_on_must_be_a_past_day(people: People) -> None:
    from tests.helpers import make_case, make_court, make_hearing

    case = await make_case(people, court_id=await make_court(people))
    hearing = await make_hearing(people, case["id"])
    witness = (
        await people.lawyer.post(
            f"/api/cases/{case['id']}/witnesses", json={"kind": "other", "name": "Dr. O"}
        )
    ).json()
    url = f"/api/hearings/{hearing['id']}/protection-needs"
    body = {"witness_id": witness["id"], "measure": "live_link_tv"}
    for bad in ("2999-01-01", "1990-01-01", "yesterday"):
        response = await people.lawyer.post(url, json=body | {"requested_on": bad})
        assert response.status_code == 400, bad
        assert response.json()["errors"][0]["field"] == "requested_on"
    made = await people.lawyer.post(url, json=body)
    assert made.status_code == 201
    assert made.json()["requested_on"] is not None, "today, when left out"

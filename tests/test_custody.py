"""An accused's custody as dated changes, through the API: each change audited, bad input
refused naming the field, and each accused's arraignment clock following their own custody
(A.M. 15-06-10-SC III.8). Dates worked by hand as in tests/test_legal_clocks.py."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import People
from tests.helpers import add_accused, open_case, set_facts

pytestmark = pytest.mark.anyio


async def change(
    people: People, accused_id: object, kind: str, on: str, version: int
) -> dict[str, Any]:
    response = await people.lawyer.post(
        f"/api/accused/{accused_id}/custody", json={"kind": kind, "on": on, "version": version}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def arraignments(people: People, case_id: object, as_of: str) -> dict[str, Any]:
    response = await people.prosecutor.get(
        f"/api/cases/{case_id}/deadlines", params={"as_of": as_of}
    )
    assert response.status_code == 200, response.text
    return {
        d["accused_name"]: d
        for d in response.json()["deadlines"]
        if d["rule"].startswith("arraignment_")
    }


async def test_each_accused_has_their_own_arraignment_clock_on_the_api_and_the_page(
    people: People,
) -> None:
    case = await open_case(people, stage="information_filed")
    tumulak = await add_accused(people, case["id"], "at_large")
    other = await people.lawyer.post(
        f"/api/cases/{case['id']}/accused", json={"name": "Nestor Abellana"}
    )
    abellana = other.json()
    # Both arrested Thu 1 Oct 2026; Abellana posts bail Fri 2 Oct. The court received the case
    # Mon 5 Oct 2026.
    first = await change(people, tumulak["id"], "arrested", "2026-10-01", tumulak["version"])
    assert (first["custody_status"], [e["kind"] for e in first["events"]]) == (
        "detained",
        ["arrested"],
    )
    bailed = await change(people, abellana["id"], "arrested", "2026-10-01", abellana["version"])
    bailed = await change(people, abellana["id"], "bail_posted", "2026-10-02", bailed["version"])
    assert bailed["custody_status"] == "on_bail"
    await set_facts(people, case["id"], court_received_on="2026-10-05")

    found = await arraignments(people, case["id"], "2026-10-06")
    # Detained: 5 Oct + 10 = Thu 15 Oct 2026. On bail: 5 Oct + 30 = Wed 4 Nov 2026.
    assert {name: (d["rule"], d["due_on"]) for name, d in found.items()} == {
        "Rodrigo Tumulak": ("arraignment_detained", "2026-10-15"),
        "Nestor Abellana": ("arraignment_not_detained", "2026-11-04"),
    }

    # Tumulak pleads Tue 13 Oct: only his clock is met.
    plea = await people.lawyer.post(
        f"/api/accused/{tumulak['id']}/plea",
        json={"plea": "not_guilty", "on": "2026-10-13", "version": first["version"]},
    )
    assert plea.status_code == 200, plea.text
    found = await arraignments(people, case["id"], "2026-10-16")
    assert (found["Rodrigo Tumulak"]["status"], found["Nestor Abellana"]["status"]) == (
        "met",
        "open",
    )

    page = await people.prosecutor.get(f"/cases/{case['id']}")
    assert page.status_code == 200
    assert '<strong class="deadline-accused">Nestor Abellana</strong>' in page.text
    # Each accused's custody history is on the page, beside their name.
    assert "Custody: Arrested" in page.text
    assert "Bail posted" in page.text
    summary = await people.prosecutor.get(f"/api/cases/{case['id']}/summary")
    assert summary.status_code == 200, summary.text


async def test_bail_posted_moves_the_accuseds_clock_and_says_so(people: People) -> None:
    case = await open_case(people, stage="information_filed")
    accused = await add_accused(people, case["id"], "at_large")
    held = await change(people, accused["id"], "arrested", "2026-10-01", accused["version"])
    await set_facts(people, case["id"], court_received_on="2026-10-05")
    # Detained: Mon 5 Oct + 10 = Thu 15 Oct 2026.
    found = await arraignments(people, case["id"], "2026-10-06")
    assert found["Rodrigo Tumulak"]["due_on"] == "2026-10-15"
    # Bail Fri 9 Oct, before 15 Oct: 30 days, Wed 4 Nov 2026, with a note.
    await change(people, accused["id"], "bail_posted", "2026-10-09", held["version"])
    moved = (await arraignments(people, case["id"], "2026-10-12"))["Rodrigo Tumulak"]
    assert (moved["rule"], moved["due_on"]) == ("arraignment_not_detained", "2026-11-04")
    assert "Bail posted on 09 Oct 2026" in moved["note"]


async def test_custody_changes_are_audited_and_the_latest_can_be_withdrawn(
    people: People,
) -> None:
    case = await open_case(people, stage="information_filed")
    accused = await add_accused(people, case["id"], "at_large")
    held = await change(people, accused["id"], "arrested", "2026-10-01", accused["version"])
    bailed = await change(people, accused["id"], "bail_posted", "2026-10-09", held["version"])
    trail = await people.admin.get("/api/audit", params={"case_id": case["id"]})
    actions = [i["action"] for i in trail.json()["items"]]
    assert actions.count("custody_event.create") == 2
    assert actions.count("accused.custody") == 2
    custody = next(i for i in trail.json()["items"] if i["action"] == "accused.custody")
    assert (custody["before"], custody["after"]) == (
        {"custody_status": "detained"},
        {"custody_status": "on_bail"},
    )

    first, last = bailed["events"]
    # Only the latest change can be withdrawn; the accused's custody goes back with it.
    refused = await people.lawyer.request(
        "DELETE", f"/api/custody-events/{first['id']}", headers={"If-Match": str(bailed["version"])}
    )
    assert refused.status_code == 409, refused.text
    no_version = await people.lawyer.request("DELETE", f"/api/custody-events/{last['id']}")
    assert no_version.status_code == 400
    assert "version" in no_version.text
    withdrawn = await people.lawyer.request(
        "DELETE", f"/api/custody-events/{last['id']}", headers={"If-Match": str(bailed["version"])}
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert (withdrawn.json()["custody_status"], len(withdrawn.json()["events"])) == (
        "detained",
        1,
    )
    actions = [
        i["action"]
        for i in (await people.admin.get("/api/audit", params={"case_id": case["id"]})).json()[
            "items"
        ]
    ]
    assert "custody_event.delete" in actions
    listed = await people.advocate.get(f"/api/accused/{accused['id']}/custody")
    assert listed.status_code == 200
    assert [e["kind"] for e in listed.json()["events"]] == ["arrested"]


async def test_careless_or_hostile_custody_changes_are_refused_naming_the_field(
    people: People,
) -> None:
    case = await open_case(people, stage="information_filed")
    accused = await add_accused(people, case["id"], "at_large")
    url = f"/api/accused/{accused['id']}/custody"
    held = await change(people, accused["id"], "arrested", "2026-10-05", accused["version"])
    version = held["version"]

    async def refused(body: dict[str, Any], status: int, *words: str) -> None:
        response = await people.lawyer.post(url, json=body)
        assert response.status_code == status, response.text
        for word in words:
            assert word in response.text
        # Nothing was written.
        now = (await people.lawyer.get(url)).json()
        assert (now["version"], len(now["events"])) == (version, 1)

    # Bail dated before the arrest (a typo in the day).
    await refused(
        {"kind": "bail_posted", "on": "2026-10-04", "version": version}, 400, '"on"', "arrested"
    )
    # A day after tomorrow (the fixed clock is 24 Nov 2026; one day's leeway for time zones).
    await refused({"kind": "bail_posted", "on": "2026-11-26", "version": version}, 400, '"on"')
    await refused({"kind": "bail_posted", "on": "1989-12-31", "version": version}, 400, '"on"')
    await refused({"kind": "escaped", "on": "2026-10-06", "version": version}, 400, "kind")
    await refused({"kind": "bail_posted", "on": "06/10/2026", "version": version}, 400, "on")
    await refused({"kind": "bail_posted", "on": "2026-10-06"}, 400, "version")
    await refused({"kind": "arrested", "on": "2026-10-06", "version": version}, 409, "allowed")
    await refused({"kind": "bail_posted", "on": "2026-10-06", "version": version - 1}, 412)

    missing = await people.lawyer.post(
        "/api/accused/999999/custody", json={"kind": "arrested", "on": "2026-10-05", "version": 1}
    )
    assert missing.status_code == 404
    gone = await people.lawyer.request(
        "DELETE", "/api/custody-events/999999", headers={"If-Match": "1"}
    )
    assert gone.status_code == 404
    # An advocate reads custody but does not record it.
    advocate = await people.advocate.post(
        url, json={"kind": "bail_posted", "on": "2026-10-06", "version": version}
    )
    assert advocate.status_code == 403

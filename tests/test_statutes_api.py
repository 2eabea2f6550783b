"""The statute catalogue through the API, charges that must name a catalogue code, and the
charge checks (they help, never decide)."""

from __future__ import annotations

import pytest

from tests.conftest import People
from tests.helpers import make_case

pytestmark = pytest.mark.anyio


async def test_list_search_and_read_the_catalogue(people: People) -> None:
    everything = await people.lawyer.get("/api/statutes")
    assert everything.status_code == 200
    codes = [s["code"] for s in everything.json()["items"]]
    assert everything.json()["total"] == len(codes) >= 28
    assert {"TIP-4", "TIP-6", "OSAEC-AJ", "CPA-5B", "RPC-266A1D", "CP-9775"} <= set(codes)

    ra9208 = (await people.lawyer.get("/api/statutes", params={"q": "ra9208"})).json()
    assert {s["statute"] for s in ra9208["items"]} == {"RA 9208"}
    grooming = (await people.lawyer.get("/api/statutes", params={"q": "GROOMING"})).json()
    assert [s["code"] for s in grooming["items"]] == ["OSAEC-MO"]
    nothing = (await people.lawyer.get("/api/statutes", params={"q": "parking ticket"})).json()
    assert nothing == {"items": [], "total": 0}

    tip6 = await people.prosecutor.get("/api/statutes/TIP-6")
    assert tip6.status_code == 200
    body = tip6.json()
    assert body["bail_no"] is True
    assert body["prescription"]["years"] == 20
    assert [q["letter"] for q in body["qualifiers"]][:1] == ["a"]
    assert body["source"]
    repealed = (await people.prosecutor.get("/api/statutes/cp-9775")).json()
    assert repealed["inactive"] is True
    assert repealed["repealed_on"] == "2022-07-30"


async def test_catalogue_bad_input(people: People) -> None:
    assert (await people.lawyer.get("/api/statutes/TIP-99")).status_code == 404
    assert (await people.lawyer.get("/api/statutes/TIP%206")).status_code == 400
    too_long = await people.lawyer.get("/api/statutes", params={"q": "x" * 101})
    assert too_long.status_code == 400
    assert (await people.anonymous.get("/api/statutes")).status_code == 401


async def _case_with_people(people: People) -> tuple[dict[str, object], int, int, int]:
    case = await make_case(
        people,
        lead_prosecutor_id=people.prosecutor.user_id,
        member_ids=[people.lawyer.user_id, people.advocate.user_id],
    )
    url = f"/api/cases/{case['id']}"
    accused = (await people.lawyer.post(f"{url}/accused", json={"name": "Lorna Cabahug"})).json()
    child = await people.lawyer.post(
        f"{url}/survivors", json={"pseudonym": "AAA", "age_band": "7_to_11"}
    )
    adult = await people.lawyer.post(
        f"{url}/survivors", json={"pseudonym": "BBB", "age_band": "adult"}
    )
    return case, accused["id"], child.json()["id"], adult.json()["id"]


async def test_a_charge_must_name_a_catalogue_code(people: People) -> None:
    case, accused_id, _child, _adult = await _case_with_people(people)
    url = f"/api/cases/{case['id']}/charges"
    unknown = await people.lawyer.post(
        url, json={"accused_id": accused_id, "statute_code": "TIP-99"}
    )
    assert unknown.status_code == 400
    assert [e["field"] for e in unknown.json()["errors"]] == ["statute_code"]
    charges = await people.lawyer.get(url)
    assert charges.json()["total"] == 0, "nothing was written"

    charge = (
        await people.lawyer.post(url, json={"accused_id": accused_id, "statute_code": "TIP-4"})
    ).json()
    changed = await people.lawyer.patch(
        f"/api/charges/{charge['id']}", json={"version": 1, "statute_code": "OSAEC-ZZ"}
    )
    assert changed.status_code == 400
    assert [e["field"] for e in changed.json()["errors"]] == ["statute_code"]
    again = await people.lawyer.get(f"/api/charges/{charge['id']}")
    assert again.json()["statute_code"] == "TIP-4"
    assert again.json()["version"] == 1


async def test_advice_suggests_qualified_trafficking_for_a_child_or_ict(people: People) -> None:
    case, accused_id, child_id, adult_id = await _case_with_people(people)
    url = f"/api/cases/{case['id']}/charges"
    child_online = (
        await people.lawyer.post(
            url,
            json={
                "accused_id": accused_id,
                "statute_code": "TIP-4",
                "via_ict": True,
                "offence_date": "2024-03-01",
                "survivor_ids": [child_id],
            },
        )
    ).json()
    answer = await people.prosecutor.get(f"/api/charges/{child_online['id']}/advice")
    assert answer.status_code == 200
    # Never read as legal advice (issue 19, finding 10).
    assert answer.json()["caveat"] == (
        "Docket makes these checks to help; check them against the law and the facts of your case."
    )
    advice = answer.json()["advice"]
    # RA 9208 s6(a): the victim is a child; s6(o): committed through ICT.
    suggested = {(a["suggested_code"], a["qualifier"]) for a in advice}
    assert suggested == {("TIP-6", "a"), ("TIP-6", "o")}
    assert all(a["kind"] == "suggestion" and a["source"] for a in advice)
    unchanged = await people.prosecutor.get(f"/api/charges/{child_online['id']}")
    assert unchanged.json()["statute_code"] == "TIP-4", "advice never changes the charge"

    adult_offline = (
        await people.lawyer.post(
            url,
            json={"accused_id": accused_id, "statute_code": "TIP-4", "survivor_ids": [adult_id]},
        )
    ).json()
    quiet = await people.prosecutor.get(f"/api/charges/{adult_offline['id']}/advice")
    assert quiet.json()["advice"] == []

    # RA 9775 was repealed by RA 11930 (taken as 30 Jul 2022): an act after that is warned.
    old_law = (
        await people.lawyer.post(
            url,
            json={
                "accused_id": accused_id,
                "statute_code": "CP-9775",
                "offence_date": "2024-03-01",
            },
        )
    ).json()
    warned = (await people.prosecutor.get(f"/api/charges/{old_law['id']}/advice")).json()["advice"]
    assert [a["kind"] for a in warned] == ["warning"]
    assert "repealed" in warned[0]["message"]

    assert (await people.prosecutor.get("/api/charges/999999/advice")).status_code == 404

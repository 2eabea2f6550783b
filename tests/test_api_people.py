"""The people in a case through the JSON API: accused, survivors (by pseudonym, with a write-only
identity), witnesses and charges; what bad input gets back; and that a survivor's identity never
comes back out of any of these routes nor lands in the audit trail."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from docket.audit.tables import AuditEvent
from tests.conftest import People
from tests.helpers import make_case, make_court

pytestmark = pytest.mark.anyio

#: An id no record has, but a valid id all the same.
NO_SUCH_ID = 987_654


def fields_of(response: httpx.Response) -> set[str]:
    """The fields a 400 names."""
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["status_code"] == 400
    return {e["field"] for e in body["errors"]}


async def two_cases(people: People) -> tuple[int, int]:
    a = await make_case(people)
    b = await make_case(people, docket_number="CEB-2026-0002", caption="People v. Whitcombe")
    return int(a["id"]), int(b["id"])


async def add(api: Any, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await api.post(path, json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def add_accused(people: People, case_id: int, name: str = "Juan Dela Cruz") -> dict[str, Any]:
    return await add(people.lawyer, f"/api/cases/{case_id}/accused", {"name": name})


async def add_survivor(people: People, case_id: int, pseudonym: str = "AAA") -> dict[str, Any]:
    # An admin names the survivor's advocate (these cases have no lead prosecutor): only the
    # advocate (and the lead prosecutor) may then store who the survivor is.
    return await add(
        people.admin,
        f"/api/cases/{case_id}/survivors",
        {"pseudonym": pseudonym, "age_band": "12_to_17", "advocate_id": people.advocate.user_id},
    )


# --- accused -------------------------------------------------------------------------------


async def test_add_read_list_and_change_an_accused(people: People) -> None:
    case_a, case_b = await two_cases(people)
    accused = await add(
        people.lawyer,
        f"/api/cases/{case_a}/accused",
        {
            "name": "Juan Dela Cruz",
            "aliases": ["Jun-Jun", "Kuya Jun"],
            "custody_status": "detained",
            "facility": "Cebu City Jail",
            "nationality": "Filipino",
        },
    )
    assert accused["case_id"] == case_a
    assert accused["aliases"] == ["Jun-Jun", "Kuya Jun"]
    assert accused["custody_status"] == "detained"
    assert accused["version"] == 1
    plain = await add_accused(people, case_a, "John Whitcombe")
    assert plain["custody_status"] == "at_large"
    assert plain["aliases"] == []
    await add_accused(people, case_b, "Someone Else")

    read = await people.prosecutor.get(f"/api/accused/{accused['id']}")
    assert read.status_code == 200
    assert read.json() == accused

    listed = await people.prosecutor.get(f"/api/cases/{case_a}/accused")
    assert listed.status_code == 200
    assert [a["name"] for a in listed.json()["items"]] == ["Juan Dela Cruz", "John Whitcombe"]
    assert listed.json()["total"] == 2
    page = await people.prosecutor.get(
        f"/api/cases/{case_a}/accused", params={"limit": 1, "offset": 1}
    )
    assert [a["name"] for a in page.json()["items"]] == ["John Whitcombe"]
    assert page.json()["total"] == 2

    changed = await people.lawyer.patch(
        f"/api/accused/{accused['id']}",
        json={"version": 1, "custody_status": "on_bail", "aliases": ["Jun"], "facility": ""},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["custody_status"] == "on_bail"
    assert changed.json()["aliases"] == ["Jun"]
    assert changed.json()["facility"] == ""
    assert changed.json()["name"] == "Juan Dela Cruz"
    assert changed.json()["version"] == 2

    by_header = await people.lawyer.patch(
        f"/api/accused/{accused['id']}", json={"nationality": "—"}, headers={"If-Match": 'W/"2"'}
    )
    assert by_header.status_code == 200, by_header.text
    assert by_header.json()["version"] == 3


async def test_accused_bad_input(people: People) -> None:
    case_a, _ = await two_cases(people)
    url = f"/api/cases/{case_a}/accused"
    assert fields_of(await people.lawyer.post(url, json={})) == {"name"}
    assert fields_of(await people.lawyer.post(url, json={"name": 42})) == {"name"}
    assert fields_of(await people.lawyer.post(url, json={"name": ""})) == {"name"}
    assert fields_of(await people.lawyer.post(url, json={"name": "x" * 201})) == {"name"}
    assert fields_of(await people.lawyer.post(url, json={"name": "A", "facility": "f" * 201})) == {
        "facility"
    }
    assert fields_of(
        await people.lawyer.post(url, json={"name": "A", "custody_status": "escaped"})
    ) == {"custody_status"}
    assert fields_of(await people.lawyer.post(url, json={"name": "A", "aliases": "Jun"})) == {
        "aliases"
    }
    assert fields_of(await people.lawyer.post(url, json={"name": "A", "aliases": ["ok", ""]})) == {
        "aliases[1]"
    }
    assert fields_of(
        await people.lawyer.post(url, json={"name": "A", "aliases": [f"a{i}" for i in range(21)]})
    ) == {"aliases"}
    assert fields_of(await people.lawyer.post(url, json={"name": "A", "victim": "AAA"})) == {
        "victim"
    }
    assert fields_of(await people.lawyer.post(url, json={"name": "A", "case_id": case_a})) == {
        "case_id"
    }
    not_json = await people.lawyer.post(
        url, content=b"[1,2", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400
    listed = await people.lawyer.get(url)
    assert listed.json()["total"] == 0, "nothing was written by the refused requests"

    assert (
        await people.lawyer.post(f"/api/cases/{NO_SUCH_ID}/accused", json={"name": "A"})
    ).status_code == 404
    assert (await people.lawyer.get(f"/api/cases/{NO_SUCH_ID}/accused")).status_code == 404
    assert (await people.lawyer.get(f"/api/accused/{NO_SUCH_ID}")).status_code == 404
    assert fields_of(await people.lawyer.get(url, params={"limit": 0})) == {"limit"}
    assert (await people.lawyer.get(url, params={"limit": 201})).status_code == 400
    assert (await people.lawyer.get(url, params={"offset": -1})).status_code == 400
    assert (await people.anonymous.get(url)).status_code == 401
    assert (await people.anonymous.post(url, json={"name": "A"})).status_code == 401


async def test_accused_update_bad_input_and_stale_edit(people: People) -> None:
    case_a, _ = await two_cases(people)
    accused = await add_accused(people, case_a)
    url = f"/api/accused/{accused['id']}"

    assert fields_of(await people.lawyer.patch(url, json={"name": "Juan D."})) == {"version"}
    assert fields_of(await people.lawyer.patch(url, json={"version": "latest"})) == {"version"}
    assert fields_of(await people.lawyer.patch(url, json={"version": 0})) == {"version"}
    assert fields_of(await people.lawyer.patch(url, json={"version": 1, "name": ""})) == {"name"}
    assert fields_of(await people.lawyer.patch(url, json={"version": 1, "name": None})) == {"name"}
    assert fields_of(await people.lawyer.patch(url, json={"version": 1, "name": "n" * 201})) == {
        "name"
    }
    assert fields_of(
        await people.lawyer.patch(url, json={"version": 1, "custody_status": "gone"})
    ) == {"custody_status"}
    assert fields_of(await people.lawyer.patch(url, json={"version": 1, "case_id": 2})) == {
        "case_id"
    }
    assert fields_of(
        await people.lawyer.patch(url, json={"name": "X"}, headers={"If-Match": "latest"})
    ) == {"If-Match"}
    assert (await people.lawyer.get(url)).json() == accused, "refused edits changed nothing"

    first = await people.lawyer.patch(url, json={"version": 1, "custody_status": "detained"})
    assert first.status_code == 200
    stale = await people.prosecutor.patch(url, json={"version": 1, "name": "Someone Else"})
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    after = (await people.lawyer.get(url)).json()
    assert after["name"] == "Juan Dela Cruz"
    assert after["custody_status"] == "detained"
    assert after["version"] == 2
    ahead = await people.prosecutor.patch(url, json={"version": 7, "name": "Someone Else"})
    assert ahead.status_code == 412
    assert ahead.json()["current_version"] == 2

    unknown = await people.lawyer.patch(f"/api/accused/{NO_SUCH_ID}", json={"version": 1})
    assert unknown.status_code == 404


async def test_an_id_too_large_for_the_database_is_just_unknown(people: People) -> None:
    """A mistyped id past the range of a database integer is an unknown record, not a crash."""
    too_big = 2**31
    crashed: list[str] = []
    for path in (
        f"/api/accused/{too_big}",
        f"/api/survivors/{too_big}",
        f"/api/witnesses/{too_big}",
        f"/api/charges/{too_big}",
        f"/api/cases/{too_big}/accused",
        f"/api/cases/{too_big}/survivors",
        f"/api/cases/{too_big}/witnesses",
        f"/api/cases/{too_big}/charges",
    ):
        response = await people.lawyer.get(path)
        if response.status_code not in (400, 404):
            crashed.append(f"GET {path} -> {response.status_code}")
    assert not crashed, "\n".join(crashed)


# --- survivors -----------------------------------------------------------------------------


async def test_add_read_list_and_change_a_survivor(people: People) -> None:
    case_a, case_b = await two_cases(people)
    body = {
        "pseudonym": "BBB",
        "age_band": "7_to_11",
        "sex": "female",
        "preferred_language": "war",
        "advocate_id": people.advocate.user_id,
    }
    # Nobody names themselves a survivor's advocate: that is the lead prosecutor's or an
    # admin's decision.
    mine = await people.advocate.post(f"/api/cases/{case_a}/survivors", json=body)
    assert mine.status_code == 403, mine.text
    survivor = await add(
        people.admin,
        f"/api/cases/{case_a}/survivors",
        {
            "pseudonym": "BBB",
            "age_band": "7_to_11",
            "sex": "female",
            "preferred_language": "war",
            "advocate_id": people.advocate.user_id,
        },
    )
    assert survivor["pseudonym"] == "BBB"
    assert survivor["preferred_language"] == "war"
    assert survivor["advocate_id"] == people.advocate.user_id
    assert survivor["version"] == 1
    defaults = await add(
        people.advocate,
        f"/api/cases/{case_a}/survivors",
        {"pseudonym": "AAA-1", "age_band": "12_to_17"},
    )
    assert defaults["sex"] == "unrecorded"
    assert defaults["preferred_language"] == "ceb"
    assert defaults["advocate_id"] is None
    # The same coded initials in another case are another child: allowed.
    await add_survivor(people, case_b, "BBB")

    read = await people.lawyer.get(f"/api/survivors/{survivor['id']}")
    assert read.status_code == 200
    assert read.json() == survivor
    listed = await people.lawyer.get(f"/api/cases/{case_a}/survivors")
    assert [s["pseudonym"] for s in listed.json()["items"]] == ["AAA-1", "BBB"]
    assert listed.json()["total"] == 2

    changed = await people.admin.patch(
        f"/api/survivors/{survivor['id']}",
        json={"version": 1, "age_band": "12_to_17", "pseudonym": "CCC", "advocate_id": None},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["age_band"] == "12_to_17"
    assert changed.json()["pseudonym"] == "CCC"
    assert changed.json()["advocate_id"] is None
    assert changed.json()["version"] == 2
    # Keeping one's own pseudonym is not a clash with oneself.
    same = await people.advocate.patch(
        f"/api/survivors/{survivor['id']}", json={"version": 2, "pseudonym": "CCC"}
    )
    assert same.status_code == 200, same.text


async def test_survivor_bad_input(people: People) -> None:
    case_a, case_b = await two_cases(people)
    url = f"/api/cases/{case_a}/survivors"
    ok = {"pseudonym": "AAA", "age_band": "adult"}
    post = people.advocate.post
    assert fields_of(await post(url, json={"age_band": "adult"})) == {"pseudonym"}
    assert fields_of(await post(url, json={"pseudonym": "AAA"})) == {"age_band"}
    assert fields_of(await post(url, json=ok | {"pseudonym": 7})) == {"pseudonym"}
    # Coded initials only: a name, lower case, or something long is refused.
    for not_a_pseudonym in ("Maria", "MARIA", "maria", "Maria Santos", "A", "AAA-", "AAA-1234"):
        response = await post(url, json=ok | {"pseudonym": not_a_pseudonym})
        assert fields_of(response) == {"pseudonym"}, not_a_pseudonym
        if "aria" in not_a_pseudonym.lower():
            assert not_a_pseudonym not in response.text, "a 400 never echoes a possible name"
    assert fields_of(await post(url, json=ok | {"age_band": "15"})) == {"age_band"}
    assert fields_of(await post(url, json=ok | {"sex": "girl"})) == {"sex"}
    assert fields_of(await post(url, json=ok | {"preferred_language": "tl"})) == {
        "preferred_language"
    }
    assert fields_of(await post(url, json=ok | {"legal_name": "Maria Santos"})) == {"legal_name"}
    assert fields_of(await post(url, json=ok | {"advocate_id": "me"})) == {"advocate_id"}
    assert fields_of(await post(url, json=ok | {"advocate_id": 0})) == {"advocate_id"}
    not_an_advocate = await post(url, json=ok | {"advocate_id": people.prosecutor.user_id})
    assert fields_of(not_an_advocate) == {"advocate_id"}
    no_user = await post(url, json=ok | {"advocate_id": NO_SUCH_ID})
    assert fields_of(no_user) == {"advocate_id"}
    assert (await people.advocate.get(url)).json()["total"] == 0, "nothing half-written"

    await add_survivor(people, case_a, "AAA")
    duplicate = await post(url, json=ok)
    assert duplicate.status_code == 409, duplicate.text
    assert (await people.advocate.get(url)).json()["total"] == 1

    assert (await post(f"/api/cases/{NO_SUCH_ID}/survivors", json=ok)).status_code == 404
    assert (await people.advocate.get(f"/api/cases/{NO_SUCH_ID}/survivors")).status_code == 404
    assert (await people.advocate.get(f"/api/survivors/{NO_SUCH_ID}")).status_code == 404
    assert (await people.advocate.get(url, params={"limit": "all"})).status_code == 400
    assert (await people.anonymous.get(url)).status_code == 401
    del case_b


async def test_colleagues_adding_the_same_pseudonym_at_once_get_one_survivor(
    people: People,
) -> None:
    """Two people entering the same child at the same moment (an advocate at the shelter, a
    lawyer at the office) must not make two survivors "AAA" in one case."""
    case_a, _ = await two_cases(people)
    url = f"/api/cases/{case_a}/survivors"
    body = {"pseudonym": "AAA", "age_band": "12_to_17"}
    apis = [people.advocate, people.lawyer, people.prosecutor, people.admin] * 2
    responses = await asyncio.gather(*(api.post(url, json=body) for api in apis))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * (len(apis) - 1), statuses
    assert (await people.advocate.get(url)).json()["total"] == 1


async def test_survivor_update_bad_input_clash_and_stale_edit(people: People) -> None:
    case_a, _ = await two_cases(people)
    aaa = await add_survivor(people, case_a, "AAA")
    bbb = await add_survivor(people, case_a, "BBB")
    url = f"/api/survivors/{bbb['id']}"
    patch = people.advocate.patch

    assert fields_of(await patch(url, json={"age_band": "adult"})) == {"version"}
    assert fields_of(await patch(url, json={"version": 1, "pseudonym": "Maria"})) == {"pseudonym"}
    assert fields_of(await patch(url, json={"version": 1, "age_band": "teen"})) == {"age_band"}
    assert fields_of(await patch(url, json={"version": 1, "case_id": 1})) == {"case_id"}
    assert fields_of(await patch(url, json={"version": 1, "shelter": "Somewhere"})) == {"shelter"}
    not_an_advocate = await patch(url, json={"version": 1, "advocate_id": people.lawyer.user_id})
    assert fields_of(not_an_advocate) == {"advocate_id"}
    clash = await patch(url, json={"version": 1, "pseudonym": "AAA"})
    assert clash.status_code == 409, clash.text
    assert (await people.advocate.get(url)).json() == bbb, "refused edits changed nothing"

    assigned = await patch(url, json={"version": 1, "advocate_id": people.advocate.user_id})
    assert assigned.status_code == 200, assigned.text
    stale = await people.lawyer.patch(url, json={"version": 1, "preferred_language": "en"})
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    after = (await people.advocate.get(url)).json()
    assert after["preferred_language"] == "ceb"
    assert after["advocate_id"] == people.advocate.user_id
    assert after["version"] == 2
    assert (await people.advocate.get(f"/api/survivors/{aaa['id']}")).json() == aaa

    unknown = await patch(f"/api/survivors/{NO_SUCH_ID}", json={"version": 1, "sex": "male"})
    assert unknown.status_code == 404


async def test_survivor_identity_is_write_only(people: People) -> None:
    case_a, _ = await two_cases(people)
    survivor = await add_survivor(people, case_a)
    url = f"/api/survivors/{survivor['id']}/identity"
    stored = await people.advocate.put(url, json={"legal_name": "Lorna Bagaipo"})
    assert stored.status_code == 204, stored.text
    assert stored.content == b""
    replaced = await people.advocate.put(
        url, json={"legal_name": "Lorna Bagaipo", "birth_date": "2014-02-03"}
    )
    assert replaced.status_code == 204, replaced.text
    # There is no general route to read it back.
    read_back = await people.advocate.get(url)
    assert read_back.status_code in (404, 405)
    assert "Lorna" not in read_back.text

    assert fields_of(await people.advocate.put(url, json={})) == {"legal_name"}
    assert fields_of(await people.advocate.put(url, json={"legal_name": ""})) == {"legal_name"}
    assert fields_of(await people.advocate.put(url, json={"legal_name": "L" * 201})) == {
        "legal_name"
    }
    bad_date = await people.advocate.put(
        url, json={"legal_name": "Lorna Bagaipo", "birth_date": "03/02/2014"}
    )
    assert fields_of(bad_date) == {"birth_date"}
    assert "Lorna" not in bad_date.text
    assert "03/02/2014" not in bad_date.text
    photo = await people.advocate.put(url, json={"legal_name": "Lorna Bagaipo", "photo": "x.jpg"})
    assert fields_of(photo) == {"photo"}
    assert "Lorna" not in photo.text
    long_address = await people.advocate.put(
        url, json={"legal_name": "Lorna Bagaipo", "address": "Sitio Lantaw " * 50}
    )
    assert fields_of(long_address) == {"address"}
    assert "Sitio Lantaw" not in long_address.text
    unknown = await people.advocate.put(
        f"/api/survivors/{NO_SUCH_ID}/identity", json={"legal_name": "Lorna Bagaipo"}
    )
    assert unknown.status_code == 404
    assert "Lorna" not in unknown.text
    assert (await people.anonymous.put(url, json={"legal_name": "X"})).status_code == 401


# --- witnesses -----------------------------------------------------------------------------


async def test_add_read_list_and_change_witnesses(people: People) -> None:
    case_a, _ = await two_cases(people)
    survivor = await add_survivor(people, case_a, "AAA")
    url = f"/api/cases/{case_a}/witnesses"
    child = await add(people.lawyer, url, {"kind": "survivor", "survivor_id": survivor["id"]})
    assert child["survivor_id"] == survivor["id"]
    assert child["name"] == "AAA", "a survivor witness is shown by pseudonym"
    officer = await add(
        people.lawyer,
        url,
        {"kind": "police_officer", "name": "PSSg. Reyes", "agency": "PNP WCPC", "protected": True},
    )
    assert officer["name"] == "PSSg. Reyes"
    assert officer["survivor_id"] is None
    assert officer["protected"] is True
    assert officer["version"] == 1

    read = await people.prosecutor.get(f"/api/witnesses/{child['id']}")
    assert read.status_code == 200
    assert read.json() == child
    listed = await people.prosecutor.get(url)
    assert [w["name"] for w in listed.json()["items"]] == ["AAA", "PSSg. Reyes"]
    assert listed.json()["total"] == 2

    # Renaming the survivor renames the witness everywhere it is shown.
    renamed = await people.advocate.patch(
        f"/api/survivors/{survivor['id']}", json={"version": 1, "pseudonym": "AAA-1"}
    )
    assert renamed.status_code == 200
    assert (await people.prosecutor.get(f"/api/witnesses/{child['id']}")).json()["name"] == "AAA-1"

    changed = await people.lawyer.patch(
        f"/api/witnesses/{officer['id']}",
        json={"version": 1, "name": "PMSg. Reyes", "protected": False},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "PMSg. Reyes"
    assert changed.json()["protected"] is False
    assert changed.json()["version"] == 2
    child_changed = await people.lawyer.patch(
        f"/api/witnesses/{child['id']}", json={"version": 1, "protected": True}
    )
    assert child_changed.status_code == 200, child_changed.text
    assert child_changed.json()["name"] == "AAA-1"


async def test_witness_bad_input(people: People) -> None:
    case_a, case_b = await two_cases(people)
    survivor_a = await add_survivor(people, case_a, "AAA")
    survivor_b = await add_survivor(people, case_b, "AAA")
    url = f"/api/cases/{case_a}/witnesses"
    post = people.lawyer.post

    assert fields_of(await post(url, json={"name": "PSSg. Reyes"})) == {"kind"}
    assert fields_of(await post(url, json={"kind": "judge", "name": "Judge X"})) == {"kind"}
    assert fields_of(await post(url, json={"kind": "survivor"})) == {"survivor_id"}
    with_name = await post(
        url, json={"kind": "survivor", "survivor_id": survivor_a["id"], "name": "Maria Santos"}
    )
    assert fields_of(with_name) == {"name"}
    assert "Maria" not in with_name.text
    other_case = await post(url, json={"kind": "survivor", "survivor_id": survivor_b["id"]})
    assert fields_of(other_case) == {"survivor_id"}
    no_such = await post(url, json={"kind": "survivor", "survivor_id": NO_SUCH_ID})
    assert fields_of(no_such) == {"survivor_id"}
    assert fields_of(await post(url, json={"kind": "survivor", "survivor_id": "AAA"})) == {
        "survivor_id"
    }
    assert fields_of(await post(url, json={"kind": "police_officer"})) == {"name"}
    assert fields_of(await post(url, json={"kind": "other", "name": "   "})) == {"name"}
    assert fields_of(
        await post(
            url, json={"kind": "social_worker", "name": "Ms. Uy", "survivor_id": survivor_a["id"]}
        )
    ) == {"survivor_id"}
    assert fields_of(await post(url, json={"kind": "other", "name": "n" * 201})) == {"name"}
    assert fields_of(await post(url, json={"kind": "other", "name": "N", "agency": "a" * 201})) == {
        "agency"
    }
    assert fields_of(
        await post(url, json={"kind": "other", "name": "N", "protected": "maybe"})
    ) == {"protected"}
    assert fields_of(await post(url, json={"kind": "other", "name": "N", "location": "X"})) == {
        "location"
    }
    assert (await people.lawyer.get(url)).json()["total"] == 0, "nothing half-written"

    assert (
        await post(f"/api/cases/{NO_SUCH_ID}/witnesses", json={"kind": "other", "name": "N"})
    ).status_code == 404
    assert (await people.lawyer.get(f"/api/cases/{NO_SUCH_ID}/witnesses")).status_code == 404
    assert (await people.lawyer.get(f"/api/witnesses/{NO_SUCH_ID}")).status_code == 404


async def test_witness_update_bad_input_and_stale_edit(people: People) -> None:
    case_a, _ = await two_cases(people)
    survivor = await add_survivor(people, case_a, "AAA")
    child = await add(
        people.lawyer,
        f"/api/cases/{case_a}/witnesses",
        {"kind": "survivor", "survivor_id": survivor["id"]},
    )
    officer = await add(
        people.lawyer,
        f"/api/cases/{case_a}/witnesses",
        {"kind": "police_officer", "name": "PSSg. Reyes"},
    )
    child_url = f"/api/witnesses/{child['id']}"
    officer_url = f"/api/witnesses/{officer['id']}"
    patch = people.lawyer.patch

    assert fields_of(await patch(officer_url, json={"name": "X"})) == {"version"}
    named = await patch(child_url, json={"version": 1, "name": "Maria Santos"})
    assert fields_of(named) == {"name"}
    assert "Maria" not in named.text
    assert fields_of(await patch(officer_url, json={"version": 1, "kind": "other"})) == {"kind"}
    assert fields_of(await patch(officer_url, json={"version": 1, "survivor_id": 1})) == {
        "survivor_id"
    }
    assert fields_of(await patch(officer_url, json={"version": 1, "name": "n" * 201})) == {"name"}
    assert (await people.lawyer.get(child_url)).json() == child
    assert (await people.lawyer.get(officer_url)).json() == officer

    first = await patch(officer_url, json={"version": 1, "agency": "PNP WCPC"})
    assert first.status_code == 200
    stale = await people.prosecutor.patch(officer_url, json={"version": 1, "name": "Someone"})
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    after = (await people.lawyer.get(officer_url)).json()
    assert after["name"] == "PSSg. Reyes"
    assert after["agency"] == "PNP WCPC"
    assert after["version"] == 2

    unknown = await patch(f"/api/witnesses/{NO_SUCH_ID}", json={"version": 1, "agency": "X"})
    assert unknown.status_code == 404


async def test_a_non_survivor_witness_cannot_lose_its_name(people: People) -> None:
    """Adding a police officer without a name is refused; blanking the name afterwards must be
    refused too, or the witness list shows an officer nobody can identify."""
    case_a, _ = await two_cases(people)
    officer = await add(
        people.lawyer,
        f"/api/cases/{case_a}/witnesses",
        {"kind": "police_officer", "name": "PSSg. Reyes"},
    )
    url = f"/api/witnesses/{officer['id']}"
    for blank in ("", "   "):
        response = await people.lawyer.patch(url, json={"version": 1, "name": blank})
        assert fields_of(response) == {"name"}, repr(blank)
    assert (await people.lawyer.get(url)).json()["name"] == "PSSg. Reyes"


# --- charges -------------------------------------------------------------------------------


async def test_add_read_list_and_change_charges(people: People) -> None:
    case_a, _ = await two_cases(people)
    accused = await add_accused(people, case_a)
    aaa = await add_survivor(people, case_a, "AAA")
    bbb = await add_survivor(people, case_a, "BBB")
    ccc = await add_survivor(people, case_a, "CCC")
    url = f"/api/cases/{case_a}/charges"
    charge = await add(
        people.lawyer,
        url,
        {
            "accused_id": accused["id"],
            "statute_code": "TIP-6",
            "qualifiers": "a,o",
            "counts": 3,
            "offence_date": "2025-08-14",
            "via_ict": True,
            "survivor_ids": [bbb["id"], aaa["id"], bbb["id"]],
        },
    )
    assert charge["case_id"] == case_a
    assert charge["accused_id"] == accused["id"]
    assert charge["qualifiers"] == "a,o"
    assert charge["counts"] == 3
    assert charge["offence_date"] == "2025-08-14"
    assert charge["survivor_ids"] == sorted([aaa["id"], bbb["id"]]), "sorted, each once"
    assert charge["version"] == 1
    plain = await add(people.lawyer, url, {"accused_id": accused["id"], "statute_code": "OSAEC-AJ"})
    assert plain["qualifiers"] == ""
    assert plain["counts"] == 1
    assert plain["offence_date"] is None
    assert plain["survivor_ids"] == []

    read = await people.prosecutor.get(f"/api/charges/{charge['id']}")
    assert read.status_code == 200
    assert read.json() == charge
    listed = await people.prosecutor.get(url)
    assert [c["statute_code"] for c in listed.json()["items"]] == ["TIP-6", "OSAEC-AJ"]
    assert listed.json()["items"][0]["survivor_ids"] == charge["survivor_ids"]
    assert listed.json()["total"] == 2

    # survivor_ids in a PATCH replaces the list; it does not add to it.
    replaced = await people.lawyer.patch(
        f"/api/charges/{charge['id']}",
        json={"version": 1, "survivor_ids": [ccc["id"]], "counts": 2},
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["survivor_ids"] == [ccc["id"]]
    assert replaced.json()["counts"] == 2
    assert replaced.json()["version"] == 2
    assert (await people.lawyer.get(f"/api/charges/{charge['id']}")).json() == replaced.json()
    untouched = await people.lawyer.patch(
        f"/api/charges/{charge['id']}", json={"version": 2, "qualifiers": ""}
    )
    assert untouched.json()["survivor_ids"] == [ccc["id"]], "left alone when not sent"
    assert untouched.json()["qualifiers"] == ""
    emptied = await people.lawyer.patch(
        f"/api/charges/{charge['id']}", json={"version": 3, "survivor_ids": []}
    )
    assert emptied.status_code == 200
    assert emptied.json()["survivor_ids"] == []
    assert (await people.lawyer.get(f"/api/charges/{charge['id']}")).json()["survivor_ids"] == []
    cleared_date = await people.lawyer.patch(
        f"/api/charges/{charge['id']}", json={"version": 4, "offence_date": None}
    )
    assert cleared_date.json()["offence_date"] is None

    survivors_audit = await AuditEvent.select().where(AuditEvent.action == "charge.survivors")
    assert len(survivors_audit) == 2, "each change of the survivor list is on the trail"


async def test_charge_qualifiers_pattern(people: People) -> None:
    case_a, _ = await two_cases(people)
    accused = await add_accused(people, case_a)
    url = f"/api/cases/{case_a}/charges"
    base = {"accused_id": accused["id"], "statute_code": "TIP-4"}
    for good in ("", "a", "o", "a,o", "a,b,c,o"):
        response = await people.lawyer.post(url, json=base | {"qualifiers": good})
        assert response.status_code == 201, (good, response.text)
        assert response.json()["qualifiers"] == good
    for bad in ("a, o", "A", "p", "z", "a,", ",a", "a,,o", "ao", "a;o", "(a)", 1):
        response = await people.lawyer.post(url, json=base | {"qualifiers": bad})
        assert fields_of(response) == {"qualifiers"}, bad
    charge_id = (await people.lawyer.get(url)).json()["items"][0]["id"]
    patched = await people.lawyer.patch(
        f"/api/charges/{charge_id}", json={"version": 1, "qualifiers": "a,p"}
    )
    assert fields_of(patched) == {"qualifiers"}


async def test_charge_bad_input(people: People) -> None:
    case_a, case_b = await two_cases(people)
    accused_a = await add_accused(people, case_a)
    accused_b = await add_accused(people, case_b, "Other Accused")
    survivor_a = await add_survivor(people, case_a, "AAA")
    survivor_b = await add_survivor(people, case_b, "AAA")
    url = f"/api/cases/{case_a}/charges"
    ok = {"accused_id": accused_a["id"], "statute_code": "TIP-6"}
    post = people.lawyer.post

    assert fields_of(await post(url, json={"statute_code": "TIP-6"})) == {"accused_id"}
    assert fields_of(await post(url, json={"accused_id": accused_a["id"]})) == {"statute_code"}
    assert fields_of(await post(url, json=ok | {"accused_id": "Juan"})) == {"accused_id"}
    assert fields_of(await post(url, json=ok | {"statute_code": "tip 6"})) == {"statute_code"}
    assert fields_of(await post(url, json=ok | {"statute_code": "T" * 31})) == {"statute_code"}
    assert fields_of(await post(url, json=ok | {"counts": 0})) == {"counts"}
    assert fields_of(await post(url, json=ok | {"counts": 10_001})) == {"counts"}
    assert fields_of(await post(url, json=ok | {"counts": "three"})) == {"counts"}
    assert fields_of(await post(url, json=ok | {"counts": 1.5})) == {"counts"}
    assert fields_of(await post(url, json=ok | {"offence_date": "2025-13-01"})) == {"offence_date"}
    assert fields_of(await post(url, json=ok | {"offence_date": "14 Aug 2025"})) == {"offence_date"}
    assert fields_of(await post(url, json=ok | {"via_ict": "maybe"})) == {"via_ict"}
    assert fields_of(await post(url, json=ok | {"survivor_ids": survivor_a["id"]})) == {
        "survivor_ids"
    }
    assert fields_of(await post(url, json=ok | {"survivor_ids": list(range(1, 102))})) == {
        "survivor_ids"
    }
    assert fields_of(await post(url, json=ok | {"description": "what happened"})) == {"description"}

    # Someone of another case: refused, naming the field.
    assert fields_of(await post(url, json=ok | {"accused_id": accused_b["id"]})) == {"accused_id"}
    assert fields_of(await post(url, json=ok | {"accused_id": NO_SUCH_ID})) == {"accused_id"}
    other_survivor = await post(
        url, json=ok | {"survivor_ids": [survivor_a["id"], survivor_b["id"]]}
    )
    assert fields_of(other_survivor) == {"survivor_ids[1]"}
    both = await post(
        url,
        json={"accused_id": accused_b["id"], "statute_code": "TIP-6", "survivor_ids": [NO_SUCH_ID]},
    )
    assert fields_of(both) == {"accused_id", "survivor_ids[0]"}
    assert (await people.lawyer.get(url)).json()["total"] == 0, "nothing half-written"

    assert (await post(f"/api/cases/{NO_SUCH_ID}/charges", json=ok)).status_code == 404
    assert (await people.lawyer.get(f"/api/cases/{NO_SUCH_ID}/charges")).status_code == 404
    assert (await people.lawyer.get(f"/api/charges/{NO_SUCH_ID}")).status_code == 404


async def test_charge_update_bad_input_and_stale_edit(people: People) -> None:
    case_a, case_b = await two_cases(people)
    accused_a = await add_accused(people, case_a)
    accused_b = await add_accused(people, case_b, "Other Accused")
    survivor_a = await add_survivor(people, case_a, "AAA")
    survivor_b = await add_survivor(people, case_b, "AAA")
    charge = await add(
        people.lawyer,
        f"/api/cases/{case_a}/charges",
        {
            "accused_id": accused_a["id"],
            "statute_code": "TIP-6",
            "survivor_ids": [survivor_a["id"]],
        },
    )
    url = f"/api/charges/{charge['id']}"
    patch = people.lawyer.patch

    assert fields_of(await patch(url, json={"counts": 2})) == {"version"}
    assert fields_of(await patch(url, json={"version": 1, "accused_id": accused_b["id"]})) == {
        "accused_id"
    }
    assert fields_of(await patch(url, json={"version": 1, "counts": -1})) == {"counts"}
    assert fields_of(await patch(url, json={"version": 1, "statute_code": ""})) == {"statute_code"}
    other_case = await patch(url, json={"version": 1, "survivor_ids": [survivor_b["id"]]})
    assert fields_of(other_case) == {"survivor_ids[0]"}
    assert (await people.lawyer.get(url)).json() == charge, "refused edits changed nothing"

    first = await patch(url, json={"version": 1, "counts": 4})
    assert first.status_code == 200
    stale = await people.prosecutor.patch(url, json={"version": 1, "survivor_ids": [], "counts": 9})
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    after = (await people.lawyer.get(url)).json()
    assert after["counts"] == 4
    assert after["survivor_ids"] == [survivor_a["id"]], "the stale edit left the survivors alone"
    assert after["version"] == 2

    unknown = await patch(f"/api/charges/{NO_SUCH_ID}", json={"version": 1, "counts": 2})
    assert unknown.status_code == 404


# --- privacy -------------------------------------------------------------------------------

IDENTITY = {
    "legal_name": "Rosalinda Quibranza-Ybañez",
    "notice_name": "Rosalindaqz",
    "birth_date": "2013-04-27",
    "guardian": "Teodora Quibranza-Lim",
    "shelter": "Balay Dalangpanan Zxq Shelter",
    "contact": "+63 917 555 0142",
    "address": "Purok Zxq-7, Sitio Lantawan, Barangay Kinasang-an",
    "school": "Zxq Pardo Elementary School",
}
#: The strings no general route and no audit row may ever contain.
SECRETS = [
    *IDENTITY.values(),
    "Rosalinda",
    "Quibranza",
    "Dalangpanan",
    "Lantawan",
    "Pardo Elementary",
    "2013",
    "555 0142",
]


def assert_no_secret(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked in {where}"


async def test_survivor_identity_never_comes_back_out(
    people: People, caplog: pytest.LogCaptureFixture
) -> None:
    court_id = await make_court(people)
    case = await make_case(people, court_id=court_id)
    case_id = int(case["id"])
    accused = await add_accused(people, case_id, "Renato Dela Cruz")
    survivor = await add(
        people.admin,
        f"/api/cases/{case_id}/survivors",
        {"pseudonym": "AAA", "age_band": "12_to_17", "advocate_id": people.advocate.user_id},
    )
    witness = await add(
        people.lawyer,
        f"/api/cases/{case_id}/witnesses",
        {"kind": "survivor", "survivor_id": survivor["id"]},
    )
    charge = await add(
        people.lawyer,
        f"/api/cases/{case_id}/charges",
        {"accused_id": accused["id"], "statute_code": "TIP-6", "survivor_ids": [survivor["id"]]},
    )

    stored = await people.advocate.put(f"/api/survivors/{survivor['id']}/identity", json=IDENTITY)
    assert stored.status_code == 204, stored.text
    assert_no_secret(stored.text, "the identity write's answer")
    # Changing the pseudonym side afterwards does not drag the identity along.
    changed = await people.advocate.patch(
        f"/api/survivors/{survivor['id']}", json={"version": 1, "preferred_language": "war"}
    )
    assert changed.status_code == 200
    assert_no_secret(changed.text, "the survivor change's answer")

    responses: list[httpx.Response] = []
    for api in (people.admin, people.prosecutor, people.lawyer, people.advocate):
        for path in (
            f"/api/cases/{case_id}",
            f"/api/cases/{case_id}/accused",
            f"/api/accused/{accused['id']}",
            f"/api/cases/{case_id}/survivors",
            f"/api/survivors/{survivor['id']}",
            f"/api/survivors/{survivor['id']}/identity",
            f"/api/cases/{case_id}/witnesses",
            f"/api/witnesses/{witness['id']}",
            f"/api/cases/{case_id}/charges",
            f"/api/charges/{charge['id']}",
        ):
            responses.append(await api.get(path))
    assert all(r.status_code in (200, 404, 405) for r in responses)
    assert sum(r.status_code == 200 for r in responses) == 4 * 9
    for response in responses:
        assert_no_secret(response.text, f"GET {response.request.url.path}")
    witness_read = (await people.lawyer.get(f"/api/witnesses/{witness['id']}")).json()
    assert witness_read["name"] == "AAA"

    events = await AuditEvent.select()
    actions = [e["action"] for e in events]
    assert "survivor_identity.set" in actions
    identity_event = next(e for e in events if e["action"] == "survivor_identity.set")
    assert identity_event["actor"] == people.advocate.user_id
    assert identity_event["entity_id"] == survivor["id"]
    assert identity_event["case_id"] == case_id
    assert "[redacted]" in identity_event["after"]
    for event in events:
        assert_no_secret(repr(event), f"audit row {event['action']}")
    assert_no_secret(caplog.text, "the log")

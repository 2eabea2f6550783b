"""Who a survivor is: only the survivor's advocate and the case's lead prosecutor, with a reason
and a second factor at login; every read and refusal audited; nobody else, ever."""

from __future__ import annotations

import httpx
import pytest

from docket.accounts.choices import Role
from docket.accounts.tables import User
from docket.audit.tables import AuditEvent
from tests.conftest import People, make_user
from tests.helpers import login_with_second_factor

pytestmark = pytest.mark.anyio

IDENTITY = {
    "legal_name": "Rosalinda Quiamco Belarmino",
    "notice_name": "Rosa",
    "birth_date": "2016-03-14",
    "shelter": "Haven of Mercy, Talisay",
    "school": "Tabunok Elementary School",
}


async def setup_case(people: People) -> tuple[int, int]:
    case = (
        await people.admin.post(
            "/api/cases",
            json={
                "docket_number": "CEB-2026-0777",
                "caption": "People v. Belarmino",
                "lead_prosecutor_id": people.prosecutor.user_id,
                "member_ids": [people.lawyer.user_id, people.advocate.user_id],
            },
        )
    ).json()
    survivor = (
        await people.admin.post(
            f"/api/cases/{case['id']}/survivors",
            json={
                "pseudonym": "AAA",
                "age_band": "7_to_11",
                "advocate_id": people.advocate.user_id,
            },
        )
    ).json()
    return case["id"], survivor["id"]


async def test_the_advocate_reads_with_a_reason_and_it_is_audited(
    people: People, client: httpx.AsyncClient
) -> None:
    _, survivor_id = await setup_case(people)
    stored = await people.advocate.put(f"/api/survivors/{survivor_id}/identity", json=IDENTITY)
    assert stored.status_code == 204

    # An API token has no second factor: refused, and the refusal is on record.
    token_read = await people.advocate.post(
        f"/api/survivors/{survivor_id}/identity/read",
        json={"reason": "arranging transport from the shelter"},
    )
    assert token_read.status_code == 403
    assert "two-step" in token_read.json()["detail"]

    email = await User.select(User.email).where(User.id == people.advocate.user_id).first()
    assert email
    csrf = await login_with_second_factor(client, email["email"])
    read = await client.post(
        f"/api/survivors/{survivor_id}/identity/read",
        json={"reason": "arranging transport from the shelter"},
        headers={"X-CSRF-Token": csrf},
    )
    assert read.status_code == 200, read.text
    assert read.json()["legal_name"] == IDENTITY["legal_name"]
    assert read.json()["pseudonym"] == "AAA"

    no_reason = await client.post(
        f"/api/survivors/{survivor_id}/identity/read",
        json={"reason": "x"},
        headers={"X-CSRF-Token": csrf},
    )
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"][0]["field"] == "reason"

    reads = await AuditEvent.select().where(AuditEvent.action == "survivor_identity.read")
    assert [r["outcome"] for r in reads] == ["denied", "ok"]
    assert "arranging transport" in reads[1]["after"]
    assert IDENTITY["legal_name"] not in "".join(r["after"] + r["before"] for r in reads)


async def test_nobody_else_may_know_who_the_survivor_is(people: People) -> None:
    case_id, survivor_id = await setup_case(people)
    body = {"reason": "I would like to know please"}
    url = f"/api/survivors/{survivor_id}/identity"
    assert (await people.lawyer.put(url, json=IDENTITY)).status_code == 403
    assert (await people.admin.put(url, json=IDENTITY)).status_code == 403
    assert (await people.lawyer.post(f"{url}/read", json=body)).status_code == 403
    # Another advocate, on the case but not this survivor's advocate: refused.
    other_id = await make_user("other.advocate@docket.test", Role.ADVOCATE)
    from docket.accounts.services import issue_api_token

    token = await issue_api_token("other.advocate@docket.test")
    await people.admin.patch(f"/api/cases/{case_id}", json={"version": 1})
    from docket.cases.tables import CaseMember

    await CaseMember.insert(CaseMember(case=case_id, user=other_id, lead=False))
    other = await people.client.put(
        url, json=IDENTITY, headers={"Authorization": f"Bearer {token}"}
    )
    assert other.status_code == 403
    # The lead prosecutor may store it.
    assert (await people.prosecutor.put(url, json=IDENTITY)).status_code == 204
    # Someone outside the case does not even learn that the survivor exists.
    outsider_id = await make_user("outsider@docket.test", Role.ADVOCATE)
    assert outsider_id
    outsider = await issue_api_token("outsider@docket.test")
    hidden = await people.client.post(
        f"{url}/read", json=body, headers={"Authorization": f"Bearer {outsider}"}
    )
    assert hidden.status_code == 404


async def test_the_reason_for_reading_an_identity_stays_in_the_audit_trail(people: People) -> None:
    """The case page's recent changes, seen by every lawyer and advocate on the case, say that
    the identity was read and by whom, but not the reason typed (which can name a shelter)."""
    case_id, survivor_id = await setup_case(people)
    stored = await people.advocate.put(
        f"/api/survivors/{survivor_id}/identity",
        json={"legal_name": "Rhea Mae Belarmino", "shelter": "Balay Dalangpanan"},
    )
    assert stored.status_code == 204
    reason = "confirming transfer to Balay Dalangpanan next week"
    csrf = await login_with_second_factor(people.client, "advocate@docket.test")
    read = await people.client.post(
        f"/api/survivors/{survivor_id}/identity/read",
        json={"reason": reason},
        headers={"X-CSRF-Token": csrf},
    )
    assert read.status_code == 200, read.text
    people.client.cookies.clear()
    refused = await people.lawyer.post(
        f"/api/survivors/{survivor_id}/identity/read", json={"reason": reason + " (lawyer)"}
    )
    assert refused.status_code == 403

    for api in (people.lawyer, people.advocate, people.prosecutor):
        page = await api.get(f"/cases/{case_id}")
        assert page.status_code == 200, page.text
        assert "Balay Dalangpanan" not in page.text
        assert "confirming transfer" not in page.text
    # The trail keeps it, for admins.
    trail = await people.admin.get("/api/audit", params={"case_id": case_id})
    assert reason in trail.text

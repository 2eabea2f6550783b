"""Who works on a case and for whom are the lead prosecutor's decisions (or an admin's): a team
member cannot make themselves a survivor's advocate (and so read who the child is), nor take a
case to another team. Each such decision is its own action in the audit trail."""

from __future__ import annotations

from typing import Any

import pytest

from docket.accounts.choices import Role
from docket.accounts.services import issue_api_token
from docket.accounts.tables import Team, TeamMember
from tests.conftest import Api, People, make_user

pytestmark = pytest.mark.anyio


async def teammate(people: People, email: str, role: Role) -> Api:
    user_id = await make_user(email, role)
    await TeamMember.insert(TeamMember(team=people.team_id, user=user_id))
    return Api(people.client, await issue_api_token(email), user_id)


async def led_case(people: People) -> dict[str, Any]:
    answer = await people.admin.post(
        "/api/cases",
        json={
            "docket_number": "CEB-2026-0404",
            "caption": "People v. Dela Cruz",
            "team_id": people.team_id,
            "lead_prosecutor_id": people.prosecutor.user_id,
            "member_ids": [people.lawyer.user_id, people.advocate.user_id],
        },
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def actions(people: People, case_id: int) -> list[tuple[str, str]]:
    trail = await people.admin.get("/api/audit", params={"case_id": case_id, "limit": 200})
    return [(row["action"], row["outcome"]) for row in trail.json()["items"]]


async def test_nobody_makes_themselves_a_survivors_advocate(people: People) -> None:
    case = await led_case(people)
    other_advocate = await teammate(people, "second.advocate@docket.test", Role.ADVOCATE)
    other_prosecutor = await teammate(people, "second.prosecutor@docket.test", Role.PROSECUTOR)
    # The lead prosecutor names the survivor's advocate.
    added = await people.prosecutor.post(
        f"/api/cases/{case['id']}/survivors",
        json={"pseudonym": "AAA", "age_band": "7_to_11", "advocate_id": people.advocate.user_id},
    )
    assert added.status_code == 201, added.text
    survivor = added.json()
    url = f"/api/survivors/{survivor['id']}"

    # Another advocate of the team, a lawyer on the case, a prosecutor who does not lead it:
    # none may take the survivor over, for themselves or for someone else.
    for api, advocate in (
        (other_advocate, other_advocate.user_id),
        (people.lawyer, other_advocate.user_id),
        (other_prosecutor, other_advocate.user_id),
        (people.advocate, None),
    ):
        taken = await api.patch(url, json={"version": 1, "advocate_id": advocate})
        assert taken.status_code == 403, (api.user_id, taken.text)
        assert "lead prosecutor" in taken.json()["detail"]
    assert (await people.advocate.get(url)).json() == survivor, "nothing changed"
    # Nor add a survivor of their own naming.
    for api in (other_advocate, people.lawyer):
        mine = await api.post(
            f"/api/cases/{case['id']}/survivors",
            json={"pseudonym": "BBB", "age_band": "adult", "advocate_id": other_advocate.user_id},
        )
        assert mine.status_code == 403, mine.text
    # Editing the rest of the survivor stays open to the team.
    edited = await people.lawyer.patch(url, json={"version": 1, "preferred_language": "war"})
    assert edited.status_code == 200, edited.text

    # The lead prosecutor hands the survivor to another advocate: its own action in the trail.
    handed = await people.prosecutor.patch(
        url, json={"version": 2, "advocate_id": other_advocate.user_id}
    )
    assert handed.status_code == 200, handed.text
    assert handed.json()["advocate_id"] == other_advocate.user_id
    trail = await people.admin.get("/api/audit", params={"case_id": case["id"]})
    assigned = [r for r in trail.json()["items"] if r["action"] == "survivor.advocate_assigned"]
    assert len(assigned) == 2, "named at creation, then handed over"
    assert assigned[0]["before"]["advocate"] == people.advocate.user_id
    assert assigned[0]["after"]["advocate"] == other_advocate.user_id
    assert assigned[0]["actor_id"] == people.prosecutor.user_id


async def test_only_the_lead_prosecutor_or_an_admin_moves_a_case_to_another_team(
    people: People,
) -> None:
    case = await led_case(people)
    other_prosecutor = await teammate(people, "second.prosecutor@docket.test", Role.PROSECUTOR)
    their_team = (await Team.insert(Team(name="Davao OSAEC Unit")).returning(Team.id))[0]["id"]
    url = f"/api/cases/{case['id']}"
    for api in (people.lawyer, other_prosecutor, people.advocate):
        moved = await api.patch(url, json={"version": 1, "team_id": their_team})
        assert moved.status_code == 403, moved.text
    assert (await other_prosecutor.get(url)).json()["team_id"] == people.team_id
    # A case's other edits stay open to its lawyers.
    renamed = await people.lawyer.patch(url, json={"version": 1, "caption": "People v. Cruz"})
    assert renamed.status_code == 200, renamed.text

    moved = await people.prosecutor.patch(url, json={"version": 2, "team_id": their_team})
    assert moved.status_code == 200, moved.text
    # The old team's members who are not on the case lose it at once.
    assert (await other_prosecutor.get(url)).status_code == 404
    assert (await people.prosecutor.get(url)).status_code == 200, "the lead stays on it"
    assert ("case.transferred", "ok") in await actions(people, case["id"])

"""One access mechanism: every service is told who is acting, and keeps to that person's cases
whether it is called by the API, a page, a feed or a command. Before, the object checks read a
context variable that the request middleware set, and let everything through when it was unset:
a service called anywhere else (a background job, a command acting for a person, a new list)
showed every case to anyone. The system (command line, demo loader) reaches every case because
it says so, not because nobody is set."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from docket.accounts.choices import Role
from docket.accounts.services import Actor, actor_from_row, system_actor
from docket.accounts.tables import Team, User
from docket.errors import NotFound
from docket.hearings.schemas import HearingRead
from tests.conftest import People

pytestmark = pytest.mark.anyio


async def as_actor(user_id: int | None) -> Actor:
    row = await User.select().where(User.id == user_id).first()
    assert row is not None
    return actor_from_row(row, via="token")


async def case_of_team(
    people: People, team_id: int, number: str, advocate: int | None
) -> dict[str, Any]:
    court = await people.admin.post("/api/courts", json={"name": f"RTC {number}"})
    case = (
        await people.admin.post(
            "/api/cases",
            json={
                "docket_number": number,
                "caption": "People v. Doe",
                "court_id": court.json()["id"],
                "team_id": team_id,
            },
        )
    ).json()
    survivor = await people.admin.post(
        f"/api/cases/{case['id']}/survivors",
        json={"pseudonym": "CCC", "age_band": "12_to_17", "advocate_id": advocate},
    )
    assert survivor.status_code == 201, survivor.text
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=5)
    hearing = await people.admin.post(
        f"/api/cases/{case['id']}/hearings",
        json={
            "kind": "trial",
            "starts_at": soon.isoformat(),
            "ends_at": (soon + dt.timedelta(hours=2)).isoformat(),
        },
    )
    assert hearing.status_code == 201, hearing.text
    return {"case": case, "survivor": survivor.json(), "hearing": hearing.json()}


async def all_hearings(who: Actor) -> tuple[list[HearingRead], int]:
    from docket.hearings.services import list_hearings

    return await list_hearings(
        who,
        case_id=None,
        court_id=None,
        status=None,
        kind=None,
        starts_from=None,
        starts_before=None,
        limit=50,
        offset=0,
    )


async def test_a_service_keeps_to_the_persons_cases_outside_a_request(people: People) -> None:
    from docket.cases import services as cases
    from docket.hearings import services as hearings
    from docket.notices import services as notices

    other_team = (await Team.insert(Team(name="Other team")).returning(Team.id))[0]["id"]
    own = await case_of_team(people, people.team_id, "CEB-OWN", people.advocate.user_id)
    # The advocate is still named on a case that went to another team: she must not see it.
    other = await case_of_team(people, other_team, "CEB-OTHER", people.advocate.user_id)
    advocate = await as_actor(people.advocate.user_id)
    lawyer = await as_actor(people.lawyer.user_id)

    # Called as the service of a job or a command would call it: no request around it.
    for who in (advocate, lawyer):
        with pytest.raises(NotFound):
            await cases.get_survivor(who, other["survivor"]["id"])
        with pytest.raises(NotFound):
            await cases.get_case(who, other["case"]["id"])
        with pytest.raises(NotFound):
            await hearings.get_hearing(who, other["hearing"]["id"])
        found, total = await all_hearings(who)
        assert [h.case_id for h in found] == [own["case"]["id"]]
        assert total == 1
        listed, _ = await cases.list_cases(
            who, q=None, stage=None, court_id=None, team_id=None, limit=50, offset=0
        )
        assert [c.id for c in listed] == [own["case"]["id"]]
    assert (await cases.get_survivor(advocate, own["survivor"]["id"])).pseudonym == "CCC"
    due = await notices.notices_due(advocate, days=30)
    assert {item.hearing_id for item in due.items} == {own["hearing"]["id"]}

    # The system reaches every case, and says so.
    system = system_actor("test job")
    assert system.role == Role.ADMIN
    assert system.audit_id is None
    assert (await cases.get_survivor(system, other["survivor"]["id"])).id == other["survivor"]["id"]
    _everything, total = await all_hearings(system)
    assert total == 2


async def test_a_lawyer_is_refused_the_case_people_page_by_the_policy_table(
    people: People,
) -> None:
    """The page's own row in the table refuses, before the page reads anything (the refusal
    page, not the case's people)."""
    own = await case_of_team(people, people.team_id, "CEB-PPL", people.advocate.user_id)
    page = await people.lawyer.get(f"/cases/{own['case']['id']}/people")
    assert page.status_code == 403
    assert "may do this" in page.text
    assert "CEB-PPL" not in page.text
    # An admin page: the same.
    assert (await people.advocate.get("/admin/users")).status_code == 403

"""Who works on a case and for whom are the lead prosecutor's decisions (or an admin's): a team
member cannot make themselves a survivor's advocate (and so read who the child is), nor take a
case to another team. Each such decision is its own action in the audit trail."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from docket.accounts.choices import Role
from docket.accounts.services import issue_api_token
from docket.accounts.tables import Team, TeamMember
from tests.conftest import FIXED_NOW, Api, People, make_user

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


async def lead_of(people: People, case_id: int) -> dict[str, Any]:
    return dict((await people.admin.get(f"/api/cases/{case_id}")).json())


async def test_only_the_lead_prosecutor_or_an_admin_hands_a_case_to_another_lead(
    people: People,
) -> None:
    case = await led_case(people)
    other_prosecutor = await teammate(people, "second.prosecutor@docket.test", Role.PROSECUTOR)
    url = f"/api/cases/{case['id']}/lead"
    # Nobody takes the lead for themselves, nor hands it to someone else.
    for api, lead in (
        (other_prosecutor, other_prosecutor.user_id),
        (people.lawyer, other_prosecutor.user_id),
        (people.advocate, other_prosecutor.user_id),
        (people.lawyer, people.lawyer.user_id),
    ):
        taken = await api.put(url, json={"version": 1, "lead_prosecutor_id": lead})
        assert taken.status_code == 403, (api.user_id, taken.text)
    assert (await lead_of(people, case["id"]))["lead_prosecutor_id"] == people.prosecutor.user_id

    # The lead must be a prosecutor; an edit made on an older copy of the case is refused.
    not_a_prosecutor = await people.prosecutor.put(
        url, json={"version": 1, "lead_prosecutor_id": people.lawyer.user_id}
    )
    assert not_a_prosecutor.status_code == 400
    assert not_a_prosecutor.json()["errors"][0]["field"] == "lead_prosecutor_id"
    stale = await people.prosecutor.put(
        url, json={"version": 7, "lead_prosecutor_id": other_prosecutor.user_id}
    )
    assert stale.status_code == 412

    handed = await people.prosecutor.put(
        url, json={"version": 1, "lead_prosecutor_id": other_prosecutor.user_id}
    )
    assert handed.status_code == 200, handed.text
    assert handed.json()["lead_prosecutor_id"] == other_prosecutor.user_id
    assert people.prosecutor.user_id in handed.json()["member_ids"], "the lead before stays on"
    assert handed.json()["version"] == 2
    # The lead before is now a member like any other: the decision is no longer theirs.
    back = await people.prosecutor.put(
        url, json={"version": 2, "lead_prosecutor_id": people.prosecutor.user_id}
    )
    assert back.status_code == 403
    # An admin may hand it back.
    back = await people.admin.put(
        url,
        json={"lead_prosecutor_id": people.prosecutor.user_id},
        headers={"If-Match": '"2"'},
    )
    assert back.status_code == 200, back.text
    assert back.json()["lead_prosecutor_id"] == people.prosecutor.user_id
    assert other_prosecutor.user_id in back.json()["member_ids"]

    trail = await people.admin.get("/api/audit", params={"case_id": case["id"]})
    changes = [
        (row["actor_id"], row["before"], row["after"])
        for row in reversed(trail.json()["items"])
        if row["action"] == "case.lead_changed"
    ]
    assert changes == [
        (
            people.prosecutor.user_id,
            {"lead": people.prosecutor.user_id},
            {"lead": other_prosecutor.user_id},
        ),
        (
            people.admin.user_id,
            {"lead": other_prosecutor.user_id},
            {"lead": people.prosecutor.user_id},
        ),
    ]


async def test_only_the_lead_prosecutor_or_an_admin_puts_people_on_a_case_or_takes_them_off(
    people: People,
) -> None:
    case = await led_case(people)
    other_prosecutor = await teammate(people, "second.prosecutor@docket.test", Role.PROSECUTOR)
    other_lawyer = await teammate(people, "second.lawyer@docket.test", Role.LAWYER)
    url = f"/api/cases/{case['id']}/members"
    # Nobody puts themselves (or anyone) on the case, nor takes anyone off it.
    for api, who in (
        (other_prosecutor, other_prosecutor.user_id),
        (other_lawyer, other_lawyer.user_id),
        (people.lawyer, other_lawyer.user_id),
        (people.advocate, other_lawyer.user_id),
    ):
        added = await api.post(url, json={"user_id": who})
        assert added.status_code == 403, (api.user_id, added.text)
    for api in (other_prosecutor, people.advocate, people.lawyer):
        removed = await api.request("DELETE", f"{url}/{people.lawyer.user_id}")
        assert removed.status_code == 403, (api.user_id, removed.text)
    unchanged = await lead_of(people, case["id"])
    assert unchanged["member_ids"] == [people.lawyer.user_id, people.advocate.user_id]
    assert unchanged["version"] == 1

    added = await people.prosecutor.post(url, json={"user_id": other_lawyer.user_id})
    assert added.status_code == 201, added.text
    assert added.json()["member_ids"] == [
        people.lawyer.user_id,
        people.advocate.user_id,
        other_lawyer.user_id,
    ]
    assert added.json()["version"] == 2, "the case's people changed"
    again = await people.prosecutor.post(url, json={"user_id": other_lawyer.user_id})
    assert again.status_code == 409
    nobody = await people.prosecutor.post(url, json={"user_id": 999999})
    assert nobody.status_code == 400
    assert nobody.json()["errors"][0]["field"] == "user_id"
    # An admin may put themselves on a case.
    assert (await people.admin.post(url, json={"user_id": people.admin.user_id})).is_success

    removed = await people.prosecutor.request("DELETE", f"{url}/{other_lawyer.user_id}")
    assert removed.status_code == 200, removed.text
    assert other_lawyer.user_id not in removed.json()["member_ids"]
    missing = await people.prosecutor.request("DELETE", f"{url}/{other_lawyer.user_id}")
    assert missing.status_code == 404
    # The lead is changed, not taken off.
    lead = await people.admin.request("DELETE", f"{url}/{people.prosecutor.user_id}")
    assert lead.status_code == 409
    assert "lead" in lead.json()["detail"]
    assert (await lead_of(people, case["id"]))["lead_prosecutor_id"] == people.prosecutor.user_id

    trail = await people.admin.get("/api/audit", params={"case_id": case["id"]})
    rows = [row for row in reversed(trail.json()["items"]) if row["action"].startswith("case.m")]
    first = [people.lawyer.user_id, people.advocate.user_id]
    assert [(r["action"], r["actor_id"], r["before"], r["after"]) for r in rows] == [
        (
            "case.member_added",
            people.prosecutor.user_id,
            {"member_ids": first},
            {"member_ids": [*first, other_lawyer.user_id]},
        ),
        (
            "case.member_added",
            people.admin.user_id,
            {"member_ids": [*first, other_lawyer.user_id]},
            {"member_ids": [*first, other_lawyer.user_id, people.admin.user_id]},
        ),
        (
            "case.member_removed",
            people.prosecutor.user_id,
            {"member_ids": [*first, other_lawyer.user_id, people.admin.user_id]},
            {"member_ids": [*first, people.admin.user_id]},
        ),
    ]


async def test_a_survivors_advocate_stays_on_the_case_until_the_survivor_has_another(
    people: People,
) -> None:
    """Taken off a case outside her team, she would lose the survivor she prepares for court,
    and the survivor's notices would be nobody's."""
    opened = await people.admin.post(
        "/api/cases",
        json={
            "docket_number": "CEB-2026-0405",
            "caption": "People v. Ybañez",
            "lead_prosecutor_id": people.prosecutor.user_id,
            "member_ids": [people.advocate.user_id],
        },
    )
    case_id = opened.json()["id"]
    survivor = await people.prosecutor.post(
        f"/api/cases/{case_id}/survivors",
        json={"pseudonym": "AAA", "age_band": "12_to_17", "advocate_id": people.advocate.user_id},
    )
    assert survivor.status_code == 201, survivor.text
    url = f"/api/cases/{case_id}/members/{people.advocate.user_id}"
    kept = await people.prosecutor.request("DELETE", url)
    assert kept.status_code == 409
    assert "AAA" in kept.json()["detail"]
    assert (await people.advocate.get(f"/api/cases/{case_id}")).status_code == 200

    other_advocate = await make_user("second.advocate@docket.test", Role.ADVOCATE)
    assert (
        await people.prosecutor.post(
            f"/api/cases/{case_id}/members", json={"user_id": other_advocate}
        )
    ).status_code == 201
    handed = await people.prosecutor.patch(
        f"/api/survivors/{survivor.json()['id']}",
        json={"version": 1, "advocate_id": other_advocate},
    )
    assert handed.status_code == 200, handed.text
    assert (await people.prosecutor.request("DELETE", url)).status_code == 200
    assert (await people.advocate.get(f"/api/cases/{case_id}")).status_code == 404


async def team_feed(api: Api, team_id: int) -> str:
    made = await api.post(
        "/api/feeds", json={"scope": "team", "scope_id": team_id, "include_deadlines": True}
    )
    assert made.status_code == 201, made.text
    return httpx.URL(made.json()["url"]).path


async def feed_text(people: People, path: str, etag: str | None = None) -> tuple[str, str]:
    """The summaries of a feed's events, and its ETag; asked as a calendar asks again."""
    headers = {"If-None-Match": etag} if etag else {}
    answer = await people.client.get(path, headers=headers)
    assert answer.status_code == 200, "the feed changed, so no 304"
    calendar = Calendar.from_ical(answer.content)
    return " | ".join(str(event.get("summary")) for event in calendar.events), answer.headers[
        "etag"
    ]


async def at_risk(api: Api) -> list[str]:
    answer = await api.get("/api/deadlines/at-risk", params={"as_of": "2026-11-24"})
    assert answer.status_code == 200, answer.text
    return [item["docket_number"] for item in answer.json()["items"]]


async def notices_due(api: Api) -> list[str]:
    answer = await api.get("/api/notices/due", params={"days": 30})
    assert answer.status_code == 200, answer.text
    return [item["pseudonym"] for item in answer.json()["items"]]


async def test_a_transfer_moves_the_cases_hearings_deadlines_and_notices_to_the_new_team(
    people: People,
) -> None:
    """The Cebu team hands a detained accused's case to the Davao team: Davao's calendars,
    at-risk list and notices show it at once, and Cebu's people who are not on it lose it."""
    court = await people.admin.post("/api/courts", json={"name": "RTC Branch 12, Cebu City"})
    # The lead prosecutor and a lawyer are on the case; the survivor's advocate and another
    # prosecutor see it through the Cebu team only.
    opened = await people.admin.post(
        "/api/cases",
        json={
            "docket_number": "CEB-2026-0505",
            "caption": "People v. Dela Cruz",
            "stage": "information_filed",
            "court_id": court.json()["id"],
            "team_id": people.team_id,
            "lead_prosecutor_id": people.prosecutor.user_id,
            "member_ids": [people.lawyer.user_id],
        },
    )
    assert opened.status_code == 201, opened.text
    case = opened.json()
    cebu_prosecutor = await teammate(people, "cebu.prosecutor@docket.test", Role.PROSECUTOR)
    davao = (await Team.insert(Team(name="Davao OSAEC Unit")).returning(Team.id))[0]["id"]
    davao_prosecutor = await teammate(people, "davao.prosecutor@docket.test", Role.PROSECUTOR)
    davao_advocate = await teammate(people, "davao.advocate@docket.test", Role.ADVOCATE)
    for api in (davao_prosecutor, davao_advocate):
        await TeamMember.delete().where(TeamMember.user == api.user_id)
        await TeamMember.insert(TeamMember(team=davao, user=api.user_id))

    accused = await people.lawyer.post(
        f"/api/cases/{case['id']}/accused",
        json={"name": "Rodrigo Dela Cruz", "custody_status": "detained"},
    )
    assert accused.status_code == 201, accused.text
    facts = (await people.lawyer.get(f"/api/cases/{case['id']}/facts")).json()
    # Received by the court on 20 Nov: the detained accused is arraigned by 30 Nov (CT III.8).
    set_facts = await people.lawyer.patch(
        f"/api/cases/{case['id']}/facts",
        json={"version": facts["version"], "court_received_on": "2026-11-20"},
    )
    assert set_facts.status_code == 200, set_facts.text
    survivor = await people.prosecutor.post(
        f"/api/cases/{case['id']}/survivors",
        json={"pseudonym": "AAA", "age_band": "7_to_11", "advocate_id": people.advocate.user_id},
    )
    assert survivor.status_code == 201, survivor.text
    starts = FIXED_NOW + dt.timedelta(days=6)
    hearing = await people.lawyer.post(
        f"/api/cases/{case['id']}/hearings",
        json={
            "kind": "arraignment",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=1)).isoformat(),
        },
    )
    assert hearing.status_code == 201, hearing.text

    cebu_feed = await team_feed(cebu_prosecutor, people.team_id)
    davao_feed = await team_feed(davao_prosecutor, davao)
    cebu_events, cebu_etag = await feed_text(people, cebu_feed)
    davao_events, davao_etag = await feed_text(people, davao_feed)
    assert "CEB-2026-0505" in cebu_events
    assert "Arraignment" in cebu_events, "the hearing"
    assert "CEB-2026-0505" not in davao_events
    assert await at_risk(cebu_prosecutor) == ["CEB-2026-0505"]
    assert await at_risk(davao_prosecutor) == []
    assert await notices_due(people.advocate) == ["AAA"]
    assert await notices_due(davao_advocate) == []

    url = f"/api/cases/{case['id']}/transfer"
    body: dict[str, Any] = {"version": 1, "team_id": davao, "reason": "Accused moved to Davao"}
    # Only the lead prosecutor or an admin moves the case, to any team, their own included.
    for api in (cebu_prosecutor, people.lawyer, people.advocate, davao_prosecutor):
        refused = await api.post(url, json=body)
        assert refused.status_code in (403, 404), (api.user_id, refused.text)
        assert refused.status_code == (404 if api is davao_prosecutor else 403)
    # The survivor's advocate would lose the case: the lead names her Davao advocate with it.
    orphaned = await people.prosecutor.post(url, json=body)
    assert orphaned.status_code == 400
    assert orphaned.json()["errors"][0]["field"] == "advocates"
    assert "AAA" in orphaned.json()["errors"][0]["message"]
    patched = await people.prosecutor.patch(
        f"/api/cases/{case['id']}", json={"version": 1, "team_id": davao}
    )
    assert patched.status_code == 400
    assert patched.json()["errors"][0]["field"] == "team_id"
    assert "/transfer" in patched.json()["errors"][0]["message"]
    wrong = await people.prosecutor.post(
        url,
        json=body
        | {
            "advocates": [
                {"survivor_id": survivor.json()["id"], "advocate_id": davao_prosecutor.user_id}
            ]
        },
    )
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["field"] == "advocates[0].advocate_id"
    assert (await cebu_prosecutor.get(f"/api/cases/{case['id']}")).status_code == 200

    handover = [{"survivor_id": survivor.json()["id"], "advocate_id": davao_advocate.user_id}]
    moved = await people.prosecutor.post(url, json=body | {"advocates": handover})
    assert moved.status_code == 200, moved.text
    assert moved.json()["team_id"] == davao
    assert moved.json()["version"] == 2
    assert (
        await people.prosecutor.post(url, json=body | {"advocates": handover})
    ).status_code == 412

    # The new team sees the case, its hearing, its deadline and the survivor's notice at once;
    # Cebu's people who are not on the case lose all of it.
    assert (await davao_prosecutor.get(f"/api/cases/{case['id']}")).status_code == 200
    assert (await cebu_prosecutor.get(f"/api/cases/{case['id']}")).status_code == 404
    assert (await people.advocate.get(f"/api/cases/{case['id']}")).status_code == 404
    assert (await people.prosecutor.get(f"/api/cases/{case['id']}")).status_code == 200
    cebu_after, _ = await feed_text(people, cebu_feed, cebu_etag)
    davao_after, _ = await feed_text(people, davao_feed, davao_etag)
    assert "CEB-2026-0505" not in cebu_after
    assert "CEB-2026-0505" in davao_after
    assert "Arraignment" in davao_after
    assert await at_risk(cebu_prosecutor) == []
    assert await at_risk(davao_prosecutor) == ["CEB-2026-0505"]
    assert await notices_due(people.advocate) == []
    assert await notices_due(davao_advocate) == ["AAA"]

    trail = await people.admin.get("/api/audit", params={"case_id": case["id"]})
    rows: dict[str, dict[str, Any]] = {}
    for row in trail.json()["items"]:  # newest first
        rows.setdefault(row["action"], row)
    transferred = rows["case.transferred"]
    assert transferred["actor_id"] == people.prosecutor.user_id
    assert transferred["before"] == {"team": people.team_id}
    assert transferred["after"] == {"team": davao, "reason": "Accused moved to Davao"}
    handed = rows["survivor.advocate_assigned"]
    assert handed["before"] == {"advocate": people.advocate.user_id}
    assert handed["after"] == {"advocate": davao_advocate.user_id}


async def test_of_a_transfer_a_lead_change_and_an_edit_made_on_one_version_exactly_one_wins(
    people: People,
) -> None:
    """Each decision was made on the case as its maker saw it: the later ones are refused
    (412) rather than laid over the first, and the case's version moves on once."""
    case = await led_case(people)
    other_prosecutor = await teammate(people, "second.prosecutor@docket.test", Role.PROSECUTOR)
    davao = (await Team.insert(Team(name="Davao OSAEC Unit")).returning(Team.id))[0]["id"]
    url = f"/api/cases/{case['id']}"
    answers = await asyncio.gather(
        people.prosecutor.post(
            f"{url}/transfer", json={"version": 1, "team_id": davao, "reason": "Moved to Davao"}
        ),
        people.admin.put(
            f"{url}/lead", json={"version": 1, "lead_prosecutor_id": other_prosecutor.user_id}
        ),
        people.lawyer.patch(url, json={"version": 1, "caption": "People v. Cruz"}),
    )
    codes = [answer.status_code for answer in answers]
    assert sorted(codes) == [200, 412, 412], [answer.text for answer in answers]
    assert all(a.json()["current_version"] == 2 for a in answers if a.status_code == 412)
    final = (await people.admin.get(url)).json()
    assert final["version"] == 2
    done = [action for action, _ in await actions(people, case["id"])]
    made = {"case.transferred", "case.lead_changed", "case.update"} & set(done)
    assert len(made) == 1, done
    assert (final["team_id"] == davao) == ("case.transferred" in made)
    assert (final["lead_prosecutor_id"] == other_prosecutor.user_id) == (
        "case.lead_changed" in made
    )
    assert (final["caption"] == "People v. Cruz") == ("case.update" in made)

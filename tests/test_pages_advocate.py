"""The advocate's notice flow from the pages: the trip plan per hearing and survivor (the same
checks as the API, errors next to the fields, what was typed kept), the name the notice greets
the survivor by, and the links from her home page and the survivor's page to both and to
printing. Only the survivor's advocate and the case's lead prosecutor with two-step login see
the plan; the rest of the team sees that it exists and is complete."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from docket.accounts.choices import Role
from docket.audit.tables import AuditEvent
from docket.notices.preparation import trip_plan
from tests.conftest import Api, People, make_user
from tests.test_notices_api import pdf_text, setup_case, two_step
from tests.test_trip_plan_access import password_only

pytestmark = pytest.mark.anyio

#: The trip plan as the advocate types it into the page's form.
TYPED = {
    "meeting_place": "the front gate",
    "meeting_time": "07:00",
    "leave_time": "07:15",
    "support_person_1": "Nena",
    "support_person_2": "",
    "role_note": "identify only",
    "vehicle_and_escort": "DSWD van, driver Kuya Ramil",
    "route_and_entrance": "the side entrance on Escario",
    "return_plan": "straight back after lunch",
    "safety_notes": "Keep her away from the main lobby.",
    "after_notes": "Debrief over merienda.",
}


def plan_page(ids: dict[str, int]) -> str:
    return f"/hearings/{ids['hearing_id']}/survivors/{ids['survivor_id']}/preparation"


async def send(api: Api, path: str, form: dict[str, str]) -> Any:
    """A page form as the browser sends it, with the session's CSRF field."""
    token = api.client.headers.get("X-CSRF-Token", "")
    return await api.client.post(path, data={"_csrf_token": token, **form})


async def test_the_advocate_fills_the_trip_plan_from_the_pages_then_prints(
    people: People, tmp_path: Path
) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    path = plan_page(ids)

    home = await advocate.get("/")
    assert f'href="{path}"' in home.text, "each coming hearing links to its trip plan"
    survivor = await advocate.get(f"/survivors/{ids['survivor_id']}")
    assert "Fill in the trip plan" in survivor.text
    assert f'/survivors/{ids["survivor_id"]}/notice"' not in survivor.text, "not before it is done"

    empty = await advocate.get(path)
    assert empty.status_code == 200, empty.text
    assert 'name="meeting_place"' in empty.text
    assert 'name="version" value="0"' in empty.text

    saved = await send(advocate, path, TYPED | {"version": "0"})
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == f"{path}?done=trip-plan"
    shown = await advocate.get(saved.headers["location"])
    assert "The trip plan was saved." in shown.text
    assert "the side entrance on Escario" in shown.text
    assert 'value="Nena"' in shown.text
    assert 'name="version" value="1"' in shown.text

    summary = await people.lawyer.get(f"/api{path}/summary")
    assert summary.json()["complete"] is True
    assert summary.json()["updated_by_id"] == people.advocate.user_id

    notice = f"/hearings/{ids['hearing_id']}/survivors/{ids['survivor_id']}/notice"
    for page in ("/", f"/survivors/{ids['survivor_id']}", f"/hearings/{ids['hearing_id']}"):
        assert f'href="{notice}"' in (await advocate.get(page)).text, page
    for variant, expected in (("advocate_checklist", "Escario"), ("", "Lani")):
        printed = await send(advocate, notice, {"variant": variant, "lang": "en", "paper": "a4"})
        assert printed.status_code == 200, printed.text
        assert printed.headers["content-type"] == "application/pdf"
        assert expected in pdf_text(printed.content, tmp_path)


async def test_bad_trip_plan_input_is_said_next_to_its_field_and_what_was_typed_stays(
    people: People,
) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    path = plan_page(ids)

    # The hearing starts at 9:30 in Cebu.
    late = await send(advocate, path, TYPED | {"leave_time": "09:45", "version": "0"})
    assert late.status_code == 400, late.text
    assert "Leaving time must be before the hearing starts (09:30)." in late.text
    assert 'id="leave_time-error"' in late.text
    assert 'value="the front gate"' in late.text, "what was typed survives the error"
    assert "Debrief over merienda." in late.text

    early = await send(advocate, path, TYPED | {"leave_time": "06:00", "version": "0"})
    assert "Leaving time is before the meeting time." in early.text

    empty = await send(advocate, path, {"version": "0"})
    assert empty.status_code == 400
    assert "write at least where you meet the survivor" in empty.text

    not_a_time = await send(advocate, path, TYPED | {"meeting_time": "7am", "version": "0"})
    assert not_a_time.status_code == 400
    assert "Meeting time must be a time, e.g. 07:30." in not_a_time.text

    long = await send(advocate, path, TYPED | {"safety_notes": "x" * 10_000, "version": "0"})
    assert long.status_code == 400
    assert "Safety notes must be at most 2000 characters." in long.text

    surname = await send(
        advocate, path, TYPED | {"support_person_1": "Ana Dalisay", "version": "0"}
    )
    assert surname.status_code == 400
    assert "surname of someone accused" in surname.text

    control = await send(advocate, path, TYPED | {"meeting_place": "gate\x00", "version": "0"})
    assert control.status_code == 400, control.text
    assert "meeting place must not hold control characters" in control.text.lower()
    assert await trip_plan(ids["hearing_id"], ids["survivor_id"]) is None, "nothing was saved"


async def test_a_trip_plan_changed_meanwhile_is_not_overwritten_without_a_word(
    people: People,
) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    lead = await two_step(people, people.prosecutor)
    path = plan_page(ids)
    assert (await send(advocate, path, TYPED | {"version": "0"})).status_code == 303

    # The advocate opened the form at version 1; the lead prosecutor saved first.
    opened = {f"was_{name}": value for name, value in TYPED.items()}
    assert (await send(lead, path, TYPED | {"meeting_time": "06:45", "version": "1"})).is_redirect
    stale = await send(
        advocate, path, TYPED | opened | {"return_plan": "by jeepney", "version": "1"}
    )
    assert stale.status_code == 412, stale.text
    assert "Prosecutor saved this trip plan at" in stale.text
    assert "(meeting time)" in stale.text, "what the other person changed"
    assert 'value="by jeepney"' not in stale.text  # a textarea: her words are its content
    assert ">by jeepney</textarea>" in stale.text, "her change is kept"
    assert 'value="06:45"' in stale.text, "theirs is kept where she changed nothing"
    assert 'name="version" value="2"' in stale.text
    plan = await trip_plan(ids["hearing_id"], ids["survivor_id"])
    assert plan is not None
    assert plan.words.return_plan == "straight back after lunch"

    # Pressing Save again writes both: her return plan and their meeting time.
    shown = TYPED | {"meeting_time": "06:45", "return_plan": "by jeepney"}
    now = {f"was_{name}": value for name, value in (TYPED | {"meeting_time": "06:45"}).items()}
    again = await send(advocate, path, shown | now | {"version": "2"})
    assert again.status_code == 303
    plan = await trip_plan(ids["hearing_id"], ids["survivor_id"])
    assert plan is not None
    assert plan.words.return_plan == "by jeepney"
    assert plan.row["meeting_time"].strftime("%H:%M") == "06:45"


async def test_without_two_step_login_the_trip_plan_page_says_how_to_get_the_code(
    people: People,
) -> None:
    ids = await setup_case(people)
    path = plan_page(ids)
    # The advocate has not set up two-step login; the lead prosecutor has, and made the plan.
    without_code = await password_only(people, people.advocate)
    lead = await two_step(people, people.prosecutor)
    assert (await send(lead, path, TYPED | {"version": "0"})).status_code == 303

    page = await without_code.get(path)
    assert page.status_code == 403
    assert "The trip plan needs the code from your authenticator app." in page.text
    assert 'href="/account/two-step"' in page.text
    assert f'href="/login?next={path}"' in page.text
    assert "front gate" not in page.text
    assert "Escario" not in page.text
    assert "Complete: meeting place and times recorded" in page.text

    refused = await send(
        without_code, path, TYPED | {"meeting_place": "the church", "version": "1"}
    )
    assert refused.status_code == 403
    assert "the church" not in refused.text
    plan = await trip_plan(ids["hearing_id"], ids["survivor_id"])
    assert plan is not None
    assert plan.words.meeting_place == "the front gate"
    denied = await AuditEvent.select().where(
        (AuditEvent.action == "notice_preparation.update") & (AuditEvent.outcome == "denied")
    )
    assert len(denied) == 1


async def test_the_rest_of_the_team_sees_only_whether_the_trip_plan_is_complete(
    people: People,
) -> None:
    ids = await setup_case(people)
    path = plan_page(ids)
    advocate = await two_step(people, people.advocate)
    assert (await send(advocate, path, TYPED | {"version": "0"})).status_code == 303

    page = await people.lawyer.get(path)
    assert page.status_code == 403
    assert "Only AAA's advocate and the case's lead prosecutor" in page.text
    assert "Complete: meeting place and times recorded" in page.text
    assert "Advocate, " in page.text, "who changed it last"
    for word in ("front gate", "Nena", "Escario", "main lobby", 'name="meeting_place"'):
        assert word not in page.text

    # A survivor of another case, or a case outside the person's teams: nothing to see.
    other = f"/hearings/{ids['hearing_id']}/survivors/{ids['other_survivor_id']}/preparation"
    assert (await advocate.get(other)).status_code == 404
    await make_user("outsider@docket.test", Role.ADVOCATE)
    outsider = await two_step(people, Api(people.client, None, await _id("outsider")))
    assert (await outsider.get(path)).status_code == 404


async def _id(name: str) -> int:
    from docket.accounts.tables import User

    row = await User.select(User.id).where(User.email == f"{name}@docket.test").first()
    assert row is not None
    return int(row["id"])


async def test_the_advocate_records_the_name_the_notice_greets_the_survivor_by(
    people: People, tmp_path: Path
) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    survivor_path = f"/survivors/{ids['survivor_id']}"
    page = await advocate.get(survivor_path)
    assert "A name for AAA's notice is recorded." in page.text
    assert "Lani" not in page.text, "the name is kept with who she is, not shown on the page"

    empty = await send(advocate, f"{survivor_path}/notice-name", {"notice_name": "  "})
    assert empty.status_code == 400
    assert "Name on the notice must not be empty." in empty.text

    saved = await send(advocate, f"{survivor_path}/notice-name", {"notice_name": "Mimi"})
    assert saved.status_code == 303
    assert (
        "The name on the notice was saved." in (await advocate.get(saved.headers["location"])).text
    )
    audited = (
        await AuditEvent.select()
        .where(
            (AuditEvent.action == "survivor_identity.set") & (AuditEvent.actor == advocate.user_id)
        )
        .order_by(AuditEvent.id)
    )
    assert json.loads(audited[-1]["after"]) == {"notice_name": "[redacted]"}, "never the name"

    # The rest of who she is stays as it was; the notice greets her by the new name.
    identity = await advocate.post(
        f"/api/survivors/{ids['survivor_id']}/identity/read",
        json={"reason": "checking the notice name"},
    )
    assert identity.json()["legal_name"] == "Lani Marie Dalisay"
    assert identity.json()["notice_name"] == "Mimi"

    # A lawyer on the team may neither see the form nor set the name.
    assert 'name="notice_name"' not in (await people.lawyer.get(survivor_path)).text
    refused = await people.lawyer.client.post(
        f"{survivor_path}/notice-name",
        data={"notice_name": "Bea"},
        headers={"Authorization": f"Bearer {people.lawyer.token}"},
    )
    assert refused.status_code == 403
    assert "may see or change who the survivor is" in refused.text


async def test_the_meeting_place_is_chosen_from_the_offices_list_on_the_page(
    people: People,
) -> None:
    ids = await setup_case(people)
    names = {
        "name_ceb": "lobby sa opisina sa DSWD, Lahug",
        "name_fil": "lobby ng opisina ng DSWD, Lahug",
        "name_en": "the DSWD office lobby, Lahug",
        "name_war": "lobby han opisina han DSWD, Lahug",
    }
    place = (await people.admin.post("/api/meeting-places", json=names)).json()
    advocate = await two_step(people, people.advocate)
    path = plan_page(ids)
    empty = await advocate.get(path)
    assert f'<option value="{place["id"]}">the DSWD office lobby, Lahug</option>' in empty.text

    chosen = TYPED | {"meeting_place": "", "meeting_place_id": str(place["id"]), "version": "0"}
    saved = await send(advocate, path, chosen)
    assert saved.status_code == 303, saved.text
    plan = await trip_plan(ids["hearing_id"], ids["survivor_id"])
    assert plan is not None
    assert plan.words.meeting_place_id == place["id"]
    assert plan.row["complete"]
    shown = await advocate.get(path)
    assert f'<option value="{place["id"]}" selected>' in shown.text

    # Both, or a number that is no place: said next to the field, nothing saved.
    for wrong, field in (
        ({"meeting_place": "the front gate"}, "meeting_place"),
        ({"meeting_place_id": "9999"}, "meeting_place_id"),
        ({"meeting_place_id": "gate"}, "meeting_place_id"),
    ):
        refused = await send(advocate, path, chosen | {"version": "1"} | wrong)
        assert refused.status_code == 400, wrong
        assert f'id="{field}-error"' in refused.text, wrong
    again = await trip_plan(ids["hearing_id"], ids["survivor_id"])
    assert again is not None
    assert again.row["version"] == 1

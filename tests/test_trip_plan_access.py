"""A survivor's trip plan is restricted like the identity: where the survivor is met, who goes
with them, the route, the return plan and the safety notes are read, changed and printed only
by the survivor's advocate and the case's lead prosecutor, logged in with two steps. The rest
of the team sees that a plan exists and whether it is complete. The plan's words are sealed at
rest, and a key rotation seals them again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import anyio.to_thread
import msgspec
import pytest

from docket.accounts.choices import Role
from docket.accounts.services import issue_api_token
from docket.audit.tables import AuditEvent
from docket.cases.tables import CaseMember
from docket.notices.preparation import open_words
from tests.conftest import (
    IS_POSTGRES,
    PASSWORD,
    TEST_DATABASE_URL,
    Api,
    People,
    make_user,
    read_rows,
    run_docket,
)
from tests.test_notices_api import (
    PREPARATION,
    email_of,
    own_session,
    pair_url,
    pdf_text,
    setup_case,
    two_step,
)

pytestmark = pytest.mark.anyio

#: A plan whose every restricted word is unique enough to find in a raw copy of the database.
PLAN: dict[str, Any] = PREPARATION | {
    "meeting_place": "the Mabolo chapel steps",
    "support_persons": ["Nena", "Ben"],
    "route_and_entrance": "Osmeña Boulevard, then the judges' gate on Escario",
    "return_plan": "Straight back along Gorordo Avenue to the house",
    "safety_notes": "An uncle waits by the Capitol fountain on hearing days.",
}
#: What must never reach anyone but the two, nor sit in the database in plain text.
RESTRICTED = ("Mabolo chapel", "Nena", "judges' gate", "Gorordo Avenue", "Capitol fountain")


async def password_only(people: People, api: Api) -> Api:
    """``api``'s person on a web session of their own, logged in without a second factor."""
    session = own_session(people, api.user_id)
    login = await session.client.post(
        "/api/auth/login", json={"email": await email_of(api.user_id), "password": PASSWORD}
    )
    assert login.status_code == 200, login.text
    session.client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
    return session


async def team_member(people: People, ids: dict[str, int], email: str, role: Role) -> Api:
    """Someone else on the case team: on the case, but neither its lead nor the survivor's
    advocate."""
    user_id = await make_user(email, role)
    await CaseMember.insert(CaseMember(case=ids["case_id"], user=user_id, lead=False))
    return Api(people.client, await issue_api_token(email), user_id)


def holds_none_of_the_plan(text: str) -> bool:
    return not [word for word in RESTRICTED if word in text]


async def test_only_the_survivors_advocate_and_the_lead_prosecutor_with_two_steps_see_the_plan(
    people: People, tmp_path: Path
) -> None:
    ids = await setup_case(people)
    plan_url, notice_url = pair_url(ids, "preparation"), pair_url(ids, "notice")
    summary_url = f"{plan_url}/summary"
    team_prosecutor = await team_member(people, ids, "second.fiscal@docket.test", Role.PROSECUTOR)
    other_advocate = await team_member(people, ids, "other.sw@docket.test", Role.ADVOCATE)

    # The survivor's advocate without a second factor (a password login, or an API token).
    without_code = await password_only(people, people.advocate)
    for advocate in (without_code, people.advocate):
        read = await advocate.get(plan_url)
        assert read.status_code == 403, read.text
        assert "two-step login" in read.json()["detail"]
        assert (await advocate.put(plan_url, json=PLAN)).status_code == 403

    advocate = await two_step(people, people.advocate)
    stored = await advocate.put(plan_url, json=PLAN)
    assert stored.status_code == 200, stored.text
    assert stored.json()["route_and_entrance"] == PLAN["route_and_entrance"]

    lead = await two_step(people, people.prosecutor)
    read = await lead.get(plan_url)
    assert read.status_code == 200, read.text
    assert read.json()["safety_notes"] == PLAN["safety_notes"]
    assert read.json()["support_persons"] == ["Nena", "Ben"]
    changed = await lead.put(plan_url, json=PLAN | {"version": 1, "meeting_time": "06:45"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == 2

    # Everyone else on the team, even logged in with two steps: refused, and told why.
    refused = {
        "a team prosecutor who does not lead the case": await two_step(people, team_prosecutor),
        "a team advocate who is not the survivor's": await two_step(people, other_advocate),
        "a lawyer on the team": people.lawyer,
        "the survivor's advocate without a second factor": without_code,
    }
    for who, api in refused.items():
        for answer in (
            await api.get(plan_url),
            await api.put(plan_url, json=PLAN | {"version": 2}),
            await api.post(notice_url, json={"variant": "advocate_checklist", "lang": "en"}),
            await api.post(notice_url, json={}),
        ):
            assert answer.status_code == 403, (who, answer.request.url, answer.text)
            assert holds_none_of_the_plan(answer.text), who
        # What they may know: that the plan exists, is complete, and who changed it last.
        summary = await api.get(summary_url)
        assert summary.status_code == 200, (who, summary.text)
        assert summary.json() == {
            "hearing_id": ids["hearing_id"],
            "survivor_id": ids["survivor_id"],
            "pseudonym": "AAA",
            "exists": True,
            "complete": True,
            "updated_by_id": people.prosecutor.user_id,
            "updated_by_name": "Prosecutor",
            "updated_at": summary.json()["updated_at"],
            "version": 2,
        }, who
    # The refused change changed nothing.
    assert (await lead.get(plan_url)).json()["version"] == 2

    # Both of the two print the checklist, which carries the whole plan.
    for api in (advocate, lead):
        checklist = await api.post(notice_url, json={"variant": "advocate_checklist", "lang": "en"})
        assert checklist.status_code == 200, checklist.text
        text = pdf_text(checklist.content, tmp_path)
        assert "judges' gate" in text
        assert "Capitol fountain" in text
    notice = await advocate.post(notice_url, json={"variant": "adult", "lang": "en"})
    assert notice.status_code == 200, notice.text
    assert "Mabolo chapel" in pdf_text(notice.content, tmp_path)

    # Every read and every refusal is on the trail; what was read or typed never is.
    trail = await AuditEvent.select().where(AuditEvent.case_id == ids["case_id"])
    assert holds_none_of_the_plan(msgspec.json.encode(trail).decode())
    # (The lawyer's role may not ask at all: the route policy answers before the service.)
    outcomes = [(t["action"], t["outcome"]) for t in trail]
    assert outcomes.count(("notice_preparation.read", "ok")) == 2  # the lead's two reads
    assert outcomes.count(("notice_preparation.read", "denied")) == 5
    assert outcomes.count(("notice_preparation.update", "denied")) == 5
    assert outcomes.count(("notice.print", "denied")) == 6
    update = next(
        t for t in trail if t["action"] == "notice_preparation.update" and t["outcome"] == "ok"
    )
    assert msgspec.json.decode(update["before"]) == {
        "meeting_time": "07:00",
        "updated_by": people.advocate.user_id,
    }
    assert msgspec.json.decode(update["after"]) == {
        "meeting_time": "06:45",
        "updated_by": people.prosecutor.user_id,
    }


async def test_the_team_sees_whether_a_plan_is_complete_before_anyone_records_it(
    people: People,
) -> None:
    ids = await setup_case(people)
    summary_url = f"{pair_url(ids, 'preparation')}/summary"
    for api in (people.lawyer, people.admin, people.advocate):
        summary = await api.get(summary_url)
        assert summary.status_code == 200, summary.text
        assert summary.json()["exists"] is False
        assert summary.json()["complete"] is False
        assert summary.json()["version"] == 0
    # Someone outside the case does not learn that the hearing exists.
    await make_user("outside.advocate@docket.test", Role.ADVOCATE)
    outsider = Api(people.client, await issue_api_token("outside.advocate@docket.test"))
    assert (await outsider.get(summary_url)).status_code == 404
    stranger = await people.lawyer.get(
        f"{pair_url(ids, 'preparation', 'other_survivor_id')}/summary"
    )
    assert stranger.status_code == 404

    # Recorded without a meeting place: it exists, and is not complete.
    advocate = await two_step(people, people.advocate)
    partial = await advocate.put(pair_url(ids, "preparation"), json=PLAN | {"meeting_place": ""})
    assert partial.status_code == 200, partial.text
    summary = (await people.lawyer.get(summary_url)).json()
    assert summary["exists"] is True
    assert summary["complete"] is False
    assert summary["updated_by_id"] == people.advocate.user_id
    due = await people.advocate.get("/api/notices/due", params={"days": 30})
    assert [i["preparation_complete"] for i in due.json()["items"]] == [False]


def raw_database(database_url: str) -> bytes:
    """Every byte a thief would take of the database: its files, or a plain dump of it."""
    if database_url.startswith("sqlite:///"):
        database = Path(database_url.removeprefix("sqlite:///"))
        files = [database, *database.parent.glob(database.name + "-*")]
        return b"".join(path.read_bytes() for path in files)
    tool = shutil.which("pg_dump")
    assert tool is not None
    return subprocess.run(
        [tool, f"--dbname={database_url}"], capture_output=True, check=True
    ).stdout


def plans_in(database_url: str) -> list[dict[str, Any]]:
    """Every trip plan of that database, its words opened with the session's identity key."""
    rows = read_rows(
        database_url, "SELECT hearing, survivor, sealed, key_id FROM notice_preparation"
    )
    return sorted(
        (
            {"hearing": row["hearing"], "survivor": row["survivor"]}
            | msgspec.structs.asdict(open_words(row))
            for row in rows
        ),
        key=lambda plan: (plan["hearing"], plan["survivor"]),
    )


async def test_a_copy_of_the_database_holds_none_of_the_trip_plans_words(people: People) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    assert (await advocate.put(pair_url(ids, "preparation"), json=PLAN)).status_code == 200
    changed = PLAN | {"version": 1, "return_plan": "Back by the Gorordo Avenue jeepney"}
    assert (await advocate.put(pair_url(ids, "preparation"), json=changed)).status_code == 200

    # Read as a thief would, from outside the app (in a thread: this test's loop is the app's).
    await anyio.to_thread.run_sync(check_a_raw_copy)


def check_a_raw_copy() -> None:
    copy = raw_database(TEST_DATABASE_URL)
    found = [word for word in RESTRICTED if word.encode() in copy]
    assert not found, f"the database holds {found} in plain text"
    [plan] = plans_in(TEST_DATABASE_URL)
    assert plan["route_and_entrance"] == PLAN["route_and_entrance"]
    assert plan["return_plan"] == "Back by the Gorordo Avenue jeepney"
    columns = {
        r["name"]
        for r in read_rows(
            TEST_DATABASE_URL,
            "SELECT column_name AS name FROM information_schema.columns"
            " WHERE table_name = 'notice_preparation'"
            if IS_POSTGRES
            else "SELECT name FROM pragma_table_info('notice_preparation')",
        )
    }
    assert columns == {
        "id",
        "hearing",
        "survivor",
        "meeting_time",
        "leave_time",
        "sealed",
        "key_id",
        "complete",
        "updated_by",
        "updated_at",
        "version",
        # What the plan was made for (a time and a mode, no words): a reset makes it stale.
        "planned_starts_at",
        "planned_mode",
    }


#: Words the demo writes into every trip plan (docket.demo).
DEMO_PLAN_WORDS = ("Side entrance by the parking area", "Relatives of the accused attended")


def test_rotating_the_key_seals_the_trip_plans_again(
    fresh_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = tmp_path / "identity_keys"
    env = {"DOCKET_IDENTITY_KEYS": str(keys)}
    monkeypatch.setenv("DOCKET_IDENTITY_KEYS", str(keys))
    assert run_docket(fresh_database_url, "migrate", env=env).returncode == 0
    demo = run_docket(fresh_database_url, "demo", "--password", "demo password 2026", env=env)
    assert demo.returncode == 0, demo.stderr
    before = plans_in(fresh_database_url)
    assert len(before) > 5, "the demo records trip plans, and they open with the key"
    assert before[0]["route_and_entrance"].startswith(DEMO_PLAN_WORDS[0])
    copy = raw_database(fresh_database_url)
    assert not [word for word in DEMO_PLAN_WORDS if word.encode() in copy]

    rotated = run_docket(fresh_database_url, "identity", "rotate-key", "--yes", env=env)
    assert rotated.returncode == 0, rotated.stderr
    assert f"and {len(before)} trip plans with a new key" in rotated.stdout
    assert plans_in(fresh_database_url) == before
    [line] = keys.read_text().splitlines()
    stored = read_rows(fresh_database_url, "SELECT DISTINCT key_id FROM notice_preparation")
    assert [r["key_id"] for r in stored] == [line.split()[0]]


#: Run in a `python` of its own: the database at the state of the release before trip plans
#: were sealed, with a plan stored in plain text as that release stored it.
BEFORE_SEALING = textwrap.dedent(
    """
    import asyncio, datetime as dt
    from piccolo.apps.migrations.commands.forwards import run_forwards
    from piccolo.engine.finder import engine_finder
    from piccolo.querystring import QueryString
    from docket.cases.tables import Case, Survivor
    from docket.courts.tables import Court
    from docket.hearings.tables import Hearing

    async def main():
        for app in ("accounts", "courts", "cases", "hearings", "protection", "audit", "calendar"):
            assert (await run_forwards(app)).success, app
        done = await run_forwards("notices", migration_id="2026-11-24T05:38:30:000000")
        assert done.success, done.message
        now = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.timezone.utc)
        court = (await Court.insert(Court(name="RTC Branch 12")).returning(Court.id))[0]["id"]
        case = (await Case.insert(Case(
            docket_number="CEB-2026-0001", caption="People v. X", stage="case_build_up",
            created_at=now, updated_at=now)).returning(Case.id))[0]["id"]
        survivor = (await Survivor.insert(Survivor(
            case=case, pseudonym="AAA", sex="female", age_band="7_to_11",
            preferred_language="ceb")).returning(Survivor.id))[0]["id"]
        hearing = (await Hearing.insert(Hearing(
            case=case, court=court, kind="trial", starts_at=now + dt.timedelta(days=3),
            ends_at=now + dt.timedelta(days=3, hours=2), created_at=now,
            updated_at=now)).returning(Hearing.id))[0]["id"]
        await engine_finder().run_querystring(QueryString(
            "INSERT INTO notice_preparation (hearing, survivor, meeting_place, meeting_time,"
            " leave_time, support_persons, role_note, vehicle_and_escort, route_and_entrance,"
            " return_plan, safety_notes, after_notes, updated_at, version) VALUES ({}, {},"
            " 'the Mabolo chapel steps', '07:00', '07:15', '[\\"Nena\\"]', 'identify only',"
            " 'DSWD van', 'the judges'' gate on Escario', 'back along Gorordo Avenue',"
            " 'An uncle waits by the Capitol fountain', '', {}, 1)",
            hearing, survivor, now))

    asyncio.run(main())
    """
)


def test_trip_plans_stored_before_sealing_are_sealed_by_the_migration(
    fresh_database_url: str,
) -> None:
    env = os.environ | {"DOCKET_DATABASE_URL": fresh_database_url}
    before = subprocess.run(
        [sys.executable, "-c", BEFORE_SEALING], capture_output=True, text=True, env=env
    )
    assert before.returncode == 0, before.stderr
    migrated = run_docket(fresh_database_url, "migrate")
    assert migrated.returncode == 0, migrated.stderr + migrated.stdout
    [plan] = plans_in(fresh_database_url)
    assert plan == {
        "hearing": plan["hearing"],
        "survivor": plan["survivor"],
        "meeting_place": "the Mabolo chapel steps",
        # Plans sealed before the office's list of places chose none from it.
        "meeting_place_id": None,
        "support_persons": ["Nena"],
        "role_note": "identify only",
        "vehicle_and_escort": "DSWD van",
        "route_and_entrance": "the judges' gate on Escario",
        "return_plan": "back along Gorordo Avenue",
        "safety_notes": "An uncle waits by the Capitol fountain",
        "after_notes": "",
    }
    [row] = read_rows(fresh_database_url, "SELECT * FROM notice_preparation")
    assert bool(row["complete"]) is True
    assert holds_none_of_the_plan(msgspec.json.encode(row).decode())

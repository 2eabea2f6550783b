"""Notices through the JSON API: the advocate's preparation, printing as the survivor's own
advocate (and nobody else), the record of prints, and "reprint needed" after a reset or a
cancellation."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from docket.accounts.choices import Role
from docket.accounts.services import issue_api_token
from docket.accounts.tables import Team, User
from docket.audit.tables import AuditEvent
from docket.cases.tables import CaseMember
from tests.conftest import Api, People, make_user
from tests.helpers import login_with_second_factor, reset_hearing

pytestmark = pytest.mark.anyio

MANILA = dt.timezone(dt.timedelta(hours=8))
IDENTITY = {
    "legal_name": "Lani Marie Dalisay",
    "notice_name": "Lani",
    "shelter": "Bahay Silungan, Talisay",
}
PREPARATION: dict[str, Any] = {
    "version": 0,
    "meeting_place": "the front gate",
    "meeting_time": "07:00",
    "leave_time": "07:15",
    "support_persons": ["Nena", "Ben"],
    "role_note": "identify only",
    "vehicle_and_escort": "DSWD van",
    "safety_notes": "Rodrigo Dalisay's sister may wait at the gate.",
}


def next_weekday_at(days: int, hour: int, minute: int = 30) -> dt.datetime:
    day = dt.datetime.now(MANILA).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), MANILA)


async def setup_case(people: People) -> dict[str, int]:
    admin = people.admin
    court = (
        await admin.post(
            "/api/courts", json={"name": "RTC Branch 12, Cebu City", "address": "Hall of Justice"}
        )
    ).json()["id"]
    case = (
        await admin.post(
            "/api/cases",
            json={
                "docket_number": "CEB-2026-0999",
                "court_case_number": "R-CEB-26-09999-CR",
                "caption": "People v. Dalisay",
                "court_id": court,
                "team_id": people.team_id,
                "lead_prosecutor_id": people.prosecutor.user_id,
                "member_ids": [people.lawyer.user_id, people.advocate.user_id],
            },
        )
    ).json()
    cid = case["id"]
    await admin.post(f"/api/cases/{cid}/accused", json={"name": "Rodrigo Dalisay"})
    survivor = (
        await admin.post(
            f"/api/cases/{cid}/survivors",
            json={
                "pseudonym": "AAA",
                "age_band": "7_to_11",
                "preferred_language": "ceb",
                "advocate_id": people.advocate.user_id,
            },
        )
    ).json()
    other = (
        await admin.post(
            "/api/cases",
            json={
                "docket_number": "CEB-2026-0998",
                "caption": "People v. Other",
                "court_id": court,
            },
        )
    ).json()
    stranger = (
        await admin.post(
            f"/api/cases/{other['id']}/survivors", json={"pseudonym": "ZZZ", "age_band": "adult"}
        )
    ).json()
    stored = await people.advocate.put(f"/api/survivors/{survivor['id']}/identity", json=IDENTITY)
    assert stored.status_code == 204
    witness = (
        await admin.post(
            f"/api/cases/{cid}/witnesses", json={"kind": "survivor", "survivor_id": survivor["id"]}
        )
    ).json()
    starts = next_weekday_at(5, 9)
    hearing = (
        await people.lawyer.post(
            f"/api/cases/{cid}/hearings",
            json={
                "kind": "trial",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
                "room": "Session Hall 3",
            },
        )
    ).json()
    need = await people.advocate.post(
        f"/api/hearings/{hearing['id']}/protection-needs",
        json={"witness_id": witness["id"], "measure": "live_link_tv", "status": "ordered"},
    )
    assert need.status_code == 201, need.text
    return {
        "case_id": cid,
        "hearing_id": hearing["id"],
        "survivor_id": survivor["id"],
        "other_survivor_id": stranger["id"],
        "other_case_id": other["id"],
    }


async def email_of(user_id: int | None) -> str:
    row = await User.select(User.email).where(User.id == user_id).first()
    assert row is not None
    return str(row["email"])


def own_session(people: People, user_id: int | None) -> Api:
    """A web client of its own (its own cookies), for one more person logged in at once."""
    http = httpx.AsyncClient(
        # The app and its lifespan are the test's; only the cookie jar is new.
        transport=people.client._transport,
        base_url=people.client.base_url,
        event_hooks=people.client.event_hooks,
    )
    return Api(http, None, user_id)


async def two_step(people: People, api: Api) -> Api:
    """``api``'s person on a web session of their own, logged in with a code from their app:
    what the trip plan and printing need (an API token carries no second factor)."""
    session = own_session(people, api.user_id)
    csrf = await login_with_second_factor(session.client, await email_of(api.user_id))
    session.client.headers["X-CSRF-Token"] = csrf
    return session


def pair_url(ids: dict[str, int], what: str, survivor: str = "survivor_id") -> str:
    return f"/api/hearings/{ids['hearing_id']}/survivors/{ids[survivor]}/{what}"


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(content)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return re.sub(r"\s+", " ", out.stdout)


async def test_the_advocate_records_the_preparation_with_checks_on_every_field(
    people: People,
) -> None:
    ids = await setup_case(people)
    url = pair_url(ids, "preparation")
    advocate, lead = (
        await two_step(people, people.advocate),
        await two_step(people, people.prosecutor),
    )
    empty = await advocate.get(url)
    assert empty.status_code == 200
    assert empty.json()["version"] == 0
    assert empty.json()["complete"] is False
    assert empty.json()["pseudonym"] == "AAA"

    bad: list[tuple[dict[str, Any], str]] = [
        ({"support_persons": ["Nena", "Ben", "Tess"]}, "support_persons"),
        ({"support_persons": ["N" * 41]}, "support_persons[0]"),
        ({"support_persons": ["Nena Dalisay"]}, "support_persons[0]"),
        ({"support_persons": ["Maria Nena Reyes"]}, "support_persons[0]"),
        ({"support_persons": ["Reyes, Nena"]}, "support_persons[0]"),
        ({"meeting_place": "the shelter gate"}, "meeting_place"),
        ({"meeting_time": "7:00"}, "meeting_time"),
        ({"leave_time": "06:30"}, "leave_time"),  # before the meeting
        ({"meeting_time": "09:00", "leave_time": "09:45"}, "leave_time"),  # after the start
        ({"safety_notes": "x" * 2001}, "safety_notes"),
        ({"nickname": "Boy"}, "nickname"),
    ]
    for change, field in bad:
        answer = await advocate.put(url, json=PREPARATION | change)
        assert answer.status_code == 400, (change, answer.text)
        fields = [e["field"] for e in answer.json()["errors"]]
        assert any(f == field or f.startswith(field) for f in fields), (change, fields)

    created = await advocate.put(url, json=PREPARATION)
    assert created.status_code == 200, created.text
    assert created.json()["version"] == 1
    assert created.json()["complete"] is True
    assert created.json()["support_persons"] == ["Nena", "Ben"]
    assert (await lead.put(url, json=PREPARATION)).status_code == 412
    changed = await lead.put(
        url, json=PREPARATION | {"meeting_place": "Capitol gate"}, headers={"If-Match": '"1"'}
    )
    assert changed.status_code == 200, changed.text
    read = await advocate.get(url)
    assert read.json()["meeting_place"] == "Capitol gate"
    assert read.json()["version"] == 2
    assert read.json()["leave_time"] == "07:15"

    audited = await AuditEvent.select().where(AuditEvent.entity == "notice_preparation")
    assert [a["action"] for a in audited] == [
        "notice_preparation.create",
        "notice_preparation.update",
    ]
    # A survivor of another case, through this hearing: no such pair.
    stranger = await advocate.get(pair_url(ids, "preparation", "other_survivor_id"))
    assert stranger.status_code == 404
    assert (await people.lawyer.get(url)).status_code == 403


async def test_the_survivors_advocate_prints_and_the_print_is_recorded(
    people: People, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    ids = await setup_case(people)
    notice_url = pair_url(ids, "notice")
    csrf = await login_with_second_factor(client, await email_of(people.advocate.user_id))
    session = {"X-CSRF-Token": csrf}
    # Nothing recorded yet: the notice cannot say where to meet.
    unprepared = await client.post(
        notice_url, json={"variant": "advocate_checklist"}, headers=session
    )
    assert unprepared.status_code == 409
    stored = await client.put(pair_url(ids, "preparation"), json=PREPARATION, headers=session)
    assert stored.is_success

    # An API token has no second factor: neither the checklist (the whole trip plan) nor the
    # survivor's notice (their chosen name and where they are met) prints.
    for variant in ("advocate_checklist", "child"):
        refused = await people.advocate.post(notice_url, json={"variant": variant})
        assert refused.status_code == 403
        assert "two-step" in refused.json()["detail"]

    checklist = await client.post(
        notice_url, json={"variant": "advocate_checklist", "lang": "en"}, headers=session
    )
    assert checklist.status_code == 200, checklist.text
    text = pdf_text(checklist.content, tmp_path)
    assert "AAA" in text
    assert "R-CEB-26-09999-CR" in text
    assert "Lani" not in text
    printed = await client.post(notice_url, json={"paper": "a4"}, headers=session)
    assert printed.status_code == 200, printed.text
    assert printed.headers["content-type"] == "application/pdf"
    assert printed.headers["cache-control"] == "no-store"
    disposition = printed.headers["content-disposition"]
    expected_name = f"notice-h{ids['hearing_id']}-s{ids['survivor_id']}-child-ceb.pdf"
    assert disposition == f'attachment; filename="{expected_name}"'
    text = pdf_text(printed.content, tmp_path)
    assert "Lani" in text
    assert "sa buntag" in text
    for never in ("Dalisay", "Bahay Silungan", "CEB-2026-0999", "R-CEB-26", "People v", "AAA"):
        assert never not in text, never

    html = await client.post(
        notice_url, json={"variant": "adult", "lang": "en", "format": "html"}, headers=session
    )
    assert html.status_code == 200
    # One charset, not "text/html; charset=utf-8; charset=utf-8" (found by the hardening review).
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    assert html.headers["content-disposition"].startswith("inline;")
    assert "script-src" not in html.headers["content-security-policy"]
    assert "default-src 'none'" in html.headers["content-security-policy"]
    assert "Lani" in html.text
    assert "Dalisay" not in html.text

    prints = await people.advocate.get(
        "/api/notices/prints", params={"hearing_id": ids["hearing_id"]}
    )
    assert prints.status_code == 200
    items = prints.json()["items"]
    assert [(p["variant"], p["language"], p["paper"], p["format"]) for p in items] == [
        ("adult", "en", "letter", "html"),
        ("child", "ceb", "a4", "pdf"),
        ("advocate_checklist", "en", "letter", "pdf"),
    ]
    assert {p["printed_by_id"] for p in items} == {people.advocate.user_id}
    assert not any(p["out_of_date"] for p in items)
    by_survivor = await people.advocate.get(
        "/api/notices/prints", params={"survivor_id": ids["survivor_id"]}
    )
    assert by_survivor.json()["total"] == 3
    hidden = await people.advocate.get(
        "/api/notices/prints", params={"survivor_id": ids["other_survivor_id"]}
    )
    assert hidden.status_code == 404
    assert (await people.advocate.get("/api/notices/prints?limit=0")).status_code == 400

    audited = await AuditEvent.select().where(AuditEvent.action == "notice.print")
    assert [a["outcome"] for a in audited] == ["denied", "denied", "ok", "ok", "ok"]
    assert '"variant":"child"' in audited[3]["after"]
    assert not any("Lani" in a["after"] + a["before"] for a in audited)


async def test_nobody_but_the_advocate_and_lead_prosecutor_prints(people: People) -> None:
    ids = await setup_case(people)
    lead = await two_step(people, people.prosecutor)
    assert (await lead.put(pair_url(ids, "preparation"), json=PREPARATION)).is_success
    url = pair_url(ids, "notice")
    body = {"variant": "advocate_checklist"}
    # The lead prosecutor may, logged in with two steps.
    assert (await lead.post(url, json=body)).status_code == 200
    assert (await people.lawyer.post(url, json=body)).status_code == 403
    assert (await people.admin.post(url, json=body)).status_code == 403

    # Another advocate on the case, but not this survivor's: refused.
    other_id = await make_user("second.advocate@docket.test", Role.ADVOCATE)
    await CaseMember.insert(CaseMember(case=ids["case_id"], user=other_id, lead=False))
    second = Api(people.client, await issue_api_token("second.advocate@docket.test"), other_id)
    assert (await second.post(url, json=body)).status_code == 403
    # Someone outside the case does not learn that the hearing exists.
    await make_user("outside.advocate@docket.test", Role.ADVOCATE)
    outsider = Api(people.client, await issue_api_token("outside.advocate@docket.test"))
    assert (await outsider.post(url, json=body)).status_code == 404
    assert (await outsider.get(pair_url(ids, "preparation"))).status_code == 404
    assert (await outsider.get("/api/notices/due")).json()["items"] == []

    for change, field in (
        ({"variant": "teen"}, "variant"),
        ({"lang": "tl"}, "lang"),
        ({"paper": "legal"}, "paper"),
        ({"format": "docx"}, "format"),
    ):
        answer = await people.advocate.post(url, json=body | change)
        assert answer.status_code == 400, change
        assert answer.json()["errors"][0]["field"] == field
    stranger = await people.advocate.post(pair_url(ids, "notice", "other_survivor_id"), json=body)
    assert stranger.status_code == 404


async def due_item(api: Api, ids: dict[str, int]) -> dict[str, Any]:
    answer = await api.get("/api/notices/due", params={"days": 30})
    assert answer.status_code == 200, answer.text
    items = [
        i
        for i in answer.json()["items"]
        if (i["hearing_id"], i["survivor_id"]) == (ids["hearing_id"], ids["survivor_id"])
    ]
    assert len(items) == 1, answer.json()
    item: dict[str, Any] = items[0]
    return item


async def test_a_reset_or_cancellation_after_a_print_shows_reprint_needed(
    people: People,
) -> None:
    ids = await setup_case(people)
    item = await due_item(people.advocate, ids)
    assert item["pseudonym"] == "AAA"
    assert item["suggested_variant"] == "child"
    assert item["language"] == "ceb"
    assert item["expected_to_testify"] is True
    assert item["preparation_complete"] is False
    assert item["last_print"] is None
    assert item["reprint_needed"] is False
    assert "Lani" not in str(item)
    assert (await people.advocate.get("/api/notices/due?days=0")).status_code == 400
    assert (await people.lawyer.get("/api/notices/due")).status_code == 403
    # The lead prosecutor sees the survivors of the case they lead.
    assert (await due_item(people.prosecutor, ids))["pseudonym"] == "AAA"

    advocate = await two_step(people, people.advocate)
    assert (await advocate.put(pair_url(ids, "preparation"), json=PREPARATION)).is_success
    body = {"variant": "advocate_checklist"}
    assert (await advocate.post(pair_url(ids, "notice"), json=body)).status_code == 200
    item = await due_item(people.advocate, ids)
    assert item["preparation_complete"] is True
    assert item["last_print"]["variant"] == "advocate_checklist"
    assert item["reprint_needed"] is False

    hearing_url = f"/api/hearings/{ids['hearing_id']}"
    hearing = (await people.lawyer.get(hearing_url)).json()
    new_start = next_weekday_at(9, 13)
    reset = await people.lawyer.post(
        f"{hearing_url}/outcome",
        json={
            "outcome": "reset",
            "reason": "Judge on leave",
            "new_starts_at": new_start.isoformat(),
            "new_ends_at": (new_start + dt.timedelta(hours=2)).isoformat(),
            "version": hearing["version"],
        },
    )
    assert reset.status_code == 200, reset.text
    item = await due_item(people.advocate, ids)
    assert item["reprint_needed"] is True
    assert item["hearing_status"] == "reset"
    prints = (await people.advocate.get("/api/notices/prints")).json()["items"]
    assert prints[0]["out_of_date"] is True

    # Printed again for the new day: no longer needed. The meeting times follow the new day.
    again = await advocate.post(pair_url(ids, "notice"), json=body)
    assert again.status_code == 200
    assert (await due_item(people.advocate, ids))["reprint_needed"] is False

    hearing = (await people.lawyer.get(hearing_url)).json()
    cancelled = await people.lawyer.post(
        f"{hearing_url}/outcome",
        json={"outcome": "cancelled", "reason": "Accused pleaded", "version": hearing["version"]},
    )
    assert cancelled.status_code == 200
    item = await due_item(people.advocate, ids)
    assert item["hearing_status"] == "cancelled"
    assert item["reprint_needed"] is True
    # A cancelled hearing has nothing left to print.
    assert (await advocate.post(pair_url(ids, "notice"), json=body)).status_code == 409


async def test_an_advocate_sees_no_hearing_of_a_case_that_left_her_teams(people: People) -> None:
    """She is still named as the survivor's advocate, but the case answers her 404: its
    hearings, court and prints must not show in her lists or on her reprint page either."""
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    assert (await advocate.put(pair_url(ids, "preparation"), json=PREPARATION)).is_success
    body = {"variant": "advocate_checklist"}
    assert (await advocate.post(pair_url(ids, "notice"), json=body)).status_code == 200
    hearing = (await people.lawyer.get(f"/api/hearings/{ids['hearing_id']}")).json()
    await reset_hearing(people, hearing, next_weekday_at(9, 13), "Judge on leave")
    assert (await due_item(people.advocate, ids))["reprint_needed"] is True
    reprint_page = await people.advocate.get("/notices/reprint")
    assert f"/hearings/{ids['hearing_id']}/" in reprint_page.text

    # The case goes to another office's team, and she is no longer on it.
    other_team = (await Team.insert(Team(name="Davao OSAEC Unit")).returning(Team.id))[0]["id"]
    case = (await people.admin.get(f"/api/cases/{ids['case_id']}")).json()
    moved = await people.admin.patch(
        f"/api/cases/{ids['case_id']}", json={"team_id": other_team, "version": case["version"]}
    )
    assert moved.status_code == 200, moved.text
    await CaseMember.delete().where(
        (CaseMember.case == ids["case_id"]) & (CaseMember.user == people.advocate.user_id)
    )

    assert (await people.advocate.get(f"/api/cases/{ids['case_id']}")).status_code == 404
    due = await people.advocate.get("/api/notices/due", params={"days": 30})
    assert due.status_code == 200
    assert due.json()["items"] == []
    prints = await people.advocate.get("/api/notices/prints")
    assert prints.status_code == 200
    assert prints.json()["items"] == []
    assert prints.json()["total"] == 0
    reprint_page = await people.advocate.get("/notices/reprint")
    assert reprint_page.status_code == 200
    assert f"/hearings/{ids['hearing_id']}/" not in reprint_page.text
    assert "RTC Branch 12" not in reprint_page.text


async def test_a_notice_exports_as_plain_text_for_braille_with_the_rules_of_printing(
    people: People, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    ids = await setup_case(people)
    url = pair_url(ids, "notice")
    session = {
        "X-CSRF-Token": await login_with_second_factor(
            client, await email_of(people.advocate.user_id)
        )
    }
    assert (
        await client.put(pair_url(ids, "preparation"), json=PREPARATION, headers=session)
    ).is_success
    body = {"variant": "child", "format": "txt"}

    exported = await client.post(url, json=body, headers=session)
    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"] == "text/plain; charset=utf-8"
    name = f"notice-h{ids['hearing_id']}-s{ids['survivor_id']}-child-ceb.txt"
    assert exported.headers["content-disposition"] == f'attachment; filename="{name}"'
    text = exported.text
    assert "Lani" in text
    assert "sa buntag" in text
    # The same words as the printed page, without its boxes and symbols.
    printed = pdf_text(
        (await client.post(url, json={"variant": "child"}, headers=session)).content, tmp_path
    )
    for line in text.splitlines():
        if line:
            assert " ".join(line.removeprefix("- ").split()) in printed, line
    assert not set("☐☑") & set(text)
    for never in ("Dalisay", "Bahay Silungan", "CEB-2026-0999", "R-CEB-26", "People v", "AAA"):
        assert never not in text, never

    # Who may print may export, and nobody else: no second factor, not the survivor's
    # advocate, or outside the case.
    assert (await people.advocate.post(url, json=body)).status_code == 403
    assert (await people.lawyer.post(url, json=body)).status_code == 403
    await make_user("outside.reader@docket.test", Role.ADVOCATE)
    outsider = Api(people.client, await issue_api_token("outside.reader@docket.test"))
    assert (await outsider.post(url, json=body)).status_code == 404
    for wrong in ("TXT", "text", "braille", "", None):
        answer = await client.post(url, json=body | {"format": wrong}, headers=session)
        assert answer.status_code == 400, wrong
        assert answer.json()["errors"][0]["field"] == "format"

    # An export is a print like any other: recorded and audited, never the name on it.
    prints = await people.advocate.get(
        "/api/notices/prints", params={"hearing_id": ids["hearing_id"]}
    )
    assert [(p["variant"], p["format"]) for p in prints.json()["items"]] == [
        ("child", "pdf"),
        ("child", "txt"),
    ]
    audited = await AuditEvent.select().where(AuditEvent.action == "notice.print")
    assert '"format":"txt"' in audited[0]["after"]
    assert not any("Lani" in a["after"] + a["before"] for a in audited)

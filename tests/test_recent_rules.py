"""The recent rules and the last of the legal clocks (issue 19, builds 3 and 8): a petition for
review stops the arraignment clock, case build-up under DOJ DC 020, videoconference hearings
under A.M. 20-12-01-SC as amended, and the exact-date prescription on the case page.

Hand-worked dates are worked out in each test's comment; calendars for 2026 from
docket/deadlines/holidays.toml.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from docket.accounts.choices import Role
from docket.accounts.tables import User
from docket.audit.tables import AuditEvent
from docket.cases.choices import CustodyChange
from docket.deadlines.engine import AccusedFacts, CaseFacts, CustodyFacts, compute_deadlines
from docket.hearings.tables import Hearing
from tests.conftest import People
from tests.helpers import (
    add_accused,
    deadlines,
    log_in,
    login_with_second_factor,
    open_case,
    page_csrf,
    set_facts,
)
from tests.test_pages_case_entry import as_person, opened_case

D = dt.date


def arraignment(facts: CaseFacts, today: dt.date) -> list[tuple[str, dt.date, str]]:
    return [
        (d.rule, d.due_on, d.status)
        for d in compute_deadlines(facts, today=today)
        if d.rule.startswith("arraignment_") and d.rule != "arraignment_suspension"
    ]


# --- Build 3: a petition for review suspends the arraignment clock (R116 s11(c)) ------------


def test_a_petition_for_review_moves_the_detained_arraignment_by_the_days_it_was_pending() -> None:
    # Detained; the court received the case Mon 5 Oct 2026: due Thu 15 Oct. The petition for
    # review was filed Wed 7 Oct and resolved Thu 22 Oct: 15 days suspended, so the clock runs
    # on to 5 Oct + 10 + 15 = Fri 30 Oct 2026 (a working day). Before, it showed "overdue" on
    # 20 Oct while the law had arraignment suspended.
    facts = CaseFacts(
        court_received_on=D(2026, 10, 5),
        accused_detained=True,
        petition_for_review_filed_on=D(2026, 10, 7),
        review_resolved_on=D(2026, 10, 22),
    )
    (d,) = [
        x
        for x in compute_deadlines(facts, today=D(2026, 10, 20))
        if x.rule == "arraignment_detained"
    ]
    assert (d.due_on, d.status) == (D(2026, 10, 30), "open")
    assert d.suspension is not None
    assert (d.suspension.suspended_from, d.suspension.suspended_to, d.suspension.days) == (
        D(2026, 10, 7),
        D(2026, 10, 22),
        15,
    )
    assert d.suspension.source == "Rules of Court R116 s11(c)"
    assert not d.suspension.pending
    assert "Suspended 15 days, 07 Oct 2026 to 22 Oct 2026" in d.note
    assert "R116 s11(c)" in d.note


def test_a_pending_petition_suspends_the_arraignment_for_at_most_60_days() -> None:
    # Filed Wed 7 Oct 2026, not resolved: the suspension can last to 7 Oct + 60 = Sun 6 Dec, so
    # 60 days: 5 Oct + 70 = Mon 14 Dec 2026, with a note to record the resolution.
    facts = CaseFacts(
        court_received_on=D(2026, 10, 5),
        accused_detained=True,
        petition_for_review_filed_on=D(2026, 10, 7),
    )
    (d,) = [
        x
        for x in compute_deadlines(facts, today=D(2026, 10, 20))
        if x.rule == "arraignment_detained"
    ]
    assert d.due_on == D(2026, 12, 14)
    assert d.suspension is not None
    assert (d.suspension.suspended_to, d.suspension.days, d.suspension.pending) == (
        D(2026, 12, 6),
        60,
        True,
    )
    assert "record the date the review is resolved" in d.note


def test_a_review_resolved_after_60_days_suspends_only_60() -> None:
    # Filed 7 Oct, resolved Fri 18 Dec 2026 (72 days): only 60 count, as above: Mon 14 Dec.
    facts = CaseFacts(
        court_received_on=D(2026, 10, 5),
        accused_detained=True,
        petition_for_review_filed_on=D(2026, 10, 7),
        review_resolved_on=D(2026, 12, 18),
    )
    assert arraignment(facts, D(2026, 12, 20)) == [
        ("arraignment_detained", D(2026, 12, 14), "overdue")
    ]


def test_a_petition_filed_before_the_court_had_the_case_suspends_from_the_clocks_start() -> None:
    # Not detained; jurisdiction acquired Mon 5 Oct 2026 (30 days: Wed 4 Nov). The petition was
    # filed Thu 1 Oct and resolved Mon 12 Oct: the clock stood still 5 Oct to 12 Oct, 7 days:
    # 5 Oct + 37 = Wed 11 Nov 2026. Each accused's own clock moves (Abellana, bailed).
    facts = CaseFacts(
        jurisdiction_acquired_on=D(2026, 10, 5),
        petition_for_review_filed_on=D(2026, 10, 1),
        review_resolved_on=D(2026, 10, 12),
        accused=(
            AccusedFacts(
                accused_id=2,
                name="Nestor Abellana",
                custody=(
                    CustodyFacts(CustodyChange.ARRESTED, D(2026, 9, 28)),
                    CustodyFacts(CustodyChange.BAIL_POSTED, D(2026, 9, 29)),
                ),
            ),
        ),
    )
    found = [
        x
        for x in compute_deadlines(facts, today=D(2026, 10, 20))
        if x.rule == "arraignment_not_detained"
    ]
    (d,) = found
    assert (d.accused_name, d.due_on) == ("Nestor Abellana", D(2026, 11, 11))
    assert d.suspension is not None
    assert (d.suspension.suspended_from, d.suspension.days) == (D(2026, 10, 5), 7)


def test_a_petition_filed_after_the_last_day_does_not_revive_a_missed_arraignment() -> None:
    # Due Thu 15 Oct 2026; the petition came Mon 19 Oct: the clock stays overdue, and says why.
    facts = CaseFacts(
        court_received_on=D(2026, 10, 5),
        accused_detained=True,
        petition_for_review_filed_on=D(2026, 10, 19),
    )
    (d,) = [
        x
        for x in compute_deadlines(facts, today=D(2026, 10, 20))
        if x.rule == "arraignment_detained"
    ]
    assert (d.due_on, d.status, d.suspension) == (D(2026, 10, 15), "overdue", None)
    assert "after this clock's last day: it did not stop this clock" in d.note


# --- Build 8a: case build-up (DOJ DC 020 (2023), amended by DC 007 (2024)) ----------------


async def move(people: People, case_id: object, stage: str, version: int) -> httpx.Response:
    return await people.lawyer.post(
        f"/api/cases/{case_id}/stage",
        json={"stage": stage, "reason": "Complaint docketed", "version": version},
    )


@pytest.mark.anyio
async def test_a_case_goes_to_preliminary_investigation_only_with_the_certification(
    people: People,
) -> None:
    case = await open_case(people)
    build_up = f"/api/cases/{case['id']}/build-up"
    shown = (await people.lawyer.get(build_up)).json()
    # The checklist, each item with its source, as data.
    assert [i["code"] for i in shown["items"]] == [
        "evidence_complete",
        "deficiencies_answered",
        "reasonable_certainty",
    ]
    assert all(i["source"] and not i["checked"] for i in shown["items"])
    assert shown["certification_source"].startswith("DOJ DC 020 (2023)")
    assert shown["version"] == 1

    # Without the certification: 409 naming it, and the case stays in build-up.
    refused = await move(people, case["id"], "preliminary_investigation", 1)
    assert refused.status_code == 409, refused.text
    assert "prosecutor's certification" in refused.json()["detail"]
    assert "DOJ DC 020 (2023)" in refused.json()["detail"]
    assert (await people.lawyer.get(f"/api/cases/{case['id']}")).json()["stage"] == "case_build_up"

    # The lawyer ticks the checklist; only a prosecutor certifies.
    ticked = await people.lawyer.put(
        f"{build_up}/checklist", json={"checked": ["evidence_complete"], "version": 1}
    )
    assert ticked.status_code == 200, ticked.text
    assert [i["checked"] for i in ticked.json()["items"]] == [True, False, False]
    certification = {
        "certified_on": "2026-11-20",
        "certification": "The evidence is sufficient, with reasonable certainty of conviction.",
        "version": 2,
    }
    lawyer = await people.lawyer.post(f"{build_up}/certification", json=certification)
    assert lawyer.status_code == 403
    certified = await people.prosecutor.post(f"{build_up}/certification", json=certification)
    assert certified.status_code == 200, certified.text
    body = certified.json()
    assert (body["certified_on"], body["certified_by_user_id"], body["missing"]) == (
        "2026-11-20",
        people.prosecutor.user_id,
        [],
    )
    moved = await move(people, case["id"], "preliminary_investigation", 1)
    assert moved.status_code == 200, moved.text

    actions = [
        r["action"]
        for r in await AuditEvent.select(AuditEvent.action).where(AuditEvent.case_id == case["id"])
    ]
    assert actions.count("case_build_up.create") + actions.count("case_build_up.update") == 2


@pytest.mark.anyio
async def test_an_inquest_is_not_held_back_by_the_build_up(people: People) -> None:
    # A warrantless arrest runs on a 36-hour clock (RPC Art. 125): no certification asked.
    case = await open_case(people)
    assert (await move(people, case["id"], "inquest", 1)).status_code == 200


@pytest.mark.anyio
async def test_careless_build_up_input_is_a_400_naming_the_field(people: People) -> None:
    case = await open_case(people)
    build_up = f"/api/cases/{case['id']}/build-up"
    unknown = await people.lawyer.put(
        f"{build_up}/checklist", json={"checked": ["photos_of_the_child"], "version": 1}
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "checked"
    for body, field in (
        ({"certified_on": "2026-11-20", "certification": "ok", "version": 1}, "certification"),
        (
            {"certified_on": "2062-11-20", "certification": "Evidence sufficient.", "version": 1},
            "certified_on",
        ),
        (
            {"certified_on": "20 Nov", "certification": "Evidence sufficient.", "version": 1},
            "certified_on",
        ),
    ):
        bad = await people.prosecutor.post(f"{build_up}/certification", json=body)
        assert bad.status_code == 400, bad.text
        assert bad.json()["errors"][0]["field"] == field
    stale = await people.lawyer.put(f"{build_up}/checklist", json={"checked": [], "version": 3})
    assert stale.status_code == 412


@pytest.mark.anyio
async def test_the_case_page_shows_the_build_up_and_what_is_missing(people: People) -> None:
    case = await open_case(people)
    page = await people.lawyer.get(f"/cases/{case['id']}")
    assert page.status_code == 200
    assert 'id="build-up"' in page.text
    assert "The evidence is complete: the complaint can be docketed" in page.text
    assert "DOJ DC 020 (2023)" in page.text
    assert "Not certified yet" in page.text


# --- Build 3 (rest): the exact-date prescription on the case page ---------------------------


async def case_with_a_child_survivor(people: People) -> dict[str, Any]:
    """Born Thu 20 Nov 1997, trafficked Sun 1 Mar 2015 at 17 (see test_legal_clocks)."""
    case = await open_case(people, stage="case_build_up")
    accused = await add_accused(people, case["id"], "at_large")
    survivor = await people.admin.post(
        f"/api/cases/{case['id']}/survivors",
        json={"pseudonym": "AAA", "age_band": "adult", "advocate_id": people.advocate.user_id},
    )
    survivor_id = survivor.json()["id"]
    identity = await people.advocate.put(
        f"/api/survivors/{survivor_id}/identity",
        json={"legal_name": "Maria Luz Tumulak", "birth_date": "1997-11-20"},
    )
    assert identity.status_code == 204, identity.text
    charged = await people.lawyer.post(
        f"/api/cases/{case['id']}/charges",
        json={
            "accused_id": accused["id"],
            "statute_code": "TIP-4",
            "offence_date": "2015-03-01",
            "survivor_ids": [survivor_id],
        },
    )
    assert charged.status_code == 201, charged.text
    return case


@pytest.mark.anyio
async def test_the_lead_prosecutor_counts_prescription_from_the_birthday_on_the_case_page(
    people: People, client: httpx.AsyncClient
) -> None:
    case = await case_with_a_child_survivor(people)
    email = await User.select(User.email).where(User.id == people.prosecutor.user_id).first()
    assert email
    await login_with_second_factor(client, email["email"])
    page = await client.get(f"/cases/{case['id']}")
    assert page.status_code == 200
    assert f'href="/cases/{case["id"]}/prescription"' in page.text
    # The list keeps the conservative date, Fri 29 Dec 2034 (test_legal_clocks), labelled.
    assert "Fri 29 Dec 2034" in page.text
    assert "counted from 1 January of a child's birth year" in page.text

    form = await client.get(f"/cases/{case['id']}/prescription")
    csrf = page_csrf(form.text)
    short = await client.post(
        f"/cases/{case['id']}/prescription", data={"_csrf_token": csrf, "reason": "x"}
    )
    assert short.status_code == 400
    assert 'id="reason-error"' in short.text
    exact = await client.post(
        f"/cases/{case['id']}/prescription",
        data={"_csrf_token": csrf, "reason": "checking when to file the complaint"},
    )
    assert exact.status_code == 200, exact.text
    # RA 9208 s12: 20 years from the 18th birthday, Fri 20 Nov 2015: Tue 20 Nov 2035.
    assert "Tue 20 Nov 2035" in exact.text
    assert "the survivor&#39;s 18th birthday" in exact.text
    assert "check them against the rules and orders" in exact.text
    reads = await AuditEvent.select().where(
        (AuditEvent.action == "survivor_identity.read") & (AuditEvent.case_id == case["id"])
    )
    assert [r["outcome"] for r in reads] == ["ok"]
    assert "checking when to file" in reads[-1]["after"]


@pytest.mark.anyio
async def test_everyone_else_sees_the_labelled_conservative_date_and_no_form(
    people: People, client: httpx.AsyncClient
) -> None:
    case = await case_with_a_child_survivor(people)
    page = await people.lawyer.get(f"/cases/{case['id']}")
    assert page.status_code == 200
    assert "Prescription above is the conservative date" in page.text
    assert f"/cases/{case['id']}/prescription" not in page.text
    assert (await people.lawyer.get(f"/cases/{case['id']}/prescription")).status_code == 403

    # The advocate without a second factor at login is told how, and nothing is counted.
    email = await User.select(User.email).where(User.id == people.advocate.user_id).first()
    assert email
    api = await log_in(client, email["email"])
    assert api
    form = await client.get(f"/cases/{case['id']}/prescription")
    refused = await client.post(
        f"/cases/{case['id']}/prescription",
        data={"_csrf_token": page_csrf(form.text), "reason": "checking when to file"},
    )
    assert refused.status_code == 403
    assert "two-step login" in refused.text
    assert "2035" not in refused.text


# --- Build 8b, 8c: videoconference hearings (A.M. 20-12-01-SC as amended by A.M. 24-11-02-SC) --


def video_hearing(**fields: object) -> dict[str, object]:
    return {
        "kind": "trial",
        "starts_at": "2026-12-07T08:30:00+08:00",
        "ends_at": "2026-12-07T10:30:00+08:00",
        "mode": "videoconference",
    } | fields


@pytest.mark.anyio
async def test_a_videoconference_hearing_records_its_order_and_the_accuseds_waiver(
    people: People,
) -> None:
    case = await open_case(people, stage="trial_prosecution_evidence")
    bare = await people.lawyer.post(f"/api/cases/{case['id']}/hearings", json=video_hearing())
    assert bare.status_code == 201, bare.text
    # Not refused (nothing typed is lost), but told what is missing, with the rule.
    warnings = bare.json()["warnings"]
    assert any("No order granting the videoconference" in w for w in warnings)
    assert any("waiver of face-to-face confrontation" in w for w in warnings)
    assert all("A.M. 20-12-01-SC as amended by A.M. 24-11-02-SC" in w for w in warnings)

    full = await people.lawyer.post(
        f"/api/cases/{case['id']}/hearings",
        json=video_hearing(
            video_motion_granted_on="2026-11-20",
            video_order="Order of 20 Nov 2026",
            confrontation_waived_on="2026-11-18",
        ),
    )
    assert full.status_code == 201, full.text
    body = full.json()
    assert (body["video_motion_granted_on"], body["video_order"]) == (
        "2026-11-20",
        "Order of 20 Nov 2026",
    )
    assert body["confrontation_waived_on"] == "2026-11-18"
    assert body["warnings"] == []

    # An in-person hearing is not asked for any of it.
    in_person = await people.lawyer.post(
        f"/api/cases/{case['id']}/hearings", json=video_hearing(mode="in_person")
    )
    assert in_person.json()["warnings"] == []

    page = await people.lawyer.get(f"/hearings/{body['id']}")
    assert "Fri 20 Nov 2026, Order of 20 Nov 2026" in page.text
    assert "Wed 18 Nov 2026" in page.text


@pytest.mark.anyio
async def test_a_videoconference_hearing_is_not_cancelled_without_a_meritorious_ground(
    people: People,
) -> None:
    case = await open_case(people, stage="trial_prosecution_evidence")
    made = await people.lawyer.post(f"/api/cases/{case['id']}/hearings", json=video_hearing())
    hearing_id, version = made.json()["id"], made.json()["version"]
    outcome = f"/api/hearings/{hearing_id}/outcome"
    refused = await people.lawyer.post(
        outcome, json={"outcome": "cancelled", "reason": "Judge on leave", "version": version}
    )
    assert refused.status_code == 400, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["meritorious_ground"]
    assert "24-11-02-SC" in refused.json()["errors"][0]["message"]
    blank = await people.lawyer.post(
        outcome,
        json={
            "outcome": "cancelled",
            "reason": "Judge on leave",
            "meritorious_ground": "   ",
            "version": version,
        },
    )
    assert blank.status_code == 400
    still = (await people.lawyer.get(f"/api/hearings/{hearing_id}")).json()
    assert (still["status"], still["version"]) == ("scheduled", version)

    cancelled = await people.lawyer.post(
        outcome,
        json={
            "outcome": "cancelled",
            "reason": "Judge on leave",
            "meritorious_ground": "The court's connection failed: typhoon signal no. 3",
            "version": version,
        },
    )
    assert cancelled.status_code == 200, cancelled.text
    history = (await people.lawyer.get(f"/api/hearings/{hearing_id}/history")).json()
    assert history[-1]["ground"] == "The court's connection failed: typhoon signal no. 3"
    page = await people.lawyer.get(f"/hearings/{hearing_id}")
    assert "Meritorious ground: The court&#39;s connection failed" in page.text

    # An in-person hearing is cancelled with its reason alone, as before.
    plain = await people.lawyer.post(
        f"/api/cases/{case['id']}/hearings", json=video_hearing(mode="in_person")
    )
    ok = await people.lawyer.post(
        f"/api/hearings/{plain.json()['id']}/outcome",
        json={"outcome": "cancelled", "reason": "Judge on leave", "version": 1},
    )
    assert ok.status_code == 200, ok.text


@pytest.mark.anyio
async def test_exploitation_material_over_a_video_link_is_warned_about_never_refused(
    people: People,
) -> None:
    case = await open_case(people, stage="trial_prosecution_evidence")
    made = await people.lawyer.post(
        f"/api/cases/{case['id']}/hearings",
        json=video_hearing(
            mode="hybrid",
            shows_exploitation_material=True,
        ),
    )
    assert made.status_code == 201, made.text
    (warning,) = made.json()["warnings"]
    assert "Exploitation material (CSAEM)" in warning
    assert "RA 11930 s21" in warning
    # In person: no warning. Moved to videoconference: the warning comes back.
    hearing_id = made.json()["id"]
    moved = await people.lawyer.patch(
        f"/api/hearings/{hearing_id}", json={"mode": "in_person", "version": 1}
    )
    assert moved.json()["warnings"] == []
    back = await people.lawyer.patch(
        f"/api/hearings/{hearing_id}",
        json={
            "mode": "videoconference",
            "video_motion_granted_on": "2026-11-20",
            "confrontation_waived_on": "2026-11-18",
            "version": 2,
        },
    )
    assert back.status_code == 200, back.text
    assert [w[:30] for w in back.json()["warnings"]] == ["Exploitation material (CSAEM) "]
    page = await people.lawyer.get(f"/hearings/{hearing_id}")
    assert 'id="hearing-warnings"' in page.text
    assert "Exploitation material (CSAEM) is to be shown" in page.text


@pytest.mark.anyio
async def test_the_hearing_form_takes_the_videoconference_facts_and_shows_the_warning(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer.video@docket.test", Role.LAWYER)
    case_id = await opened_case(pages)
    form = await pages.get(f"/cases/{case_id}/hearings/new")
    assert 'name="shows_exploitation_material"' in form.text
    assert 'name="video_motion_granted_on"' in form.text
    typed = {
        "kind": "trial",
        "date": "2026-12-07",
        "starts": "08:30",
        "ends": "10:30",
        "mode": "videoconference",
        "video_motion_granted_on": "20 Nov",
        "video_order": "Order of 20 Nov 2026",
        "shows_exploitation_material": "yes",
    }
    bad = await pages.send(f"/cases/{case_id}/hearings/new", typed)
    assert bad.status_code == 400
    assert 'id="video_motion_granted_on-error"' in bad.text
    assert "Order of 20 Nov 2026" in bad.text, "what was typed is kept"
    made = await pages.send(
        f"/cases/{case_id}/hearings/new", typed | {"video_motion_granted_on": "2026-11-20"}
    )
    assert made.status_code == 303, made.text
    where = made.headers["location"]
    assert where.startswith("/hearings/")
    page = await pages.get(where.split("#")[0])
    assert "Exploitation material (CSAEM) is to be shown" in page.text
    assert "waiver of face-to-face confrontation is not recorded" in page.text
    hearing_id = int(where.split("/")[2].split("?")[0])

    outcome = await pages.get(f"/hearings/{hearing_id}/outcome")
    assert 'name="meritorious_ground"' in outcome.text
    version = await Hearing.select(Hearing.version).where(Hearing.id == hearing_id).first()
    assert version
    refused = await pages.send(
        f"/hearings/{hearing_id}/outcome",
        {"outcome": "cancelled", "details": "Judge on leave", "version": version["version"]},
    )
    assert refused.status_code == 400
    assert 'id="meritorious_ground-error"' in refused.text


@pytest.mark.anyio
async def test_the_order_and_waiver_are_added_later_from_the_correction_form(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer.later@docket.test", Role.LAWYER)
    case_id = await opened_case(pages)
    made = await pages.send(
        f"/cases/{case_id}/hearings/new",
        {
            "kind": "trial",
            "date": "2026-12-07",
            "starts": "08:30",
            "ends": "10:30",
            "mode": "videoconference",
        },
    )
    hearing_id = int(made.headers["location"].split("/")[2].split("?")[0].split("#")[0])
    form = await pages.get(f"/hearings/{hearing_id}/edit")
    assert 'name="confrontation_waived_on"' in form.text
    fields = {
        "kind": "trial",
        "date": "2026-12-07",
        "starts": "08:30",
        "ends": "10:30",
        "mode": "videoconference",
        "room": "",
        "video_link": "",
        "video_motion_granted_on": "2026-11-20",
        "video_order": "Order of 20 Nov 2026",
        "confrontation_waived_on": "2026-11-18",
        "version": "1",
    }
    saved = await pages.send(f"/hearings/{hearing_id}/edit", fields)
    assert saved.status_code == 303, saved.text
    row = await Hearing.select().where(Hearing.id == hearing_id).first()
    assert row
    assert (row["video_motion_granted_on"], row["confrontation_waived_on"]) == (
        D(2026, 11, 20),
        D(2026, 11, 18),
    )
    page = await pages.get(f"/hearings/{hearing_id}")
    assert 'id="hearing-warnings"' not in page.text


@pytest.mark.anyio
async def test_the_suspension_shows_on_the_case_pages_arraignment_clock(people: People) -> None:
    # As the first test, through the API and the page: received Mon 5 Oct 2026 (detained),
    # petition filed Wed 7 Oct, resolved Thu 22 Oct: due Fri 30 Oct instead of Thu 15 Oct.
    case = await open_case(people, stage="arraignment_and_pre_trial")
    await add_accused(people, case["id"], "detained")
    await set_facts(
        people,
        case["id"],
        court_received_on="2026-10-05",
        petition_for_review_filed_on="2026-10-07",
        review_resolved_on="2026-10-22",
    )
    found = await deadlines(people, case["id"], "2026-10-20")
    clock = found["arraignment_detained"]
    assert clock["due_on"] == "2026-10-30"
    assert clock["suspension"] == {
        "reason": "the petition for review filed 07 Oct 2026",
        "suspended_from": "2026-10-07",
        "suspended_to": "2026-10-22",
        "days": 15,
        "pending": False,
        "source": "Rules of Court R116 s11(c)",
    }
    page = await people.prosecutor.get(f"/cases/{case['id']}")
    assert "Suspended 15 days, 07 Oct 2026 to 22 Oct 2026" in page.text


@pytest.mark.anyio
async def test_a_survivors_name_in_the_new_free_text_is_refused_naming_the_field(
    people: People,
) -> None:
    case = await case_with_a_child_survivor(people)
    named = "Maria Luz Tumulak"
    certified = await people.prosecutor.post(
        f"/api/cases/{case['id']}/build-up/certification",
        json={"certified_on": "2026-11-20", "certification": f"{named} evidence ok", "version": 1},
    )
    assert certified.status_code == 400, certified.text
    assert certified.json()["errors"][0]["field"] == "certification"
    hearing = await people.lawyer.post(
        f"/api/cases/{case['id']}/hearings", json=video_hearing(video_order=f"Order re {named}")
    )
    assert hearing.status_code == 400, hearing.text
    assert hearing.json()["errors"][0]["field"] == "video_order"
    made = await people.lawyer.post(f"/api/cases/{case['id']}/hearings", json=video_hearing())
    cancelled = await people.lawyer.post(
        f"/api/hearings/{made.json()['id']}/outcome",
        json={
            "outcome": "cancelled",
            "reason": "Witness unwell",
            "meritorious_ground": f"{named} is in hospital",
            "version": 1,
        },
    )
    assert cancelled.status_code == 400, cancelled.text
    assert cancelled.json()["errors"][0]["field"] == "meritorious_ground"
    assert named not in cancelled.text

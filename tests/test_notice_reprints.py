"""Notices after the hearing changed (issue 20 items 1, 2 and 4; issue 18 item 1): a trip plan
made stale by a reset or a change of mode blocks the survivor's notice until the advocate
checks it; the reprint says "The day changed" in the child's language; each printed document
is tracked on its own; a cancelled hearing gets a short note and a "survivor told" tick; the
countdown counts the real nights; noon is 12:00 only; the checklist says what was printed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import pytest

from docket.audit.tables import AuditEvent
from docket.cases.choices import Language
from docket.notices.choices import NoticeVariant, Paper
from docket.notices.content import survivor_notice
from docket.notices.dates import time_in_words
from docket.notices.render import render_notice_html, render_notice_pdf
from docket.notices.schemas import Accommodation, PrintOccasion
from docket.notices.tables import NoticePreparation
from docket.protection.choices import Measure, MeasureStatus
from tests.conftest import People
from tests.helpers import reset_hearing
from tests.test_notices import CHECKLIST, NOTICE, pdf_info
from tests.test_notices import pdf_text as pdf_text_of
from tests.test_notices_api import (
    PREPARATION,
    due_item,
    next_weekday_at,
    pair_url,
    pdf_text,
    setup_case,
    two_step,
)

MANILA = ZoneInfo("Asia/Manila")


async def move(people: People, hearing_id: int, starts: dt.datetime) -> None:
    """The lawyer resets the hearing to ``starts`` (two hours long)."""
    hearing = (await people.lawyer.get(f"/api/hearings/{hearing_id}")).json()
    await reset_hearing(people, hearing, starts, "Judge on leave")


async def save_plan(api: Any, ids: dict[str, int], **change: Any) -> Any:
    url = pair_url(ids, "preparation")
    current = (await api.get(url)).json()
    return await api.put(url, json=PREPARATION | {"version": current["version"]} | change)


def words_of(date: dt.datetime) -> str:
    """An English date as the notice writes it: "Friday, March 14, 2025"."""
    local = date.astimezone(MANILA)
    return f"{local:%A}, {local:%B} {local.day}, {local.year}"


@pytest.mark.anyio
async def test_a_reset_blocks_the_notice_until_the_plan_is_checked_then_says_the_day_changed(
    people: People, tmp_path: Path
) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    # The case: a 1:30 pm hearing, met at 12:00, then moved to 8:30 in the morning.
    afternoon = next_weekday_at(5, 13)
    await move(people, ids["hearing_id"], afternoon)
    saved = await save_plan(advocate, ids, meeting_time="12:00", leave_time="12:15")
    assert saved.status_code == 200, saved.text
    notice = pair_url(ids, "notice")
    first = await advocate.post(notice, json={"variant": "child", "lang": "en"})
    assert first.status_code == 200, first.text
    assert "12:00 noon" in pdf_text(first.content, tmp_path)

    morning = next_weekday_at(9, 8)
    await move(people, ids["hearing_id"], morning)
    blocked = await advocate.post(notice, json={"variant": "child", "lang": "en"})
    assert blocked.status_code == 409, blocked.text
    detail = blocked.json()["detail"]
    assert "moved" in detail
    assert "trip plan" in detail
    plan_page = f"/hearings/{ids['hearing_id']}/survivors/{ids['survivor_id']}/preparation"
    assert plan_page in detail
    item = await due_item(people.advocate, ids)
    assert item["preparation_stale"] is True
    assert item["reprint_needed"] is True
    # The advocate's pages link to the trip plan to fix it.
    assert plan_page in (await advocate.get("/notices/reprint")).text
    form = await advocate.get(
        f"/hearings/{ids['hearing_id']}/survivors/{ids['survivor_id']}/notice"
    )
    assert plan_page in form.text
    # The checklist still prints: it is the advocate's sheet for fixing the plan.
    checklist = await advocate.post(notice, json={"variant": "advocate_checklist"})
    assert checklist.status_code == 200

    # Saving the old times again is refused (they are after the new start); new times pass.
    assert (
        await save_plan(advocate, ids, meeting_time="12:00", leave_time="12:15")
    ).status_code == 400
    assert (await save_plan(advocate, ids)).status_code == 200  # 07:00, leave 07:15
    assert (await due_item(people.advocate, ids))["preparation_stale"] is False
    again = await advocate.post(notice, json={"variant": "child", "lang": "en"})
    assert again.status_code == 200, again.text
    text = pdf_text(again.content, tmp_path)
    assert text.index("The day changed.") < text.index("When and where?")
    assert words_of(morning) in text
    assert "7:00 in the morning" in text
    assert "8:30 in the morning" in text
    assert "12:00" not in text
    cebuano = await advocate.post(notice, json={"variant": "young_child"})
    assert cebuano.status_code == 200
    assert "Nausab ang adlaw." in pdf_text(cebuano.content, tmp_path)


@pytest.mark.anyio
async def test_a_change_of_mode_blocks_the_survivor_notice_until_the_plan_is_checked(
    people: People,
) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    assert (await save_plan(advocate, ids)).status_code == 200
    url = f"/api/hearings/{ids['hearing_id']}"
    hearing = (await people.lawyer.get(url)).json()
    changed = await people.lawyer.patch(
        url, json={"mode": "videoconference", "version": hearing["version"]}
    )
    assert changed.status_code == 200, changed.text
    blocked = await advocate.post(pair_url(ids, "notice"), json={"variant": "child"})
    assert blocked.status_code == 409
    assert "videoconference" in blocked.json()["detail"]
    assert (await save_plan(advocate, ids)).status_code == 200
    assert (await advocate.post(pair_url(ids, "notice"), json={"variant": "child"})).is_success


@pytest.mark.anyio
async def test_a_plan_saved_before_docket_kept_its_start_is_stale_after_a_reset(
    people: People,
) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    assert (await save_plan(advocate, ids)).status_code == 200
    # As the migration leaves the plans saved before it: no start or mode on record.
    await NoticePreparation.update(
        {NoticePreparation.planned_starts_at: None, NoticePreparation.planned_mode: None}
    ).where(NoticePreparation.hearing == ids["hearing_id"])
    assert (await advocate.post(pair_url(ids, "notice"), json={"variant": "child"})).is_success
    await move(people, ids["hearing_id"], next_weekday_at(9, 9))
    blocked = await advocate.post(pair_url(ids, "notice"), json={"variant": "child"})
    assert blocked.status_code == 409
    assert "reset or changed after the trip plan was saved" in blocked.json()["detail"]


@pytest.mark.anyio
async def test_reprinting_only_the_checklist_leaves_the_survivors_notice_to_reprint(
    people: People,
) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    assert (await save_plan(advocate, ids)).status_code == 200
    notice = pair_url(ids, "notice")
    for variant in ("child", "advocate_checklist"):
        assert (await advocate.post(notice, json={"variant": variant})).status_code == 200
    await move(people, ids["hearing_id"], next_weekday_at(9, 9))
    assert (await save_plan(advocate, ids)).status_code == 200

    assert (await advocate.post(notice, json={"variant": "advocate_checklist"})).is_success
    item = await due_item(people.advocate, ids)
    assert item["reprint_needed"] is True
    assert [(d["variant"], d["language"]) for d in item["to_reprint"]] == [("child", "ceb")]
    prints = (await people.advocate.get("/api/notices/prints")).json()["items"]
    child = [p for p in prints if p["variant"] == "child"]
    assert [p["out_of_date"] for p in child] == [True]
    assert "Child" in (await advocate.get("/notices/reprint")).text

    assert (await advocate.post(notice, json={"variant": "child"})).is_success
    item = await due_item(people.advocate, ids)
    assert item["reprint_needed"] is False
    assert item["to_reprint"] == []


@pytest.mark.anyio
async def test_a_cancelled_hearing_gets_a_note_to_print_and_a_survivor_told_tick_that_clears_it(
    people: People, tmp_path: Path
) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    assert (await save_plan(advocate, ids)).status_code == 200
    notice = pair_url(ids, "notice")
    assert (await advocate.post(notice, json={"variant": "child"})).is_success
    note = {"variant": "cancelled_note", "lang": "en"}
    # Not for a hearing that still takes place.
    assert (await advocate.post(notice, json=note)).status_code == 409
    told_url = pair_url(ids, "survivor-told")
    assert (await people.advocate.post(told_url)).status_code == 409

    url = f"/api/hearings/{ids['hearing_id']}"
    hearing = (await people.lawyer.get(url)).json()
    cancelled = await people.lawyer.post(
        f"{url}/outcome",
        json={
            "outcome": "cancelled",
            "reason": "Rodrigo Dalisay pleaded guilty",
            "version": hearing["version"],
        },
    )
    assert cancelled.status_code == 200
    item = await due_item(people.advocate, ids)
    assert item["hearing_status"] == "cancelled"
    listed = (await advocate.get("/notices/reprint")).text
    assert "has been told" in listed

    printed = await advocate.post(notice, json=note)
    assert printed.status_code == 200, printed.text
    text = pdf_text(printed.content, tmp_path)
    day = words_of(dt.datetime.fromisoformat(hearing["starts_at"]))
    assert f"Court is not on {day}." in text
    assert "Lani" in text
    assert "Ate" not in text or "will tell you the new day" in text
    assert "will tell you the new day." in text
    assert "not because of you" in text
    for never in ("Dalisay", "pleaded", "guilty", "CEB-2026-0999", "R-CEB-26", "AAA", "Bahay"):
        assert never not in text, never
    cebuano = await advocate.post(notice, json={"variant": "cancelled_note"})
    assert "Walay korte sa" in pdf_text(cebuano.content, tmp_path)

    # Only the survivor's advocate or the lead prosecutor says the survivor was told.
    assert (await people.lawyer.post(told_url)).status_code == 403
    # The page's form, as the advocate ticks it on her list.
    session_csrf = advocate.client.headers["X-CSRF-Token"]
    ticked = await advocate.client.post(
        f"/hearings/{ids['hearing_id']}/survivors/{ids['survivor_id']}/survivor-told",
        data={"_csrf_token": session_csrf},
    )
    assert ticked.status_code == 303, ticked.text
    due = (await people.advocate.get("/api/notices/due", params={"days": 30})).json()["items"]
    assert not [i for i in due if i["hearing_id"] == ids["hearing_id"]]
    assert f"/hearings/{ids['hearing_id']}/" not in (await advocate.get("/notices/reprint")).text
    told = await AuditEvent.select().where(AuditEvent.action == "notice.survivor_told")
    assert len(told) == 1
    assert told[0]["actor"] == people.advocate.user_id
    assert '"told_at"' in told[0]["after"]
    assert "Lani" not in told[0]["after"]
    # Told again through the API (the lead prosecutor): the trail keeps who told before.
    again = await people.prosecutor.post(told_url)
    assert again.status_code == 200, again.text
    assert again.json()["told_by_id"] == people.prosecutor.user_id


@pytest.mark.parametrize("variant", [NoticeVariant.YOUNG_CHILD, NoticeVariant.CHILD])
def test_a_reprint_with_the_day_changed_and_two_weeks_to_count_stays_within_two_pages(
    variant: NoticeVariant, tmp_path: Path
) -> None:
    occasion = PrintOccasion(
        printed_at=NOTICE.starts_at - dt.timedelta(days=14, hours=1),
        earlier_starts_at=NOTICE.starts_at - dt.timedelta(days=3),
    )
    path = tmp_path / "reprint.pdf"
    path.write_bytes(render_notice_pdf(NOTICE, variant, Language.CEBUANO, Paper.LETTER, occasion))
    assert pdf_info(path)["Pages"].strip() in {"1", "2"}
    text = pdf_text_of(path)
    assert text.index("Nausab ang adlaw.") < text.index("Biyernes, Marso 14, 2025")


def printed_on(starts_at: dt.datetime, nights: int) -> PrintOccasion:
    return PrintOccasion(printed_at=starts_at - dt.timedelta(days=nights, hours=1))


@pytest.mark.parametrize("nights", [3, 11, 12])
def test_the_countdown_strip_shows_the_real_number_of_nights_labelled(nights: int) -> None:
    occasion = printed_on(NOTICE.starts_at, nights)
    html = render_notice_html(
        NOTICE, NoticeVariant.YOUNG_CHILD, Language.ENGLISH, occasion=occasion
    )
    assert html.count('class="night"') == nights
    assert f"{nights} nights until court" in html
    soon = "You go to court soon." in " ".join(
        survivor_notice(NOTICE, NoticeVariant.YOUNG_CHILD, Language.ENGLISH, occasion).sentences()
    )
    assert soon is (nights <= 7)


def test_no_countdown_strip_when_court_is_far_away_and_no_soon() -> None:
    occasion = printed_on(NOTICE.starts_at, 40)
    html = render_notice_html(
        NOTICE, NoticeVariant.YOUNG_CHILD, Language.ENGLISH, occasion=occasion
    )
    assert 'class="night"' not in html
    sentences = survivor_notice(
        NOTICE, NoticeVariant.YOUNG_CHILD, Language.ENGLISH, occasion
    ).sentences()
    assert "Hi, Lani! You are going to court." in sentences
    assert not any("soon" in s for s in sentences)


def test_a_moved_time_on_the_same_day_says_the_time_changed() -> None:
    earlier = NOTICE.starts_at - dt.timedelta(hours=2)
    occasion = PrintOccasion(printed_at=NOTICE.starts_at, earlier_starts_at=earlier)
    for language, first in (
        (Language.ENGLISH, "The time changed."),
        (Language.FILIPINO, "Nagbago ang oras."),
    ):
        notice = survivor_notice(NOTICE, NoticeVariant.CHILD, language, occasion)
        assert notice.sentences()[0] == first


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [(12, 0, "12:00 noon"), (12, 30, "12:30 in the afternoon"), (12, 59, "12:59 in the afternoon")],
)
def test_noon_is_twelve_oclock_only(hour: int, minute: int, expected: str) -> None:
    moment = dt.datetime(2026, 12, 7, hour, minute, tzinfo=MANILA)
    assert time_in_words(moment, "Asia/Manila", Language.ENGLISH) == expected


def checklist_marks(html: str) -> dict[str, list[str]]:
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>(.*?)</tr>", html, re.DOTALL)
    return {name: re.findall(r"[☑☐]", cells) for name, cells in rows}


def test_the_checklist_names_the_languages_printed_and_arranged_is_not_ordered() -> None:
    accommodations = [
        Accommodation(Measure.INTERPRETER, MeasureStatus.ORDERED, "Waray"),
        Accommodation(Measure.LIVE_LINK_TV, MeasureStatus.ARRANGED),
    ]
    printed = msgspec.structs.replace(
        CHECKLIST, notice_languages=[Language.WARAY], accommodations=accommodations
    )
    html = render_notice_html(printed, lang=Language.ENGLISH)
    assert re.search(r"Notice printed in</th><td>Winaray \(Waray\)</td>", html)
    marks = checklist_marks(html)
    assert marks["Interpreter (Waray)"] == ["☑", "☑", "☐", "☐"]
    assert marks["Live-link TV"] == ["☑", "☐", "☑", "☐"]
    unprinted = msgspec.structs.replace(
        CHECKLIST, accommodations=[Accommodation(Measure.INTERPRETER, MeasureStatus.REQUESTED)]
    )
    html = render_notice_html(unprinted, lang=Language.ENGLISH)
    assert "Not yet; the survivor reads Binisaya (Cebuano)" in html
    assert "Interpreter (Binisaya (Cebuano))" in html

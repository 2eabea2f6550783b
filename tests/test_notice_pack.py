"""The preparation pack (issue 20 item 4): who is in each room, a page for feeling calm with
cards to cut out, a sheet for the grown-up who brings a child; large print and English beside
the child's language. Real WeasyPrint PDFs read back with poppler, as a reviewer would; then
printed through the API and the print page as the advocate does."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import httpx
import msgspec
import pytest

from docket.audit.tables import AuditEvent
from docket.cases.choices import Language
from docket.notices.catalogs import translations
from docket.notices.choices import SURVIVOR_VARIANTS, NoticeVariant, Paper, page_budget
from docket.notices.content import preparation_pack
from docket.notices.render import render_notice_html, render_notice_pdf, render_notice_text
from docket.notices.schemas import NoticeData, PrintOptions, words_never_on_a_survivor_page
from tests.conftest import People
from tests.helpers import login_with_second_factor
from tests.test_notices import (
    BANNED_STEMS,
    NEVER_ON_A_SURVIVOR_PAGE,
    NOTICE,
    contains,
    contains_fragment,
)
from tests.test_notices_api import PREPARATION, email_of, pair_url, setup_case, two_step
from tests.test_pages_advocate import send

PACK = PrintOptions(pack=True)
#: A hearing where the court ordered nothing: no live link, no separate waiting room.
NOTHING_ORDERED = msgspec.structs.replace(NOTICE, accommodations=[])


def said(language: Language, message: str, **values: str) -> str:
    """A message as the notice prints it in ``language``."""
    text = translations(language).gettext(message)
    return text % values if values else text


_PRINTED: dict[tuple[object, ...], Path] = {}


def _printed(
    folder: Path,
    data: NoticeData,
    variant: NoticeVariant,
    language: Language,
    paper: Paper,
    options: PrintOptions,
) -> Path:
    """Each print rendered once per test run (WeasyPrint takes a second or two)."""
    key = (msgspec.json.encode(data), variant, language, paper, options)
    if key not in _PRINTED:
        path = folder / f"print-{len(_PRINTED)}.pdf"
        path.write_bytes(render_notice_pdf(data, variant, language, paper, None, options))
        _PRINTED[key] = path
    return _PRINTED[key]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("packs")


def pdf_text(path: Path, first: int = 1, last: int = 0) -> str:
    pages = ["-f", str(first)] + (["-l", str(last)] if last else [])
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return re.sub(r"\s+", " ", out.stdout)


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return {k.strip(): v.strip() for k, v in (x.split(":", 1) for x in out.stdout.splitlines())}


def pages(path: Path) -> int:
    return int(pdf_info(path)["Pages"])


@pytest.mark.parametrize("language", list(Language))
def test_with_a_live_link_the_room_map_says_the_person_on_trial_is_not_in_the_childs_room(
    language: Language, folder: Path
) -> None:
    path = _printed(folder, NOTICE, NoticeVariant.CHILD, language, Paper.LETTER, PACK)
    text = pdf_text(path)
    for heading in (
        "Who is in each room?",
        "The waiting room",
        "The small TV room",
        "The court room",
    ):
        assert said(language, heading) in text, heading
    assert said(language, "The person on trial will not be in this room.") in text
    assert said(language, "You do not go into this room.") in text
    # A separate waiting room was arranged: the map says so.
    assert said(language, "You wait in a room of your own, not in the court room.") in text


@pytest.mark.parametrize("variant", SURVIVOR_VARIANTS)
def test_without_a_live_link_the_room_map_promises_nothing_it_cannot_keep(
    variant: NoticeVariant, folder: Path
) -> None:
    for data in (
        NOTHING_ORDERED,
        # Ordered, but this survivor does not testify at this hearing: no TV room for them.
        msgspec.structs.replace(NOTICE, expected_to_testify=False),
    ):
        text = pdf_text(_printed(folder, data, variant, Language.ENGLISH, Paper.LETTER, PACK))
        assert "The person on trial will not be in this room." not in text
        assert "The small TV room" not in text
        assert "Ask Ate Joy Ramos who else will be in the room." in text
        if data is NOTHING_ORDERED:  # no separate waiting room was ordered either
            assert "You wait in a room of your own" not in text


def test_each_room_picture_is_described_in_the_notices_language() -> None:
    for language in Language:
        html = render_notice_html(NOTICE, NoticeVariant.YOUNG_CHILD, language, options=PACK)
        pack = preparation_pack(NOTICE, NoticeVariant.YOUNG_CHILD, language)
        for room in pack.rooms:
            assert f"<title>{room.picture_words}</title>" in html.replace("&#39;", "'"), room
        for stem, words in pack.cards:
            assert f"<title>{words}</title>" in html.replace("&#39;", "'"), stem


@pytest.mark.parametrize("language", list(Language))
def test_the_calm_page_has_a_breathing_exercise_and_three_cards_in_the_childs_language(
    language: Language, folder: Path
) -> None:
    path = _printed(folder, NOTICE, NoticeVariant.YOUNG_CHILD, language, Paper.LETTER, PACK)
    text = pdf_text(path)
    for message in (
        "Feeling calm",
        "Smell the flower, blow out the candle",
        "Breathe in slowly, as if you smell a flower.",
        "Breathe out slowly, as if you blow out a candle.",
        "Cut out a card. Show it when you want to.",
        "I don't understand",
        "Say it again",
        "I need a break",
    ):
        assert said(language, message) in text, message
    assert "I don't understand" not in text or language is Language.ENGLISH


@pytest.mark.parametrize("variant", [NoticeVariant.YOUNG_CHILD, NoticeVariant.CHILD])
@pytest.mark.parametrize("language", list(Language))
def test_every_child_variant_has_a_sheet_for_the_grown_up_who_brings_them(
    variant: NoticeVariant, language: Language, folder: Path
) -> None:
    path = _printed(folder, NOTICE, variant, language, Paper.LETTER, PACK)
    sheet = pdf_text(path, first=pages(path), last=pages(path))
    for message, values in (
        ("For the grown-up who brings %(name)s", {"name": "Lani"}),
        ("Court: %(court)s.", {"court": NOTICE.court_name}),
        (
            "Meet %(advocate)s at %(place)s at %(time)s.",
            {"advocate": "Ate Joy Ramos", "place": "Capitol gate", "time": "7:00"},
        ),
        (
            "Ask %(advocate)s when %(name)s will be back: %(phone)s.",
            {"advocate": "Ate Joy Ramos", "name": "Lani", "phone": "0917 555 0134"},
        ),
        ("Please do not go over what happened with %(name)s.", {"name": "Lani"}),
        ("Bring medicine, water, a snack, and a jacket for %(name)s.", {"name": "Lani"}),
    ):
        wanted = said(language, message, **values)
        if "%(time)s" in message:  # the time is written in words, checked elsewhere
            wanted = wanted.split("7:00")[0]
        assert wanted in sheet, message
    # The young child's notice no longer carries the box: the grown-up has the sheet.
    notice_pages = pdf_text(path, first=1, last=2)
    assert said(language, "For the grown-up who brings %(name)s", name="Lani") not in notice_pages


def test_the_young_childs_notice_keeps_the_carers_box_when_printed_without_the_pack(
    folder: Path,
) -> None:
    path = _printed(
        folder, NOTICE, NoticeVariant.YOUNG_CHILD, Language.ENGLISH, Paper.LETTER, PrintOptions()
    )
    assert "For the grown-up who brings Lani" in pdf_text(path)
    assert pages(path) <= 2


def test_an_adult_pack_has_the_rooms_and_the_calm_page_but_no_carer_sheet(folder: Path) -> None:
    path = _printed(folder, NOTICE, NoticeVariant.ADULT, Language.ENGLISH, Paper.LETTER, PACK)
    text = pdf_text(path)
    assert "Who is in each room?" in text
    assert "Feeling calm" in text
    assert "For the grown-up" not in text


@pytest.mark.parametrize(
    ("variant", "points"),
    [(NoticeVariant.YOUNG_CHILD, 24), (NoticeVariant.CHILD, 20), (NoticeVariant.ADULT, 18)],
)
def test_large_print_sets_bigger_type(variant: NoticeVariant, points: int) -> None:
    large = render_notice_html(
        NOTICE, variant, Language.CEBUANO, options=PrintOptions(large_print=True)
    )
    ordinary = render_notice_html(NOTICE, variant, Language.CEBUANO)
    rule = f"font-size: {points}pt"
    assert re.search(r"body[^{]*\{[^}]*" + re.escape(rule), large)
    assert not re.search(r"body[^{]*\{[^}]*" + re.escape(rule), ordinary)


@pytest.mark.parametrize("language", [Language.WARAY, Language.CEBUANO, Language.FILIPINO])
def test_a_bilingual_print_puts_english_beside_the_childs_language(
    language: Language, folder: Path
) -> None:
    both = PrintOptions(pack=True, bilingual=True)
    text = pdf_text(_printed(folder, NOTICE, NoticeVariant.CHILD, language, Paper.LETTER, both))
    for message in (
        "This is not your fault.",
        "The person on trial will not be in this room.",
        "Say it again",
    ):
        assert said(language, message) in text, message
        assert message in text, message
    html = render_notice_html(NOTICE, NoticeVariant.CHILD, language, options=both)
    assert f'<html lang="{language.value}">' in html
    assert 'class="col" lang="en"' in html, "the English column says it is English"
    plain = render_notice_text(NOTICE, NoticeVariant.CHILD, language, options=both)
    assert said(language, "Feeling calm") in plain
    assert "Feeling calm" in plain
    with pytest.raises(ValueError, match="English beside"):
        render_notice_html(NOTICE, NoticeVariant.CHILD, Language.ENGLISH, options=both)


@pytest.mark.parametrize("language", list(Language))
def test_the_pack_never_shows_what_a_survivor_must_not_see(
    language: Language, folder: Path
) -> None:
    bilingual = language is not Language.ENGLISH
    for variant in SURVIVOR_VARIANTS:
        options = PrintOptions(pack=True, bilingual=bilingual)
        text = pdf_text(_printed(folder, NOTICE, variant, language, Paper.LETTER, options))
        for never in NEVER_ON_A_SURVIVOR_PAGE:
            assert not contains(text, never), (variant, never)
        for stem in BANNED_STEMS:
            assert not contains_fragment(text, stem), (variant, stem)
        pack = preparation_pack(NOTICE, variant, language)
        for sentence in pack.sentences() + pack.for_the_carer:
            assert words_never_on_a_survivor_page(sentence) is None, sentence


PACK_PRINTS = [
    pytest.param(v, lang, paper, options, id=f"{v.value}-{lang.value}-{paper.value}-{name}")
    for v in SURVIVOR_VARIANTS
    for lang in Language
    for name, options, papers in (
        ("large", PrintOptions(pack=True, large_print=True), list(Paper)),
        ("bilingual", PrintOptions(pack=True, bilingual=True), list(Paper)),
        (
            "large-bilingual",
            PrintOptions(pack=True, large_print=True, bilingual=True),
            [Paper.LETTER],
        ),
    )
    for paper in papers
    if not (options.bilingual and lang is Language.ENGLISH)
]


@pytest.mark.parametrize(("variant", "language", "paper", "options"), PACK_PRINTS)
def test_large_and_bilingual_packs_keep_their_page_budget_and_are_tagged(
    variant: NoticeVariant,
    language: Language,
    paper: Paper,
    options: PrintOptions,
    folder: Path,
) -> None:
    info = pdf_info(_printed(folder, NOTICE, variant, language, paper, options))
    budget = page_budget(
        variant, pack=True, large_print=options.large_print, bilingual=options.bilingual
    )
    assert 1 <= int(info["Pages"]) <= budget
    assert info["Tagged"] == "yes"


# --- printed by the advocate ----------------------------------------------------------------


@pytest.mark.anyio
async def test_the_advocate_prints_the_pack_through_the_api_and_its_options_are_recorded(
    people: People, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    ids = await setup_case(people)
    url = pair_url(ids, "notice")
    session = {
        "X-CSRF-Token": await login_with_second_factor(
            client, await email_of(people.advocate.user_id)
        )
    }
    stored = await client.put(pair_url(ids, "preparation"), json=PREPARATION, headers=session)
    assert stored.is_success
    body = {"variant": "child", "pack": True, "bilingual": True}
    # The trip plan's rules: no second factor, not the survivor's advocate: no pack.
    assert (await people.advocate.post(url, json=body)).status_code == 403
    assert (await people.lawyer.post(url, json=body)).status_code == 403

    printed = await client.post(url, json=body, headers=session)
    assert printed.status_code == 200, printed.text
    name = f"notice-h{ids['hearing_id']}-s{ids['survivor_id']}-child-pack-en-ceb.pdf"
    assert printed.headers["content-disposition"] == f'attachment; filename="{name}"'
    path = tmp_path / "pack.pdf"
    path.write_bytes(printed.content)
    assert (
        2
        < pages(path)
        <= page_budget(NoticeVariant.CHILD, pack=True, large_print=False, bilingual=True)
    )
    text = pdf_text(path)
    # The live link was ordered in this case: the map says who is not in the child's room.
    assert said(Language.CEBUANO, "The person on trial will not be in this room.") in text
    assert "The person on trial will not be in this room." in text
    assert said(Language.CEBUANO, "For the grown-up who brings %(name)s", name="Lani") in text
    for never in ("Dalisay", "Bahay Silungan", "CEB-2026-0999", "R-CEB-26", "People v", "AAA"):
        assert never not in text, never

    audited = await AuditEvent.select().where(
        (AuditEvent.action == "notice.print") & (AuditEvent.outcome == "ok")
    )
    assert '"pack":true' in audited[-1]["after"]
    assert '"bilingual":true' in audited[-1]["after"]
    assert '"large_print":false' in audited[-1]["after"]

    # What a careless or hostile client sends: a 400 naming the field, never a 500.
    for change, field in (
        ({"pack": "yes"}, "pack"),
        ({"large_print": 2}, "large_print"),
        ({"bilingual": None}, "bilingual"),
        ({"variant": "advocate_checklist", "pack": True, "bilingual": False}, "pack"),
        ({"variant": "advocate_checklist", "pack": False, "large_print": True}, "large_print"),
        ({"lang": "en"}, "bilingual"),
    ):
        answer = await client.post(url, json=body | change, headers=session)
        assert answer.status_code == 400, (change, answer.text)
        assert answer.json()["errors"][0]["field"] == field, change


@pytest.mark.anyio
async def test_the_print_page_offers_the_pack_ticked_large_print_and_english_beside_it(
    people: People, tmp_path: Path
) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    assert (await advocate.put(pair_url(ids, "preparation"), json=PREPARATION)).is_success
    page = f"/hearings/{ids['hearing_id']}/survivors/{ids['survivor_id']}/notice"
    form = await advocate.get(page)
    assert form.status_code == 200
    assert 'name="pack" id="pack" checked' in form.text, "a pack, not a sheet, unless unticked"
    assert 'name="large_print" id="large_print">' in form.text
    assert 'name="bilingual" id="bilingual">' in form.text

    printed = await send(
        advocate,
        page,
        {"variant": "young_child", "paper": "letter", "pack": "on", "large_print": "on"},
    )
    assert printed.status_code == 200, printed.text
    path = tmp_path / "pack.pdf"
    path.write_bytes(printed.content)
    text = pdf_text(path)
    assert said(Language.CEBUANO, "Feeling calm") in text
    assert pages(path) <= page_budget(
        NoticeVariant.YOUNG_CHILD, pack=True, large_print=True, bilingual=False
    )
    # The pack box is ticked from the start: the checklist prints without it, no error.
    checklist = await send(advocate, page, {"variant": "advocate_checklist", "pack": "on"})
    assert checklist.status_code == 200, checklist.text
    assert checklist.headers["content-type"] == "application/pdf"
    # English beside English: said next to the box, what was chosen kept.
    refused = await send(
        advocate, page, {"variant": "child", "lang": "en", "pack": "on", "bilingual": "on"}
    )
    assert refused.status_code == 400
    assert 'id="bilingual-error"' in refused.text
    assert "the notice is in English already" in refused.text
    assert 'name="bilingual" id="bilingual" checked' in refused.text


@pytest.mark.parametrize("variant", SURVIVOR_VARIANTS)
def test_the_pack_exports_as_plain_text_with_the_same_words_as_its_pages(
    variant: NoticeVariant, folder: Path
) -> None:
    printed = pdf_text(_printed(folder, NOTICE, variant, Language.CEBUANO, Paper.LETTER, PACK))
    text = render_notice_text(NOTICE, variant, Language.CEBUANO, options=PACK)
    for words in (
        "Who is in each room?",
        "The person on trial will not be in this room.",
        "Breathe in slowly, as if you smell a flower.",
        "Say it again",
    ):
        assert said(Language.CEBUANO, words) in text, words
    # Every line of the pack's export is on the printed pages (the pictures' words are their
    # alternative text, spoken by a screen reader, not printed).
    text = text[text.index(said(Language.CEBUANO, "Who is in each room?")) :]
    pictures = {
        room.picture_words for room in preparation_pack(NOTICE, variant, Language.CEBUANO).rooms
    }
    for line in text.splitlines():
        if line and line not in pictures:
            assert " ".join(line.removeprefix("- ").split()) in printed, line
    assert not set("☐☑") & set(text)

"""Printed hearing-preparation notices: what they say, what they never say, how they print.

Real WeasyPrint PDFs read back with poppler's pdftotext/pdfinfo/pdffonts, as a reviewer would.
"""

import functools
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable
from datetime import datetime
from html import unescape as html_unescape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import pytest
import textstat
from babel.messages.pofile import read_po
from textstat.backend.counts import _count_syllables

from docket.cases.choices import AgeBand, Language
from docket.hearings.choices import HearingKind, HearingMode
from docket.notices import catalogs
from docket.notices.catalogs import (
    LOCALE_DIR,
    catalog_path,
    reviewed_by_native_speaker,
    translations,
)
from docket.notices.checklist import advocate_checklist
from docket.notices.choices import (
    SURVIVOR_VARIANTS,
    NoticeVariant,
    Paper,
    suggested_variant,
)
from docket.notices.content import survivor_notice
from docket.notices.dates import date_in_words, time_in_words
from docket.notices.render import (
    pictogram,
    render_notice_html,
    render_notice_pdf,
    render_notice_text,
)
from docket.notices.schemas import Accommodation, ChecklistData, NoticeData
from docket.protection.choices import Measure, MeasureStatus

MANILA = ZoneInfo("Asia/Manila")
PROJECT = Path(__file__).resolve().parents[1]

# What the case file holds about the survivor and the case. Only some of it may be printed.
CASE_FILE: dict[str, Any] = {
    "legal_name": "Lani Villareal",
    "first_name": "Lani",
    "pseudonym": "AAA",
    "other_child_pseudonym": "BBB",
    "other_child_name": "Maricel",
    "accused_name": "Rodrigo Dalisay",
    "accused_alias": "Digoy",
    "accused_relationship": "stepfather",
    "caption": "People of the Philippines vs. Rodrigo Dalisay",
    "case_number": "Crim. Case No. R-CEB-25-01234-CR",
    "charges": "Qualified trafficking in persons (RA 9208) and OSAEC (RA 11930)",
    "shelter": "Bahay Silungan",
    "prosecutor": "Pros. Teresita Dela Cruz",
}


def checklist_from_case_file(case: dict[str, Any]) -> ChecklistData:
    """What the notice service will do: pick from the case file what each sheet may show."""
    notice = NoticeData(
        first_name=case["first_name"],
        age_band=AgeBand.AGE_7_TO_11,
        language=Language.CEBUANO,
        starts_at=datetime(2025, 3, 14, 9, 30, tzinfo=MANILA),
        hearing_kind=HearingKind.TRIAL,
        court_name="Regional Trial Court Branch 12, Cebu City",
        expected_to_testify=True,
        mode=HearingMode.IN_PERSON,
        accommodations=[
            Measure.LIVE_LINK_TV,
            Measure.SUPPORT_PERSON,
            Measure.INTERPRETER,
            Measure.FACILITATOR,
            Measure.BREAKS,
            Measure.SEPARATE_WAITING_AREA,
            Measure.COMFORT_ITEM,
        ],
        meeting_place="Capitol gate",
        meeting_at=datetime(2025, 3, 14, 7, 0, tzinfo=MANILA),
        leave_at=datetime(2025, 3, 14, 7, 15, tzinfo=MANILA),
        support_person_first_names=["Nena", "Ben"],
        advocate_name="Ate Joy Ramos",
        advocate_phone="0917 555 0134",
    )
    return ChecklistData(
        notice=notice,
        pseudonym=case["pseudonym"],
        docket_number=case["case_number"],
        courtroom="Room 3",
        prosecutor_name=case["prosecutor"],
        prosecutor_phone="0917 000 1111",
        accommodations=[
            Accommodation(Measure.LIVE_LINK_TV, MeasureStatus.ARRANGED),
            Accommodation(Measure.SUPPORT_PERSON, MeasureStatus.ORDERED),
            Accommodation(Measure.INTERPRETER, MeasureStatus.ORDERED),
            Accommodation(Measure.FACILITATOR, MeasureStatus.ORDERED),
            Accommodation(Measure.BREAKS, MeasureStatus.ORDERED),
            Accommodation(Measure.SEPARATE_WAITING_AREA, MeasureStatus.ARRANGED),
            Accommodation(Measure.COMFORT_ITEM, MeasureStatus.ARRANGED),
            Accommodation(Measure.SCREEN, MeasureStatus.REQUESTED),
            Accommodation(Measure.CLOSED_COURTROOM, MeasureStatus.DECLINED),
        ],
        vehicle_and_escort="DSWD van; PO2 Santos",
        route_and_entrance="Back entrance, not the main lobby",
        return_plan=f"Back to {case['shelter']} by noon",
        safety_notes=(
            f"{case['accused_name']} ({case['accused_alias']}), her {case['accused_relationship']}"
            f", is detained; his sister may wait at the gate. {case['other_child_pseudonym']} "
            "testifies the same day."
        ),
        after_notes="Ate Joy tells AAA about any new date",
    )


CHECKLIST = checklist_from_case_file(CASE_FILE)
NOTICE = CHECKLIST.notice

# notices.md §6.5 and DESIGN.md privacy rule 3: never on a page the survivor sees.
NEVER_ON_A_SURVIVOR_PAGE = [
    CASE_FILE["accused_name"],
    "Rodrigo",
    "Dalisay",
    CASE_FILE["accused_alias"],
    "Villareal",  # the survivor's surname
    CASE_FILE["shelter"],
    "Silungan",
    "shelter",
    "AAA",
    "BBB",
    CASE_FILE["other_child_name"],
    "Dela Cruz",
    "R-CEB-25-01234-CR",
    "Crim. Case",
    "Case No",
    "People of the Philippines",
    "vs.",
    "versus",
    # the accused and how they are related
    "accused",
    "akusado",
    "defendant",
    "suspect",
    "stepfather",
    "father",
    "uncle",
    "tito",
    "tiyo",
    "amahan",
    "mama",
    "papa",
    # charges and statutes
    "traffick",
    "OSAEC",
    "OSEC",
    "CSAEM",
    "CSAM",
    "cybersex",
    "9208",
    "10364",
    "11930",
    "7610",
    "6981",
    "Republic Act",
    "R.A.",
    "porn",
    "abuse",
    "abuso",
    "exploit",
    "sexual",
    "rape",
    "lascivious",
    "qualified",
    "offense",
    "crime",
    # jargon, threats, consequences, outcome promises
    "arraignment",
    "pre-trial",
    "cross-exam",
    "subpoena",
    "motu proprio",
    "warrant",
    "contempt",
    "arrest",
    "jail",
    "prison",
    "guilty",
    "convict",
    "punish",
    "reward",
    "go home",
    # things never pictured or named: cameras, phones, computers, beds, bathrooms
    "camera",
    "phone",
    "laptop",
    "computer",
    "webcam",
    "bed",
    "bathroom",
]

# Per language: facts every survivor variant must carry, as the reader will see them.
DATE_WORDS = {
    Language.CEBUANO: "Biyernes, Marso 14, 2025",
    Language.FILIPINO: "Biyernes, Marso 14, 2025",
    Language.ENGLISH: "Friday, March 14, 2025",
    Language.WARAY: "Biyernes, Marso 14, 2025",
}
MEETING_TIME = {
    Language.CEBUANO: "7:00 sa buntag",
    Language.FILIPINO: "7:00 ng umaga",
    Language.ENGLISH: "7:00 in the morning",
    Language.WARAY: "7:00 ha aga",
}
HEARING_TIME = {
    Language.CEBUANO: "9:30 sa buntag",
    Language.FILIPINO: "9:30 ng umaga",
    Language.ENGLISH: "9:30 in the morning",
    Language.WARAY: "9:30 ha aga",
}
NOT_YOUR_FAULT = {
    Language.CEBUANO: "Dili kini imong sala",
    Language.FILIPINO: "Hindi mo ito kasalanan",
    Language.ENGLISH: "This is not your fault",
    Language.WARAY: "Diri ini imo sayop",
}
I_DONT_KNOW = {
    Language.CEBUANO: "Wala ko kahibalo",
    Language.FILIPINO: "Hindi ko alam",
    Language.ENGLISH: "I don't know",
    Language.WARAY: "Diri ako maaram",
}
I_DONT_UNDERSTAND = {
    Language.CEBUANO: "Wala ko kasabot",
    Language.FILIPINO: "Hindi ko naiintindihan",
    Language.ENGLISH: "I don't understand",
    Language.WARAY: "Diri ako nakakasabot",
}
TELL_YOUR_ADVOCATE_ABOUT_SIGNING = {
    Language.CEBUANO: "Kon adunay mopapirma nimo og papel, sultihi si Ate Joy Ramos",
    Language.FILIPINO: "Kung may magpapapirma sa iyo ng papel, sabihin kay Ate Joy Ramos",
    Language.ENGLISH: "If anyone asks you to sign a paper, tell Ate Joy Ramos",
    Language.WARAY: "Kon may mapapirma ha imo hin papel, sumati hi Ate Joy Ramos",
}
MONEY = {
    Language.CEBUANO: "kwarta",
    Language.FILIPINO: "pera",
    Language.ENGLISH: "money",
    Language.WARAY: "kwarta",
}
MY_QUESTIONS = {
    Language.CEBUANO: "Akong mga pangutana",
    Language.FILIPINO: "Mga tanong ko",
    Language.ENGLISH: "My questions",
    Language.WARAY: "Akon mga pakiana",
}
DAY_MAY_CHANGE = {
    Language.CEBUANO: "tungod nimo",
    Language.FILIPINO: "dahil sa iyo",
    Language.ENGLISH: "not because of you",
    Language.WARAY: "tungod ha imo",
}

# notices.md §2: words per sentence (average, longest) and English FKGL / FRE targets.
SENTENCE_LIMITS = {
    NoticeVariant.YOUNG_CHILD: (7, 10),
    NoticeVariant.CHILD: (10, 15),
    NoticeVariant.ADULT: (12, 18),
}
ENGLISH_TARGETS = {  # (highest Flesch-Kincaid grade, lowest Flesch reading ease)
    NoticeVariant.YOUNG_CHILD: (1, 95),
    NoticeVariant.CHILD: (4, 85),
    NoticeVariant.ADULT: (5, 80),
}
PAGE_POINTS = {Paper.LETTER: (612, 792), Paper.A4: (595, 842), Paper.LONG: (612, 936)}


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Renders each variant, language and paper once per test run, as a PDF file."""
    folder = tmp_path_factory.mktemp("notices")

    @functools.cache
    def print_one(variant: NoticeVariant, language: Language, paper: Paper) -> Path:
        data: NoticeData | ChecklistData = (
            CHECKLIST if variant is NoticeVariant.ADVOCATE_CHECKLIST else NOTICE
        )
        path = folder / f"{variant.value}-{language.value}-{paper.value}.pdf"
        path.write_bytes(render_notice_pdf(data, variant, language, paper))
        return path

    return print_one


def pdf_text(path: Path) -> str:
    """The text a reader sees, with line breaks and runs of spaces made single spaces."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", " ", text)


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def contains(text: str, phrase: str) -> bool:
    """Whole-word, case-insensitive search, so "Ramos" never matches "mama"-like fragments."""
    pattern = r"(?<!\w)" + re.escape(phrase) + r"(?!\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def contains_fragment(text: str, fragment: str) -> bool:
    """Stems like "traffick" or "porn" are banned inside any word."""
    return fragment.lower() in text.lower()


BANNED_STEMS = {"traffick", "porn", "exploit", "cross-exam", "abuse", "OSAEC", "CSAEM", "9208"}

ALL_PRINTS = [
    pytest.param(variant, language, paper, id=f"{variant.value}-{language.value}-{paper.value}")
    for variant in NoticeVariant
    for language in Language
    for paper in Paper
]
SURVIVOR_PRINTS = [p for p in ALL_PRINTS if p.values[0] in SURVIVOR_VARIANTS]


@pytest.mark.parametrize(("variant", "language", "paper"), SURVIVOR_PRINTS)
def test_a_survivor_notice_carries_every_fact_in_their_language(
    variant: NoticeVariant, language: Language, paper: Paper, printed: Callable[..., Path]
) -> None:
    text = pdf_text(printed(variant, language, paper))
    required = [
        DATE_WORDS[language],
        MEETING_TIME[language],
        NOTICE.advocate_name,
        NOTICE.advocate_phone,
        "Nena",
        "Ben",
        NOTICE.first_name,
        NOT_YOUR_FAULT[language],
        I_DONT_KNOW[language],
        I_DONT_UNDERSTAND[language],
        MY_QUESTIONS[language],
        DAY_MAY_CHANGE[language],
    ]
    if variant is not NoticeVariant.YOUNG_CHILD:
        required += [
            HEARING_TIME[language],
            NOTICE.court_name,
            NOTICE.meeting_place,
            TELL_YOUR_ADVOCATE_ABOUT_SIGNING[language],
            MONEY[language],
        ]
    missing = [fact for fact in required if fact not in text]
    assert not missing, f"missing from the printed notice: {missing}"


@pytest.mark.parametrize(("variant", "language", "paper"), SURVIVOR_PRINTS)
def test_a_survivor_notice_never_shows_what_privacy_rule_3_forbids(
    variant: NoticeVariant, language: Language, paper: Paper, printed: Callable[..., Path]
) -> None:
    text = pdf_text(printed(variant, language, paper))
    shown = [
        word
        for word in NEVER_ON_A_SURVIVOR_PAGE
        if contains(text, word) or (word in BANNED_STEMS and contains_fragment(text, word))
    ]
    assert not shown, f"a survivor's page shows {shown}"


@pytest.mark.parametrize(("variant", "language", "paper"), ALL_PRINTS)
def test_pages_fit_the_sheet_and_embed_their_fonts(
    variant: NoticeVariant, language: Language, paper: Paper, printed: Callable[..., Path]
) -> None:
    path = printed(variant, language, paper)
    info = pdf_info(path)
    most_pages = 1 if variant is NoticeVariant.ADVOCATE_CHECKLIST else 2
    assert 1 <= int(info["Pages"]) <= most_pages
    width, height = (round(float(n)) for n in info["Page size"].split()[0:3:2])
    assert (width, height) == PAGE_POINTS[paper]
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows, "the PDF names no font"
    # pdffonts columns: name type encoding emb sub uni object-id
    assert all(row.split()[-5] == "yes" for row in rows), fonts.stdout


@pytest.mark.parametrize("language", list(Language))
def test_the_advocate_checklist_shows_the_case_but_never_the_legal_name(
    language: Language, printed: Callable[..., Path]
) -> None:
    text = pdf_text(printed(NoticeVariant.ADVOCATE_CHECKLIST, language, Paper.LETTER))
    for shown in (
        CASE_FILE["pseudonym"],
        "R-CEB-25-01234-CR",
        CASE_FILE["prosecutor"],
        "Rodrigo Dalisay",  # the safety note: the advocate must know whom to avoid
        DATE_WORDS[language],
        HEARING_TIME[language],
    ):
        assert shown in text, shown
    assert not contains(text, "Villareal")
    assert not contains(text, CASE_FILE["first_name"])
    # Every catalog is still unreviewed, so the sheet warns, naming the notice's language
    # (once in the warning, once as the language the notice is printed in).
    assert text.count("Binisaya (Cebuano)") >= 2
    if language is Language.ENGLISH:
        assert "The wording in Binisaya (Cebuano) and English has not yet been reviewed" in text


def test_checklist_marks_each_accommodation_requested_ordered_and_arranged() -> None:
    html = render_notice_html(CHECKLIST, lang=Language.ENGLISH)
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>(.*?)</tr>", html, re.DOTALL)
    marks = {name: re.findall(r"[☑☐]", cells) for name, cells in rows}
    # Arranged is not court-ordered (issue 20): the "Ordered" box stays empty.
    assert marks["Live-link TV"] == ["☑", "☐", "☑", "☐"]
    # The interpreter row keeps the language (here the survivor's, none being recorded).
    assert marks["Interpreter (Binisaya (Cebuano))"] == ["☑", "☑", "☐", "☐"]
    assert marks["Screen or one-way mirror"] == ["☑", "☐", "☐", "☐"]
    assert marks["Closed courtroom (declined)"] == ["☐", "☐", "☐", "☐"]


def english_readability(variant: NoticeVariant) -> tuple[float, float]:
    text = " ".join(survivor_notice(NOTICE, variant, Language.ENGLISH).sentences())
    return textstat.flesch_kincaid_grade(text), textstat.flesch_reading_ease(text)


@pytest.mark.parametrize("variant", SURVIVOR_VARIANTS)
def test_english_text_meets_the_reading_level_of_its_readers(
    variant: NoticeVariant, monkeypatch: pytest.MonkeyPatch
) -> None:
    # textstat would download NLTK's CMU dictionary at run time; without it textstat counts
    # syllables with pyphen's bundled en_US dictionary, which needs no network.
    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: None)
    grade, ease = english_readability(variant)
    highest_grade, lowest_ease = ENGLISH_TARGETS[variant]
    assert grade <= highest_grade
    assert ease >= lowest_ease


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("variant", SURVIVOR_VARIANTS)
def test_sentences_stay_short_in_every_language(variant: NoticeVariant, language: Language) -> None:
    sentences = survivor_notice(NOTICE, variant, language).sentences()
    lengths = [len(sentence.split()) for sentence in sentences]
    average_limit, longest_limit = SENTENCE_LIMITS[variant]
    assert sum(lengths) / len(lengths) <= average_limit
    longest = max(sentences, key=lambda sentence: len(sentence.split()))
    assert len(longest.split()) <= longest_limit, longest


@pytest.mark.parametrize("language", list(Language))
def test_the_young_child_notice_is_picture_panels_of_one_or_two_sentences(
    language: Language,
) -> None:
    notice = survivor_notice(NOTICE, NoticeVariant.YOUNG_CHILD, language)
    assert 4 <= len(notice.sections) <= 9
    for panel in notice.sections:
        assert panel.pictogram
        assert 1 <= len(panel.sentences) <= 2
    allowed = {
        "court_building",
        "judge",
        "tv_link_room",
        "support_person",
        "break_card",
        "going_home",
        "sun",
        "chair",
        "feelings",
        "comfort_toy",
    }
    assert {panel.pictogram for panel in notice.sections} <= allowed


def test_pictograms_are_black_line_art_of_our_own() -> None:
    folder = PROJECT / "templates" / "notices" / "pictograms"
    drawings = sorted(folder.glob("*.svg"))
    assert {d.stem for d in drawings} >= {
        "court_building",
        "judge",
        "tv_link_room",
        "support_person",
        "break_card",
        "going_home",
    }
    for drawing in drawings:
        svg = drawing.read_text()
        colours = set(re.findall(r"#[0-9a-fA-F]{3,6}", svg))
        assert colours <= {"#000"}, drawing.name
        assert "<image" not in svg, drawing.name
        assert "<text" not in svg, drawing.name


def test_a_young_child_whose_hearing_needs_no_testimony_is_told_so_without_a_tv_room() -> None:
    notice = msgspec.structs.replace(NOTICE, expected_to_testify=False, accommodations=[])
    sentences = survivor_notice(notice, NoticeVariant.YOUNG_CHILD, Language.ENGLISH).sentences()
    assert "You may not need to talk this time." in sentences
    assert not any("TV" in sentence for sentence in sentences)


def test_a_survivor_notice_cannot_be_rendered_from_the_advocate_checklist() -> None:
    with pytest.raises(TypeError):
        render_notice_html(CHECKLIST, NoticeVariant.CHILD)
    with pytest.raises(TypeError):
        render_notice_html(NOTICE, NoticeVariant.ADVOCATE_CHECKLIST)


def test_a_survivor_notice_has_no_field_for_what_it_must_never_show() -> None:
    fields = set(NoticeData.__struct_fields__)
    assert fields == {
        "first_name",
        "age_band",
        "language",
        "starts_at",
        "court_timezone",
        "hearing_kind",
        "court_name",
        "expected_to_testify",
        "mode",
        "accommodations",
        "meeting_place",
        "meeting_at",
        "leave_at",
        "support_person_first_names",
        "advocate_name",
        "advocate_phone",
    }
    assert "legal_name" not in ChecklistData.__struct_fields__


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("court_name", "RTC Branch 12, Crim. Case No. 1234"),
        ("meeting_place", "the shelter gate"),
        ("court_name", "Court for RA 9208 cases"),
        ("meeting_place", "OSAEC desk"),
    ],
)
def test_free_text_that_names_the_case_or_shelter_is_refused(field: str, typed: str) -> None:
    with pytest.raises(ValueError, match="never names the case"):
        msgspec.structs.replace(NOTICE, **{field: typed})


def test_times_must_be_aware_and_support_persons_at_most_two() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        msgspec.structs.replace(NOTICE, starts_at=datetime(2025, 3, 14, 9, 30))  # noqa: DTZ001
    with pytest.raises(ValueError, match="at most two"):
        msgspec.structs.replace(NOTICE, support_person_first_names=["Nena", "Ben", "Lito"])


def test_names_typed_by_people_are_escaped_in_html() -> None:
    notice = msgspec.structs.replace(NOTICE, first_name="<b>Lani</b>")
    html = render_notice_html(notice, NoticeVariant.ADULT, Language.ENGLISH)
    assert "<b>Lani</b>" not in html
    assert "&lt;b&gt;Lani&lt;/b&gt;" in html
    assert '<html lang="en">' in html


@pytest.mark.parametrize(
    ("hour", "language", "expected"),
    [
        (9, Language.CEBUANO, "9:30 sa buntag"),
        (12, Language.CEBUANO, "12:30 sa udto"),
        (14, Language.CEBUANO, "2:30 sa hapon"),
        (19, Language.CEBUANO, "7:30 sa gabii"),
        (9, Language.FILIPINO, "9:30 ng umaga"),
        (14, Language.FILIPINO, "2:30 ng hapon"),
        (14, Language.ENGLISH, "2:30 in the afternoon"),
        (14, Language.WARAY, "2:30 ha kulop"),
    ],
)
def test_time_is_written_with_a_word_for_the_part_of_the_day(
    hour: int, language: Language, expected: str
) -> None:
    moment = datetime(2025, 9, 7, hour, 30, tzinfo=MANILA)
    assert time_in_words(moment, "Asia/Manila", language) == expected


def test_dates_are_shown_in_the_courts_time_zone_and_in_words() -> None:
    # 23:30 UTC on Saturday is 7:30 on Sunday morning in Manila.
    moment = datetime(2025, 9, 6, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert date_in_words(moment, "Asia/Manila", Language.CEBUANO) == "Domingo, Septyembre 7, 2025"
    assert date_in_words(moment, "Asia/Manila", Language.FILIPINO) == "Linggo, Setyembre 7, 2025"
    assert date_in_words(moment, "Asia/Manila", Language.ENGLISH) == "Sunday, September 7, 2025"
    assert date_in_words(moment, "Asia/Manila", Language.WARAY) == "Domingo, Septyembre 7, 2025"


#: Every month and weekday as a notice prints them, from Docket's catalogs (not the locale
#: data of whichever Babel is installed). The first day of each month of 2025, then the week
#: of Monday 2025-09-01.
MONTHS_AND_WEEKDAYS = {
    Language.CEBUANO: (
        "Enero Pebrero Marso Abril Mayo Hunyo Hulyo Agosto Septyembre Oktubre Nobyembre Disyembre",
        "Lunes Martes Miyerkules Huwebes Biyernes Sabado Domingo",
    ),
    Language.FILIPINO: (
        "Enero Pebrero Marso Abril Mayo Hunyo Hulyo Agosto Setyembre Oktubre Nobyembre Disyembre",
        "Lunes Martes Miyerkules Huwebes Biyernes Sabado Linggo",
    ),
    Language.ENGLISH: (
        "January February March April May June July August September October November December",
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    ),
    Language.WARAY: (
        "Enero Pebrero Marso Abril Mayo Hunyo Hulyo Agosto Septyembre Oktubre Nobyembre Disyembre",
        "Lunes Martes Miyerkoles Huwebes Biyernes Sabado Domingo",
    ),
}


@pytest.mark.parametrize("language", list(Language))
def test_month_and_weekday_names_on_notices_are_dockets_own_words(language: Language) -> None:
    months, weekdays = MONTHS_AND_WEEKDAYS[language]
    printed_months = [
        date_in_words(datetime(2025, month, 1, 9, tzinfo=MANILA), "Asia/Manila", language)
        for month in range(1, 13)
    ]
    assert [words.split(", ")[1].split(" ")[0] for words in printed_months] == months.split()
    printed_days = [
        date_in_words(datetime(2025, 9, day, 9, tzinfo=MANILA), "Asia/Manila", language)
        for day in range(1, 8)
    ]
    assert [words.split(",")[0] for words in printed_days] == weekdays.split()


@pytest.mark.parametrize(
    ("band", "variant"),
    [
        (AgeBand.UNDER_7, NoticeVariant.YOUNG_CHILD),
        (AgeBand.AGE_7_TO_11, NoticeVariant.CHILD),
        (AgeBand.AGE_12_TO_17, NoticeVariant.CHILD),
        (AgeBand.ADULT, NoticeVariant.ADULT),
    ],
)
def test_suggested_variant_follows_the_age_band(band: AgeBand, variant: NoticeVariant) -> None:
    assert suggested_variant(band) is variant


@pytest.mark.parametrize("language", [lang for lang in Language if lang is not Language.ENGLISH])
def test_every_catalog_is_fully_translated_and_keeps_its_placeholders(
    language: Language,
) -> None:
    with catalog_path(language).open("rb") as po:
        catalog = read_po(po)
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert not untranslated
    problems = [(m.id, errors) for m, errors in catalog.check()]
    assert not problems


def test_catalogs_hold_exactly_the_messages_the_code_uses(tmp_path: Path) -> None:
    template = tmp_path / "notices.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [
            str(pybabel),
            "extract",
            "-F",
            "docket/notices/babel.cfg",
            "-o",
            str(template),
            "docket/notices",
            "templates/notices",
        ],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as pot:
        wanted = {(m.context, m.id) for m in read_po(pot) if m.id}
    for language in Language:
        with catalog_path(language).open("rb") as po:
            held = {(m.context, m.id) for m in read_po(po) if m.id}
        assert held == wanted, f"{language}: run the pybabel commands in catalogs.py"
    assert {p.name for p in LOCALE_DIR.iterdir() if p.is_dir()} == {lang.value for lang in Language}


def test_unreviewed_translations_are_flagged() -> None:
    # Nobody fluent has reviewed the drafts yet; flip the .po header line once someone has.
    assert not any(reviewed_by_native_speaker(language) for language in Language)


def test_the_checklist_lists_every_protection_also_those_nobody_asked_for() -> None:
    checklist = advocate_checklist(CHECKLIST, Language.ENGLISH)
    recorded = [line.measure for line in checklist.accommodations]
    assert len(recorded) + len(checklist.not_asked) == len(Measure)
    assert checklist.not_asked == [
        "Guardian ad litem",
        "Videotaped deposition",
        "Security escort",
        "Witness protection programme",
    ]
    html = render_notice_html(CHECKLIST, lang=Language.ENGLISH)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Nobody has asked for these yet" in text
    # A survivor with nothing recorded: the advocate still sees every measure of the Rule.
    bare = msgspec.structs.replace(CHECKLIST, accommodations=[])
    nothing_asked = advocate_checklist(bare, Language.FILIPINO)
    assert nothing_asked.accommodations == []
    assert len(nothing_asked.not_asked) == len(Measure)
    assert "Interpreter (Binisaya (Cebuano))" in nothing_asked.not_asked


def _body_line_heights(html: str) -> list[float]:
    rules = re.findall(r"(?:^|\})\s*body[^{]*\{([^}]*)\}", html)
    return [float(n) for rule in rules for n in re.findall(r"line-height:\s*([\d.]+)", rule)]


@pytest.mark.parametrize(
    "variant",
    [NoticeVariant.YOUNG_CHILD, NoticeVariant.ADULT, NoticeVariant.ADVOCATE_CHECKLIST],
)
def test_body_text_is_spaced_as_notices_md_asks(variant: NoticeVariant) -> None:
    data = CHECKLIST if variant is NoticeVariant.ADVOCATE_CHECKLIST else NOTICE
    html = render_notice_html(data, variant, Language.CEBUANO)
    # The last body rule wins; notices.md §4: line height 1.4-1.5.
    assert 1.4 <= _body_line_heights(html)[-1] <= 1.5


def test_the_checklist_is_printed_at_ten_point_or_larger() -> None:
    html = render_notice_html(CHECKLIST)
    sizes = re.findall(r"body\s*\{[^}]*font-size:\s*([\d.]+)pt", html)
    assert float(sizes[-1]) >= 10


@pytest.mark.parametrize("language", list(Language))
def test_the_young_child_sheet_tells_the_carer_where_when_and_what_to_bring(
    language: Language, printed: Callable[..., Path]
) -> None:
    text = pdf_text(printed(NoticeVariant.YOUNG_CHILD, language, Paper.LETTER))
    tr = translations(language)
    for fact in (
        NOTICE.court_name,
        DATE_WORDS[language],
        HEARING_TIME[language],
        MEETING_TIME[language],
        NOTICE.meeting_place,
        tr.gettext("For the grown-up who brings %(name)s") % {"name": "Lani"},
        tr.gettext("Bring medicine, water, a snack, and a jacket for %(name)s.") % {"name": "Lani"},
        tr.gettext("Please do not go over what happened with %(name)s.") % {"name": "Lani"},
    ):
        assert fact in text, fact


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("variant", [NoticeVariant.CHILD, NoticeVariant.ADULT])
def test_every_notice_says_what_to_bring(
    variant: NoticeVariant, language: Language, printed: Callable[..., Path]
) -> None:
    text = pdf_text(printed(variant, language, Paper.LETTER))
    bring = translations(language).gettext("Bring your medicine, water, a snack, and a jacket.")
    assert bring in text


def test_names_typed_by_people_are_escaped_in_the_carers_box() -> None:
    notice = msgspec.structs.replace(NOTICE, first_name="<i>Lani</i>")
    html = render_notice_html(notice, NoticeVariant.YOUNG_CHILD, Language.ENGLISH)
    assert "<i>Lani</i>" not in html
    assert "brings &lt;i&gt;Lani&lt;/i&gt;" in html


def test_two_languages_are_joined_without_a_persons_article() -> None:
    # Filipino "at si" and Waray "ngan hi" go before a person's name, never a language's.
    filipino = advocate_checklist(CHECKLIST, Language.FILIPINO).review_warning
    assert "Binisaya (Cebuano) at Filipino" in filipino
    waray = advocate_checklist(CHECKLIST, Language.WARAY).review_warning
    assert "Binisaya (Cebuano) ngan Winaray (Waray)" in waray
    # People keep it: "Nena at si Ben".
    sentences = survivor_notice(NOTICE, NoticeVariant.CHILD, Language.FILIPINO).sentences()
    assert any("Nena at si Ben" in sentence for sentence in sentences)


def test_the_reviewers_wording_fixes_are_in_the_catalogs() -> None:
    def strings(language: Language) -> str:
        with catalog_path(language).open("rb") as po:
            return "\n".join(m.string for m in read_po(po) if m.id and isinstance(m.string, str))

    cebuano, filipino = strings(Language.CEBUANO), strings(Language.FILIPINO)
    assert "Unsa kaha ang imong mabati?" in cebuano
    assert "imong bati?" not in cebuano
    assert "Isulti ni" not in cebuano
    assert "Sultihan ka ni %(advocate)s kon unsa ang sunod." in cebuano
    # One word for "separate room" in each language.
    assert "laing lawak" not in cebuano
    # The notice's two, and the pack's waiting room (issue 20 item 4) in the same words.
    assert cebuano.count("lahi nga lawak") == 3
    assert "ibang silid" not in filipino
    assert filipino.count("hiwalay na silid") == 3


def test_the_checklist_shows_who_reviewed_each_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy of the real catalogs, with Binisaya and English marked as reviewed.
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    for language, reviewer in ((Language.CEBUANO, "Maria Santos"), (Language.ENGLISH, "Ana Cruz")):
        po = locale / language.value / "LC_MESSAGES" / "notices.po"
        po.write_text(
            po.read_text().replace(
                "# Reviewed-By-Native-Speaker: no",
                f"# Reviewed-By-Native-Speaker: yes, {reviewer}, 2026-12-01",
            )
        )
    monkeypatch.setattr(catalogs, "LOCALE_DIR", locale)
    catalogs.review_status.cache_clear()
    try:
        reviewed = advocate_checklist(CHECKLIST, Language.ENGLISH)
        unreviewed = advocate_checklist(CHECKLIST, Language.WARAY)
    finally:
        catalogs.review_status.cache_clear()
    assert reviewed.review_warning == (
        "Wording checked by a native speaker: Binisaya (Cebuano): yes, Maria Santos, "
        "2026-12-01; English: yes, Ana Cruz, 2026-12-01"
    )
    assert "has not yet been reviewed" not in reviewed.review_warning
    assert "Winaray (Waray)" in unreviewed.review_warning
    assert "Binisaya (Cebuano)" not in unreviewed.review_warning.split(".")[0]


def pdf_language(path: Path) -> str | None:
    """The document language in the PDF's catalog (/Lang), looked for in its plain and its
    compressed objects; poppler's tools do not print it."""
    data = path.read_bytes()
    chunks = [data]
    # Each stream's bytes by its /Length: compressed bytes may hold "endstream" by chance.
    for stream in re.finditer(rb"/Length (\d+)[^>]*>>\s*stream\r?\n", data):
        raw = data[stream.end() : stream.end() + int(stream.group(1))]
        try:
            chunks.append(zlib.decompress(raw))
        except zlib.error:
            continue
    for chunk in chunks:
        found = re.search(rb"/Lang\s*\(([^)]*)\)", chunk)
        if found:
            return found.group(1).decode()
    return None


@pytest.mark.parametrize(("variant", "language", "paper"), ALL_PRINTS)
def test_every_print_is_a_tagged_pdf_in_its_language(
    variant: NoticeVariant, language: Language, paper: Paper, printed: Callable[..., Path]
) -> None:
    path = printed(variant, language, paper)
    info = pdf_info(path)
    assert info["Tagged"].strip() == "yes"
    assert pdf_language(path) == language.value
    structure = subprocess.run(
        ["pdfinfo", "-struct", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Figure" in structure or variant is NoticeVariant.ADVOCATE_CHECKLIST
    # Headings are tagged as headings: a screen reader can move from one to the next.
    assert "H1" in structure


@pytest.mark.parametrize("language", list(Language))
def test_each_picture_is_named_in_the_notices_language(language: Language) -> None:
    notice = survivor_notice(NOTICE, NoticeVariant.CHILD, language)
    html = render_notice_html(NOTICE, NoticeVariant.CHILD, language)
    titles = re.findall(r"<svg[^>]*><title>(.*?)</title>", html)
    pictured = [s.heading for s in notice.sections if s.pictogram]
    assert [html_unescape(title) for title in titles] == pictured


def test_a_pictures_name_is_escaped() -> None:
    assert str(pictogram("sun", "<b>When</b>")).count("<b>") == 0
    assert "<title>&lt;b&gt;When&lt;/b&gt;</title>" in str(pictogram("sun", "<b>When</b>"))
    assert "<title>" not in str(pictogram("moon"))


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("variant", SURVIVOR_VARIANTS)
def test_the_plain_text_export_carries_every_sentence_and_nothing_forbidden(
    variant: NoticeVariant, language: Language
) -> None:
    text = render_notice_text(NOTICE, variant, language)
    notice = survivor_notice(NOTICE, variant, language)
    for sentence in notice.sentences() + notice.for_the_carer:
        assert sentence in text, sentence
    assert NOTICE.advocate_phone in text
    # Braille tables and screen readers get words, not drawing symbols.
    assert not set("☐☑✓") & set(text)
    shown = [
        word
        for word in NEVER_ON_A_SURVIVOR_PAGE
        if contains(text, word) or (word in BANNED_STEMS and contains_fragment(text, word))
    ]
    assert not shown


def test_the_checklist_as_plain_text_marks_boxes_in_words() -> None:
    text = render_notice_text(CHECKLIST, lang=Language.ENGLISH)
    assert (
        "Live-link TV: [x] Requested, [ ] Ordered, [x] Arranged, [ ] Confirmed on the day" in text
    )
    assert "Nobody has asked for these yet: Guardian ad litem;" in text
    assert "[ ] Court visit done" in text
    assert not contains(text, "Villareal")
    with pytest.raises(TypeError):
        render_notice_text(CHECKLIST, NoticeVariant.CHILD)

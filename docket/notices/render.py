"""Print a hearing-preparation notice: HTML from Jinja templates, PDF through WeasyPrint.

    html = render_notice_html(notice)                      # the variant for the age band
    pdf = render_notice_pdf(notice, NoticeVariant.CHILD, Language.FILIPINO, Paper.LONG)
    sheet = render_notice_pdf(checklist)                   # the advocate's checklist

Survivor variants take a ``NoticeData`` only: the advocate's ``ChecklistData`` is refused, so
nothing but what a survivor may see can reach their page. ``render_notice_pdf`` is a plain
blocking function (WeasyPrint takes about a second); call it from a worker thread in async code.
"""

import functools
from typing import Any

import jinja2
import weasyprint  # type: ignore[import-untyped]
from markupsafe import Markup

from docket.cases.choices import Language
from docket.notices.checklist import AdvocateChecklist, advocate_checklist
from docket.notices.choices import (
    SURVIVOR_VARIANTS,
    TYPE_SIZES,
    NoticeVariant,
    Paper,
    suggested_variant,
)
from docket.notices.content import (
    PreparationPack,
    SurvivorNotice,
    cancelled_note,
    preparation_pack,
    survivor_notice,
)
from docket.notices.schemas import ChecklistData, NoticeData, PrintOccasion, PrintOptions
from docket.settings import TEMPLATES_DIR as PAGE_TEMPLATES

TEMPLATES_DIR = PAGE_TEMPLATES / "notices"
PICTOGRAMS_DIR = TEMPLATES_DIR / "pictograms"

#: Tagged PDF for screen readers and braille (ISO 14289-1), with the document's language from
#: <html lang> (WeasyPrint 70: pdf_variant "pdf/ua-1" turns on pdf_tags and PDF 1.7).
PDF_VARIANT = "pdf/ua-1"

# CSS page sizes; long bond is the 8.5 x 13 in folio sheet (notices.md §4).
_PAGE_SIZES = {Paper.LETTER: "letter", Paper.A4: "A4", Paper.LONG: "8.5in 13in"}

# Installed by Debian's fonts-noto-core and fonts-dejavu-core (scripts/apt-packages).
FONTS = {
    "regular": "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "bold": "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "symbols": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
}

_TEMPLATES = {
    NoticeVariant.YOUNG_CHILD: "young_child.html",
    NoticeVariant.CHILD: "story.html",
    NoticeVariant.ADULT: "story.html",
    NoticeVariant.ADVOCATE_CHECKLIST: "checklist.html",
    NoticeVariant.CANCELLED_NOTE: "cancelled_note.html",
}


@functools.cache
def _drawing(stem: str) -> str:
    return (PICTOGRAMS_DIR / f"{stem}.svg").read_text()


def pictogram(stem: str, label: str = "") -> Markup:
    """A pictogram drawn inline, named by ``label`` (its panel's heading, in the notice's
    language) in a <title>: the text a screen reader says for the figure in the tagged PDF.
    Without a label it is decoration and has none."""
    svg = _drawing(stem)
    if not label:
        return Markup(svg)  # noqa: S704 - our own drawing, checked by the tests
    opening, _, rest = svg.partition(">")
    titled = Markup("%s><title>%s</title>%s") % (Markup(opening), label, Markup(rest))  # noqa: S704
    return titled


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # names and places are typed by people; never trust them as markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["pictogram"] = pictogram
    return environment


def _choose_variant(
    data: NoticeData | ChecklistData, variant: NoticeVariant | None
) -> NoticeVariant:
    if variant is None:
        if isinstance(data, ChecklistData):
            return NoticeVariant.ADVOCATE_CHECKLIST
        return suggested_variant(data.age_band)
    if variant is NoticeVariant.ADVOCATE_CHECKLIST and not isinstance(data, ChecklistData):
        raise TypeError("the advocate checklist is rendered from ChecklistData")
    if variant is not NoticeVariant.ADVOCATE_CHECKLIST and not isinstance(data, NoticeData):
        raise TypeError("a survivor's notice is rendered from NoticeData: pass checklist.notice")
    return variant


def _check_options(variant: NoticeVariant, language: Language, options: PrintOptions) -> None:
    asked = options.pack or options.large_print or options.bilingual
    if asked and variant not in SURVIVOR_VARIANTS:
        raise ValueError(f"the {variant.value} has no pack, large print or bilingual print")
    if options.bilingual and language is Language.ENGLISH:
        raise ValueError("a bilingual print puts English beside another language")


def _survivor_words(
    data: NoticeData,
    variant: NoticeVariant,
    language: Language,
    occasion: PrintOccasion | None,
    options: PrintOptions,
) -> dict[str, Any]:
    """The notice (and pack) in the survivor's language, and in English beside it for a
    bilingual print: the same sections in the same order, so the template pairs them."""
    english: SurvivorNotice | None = None
    english_pack: PreparationPack | None = None
    if options.bilingual:
        english = survivor_notice(data, variant, Language.ENGLISH, occasion)
        english_pack = preparation_pack(data, variant, Language.ENGLISH) if options.pack else None
    return {
        "english": english,
        "pack": preparation_pack(data, variant, language) if options.pack else None,
        "english_pack": english_pack,
        "large_print": options.large_print,
        "type_size": TYPE_SIZES[variant][1 if options.large_print else 0],
    }


def render_notice_html(
    data: NoticeData | ChecklistData,
    variant: NoticeVariant | None = None,
    lang: Language | None = None,
    paper: Paper = Paper.LETTER,
    occasion: PrintOccasion | None = None,
    options: PrintOptions | None = None,
) -> str:
    """The notice as a printable HTML page.

    ``variant`` defaults to the one suggested for the survivor's age band (or the checklist for
    ``ChecklistData``); ``lang`` defaults to the survivor's language. ``occasion`` (when it is
    printed, what the last notice said) adds the nights until court and "The day changed".
    ``options`` adds the preparation pack, large print or English alongside (survivor
    variants only).
    """
    variant = _choose_variant(data, variant)
    options = options or PrintOptions()
    context: dict[str, Any] = {
        "page_size": _PAGE_SIZES[paper],
        "fonts": FONTS,
        "english": None,
        "pack": None,
        "english_pack": None,
        "large_print": False,
        "type_size": 0,
    }
    if isinstance(data, ChecklistData):
        language = lang or data.notice.language
        checklist = advocate_checklist(data, language)
        context |= {"checklist": checklist, "title": checklist.title}
    else:
        language = lang or data.language
        _check_options(variant, language, options)
        notice = (
            cancelled_note(data, language)
            if variant is NoticeVariant.CANCELLED_NOTE
            else survivor_notice(data, variant, language, occasion)
        )
        context |= {"notice": notice, "title": notice.title}
        if variant in SURVIVOR_VARIANTS:
            context |= _survivor_words(data, variant, language, occasion, options)
    context |= {"lang": language.value, "variant": variant.value}
    return _environment().get_template(_TEMPLATES[variant]).render(context)


def render_notice_pdf(
    data: NoticeData | ChecklistData,
    variant: NoticeVariant | None = None,
    lang: Language | None = None,
    paper: Paper = Paper.LETTER,
    occasion: PrintOccasion | None = None,
    options: PrintOptions | None = None,
) -> bytes:
    """The notice as a tagged PDF (PDF/UA) with its fonts embedded and its language set;
    blocking, so keep it off the event loop."""
    html = render_notice_html(data, variant, lang, paper, occasion, options)
    fonts = weasyprint.text.fonts.FontConfiguration()
    document = weasyprint.HTML(string=html, base_url=str(TEMPLATES_DIR))
    pdf: bytes = document.write_pdf(font_config=fonts, pdf_variant=PDF_VARIANT)
    return pdf


def render_notice_text(
    data: NoticeData | ChecklistData,
    variant: NoticeVariant | None = None,
    lang: Language | None = None,
    occasion: PrintOccasion | None = None,
    options: PrintOptions | None = None,
) -> str:
    """The notice's words as plain text, for a braille embosser or a screen reader: the same
    words as the printed page, in reading order, headings on their own lines, no pictures,
    boxes or symbols a braille table may not have. With the pack, its pages follow; a
    bilingual print gives the whole text again in English after it (read in turn, not side
    by side)."""
    variant = _choose_variant(data, variant)
    if isinstance(data, ChecklistData):
        return _checklist_text(advocate_checklist(data, lang or data.notice.language))
    language = lang or data.language
    options = options or PrintOptions()
    _check_options(variant, language, options)
    text = _notice_text(data, variant, language, occasion, options.pack)
    if options.bilingual:
        text += "\n" + _notice_text(data, variant, Language.ENGLISH, occasion, options.pack)
    return text


def _notice_text(
    data: NoticeData,
    variant: NoticeVariant,
    language: Language,
    occasion: PrintOccasion | None,
    with_pack: bool,
) -> str:
    notice = (
        cancelled_note(data, language)
        if variant is NoticeVariant.CANCELLED_NOTE
        else survivor_notice(data, variant, language, occasion)
    )
    blocks = [notice.title, *([" ".join(notice.changed)] if notice.changed else [])]
    for section in notice.sections:
        if section.as_list:
            lines = [f"- {sentence}" for sentence in section.sentences]
        else:
            lines = list(section.sentences)
        if section.tick_off_nights and notice.nights:
            lines.append(notice.nights_until_court)
        blocks.append("\n".join([section.heading, *lines]))
    if variant is NoticeVariant.YOUNG_CHILD:
        blocks.append(notice.break_card)
    blocks.append("\n".join([notice.contact_heading, notice.advocate_name, notice.advocate_phone]))
    blocks.append(notice.questions_heading)
    if notice.for_the_carer and not with_pack:  # with the pack, the carer has a sheet
        blocks.append("\n".join([notice.carer_heading, *notice.for_the_carer]))
    if with_pack:
        blocks += _pack_text(preparation_pack(data, variant, language))
    return "\n\n".join(blocks) + "\n"


def _pack_text(pack: PreparationPack) -> list[str]:
    blocks = [pack.rooms_heading]
    for room in pack.rooms:
        blocks.append("\n".join([room.heading, room.picture_words, *room.who, *room.sentences]))
    blocks.append(pack.calm_heading)
    blocks.append("\n".join([pack.breathing_heading, *pack.breathing, *pack.feelings]))
    blocks.append("\n".join([pack.cards_heading, *(words for _, words in pack.cards)]))
    if pack.for_the_carer:
        blocks.append("\n".join([pack.carer_heading, *pack.for_the_carer]))
    return blocks


def _checklist_text(checklist: AdvocateChecklist) -> str:
    def box(ticked: bool) -> str:
        return "[x]" if ticked else "[ ]"

    blocks = [checklist.title, checklist.not_for_survivor, checklist.review_warning]
    blocks.append(
        "\n".join(
            [checklist.hearing.heading]
            + [f"{row.label}: {row.value}" for row in checklist.hearing.rows]
        )
    )
    columns = checklist.accommodation_columns[1:]
    lines = [checklist.accommodations_heading]
    for line in checklist.accommodations:
        marks = (line.requested, line.ordered, line.arranged, False)
        name = f"{line.measure} ({checklist.declined_word})" if line.declined else line.measure
        lines.append(
            f"{name}: "
            + ", ".join(
                f"{box(mark)} {column}" for mark, column in zip(marks, columns, strict=True)
            )
        )
    if checklist.not_asked:
        lines.append(f"{checklist.not_asked_label}: " + "; ".join(checklist.not_asked))
    blocks.append("\n".join(lines))
    for section in checklist.sections:
        blocks.append(
            "\n".join(
                [section.heading]
                + [f"{row.label}: {row.value}" for row in section.rows]
                + [f"{box(False)} {tick}" for tick in section.ticks]
            )
        )
    return "\n\n".join(blocks) + "\n"

"""Print a hearing-preparation notice: HTML from Jinja templates, PDF through WeasyPrint.

    html = render_notice_html(notice)                      # the variant for the age band
    pdf = render_notice_pdf(notice, NoticeVariant.CHILD, Language.FILIPINO, Paper.LONG)
    sheet = render_notice_pdf(checklist)                   # the advocate's checklist

Survivor variants take a ``NoticeData`` only: the advocate's ``ChecklistData`` is refused, so
nothing but what a survivor may see can reach their page. ``render_notice_pdf`` is a plain
blocking function (WeasyPrint takes about a second); call it from a worker thread in async code.
"""

import functools
from pathlib import Path
from typing import Any

import jinja2
import weasyprint  # type: ignore[import-untyped]

from docket.cases.choices import Language
from docket.notices.checklist import advocate_checklist
from docket.notices.choices import NoticeVariant, Paper, suggested_variant
from docket.notices.content import cancelled_note, survivor_notice
from docket.notices.schemas import ChecklistData, NoticeData, PrintOccasion

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates" / "notices"

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
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # names and places are typed by people; never trust them as markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


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


def render_notice_html(
    data: NoticeData | ChecklistData,
    variant: NoticeVariant | None = None,
    lang: Language | None = None,
    paper: Paper = Paper.LETTER,
    occasion: PrintOccasion | None = None,
) -> str:
    """The notice as a printable HTML page.

    ``variant`` defaults to the one suggested for the survivor's age band (or the checklist for
    ``ChecklistData``); ``lang`` defaults to the survivor's language. ``occasion`` (when it is
    printed, what the last notice said) adds the nights until court and "The day changed".
    """
    variant = _choose_variant(data, variant)
    context: dict[str, Any] = {"page_size": _PAGE_SIZES[paper], "fonts": FONTS}
    if isinstance(data, ChecklistData):
        language = lang or data.notice.language
        checklist = advocate_checklist(data, language)
        context |= {"checklist": checklist, "title": checklist.title}
    else:
        language = lang or data.language
        notice = (
            cancelled_note(data, language)
            if variant is NoticeVariant.CANCELLED_NOTE
            else survivor_notice(data, variant, language, occasion)
        )
        context |= {"notice": notice, "title": notice.title}
    context |= {"lang": language.value, "variant": variant.value}
    return _environment().get_template(_TEMPLATES[variant]).render(context)


def render_notice_pdf(
    data: NoticeData | ChecklistData,
    variant: NoticeVariant | None = None,
    lang: Language | None = None,
    paper: Paper = Paper.LETTER,
    occasion: PrintOccasion | None = None,
) -> bytes:
    """The notice as a PDF with its fonts embedded; blocking, so keep it off the event loop."""
    html = render_notice_html(data, variant, lang, paper, occasion)
    fonts = weasyprint.text.fonts.FontConfiguration()
    document = weasyprint.HTML(string=html, base_url=str(TEMPLATES_DIR))
    pdf: bytes = document.write_pdf(font_config=fonts)
    return pdf

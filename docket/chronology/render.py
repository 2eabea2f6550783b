"""Print a case's chronology: HTML from a Jinja template, a tagged PDF through WeasyPrint.

The same page serves the browser (with a link to the PDF) and the PDF, so what a prosecutor
reads on screen is what the court receives. ``render_chronology_pdf`` blocks (WeasyPrint);
call it from a worker thread in async code.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
import weasyprint  # type: ignore[import-untyped]

from docket.chronology.services import Chronology

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates" / "chronology"

#: Tagged PDF for screen readers (ISO 14289-1), as the notices are (docket.notices.render).
PDF_VARIANT = "pdf/ua-1"

# Installed by Debian's fonts-noto-core (scripts/apt-packages), as for the notices.
FONTS = {
    "regular": "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "bold": "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
}


def _day(value: object) -> str:
    import datetime as dt

    if not isinstance(value, dt.date):
        return "—"
    return f"{value.day} {value:%b %Y}"


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # reasons and notes are typed by people; never trust them as markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["day"] = _day
    return environment


def render_chronology_html(chronology: Chronology, *, pdf_link: str = "") -> str:
    """The chronology as a printable page; ``pdf_link`` adds a link to its PDF (on screen)."""
    return (
        _environment()
        .get_template("chronology.html")
        .render(c=chronology, fonts=FONTS, pdf_link=pdf_link)
    )


def render_chronology_pdf(chronology: Chronology) -> bytes:
    """The chronology as a tagged PDF (PDF/UA) with its fonts embedded; blocking."""
    html = render_chronology_html(chronology)
    fonts = weasyprint.text.fonts.FontConfiguration()
    document = weasyprint.HTML(string=html, base_url=str(TEMPLATES_DIR))
    pdf: bytes = document.write_pdf(font_config=fonts, pdf_variant=PDF_VARIANT)
    return pdf

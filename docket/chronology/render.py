"""Print a case's chronology: HTML from a Jinja template, a tagged PDF through WeasyPrint.

The page in the browser (templates/pages/chronology.html) and the PDF include the same body
(templates/chronology/_body.html), so what a prosecutor reads on screen is what the court
receives. ``render_chronology_pdf`` blocks (WeasyPrint);
call it from a worker thread in async code.
"""

from __future__ import annotations

import datetime as dt
import functools

import jinja2
import weasyprint  # type: ignore[import-untyped]

from docket.chronology.services import Chronology
from docket.settings import TEMPLATES_DIR as PAGE_TEMPLATES

TEMPLATES_DIR = PAGE_TEMPLATES / "chronology"

#: Tagged PDF for screen readers (ISO 14289-1), as the notices are (docket.notices.render).
PDF_VARIANT = "pdf/ua-1"

# Installed by Debian's fonts-noto-core (scripts/apt-packages), as for the notices.
FONTS = {
    "regular": "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "bold": "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
}


def chronology_day(value: object) -> str:
    """ "24 Nov 2026": a day as a court document writes it."""
    if not isinstance(value, dt.date):
        return "—"
    return f"{value.day} {value:%b %Y}"


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        # The project's templates: the page (templates/pages/chronology.html) includes the
        # same body, so the screen and the paper say the same.
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR.parent),
        autoescape=True,  # reasons and notes are typed by people; never trust them as markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["day"] = chronology_day
    return environment


def render_chronology_html(chronology: Chronology) -> str:
    """The chronology as a printable HTML document (what the PDF is made from)."""
    return (
        _environment().get_template("chronology/chronology.html").render(c=chronology, fonts=FONTS)
    )


def render_chronology_pdf(chronology: Chronology) -> bytes:
    """The chronology as a tagged PDF (PDF/UA) with its fonts embedded; blocking."""
    html = render_chronology_html(chronology)
    fonts = weasyprint.text.fonts.FontConfiguration()
    document = weasyprint.HTML(string=html, base_url=str(TEMPLATES_DIR))
    pdf: bytes = document.write_pdf(font_config=fonts, pdf_variant=PDF_VARIANT)
    return pdf

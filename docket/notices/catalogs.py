"""The notices' words in each language: gettext catalogs compiled from .po at first use.

Every word a notice prints lives in ``docket/notices/locale/<lang>/LC_MESSAGES/notices.po``,
so a native speaker edits a .po file and never touches code. No .mo file is checked in: a
catalog is compiled in memory from its .po the first time a notice in that language is
rendered, so a compiled catalog can never be staler than its source. Fuzzy entries are not
used, and the tests fail while any entry is untranslated, fuzzy or drops a placeholder.

After changing a string in ``docket/notices/*.py``, refresh the template and the catalogs
from the project root::

    .venv/bin/pybabel extract -F docket/notices/babel.cfg --no-location --sort-output \\
        --project=Docket -o docket/notices/locale/notices.pot docket/notices templates/notices
    .venv/bin/pybabel update -i docket/notices/locale/notices.pot -d docket/notices/locale \\
        -D notices --no-fuzzy-matching --ignore-obsolete

then translate the new entries. Each .po says in its header comment whether a native speaker
has reviewed it (``# Reviewed-By-Native-Speaker: no``, or ``yes`` with a name and date); the
advocate checklist warns while the survivor's language is unreviewed. A comment is used
rather than a header field because ``pybabel update`` drops header fields it does not know.
"""

import functools
import gettext
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from docket.cases.choices import Language

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "notices"

# The line itself, not the instructions above it that quote it.
_REVIEW_LINE = re.compile(
    r"^#?\s*Reviewed-By-Native-Speaker:[ \t]*(?P<status>\S[^\n]*)", re.MULTILINE | re.IGNORECASE
)


def catalog_path(language: Language) -> Path:
    return LOCALE_DIR / language.value / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(language: Language) -> Catalog:
    """The .po catalog of one language, as Babel reads it."""
    with catalog_path(language).open("rb") as po:
        # Babel has no locale data for Waray; the catalog works without it.
        return read_po(po, locale=None, domain=DOMAIN)


@functools.cache
def translations(language: Language) -> gettext.GNUTranslations:
    """The compiled catalog of one language, built once per process."""
    compiled = io.BytesIO()
    write_mo(compiled, read_catalog(language), use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@functools.cache
def review_status(language: Language) -> str:
    """The catalog's review line as written after the colon, e.g. "no" or "yes, Maria
    Santos, 2026-12-01" ("no" when the line is missing)."""
    found = _REVIEW_LINE.search(read_catalog(language).header_comment)
    return found.group("status").strip() if found else "no"


def reviewed_by_native_speaker(language: Language) -> bool:
    """Whether the catalog's header comment says a native speaker has reviewed it."""
    return review_status(language).lower().startswith("yes")


def N_(message: str) -> str:  # named as the no-op marker pybabel looks for
    """Marks a message for extraction; it is translated where it is used."""
    return message

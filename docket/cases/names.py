"""Names compared the way a reader would read them: regardless of case and accents, word by word.

"People v. Tumulak" and a survivor called "Mae Grace Tumulak" share a name: in the Philippines
a trafficked child's accused is often the child's own parent, so the caption of the case names
the child's family. Inside the case team that is the case's name; anything that leaves Docket
(a calendar feed in Google's or Apple's cloud) shows the docket number instead
(docket.cases.services.refresh_caption_check).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

#: Words of Filipino and Spanish names that name nobody on their own ("Dela Cruz": "Cruz" is the
#: family name), and the honorifics and suffixes written beside names.
_PARTICLES = frozenset(
    {"de", "del", "dela", "delos", "la", "las", "los", "san", "santa", "santo", "sta", "sto", "y"}
    | {"jr", "sr", "ii", "iii", "iv", "mr", "mrs", "ms", "dr", "atty", "v", "vs", "people"}
)
_WORD = re.compile(r"[a-z0-9]+")


def caption_kept_inside(case: Mapping[str, Any]) -> bool:
    """Whether a case's caption stays inside Docket (a case row with hide_caption and
    caption_names_survivor): the team hides it, or it shares a name with a survivor."""
    return bool(case["hide_caption"] or case["caption_names_survivor"])


def caption_outside(case: Mapping[str, Any]) -> str:
    """The case's caption as it may leave Docket: the docket number when it stays inside."""
    return str(case["docket_number"] if caption_kept_inside(case) else case["caption"])


def plain_words(text: str) -> list[str]:
    """The words of a text, lower case and without accents ("Peñaflor" -> "penaflor")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _WORD.findall(stripped)


def name_words(name: str) -> set[str]:
    """The words of a person's name that identify them: not particles, not initials."""
    return {w for w in plain_words(name) if len(w) > 1 and w not in _PARTICLES}


def shares_a_name(text: str, names: Iterable[str]) -> bool:
    """Whether the text holds any word of any of the names."""
    words = set(plain_words(text))
    return any(words & name_words(name) for name in names)

"""Free text that cannot carry what the pseudonym hides.

A caption, a hearing room, an outcome note, a protection need's detail, a witness's name, a
notice's meeting place and support persons are read by the whole case team, and some of them
leave Docket (feeds) or reach the survivor's own hands (notices). Each is checked when it is
written against what it must not carry, and refused with a 400 naming the field and saying why,
never echoing the restricted value:

- anything that identifies a survivor of the case: two words of a survivor's legal name side by
  side ("Luisa Belarmino", "BELARMINO, Luisa", "Ma. Luisa"), or two of the words of the
  survivor's address, school or shelter ("Balay Dalangpanan"). A family name alone is not
  refused: in these cases it is often the accused's too, and legal notes must name the accused
  (captions that share it stay inside Docket: docket.cases.services.refresh_caption_check);
- in text printed for the survivor (meeting place, support persons), also the names and aliases
  of the accused ("Nanay Lorna"), often the child's own parent (notices.md, rule 3).

Words are compared the way a reader reads them (docket.cases.names): regardless of case and
accents, with "Ma." read as "Maria", "Sto."/"Sta." as "Santo"/"Santa".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import msgspec

from docket.cases.names import name_words, plain_words
from docket.cases.tables import Accused
from docket.courts.tables import Court
from docket.errors import FieldError, InvalidInput

#: Abbreviations written in Filipino names and places, read as the word they stand for.
_ABBREVIATIONS = {"ma": "maria", "sto": "santo", "sta": "santa", "brgy": "barangay"}
#: Words that join the words of a place's name and identify nothing by themselves.
_JOINING_WORDS = frozenset({"for", "of", "the", "and", "ng", "sa", "at", "na", "de", "del"})
#: Words of places that everyone writes: two of them side by side ("Cebu City", "National High
#: School") identify nobody. The words of the courts' names and addresses are added to them.
_PUBLIC_PLACE_WORDS = frozenset(
    {"city", "province", "barangay", "sitio", "purok", "street", "road", "avenue", "national"}
    | {"high", "elementary", "school", "integrated", "central", "home"}
)

IDENTIFIES_A_SURVIVOR = (
    "carries what identifies a survivor of this case (a name, an address, a school or a "
    "shelter): leave it out, or use the survivor's pseudonym"
)
NAMES_THE_ACCUSED = (
    "names someone accused in the case, which a survivor's notice never does: "
    "describe the place or give a first name only"
)


def _words(text: str) -> list[str]:
    return [_ABBREVIATIONS.get(word, word) for word in plain_words(text)]


def _pairs(words: list[str]) -> set[tuple[str, str]]:
    """Adjacent words, both ways round ("Belarmino, Luisa" is "Luisa Belarmino")."""
    pairs = set()
    for first, second in itertools.pairwise(words):
        pairs |= {(first, second), (second, first)}
    return pairs


def _name_pairs(name: str) -> set[tuple[str, str]]:
    """Any two words of a name side by side, either way round ("Luisa Belarmino" and
    "BELARMINO, Luisa" for "Ma. Luisa Peñaflor Belarmino")."""
    words = _significant(name)
    return {(a, b) for a in words for b in words if a != b}


def _significant(name: str) -> list[str]:
    """The words of a name that identify, in order (no particles, no initials)."""
    words = _words(name)
    kept = name_words(" ".join(words))
    return [w for w in words if w in kept]


def _place_pairs(place: str, public: frozenset[str]) -> set[tuple[str, str]]:
    """Two words of an address, school or shelter side by side ("Balay Dalangpanan",
    "Pasil Elementary"), unless both are words everyone writes ("Cebu City")."""
    words = [w for w in _words(place) if w not in _JOINING_WORDS]
    return {(a, b) for a, b in itertools.pairwise(words) if not (a in public and b in public)}


@dataclass(frozen=True)
class Restricted:
    """What the free text of one case must not carry, as pairs of plain words."""

    #: Anything that identifies a survivor of the case.
    identity: frozenset[tuple[str, str]]
    #: Names and aliases of the accused (whole), and their family names (single words).
    accused_phrases: tuple[tuple[str, ...], ...]

    def problem(self, text: str, *, survivor_facing: bool) -> str | None:
        """Why this text may not be stored, or None."""
        words = _words(text)
        if _pairs(words) & self.identity:
            return IDENTIFIES_A_SURVIVOR
        if survivor_facing:
            for phrase in self.accused_phrases:
                size = len(phrase)
                if any(tuple(words[i : i + size]) == phrase for i in range(len(words))):
                    return NAMES_THE_ACCUSED
        return None


async def restricted_of_case(case_id: int) -> Restricted:
    """What the free text of this case must not carry, from its survivors' sealed identities
    and its accused's names and aliases."""
    return (await restricted_of_cases([case_id]))[case_id]


async def restricted_of_cases(case_ids: list[int]) -> dict[int, Restricted]:
    """`restricted_of_case` for many cases in a fixed number of queries (a calendar feed checks
    the reset reasons of every case it shows)."""
    from docket.cases.identity import identities_in_cases

    if not case_ids:
        return {}
    found = await identities_in_cases(sorted(set(case_ids)))
    public = _PUBLIC_PLACE_WORDS
    if found:
        courts = await Court.select(Court.name, Court.address)
        public |= {w for c in courts for w in _words(f"{c['name']} {c['address']}")}
    identity: dict[int, set[tuple[str, str]]] = {case_id: set() for case_id in case_ids}
    for case_id, fields in found:
        pairs = identity[case_id]
        pairs |= _name_pairs(fields.legal_name)
        for place in (fields.address, fields.school, fields.shelter):
            pairs |= _place_pairs(place, public)
    phrases: dict[int, set[tuple[str, ...]]] = {case_id: set() for case_id in case_ids}
    accused_pairs: dict[int, set[tuple[str, str]]] = {case_id: set() for case_id in case_ids}
    for accused in await Accused.select(Accused.case, Accused.name, Accused.aliases).where(
        Accused.case.is_in(sorted(set(case_ids)))
    ):
        case_id = accused["case"]
        names = [accused["name"], *msgspec.json.decode(accused["aliases"], type=list[str])]
        for name in names:
            words = tuple(_words(name))
            if words:
                phrases[case_id].add(words)
            accused_pairs[case_id] |= _name_pairs(name)
        # The family name alone: "the Belarmino house".
        phrases[case_id] |= {(word,) for word in _significant(accused["name"])[1:]}
    # A mother and daughter may share two names ("Maria Belarmino"): the accused's own name
    # may be written wherever the case needs it; only a survivor's notice keeps it out.
    return {
        case_id: Restricted(
            identity=frozenset(identity[case_id] - accused_pairs[case_id]),
            accused_phrases=tuple(sorted(phrases[case_id])),
        )
        for case_id in case_ids
    }


async def check_free_text(
    case_id: int,
    fields: Mapping[str, str | Iterable[str] | None],
    *,
    survivor_facing: Iterable[str] = (),
) -> None:
    """Refuse (400, each field named) free text of this case that carries what it must not.
    A field may hold a list of texts (support persons): each is checked as ``field[index]``."""
    texts = {k: v for k, v in fields.items() if v}
    if not texts:
        return
    restricted = await restricted_of_case(case_id)
    facing = set(survivor_facing)
    errors = []
    for field, value in texts.items():
        items = (
            [(field, value)]
            if isinstance(value, str)
            else [(f"{field}[{index}]", text) for index, text in enumerate(value)]
        )
        for name, text in items:
            problem = restricted.problem(text, survivor_facing=field in facing)
            if problem:
                errors.append(FieldError(field=name, message=problem))
    if errors:
        raise InvalidInput(*errors)

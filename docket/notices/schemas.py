"""What a notice may show, and nothing more.

``NoticeData`` is everything a survivor's page may carry: it has no field for the accused,
the case caption or number, the charges or the shelter (DESIGN.md, privacy rule 3), so a
template cannot print them by mistake. ``ChecklistData`` wraps it with what only the
advocate's sheet shows; survivor pages are rendered from ``checklist.notice`` alone.
"""

import re
from datetime import datetime

import msgspec

from docket.cases.choices import AgeBand, Language
from docket.courts.zones import PHILIPPINES
from docket.hearings.choices import HearingKind, HearingMode
from docket.protection.choices import Measure, MeasureStatus

# A.M. 004-07-SC s11: a child may have up to two support persons.
MOST_SUPPORT_PERSONS = 2

# Free text typed by an advocate must not carry what rule 3 keeps off a survivor's page.
# Word-boundary matches, so "Raffy" or "abusado" style look-alikes are judged by a person.
_WORDS_NEVER_ON_A_SURVIVOR_PAGE = re.compile(
    r"\b(traffick\w*|osa?e[cn]|csaem|csam|cybersex|pornograph\w*|abuse\w*|"
    r"r\.?\s?a\.?\s?(no\.?\s?)?(9208|10364|11930|9775|7610|9262)|republic act|"
    r"people of the philippines|crim(inal)?\.?\s+case|case\s+no\.?|docket|"
    r"vs\.?|versus|accused|shelter)\b",
    re.IGNORECASE,
)


def words_never_on_a_survivor_page(text: str) -> str | None:
    """The first word in ``text`` that rule 3 keeps off a survivor's page, or None."""
    found = _WORDS_NEVER_ON_A_SURVIVOR_PAGE.search(text)
    return found.group(0) if found else None


def _refuse_case_words(field: str, text: str) -> None:
    found = _WORDS_NEVER_ON_A_SURVIVOR_PAGE.search(text)
    if found:
        raise ValueError(
            f"{field} may not say {found.group(0)!r}: a survivor's notice never names the case, "
            "the charges, the accused or the shelter"
        )


def _require_aware(field: str, moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{field} must be timezone-aware")


class NoticeData(msgspec.Struct, frozen=True, kw_only=True):
    """Everything a survivor's hearing-preparation notice may show."""

    first_name: str  # first or chosen name; never a surname
    age_band: AgeBand
    language: Language
    starts_at: datetime  # aware; shown in court_timezone
    court_timezone: str = PHILIPPINES
    hearing_kind: HearingKind
    court_name: str  # e.g. "Regional Trial Court Branch 12, Cebu City"; no case numbers
    expected_to_testify: bool
    mode: HearingMode
    accommodations: list[Measure] = msgspec.field(default_factory=list)  # ordered or arranged
    meeting_place: str  # where the survivor meets the advocate
    meeting_at: datetime
    leave_at: datetime  # when they set off for court
    support_person_first_names: list[str] = msgspec.field(default_factory=list)
    advocate_name: str  # as the survivor calls them, e.g. "Ate Joy Ramos"
    advocate_phone: str

    def __post_init__(self) -> None:
        for field, moment in (
            ("starts_at", self.starts_at),
            ("meeting_at", self.meeting_at),
            ("leave_at", self.leave_at),
        ):
            _require_aware(field, moment)
        if len(self.support_person_first_names) > MOST_SUPPORT_PERSONS:
            raise ValueError("a survivor may have at most two support persons")
        for field, text in (
            ("first_name", self.first_name),
            ("court_name", self.court_name),
            ("meeting_place", self.meeting_place),
            ("advocate_name", self.advocate_name),
            *(("support_person_first_names", name) for name in self.support_person_first_names),
        ):
            _refuse_case_words(field, text)


class PrintOccasion(msgspec.Struct, frozen=True, kw_only=True):
    """When a notice is printed, and what the survivor's last notice said: not facts of the
    hearing, so not part of ``NoticeData``."""

    printed_at: datetime  # aware: the nights until court are counted from its day
    #: The start the survivor's last notice showed, when the hearing moved since: the
    #: reprint then says "The day changed" (or the time) at the top.
    earlier_starts_at: datetime | None = None

    def __post_init__(self) -> None:
        _require_aware("printed_at", self.printed_at)
        if self.earlier_starts_at is not None:
            _require_aware("earlier_starts_at", self.earlier_starts_at)


class Accommodation(msgspec.Struct, frozen=True):
    """One protection measure and how far it has got."""

    measure: Measure
    status: MeasureStatus
    #: The particulars recorded with it, e.g. the interpreter's language.
    detail: str = ""


class ChecklistData(msgspec.Struct, frozen=True, kw_only=True):
    """The advocate's preparation sheet: the notice's facts plus what only the team may see.

    It names the survivor by pseudonym only; never by legal name.
    """

    notice: NoticeData
    pseudonym: str  # e.g. "AAA"
    docket_number: str  # the hearing's criminal case number(s)
    courtroom: str = ""
    prosecutor_name: str
    prosecutor_phone: str
    role_note: str = ""  # e.g. "identify only", "may not be needed: plea pending"
    accommodations: list[Accommodation] = msgspec.field(default_factory=list)
    vehicle_and_escort: str = ""
    route_and_entrance: str = ""  # one that avoids the accused's family
    return_plan: str = ""
    safety_notes: str = ""
    after_notes: str = ""  # who tells the survivor about the outcome or a postponement
    #: The languages the survivor's notices for this hearing were printed in so far (the
    #: checklist says which; empty before the first).
    notice_languages: list[Language] = msgspec.field(default_factory=list)


class PrintOptions(msgspec.Struct, frozen=True, kw_only=True):
    """How a survivor's notice is printed, beyond variant, language and paper (issue 20)."""

    #: The preparation pack after the notice: who is in each room, a calm-and-feelings page
    #: with cut-out cards, and (for a child) a sheet for the grown-up who brings them.
    pack: bool = False
    #: Bigger type for a reader with low vision (sizes in docket.notices.choices).
    large_print: bool = False
    #: English beside the survivor's language, so an advocate who does not read it can read
    #: along; the survivor's language stays first.
    bilingual: bool = False

"""Request and response bodies of cases, accused, survivors, witnesses and charges."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from docket.cases.choices import (
    AgeBand,
    CaseStage,
    CustodyChange,
    CustodyStatus,
    Disposition,
    Language,
    Plea,
    Sex,
    WitnessKind,
)
from docket.fields import Id, Input, Instant, Name, Output, ShortText, Version

#: "CEB-2024-0113": letters, digits, dashes, slashes and dots.
DocketNumber = Annotated[
    str, msgspec.Meta(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9./-]*$")
]
CourtCaseNumber = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
#: Court-style coded initials such as "AAA" or "AAA-1" (Cabalquinto, 2006): never a name.
Pseudonym = Annotated[
    str, msgspec.Meta(min_length=1, max_length=20, pattern=r"^[A-Z]{2,4}(-[0-9]{1,3})?$")
]
StatuteCode = Annotated[
    str, msgspec.Meta(min_length=1, max_length=30, pattern=r"^[A-Z0-9][A-Z0-9-]*$")
]
Qualifiers = Annotated[str, msgspec.Meta(max_length=40, pattern=r"^([a-o](,[a-o])*)?$")]
Counts = Annotated[int, msgspec.Meta(ge=1, le=10_000)]
#: As long as the column holds (Accused.nationality).
Nationality = Annotated[str, msgspec.Meta(max_length=80)]
Aliases = Annotated[list[Name], msgspec.Meta(max_length=20)]


class CaseCreate(Input):
    docket_number: DocketNumber
    caption: Name
    court_case_number: CourtCaseNumber | None = None
    stage: CaseStage = CaseStage.CASE_BUILD_UP
    sealed: bool = False
    #: Keep the caption inside Docket: calendar feeds show the docket number instead.
    hide_caption: bool = False
    court_id: Id | None = None
    team_id: Id | None = None
    lead_prosecutor_id: Id | None = None
    member_ids: Annotated[list[Id], msgspec.Meta(max_length=50)] = []


class CaseUpdate(Input):
    version: Version | UnsetType = UNSET
    docket_number: DocketNumber | UnsetType = UNSET
    caption: Name | UnsetType = UNSET
    court_case_number: CourtCaseNumber | UnsetType | None = UNSET
    sealed: bool | UnsetType = UNSET
    hide_caption: bool | UnsetType = UNSET
    court_id: Id | UnsetType | None = UNSET
    team_id: Id | UnsetType | None = UNSET


class CaseRead(Output):
    id: int
    docket_number: str
    caption: str
    court_case_number: str | None
    stage: CaseStage
    sealed: bool
    hide_caption: bool
    #: False when the team hides the caption or it shares a name with a survivor of the case:
    #: calendar feeds (and anything else that leaves Docket) show the docket number instead.
    caption_shown_outside: bool
    court_id: int | None
    team_id: int | None
    lead_prosecutor_id: int | None
    member_ids: list[int]
    created_at: Instant
    updated_at: Instant
    version: int


class LeadChange(Input):
    """Hand the case to another lead prosecutor; the one before stays on the case as a member."""

    lead_prosecutor_id: Id
    version: Version | UnsetType = UNSET


class MemberAdd(Input):
    """Put someone on the case: they see it, its hearings and its deadlines from then on."""

    user_id: Id


class AdvocateHandover(Input):
    """One survivor handed to another advocate as part of a transfer."""

    survivor_id: Id
    advocate_id: Id


class CaseTransfer(Input):
    """Move the case to another team: the new team sees it, its hearings, deadlines and notices
    at once, and the old team's members who are not on the case lose it."""

    team_id: Id
    #: Why the case moves, in a few words (kept in the audit trail).
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    #: A survivor whose advocate is neither on the case nor in the new team must be handed to
    #: an advocate who will see it, or nobody would prepare the survivor for court.
    advocates: Annotated[list[AdvocateHandover], msgspec.Meta(max_length=100)] = []
    version: Version | UnsetType = UNSET


class CasePage(Output):
    items: list[CaseRead]
    total: int
    limit: int
    offset: int


class AccusedCreate(Input):
    name: Name
    aliases: Aliases = []
    custody_status: CustodyStatus = CustodyStatus.AT_LARGE
    facility: ShortText = ""
    nationality: Nationality = ""


class AccusedUpdate(Input):
    version: Version | UnsetType = UNSET
    name: Name | UnsetType = UNSET
    aliases: Aliases | UnsetType = UNSET
    custody_status: CustodyStatus | UnsetType = UNSET
    facility: ShortText | UnsetType = UNSET
    nationality: Nationality | UnsetType = UNSET


class AccusedRead(Output):
    id: int
    case_id: int
    name: str
    aliases: list[str]
    custody_status: CustodyStatus
    facility: str
    nationality: str
    plea: Plea | None
    lesser_offence_code: str
    pleaded_on: dt.date | None
    disposition: Disposition
    disposition_on: dt.date | None
    version: int


class CustodyEventCreate(Input):
    """A change in the accused's custody, on the day it happened. Changes are recorded in
    order: a change dated before the accused's latest one is refused."""

    kind: CustodyChange
    on: dt.date
    #: The accused's version (the change updates the accused's custody status).
    version: Version | UnsetType = UNSET


class CustodyEventRead(Output):
    id: int
    accused_id: int
    kind: CustodyChange
    on: dt.date


class CustodyHistory(Output):
    """An accused's custody, oldest change first; ``custody_status`` is where it stands now."""

    accused_id: int
    case_id: int
    custody_status: CustodyStatus
    #: The accused's version, for the next change.
    version: int
    events: list[CustodyEventRead]


class AccusedPage(Output):
    items: list[AccusedRead]
    total: int
    limit: int
    offset: int


class SurvivorCreate(Input):
    pseudonym: Pseudonym
    age_band: AgeBand
    sex: Sex = Sex.UNRECORDED
    preferred_language: Language = Language.CEBUANO
    advocate_id: Id | None = None


class SurvivorUpdate(Input):
    version: Version | UnsetType = UNSET
    pseudonym: Pseudonym | UnsetType = UNSET
    age_band: AgeBand | UnsetType = UNSET
    sex: Sex | UnsetType = UNSET
    preferred_language: Language | UnsetType = UNSET
    advocate_id: Id | UnsetType | None = UNSET


class SurvivorRead(Output):
    """The pseudonym side only: nothing here identifies the survivor."""

    id: int
    case_id: int
    pseudonym: str
    age_band: AgeBand
    sex: Sex
    preferred_language: Language
    advocate_id: int | None
    version: int


class SurvivorPage(Output):
    items: list[SurvivorRead]
    total: int
    limit: int
    offset: int


class SurvivorIdentityWrite(Input):
    """Who the survivor is. Write-only: it is stored in the restricted table and never echoed."""

    legal_name: Name
    notice_name: Annotated[str, msgspec.Meta(max_length=60)] = ""
    birth_date: dt.date | None = None
    guardian: ShortText = ""
    shelter: ShortText = ""
    contact: ShortText = ""
    address: Annotated[str, msgspec.Meta(max_length=500)] = ""
    school: ShortText = ""


class WitnessCreate(Input):
    kind: WitnessKind
    #: Required for a survivor witness (who is then shown by pseudonym only).
    survivor_id: Id | None = None
    #: Name and rank or title, for witnesses who are not survivors.
    name: ShortText = ""
    agency: ShortText = ""
    protected: bool = False


class WitnessUpdate(Input):
    version: Version | UnsetType = UNSET
    name: ShortText | UnsetType = UNSET
    agency: ShortText | UnsetType = UNSET
    protected: bool | UnsetType = UNSET


class WitnessRead(Output):
    id: int
    case_id: int
    kind: WitnessKind
    survivor_id: int | None
    #: The name, or for a survivor witness the pseudonym.
    name: str
    agency: str
    protected: bool
    version: int


class WitnessPage(Output):
    items: list[WitnessRead]
    total: int
    limit: int
    offset: int


class ChargeCreate(Input):
    accused_id: Id
    statute_code: StatuteCode
    qualifiers: Qualifiers = ""
    counts: Counts = 1
    offence_date: dt.date | None = None
    via_ict: bool = False
    survivor_ids: Annotated[list[Id], msgspec.Meta(max_length=100)] = []


class ChargeUpdate(Input):
    version: Version | UnsetType = UNSET
    statute_code: StatuteCode | UnsetType = UNSET
    qualifiers: Qualifiers | UnsetType = UNSET
    counts: Counts | UnsetType = UNSET
    offence_date: dt.date | UnsetType | None = UNSET
    via_ict: bool | UnsetType = UNSET
    survivor_ids: Annotated[list[Id], msgspec.Meta(max_length=100)] | UnsetType = UNSET


class ChargeRead(Output):
    id: int
    case_id: int
    accused_id: int
    statute_code: str
    qualifiers: str
    counts: int
    offence_date: dt.date | None
    via_ict: bool
    survivor_ids: list[int]
    #: Set when the charge was struck as entered by mistake: kept, but no longer counted.
    struck_at: Instant | None
    struck_by_user_id: int | None
    struck_reason: str
    version: int


class ChargePage(Output):
    items: list[ChargeRead]
    total: int
    limit: int
    offset: int


#: Why a stage changed, a plea was entered or a case disposed of: a few words, required.
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class StageChange(Input):
    """Move the case to its next stage (only an allowed move passes; 409 lists them)."""

    stage: CaseStage
    reason: Reason
    #: The day it happened in court, if not today (the court's date).
    on: dt.date | None = None
    version: Version | UnsetType = UNSET


class StageChangeRead(Output):
    """One move in a case's stage history."""

    from_stage: CaseStage
    to_stage: CaseStage
    on: dt.date
    reason: str
    by_user_id: int | None
    at: Instant
    #: Where the law puts this move.
    source: str


class StageHistory(Output):
    case_id: int
    stage: CaseStage
    #: The stages the case may move to now.
    allowed: list[CaseStage]
    changes: list[StageChangeRead]


class Strike(Input):
    """Strike a charge or a hearing entered by mistake: it is kept, with who and why, and no
    longer counts."""

    reason: Reason
    version: Version | UnsetType = UNSET


class PleaEntry(Input):
    """The plea of one accused at arraignment (R116 s1), or to a lesser offence (R116 s2)."""

    plea: Plea
    on: dt.date
    #: For a plea of guilty to a lesser offence: its catalogue code (required then, only then).
    lesser_offence_code: StatuteCode | None = None
    version: Version | UnsetType = UNSET


class DispositionEntry(Input):
    """How the case ended for one accused; "pending" undoes a wrongly entered one."""

    disposition: Disposition
    #: The day of the judgment or order (required unless pending).
    on: dt.date | None = None
    version: Version | UnsetType = UNSET


# --- case build-up (DOJ DC 020 (2023), amended by DC 007 (2024)) ---------------------------


class BuildUpItemRead(Output):
    """One item of the evidence checklist, with where the law asks for it."""

    code: str
    item: str
    source: str
    certainty: str
    checked: bool


class BuildUpRead(Output):
    case_id: int
    #: The build-up record (None until the first tick or certification is saved).
    id: int | None
    items: list[BuildUpItemRead]
    #: What the prosecutor certifies, and where the law asks for it.
    certification_words: str
    certification_source: str
    certified_on: dt.date | None
    certified_by_user_id: int | None
    certification: str
    #: What is still missing before the case may go to preliminary investigation.
    missing: list[str]
    #: 1 until the first tick or certification is saved.
    version: int


class BuildUpChecklist(Input):
    """The checklist items now done (their codes); the others are not."""

    checked: list[Annotated[str, msgspec.Meta(max_length=40)]]
    version: Version | UnsetType = UNSET


class BuildUpCertification(Input):
    """The prosecutor certifies the evidence sufficient (DOJ DC 020 (2023), as amended)."""

    certified_on: dt.date
    #: In the prosecutor's words, e.g. the certification's own sentence.
    certification: Annotated[str, msgspec.Meta(min_length=10, max_length=1000)]
    version: Version | UnsetType = UNSET

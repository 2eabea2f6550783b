"""Request and response bodies of the notices API: preparation, prints and the due list."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, UnsetType

from docket.cases.choices import Language
from docket.fields import Id, Input, Instant, Name, Output, ShortText, Version
from docket.hearings.choices import HearingKind, HearingStatus
from docket.notices.choices import NoticeVariant, Paper
from docket.notices.schemas import MOST_SUPPORT_PERSONS

#: A clock time on the hearing's day, in the court's zone: "07:30".
ClockTime = Annotated[
    str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["07:30"])
]
#: A support person's first name (A.M. 004-07-SC s11: the survivor chooses them).
FirstName = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
#: An advocate's checklist note.
ChecklistNote = Annotated[str, msgspec.Meta(max_length=500)]


class PreparationWrite(Input):
    """The whole preparation for one survivor at one hearing (a PUT replaces it)."""

    #: The version you edited; 0 when none is recorded yet. Or send If-Match.
    version: Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1)] | UnsetType = UNSET
    #: Where the survivor meets you, from the office's list (GET /api/meeting-places): the
    #: notice prints its name in the notice's language.
    meeting_place_id: Id | None = None
    #: The last resort, when the place is not in the office's list: printed as typed, in
    #: every language, so leave it empty when you choose meeting_place_id.
    meeting_place: ShortText = ""
    meeting_time: ClockTime | None = None
    #: When you set off for court; not before the meeting, and before the hearing starts.
    leave_time: ClockTime | None = None
    #: First names only, at most two, as the survivor chose them.
    support_persons: Annotated[list[FirstName], msgspec.Meta(max_length=MOST_SUPPORT_PERSONS)] = []
    #: What the survivor is expected to do, e.g. "identify only" (your checklist only).
    role_note: ShortText = ""
    vehicle_and_escort: ChecklistNote = ""
    route_and_entrance: ChecklistNote = ""
    return_plan: ChecklistNote = ""
    safety_notes: Annotated[str, msgspec.Meta(max_length=2000)] = ""
    after_notes: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class PreparationRead(Output):
    """The whole trip plan: only for the survivor's advocate and the case's lead prosecutor."""

    hearing_id: int
    survivor_id: int
    pseudonym: str
    meeting_place_id: int | None
    meeting_place: str
    meeting_time: str | None
    leave_time: str | None
    support_persons: list[str]
    role_note: str
    vehicle_and_escort: str
    route_and_entrance: str
    return_plan: str
    safety_notes: str
    after_notes: str
    #: Enough recorded to print a notice: meeting place and both times.
    complete: bool
    updated_by_id: int | None
    updated_at: Instant | None
    #: 0 while nothing is recorded.
    version: int


class PreparationSummary(Output):
    """What the whole case team may know of a survivor's trip plan: none of its words."""

    hearing_id: int
    survivor_id: int
    pseudonym: str
    #: A plan is recorded.
    exists: bool
    #: Enough recorded to print a notice: meeting place and both times.
    complete: bool
    updated_by_id: int | None
    updated_by_name: str | None
    updated_at: Instant | None
    #: 0 while nothing is recorded.
    version: int


class NoticeRequest(Input):
    #: Default: the variant suggested for the survivor's age band.
    variant: NoticeVariant | None = None
    #: Default: the survivor's preferred language.
    lang: Language | None = None
    paper: Paper = Paper.LETTER
    #: pdf: tagged (PDF/UA); html: the print view; txt: the words alone, for a braille
    #: embosser or a screen reader.
    format: Literal["pdf", "html", "txt"] = "pdf"
    #: The preparation pack after a survivor's notice: who is in each room, a page for
    #: feeling calm with cards to cut out, and for a child a sheet for the grown-up who brings
    #: them. Survivor variants only.
    pack: bool = False
    #: Bigger type (young child 24 pt, child 20 pt, adult 18 pt). Survivor variants only.
    large_print: bool = False
    #: English beside the survivor's language, for an advocate who does not read it.
    #: Survivor variants only, in a language other than English.
    bilingual: bool = False


class NoticePrintRead(Output):
    id: int
    hearing_id: int
    survivor_id: int
    pseudonym: str
    variant: NoticeVariant
    language: Language
    paper: Paper
    format: str
    printed_by_id: int | None
    printed_at: Instant
    #: The hearing time the print shows.
    hearing_starts_at: Instant
    hearing_sequence: int
    #: The hearing was reset or cancelled after this print.
    out_of_date: bool


class NoticePrintPage(Output):
    items: list[NoticePrintRead]
    total: int
    limit: int
    offset: int


class LastPrint(Output):
    printed_at: Instant
    variant: NoticeVariant
    language: Language


class NoticeDue(Output):
    """One coming hearing and one survivor to prepare for it."""

    hearing_id: int
    survivor_id: int
    case_id: int
    pseudonym: str
    hearing_kind: HearingKind
    hearing_status: HearingStatus
    starts_at: Instant
    court_name: str
    court_timezone: str
    suggested_variant: NoticeVariant
    language: Language
    expected_to_testify: bool
    preparation_complete: bool
    last_print: LastPrint | None
    #: A notice was printed, then the hearing was reset or cancelled: print (or tell) again.
    #: Stays true until every document printed before the change (each survivor notice
    #: variant and language, and the checklist) is printed again.
    reprint_needed: bool
    #: The documents still showing the old day or time, each as last printed.
    to_reprint: list[LastPrint] = []
    #: The trip plan no longer fits the hearing (it moved, changed mode, or the plan leaves
    #: after the start): the survivor's notice waits until the plan is checked and saved.
    preparation_stale: bool = False


class SurvivorToldRead(Output):
    """The survivor was told that a cancelled hearing will not take place."""

    hearing_id: int
    survivor_id: int
    told_by_id: int | None
    told_at: Instant


class NoticesDue(Output):
    starts_from: dt.datetime
    starts_before: dt.datetime
    items: list[NoticeDue]


class MeetingPlaceCreate(Input):
    """A place where advocates meet survivors before court, named in every notice language,
    e.g. "the DSWD office lobby, Lahug" and "lobby sa opisina sa DSWD, Lahug"."""

    name_ceb: Name
    name_fil: Name
    name_en: Name
    name_war: Name
    in_use: bool = True


class MeetingPlaceUpdate(Input):
    version: Version | UnsetType = UNSET
    name_ceb: Name | UnsetType = UNSET
    name_fil: Name | UnsetType = UNSET
    name_en: Name | UnsetType = UNSET
    name_war: Name | UnsetType = UNSET
    #: false: no longer offered for new trip plans (plans that chose it keep it).
    in_use: bool | UnsetType = UNSET


class MeetingPlaceRead(Output):
    id: int
    name_ceb: str
    name_fil: str
    name_en: str
    name_war: str
    in_use: bool
    version: int

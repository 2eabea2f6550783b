"""Request and response bodies of hearings and their outcomes."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, UnsetType

from docket.fields import Id, Input, Instant, Note, Output, ShortText, Version
from docket.hearings.choices import HearingKind, HearingMode, HearingStatus

Link = Annotated[str, msgspec.Meta(max_length=500, pattern=r"^(https://\S+)?$")]
#: The order granting a videoconference, as the court names it.
OrderName = Annotated[str, msgspec.Meta(max_length=200)]


class HearingCreate(Input):
    kind: HearingKind
    starts_at: Instant
    ends_at: Instant
    #: Defaults to the case's court.
    court_id: Id | None = None
    mode: HearingMode = HearingMode.IN_PERSON
    room: ShortText = ""
    #: The videoconference link (https); shown only inside Docket.
    video_link: Link = ""
    #: A.M. 20-12-01-SC as amended by A.M. 24-11-02-SC: the day the court granted the motion
    #: to hold the hearing by videoconference, and the order.
    video_motion_granted_on: dt.date | None = None
    video_order: OrderName = ""
    #: The day the accused waived face-to-face confrontation (A.M. 24-11-02-SC, criminal cases).
    confrontation_waived_on: dt.date | None = None
    #: The evidence to be presented includes child sexual abuse or exploitation material.
    shows_exploitation_material: bool = False


class HearingUpdate(Input):
    """Corrections. A change of time or place increases the sequence so calendars follow; to
    record that the court reset the hearing, post an outcome instead."""

    version: Version | UnsetType = UNSET
    kind: HearingKind | UnsetType = UNSET
    starts_at: Instant | UnsetType = UNSET
    ends_at: Instant | UnsetType = UNSET
    court_id: Id | UnsetType = UNSET
    mode: HearingMode | UnsetType = UNSET
    room: ShortText | UnsetType = UNSET
    video_link: Link | UnsetType = UNSET
    video_motion_granted_on: dt.date | UnsetType | None = UNSET
    video_order: OrderName | UnsetType = UNSET
    confrontation_waived_on: dt.date | UnsetType | None = UNSET
    shows_exploitation_material: bool | UnsetType = UNSET


class HearingOutcome(Input):
    """What happened: held (with a short note), reset to a new time (with the reason), or
    cancelled (with the reason)."""

    outcome: Literal["held", "reset", "cancelled"]
    version: Version | UnsetType = UNSET
    note: Note = ""
    reason: Annotated[str, msgspec.Meta(max_length=500)] = ""
    new_starts_at: Instant | None = None
    new_ends_at: Instant | None = None
    #: Cancelling a hearing set to videoconference: the meritorious ground (A.M. 24-11-02-SC).
    meritorious_ground: Annotated[str, msgspec.Meta(max_length=500)] = ""


class ClashKind(StrEnum):
    #: A prosecutor or lawyer of the case is due at another hearing at that time.
    PERSON_ELSEWHERE = "person_elsewhere"
    #: A survivor of the case is already called to court that day.
    SURVIVOR_SAME_DAY = "survivor_same_day"
    #: The court does not sit that day.
    COURT_CLOSED = "court_closed"


class Clash(Output):
    """One warning: what it is about, in words; it never stops the save."""

    kind: ClashKind
    message: str
    #: The other hearing, when the person asking may open it.
    other_hearing_id: int | None = None


class ClashCheck(Output):
    """What would clash if a hearing were set at this time (nothing is saved)."""

    clashes: list[Clash]
    #: The travel margin used between courts in different cities, in minutes.
    travel_margin_minutes: int


class HearingRead(Output):
    id: int
    case_id: int
    court_id: int
    kind: HearingKind
    starts_at: Instant
    ends_at: Instant
    mode: HearingMode
    room: str
    video_link: str
    video_motion_granted_on: dt.date | None
    video_order: str
    confrontation_waived_on: dt.date | None
    shows_exploitation_material: bool
    status: HearingStatus
    outcome_note: str
    sequence: int
    version: int
    updated_at: Instant
    #: What to check before the day, never a refusal: exploitation material to be shown over
    #: a video link; a videoconference without its order or the accused's waiver recorded.
    warnings: list[str] = []
    #: Clash warnings found when this request scheduled, reset or moved the hearing (never
    #: a refusal: the hearing is saved); empty when reading it.
    clashes: list[Clash] = msgspec.field(default_factory=list)


class HearingPage(Output):
    items: list[HearingRead]
    total: int
    limit: int
    offset: int


class HearingChangeRead(Output):
    """One entry of a hearing's history: what it was before and why it changed."""

    change: str
    at: Instant
    by_user_id: int | None
    previous_starts_at: Instant | None
    previous_ends_at: Instant | None
    previous_status: str
    reason: str
    #: The meritorious ground, for a cancelled videoconference hearing.
    ground: str = ""

"""Request and response bodies of case notes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from docket.fields import Id, Input, Instant, Output, Version
from docket.notes.choices import NoteVisibility

#: A note's words: not empty, at most 4,000 characters (a page of a case file).
NoteText = Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
#: Why a note is struck: a few words, required.
StrikeReason = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class NoteCreate(Input):
    """A note on the case, or on one of its hearings or survivors. A restricted note is about
    one survivor (``survivor_id``): only that survivor's advocate and the case's lead
    prosecutor read it."""

    noted_on: dt.date
    text: NoteText
    visibility: NoteVisibility = NoteVisibility.TEAM
    hearing_id: Id | None = None
    survivor_id: Id | None = None


class NoteUpdate(Input):
    """Change a note's day or words (its visibility and what it is about stay)."""

    version: Version | UnsetType = UNSET
    noted_on: dt.date | UnsetType = UNSET
    text: NoteText | UnsetType = UNSET


class NoteStrike(Input):
    """Strike a note written by mistake: it is kept, struck through, with who and why."""

    reason: StrikeReason
    version: Version | UnsetType = UNSET


class NoteRead(Output):
    id: int
    case_id: int
    hearing_id: int | None
    survivor_id: int | None
    #: The survivor's court-style initials, for a note about a survivor.
    survivor_pseudonym: str | None
    noted_on: dt.date
    visibility: NoteVisibility
    text: str
    author_id: int | None
    created_at: Instant
    updated_at: Instant
    struck_at: Instant | None
    struck_by_id: int | None
    struck_reason: str
    version: int


class NotePage(Output):
    items: list[NoteRead]
    total: int

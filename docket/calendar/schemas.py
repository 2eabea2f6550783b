"""The JSON shapes of feed subscriptions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec

from docket.calendar.choices import (
    MAX_REMINDERS,
    REMINDER_MINUTES_MAX,
    REMINDER_MINUTES_MIN,
    FeedScope,
)
from docket.fields import Input


class FeedCreate(Input):
    """A new feed: which hearings (scope) and what else it carries. An Input, so that its
    text is read strictly like every JSON body's (a NUL in the name was a 500 on PostgreSQL)."""

    #: mine (cases I am on), lead (cases I lead), case, court or team.
    scope: FeedScope
    #: The case, court or team id; leave it out for "mine" and "lead".
    scope_id: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)] | None = None
    #: A label for you, e.g. "My phone"; it never leaves Docket (the calendar is named
    #: after its scope).
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] | None = None
    include_deadlines: bool = False
    #: Reminders: a day and two hours before each hearing, unless `reminders` says otherwise.
    include_alarms: bool = False
    #: Reminders in minutes before each hearing (e.g. [1440, 120]; [] for none), at most 3,
    #: each 5 to 20160 (two weeks). Given, it decides (include_alarms must then agree or be
    #: left out).
    reminders: (
        Annotated[
            list[Annotated[int, msgspec.Meta(ge=REMINDER_MINUTES_MIN, le=REMINDER_MINUTES_MAX)]],
            msgspec.Meta(max_length=MAX_REMINDERS),
        ]
        | None
    ) = None
    #: false for a deadlines-only feed (include_deadlines must then be true).
    include_hearings: bool = True
    #: Leave out hearings whose outcome was recorded as held.
    hide_held: bool = False


class FeedRead(msgspec.Struct, kw_only=True):
    """A feed as its owner sees it in lists; the link itself is shown only once."""

    id: int
    name: str
    scope: FeedScope
    scope_id: int | None
    include_deadlines: bool
    include_alarms: bool
    #: Minutes before each hearing, largest first; [] without reminders.
    reminders: list[int]
    include_hearings: bool
    hide_held: bool
    created_at: dt.datetime
    last_fetched_at: dt.datetime | None
    last_user_agent: str
    revoked_at: dt.datetime | None
    #: The feed this one replaced (rotation), if any.
    rotated_from: int | None


class FeedIssued(FeedRead, kw_only=True):
    """A feed just created or rotated, with its secret link: shown this once, never again."""

    #: Paste into Google Calendar ("From URL") or Outlook on the web.
    url: str
    #: One click on an iPhone, a Mac or Outlook on the desktop.
    webcal_url: str
    #: Opens Google Calendar's "add by URL" with this feed filled in.
    google_calendar_url: str

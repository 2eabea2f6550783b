"""Request and response bodies of each person's reminder choices."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from docket.fields import Input, Output
from docket.reminders.choices import ReminderKind

#: A local time of day, "HH:MM" (24-hour clock), in the court's zone.
TimeOfDay = Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
#: 0 for a choice never made yet (the default applies), else the version you saw.
ChoiceVersion = Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1)]


class ReminderChoiceUpdate(Input):
    version: ChoiceVersion
    enabled: bool | UnsetType = UNSET
    #: The daily agenda's time (court's zone, "HH:MM").
    send_at: TimeOfDay | UnsetType = UNSET


class ReminderChoiceRead(Output):
    kind: ReminderKind
    #: What the kind is, in words.
    label: str
    enabled: bool
    #: For the daily agenda: when it is sent (court's zone); "" for other kinds.
    send_at: str
    #: 0 while the default applies.
    version: int

"""Constrained field types the schemas share: limits a user can read in a 400, not in a 500."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec

#: A short name or title: not empty, at most 200 characters.
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
#: Optional short text (may be empty), at most 200 characters.
ShortText = Annotated[str, msgspec.Meta(max_length=200)]
#: Longer free text such as an outcome note, at most 2,000 characters.
Note = Annotated[str, msgspec.Meta(max_length=2000)]
#: A database id.
Id = Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]
#: A record's version, as read.
Version = Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]
#: An instant: the API refuses naive datetimes rather than guess their zone.
Instant = Annotated[dt.datetime, msgspec.Meta(tz=True)]


class Input(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of request bodies: an unknown field is an error, not silently dropped."""


class Output(msgspec.Struct, kw_only=True):
    """Base of response bodies."""

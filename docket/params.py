"""Litestar's explicit parameter markers, in one import, plus the query types Docket reuses."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, TypeAlias, TypeVar

from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, PathParameter, QueryParameter

from docket.db import as_utc
from docket.errors import InvalidInput

T = TypeVar("T")

#: An optional query-string parameter.
Query: TypeAlias = Annotated[T, QueryParameter(required=False)]
#: A record id in a path: beyond PostgreSQL's integer range it is a 400, not a database error.
PathId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
#: An optional record id in a query string (a filter).
QueryId = Annotated[int | None, QueryParameter(ge=1, le=2**31 - 1, required=False)]
#: An instant in a query string: ISO 8601 with its timezone, nothing else (a bare number is not
#: read as a Unix time, and a time without a zone is not guessed).
ISO_INSTANT = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})$"
)
InstantQuery = Annotated[
    str | None,
    QueryParameter(
        required=False,
        pattern=ISO_INSTANT,
        description="A date and time with its timezone, e.g. 2026-12-01T00:00:00+08:00",
    ),
]


def instant_of(value: str | None, field: str) -> dt.datetime | None:
    """The instant an InstantQuery holds, in UTC (400 naming the field if it is no date)."""
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput.field(field, "is not a date and time") from None
    return as_utc(parsed, field)


#: Free-text search: at most 100 characters.
CaseQuery = Annotated[
    str | None,
    QueryParameter(
        max_length=100,
        required=False,
        description="Part of a docket number, court case number or caption",
    ),
]

__all__ = [
    "CaseQuery",
    "FromPath",
    "InstantQuery",
    "JSONBody",
    "NamedDependency",
    "PathId",
    "Query",
    "QueryId",
    "instant_of",
]

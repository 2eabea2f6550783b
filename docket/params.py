"""Litestar's explicit parameter markers, in one import, plus the query types Docket reuses."""

from __future__ import annotations

from typing import Annotated, TypeAlias, TypeVar

from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, PathParameter, QueryParameter

T = TypeVar("T")

#: An optional query-string parameter.
Query: TypeAlias = Annotated[T, QueryParameter(required=False)]
#: A record id in a path: beyond PostgreSQL's integer range it is a 400, not a database error.
PathId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
#: An optional record id in a query string (a filter).
QueryId = Annotated[int | None, QueryParameter(ge=1, le=2**31 - 1, required=False)]
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
    "JSONBody",
    "NamedDependency",
    "PathId",
    "Query",
    "QueryId",
]

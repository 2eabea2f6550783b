"""Litestar's explicit parameter markers, in one import, plus the query types Docket reuses."""

from __future__ import annotations

from typing import Annotated, TypeAlias, TypeVar

from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

T = TypeVar("T")

#: An optional query-string parameter.
Query: TypeAlias = Annotated[T, QueryParameter(required=False)]
#: Free-text search: at most 100 characters.
CaseQuery = Annotated[
    str | None,
    QueryParameter(
        max_length=100,
        required=False,
        description="Part of a docket number, court case number or caption",
    ),
]

__all__ = ["CaseQuery", "FromPath", "JSONBody", "NamedDependency", "Query"]

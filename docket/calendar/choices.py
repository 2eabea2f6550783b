"""The words feed subscriptions are described in (stored as these values)."""

from enum import StrEnum


class FeedScope(StrEnum):
    #: The hearings of the cases I am on (lead prosecutor or member).
    MINE = "mine"
    #: One case.
    CASE = "case"
    #: One court branch (only the cases I may see).
    COURT = "court"
    #: My team's cases.
    TEAM = "team"


def parse_scope(value: str) -> tuple[FeedScope, int | None]:
    """ "mine", "case:12", "court:3" or "team:2" as (scope, id); ValueError saying what is wrong."""
    kind, _, number = value.strip().partition(":")
    try:
        scope = FeedScope(kind)
    except ValueError:
        raise ValueError("use mine, case:ID, court:ID or team:ID") from None
    if scope == FeedScope.MINE:
        if number:
            raise ValueError("mine takes no id")
        return scope, None
    if not number.isdigit() or not 1 <= int(number) < 2**31:
        raise ValueError(f"use {kind}:ID with the {kind}'s number, e.g. {kind}:3")
    return scope, int(number)

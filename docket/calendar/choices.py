"""The words feed subscriptions are described in (stored as these values)."""

from enum import StrEnum


class FeedScope(StrEnum):
    #: The hearings of the cases I am on (lead prosecutor or member).
    MINE = "mine"
    #: The hearings of the cases I am the lead prosecutor of.
    LEAD = "lead"
    #: One case.
    CASE = "case"
    #: One court branch (only the cases I may see).
    COURT = "court"
    #: My team's cases.
    TEAM = "team"


#: Scopes drawn from the owner's own assignments: they take no id.
OWN_SCOPES = frozenset({FeedScope.MINE, FeedScope.LEAD})

#: Reminders a feed may carry, in minutes before each hearing (VALARM TRIGGER): at most
#: MAX_REMINDERS of them, from 5 minutes to 2 weeks. Their text shows on lock screens.
MAX_REMINDERS = 3
REMINDER_MINUTES_MIN = 5
REMINDER_MINUTES_MAX = 14 * 24 * 60
#: What "include reminders" gives without a list: a day and two hours before (issue 21 item 6).
DEFAULT_REMINDERS = (24 * 60, 2 * 60)


def parse_reminders(value: str) -> tuple[int, ...]:
    """Minutes before a hearing as stored and sent by the page ("1440,120"; "" for none),
    largest first; ValueError saying what is wrong."""
    if not value.strip():
        return ()
    parts = [part.strip() for part in value.split(",")]
    if not all(part.isascii() and part.isdigit() and len(part) <= 6 for part in parts):
        raise ValueError("give minutes before the hearing as whole numbers, e.g. 1440,120")
    return check_reminders([int(part) for part in parts])


def check_reminders(minutes: list[int]) -> tuple[int, ...]:
    """The reminders, largest first, or ValueError saying what is wrong with them."""
    if len(minutes) > MAX_REMINDERS:
        raise ValueError(f"at most {MAX_REMINDERS} reminders")
    if len(set(minutes)) != len(minutes):
        raise ValueError("each reminder at most once")
    for minute in minutes:
        if not REMINDER_MINUTES_MIN <= minute <= REMINDER_MINUTES_MAX:
            raise ValueError(
                f"a reminder is {REMINDER_MINUTES_MIN} to {REMINDER_MINUTES_MAX} minutes "
                "(two weeks) before the hearing"
            )
    return tuple(sorted(minutes, reverse=True))


def parse_scope(value: str) -> tuple[FeedScope, int | None]:
    """ "mine", "case:12", "court:3", "team:2" or "lead" as (scope, id); ValueError saying what
    is wrong."""
    kind, _, number = value.strip().partition(":")
    try:
        scope = FeedScope(kind)
    except ValueError:
        raise ValueError("use mine, case:ID, court:ID, team:ID or lead") from None
    if scope in OWN_SCOPES:
        if number or value.strip() != kind:
            raise ValueError(f"{kind} takes no id")
        return scope, None
    if not number.isdigit() or not 1 <= int(number) < 2**31:
        raise ValueError(f"use {kind}:ID with the {kind}'s number, e.g. {kind}:3")
    return scope, int(number)

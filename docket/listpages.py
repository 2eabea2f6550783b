"""Pages of the case and hearing lists, kept per person and question until the data changes.

A page of a list counts and sorts every row that matches: a national prosecutor's hearings
list reads 2,261 hearings of 207 cases for a page of 50, and that reading cost more than the
rest of the request (0.5 ms of SQL on SQLite, 1.2 ms on PostgreSQL, against 0.3 ms for the
whole of GET /api/health; issue 8). People reload the same list often and the data changes
seldom in between, so each process keeps the pages it answered, with the data's version.

The version is the head of the audit trail (audit_head: its last row's hash), read in the
statement that authenticates the request (Actor.data_version), so checking it costs nothing.
Every change to Docket's data is audited in its own transaction (the calendar feeds rely on
the same), so any change to a hearing, a case, its people or a team moves it, and every kept
page is worked out again on its next request. The hash, not the row's id: after a restore from
backup the ids are handed out again, but a new row's hash chains from different content.

What a person may see is part of it: a page is kept for the person it was worked out for (the
Actor the list's service was given, whose cases its SQL is limited to) and their role only, and
losing access to a case is a change like any other.

A request that asks for a fresh answer (Cache-Control: no-cache, which a browser's hard reload
sends) has its pages worked out again, and kept. A page is kept only when its request read the
version; the command line never keeps any. Pages are shared between requests as they are:
callers must not change them.
"""

from __future__ import annotations

import collections
import contextvars
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from docket.accounts.services import Actor
from docket.settings import get_settings

T = TypeVar("T")

#: (person, role, list, question...) -> (data version, page), least recently used first.
_kept: collections.OrderedDict[tuple[Hashable, ...], tuple[str, Any]] = collections.OrderedDict()

#: True while serving a request that asked for a fresh answer (set by the request middleware).
fresh: contextvars.ContextVar[bool] = contextvars.ContextVar("docket_fresh_pages", default=False)


async def kept_page(
    actor: Actor, question: tuple[Hashable, ...], work: Callable[[], Awaitable[T]]
) -> T:
    """The page `work` answers to this question for this person: the kept one if nothing has
    changed since it was worked out, else a new one (then kept). Only a request's actor carries
    the data version; the system's never does, so it never keeps a page."""
    most = get_settings().list_pages_kept
    version = actor.data_version
    if version is None or most <= 0:
        return await work()
    key = (actor.id, actor.role, *question)
    found = None if fresh.get() else _kept.get(key)
    if found is not None and found[0] == version:
        _kept.move_to_end(key)
        page: T = found[1]
        return page
    page = await work()
    # What `work` read is at least as new as `version` (read before it): a page kept under an
    # older version than its content is only worked out again, never served stale.
    _kept[key] = (version, page)
    _kept.move_to_end(key)
    while len(_kept) > most:
        _kept.popitem(last=False)
    return page


def forget_all() -> None:
    """Drop every kept page (tests)."""
    _kept.clear()

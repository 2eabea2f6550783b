"""Counting SQL statements per request, for tests and benchmarks (DOCKET_COUNT_QUERIES=1).

A query whose number grows with the data (one per row: N+1) is the commonest way an endpoint
that is fast on a demo becomes slow for a whole country. With counting on, every response
carries ``X-Query-Count``: the statements the request ran, from authentication to the last
deferred write. tests/test_query_counts.py asserts the count stays the same between two data
sizes; scripts/bench reports it.

Counting wraps ``run_querystring`` and ``run_ddl`` of the one engine instance (every Piccolo
query goes through one of them); nothing is wrapped unless counting is switched on, so a
production server pays nothing. The hand-written reads of ``docket.db.fetch`` note themselves.
BEGIN and COMMIT are not counted: they are the transaction's, not the endpoint's.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

ENV_VAR = "DOCKET_COUNT_QUERIES"
HEADER = b"x-query-count"

#: The statements of the request being served; None outside a counted request.
_statements: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "docket_query_count", default=None
)
_WRAPPED = "_docket_counting"


def enabled() -> bool:
    return os.environ.get(ENV_VAR, "") == "1"


def note(statement: str) -> None:
    """Count a statement that does not go through Piccolo (docket.db.fetch)."""
    if (seen := _statements.get()) is not None:
        seen.append(statement)


def install(db: Any) -> None:
    """Make this engine count its statements (idempotent).

    Piccolo's engines have __slots__, so the methods cannot be replaced on the instance; the
    instance's class is swapped for a subclass that counts, which changes this engine only.
    """
    cls = type(db)
    if getattr(cls, _WRAPPED, False):
        return
    base_querystring, base_ddl = cls.run_querystring, cls.run_ddl

    async def run_querystring(self: Any, querystring: Any, *args: Any, **kwargs: Any) -> Any:
        if (seen := _statements.get()) is not None:
            seen.append(str(querystring))
        return await base_querystring(self, querystring, *args, **kwargs)

    async def run_ddl(self: Any, ddl: str, *args: Any, **kwargs: Any) -> Any:
        if (seen := _statements.get()) is not None:
            seen.append(ddl)
        return await base_ddl(self, ddl, *args, **kwargs)

    db.__class__ = type(
        f"Counting{cls.__name__}",
        (cls,),
        {
            "__slots__": (),
            "run_querystring": run_querystring,
            "run_ddl": run_ddl,
            _WRAPPED: True,
        },
    )


@contextlib.contextmanager
def counting() -> Iterator[list[str]]:
    """Collect the statements run inside the block (the engine must be installed)."""
    seen: list[str] = []
    token = _statements.set(seen)
    try:
        yield seen
    finally:
        _statements.reset(token)


def query_count_middleware(app: ASGIApp) -> ASGIApp:
    """Count each HTTP request's statements and answer them in X-Query-Count.

    It must be the outermost middleware so that authentication's queries are counted too.
    Work deferred until after the response (a session's idle clock) is not in the header.
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        with counting() as seen:

            async def send_counted(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers", []))
                    headers.append((HEADER, str(len(seen)).encode()))
                    message = {**message, "headers": headers}
                await send(message)

            await app(scope, receive, send_counted)

    return middleware


def middlewares() -> list[Any]:
    """For create_app: the counting middleware (outermost) when DOCKET_COUNT_QUERIES=1, with
    the engine wrapped; nothing otherwise."""
    if not enabled():
        return []
    from docket.db import engine

    install(engine())
    return [query_count_middleware]

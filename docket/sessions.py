"""Who is asking: the middleware that authenticates each request (API token or session cookie),
runs safe requests in one read transaction, and the session cookie's settings."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.enums import ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from docket.accounts.services import (
    SESSION_ABSOLUTE_LIMIT,
    session_use,
    touch_session,
)
from docket.accounts.tokens import token_use, touch_token
from docket.api import current_actor
from docket.audit.services import remote_addr
from docket.cases.access import visible_cache
from docket.db import read_tx, request_tx
from docket.listpages import fresh
from docket.settings import get_settings

SESSION_COOKIE = "docket_session"
#: Over https the cookie takes the __Host- prefix: Secure, no Domain, Path=/ (RFC 6265bis 4.1.3.2).
SECURE_SESSION_COOKIE = "__Host-docket_session"
#: Methods that change nothing; they run in one read transaction (one connection per request).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: The route option of a write that commits in steps of its own instead of one transaction for
#: the request: the login, whose counted attempt must be seen by parallel guesses before its
#: password is checked (docket.accounts.services.log_in), with no transaction open meanwhile.
OWN_TRANSACTIONS = "own_transactions"
#: Deferred work of a request (e.g. moving a session's idle clock), run after its transaction.
AFTER_REQUEST = "docket.after_request"


def _cookie_name(secure: bool) -> str:
    return SECURE_SESSION_COOKIE if secure else SESSION_COOKIE


def session_cookie(request: Request[Any, Any, Any], session_id: str) -> Cookie:
    secure = request.url.scheme == "https"
    return Cookie(
        key=_cookie_name(secure),
        value=session_id,
        path="/",
        httponly=True,
        secure=secure,
        samesite="lax",
        max_age=int(SESSION_ABSOLUTE_LIMIT.total_seconds()),
    )


#: Logging out clears the cookie under both its names (http and https).
CLEARED_SESSION_COOKIES = [
    Cookie(
        key=name,
        value="",
        path="/",
        httponly=True,
        secure=secure,
        samesite="lax",
        max_age=0,
        expires=0,
    )
    for name, secure in ((SESSION_COOKIE, False), (SECURE_SESSION_COOKIE, True))
]


def session_id_of(request: Request[Any, Any, Any]) -> str | None:
    return request.cookies.get(SECURE_SESSION_COOKIE) or request.cookies.get(SESSION_COOKIE)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _cookie(scope: Scope, name: str) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    for part in raw.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


async def _authenticate(scope: Scope) -> None:
    authorization = _header(scope, b"authorization")
    if authorization and authorization[:7].lower() == "bearer ":
        use = await token_use(authorization[7:].strip())
        if use is not None:
            scope["user"] = use.actor
            if use.due_for_touch:
                token_id = use.token_id
                scope.setdefault("state", {}).setdefault(AFTER_REQUEST, []).append(
                    lambda: touch_token(token_id)
                )
        return
    session_id = _cookie(scope, SECURE_SESSION_COOKIE) or _cookie(scope, SESSION_COOKIE)
    if session_id:
        session = await session_use(session_id)
        if session is not None:
            scope["user"] = session.actor
            if session.due_for_touch:
                scope.setdefault("state", {}).setdefault(AFTER_REQUEST, []).append(
                    lambda: touch_session(session_id)
                )


async def _run_after(scope: Scope) -> None:
    """Run (once) the work the request deferred until after its answer was worked out."""
    after: list[Callable[[], Awaitable[None]]] = scope.get("state", {}).pop(AFTER_REQUEST, [])
    for work in after:
        await work()


def request_middleware(app: ASGIApp) -> ASGIApp:
    """Authenticate, remember the client's address for the audit trail and whether the client
    asked for a fresh answer (docket.listpages), and give each safe request one read
    transaction; deferred writes run after it closes."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        client = scope.get("client")
        address_token = remote_addr.set(client[0] if client else "")
        cache_token = visible_cache.set(None)
        fresh_token = fresh.set("no-cache" in (_header(scope, b"cache-control") or "").lower())
        try:
            if scope["method"] in SAFE_METHODS:
                # The answer is held until the transaction has ended, then sent: a client that
                # reads slowly must not keep one of the few read connections (db.SQLITE_READERS,
                # the PostgreSQL pool) or an old snapshot. Answers are built whole in memory
                # before their first message anyway; the only streamed ones, the static files,
                # are a few KB.
                answer: list[Message] = []

                async def hold(message: Message) -> None:
                    answer.append(message)

                async with read_tx():
                    await _authenticate(scope)
                    await app(scope, receive, hold)
                for message in answer:
                    await send(message)
            elif scope.get("route_handler") is not None and scope["route_handler"].opt.get(
                OWN_TRANSACTIONS
            ):
                await _authenticate(scope)
                await app(scope, receive, send)
            else:
                # PostgreSQL: one connection and one transaction for the whole request
                # (db.request_tx), answered once it has committed, so that a client is never
                # told of a change that then failed to commit.
                held: list[Message] = []

                async def keep(message: Message) -> None:
                    held.append(message)

                async with request_tx():
                    await _authenticate(scope)
                    await app(scope, receive, keep)
                    # The session's or token's clock too, on the request's own connection.
                    await _run_after(scope)
                for message in held:
                    await send(message)
            await _run_after(scope)
        finally:
            remote_addr.reset(address_token)
            visible_cache.reset(cache_token)
            fresh.reset(fresh_token)

    return middleware


def require_csrf(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """A write made with a session cookie must echo the session's CSRF token in X-CSRF-Token
    (a bearer token cannot be sent by another site, so token requests need none)."""
    scope = connection.scope
    if scope["type"] != ScopeType.HTTP or scope["method"] in SAFE_METHODS:
        return
    if handler.opt.get("csrf_exempt"):
        return
    actor = connection.scope.get("user")
    if actor is None or actor.via != "session":
        return
    sent = connection.headers.get("x-csrf-token", "")
    if not hmac.compare_digest(sent.encode(), current_actor(connection).csrf_token.encode()):
        raise PermissionDeniedException("Missing or wrong CSRF token (send X-CSRF-Token)")


#: Sec-Fetch-Site values a browser sends for a request Docket's own pages made ("none": typed
#: in the address bar or a bookmark). https://www.w3.org/TR/fetch-metadata/#sec-fetch-site-header
_OWN_FETCH_SITES = frozenset({"same-origin", "none"})
CROSS_SITE_REFUSED = (
    "This request came from another website; Docket only accepts changes made on its own pages"
)


def _origin_of(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme.lower()}://{rest.split('/', 1)[0].lower()}"


def refuse_cross_site(
    connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler
) -> None:
    """No state-changing request from another site, whatever it carries: the login (a
    cross-site form could log a browser into an attacker's account), the page forms and the
    API. Browsers say where a request comes from (Sec-Fetch-Site, else Origin); scripts and
    calendar apps send neither and are judged by their token or session as before. The CSRF
    tokens stay: this is the second lock (OWASP CSRF Prevention Cheat Sheet, "Fetch Metadata
    headers" and "Verifying origin with standard headers")."""
    scope = connection.scope
    if scope["type"] != ScopeType.HTTP or scope["method"] in SAFE_METHODS:
        return
    headers = connection.headers
    origin = headers.get("origin")
    settings = get_settings()
    allowed = {*settings.cors_origins}
    site = headers.get("sec-fetch-site")
    if site is not None:
        if site in _OWN_FETCH_SITES or (origin is not None and origin in allowed):
            return
        raise PermissionDeniedException(CROSS_SITE_REFUSED)
    if origin is None:
        return
    host = headers.get("host", "")
    allowed |= {_origin_of(settings.base_url), f"{scope['scheme']}://{host.lower()}"}
    if origin.lower() not in allowed:
        raise PermissionDeniedException(CROSS_SITE_REFUSED)

"""What every page shares: who is signed in, rendering a template with the words helpers, the
303 after a form, role checks read from the API's policy table, and error pages in HTML.

Pages answer a missing login with a redirect to /login (not the API's JSON 401), an unknown or
hidden record with a 404 page, and a refused form with a 403 page that says what to do.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.response import Redirect, Template

from docket.accounts.choices import Role
from docket.accounts.services import Actor
from docket.errors import DocketError, InvalidInput
from docket.policy import check_policy
from docket.policy import may as may
from docket.web.words import TEMPLATE_WORDS

#: Pages show case data: never cached, never framed, their address never sent onwards.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}

#: Messages shown once after a form succeeded (?done=...): fixed words, never user input.
DONE_MESSAGES = {
    "reminders-saved": "Your reminders were saved.",
    "stage": "The stage was changed.",
    "build-up": "The build-up checklist was saved.",
    "certified": "The certification was recorded: the case may go to preliminary investigation.",
    "charge": "The charge was saved.",
    "hearing": "The hearing was scheduled.",
    "hearing-corrected": "The hearing was corrected; calendars show the new details.",
    "case": "The case was opened. Add its accused, survivors and charges below.",
    "accused": "The accused was saved.",
    "plea": "The plea was saved.",
    "disposition": "The disposition was saved.",
    "survivor": "The survivor was saved.",
    "witness": "The witness was saved.",
    "facts": "The case's dates were saved; the deadlines below count them.",
    "charge-struck": "The charge was struck; it stays below, struck through, and no longer counts.",
    "hearing-struck": "The hearing was struck: it is off the calendars; its history says why.",
    "held": "The hearing was recorded as held.",
    "reset": "The hearing was reset to its new date.",
    "cancelled": "The hearing was recorded as cancelled.",
    "need": "The protection measure was updated.",
    "need-added": "The protection measure was added.",
    "trip-plan": "The trip plan was saved.",
    "note": "The note was saved.",
    "notice-name": "The name on the notice was saved.",
    "token-revoked": "The token was revoked; it no longer works.",
    "two-step-on": "Two-step login is on: from now on, logging in asks for a code from the app.",
    "two-step-off": "Two-step login is off. Survivors' details stay closed until it is on again.",
}


class LoginNeeded(Exception):
    """Nobody is signed in: the page sends them to /login and back. ``kept``: what a form sent
    after the session ended held (a session ends after 30 idle minutes, often while someone
    types in a courtroom): the login page carries it through, to be sent again."""

    def __init__(self, path: str, kept: list[tuple[str, str]] | None = None) -> None:
        super().__init__("login needed")
        self.path = path
        self.kept = kept or []


#: Form fields never carried through a login: the old session's CSRF token and a login code
#: (by name: a charge's "statute_code" is kept), and any password.
_NOT_KEPT = frozenset({"_csrf_token", "csrf", "code"})
#: At most this many fields of this size are carried (a form of Docket's has a few dozen).
KEPT_FIELDS, KEPT_FIELD_SIZE = 200, 20_000


async def kept_fields(connection: ASGIConnection[Any, Any, Any, Any]) -> list[tuple[str, str]]:
    """What a page form held, to carry through a new login ([] when it is not a form)."""
    if not isinstance(connection, Request) or connection.method != "POST":
        return []
    try:
        form = await connection.form()
    except Exception:
        return []
    kept = [
        (name, value)
        for name, value in form.multi_items()
        if isinstance(value, str)
        and name not in _NOT_KEPT
        and "password" not in name.lower()
        and len(value) <= KEPT_FIELD_SIZE
    ]
    return kept[:KEPT_FIELDS]


def signed_in(request: Request[Any, Any, Any]) -> Actor:
    actor = request.scope.get("user")
    if not isinstance(actor, Actor):
        raise LoginNeeded(request.url.path)
    return actor


async def enforce_page_policy(
    connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler
) -> None:
    """The pages' guard: nobody signed in goes to /login and back; a role the policy table does
    not list for the page gets the refusal page (docket.policy, the same table as the API)."""
    actor = connection.scope.get("user")
    if not isinstance(actor, Actor):
        raise LoginNeeded(connection.url.path, await kept_fields(connection))
    check_policy(actor, connection)


#: The anchor of the part of a page a form saved (?at=hearing-12), where its confirmation is
#: shown: our own ids only ("hearing-12", "stages"), never anything else a link could carry.
_ANCHOR = re.compile(r"^[a-z][a-z-]{0,30}(-\d{1,12})?$")


def saved_anchor(request: Request[Any, Any, Any]) -> str | None:
    at = request.query_params.get("at", "")
    return at if _ANCHOR.match(at) else None


def render(
    request: Request[Any, Any, Any],
    template: str,
    *,
    status_code: int = 200,
    **context: Any,
) -> Template:
    actor = signed_in(request)
    done = DONE_MESSAGES.get(request.query_params.get("done", ""))
    return Template(
        template_name=template,
        context={
            "actor": actor,
            "csrf": actor.csrf_token,
            "done": done,
            # Where on the page the confirmation goes (beside what was saved); without it, at
            # the top of the page.
            "saved_at": saved_anchor(request) if done else None,
            "Role": Role,
            **TEMPLATE_WORDS,
            **context,
        },
        headers=PAGE_HEADERS,
        status_code=status_code,
    )


def see_other(path: str, done: str | None = None) -> Redirect:
    """Post, redirect, get: the 303 after a form that worked. With a fragment ("#hearing-12")
    the page shows its confirmation there, beside what was saved, where the browser scrolls:
    on a phone the top of the page is far from the part the person was working on."""
    if done:
        where, _, fragment = path.partition("#")
        path = f"{where}{'&' if '?' in where else '?'}done={done}"
        if fragment and done in DONE_MESSAGES:
            path += f"&at={fragment}"
        path += f"#{fragment}" if fragment else ""
    return Redirect(path, status_code=303, headers=PAGE_HEADERS)


def _error_page(
    request: Request[Any, Any, Any], status_code: int, title: str, message: str
) -> Response[Any]:
    actor = request.scope.get("user")
    return Template(
        template_name="pages/error.html",
        context={
            "actor": actor if isinstance(actor, Actor) else None,
            "csrf": actor.csrf_token if isinstance(actor, Actor) else "",
            "title": title,
            "message": message,
        },
        headers=PAGE_HEADERS,
        status_code=status_code,
    )


def _login_needed(request: Request[Any, Any, Any], exc: LoginNeeded) -> Response[Any]:
    if exc.kept:
        from docket.accounts.pages import login_form

        return login_form(request, next_path=exc.path, kept=exc.kept, status_code=401)
    return Redirect(f"/login?next={quote(exc.path)}", status_code=303, headers=PAGE_HEADERS)


def _not_signed_in(request: Request[Any, Any, Any], _exc: Exception) -> Response[Any]:
    return Redirect(f"/login?next={quote(request.url.path)}", status_code=303, headers=PAGE_HEADERS)


def _refused(request: Request[Any, Any, Any], exc: PermissionDeniedException) -> Response[Any]:
    return _error_page(request, 403, "Not allowed", str(exc.detail) or "Not allowed")


def _docket_error(request: Request[Any, Any, Any], exc: DocketError) -> Response[Any]:
    if exc.status_code == 404:
        return _error_page(
            request,
            404,
            "Not found",
            "There is no such page, or it belongs to a case you do not work on.",
        )
    if isinstance(exc, InvalidInput):
        # Refused before the page's own handler (e.g. a control character in any field): each
        # field in words, and the way back to the form.
        said = " ".join(
            f"{e.field.split('[', 1)[0].replace('_', ' ').capitalize()} {e.message}."
            for e in exc.errors
        )
        message = f"{said} Go back, correct it and send the form again."
        return _error_page(request, 400, "That could not be saved", message)
    return _error_page(request, exc.status_code, "That could not be done", exc.detail)


PAGE_EXCEPTION_HANDLERS: dict[Any, Any] = {
    LoginNeeded: _login_needed,
    NotAuthorizedException: _not_signed_in,
    PermissionDeniedException: _refused,
    DocketError: _docket_error,
}

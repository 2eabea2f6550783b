"""The subscription page (/feeds): create, list, rotate and revoke one's calendar feeds.

HTML forms cannot send the X-CSRF-Token header the JSON API asks of session writes, so these
form posts are exempt from that guard and check the session's CSRF token sent as a form field
instead (same secret, same comparison).
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.accounts.services import Actor
from docket.calendar import services
from docket.calendar.choices import FeedScope, parse_reminders, parse_scope
from docket.calendar.schemas import FeedCreate, FeedIssued, FeedRead
from docket.courts.zones import PHILIPPINE_TIME
from docket.errors import InvalidInput
from docket.params import FromPath, PathId
from docket.web.qr import qr_svg

#: The page shows a secret link once: it must not be cached, nor its address sent onwards.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
MANILA = PHILIPPINE_TIME
#: What a form id the page handed out looks like (secrets.token_urlsafe(16)); "" from an older
#: page.
FORM_ID = re.compile(r"[A-Za-z0-9_-]{0,32}")


class FeedForm(msgspec.Struct, kw_only=True):
    csrf: str = ""
    scope: str = ""
    name: str = ""
    deadlines: str = ""
    #: "1": leave hearings out (a deadlines-only feed).
    deadlines_only: str = ""
    hide_held: str = ""
    #: Minutes before each hearing, comma-separated ("1440,120"); "" for none.
    reminders: str = ""
    #: The older form's checkbox: reminders a day and two hours before.
    alarms: str = ""
    #: The id the page gave this form (services.create_feed: a reload makes no second feed).
    form_id: str = ""


class ActionForm(msgspec.Struct, kw_only=True):
    csrf: str = ""


def _actor(request: Request[Any, Any, Any]) -> Actor | None:
    actor = request.scope.get("user")
    return actor if isinstance(actor, Actor) else None


def _check_csrf(actor: Actor, sent: str) -> None:
    if actor.via != "session":
        return  # a bearer token cannot be sent by another site
    if not hmac.compare_digest(sent.encode(), actor.csrf_token.encode()):
        raise PermissionDeniedException("Missing or wrong CSRF token; reload the page")


#: The reminder choices the page offers (minutes before each hearing, as parse_reminders reads
#: them); the API takes any list within the bounds.
REMINDER_CHOICES = (
    ("", "No reminders"),
    ("1440,120", "A day and two hours before"),
    ("1440", "A day before"),
    ("120", "Two hours before"),
    ("10080,1440", "A week and a day before"),
)


def _reminders_label(minutes: list[int]) -> str:
    labels = {tuple(parse_reminders(value)): label for value, label in REMINDER_CHOICES}
    if tuple(minutes) in labels:
        return labels[tuple(minutes)].lower()
    return "reminders " + ", ".join(_minutes_words(m) for m in minutes) + " before"


def _minutes_words(minutes: int) -> str:
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((days, "day"), (hours, "hour"), (mins, "minute"))
        if n
    ]
    return " ".join(parts)


def _when(value: dt.datetime) -> str:
    return f"{value.astimezone(MANILA):%Y-%m-%d %H:%M}"


def _scope_label(feed: FeedRead, choices: dict[str, list[tuple[int, str]]]) -> str:
    if feed.scope == FeedScope.MINE:
        return "My cases"
    if feed.scope == FeedScope.LEAD:
        return "Cases I lead"
    names = dict(choices.get(feed.scope.value, []))
    return f"{feed.scope.value.capitalize()}: {names.get(feed.scope_id or 0, f'#{feed.scope_id}')}"


async def _page(
    actor: Actor,
    *,
    issued: FeedIssued | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Template:
    feeds = await services.list_feeds(actor)
    choices = await services.scope_choices(actor)
    return Template(
        template_name="feeds/subscriptions.html",
        context={
            "actor": actor,
            "csrf": actor.csrf_token,
            "feeds": feeds,
            "choices": choices,
            "scope_labels": {feed.id: _scope_label(feed, choices) for feed in feeds},
            "issued": issued,
            # The webcal link, for a phone's camera: shown once, with the link.
            "issued_qr": (
                qr_svg(issued.webcal_url, title="QR code of your new calendar link")
                if issued
                else None
            ),
            "error": error,
            # A new id for each form shown: sending it again is the same feed, not another.
            "form_id": secrets.token_urlsafe(16),
            "when": _when,
            "reminder_choices": REMINDER_CHOICES,
            "reminders_label": _reminders_label,
        },
        headers=PAGE_HEADERS,
        status_code=status_code,
    )


def _to_login() -> Redirect:
    return Redirect("/login?next=/feeds", status_code=303, headers=PAGE_HEADERS)


@get("/feeds", opt={"public": True}, include_in_schema=False)
async def feeds_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    actor = _actor(request)
    if actor is None:
        return _to_login()
    return await _page(actor)


@post("/feeds", opt={"public": True, "csrf_exempt": True}, include_in_schema=False)
async def create_feed_form(
    request: Request[Any, Any, Any], data: URLEncodedBody[FeedForm]
) -> Template | Redirect:
    actor = _actor(request)
    if actor is None:
        return _to_login()
    _check_csrf(actor, data.csrf)
    try:
        scope, scope_id = parse_scope(data.scope)
    except ValueError:
        return await _page(actor, error="Choose which hearings the feed shows.", status_code=400)
    try:
        reminders = list(parse_reminders(data.reminders)) if data.reminders else None
    except ValueError as problem:
        return await _page(actor, error=f"Reminders: {problem}.", status_code=400)
    if not FORM_ID.fullmatch(data.form_id):
        return await _page(
            actor,
            error="This form was damaged: reload the page and send it again.",
            status_code=400,
        )
    try:
        issued = await services.create_feed(
            actor,
            FeedCreate(
                scope=scope,
                scope_id=scope_id,
                name=data.name.strip()[:100] or None,
                include_deadlines=bool(data.deadlines or data.deadlines_only),
                include_alarms=bool(data.alarms or reminders),
                reminders=reminders,
                include_hearings=not data.deadlines_only,
                hide_held=bool(data.hide_held),
            ),
            form_id=data.form_id or None,
        )
    except services.FeedAlreadyMade:
        return await _page(
            actor,
            error="This feed was made when you first sent the form, and its link was shown "
            "then, once. To get a new link for it, use Rotate below.",
            status_code=409,
        )
    except InvalidInput as error:
        message = "; ".join(e.message for e in error.errors)
        return await _page(actor, error=f"That feed cannot be made: {message}.", status_code=400)
    return await _page(actor, issued=issued, status_code=201)


@post(
    "/feeds/{feed_id:int}/rotate",
    opt={"public": True, "csrf_exempt": True},
    include_in_schema=False,
)
async def rotate_feed_form(
    request: Request[Any, Any, Any], feed_id: FromPath[PathId], data: URLEncodedBody[ActionForm]
) -> Template | Redirect:
    actor = _actor(request)
    if actor is None:
        return _to_login()
    _check_csrf(actor, data.csrf)
    issued = await services.rotate_feed(actor, feed_id)
    return await _page(actor, issued=issued)


@post(
    "/feeds/{feed_id:int}/revoke",
    opt={"public": True, "csrf_exempt": True},
    include_in_schema=False,
)
async def revoke_feed_form(
    request: Request[Any, Any, Any], feed_id: FromPath[PathId], data: URLEncodedBody[ActionForm]
) -> Redirect:
    actor = _actor(request)
    if actor is None:
        return _to_login()
    _check_csrf(actor, data.csrf)
    await services.revoke_feed(actor, feed_id)
    return Redirect("/feeds", status_code=303, headers=PAGE_HEADERS)

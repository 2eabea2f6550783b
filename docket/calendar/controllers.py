"""Routes of calendar feeds: the owner's JSON API under /api/feeds, and the feed URL itself.

The feed URL is public (``opt={"public": True}``): its token is the credential, because Google
and Outlook fetch subscriptions from their clouds and cannot log in. Nothing here logs a URL.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from typing import Any

from litestar import Controller, Request, Response, get, head, post
from litestar.openapi.datastructures import ResponseSpec

from docket.accounts.services import Actor
from docket.api import errors
from docket.calendar import services
from docket.calendar.ics import REFRESH_INTERVAL
from docket.calendar.schemas import FeedCreate, FeedIssued, FeedRead
from docket.calendar.services import FeedAnswer
from docket.errors import ErrorBody, NotFound
from docket.params import FromPath, JSONBody, NamedDependency, PathId
from docket.sessions import AFTER_REQUEST


class FeedController(Controller):
    path = "/api/feeds"
    tags = ["calendar feeds"]

    @get("/", responses=errors(), summary="List my calendar feeds")
    async def list_feeds(self, actor: NamedDependency[Actor]) -> list[FeedRead]:
        """Name, scope, created, last fetched and by which program; the links are not shown
        again (only their hashes are kept)."""
        return await services.list_feeds(actor)

    @post("/", status_code=201, responses=errors(), summary="Create a calendar feed")
    async def create_feed(
        self, actor: NamedDependency[Actor], data: JSONBody[FeedCreate]
    ) -> FeedIssued:
        """The answer holds the feed's secret link, shown this once: copy it now."""
        return await services.create_feed(actor, data)

    @post(
        "/{feed_id:int}/rotate",
        status_code=200,
        responses=errors(404, 409),
        summary="Replace a feed's link (the old link stops)",
    )
    async def rotate_feed(
        self, actor: NamedDependency[Actor], feed_id: FromPath[PathId]
    ) -> FeedIssued:
        """For a link that may have leaked: a new link, shown once; the old one is revoked."""
        return await services.rotate_feed(actor, feed_id)

    @post(
        "/{feed_id:int}/revoke",
        status_code=200,
        responses=errors(404),
        summary="Revoke a feed's link",
    )
    async def revoke_feed(
        self, actor: NamedDependency[Actor], feed_id: FromPath[PathId]
    ) -> FeedRead:
        """The link serves an empty calendar for 30 days (so subscribed calendars drop the
        hearings), then nothing."""
        return await services.revoke_feed(actor, feed_id)


def _http_date(value: dt.datetime) -> str:
    return email.utils.format_datetime(value.astimezone(dt.UTC), usegmt=True)


def _parse_http_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # RFC 9110 §13.1.3: an invalid date is ignored
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def _token_of(name: str) -> str:
    # A path parameter spans a whole segment, so ".ics" arrives with the token.
    if not name.endswith(".ics"):
        raise NotFound("feed")
    return name.removesuffix(".ics")


#: Clients should revalidate at every poll (a 304 is cheap): a same-day reset must not wait
#: out a cache lifetime on top of the client's own refresh interval.
CACHE_CONTROL = "private, max-age=0, must-revalidate"
FEED_HEADERS = {
    "Cache-Control": CACHE_CONTROL,
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
}


async def _answer(request: Request[Any, Any, Any], name: str) -> FeedAnswer:
    answer = await services.answer_fetch(
        _token_of(name),
        if_none_match=request.headers.get("if-none-match"),
        if_modified_since=_parse_http_date(request.headers.get("if-modified-since")),
        user_agent=request.headers.get("user-agent", ""),
    )
    if answer.after is not None:
        # The fetch runs in the request's read transaction; the bookkeeping write waits until
        # it has closed (docket.sessions).
        request.scope.setdefault("state", {}).setdefault(AFTER_REQUEST, []).append(answer.after)
    return answer


def _headers(answer: FeedAnswer) -> dict[str, str]:
    return FEED_HEADERS | {
        "ETag": answer.etag,
        "Last-Modified": _http_date(answer.last_modified),
    }


_FEED_DESCRIPTION = (
    "The calendar (RFC 5545) behind a feed link. The token is the credential. "
    f"Clients are asked to poll at most every {int(REFRESH_INTERVAL.total_seconds() // 60)} "
    "minutes; If-None-Match and If-Modified-Since answer 304. An unknown link, or one revoked "
    "more than 30 days ago, answers 404; a recently revoked one an empty calendar."
)


@get(
    "/calendars/{name:str}",
    opt={"public": True},
    tags=["calendar feeds"],
    summary="A subscribed calendar (.ics)",
    description=_FEED_DESCRIPTION,
    media_type="text/calendar",
    include_in_schema=True,
    responses={
        304: ResponseSpec(data_container=None, description="Not changed since the client's copy"),
        404: ResponseSpec(data_container=ErrorBody, description="No such feed (or long revoked)"),
    },
)
async def feed(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[bytes]:
    answer = await _answer(request, name)
    if answer.body is None:
        return Response(b"", status_code=304, headers=_headers(answer))
    return Response(answer.body, media_type="text/calendar", headers=_headers(answer))


@head(
    "/calendars/{name:str}",
    opt={"public": True},
    tags=["calendar feeds"],
    summary="Check a subscribed calendar for changes",
    include_in_schema=False,
)
async def feed_head(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[None]:
    """Validators only (ETag, Last-Modified), computed without building the calendar."""
    answer = await services.answer_fetch(
        _token_of(name),
        # HEAD never needs the body: answer as if the client's copy were current.
        if_none_match="*",
        user_agent=request.headers.get("user-agent", ""),
    )
    if answer.after is not None:
        request.scope.setdefault("state", {}).setdefault(AFTER_REQUEST, []).append(answer.after)
    not_modified = _client_is_current(request, answer)
    return Response(
        None,
        status_code=304 if not_modified else 200,
        media_type="text/calendar",
        headers=_headers(answer),
    )


def _client_is_current(request: Request[Any, Any, Any], answer: FeedAnswer) -> bool:
    return services.not_modified(
        answer.etag,
        answer.last_modified,
        request.headers.get("if-none-match"),
        _parse_http_date(request.headers.get("if-modified-since")),
    )

"""Routes of calendar feeds: the owner's JSON API under /api/feeds, and the feed URL itself.

The feed URL is public (``opt={"public": True}``): its token is the credential, because Google
and Outlook fetch subscriptions from their clouds and cannot log in. Nothing here logs a URL.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import gzip
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

#: The route option that keeps the app's compression off a route (docket.app).
NO_COMPRESSION = "no_compression"


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


#: Smaller bodies go as they are (the app's own compression threshold).
GZIP_FROM = 1024


def _wants_gzip(request: Request[Any, Any, Any]) -> bool:
    for part in request.headers.get("accept-encoding", "").lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


@functools.lru_cache(maxsize=64)
def _gzipped(etag: str, body: bytes) -> bytes:
    # mtime=0: the same calendar compresses to the same bytes, as its ETag promises.
    return gzip.compress(body, compresslevel=6, mtime=0)


def _encoded(
    request: Request[Any, Any, Any], answer: FeedAnswer
) -> tuple[bytes | None, dict[str, str]]:
    """The body as sent and its headers. The feed compresses itself (the app's compression is
    off for it) so that each encoding has its own strong ETag (RFC 9110 §8.8.3): a cache or
    client never takes gzip bytes for the plain ones."""
    headers = FEED_HEADERS | {
        "Last-Modified": _http_date(answer.last_modified),
        "Vary": "Accept-Encoding",
    }
    gzipped = _wants_gzip(request) and (answer.body is None or len(answer.body) >= GZIP_FROM)
    body = answer.body
    if gzipped and body is not None:
        body = _gzipped(answer.etag, body)
        headers["Content-Encoding"] = "gzip"
    headers["ETag"] = services.gzip_etag(answer.etag) if gzipped else answer.etag
    return body, headers


_FEED_DESCRIPTION = (
    "The calendar (RFC 5545) behind a feed link. The token is the credential. "
    f"Clients are asked to poll at most every {int(REFRESH_INTERVAL.total_seconds() // 60)} "
    "minutes; If-None-Match and If-Modified-Since answer 304. An unknown link answers 404. A "
    "link revoked in the last 7 days answers a last calendar in which every event it served is "
    "cancelled; after that, 410 Gone. Hearings are shown from 90 days back to a year ahead; "
    "one reset beyond that is shown cancelled, 'moved to <date>', for 30 days."
)


@get(
    "/calendars/{name:str}",
    opt={"public": True, NO_COMPRESSION: True},
    tags=["calendar feeds"],
    summary="A subscribed calendar (.ics)",
    description=_FEED_DESCRIPTION,
    media_type="text/calendar",
    include_in_schema=True,
    responses={
        304: ResponseSpec(data_container=None, description="Not changed since the client's copy"),
        404: ResponseSpec(data_container=ErrorBody, description="No such feed"),
        410: ResponseSpec(data_container=ErrorBody, description="The link was revoked"),
    },
)
async def feed(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[bytes]:
    answer = await _answer(request, name)
    body, headers = _encoded(request, answer)
    if body is None:
        return Response(b"", status_code=304, headers=headers)
    return Response(body, media_type="text/calendar", headers=headers)


@head(
    "/calendars/{name:str}",
    opt={"public": True, NO_COMPRESSION: True},
    tags=["calendar feeds"],
    summary="Check a subscribed calendar for changes",
    include_in_schema=False,
)
async def feed_head(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[None]:
    """The headers a GET would answer, with the real Content-Length (clients and proxies judge
    a download by it), and 304 when the client's copy is current."""
    answer = await _answer(request, name)
    body, headers = _encoded(request, answer)
    if body is None:
        return Response(None, status_code=304, headers=headers)
    return Response(
        None,
        status_code=200,
        headers=headers
        | {"Content-Type": "text/calendar; charset=utf-8", "Content-Length": str(len(body))},
    )

"""The error contract: one exception type per answer, and the handlers that render them.

400 names each bad field; 404 also answers for a record the user may not see (existence does not
leak); 409 an impossible change; 412 a stale edit. A 500 shows a correlation id and nothing else:
no traceback, no record data, not even the exception's message (it may quote a row).
"""

from __future__ import annotations

import logging
import re
import sqlite3
import traceback
import uuid
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

log = logging.getLogger("docket.errors")


class FieldError(msgspec.Struct, kw_only=True):
    """One bad field: its name (a dotted path for nested fields) and what is wrong, in words."""

    field: str
    message: str


class ErrorBody(msgspec.Struct, kw_only=True, omit_defaults=True):
    """The JSON body of every error answer."""

    status_code: int
    detail: str
    errors: list[FieldError] = []
    #: For 409: the stages (or states) that may follow instead.
    allowed: list[str] = []
    #: For 412: the record's current version, to re-read and retry.
    current_version: int | None = None
    #: For 500: quote this to an admin; it finds the log line.
    correlation_id: str | None = None


class DocketError(Exception):
    status_code = 400
    detail = "Bad request"
    #: Headers the answer carries (e.g. Retry-After), if any.
    headers: dict[str, str] | None = None

    def body(self) -> ErrorBody:
        return ErrorBody(status_code=self.status_code, detail=self.detail)


class InvalidInput(DocketError):
    """400: input that cannot be accepted, naming each field."""

    status_code = 400

    def __init__(self, *errors: FieldError) -> None:
        super().__init__("invalid input")
        self.errors = list(errors)
        self.detail = "Some fields are not right: " + ", ".join(e.field for e in errors)

    @classmethod
    def field(cls, field: str, message: str) -> InvalidInput:
        return cls(FieldError(field=field, message=message))

    def body(self) -> ErrorBody:
        return ErrorBody(status_code=400, detail=self.detail, errors=self.errors)


class NotFound(DocketError):
    """404: no such record, or one the user may not see."""

    status_code = 404

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.detail = f"No such {what}"


class Conflict(DocketError):
    """409: the change is not possible from the record's present state."""

    status_code = 409

    def __init__(self, detail: str, allowed: list[str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.allowed = allowed or []

    def body(self) -> ErrorBody:
        return ErrorBody(status_code=409, detail=self.detail, allowed=self.allowed)


class StaleEdit(DocketError):
    """412: someone changed the record since it was read."""

    status_code = 412

    def __init__(self, current_version: int) -> None:
        super().__init__("stale edit")
        self.current_version = current_version
        self.detail = (
            "Someone else changed this record after you opened it. "
            "Reload it, check their change, and apply yours again."
        )

    def body(self) -> ErrorBody:
        return ErrorBody(status_code=412, detail=self.detail, current_version=self.current_version)


class LoginRefused(DocketError):
    """401 at login. It never says which of the email, password or code was wrong, nor that
    the account is locked: either would tell a guesser which emails are real."""

    status_code = 401
    detail = (
        "Wrong email, password or code. After several wrong tries an account is locked for a "
        "while; an admin can unlock it."
    )


class TooManyTries(DocketError):
    """429: too many wrong logins from this client address; Retry-After says how many seconds
    to wait (RFC 9110 10.2.3)."""

    status_code = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__("too many tries")
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}
        minutes = -(-retry_after // 60)
        wait = "a minute" if minutes == 1 else f"{minutes} minutes"
        self.detail = (
            f"Too many wrong logins came from your network. Please wait {wait} and try again."
        )


def _json(body: ErrorBody, headers: dict[str, str] | None = None) -> Response[Any]:
    return Response(
        content=msgspec.json.encode(body),
        status_code=body.status_code,
        media_type="application/json",
        headers=headers,
    )


def docket_error_handler(_request: Request[Any, Any, Any], exc: DocketError) -> Response[Any]:
    return _json(exc.body(), headers=exc.headers)


_MSGSPEC_PATH = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)


#: Header parameters by the name the client sends, not the handler's argument name.
_HEADER_NAMES = {"if_match": "If-Match"}


def describe_msgspec_error(message: str, key: str = "") -> FieldError:
    """A msgspec validation message ("Expected `int`, got `str` - at `$.counts`") as a named
    field and what is wrong with it, in plain words."""
    if key == "data":  # the request body itself: name the field inside it instead
        key = ""
    key = _HEADER_NAMES.get(key, key)
    match = _MSGSPEC_PATH.match(message)
    if match and match.group("path"):
        key = match.group("path").lstrip(".") or key
        message = match.group("message")
    if message.startswith("Object contains unknown field"):
        unknown = re.search(r"`([^`]*)`", message)
        key = unknown.group(1) if unknown else key
        message = "is not a field of this record"
    elif message.startswith("Object missing required field"):
        missing = re.search(r"`([^`]*)`", message)
        key = ".".join(p for p in (key, missing.group(1) if missing else "") if p)
        message = "is required"
    elif "Expected `datetime`" in message and "timezone" in message:
        message = "must be a date and time with a timezone, e.g. 2026-12-03T09:30:00+08:00"
    return FieldError(field=key or "body", message=message)


def _field_errors(exc: ValidationException) -> list[FieldError]:
    """Litestar's validation details turned into named fields in plain words."""
    errors = [
        describe_msgspec_error(str(item.get("message", "is not valid")), str(item.get("key") or ""))
        for item in (exc.extra if isinstance(exc.extra, list) else [])
        if isinstance(item, dict)
    ]
    return errors or [FieldError(field="body", message=str(exc.detail))]


def validation_error_handler(
    _request: Request[Any, Any, Any], exc: ValidationException
) -> Response[Any]:
    errors = _field_errors(exc)
    return _json(
        ErrorBody(
            status_code=400,
            detail="Some fields are not right: " + ", ".join(e.field for e in errors),
            errors=errors,
        )
    )


def http_error_handler(_request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if isinstance(exc, NotAuthorizedException):
        detail = "Log in first (a session or an API token is needed)"
    elif isinstance(exc, PermissionDeniedException):
        detail = str(exc.detail) or "Not allowed"
    else:
        detail = str(exc.detail)
    # The router's 405 names the methods the path has (Allow, RFC 9110 15.5.6).
    return _json(ErrorBody(status_code=exc.status_code, detail=detail), headers=exc.headers)


def _is_unique_violation(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.IntegrityError):
        return "UNIQUE" in str(exc)
    return type(exc).__name__ == "UniqueViolationError"


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if _is_unique_violation(exc):
        # Two writers raced past an existence check; the database kept its promise.
        return _json(ErrorBody(status_code=409, detail="That record already exists"))
    correlation_id = uuid.uuid4().hex[:12]
    # The message and the locals are left out on purpose: both can quote a record.
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error(
        "unhandled %s on %s %s [correlation_id=%s]\n%s",
        type(exc).__name__,
        request.method,
        # The route's name, never the URL: a feed URL holds its token.
        getattr(request.scope.get("route_handler"), "handler_name", "?"),
        correlation_id,
        frames,
    )
    return _json(
        ErrorBody(
            status_code=HTTP_500_INTERNAL_SERVER_ERROR,
            detail="Something went wrong on our side; nothing you sent was half-saved.",
            correlation_id=correlation_id,
        )
    )


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DocketError: docket_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
    Exception: internal_error_handler,
}

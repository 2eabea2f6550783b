"""HTML forms: the CSRF check every page form passes, and the service's field errors put in
plain words next to the form's own fields.

A form carries the session's CSRF token in a hidden ``_csrf_token`` field (an HTML form cannot
send the X-CSRF-Token header the JSON API asks for). The page router checks it before any
handler runs, so no form can forget it.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from typing import Any, TypeVar

import msgspec
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from docket.accounts.services import Actor
from docket.courts.zones import zone_of
from docket.errors import FieldError, InvalidInput, describe_msgspec_error
from docket.sessions import SAFE_METHODS
from docket.web.page import LoginNeeded
from docket.web.words import COURT_ZONE

CSRF_FIELD = "_csrf_token"
T = TypeVar("T")


async def require_form_csrf(
    connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler
) -> None:
    """Refuse a page form that does not carry the session's CSRF token."""
    if connection.scope.get("method") in SAFE_METHODS:
        return
    actor = connection.scope.get("user")
    if not isinstance(actor, Actor):
        raise LoginNeeded(connection.url.path)
    if actor.via != "session":
        return  # a bearer token cannot be sent by another site
    assert isinstance(connection, Request)
    form = await connection.form()
    sent = form.get(CSRF_FIELD, "")
    if not isinstance(sent, str) or not hmac.compare_digest(
        sent.encode(), actor.csrf_token.encode()
    ):
        raise PermissionDeniedException(
            "This form did not come from your Docket session (or it expired). "
            "Go back, reload the page and send it again."
        )


_LIMITS = [
    (re.compile(r"^Expected `str` of length <= (\d+)$"), "must be at most {} characters"),
    (re.compile(r"^Expected `str` of length >= 1$"), "must not be empty"),
    (re.compile(r"^Expected `int` >= (\d+)$"), "must be {} or more"),
    (re.compile(r"^Expected `int` <= (\d+)$"), "must be {} or less"),
    (re.compile(r"^Expected `str` matching regex"), "is not written the right way"),
    (re.compile(r"^Expected `int`"), "must be a whole number"),
    (re.compile(r"^Expected `date`|^Invalid RFC3339"), "must be a date"),
    (re.compile(r"^Invalid enum value"), "choose one of the options"),
]


def plain(message: str) -> str:
    """A msgspec or service message as words a person reads."""
    for pattern, words in _LIMITS:
        found = pattern.match(message)
        if found:
            return words.format(*found.groups())
    return message


def sentence(label: str, message: str) -> str:
    """ "Reason" + "is required for a reset" → "Reason is required for a reset."; a message
    that is a sentence of its own ("say why …") stands alone."""
    message = plain(message).rstrip(".")
    first = message.split(" ", 1)[0]
    if first in {"is", "must", "has", "should", "cannot", "a", "an", "the"} or first[:1] == "'":
        text = f"{label} {message}"
    else:
        text = message
    return text[:1].upper() + text[1:] + "."


def field_errors(
    errors: list[FieldError], fields: dict[str, tuple[str, str]], default: str
) -> dict[str, str]:
    """Service field names mapped to the form's fields, each with its message in plain words.

    ``fields`` maps a service field ("new_starts_at") to the form field it shows next to and
    that field's label ("new_date", "New date"). An unknown field goes to ``default``.
    """
    found: dict[str, str] = {}
    for error in errors:
        key = error.field.split("[", 1)[0]
        form_field, label = fields.get(key, (default, fields.get(default, (default, ""))[1]))
        text = sentence(label or key.replace("_", " "), error.message)
        found[form_field] = f"{found[form_field]} {text}" if form_field in found else text
    return found


def convert(values: dict[str, Any], schema: type[T]) -> T:
    """Build a service's input struct from form values, validated as the API validates JSON:
    a bad value raises InvalidInput naming the field."""
    try:
        return msgspec.convert(values, schema)
    except msgspec.ValidationError as error:
        raise InvalidInput(describe_msgspec_error(str(error))) from None


def instant(
    date_text: str, time_text: str, *, zone: str | None, date_field: str, time_field: str
) -> dt.datetime:
    """A date and a clock time typed in the court's zone, as an aware datetime."""
    errors = []
    try:
        day = dt.date.fromisoformat(date_text.strip())
    except ValueError:
        errors.append(FieldError(field=date_field, message="must be a date, e.g. 2026-12-03"))
    try:
        clock = dt.time.fromisoformat(time_text.strip())
    except ValueError:
        errors.append(FieldError(field=time_field, message="must be a time, e.g. 08:30"))
    if errors:
        raise InvalidInput(*errors)
    return dt.datetime.combine(day, clock, zone_of(zone or COURT_ZONE))


def optional_date(text: str, field: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput.field(field, "must be a date, e.g. 2026-12-03") from None


def whole_number(text: str, field: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInput.field(field, "must be a whole number") from None

"""What every JSON route shares: paging parameters, the If-Match header, the documented error
answers, and the guards for login and roles."""

from __future__ import annotations

import re
from typing import Annotated, Any

import msgspec
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import HeaderParameter, QueryParameter

from docket.accounts.services import Actor
from docket.errors import ErrorBody, FieldError, InvalidInput, describe_msgspec_error
from docket.fields import Input

#: Page size: at most 200 rows, so no request's work grows with the data.
Limit = Annotated[
    int, QueryParameter(ge=1, le=200, description="Rows per page (1-200)", required=False)
]
Offset = Annotated[
    int, QueryParameter(ge=0, le=10_000_000, description="Rows to skip", required=False)
]
IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        required=False,
        pattern=r'^(W/)?"?[0-9]{1,10}"?$',
        description='The version you edited, e.g. "3"; or send "version" in the body',
    ),
]

_DESCRIPTIONS = {
    400: "Bad input: each bad field is named with what is wrong",
    401: "Not logged in: a session or an API token is needed",
    403: "Not allowed for your role, or the CSRF token is missing",
    404: "No such record, or one you may not see",
    409: "Not possible from the record's present state; 'allowed' lists what is",
    412: "Stale edit: someone changed the record first; 'current_version' says which it is now",
    429: "Too many wrong logins from this address; Retry-After says how many seconds to wait",
}


def errors(*codes: int) -> dict[int, ResponseSpec]:
    """The error answers a route documents in the OpenAPI (401 and 400 on every /api route)."""
    wanted = sorted({400, 401, *codes})
    return {
        code: ResponseSpec(data_container=ErrorBody, description=_DESCRIPTIONS[code])
        for code in wanted
    }


def current_actor(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor:
    actor = connection.scope.get("user")
    if not isinstance(actor, Actor):
        raise NotAuthorizedException()
    return actor


def require_login(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Every route needs a logged-in user unless it is marked ``public``."""
    if handler.opt.get("public"):
        return
    current_actor(connection)


def provide_actor(request: Request[Any, Any, Any]) -> Actor:
    """The ``actor`` dependency: the logged-in person making the request."""
    return current_actor(request)


#: Characters no text in Docket may hold: C0 and C1 controls but tab and line breaks, and the
#: bidirectional overrides. PostgreSQL refuses a NUL in text (it was a 500, on the login route
#: too), a NUL in a file path stopped the static files, and U+202E makes a name read backwards.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CONTROL_CHARACTERS = "must not hold control characters (such as NUL or a direction override)"


def _holding_control(value: Any, path: str) -> str | None:
    """The path of the first string (or key) in decoded JSON holding a control character."""
    if isinstance(value, str):
        return path or "body" if _CONTROL.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            if _CONTROL.search(str(key)):
                return inner
            found = _holding_control(item, inner)
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _holding_control(item, f"{path}[{index}]")
            if found:
                return found
    return None


async def strict_json_body(request: Request[Any, Any, Any]) -> None:
    """Read requests strictly, before the handler runs, with a 400 naming the field: no control
    characters in the path, the query or any text of a body; JSON routes take application/json
    only (a form on another site can send text/plain without the browser asking this server
    first: it logged a victim's browser into the attacker's account); and JSON bodies are read
    strictly (0 is not false and "3" is not 3: Litestar converts leniently, as it must for
    query strings)."""
    if _CONTROL.search(request.url.path):
        raise InvalidInput.field("path", CONTROL_CHARACTERS)
    for name, value in request.query_params.multi_items():
        if _CONTROL.search(name) or _CONTROL.search(value):
            raise InvalidInput.field(name, CONTROL_CHARACTERS)
    if request.method not in ("POST", "PATCH", "PUT"):
        return
    field = request.route_handler.parsed_fn_signature.parameters.get("data")
    target = getattr(field, "annotation", None)
    content_type = request.headers.get("content-type", "")
    if not (isinstance(target, type) and issubclass(target, Input)):
        # The pages' forms.
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            for name, value in (await request.form()).multi_items():
                if isinstance(value, str) and (_CONTROL.search(name) or _CONTROL.search(value)):
                    raise InvalidInput.field(name, CONTROL_CHARACTERS)
        return
    body = await request.body()
    if not body:
        return
    if request.content_type[0] != "application/json":
        raise InvalidInput.field("Content-Type", "must be application/json")
    try:
        msgspec.json.decode(body, type=target, strict=True)
    except msgspec.ValidationError as error:
        raise InvalidInput(describe_msgspec_error(str(error))) from None
    except msgspec.DecodeError:
        raise InvalidInput(FieldError(field="body", message="is not valid JSON")) from None
    found = _holding_control(msgspec.json.decode(body), "")
    if found:
        raise InvalidInput.field(found, CONTROL_CHARACTERS)

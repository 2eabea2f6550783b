"""My API tokens (/account/tokens): what each is for, when it expires and was last used; issue
one (with the password) and revoke one. The same services as /api/tokens."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.accounts import tokens
from docket.accounts.schemas import TokenIssued
from docket.accounts.two_step import two_step_notice
from docket.errors import InvalidInput
from docket.params import FromPath, PathId
from docket.web.forms import field_errors
from docket.web.page import render, see_other, signed_in


class TokenForm(msgspec.Struct, kw_only=True):
    name: str = ""
    days: str = str(tokens.TOKEN_DEFAULT_DAYS)
    password: str = ""


_TOKEN_FIELDS = {
    "name": ("name", "What it is for"),
    "days": ("days", "Days it works"),
    "password": ("password", "Your password"),
}


async def _page(
    request: Request[Any, Any, Any],
    *,
    form: TokenForm | None = None,
    issued: TokenIssued | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    return render(
        request,
        "pages/tokens.html",
        status_code=status_code,
        tokens=await tokens.list_tokens(actor),
        # The password is never sent back into the page.
        form=msgspec.structs.replace(form or TokenForm(), password=""),
        issued=issued,
        errors=errors or {},
        two_step_notice=await two_step_notice(actor.id),
        max_days=tokens.TOKEN_MAX_DAYS,
    )


@get("/account/tokens")
async def tokens_page(request: Request[Any, Any, Any]) -> Template:
    return await _page(request)


@post("/account/tokens")
async def issue_token_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[TokenForm]
) -> Template:
    actor = signed_in(request)
    days = data.days.strip()
    try:
        if not days.isdigit():
            raise InvalidInput.field("days", "must be a whole number")
        issued = await tokens.issue_own_token(
            actor, name=data.name, days=int(days), password=data.password
        )
    except InvalidInput as error:
        errors = field_errors(error.errors, _TOKEN_FIELDS, "name")
        return await _page(request, form=data, errors=errors, status_code=400)
    except PermissionDeniedException as error:
        return await _page(
            request, form=data, errors={"password": f"{error.detail}."}, status_code=403
        )
    return await _page(request, issued=issued, status_code=201)


@post("/account/tokens/{token_id:int}/revoke")
async def revoke_token_submit(
    request: Request[Any, Any, Any], token_id: FromPath[PathId]
) -> Redirect:
    await tokens.revoke_token(signed_in(request), token_id)
    return see_other("/account/tokens", done="token-revoked")

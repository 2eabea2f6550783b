"""My account (/account): change my password, see my sessions and end one. My API tokens
(/account/tokens): what each is for, when it expires and was last used; issue one (with the
password) and revoke one. My two-step login (/account/two-step): set it up, or
turn it off, with the password. The same services as /api/tokens and /api/auth/totp."""

from __future__ import annotations

from typing import Any

import msgspec
import pyotp
from litestar import Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.accounts import services as accounts
from docket.accounts import tokens, two_step
from docket.accounts.schemas import TokenIssued
from docket.accounts.two_step import two_step_notice
from docket.errors import Conflict, InvalidInput
from docket.params import FromPath, PathId
from docket.sessions import session_id_of
from docket.web.forms import field_errors
from docket.web.page import render, see_other, signed_in
from docket.web.qr import qr_svg


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


# --- two-step login ----------------------------------------------------------------------------


class PasswordForm(msgspec.Struct, kw_only=True):
    password: str = ""


class ConfirmForm(msgspec.Struct, kw_only=True):
    code: str = ""
    password: str = ""


async def _two_step_page(
    request: Request[Any, Any, Any],
    *,
    setup_uri: str | None = None,
    confirming: bool = False,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    return render(
        request,
        "pages/two_step.html",
        confirming=confirming,
        status_code=status_code,
        on=await two_step.is_two_step_on(actor),
        setup_uri=setup_uri,
        setup_secret=pyotp.parse_uri(setup_uri).secret if setup_uri else None,
        # The same otpauth:// URI for the phone's camera: every authenticator app scans it.
        setup_qr=qr_svg(setup_uri, title="QR code of your authenticator key")
        if setup_uri
        else None,
        errors=errors or {},
        two_step_notice=await two_step_notice(actor.id),
    )


async def _refused(
    request: Request[Any, Any, Any], error: Exception, *, confirming: bool = False
) -> Template:
    """A wrong code (400), a wrong password (403) or a step out of turn (409), said on the page;
    a refused confirmation keeps the code form (the app already has the key)."""
    if isinstance(error, InvalidInput):
        found = field_errors(error.errors, {"code": ("code", "The code")}, "code")
        return await _two_step_page(request, confirming=True, errors=found, status_code=400)
    if isinstance(error, PermissionDeniedException):
        message = {"password": f"{error.detail}."}
        return await _two_step_page(request, confirming=confirming, errors=message, status_code=403)
    assert isinstance(error, Conflict)
    return await _two_step_page(request, errors={"password": error.detail}, status_code=409)


@get("/account/two-step")
async def two_step_page(request: Request[Any, Any, Any]) -> Template:
    return await _two_step_page(request)


@post("/account/two-step/setup")
async def two_step_setup_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[PasswordForm]
) -> Template:
    """The new secret is shown on this answer only (scan it or type it), then confirmed."""
    try:
        uri = await two_step.start_totp_setup(signed_in(request), data.password)
    except (PermissionDeniedException, Conflict) as error:
        return await _refused(request, error)
    return await _two_step_page(request, setup_uri=uri)


@post("/account/two-step/confirm")
async def two_step_confirm_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[ConfirmForm]
) -> Template | Redirect:
    code = data.code.strip().replace(" ", "")
    try:
        if not (len(code) == 6 and code.isdigit()):
            raise InvalidInput.field("code", "is the 6 digits the app shows")
        await two_step.confirm_totp(signed_in(request), code, data.password)
    except (InvalidInput, PermissionDeniedException, Conflict) as error:
        return await _refused(request, error, confirming=True)
    return see_other("/account/two-step", done="two-step-on")


@post("/account/two-step/disable")
async def two_step_disable_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[PasswordForm]
) -> Template | Redirect:
    try:
        await two_step.disable_totp(signed_in(request), data.password)
    except (PermissionDeniedException, Conflict) as error:
        return await _refused(request, error)
    return see_other("/account/two-step", done="two-step-off")


# --- my account: password and sessions ---------------------------------------------------------


class NewPasswordForm(msgspec.Struct, kw_only=True):
    current_password: str = ""
    new_password: str = ""
    new_password_again: str = ""


_PASSWORD_FIELDS = {
    "password": ("new_password", "New password"),
    "new_password": ("new_password", "New password"),
    "new_password_again": ("new_password_again", "New password again"),
}

#: Messages of the account page after a form worked: fixed words, never user input.
ACCOUNT_DONE = {
    "password": "Your password was changed. Your other sessions ended; this one goes on.",
    "session-ended": "That session ended: whoever used it must log in again.",
}


async def _account_page(
    request: Request[Any, Any, Any],
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    return render(
        request,
        "pages/account.html",
        status_code=status_code,
        account_done=ACCOUNT_DONE.get(request.query_params.get("done", "")),
        sessions=await accounts.own_sessions(actor, session_id_of(request)),
        two_step_on=await two_step.is_two_step_on(actor),
        live_tokens=sum(t.state == "active" for t in await tokens.list_tokens(actor)),
        errors=errors or {},
        min_length=accounts.MIN_PASSWORD_LENGTH,
        max_length=accounts.MAX_PASSWORD_LENGTH,
    )


@get("/account")
async def account_page(request: Request[Any, Any, Any]) -> Template:
    return await _account_page(request)


@post("/account/password")
async def change_password_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[NewPasswordForm]
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        if data.new_password != data.new_password_again:
            raise InvalidInput.field("new_password_again", "is not the same as the new password")
        await accounts.change_own_password(
            actor,
            current=data.current_password,
            new=data.new_password,
            session_id=session_id_of(request),
        )
    except InvalidInput as error:
        errors = field_errors(error.errors, _PASSWORD_FIELDS, "new_password")
        return await _account_page(request, errors=errors, status_code=400)
    except PermissionDeniedException as error:
        errors = {"current_password": f"{error.detail}."}
        return await _account_page(request, errors=errors, status_code=403)
    return see_other("/account", done="password")


@post("/account/sessions/{web_session_id:int}/end")
async def end_session_submit(
    request: Request[Any, Any, Any], web_session_id: FromPath[PathId]
) -> Redirect:
    await accounts.end_own_session(signed_in(request), web_session_id)
    return see_other("/account#sessions", done="session-ended")

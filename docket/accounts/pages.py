"""The login page: a plain HTML form that opens the same web session as POST /api/auth/login.

Login CSRF (a hostile site logging a victim into the attacker's account) is stopped with a
double-submit cookie: GET /login sets a random cookie and puts the same value in the form; the
POST must carry both. Litestar's CSRFConfig is not used because it guards every unsafe request,
including the JSON API's bearer-token writes, which no browser can forge and which must keep
working without a cookie; the API's session writes already echo the session's own CSRF token.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.accounts import services
from docket.errors import LoginRefused, TooManyTries
from docket.sessions import OWN_TRANSACTIONS, session_cookie
from docket.web.page import KEPT_FIELDS

LOGIN_CSRF_COOKIE = "docket_login_csrf"
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


class LoginPageForm(msgspec.Struct, kw_only=True):
    email: str = ""
    password: str = ""
    #: The authenticator app's 6-digit code, for accounts with two-step login.
    code: str = ""
    csrf: str = ""
    next: str = ""


def safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would help phishing."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def login_form(
    request: Request[Any, Any, Any],
    *,
    next_path: str,
    email: str = "",
    error: str | None = None,
    status_code: int = 200,
    retry_after: int | None = None,
    kept: list[tuple[str, str]] | None = None,
) -> Template:
    """The login form; ``kept``: what a page form held when its session had ended, carried
    through the login (hidden fields "kept:<name>") to be sent again after it."""
    login_csrf = secrets.token_urlsafe(32)
    secure = request.url.scheme == "https"
    return Template(
        template_name="login.html",
        context={
            "actor": None,
            "login_csrf": login_csrf,
            "next": next_path,
            "email": email,
            "error": error,
            "kept": kept or [],
        },
        headers=PAGE_HEADERS
        if retry_after is None
        else PAGE_HEADERS | {"Retry-After": str(retry_after)},
        cookies=[
            Cookie(
                key=LOGIN_CSRF_COOKIE,
                value=login_csrf,
                path="/login",
                httponly=True,
                secure=secure,
                samesite="strict",
                max_age=3600,
            )
        ],
        status_code=status_code,
    )


@get("/login", opt={"public": True}, include_in_schema=False)
async def login_page(request: Request[Any, Any, Any]) -> Template:
    return login_form(request, next_path=safe_next(request.query_params.get("next")))


@post(
    "/login",
    opt={"public": True, "csrf_exempt": True, OWN_TRANSACTIONS: True},
    include_in_schema=False,
)
async def login_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[LoginPageForm]
) -> Template | Redirect:
    next_path = safe_next(data.next)
    kept = await _kept(request)
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), data.csrf.encode()):
        return login_form(
            request,
            next_path=next_path,
            email=data.email,
            error="The form expired; please log in again.",
            status_code=403,
            kept=kept,
        )
    code = data.code.strip().replace(" ", "") or None
    address = request.client.host if request.client else ""
    try:
        result = await services.log_in(data.email, data.password, code, address=address)
    except TooManyTries as wait:
        return login_form(
            request,
            next_path=next_path,
            email=data.email,
            error=wait.detail,
            status_code=429,
            retry_after=wait.retry_after,
            kept=kept,
        )
    if result is None:
        return login_form(
            request,
            next_path=next_path,
            email=data.email,
            error=LoginRefused.detail,
            status_code=401,
            kept=kept,
        )
    session_id, actor = result
    cookies = [
        session_cookie(request, session_id),
        Cookie(key=LOGIN_CSRF_COOKIE, value="", path="/login", max_age=0, expires=0),
    ]
    if kept:
        # What was typed before the session ended: shown again, to be sent with one press
        # (never sent on its own: the person sees what will be saved).
        return Template(
            template_name="resend.html",
            context={"actor": actor, "csrf": actor.csrf_token, "action": next_path, "kept": kept},
            headers=PAGE_HEADERS,
            cookies=cookies,
        )
    return Redirect(next_path, status_code=303, headers=PAGE_HEADERS, cookies=cookies)


async def _kept(request: Request[Any, Any, Any]) -> list[tuple[str, str]]:
    """The fields a login form carries for the page form that needed it ("kept:<name>")."""
    form = await request.form()
    kept = [
        (name.removeprefix("kept:"), value)
        for name, value in form.multi_items()
        if name.startswith("kept:") and isinstance(value, str)
    ]
    return kept[:KEPT_FIELDS]

"""Request and response bodies of logins and users."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec

from docket.accounts.choices import Role
from docket.fields import Input, Output


class LoginForm(Input):
    email: Annotated[str, msgspec.Meta(min_length=3, max_length=254)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
    #: The 6-digit code of the authenticator app, once two-step login is set up.
    code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{6}$")] | None = None


#: The person's current password, asked again before a change to how they log in. The
#: longest a password can be (docket.accounts.services.MAX_PASSWORD_LENGTH) is well inside.
CurrentPassword = Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
#: A 6-digit code of the authenticator app.
Code = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{6}$")]


class PasswordAgain(Input):
    """Setting up or turning off two-step login: the password again, never a token alone."""

    password: CurrentPassword


class TotpSetup(Output):
    #: Scan this (otpauth://) with an authenticator app, then confirm a code.
    provisioning_uri: str


class TotpConfirm(Input):
    code: Code
    password: CurrentPassword


class TokenCreate(Input):
    """A new API token for oneself, made from a web login with the password."""

    #: What it is for, e.g. "court-laptop script": it tells your tokens apart.
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    password: CurrentPassword
    #: Days until it stops working: 90 unless asked, at most 365 (the reasons are beside
    #: docket.accounts.tokens.TOKEN_DEFAULT_DAYS and TOKEN_MAX_DAYS, which the service checks).
    days: Annotated[int, msgspec.Meta(ge=1, le=365)] = 90


class TokenRead(Output):
    """An API token as its owner (or an admin) sees it in lists: never the token itself."""

    id: int
    user_id: int
    name: str
    #: The token's first characters, e.g. "dkt_Ab3xY9", to tell which script holds it.
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    #: active, expired or revoked.
    state: str


class TokenIssued(TokenRead, kw_only=True):
    """A token just issued: the secret is shown this once, never again."""

    #: Send it as "Authorization: Bearer <token>"; keep it like a password.
    token: str


class UserRead(Output):
    id: int
    email: str
    name: str
    role: Role


class LoginResult(Output):
    user: UserRead
    #: Echo this in an X-CSRF-Token header on every write made with the session cookie.
    csrf_token: str
    #: Something the person must be told at login, e.g. that an admin reset their two-step
    #: login; null when there is nothing.
    notice: str | None = None


class TeamRead(Output):
    id: int
    name: str
    office_id: int | None
    member_ids: list[int]

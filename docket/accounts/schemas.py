"""Request and response bodies of logins and users."""

from __future__ import annotations

from typing import Annotated

import msgspec

from docket.accounts.choices import Role
from docket.fields import Input, Output


class LoginForm(Input):
    email: Annotated[str, msgspec.Meta(min_length=3, max_length=254)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
    #: The 6-digit code of the authenticator app, once two-step login is set up.
    code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{6}$")] | None = None


class TotpSetup(Output):
    #: Scan this (otpauth://) with an authenticator app, then confirm a code.
    provisioning_uri: str


class TotpConfirm(Input):
    code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{6}$")]


class UserRead(Output):
    id: int
    email: str
    name: str
    role: Role


class LoginResult(Output):
    user: UserRead
    #: Echo this in an X-CSRF-Token header on every write made with the session cookie.
    csrf_token: str


class TeamRead(Output):
    id: int
    name: str
    office_id: int | None
    member_ids: list[int]

"""Two-step login (an authenticator app's codes, RFC 6238 TOTP): setting it up, turning it off,
an admin's reset for a lost phone, and the password asked again before any of these.

Each change needs a web login and the current password, never an API token alone: a stolen
token must not be able to put the thief's phone on the account and lock the owner out.
"""

from __future__ import annotations

import datetime as dt

import pyotp
from litestar.exceptions import PermissionDeniedException

from docket.accounts.choices import Role
from docket.accounts.services import (
    Actor,
    _count_failure,
    _lock_ends,
    _totp_step,
    password_matches,
)
from docket.accounts.tables import User, WebSession
from docket.audit.services import record, remote_addr
from docket.courts.zones import PHILIPPINE_TIME
from docket.db import utc_now, write_tx
from docket.errors import Conflict, InvalidInput, NotFound
from docket.policy import WEB_LOGIN_NEEDED

#: Said to a wrong password (or one sent while the account is locked: no hint which).
WRONG_PASSWORD = "That is not your password (or the account is locked for a while)"  # noqa: S105 - a message
#: The notice's dates are the Philippines' (Docket's users are; the courts' zone).
NOTICE_ZONE = PHILIPPINE_TIME


async def check_password_again(actor: Actor, password: str) -> None:
    """The person proves it is them before a change to how they log in (ASVS 5.0 7.5.1):
    a web login (never an API token) and the current password. A wrong one is counted like a
    failed login, so this is no way around the lock for someone who took over a session."""
    if actor.via != "session":
        raise PermissionDeniedException(WEB_LOGIN_NEEDED)
    now = utc_now()
    user = await User.select().where(User.id == actor.id).first()
    if user is None:
        raise PermissionDeniedException(WRONG_PASSWORD)
    lock_ends = await _lock_ends(user["email"], now)
    # Outside the write transaction and the event loop: argon2 takes a while, and SQLite has
    # one writer.
    if await password_matches(user["password_hash"], password) and lock_ends is None:
        return
    async with write_tx():
        await _count_failure(
            user, user["email"], remote_addr.get(), now, account_locked=lock_ends is not None
        )
        await record(
            actor.audit_id,
            "user.password_again",
            entity="user",
            entity_id=actor.id,
            case_id=None,
            outcome="locked" if lock_ends is not None else "denied",
        )
    raise PermissionDeniedException(WRONG_PASSWORD)


async def start_totp_setup(actor: Actor, password: str) -> str:
    """A new authenticator secret for the person, as an otpauth:// URI to scan (or type).
    It takes effect only once a code from the app is confirmed."""
    await check_password_again(actor, password)
    async with write_tx():
        user = await User.select(User.totp_enabled).where(User.id == actor.id).first()
        if user is None or user["totp_enabled"]:
            raise Conflict("Two-step login is already set up for this account")
        secret = pyotp.random_base32()
        await User.update({User.totp_secret: secret}).where(User.id == actor.id)
        await record(
            actor.audit_id, "user.totp_setup", entity="user", entity_id=actor.id, case_id=None
        )
    return pyotp.TOTP(secret).provisioning_uri(name=actor.email, issuer_name="Docket")


async def confirm_totp(actor: Actor, code: str, password: str) -> None:
    """Turn on two-step login once the app's code matches; from then on every login needs it."""
    await check_password_again(actor, password)
    async with write_tx():
        user = (
            await User.select(User.totp_secret, User.totp_enabled)
            .where(User.id == actor.id)
            .first()
        )
        if user is None or user["totp_enabled"] or not user["totp_secret"]:
            raise Conflict("Start the set-up first", allowed=["setup"])
        if _totp_step(user["totp_secret"], code, utc_now()) is None:
            raise InvalidInput.field("code", "does not match the app; check the phone's clock")
        # Set up again: an admin's reset notice has done its work.
        await User.update(
            {User.totp_enabled: True, User.totp_reset_at: None, User.totp_reset_by: ""}
        ).where(User.id == actor.id)
        await record(
            actor.audit_id,
            "user.totp_enabled",
            entity="user",
            entity_id=actor.id,
            case_id=None,
            before={"totp_enabled": False},
            after={"totp_enabled": True},
        )


async def _turn_off(user_id: int, now: dt.datetime) -> None:
    """No secret, no two-step login; sessions opened with a code no longer count as such."""
    await User.update({User.totp_enabled: False, User.totp_secret: ""}).where(User.id == user_id)
    await WebSession.update({WebSession.mfa: False}).where(
        (WebSession.user == user_id) & WebSession.revoked_at.is_null()
    )


async def disable_totp(actor: Actor, password: str) -> None:
    """Turn off one's own two-step login (e.g. to move to a new phone: set it up again after).
    Reading survivors' identities needs it, so they stop until it is set up again."""
    await check_password_again(actor, password)
    async with write_tx():
        user = await User.select(User.totp_enabled).where(User.id == actor.id).first()
        if user is None or not user["totp_enabled"]:
            raise Conflict("Two-step login is not set up for this account", allowed=["setup"])
        await _turn_off(actor.id, utc_now())
        await record(
            actor.audit_id,
            "user.totp_disabled",
            entity="user",
            entity_id=actor.id,
            case_id=None,
            before={"totp_enabled": True},
            after={"totp_enabled": False},
        )


async def reset_totp(actor: Actor, user_id: int) -> None:
    """An admin turns off someone's two-step login (a lost or broken phone). Their sessions end
    at once; at their next login they are told who reset it and when, and to set it up again."""
    if actor.role != Role.ADMIN:
        raise PermissionDeniedException("Only an admin may reset someone's two-step login")
    now = utc_now()
    async with write_tx():
        user = (
            await User.select(User.id, User.totp_enabled, User.totp_secret)
            .where(User.id == user_id)
            .first()
        )
        if user is None:
            raise NotFound("user")
        if not user["totp_enabled"] and not user["totp_secret"]:
            raise Conflict("This person has no two-step login to reset", allowed=[])
        await _turn_off(user_id, now)
        await User.update({User.totp_reset_at: now, User.totp_reset_by: actor.name}).where(
            User.id == user_id
        )
        await WebSession.update({WebSession.revoked_at: now}).where(
            (WebSession.user == user_id) & WebSession.revoked_at.is_null()
        )
        await record(
            actor.audit_id,
            "user.totp_reset",
            entity="user",
            entity_id=user_id,
            case_id=None,
            before={"totp_enabled": user["totp_enabled"]},
            after={"totp_enabled": False, "sessions": "ended", "told_at_next_login": True},
        )


async def two_step_notice(user_id: int) -> str | None:
    """What the person is told at login and on their home page after an admin's reset, until
    they set two-step login up again; None otherwise."""
    user = (
        await User.select(User.totp_reset_at, User.totp_reset_by).where(User.id == user_id).first()
    )
    if user is None or user["totp_reset_at"] is None:
        return None
    day = user["totp_reset_at"].astimezone(NOTICE_ZONE)
    who = user["totp_reset_by"] or "an admin"
    return (
        f"Your two-step login was reset by {who} on {day.day} {day:%B %Y}; "
        "set it up again with your authenticator app."
    )


async def is_two_step_on(actor: Actor) -> bool:
    """Whether the person's logins need a code from their authenticator app."""
    return bool(await User.exists().where((User.id == actor.id) & User.totp_enabled.eq(True)))

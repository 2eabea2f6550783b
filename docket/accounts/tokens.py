"""Personal API tokens (``Authorization: Bearer``): issued with a name and an expiry, listed
without their secret, revoked one by one, and marked when last used.

A token is a script's key to one person's account. It can read and write what its owner may,
but never change how the owner logs in: two-step login and new tokens need a web login and
the password (docket.accounts.two_step, docket.policy.WEB_LOGIN_ONLY).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import msgspec

from docket.accounts.choices import Role
from docket.accounts.schemas import TokenIssued, TokenRead
from docket.accounts.services import Actor, _digest, actor_from_row
from docket.accounts.tables import ApiToken, User
from docket.audit.services import record
from docket.db import fetch, utc_now, write_tx
from docket.errors import InvalidInput, NotFound

#: A token lives 90 days unless asked otherwise: a court term's scripts run through, and a token
#: forgotten on an old laptop dies on its own.
TOKEN_DEFAULT_DAYS = 90
#: And at most a year, so that every token is looked at again at least yearly (NIST SP
#: 800-63B-4 asks for a bounded lifetime of every authenticator output; a year matches the
#: yearly access review of CJIS AC-2).
TOKEN_MAX_DAYS = 365
#: last_used_at moves at most this often per token: a script polling every second must not turn
#: every read into a write (the same reason as a web session's idle clock).
LAST_USED_PRECISION = dt.timedelta(minutes=1)
#: The token's first characters kept in clear: "dkt_" and 6 of its 43 random ones (about 36 of
#: 256 bits), enough for the owner to tell which script holds which token.
PREFIX_LENGTH = 10
TOKEN_START = "dkt_"  # noqa: S105 - not a secret: how every token begins


class TokenUse(msgspec.Struct, frozen=True, kw_only=True):
    """An API token that authenticated a request, and whether its last use needs writing."""

    actor: Actor
    token_id: int
    #: True when last_used_at is older than LAST_USED_PRECISION (or unset).
    due_for_touch: bool


def _state(row: dict[str, Any], now: dt.datetime) -> str:
    if row["revoked_at"] is not None:
        return "revoked"
    if row["expires_at"] is None or row["expires_at"] <= now:
        return "expired"
    return "active"


def _token_read(row: dict[str, Any], now: dt.datetime) -> TokenRead:
    return TokenRead(
        id=row["id"],
        user_id=row["user"],
        name=row["name"],
        prefix=row["prefix"],
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
        state=_state(row, now),
    )


def check_token_request(name: str, days: int) -> str:
    """The token's name, stripped; 400 naming ``name`` or ``days`` when they cannot be used."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput.field("name", "say in 1 to 100 characters what the token is for")
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise InvalidInput.field("days", f"must be 1 to {TOKEN_MAX_DAYS} days")
    return name


async def issue_token_for(
    actor_id: int | None, user_id: int, *, name: str, days: int
) -> tuple[str, TokenRead]:
    """A new token for the user: (the token, shown once; its listing). Only its hash is kept.
    Call inside the caller's write transaction; ``actor_id`` None is the command line."""
    name = check_token_request(name, days)
    token = TOKEN_START + secrets.token_urlsafe(32)
    now = utc_now()
    row = (
        await ApiToken.insert(
            ApiToken(
                user=user_id,
                token_hash=_digest(token),
                name=name,
                prefix=token[:PREFIX_LENGTH],
                created_at=now,
                expires_at=now + dt.timedelta(days=days),
            )
        ).returning(*ApiToken._meta.columns)
    )[0]
    issued = _token_read(row, now)
    await record(
        actor_id,
        "token.issued",
        entity="api_token",
        entity_id=issued.id,
        case_id=None,
        # What the owner sees in their list; never the token or its hash.
        after={
            "user_id": user_id,
            "name": issued.name,
            "prefix": issued.prefix,
            "expires_at": issued.expires_at,
        },
    )
    return token, issued


async def issue_api_token(
    email: str, *, name: str = "script", days: int = TOKEN_DEFAULT_DAYS
) -> str:
    """A new token for the user with this email, issued by the system (the command line,
    tests); printed once. The API's own route asks for the password first."""
    async with write_tx():
        user = await User.select(User.id).where(User.email == email.strip().lower()).first()
        if user is None:
            raise InvalidInput.field("email", "no user has this email")
        token, _issued = await issue_token_for(None, user["id"], name=name, days=days)
    return token


async def list_tokens(actor: Actor, *, user_id: int | None = None) -> list[TokenRead]:
    """Tokens, newest first, revoked and expired ones too (to see when they stopped): the
    actor's own, or with ``user_id`` that person's (an admin's question; 404 to anyone else)."""
    owner = actor.id if user_id is None else user_id
    if owner != actor.id and actor.role != Role.ADMIN:
        raise NotFound("user")
    if owner != actor.id and not await User.exists().where(User.id == owner):
        raise NotFound("user")
    rows = (
        await ApiToken.select().where(ApiToken.user == owner).order_by(ApiToken.id, ascending=False)
    )
    now = utc_now()
    return [_token_read(row, now) for row in rows]


async def list_all_tokens(owner_email: str | None = None) -> list[dict[str, Any]]:
    """Every token with its owner's email and state, never its secret (`docket users tokens`)."""
    query = ApiToken.select(
        *(c for c in ApiToken._meta.columns if c._meta.name != "token_hash"),
        ApiToken.user.email.as_alias("owner_email"),
    ).order_by(ApiToken.id)
    if owner_email is not None:
        query = query.where(ApiToken.user.email == owner_email.strip().lower())
    now = utc_now()
    rows: list[dict[str, Any]] = await query
    return [row | {"state": _state(row, now)} for row in rows]


async def revoke_token(actor: Actor, token_id: int) -> TokenRead:
    """Stop one token at once (again is harmless): the owner's own, or anyone's for an admin
    (and the system: the command line). Another person's token is "no such token"."""
    now = utc_now()
    async with write_tx():
        row = await ApiToken.select().where(ApiToken.id == token_id).first()
        if row is None or (row["user"] != actor.id and actor.role != Role.ADMIN):
            raise NotFound("token")
        if row["revoked_at"] is None:
            row["revoked_at"] = now
            await ApiToken.update({ApiToken.revoked_at: now}).where(ApiToken.id == token_id)
            await record(
                actor.audit_id,
                "token.revoked",
                entity="api_token",
                entity_id=token_id,
                case_id=None,
                before={"user_id": row["user"], "name": row["name"], "revoked_at": None},
                after={"user_id": row["user"], "name": row["name"], "revoked_at": now},
            )
    return _token_read(row, now)


async def token_use(token: str) -> TokenUse | None:
    """Who a bearer token acts for, or None: unknown, revoked, expired, or its owner disabled."""
    if not token.startswith(TOKEN_START):
        return None
    rows = await fetch(
        "SELECT t.id AS token_id, t.expires_at, t.last_used_at, u.id, u.email, u.name, u.role,"
        # The data's version, read beside who is asking (Actor.data_version).
        " (SELECT last_hash FROM audit_head ORDER BY id LIMIT 1) AS data_version"
        ' FROM api_token t JOIN app_user u ON u.id = t."user"'
        " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.active",
        _digest(token),
    )
    if not rows:
        return None
    row = rows[0]
    now = utc_now()
    if row["expires_at"] is None or row["expires_at"] <= now:
        return None
    last_used = row["last_used_at"]
    return TokenUse(
        actor=actor_from_row(row, via="token"),
        token_id=row["token_id"],
        due_for_touch=last_used is None or now - last_used >= LAST_USED_PRECISION,
    )


async def touch_token(token_id: int) -> None:
    """Write when the token was last used (after the request's own transaction)."""
    now = utc_now()
    async with write_tx():
        await ApiToken.update({ApiToken.last_used_at: now}).where(
            (ApiToken.id == token_id)
            & (
                ApiToken.last_used_at.is_null()
                | (ApiToken.last_used_at <= now - LAST_USED_PRECISION)
            )
        )


async def issue_own_token(actor: Actor, *, name: str, days: int, password: str) -> TokenIssued:
    """A new token for oneself, from a web login with the password (a token cannot make more
    tokens: one stolen would otherwise outlive its own revocation)."""
    from docket.accounts.two_step import check_password_again

    check_token_request(name, days)
    await check_password_again(actor, password)
    async with write_tx():
        token, issued = await issue_token_for(actor.id, actor.id, name=name, days=days)
    return TokenIssued(**msgspec.structs.asdict(issued), token=token)

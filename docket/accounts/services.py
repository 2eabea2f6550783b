"""Accounts: users, passwords, API tokens and web sessions."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import secrets
from typing import Any

import anyio.to_thread
import msgspec
import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from litestar.exceptions import PermissionDeniedException
from zxcvbn import zxcvbn

from docket.accounts.choices import Role
from docket.accounts.tables import (
    ApiToken,
    LoginFailure,
    Office,
    Team,
    TeamMember,
    User,
    UsualAddress,
    WebSession,
)
from docket.audit.services import record
from docket.db import engine, fetch, utc_now, write_tx
from docket.errors import Conflict, InvalidInput, NotFound, TooManyTries
from docket.workers import LoopLimiter

#: argon2id with the library's defaults (RFC 9106's second recommended option).
_hasher = PasswordHasher()

#: Shortest password accepted (ASVS 5.0 V6.2.1: at least 12 characters).
MIN_PASSWORD_LENGTH = 12
#: Failed logins within LOCK_DURATION that lock an account, and for how long from the last of
#: them (CJIS 6.0 AC-7: at most 5 consecutive failures, locked at least 10 minutes; ASVS 5.0
#: 6.3.1 brute-force controls).
LOCK_AFTER_FAILURES = 5
LOCK_DURATION = dt.timedelta(minutes=10)
#: An address the owner logged in from within this time is "usual": a lock does not stop their
#: password and code from it (NIST SP 800-63B 5.2.2 names addresses the subscriber has
#: authenticated from before among the ways to tell the owner from a guesser).
USUAL_ADDRESS_MEMORY = dt.timedelta(days=30)
#: Wrong logins one client address may make within ADDRESS_WINDOW before it must wait (429).
#: This is what bounds guessing across many accounts (ASVS 5.0 6.3.1). Generous on purpose:
#: an office's people often share one public address, and its typos must not shut it out.
ADDRESS_FREE_FAILURES = 30
ADDRESS_WINDOW = dt.timedelta(hours=1)
#: After that each further wrong login doubles the wait, from a minute up to an hour (NIST SP
#: 800-63B 5.2.2: a wait that grows as failures mount).
ADDRESS_FIRST_WAIT = dt.timedelta(minutes=1)
ADDRESS_LONGEST_WAIT = dt.timedelta(hours=1)
#: Any constant: the advisory-lock class that serialises one address's logins on PostgreSQL,
#: so that a burst of parallel guesses cannot all pass the throttle before any is counted.
_ADDRESS_LOCK_CLASS = 7_263_362
#: A web session ends after 30 minutes idle or 12 hours in all (CJIS 5.5.5 session lock).
SESSION_IDLE_LIMIT = dt.timedelta(minutes=30)
SESSION_ABSOLUTE_LIMIT = dt.timedelta(hours=12)
#: How finely the idle clock is kept: a session's last request is written at most this often.
#: Writing it on every request made every read a write (on SQLite, a turn at the one write lock:
#: a page read with a session cookie ran at 0.4x of the same read with a token, issue 26); a
#: minute off on a 30-minute limit is nothing.
SESSION_SEEN_PRECISION = dt.timedelta(minutes=1)

#: A password hashed once, compared against when the email is unknown, so that a login for a
#: missing account takes as long as one for a real account.
_DUMMY_HASH = _hasher.hash("docket-dummy-password-for-timing")


class Actor(msgspec.Struct, frozen=True, kw_only=True):
    """The person making a request, as the services see them."""

    id: int
    email: str
    name: str
    role: Role
    #: "token" for API tokens, "session" for a web login, "cli" for the command line.
    via: str = "session"
    #: The session's CSRF secret (web logins only).
    csrf_token: str = ""
    #: True when this login gave a second-factor code (TOTP); identities need it.
    mfa: bool = False
    #: The audit trail's head (its last row's hash) when the request was authenticated, read in
    #: the same statement: every change is audited in its own transaction, so what the request
    #: reads is at least this new (docket.listpages keeps pages by it). None outside a request.
    data_version: str | None = None

    @property
    def audit_id(self) -> int | None:
        """Who the audit trail names: the person, or nobody when the system acts."""
        return None if self.via == SYSTEM else self.id


#: ``Actor.via`` of the system: the command line, the demo loader, the bench and background work.
SYSTEM = "system"


def system_actor(purpose: str) -> Actor:
    """The actor of work no person asked for in a request (a command, the demo loader, the bench,
    a background job). It reaches every case, as an admin does, and the trail records it as
    nobody; `purpose` names it in messages ("docket command line")."""
    return Actor(id=0, email="", name=purpose, role=Role.ADMIN, via=SYSTEM)


#: Password checks and hashes at once (argon2 takes 64 MiB and most of a core for 140-200 ms
#: each); more wait their turn, off the event loop.
PASSWORD_SLOTS = 2
_password_limiter = LoopLimiter(PASSWORD_SLOTS)


async def password_matches(password_hash: str, password: str) -> bool:
    """argon2's check, in a worker thread: the event loop serves other requests meanwhile."""

    def check() -> bool:
        try:
            return bool(_hasher.verify(password_hash, password))
        except (VerificationError, InvalidHashError):
            return False

    return await anyio.to_thread.run_sync(check, limiter=_password_limiter())


async def hash_password(password: str) -> str:
    """argon2's hash of a new password, in a worker thread (as password_matches)."""
    return await anyio.to_thread.run_sync(_hasher.hash, password, limiter=_password_limiter())


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


#: zxcvbn's score (0-4) a password must reach: 3 is "safely unguessable" against an offline
#: attack on a slow hash; common passwords and their variants score 0-1 (ASVS 5.0 6.2.12).
MIN_PASSWORD_SCORE = 3


#: Longest password accepted. NIST SP 800-63B-4 and ASVS 5.0 6.2.9 ask that at least 64
#: characters be allowed; argon2 takes any length, but the strength check's time grows steeply
#: with it (measured on the 2-core box: 0.1 s at 128 characters, 0.4 s at 256, 4 s at 512,
#: 54 s at 1,024), and every password is checked whole.
MAX_PASSWORD_LENGTH = 128


def check_password_rules(
    password: str, *, email: str = "", name: str = "", demo_account: bool = False
) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput.field(
            "password", f"must be at least {MIN_PASSWORD_LENGTH} characters long"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput.field(
            "password", f"must be at most {MAX_PASSWORD_LENGTH} characters long"
        )
    if not demo_account and _is_demo_password(password):
        raise InvalidInput.field(
            "password", "is the demo's published password; choose one of your own"
        )
    # A password made of the person's own name or login is as weak as a common one.
    own_words = [email, email.partition("@")[0], *name.split(), "docket", "cebu"]
    result = zxcvbn(
        password, user_inputs=[w for w in own_words if w], max_length=MAX_PASSWORD_LENGTH
    )
    if result["score"] < MIN_PASSWORD_SCORE:
        raise InvalidInput.field(
            "password",
            "is too easy to guess (a common password, or close to one); try a few unrelated words",
        )


def _is_demo_password(password: str) -> bool:
    # Imported here: the demo builds on this module. The national demo uses the same one.
    from docket.demo import DEFAULT_PASSWORD

    return password.strip().lower() == DEFAULT_PASSWORD


def actor_from_row(row: dict[str, Any], via: str, csrf_token: str = "", mfa: bool = False) -> Actor:
    return Actor(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        role=Role(row["role"]),
        via=via,
        csrf_token=csrf_token,
        mfa=mfa,
        data_version=row.get("data_version"),
    )


async def create_user(
    actor_id: int | None,
    *,
    email: str,
    name: str,
    role: Role,
    password: str,
    phone: str = "",
    demo_account: bool = False,
    office_id: int | None = None,
) -> dict[str, Any]:
    """A new user with an argon2id password hash. ``demo_account``: one of `docket demo`'s,
    the only accounts that may have the published demo password."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise InvalidInput.field("email", "must be an email address")
    name = check_name(name)
    check_password_rules(password, email=email, name=name, demo_account=demo_account)
    hashed = await hash_password(password)
    async with write_tx():
        if await User.exists().where(User.email == email):
            raise Conflict(f"A user with the email {email} already exists")
        if office_id is not None and not await Office.exists().where(Office.id == office_id):
            raise InvalidInput.field("office_id", "choose one of the offices")
        row = (
            await User.insert(
                User(
                    email=email,
                    name=name.strip(),
                    role=role,
                    phone=phone,
                    password_hash=hashed,
                    office=office_id,
                    created_at=utc_now(),
                )
            ).returning(User.id, User.email, User.name, User.role, User.office)
        )[0]
        await record(
            actor_id, "user.create", entity="user", entity_id=row["id"], case_id=None, after=row
        )
    return row


async def issue_api_token(email: str, *, name: str = "script", days: int | None = None) -> str:
    """docket.accounts.tokens.issue_api_token, where tokens and the reasons for their limits
    are (imported when called, as that module builds on this one)."""
    from docket.accounts import tokens

    return await tokens.issue_api_token(email, name=name, days=days or tokens.TOKEN_DEFAULT_DAYS)


_USER_COLUMNS = (User.id, User.email, User.name, User.role)


async def _lock_ends(email: str, now: dt.datetime) -> dt.datetime | None:
    """When the account's lock ends, or None if it is not locked: LOCK_AFTER_FAILURES counted
    failures within LOCK_DURATION lock it for LOCK_DURATION from the last of them. Failures
    made while it is locked do not count (LoginFailure.counts_toward_lock), so guessing on
    cannot make a lock last longer."""
    rows = (
        await LoginFailure.select(LoginFailure.at)
        .where(
            (LoginFailure.email == email)
            & LoginFailure.counts_toward_lock.eq(True)
            & (LoginFailure.at > now - 2 * LOCK_DURATION)
        )
        .order_by(LoginFailure.at)
    )
    return _lock_end_of([row["at"] for row in rows], now)


def _lock_end_of(times: list[dt.datetime], now: dt.datetime) -> dt.datetime | None:
    """When the lock made by these counted failures (oldest first) ends, or None."""
    first = LOCK_AFTER_FAILURES - 1
    for last in range(first, len(times)):
        if times[last] - times[last - first] <= LOCK_DURATION and times[last] + LOCK_DURATION > now:
            return times[last] + LOCK_DURATION
    return None


async def _address_wait(address: str, now: dt.datetime) -> int | None:
    """Seconds this client address must wait before its next login, or None."""
    rows = (
        await LoginFailure.select(LoginFailure.at)
        .where((LoginFailure.address == address) & (LoginFailure.at > now - ADDRESS_WINDOW))
        .order_by(LoginFailure.at, ascending=False)
    )
    over = len(rows) - ADDRESS_FREE_FAILURES
    if over < 0:
        return None
    wait = min(ADDRESS_FIRST_WAIT * 2 ** min(over, 16), ADDRESS_LONGEST_WAIT)
    left = rows[0]["at"] + wait - now
    return math.ceil(left.total_seconds()) if left > dt.timedelta(0) else None


async def _is_usual_address(user_id: int, address: str, now: dt.datetime) -> bool:
    return bool(address) and bool(
        await UsualAddress.exists().where(
            (UsualAddress.user == user_id)
            & (UsualAddress.address == address)
            & (UsualAddress.last_login_at > now - USUAL_ADDRESS_MEMORY)
        )
    )


async def _remember_usual_address(user_id: int, address: str, now: dt.datetime) -> None:
    if not address:
        return
    await UsualAddress.delete().where(
        (UsualAddress.user == user_id) & (UsualAddress.last_login_at <= now - USUAL_ADDRESS_MEMORY)
    )
    seen = (
        await UsualAddress.update({UsualAddress.last_login_at: now})
        .where((UsualAddress.user == user_id) & (UsualAddress.address == address))
        .returning(UsualAddress.id)
    )
    if not seen:
        await UsualAddress.insert(UsualAddress(user=user_id, address=address, last_login_at=now))


def _totp_step(secret: str, code: str | None, now: dt.datetime) -> int | None:
    """The 30-second step whose code this is, or None. One step either side tolerates a phone
    clock a little off (RFC 6238 s5.2)."""
    if not secret or code is None:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


async def log_in(
    email: str, password: str, code: str | None = None, *, address: str = ""
) -> tuple[str, Actor] | None:
    """Check a password (and, once set up, the authenticator code) from the client at
    `address` and open a web session: (session id for the cookie, actor), or None.

    A wrong password or code, an unknown email, a disabled or a locked account all look the same.
    Raises TooManyTries while the address must wait, before any password is checked.

    Three steps, so that the password check (argon2: 140-200 ms of a core) holds no transaction
    (on SQLite, the one write lock) and runs beside the event loop, which meanwhile serves
    everyone else (a login stalled every request before, issue 26): the attempt is counted as a
    failure first, inside the throttle's transaction, so that a burst of parallel guesses
    cannot pass the throttle while their checks run; then the password is checked; then the
    count is taken back and the session opened, or the failure stands.
    """
    email = email.strip().lower()
    now = utc_now()
    async with write_tx():
        if engine().engine_type == "postgres":
            await fetch(
                "SELECT pg_advisory_xact_lock(?, hashtext(?)) IS NULL AS locked",
                _ADDRESS_LOCK_CLASS,
                address,
            )
        wait = await _address_wait(address, now)
        if wait is not None:
            raise TooManyTries(wait)
        user = await User.select().where(User.email == email).first()
        lock_ends = await _lock_ends(email, now)
        # Someone else's guessing must not keep the owner out (the night before a trial, say):
        # the lock does not apply at an address the owner logged in from lately, for an account
        # with two-step login. That is safe: a guesser there still needs the authenticator's
        # code, which a password alone never replaces, and the per-address throttle above still
        # limits guessing from that address (an office's shared one, say) like any other.
        locked = lock_ends is not None and not (
            user is not None
            and user["totp_enabled"]
            and await _is_usual_address(user["id"], address, now)
        )
        # Failures while locked do not count toward the lock again (see _count_failure).
        attempt = await _count_attempt(email, address, now, account_locked=lock_ends is not None)
    matches = await password_matches(user["password_hash"] if user else _DUMMY_HASH, password)
    async with write_tx():
        # Read again: the account may have been disabled or its password changed meanwhile.
        current = await User.select().where(User.id == user["id"]).first() if user else None
        good = (
            matches
            and current is not None
            and current["active"]
            and user is not None
            and current["password_hash"] == user["password_hash"]
            and not locked
        )
        step = None
        if good and current is not None and current["totp_enabled"]:
            # A code works once: one overheard or phished is useless after its login. Taken in
            # the same statement that checks it, so two logins cannot both use one code.
            step = _totp_step(current["totp_secret"], code, now)
            good = step is not None and bool(
                await User.update({User.totp_last_step: step})
                .where((User.id == current["id"]) & (User.totp_last_step < step))
                .returning(User.id)
            )
        if not good or current is None:
            await _count_failure(
                current, email, address, now, account_locked=lock_ends is not None, counted=True
            )
            await record(
                user["id"] if user else None,
                "user.login",
                entity="user",
                entity_id=user["id"] if user else None,
                case_id=None,
                outcome="locked" if locked else "denied",
            )
            return None
        await LoginFailure.delete().where(LoginFailure.id == attempt)
        session_id = secrets.token_urlsafe(32)
        csrf_token = secrets.token_urlsafe(32)
        await WebSession.insert(
            WebSession(
                session_hash=_digest(session_id),
                user=current["id"],
                csrf_token=csrf_token,
                mfa=bool(current["totp_enabled"]),
                created_at=now,
                last_seen_at=now,
                address=address[:64],
            )
        )
        # The owner is in: earlier failures no longer lock the account (they still count
        # against the addresses they came from).
        await LoginFailure.update({LoginFailure.counts_toward_lock: False}).where(
            LoginFailure.email == email
        )
        await _remember_usual_address(current["id"], address, now)
        await record(
            current["id"], "user.login", entity="user", entity_id=current["id"], case_id=None
        )
    return session_id, actor_from_row(
        current, via="session", csrf_token=csrf_token, mfa=bool(current["totp_enabled"])
    )


async def _count_attempt(
    email: str, address: str, now: dt.datetime, *, account_locked: bool
) -> int:
    """Count a login attempt as a failure against its account and address (taken back if it
    succeeds); its row's id."""
    rows = await LoginFailure.insert(
        LoginFailure(email=email, at=now, address=address, counts_toward_lock=not account_locked)
    ).returning(LoginFailure.id)
    return int(rows[0]["id"])


async def _count_failure(
    user: dict[str, Any] | None,
    email: str,
    address: str,
    now: dt.datetime,
    *,
    account_locked: bool,
    counted: bool = False,
) -> None:
    """Count a failed login against its account and its address (unless `counted` already,
    by _count_attempt); audit a lock it starts."""
    # Failures while locked do not count toward the lock again: otherwise five requests every
    # ten minutes keep a prosecutor out of their account for as long as anyone likes.
    if not counted:
        await _count_attempt(email, address, now, account_locked=account_locked)
    if user is not None and not account_locked:
        lock_ends = await _lock_ends(email, now)
        if lock_ends is not None:
            await record(
                None,
                "user.locked",
                entity="user",
                entity_id=user["id"],
                case_id=None,
                after={"client_address": address, "locked_until": lock_ends},
            )
    wait = await _address_wait(address, now)
    if wait is not None:
        await record(
            None,
            "login.throttled",
            entity="login",
            entity_id=None,
            case_id=None,
            after={"client_address": address, "wait_seconds": wait},
        )


async def unlock_user(
    actor_id: int | None, *, user_id: int | None = None, email: str | None = None
) -> None:
    """Lift an account's lock now (an admin's call, e.g. for a prosecutor due in court). The
    failures stay on record and still count against the addresses they came from."""
    now = utc_now()
    async with write_tx():
        where = (
            User.id == user_id
            if user_id is not None
            else User.email == (email or "").strip().lower()
        )
        user = await User.select(User.id, User.email).where(where).first()
        if user is None:
            if user_id is not None:
                raise NotFound("user")
            raise InvalidInput.field("email", "no user has this email")
        lock_ends = await _lock_ends(user["email"], now)
        await LoginFailure.update({LoginFailure.counts_toward_lock: False}).where(
            LoginFailure.email == user["email"]
        )
        await record(
            actor_id,
            "user.unlocked",
            entity="user",
            entity_id=user["id"],
            case_id=None,
            before={"locked_until": lock_ends},
            after={"locked_until": None},
        )


class SessionUse(msgspec.Struct, frozen=True, kw_only=True):
    """A web session that authenticated a request, and whether its idle clock needs moving."""

    actor: Actor
    #: True when the session's last request was written longer ago than SESSION_SEEN_PRECISION.
    due_for_touch: bool


async def session_use(session_id: str) -> SessionUse | None:
    """The user of a live web session, or None once it is revoked, idle or too old."""
    now = utc_now()
    rows = await fetch(
        "SELECT s.csrf_token, s.mfa, s.created_at, s.last_seen_at, u.id, u.email, u.name, u.role,"
        " (SELECT last_hash FROM audit_head ORDER BY id LIMIT 1) AS data_version"
        ' FROM web_session s JOIN app_user u ON u.id = s."user"'
        " WHERE s.session_hash = ? AND s.revoked_at IS NULL AND u.active",
        _digest(session_id),
    )
    if not rows:
        return None
    row = rows[0]
    if now - row["last_seen_at"] > SESSION_IDLE_LIMIT:
        return None
    if now - row["created_at"] > SESSION_ABSOLUTE_LIMIT:
        return None
    return SessionUse(
        actor=actor_from_row(row, via="session", csrf_token=row["csrf_token"], mfa=row["mfa"]),
        due_for_touch=now - row["last_seen_at"] >= SESSION_SEEN_PRECISION,
    )


async def touch_session(session_id: str) -> None:
    """Move the idle clock of a session (only when due: see SESSION_SEEN_PRECISION)."""
    now = utc_now()
    async with write_tx():
        await WebSession.update({WebSession.last_seen_at: now}).where(
            (WebSession.session_hash == _digest(session_id))
            & (WebSession.last_seen_at < now - SESSION_SEEN_PRECISION)
        )


async def log_out(session_id: str) -> None:
    async with write_tx():
        await WebSession.update({WebSession.revoked_at: utc_now()}).where(
            WebSession.session_hash == _digest(session_id)
        )


async def list_users() -> list[dict[str, Any]]:
    return await User.select(*_USER_COLUMNS, User.active).order_by(User.email)


async def disable_user(actor_id: int | None, email: str) -> None:
    """Disable an account: its sessions and API tokens stop working at once, on every server."""
    now = utc_now()
    async with write_tx():
        user = await User.select(User.id).where(User.email == email.strip().lower()).first()
        if user is None:
            raise InvalidInput.field("email", "no user has this email")
        await User.update({User.active: False}).where(User.id == user["id"])
        await WebSession.update({WebSession.revoked_at: now}).where(
            (WebSession.user == user["id"]) & WebSession.revoked_at.is_null()
        )
        await ApiToken.update({ApiToken.revoked_at: now}).where(
            (ApiToken.user == user["id"]) & ApiToken.revoked_at.is_null()
        )
        await record(actor_id, "user.disable", entity="user", entity_id=user["id"], case_id=None)


# --- office administration (the admin's pages) -----------------------------------------------

#: Longest name of a person or a team (their columns' length).
NAME_LENGTH = 200
#: Letters of generated passwords: none that read alike (0/O, 1/l/I) when read off a screen.
_PASSWORD_LETTERS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet


def check_name(name: str, field: str = "name") -> str:
    """A person's or team's name, stripped; 400 naming ``field`` when empty or too long."""
    name = name.strip()
    if not name:
        raise InvalidInput.field(field, "must not be empty")
    if len(name) > NAME_LENGTH:
        raise InvalidInput.field(field, f"must be at most {NAME_LENGTH} characters")
    return name


def generated_password() -> str:
    """A password for someone to log in with once and change: 4 groups of 5 letters, about 116
    bits, easy to read out and type ("k7Hq2-..."), far above the strength rules."""
    return "-".join("".join(secrets.choice(_PASSWORD_LETTERS) for _ in range(5)) for _ in range(4))


def _require_admin(actor: Actor, what: str) -> None:
    if actor.role != Role.ADMIN:
        raise PermissionDeniedException(f"Only an admin may {what}")


async def list_offices() -> list[dict[str, Any]]:
    return await Office.select(Office.id, Office.name).order_by(Office.name)


async def user_overview(actor: Actor) -> list[dict[str, Any]]:
    """Every account as the admin's list shows it: role, office, active, two-step login on,
    and until when wrong logins lock it (None when they do not)."""
    _require_admin(actor, "list the accounts")
    now = utc_now()
    rows = await User.select(
        *_USER_COLUMNS,
        User.active,
        User.totp_enabled,
        User.office,
        User.office.name.as_alias("office_name"),
        User.created_at,
    ).order_by(User.name)
    # Every account's recent failures in one read (as _lock_ends reads one account's).
    failures = (
        await LoginFailure.select(LoginFailure.email, LoginFailure.at)
        .where(
            LoginFailure.counts_toward_lock.eq(True) & (LoginFailure.at > now - 2 * LOCK_DURATION)
        )
        .order_by(LoginFailure.at)
    )
    times: dict[str, list[dt.datetime]] = {}
    for failure in failures:
        times.setdefault(failure["email"], []).append(failure["at"])
    for row in rows:
        row["locked_until"] = _lock_end_of(times.get(row["email"], []), now)
    return rows


async def get_user(actor: Actor, user_id: int) -> dict[str, Any]:
    """One account as the admin's list shows it; 404 when there is none."""
    found = [row for row in await user_overview(actor) if row["id"] == user_id]
    if not found:
        raise NotFound("user")
    return found[0]


async def reset_password(actor: Actor, user_id: int) -> str:
    """An admin gives someone a new password (a forgotten one): it is returned to be shown once
    and passed on; every session of theirs ends at once. Audited as user.password_reset,
    without the password."""
    _require_admin(actor, "reset someone's password")
    password = generated_password()
    hashed = await hash_password(password)  # outside the transaction: argon2 takes a while
    now = utc_now()
    async with write_tx():
        user = await User.select(User.id, User.active).where(User.id == user_id).first()
        if user is None:
            raise NotFound("user")
        if not user["active"]:
            raise Conflict("This account is disabled; a new password would not open it")
        await User.update({User.password_hash: hashed}).where(User.id == user_id)
        ended = (
            await WebSession.update({WebSession.revoked_at: now})
            .where((WebSession.user == user_id) & WebSession.revoked_at.is_null())
            .returning(WebSession.id)
        )
        await record(
            actor.audit_id,
            "user.password_reset",
            entity="user",
            entity_id=user_id,
            case_id=None,
            after={"password": "reset by an admin", "sessions_ended": len(ended)},
        )
    return password


async def change_own_password(
    actor: Actor, *, current: str, new: str, session_id: str | None
) -> int:
    """The person changes their own password with the current one (a web login only; a wrong
    one counts like a failed login). Their other sessions end: whoever knew the old password is
    out. Returns how many ended. Audited as user.password_changed, without either password."""
    from docket.accounts.two_step import check_password_again

    await check_password_again(actor, current)
    check_password_rules(new, email=actor.email, name=actor.name)
    if hmac.compare_digest(new.encode(), current.encode()):
        raise InvalidInput.field("new_password", "must differ from the current password")
    hashed = await hash_password(new)
    now = utc_now()
    keep = _digest(session_id) if session_id else ""
    async with write_tx():
        await User.update({User.password_hash: hashed}).where(User.id == actor.id)
        ended = (
            await WebSession.update({WebSession.revoked_at: now})
            .where(
                (WebSession.user == actor.id)
                & WebSession.revoked_at.is_null()
                & (WebSession.session_hash != keep)
            )
            .returning(WebSession.id)
        )
        await record(
            actor.audit_id,
            "user.password_changed",
            entity="user",
            entity_id=actor.id,
            case_id=None,
            after={"other_sessions_ended": len(ended)},
        )
    return len(ended)


async def own_sessions(actor: Actor, session_id: str | None) -> list[dict[str, Any]]:
    """The person's live web sessions, newest first: when each logged in, was last seen and
    from which address, and which one is this."""
    now = utc_now()
    rows = (
        await WebSession.select(
            WebSession.id,
            WebSession.session_hash,
            WebSession.created_at,
            WebSession.last_seen_at,
            WebSession.address,
            WebSession.mfa,
        )
        .where((WebSession.user == actor.id) & WebSession.revoked_at.is_null())
        .order_by(WebSession.id, ascending=False)
    )
    current = _digest(session_id) if session_id else ""
    live = []
    for row in rows:
        if now - row["last_seen_at"] > SESSION_IDLE_LIMIT:
            continue
        if now - row["created_at"] > SESSION_ABSOLUTE_LIMIT:
            continue
        row["this_one"] = hmac.compare_digest(row.pop("session_hash"), current)
        live.append(row)
    return live


async def end_own_session(actor: Actor, web_session_id: int) -> None:
    """End one of one's own sessions (a computer left logged in); another's is "no such"."""
    now = utc_now()
    async with write_tx():
        ended = (
            await WebSession.update({WebSession.revoked_at: now})
            .where(
                (WebSession.id == web_session_id)
                & (WebSession.user == actor.id)
                & WebSession.revoked_at.is_null()
            )
            .returning(WebSession.id, WebSession.address)
        )
        if not ended:
            raise NotFound("session")
        await record(
            actor.audit_id,
            "user.session_ended",
            entity="web_session",
            entity_id=web_session_id,
            case_id=None,
            after={"ended_by": "its owner"},
        )


async def teams_with_members(actor: Actor) -> list[dict[str, Any]]:
    """Teams by name, each with its office's name and its members (id, name, role)."""
    _require_admin(actor, "manage teams")
    teams = await Team.select(
        Team.id, Team.name, Team.office, Team.office.name.as_alias("office_name")
    ).order_by(Team.name)
    members = await TeamMember.select(
        TeamMember.team,
        TeamMember.user.as_alias("user_id"),
        TeamMember.user.name.as_alias("name"),
        TeamMember.user.role.as_alias("role"),
    ).order_by(TeamMember.user.name)
    for team in teams:
        team["members"] = [m for m in members if m["team"] == team["id"]]
    return teams


async def _check_team_name_free(name: str, team_id: int | None) -> None:
    query = Team.exists().where(Team.name == name)
    if team_id is not None:
        query = query.where(Team.id != team_id)
    if await query:
        raise InvalidInput.field("name", "is already another team's name")


async def create_team(actor: Actor, *, name: str, office_id: int | None) -> dict[str, Any]:
    """A new team (no members yet). Audited as team.create."""
    _require_admin(actor, "make a team")
    name = check_name(name)
    async with write_tx():
        await _check_team_name_free(name, None)
        if office_id is not None and not await Office.exists().where(Office.id == office_id):
            raise InvalidInput.field("office_id", "choose one of the offices")
        row = (
            await Team.insert(Team(name=name, office=office_id)).returning(
                Team.id, Team.name, Team.office
            )
        )[0]
        await record(
            actor.audit_id,
            "team.create",
            entity="team",
            entity_id=row["id"],
            case_id=None,
            after=row,
        )
    return row


async def rename_team(actor: Actor, team_id: int, *, name: str) -> None:
    """Audited as team.renamed with the name before and after."""
    _require_admin(actor, "rename a team")
    name = check_name(name)
    async with write_tx():
        team = await Team.select(Team.name).where(Team.id == team_id).first()
        if team is None:
            raise NotFound("team")
        if team["name"] == name:
            return
        await _check_team_name_free(name, team_id)
        await Team.update({Team.name: name}).where(Team.id == team_id)
        await record(
            actor.audit_id,
            "team.renamed",
            entity="team",
            entity_id=team_id,
            case_id=None,
            before={"name": team["name"]},
            after={"name": name},
        )


async def _team_member_ids(team_id: int) -> list[int]:
    rows = await TeamMember.select(TeamMember.user).where(TeamMember.team == team_id)
    return sorted(row["user"] for row in rows)


async def add_team_member(actor: Actor, team_id: int, user_id: int) -> None:
    """Put someone in a team: they see its cases from their next request. Audited as
    team.member_added with the members before and after."""
    _require_admin(actor, "change a team's members")
    async with write_tx():
        if not await Team.exists().where(Team.id == team_id):
            raise NotFound("team")
        user = await User.select(User.active).where(User.id == user_id).first()
        if user is None or not user["active"]:
            raise InvalidInput.field("user_id", "choose a person whose account is active")
        before = await _team_member_ids(team_id)
        if user_id in before:
            raise Conflict("This person is already in the team")
        await TeamMember.insert(TeamMember(team=team_id, user=user_id))
        await record(
            actor.audit_id,
            "team.member_added",
            entity="team",
            entity_id=team_id,
            case_id=None,
            before={"member_ids": before},
            after={"member_ids": sorted([*before, user_id])},
        )


async def remove_team_member(actor: Actor, team_id: int, user_id: int) -> None:
    """Take someone out of a team: they no longer see its cases (those they are members of
    stay theirs). Not a survivor's advocate who would lose the case with it: name the
    survivor's new advocate first. Audited as team.member_removed."""
    from docket.cases.assignments import losing_message, survivors_losing_their_advocate
    from docket.cases.tables import Case

    _require_admin(actor, "change a team's members")
    async with write_tx():
        if not await Team.exists().where(Team.id == team_id):
            raise NotFound("team")
        before = await _team_member_ids(team_id)
        if user_id not in before:
            raise NotFound("team member")
        cases = [row["id"] for row in await Case.select(Case.id).where(Case.team == team_id)]
        losing_before = {
            case_id: set(await survivors_losing_their_advocate(case_id, team_id=team_id))
            for case_id in cases
        }
        await TeamMember.delete().where((TeamMember.team == team_id) & (TeamMember.user == user_id))
        for case_id in cases:
            after = await survivors_losing_their_advocate(case_id, team_id=team_id)
            losing = [p for p in after if p not in losing_before[case_id]]
            if losing:
                # The write transaction rolls the removal back.
                raise Conflict(losing_message(losing, "name the survivor's new advocate first"))
        await record(
            actor.audit_id,
            "team.member_removed",
            entity="team",
            entity_id=team_id,
            case_id=None,
            before={"member_ids": before},
            after={"member_ids": [m for m in before if m != user_id]},
        )

"""People who use Docket, their offices and teams, and how they prove who they are."""

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Integer,
    Serial,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from docket.accounts.choices import Role


class Office(Table, tablename="office"):
    """A prosecution office or partner organisation, e.g. "DOJ Provincial Prosecutor, Cebu"."""

    id: Serial
    #: The office's name as its people say it.
    name = Varchar(length=200, unique=True)


class Team(Table, tablename="team"):
    """A group of people who work cases together (a prosecution unit, an NGO legal team)."""

    id: Serial
    #: The team's name, e.g. "Cebu anti-trafficking task force".
    name = Varchar(length=200, unique=True)
    #: The office the team belongs to.
    office = ForeignKey(references=Office, null=True)


class User(Table, tablename="app_user"):
    """A person who logs in. Named app_user because "user" is reserved in PostgreSQL."""

    id: Serial
    #: Login name; stored lower-cased so that logins are case-insensitive.
    email = Varchar(length=254, unique=True)
    #: Full name as colleagues know it; shown on pages and notices (advocates).
    name = Varchar(length=200)
    #: What the person does: prosecutor, lawyer, advocate or admin.
    role = Varchar(length=20, choices=Role)
    #: argon2id hash of the password; never the password itself.
    password_hash = Varchar(length=200, secret=True)
    #: A work phone the person is reached on; advocates' numbers go on survivors' notices.
    phone = Varchar(length=40, default="")
    #: The person's office, if any.
    office = ForeignKey(references=Office, null=True)
    #: False once an admin disables the account: logins and tokens stop working.
    active = Boolean(default=True)
    #: Base32 secret of the person's authenticator app (RFC 6238 TOTP); empty until set up.
    totp_secret = Varchar(length=64, default="", secret=True)
    #: True once a code from the app was confirmed: every login then needs a code.
    totp_enabled = Boolean(default=False)
    #: The 30-second step of the last code a login accepted: a code works once (RFC 6238 s5.2).
    totp_last_step = Integer(default=0)
    #: When an admin last reset the person's two-step login (a lost phone), or null. The
    #: person is told at their next login and on their home page until they set it up again.
    totp_reset_at = Timestamptz(null=True, default=None)
    #: The name of the admin who reset it, as that notice gives it (the audit trail keeps who).
    totp_reset_by = Varchar(length=200, default="")
    #: When the account was made (UTC).
    created_at = Timestamptz()


class TeamMember(Table, tablename="team_member"):
    """Who belongs to which team."""

    id: Serial
    team = ForeignKey(references=Team)
    user = ForeignKey(references=User)


class ApiToken(Table, tablename="api_token"):
    """A personal API token for scripts (``Authorization: Bearer``); only its hash is kept."""

    id: Serial
    #: The owner; the token acts as this user.
    user = ForeignKey(references=User)
    #: SHA-256 of the token, hex. A database leak gives nothing to log in with.
    token_hash = Varchar(length=64, unique=True, secret=True)
    #: What the owner uses it for, e.g. "court-laptop script": to tell tokens apart.
    name = Varchar(length=100, default="")
    #: The token's first characters ("dkt_" and 6 more), shown in lists so that the owner can
    #: match a token to a script; far too short to log in with.
    prefix = Varchar(length=16, default="")
    #: When it was issued (UTC).
    created_at = Timestamptz()
    #: When it stops working (UTC), set at issue (docket.accounts.tokens.TOKEN_MAX_DAYS).
    #: A token without one does not work.
    expires_at = Timestamptz(null=True, default=None)
    #: When it was last used (UTC), or null; written at most once a minute
    #: (docket.accounts.tokens.LAST_USED_PRECISION), so reads stay reads.
    last_used_at = Timestamptz(null=True, default=None)
    #: When it was revoked, or null while valid.
    revoked_at = Timestamptz(null=True, default=None)


class WebSession(Table, tablename="web_session"):
    """A login session of the web pages, kept in the database so several processes can serve."""

    id: Serial
    #: SHA-256 of the session id in the cookie, hex.
    session_hash = Varchar(length=64, unique=True, secret=True)
    user = ForeignKey(references=User)
    #: True when this login gave a valid second-factor code (needed to read identities).
    mfa = Boolean(default=False)
    #: A per-session secret that forms and API writes must echo (CSRF protection).
    csrf_token = Varchar(length=64, secret=True)
    #: When the login happened (UTC): the absolute limit counts from here.
    created_at = Timestamptz()
    #: The last request seen (UTC): the idle limit counts from here.
    last_seen_at = Timestamptz()
    #: The client's address at login (behind a trusted proxy, the real client's): shown to the
    #: person on their account page, so that a session they do not know stands out.
    address = Varchar(length=64, default="")
    #: Set at logout or account disable; a revoked session never comes back.
    revoked_at = Timestamptz(null=True, default=None)


class LoginFailure(Table, tablename="login_failure"):
    """Failed logins, counted in the database so that locking and throttling hold across
    processes: per account (the email) and per client address."""

    id: Serial
    #: The email that was tried, lower-cased.
    email = Varchar(length=254, index=True)
    #: When (UTC).
    at = Timestamptz()
    #: The client's address (behind a trusted proxy, the real client's: docket.proxies).
    address = Varchar(length=64, default="", index=True)
    #: False when this failure must not lock the account: it was made while the account was
    #: already locked (else anyone could keep the owner out for ever), or the owner has logged
    #: in since, or an admin unlocked the account. It still counts against its address.
    counts_toward_lock = Boolean(default=True)


class UsualAddress(Table, tablename="usual_address"):
    """Where a person has logged in from lately. A lock made by someone else's guessing does
    not stop the owner's password and authenticator code from these addresses."""

    id: Serial
    user = ForeignKey(references=User, index=True)
    #: The client's address at a successful login.
    address = Varchar(length=64)
    #: The latest successful login from it (UTC); old addresses stop being usual.
    last_login_at = Timestamptz()


__all__ = [
    "ApiToken",
    "LoginFailure",
    "Office",
    "Team",
    "TeamMember",
    "User",
    "UsualAddress",
    "WebSession",
]

"""Docket's settings, read once from DOCKET_* environment variables."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: The package, and the checkout it sits in when Docket runs from source.
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
#: Installed from a wheel, the pages' templates travel inside the package (pyproject.toml maps
#: the checkout's templates/ to docket/templates/); in a checkout they are beside the package.
INSTALLED = (PACKAGE_DIR / "templates").is_dir()
TEMPLATES_DIR = PACKAGE_DIR / "templates" if INSTALLED else PROJECT_ROOT / "templates"


def _data_dir() -> Path:
    """DOCKET_DATA_DIR: where the SQLite file, the local keys and the audit head log live.

    Anchored, never relative to the working directory (a relative path once created an empty
    database wherever a command ran): var/ in a checkout; installed, the user's data directory
    (XDG_DATA_HOME, ~/.local/share by default) under docket/."""
    configured = os.environ.get("DOCKET_DATA_DIR")
    if configured:
        return Path(configured).resolve()
    if not INSTALLED:
        return PROJECT_ROOT / "var"
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "docket"


#: The directory of Docket's local state (see _data_dir); read once, as every setting is.
DATA_DIR = _data_dir()


def _default_database_url() -> str:
    return f"sqlite:///{DATA_DIR / 'docket.sqlite'}"


@dataclass(frozen=True, slots=True)
class Settings:
    #: DOCKET_DATABASE_URL: ``sqlite:///absolute/path`` or ``postgresql://user@host:port/db``.
    database_url: str
    #: DOCKET_HOST / DOCKET_PORT: where ``docket serve`` listens.
    host: str
    port: int
    #: DOCKET_BASE_URL: scheme, host and port used in links that leave the server (feeds).
    base_url: str
    #: DOCKET_SECRET_KEY: signs CSRF tokens; set it in production (a random default is made
    #: once under var/ so a single machine works out of the box).
    secret_key: str
    #: DOCKET_DEBUG: never on in production; tracebacks never reach a user either way.
    debug: bool
    #: DOCKET_PG_POOL_MAX: the most PostgreSQL connections one process holds.
    pg_pool_max: int
    #: DOCKET_CORS_ORIGINS: comma-separated origins allowed to call the API from a browser
    #: (none by default: only Docket's own pages).
    cors_origins: tuple[str, ...] = ()
    #: DOCKET_LIST_PAGES_KEPT: how many pages of the case and hearing lists each process
    #: keeps until the data changes (docket.listpages); 0 keeps none.
    list_pages_kept: int = 256
    #: DOCKET_AUDIT_HEAD_LOG: the append-only file, outside the database, where every commit
    #: of audit rows writes the trail's new head (docket.audit.headlog); beside the audit key
    #: under var/ by default. Put it where the database's administrators cannot write.
    audit_head_log: Path = DATA_DIR / "audit_head.log"
    #: DOCKET_TRUSTED_PROXIES: comma-separated addresses or networks (CIDR) of the reverse
    #: proxies in front of Docket. Only a request whose direct peer is one of them may say who
    #: the client is (X-Forwarded-For) and whether it came over https (X-Forwarded-Proto);
    #: none by default, so nobody can (docket.proxies).
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    #: DOCKET_SMTP_HOST / DOCKET_SMTP_PORT: the mail server `docket worker` sends through; no
    #: host means nothing is sent (messages wait in the outbox until one is set).
    smtp_host: str = ""
    smtp_port: int = 587
    #: DOCKET_SMTP_USER / DOCKET_SMTP_PASSWORD: the login at the mail server, if it asks one.
    smtp_user: str = ""
    smtp_password: str = ""
    #: DOCKET_SMTP_STARTTLS: "1" (the default) upgrades the connection with STARTTLS and
    #: refuses a server that cannot; "0" only for a server on this machine.
    smtp_starttls: bool = True
    #: DOCKET_SMTP_FROM: the sender, e.g. "Docket <docket@prosecutors.example.ph>".
    smtp_from: str = "Docket <docket@localhost>"
    #: DOCKET_OUTBOX_LEASE_SECONDS: how long a message taken by a worker stays its own; a
    #: message left "sending" by a worker that died is taken again after it. Longer than any
    #: one send (aiosmtplib's timeout, 60 s), so a slow worker is never overtaken.
    outbox_lease_seconds: int = 600
    #: DOCKET_TRAVEL_MARGIN_MINUTES: the time one person needs between hearings at courts in
    #: different cities, for the clash warnings (docket.hearings.clashes). 90 by default: the
    #: Halls of Justice of Cebu City, Mandaue and Lapu-Lapu are 10-20 km apart across the
    #: Mactan bridges, 30-40 minutes by road off-peak and often over an hour at rush hour, and
    #: a witness may have to be met and briefed at the other end. An office sets its own.
    travel_margin_minutes: int = 90

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:///")

    @classmethod
    def from_env(cls) -> Settings:
        host = os.environ.get("DOCKET_HOST", "127.0.0.1")
        port = int(os.environ.get("DOCKET_PORT", "8000"))
        return cls(
            database_url=os.environ.get("DOCKET_DATABASE_URL") or _default_database_url(),
            host=host,
            port=port,
            base_url=os.environ.get("DOCKET_BASE_URL", f"http://{host}:{port}").rstrip("/"),
            secret_key=os.environ.get("DOCKET_SECRET_KEY") or _local_secret(),
            debug=os.environ.get("DOCKET_DEBUG", "") == "1",
            pg_pool_max=int(os.environ.get("DOCKET_PG_POOL_MAX", "10")),
            cors_origins=tuple(
                o.strip() for o in os.environ.get("DOCKET_CORS_ORIGINS", "").split(",") if o.strip()
            ),
            list_pages_kept=int(os.environ.get("DOCKET_LIST_PAGES_KEPT", "256")),
            audit_head_log=Path(
                os.environ.get("DOCKET_AUDIT_HEAD_LOG") or DATA_DIR / "audit_head.log"
            ),
            trusted_proxies=_networks(os.environ.get("DOCKET_TRUSTED_PROXIES", "")),
            smtp_host=os.environ.get("DOCKET_SMTP_HOST", ""),
            smtp_port=int(os.environ.get("DOCKET_SMTP_PORT", "587")),
            smtp_user=os.environ.get("DOCKET_SMTP_USER", ""),
            smtp_password=os.environ.get("DOCKET_SMTP_PASSWORD", ""),
            smtp_starttls=os.environ.get("DOCKET_SMTP_STARTTLS", "1") != "0",
            smtp_from=os.environ.get("DOCKET_SMTP_FROM") or "Docket <docket@localhost>",
            outbox_lease_seconds=int(os.environ.get("DOCKET_OUTBOX_LEASE_SECONDS", "600")),
            travel_margin_minutes=_minutes(os.environ.get("DOCKET_TRAVEL_MARGIN_MINUTES", "90")),
        )


def _minutes(text: str) -> int:
    """A margin in whole minutes, 0 to 600; anything else stops the server with its name."""
    try:
        minutes = int(text)
    except ValueError:
        raise SystemExit(
            f"DOCKET_TRAVEL_MARGIN_MINUTES must be whole minutes, not {text!r}"
        ) from None
    if not 0 <= minutes <= 600:
        raise SystemExit("DOCKET_TRAVEL_MARGIN_MINUTES must be from 0 to 600 minutes")
    return minutes


def _networks(listed: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The trusted proxies. A typo stops the server rather than trusting the wrong peer or
    none (uvicorn's --forwarded-allow-ips silently keeps an entry it cannot read)."""
    networks = []
    for entry in (e.strip() for e in listed.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(
                f"DOCKET_TRUSTED_PROXIES: {entry!r} is not an IP address or network"
            ) from None
    return tuple(networks)


def _local_secret() -> str:
    """A per-installation secret kept in DATA_DIR/secret_key, created on first use (mode 0600)."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


@cache
def get_settings() -> Settings:
    """The settings of this process, read from the environment on first call."""
    return Settings.from_env()

"""The `docket` command: migrate, demo, serve, users."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table as RichTable

from docket.accounts.choices import Role
from docket.calendar.commands import feeds
from docket.commands import require_migrated, run
from docket.deadlines.commands import deadlines
from docket.notices.commands import notices

console = Console()


@click.group()
def main() -> None:
    """Docket: court case docket and hearing tracker for trafficking and OSAEC cases."""


@main.command()
def migrate() -> None:
    """Create or update the database tables (runs every pending migration)."""
    from docket.migrations import migrate as run_migrations
    from docket.settings import get_settings

    ok, message = run(run_migrations())
    if not ok:
        raise click.ClickException(f"Migrations failed: {message}")
    url = get_settings().database_url
    where = url.removeprefix("sqlite:///") if url.startswith("sqlite") else "PostgreSQL"
    click.echo(f"Database is up to date ({where}).")


@main.command()
@click.option("--password", default=None, help="Password for every demo login (default: shown).")
@click.option("--if-empty", is_flag=True, help="Do nothing if the database already has cases.")
def demo(password: str | None, if_empty: bool) -> None:
    """Fill an empty database with a realistic, invented Cebu docket.

    (The national demo, 50,000 cases for the benchmarks, is `python -m benchmarks.national_demo`
    in a checkout: it is a tool, not part of the application.)
    """
    require_migrated()
    from docket.demo import DEFAULT_PASSWORD, load_demo

    logins = run(load_demo(password or DEFAULT_PASSWORD, if_empty=if_empty))
    if logins is None:
        click.echo("The database already has cases; the demo was not loaded.")
        return
    table = RichTable(title="Demo logins (password: " + (password or DEFAULT_PASSWORD) + ")")
    for column in ("email", "name", "role"):
        table.add_column(column)
    for login in logins:
        table.add_row(login["email"], login["name"], login["role"])
    console.print(table)


@main.command()
@click.option("--host", envvar="DOCKET_HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="DOCKET_PORT", default=8000, type=int, show_default=True)
@click.option(
    "--workers",
    envvar="DOCKET_WORKERS",
    default=1,
    type=click.IntRange(1, 64),
    show_default=True,
    help="Server processes (PostgreSQL only; about one per core).",
)
def serve(host: str, port: int, workers: int) -> None:
    """Serve Docket over HTTP with uvicorn: one process on SQLite (it has one writer), one or
    more on PostgreSQL (--workers). Processes share everything through the database (sessions,
    login throttles, the audit trail's head that says when kept list pages are out of date),
    so any process may answer any request."""
    import ipaddress
    import os

    import uvicorn

    from docket.settings import get_settings

    # Links that leave the server (feed URLs) are made from the settings; without
    # DOCKET_BASE_URL they must name the host and port this server really listens on, not
    # the defaults (a feed link on port 8000 for a server on 8080 never updates a calendar).
    os.environ["DOCKET_HOST"] = host
    os.environ["DOCKET_PORT"] = str(port)
    get_settings.cache_clear()
    try:
        everywhere = ipaddress.ip_address(host).is_unspecified
    except ValueError:  # a host name, e.g. localhost
        everywhere = False
    if everywhere and "DOCKET_BASE_URL" not in os.environ:
        click.echo(
            f"Listening on every address: set DOCKET_BASE_URL to the address people use, or "
            f"feed links will say {get_settings().base_url}",
            err=True,
        )
    if workers > 1 and get_settings().is_sqlite:
        raise click.UsageError(
            "--workers: SQLite has one writer, so Docket on SQLite runs one process; "
            "use PostgreSQL for more"
        )
    require_migrated()
    uvicorn.run(
        "docket.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # Forwarded headers are read by docket.proxies, from DOCKET_TRUSTED_PROXIES only;
        # uvicorn's own would believe any process on this machine (127.0.0.1).
        proxy_headers=False,
        server_header=False,
        # Access logs would print feed URLs, whose path is the secret token.
        access_log=False,
    )


@main.command()
@click.option(
    "--poll",
    default=5.0,
    type=click.FloatRange(0.1, 3600),
    show_default=True,
    help="Seconds between looks at the outbox.",
)
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
def worker(poll: float, once: bool) -> None:
    """Send the outbox's emails (same-day alerts, daily agendas) through DOCKET_SMTP_HOST,
    with retries and back-off. On PostgreSQL several may run; on SQLite run one."""
    import logging

    from docket.reminders.worker import run_worker

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("docket").setLevel(logging.INFO)
    require_migrated()
    try:
        sent = run(run_worker(poll_seconds=poll, once=once))
    except KeyboardInterrupt:  # pragma: no cover - stopped by hand
        return
    if once:
        click.echo(f"Sent {sent} message(s).")


@main.group()
def users() -> None:
    """Create and list users, and issue API tokens."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--phone", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_create(email: str, name: str, role: str, phone: str, password_stdin: bool) -> None:
    """Create a user; the password is asked for (or read from standard input)."""
    from docket.accounts.services import create_user

    require_migrated()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    row = run(
        create_user(None, email=email, name=name, role=Role(role), password=password, phone=phone)
    )
    click.echo(f"Created {row['role']} {row['email']} (id {row['id']}).")


@users.command("list")
def users_list() -> None:
    """Print the users as a table."""
    from docket.accounts.services import list_users

    require_migrated()
    rows = run(list_users())
    table = RichTable()
    for column in ("email", "name", "role", "active"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["email"], row["name"], row["role"], "yes" if row["active"] else "no")
    console.print(table)


@users.command("token")
@click.argument("email", required=False)
@click.option("--email", "email_option", default=None, hidden=True, help="Same as EMAIL.")
@click.option("--name", required=True, help='What the token is for, e.g. "court-laptop script".')
@click.option(
    "--days",
    type=click.IntRange(1, 365),
    default=90,
    show_default=True,
    help="Days until it stops working (at most 365).",
)
def users_token(email: str | None, email_option: str | None, name: str, days: int) -> None:
    """Issue a personal API token to EMAIL (for Authorization: Bearer); printed once, on the
    last line. List them with `docket users tokens`, stop one with `docket users revoke-token`."""
    from docket.accounts.tokens import issue_api_token

    email = email or email_option
    if not email:
        raise click.UsageError("Give the person's email: docket users token EMAIL --name NAME")
    require_migrated()
    token = run(issue_api_token(email, name=name, days=days))
    click.echo(
        f"New API token '{name.strip()}', valid {days} days (shown once; keep it secret):", err=True
    )
    click.echo(token)


@users.command("tokens")
@click.option("--user", "email", default=None, help="Only this person's tokens.")
def users_tokens(email: str | None) -> None:
    """Print the API tokens as a table: never the tokens, only their first characters."""
    from docket.accounts.tokens import list_all_tokens

    require_migrated()
    rows = run(list_all_tokens(email))
    table = RichTable()
    for column in ("id", "owner", "name", "starts", "issued", "expires", "last used", "state"):
        table.add_column(column)
    for row in rows:
        used, expires = row["last_used_at"], row["expires_at"]
        table.add_row(
            str(row["id"]),
            row["owner_email"],
            row["name"],
            row["prefix"] or "-",
            f"{row['created_at']:%Y-%m-%d}",
            f"{expires:%Y-%m-%d}" if expires else "-",
            f"{used:%Y-%m-%d %H:%M}" if used else "never",
            row["state"],
        )
    console.print(table)


@users.command("revoke-token")
@click.argument("token_id", type=click.IntRange(1, 2**31 - 1))
def users_revoke_token(token_id: int) -> None:
    """Stop one API token at once (its id is in `docket users tokens`)."""
    from docket.accounts.services import system_actor
    from docket.accounts.tokens import revoke_token

    require_migrated()
    token = run(revoke_token(system_actor("docket command line"), token_id))
    click.echo(f"Token {token.id} ({token.name}) is revoked.")


@users.command("disable")
@click.option("--email", required=True)
def users_disable(email: str) -> None:
    """Disable an account: its sessions and API tokens stop working at once."""
    from docket.accounts.services import disable_user

    require_migrated()
    run(disable_user(None, email))
    click.echo(f"Disabled {email.strip().lower()}; its sessions and tokens are revoked.")


@users.command("unlock")
@click.argument("email")
def users_unlock(email: str) -> None:
    """Unlock an account locked by wrong logins: the person can log in again at once."""
    from docket.accounts.services import unlock_user

    require_migrated()
    run(unlock_user(None, email=email))
    click.echo(f"Unlocked {email.strip().lower()}.")


@main.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--encrypt",
    is_flag=True,
    help="Encrypt it with the backup key (DOCKET_BACKUP_KEYS, default var/backup_keys, made "
    "on first use): keep a copy of that file apart from the backups.",
)
def backup_command(target: Path, encrypt: bool) -> None:
    """Back up the whole database to TARGET (and TARGET.manifest.json: the row counts, taken
    from the same moment as the copy). Safe while Docket serves."""
    from docket.backup import BackupError, backup, keys_path

    require_migrated()
    try:
        manifest = run(backup(target, encrypt=encrypt))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    rows = sum(manifest["row_counts"].values())
    click.echo(f"Backed up {rows} rows to {target} ({manifest['engine']}).")
    if manifest["encrypted_with"]:
        click.echo(
            f"Encrypted with backup key {manifest['encrypted_with']} from {keys_path()}: a "
            f"restore needs that file; keep a copy of it apart from the backups."
        )


@main.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
def restore_command(source: Path, yes: bool) -> None:
    """Replace the database with the backup SOURCE. The backup is restored and checked table
    by table first; if it does not match its manifest, the database is left as it was. Stop
    the server first."""
    from docket.backup import BackupError, restore

    if not yes:
        click.confirm("This replaces everything in the database. Go on?", abort=True)
    try:
        counts = run(restore(source))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {sum(counts.values())} rows; every table's count matches the backup.")


@main.group()
def identity() -> None:
    """The key that seals who each survivor is (DOCKET_IDENTITY_KEYS, default var/identity_keys)."""


@identity.command("rotate-key")
@click.option("--yes", is_flag=True, help="Do not ask first.")
def identity_rotate_key(yes: bool) -> None:
    """Seal every survivor's identity and trip plan with a new key, then drop the old one.
    Stop the server first; keep a copy of the new key file apart from the backups."""
    from docket.cases.identity import rotate_identity_key
    from docket.cases.sealing import SealError, keys_path

    require_migrated()
    if not yes:
        click.confirm(
            "Seal every identity, trip plan and restricted note with a new key and drop the old "
            "key?",
            abort=True,
        )
    try:
        resealed = run(rotate_identity_key())
    except SealError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Sealed {resealed.identities} identities and {resealed.trip_plans} trip plans with a "
        f"new key, and {resealed.restricted_notes} restricted notes; the key file is "
        f"{keys_path()}."
    )


@main.group()
def audit() -> None:
    """Check the audit trail's hash chain."""


@audit.command("verify")
@click.option("--anchor", default=None, help="ID:HASH printed earlier by `docket audit head`.")
def audit_verify(anchor: str | None) -> None:
    """Verify every row of the trail, its head, its first record and every head the head log
    (outside the database) recorded; report the first broken link. Exit 1 if broken."""
    from docket.audit.headlog import head_log_path
    from docket.audit.services import verify_trail

    require_migrated()
    anchored: tuple[int, str] | None = None
    if anchor:
        anchor_id, _, anchor_hash = anchor.partition(":")
        if not anchor_id.isdigit() or len(anchor_hash) != 64:
            raise click.BadParameter("use the ID:HASH that `docket audit head` printed")
        anchored = (int(anchor_id), anchor_hash)
    verdict = run(verify_trail(anchored))
    if verdict.ok:
        click.echo(
            f"The audit trail verifies: {verdict.rows} rows, chain and head intact; "
            f"{verdict.heads_checked} heads recorded in {head_log_path()} are all still there."
        )
        return
    where = f" at row {verdict.first_broken_id}" if verdict.first_broken_id else ""
    click.echo(f"The audit trail is BROKEN{where}: {verdict.problem}.", err=True)
    sys.exit(1)


@audit.command("head")
def audit_head() -> None:
    """Print the trail's last row as ID:HASH; keep it off this machine (a printout, an email)
    so that a later `verify --anchor` catches rows cut off the end."""
    from docket.audit.services import trail_head

    require_migrated()
    last_id, last_hash = run(trail_head())
    click.echo(f"{last_id}:{last_hash}")


main.add_command(feeds)
main.add_command(deadlines)
main.add_command(notices)


if __name__ == "__main__":  # pragma: no cover
    main()

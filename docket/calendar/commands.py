"""`docket feeds …`: issue, list and revoke calendar feed links from the command line."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table as RichTable

from docket.calendar.choices import parse_scope
from docket.commands import require_migrated, run

console = Console()


@click.group()
def feeds() -> None:
    """Issue, list and revoke calendar feed links."""


@feeds.command("issue")
@click.option(
    "--user", "email", required=True, help="The owner's email; the feed shows what they may see."
)
@click.option("--scope", required=True, help="mine, case:ID, court:ID or team:ID")
@click.option("--deadlines", is_flag=True, help="Add the case deadlines as all-day events.")
@click.option("--alarms", is_flag=True, help="Add reminders (they show on lock screens).")
@click.option("--name", default=None, help="A label for the owner (default: the scope).")
def feeds_issue(email: str, scope: str, deadlines: bool, alarms: bool, name: str | None) -> None:
    """Issue a feed link; it is printed once, alone on the last line."""
    from docket.calendar.schemas import FeedCreate
    from docket.calendar.services import create_feed, user_actor

    try:
        kind, scope_id = parse_scope(scope)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--scope") from None
    require_migrated()

    async def issue() -> str:
        actor = await user_actor(email)
        issued = await create_feed(
            actor,
            FeedCreate(
                scope=kind,
                scope_id=scope_id,
                name=name,
                include_deadlines=deadlines,
                include_alarms=alarms,
            ),
        )
        return issued.url

    if name is not None and not 1 <= len(name.strip()) <= 100:
        raise click.BadParameter("give 1 to 100 characters", param_hint="--name")
    url = run(issue())
    click.echo("New feed link (shown once; anyone with it sees these hearings):", err=True)
    click.echo(url)


@feeds.command("list")
@click.option("--user", "email", default=None, help="Only this person's feeds.")
def feeds_list(email: str | None) -> None:
    """Print the feeds as a table (the links themselves are not kept, only their hashes)."""
    from docket.calendar.services import list_all_feeds

    require_migrated()
    rows = run(list_all_feeds(email))
    table = RichTable()
    for column in ("id", "owner", "name", "scope", "options", "created", "last fetched", "state"):
        table.add_column(column)
    for row in rows:
        scope = row["scope"] + (f":{row['scope_id']}" if row["scope_id"] else "")
        options = ", ".join(
            word
            for word, on in (
                ("deadlines", row["include_deadlines"]),
                ("alarms", row["include_alarms"]),
            )
            if on
        )
        fetched = row["last_fetched_at"]
        table.add_row(
            str(row["id"]),
            row["owner_email"],
            row["name"],
            scope,
            options or "-",
            f"{row['created_at']:%Y-%m-%d %H:%M}",
            f"{fetched:%Y-%m-%d %H:%M} {row['last_user_agent'][:40]}" if fetched else "never",
            f"revoked {row['revoked_at']:%Y-%m-%d}" if row["revoked_at"] else "active",
        )
    console.print(table)


@feeds.command("revoke")
@click.argument("feed_id", type=click.IntRange(1, 2**31 - 1))
def feeds_revoke(feed_id: int) -> None:
    """Revoke a feed link: an empty calendar for 30 days, then nothing."""
    from docket.accounts.services import system_actor
    from docket.calendar.services import revoke_feed

    require_migrated()
    feed = run(revoke_feed(system_actor("docket command line"), feed_id))
    click.echo(f"Feed {feed.id} ({feed.name}) is revoked.")

"""`docket deadlines --at-risk`: the office-wide list of deadlines at risk, as a table."""

from __future__ import annotations

import datetime as dt

import click
from rich.console import Console
from rich.table import Table as RichTable

from docket.commands import require_migrated, run

console = Console()


@click.command("deadlines")
@click.option("--at-risk", "at_risk", is_flag=True, help="Deadlines due within 7 days or overdue.")
@click.option("--team", "team_id", type=click.IntRange(min=1), help="Only this team's cases (id).")
@click.option("--prosecutor", "email", help="Only the cases of this prosecutor (email).")
@click.option("--court", "court_id", type=click.IntRange(min=1), help="Only this court (id).")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Statuses as on this day (default: today in Manila).",
)
def deadlines(
    at_risk: bool,
    team_id: int | None,
    email: str | None,
    court_id: int | None,
    as_of: dt.datetime | None,
) -> None:
    """Print deadlines across the office (every case: the command line acts for the office)."""
    from docket.accounts.services import system_actor
    from docket.cases.progress import court_today
    from docket.deadlines.schemas import AtRiskList
    from docket.deadlines.services import deadlines_at_risk, prosecutor_id_by_email

    if not at_risk:
        raise click.UsageError("Say which deadlines: --at-risk")
    require_migrated()
    today = as_of.date() if as_of else court_today()
    office = system_actor("docket command line")

    async def found() -> AtRiskList:
        prosecutor_id = await prosecutor_id_by_email(email) if email else None
        return await deadlines_at_risk(
            office, today=today, team_id=team_id, prosecutor_id=prosecutor_id, court_id=court_id
        )

    at_risk_list = run(found())
    for case in at_risk_list.needs_attention:
        for problem in case.problems:
            click.echo(f"Needs attention: {case.docket_number}: {problem}", err=True)
    items = at_risk_list.items
    if not items:
        click.echo(f"No deadline is at risk on {today.isoformat()}.")
        return
    table = RichTable(title=f"Deadlines at risk on {today:%a %d %b %Y} ({len(items)})")
    for column in ("due", "status", "docket no.", "caption", "court", "lead prosecutor", "what"):
        table.add_column(column)
    table.add_column("source")
    for item in items:
        d = item.deadline
        late = (today - d.due_on).days
        if d.status == "missed":
            status = f"missed by {d.days_over}d"
        else:
            status = f"overdue {late}d" if d.status == "overdue" else f"in {-late}d"
        table.add_row(
            d.due_on.isoformat(),
            status,
            item.docket_number,
            item.caption,
            item.court_name or "",
            item.lead_prosecutor_name or "",
            d.title,
            d.source,
        )
    console.print(table)

"""`docket notices due` and `docket notices render`: the command line acts for the office, so it
may print any survivor's notice; each print is recorded with no person and an audit row."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import click
from rich.console import Console
from rich.table import Table as RichTable

from docket.cases.choices import Language
from docket.commands import require_migrated, run
from docket.courts.zones import zone_of
from docket.notices.choices import NoticeVariant, Paper

console = Console()

#: The command line's variant names (file-name style) and the variants they stand for.
VARIANTS = {
    "young-child": NoticeVariant.YOUNG_CHILD,
    "child": NoticeVariant.CHILD,
    "adult": NoticeVariant.ADULT,
    "checklist": NoticeVariant.ADVOCATE_CHECKLIST,
    "court-not-on": NoticeVariant.CANCELLED_NOTE,
}


@click.group("notices")
def notices() -> None:
    """Hearing-preparation notices: who needs one soon, and printing one."""


@notices.command("due")
@click.option(
    "--days", default=14, show_default=True, type=click.IntRange(1, 90), help="Days ahead."
)
@click.option("--advocate", "email", help="Only this advocate's survivors (email).")
def due(days: int, email: str | None) -> None:
    """The coming hearing and survivor pairs, by pseudonym, with reprints needed."""
    from docket.accounts.choices import Role
    from docket.accounts.tables import User
    from docket.errors import InvalidInput
    from docket.notices.api_schemas import NoticesDue
    from docket.notices.services import VARIANT_SLUGS, notices_due

    require_migrated()

    async def found() -> NoticesDue:
        advocate_id = None
        if email:
            user = (
                await User.select(User.id)
                .where((User.email == email.strip().lower()) & (User.role == Role.ADVOCATE))
                .first()
            )
            if user is None:
                raise InvalidInput.field("--advocate", f"no advocate has the email {email}")
            advocate_id = user["id"]
        from docket.accounts.services import system_actor

        return await notices_due(
            system_actor("docket command line"), days=days, advocate_id=advocate_id
        )

    answer = run(found())
    if not answer.items:
        click.echo(f"No hearing in the next {days} days needs a notice.")
        return
    table = RichTable(title=f"Notices due in the next {days} days ({len(answer.items)})")
    for column in (
        "hearing",
        "survivor",
        "pseudonym",
        "date",
        "kind",
        "court",
        "variant",
        "lang",
        "prepared",
        "last print",
        "reprint",
    ):
        table.add_column(column)
    for item in answer.items:
        local = item.starts_at.astimezone(zone_of(item.court_timezone))
        status = "" if item.hearing_status in ("scheduled", "reset") else f" {item.hearing_status}"
        table.add_row(
            str(item.hearing_id),
            str(item.survivor_id),
            item.pseudonym,
            f"{local:%a %d %b %Y %H:%M}{status}",
            item.hearing_kind.value.replace("_", " "),
            item.court_name,
            VARIANT_SLUGS[item.suggested_variant],
            item.language.value,
            "yes" if item.preparation_complete else "no",
            f"{item.last_print.printed_at.astimezone(zone_of(item.court_timezone)):%d %b %H:%M}"
            if item.last_print
            else "",
            "REPRINT NEEDED" if item.reprint_needed else "",
        )
    console.print(table)


#: What the output file's name asks for; anything else is a PDF.
_FORMATS: dict[str, Literal["pdf", "html", "txt"]] = {
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
}


@notices.command("render")
@click.option("--hearing", "hearing_id", required=True, type=click.IntRange(1, 2**31 - 1))
@click.option("--survivor", "survivor_id", required=True, type=click.IntRange(1, 2**31 - 1))
@click.option(
    "--variant",
    type=click.Choice(list(VARIANTS)),
    help="Default: the one suggested for the survivor's age band.",
)
@click.option(
    "--lang",
    type=click.Choice([language.value for language in Language]),
    help="Default: the survivor's language.",
)
@click.option(
    "--paper",
    type=click.Choice([paper.value for paper in Paper]),
    default=Paper.LETTER.value,
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The file to write: FILE.pdf, FILE.html for the print view, or FILE.txt for the "
    "words alone (braille, screen readers).",
)
def render(
    hearing_id: int,
    survivor_id: int,
    variant: str | None,
    lang: str | None,
    paper: str,
    output: Path,
) -> None:
    """Print one notice to a file and record the print."""
    from docket.notices.api_schemas import NoticeRequest
    from docket.notices.services import print_notice

    require_migrated()
    request = NoticeRequest(
        variant=VARIANTS[variant] if variant else None,
        lang=Language(lang) if lang else None,
        paper=Paper(paper),
        format=_FORMATS.get(output.suffix.lower(), "pdf"),
    )
    from docket.accounts.services import system_actor

    printed = run(
        print_notice(system_actor("docket command line"), hearing_id, survivor_id, request)
    )
    output.write_bytes(printed.content)
    click.echo(f"Wrote {output} ({printed.filename}); print no. {printed.print_id} recorded.")

"""Who may see which case: the case's own people (lead prosecutor and members), the members of
the team that handles it, and admins.

Every service is told who is acting (an Actor) and asks here, with that actor, whether a row or a
list is within their reach: there is no ambient "current person" that a list could forget to use
or that would let everything through outside a request. The command line, the demo loader and
background work act as the system (docket.accounts.services.system_actor), which reaches every
case and says so. Renderers that leave the building (calendar feeds) ask at every use, so a
person taken off a case stops seeing it at once."""

from __future__ import annotations

import contextvars
from typing import Any

from litestar.exceptions import PermissionDeniedException
from piccolo.table import Table

from docket.accounts.choices import Role
from docket.accounts.services import Actor
from docket.accounts.tables import TeamMember
from docket.cases.tables import Case, CaseMember
from docket.db import fetch, is_sqlite
from docket.errors import NotFound

#: The cases a person may see, as SQL with two ? for their user id: the cases they are on and
#: the cases of their teams. Lists filter with it in SQL, so no list of ids travels.
VISIBLE_CASES_SQL = (
    'SELECT "case" FROM case_member WHERE "user" = ?'
    " UNION SELECT id FROM court_case"
    ' WHERE team IN (SELECT team FROM team_member WHERE "user" = ?)'
)


async def visible_case_ids(user_id: int, role: Role) -> set[int] | None:
    """The ids of the cases this user may see; None means every case (admins)."""
    if role == Role.ADMIN:
        return None
    return {row["case"] for row in await fetch(VISIBLE_CASES_SQL, user_id, user_id)}


def visible_cases_clause(
    actor: Actor, column: str, *, listing: bool = False
) -> tuple[str, list[Any]]:
    """SQL limiting `column` (a case id) to the cases this person may see, and its parameters;
    ("", []) for an admin (and the system, which acts with an admin's reach).

    `listing`: the clause picks many rows (a list). PostgreSQL then gets the ids as one array
    worked out once, and its index reads look each case up in turn, where `IN (subquery)`
    joined a hashed set to every hearing (national hearings list 2.35 -> 1.87 ms). For one
    row (a case's page) the subquery is quicker (0.20 against 0.32 ms). SQLite reads an IN
    list the first way already."""
    if actor.role == Role.ADMIN:
        return "", []
    if listing and not is_sqlite():
        return f" AND {column} = ANY(ARRAY({VISIBLE_CASES_SQL}))", [actor.id, actor.id]
    return f" AND {column} IN ({VISIBLE_CASES_SQL})", [actor.id, actor.id]


def visible_cases_query(actor: Actor) -> Any:
    """The cases this person may see (those they are on and their teams'), as a Piccolo
    subquery of case ids for ``is_in``; every case for an admin."""
    if actor.role == Role.ADMIN:
        return Case.select(Case.id)
    own = CaseMember.select(CaseMember.case).where(CaseMember.user == actor.id)
    teams = TeamMember.select(TeamMember.team).where(TeamMember.user == actor.id)
    return Case.select(Case.id).where(Case.id.is_in(own) | Case.team.is_in(teams))


async def leads_case(actor: Actor, case_id: int) -> bool:
    """Whether this person is the case's lead prosecutor."""
    return bool(
        await CaseMember.exists().where(
            (CaseMember.case == case_id) & (CaseMember.user == actor.id) & CaseMember.lead.eq(True)
        )
    )


async def require_lead_or_admin(actor: Actor, case_id: int, decision: str) -> None:
    """Who works on a case and for whom are the lead prosecutor's decisions (or an admin's):
    403 for anyone else, so that nobody can make themselves a survivor's advocate or take a
    case to their own team. The system (command line, demo loader) acts with an admin's reach."""
    if actor.role == Role.ADMIN:
        return
    if actor.role == Role.PROSECUTOR and await leads_case(actor, case_id):
        return
    raise PermissionDeniedException(f"Only the case's lead prosecutor or an admin may {decision}")


async def member_case_ids(user_id: int) -> set[int]:
    """The cases the user is assigned to (lead or member): "my hearings"."""
    rows = await CaseMember.select(CaseMember.case).where(CaseMember.user == user_id)
    return {row["case"] for row in rows}


async def team_ids_of(user_id: int) -> set[int]:
    rows = await TeamMember.select(TeamMember.team).where(TeamMember.user == user_id)
    return {row["team"] for row in rows}


#: The visible case ids of the person a request acts for, worked out once per request (the
#: request middleware opens a fresh one for each request). Only a saving: what a person may
#: reach is always decided from the Actor passed in, never from this.
visible_cache: contextvars.ContextVar[tuple[int, set[int] | None] | None] = contextvars.ContextVar(
    "visible_cases", default=None
)


async def visible_to(actor: Actor) -> set[int] | None:
    """The cases this person may see (None: every case, for an admin or the system)."""
    if actor.role == Role.ADMIN:
        return None
    cached = visible_cache.get()
    if cached is not None and cached[0] == actor.id:
        return cached[1]
    visible = await visible_case_ids(actor.id, actor.role)
    visible_cache.set((actor.id, visible))
    return visible


async def check_case_visible(actor: Actor, case_id: int | None, what: str) -> None:
    """404 (never 403: existence must not leak) when this person may not see the case."""
    visible = await visible_to(actor)
    if visible is not None and case_id not in visible:
        raise NotFound(what)


async def check_row_visible(
    actor: Actor, table: type[Table], row: dict[str, Any], what: str
) -> None:
    """Object-level check for any row that belongs to a case, directly or through a hearing or
    a survivor. A row of no case (a court) is everyone's to read; the policy table limits who
    may change it."""
    if actor.role == Role.ADMIN:
        return
    if table is Case:
        await check_case_visible(actor, row["id"], what)
    elif "case" in row:
        await check_case_visible(actor, row["case"], what)
    elif "hearing" in row:
        from docket.hearings.tables import Hearing

        hearing = await Hearing.select(Hearing.case).where(Hearing.id == row["hearing"]).first()
        await check_case_visible(actor, hearing["case"] if hearing else None, what)
    elif "survivor" in row:
        from docket.cases.tables import Survivor

        survivor = (
            await Survivor.select(Survivor.case).where(Survivor.id == row["survivor"]).first()
        )
        await check_case_visible(actor, survivor["case"] if survivor else None, what)

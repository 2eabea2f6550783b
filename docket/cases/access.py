"""Who may see which case: the case's own people (lead prosecutor and members), the members of
the team that handles it, and admins. Renderers that leave the building (calendar feeds) check
this at every use, so a person taken off a case stops seeing it at once."""

from __future__ import annotations

from docket.accounts.choices import Role
from docket.accounts.tables import TeamMember
from docket.cases.tables import Case, CaseMember


async def visible_case_ids(user_id: int, role: Role) -> set[int] | None:
    """The ids of the cases this user may see; None means every case (admins)."""
    if role == Role.ADMIN:
        return None
    own = await CaseMember.select(CaseMember.case).where(CaseMember.user == user_id)
    teams = await TeamMember.select(TeamMember.team).where(TeamMember.user == user_id)
    team_ids = [t["team"] for t in teams]
    by_team = await Case.select(Case.id).where(Case.team.is_in(team_ids)) if team_ids else []
    return {row["case"] for row in own} | {row["id"] for row in by_team}


async def member_case_ids(user_id: int) -> set[int]:
    """The cases the user is assigned to (lead or member): "my hearings"."""
    rows = await CaseMember.select(CaseMember.case).where(CaseMember.user == user_id)
    return {row["case"] for row in rows}


async def team_ids_of(user_id: int) -> set[int]:
    rows = await TeamMember.select(TeamMember.team).where(TeamMember.user == user_id)
    return {row["team"] for row in rows}

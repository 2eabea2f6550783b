"""Who works on a case and for whom: the lead prosecutor's decisions (or an admin's).

Changing the lead prosecutor, putting people on a case or taking them off, and moving the case
to another team are each their own action in the audit trail, with who was assigned before and
after. Only the case's lead prosecutor or an admin may take them (docket.cases.access), so
nobody can put themselves on a case or take a case to their own team.

A case is seen by its own people and by its team's members (docket.cases.access), and every
list, feed and notice is drawn from that at each request: a transfer moves the case's hearings,
deadlines and notices to the new team at once. The one thing that does not follow by itself is
a survivor's advocate: an advocate who sees the case only through the old team would lose it,
and the survivor's notices with it. A transfer therefore names a new advocate for each such
survivor, and taking an advocate off a case waits until her survivors have another.
"""

from __future__ import annotations

from typing import Any

from piccolo.columns import Column

from docket.accounts.choices import Role
from docket.accounts.services import Actor
from docket.accounts.tables import Team, TeamMember, User
from docket.audit.services import record
from docket.cases.access import require_lead_or_admin
from docket.cases.free_text import check_free_text
from docket.cases.schemas import CaseRead, CaseTransfer, LeadChange, MemberAdd
from docket.cases.services import get_case
from docket.cases.tables import Case, CaseMember, Survivor
from docket.db import utc_now, write_tx
from docket.editing import fetch_one
from docket.errors import Conflict, FieldError, InvalidInput, NotFound, StaleEdit


async def _members(case_id: int) -> list[dict[str, Any]]:
    """The case's people, lead first, then by when they joined."""
    rows = await CaseMember.select().where(CaseMember.case == case_id).order_by(CaseMember.id)
    return sorted(rows, key=lambda row: not row["lead"])


async def _move_on(case_id: int, version: int | None, values: dict[Column | str, Any]) -> None:
    """Apply `values` to the case and move its version on, if it is still at `version` (None:
    whatever it is). The version in the WHERE clause makes the check and the write one step."""
    where: Any = Case.id == case_id
    if version is not None:
        where &= Case.version == version
    values = {**values, Case.version: Case.version + 1, Case.updated_at: utc_now()}
    if not await Case.update(values).where(where).returning(Case.id):
        current = await Case.select(Case.version).where(Case.id == case_id).first()
        if current is None:
            raise NotFound("case")
        raise StaleEdit(current["version"])


async def survivors_losing_their_advocate(
    case_id: int,
    *,
    team_id: int | None,
    leaving: int | None = None,
    handed: frozenset[int] = frozenset(),
) -> list[str]:
    """The pseudonyms of the case's survivors whose advocate would no longer see the case if it
    belonged to `team_id` and `leaving` were taken off it (survivors in `handed` get a new
    advocate in the same step)."""
    survivors = [
        row
        for row in await Survivor.select(Survivor.id, Survivor.pseudonym, Survivor.advocate)
        .where((Survivor.case == case_id) & Survivor.advocate.is_not_null())
        .order_by(Survivor.pseudonym)
        if row["id"] not in handed
    ]
    if not survivors:
        return []
    seeing = {row["user"] for row in await _members(case_id)} - {leaving}
    if team_id is not None:
        team = await TeamMember.select(TeamMember.user).where(TeamMember.team == team_id)
        seeing |= {row["user"] for row in team}
    return [row["pseudonym"] for row in survivors if row["advocate"] not in seeing]


async def _record(
    actor: Actor, case_id: int, action: str, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """One decision about the case's people or team in its trail, with before and after."""
    await record(
        actor.audit_id,
        action,
        entity="case",
        entity_id=case_id,
        case_id=case_id,
        before=before,
        after=after,
    )


def losing_message(pseudonyms: list[str], remedy: str) -> str:
    return (
        f"the advocate of {', '.join(pseudonyms)} would no longer see the case "
        f"(neither on it nor in its team): {remedy}"
    )


# --- the lead prosecutor -----------------------------------------------------------------


async def change_lead(actor: Actor, case_id: int, data: LeadChange, version: int) -> CaseRead:
    """Hand the case to another prosecutor. The lead before stays on the case as a member (the
    new lead may take them off); the trail records both."""
    new_lead = data.lead_prosecutor_id
    async with write_tx():
        await fetch_one(actor, Case, case_id, "case")
        await require_lead_or_admin(actor, case_id, "change the lead prosecutor")
        user = await User.select(User.role, User.active).where(User.id == new_lead).first()
        if user is None or user["role"] != Role.PROSECUTOR or not user["active"]:
            raise InvalidInput.field(
                "lead_prosecutor_id", "must be the user id of a prosecutor whose account is active"
            )
        members = await _members(case_id)
        old_lead = next((row["user"] for row in members if row["lead"]), None)
        if old_lead == new_lead:
            raise Conflict("This prosecutor already leads the case")
        await _move_on(case_id, version, {})
        await CaseMember.update({CaseMember.lead: False}).where(
            (CaseMember.case == case_id) & CaseMember.lead.eq(True)
        )
        if any(row["user"] == new_lead for row in members):
            await CaseMember.update({CaseMember.lead: True}).where(
                (CaseMember.case == case_id) & (CaseMember.user == new_lead)
            )
        else:
            await CaseMember.insert(CaseMember(case=case_id, user=new_lead, lead=True))
        await _record(actor, case_id, "case.lead_changed", {"lead": old_lead}, {"lead": new_lead})
    return await get_case(actor, case_id)


# --- the case's people -------------------------------------------------------------------


async def add_member(actor: Actor, case_id: int, data: MemberAdd) -> CaseRead:
    """Put someone on the case. The case's version moves on: its list of people changed."""
    async with write_tx():
        await fetch_one(actor, Case, case_id, "case")
        await require_lead_or_admin(actor, case_id, "put someone on the case")
        user = await User.select(User.active).where(User.id == data.user_id).first()
        if user is None or not user["active"]:
            raise InvalidInput.field("user_id", "no active user has this id")
        members = await _members(case_id)
        if any(row["user"] == data.user_id for row in members):
            raise Conflict("This person is already on the case")
        # As the case reads (member_ids): the lead's changes are case.lead_changed.
        before = [row["user"] for row in members if not row["lead"]]
        await _move_on(case_id, None, {})
        await CaseMember.insert(CaseMember(case=case_id, user=data.user_id, lead=False))
        await _record(
            actor,
            case_id,
            "case.member_added",
            {"member_ids": before},
            {"member_ids": [*before, data.user_id]},
        )
    return await get_case(actor, case_id)


async def remove_member(actor: Actor, case_id: int, user_id: int) -> CaseRead:
    """Take someone off the case. Not the lead prosecutor (name another lead first), and not a
    survivor's advocate who would then lose the case (name the survivor's new advocate first)."""
    async with write_tx():
        case = await fetch_one(actor, Case, case_id, "case")
        await require_lead_or_admin(actor, case_id, "take someone off the case")
        members = await _members(case_id)
        leaving = next((row for row in members if row["user"] == user_id), None)
        if leaving is None:
            raise NotFound("case member")
        if leaving["lead"]:
            raise Conflict(
                "The lead prosecutor cannot be taken off the case: name another lead first "
                f"(PUT /api/cases/{case_id}/lead)"
            )
        losing = await survivors_losing_their_advocate(
            case_id, team_id=case["team"], leaving=user_id
        )
        if losing:
            raise Conflict(losing_message(losing, "name the survivor's new advocate first"))
        await _move_on(case_id, None, {})
        await CaseMember.delete().where(CaseMember.id == leaving["id"])
        before = [row["user"] for row in members if not row["lead"]]
        await _record(
            actor,
            case_id,
            "case.member_removed",
            {"member_ids": before},
            {"member_ids": [member for member in before if member != user_id]},
        )
    return await get_case(actor, case_id)


# --- the team ----------------------------------------------------------------------------


async def _check_handovers(case_id: int, data: CaseTransfer) -> frozenset[int]:
    """400 naming each handover that cannot be: a survivor of another case, twice the same
    survivor, or an advocate who would not see the case after the transfer."""
    errors: list[FieldError] = []
    members = {row["user"] for row in await _members(case_id)}
    team = await TeamMember.select(TeamMember.user).where(TeamMember.team == data.team_id)
    seeing = members | {row["user"] for row in team}
    handed: set[int] = set()
    for index, handover in enumerate(data.advocates):
        field = f"advocates[{index}]"
        if handover.survivor_id in handed:
            errors.append(FieldError(field=f"{field}.survivor_id", message="is named twice"))
        elif not await Survivor.exists().where(
            (Survivor.id == handover.survivor_id) & (Survivor.case == case_id)
        ):
            errors.append(
                FieldError(
                    field=f"{field}.survivor_id", message="no survivor of this case has this id"
                )
            )
        handed.add(handover.survivor_id)
        advocate = (
            await User.select(User.role, User.active).where(User.id == handover.advocate_id).first()
        )
        if advocate is None or advocate["role"] != Role.ADVOCATE or not advocate["active"]:
            errors.append(
                FieldError(
                    field=f"{field}.advocate_id", message="must be a victim advocate's user id"
                )
            )
        elif handover.advocate_id not in seeing:
            errors.append(
                FieldError(
                    field=f"{field}.advocate_id",
                    message="must be an advocate of the new team or on the case",
                )
            )
    if errors:
        raise InvalidInput(*errors)
    return frozenset(handed)


async def transfer_case(actor: Actor, case_id: int, data: CaseTransfer, version: int) -> CaseRead:
    """Move the case to another team, handing survivors to new advocates where their own would
    lose the case. The transfer and each handover are audited in one transaction."""
    reason = data.reason.strip()
    if not reason:
        raise InvalidInput.field("reason", "say in a few words why the case moves")
    async with write_tx():
        case = await fetch_one(actor, Case, case_id, "case")
        await require_lead_or_admin(actor, case_id, "move the case to another team")
        if not await Team.exists().where(Team.id == data.team_id):
            raise InvalidInput.field("team_id", "no team has this id")
        await check_free_text(case_id, {"reason": reason})
        handed = await _check_handovers(case_id, data)
        if case["version"] != version:
            raise StaleEdit(case["version"])
        if case["team"] == data.team_id:
            raise Conflict("The case is already with this team")
        losing = await survivors_losing_their_advocate(case_id, team_id=data.team_id, handed=handed)
        if losing:
            raise InvalidInput.field(
                "advocates", losing_message(losing, "name their new advocate here")
            )
        await _move_on(case_id, version, {Case.team: data.team_id})
        await _record(
            actor,
            case_id,
            "case.transferred",
            {"team": case["team"]},
            {"team": data.team_id, "reason": reason},
        )
        for handover in data.advocates:
            await _hand_over(actor, case_id, handover.survivor_id, handover.advocate_id)
    return await get_case(actor, case_id)


async def _hand_over(actor: Actor, case_id: int, survivor_id: int, advocate_id: int) -> None:
    survivor = await Survivor.select(Survivor.advocate).where(Survivor.id == survivor_id).first()
    if survivor is None or survivor["advocate"] == advocate_id:
        return
    await Survivor.update(
        {Survivor.advocate: advocate_id, Survivor.version: Survivor.version + 1}
    ).where(Survivor.id == survivor_id)
    await record(
        actor.audit_id,
        "survivor.advocate_assigned",
        entity="survivor",
        entity_id=survivor_id,
        case_id=case_id,
        before={"advocate": survivor["advocate"]},
        after={"advocate": advocate_id},
    )

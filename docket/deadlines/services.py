"""A case's deadlines, the office-wide list of those at risk, and court closures.

Nothing here is stored: every call reads the facts (docket.deadlines.facts) and computes the
deadlines anew (docket.deadlines.engine), so a changed date moves them at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from litestar.exceptions import PermissionDeniedException

from docket.accounts.services import Actor
from docket.accounts.tables import User
from docket.audit.services import record
from docket.cases.access import visible_case_ids
from docket.cases.identity import may_know_identity
from docket.cases.progress import EARLIEST_DATE, court_today
from docket.cases.services import require_case
from docket.cases.tables import Case, CaseMember, Survivor
from docket.courts.tables import Court, CourtClosure
from docket.db import write_tx
from docket.deadlines.engine import Deadline, compute_deadlines
from docket.deadlines.facts import LoadedCase, load_facts
from docket.deadlines.schemas import (
    AtRiskDeadline,
    AtRiskList,
    CaseDeadlines,
    CaseNeedsAttention,
    CaseSummary,
    CourtClosureCreate,
    CourtClosureMove,
    CourtClosureRead,
    ExactPrescription,
)
from docket.editing import insert_one
from docket.errors import Conflict, InvalidInput, NotFound
from docket.hearings.services import reset_count

#: The kinds of deadline someone can still act on; periods and eligibility dates are not "at risk".
AT_RISK_KINDS = frozenset({"deadline", "target"})
#: A missed hearing gap stays at risk: the court set the case past the 14-day limit.
AT_RISK_STATUSES = frozenset({"due_soon", "overdue", "missed"})

log = logging.getLogger(__name__)


#: Said of a case whose stored dates the engine could not count at all.
COULD_NOT_COUNT = (
    "Docket could not count this case's deadlines from its stored dates (one is outside any "
    "year a court could mean): check the dates entered for the case and its hearings"
)


def _compute(loaded: LoadedCase, today: dt.date) -> list[Deadline]:
    """The case's deadlines; none, and a "needs attention", when a stored date cannot be
    counted from (a date near year 9999 overflows the calendar): one case's bad row is that
    case's problem, never the whole at-risk list's."""
    uncounted: list[str] = []
    try:
        found = compute_deadlines(
            loaded.facts, today=today, closures=loaded.closures, uncounted=uncounted
        )
    except (OverflowError, ValueError) as exc:
        log.warning("deadlines of case %s not counted: %s", loaded.case_id, type(exc).__name__)
        loaded.needs_attention.append(COULD_NOT_COUNT)
        return []
    loaded.needs_attention.extend(
        f'"{title}" could not be counted: a date it counts from is outside any year a court '
        "could mean; check the dates entered"
        for title in dict.fromkeys(uncounted)
    )
    return found


async def deadlines_for_cases(case_ids: list[int], *, today: dt.date) -> dict[int, list[Deadline]]:
    """Each case's deadlines, soonest first; facts for all of them in a fixed number of queries.
    For renderers such as the calendar feed, which check access themselves."""
    loaded = await load_facts(case_ids)
    return {case_id: _compute(one, today) for case_id, one in loaded.items()}


async def case_deadlines(actor: Actor, case_id: int, *, today: dt.date) -> CaseDeadlines:
    """Every deadline of one case, soonest first, with its status on ``today``, and what kept
    any stored date from being counted."""
    await require_case(actor, case_id)
    loaded = (await load_facts([case_id]))[case_id]
    found = _compute(loaded, today)
    return CaseDeadlines(
        case_id=case_id, today=today, deadlines=found, needs_attention=loaded.needs_attention
    )


async def exact_prescription(
    actor: Actor, case_id: int, reason: str, *, today: dt.date
) -> ExactPrescription:
    """The prescription deadlines from the exact birth dates of the survivors this person may
    know (their own survivors for an advocate, all of the case's for its lead prosecutor).

    A date counted from a birthday reveals it, so this is an identity read: it needs a reason
    and a login with a second factor, and every request, allowed or refused, is audited
    (RA 9208 s7; RA 11930 s21; A.M. 004-07-SC s31)."""
    await require_case(actor, case_id)
    survivors = await Survivor.select().where(Survivor.case == case_id).order_by(Survivor.id)
    known = [s for s in survivors if await may_know_identity(actor, s)]
    problem = ""
    if not known:
        problem = "not the advocate of a survivor of the case or its lead prosecutor"
    elif not actor.mfa:
        problem = "no second factor at login"
    async with write_tx():
        await record(
            actor.audit_id,
            "survivor_identity.read",
            entity="case",
            entity_id=case_id,
            case_id=case_id,
            after={
                "reason": reason.strip(),
                "purpose": "prescription from the exact birth date",
                "survivor_ids": [s["id"] for s in known],
                **({"refused": problem} if problem else {}),
            },
            outcome="denied" if problem else "ok",
        )
    if problem == "no second factor at login":
        raise PermissionDeniedException(
            "Dates from a survivor's birth date need two-step login: set it up, then log in "
            "again with the code from your app"
        )
    if problem:
        raise PermissionDeniedException(
            "Only a survivor's advocate and the case's lead prosecutor may count from the exact "
            "birth date; the deadlines list shows the earlier, conservative date"
        )
    loaded = (await load_facts([case_id], exact_births_of=frozenset(s["id"] for s in known)))[
        case_id
    ]
    return ExactPrescription(
        case_id=case_id,
        today=today,
        deadlines=[d for d in _compute(loaded, today) if d.rule == "prescription"],
        exact_for=[s["pseudonym"] for s in known],
    )


async def deadlines_at_risk(
    actor: Actor,
    *,
    today: dt.date,
    team_id: int | None = None,
    prosecutor_id: int | None = None,
    court_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> AtRiskList:
    """Deadlines and targets due within 7 days or overdue, soonest first, over the cases the
    actor may see; narrowed to a team, a prosecutor (lead or member) or a court; a page of
    `limit` from `offset` (all by default), with the total. A whole national team's list was
    156 KB in one answer (issue 26)."""
    query = Case.select(Case.id)
    if team_id is not None:
        query = query.where(Case.team == team_id)
    if court_id is not None:
        query = query.where(Case.court == court_id)
    if prosecutor_id is not None:
        query = query.where(
            Case.id.is_in(
                CaseMember.select(CaseMember.case).where(CaseMember.user == prosecutor_id)
            )
        )
    ids = {r["id"] for r in await query}
    visible = await visible_case_ids(actor.id, actor.role)
    if visible is not None:
        ids &= visible
    found = []
    attention = []
    for loaded in (await load_facts(sorted(ids))).values():
        deadlines = _compute(loaded, today)
        if loaded.needs_attention:
            attention.append(
                CaseNeedsAttention(
                    case_id=loaded.case_id,
                    docket_number=loaded.docket_number,
                    caption=loaded.caption,
                    lead_prosecutor_name=loaded.lead_prosecutor_name,
                    problems=loaded.needs_attention,
                )
            )
        for deadline in deadlines:
            if deadline.kind in AT_RISK_KINDS and deadline.status in AT_RISK_STATUSES:
                found.append(
                    AtRiskDeadline(
                        case_id=loaded.case_id,
                        docket_number=loaded.docket_number,
                        caption=loaded.caption,
                        court_id=loaded.court_id,
                        court_name=loaded.court_name,
                        lead_prosecutor_id=loaded.lead_prosecutor_id,
                        lead_prosecutor_name=loaded.lead_prosecutor_name,
                        deadline=deadline,
                    )
                )
    items = sorted(found, key=lambda a: (a.deadline.due_on, a.docket_number, a.deadline.rule))
    end = None if limit is None else offset + limit
    return AtRiskList(
        today=today,
        items=items[offset:end],
        total=len(items),
        needs_attention=sorted(attention, key=lambda c: c.docket_number),
    )


async def prosecutor_id_by_email(email: str) -> int:
    """For the CLI's --prosecutor: the user with this email, or 400."""
    row = await User.select(User.id).where(User.email == email.strip().lower()).first()
    if row is None:
        raise InvalidInput.field("prosecutor", f"no user has the email {email}")
    return int(row["id"])


async def case_summary(actor: Actor, case_id: int, *, today: dt.date) -> CaseSummary:
    case = await require_case(actor, case_id)
    counted = await case_deadlines(actor, case_id, today=today)
    deadlines = counted.deadlines
    open_ones = [d for d in deadlines if d.status in ("open", "due_soon", "overdue")]
    return CaseSummary(
        case_id=case_id,
        stage=case["stage"],
        resets=await reset_count(case_id),
        deadlines_due_soon=sum(d.status == "due_soon" for d in deadlines),
        deadlines_overdue=sum(d.status == "overdue" for d in deadlines),
        next_deadline=next((d for d in open_ones if d.status != "overdue"), None),
        needs_attention=counted.needs_attention,
    )


# --- court closures ----------------------------------------------------------------------


def _closure_read(row: dict[str, Any]) -> CourtClosureRead:
    return CourtClosureRead(
        id=row["id"], on=row["closed_on"], court_id=row["court"], reason=row["reason"]
    )


async def list_court_closures(
    actor: Actor, *, court_id: int | None, year: int | None
) -> list[CourtClosureRead]:
    query = CourtClosure.select().order_by(CourtClosure.closed_on).order_by(CourtClosure.id)
    if court_id is not None:
        query = query.where((CourtClosure.court == court_id) | CourtClosure.court.is_null())
    if year is not None:
        query = query.where(
            (CourtClosure.closed_on >= dt.date(year, 1, 1))
            & (CourtClosure.closed_on <= dt.date(year, 12, 31))
        )
    return [_closure_read(r) for r in await query]


def _check_closure_day(on: dt.date) -> None:
    if on < EARLIEST_DATE:
        raise InvalidInput.field("on", "must be 1990 or later: check the year")
    if on > court_today() + dt.timedelta(days=2 * 366):
        raise InvalidInput.field("on", "closures are declared at most two years ahead")


async def _check_closure_free(on: dt.date, court_id: int | None) -> None:
    clash = CourtClosure.exists().where(CourtClosure.closed_on == on)
    clash = clash.where(
        CourtClosure.court.is_null() if court_id is None else CourtClosure.court == court_id
    )
    if await clash:
        raise Conflict(f"A closure on {on.isoformat()} is already recorded")


async def _closure(closure_id: int) -> dict[str, Any]:
    row = await CourtClosure.select().where(CourtClosure.id == closure_id).first()
    if row is None:
        raise NotFound("court closure")
    return row


async def lift_court_closure(actor: Actor, closure_id: int) -> None:
    """The courts sit after all (a suspension called off): deadlines count through the day
    again at their next read."""
    async with write_tx():
        before = await _closure(closure_id)
        await CourtClosure.delete().where(CourtClosure.id == closure_id)
        await record(
            actor.audit_id,
            "court_closure.lift",
            entity="court_closure",
            entity_id=closure_id,
            case_id=None,
            before=before,
        )


async def move_court_closure(
    actor: Actor, closure_id: int, data: CourtClosureMove
) -> CourtClosureRead:
    """The closure falls on another day (announced for the wrong date)."""
    _check_closure_day(data.on)
    async with write_tx():
        before = await _closure(closure_id)
        if before["closed_on"] != data.on:
            await _check_closure_free(data.on, before["court"])
        after = (
            await CourtClosure.update({CourtClosure.closed_on: data.on})
            .where(CourtClosure.id == closure_id)
            .returning(*CourtClosure._meta.columns)
        )[0]
        await record(
            actor.audit_id,
            "court_closure.move",
            entity="court_closure",
            entity_id=closure_id,
            case_id=None,
            before={"closed_on": before["closed_on"]},
            after={"closed_on": after["closed_on"]},
        )
    return _closure_read(after)


async def add_court_closure(actor: Actor, data: CourtClosureCreate) -> CourtClosureRead:
    """Declare a day courts do not sit; periods ending on it move (docket.deadlines.workdays)."""
    _check_closure_day(data.on)
    if not data.reason.strip():
        raise InvalidInput.field("reason", "say why the courts are closed")
    if data.court_id is not None and not await Court.exists().where(Court.id == data.court_id):
        raise InvalidInput.field("court_id", "no court has this id")
    async with write_tx():
        await _check_closure_free(data.on, data.court_id)
        row = await insert_one(
            actor,
            CourtClosure,
            {"closed_on": data.on, "court": data.court_id, "reason": data.reason.strip()},
            entity="court_closure",
            case_id=None,
        )
    return _closure_read(row)

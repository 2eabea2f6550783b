"""How a case moves on: its stage (by the moves in docket.cases.stages), and each accused's plea
and disposition. Each write owns its transaction and its audit record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from docket.accounts.services import Actor
from docket.cases.choices import CaseStage, Disposition, Plea
from docket.cases.schemas import (
    AccusedRead,
    DispositionEntry,
    PleaEntry,
    StageChange,
    StageChangeRead,
    StageHistory,
)
from docket.cases.services import get_accused, require_case
from docket.cases.stages import SIDE_STATES, next_stages, source_of
from docket.cases.tables import Accused, Case, CaseStageChange
from docket.courts.zones import PHILIPPINE_TIME
from docket.db import utc_now, write_tx
from docket.editing import fetch_one, update_one
from docket.errors import Conflict, InvalidInput, StaleEdit
from docket.statutes.catalogue import statute

#: Courts sit in Asia/Manila; a "day" in court is a day there.
COURT_ZONE = PHILIPPINE_TIME
#: No case Docket tracks has an event before this (RA 7610, the oldest law charged, is 1992).
EARLIEST_DATE = dt.date(1990, 1, 1)


def court_today() -> dt.date:
    """Today in the courts' time zone."""
    return dt.datetime.now(COURT_ZONE).date()


def check_event_date(field: str, value: dt.date | None, *, ahead: int = 1) -> None:
    """400 for a date no case can have: before 1990, or more than ``ahead`` days after today
    (a thing that happened cannot be in the future; one day allows for time zones)."""
    if value is None:
        return
    if value < EARLIEST_DATE:
        raise InvalidInput.field(field, "must be 1990 or later: check the year")
    latest = court_today() + dt.timedelta(days=ahead)
    if value > latest:
        raise InvalidInput.field(field, f"must not be after {latest.isoformat()}: check the year")


# --- stages ------------------------------------------------------------------------------


async def _entered_from(case_id: int, side_state: str) -> CaseStage | None:
    """The stage the case left when it last entered this side state."""
    row = (
        await CaseStageChange.select(CaseStageChange.from_stage)
        .where((CaseStageChange.case == case_id) & (CaseStageChange.to_stage == side_state))
        .order_by(CaseStageChange.id, ascending=False)
        .first()
    )
    return CaseStage(row["from_stage"]) if row else None


async def allowed_stages(case_id: int, stage: CaseStage) -> list[CaseStage]:
    entered_from = await _entered_from(case_id, stage) if stage in SIDE_STATES else None
    return next_stages(stage, entered_side_state_from=entered_from)


def _change_read(row: dict[str, Any]) -> StageChangeRead:
    return StageChangeRead(
        from_stage=row["from_stage"],
        to_stage=row["to_stage"],
        on=row["effective_on"],
        reason=row["reason"],
        by_user_id=row["by"],
        at=row["at"],
        source=source_of(CaseStage(row["from_stage"]), CaseStage(row["to_stage"])),
    )


async def stage_history(actor: Actor, case_id: int) -> StageHistory:
    case = await require_case(actor, case_id)
    rows = (
        await CaseStageChange.select()
        .where(CaseStageChange.case == case_id)
        .order_by(CaseStageChange.id)
    )
    stage = CaseStage(case["stage"])
    return StageHistory(
        case_id=case_id,
        stage=stage,
        allowed=await allowed_stages(case_id, stage),
        changes=[_change_read(r) for r in rows],
    )


async def change_stage(actor: Actor, case_id: int, data: StageChange, version: int) -> StageHistory:
    """Move the case on. Stale → 412; a move the stages do not allow → 409 listing the allowed
    ones; either way nothing is written."""
    reason = data.reason.strip()
    if not reason:
        raise InvalidInput.field("reason", "say in a few words why the stage changes")
    check_event_date("on", data.on)
    on = data.on or court_today()
    async with write_tx():
        case = await fetch_one(actor, Case, case_id, "case")
        if case["version"] != version:
            # The editor saw an older stage: re-read before deciding what may follow.
            raise StaleEdit(case["version"])
        current = CaseStage(case["stage"])
        allowed = await allowed_stages(case_id, current)
        if data.stage not in allowed:
            raise Conflict(
                f"A case in {current.value} cannot move to {data.stage.value}",
                allowed=[s.value for s in allowed],
            )
        if current == CaseStage.CASE_BUILD_UP and data.stage == CaseStage.PRELIMINARY_INVESTIGATION:
            # DOJ DC 020 (2023), amended by DC 007 (2024): the complaint goes on only with the
            # prosecutor's certification (docket.cases.build_up imports this module).
            from docket.cases.build_up import missing_before_filing

            missing = await missing_before_filing(case_id)
            if missing:
                raise Conflict(
                    "The case cannot go to preliminary investigation yet: record "
                    + "; ".join(missing),
                    allowed=[s.value for s in allowed if s != data.stage],
                )
        now = utc_now()
        await update_one(
            actor,
            Case,
            case_id,
            {"stage": data.stage, "updated_at": now},
            version=version,
            entity="case",
            case_id=case_id,
            action="case.stage",
        )
        await CaseStageChange.insert(
            CaseStageChange(
                case=case_id,
                from_stage=current,
                to_stage=data.stage,
                effective_on=on,
                reason=reason,
                by=actor.id,
                at=now,
            )
        )
    return await stage_history(actor, case_id)


# --- plea and disposition ----------------------------------------------------------------


async def enter_plea(actor: Actor, accused_id: int, data: PleaEntry, version: int) -> AccusedRead:
    check_event_date("on", data.on)
    lesser = data.lesser_offence_code or ""
    if data.plea == Plea.GUILTY_TO_LESSER_OFFENCE:
        if not lesser:
            raise InvalidInput.field("lesser_offence_code", "name the lesser offence pleaded to")
        if statute(lesser) is None:
            raise InvalidInput.field(
                "lesser_offence_code", f"'{lesser}' is not in the statute catalogue"
            )
    elif lesser:
        raise InvalidInput.field(
            "lesser_offence_code", "is only for a plea of guilty to a lesser offence"
        )
    async with write_tx():
        current = await fetch_one(actor, Accused, accused_id, "accused")
        await update_one(
            actor,
            Accused,
            accused_id,
            {"plea": data.plea, "lesser_offence_code": lesser, "pleaded_on": data.on},
            version=version,
            entity="accused",
            case_id=current["case"],
            action="accused.plea",
        )
    return await get_accused(actor, accused_id)


async def record_disposition(
    actor: Actor, accused_id: int, data: DispositionEntry, version: int
) -> AccusedRead:
    if data.disposition == Disposition.PENDING:
        if data.on is not None:
            raise InvalidInput.field("on", "a pending case has no disposition date")
    elif data.on is None:
        raise InvalidInput.field("on", "is required: the day of the judgment or order")
    check_event_date("on", data.on)
    async with write_tx():
        current = await fetch_one(actor, Accused, accused_id, "accused")
        await update_one(
            actor,
            Accused,
            accused_id,
            {"disposition": data.disposition, "disposition_on": data.on},
            version=version,
            entity="accused",
            case_id=current["case"],
            action="accused.disposition",
        )
    return await get_accused(actor, accused_id)

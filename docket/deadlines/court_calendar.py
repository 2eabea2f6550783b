"""An administrator's corrections of the court calendar: holidays declared, moved, lifted or
confirmed, and special working days. Each is one audited change with before and after; the
clocks read them at their next count (docket.deadlines.facts), so every deadline follows at once.

One decision per day (docket.courts.tables.HolidayDecision) overrides the built-in data
(docket.deadlines.holidays) for that day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docket.accounts.services import Actor
from docket.audit.services import record
from docket.cases.progress import EARLIEST_DATE, court_today
from docket.courts.tables import CourtClosure, HolidayDecision
from docket.db import write_tx
from docket.deadlines.holidays import BuiltInHoliday, DecisionKind, built_in_holidays
from docket.deadlines.schemas import (
    CourtCalendarYear,
    HolidayDeclare,
    HolidayMove,
    HolidayRead,
    HolidaySource,
    LiftedHolidayRead,
    WorkingDayDeclare,
    WorkingDayRead,
)
from docket.errors import Conflict, InvalidInput, NotFound

#: How far ahead a holiday or working day may be decided: proclamations come out the year before.
YEARS_AHEAD = 2


def check_day(field: str, day: dt.date) -> None:
    """400 naming the field for a day outside the years a court calendar is kept for."""
    last = court_today().year + YEARS_AHEAD
    if not EARLIEST_DATE <= day <= dt.date(last, 12, 31):
        raise InvalidInput.field(field, f"must be from 1990 to {last}: check the year")


def _text(field: str, value: str) -> str:
    """The text without surrounding spaces; 400 naming the field if nothing is left."""
    if not value.strip():
        raise InvalidInput.field(field, "must not be blank")
    return value.strip()


def _built_in(day: dt.date) -> BuiltInHoliday | None:
    return built_in_holidays(day.year).get(day)


async def _decision(day: dt.date) -> dict[str, Any] | None:
    return await HolidayDecision.select().where(HolidayDecision.day == day).first()


def _holiday_of(day: dt.date, decision: dict[str, Any] | None) -> HolidayRead | None:
    """The holiday courts close for on this day, as corrected; None if there is none."""
    if decision is not None:
        if decision["kind"] != DecisionKind.HOLIDAY:
            return None
        return HolidayRead(
            on=day,
            name=decision["name"],
            source=decision["source"],
            estimated=False,
            corrected=True,
        )
    built_in = _built_in(day)
    if built_in is None:
        return None
    return HolidayRead(
        on=day,
        name=built_in.name,
        source=built_in.source,
        estimated=built_in.estimated,
        corrected=False,
    )


async def why_court_is_closed(court_id: int, day: dt.date) -> str | None:
    """Why this court does not sit on this day, in words ("Saturday", "Rizal Day", "court
    closure: typhoon signal no. 3"), as the administrators corrected the calendar; None on a
    day it sits. The same rules the deadlines count by (docket.deadlines.workdays)."""
    decision = await _decision(day)
    if decision is not None and decision["kind"] == DecisionKind.WORKING_DAY:
        return None
    closure = (
        await CourtClosure.select(CourtClosure.reason)
        .where(
            (CourtClosure.closed_on == day)
            & (CourtClosure.court.is_null() | (CourtClosure.court == court_id))
        )
        .first()
    )
    if closure is not None:
        return f"court closure: {closure['reason']}"
    holiday = _holiday_of(day, decision)
    if holiday is not None:
        return holiday.name
    if day.weekday() >= 5:
        return f"{day:%A}"
    return None


def _state(decision: dict[str, Any] | None) -> dict[str, Any] | None:
    """A decision as the audit trail shows it."""
    if decision is None:
        return None
    return {k: decision[k] for k in ("day", "kind", "name", "source")}


async def _write(
    actor: Actor,
    action: str,
    day: dt.date,
    before: dict[str, Any] | None,
    values: dict[str, Any] | None,
) -> None:
    """Put the day's decision in place (None removes it) and audit before and after.
    Call inside write_tx()."""
    entity_id = before["id"] if before else None
    if before is not None and values is None:
        await HolidayDecision.delete().where(HolidayDecision.id == before["id"])
    elif before is not None and values is not None:
        await HolidayDecision.update(
            {
                HolidayDecision.kind: values["kind"],
                HolidayDecision.name: values["name"],
                HolidayDecision.source: values["source"],
                HolidayDecision.version: before["version"] + 1,
            }
        ).where(HolidayDecision.id == before["id"])
    elif values is not None:
        inserted = await HolidayDecision.insert(HolidayDecision(day=day, **values)).returning(
            HolidayDecision.id
        )
        entity_id = inserted[0]["id"]
    after = {"day": day, **values} if values is not None else None
    await record(
        actor.audit_id,
        action,
        entity="holiday_decision",
        entity_id=entity_id,
        case_id=None,
        before=_state(before),
        after=after,
    )


async def court_calendar_year(actor: Actor, year: int) -> CourtCalendarYear:
    """The year's holidays as every clock counts them, estimated ones marked, with the special
    working days and the built-in holidays lifted."""
    decisions = {
        r["day"]: r
        for r in await HolidayDecision.select().where(
            (HolidayDecision.day >= dt.date(year, 1, 1))
            & (HolidayDecision.day <= dt.date(year, 12, 31))
        )
    }
    days = sorted(set(built_in_holidays(year)) | set(decisions))
    holidays = [h for d in days if (h := _holiday_of(d, decisions.get(d))) is not None]
    working = [
        WorkingDayRead(on=d, reason=r["name"], source=r["source"])
        for d, r in sorted(decisions.items())
        if r["kind"] == DecisionKind.WORKING_DAY
    ]
    lifted = [
        LiftedHolidayRead(on=d, name=b.name, source=decisions[d]["source"])
        for d, b in built_in_holidays(year).items()
        if d in decisions and decisions[d]["kind"] != DecisionKind.HOLIDAY
    ]
    return CourtCalendarYear(year=year, holidays=holidays, working_days=working, lifted=lifted)


async def _declare(actor: Actor, day: dt.date, name: str, source: str, action: str) -> None:
    decision = await _decision(day)
    if _holiday_of(day, decision) is not None:
        raise Conflict(f"{day.isoformat()} is already a holiday")
    if decision is not None and decision["kind"] == DecisionKind.WORKING_DAY:
        raise Conflict(
            f"{day.isoformat()} is a special working day: lift it first if courts close instead"
        )
    values = {"kind": DecisionKind.HOLIDAY.value, "name": name, "source": source}
    await _write(actor, action, day, decision, values)


async def _lift(actor: Actor, day: dt.date, source: str, action: str) -> HolidayRead:
    decision = await _decision(day)
    holiday = _holiday_of(day, decision)
    if holiday is None:
        raise NotFound(f"holiday on {day.isoformat()}")
    built_in = _built_in(day)
    values = (
        None
        if built_in is None
        else {"kind": DecisionKind.NOT_HOLIDAY.value, "name": built_in.name, "source": source}
    )
    await _write(actor, action, day, decision, values)
    return holiday


async def declare_holiday(actor: Actor, data: HolidayDeclare) -> HolidayRead:
    """A holiday a proclamation declares (courts close); deadlines ending on it move."""
    check_day("on", data.on)
    name, source = _text("name", data.name), _text("source", data.source)
    async with write_tx():
        await _declare(actor, data.on, name, source, "holiday.declare")
    return HolidayRead(on=data.on, name=name, source=source, estimated=False, corrected=True)


async def lift_holiday(actor: Actor, day: dt.date, data: HolidaySource) -> HolidayRead:
    """Courts sit on a day the calendar had as a holiday; the holiday as it was is returned."""
    check_day("day", day)
    source = _text("source", data.source)
    async with write_tx():
        return await _lift(actor, day, source, "holiday.lift")


async def move_holiday(actor: Actor, day: dt.date, data: HolidayMove) -> HolidayRead:
    """The holiday falls on another day (an Eid date announced): lifted here, declared there."""
    check_day("day", day)
    check_day("to", data.to)
    if data.to == day:
        raise InvalidInput.field("to", "must be another day than the holiday's present one")
    source = _text("source", data.source)
    async with write_tx():
        moved = await _lift(actor, day, source, "holiday.move")
        await _declare(actor, data.to, moved.name, source, "holiday.move")
    return HolidayRead(on=data.to, name=moved.name, source=source, estimated=False, corrected=True)


async def confirm_holiday(actor: Actor, day: dt.date, data: HolidaySource) -> HolidayRead:
    """The proclamation is out and keeps the estimated date: no longer shown as estimated."""
    check_day("day", day)
    source = _text("source", data.source)
    async with write_tx():
        decision = await _decision(day)
        holiday = _holiday_of(day, decision)
        if holiday is None:
            raise NotFound(f"holiday on {day.isoformat()}")
        if not holiday.estimated:
            raise Conflict(f"The holiday on {day.isoformat()} is not an estimate")
        values = {"kind": DecisionKind.HOLIDAY.value, "name": holiday.name, "source": source}
        await _write(actor, "holiday.confirm", day, decision, values)
    return HolidayRead(on=day, name=holiday.name, source=source, estimated=False, corrected=True)


async def declare_working_day(actor: Actor, data: WorkingDayDeclare) -> WorkingDayRead:
    """Courts sit on this day, even a Saturday or a holiday; deadlines may end on it."""
    check_day("on", data.on)
    values = {
        "kind": DecisionKind.WORKING_DAY.value,
        "name": _text("reason", data.reason),
        "source": _text("source", data.source),
    }
    async with write_tx():
        decision = await _decision(data.on)
        if decision is not None and decision["kind"] == DecisionKind.WORKING_DAY:
            raise Conflict(f"{data.on.isoformat()} is already a special working day")
        if decision is not None and decision["kind"] == DecisionKind.HOLIDAY:
            raise Conflict(
                f"{data.on.isoformat()} has a declared holiday: lift it first if courts sit"
            )
        await _write(actor, "working_day.declare", data.on, decision, values)
    return WorkingDayRead(on=data.on, reason=values["name"], source=values["source"])


async def lift_working_day(actor: Actor, day: dt.date) -> None:
    """The day is no longer a special working day: the calendar's own answer returns."""
    check_day("day", day)
    async with write_tx():
        decision = await _decision(day)
        if decision is None or decision["kind"] != DecisionKind.WORKING_DAY:
            raise NotFound(f"special working day on {day.isoformat()}")
        await _write(actor, "working_day.lift", day, decision, None)

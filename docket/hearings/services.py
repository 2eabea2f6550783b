"""Hearings: scheduling, corrections and outcomes (held, reset, cancelled), with history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from docket.accounts.services import Actor
from docket.cases.access import check_case_visible, visible_cases_clause
from docket.cases.free_text import check_free_text
from docket.cases.schemas import Strike
from docket.cases.tables import Case
from docket.courts.tables import Court
from docket.db import as_utc, fetch_page, utc_now, write_tx
from docket.editing import changes_of, fetch_one, insert_one, update_one
from docket.errors import Conflict, FieldError, InvalidInput
from docket.hearings.choices import PENDING, HearingMode, HearingStatus
from docket.hearings.schemas import (
    HearingChangeRead,
    HearingCreate,
    HearingOutcome,
    HearingRead,
    HearingUpdate,
)
from docket.hearings.tables import Hearing, HearingChange
from docket.listpages import kept_page
from docket.reminders.alerts import queue_hearing_alerts

#: The longest a single hearing setting may run; longer is almost surely a typing error.
LONGEST_HEARING = dt.timedelta(hours=12)
#: Changes of these fields move the calendar event (iCalendar SEQUENCE, RFC 5545 3.8.7.4).
_TIME_OR_PLACE = {"starts_at", "ends_at", "court", "room", "mode", "kind"}
#: Changes of these fields tell the case team at once (docket.reminders.alerts), by the word
#: the alert uses for them.
_ALERTED = {"starts_at": "time", "court": "court", "room": "room", "mode": "mode"}


#: The columns hearing_read reads, for hand-written lists (hearing aliased h).
_HEARING_COLUMNS = (
    'h.id, h."case", h.court, h.kind, h.starts_at, h.ends_at, h.mode, h.room, h.video_link,'
    " h.video_motion_granted_on, h.video_order, h.confrontation_waived_on,"
    " h.shows_exploitation_material,"
    " h.status, h.outcome_note, h.sequence, h.version, h.updated_at"
)

#: Where the videoconference rules come from. Paraphrased from /work/shared/reference
#: (anchors.md, "Philippine eCourt and videoconference hearings"; legal.md is silent on them);
#: not legal advice. The reference says, of A.M. 24-11-02-SC: in criminal cases, a motion with
#: the accused's waiver of face-to-face confrontation; once approved, the hearing is not
#: cancelled without a meritorious ground. It does not say what a meritorious ground is, whether
#: a reset counts as a cancellation, or how hybrid hearings are treated: Docket asks for the
#: ground in words on a cancellation only, and reads "set to videoconference" as approved.
VIDEOCONFERENCE_SOURCE = "A.M. 20-12-01-SC as amended by A.M. 24-11-02-SC"
#: Modes in which someone takes part over a video link (the exploitation-material warning).
_OVER_VIDEO = frozenset({HearingMode.VIDEOCONFERENCE, HearingMode.HYBRID})


def hearing_warnings(row: dict[str, Any]) -> list[str]:
    """What to check before the day, never a refusal (issue 19, build 8)."""
    found = []
    active = row["status"] in PENDING
    if active and row["shows_exploitation_material"] and row["mode"] in _OVER_VIDEO:
        # RA 11930 s21: abuse material goes to the parties, counsel, experts and the GAL only,
        # under a protective order; a video link can carry it further.
        found.append(
            "Exploitation material (CSAEM) is to be shown at this hearing, set to "
            f"{row['mode'].replace('_', ' ')}: ask the court how it will be shown so that no one "
            "outside the protective order sees or records it (RA 11930 s21)."
        )
    if active and row["mode"] == HearingMode.VIDEOCONFERENCE:
        if row["video_motion_granted_on"] is None:
            found.append(
                "No order granting the videoconference is recorded: record the date the "
                f"motion was granted ({VIDEOCONFERENCE_SOURCE})."
            )
        if row["confrontation_waived_on"] is None:
            found.append(
                "The accused's waiver of face-to-face confrontation is not recorded: in a "
                f"criminal case the motion carries it ({VIDEOCONFERENCE_SOURCE})."
            )
    return found


def hearing_read(row: dict[str, Any]) -> HearingRead:
    return HearingRead(
        id=row["id"],
        case_id=row["case"],
        court_id=row["court"],
        kind=row["kind"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        mode=row["mode"],
        room=row["room"],
        video_link=row["video_link"],
        video_motion_granted_on=row["video_motion_granted_on"],
        video_order=row["video_order"],
        confrontation_waived_on=row["confrontation_waived_on"],
        shows_exploitation_material=bool(row["shows_exploitation_material"]),
        status=row["status"],
        outcome_note=row["outcome_note"],
        sequence=row["sequence"],
        version=row["version"],
        updated_at=row["updated_at"],
        warnings=hearing_warnings(row),
    )


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime, prefix: str = "") -> None:
    if ends_at <= starts_at:
        raise InvalidInput.field(f"{prefix}ends_at", "must be after the start")
    if ends_at - starts_at > LONGEST_HEARING:
        raise InvalidInput.field(f"{prefix}ends_at", "a hearing setting lasts at most 12 hours")


async def _check_court(court_id: int) -> None:
    if not await Court.exists().where(Court.id == court_id):
        raise InvalidInput.field("court_id", "no court has this id")


async def schedule_hearing(actor: Actor, case_id: int, data: HearingCreate) -> HearingRead:
    starts_at, ends_at = as_utc(data.starts_at, "starts_at"), as_utc(data.ends_at, "ends_at")
    _check_times(starts_at, ends_at)
    now = utc_now()
    async with write_tx():
        case = await fetch_one(actor, Case, case_id, "case")
        await check_free_text(case_id, {"room": data.room, "video_order": data.video_order})
        court_id = data.court_id or case["court"]
        if court_id is None:
            raise InvalidInput.field("court_id", "is required: the case has no court yet")
        await _check_court(court_id)
        row = await insert_one(
            actor,
            Hearing,
            {
                "case": case_id,
                "court": court_id,
                "kind": data.kind,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "mode": data.mode,
                "room": data.room,
                "video_link": data.video_link,
                "video_motion_granted_on": data.video_motion_granted_on,
                "video_order": data.video_order.strip(),
                "confrontation_waived_on": data.confrontation_waived_on,
                "shows_exploitation_material": data.shows_exploitation_material,
                "status": HearingStatus.SCHEDULED,
                "sequence": 0,
                "created_at": now,
                "updated_at": now,
            },
            entity="hearing",
            case_id=case_id,
        )
        await HearingChange.insert(
            HearingChange(hearing=row["id"], change="scheduled", by=actor.id, at=now)
        )
    return hearing_read(row)


async def get_hearing(actor: Actor, hearing_id: int) -> HearingRead:
    return hearing_read(await fetch_one(actor, Hearing, hearing_id, "hearing"))


async def list_hearings(
    actor: Actor,
    *,
    case_id: int | None,
    court_id: int | None,
    status: str | None,
    kind: str | None,
    starts_from: dt.datetime | None,
    starts_before: dt.datetime | None,
    limit: int,
    offset: int,
) -> tuple[list[HearingRead], int]:
    """A page of the hearings the person may see, in time order, and how many there are."""
    filters: list[tuple[str, Any]] = [
        ('h."case" = ?', case_id),
        ("h.court = ?", court_id),
        ("h.status = ?", status),
        ("h.kind = ?", kind),
        ("h.starts_at >= ?", as_utc(starts_from, "starts_from") if starts_from else None),
        ("h.starts_at < ?", as_utc(starts_before, "starts_before") if starts_before else None),
    ]

    async def page() -> tuple[tuple[HearingRead, ...], int]:
        where, params = visible_cases_clause(actor, 'h."case"', listing=True)
        for condition, value in filters:
            if value is not None:
                where += f" AND {condition}"
                params.append(value)
        # The page's ids come from the (case, starts_at) index alone (docket.db.fetch_page).
        rows, total = await fetch_page(
            "hearing h",
            _HEARING_COLUMNS,
            where,
            params,
            order="h.starts_at, h.id",
            limit=limit,
            offset=offset,
        )
        return tuple(hearing_read(row) for row in rows), total

    question = ("hearings", *(value for _, value in filters), limit, offset)
    items, total = await kept_page(actor, question, page)
    return list(items), total


async def update_hearing(
    actor: Actor, hearing_id: int, data: HearingUpdate, version: int
) -> HearingRead:
    changes = changes_of(data)
    if "court_id" in changes:
        changes["court"] = changes.pop("court_id")
        await _check_court(changes["court"])
    for key in ("starts_at", "ends_at"):
        if key in changes:
            changes[key] = as_utc(changes[key], key)
    async with write_tx():
        current = await fetch_one(actor, Hearing, hearing_id, "hearing")
        await check_free_text(
            current["case"],
            {"room": changes.get("room"), "video_order": changes.get("video_order")},
        )
        starts_at = changes.get("starts_at", current["starts_at"])
        ends_at = changes.get("ends_at", current["ends_at"])
        _check_times(starts_at, ends_at)
        moved = any(k in _TIME_OR_PLACE and changes[k] != current[k] for k in changes)
        now = utc_now()
        changes["updated_at"] = now
        if moved:
            changes["sequence"] = current["sequence"] + 1
        row = await update_one(
            actor,
            Hearing,
            hearing_id,
            changes,
            version=version,
            entity="hearing",
            case_id=current["case"],
        )
        alerted = [
            word
            for key, word in _ALERTED.items()
            if key in changes and changes[key] != current[key]
        ]
        if alerted:
            await queue_hearing_alerts(
                current["case"], hearing_id, alerted, current["starts_at"], now
            )
        if moved:
            await HearingChange.insert(
                HearingChange(
                    hearing=hearing_id,
                    change="corrected",
                    previous_starts_at=current["starts_at"],
                    previous_ends_at=current["ends_at"],
                    previous_status=current["status"],
                    by=actor.id,
                    at=now,
                )
            )
    return hearing_read(row)


async def record_outcome(
    actor: Actor, hearing_id: int, data: HearingOutcome, version: int
) -> HearingRead:
    """Held, reset or cancelled. A reset moves the same hearing to its new time, keeping the
    earlier time and the reason in its history."""
    now = utc_now()
    async with write_tx():
        current = await fetch_one(actor, Hearing, hearing_id, "hearing")
        await check_free_text(
            current["case"],
            {
                "note": data.note,
                "reason": data.reason,
                "meritorious_ground": data.meritorious_ground,
            },
        )
        if current["status"] not in PENDING:
            raise Conflict(
                f"This hearing is already {current['status']}; only a scheduled or reset "
                "hearing can be held, reset or cancelled",
                allowed=[],
            )
        changes: dict[str, Any] = {"updated_at": now}
        if data.outcome == "held":
            if not data.note.strip():
                raise InvalidInput.field("note", "say in a few words what happened")
            if current["starts_at"] > now + dt.timedelta(hours=12):
                raise Conflict(
                    "A hearing cannot be recorded as held before its day",
                    allowed=["reset", "cancelled"],
                )
            changes |= {"status": HearingStatus.HELD, "outcome_note": data.note.strip()}
        elif data.outcome == "cancelled":
            missing = []
            if not data.reason.strip():
                missing.append(
                    FieldError(field="reason", message="say why the hearing was cancelled")
                )
            if (
                current["mode"] == HearingMode.VIDEOCONFERENCE
                and not data.meritorious_ground.strip()
            ):
                # A.M. 24-11-02-SC: once approved, a videoconference hearing is not cancelled
                # without a meritorious ground (see VIDEOCONFERENCE_SOURCE).
                missing.append(
                    FieldError(
                        field="meritorious_ground",
                        message=(
                            "a hearing set to videoconference is not cancelled without a "
                            f"meritorious ground ({VIDEOCONFERENCE_SOURCE}): state it"
                        ),
                    )
                )
            if missing:
                raise InvalidInput(*missing)
            changes |= {"status": HearingStatus.CANCELLED}
        else:
            errors = []
            if data.new_starts_at is None:
                errors.append(FieldError(field="new_starts_at", message="is required for a reset"))
            if data.new_ends_at is None:
                errors.append(FieldError(field="new_ends_at", message="is required for a reset"))
            if not data.reason.strip():
                errors.append(FieldError(field="reason", message="say why the hearing was reset"))
            if errors:
                raise InvalidInput(*errors)
            assert data.new_starts_at is not None
            assert data.new_ends_at is not None
            new_starts = as_utc(data.new_starts_at, "new_starts_at")
            new_ends = as_utc(data.new_ends_at, "new_ends_at")
            _check_times(new_starts, new_ends, prefix="new_")
            changes |= {
                "status": HearingStatus.RESET,
                "starts_at": new_starts,
                "ends_at": new_ends,
            }
        changes["sequence"] = current["sequence"] + 1
        row = await update_one(
            actor,
            Hearing,
            hearing_id,
            changes,
            version=version,
            entity="hearing",
            case_id=current["case"],
            action=f"hearing.{data.outcome}",
        )
        if data.outcome != "held":
            await queue_hearing_alerts(
                current["case"], hearing_id, [data.outcome], current["starts_at"], now
            )
        await HearingChange.insert(
            HearingChange(
                hearing=hearing_id,
                change=data.outcome,
                previous_starts_at=current["starts_at"],
                previous_ends_at=current["ends_at"],
                previous_status=current["status"],
                reason=data.reason.strip() or data.note.strip(),
                ground=data.meritorious_ground.strip() if data.outcome == "cancelled" else "",
                by=actor.id,
                at=now,
            )
        )
    return hearing_read(row)


def _change_read(r: dict[str, Any]) -> HearingChangeRead:
    return HearingChangeRead(
        change=r["change"],
        at=r["at"],
        by_user_id=r["by"],
        previous_starts_at=r["previous_starts_at"],
        previous_ends_at=r["previous_ends_at"],
        previous_status=r["previous_status"],
        reason=r["reason"],
        ground=r["ground"],
    )


async def strike_hearing(actor: Actor, hearing_id: int, data: Strike, version: int) -> HearingRead:
    """Strike a hearing entered by mistake. It is kept: off the calendars and the deadlines as
    a cancelled hearing is (so a subscribed calendar drops it, and a survivor already given
    a notice is told court is not on), with "struck", who and why in its history."""
    now = utc_now()
    async with write_tx():
        current = await fetch_one(actor, Hearing, hearing_id, "hearing")
        await check_free_text(current["case"], {"reason": data.reason})
        if await HearingChange.exists().where(
            (HearingChange.hearing == hearing_id) & (HearingChange.change == "struck")
        ):
            raise Conflict("This hearing was already struck as entered by mistake", allowed=[])
        row = await update_one(
            actor,
            Hearing,
            hearing_id,
            {
                "status": HearingStatus.CANCELLED,
                "sequence": current["sequence"] + 1,
                "updated_at": now,
            },
            version=version,
            entity="hearing",
            case_id=current["case"],
            action="hearing.struck",
        )
        await queue_hearing_alerts(
            current["case"], hearing_id, ["struck"], current["starts_at"], now
        )
        await HearingChange.insert(
            HearingChange(
                hearing=hearing_id,
                change="struck",
                previous_starts_at=current["starts_at"],
                previous_ends_at=current["ends_at"],
                previous_status=current["status"],
                reason=data.reason.strip(),
                by=actor.id,
                at=now,
            )
        )
    return hearing_read(row)


async def hearing_history(actor: Actor, hearing_id: int) -> list[HearingChangeRead]:
    await fetch_one(actor, Hearing, hearing_id, "hearing")
    rows = (
        await HearingChange.select()
        .where(HearingChange.hearing == hearing_id)
        .order_by(HearingChange.at)
        .order_by(HearingChange.id)
    )
    return [_change_read(r) for r in rows]


async def case_hearing_histories(actor: Actor, case_id: int) -> dict[int, list[HearingChangeRead]]:
    """Every hearing's history of one case, by hearing, in one statement (the case page: one
    query per hearing made a case with 40 hearings cost 40 more)."""
    await check_case_visible(actor, case_id, "case")
    rows = (
        await HearingChange.select()
        .where(HearingChange.hearing.case == case_id)
        .order_by(HearingChange.at)
        .order_by(HearingChange.id)
    )
    histories: dict[int, list[HearingChangeRead]] = {}
    for r in rows:
        histories.setdefault(r["hearing"], []).append(_change_read(r))
    return histories


async def reset_count(case_id: int) -> int:
    """How many times the court has reset this case's hearings."""
    return int(
        await HearingChange.count().where(
            (HearingChange.change == "reset") & (HearingChange.hearing.case == case_id)
        )
    )

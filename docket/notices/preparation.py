"""What the advocate arranges for one survivor's trip to one hearing: where and when they meet,
when they leave, who goes with the survivor, and the notes for the advocate's checklist.

Part of it is printed on the survivor's own notice, so it is held to rule 3 here, when it is
typed, rather than when a notice is printed: support persons by first name only, at most two
(A.M. 004-07-SC s11), and no words that name the case, the charges or the shelter.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from docket.accounts.services import Actor
from docket.cases.free_text import restricted_of_case
from docket.cases.tables import Accused, Survivor
from docket.courts.tables import Court
from docket.db import utc_now, write_tx
from docket.editing import fetch_one, insert_one, update_one
from docket.errors import FieldError, InvalidInput, NotFound, StaleEdit
from docket.hearings.tables import Hearing
from docket.notices.api_schemas import PreparationRead, PreparationWrite
from docket.notices.schemas import words_never_on_a_survivor_page
from docket.notices.tables import NoticePreparation

#: Filipino first names often have two words ("John Paul", "Ma. Luisa"); three or more is
#: almost always a first name and a surname.
MOST_WORDS_IN_A_FIRST_NAME = 2


async def hearing_and_survivor(
    hearing_id: int, survivor_id: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The hearing (404 if unknown or not visible) and one survivor of its case (404 if not)."""
    hearing = await fetch_one(Hearing, hearing_id, "hearing")
    survivor = (
        await Survivor.select()
        .where((Survivor.id == survivor_id) & (Survivor.case == hearing["case"]))
        .first()
    )
    if survivor is None:
        raise NotFound("survivor in this hearing's case")
    return hearing, survivor


def clock(value: dt.time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def support_persons_of(row: dict[str, Any] | None) -> list[str]:
    return list(msgspec.json.decode(row["support_persons"])) if row else []


def is_complete(row: dict[str, Any] | None) -> bool:
    """Enough to print a notice: where and when the survivor meets the advocate, and leaves."""
    return bool(row and row["meeting_place"].strip() and row["meeting_time"] and row["leave_time"])


def _read(hearing_id: int, survivor: dict[str, Any], row: dict[str, Any] | None) -> PreparationRead:
    return PreparationRead(
        hearing_id=hearing_id,
        survivor_id=survivor["id"],
        pseudonym=survivor["pseudonym"],
        meeting_place=row["meeting_place"] if row else "",
        meeting_time=clock(row["meeting_time"]) if row else None,
        leave_time=clock(row["leave_time"]) if row else None,
        support_persons=support_persons_of(row),
        role_note=row["role_note"] if row else "",
        vehicle_and_escort=row["vehicle_and_escort"] if row else "",
        route_and_entrance=row["route_and_entrance"] if row else "",
        return_plan=row["return_plan"] if row else "",
        safety_notes=row["safety_notes"] if row else "",
        after_notes=row["after_notes"] if row else "",
        complete=is_complete(row),
        updated_by_id=row["updated_by"] if row else None,
        updated_at=row["updated_at"] if row else None,
        version=row["version"] if row else 0,
    )


async def preparation_row(hearing_id: int, survivor_id: int) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await NoticePreparation.select()
        .where(
            (NoticePreparation.hearing == hearing_id) & (NoticePreparation.survivor == survivor_id)
        )
        .first()
    )
    return row


async def get_preparation(actor: Actor, hearing_id: int, survivor_id: int) -> PreparationRead:
    hearing, survivor = await hearing_and_survivor(hearing_id, survivor_id)
    return _read(hearing["id"], survivor, await preparation_row(hearing_id, survivor_id))


def _surnames(accused_names: list[str]) -> set[str]:
    """Every run of words after an accused's first word: "Dela Cruz", "Cruz"."""
    found = set()
    for name in accused_names:
        words = name.lower().split()
        found |= {" ".join(words[i:]) for i in range(1, len(words))}
    return found


def _name_problem(name: str, surnames: set[str]) -> str | None:
    if not name:
        return "is empty"
    if "," in name or len(name.split()) > MOST_WORDS_IN_A_FIRST_NAME:
        return "looks like a full name: give the first name only"
    lowered = f" {name.lower()} "
    if any(f" {surname} " in lowered for surname in surnames):
        return "carries a surname of someone accused in the case: give the first name only"
    word = words_never_on_a_survivor_page(name)
    if word:
        return f"may not say {word!r}: it is printed on the survivor's notice"
    return None


def _parse_clock(value: str | None) -> dt.time | None:
    return None if value is None else dt.time.fromisoformat(value)


async def _check(data: PreparationWrite, hearing: dict[str, Any]) -> list[FieldError]:
    errors = []
    accused = await Accused.select(Accused.name, Accused.aliases).where(
        Accused.case == hearing["case"]
    )
    surnames = _surnames([a["name"] for a in accused])
    for index, name in enumerate(data.support_persons):
        problem = _name_problem(name.strip(), surnames)
        if problem:
            errors.append(FieldError(field=f"support_persons[{index}]", message=problem))
    # What identifies the survivor, and the accused's names and aliases: refused before the
    # generic words, as the stronger reason.
    restricted = await restricted_of_case(hearing["case"])
    for field, text in [
        ("meeting_place", data.meeting_place),
        *((f"support_persons[{i}]", name) for i, name in enumerate(data.support_persons)),
    ]:
        problem = restricted.problem(text, survivor_facing=True)
        if problem and field not in {error.field for error in errors}:
            errors.append(FieldError(field=field, message=problem))
    word = words_never_on_a_survivor_page(data.meeting_place)
    if word and "meeting_place" not in {error.field for error in errors}:
        errors.append(
            FieldError(
                field="meeting_place",
                message=f"may not say {word!r}: it is printed on the survivor's notice",
            )
        )
    meeting, leaving = _parse_clock(data.meeting_time), _parse_clock(data.leave_time)
    if meeting and leaving and leaving < meeting:
        errors.append(FieldError(field="leave_time", message="is before the meeting time"))
    court = await Court.select(Court.timezone).where(Court.id == hearing["court"]).first()
    if leaving and court:
        starts = hearing["starts_at"].astimezone(ZoneInfo(court["timezone"])).time()
        if leaving >= starts:
            errors.append(
                FieldError(
                    field="leave_time",
                    message=f"must be before the hearing starts ({starts:%H:%M})",
                )
            )
    return errors


async def put_preparation(
    actor: Actor | None, hearing_id: int, survivor_id: int, data: PreparationWrite, version: int
) -> PreparationRead:
    """Record the whole preparation; ``version`` 0 creates it, otherwise it must be current."""
    async with write_tx():
        hearing, survivor = await hearing_and_survivor(hearing_id, survivor_id)
        errors = await _check(data, hearing)
        if errors:
            raise InvalidInput(*errors)
        values: dict[str, Any] = {
            "meeting_place": data.meeting_place.strip(),
            "meeting_time": _parse_clock(data.meeting_time),
            "leave_time": _parse_clock(data.leave_time),
            "support_persons": msgspec.json.encode(
                [name.strip() for name in data.support_persons]
            ).decode(),
            "role_note": data.role_note.strip(),
            "vehicle_and_escort": data.vehicle_and_escort.strip(),
            "route_and_entrance": data.route_and_entrance.strip(),
            "return_plan": data.return_plan.strip(),
            "safety_notes": data.safety_notes.strip(),
            "after_notes": data.after_notes.strip(),
            "updated_by": actor.id if actor else None,
            "updated_at": utc_now(),
        }
        current = await preparation_row(hearing_id, survivor_id)
        actor_id = actor.id if actor else None
        if current is None:
            if version != 0:
                raise StaleEdit(0)
            row = await insert_one(
                actor_id,
                NoticePreparation,
                {"hearing": hearing_id, "survivor": survivor_id, **values},
                entity="notice_preparation",
                case_id=hearing["case"],
            )
        else:
            row = await update_one(
                actor_id,
                NoticePreparation,
                current["id"],
                values,
                version=version,
                entity="notice_preparation",
                case_id=hearing["case"],
            )
    return _read(hearing_id, survivor, row)

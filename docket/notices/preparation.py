"""What the advocate arranges for one survivor's trip to one hearing: where and when they meet,
when they leave, who goes with the survivor, and the notes for the advocate's checklist.

The trip plan is restricted like the identity (docket.cases.identity): where the survivor is
met, who goes with them, the route and entrance, the return plan and the safety notes can point
to the shelter. Only the survivor's own advocate and the case's lead prosecutor, logged in with
a second factor, read or change it (an API token carries no second factor, so it is refused);
every full read and every refusal is on the audit trail, like an identity read (no reason is
asked: the two people who plan the trip open it often). The plan's words are sealed at rest
with the identity keys (docket.cases.sealing), bound to the hearing and survivor. The rest of
the case team sees a summary: that a plan exists, whether it is complete, and who changed it
last and when. The command line and the demo act for the office (DESIGN.md).

Part of it is printed on the survivor's own notice, so it is held to rule 3 here, when it is
typed, rather than when a notice is printed: support persons by first name only, at most two
(A.M. 004-07-SC s11), and no words that name the case, the charges or the shelter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import msgspec
from litestar.exceptions import PermissionDeniedException
from piccolo.columns import Column

from docket.accounts.services import SYSTEM, Actor
from docket.audit.services import record
from docket.cases.choices import Language
from docket.cases.free_text import restricted_of_case
from docket.cases.identity import may_know_identity
from docket.cases.sealing import open_bytes, seal_bytes
from docket.cases.tables import Accused, Survivor
from docket.courts.tables import Court
from docket.courts.zones import zone_of
from docket.db import engine, is_sqlite, utc_now, write_tx
from docket.editing import fetch_one
from docket.errors import FieldError, InvalidInput, NotFound, StaleEdit
from docket.hearings.choices import HearingMode
from docket.hearings.tables import Hearing, HearingChange
from docket.notices.api_schemas import PreparationRead, PreparationSummary, PreparationWrite
from docket.notices.meeting_places import meeting_place_in_use, meeting_place_name
from docket.notices.schemas import words_never_on_a_survivor_page
from docket.notices.tables import NoticePreparation

#: Filipino first names often have two words ("John Paul", "Ma. Luisa"); three or more is
#: almost always a first name and a surname.
MOST_WORDS_IN_A_FIRST_NAME = 2

#: Schedules a write for after the request's read transaction (docket.sessions.AFTER_REQUEST).
Later = Callable[[Callable[[], Awaitable[None]]], None]

NOT_THE_TWO = "not the survivor's advocate or the case's lead prosecutor"
NO_SECOND_FACTOR = "no second factor at login"


class TripPlanWords(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The plan's words, sealed in one piece: any of them can point to the shelter."""

    meeting_place: str = ""
    #: The place chosen from the office's list (docket.notices.meeting_places), if any.
    meeting_place_id: int | None = None
    support_persons: list[str] = msgspec.field(default_factory=list)
    role_note: str = ""
    vehicle_and_escort: str = ""
    route_and_entrance: str = ""
    return_plan: str = ""
    safety_notes: str = ""
    after_notes: str = ""


@dataclass(frozen=True)
class TripPlan:
    """A stored plan, opened: its row (times, completeness, who and when) and its words."""

    row: dict[str, Any]
    words: TripPlanWords


def _bound_to(hearing_id: int, survivor_id: int) -> str:
    # The migration that sealed the plans first (notices 2026-12-04T16:52:38) binds the same.
    return f"notice_preparation:{hearing_id}:{survivor_id}"


def seal_words(hearing_id: int, survivor_id: int, words: TripPlanWords) -> tuple[str, str]:
    """The sealed words and the id of the key that sealed them."""
    return seal_bytes(_bound_to(hearing_id, survivor_id), msgspec.json.encode(words))


def open_words(row: dict[str, Any]) -> TripPlanWords:
    """A plan row's words (SealError if its key is gone or the row was changed or moved)."""
    if not row["sealed"]:
        return TripPlanWords()
    opened = open_bytes(_bound_to(row["hearing"], row["survivor"]), row["sealed"], row["key_id"])
    return msgspec.json.decode(opened, type=TripPlanWords)


async def hearing_and_survivor(
    actor: Actor, hearing_id: int, survivor_id: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The hearing (404 if unknown or not visible) and one survivor of its case (404 if not)."""
    hearing = await fetch_one(actor, Hearing, hearing_id, "hearing")
    survivor = (
        await Survivor.select()
        .where((Survivor.id == survivor_id) & (Survivor.case == hearing["case"]))
        .first()
    )
    if survivor is None:
        raise NotFound("survivor in this hearing's case")
    return hearing, survivor


async def trip_plan_refusal(actor: Actor, survivor: dict[str, Any]) -> str:
    """Why this person may not read or change the survivor's trip plan ("" if they may): only
    the survivor's advocate and the case's lead prosecutor, with a second factor at login."""
    if actor.via == SYSTEM:
        return ""
    if not await may_know_identity(actor, survivor):
        return NOT_THE_TWO
    if not actor.mfa:
        return NO_SECOND_FACTOR
    return ""


async def _on_record(
    later: Later | None,
    actor_id: int | None,
    action: str,
    survivor: dict[str, Any],
    after: dict[str, Any],
    outcome: str,
) -> None:
    """Write one audit row in its own transaction, or, for a read (which runs in the request's
    read transaction, docket.sessions), hand it to ``later`` to write once that has closed."""

    async def write() -> None:
        async with write_tx():
            await record(
                actor_id,
                action,
                entity="survivor",
                entity_id=survivor["id"],
                case_id=survivor["case"],
                after=after,
                outcome=outcome,
            )

    if later is None:
        await write()
    else:
        later(write)


async def check_trip_plan_access(
    actor: Actor,
    survivor: dict[str, Any],
    hearing_id: int,
    action: str,
    later: Later | None = None,
) -> None:
    """403 for anyone else, with a plain reason; the refusal is recorded (in its own
    transaction, so that it stays) as ``action`` with outcome "denied"."""
    problem = await trip_plan_refusal(actor, survivor)
    if not problem:
        return
    # Refusals are on record, as for identity reads: a pattern of them is worth a look.
    await _on_record(
        later,
        actor.audit_id,
        action,
        survivor,
        {"hearing_id": hearing_id, "refused": problem},
        "denied",
    )
    if problem == NO_SECOND_FACTOR:
        raise PermissionDeniedException(
            "A survivor's trip plan says where they are met and who goes with them, so it "
            "needs two-step login: set it up, then log in again with the code from your app"
        )
    raise PermissionDeniedException(
        "Only the survivor's advocate and the case's lead prosecutor may see or change the "
        "survivor's trip plan; the team sees whether it is complete (.../preparation/summary)"
    )


def clock(value: dt.time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def is_complete(row: dict[str, Any] | None) -> bool:
    """Enough to print a notice: where and when the survivor meets the advocate, and leaves."""
    return bool(row and row["complete"])


def _read(hearing_id: int, survivor: dict[str, Any], plan: TripPlan | None) -> PreparationRead:
    row = plan.row if plan else None
    words = plan.words if plan else TripPlanWords()
    return PreparationRead(
        hearing_id=hearing_id,
        survivor_id=survivor["id"],
        pseudonym=survivor["pseudonym"],
        meeting_time=clock(row["meeting_time"]) if row else None,
        leave_time=clock(row["leave_time"]) if row else None,
        **msgspec.structs.asdict(words),
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


async def trip_plan(hearing_id: int, survivor_id: int) -> TripPlan | None:
    """The stored plan, opened. Only for code that has decided its reader may know."""
    row = await preparation_row(hearing_id, survivor_id)
    return None if row is None else TripPlan(row, open_words(row))


async def get_preparation(
    actor: Actor, hearing_id: int, survivor_id: int, later: Later | None = None
) -> PreparationRead:
    """The whole plan, for the survivor's advocate or the case's lead prosecutor (two-step
    login); every read and refusal is on the audit trail, never what was read. Inside a
    request's read transaction, pass ``later`` (docket.sessions' deferred work): the audit
    row is written once it has closed."""
    hearing, survivor = await hearing_and_survivor(actor, hearing_id, survivor_id)
    action = "notice_preparation.read"
    await check_trip_plan_access(actor, survivor, hearing_id, action, later)
    plan = await trip_plan(hearing_id, survivor_id)
    await _on_record(later, actor.audit_id, action, survivor, {"hearing_id": hearing_id}, "ok")
    return _read(hearing["id"], survivor, plan)


async def get_preparation_summary(
    actor: Actor, hearing_id: int, survivor_id: int
) -> PreparationSummary:
    """What the whole case team may know of the plan: that it exists, whether it is complete,
    and who changed it last and when; none of its words."""
    hearing, survivor = await hearing_and_survivor(actor, hearing_id, survivor_id)
    row = (
        await NoticePreparation.select(
            NoticePreparation.complete,
            NoticePreparation.updated_by,
            NoticePreparation.updated_by.name.as_alias("updated_by_name"),
            NoticePreparation.updated_at,
            NoticePreparation.version,
        )
        .where(
            (NoticePreparation.hearing == hearing_id) & (NoticePreparation.survivor == survivor_id)
        )
        .first()
    )
    return PreparationSummary(
        hearing_id=hearing["id"],
        survivor_id=survivor["id"],
        pseudonym=survivor["pseudonym"],
        exists=row is not None,
        complete=is_complete(row),
        updated_by_id=row["updated_by"] if row else None,
        updated_by_name=row["updated_by_name"] if row else None,
        updated_at=row["updated_at"] if row else None,
        version=row["version"] if row else 0,
    )


#: Changes of a hearing that can make its trip plans wrong (a room or kind change cannot, but
#: a correction is recorded as one change of any of them).
PLAN_CHANGING = ("reset", "corrected")
#: The advocate's words for a hearing's mode, in stale-plan messages.
_MODE_WORDS = {
    HearingMode.IN_PERSON: "in person",
    HearingMode.VIDEOCONFERENCE: "by videoconference",
    HearingMode.HYBRID: "hybrid (some by videoconference)",
}


def _when(moment: dt.datetime, timezone: str) -> str:
    local = moment.astimezone(zone_of(timezone))
    return f"{local:%a %d %b %Y}, {local:%H:%M}"


def stale_plan(
    row: dict[str, Any], hearing: dict[str, Any], timezone: str, changed_at: dt.datetime | None
) -> str:
    """Why a saved trip plan no longer fits its hearing ("" if it does), in the advocate's
    words: the hearing moved or changed mode after the plan was saved, or the leave time is
    not before the start any more. ``changed_at`` is the hearing's last reset or correction,
    used for plans saved before Docket remembered what they were made for. Checked when a
    notice is printed, not only when the plan is saved: a reset carries the plan's clock
    times to the new day, whatever the new start."""
    starts = hearing["starts_at"]
    planned = row.get("planned_starts_at")
    mode = HearingMode(hearing["mode"])
    if planned is not None and planned != starts:
        return (
            f"The hearing moved from {_when(planned, timezone)} to {_when(starts, timezone)} "
            "after the trip plan was saved"
        )
    planned_mode = row.get("planned_mode")
    if planned_mode and planned_mode != mode:
        return (
            f"The hearing is now {_MODE_WORDS[mode]}; the trip plan was saved when it was "
            f"{_MODE_WORDS[HearingMode(planned_mode)]}"
        )
    if planned is None and changed_at is not None and changed_at > row["updated_at"]:
        return "The hearing was reset or changed after the trip plan was saved"
    leaving = row.get("leave_time")
    start_clock = starts.astimezone(zone_of(timezone)).time()
    if leaving is not None and leaving >= start_clock:
        return (
            f"The trip plan leaves at {leaving:%H:%M}, but the hearing starts at "
            f"{start_clock:%H:%M}"
        )
    return ""


def stale_plan_advice(problem: str, hearing_id: int, survivor_id: int) -> str:
    """The whole message for the advocate: what is wrong and where to fix it."""
    return (
        f"{problem}: check the meeting and leave times and save the trip plan again "
        f"(/hearings/{hearing_id}/survivors/{survivor_id}/preparation) before printing the "
        "survivor's notice"
    )


async def last_plan_changes(hearing_ids: list[int]) -> dict[int, dt.datetime]:
    """Each hearing's last reset or correction (UTC)."""
    if not hearing_ids:
        return {}
    rows = await HearingChange.select(HearingChange.hearing, HearingChange.at).where(
        HearingChange.hearing.is_in(hearing_ids) & HearingChange.change.is_in(list(PLAN_CHANGING))
    )
    last: dict[int, dt.datetime] = {}
    for r in rows:
        last[r["hearing"]] = max(last.get(r["hearing"], r["at"]), r["at"])
    return last


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


async def _check_place(data: PreparationWrite, kept_place_id: int | None) -> list[FieldError]:
    """A place from the office's list, or, as the last resort, one typed: never both (which
    would the notice print?). A place no longer offered stays only on a plan that had it."""
    if data.meeting_place_id is None:
        return []
    if data.meeting_place.strip():
        return [
            FieldError(
                field="meeting_place",
                message="leave it empty when you choose a place from the list (meeting_place_id)",
            )
        ]
    if data.meeting_place_id != kept_place_id and not await meeting_place_in_use(
        data.meeting_place_id
    ):
        return [
            FieldError(
                field="meeting_place_id",
                message="is not a place in the office's list of meeting places",
            )
        ]
    if not await meeting_place_name(data.meeting_place_id, Language.ENGLISH):
        return [FieldError(field="meeting_place_id", message="is no longer a meeting place")]
    return []


async def _check(
    data: PreparationWrite, hearing: dict[str, Any], kept_place_id: int | None = None
) -> list[FieldError]:
    errors = await _check_place(data, kept_place_id)
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
        starts = hearing["starts_at"].astimezone(zone_of(court["timezone"])).time()
        if leaving >= starts:
            errors.append(
                FieldError(
                    field="leave_time",
                    message=f"must be before the hearing starts ({starts:%H:%M})",
                )
            )
    return errors


def _words_of(data: PreparationWrite) -> TripPlanWords:
    return TripPlanWords(
        meeting_place=data.meeting_place.strip(),
        meeting_place_id=data.meeting_place_id,
        support_persons=[name.strip() for name in data.support_persons],
        role_note=data.role_note.strip(),
        vehicle_and_escort=data.vehicle_and_escort.strip(),
        route_and_entrance=data.route_and_entrance.strip(),
        return_plan=data.return_plan.strip(),
        safety_notes=data.safety_notes.strip(),
        after_notes=data.after_notes.strip(),
    )


def _trail(row: dict[str, Any], words: TripPlanWords) -> dict[str, Any]:
    """The plan as the audit trail may hold it: times and completeness, and which words were
    recorded, never the words (nor their sealed form)."""
    return {
        "hearing": row["hearing"],
        "survivor": row["survivor"],
        "meeting_time": clock(row["meeting_time"]),
        "leave_time": clock(row["leave_time"]),
        "complete": row["complete"],
        "updated_by": row["updated_by"],
        "planned_starts_at": row["planned_starts_at"].isoformat()
        if row.get("planned_starts_at")
        else None,
        "planned_mode": row.get("planned_mode"),
        **{
            name: "[redacted]" if value else ""
            for name, value in msgspec.structs.asdict(words).items()
        },
    }


async def put_preparation(
    actor: Actor, hearing_id: int, survivor_id: int, data: PreparationWrite, version: int
) -> PreparationRead:
    """Record the whole plan; ``version`` 0 creates it, otherwise it must be current. Only the
    survivor's advocate and the case's lead prosecutor, with two-step login (the command line
    and the demo act for the office)."""
    hearing, survivor = await hearing_and_survivor(actor, hearing_id, survivor_id)
    await check_trip_plan_access(actor, survivor, hearing_id, "notice_preparation.update")
    kept = await trip_plan(hearing_id, survivor_id)
    errors = await _check(data, hearing, kept.words.meeting_place_id if kept else None)
    if errors:
        raise InvalidInput(*errors)
    words = _words_of(data)
    meeting, leaving = _parse_clock(data.meeting_time), _parse_clock(data.leave_time)
    values: dict[str, Any] = {
        "meeting_time": meeting,
        "leave_time": leaving,
        "complete": bool((words.meeting_place or words.meeting_place_id) and meeting and leaving),
        "updated_by": actor.audit_id,
        "updated_at": utc_now(),
        # What the plan was checked against: a later reset or change of mode makes it stale.
        "planned_starts_at": hearing["starts_at"],
        "planned_mode": hearing["mode"],
    }
    actor_id = actor.audit_id
    async with write_tx():
        current = await preparation_row(hearing_id, survivor_id)
        sealed, key_id = seal_words(hearing_id, survivor_id, words)
        if current is None:
            if version != 0:
                raise StaleEdit(0)
            inserted = await NoticePreparation.insert(
                NoticePreparation(
                    hearing=hearing_id,
                    survivor=survivor_id,
                    sealed=sealed,
                    key_id=key_id,
                    **values,
                )
            ).returning(*NoticePreparation._meta.columns)
            row = inserted[0]
            await record(
                actor_id,
                "notice_preparation.create",
                entity="notice_preparation",
                entity_id=row["id"],
                case_id=hearing["case"],
                after=_trail(row, words),
            )
        else:
            if current["version"] != version:
                raise StaleEdit(current["version"])
            changes: dict[Column | str, Any] = {
                "sealed": sealed,
                "key_id": key_id,
                "version": version + 1,
            }
            changes.update(values)
            # The version in the WHERE clause makes the check and the write one step.
            updated = (
                await NoticePreparation.update(changes)
                .where(
                    (NoticePreparation.id == current["id"]) & (NoticePreparation.version == version)
                )
                .returning(*NoticePreparation._meta.columns)
            )
            if not updated:
                again = await preparation_row(hearing_id, survivor_id)
                raise StaleEdit(again["version"] if again else 0)
            row = updated[0]
            before_words = open_words(current)
            before, after = _trail(current, before_words), _trail(row, words)
            # A word changed for another reads "[redacted]" on both sides: still named.
            changed = [
                k
                for k in after
                if after[k] != before[k] or getattr(words, k, 0) != getattr(before_words, k, 0)
            ]
            await record(
                actor_id,
                "notice_preparation.update",
                entity="notice_preparation",
                entity_id=row["id"],
                case_id=hearing["case"],
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    return _read(hearing_id, survivor, TripPlan(row, words))


async def reseal_trip_plans() -> int:
    """Seal every trip plan again with the current sealing key (a key rotation, inside its
    write transaction); returns how many."""
    if not is_sqlite():
        # Nobody changes a plan under the old key while this runs.
        await engine().run_ddl("LOCK TABLE notice_preparation IN EXCLUSIVE MODE")
    rows = await NoticePreparation.select(
        NoticePreparation.id,
        NoticePreparation.hearing,
        NoticePreparation.survivor,
        NoticePreparation.sealed,
        NoticePreparation.key_id,
    )
    for row in rows:
        sealed, key_id = seal_words(row["hearing"], row["survivor"], open_words(row))
        await NoticePreparation.update(
            {NoticePreparation.sealed: sealed, NoticePreparation.key_id: key_id}
        ).where(NoticePreparation.id == row["id"])
    return len(rows)

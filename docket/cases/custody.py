"""An accused's custody as dated changes (arrest, detention, bail, release, recommitment).

The arraignment clock counts 10 days for a detained accused and 30 for the others
(A.M. 15-06-10-SC III.8), so a change of custody must move the clock, not erase it: each change
is kept with its day, and the accused's ``custody_status`` follows the latest one. Each write
owns its transaction and its audit records (the change, and the accused's new status).
"""

from __future__ import annotations

from typing import Any

from msgspec import UNSET

from docket.accounts.services import Actor
from docket.audit.services import record
from docket.cases.choices import CUSTODY_AFTER, CustodyChange, CustodyStatus
from docket.cases.progress import check_event_date
from docket.cases.schemas import CustodyEventCreate, CustodyEventRead, CustodyHistory
from docket.cases.tables import Accused, CustodyEvent
from docket.db import write_tx
from docket.editing import expected_version, fetch_one, insert_one, update_one
from docket.errors import Conflict, InvalidInput

#: Which change may follow the custody a change left the accused in (None: nothing recorded
#: yet). Bail can be the first: an accused may surrender and post bail the same day.
_NEXT: dict[CustodyStatus | None, frozenset[CustodyChange]] = {
    None: frozenset({CustodyChange.ARRESTED, CustodyChange.DETAINED, CustodyChange.BAIL_POSTED}),
    CustodyStatus.DETAINED: frozenset({CustodyChange.BAIL_POSTED, CustodyChange.RELEASED}),
    CustodyStatus.ON_BAIL: frozenset({CustodyChange.RECOMMITTED, CustodyChange.RELEASED}),
    CustodyStatus.RELEASED: frozenset({CustodyChange.ARRESTED, CustodyChange.RECOMMITTED}),
}
#: A court's commitment order may follow the arrest (detained after arrested).
_ALSO_AFTER_ARREST = frozenset({CustodyChange.DETAINED})


def _event_read(row: dict[str, Any]) -> CustodyEventRead:
    return CustodyEventRead(
        id=row["id"],
        accused_id=row["accused"],
        kind=CustodyChange(row["kind"]),
        on=row["happened_on"],
    )


async def _events(accused_id: int) -> list[dict[str, Any]]:
    return list(
        await CustodyEvent.select()
        .where(CustodyEvent.accused == accused_id)
        .order_by(CustodyEvent.happened_on)
        .order_by(CustodyEvent.id)
    )


def _history(accused: dict[str, Any], events: list[dict[str, Any]]) -> CustodyHistory:
    return CustodyHistory(
        accused_id=accused["id"],
        case_id=accused["case"],
        custody_status=CustodyStatus(accused["custody_status"]),
        version=accused["version"],
        events=[_event_read(e) for e in events],
    )


async def custody_history(actor: Actor, accused_id: int) -> CustodyHistory:
    accused = await fetch_one(actor, Accused, accused_id, "accused")
    return _history(accused, await _events(accused_id))


def _check_follows(events: list[dict[str, Any]], data: CustodyEventCreate) -> None:
    """400 for a change dated before the latest one (a bail date before the arrest); 409 for a
    change the accused's custody cannot take (bail posted by an accused already on bail)."""
    if not events:
        allowed = _NEXT[None]
    else:
        last = events[-1]
        last_kind = CustodyChange(last["kind"])
        if data.on < last["happened_on"]:
            raise InvalidInput.field(
                "on",
                f"must not be before the accused's last custody change "
                f"({last_kind.value.replace('_', ' ')} on {last['happened_on'].isoformat()}): "
                "check the date",
            )
        allowed = _NEXT[CUSTODY_AFTER[last_kind]]
        if last_kind == CustodyChange.ARRESTED:
            allowed |= _ALSO_AFTER_ARREST
    if data.kind not in allowed:
        now = "nothing recorded yet" if not events else CUSTODY_AFTER[last_kind].value
        raise Conflict(
            f"An accused whose custody is {now.replace('_', ' ')} cannot be recorded as "
            f"{data.kind.value.replace('_', ' ')}",
            allowed=sorted(k.value for k in allowed),
        )


async def record_custody_change(
    actor: Actor, accused_id: int, data: CustodyEventCreate, version: int
) -> CustodyHistory:
    """Record a change of custody; the accused's custody status follows it, and the
    arraignment clock moves at the next read. Stale accused → 412, nothing written."""
    check_event_date("on", data.on)
    async with write_tx():
        accused = await fetch_one(actor, Accused, accused_id, "accused")
        events = await _events(accused_id)
        _check_follows(events, data)
        await insert_one(
            actor,
            CustodyEvent,
            {
                "case": accused["case"],
                "accused": accused_id,
                "kind": data.kind,
                "happened_on": data.on,
                "custody_before": accused["custody_status"],
            },
            entity="custody_event",
            case_id=accused["case"],
        )
        await update_one(
            actor,
            Accused,
            accused_id,
            {"custody_status": CUSTODY_AFTER[data.kind]},
            version=version,
            entity="accused",
            case_id=accused["case"],
            action="accused.custody",
        )
    return await custody_history(actor, accused_id)


async def withdraw_custody_change(
    actor: Actor, event_id: int, if_match: str | None
) -> CustodyHistory:
    """Take back a change recorded by mistake: only the latest one (409 otherwise), and the
    accused's custody status goes back to what it was before it. ``if_match`` carries the
    accused's version; it is read after the access check, so another case's change is 404."""
    async with write_tx():
        event = await fetch_one(actor, CustodyEvent, event_id, "custody change")
        version = expected_version(UNSET, if_match)
        accused_id = event["accused"]
        events = await _events(accused_id)
        if events[-1]["id"] != event_id:
            raise Conflict(
                "Only the latest custody change can be withdrawn: withdraw the later ones first"
            )
        await CustodyEvent.delete().where(CustodyEvent.id == event_id)
        await record(
            actor.audit_id,
            "custody_event.delete",
            entity="custody_event",
            entity_id=event_id,
            case_id=event["case"],
            before=event,
        )
        await update_one(
            actor,
            Accused,
            accused_id,
            {"custody_status": event["custody_before"]},
            version=version,
            entity="accused",
            case_id=event["case"],
            action="accused.custody",
        )
    return await custody_history(actor, accused_id)

"""Each person's choices of what reminders they receive, and one-click unsubscribe."""

from __future__ import annotations

from typing import Any

from msgspec import UNSET

from docket.accounts.choices import Role
from docket.accounts.services import Actor
from docket.audit.services import record
from docket.db import write_tx
from docket.errors import InvalidInput, NotFound, StaleEdit
from docket.reminders.choices import (
    DEFAULT_AGENDA_TIME,
    DEFAULT_ENABLED,
    KIND_LABELS,
    ReminderKind,
)
from docket.reminders.email import read_unsubscribe_token
from docket.reminders.schemas import ReminderChoiceRead, ReminderChoiceUpdate
from docket.reminders.tables import ReminderChoice

#: Which kinds each role may receive (the daily agenda is the prosecutor's).
KINDS_FOR: dict[Role, tuple[ReminderKind, ...]] = {
    Role.PROSECUTOR: (ReminderKind.HEARING_ALERT, ReminderKind.DAILY_AGENDA),
    Role.LAWYER: (ReminderKind.HEARING_ALERT,),
    Role.ADVOCATE: (ReminderKind.HEARING_ALERT,),
    Role.ADMIN: (ReminderKind.HEARING_ALERT,),
}


def _read(kind: ReminderKind, row: dict[str, Any] | None) -> ReminderChoiceRead:
    return ReminderChoiceRead(
        kind=kind,
        label=KIND_LABELS[kind],
        enabled=bool(row["enabled"]) if row else DEFAULT_ENABLED[kind],
        send_at=(row["send_at"] if row else DEFAULT_AGENDA_TIME)
        if kind == ReminderKind.DAILY_AGENDA
        else "",
        version=row["version"] if row else 0,
    )


async def _rows(user_id: int) -> dict[str, dict[str, Any]]:
    rows = await ReminderChoice.select().where(ReminderChoice.user == user_id)
    return {r["kind"]: r for r in rows}


async def list_choices(actor: Actor) -> list[ReminderChoiceRead]:
    """The person's choice for every kind their role may receive (defaults where unchosen)."""
    rows = await _rows(actor.id)
    return [_read(kind, rows.get(kind.value)) for kind in KINDS_FOR[actor.role]]


def _kind(actor: Actor, kind: str) -> ReminderKind:
    if kind not in {k.value for k in KINDS_FOR[actor.role]}:
        raise NotFound("kind of reminder")
    return ReminderKind(kind)


async def _save(
    user_id: int, audit_id: int | None, kind: ReminderKind, data: ReminderChoiceUpdate
) -> ReminderChoiceRead:
    """Write one choice at the version the person saw (412 if it changed meanwhile)."""
    async with write_tx():
        row = (
            await ReminderChoice.select()
            .where((ReminderChoice.user == user_id) & (ReminderChoice.kind == kind.value))
            .first()
        )
        current = row["version"] if row else 0
        if data.version != current:
            raise StaleEdit(current)
        before = _read(kind, row)
        changes: dict[str, Any] = {}
        if data.enabled is not UNSET:
            changes["enabled"] = data.enabled
        if data.send_at is not UNSET:
            if kind != ReminderKind.DAILY_AGENDA:
                raise InvalidInput.field("send_at", "only the daily agenda has a time")
            changes["send_at"] = data.send_at
        if row is None:
            values: dict[str, Any] = {
                "user": user_id,
                "kind": kind.value,
                "version": 1,
                "enabled": before.enabled,
                "send_at": DEFAULT_AGENDA_TIME,
            } | changes
            inserted = await ReminderChoice.insert(ReminderChoice.from_dict(values)).returning(
                *ReminderChoice._meta.columns
            )
            after_row = inserted[0]
        else:
            await ReminderChoice.update(
                {
                    **{ReminderChoice._meta.get_column_by_name(k): v for k, v in changes.items()},
                    ReminderChoice.version: current + 1,
                }
            ).where(ReminderChoice.id == row["id"])
            after_row = row | changes | {"version": current + 1}
        after = _read(kind, after_row)
        await record(
            audit_id,
            "reminder_choice.update",
            entity="reminder_choice",
            entity_id=after_row["id"],
            case_id=None,
            before={"kind": kind.value, "enabled": before.enabled, "send_at": before.send_at},
            after={"kind": kind.value, "enabled": after.enabled, "send_at": after.send_at},
        )
    return after


async def update_choice(actor: Actor, kind: str, data: ReminderChoiceUpdate) -> ReminderChoiceRead:
    return await _save(actor.id, actor.audit_id, _kind(actor, kind), data)


async def update_choices(
    actor: Actor, updates: dict[ReminderKind, ReminderChoiceUpdate]
) -> list[ReminderChoiceRead]:
    """Several choices at once (the page's form): all saved, or none."""
    async with write_tx():
        for kind, data in updates.items():
            await _save(actor.id, actor.audit_id, _kind(actor, kind.value), data)
    return await list_choices(actor)


async def unsubscribe(token: str) -> ReminderKind:
    """Turn one kind of message off for the person the signed token names (no login: the
    token is the proof). A token Docket did not sign is 404, as an unknown link is."""
    read = read_unsubscribe_token(token)
    if read is None:
        raise NotFound("unsubscribe link")
    user_id, kind = read
    rows = await _rows(user_id)
    row = rows.get(kind.value)
    if row is not None and not row["enabled"]:
        return kind  # already off: a second click changes nothing
    await _save(
        user_id,
        user_id,
        kind,
        ReminderChoiceUpdate(version=row["version"] if row else 0, enabled=False),
    )
    return kind

"""Courts: the branches where hearings take place, each with its own time zone."""

from __future__ import annotations

from typing import Any

import msgspec

from docket.accounts.services import Actor
from docket.courts.schemas import CourtCreate, CourtRead, CourtUpdate
from docket.courts.tables import Court
from docket.courts.zones import is_zone
from docket.db import write_tx
from docket.editing import changes_of, fetch_one, insert_one, update_one
from docket.errors import Conflict, InvalidInput


def _court_read(row: dict[str, Any]) -> CourtRead:
    return msgspec.convert(row, CourtRead)


def _check_timezone(name: str) -> None:
    # Only the zones the tz database lists: "Asia" names a folder of it, and opening that
    # failed with IsADirectoryError (a 500) rather than ZoneInfoNotFoundError.
    if not is_zone(name):
        raise InvalidInput.field("timezone", "must be an IANA time zone, e.g. Asia/Manila")


async def _check_name_free(name: str, court_id: int | None) -> None:
    query = Court.exists().where(Court.name == name)
    if court_id is not None:
        query = query.where(Court.id != court_id)
    if await query:
        raise Conflict(f"A court named {name!r} already exists")


async def create_court(actor: Actor, data: CourtCreate) -> CourtRead:
    _check_timezone(data.timezone)
    async with write_tx():
        await _check_name_free(data.name, None)
        row = await insert_one(
            actor, Court, msgspec.structs.asdict(data), entity="court", case_id=None
        )
    return _court_read(row)


async def list_courts(actor: Actor) -> list[CourtRead]:
    return [_court_read(r) for r in await Court.select().order_by(Court.name)]


async def get_court(actor: Actor, court_id: int) -> CourtRead:
    return _court_read(await fetch_one(actor, Court, court_id, "court"))


async def update_court(actor: Actor, court_id: int, data: CourtUpdate, version: int) -> CourtRead:
    changes = changes_of(data)
    if "timezone" in changes:
        _check_timezone(changes["timezone"])
    async with write_tx():
        if "name" in changes:
            await _check_name_free(changes["name"], court_id)
        row = await update_one(
            actor, Court, court_id, changes, version=version, entity="court", case_id=None
        )
    return _court_read(row)

"""The office's list of meeting places: where an advocate meets a survivor before court, each
place named in every notice language, so a notice in Waray never says "the DSWD office lobby"
in English (issue 20). Admins keep the list; the trip plan chooses from it, and a typed place
is the last resort (docket.notices.preparation).

A place's names are printed on survivors' notices, so each is held to privacy rule 3 when it
is typed: no word that names a case, a charge or a shelter. A place is never deleted, as trip
plans point to it; one no longer used is marked so and leaves the list offered for new plans.
"""

from __future__ import annotations

from typing import Any

import msgspec

from docket.accounts.services import Actor
from docket.cases.choices import Language
from docket.db import write_tx
from docket.editing import changes_of, fetch_one, insert_one, update_one
from docket.errors import Conflict, FieldError, InvalidInput
from docket.notices.api_schemas import MeetingPlaceCreate, MeetingPlaceRead, MeetingPlaceUpdate
from docket.notices.schemas import words_never_on_a_survivor_page
from docket.notices.tables import MeetingPlace

#: The column holding a place's name in each notice language.
NAME_FIELDS = {language: f"name_{language.value}" for language in Language}


def _read(row: dict[str, Any]) -> MeetingPlaceRead:
    return msgspec.convert(row, MeetingPlaceRead)


def _check_names(values: dict[str, Any]) -> None:
    errors = []
    for field in NAME_FIELDS.values():
        if field not in values:
            continue
        name = values[field] = values[field].strip()
        if not name:
            errors.append(FieldError(field=field, message="is empty"))
            continue
        word = words_never_on_a_survivor_page(name)
        if word:
            errors.append(
                FieldError(
                    field=field,
                    message=f"may not say {word!r}: it is printed on survivors' notices",
                )
            )
    if errors:
        raise InvalidInput(*errors)


async def _check_name_free(name: str, place_id: int | None) -> None:
    query = MeetingPlace.exists().where(MeetingPlace.name_en == name)
    if place_id is not None:
        query = query.where(MeetingPlace.id != place_id)
    if await query:
        raise Conflict(f"A meeting place named {name!r} in English is already listed")


async def list_meeting_places(
    actor: Actor, include_retired: bool = False
) -> list[MeetingPlaceRead]:
    """The places offered for trip plans (and, on request, those no longer used)."""
    query = MeetingPlace.select().order_by(MeetingPlace.name_en)
    if not include_retired:
        query = query.where(MeetingPlace.in_use == True)  # noqa: E712
    return [_read(row) for row in await query]


async def get_meeting_place(actor: Actor, place_id: int) -> MeetingPlaceRead:
    return _read(await fetch_one(actor, MeetingPlace, place_id, "meeting place"))


async def create_meeting_place(actor: Actor, data: MeetingPlaceCreate) -> MeetingPlaceRead:
    values = msgspec.structs.asdict(data)
    _check_names(values)
    async with write_tx():
        await _check_name_free(values["name_en"], None)
        row = await insert_one(actor, MeetingPlace, values, entity="meeting_place", case_id=None)
    return _read(row)


async def update_meeting_place(
    actor: Actor, place_id: int, data: MeetingPlaceUpdate, version: int
) -> MeetingPlaceRead:
    changes = changes_of(data)
    _check_names(changes)
    async with write_tx():
        if "name_en" in changes:
            await _check_name_free(changes["name_en"], place_id)
        row = await update_one(
            actor,
            MeetingPlace,
            place_id,
            changes,
            version=version,
            entity="meeting_place",
            case_id=None,
        )
    return _read(row)


async def meeting_place_in_use(place_id: int) -> dict[str, Any] | None:
    """The place, if it is listed and still offered for new plans."""
    row: dict[str, Any] | None = (
        await MeetingPlace.select()
        .where((MeetingPlace.id == place_id) & (MeetingPlace.in_use == True))  # noqa: E712
        .first()
    )
    return row


async def meeting_place_name(place_id: int, language: Language) -> str:
    """A place's name in one language, for a notice (a place since retired still prints)."""
    row = (
        await MeetingPlace.select(MeetingPlace._meta.get_column_by_name(NAME_FIELDS[language]))
        .where(MeetingPlace.id == place_id)
        .first()
    )
    return str(row[NAME_FIELDS[language]]) if row else ""

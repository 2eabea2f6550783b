"""Protection needs of witnesses at hearings: requested → ordered → arranged (or declined)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from docket.accounts.services import Actor
from docket.cases.access import check_case_visible
from docket.cases.free_text import check_free_text
from docket.cases.progress import court_today
from docket.cases.tables import Witness
from docket.db import utc_now, write_tx
from docket.editing import changes_of, fetch_one, insert_one, update_one
from docket.errors import Conflict, InvalidInput
from docket.hearings.tables import Hearing
from docket.protection.schemas import (
    ProtectionNeedCreate,
    ProtectionNeedRead,
    ProtectionNeedUpdate,
)
from docket.protection.tables import ProtectionNeed


def _check_requested_on(value: dt.date | None) -> None:
    if value is not None and not (dt.date(2000, 1, 1) <= value <= court_today()):
        raise InvalidInput.field("requested_on", "must be a day between 2000 and today")


def _need_read(row: dict[str, Any]) -> ProtectionNeedRead:
    return ProtectionNeedRead(
        id=row["id"],
        hearing_id=row["hearing"],
        witness_id=row["witness"],
        measure=row["measure"],
        status=row["status"],
        detail=row["detail"],
        requested_on=row["requested_on"],
        updated_by_id=row["updated_by"],
        updated_at=row["updated_at"],
        version=row["version"],
    )


async def add_need(actor: Actor, hearing_id: int, data: ProtectionNeedCreate) -> ProtectionNeedRead:
    _check_requested_on(data.requested_on)
    async with write_tx():
        hearing = await fetch_one(actor, Hearing, hearing_id, "hearing")
        await check_free_text(hearing["case"], {"detail": data.detail})
        if not await Witness.exists().where(
            (Witness.id == data.witness_id) & (Witness.case == hearing["case"])
        ):
            raise InvalidInput.field("witness_id", "no witness of this hearing's case has this id")
        if await ProtectionNeed.exists().where(
            (ProtectionNeed.hearing == hearing_id)
            & (ProtectionNeed.witness == data.witness_id)
            & (ProtectionNeed.measure == data.measure)
        ):
            raise Conflict("This measure is already listed for this witness at this hearing")
        row = await insert_one(
            actor,
            ProtectionNeed,
            {
                "hearing": hearing_id,
                "witness": data.witness_id,
                "measure": data.measure,
                "status": data.status,
                "detail": data.detail,
                "requested_on": data.requested_on or court_today(),
                "updated_by": actor.id,
                "updated_at": utc_now(),
            },
            entity="protection_need",
            case_id=hearing["case"],
        )
    return _need_read(row)


async def get_need(actor: Actor, need_id: int) -> ProtectionNeedRead:
    return _need_read(await fetch_one(actor, ProtectionNeed, need_id, "protection need"))


async def list_needs(
    actor: Actor, hearing_id: int, *, status: str | None, limit: int, offset: int
) -> tuple[list[ProtectionNeedRead], int]:
    await fetch_one(actor, Hearing, hearing_id, "hearing")
    query = ProtectionNeed.select().where(ProtectionNeed.hearing == hearing_id)
    count = ProtectionNeed.count().where(ProtectionNeed.hearing == hearing_id)
    if status is not None:
        query = query.where(ProtectionNeed.status == status)
        count = count.where(ProtectionNeed.status == status)
    rows = await query.order_by(ProtectionNeed.id).limit(limit).offset(offset)
    return [_need_read(r) for r in rows], await count


async def case_needs(
    actor: Actor, case_id: int, hearing_ids: list[int]
) -> dict[int, list[ProtectionNeedRead]]:
    """The protection needs of these hearings of one case, by hearing, in one statement (the
    case page: one query per coming hearing made its cost grow with them)."""
    await check_case_visible(actor, case_id, "case")
    if not hearing_ids:
        return {}
    rows = (
        await ProtectionNeed.select(*ProtectionNeed.all_columns())
        .where(ProtectionNeed.hearing.is_in(hearing_ids) & (ProtectionNeed.hearing.case == case_id))
        .order_by(ProtectionNeed.id)
    )
    needs: dict[int, list[ProtectionNeedRead]] = {}
    for row in rows:
        needs.setdefault(row["hearing"], []).append(_need_read(row))
    return needs


async def update_need(
    actor: Actor, need_id: int, data: ProtectionNeedUpdate, version: int
) -> ProtectionNeedRead:
    changes = changes_of(data) | {"updated_by": actor.id, "updated_at": utc_now()}
    _check_requested_on(changes.get("requested_on"))
    async with write_tx():
        current = (
            await ProtectionNeed.select(
                ProtectionNeed.id, ProtectionNeed.hearing.case.as_alias("case_id")
            )
            .where(ProtectionNeed.id == need_id)
            .first()
        )
        if current is None:
            await fetch_one(actor, ProtectionNeed, need_id, "protection need")
        else:
            await check_free_text(current["case_id"], {"detail": changes.get("detail")})
        row = await update_one(
            actor,
            ProtectionNeed,
            need_id,
            changes,
            version=version,
            entity="protection_need",
            case_id=current["case_id"] if current else None,
        )
    return _need_read(row)

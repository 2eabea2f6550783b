"""Reading the statute catalogue, and the checks on a case's charges."""

from __future__ import annotations

import msgspec

from docket.accounts.services import Actor
from docket.cases.choices import AgeBand
from docket.cases.tables import Charge, ChargeSurvivor, Survivor
from docket.editing import fetch_one
from docket.errors import NotFound
from docket.statutes.catalogue import Statute, search_statutes, statute
from docket.statutes.checks import Advice, charge_advice
from docket.statutes.schemas import StatuteRead


def _read(found: Statute) -> StatuteRead:
    return msgspec.convert(found, StatuteRead, from_attributes=True)


def list_statutes(q: str | None) -> list[StatuteRead]:
    """Every charge Docket knows, or those whose code, statute, section or title hold ``q``."""
    return [_read(s) for s in search_statutes(q or "")]


def get_statute(code: str) -> StatuteRead:
    found = statute(code)
    if found is None:
        raise NotFound("statute")
    return _read(found)


async def advice_for_charge(actor: Actor, charge_id: int) -> list[Advice]:
    """What the prosecutor may want to check about this charge, from its own facts.

    A child survivor is any survivor the charge names whose age band is not adult; the victim
    count is the survivors it names (at least one); the offenders are the accused of the case
    charged under the same code.
    """
    charge = await fetch_one(actor, Charge, charge_id, "charge")
    linked = await ChargeSurvivor.select(ChargeSurvivor.survivor).where(
        ChargeSurvivor.charge == charge_id
    )
    survivor_ids = [r["survivor"] for r in linked]
    bands = (
        await Survivor.select(Survivor.age_band).where(Survivor.id.is_in(survivor_ids))
        if survivor_ids
        else []
    )
    offenders = await Charge.select(Charge.accused).where(
        (Charge.case == charge["case"])
        & (Charge.statute_code == charge["statute_code"])
        & Charge.struck_at.is_null()
    )
    return charge_advice(
        charge["statute_code"],
        offence_date=charge["offence_date"],
        child_survivor=any(b["age_band"] != AgeBand.ADULT for b in bands),
        via_ict=charge["via_ict"],
        victim_count=max(1, len(survivor_ids)),
        offender_count=max(1, len({o["accused"] for o in offenders})),
    )

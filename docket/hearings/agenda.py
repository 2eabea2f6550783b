"""A person's agenda: the hearings of their own cases in the coming days, with the witnesses
expected and the protection measures to prepare for each.

Three queries whatever the number of hearings (tests/test_query_counts.py holds it to that):
the hearings joined with their case and court, then the protection needs of those hearings,
then the witnesses they concern.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docket.accounts.services import Actor
from docket.cases.choices import WitnessKind
from docket.cases.tables import CaseMember, Witness
from docket.db import utc_now
from docket.hearings.agenda_schemas import (
    AgendaHearing,
    AgendaNeed,
    AgendaPage,
    AgendaWitness,
)
from docket.hearings.choices import HearingKind, HearingMode, HearingStatus
from docket.hearings.services import PENDING
from docket.hearings.tables import Hearing
from docket.protection.tables import ProtectionNeed

#: Hearings where witnesses testify: every witness of the case may be called, so every one is
#: listed; at other hearings only witnesses with a measure listed for it are.
TESTIMONY_KINDS = (HearingKind.TRIAL, HearingKind.BAIL_HEARING)


def _witness(row: dict[str, Any], needs: list[AgendaNeed]) -> AgendaWitness:
    survivor = row["kind"] == WitnessKind.SURVIVOR
    return AgendaWitness(
        witness_id=row["id"],
        kind=row["kind"],
        # A survivor is their pseudonym, here as everywhere.
        name=(row["pseudonym"] or "") if survivor else row["name"],
        agency=row["agency"],
        protected=row["protected"],
        survivor_id=row["survivor"],
        needs=needs,
    )


async def agenda(
    actor: Actor, *, days: int, limit: int, now: dt.datetime | None = None
) -> AgendaPage:
    """The actor's hearings (cases where they are lead or member) still to happen from now to
    ``days`` ahead, soonest first, at most ``limit`` of them."""
    now = now or utc_now()
    until = now + dt.timedelta(days=days)
    my_cases = CaseMember.select(CaseMember.case).where(CaseMember.user == actor.id)
    rows = (
        await Hearing.select(
            Hearing.id,
            Hearing.case,
            Hearing.court,
            Hearing.kind,
            Hearing.starts_at,
            Hearing.ends_at,
            Hearing.mode,
            Hearing.room,
            Hearing.video_link,
            Hearing.status,
            Hearing.sequence,
            Hearing.version,
            Hearing.case.docket_number.as_alias("docket_number"),
            Hearing.case.court_case_number.as_alias("court_case_number"),
            Hearing.case.caption.as_alias("caption"),
            Hearing.case.sealed.as_alias("sealed"),
            Hearing.court.name.as_alias("court_name"),
            Hearing.court.address.as_alias("court_address"),
            Hearing.court.timezone.as_alias("court_timezone"),
        )
        .where(
            Hearing.case.is_in(my_cases)
            & (Hearing.starts_at >= now)
            & (Hearing.starts_at < until)
            & Hearing.status.is_in(list(PENDING))
        )
        .order_by(Hearing.starts_at)
        .order_by(Hearing.id)
        .limit(limit)
    )
    if not rows:
        return AgendaPage(starts_from=now, starts_before=until, items=[])

    hearing_ids = [r["id"] for r in rows]
    need_rows = await (
        ProtectionNeed.select(
            ProtectionNeed.id,
            ProtectionNeed.hearing,
            ProtectionNeed.witness,
            ProtectionNeed.measure,
            ProtectionNeed.status,
            ProtectionNeed.detail,
            ProtectionNeed.version,
        )
        .where(ProtectionNeed.hearing.is_in(hearing_ids))
        .order_by(ProtectionNeed.id)
    )
    needs: dict[tuple[int, int], list[AgendaNeed]] = {}
    for n in need_rows:
        needs.setdefault((n["hearing"], n["witness"]), []).append(
            AgendaNeed(
                id=n["id"],
                measure=n["measure"],
                status=n["status"],
                detail=n["detail"],
                version=n["version"],
            )
        )

    testimony_cases = sorted({r["case"] for r in rows if r["kind"] in TESTIMONY_KINDS})
    needed_witnesses = sorted({witness for _, witness in needs})
    where: Any = None
    if testimony_cases:
        where = Witness.case.is_in(testimony_cases)
    if needed_witnesses:
        by_need = Witness.id.is_in(needed_witnesses)
        where = by_need if where is None else where | by_need
    witness_rows: list[dict[str, Any]] = []
    if where is not None:
        witness_rows = await (
            Witness.select(
                Witness.id,
                Witness.case,
                Witness.kind,
                Witness.survivor,
                Witness.name,
                Witness.agency,
                Witness.protected,
                Witness.survivor.pseudonym.as_alias("pseudonym"),
            )
            .where(where)
            .order_by(Witness.id)
        )
    by_case: dict[int, list[dict[str, Any]]] = {}
    for w in witness_rows:
        by_case.setdefault(w["case"], []).append(w)

    items = []
    for r in rows:
        testimony = r["kind"] in TESTIMONY_KINDS
        witnesses = [
            _witness(w, needs.get((r["id"], w["id"]), []))
            for w in by_case.get(r["case"], [])
            if testimony or (r["id"], w["id"]) in needs
        ]
        items.append(
            AgendaHearing(
                hearing_id=r["id"],
                case_id=r["case"],
                docket_number=r["docket_number"],
                court_case_number=r["court_case_number"],
                caption=r["caption"],
                sealed=r["sealed"],
                court_id=r["court"],
                court_name=r["court_name"],
                court_address=r["court_address"],
                court_timezone=r["court_timezone"],
                room=r["room"],
                kind=HearingKind(r["kind"]),
                mode=HearingMode(r["mode"]),
                video_link=r["video_link"],
                status=HearingStatus(r["status"]),
                starts_at=r["starts_at"],
                ends_at=r["ends_at"],
                sequence=r["sequence"],
                version=r["version"],
                witnesses=witnesses,
                to_prepare=sum(
                    1 for w in witnesses for n in w.needs if n.status in ("requested", "ordered")
                ),
            )
        )
    return AgendaPage(starts_from=now, starts_before=until, items=items)

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
from docket.db import fetch, in_list, utc_now
from docket.hearings.agenda_schemas import (
    AgendaHearing,
    AgendaNeed,
    AgendaPage,
    AgendaWitness,
)
from docket.hearings.choices import PENDING, HearingKind, HearingMode, HearingStatus

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
    rows = await fetch(
        'SELECT h.id, h."case", h.court, h.kind, h.starts_at, h.ends_at, h.mode, h.room,'
        " h.video_link, h.status, h.sequence, h.version, c.docket_number, c.court_case_number,"
        " c.caption, c.sealed, ct.name AS court_name, ct.address AS court_address,"
        " ct.timezone AS court_timezone"
        ' FROM hearing h LEFT JOIN court_case c ON c.id = h."case"'
        " LEFT JOIN court ct ON ct.id = h.court"
        ' WHERE h."case" IN (SELECT m."case" FROM case_member m WHERE m."user" = ?)'
        " AND h.starts_at >= ? AND h.starts_at < ? AND h.status IN (?, ?)"
        " ORDER BY h.starts_at, h.id LIMIT ?",
        actor.id,
        now,
        until,
        *PENDING,
        limit,
    )
    if not rows:
        return AgendaPage(starts_from=now, starts_before=until, items=[])

    of_hearings, hearing_ids = in_list("hearing", [r["id"] for r in rows])
    need_rows = await fetch(
        "SELECT id, hearing, witness, measure, status, detail, version FROM protection_need"
        f" WHERE {of_hearings} ORDER BY id",
        *hearing_ids,
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
    conditions: list[str] = []
    params: list[Any] = []
    for column, values in (('w."case"', testimony_cases), ("w.id", needed_witnesses)):
        if values:
            condition, values_params = in_list(column, values)
            conditions.append(condition)
            params += values_params
    witness_rows: list[dict[str, Any]] = []
    if conditions:
        witness_rows = await fetch(
            'SELECT w.id, w."case", w.kind, w.survivor, w.name, w.agency, w.protected,'
            " s.pseudonym FROM witness w LEFT JOIN survivor s ON s.id = w.survivor"
            f" WHERE {' OR '.join(conditions)} ORDER BY w.id",
            *params,
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

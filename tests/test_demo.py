"""The demo dockets hold the same counts whatever day they are drawn.

Both are drawn around the day they are loaded (hearings held a month ago, hearings next week),
and courts sit on weekdays only. A demo drawn on a Saturday must not hold more hearings ahead,
fewer awaiting an outcome, or a different share of cases per prosecutor than one drawn on a
Tuesday: tests, the bench and a newcomer's first look all count on it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from benchmarks.national_demo import Scale, load_national
from docket.cases.tables import Accused, Case, CaseMember, Survivor, Witness
from docket.hearings.tables import Hearing, HearingChange
from docket.protection.tables import ProtectionNeed
from tests.conftest import empty_database

pytestmark = pytest.mark.anyio

MANILA = ZoneInfo("Asia/Manila")
#: A week of anchor days, Monday to Sunday, and a Black Saturday (Holy Week 2027).
WEEK = [dt.date(2026, 11, 23) + dt.timedelta(days=n) for n in range(7)]
HOLY_SATURDAY = dt.date(2027, 3, 27)
SCALE = Scale(cases=120, hearings=1_500, users=70, courts=6, offices=3, teams=15)


async def census(anchor: dt.date) -> dict[str, Any]:
    """What a user of the demo would count: rows, hearings by status, hearings before the
    anchor day and from it on, and each lead prosecutor's hearings. (A hearing drawn for the
    anchor day itself is on the next Monday when that day is a Saturday.)"""
    day_starts = dt.datetime.combine(anchor, dt.time(0), MANILA)
    hearings = await Hearing.select(Hearing.case, Hearing.status, Hearing.starts_at)
    leads = {
        row["case"]: row["user"]
        for row in await CaseMember.select(CaseMember.case, CaseMember.user).where(
            CaseMember.lead.eq(True)
        )
    }
    weekdays = {h["starts_at"].astimezone(MANILA).weekday() for h in hearings}
    assert weekdays <= {0, 1, 2, 3, 4}, "a demo hearing falls on a weekend"
    return {
        "rows": {
            table._meta.tablename: await table.count()
            for table in (Case, Accused, Survivor, Witness, Hearing, HearingChange, ProtectionNeed)
        },
        "by status": Counter(h["status"] for h in hearings),
        "before the day": Counter(h["starts_at"] < day_starts for h in hearings),
        "per lead prosecutor": Counter(leads.get(h["case"]) for h in hearings),
        "captions kept inside": await Case.count().where(Case.caption_names_survivor.eq(True)),
    }


async def _national(anchor: dt.date) -> dict[str, Any]:
    await empty_database()
    with time_machine.travel(dt.datetime.combine(anchor, dt.time(9), MANILA)):
        await load_national("demo-docket-2026", scale=SCALE, anchor=anchor)
    return await census(anchor)


async def _small(anchor: dt.date) -> dict[str, Any]:
    from docket.demo import load_demo

    await empty_database()
    # The small demo goes through the services, which record outcomes against the clock.
    with time_machine.travel(dt.datetime.combine(anchor, dt.time(9), MANILA)):
        await load_demo("demo-docket-2026", anchor=anchor)
    return await census(anchor)


async def test_the_national_demo_holds_the_same_counts_whatever_day_it_is_drawn(
    db: None,
) -> None:
    first = await _national(WEEK[0])
    assert first["by status"]["scheduled"] > 0
    assert first["by status"]["held"] > 0
    # Most captions name the family of a survivor (People v. <parent>): feeds show the number.
    assert first["captions kept inside"] > 0
    for anchor in [*WEEK[1:], HOLY_SATURDAY]:
        assert await _national(anchor) == first, anchor


async def test_the_demo_docket_holds_the_same_counts_whatever_day_it_is_drawn(db: None) -> None:
    first = await _small(WEEK[0])
    assert first["by status"]["scheduled"] > 0
    assert first["captions kept inside"] > 0
    for anchor in [WEEK[4], WEEK[5], WEEK[6], HOLY_SATURDAY]:
        assert await _small(anchor) == first, anchor

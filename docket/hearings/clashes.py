"""Clash warnings before a hearing is scheduled or reset: never a refusal, a question.

Three kinds (issue 25): one of the case's people (its lead prosecutor or another member: the
prosecutors and lawyers who go to court) already due at another court at an overlapping time,
with a travel margin between courts in different cities; a survivor of the case called to
court twice on one day; a day the court does not sit (weekend, holiday, closure).

The warnings are words for the person scheduling, who works on the case: a survivor is named
by pseudonym only, and another case this person may not see is never named (only its court and
time, which the calendar feeds of the person concerned show anyway).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from docket.accounts.choices import Role
from docket.accounts.services import Actor
from docket.accounts.tables import User
from docket.cases.access import check_case_visible, visible_to
from docket.cases.tables import Case, CaseMember, Survivor, Witness
from docket.courts.tables import Court
from docket.courts.zones import zone_of
from docket.deadlines.court_calendar import why_court_is_closed
from docket.errors import InvalidInput
from docket.hearings.choices import HearingStatus
from docket.hearings.schemas import Clash, ClashKind, HearingRead
from docket.hearings.tables import Hearing
from docket.settings import get_settings
from docket.web.words import COURT_ZONE, day, time_range, words

#: The cities of Metro Cebu whose courts sit apart: a court's city is read from its address
#: (or its name) as the administrators wrote it. Two courts in the same city need no margin.
CITIES = (
    "Cebu City",
    "Mandaue",
    "Lapu-Lapu",
    "Talisay",
    "Danao",
    "Carcar",
    "Naga",
    "Toledo",
    "Minglanilla",
    "Consolacion",
    "Liloan",
    "Cordova",
)


#: Hearings still to come (a held, cancelled or struck hearing takes nobody to court).
_PENDING = [HearingStatus.SCHEDULED, HearingStatus.RESET]


def court_city(court: dict[str, Any]) -> str | None:
    """The city a court sits in, from its address or name; None when neither names one."""
    text = f"{court.get('address', '')} {court.get('name', '')}".lower()
    for city in CITIES:
        if city.lower() in text:
            return city
    return None


def travel_margin_minutes() -> int:
    return get_settings().travel_margin_minutes


def travel_margin() -> dt.timedelta:
    return dt.timedelta(minutes=travel_margin_minutes())


def _apart(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether going from one court to the other takes travel: another city, or a city we
    cannot read (then the margin is kept, to be safe)."""
    if a["id"] == b["id"]:
        return False
    city_a, city_b = court_city(a), court_city(b)
    return city_a is None or city_b is None or city_a != city_b


async def hearing_clashes(
    actor: Actor,
    case_id: int,
    *,
    court_id: int | None,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    hearing_id: int | None = None,
) -> list[Clash]:
    """The warnings for a hearing of this case at this court and time (``hearing_id``: the
    hearing being reset or corrected, left out of the comparison). 404 for a case this person
    may not see."""
    await check_case_visible(actor, case_id, "case")
    if ends_at <= starts_at:
        raise InvalidInput.field("ends_at", "must be after starts_at")
    case = await Case.select(Case.court).where(Case.id == case_id).first()
    if case is None:
        return []
    court_id = court_id or case["court"]
    if court_id is None:
        return []
    courts = {
        c["id"]: c for c in await Court.select(Court.id, Court.name, Court.address, Court.timezone)
    }
    court = courts.get(court_id)
    if court is None:
        raise InvalidInput.field("court_id", "is not a court in Docket")
    zone = court["timezone"] or COURT_ZONE
    on = starts_at.astimezone(zone_of(zone)).date()
    clashes: list[Clash] = []

    closed = await why_court_is_closed(court_id, on)
    if closed:
        clashes.append(
            Clash(
                kind=ClashKind.COURT_CLOSED,
                message=f"{court['name']} does not sit on {day(on)} ({closed}).",
            )
        )

    visible = await visible_to(actor)
    margin = travel_margin()
    clashes += await _people_elsewhere(
        case_id, court, courts, starts_at, ends_at, hearing_id, margin, zone, visible
    )
    clashes += await _survivors_twice(case_id, on, zone, hearing_id)
    return clashes


async def _people_elsewhere(
    case_id: int,
    court: dict[str, Any],
    courts: dict[int, dict[str, Any]],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    hearing_id: int | None,
    margin: dt.timedelta,
    zone: str,
    visible: set[int] | None,
) -> list[Clash]:
    members = [
        r["user"]
        for r in await CaseMember.select(CaseMember.user).where(CaseMember.case == case_id)
    ]
    if not members:
        return []
    # The ones who appear in court: prosecutors and lawyers (an advocate's own day is her
    # trip plan's business, not a clash between courtrooms).
    names = {
        u["id"]: u["name"]
        for u in await User.select(User.id, User.name).where(
            User.id.is_in(members), User.role.is_in([Role.PROSECUTOR, Role.LAWYER])
        )
    }
    people = list(names)
    if not people:
        return []
    memberships = await CaseMember.select(CaseMember.case, CaseMember.user).where(
        CaseMember.user.is_in(people)
    )
    cases_of: dict[int, set[int]] = {}
    for row in memberships:
        cases_of.setdefault(row["case"], set()).add(row["user"])
    others = await Hearing.select(
        Hearing.id, Hearing.case, Hearing.court, Hearing.starts_at, Hearing.ends_at
    ).where(
        Hearing.case.is_in(list(cases_of)),
        Hearing.status.is_in(_PENDING),
        Hearing.starts_at < ends_at + margin,
        Hearing.ends_at > starts_at - margin,
    )
    docket_numbers = {
        c["id"]: c["docket_number"]
        for c in await Case.select(Case.id, Case.docket_number).where(Case.id.is_in(list(cases_of)))
    }
    clashes = []
    for other in sorted(others, key=lambda h: (h["starts_at"], h["id"])):
        if other["id"] == hearing_id:
            continue
        other_court = courts.get(other["court"], {"id": other["court"], "name": "another court"})
        gap = margin if _apart(court, other_court) else dt.timedelta(0)
        if not (other["starts_at"] < ends_at + gap and other["ends_at"] > starts_at - gap):
            continue
        overlaps = other["starts_at"] < ends_at and other["ends_at"] > starts_at
        may_open = visible is None or other["case"] in visible
        which = (
            "another hearing of this case"
            if other["case"] == case_id
            else f"a hearing in {docket_numbers.get(other['case'], 'another case')}"
            if may_open
            else "a hearing in another case"
        )
        times = time_range(other["starts_at"], other["ends_at"], zone)
        where = f"{which} at {other_court['name']}, {times}"
        why = (
            "at the same time"
            if overlaps
            else f"too close to travel between the courts (the office allows "
            f"{int(margin.total_seconds() // 60)} minutes)"
        )
        for person in sorted(cases_of.get(other["case"], set())):
            clashes.append(
                Clash(
                    kind=ClashKind.PERSON_ELSEWHERE,
                    message=f"{names.get(person, 'A member of the case')} has {where}: {why}.",
                    other_hearing_id=other["id"] if may_open else None,
                )
            )
    return clashes


async def _survivors_twice(
    case_id: int,
    on: dt.date,
    zone: str,
    hearing_id: int | None,
) -> list[Clash]:
    """A survivor who testifies in this case is called to it once a day at most: two hearings
    of her case on one day mean two journeys or a day's wait at the Hall of Justice."""
    witnesses = await Witness.select(Witness.survivor).where(
        Witness.case == case_id, Witness.survivor.is_not_null()
    )
    survivor_ids = [w["survivor"] for w in witnesses]
    if not survivor_ids:
        return []
    local = zone_of(zone)
    start_of_day = dt.datetime.combine(on, dt.time(0), local)
    end_of_day = start_of_day + dt.timedelta(days=1)
    same_day = [
        h
        for h in await Hearing.select(
            Hearing.id, Hearing.kind, Hearing.starts_at, Hearing.ends_at
        ).where(
            Hearing.case == case_id,
            Hearing.status.is_in(_PENDING),
            Hearing.starts_at < end_of_day,
            Hearing.ends_at > start_of_day,
        )
        if h["id"] != hearing_id
    ]
    if not same_day:
        return []
    pseudonyms = sorted(
        s["pseudonym"]
        for s in await Survivor.select(Survivor.pseudonym).where(Survivor.id.is_in(survivor_ids))
    )
    who = ", ".join(pseudonyms)
    return [
        Clash(
            kind=ClashKind.SURVIVOR_SAME_DAY,
            message=(
                f"{who} (testifying in this case) would be called to court twice on {day(on)}: "
                f"the {words(h['kind']).lower()} {time_range(h['starts_at'], h['ends_at'], zone)} "
                "is set that day too."
            ),
            other_hearing_id=h["id"],
        )
        for h in same_day
    ]


async def with_clashes(actor: Actor, hearing: HearingRead) -> HearingRead:
    """The hearing as saved, with the warnings its new time raises (the API's answer)."""
    clashes = await hearing_clashes(
        actor,
        hearing.case_id,
        court_id=hearing.court_id,
        starts_at=hearing.starts_at,
        ends_at=hearing.ends_at,
        hearing_id=hearing.id,
    )
    return msgspec.structs.replace(hearing, clashes=clashes)

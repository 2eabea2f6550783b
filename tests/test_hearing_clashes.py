"""Clash warnings when a hearing is scheduled or reset (issue 25): a prosecutor or lawyer of the
case due at another court at that time (with the office's travel margin between cities), a
survivor of the case called to court twice in one day, a day the court does not sit. Warnings
only: the API saves and says them; the pages ask first and save on "anyway". A warning never
names a case, or a survivor, the person may not see."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from docket.hearings.tables import Hearing
from tests.conftest import FIXED_NOW, People
from tests.helpers import make_case, page_csrf
from tests.test_api_people import add_survivor, fields_of

pytestmark = pytest.mark.anyio

MANILA = dt.timezone(dt.timedelta(hours=8))
#: Friday 4 December 2026, ten days after the tests' clock, 8:30 in Manila.
FRIDAY = (FIXED_NOW.astimezone(MANILA) + dt.timedelta(days=10)).replace(
    hour=8, minute=30, second=0, microsecond=0
)


async def court(people: People, name: str, address: str) -> int:
    made = await people.admin.post(
        "/api/courts", json={"name": name, "family_court": True, "address": address}
    )
    assert made.status_code == 201, made.text
    return int(made.json()["id"])


async def schedule(api: Any, case_id: object, starts: dt.datetime, hours: float = 2) -> Any:
    made = await api.post(
        f"/api/cases/{case_id}/hearings",
        json={
            "kind": "trial",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=hours)).isoformat(),
        },
    )
    assert made.status_code == 201, made.text
    return made.json()


async def check(
    api: Any, case_id: object, starts: dt.datetime, hours: float = 2, **more: object
) -> Any:
    params = {
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=hours)).isoformat(),
    } | {k: str(v) for k, v in more.items()}
    answer = await api.get(f"/api/cases/{case_id}/hearing-clashes", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def kinds(answer: Any) -> list[str]:
    return [c["kind"] for c in answer["clashes"]]


async def two_courts_one_prosecutor(people: People) -> tuple[dict[str, Any], dict[str, Any]]:
    """Case A in Cebu City (the team's), case B in Mandaue (not the team's: the lawyer may not
    see it); the same prosecutor leads both."""
    cebu = await court(people, "RTC Branch 16", "Hall of Justice, Capitol Compound, Cebu City")
    mandaue = await court(people, "RTC Branch 56", "Hall of Justice, Mandaue City")
    case_a = await make_case(people, court_id=cebu, lead_prosecutor_id=people.prosecutor.user_id)
    made = await people.admin.post(
        "/api/cases",
        json={
            "docket_number": "MAN-2026-0777",
            "caption": "People v. Secret",
            "court_id": mandaue,
            "lead_prosecutor_id": people.prosecutor.user_id,
        },
    )
    assert made.status_code == 201, made.text
    return case_a, made.json()


async def test_the_same_prosecutor_in_two_courts_at_once_or_too_close_to_travel(
    people: People,
) -> None:
    case_a, case_b = await two_courts_one_prosecutor(people)
    # The prosecutor is due in Mandaue 8:30-10:30.
    elsewhere = await schedule(people.admin, case_b["id"], FRIDAY)

    # The lawyer plans case A in Cebu City at 9:00: the prosecutor is elsewhere then.
    answer = await check(people.lawyer, case_a["id"], FRIDAY + dt.timedelta(minutes=30))
    assert kinds(answer) == ["person_elsewhere"]
    said = answer["clashes"][0]["message"]
    assert "Prosecutor" in said  # the person, by name
    assert "RTC Branch 56" in said
    assert "at the same time" in said
    # Case B is not the lawyer's: never named, and no link to its hearing.
    assert "MAN-2026-0777" not in str(answer)
    assert "Secret" not in str(answer)
    assert answer["clashes"][0]["other_hearing_id"] is None
    assert answer["travel_margin_minutes"] == 90

    # 11:00 in Cebu City: free at 10:30 in Mandaue, but the office allows 90 minutes to cross.
    answer = await check(people.lawyer, case_a["id"], FRIDAY + dt.timedelta(hours=2, minutes=30))
    assert kinds(answer) == ["person_elsewhere"]
    assert "too close to travel" in answer["clashes"][0]["message"]
    # 12:00 (90 minutes after): no clash.
    answer = await check(people.lawyer, case_a["id"], FRIDAY + dt.timedelta(hours=3, minutes=30))
    assert answer["clashes"] == []

    # The admin may see case B: its docket number and the hearing are given to her.
    answer = await check(people.admin, case_a["id"], FRIDAY + dt.timedelta(minutes=30))
    assert "MAN-2026-0777" in answer["clashes"][0]["message"]
    assert answer["clashes"][0]["other_hearing_id"] == elsewhere["id"]

    # Scheduling anyway through the API: saved (201), the warning in the answer.
    saved = await people.lawyer.post(
        f"/api/cases/{case_a['id']}/hearings",
        json={
            "kind": "pre_trial",
            "starts_at": (FRIDAY + dt.timedelta(minutes=30)).isoformat(),
            "ends_at": (FRIDAY + dt.timedelta(hours=1, minutes=30)).isoformat(),
        },
    )
    assert saved.status_code == 201, saved.text
    assert [c["kind"] for c in saved.json()["clashes"]] == ["person_elsewhere"]
    # Read back later, the hearing carries no warnings: they belong to the moment of saving.
    read = await people.lawyer.get(f"/api/hearings/{saved.json()['id']}")
    assert read.json()["clashes"] == []


async def test_the_same_court_needs_no_travel_margin_and_an_advocate_is_not_a_clash(
    people: People,
) -> None:
    cebu = await court(people, "RTC Branch 16", "Hall of Justice, Cebu City")
    case_a = await make_case(
        people,
        court_id=cebu,
        lead_prosecutor_id=people.prosecutor.user_id,
        member_ids=[people.advocate.user_id],
    )
    case_b = await make_case(
        people,
        docket_number="CEB-2026-0002",
        court_id=cebu,
        lead_prosecutor_id=people.prosecutor.user_id,
        member_ids=[people.advocate.user_id],
    )
    await schedule(people.lawyer, case_b["id"], FRIDAY)
    # Right after, in the same Hall: no travel, no clash.
    answer = await check(people.lawyer, case_a["id"], FRIDAY + dt.timedelta(hours=2))
    assert answer["clashes"] == []
    # Overlapping: a warning for each prosecutor or lawyer on both cases (the lead prosecutor,
    # and the lawyer who opened both), none for the advocate on both.
    answer = await check(people.lawyer, case_a["id"], FRIDAY + dt.timedelta(hours=1))
    assert kinds(answer) == ["person_elsewhere", "person_elsewhere"], answer
    said = " ".join(c["message"] for c in answer["clashes"])
    assert "Prosecutor has" in said
    assert "Lawyer has" in said
    assert "Advocate" not in said
    assert "CEB-2026-0002" in said  # the team's case: she may see it


async def test_a_survivor_called_to_court_twice_in_one_day(people: People) -> None:
    cebu = await court(people, "RTC Branch 16", "Hall of Justice, Cebu City")
    case = await make_case(people, court_id=cebu)
    survivor = await add_survivor(people, int(case["id"]), "AAA")
    witness = await people.lawyer.post(
        f"/api/cases/{case['id']}/witnesses",
        json={"kind": "survivor", "survivor_id": survivor["id"]},
    )
    assert witness.status_code == 201, witness.text
    first = await schedule(people.lawyer, case["id"], FRIDAY)

    answer = await check(people.lawyer, case["id"], FRIDAY + dt.timedelta(hours=5))
    assert kinds(answer) == ["survivor_same_day"]
    said = answer["clashes"][0]["message"]
    assert "AAA" in said
    assert "twice on Fri 4 Dec 2026" in said
    assert answer["clashes"][0]["other_hearing_id"] == first["id"]
    # The next day (a Saturday: the court's closure is said, not the survivor).
    answer = await check(people.lawyer, case["id"], FRIDAY + dt.timedelta(days=3))
    assert answer["clashes"] == []
    # Resetting the same hearing to later that day is no clash with itself.
    answer = await check(
        people.lawyer, case["id"], FRIDAY + dt.timedelta(hours=5), hearing_id=first["id"]
    )
    assert answer["clashes"] == []


async def test_a_hearing_on_a_weekend_a_holiday_or_a_court_closure(people: People) -> None:
    cebu = await court(people, "RTC Branch 16", "Hall of Justice, Cebu City")
    case = await make_case(people, court_id=cebu)
    saturday = await check(people.lawyer, case["id"], FRIDAY + dt.timedelta(days=1))
    assert kinds(saturday) == ["court_closed"]
    assert "Saturday" in saturday["clashes"][0]["message"]
    # Tuesday 8 December: the Feast of the Immaculate Conception.
    holiday = await check(people.lawyer, case["id"], FRIDAY + dt.timedelta(days=4))
    assert kinds(holiday) == ["court_closed"]
    assert "Immaculate Conception" in holiday["clashes"][0]["message"]

    # A reset to a holiday through the API: saved, and said.
    first = await schedule(people.lawyer, case["id"], FRIDAY)
    new_start = FRIDAY + dt.timedelta(days=4)
    reset = await people.lawyer.post(
        f"/api/hearings/{first['id']}/outcome",
        json={
            "outcome": "reset",
            "version": first["version"],
            "reason": "Judge on leave",
            "new_starts_at": new_start.isoformat(),
            "new_ends_at": (new_start + dt.timedelta(hours=2)).isoformat(),
        },
    )
    assert reset.status_code == 200, reset.text
    assert [c["kind"] for c in reset.json()["clashes"]] == ["court_closed"]


async def test_bad_clash_questions_are_a_400_naming_the_field_never_a_500(
    people: People,
) -> None:
    cebu = await court(people, "RTC Branch 16", "Hall of Justice, Cebu City")
    case = await make_case(people, court_id=cebu)
    url = f"/api/cases/{case['id']}/hearing-clashes"
    start = FRIDAY.isoformat()
    assert fields_of(await people.lawyer.get(url)) == {"starts_at", "ends_at"}
    assert "starts_at" in fields_of(
        await people.lawyer.get(url, params={"starts_at": "tomorrow", "ends_at": start})
    )
    assert "starts_at" in fields_of(
        await people.lawyer.get(url, params={"starts_at": "2026-12-04T08:30", "ends_at": start})
    )
    assert fields_of(
        await people.lawyer.get(url, params={"starts_at": start, "ends_at": start})
    ) == {"ends_at"}
    for bad in ({"court_id": "x"}, {"court_id": "-1"}, {"hearing_id": "9" * 30}):
        answer = await people.lawyer.get(
            url, params={"starts_at": start, "ends_at": FRIDAY.replace(hour=10).isoformat()} | bad
        )
        assert answer.status_code == 400, (bad, answer.text)
    # A case one may not see is not found; an advocate may not schedule, so may not ask.
    hidden = await people.admin.post(
        "/api/cases", json={"docket_number": "X-1", "caption": "People v. X"}
    )
    times = {"starts_at": start, "ends_at": FRIDAY.replace(hour=10).isoformat()}
    answer = await people.lawyer.get(
        f"/api/cases/{hidden.json()['id']}/hearing-clashes", params=times
    )
    assert answer.status_code == 404
    assert (
        await people.lawyer.get("/api/cases/999999/hearing-clashes", params=times)
    ).status_code == 404
    assert (await people.advocate.get(url, params=times)).status_code == 403
    assert (await people.anonymous.get(url, params=times)).status_code == 401
    assert fields_of(await people.lawyer.get(url, params=times | {"court_id": "424242"})) == {
        "court_id"
    }
    # Days far outside the court calendar's years: a 400 or an answer, never a 500.
    for year in ("0001", "2999", "9999"):
        far = {
            "starts_at": f"{year}-06-01T08:00:00+08:00",
            "ends_at": f"{year}-06-01T10:00:00+08:00",
        }
        answer = await people.lawyer.get(url, params=far)
        assert answer.status_code in (200, 400), (year, answer.text)


# --- the pages -----------------------------------------------------------------------------


async def lawyer_pages(people: People) -> tuple[httpx.AsyncClient, str]:
    from tests.helpers import log_in

    client = people.client
    await log_in(client, "lawyer@docket.test")
    return client, page_csrf((await client.get("/")).text)


async def test_the_schedule_page_shows_the_clashes_and_saves_only_when_confirmed(
    people: People,
) -> None:
    case_a, case_b = await two_courts_one_prosecutor(people)
    await schedule(people.admin, case_b["id"], FRIDAY)
    client, csrf = await lawyer_pages(people)
    form = {
        "_csrf_token": csrf,
        "kind": "trial",
        "date": FRIDAY.date().isoformat(),
        "starts": "09:00",
        "ends": "11:00",
        "mode": "in_person",
    }
    path = f"/cases/{case_a['id']}/hearings/new"
    asked = await client.post(path, data=form)
    assert asked.status_code == 409
    assert 'id="clashes"' in asked.text
    assert "at the same time" in asked.text
    assert "MAN-2026-0777" not in asked.text
    assert "People v. Secret" not in asked.text
    assert 'value="09:00"' in asked.text  # what was typed is kept
    assert await Hearing.count().where(Hearing.case == case_a["id"]) == 0  # nothing saved yet

    saved = await client.post(path, data=form | {"confirmed": "yes"})
    assert saved.status_code == 303, saved.text
    assert await Hearing.count().where(Hearing.case == case_a["id"]) == 1

    # A time that clashes with nothing is saved at once.
    calm = await client.post(
        path, data=form | {"date": "2026-12-03", "starts": "14:00", "ends": "15:00"}
    )
    assert calm.status_code == 303, calm.text


async def test_the_reset_page_asks_about_a_clash_and_resets_on_confirm(people: People) -> None:
    case_a, case_b = await two_courts_one_prosecutor(people)
    await schedule(people.admin, case_b["id"], FRIDAY)
    mine = await schedule(people.lawyer, case_a["id"], FRIDAY - dt.timedelta(days=1))
    client, csrf = await lawyer_pages(people)
    form = {
        "_csrf_token": csrf,
        "outcome": "reset",
        "details": "Defence asked for time",
        "new_date": FRIDAY.date().isoformat(),
        "new_starts": "11:00",
        "new_ends": "12:00",
        "version": str(mine["version"]),
    }
    path = f"/hearings/{mine['id']}/outcome"
    asked = await client.post(path, data=form)
    assert asked.status_code == 409
    assert "too close to travel" in asked.text
    unchanged = await Hearing.select(Hearing.status).where(Hearing.id == mine["id"]).first()
    assert unchanged is not None
    assert unchanged["status"] == "scheduled"
    saved = await client.post(path, data=form | {"confirmed": "yes"})
    assert saved.status_code == 303, saved.text
    moved = await Hearing.select(Hearing.status).where(Hearing.id == mine["id"]).first()
    assert moved is not None
    assert moved["status"] == "reset"

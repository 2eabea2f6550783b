"""Finding work from the pages: "My cases" with its filters and page links, the printable
hearing calendar, the CSV exports of both lists (never a survivor, never a formula), and a
team's deadlines at risk for its prosecutors. Hostile query strings get a page naming the field.

The clock is fixed (tests/conftest.py FIXED_NOW): Tuesday 24 November 2026, so "this week" is
Monday 23 to Sunday 29 November.
"""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from docket.accounts.tables import Team, TeamMember
from tests.conftest import People, make_user
from tests.helpers import log_in, make_case, make_court

pytestmark = pytest.mark.anyio


async def add_hearing(people: People, case_id: object, starts: str, ends: str) -> int:
    response = await people.lawyer.post(
        f"/api/cases/{case_id}/hearings",
        json={"kind": "trial", "starts_at": starts, "ends_at": ends, "room": "Sala 2"},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


async def detained_and_received(people: People, case_id: object, received: str) -> None:
    """An accused in detention and the court's receipt of the case: the arraignment is due
    within 10 days of receipt (CT III.8), so a receipt on 20 Nov puts it at risk on 24 Nov."""
    accused = await people.lawyer.post(
        f"/api/cases/{case_id}/accused",
        json={"name": "Rodrigo Ouano", "custody_status": "detained"},
    )
    assert accused.status_code == 201, accused.text
    facts = (await people.lawyer.get(f"/api/cases/{case_id}/facts")).json()
    saved = await people.lawyer.patch(
        f"/api/cases/{case_id}/facts",
        json={"version": facts["version"], "court_received_on": received},
    )
    assert saved.status_code == 200, saved.text


def csv_rows(response: httpx.Response) -> list[list[str]]:
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert response.headers["cache-control"] == "no-store"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_my_cases_shows_fifty_a_page_with_the_total_and_links_to_every_page(
    people: People, client: httpx.AsyncClient
) -> None:
    for n in range(1, 56):
        await make_case(people, docket_number=f"CEB-2026-{n:04d}", caption=f"People v. Case {n}")
    # Another team's case (the lawyer opened it, so is on it): not the prosecutor's.
    other = (await Team.insert(Team(name="Davao team")).returning(Team.id))[0]["id"]
    await make_case(
        people, docket_number="DVO-2026-0001", caption="People v. Elsewhere", team_id=other
    )

    await log_in(client, "prosecutor@docket.test")
    home = await client.get("/")
    assert 'href="/cases"' in home.text

    first = await client.get("/cases")
    assert first.status_code == 200
    assert "55 cases; showing 1 to 50." in first.text
    assert "CEB-2026-0050" in first.text
    assert "CEB-2026-0051" not in first.text
    assert "Page 1 of 2" in first.text
    assert 'href="?page=2"' in first.text
    assert "DVO-2026-0001" not in first.text

    second = await client.get("/cases", params={"page": "2"})
    assert "showing 51 to 55." in second.text
    assert "CEB-2026-0055" in second.text
    assert "CEB-2026-0050" not in second.text
    assert 'href="?page=1"' in second.text

    past_the_end = await client.get("/cases", params={"page": "3"})
    assert past_the_end.status_code == 200
    assert "There is no page 3" in past_the_end.text

    # The export has every case the filters pick, not one page of them.
    exported = csv_rows(await client.get("/cases.csv"))
    assert exported[0] == [
        "Docket number",
        "Court case number",
        "Caption",
        "Stage",
        "Court",
        "Team",
    ]
    assert len(exported) == 56
    assert "DVO-2026-0001" not in {row[0] for row in exported}


async def test_my_cases_filters_by_stage_court_team_hearing_this_week_and_deadline_at_risk(
    people: People, client: httpx.AsyncClient
) -> None:
    cebu = await make_court(people, "RTC Branch 16, Cebu City")
    lapu = await make_court(people, "RTC Branch 27, Lapu-Lapu City")
    second_team = (await Team.insert(Team(name="Second team")).returning(Team.id))[0]["id"]
    await TeamMember.insert(TeamMember(team=second_team, user=people.lawyer.user_id))
    quiet = await make_case(
        people, docket_number="CEB-2026-0001", caption="People v. Quiet", court_id=cebu
    )
    busy = await make_case(
        people,
        docket_number="CEB-2026-0002",
        caption="People v. Busy",
        court_id=lapu,
        stage="information_filed",
        team_id=second_team,
    )
    late = await make_case(
        people,
        docket_number="CEB-2026-0003",
        caption="People v. Late",
        court_id=cebu,
        stage="information_filed",
    )
    # A hearing this Thursday for "busy", one next week for "quiet".
    await add_hearing(people, busy["id"], "2026-11-26T08:30:00+08:00", "2026-11-26T10:00:00+08:00")
    await add_hearing(people, quiet["id"], "2026-12-01T08:30:00+08:00", "2026-12-01T10:00:00+08:00")
    await detained_and_received(people, late["id"], "2026-11-20")

    await log_in(client, "lawyer@docket.test")

    async def shown(**params: str) -> set[str]:
        page = await client.get("/cases", params=params)
        assert page.status_code == 200, page.text
        return {n for n in ("0001", "0002", "0003") if f"CEB-2026-{n}</a>" in page.text}

    assert await shown() == {"0001", "0002", "0003"}
    assert await shown(stage="information_filed") == {"0002", "0003"}
    assert await shown(court=str(cebu)) == {"0001", "0003"}
    assert await shown(team=str(second_team)) == {"0002"}
    assert await shown(this_week="yes") == {"0002"}
    assert await shown(at_risk="yes") == {"0003"}
    assert await shown(at_risk="yes", court=str(lapu)) == set()
    assert await shown(stage="information_filed", court=str(cebu)) == {"0003"}

    # The page links keep the filters.
    page = await client.get("/cases", params={"stage": "information_filed", "court": str(cebu)})
    assert f'href="/cases.csv?stage=information_filed&amp;court={cebu}"' in page.text
    exported = csv_rows(
        await client.get("/cases.csv", params={"stage": "information_filed", "court": str(cebu)})
    )
    assert [row[0] for row in exported[1:]] == ["CEB-2026-0003"]


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"stage": "<script>alert(1)</script>"}, "stage", "Stage must be one of the choices"),
        ({"court": "abc"}, "court", "Court must be a whole number"),
        ({"court": "999999"}, "court", "Court must be one of the courts"),
        ({"team": "-1"}, "team", "Team must be a whole number"),
        ({"page": "0"}, "page", "Page must be a whole number from 1 to 10000"),
        ({"page": "99999999999999999999"}, "page", "Page must be a whole number"),
        ({"page": "\u0661"}, "page", "Page must be a whole number"),  # an Arabic-Indic 1
        ({"this_week": "maybe"}, "this_week", "Hearing this week is either ticked or not"),
        ({"at_risk": "1 OR 1=1"}, "at_risk", "Deadline at risk is either ticked or not"),
    ],
)
async def test_a_hostile_filter_gets_the_page_naming_the_field_never_a_500(
    people: People, client: httpx.AsyncClient, params: dict[str, str], field: str, words: str
) -> None:
    await make_case(people)
    await log_in(client, "lawyer@docket.test")
    for path in ("/cases", "/cases.csv"):
        page = await client.get(path, params=params)
        assert page.status_code == 400, (path, page.text)
        assert page.headers["content-type"].startswith("text/html")
        assert words in page.text
        assert f'id="{field}-error"' in page.text or f'href="#{field}"' in page.text
        assert "<script>alert(1)" not in page.text
        assert "CEB-2026-0001" not in page.text


async def test_the_exports_never_show_a_survivor_and_never_start_a_formula(
    people: People, client: httpx.AsyncClient
) -> None:
    court = await make_court(people)
    hidden = await make_case(
        people,
        docket_number="CEB-2026-0007",
        caption="People v. Tumulak",
        court_id=court,
        hide_caption=True,
    )
    survivor = await people.lawyer.post(
        f"/api/cases/{hidden['id']}/survivors",
        json={"pseudonym": "MGT", "age_band": "12_to_17"},
    )
    assert survivor.status_code == 201, survivor.text
    formula = await make_case(
        people,
        docket_number="CEB-2026-0008",
        caption='=HYPERLINK("http://evil.test","Open")',
        court_id=court,
        court_case_number="+63-2026-0001",
    )
    await add_hearing(
        people, hidden["id"], "2026-11-25T08:30:00+08:00", "2026-11-25T10:00:00+08:00"
    )
    await add_hearing(
        people, formula["id"], "2026-11-27T13:30:00+08:00", "2026-11-27T15:00:00+08:00"
    )

    await log_in(client, "lawyer@docket.test")
    cases = csv_rows(await client.get("/cases.csv"))
    by_docket = {row[0]: row for row in cases[1:]}
    assert by_docket["CEB-2026-0007"][2] == "CEB-2026-0007"
    assert by_docket["CEB-2026-0008"][2] == '\'=HYPERLINK("http://evil.test","Open")'
    assert by_docket["CEB-2026-0008"][1] == "'+63-2026-0001"

    hearings_response = await client.get("/hearings.csv", params={"start": "2026-11-23"})
    assert (
        'filename="hearings-2026-11-23-2026-11-29.csv"'
        in (hearings_response.headers["content-disposition"])
    )
    hearings = csv_rows(hearings_response)
    assert hearings[0][0] == "Date"
    assert hearings[0][-1] == "Caption"
    assert [row[-2] for row in hearings[1:]] == ["CEB-2026-0007", "CEB-2026-0008"]
    assert hearings[1][-1] == "CEB-2026-0007"
    assert hearings[1][1:3] == ["08:30", "10:00"]
    assert hearings[2][-1].startswith("'=")

    calendar = await client.get("/calendar", params={"start": "2026-11-25"})
    for text in (cases, hearings):
        assert "Tumulak" not in str(text)
        assert "MGT" not in str(text)
    assert "CEB-2026-0007" in calendar.text
    assert "Tumulak" not in calendar.text
    assert "MGT" not in calendar.text


async def test_the_hearing_calendar_prints_a_week_or_a_month_per_court_team_or_person(
    people: People, client: httpx.AsyncClient
) -> None:
    cebu = await make_court(people, "RTC Branch 16, Cebu City")
    lapu = await make_court(people, "RTC Branch 27, Lapu-Lapu City")
    other_lawyer = await make_user("other.lawyer@docket.test", "lawyer")  # type: ignore[arg-type]
    mine = await make_case(
        people,
        docket_number="CEB-2026-0001",
        caption="People v. Uno",
        court_id=cebu,
        member_ids=[people.prosecutor.user_id],
    )
    theirs = await make_case(
        people,
        docket_number="CEB-2026-0002",
        caption="People v. Dos",
        court_id=lapu,
        member_ids=[other_lawyer],
    )
    await add_hearing(people, mine["id"], "2026-11-26T08:30:00+08:00", "2026-11-26T10:00:00+08:00")
    await add_hearing(
        people, theirs["id"], "2026-11-27T08:30:00+08:00", "2026-11-27T10:00:00+08:00"
    )
    await add_hearing(
        people, theirs["id"], "2026-12-10T08:30:00+08:00", "2026-12-10T10:00:00+08:00"
    )

    await log_in(client, "prosecutor@docket.test")
    home = await client.get("/")
    assert 'href="/calendar"' in home.text
    assert 'href="/deadlines/team"' in home.text

    week = await client.get("/calendar", params={"start": "2026-11-25"})
    assert week.status_code == 200
    assert "Hearings, Mon 23 Nov 2026 to Sun 29 Nov 2026" in week.text
    assert "CEB-2026-0001" in week.text
    assert "CEB-2026-0002" in week.text
    assert "2 hearings." in week.text
    assert "data-print" in week.text

    month = await client.get("/calendar", params={"span": "month", "start": "2026-12-05"})
    assert "Tue 1 Dec 2026 to Thu 31 Dec 2026" in month.text
    assert "1 hearing." in month.text

    by_court = await client.get("/calendar", params={"start": "2026-11-25", "court": str(lapu)})
    assert "CEB-2026-0001" not in by_court.text
    assert "CEB-2026-0002" in by_court.text
    by_person = await client.get(
        "/calendar", params={"start": "2026-11-25", "person": str(people.prosecutor.user_id)}
    )
    assert "CEB-2026-0001" in by_person.text
    assert "CEB-2026-0002" not in by_person.text
    by_team = await client.get(
        "/calendar", params={"start": "2026-11-25", "team": str(people.team_id)}
    )
    assert "2 hearings." in by_team.text

    css = await client.get("/static/docket.css")
    assert "@media print" in css.text
    assert "#calendar tr { break-inside: avoid; }" in css.text

    for params, words in (
        ({"span": "year"}, "Week or month must be one of the choices"),
        ({"start": "2026-02-30"}, "From must be a date"),
        ({"start": "0001-01-01"}, "From must be a date between 1990 and 2100"),
        ({"person": "999999"}, "Person must be one of the people"),
        ({"team": "1e9"}, "Team must be a whole number"),
    ):
        for path in ("/calendar", "/hearings.csv"):
            refused = await client.get(path, params=params)
            assert refused.status_code == 400, (path, params)
            assert words in refused.text


async def test_a_prosecutor_goes_through_the_teams_deadlines_at_risk_a_page_at_a_time(
    people: People, client: httpx.AsyncClient
) -> None:
    court = await make_court(people)
    for n in range(1, 53):
        case = await make_case(
            people,
            docket_number=f"CEB-2026-{n:04d}",
            caption=f"People v. Case {n}",
            court_id=court,
            stage="information_filed",
            lead_prosecutor_id=people.prosecutor.user_id,
        )
        await detained_and_received(people, case["id"], "2026-11-20")
    elsewhere = (await Team.insert(Team(name="Davao team")).returning(Team.id))[0]["id"]

    await log_in(client, "prosecutor@docket.test")
    first = await client.get("/deadlines/team")
    assert first.status_code == 200
    assert "52 deadlines at risk in Test team's cases; showing 1 to 50." in first.text
    assert "Page 1 of 2" in first.text
    assert f'href="?team={people.team_id}&amp;page=2"' in first.text
    second = await client.get("/deadlines/team", params={"team": people.team_id, "page": "2"})
    assert "showing 51 to 52." in second.text
    assert "CEB-2026-0052" in second.text

    # Another team's list is not theirs to read; bad input names the field.
    for params, words in (
        ({"team": str(elsewhere)}, "Team must be one of your teams"),
        ({"team": "x"}, "Team must be a whole number"),
        ({"page": "-2"}, "Page must be a whole number"),
    ):
        refused = await client.get("/deadlines/team", params=params)
        assert refused.status_code == 400
        assert words in refused.text
        assert "CEB-2026-0001" not in refused.text

    # Lawyers and advocates do not get the team's view.
    await log_in(client, "lawyer@docket.test")
    assert (await client.get("/deadlines/team")).status_code == 403


async def test_someone_not_signed_in_is_sent_to_log_in_and_gets_no_list(
    people: People, client: httpx.AsyncClient
) -> None:
    await make_case(people)
    client.cookies.clear()
    for path in ("/cases", "/cases.csv", "/calendar", "/hearings.csv", "/deadlines/team"):
        response = await client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")
        assert "CEB-2026-0001" not in response.text


async def test_an_advocate_exports_only_the_cases_she_works_on(
    people: People, client: httpx.AsyncClient
) -> None:
    await make_case(people, docket_number="CEB-2026-0001")
    elsewhere = (await Team.insert(Team(name="Davao team")).returning(Team.id))[0]["id"]
    await make_case(people, docket_number="DVO-2026-0001", team_id=elsewhere)
    await log_in(client, "advocate@docket.test")
    exported = csv_rows(await client.get("/cases.csv"))
    assert [row[0] for row in exported[1:]] == ["CEB-2026-0001"]

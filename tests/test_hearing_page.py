"""A page for each hearing (/hearings/{id}, where the calendar feeds' "Open in Docket" link
lands): when and where in the court's zone, the case, the status and its history, the
protection needs, recording the outcome for lawyers and, for the survivor's advocate, the trip
plan and printing. A hearing of a case the person does not work on is a 404, as in the API;
the page's statements do not grow with its needs or resets."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from docket.accounts.choices import Role
from docket.accounts.services import issue_api_token
from tests.conftest import Api, People, make_user
from tests.helpers import reset_hearing
from tests.test_notices_api import MANILA, setup_case, two_step
from tests.test_query_counts import counted

pytestmark = pytest.mark.anyio
__all__ = ["counted"]  # the fixture, used through ``client``


@pytest.fixture
def client(counted: httpx.AsyncClient) -> httpx.AsyncClient:
    """The app with its SQL statements counted (X-Query-Count): every person's client here."""
    return counted


async def hearing_json(people: People, hearing_id: int) -> dict[str, object]:
    return dict((await people.lawyer.get(f"/api/hearings/{hearing_id}")).json())


async def test_a_hearing_has_a_page_with_when_where_the_case_its_history_and_needs(
    people: People,
) -> None:
    ids = await setup_case(people)
    path = f"/hearings/{ids['hearing_id']}"
    before = await hearing_json(people, ids["hearing_id"])
    new_start = dt.datetime.fromisoformat(str(before["starts_at"])).astimezone(
        MANILA
    ) + dt.timedelta(days=7)
    await reset_hearing(people, before, new_start, "Defence counsel was ill")

    page = await people.lawyer.get(path)
    assert page.status_code == 200, page.text
    assert "Trial" in page.text
    assert f"{new_start:%a} {new_start.day} {new_start:%b %Y}, 9:30 AM" in page.text
    assert "Philippine time (Asia/Manila)" in page.text
    assert "RTC Branch 12, Cebu City, Session Hall 3" in page.text
    assert "CEB-2026-0999" in page.text
    assert "People v. Dalisay" in page.text
    assert f'href="/cases/{ids["case_id"]}"' in page.text
    assert "Reset" in page.text
    assert "Defence counsel was ill" in page.text
    assert "AAA:" in page.text
    assert "Live-link TV: ordered" in page.text
    assert f'href="{path}/outcome"' in page.text, "the lawyer records the outcome from here"
    assert "Lani" not in page.text
    assert "Bahay Silungan" not in page.text

    # The advocate: no outcome form, but the way to the trip plan for her survivor.
    advocate = await people.advocate.get(path)
    assert advocate.status_code == 200
    assert f'href="{path}/outcome"' not in advocate.text
    assert f'href="{path}/survivors/{ids["survivor_id"]}/preparation"' in advocate.text
    assert "Trip plan not complete yet." in advocate.text
    # The case's lead prosecutor plans trips too; a lawyer sees no trip plan at all.
    lead = await people.prosecutor.get(path)
    assert f'href="{path}/survivors/{ids["survivor_id"]}/preparation"' in lead.text
    assert "Preparing the survivors" not in page.text


async def test_a_hearing_of_a_case_outside_ones_teams_is_not_found(people: People) -> None:
    ids = await setup_case(people)
    await make_user("other.fiscal@docket.test", Role.PROSECUTOR)
    outsider = Api(people.client, await issue_api_token("other.fiscal@docket.test"))
    page = await outsider.get(f"/hearings/{ids['hearing_id']}")
    api = await outsider.get(f"/api/hearings/{ids['hearing_id']}")
    assert page.status_code == api.status_code == 404
    assert "People v. Dalisay" not in page.text
    assert "CEB-2026-0999" not in page.text
    assert (await people.lawyer.get("/hearings/999999")).status_code == 404


async def test_the_hearing_page_costs_the_same_with_many_needs_and_resets(
    people: People,
) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    path = f"/hearings/{ids['hearing_id']}"

    async def statements() -> tuple[int, int]:
        lawyer = await people.lawyer.get(path)
        mine = await advocate.get(path)
        assert lawyer.status_code == mine.status_code == 200
        return int(lawyer.headers["x-query-count"]), int(mine.headers["x-query-count"])

    few = await statements()
    for name in ("Tita", "Carlo", "Joy"):
        witness = await people.lawyer.post(
            f"/api/cases/{ids['case_id']}/witnesses", json={"kind": "police_officer", "name": name}
        )
        for measure in ("support_person", "interpreter", "screen"):
            need = await people.advocate.post(
                f"/api/hearings/{ids['hearing_id']}/protection-needs",
                json={"witness_id": witness.json()["id"], "measure": measure},
            )
            assert need.status_code == 201, need.text
    for days in (7, 14, 21):
        current = await hearing_json(people, ids["hearing_id"])
        start = dt.datetime.fromisoformat(str(current["starts_at"])).astimezone(MANILA)
        await reset_hearing(people, current, start + dt.timedelta(days=days), "Court on leave")
    assert await statements() == few


async def test_the_calendar_events_open_in_docket_link_opens_the_hearing_page(
    people: People,
) -> None:
    """Every feed event's URL pointed at a 404 until the hearing page existed (issue 21)."""
    ids = await setup_case(people)
    feed = await people.lawyer.post(
        "/api/feeds", json={"scope": "case", "scope_id": ids["case_id"]}
    )
    assert feed.status_code == 201, feed.text
    calendar = await people.anonymous.get(httpx.URL(feed.json()["url"]).path)
    links = {
        line.removeprefix("URL:").strip()
        for line in calendar.text.replace("\r\n ", "").splitlines()
        if line.startswith("URL:")
    }
    assert links, calendar.text
    for link in links:
        page = await people.lawyer.get(httpx.URL(link).path)
        assert page.status_code == 200, (link, page.status_code)
        assert "CEB-2026-0999" in page.text

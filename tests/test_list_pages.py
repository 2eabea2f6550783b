"""Pages of the case and hearing lists kept until the data changes (docket.listpages): a
reload with nothing changed reads no rows again, and any change, including a person losing
access to a case, shows on the very next request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import httpx
import pytest

from docket import listpages
from docket.accounts.tables import Team
from docket.settings import get_settings
from tests.conftest import Api, People
from tests.helpers import SOON, case_in_court, iso, make_case, make_hearing, reset_hearing

pytestmark = pytest.mark.anyio

LISTS = ("/api/hearings", "/api/cases")


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app (built after this) answers X-Query-Count; no page kept from another test."""
    monkeypatch.setenv("DOCKET_COUNT_QUERIES", "1")
    listpages.forget_all()
    yield
    listpages.forget_all()


async def _get(api: Api, path: str, **params: object) -> tuple[httpx.Response, int]:
    response = await api.get(path, params=params)
    assert response.status_code == 200, response.text
    return response, int(response.headers["x-query-count"])


async def test_a_reload_with_nothing_changed_reads_no_rows(counting: None, people: People) -> None:
    case = await case_in_court(people)
    await make_hearing(people, case["id"])
    for path in LISTS:
        first, statements = await _get(people.prosecutor, path, limit=10)
        again, statements_again = await _get(people.prosecutor, path, limit=10)
        assert first.json()["total"] == 1, path
        assert again.json() == first.json(), path
        # Only the statement that says who is asking (and reads the data's version).
        assert statements_again == 1 < statements, path
        # Another question is another page.
        _, other = await _get(people.prosecutor, path, limit=5)
        assert other == statements, path


async def test_changes_show_on_the_next_request(counting: None, people: People) -> None:
    case = await case_in_court(people)
    hearing = await make_hearing(people, case["id"])
    listed, _ = await _get(people.prosecutor, "/api/hearings")
    assert [h["id"] for h in listed.json()["items"]] == [hearing["id"]]

    # Another person schedules a second hearing: the prosecutor's next list has it.
    later = await make_hearing(
        people,
        case["id"],
        starts_at=iso(SOON + dt.timedelta(days=7)),
        ends_at=iso(SOON + dt.timedelta(days=7, hours=1)),
    )
    listed, statements = await _get(people.prosecutor, "/api/hearings")
    assert listed.json()["total"] == 2
    assert statements > 1
    assert [h["id"] for h in listed.json()["items"]] == [hearing["id"], later["id"]]

    # The court resets the first one past the second: the order follows at once.
    await reset_hearing(people, hearing, SOON + dt.timedelta(days=14), "the judge was on leave")
    listed, _ = await _get(people.prosecutor, "/api/hearings")
    assert [h["id"] for h in listed.json()["items"]] == [later["id"], hearing["id"]]
    assert listed.json()["items"][1]["status"] == "reset"

    # A case renamed: the case list shows the new caption.
    cases, _ = await _get(people.prosecutor, "/api/cases")
    renamed = await people.lawyer.patch(
        f"/api/cases/{case['id']}",
        json={"version": cases.json()["items"][0]["version"], "caption": "People v. Santos"},
    )
    assert renamed.status_code == 200, renamed.text
    cases, _ = await _get(people.prosecutor, "/api/cases")
    assert [c["caption"] for c in cases.json()["items"]] == ["People v. Santos"]


async def test_losing_access_to_a_case_shows_at_once(counting: None, people: People) -> None:
    """The prosecutor sees the case through their team only; the case moves to another team."""
    court_case = await case_in_court(people)
    await make_hearing(people, court_case["id"])
    for path in LISTS:
        listed, _ = await _get(people.prosecutor, path)
        assert listed.json()["total"] == 1, path

    other_team = (await Team.insert(Team(name="Another team")).returning(Team.id))[0]["id"]
    moved = await people.admin.patch(
        f"/api/cases/{court_case['id']}",
        json={"version": court_case["version"], "team_id": other_team},
    )
    assert moved.status_code == 200, moved.text
    for path in LISTS:
        listed, _ = await _get(people.prosecutor, path)
        assert listed.json() == {"items": [], "total": 0, "limit": 50, "offset": 0}, path
    # The lawyer opened the case and stays on it.
    kept, _ = await _get(people.lawyer, "/api/cases")
    assert [c["id"] for c in kept.json()["items"]] == [court_case["id"]]


async def test_a_page_is_kept_for_one_person_only(counting: None, people: People) -> None:
    other_team = (await Team.insert(Team(name="Another team")).returning(Team.id))[0]["id"]
    theirs = await make_case(people, docket_number="CEB-2026-0002", team_id=other_team)
    # The lawyer opened both cases; the prosecutor's team has neither of the other team's.
    await make_case(people)
    lawyer, _ = await _get(people.lawyer, "/api/cases")
    prosecutor, statements = await _get(people.prosecutor, "/api/cases")
    assert lawyer.json()["total"] == 2
    assert theirs["id"] not in [c["id"] for c in prosecutor.json()["items"]]
    assert prosecutor.json()["total"] == 1
    assert statements > 1


async def test_bad_input_is_refused_before_any_kept_page(counting: None, people: People) -> None:
    await _get(people.prosecutor, "/api/hearings")
    naive = await people.prosecutor.get("/api/hearings", params={"starts_from": "2026-12-01T08:00"})
    assert naive.status_code == 400
    assert "starts_from" in naive.text
    for path, params in (
        ("/api/hearings", {"limit": "0"}),
        ("/api/hearings", {"status": "lost"}),
        ("/api/cases", {"offset": "-1"}),
        ("/api/cases", {"court_id": "x"}),
    ):
        refused = await people.prosecutor.get(path, params=params)
        assert refused.status_code == 400, (path, params, refused.text)
        assert next(iter(params)) in refused.text


async def test_no_page_is_kept_when_the_setting_says_none(
    counting: None, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKET_LIST_PAGES_KEPT", "0")
    get_settings.cache_clear()
    try:
        await make_case(people)
        _, first = await _get(people.prosecutor, "/api/cases")
        _, again = await _get(people.prosecutor, "/api/cases")
        assert again == first > 1
    finally:
        monkeypatch.delenv("DOCKET_LIST_PAGES_KEPT")
        get_settings.cache_clear()


async def test_a_hard_reload_works_the_page_out_again(counting: None, people: People) -> None:
    """Cache-Control: no-cache (a browser's hard reload) reads the rows again, and keeps them."""
    await make_case(people)
    _, first = await _get(people.prosecutor, "/api/cases")
    fresh = await people.prosecutor.get("/api/cases", headers={"Cache-Control": "no-cache"})
    assert fresh.status_code == 200
    assert int(fresh.headers["x-query-count"]) == first > 1
    _, again = await _get(people.prosecutor, "/api/cases")
    assert again == 1

"""Hearings through the JSON API: scheduling, corrections, outcomes (held, reset, cancelled) and
their history; what bad input gets back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest

from tests.conftest import People
from tests.helpers import (
    MANILA,
    SOON,
    case_in_court,
    iso,
    make_case,
    make_hearing,
    reset_hearing,
)

pytestmark = pytest.mark.anyio


async def test_schedule_and_read_a_hearing_in_utc(people: People) -> None:
    case = await case_in_court(people)
    hearing = await make_hearing(people, case["id"])
    assert hearing["court_id"] == case["court_id"], "the case's court is the default"
    assert hearing["status"] == "scheduled"
    assert hearing["sequence"] == 0
    # 08:30 in Manila is 00:30 UTC: the instant is kept, whatever zone it was sent in.
    stored = dt.datetime.fromisoformat(str(hearing["starts_at"]))
    assert stored == SOON
    assert stored.utcoffset() == dt.timedelta(0)

    listed = await people.prosecutor.get(
        "/api/hearings",
        params={
            "starts_from": iso(SOON - dt.timedelta(days=1)),
            "starts_before": iso(SOON + dt.timedelta(days=1)),
        },
    )
    assert listed.status_code == 200
    assert [h["id"] for h in listed.json()["items"]] == [hearing["id"]]
    outside = await people.prosecutor.get(
        "/api/hearings", params={"starts_from": iso(SOON + dt.timedelta(hours=1))}
    )
    assert outside.json()["items"] == []
    by_case = await people.prosecutor.get("/api/hearings", params={"case_id": case["id"]})
    assert by_case.json()["total"] == 1
    by_status = await people.prosecutor.get("/api/hearings", params={"status": "held"})
    assert by_status.json()["total"] == 0
    one = await people.prosecutor.get(f"/api/hearings/{hearing['id']}")
    assert one.json() == hearing


async def test_reset_moves_the_same_hearing_and_keeps_its_history(people: People) -> None:
    case = await case_in_court(people)
    hearing = await make_hearing(people, case["id"])
    url = f"/api/hearings/{hearing['id']}"
    new_start = SOON + dt.timedelta(days=14)
    moved = await reset_hearing(people, hearing, new_start, "Defence counsel ill")
    assert moved["id"] == hearing["id"], "a reset moves the hearing, it does not add one"
    assert moved["status"] == "reset"
    assert moved["sequence"] == 1
    assert dt.datetime.fromisoformat(str(moved["starts_at"])) == new_start

    again = await people.lawyer.post(
        f"{url}/outcome",
        json={
            "outcome": "reset",
            "version": moved["version"],
            "reason": "No escort for the detained accused",
            "new_starts_at": iso(new_start + dt.timedelta(days=7)),
            "new_ends_at": iso(new_start + dt.timedelta(days=7, hours=2)),
        },
    )
    assert again.json()["sequence"] == 2
    history = (await people.prosecutor.get(f"{url}/history")).json()
    assert [h["change"] for h in history] == ["scheduled", "reset", "reset"]
    assert dt.datetime.fromisoformat(history[1]["previous_starts_at"]) == SOON
    assert history[1]["reason"] == "Defence counsel ill"
    assert dt.datetime.fromisoformat(history[2]["previous_starts_at"]) == new_start

    from docket.hearings.services import reset_count

    assert await reset_count(int(str(case["id"]))) == 2


async def test_held_and_cancelled_end_a_hearing(people: People) -> None:
    case = await case_in_court(people)
    today = dt.datetime.now(MANILA).replace(microsecond=0) - dt.timedelta(hours=3)
    past = await make_hearing(
        people, case["id"], starts_at=iso(today), ends_at=iso(today + dt.timedelta(hours=2))
    )
    held = await people.lawyer.post(
        f"/api/hearings/{past['id']}/outcome",
        json={"outcome": "held", "version": 1, "note": "PO2 testified; cross on the next date"},
    )
    assert held.status_code == 200, held.text
    assert held.json()["status"] == "held"
    assert held.json()["outcome_note"] == "PO2 testified; cross on the next date"

    future = await make_hearing(people, case["id"])
    cancelled = await people.lawyer.post(
        f"/api/hearings/{future['id']}/outcome",
        json={"outcome": "cancelled", "version": 1, "reason": "Typhoon: courts closed"},
    )
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["sequence"] == 1

    # A cancelled hearing cannot be reset or held any more: 409, and nothing changes.
    refused = await people.lawyer.post(
        f"/api/hearings/{future['id']}/outcome",
        json={"outcome": "held", "version": 2, "note": "?"},
    )
    assert refused.status_code == 409
    after = (await people.lawyer.get(f"/api/hearings/{future['id']}")).json()
    assert after["status"] == "cancelled"
    assert after["version"] == 2


async def test_outcome_bad_input(people: People) -> None:
    case = await case_in_court(people)
    hearing = await make_hearing(people, case["id"])
    url = f"/api/hearings/{hearing['id']}/outcome"

    no_dates = await people.lawyer.post(url, json={"outcome": "reset", "version": 1})
    assert no_dates.status_code == 400
    fields = {e["field"] for e in no_dates.json()["errors"]}
    assert fields == {"new_starts_at", "new_ends_at", "reason"}

    backwards = await people.lawyer.post(
        url,
        json={
            "outcome": "reset",
            "version": 1,
            "reason": "r",
            "new_starts_at": iso(SOON),
            "new_ends_at": iso(SOON - dt.timedelta(hours=1)),
        },
    )
    assert backwards.status_code == 400
    assert backwards.json()["errors"][0]["field"] == "new_ends_at"

    naive = await people.lawyer.post(
        url,
        json={
            "outcome": "reset",
            "version": 1,
            "reason": "r",
            "new_starts_at": "2026-12-10T08:30:00",
            "new_ends_at": "2026-12-10T10:30:00",
        },
    )
    assert naive.status_code == 400
    assert naive.json()["errors"][0]["field"] == "new_starts_at"

    unknown = await people.lawyer.post(url, json={"outcome": "postponed", "version": 1})
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "outcome"

    no_note = await people.lawyer.post(url, json={"outcome": "held", "version": 1})
    assert no_note.status_code in (400, 409)
    no_reason = await people.lawyer.post(url, json={"outcome": "cancelled", "version": 1})
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"][0]["field"] == "reason"

    # A hearing ten days away cannot be recorded as held.
    too_early = await people.lawyer.post(url, json={"outcome": "held", "version": 1, "note": "x"})
    assert too_early.status_code == 409

    stale = await people.lawyer.post(
        url, json={"outcome": "cancelled", "version": 7, "reason": "typhoon"}
    )
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 1
    assert (
        await people.lawyer.post(
            "/api/hearings/999999/outcome",
            json={"outcome": "cancelled", "version": 1, "reason": "x"},
        )
    ).status_code == 404
    unchanged = (await people.lawyer.get(f"/api/hearings/{hearing['id']}")).json()
    assert unchanged["status"] == "scheduled"
    assert unchanged["version"] == 1


async def test_correcting_time_or_place_bumps_the_sequence(people: People) -> None:
    case = await case_in_court(people)
    hearing = await make_hearing(people, case["id"])
    url = f"/api/hearings/{hearing['id']}"
    room = await people.lawyer.patch(url, json={"version": 1, "room": "Sala 2"})
    assert room.status_code == 200
    assert room.json()["sequence"] == 1
    link = await people.lawyer.patch(
        url, json={"version": 2, "video_link": "https://meet.example/abc"}
    )
    assert link.json()["sequence"] == 1, "the link is not in feeds: no calendar update needed"
    history = (await people.lawyer.get(f"{url}/history")).json()
    assert [h["change"] for h in history] == ["scheduled", "corrected"]


async def test_hearing_bad_input(people: People) -> None:
    case_without_court = await make_case(people, docket_number="CEB-2026-0099")
    no_court = await people.lawyer.post(
        f"/api/cases/{case_without_court['id']}/hearings",
        json={"kind": "trial", "starts_at": iso(SOON), "ends_at": iso(SOON + dt.timedelta(1))},
    )
    assert no_court.status_code == 400
    assert no_court.json()["errors"][0]["field"] in {"court_id", "ends_at"}

    case = await case_in_court(people)
    url = f"/api/cases/{case['id']}/hearings"
    base = {"kind": "trial", "starts_at": iso(SOON), "ends_at": iso(SOON + dt.timedelta(hours=2))}

    async def field_of(body: Mapping[str, object]) -> str:
        response = await people.lawyer.post(url, json=body)
        assert response.status_code == 400, response.text
        return str(response.json()["errors"][0]["field"])

    assert await field_of(base | {"ends_at": iso(SOON)}) == "ends_at"
    assert await field_of(base | {"ends_at": iso(SOON + dt.timedelta(hours=13))}) == "ends_at"
    assert await field_of(base | {"starts_at": "2026-12-03T08:30:00"}) == "starts_at"
    assert await field_of(base | {"starts_at": "next tuesday"}) == "starts_at"
    assert await field_of(base | {"kind": "sentencing"}) == "kind"
    assert await field_of(base | {"mode": "zoom"}) == "mode"
    assert await field_of(base | {"room": "x" * 201}) == "room"
    assert await field_of(base | {"video_link": "javascript:alert(1)"}) == "video_link"
    assert await field_of(base | {"court_id": 99999}) == "court_id"
    assert await field_of({"kind": "trial"}) == "starts_at"
    missing_case = await people.lawyer.post("/api/cases/99999/hearings", json=base)
    assert missing_case.status_code == 404

    hearing = await make_hearing(people, case["id"])
    patch_url = f"/api/hearings/{hearing['id']}"
    backwards = await people.lawyer.patch(
        patch_url, json={"version": 1, "ends_at": iso(SOON - dt.timedelta(hours=1))}
    )
    assert backwards.status_code == 400
    assert backwards.json()["errors"][0]["field"] == "ends_at"
    status_not_here = await people.lawyer.patch(patch_url, json={"version": 1, "status": "held"})
    assert status_not_here.status_code == 400
    assert (await people.lawyer.patch(patch_url, json={"room": "x"})).status_code == 400
    stale = await people.lawyer.patch(patch_url, json={"version": 9, "room": "x"})
    assert stale.status_code == 412
    assert (await people.lawyer.get("/api/hearings/99999")).status_code == 404
    assert (await people.lawyer.get("/api/hearings/99999/history")).status_code == 404
    assert (
        await people.lawyer.patch("/api/hearings/99999", json={"version": 1})
    ).status_code == 404
    bad_filter = await people.lawyer.get("/api/hearings", params={"starts_from": "yesterday"})
    assert bad_filter.status_code == 400
    naive_filter = await people.lawyer.get(
        "/api/hearings", params={"starts_from": "2026-12-01T00:00:00"}
    )
    assert naive_filter.status_code == 400
    bad_status = await people.lawyer.get("/api/hearings", params={"status": "adjourned"})
    assert bad_status.status_code == 400


#: Years a court cannot mean, one of them only outside 1-9999 once moved to UTC.
TYPOS = ["9999-12-31T22:00:00Z", "0001-01-01T00:00:00+08:00", "2201-03-04T08:30:00+08:00"]


@pytest.mark.parametrize("typo", TYPOS)
async def test_a_typo_in_the_year_is_refused_and_never_takes_a_case_down(
    people: People, typo: str
) -> None:
    case = await case_in_court(people)
    url = f"/api/cases/{case['id']}/hearings"
    for field in ("starts_at", "ends_at"):
        body = {"kind": "trial", "starts_at": iso(SOON), "ends_at": iso(SOON)} | {field: typo}
        refused = await people.lawyer.post(url, json=body)
        assert refused.status_code == 400, refused.text
        assert refused.json()["errors"][0]["field"] == field
        assert "year" in refused.json()["errors"][0]["message"]
    hearing = await make_hearing(people, case["id"])
    corrected = await people.lawyer.patch(
        f"/api/hearings/{hearing['id']}", json={"version": hearing["version"], "starts_at": typo}
    )
    assert corrected.status_code == 400, corrected.text
    assert corrected.json()["errors"][0]["field"] == "starts_at"
    reset = await people.lawyer.post(
        f"/api/hearings/{hearing['id']}/outcome",
        json={
            "outcome": "reset",
            "version": hearing["version"],
            "reason": "Judge on leave",
            "new_starts_at": typo,
            "new_ends_at": iso(SOON),
        },
    )
    assert reset.status_code == 400, reset.text
    assert reset.json()["errors"][0]["field"] == "new_starts_at"
    listed = await people.lawyer.get("/api/hearings", params={"starts_from": typo})
    assert listed.status_code == 400, listed.text
    assert listed.json()["errors"][0]["field"] == "starts_from"
    trail = await people.admin.get("/api/audit", params={"since": typo})
    assert trail.status_code == 400, trail.text
    assert trail.json()["errors"][0]["field"] == "since"

    # Nothing was stored, so the case's clocks, page and the team's at-risk list still work.
    for path in (
        f"/api/cases/{case['id']}/deadlines",
        f"/api/cases/{case['id']}",
        "/api/deadlines/at-risk",
        f"/cases/{case['id']}",
        "/",
    ):
        assert (await people.lawyer.get(path)).status_code == 200, path


async def test_a_court_time_zone_must_be_a_zone_not_a_folder_of_them(people: People) -> None:
    for zone in ("Asia", "Asia/", "America/Argentina", "Mars/Olympus", "../../etc/passwd"):
        answer = await people.admin.post(
            "/api/courts", json={"name": f"RTC {zone}", "timezone": zone}
        )
        assert answer.status_code == 400, (zone, answer.text)
        assert answer.json()["errors"][0]["field"] == "timezone"

"""The office's list of meeting places: named in every notice language, kept by admins, chosen
in the trip plan, and printed in the language of the notice (issue 20)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from docket.audit.tables import AuditEvent
from tests.conftest import People
from tests.helpers import login_with_second_factor
from tests.test_notices_api import PREPARATION, email_of, pair_url, setup_case

pytestmark = pytest.mark.anyio

LAHUG: dict[str, Any] = {
    "name_ceb": "lobby sa opisina sa DSWD, Lahug",
    "name_fil": "lobby ng opisina ng DSWD, Lahug",
    "name_en": "the DSWD office lobby, Lahug",
    "name_war": "lobby han opisina han DSWD, Lahug",
}


async def test_an_admin_lists_a_place_in_every_language_and_the_change_is_audited(
    people: People,
) -> None:
    created = await people.admin.post("/api/meeting-places", json=LAHUG)
    assert created.status_code == 201, created.text
    place = created.json()
    assert place | LAHUG == place
    assert place["in_use"] is True
    assert place["version"] == 1
    listed = await people.advocate.get("/api/meeting-places")
    assert [p["id"] for p in listed.json()] == [place["id"]]

    # Stop offering it: it leaves the list, and an admin still sees it.
    retired = await people.admin.patch(
        f"/api/meeting-places/{place['id']}", json={"version": 1, "in_use": False}
    )
    assert retired.status_code == 200, retired.text
    assert (await people.advocate.get("/api/meeting-places")).json() == []
    everything = await people.admin.get("/api/meeting-places", params={"include_retired": True})
    assert [p["in_use"] for p in everything.json()] == [False]
    stale = await people.admin.patch(
        f"/api/meeting-places/{place['id']}", json={"version": 1, "name_war": "lobby"}
    )
    assert stale.status_code == 412

    audited = await AuditEvent.select().where(AuditEvent.entity == "meeting_place")
    assert len(audited) == 2
    assert all(a["actor"] == people.admin.user_id for a in audited)
    assert '"in_use":false' in audited[1]["after"].replace(" ", "")


@pytest.mark.parametrize(
    ("change", "field", "status"),
    [
        ({"name_war": ""}, "name_war", 400),
        ({"name_war": "   "}, "name_war", 400),
        ({"name_fil": "x" * 201}, "name_fil", 400),
        ({"name_ceb": "gate sa shelter"}, "name_ceb", 400),
        ({"name_en": "RA 9208 desk"}, "name_en", 400),
        ({"name_en": None}, "name_en", 400),
        ({"address": "Lahug"}, "address", 400),
    ],
)
async def test_a_place_with_a_name_missing_or_not_for_a_survivors_page_is_refused(
    people: People, change: dict[str, Any], field: str, status: int
) -> None:
    answer = await people.admin.post("/api/meeting-places", json=LAHUG | change)
    assert answer.status_code == status, answer.text
    assert field in {error["field"] for error in answer.json()["errors"]}
    assert await AuditEvent.count().where(AuditEvent.entity == "meeting_place") == 0


async def test_only_an_admin_changes_the_list_and_names_are_unique(people: People) -> None:
    assert (await people.advocate.post("/api/meeting-places", json=LAHUG)).status_code == 403
    assert (await people.prosecutor.post("/api/meeting-places", json=LAHUG)).status_code == 403
    assert (await people.admin.post("/api/meeting-places", json=LAHUG)).status_code == 201
    again = await people.admin.post("/api/meeting-places", json=LAHUG)
    assert again.status_code == 409
    assert (
        await people.admin.patch("/api/meeting-places/999", json={"version": 1})
    ).status_code == 404


async def test_a_chosen_place_is_printed_in_the_notices_language(
    people: People, client: httpx.AsyncClient
) -> None:
    ids = await setup_case(people)
    place = (await people.admin.post("/api/meeting-places", json=LAHUG)).json()
    session = {
        "X-CSRF-Token": await login_with_second_factor(
            client, await email_of(people.advocate.user_id)
        )
    }
    plan = PREPARATION | {"meeting_place": "", "meeting_place_id": place["id"]}

    # Both a place from the list and a typed one: which would the notice say?
    both = await client.put(
        pair_url(ids, "preparation"),
        json=plan | {"meeting_place": "the front gate"},
        headers=session,
    )
    assert both.status_code == 400
    assert both.json()["errors"][0]["field"] == "meeting_place"
    unknown = await client.put(
        pair_url(ids, "preparation"), json=plan | {"meeting_place_id": 9999}, headers=session
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "meeting_place_id"

    stored = await client.put(pair_url(ids, "preparation"), json=plan, headers=session)
    assert stored.status_code == 200, stored.text
    assert stored.json()["complete"] is True
    assert stored.json()["meeting_place_id"] == place["id"]
    for lang, name in (("war", LAHUG["name_war"]), ("ceb", LAHUG["name_ceb"])):
        text = await client.post(
            pair_url(ids, "notice"),
            json={"variant": "child", "lang": lang, "format": "txt"},
            headers=session,
        )
        assert text.status_code == 200, text.text
        assert name in text.text
        assert LAHUG["name_en"] not in text.text

    # A place no longer offered cannot be chosen anew, but a plan that has it keeps it.
    retired = await people.admin.patch(
        f"/api/meeting-places/{place['id']}", json={"version": 1, "in_use": False}
    )
    assert retired.status_code == 200
    kept = await client.put(
        pair_url(ids, "preparation"), json=plan | {"version": 1}, headers=session
    )
    assert kept.status_code == 200, kept.text
    other = (await people.admin.post("/api/meeting-places", json=LAHUG | {"name_en": "x"})).json()
    await people.admin.patch(
        f"/api/meeting-places/{other['id']}", json={"version": 1, "in_use": False}
    )
    refused = await client.put(
        pair_url(ids, "preparation"),
        json=plan | {"version": 2, "meeting_place_id": other["id"]},
        headers=session,
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "meeting_place_id"


async def test_the_terms_that_stay_english_are_explained_in_the_survivors_words(
    people: People, client: httpx.AsyncClient
) -> None:
    ids = await setup_case(people)
    session = {
        "X-CSRF-Token": await login_with_second_factor(
            client, await email_of(people.advocate.user_id)
        )
    }
    assert (
        await client.put(pair_url(ids, "preparation"), json=PREPARATION, headers=session)
    ).is_success
    text = (
        await client.post(
            pair_url(ids, "notice"),
            json={"variant": "adult", "lang": "war", "format": "txt"},
            headers=session,
        )
    ).text
    assert "An support person usa nga tawo" in text
    assert "An witness protection nagpapasabot" in text
    assert "An “RTC” ngaran han korte ha English: Regional Trial Court." in text

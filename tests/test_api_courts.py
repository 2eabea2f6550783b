"""Courts: everyone reads them; only admins add or change them; zones must be real."""

from __future__ import annotations

import pytest

from tests.conftest import People

pytestmark = pytest.mark.anyio


async def test_admin_adds_and_changes_a_court(people: People) -> None:
    created = await people.admin.post(
        "/api/courts",
        json={
            "name": "RTC Branch 27, Lapu-Lapu City",
            "family_court": True,
            "address": "Hall of Justice, Lapu-Lapu City",
        },
    )
    assert created.status_code == 201
    court = created.json()
    assert court["timezone"] == "Asia/Manila"
    listed = await people.prosecutor.get("/api/courts")
    assert listed.status_code == 200
    assert [c["name"] for c in listed.json()] == ["RTC Branch 27, Lapu-Lapu City"]
    read = await people.lawyer.get(f"/api/courts/{court['id']}")
    assert read.json() == court
    changed = await people.admin.patch(
        f"/api/courts/{court['id']}", json={"version": 1, "family_court": False}
    )
    assert changed.status_code == 200
    assert changed.json()["family_court"] is False
    assert changed.json()["version"] == 2


async def test_court_bad_input(people: People) -> None:
    assert (await people.anonymous.get("/api/courts")).status_code == 401
    not_admin = await people.lawyer.post("/api/courts", json={"name": "RTC Branch 1"})
    assert not_admin.status_code == 403
    no_zone = await people.admin.post("/api/courts", json={"name": "X", "timezone": "Cebu/Time"})
    assert no_zone.status_code == 400
    assert no_zone.json()["errors"][0]["field"] == "timezone"
    no_name = await people.admin.post("/api/courts", json={"family_court": True})
    assert no_name.status_code == 400
    assert no_name.json()["errors"][0]["field"] == "name"
    court = (await people.admin.post("/api/courts", json={"name": "RTC Branch 16"})).json()
    duplicate = await people.admin.post("/api/courts", json={"name": "RTC Branch 16"})
    assert duplicate.status_code == 409
    url = f"/api/courts/{court['id']}"
    assert (await people.lawyer.patch(url, json={"version": 1, "name": "Y"})).status_code == 403
    stale = await people.admin.patch(url, json={"version": 5, "name": "Y"})
    assert stale.status_code == 412
    bad_zone = await people.admin.patch(url, json={"version": 1, "timezone": "Mars/Olympus"})
    assert bad_zone.status_code == 400
    assert (await people.admin.get("/api/courts/9999")).status_code == 404
    assert (await people.admin.patch("/api/courts/9999", json={"version": 1})).status_code == 404
    unchanged = await people.admin.get(url)
    assert unchanged.json()["name"] == "RTC Branch 16"
    assert unchanged.json()["version"] == 1

"""Hostile and careless text: control characters anywhere a request carries text (path, query,
JSON body, form) answer 400 naming the field, never a 500, and nothing is stored."""

from __future__ import annotations

import pytest

from tests.conftest import People
from tests.helpers import make_case, make_court, make_hearing

pytestmark = pytest.mark.anyio

#: NUL (PostgreSQL refuses it in text), other C0/C1 controls, and a right-to-left override.
CONTROLS = ["\x00", "\x07", "\x1b[2J", "\x85", "\u202e", "\u2066"]


@pytest.mark.parametrize("control", CONTROLS)
async def test_control_characters_in_any_text_are_refused_naming_the_field(
    people: People, control: str
) -> None:
    case = await make_case(people, court_id=await make_court(people))
    hearing = await make_hearing(people, case["id"])
    probes = [
        (
            people.anonymous.post(
                "/api/auth/login", json={"email": f"grace{control}@docket.test", "password": "x"}
            ),
            "email",
        ),
        (
            people.lawyer.post(
                "/api/cases",
                json={"docket_number": "CEB-2026-0777", "caption": f"People v. {control}Cruz"},
            ),
            "caption",
        ),
        (
            people.lawyer.patch(
                f"/api/hearings/{hearing['id']}",
                json={"version": hearing["version"], "room": f"Sala{control}2"},
            ),
            "room",
        ),
        (people.lawyer.get("/api/cases", params={"q": f"Cruz{control}"}), "q"),
        (
            people.lawyer.post(
                f"/api/cases/{case['id']}/accused",
                json={"name": "Juan Cruz", "aliases": ["Jun", f"Bo{control}y"]},
            ),
            "aliases[1]",
        ),
    ]
    for request, field in probes:
        answer = await request
        assert answer.status_code == 400, (field, answer.status_code, answer.text)
        assert answer.json()["errors"][0]["field"] == field, answer.text
    listed = (await people.lawyer.get("/api/cases")).json()
    assert [c["docket_number"] for c in listed["items"]] == [case["docket_number"]]


async def test_a_nul_in_a_static_path_is_not_a_server_error(people: People) -> None:
    for path in ("/static/docket.css%00.js", "/static/%00", "/static/docket.css%E2%80%AE"):
        answer = await people.anonymous.get(path)
        assert answer.status_code in (400, 404), (path, answer.status_code)


async def test_tabs_and_line_breaks_are_text_not_control(people: People) -> None:
    case = await make_case(people, court_id=await make_court(people))
    hearing = await make_hearing(people, case["id"])
    held = await people.lawyer.post(
        f"/api/hearings/{hearing['id']}/outcome",
        json={
            "outcome": "cancelled",
            "reason": "Motion to quash granted.\r\n\tThe court will notify.",
            "version": hearing["version"],
        },
    )
    assert held.status_code == 200, held.text

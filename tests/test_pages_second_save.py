"""Two people edit the same charge or move the same case's stage: the second is told (the
stale-edit page), and when she saves again only what she changed is written; the first
person's change survives."""

from __future__ import annotations

import html as entities
import re

import httpx
import pytest

from docket.accounts.choices import Role
from docket.audit.tables import AuditEvent
from docket.cases.tables import Accused, Case, Charge
from tests.test_pages_case_entry import Pages, as_person, hidden, opened_case

pytestmark = pytest.mark.anyio


def shown(page: str, name: str) -> str:
    """The value a text, number or date field shows."""
    found = re.search(rf'<input id="{name}" name="{name}" type="\w+" value="([^"]*)"', page)
    assert found, name
    return entities.unescape(found.group(1))


def checked_stage(page: str) -> str | None:
    found = re.search(r'name="stage" value="(\w+)" checked', page)
    return found.group(1) if found else None


async def a_charge(pages: Pages) -> tuple[int, int]:
    case_id = await opened_case(pages)
    made = await pages.send(
        f"/cases/{case_id}/accused/new", {"name": "Juan Reyes", "custody_status": "detained"}
    )
    assert made.status_code == 303, made.text
    accused = await Accused.select(Accused.id).first()
    assert accused is not None
    made = await pages.send(
        f"/cases/{case_id}/charges/new",
        {"accused_id": str(accused["id"]), "statute_code": "TIP-4", "counts": "1"},
    )
    assert made.status_code == 303, made.text
    charge = await Charge.select(Charge.id).first()
    assert charge is not None
    return case_id, charge["id"]


async def test_a_second_save_of_a_charge_keeps_the_colleagues_change_to_another_field(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    _case_id, charge_id = await a_charge(pages)
    path = f"/charges/{charge_id}/edit"
    opened = (await pages.get(path)).text
    form = {
        "accused_id": hidden(opened, "accused_id"),
        "statute_code": "TIP-4",
        "qualifiers": shown(opened, "qualifiers"),
        "counts": shown(opened, "counts"),
        "offence_date": shown(opened, "offence_date"),
        "version": hidden(opened, "version"),
        "original": hidden(opened, "original"),
    }
    # Meanwhile a colleague corrects the counts to 3 through the API.
    other = await client.patch(
        f"/api/charges/{charge_id}", json={"counts": 3, "version": 1}, headers=pages.api
    )
    assert other.status_code == 200, other.text

    # She adds only the date of the offence: told, her date kept, the colleague's 3 shown.
    stale = await pages.send(path, form | {"offence_date": "2026-03-14"})
    assert stale.status_code == 412
    assert "Someone else changed this" in stale.text
    assert shown(stale.text, "counts") == "3"
    assert shown(stale.text, "offence_date") == "2026-03-14"

    # She saves the page as it stands: her date is written, the colleague's counts survive.
    again = {
        "accused_id": hidden(stale.text, "accused_id"),
        "statute_code": "TIP-4",
        "qualifiers": shown(stale.text, "qualifiers"),
        "counts": shown(stale.text, "counts"),
        "offence_date": shown(stale.text, "offence_date"),
        "version": hidden(stale.text, "version"),
        "original": hidden(stale.text, "original"),
    }
    saved = await pages.send(path, again)
    assert saved.status_code == 303, saved.text
    row = await Charge.select().where(Charge.id == charge_id).first()
    assert row is not None
    assert row["counts"] == 3
    assert str(row["offence_date"]) == "2026-03-14"
    last = (
        await AuditEvent.select()
        .where(AuditEvent.action == "charge.update")
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )
    assert last is not None
    assert "counts" not in str(last["after"])  # not written back

    # Even a save straight from the first, old form (sent twice) leaves the counts alone.
    row_version = str(row["version"])
    resent = await pages.send(path, form | {"offence_date": "2026-03-15", "version": row_version})
    assert resent.status_code == 303, resent.text
    row = await Charge.select().where(Charge.id == charge_id).first()
    assert row is not None
    assert row["counts"] == 3


async def test_a_second_save_of_a_charge_writes_the_survivors_only_when_she_changed_them(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id, charge_id = await a_charge(pages)
    made = await pages.send(
        f"/cases/{case_id}/survivors/new",
        {"pseudonym": "AAA", "age_band": "12_to_17", "sex": "female", "preferred_language": "ceb"},
    )
    assert made.status_code == 303, made.text
    path = f"/charges/{charge_id}/edit"
    opened = (await pages.get(path)).text
    survivor = re.search(r'name="survivor_ids" value="(\d+)"', opened)
    assert survivor
    # A colleague ticks the survivor on the charge through the API.
    other = await client.patch(
        f"/api/charges/{charge_id}",
        json={"survivor_ids": [int(survivor.group(1))], "version": 1},
        headers=pages.api,
    )
    assert other.status_code == 200, other.text
    form = {
        "accused_id": hidden(opened, "accused_id"),
        "statute_code": "TIP-4",
        "counts": "2",
        "version": hidden(opened, "version"),
        "original": hidden(opened, "original"),
    }
    stale = await pages.send(path, form)
    assert stale.status_code == 412
    # The survivor the colleague ticked is shown ticked: saving again keeps her on the charge.
    assert f'value="{survivor.group(1)}" checked' in stale.text
    again = form | {
        "survivor_ids": survivor.group(1),
        "version": hidden(stale.text, "version"),
        "original": hidden(stale.text, "original"),
    }
    saved = await pages.send(path, again)
    assert saved.status_code == 303, saved.text
    read = await client.get(f"/api/charges/{charge_id}")
    assert read.json()["counts"] == 2
    assert read.json()["survivor_ids"] == [int(survivor.group(1))]


async def test_a_stage_moved_meanwhile_is_not_moved_on_by_a_second_save(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id = await opened_case(pages)
    path = f"/cases/{case_id}/stage"
    opened = (await pages.get(path)).text
    assert "preliminary_investigation" in opened
    # A colleague records the inquest through the API.
    other = await client.post(
        f"/api/cases/{case_id}/stage",
        json={"stage": "inquest", "reason": "Arrested in flagrante", "version": 1},
        headers=pages.api,
    )
    assert other.status_code in (200, 201), other.text

    # She chose preliminary investigation from the build-up stage she saw.
    form = {
        "stage": "preliminary_investigation",
        "reason": "Complaint filed with the prosecutor",
        "version": hidden(opened, "version"),
        "from_stage": hidden(opened, "from_stage"),
    }
    stale = await pages.send(path, form)
    assert stale.status_code == 412
    assert "now at “Inquest”" in stale.text
    # Her choice was a move from a stage the case has left: not ticked for her; her reason stays.
    assert checked_stage(stale.text) is None
    assert "Complaint filed with the prosecutor</textarea>" in stale.text
    again = {
        "reason": "Complaint filed with the prosecutor",
        "version": hidden(stale.text, "version"),
        "from_stage": hidden(stale.text, "from_stage"),
    }
    refused = await pages.send(path, again)
    assert refused.status_code == 400
    case = await Case.select(Case.stage).where(Case.id == case_id).first()
    assert case is not None
    assert case["stage"] == "inquest"  # the colleague's move survives

    # The old form sent again with a fresh version is still a move from a stage left behind.
    resent = await pages.send(path, form | {"version": hidden(stale.text, "version")})
    assert resent.status_code == 412
    case = await Case.select(Case.stage).where(Case.id == case_id).first()
    assert case is not None
    assert case["stage"] == "inquest"

    # Chosen again from where the case is now, it moves.
    moved = await pages.send(path, again | {"stage": "preliminary_investigation"})
    assert moved.status_code == 303, moved.text


async def test_a_stage_choice_survives_a_colleagues_change_to_another_part_of_the_case(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id = await opened_case(pages)
    path = f"/cases/{case_id}/stage"
    opened = (await pages.get(path)).text
    other = await client.patch(
        f"/api/cases/{case_id}",
        json={"court_case_number": "R-CEB-26-01234-CR", "version": 1},
        headers=pages.api,
    )
    assert other.status_code == 200, other.text
    form = {
        "stage": "inquest",
        "reason": "Arrested in flagrante",
        "version": hidden(opened, "version"),
        "from_stage": hidden(opened, "from_stage"),
    }
    stale = await pages.send(path, form)
    assert stale.status_code == 412
    assert checked_stage(stale.text) == "inquest"  # the stage did not move: her choice stands
    saved = await pages.send(
        path,
        form | {"version": hidden(stale.text, "version")},
    )
    assert saved.status_code == 303, saved.text
    case = await Case.select().where(Case.id == case_id).first()
    assert case is not None
    assert case["stage"] == "inquest"
    assert case["court_case_number"] == "R-CEB-26-01234-CR"


async def test_a_forged_starting_stage_is_ignored_not_a_500(client: httpx.AsyncClient) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id = await opened_case(pages)
    path = f"/cases/{case_id}/stage"
    opened = (await pages.get(path)).text
    for forged in ("<script>", "x" * 5000, "inquest\x00"):
        sent = await pages.send(
            path,
            {
                "stage": "inquest",
                "reason": "Arrested",
                "version": "999",
                "from_stage": forged,
            },
        )
        assert sent.status_code in (400, 412), sent.text
        assert "<script>" not in sent.text.split("</header>", 1)[1]
    saved = await pages.send(
        path,
        {"stage": "inquest", "reason": "Arrested", "version": hidden(opened, "version")},
    )
    assert saved.status_code == 303, saved.text

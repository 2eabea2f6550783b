"""After a save from a part of the case page, the page comes back at that part (its #anchor)
with the confirmation beside what was saved, also without JavaScript; an address made up by
hand cannot put anything of its own on the page."""

from __future__ import annotations

import httpx
import pytest

from docket.accounts.choices import Role
from docket.cases.tables import Accused
from tests.test_pages_case_entry import as_person, opened_case

pytestmark = pytest.mark.anyio

STATUS = '<p class="done" role="status" id="saved" tabindex="-1">'


async def test_the_confirmation_is_shown_inside_the_part_that_was_saved(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id = await opened_case(pages)
    await pages.send(
        f"/cases/{case_id}/accused/new", {"name": "Juan Reyes", "custody_status": "detained"}
    )
    accused = await Accused.select(Accused.id).first()
    assert accused is not None
    made = await pages.send(
        f"/cases/{case_id}/charges/new",
        {"accused_id": str(accused["id"]), "statute_code": "TIP-4", "counts": "1"},
    )
    assert made.status_code == 303
    where = made.headers["location"]
    anchor = where.rsplit("#", 1)[1]
    assert anchor.startswith("charge-")
    page = await pages.get(where.split("#", 1)[0])
    # Inside the charge's own line, once, and not at the top of the page.
    line = page.text.split(f'<li id="{anchor}">', 1)[1].split("</li>", 1)[0]
    assert STATUS + "The charge was saved.</p>" in line
    assert page.text.count("The charge was saved.") == 1

    stage = await pages.send(
        f"/cases/{case_id}/stage", {"stage": "inquest", "reason": "Arrested", "version": "1"}
    )
    assert stage.headers["location"].endswith("&at=stages#stages")
    page = await pages.get(stage.headers["location"].split("#", 1)[0])
    history = page.text.split('id="stage-history"', 1)[1].split("</ol>", 1)[0]
    assert "The stage was changed." in history


@pytest.mark.parametrize(
    "at",
    ["<script>alert(1)</script>", 'x" onfocus="alert(1)', "accused-1" * 40, "", "charge-99999"],
)
async def test_a_made_up_anchor_shows_the_message_at_the_top_or_nowhere_never_itself(
    client: httpx.AsyncClient, at: str
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id = await opened_case(pages)
    page = await client.get(f"/cases/{case_id}", params={"done": "stage", "at": at})
    assert page.status_code == 200
    assert "alert(1)" not in page.text
    if at == "charge-99999":
        # Well formed but no such part on the page: the message is not shown at all (nothing
        # was saved there; the address was made by hand).
        assert "The stage was changed." not in page.text
    else:
        assert '<p class="done" role="status">The stage was changed.</p>' in page.text

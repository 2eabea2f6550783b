"""Case notes: the team's dated notes on a case, a hearing or a survivor, kept (struck, never
deleted), checked for a survivor's identity; restricted notes only for the survivor's advocate
and the case's lead prosecutor, sealed at rest and out of the audit trail and the chronology."""

from __future__ import annotations

import datetime as dt

import pytest

from docket.accounts.choices import Role
from docket.accounts.services import issue_api_token, system_actor
from docket.audit.tables import AuditEvent
from docket.cases.schemas import SurvivorIdentityWrite
from docket.cases.services import set_survivor_identity
from docket.notes.tables import CaseNote
from tests.conftest import Api, People, make_user
from tests.helpers import login_with_second_factor

pytestmark = pytest.mark.anyio

SECRET_WORDS = "She told me the uncle still calls the house at night"


async def _case(people: People) -> tuple[int, int, int]:
    """A case (lead: the prosecutor; members: the lawyer and the advocate), one survivor
    whose advocate is the advocate, with a sealed identity, and one hearing."""
    court = await people.admin.post("/api/courts", json={"name": "RTC Branch 9"})
    case = (
        await people.admin.post(
            "/api/cases",
            json={
                "docket_number": "CEB-2026-0888",
                "caption": "People v. Quiamco",
                "court_id": court.json()["id"],
                "lead_prosecutor_id": people.prosecutor.user_id,
                "member_ids": [people.lawyer.user_id, people.advocate.user_id],
            },
        )
    ).json()
    survivor = (
        await people.admin.post(
            f"/api/cases/{case['id']}/survivors",
            json={
                "pseudonym": "AAA",
                "age_band": "7_to_11",
                "advocate_id": people.advocate.user_id,
            },
        )
    ).json()
    await set_survivor_identity(
        system_actor("test: a survivor's identity"),
        survivor["id"],
        SurvivorIdentityWrite(
            legal_name="Rosalinda Belarmino Tabanao",
            notice_name="Rosa",
            birth_date=dt.date(2016, 3, 14),
            shelter="Haven of Mercy, Talisay",
            school="Tabunok Elementary School",
        ),
    )
    start = dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC)
    hearing = await people.lawyer.post(
        f"/api/cases/{case['id']}/hearings",
        json={
            "kind": "trial",
            "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
        },
    )
    assert hearing.status_code == 201, hearing.text
    return case["id"], survivor["id"], hearing.json()["id"]


async def _two_step(people: People, email: str) -> dict[str, str]:
    """A web login with a second factor (TOTP) in the test client's cookie jar; the CSRF
    header its API writes carry."""
    people.client.cookies.clear()
    return {"X-CSRF-Token": await login_with_second_factor(people.client, email)}


def _fields(response: object) -> list[str]:
    return [e["field"] for e in response.json()["errors"]]  # type: ignore[attr-defined]


async def test_a_team_note_is_read_by_the_whole_team_and_shown_in_the_chronology(
    people: People,
) -> None:
    case_id, survivor_id, hearing_id = await _case(people)
    written = await people.lawyer.post(
        f"/api/cases/{case_id}/notes",
        json={
            "noted_on": "2026-11-20",
            "text": "Defence counsel asked for the records of the forensic examination",
            "hearing_id": hearing_id,
        },
    )
    assert written.status_code == 201, written.text
    note = written.json()
    assert note["visibility"] == "team"
    assert note["author_id"] == people.lawyer.user_id
    assert note["hearing_id"] == hearing_id
    for api in (people.prosecutor, people.advocate, people.admin):
        listed = await api.get(f"/api/cases/{case_id}/notes")
        assert [n["id"] for n in listed.json()["items"]] == [note["id"]]
        assert (await api.get(f"/api/notes/{note['id']}")).json()["text"] == note["text"]
    about_hearing = await people.advocate.get(
        f"/api/cases/{case_id}/notes", params={"hearing_id": hearing_id}
    )
    assert about_hearing.json()["total"] == 1
    on_survivor = await people.advocate.post(
        f"/api/cases/{case_id}/notes",
        json={
            "noted_on": "2026-11-21",
            "text": "Prepared for the courtroom visit",
            "survivor_id": survivor_id,
        },
    )
    assert on_survivor.json()["survivor_pseudonym"] == "AAA"

    page = await people.prosecutor.get(f"/cases/{case_id}/chronology")
    assert "Defence counsel asked for the records of the forensic examination" in page.text
    assert "Note (on AAA)" in page.text
    # The audit trail has who wrote it and when.
    trail = await AuditEvent.select().where(AuditEvent.entity == "case_note")
    assert {r["action"] for r in trail} == {"case_note.create"}


async def test_a_team_note_that_names_a_survivor_is_refused_naming_the_field(
    people: People,
) -> None:
    case_id, _, _ = await _case(people)
    for text in (
        "Rosalinda Tabanao was upset after the call",
        "Met the child at Haven of Mercy, Talisay",
        "Her classmates at Tabunok Elementary School know",
    ):
        refused = await people.lawyer.post(
            f"/api/cases/{case_id}/notes", json={"noted_on": "2026-11-20", "text": text}
        )
        assert refused.status_code == 400, text
        assert _fields(refused) == ["text"]
        assert "Rosalinda" not in refused.text
    assert await CaseNote.count() == 0


async def test_hostile_notes_are_a_400_naming_the_field_and_nothing_is_written(
    people: People,
) -> None:
    case_id, _, _ = await _case(people)
    other = await people.admin.post(
        "/api/cases", json={"docket_number": "CEB-2026-0999", "caption": "People v. Roe"}
    )
    other_survivor = await people.admin.post(
        f"/api/cases/{other.json()['id']}/survivors",
        json={"pseudonym": "BBB", "age_band": "adult"},
    )
    day = "2026-11-20"
    cases = [
        ({"noted_on": day, "text": "a NUL \x00 in a note"}, "text"),
        ({"noted_on": day, "text": "x" * 10_000}, "text"),
        ({"noted_on": day, "text": ""}, "text"),
        ({"noted_on": day, "text": "   "}, "text"),
        ({"noted_on": "2026-13-40", "text": "a day that is not one"}, "noted_on"),
        ({"noted_on": "2099-01-01", "text": "a day to come"}, "noted_on"),
        ({"noted_on": day, "text": "x", "visibility": "everyone"}, "visibility"),
        ({"noted_on": day, "text": "x", "hearing_id": 2_000_000}, "hearing_id"),
        ({"noted_on": day, "text": "x", "survivor_id": other_survivor.json()["id"]}, "survivor_id"),
        ({"noted_on": day, "text": "x", "visibility": "restricted"}, "survivor_id"),
        ({"noted_on": day, "text": "x", "deleted": True}, "deleted"),
    ]
    for body, field in cases:
        response = await people.lawyer.post(f"/api/cases/{case_id}/notes", json=body)
        assert response.status_code == 400, (body, response.text)
        assert field in _fields(response), (body, response.text)
    assert await CaseNote.count() == 0


async def test_a_restricted_note_is_only_for_the_advocate_and_the_lead_and_is_sealed(
    people: People,
) -> None:
    case_id, survivor_id, _ = await _case(people)
    body = {
        "noted_on": "2026-11-22",
        "text": SECRET_WORDS,
        "visibility": "restricted",
        "survivor_id": survivor_id,
    }
    # The lawyer may not write one (its readers are the advocate and the lead).
    refused = await people.lawyer.post(f"/api/cases/{case_id}/notes", json=body)
    assert refused.status_code == 400
    assert _fields(refused) == ["visibility"]
    # The advocate, with a token (no second factor), is told to log in with two steps.
    no_code = await people.advocate.post(f"/api/cases/{case_id}/notes", json=body)
    assert no_code.status_code == 403
    assert "two-step login" in no_code.text
    assert await CaseNote.count() == 0

    advocate = await _two_step(people, "advocate@docket.test")
    written = await people.client.post(f"/api/cases/{case_id}/notes", json=body, headers=advocate)
    assert written.status_code == 201, written.text
    note_id = written.json()["id"]
    listed = await people.client.get(f"/api/cases/{case_id}/notes")
    assert [n["text"] for n in listed.json()["items"]] == [SECRET_WORDS]
    people.client.cookies.clear()

    for api in (people.lawyer, people.admin):
        assert (await api.get(f"/api/notes/{note_id}")).status_code == 404
        assert (await api.get(f"/api/cases/{case_id}/notes")).json()["total"] == 0
        changed = await api.patch(f"/api/notes/{note_id}", json={"text": "x", "version": 1})
        assert changed.status_code == 404
        struck = await api.post(f"/api/notes/{note_id}/strike", json={"reason": "x", "version": 1})
        assert struck.status_code == 404
    # The lead prosecutor without a second factor: not listed, and 403 saying why.
    assert (await people.prosecutor.get(f"/api/cases/{case_id}/notes")).json()["total"] == 0
    assert (await people.prosecutor.get(f"/api/notes/{note_id}")).status_code == 403

    # With two steps the lead reads and edits it; sealed at rest, out of the audit trail and
    # the chronology, even after the edit.
    lead = await _two_step(people, "prosecutor@docket.test")
    read = await people.client.get(f"/api/notes/{note_id}")
    assert read.json()["text"] == SECRET_WORDS
    edited = await people.client.patch(
        f"/api/notes/{note_id}",
        json={"text": SECRET_WORDS + " again", "version": 1},
        headers=lead,
    )
    assert edited.status_code == 200, edited.text
    row = await CaseNote.select().where(CaseNote.id == note_id).first()
    assert row is not None
    assert row["text"] == ""
    assert "uncle" not in row["sealed"]
    assert row["sealed"]
    trail = await AuditEvent.select().where(AuditEvent.entity == "case_note")
    assert [r["action"] for r in trail] == ["case_note.create", "case_note.update"]
    assert all("uncle" not in r["before"] + r["after"] for r in trail)
    assert all(row["sealed"] not in r["before"] + r["after"] for r in trail)
    page = await people.client.get(f"/cases/{case_id}/chronology")
    assert page.status_code == 200
    assert "uncle" not in page.text


async def test_notes_are_edited_with_their_version_and_struck_never_deleted(
    people: People,
) -> None:
    case_id, _, _ = await _case(people)
    note = (
        await people.lawyer.post(
            f"/api/cases/{case_id}/notes",
            json={"noted_on": "2026-11-20", "text": "Subpoena served on PMSg. Reyes"},
        )
    ).json()
    path = f"/api/notes/{note['id']}"
    first = await people.prosecutor.patch(
        path, json={"text": "Subpoena served on PMSg. Reyes by hand"}, headers={"If-Match": "1"}
    )
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 2
    stale = await people.lawyer.patch(path, json={"text": "Subpoena not served", "version": 1})
    assert stale.status_code == 412
    assert (await people.lawyer.get(path)).json()[
        "text"
    ] == "Subpoena served on PMSg. Reyes by hand"
    no_version = await people.lawyer.patch(path, json={"text": "Subpoena not served"})
    assert no_version.status_code in (400, 428)

    no_reason = await people.lawyer.post(f"{path}/strike", json={"reason": "", "version": 2})
    assert no_reason.status_code == 400
    assert _fields(no_reason) == ["reason"]
    struck = await people.lawyer.post(
        f"{path}/strike", json={"reason": "Written on the wrong case", "version": 2}
    )
    assert struck.status_code == 200, struck.text
    assert struck.json()["struck_reason"] == "Written on the wrong case"
    assert struck.json()["struck_by_id"] == people.lawyer.user_id
    # Kept and listed, struck; no longer in the chronology; not changed again.
    listed = (await people.advocate.get(f"/api/cases/{case_id}/notes")).json()["items"]
    assert [n["struck_reason"] for n in listed] == ["Written on the wrong case"]
    page = await people.prosecutor.get(f"/cases/{case_id}/chronology")
    assert "Subpoena served on PMSg. Reyes" not in page.text
    again = await people.lawyer.patch(path, json={"text": "y", "version": 3})
    assert again.status_code == 409
    assert (await people.lawyer.request("DELETE", path)).status_code in (404, 405)
    assert await CaseNote.count() == 1


async def test_outside_the_case_team_notes_are_not_found(people: People) -> None:
    case_id, _, _ = await _case(people)
    note = (
        await people.lawyer.post(
            f"/api/cases/{case_id}/notes",
            json={"noted_on": "2026-11-20", "text": "Witness confirmed for Tuesday"},
        )
    ).json()
    await make_user("other.lawyer@docket.test", Role.LAWYER)
    outsider = Api(people.client, await issue_api_token("other.lawyer@docket.test"))
    assert (await outsider.get(f"/api/cases/{case_id}/notes")).status_code == 404
    assert (await outsider.get(f"/api/notes/{note['id']}")).status_code == 404
    written = await outsider.post(
        f"/api/cases/{case_id}/notes", json={"noted_on": "2026-11-20", "text": "x"}
    )
    assert written.status_code == 404
    assert await CaseNote.count() == 1


async def test_a_restricted_note_still_opens_after_the_identity_key_is_rotated(
    people: People,
) -> None:
    from docket.cases.identity import rotate_identity_key

    case_id, survivor_id, _ = await _case(people)
    advocate = await _two_step(people, "advocate@docket.test")
    written = await people.client.post(
        f"/api/cases/{case_id}/notes",
        json={
            "noted_on": "2026-11-22",
            "text": SECRET_WORDS,
            "visibility": "restricted",
            "survivor_id": survivor_id,
        },
        headers=advocate,
    )
    note_id = written.json()["id"]
    assert written.status_code == 201, written.text
    before = await CaseNote.select(CaseNote.key_id).where(CaseNote.id == note_id).first()
    resealed = await rotate_identity_key()
    assert resealed.restricted_notes == 1
    after = await CaseNote.select(CaseNote.key_id).where(CaseNote.id == note_id).first()
    assert before is not None
    assert after is not None
    assert after["key_id"] != before["key_id"]
    read = await people.client.get(f"/api/notes/{note_id}")
    assert read.json()["text"] == SECRET_WORDS


# --- the pages ---------------------------------------------------------------------------------


async def test_a_note_written_on_the_hearing_page_shows_there_and_on_the_case_page(
    people: People,
) -> None:
    from tests.helpers import log_in, page_csrf

    case_id, _, hearing_id = await _case(people)
    client = people.client
    await log_in(client, "lawyer@docket.test")
    hearing_page = await client.get(f"/hearings/{hearing_id}")
    assert hearing_page.status_code == 200
    link = f"/cases/{case_id}/notes/new?hearing_id={hearing_id}"
    assert link in hearing_page.text
    form = await client.get(link)
    assert form.status_code == 200
    # A lawyer is not one of the two who may read a restricted note: no such choice.
    assert 'value="restricted"' not in form.text
    csrf = page_csrf(form.text)
    named = await client.post(
        f"/cases/{case_id}/notes/new",
        data={
            "_csrf_token": csrf,
            "noted_on": "2026-11-20",
            "text": "Rosalinda Tabanao's aunt came to the hearing",
            "visibility": "team",
            "hearing_id": str(hearing_id),
        },
    )
    # Shown again with the error next to the words, and the words kept to correct.
    assert named.status_code == 400
    assert 'id="text-error"' in named.text
    assert "aunt came to the hearing" in named.text
    assert await CaseNote.count() == 0
    saved = await client.post(
        f"/cases/{case_id}/notes/new",
        data={
            "_csrf_token": csrf,
            "noted_on": "2026-11-20",
            "text": "AAA's aunt came to the hearing; the court noted it",
            "visibility": "team",
            "hearing_id": str(hearing_id),
        },
    )
    assert saved.status_code == 303
    assert saved.headers["location"].startswith(f"/hearings/{hearing_id}")
    for path in (f"/hearings/{hearing_id}", f"/cases/{case_id}"):
        page = await client.get(path)
        assert "aunt came to the hearing; the court noted it" in page.text.replace("&#39;", "'")
    case_page = await client.get(f"/cases/{case_id}")
    assert f'href="/cases/{case_id}/chronology"' in case_page.text


async def test_the_survivors_advocate_writes_a_restricted_note_on_the_survivor_page(
    people: People,
) -> None:
    from tests.helpers import log_in, page_csrf

    case_id, survivor_id, _ = await _case(people)
    client = people.client
    # Without two steps the advocate is not offered a restricted note.
    await log_in(client, "advocate@docket.test")
    link = f"/cases/{case_id}/notes/new?survivor_id={survivor_id}"
    assert 'value="restricted"' not in (await client.get(link)).text
    await _two_step(people, "advocate@docket.test")
    assert link in (await client.get(f"/survivors/{survivor_id}")).text
    form = await client.get(link)
    assert 'value="restricted"' in form.text
    saved = await client.post(
        f"/cases/{case_id}/notes/new",
        data={
            "_csrf_token": page_csrf(form.text),
            "noted_on": "2026-11-22",
            "text": SECRET_WORDS,
            "visibility": "restricted",
            "survivor_id": str(survivor_id),
        },
    )
    assert saved.status_code == 303, saved.text
    assert SECRET_WORDS in (await client.get(f"/survivors/{survivor_id}")).text
    await log_in(client, "lawyer@docket.test")
    assert SECRET_WORDS not in (await client.get(f"/cases/{case_id}")).text
    assert SECRET_WORDS not in (await client.get(f"/cases/{case_id}/chronology")).text

"""A case entered from the pages, as a lawyer does: open it, add the accused (custody, bail,
aliases), a survivor by pseudonym, witnesses, a charge, the plea and disposition, the dates
that mark deadlines met, and correct a hearing's time, room or mode. Every form answers bad
input with a 400 naming the field and keeps what was typed, writes through the services (so
every change is audited and version-checked) and sends the browser on with a 303."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
import time_machine

from docket.accounts.choices import Role
from docket.audit.tables import AuditEvent
from docket.cases.tables import Accused, Case, CaseDates, Charge, Survivor, Witness
from docket.courts.tables import Court
from docket.hearings.tables import Hearing, HearingChange
from tests.conftest import make_user
from tests.helpers import log_in, page_csrf

pytestmark = pytest.mark.anyio


async def actions() -> list[str]:
    rows = await AuditEvent.select(AuditEvent.action).order_by(AuditEvent.id)
    return [r["action"] for r in rows]


class Pages:
    """A person at the pages: each form posted with the session's CSRF field."""

    def __init__(self, client: httpx.AsyncClient, csrf: str, api: dict[str, str]) -> None:
        self.client = client
        self.csrf = csrf
        #: The header the API's writes carry in this session.
        self.api = api

    async def get(self, path: str) -> httpx.Response:
        return await self.client.get(path)

    async def send(self, path: str, form: dict[str, Any]) -> httpx.Response:
        return await self.client.post(path, data={"_csrf_token": self.csrf, **form})


async def as_person(client: httpx.AsyncClient, email: str, role: Role) -> Pages:
    await make_user(email, role)
    api = await log_in(client, email)
    return Pages(client, page_csrf((await client.get("/")).text), api)


async def opened_case(pages: Pages) -> int:
    await Court.insert(Court(name="RTC Branch 16"))
    court = await Court.select(Court.id).first()
    assert court is not None
    made = await pages.send(
        "/cases/new",
        {"docket_number": "CEB-2026-0201", "caption": "People v. Reyes", "court_id": court["id"]},
    )
    assert made.status_code == 303, made.text
    return int(made.headers["location"].split("/")[2].split("?")[0])


async def test_a_lawyer_opens_a_case_and_enters_it_from_the_pages(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    home = await pages.get("/")
    assert 'href="/cases/new"' in home.text

    case_id = await opened_case(pages)
    page = await pages.get(f"/cases/{case_id}?done=case")
    assert "The case was opened" in page.text
    assert "People v. Reyes" in page.text
    for link in ("accused/new", "survivors/new", "witnesses/new", "charges/new", "facts"):
        assert f'href="/cases/{case_id}/{link}"' in page.text

    # The accused, on bail, with two aliases (one a line).
    made = await pages.send(
        f"/cases/{case_id}/accused/new",
        {
            "name": "Juan Reyes",
            "aliases": "Jun\n  Boy Reyes \n\n",
            "custody_status": "on_bail",
            "facility": "Bond no. 2026-114",
            "nationality": "Filipino",
        },
    )
    assert made.status_code == 303
    accused = await Accused.select().first()
    assert accused is not None
    assert made.headers["location"] == (
        f"/cases/{case_id}?done=accused&at=accused-{accused['id']}#accused-{accused['id']}"
    )
    assert accused["custody_status"] == "on_bail"
    assert accused["aliases"] == '["Jun","Boy Reyes"]'

    # A survivor by pseudonym, and her witness record.
    made = await pages.send(
        f"/cases/{case_id}/survivors/new",
        {"pseudonym": "aaa", "age_band": "12_to_17", "sex": "female", "preferred_language": "ceb"},
    )
    assert made.status_code == 303, made.text
    survivor = await Survivor.select().first()
    assert survivor is not None
    assert survivor["pseudonym"] == "AAA"
    made = await pages.send(
        f"/cases/{case_id}/witnesses/new",
        {"kind": "survivor", "survivor_id": str(survivor["id"])},
    )
    assert made.status_code == 303, made.text
    made = await pages.send(
        f"/cases/{case_id}/witnesses/new",
        {"kind": "police_officer", "name": "PCpl. Ana Lim", "agency": "PNP-WCPC"},
    )
    assert made.status_code == 303, made.text

    # The charge (the existing form), then the plea and the disposition.
    made = await pages.send(
        f"/cases/{case_id}/charges/new",
        {
            "accused_id": str(accused["id"]),
            "statute_code": "TIP-4",
            "counts": "1",
            "survivor_ids": str(survivor["id"]),
        },
    )
    assert made.status_code == 303, made.text
    plea_page = await pages.get(f"/accused/{accused['id']}/plea")
    version = plea_page.text.split('name="version" value="', 1)[1].split('"', 1)[0]
    made = await pages.send(
        f"/accused/{accused['id']}/plea",
        {"plea": "not_guilty", "on": "2026-11-20", "version": version},
    )
    assert made.status_code == 303, made.text
    made = await pages.send(
        f"/accused/{accused['id']}/disposition",
        {"disposition": "convicted", "on": "2026-11-23", "version": str(int(version) + 1)},
    )
    assert made.status_code == 303, made.text

    page = await pages.get(f"/cases/{case_id}")
    assert "Juan Reyes" in page.text
    assert "alias Jun, Boy Reyes" in page.text
    assert "On bail" in page.text
    assert "Plea: Not guilty (Fri 20 Nov 2026)" in page.text
    assert "Convicted (Mon 23 Nov 2026)" in page.text
    assert "AAA" in page.text
    assert "PCpl. Ana Lim" in page.text
    assert "TIP-4" in page.text
    done = await actions()
    for action in ("case.create", "accused.create", "survivor.create", "witness.create"):
        assert action in done
    assert "accused.plea" in done
    assert "accused.disposition" in done


async def test_the_case_dates_mark_a_deadline_met_and_only_changed_dates_are_written(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id = await opened_case(pages)
    form = await pages.get(f"/cases/{case_id}/facts")
    assert form.status_code == 200
    assert "Trial completed (last day of trial)" in form.text
    made = await pages.send(
        f"/cases/{case_id}/facts",
        {"complaint_filed_on": "2026-10-01", "syndicate": "yes", "version": "1"},
    )
    assert made.status_code == 303, made.text
    assert made.headers["location"] == f"/cases/{case_id}?done=facts&at=deadlines#deadlines"
    stored = await CaseDates.select().where(CaseDates.case == case_id).first()
    assert stored is not None
    assert stored["complaint_filed_on"] == dt.date(2026, 10, 1)
    assert stored["syndicate"] is True
    audit = await AuditEvent.select().where(AuditEvent.action == "case_facts.update").first()
    assert audit is not None
    assert "complaint_filed_on" in str(audit["after"])
    assert "trial_completed_on" not in str(audit["after"])  # untouched: not written back

    # The form shows them back; a date in the future is refused by name and kept.
    form = await pages.get(f"/cases/{case_id}/facts")
    assert 'value="2026-10-01"' in form.text
    refused = await pages.send(
        f"/cases/{case_id}/facts",
        {"complaint_filed_on": "2026-10-01", "trial_completed_on": "2031-01-05", "version": "2"},
    )
    assert refused.status_code == 400
    assert 'id="trial_completed_on-error"' in refused.text
    assert 'value="2031-01-05"' in refused.text
    # A version someone else moved on: said, what was typed kept, nothing written.
    stale = await pages.send(
        f"/cases/{case_id}/facts", {"trial_completed_on": "2026-11-20", "version": "1"}
    )
    assert stale.status_code == 412
    assert "Someone else changed this" in stale.text
    assert 'value="2026-11-20"' in stale.text


async def test_bad_input_on_each_form_is_named_next_to_its_field_and_kept(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    refused = await pages.send("/cases/new", {"docket_number": "CEB 2026?", "caption": "P v. R"})
    assert refused.status_code == 400
    assert "Docket number is not written the right way." in refused.text
    assert 'value="P v. R"' in refused.text
    case_id = await opened_case(pages)
    again = await pages.send(
        "/cases/new", {"docket_number": "CEB-2026-0201", "caption": "People v. Reyes"}
    )
    assert again.status_code == 409
    assert "already exists" in again.text

    cases: list[tuple[str, dict[str, str], str, str]] = [
        (
            f"/cases/{case_id}/accused/new",
            {"name": "", "custody_status": "on_bail"},
            "name",
            "Name must not be empty.",
        ),
        (
            f"/cases/{case_id}/accused/new",
            {"name": "Juan", "custody_status": "hiding"},
            "custody_status",
            "Choose one of the options.",
        ),
        (
            f"/cases/{case_id}/survivors/new",
            {"pseudonym": "Maria Santos", "age_band": "adult"},
            "pseudonym",
            "Pseudonym is not written the right way.",
        ),
        (
            f"/cases/{case_id}/survivors/new",
            {"pseudonym": "BBB", "age_band": "adult", "advocate_id": "x"},
            "advocate_id",
            "Advocate must be a whole number.",
        ),
        (
            f"/cases/{case_id}/witnesses/new",
            {"kind": "police_officer", "agency": "NBI"},
            "name",
            "Name is required for this kind of witness.",
        ),
    ]
    for path, form, field, said in cases:
        answer = await pages.send(path, form)
        assert answer.status_code == 400, (path, form, answer.text)
        assert f'id="{field}-error"' in answer.text, (path, form)
        message = answer.text.split(f'id="{field}-error">', 1)[1].split("<", 1)[0]
        assert message == said, (path, form)
        assert f'<a href="#{field}">' in answer.text  # the summary leads to the field
        for typed in ("name", "pseudonym", "agency"):
            if form.get(typed):
                assert f'value="{form[typed]}"' in answer.text  # what was typed stays
    assert await Accused.count() == 0
    assert await Survivor.count() == 0
    assert await Witness.count() == 0


async def test_a_hearing_entered_wrong_is_corrected_and_its_history_keeps_the_old_time(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id = await opened_case(pages)
    made = await pages.send(
        f"/cases/{case_id}/hearings/new",
        {"kind": "trial", "date": "2026-12-03", "starts": "08:30", "ends": "10:30"},
    )
    assert made.status_code == 303, made.text
    hearing = await Hearing.select().first()
    assert hearing is not None
    path = f"/hearings/{hearing['id']}/edit"
    assert f'href="{path}"' in (await pages.get(f"/hearings/{hearing['id']}")).text
    form = await pages.get(path)
    assert 'value="08:30"' in form.text
    assert 'value="2026-12-03"' in form.text

    typed = {
        "kind": "trial",
        "date": "2026-12-03",
        "starts": "13:30",
        "ends": "11:00",
        "mode": "videoconference",
        "room": "Session Hall 3",
        "version": str(hearing["version"]),
    }
    refused = await pages.send(path, typed)
    assert refused.status_code == 400
    assert 'id="ends-error"' in refused.text or 'id="date-error"' in refused.text
    assert 'value="Session Hall 3"' in refused.text
    fixed = await pages.send(path, typed | {"ends": "15:30"})
    assert fixed.status_code == 303, fixed.text
    assert fixed.headers["location"] == f"/hearings/{hearing['id']}?done=hearing-corrected"
    after = await Hearing.select().where(Hearing.id == hearing["id"]).first()
    assert after is not None
    assert after["room"] == "Session Hall 3"
    assert after["mode"] == "videoconference"
    assert after["starts_at"] == dt.datetime(2026, 12, 3, 5, 30, tzinfo=dt.UTC)
    assert after["sequence"] == hearing["sequence"] + 1  # calendars follow
    change = await HearingChange.select().where(HearingChange.change == "corrected").first()
    assert change is not None
    assert change["previous_starts_at"] == hearing["starts_at"]
    page = await pages.get(f"/hearings/{hearing['id']}?done=hearing-corrected")
    assert "The hearing was corrected" in page.text
    assert "1:30 PM" in page.text

    # The same form sent again with the old version: nothing written twice, said in words.
    again = await pages.send(path, typed | {"ends": "15:30", "room": "Hall 9"})
    assert again.status_code == 412
    assert "Someone else changed this" in again.text
    # Who changed what, with the times in the court's zone in words, never raw UTC.
    said = again.text.split('id="stale"', 1)[1].split("</div>", 1)[0]
    assert "Lawyer changed it on Tue 24 Nov 2026, 10:00 AM" in said
    assert "Thu 3 Dec 2026, 8:30 AM → Thu 3 Dec 2026, 1:30 PM" in said
    assert "+00:00" not in said
    assert "T05:30" not in said


async def test_roles_and_cases_the_person_does_not_work_on_are_refused(
    client: httpx.AsyncClient,
) -> None:
    lawyer = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id = await opened_case(lawyer)
    made = await lawyer.send(
        f"/cases/{case_id}/accused/new", {"name": "Juan Reyes", "custody_status": "detained"}
    )
    assert made.status_code == 303
    accused = await Accused.select(Accused.id).first()
    assert accused is not None

    # An advocate may not enter a plea or open a case; an outsider sees no such case.
    advocate = await as_person(client, "advocate@docket.test", Role.ADVOCATE)
    assert (await advocate.get("/cases/new")).status_code == 403
    refused = await advocate.send(f"/accused/{accused['id']}/plea", {"plea": "guilty"})
    assert refused.status_code == 403
    outsider = await as_person(client, "other@docket.test", Role.PROSECUTOR)
    for path in (f"/cases/{case_id}/accused/new", f"/accused/{accused['id']}/edit"):
        assert (await outsider.get(path)).status_code == 404, path
    sent = await outsider.send(f"/accused/{accused['id']}/edit", {"name": "X", "version": "1"})
    assert sent.status_code == 404
    # Without the form's CSRF field nothing is written.
    no_token = await lawyer.client.post("/cases/new", data={"docket_number": "X-1", "caption": "Y"})
    assert no_token.status_code == 403
    assert await Case.count() == 1
    stored = await Accused.select(Accused.name).first()
    assert stored is not None
    assert stored["name"] == "Juan Reyes"


async def test_a_charge_entered_by_mistake_is_struck_kept_and_no_longer_counted(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id = await opened_case(pages)
    await pages.send(f"/cases/{case_id}/accused/new", {"name": "Juan Reyes"})
    accused = await Accused.select(Accused.id).first()
    assert accused is not None
    for code in ("TIP-4", "TIP-6"):
        made = await pages.send(
            f"/cases/{case_id}/charges/new",
            {"accused_id": str(accused["id"]), "statute_code": code},
        )
        assert made.status_code == 303, made.text
    charge = await Charge.select().where(Charge.statute_code == "TIP-6").first()
    assert charge is not None
    path = f"/charges/{charge['id']}/strike"
    assert f'href="{path}"' in (await pages.get(f"/cases/{case_id}")).text
    assert "entered by mistake" in (await pages.get(path)).text

    refused = await pages.send(path, {"reason": "  ", "version": "1"})
    assert refused.status_code == 400
    assert "Why it was a mistake must not be empty." in refused.text
    struck = await pages.send(path, {"reason": "Entered against the wrong accused", "version": "1"})
    assert struck.status_code == 303, struck.text
    assert (
        struck.headers["location"]
        == f"/cases/{case_id}?done=charge-struck&at=charge-{charge['id']}#charge-{charge['id']}"
    )

    # Kept, with who, when and why; in the trail; shown struck through; no longer counted.
    row = await Charge.select().where(Charge.id == charge["id"]).first()
    assert row is not None
    assert row["struck_at"] is not None
    assert row["struck_reason"] == "Entered against the wrong accused"
    trail = await AuditEvent.select().where(AuditEvent.action == "charge.struck").first()
    assert trail is not None
    assert trail["entity_id"] == charge["id"]
    assert "Entered against the wrong accused" in str(trail["after"])
    page = await pages.get(f"/cases/{case_id}?done=charge-struck")
    assert "The charge was struck" in page.text
    assert "<del><strong>TIP-6</strong>" in page.text
    assert "Struck as entered by mistake by Lawyer" in page.text
    assert f'href="/charges/{charge["id"]}/edit"' not in page.text
    facts = await client.get(f"/api/cases/{case_id}/facts")
    assert facts.json()["derived"]["charge_codes"] == ["TIP-4"]
    read = await client.get(f"/api/charges/{charge['id']}")
    assert read.json()["struck_reason"] == "Entered against the wrong accused"
    assert read.json()["struck_by_user_id"] is not None

    # Neither struck twice nor edited after; nothing deleted.
    again = await client.post(
        f"/api/charges/{charge['id']}/strike",
        json={"reason": "again", "version": 2},
        headers=pages.api,
    )
    assert again.status_code == 409
    edited = await client.patch(
        f"/api/charges/{charge['id']}", json={"counts": 2, "version": 2}, headers=pages.api
    )
    assert edited.status_code == 409
    assert await Charge.count() == 2

    # The API strikes as the page does.
    first = await Charge.select().where(Charge.statute_code == "TIP-4").first()
    assert first is not None
    by_api = await client.post(
        f"/api/charges/{first['id']}/strike",
        json={"reason": "Duplicate of the information's count", "version": first["version"]},
        headers=pages.api,
    )
    assert by_api.status_code == 200, by_api.text
    assert by_api.json()["struck_at"] is not None
    facts = await client.get(f"/api/cases/{case_id}/facts")
    assert facts.json()["derived"]["charge_codes"] == []


async def test_a_hearing_entered_by_mistake_is_struck_off_the_calendars_with_who_and_why(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id = await opened_case(pages)
    await pages.send(
        f"/cases/{case_id}/hearings/new",
        {"kind": "trial", "date": "2026-12-03", "starts": "08:30", "ends": "10:30"},
    )
    hearing = await Hearing.select().first()
    assert hearing is not None
    path = f"/hearings/{hearing['id']}/strike"
    assert f'href="{path}"' in (await pages.get(f"/hearings/{hearing['id']}")).text
    struck = await pages.send(
        path, {"reason": "Scheduled twice", "version": str(hearing["version"])}
    )
    assert struck.status_code == 303, struck.text
    after = await Hearing.select().where(Hearing.id == hearing["id"]).first()
    assert after is not None
    assert after["status"] == "cancelled"  # off every calendar and deadline, as cancelled is
    assert after["sequence"] == hearing["sequence"] + 1
    change = await HearingChange.select().where(HearingChange.change == "struck").first()
    assert change is not None
    assert change["reason"] == "Scheduled twice"
    assert change["by"] is not None
    assert "hearing.struck" in await actions()
    page = await pages.get(f"/hearings/{hearing['id']}?done=hearing-struck")
    assert "The hearing was struck" in page.text
    assert "<strong>Struck</strong> (was Thu 3 Dec 2026, 8:30 AM). Scheduled twice" in page.text

    again = await client.post(
        f"/api/hearings/{hearing['id']}/strike",
        json={"reason": "again", "version": after["version"]},
        headers=pages.api,
    )
    assert again.status_code == 409
    empty = await client.post(
        f"/api/hearings/{hearing['id']}/strike",
        json={"reason": "", "version": after["version"]},
        headers=pages.api,
    )
    assert empty.status_code == 400
    assert "reason" in empty.text
    # The API strikes as the page does.
    made = await pages.send(
        f"/cases/{case_id}/hearings/new",
        {"kind": "motion", "date": "2026-12-04", "starts": "13:30", "ends": "14:30"},
    )
    assert made.status_code == 303
    second = await Hearing.select().where(Hearing.kind == "motion").first()
    assert second is not None
    by_api = await client.post(
        f"/api/hearings/{second['id']}/strike",
        json={"reason": "Wrong case", "version": second["version"]},
        headers=pages.api,
    )
    assert by_api.status_code == 200, by_api.text
    assert by_api.json()["status"] == "cancelled"
    advocate = await as_person(client, "advocate@docket.test", Role.ADVOCATE)
    refused = await client.post(
        f"/api/hearings/{hearing['id']}/strike",
        json={"reason": "x", "version": 1},
        headers=advocate.api,
    )
    assert refused.status_code == 403


async def test_a_reset_to_a_past_day_a_weekend_or_a_holiday_asks_before_saving(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id = await opened_case(pages)
    await pages.send(
        f"/cases/{case_id}/hearings/new",
        {"kind": "trial", "date": "2026-12-03", "starts": "08:30", "ends": "10:30"},
    )
    hearing = await Hearing.select().first()
    assert hearing is not None
    path = f"/hearings/{hearing['id']}/outcome"
    reset = {
        "outcome": "reset",
        "details": "Judge on leave",
        "new_starts": "08:30",
        "new_ends": "10:30",
        "version": str(hearing["version"]),
    }
    # FIXED_NOW is Tue 24 Nov 2026 in Manila; 30 Nov 2026 is Bonifacio Day.
    for new_date, said in (
        ("2026-11-28", "The court does not sit on Sat 28 Nov 2026 (Saturday)."),
        ("2026-11-30", "The court does not sit on Mon 30 Nov 2026 (Bonifacio Day)."),
        ("2025-12-09", "Tue 9 Dec 2025 is in the past."),
    ):
        asked = await pages.send(path, reset | {"new_date": new_date})
        assert asked.status_code == 409, asked.text
        assert "Nothing is saved yet" in asked.text
        assert said in asked.text
        assert f'value="{new_date}"' in asked.text
        assert 'value="yes"' in asked.text
        kept = await Hearing.select().where(Hearing.id == hearing["id"]).first()
        assert kept is not None
        assert kept["status"] == "scheduled"
        assert kept["version"] == hearing["version"]

    # A day the court sits is saved at once; a confirmed Saturday is saved as asked.
    assert (await pages.send(path, reset | {"new_date": "2026-12-10"})).status_code == 303
    moved = await Hearing.select().where(Hearing.id == hearing["id"]).first()
    assert moved is not None
    again = reset | {"version": str(moved["version"]), "new_date": "2026-12-12"}
    confirmed = await pages.send(path, again | {"confirmed": "yes"})
    assert confirmed.status_code == 303, confirmed.text
    after = await Hearing.select().where(Hearing.id == hearing["id"]).first()
    assert after is not None
    assert after["starts_at"] == dt.datetime(2026, 12, 12, 0, 30, tzinfo=dt.UTC)


def hidden(html: str, name: str) -> str:
    import html as entities

    value = html.split(f'name="{name}" value="', 1)[1].split('"', 1)[0]
    return entities.unescape(value)


async def test_a_second_save_after_a_stale_edit_writes_only_what_the_person_changed(
    client: httpx.AsyncClient,
) -> None:
    pages = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id = await opened_case(pages)
    await pages.send(
        f"/cases/{case_id}/accused/new",
        {"name": "Juan Reyes", "custody_status": "detained", "facility": "Cebu City Jail"},
    )
    accused = await Accused.select().first()
    assert accused is not None
    path = f"/accused/{accused['id']}/edit"
    opened = (await pages.get(path)).text
    form = {
        "name": "Juan Reyes",
        "aliases": "",
        "custody_status": "detained",
        "facility": "Cebu City Jail",
        "nationality": "",
        "version": hidden(opened, "version"),
        "original": hidden(opened, "original"),
    }
    # Meanwhile a colleague records his nationality and an alias through the API.
    other = await client.patch(
        f"/api/accused/{accused['id']}",
        json={"nationality": "Filipino", "aliases": ["Jun"], "version": 1},
        headers=pages.api,
    )
    assert other.status_code == 200, other.text
    # She changes only the custody: told, and her change kept beside the colleague's.
    stale = await pages.send(path, form | {"custody_status": "on_bail", "facility": "Bond 77"})
    assert stale.status_code == 412
    assert 'value="Filipino"' in stale.text  # the colleague's value, not her blank
    assert "Jun</textarea>" in stale.text
    assert 'value="Bond 77"' in stale.text
    again = {
        "name": "Juan Reyes",
        "aliases": "Jun",
        "custody_status": "on_bail",
        "facility": "Bond 77",
        "nationality": "Filipino",
        "version": hidden(stale.text, "version"),
        "original": hidden(stale.text, "original"),
    }
    saved = await pages.send(path, again)
    assert saved.status_code == 303, saved.text
    row = await Accused.select().where(Accused.id == accused["id"]).first()
    assert row is not None
    assert row["nationality"] == "Filipino"
    assert row["aliases"] == '["Jun"]'
    assert row["custody_status"] == "on_bail"
    assert row["facility"] == "Bond 77"
    last = (
        await AuditEvent.select()
        .where(AuditEvent.action == "accused.update")
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )
    assert last is not None
    assert "nationality" not in str(last["after"])  # not written back

    # A forged or broken 'original' is read as "compare with the record now".
    forged = await pages.send(
        path, again | {"version": str(row["version"]), "original": "{not json", "name": "J. Reyes"}
    )
    assert forged.status_code == 303
    renamed = await Accused.select(Accused.name).where(Accused.id == accused["id"]).first()
    assert renamed is not None
    assert renamed["name"] == "J. Reyes"


async def test_what_was_typed_survives_a_session_that_ended_while_typing(
    client: httpx.AsyncClient,
) -> None:
    """A lawyer types an accused's details in the courtroom; the session ends (30 idle
    minutes) before she presses Save. The form used to send her to the login page and lose
    everything. Now the login page carries what she typed (never a password or the old CSRF
    token), and after logging in she sees it and sends it with one press."""
    import html as entities
    import re

    from tests.conftest import PASSWORD

    lawyer = await as_person(client, "lawyer@docket.test", Role.LAWYER)
    case_id = await opened_case(lawyer)
    typed = {
        "name": "Lorna Dizon",
        "aliases": "Nanay Lorna, <b>Lorn</b>",
        "custody_status": "detained",
        "current_password": "never carried",
        # A field named like a code (a charge's statute_code) is kept; only a login code is not.
        "statute_code": "TIP-4",
    }
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=45)
    with time_machine.travel(later, tick=True):
        ended = await lawyer.send(f"/cases/{case_id}/accused/new", typed)
        assert ended.status_code == 401
        assert "What you typed is kept" in ended.text
        assert 'name="kept:name" value="Lorna Dizon"' in ended.text
        assert "&lt;b&gt;Lorn&lt;/b&gt;" in ended.text, "escaped, never markup"
        assert "never carried" not in ended.text
        assert 'name="kept:statute_code" value="TIP-4"' in ended.text
        assert lawyer.csrf not in ended.text
        assert await Accused.count() == 0
        login_csrf = ended.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        kept = {
            name: entities.unescape(value)
            for name, value in re.findall(r'name="(kept:[^"]+)" value="([^"]*)"', ended.text)
        }
        assert kept["kept:aliases"] == "Nanay Lorna, <b>Lorn</b>"
        again = await client.post(
            "/login",
            data={
                "email": "lawyer@docket.test",
                "password": PASSWORD,
                "csrf": login_csrf,
                "next": f"/cases/{case_id}/accused/new",
                **kept,
            },
        )
        assert again.status_code == 200, again.text
        assert "Send what you typed" in again.text
        assert "Lorna Dizon" in again.text
        new_csrf = hidden(again.text, "_csrf_token")
        assert new_csrf != lawyer.csrf
        # The page holds what she typed, with the new session's token: she presses Send.
        form = again.text.split('<form method="post" action="/cases/', 1)[1].split("</form>", 1)[0]
        resent = {
            name: entities.unescape(value)
            for name, value in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form)
        }
        assert resent["_csrf_token"] == new_csrf
        assert "current_password" not in resent
        sent = await client.post(f"/cases/{case_id}/accused/new", data=resent)
        assert sent.status_code == 303, sent.text
    accused = await Accused.select(Accused.name, Accused.aliases).first()
    assert accused is not None
    assert accused["name"] == "Lorna Dizon"
    assert "Nanay Lorna" in str(accused["aliases"])

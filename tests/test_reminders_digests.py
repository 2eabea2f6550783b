"""Each person chooses their reminders (page and API, defaults on); the prosecutor's daily
agenda comes at the time they chose, only when there is something to say, and says only what a
feed may; every email's one-click unsubscribe link works without a login and a forged one is
refused."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
import time_machine

from docket.reminders import digests
from docket.reminders.worker import run_worker
from tests.conftest import FIXED_NOW, People
from tests.helpers import set_facts
from tests.smtp_server import Mailbox, full_text
from tests.test_notices_api import IDENTITY, MANILA, setup_case
from tests.test_reminders import mail, move, reset, tomorrow_at  # noqa: F401 - fixture

pytestmark = pytest.mark.anyio

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(autouse=True)
def _forget_empty_agendas() -> Iterator[None]:
    digests._NOTHING_TO_SAY.clear()
    yield
    digests._NOTHING_TO_SAY.clear()


def at_manila(hour: int, minute: int = 0) -> dt.datetime:
    return FIXED_NOW.astimezone(MANILA).replace(hour=hour, minute=minute)


def agendas(mailbox: Mailbox) -> list[EmailMessage]:
    return [m for m in mailbox.received if str(m["Subject"]).strip().startswith("Your agenda")]


async def test_the_daily_agenda_comes_at_the_chosen_time_with_tomorrows_hearing(
    people: People,
    mail: Mailbox,  # noqa: F811
) -> None:
    ids = await setup_case(people)
    for body in (
        {"kind": "police_officer", "name": "PSSg. Reyes", "agency": "PNP WCPC"},
        {"kind": "other", "name": "Juan Protektado", "protected": True},
    ):
        made = await people.admin.post(f"/api/cases/{ids['case_id']}/witnesses", json=body)
        assert made.status_code == 201, made.text
    await move(
        people,
        ids["hearing_id"],
        starts_at=tomorrow_at(9).isoformat(),
        ends_at=tomorrow_at(11).isoformat(),
    )
    # A police target long past: the agenda lists it with the docket number.
    await set_facts(people, ids["case_id"], report_received_on="2026-11-02")
    chosen = await people.prosecutor.put(
        "/api/reminders/daily_agenda", json={"version": 0, "send_at": "17:30"}
    )
    assert chosen.status_code == 200, chosen.text
    assert chosen.json() | {"label": ""} == {
        "kind": "daily_agenda",
        "label": "",
        "enabled": True,
        "send_at": "17:30",
        "version": 1,
    }

    with time_machine.travel(at_manila(17, 29), tick=False):
        await run_worker(once=True)
    assert agendas(mail) == [], "not before the chosen time"
    with time_machine.travel(at_manila(17, 30), tick=False):
        await run_worker(once=True)
    with time_machine.travel(at_manila(21, 0), tick=False):
        await run_worker(once=True)
    (agenda,) = agendas(mail)
    assert agenda["To"] == "prosecutor@docket.test", "the agenda is the prosecutor's"
    text = full_text(agenda)
    assert "Your agenda for Wednesday 25 November 2026" in text
    assert "Wednesday 25 November 2026, 9:00 am to 11:00 am (Asia/Manila)" in text
    for shown in (
        "CEB-2026-0999",
        "RTC Branch 12, Cebu City",
        "Session Hall 3",
        "Witness: AAA — still to prepare: live-link TV",
        "PSSg. Reyes (PNP WCPC)",
        "1 more witness(es): see Docket",
        f"http://127.0.0.1:8000/hearings/{ids['hearing_id']}",
    ):
        assert shown in text, shown
    for secret in ("Dalisay", "Lani", IDENTITY["shelter"], "Rodrigo", "Protektado"):
        assert secret.casefold() not in text.casefold(), secret
    assert re.search(
        r"Police start the investigation of the report — CEB-2026-0999: "
        r"(overdue since|missed, it was due) Thursday 12 November 2026",
        text,
    ), text
    assert agenda["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    ARTIFACTS.mkdir(exist_ok=True)
    for part in agenda.walk():
        kind = part.get_content_type()
        if kind in ("text/plain", "text/html"):
            suffix = "txt" if kind == "text/plain" else "html"
            (ARTIFACTS / f"daily_agenda.{suffix}").write_text(str(part.get_content()))


async def test_no_agenda_when_there_is_nothing_to_say_or_it_is_turned_off(
    people: People,
    mail: Mailbox,  # noqa: F811
) -> None:
    ids = await setup_case(people)  # its hearing is 5 days away: nothing for tomorrow
    with time_machine.travel(at_manila(18, 0), tick=False):
        await run_worker(once=True)
    assert agendas(mail) == []
    await move(
        people,
        ids["hearing_id"],
        starts_at=tomorrow_at(9).isoformat(),
        ends_at=tomorrow_at(11).isoformat(),
    )
    off = await people.prosecutor.put(
        "/api/reminders/daily_agenda", json={"version": 0, "enabled": False}
    )
    assert off.status_code == 200, off.text
    with time_machine.travel(at_manila(19, 0), tick=False):
        await run_worker(once=True)
    assert agendas(mail) == []


def unsubscribe_path(message: EmailMessage) -> str:
    found = re.search(
        r"<http://127\.0\.0\.1:8000(/reminders/unsubscribe/[^>]+)>",
        str(message["List-Unsubscribe"]),
    )
    assert found is not None
    return found.group(1)


async def test_one_click_unsubscribe_works_without_login_and_a_forged_link_is_refused(
    people: People,
    mail: Mailbox,  # noqa: F811
) -> None:
    ids = await setup_case(people)
    await reset(people, ids["hearing_id"], tomorrow_at(14))
    await run_worker(once=True)
    (lawyers,) = mail.to("lawyer@docket.test")
    path = unsubscribe_path(lawyers)
    anonymous = people.anonymous

    # Opening the link (a mail scanner does) changes nothing.
    page = await anonymous.get(path)
    assert page.status_code == 200
    assert "Stop these emails" in page.text
    assert (await people.lawyer.get("/api/reminders")).json()[0]["enabled"] is True

    user_id, kind, signature = path.rsplit("/", 1)[1].split(".")
    forged = [
        f"{user_id}.{kind}.{signature[:-2]}AA",
        f"{int(user_id) + 1}.{kind}.{signature}",
        f"{user_id}.daily_agenda.{signature}",
        "1.hearing_alert",
        "x" * 500,
    ]
    for token in forged:
        refused = await anonymous.post(
            f"/reminders/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}
        )
        assert refused.status_code == 404, token
        assert (await anonymous.get(f"/reminders/unsubscribe/{token}")).status_code == 404
    assert all(c["enabled"] for c in (await people.prosecutor.get("/api/reminders")).json())
    assert (await people.lawyer.get("/api/reminders")).json()[0]["enabled"] is True

    # RFC 8058: the mail reader POSTs List-Unsubscribe=One-Click, with no cookie or token.
    done = await anonymous.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200, done.text
    assert "you will no longer receive" in done.text
    again = await anonymous.post(path, data={"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200
    (choice,) = (await people.lawyer.get("/api/reminders")).json()
    assert choice["enabled"] is False

    with time_machine.travel(FIXED_NOW + dt.timedelta(hours=2), tick=True):
        await move(people, ids["hearing_id"], room="Session Hall 7")
        await run_worker(once=True)
    assert len(mail.to("lawyer@docket.test")) == 1, "no more alerts to the lawyer"
    assert len(mail.to("prosecutor@docket.test")) == 2, "the others still get theirs"


async def test_choices_refuse_bad_input_naming_the_field(people: People) -> None:
    api = people.prosecutor
    assert (await people.anonymous.get("/api/reminders")).status_code == 401
    listed = (await api.get("/api/reminders")).json()
    assert [(c["kind"], c["enabled"], c["version"]) for c in listed] == [
        ("hearing_alert", True, 0),
        ("daily_agenda", True, 0),
    ], "sensible defaults: everything on"
    bad = {
        "send_at": {"version": 0, "send_at": "25:00"},
        "enabled": {"version": 0, "enabled": "yes"},
        "version": {"version": -1},
        "colour": {"version": 0, "colour": "red"},
    }
    for field, body in bad.items():
        answer = await api.put("/api/reminders/daily_agenda", json=body)
        assert answer.status_code == 400, (field, answer.text)
        assert field in answer.text, answer.text
    wrong_kind = await api.put(
        "/api/reminders/hearing_alert", json={"version": 0, "send_at": "08:00"}
    )
    assert wrong_kind.status_code == 400
    assert wrong_kind.json()["errors"][0]["field"] == "send_at"
    assert (await api.put("/api/reminders/nonsense", json={"version": 0})).status_code == 404
    lawyers = await people.lawyer.put("/api/reminders/daily_agenda", json={"version": 0})
    assert lawyers.status_code == 404, "the daily agenda is the prosecutor's"
    first = await api.put("/api/reminders/hearing_alert", json={"version": 0, "enabled": False})
    assert first.status_code == 200
    stale = await api.put("/api/reminders/hearing_alert", json={"version": 0, "enabled": True})
    assert stale.status_code == 412
    assert (await api.get("/api/reminders")).json()[0]["enabled"] is False


async def test_the_reminders_page_keeps_what_was_typed_next_to_the_error(
    people: People,
) -> None:
    api = people.prosecutor
    page = await api.get("/account/reminders")
    assert page.status_code == 200
    assert "Daily agenda for the next working day" in page.text
    form = {
        "hearing_alert": "on",
        "daily_agenda": "on",
        "send_at": "7pm",
        "hearing_alert_version": "0",
        "daily_agenda_version": "0",
    }
    refused = await api.post("/account/reminders", data=form)
    assert refused.status_code == 400
    assert "7pm" in refused.text
    assert "HH:MM" in refused.text
    assert all(c["version"] == 0 for c in (await api.get("/api/reminders")).json()), "none saved"
    saved = await api.post(
        "/account/reminders", data=form | {"send_at": "06:45", "hearing_alert": ""}
    )
    assert saved.status_code == 303, saved.text
    choices = {c["kind"]: c for c in (await api.get("/api/reminders")).json()}
    assert choices["hearing_alert"]["enabled"] is False
    assert choices["daily_agenda"]["send_at"] == "06:45"

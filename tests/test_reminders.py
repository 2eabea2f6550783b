"""Same-day alerts by email through a real SMTP server (aiosmtpd on 127.0.0.1): a hearing in
the next 7 days reset, cancelled or moved reaches everyone on its case at once, says what the
calendar feed may say and nothing more, never more than once an hour per hearing; the outbox
loses nothing and doubles nothing when a worker dies mid-send."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import anyio.to_thread
import pytest
import time_machine

from docket.reminders.tables import OutboxMessage
from docket.reminders.worker import run_worker
from docket.settings import get_settings
from tests.conftest import FIXED_NOW, IS_POSTGRES, TEST_DATABASE_URL, People
from tests.smtp_server import Mailbox, full_text, smtp_server
from tests.test_notices_api import IDENTITY, MANILA, pair_url, setup_case, two_step
from tests.test_trip_plan_access import PLAN, RESTRICTED

pytestmark = pytest.mark.anyio


@pytest.fixture
def mail(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """A real SMTP server, and Docket's settings pointing at it."""
    with smtp_server() as mailbox:
        monkeypatch.setenv("DOCKET_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("DOCKET_SMTP_PORT", str(mailbox.port))
        monkeypatch.setenv("DOCKET_SMTP_STARTTLS", "0")
        monkeypatch.setenv("DOCKET_SMTP_FROM", "Docket <docket@prosecutors.test>")
        get_settings.cache_clear()
        try:
            yield mailbox
        finally:
            monkeypatch.undo()
            get_settings.cache_clear()


def tomorrow_at(hour: int) -> dt.datetime:
    day = FIXED_NOW.astimezone(MANILA).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), MANILA)


async def reset(people: People, hearing_id: int, starts: dt.datetime) -> dict[str, Any]:
    current = (await people.lawyer.get(f"/api/hearings/{hearing_id}")).json()
    answer = await people.lawyer.post(
        f"/api/hearings/{hearing_id}/outcome",
        json={
            "outcome": "reset",
            "version": current["version"],
            "reason": "The Dalisay household asked for time",
            "new_starts_at": starts.isoformat(),
            "new_ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
        },
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


async def move(people: People, hearing_id: int, **changes: object) -> None:
    current = (await people.lawyer.get(f"/api/hearings/{hearing_id}")).json()
    answer = await people.lawyer.patch(
        f"/api/hearings/{hearing_id}", json={"version": current["version"]} | changes
    )
    assert answer.status_code == 200, answer.text


async def case_team_emails(people: People) -> list[str]:
    from tests.test_notices_api import email_of

    return [
        await email_of(api.user_id) for api in (people.prosecutor, people.lawyer, people.advocate)
    ]


async def test_a_reset_reaches_each_person_on_the_case_once_without_the_survivors_identity(
    people: People, mail: Mailbox
) -> None:
    ids = await setup_case(people)
    advocate = await two_step(people, people.advocate)
    plan = await advocate.put(pair_url(ids, "preparation"), json=PLAN)
    assert plan.status_code == 200, plan.text

    await reset(people, ids["hearing_id"], tomorrow_at(14))
    assert await run_worker(once=True) == 3

    team = await case_team_emails(people)
    assert sorted(m["To"] for m in mail.received) == sorted(team)
    assert len(set(mail.message_ids())) == 3
    for message in mail.received:
        text = full_text(message)
        assert message["Subject"].strip().startswith("Hearing reset: Trial: CEB-2026-0999")
        # What the feed may show: the docket number (the caption shares the survivor's
        # family name), court, room, the new time in the court's zone, in words, and what to
        # prepare; and a link into Docket for the rest.
        assert "Wednesday 25 November 2026, 2:00 pm to 4:00 pm (Asia/Manila)" in text
        assert "RTC Branch 12, Cebu City" in text
        assert "Session Hall 3" in text
        assert "live-link TV" in text
        assert f"http://127.0.0.1:8000/hearings/{ids['hearing_id']}" in text
        # Never who the survivor is, the accused's name shared with her, or the trip plan.
        for secret in ("Dalisay", "Lani", IDENTITY["shelter"], "Rodrigo", *RESTRICTED):
            assert secret.casefold() not in text.casefold(), secret
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/reminders/")
        kinds = {part.get_content_type() for part in message.walk()}
        assert {"text/plain", "text/html"} <= kinds
    # Sent once: a second run finds nothing to send.
    assert await run_worker(once=True) == 0


async def test_changes_within_the_hour_fold_into_one_more_alert_after_the_hour(
    people: People, mail: Mailbox
) -> None:
    ids = await setup_case(people)
    await reset(people, ids["hearing_id"], tomorrow_at(14))
    assert await run_worker(once=True) == 3
    with time_machine.travel(FIXED_NOW + dt.timedelta(minutes=10), tick=True):
        await move(people, ids["hearing_id"], room="Session Hall 5")
        await move(people, ids["hearing_id"], mode="videoconference")
        assert await run_worker(once=True) == 0, "not twice within the hour"
    with time_machine.travel(FIXED_NOW + dt.timedelta(minutes=61), tick=True):
        assert await run_worker(once=True) == 3
    later = mail.received[3:]
    assert len(later) == 3
    for message in later:
        assert message["Subject"].strip().startswith("2 changes to a hearing")
        text = full_text(message)
        assert "Hearing moved to another room" in text
        assert "Hearing mode changed" in text
        assert "Session Hall 5" in text
        assert "Videoconference" in text


async def test_a_cancellation_alerts_but_a_change_weeks_away_does_not(
    people: People, mail: Mailbox
) -> None:
    ids = await setup_case(people)
    far = FIXED_NOW + dt.timedelta(days=30)
    await reset(people, ids["hearing_id"], far)
    assert await OutboxMessage.count() == 3, "the hearing was 5 days away: an alert"
    await run_worker(once=True)
    await reset(people, ids["hearing_id"], far + dt.timedelta(days=14))
    assert await OutboxMessage.count() == 3, "30 days away, moved to 44: the feeds suffice"
    await reset(people, ids["hearing_id"], tomorrow_at(9))
    current = (await people.lawyer.get(f"/api/hearings/{ids['hearing_id']}")).json()
    with time_machine.travel(FIXED_NOW + dt.timedelta(hours=2), tick=True):
        cancelled = await people.lawyer.post(
            f"/api/hearings/{ids['hearing_id']}/outcome",
            json={"outcome": "cancelled", "version": current["version"], "reason": "Typhoon"},
        )
        assert cancelled.status_code == 200, cancelled.text
        await run_worker(once=True)
    # The reset back to tomorrow waited out the hour after the first alert; the cancellation
    # folded into it, so the last word each person gets is that it is off.
    last = mail.received[3:]
    assert len(last) == 3
    for message in last:
        assert message["Subject"].strip().startswith("2 changes to a hearing: CANCELLED: Trial")
        text = full_text(message)
        assert "Hearing reset to Wednesday 25 November 2026, 9:00 am" in text
        assert "Hearing cancelled (changed Tuesday 24 November 2026, 12:00 pm" in text


async def test_a_hearing_struck_as_entered_by_mistake_is_announced_off(
    people: People, mail: Mailbox
) -> None:
    ids = await setup_case(people)
    current = (await people.lawyer.get(f"/api/hearings/{ids['hearing_id']}")).json()
    struck = await people.lawyer.post(
        f"/api/hearings/{ids['hearing_id']}/strike",
        json={"reason": "Entered twice", "version": current["version"]},
    )
    assert struck.status_code == 200, struck.text
    assert await run_worker(once=True) == 3
    for message in mail.received:
        subject = message["Subject"].strip()
        assert subject.startswith("Hearing cancelled (entered by mistake): CANCELLED: Trial")


async def test_a_refused_change_writes_no_alert(people: People, mail: Mailbox) -> None:
    ids = await setup_case(people)
    stale = await people.lawyer.post(
        f"/api/hearings/{ids['hearing_id']}/outcome",
        json={"outcome": "cancelled", "version": 99, "reason": "Typhoon"},
    )
    assert stale.status_code == 412
    assert await OutboxMessage.count() == 0
    assert await run_worker(once=True) == 0
    assert mail.received == []


async def test_a_busy_server_is_tried_again_later_and_a_refused_address_is_shown_failed(
    people: People, mail: Mailbox
) -> None:
    ids = await setup_case(people)
    await reset(people, ids["hearing_id"], tomorrow_at(14))
    mail.refuse_with = "451 4.3.0 Try again later"
    assert await run_worker(once=True) == 0
    rows = await OutboxMessage.select().order_by(OutboxMessage.id)
    assert [(r["status"], r["attempts"]) for r in rows] == [("pending", 1)] * 3
    assert all("Try again later" in r["last_error"] for r in rows)
    assert all(r["not_before"] >= FIXED_NOW + dt.timedelta(minutes=1) for r in rows)
    mail.refuse_with = None
    assert await run_worker(once=True) == 0, "not before its back-off is over"
    with time_machine.travel(FIXED_NOW + dt.timedelta(minutes=2), tick=True):
        assert await run_worker(once=True) == 3
    assert len(mail.received) == 3

    mail.refuse_with = "550 5.1.1 No such mailbox"
    with time_machine.travel(FIXED_NOW + dt.timedelta(hours=3), tick=True):
        await move(people, ids["hearing_id"], room="Session Hall 9")
        assert await run_worker(once=True) == 0
    failed = await OutboxMessage.select().where(OutboxMessage.status == "failed")
    assert len(failed) == 3, "a permanent refusal is not retried"
    assert all("No such mailbox" in r["last_error"] for r in failed)
    from docket.reminders.outbox import failed_messages

    assert len(await failed_messages()) == 3
    shown = await people.admin.get("/admin/outbox")
    assert shown.status_code == 200
    assert shown.text.count("No such mailbox") == 3
    assert "lawyer@docket.test" in shown.text
    assert (await people.prosecutor.get("/admin/outbox")).status_code == 403


def _worker(mailbox: Mailbox, *extra: str, lease: int = 600) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DOCKET_DATABASE_URL": TEST_DATABASE_URL,
        "DOCKET_SMTP_HOST": "127.0.0.1",
        "DOCKET_SMTP_PORT": str(mailbox.port),
        "DOCKET_SMTP_STARTTLS": "0",
        "DOCKET_OUTBOX_LEASE_SECONDS": str(lease),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "docket", "worker", "--poll", "0.2", *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def _column(name: str) -> list[Any]:
    """One column of every outbox row, read fresh (the workers are other processes)."""
    rows = await OutboxMessage.select(getattr(OutboxMessage, name)).order_by(OutboxMessage.id)
    return [r[name] for r in rows]


async def test_a_worker_killed_mid_send_loses_no_message_and_sends_none_twice(
    people: People, mail: Mailbox
) -> None:
    ids = await setup_case(people)
    await reset(people, ids["hearing_id"], tomorrow_at(14))
    written = set(await _column("message_id"))
    assert len(written) == 3

    mail.hold.set()
    first = _worker(mail)
    try:
        assert await anyio.to_thread.run_sync(mail.holding.wait, 30), "the worker began sending"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    mail.release()
    assert mail.received == []
    assert "sending" in await _column("status"), "the dead worker's messages were left mid-send"

    # On PostgreSQL a message left mid-send is taken again once its lease has run out (none,
    # here); on SQLite (one worker) a starting worker takes it back at once.
    second = _worker(mail, lease=0)
    try:
        await mail.wait_for(3)
    finally:
        second.terminate()
        second.wait(10)
    assert sorted(mail.message_ids()) == sorted(written), "each message once, none lost"
    assert await _column("status") == ["sent"] * 3


@pytest.mark.skipif(not IS_POSTGRES, reason="several workers run on PostgreSQL only")
async def test_two_workers_on_postgresql_never_send_one_message_twice(
    people: People, mail: Mailbox
) -> None:
    from docket.reminders.email import new_message_id

    recipient = people.prosecutor.user_id
    for n in range(60):
        await OutboxMessage.insert(
            OutboxMessage(
                kind="hearing_alert",
                recipient=recipient,
                to_address="prosecutor@docket.test",
                subject=f"Message {n}",
                text_body="text",
                html_body="<p>html</p>",
                message_id=new_message_id(),
                status="pending",
                not_before=FIXED_NOW,
                created_at=FIXED_NOW,
            )
        )
    mail.delay = 0.1  # 6 s in all: long enough that the two workers overlap
    workers = [_worker(mail), _worker(mail)]
    try:
        await mail.wait_for(60, within=60)
    finally:
        for process in workers:
            process.terminate()
            process.wait(10)
    assert len(mail.received) == 60
    assert len(set(mail.message_ids())) == 60
    claimed = set(await _column("claimed_by"))
    assert len(claimed) == 2, "both workers took a share"

"""The prosecutor's daily agenda: the next working day's hearings (court, room, mode, the
witnesses, the measures still to prepare) and the deadlines due by then or missed, written
into the outbox at the time each prosecutor chose, and only when there is something to say.

What it says of a hearing goes through the feeds' allow-list (docket.calendar.ics.feed_text):
the docket number for a caption that shares a survivor's family name, pseudonyms for survivor
witnesses, nothing of a sealed case but kind, court and time, and never a protected witness
(their being at court on a day is what the programme hides). A deadline shows its rule, the
docket number and the day, never an accused's name (it may be a survivor's family name).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

from docket.accounts.choices import Role
from docket.accounts.services import SYSTEM, Actor, system_actor
from docket.calendar.ics import MEASURE_LABELS, feed_text
from docket.cases.choices import WitnessKind
from docket.courts.zones import PHILIPPINES
from docket.db import fetch, write_tx
from docket.deadlines.services import deadlines_at_risk
from docket.deadlines.workdays import next_working_day
from docket.hearings.agenda import agenda
from docket.protection.choices import Measure
from docket.reminders import email
from docket.reminders.alerts import feed_hearing
from docket.reminders.choices import (
    DEFAULT_AGENDA_TIME,
    DEFAULT_ENABLED,
    OutboxStatus,
    ReminderKind,
)
from docket.settings import get_settings

log = logging.getLogger("docket.worker")

#: A prosecutor's agenda is reckoned in the Philippines' time (every court Docket serves is in
#: it; each hearing's own time is shown in its court's zone).
AGENDA_ZONE = ZoneInfo(PHILIPPINES)
#: Measures not yet arranged: the work left before the day.
STILL_TO_PREPARE = ("requested", "ordered")
#: Deadline statuses worth a line, and their words.
DEADLINE_WORDS = {"due_soon": "due", "overdue": "overdue since", "missed": "missed, it was due"}
#: When this worker last found a prosecutor's agenda for a day empty: it looks again after
#: LOOK_AGAIN (a hearing set this evening for tomorrow still makes an agenda), not every poll.
_NOTHING_TO_SAY: dict[tuple[int, dt.date], dt.datetime] = {}
LOOK_AGAIN = dt.timedelta(minutes=30)


def agenda_day(local_today: dt.date) -> dt.date:
    """The next working day after today (a Friday's agenda is Monday's)."""
    return next_working_day(local_today + dt.timedelta(days=1))


async def _prosecutors() -> list[dict[str, Any]]:
    """Active prosecutors with an address, and their choice of agenda (if any)."""
    return await fetch(
        "SELECT u.id, u.email, u.name, r.enabled, r.send_at FROM app_user u"
        ' LEFT JOIN reminder_choice r ON r."user" = u.id AND r.kind = ?'
        " WHERE u.role = ? AND u.active = ? AND u.email <> '' ORDER BY u.id",
        ReminderKind.DAILY_AGENDA.value,
        Role.PROSECUTOR.value,
        True,
    )


def _witness_lines(item: Any) -> list[str]:
    lines = []
    hidden = 0
    for witness in item.witnesses:
        if witness.protected:
            hidden += 1
            continue
        # A survivor witness is their pseudonym already (docket.hearings.agenda).
        who = witness.name
        if witness.agency and witness.kind != WitnessKind.SURVIVOR:
            who = f"{who} ({witness.agency})"
        todo = [
            MEASURE_LABELS[Measure(n.measure)]
            for n in witness.needs
            if n.status in STILL_TO_PREPARE and Measure(n.measure) in MEASURE_LABELS
        ]
        lines.append(
            f"Witness: {who}" + (f" — still to prepare: {', '.join(todo)}" if todo else "")
        )
    if hidden:
        lines.append(f"{hidden} more witness(es): see Docket")
    return lines


async def build_agenda(user: dict[str, Any], day: dt.date) -> dict[str, Any] | None:
    """What the prosecutor's agenda for `day` says, or None when it would say nothing."""
    start = dt.datetime.combine(day, dt.time(0), AGENDA_ZONE)
    person = Actor(
        id=user["id"], email=user["email"], name=user["name"], role=Role.PROSECUTOR, via=SYSTEM
    )
    page = await agenda(person, days=1, limit=200, now=start)
    hearings = []
    for item in page.items:
        hearing = await feed_hearing(item.hearing_id, None)
        text = feed_text(hearing)
        lines = [
            line
            for line in text.description.split("\n")
            if not line.startswith(("Open in Docket:", "When:"))
        ]
        if not hearing.sealed:
            lines += _witness_lines(item)
        hearings.append(
            {
                "when": email.when_in_words(
                    hearing.starts_at, hearing.ends_at, hearing.court_timezone
                ),
                "summary": text.summary,
                "lines": lines,
                "url": hearing.url,
            }
        )
    at_risk = await deadlines_at_risk(
        system_actor("daily agenda"), today=day, prosecutor_id=user["id"]
    )
    base_url = get_settings().base_url
    deadlines = [
        {
            "text": f"{a.deadline.title} — {a.docket_number}: "
            f"{DEADLINE_WORDS[a.deadline.status]} {email.day_in_words(a.deadline.due_on)}",
            "url": f"{base_url}/cases/{a.case_id}",
        }
        for a in at_risk.items
        if a.deadline.status in ("overdue", "missed")
        or (a.deadline.status == "due_soon" and a.deadline.due_on <= day)
    ]
    if not hearings and not deadlines:
        return None
    return {
        "headline": f"Your agenda for {email.day_in_words(day)}",
        "hearings": hearings,
        "deadlines": deadlines,
        "preferences_url": f"{base_url}/account/reminders",
        "unsubscribe_url": email.unsubscribe_url(user["id"], ReminderKind.DAILY_AGENDA),
    }


async def queue_due_digests(now: dt.datetime) -> int:
    """Write every daily agenda that is due now and not yet written; how many. Each is keyed
    by person and day (digest_key), so two workers never write one twice."""
    local = now.astimezone(AGENDA_ZONE)
    today = local.date()
    written = 0
    for user in await _prosecutors():
        enabled = (
            DEFAULT_ENABLED[ReminderKind.DAILY_AGENDA]
            if user["enabled"] is None
            else bool(user["enabled"])
        )
        send_at = user["send_at"] or DEFAULT_AGENDA_TIME
        if not enabled or local.strftime("%H:%M") < send_at:
            continue
        key = f"{ReminderKind.DAILY_AGENDA.value}:{user['id']}:{today.isoformat()}"
        looked = _NOTHING_TO_SAY.get((user["id"], today))
        if looked is not None and looked <= now < looked + LOOK_AGAIN:
            continue
        if await fetch("SELECT id FROM outbox_message WHERE digest_key = ?", key):
            continue
        day = agenda_day(today)
        try:
            context = await build_agenda(user, day)
        except ValueError as problem:
            # A row no court could mean (edited by hand): that agenda waits, the others go.
            log.warning("daily agenda of user %s not written: %s", user["id"], problem)
            continue
        if context is None:
            _NOTHING_TO_SAY[(user["id"], today)] = now
            continue
        plain, html = email.render("daily_agenda", context)
        async with write_tx():
            # Another worker may have written it meanwhile: the key's index keeps one.
            inserted = await fetch(
                "INSERT INTO outbox_message (kind, recipient, to_address, digest_key, subject,"
                " text_body, html_body, changes, message_id, status, not_before, attempts,"
                " claimed_by, last_error, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, 0, '', '', ?)"
                " ON CONFLICT (digest_key) DO NOTHING RETURNING id",
                ReminderKind.DAILY_AGENDA.value,
                user["id"],
                user["email"],
                key,
                context["headline"],
                plain,
                html,
                email.new_message_id(),
                OutboxStatus.PENDING.value,
                now,
                now,
            )
        written += len(inserted)
    return written

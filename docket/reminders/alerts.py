"""Same-day alerts: when a hearing in the next 7 days is reset, cancelled, or moved to another
time, court, room or mode, everyone on its case (members, the lead prosecutor, the survivors'
advocates; never a survivor) is written an email in the same transaction as the change.

At most one alert per person per hearing per hour. A change while that person's alert is still
waiting in the outbox folds into it (the waiting message is rewritten to the hearing as it now
stands, listing every change); a change within the hour after an alert went out is written as
the next alert, held until the hour is over, and later changes fold into that one. Folding
into the waiting message rather than dropping later changes means the last word a person gets
is always the hearing as it now stands.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from docket.calendar.ics import FeedHearing, feed_text
from docket.cases.names import caption_outside
from docket.courts.zones import zone_of
from docket.db import fetch, is_plausible
from docket.hearings.choices import HearingKind, HearingMode, HearingStatus
from docket.protection.choices import Measure, MeasureStatus
from docket.reminders import email
from docket.reminders.choices import DEFAULT_ENABLED, OutboxStatus, ReminderKind
from docket.reminders.tables import OutboxMessage
from docket.settings import get_settings

log = logging.getLogger("docket.reminders")

#: Hearings this close (before or after the change) are worth an email the same day; later
#: ones reach people's calendars through the feeds in time.
ALERT_WINDOW = dt.timedelta(days=7)
#: Never more than one alert per hearing per person in this time.
ALERT_SPACING = dt.timedelta(hours=1)
#: Measures still to prepare (the feeds show the same ones).
_TO_PREPARE = (MeasureStatus.REQUESTED, MeasureStatus.ORDERED, MeasureStatus.ARRANGED)

HEADLINES = {
    "reset": "Hearing reset",
    "cancelled": "Hearing cancelled",
    "struck": "Hearing cancelled (entered by mistake)",
    "time": "Hearing moved to another time",
    "court": "Hearing moved to another court",
    "room": "Hearing moved to another room",
    "mode": "Hearing mode changed",
}


async def feed_hearing(hearing_id: int, previous_starts_at: dt.datetime | None) -> FeedHearing:
    """The hearing as the allow-list sees it (docket.calendar.ics.FeedHearing): the only words
    of a hearing an email may carry."""
    row = (
        await fetch(
            "SELECT h.id, h.sequence, h.starts_at, h.ends_at, h.status, h.kind, h.mode, h.room,"
            " h.updated_at, c.docket_number, c.court_case_number, c.caption, c.hide_caption,"
            " c.caption_names_survivor, c.sealed, ct.name AS court_name,"
            " ct.address AS court_address, ct.timezone AS court_timezone"
            ' FROM hearing h JOIN court_case c ON c.id = h."case"'
            " JOIN court ct ON ct.id = h.court WHERE h.id = ?",
            hearing_id,
        )
    )[0]
    needs = await fetch(
        "SELECT DISTINCT measure FROM protection_need WHERE hearing = ? AND status IN (?, ?, ?)",
        hearing_id,
        *_TO_PREPARE,
    )
    return FeedHearing(
        uid_key=str(hearing_id),
        sequence=row["sequence"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        status=HearingStatus(row["status"]),
        kind=HearingKind(row["kind"]),
        docket_number=row["docket_number"],
        court_case_number=row["court_case_number"],
        caption=caption_outside(row),
        sealed=bool(row["sealed"]),
        court_name=row["court_name"],
        room=row["room"] or None,
        court_address=" ".join((row["court_address"] or "").split()),
        mode=HearingMode(row["mode"]),
        accommodations=sorted(Measure(n["measure"]) for n in needs),
        url=f"{get_settings().base_url}/hearings/{hearing_id}",
        last_modified=row["updated_at"],
        court_timezone=zone_of(row["court_timezone"]).key,
        # The day it was set before, never the reason: a reason may name a survivor's family.
        moved_from=previous_starts_at if row["status"] == HearingStatus.RESET else None,
    )


async def people_on_case(case_id: int) -> list[dict[str, Any]]:
    """Everyone on the case who can receive an email: its members (the lead prosecutor among
    them) and the advocates of its survivors. Survivors have no account and get nothing."""
    return await fetch(
        "SELECT id, email FROM app_user WHERE active = ? AND email <> '' AND id IN ("
        ' SELECT "user" FROM case_member WHERE "case" = ?'
        ' UNION SELECT advocate FROM survivor WHERE "case" = ? AND advocate IS NOT NULL)'
        " ORDER BY id",
        True,
        case_id,
        case_id,
    )


async def wanting(user_ids: list[int], kind: ReminderKind) -> set[int]:
    """Which of these people receive this kind of message (their choice, or the default)."""
    chosen = {
        r["user"]: bool(r["enabled"])
        for r in await fetch(
            'SELECT "user", enabled FROM reminder_choice WHERE kind = ?', kind.value
        )
    }
    return {u for u in user_ids if chosen.get(u, DEFAULT_ENABLED[kind])}


def _change_line(change: str, hearing: FeedHearing, now: dt.datetime) -> str:
    """One change in words, with when it was made, e.g. "Hearing reset to Thursday 26 November
    2026, 2:00 pm to 4:00 pm (Asia/Manila) (changed Tuesday 24 November 2026, 10:00 am)"."""
    zone = hearing.court_timezone
    at = email.when_in_words(now, now + dt.timedelta(minutes=1), zone).split(" to ")[0]
    if change in ("reset", "time"):
        when = email.when_in_words(hearing.starts_at, hearing.ends_at, zone)
        return f"{HEADLINES[change]} to {when} (changed {at})"
    return f"{HEADLINES[change]} (changed {at})"


def _content(
    hearing: FeedHearing, changes: list[str], last_change: str, recipient_id: int
) -> tuple[str, str, str]:
    text = feed_text(hearing)
    headline = (
        HEADLINES[last_change] if len(changes) == 1 else f"{len(changes)} changes to a hearing"
    )
    when = email.when_in_words(hearing.starts_at, hearing.ends_at, hearing.court_timezone)
    context = {
        "headline": headline,
        "changes": changes,
        "summary": text.summary,
        # The feed's description, its link line left for the template's own.
        "lines": [f"When: {when}"]
        + [
            line
            for line in text.description.split("\n")
            if not line.startswith(("Open in Docket:", "When:"))
        ],
        "url": hearing.url,
        "unsubscribe_url": email.unsubscribe_url(recipient_id, ReminderKind.HEARING_ALERT),
    }
    plain, html = email.render("hearing_alert", context)
    return f"{headline}: {text.summary}"[:300], plain, html


async def queue_hearing_alerts(
    case_id: int,
    hearing_id: int,
    kinds_of_change: list[str],
    previous_starts_at: dt.datetime,
    now: dt.datetime,
) -> int:
    """Write the alerts of one change of a hearing into the outbox, inside the caller's write
    transaction (so that the change and its alerts commit together, or neither does). How
    many people it reached (new or folded)."""
    try:
        hearing = await feed_hearing(hearing_id, previous_starts_at)
    except ValueError as problem:
        # A row no feed could show either (edited by hand): the change itself still goes
        # through; the log names the hearing only, and its page shows what needs attention.
        log.warning("no alert for hearing %s: %s", hearing_id, problem)
        return 0
    soon = now + ALERT_WINDOW
    if not any(
        is_plausible(at) and now <= at <= soon for at in (previous_starts_at, hearing.starts_at)
    ):
        return 0
    people = await people_on_case(case_id)
    wanted = await wanting([p["id"] for p in people], ReminderKind.HEARING_ALERT)
    lines = [_change_line(change, hearing, now) for change in kinds_of_change]
    reached = 0
    for person in people:
        if person["id"] not in wanted:
            continue
        reached += 1
        last = await fetch(
            "SELECT id, status, changes, sent_at, claimed_at, not_before FROM outbox_message"
            " WHERE kind = ? AND hearing = ? AND recipient = ? ORDER BY id DESC LIMIT 1",
            ReminderKind.HEARING_ALERT.value,
            hearing_id,
            person["id"],
        )
        if last and last[0]["status"] == OutboxStatus.PENDING:
            changes = [*json.loads(last[0]["changes"]), *lines]
            subject, plain, html = _content(hearing, changes, kinds_of_change[-1], person["id"])
            # Only while it still waits: a worker may have taken it meanwhile (PostgreSQL),
            # and then this change goes in the next alert instead of being lost.
            folded = await fetch(
                "UPDATE outbox_message SET subject = ?, text_body = ?, html_body = ?,"
                " changes = ?, to_address = ? WHERE id = ? AND status = ? RETURNING id",
                subject,
                plain,
                html,
                json.dumps(changes),
                person["email"],
                last[0]["id"],
                OutboxStatus.PENDING,
            )
            if folded:
                continue
        not_before = now
        if last and last[0]["status"] != OutboxStatus.FAILED:
            went = last[0]["sent_at"] or last[0]["claimed_at"] or last[0]["not_before"]
            not_before = max(now, went + ALERT_SPACING)
        subject, plain, html = _content(hearing, lines, kinds_of_change[-1], person["id"])
        await OutboxMessage.insert(
            OutboxMessage(
                kind=ReminderKind.HEARING_ALERT.value,
                recipient=person["id"],
                to_address=person["email"],
                hearing=hearing_id,
                subject=subject,
                text_body=plain,
                html_body=html,
                changes=json.dumps(lines),
                message_id=email.new_message_id(),
                status=OutboxStatus.PENDING,
                not_before=not_before,
                created_at=now,
            )
        )
    return reached

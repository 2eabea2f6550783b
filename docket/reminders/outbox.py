"""The outbox: each message taken by exactly one worker, sent, and its delivery or failure
recorded; retried with back-off; never lost when a worker dies mid-send.

Taking a message is one statement that marks it "sending" and returns it: on PostgreSQL the
rows are chosen `FOR UPDATE SKIP LOCKED`, so several workers each take different messages; on
SQLite the statement runs in an IMMEDIATE transaction (the one write lock), and one worker runs.
A message's Message-ID is fixed when it is written, so a retry after a crash is the same message.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from typing import Any

import aiosmtplib

from docket.db import fetch, in_list, is_sqlite, utc_now, write_tx
from docket.reminders import email
from docket.reminders.choices import OutboxStatus
from docket.settings import get_settings

log = logging.getLogger("docket.worker")

#: After this many tries a message is given up on (and shown to admins as failed).
MOST_ATTEMPTS = 8
#: The wait before the n-th retry doubles from a minute, up to an hour.
FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=1)
#: Messages one worker takes at a time.
BATCH = 20


def worker_name() -> str:
    """This worker, as written in the rows it takes: host, process and a random part."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def retry_wait(attempts: int) -> dt.timedelta:
    wait: dt.timedelta = FIRST_RETRY * 2 ** max(attempts - 1, 0)
    return min(wait, LONGEST_WAIT)


async def take(worker: str, now: dt.datetime, limit: int = BATCH) -> list[dict[str, Any]]:
    """Mark up to `limit` messages that are due as this worker's and return them: pending ones
    whose time has come, and ones a dead worker left "sending" past the lease."""
    lease_ends = now - dt.timedelta(seconds=get_settings().outbox_lease_seconds)
    lock = "" if is_sqlite() else " FOR UPDATE SKIP LOCKED"
    async with write_tx():
        taken = await fetch(
            "UPDATE outbox_message SET status = ?, claimed_at = ?, claimed_by = ?,"
            " attempts = attempts + 1"
            " WHERE id IN (SELECT id FROM outbox_message"
            "  WHERE (status = ? AND not_before <= ?) OR (status = ? AND claimed_at < ?)"
            f"  ORDER BY not_before, id LIMIT ?{lock})"
            " RETURNING id",
            OutboxStatus.SENDING,
            now,
            worker,
            OutboxStatus.PENDING,
            now,
            OutboxStatus.SENDING,
            lease_ends,
            limit,
        )
        if not taken:
            return []
        # Read back through a SELECT: SQLite gives RETURNING's columns no declared type, so
        # its times would come back as text.
        where, params = in_list("id", [r["id"] for r in taken])
        return await fetch(f"SELECT * FROM outbox_message WHERE {where} ORDER BY id", *params)


async def take_back_abandoned(now: dt.datetime) -> int:
    """On SQLite (one worker): every message left "sending" was left by a worker that died,
    so a starting worker takes them back at once instead of waiting out the lease."""
    if not is_sqlite():
        return 0
    async with write_tx():
        rows = await fetch(
            "UPDATE outbox_message SET status = ?, not_before = ? WHERE status = ? RETURNING id",
            OutboxStatus.PENDING,
            now,
            OutboxStatus.SENDING,
        )
    return len(rows)


async def _settle(row: dict[str, Any], worker: str, changes: dict[str, Any]) -> None:
    """Record what became of a message this worker took (nothing, if another took it since)."""
    names = list(changes)
    async with write_tx():
        await fetch(
            "UPDATE outbox_message SET "
            + ", ".join(f"{name} = ?" for name in names)
            + " WHERE id = ? AND claimed_by = ? AND status = ? RETURNING id",
            *(changes[name] for name in names),
            row["id"],
            worker,
            OutboxStatus.SENDING,
        )


def _permanent(error: Exception) -> bool:
    """A refusal the server will repeat (5xx: unknown mailbox, refused sender): a bounce."""
    code = getattr(error, "code", None)
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        codes = [getattr(r, "code", 0) for r in error.recipients]
        return bool(codes) and all(500 <= c < 600 for c in codes)
    return isinstance(code, int) and 500 <= code < 600


async def send_one(row: dict[str, Any], worker: str) -> bool:
    """Send one message this worker took and record the outcome; True when it was sent."""
    try:
        await email.send(email.build_message(row))
    except (aiosmtplib.SMTPException, OSError) as error:
        now = utc_now()
        problem = f"{type(error).__name__}: {error}"[:1000]
        given_up = _permanent(error) or row["attempts"] >= MOST_ATTEMPTS
        log.warning(
            "outbox message %s not sent (attempt %s%s)",
            row["id"],
            row["attempts"],
            ", given up" if given_up else "",
        )
        await _settle(
            row,
            worker,
            {
                "status": OutboxStatus.FAILED if given_up else OutboxStatus.PENDING,
                "not_before": now + retry_wait(row["attempts"]),
                "last_error": problem,
            },
        )
        return False
    await _settle(row, worker, {"status": OutboxStatus.SENT, "sent_at": utc_now()})
    return True


async def send_due(worker: str) -> int:
    """Send every message that is due, batch after batch; how many were sent."""
    sent = 0
    if not get_settings().smtp_host:
        return 0
    while True:
        rows = await take(worker, utc_now())
        if not rows:
            return sent
        for row in rows:
            sent += await send_one(row, worker)


async def failed_messages(limit: int = 100) -> list[dict[str, Any]]:
    """The messages given up on, newest first (for admins)."""
    return await fetch(
        "SELECT id, kind, to_address, attempts, last_error, created_at FROM outbox_message"
        " WHERE status = ? ORDER BY id DESC LIMIT ?",
        OutboxStatus.FAILED,
        limit,
    )


async def waiting_count() -> int:
    """How many messages wait to be sent (or are being sent)."""
    rows = await fetch(
        "SELECT COUNT(*) AS n FROM outbox_message WHERE status IN (?, ?)",
        OutboxStatus.PENDING,
        OutboxStatus.SENDING,
    )
    return int(rows[0]["n"])

"""`docket worker`: sends the outbox, and writes the digests that are due into it."""

from __future__ import annotations

import asyncio
import logging

from docket.db import utc_now
from docket.reminders.outbox import send_due, take_back_abandoned, worker_name
from docket.settings import get_settings

log = logging.getLogger("docket.worker")


async def run_worker(*, poll_seconds: float = 5.0, once: bool = False) -> int:
    """Send what is due every `poll_seconds` until stopped (or once, with `once`); how many
    messages were sent."""
    name = worker_name()
    taken_back = await take_back_abandoned(utc_now())
    if taken_back:
        log.warning(
            "%s message(s) left mid-send by a stopped worker will be sent again", taken_back
        )
    if not get_settings().smtp_host:
        log.warning("DOCKET_SMTP_HOST is not set: messages wait in the outbox until it is")
    sent = 0
    while True:
        from docket.reminders.digests import queue_due_digests

        await queue_due_digests(utc_now())
        sent += await send_due(name)
        if once:
            return sent
        await asyncio.sleep(poll_seconds)

"""Digests (the daily agenda) written into the outbox when they are due."""

from __future__ import annotations

import datetime as dt


async def queue_due_digests(now: dt.datetime) -> int:
    """Write every digest that is due now and not yet written; how many."""
    del now
    return 0

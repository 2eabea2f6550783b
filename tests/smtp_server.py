"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the reminder tests: it keeps every message it
accepted, and can be told to hold a message in the middle of DATA (never answering 250), the
moment a worker is killed in the crash test."""

from __future__ import annotations

import contextlib
import email
import email.policy
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.conftest import free_port


@dataclass
class Mailbox:
    """What the server accepted, in order."""

    received: list[EmailMessage] = field(default_factory=list)
    #: While set, DATA is held unanswered (the sender never hears 250) and nothing is kept.
    hold: threading.Event = field(default_factory=threading.Event)
    #: Set when a message is being held.
    holding: threading.Event = field(default_factory=threading.Event)
    port: int = 0
    _released: threading.Event = field(default_factory=threading.Event)
    #: When set, every message is answered this instead of being accepted (e.g. "451 ..." for
    #: a server that is busy, "550 ..." for a mailbox that does not exist).
    refuse_with: str | None = None
    #: Seconds each message takes to accept (a slow server, so that workers overlap).
    delay: float = 0.0

    def release(self) -> None:
        """Stop holding messages (a held one is answered 451: it was never accepted)."""
        self.hold.clear()
        self._released.set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        import asyncio

        if self.hold.is_set():
            self.holding.set()
            # Held until the test lets go (a threading.Event: the test is another thread).
            await asyncio.to_thread(self._released.wait)
            # The sender was gone by now: a message never answered 250 was never accepted.
            return "451 Requested action aborted"
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse_with is not None:
            return self.refuse_with
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(parsed)
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        return [str(m["Message-ID"]) for m in self.received]

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.received if m["To"] == address]

    async def wait_for(self, count: int, within: float = 30) -> None:
        """Until `count` messages arrived, then a moment more, in which a message sent twice
        would arrive too."""
        import asyncio

        deadline = time.monotonic() + within
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.received)} of {count} messages arrived")
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)


def full_text(message: EmailMessage) -> str:
    """Every header and every part of a message, decoded: what a search for a name must find."""
    parts = [f"{k}: {v}" for k, v in message.items()]
    for part in message.walk():
        if not part.is_multipart():
            parts.append(str(part.get_content()))
    return "\n".join(parts)


@contextlib.contextmanager
def smtp_server() -> Iterator[Mailbox]:
    mailbox = Mailbox(port=free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        mailbox.release()
        controller.stop()

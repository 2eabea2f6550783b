"""Work that must not run on the event loop (argon2, PDF rendering) runs in worker threads, a
few at a time: each such job takes most of a core and much memory, so more than the machine's
cores at once only makes every one of them slower."""

from __future__ import annotations

import asyncio
import weakref

import anyio


class LoopLimiter:
    """A capacity limiter of `slots` per event loop (anyio's limiters belong to the loop they
    were made in, and tests run each in its own loop)."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._by_loop: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, anyio.CapacityLimiter
        ] = weakref.WeakKeyDictionary()

    def __call__(self) -> anyio.CapacityLimiter:
        loop = asyncio.get_running_loop()
        limiter = self._by_loop.get(loop)
        if limiter is None:
            limiter = self._by_loop[loop] = anyio.CapacityLimiter(self.slots)
        return limiter

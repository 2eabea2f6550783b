"""GET /api/health: answers without login, for monitors and load balancers."""

from __future__ import annotations

import msgspec
from litestar import get

from docket.db import engine


class Health(msgspec.Struct, kw_only=True):
    status: str
    database: str


@get("/api/health", opt={"public": True}, tags=["health"], summary="Is Docket up")
async def health() -> Health:
    """ "ok" when the server answers and its database answers a query."""
    db = engine()
    await db.run_ddl("SELECT 1")
    return Health(status="ok", database=db.engine_type)

"""GET /api/agenda: my hearings in the coming days, with witnesses and measures to prepare."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import QueryParameter

from docket.accounts.services import Actor
from docket.api import Limit, errors
from docket.hearings.agenda import agenda
from docket.hearings.agenda_schemas import AgendaPage
from docket.params import NamedDependency

Days = Annotated[
    int,
    QueryParameter(ge=1, le=62, required=False, description="How many days ahead (1-62)"),
]


class AgendaController(Controller):
    path = "/api/agenda"
    tags = ["hearings"]

    @get("/", responses=errors(), summary="My coming hearings and what to prepare")
    async def agenda(
        self, actor: NamedDependency[Actor], days: Days = 14, limit: Limit = 200
    ) -> AgendaPage:
        """The hearings of the cases I am on (lead or member) from now to `days` ahead,
        soonest first: court, room, time and kind, the witnesses expected, and each one's
        protection measures (survivors by pseudonym only)."""
        return await agenda(actor, days=days, limit=limit)

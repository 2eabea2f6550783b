"""JSON routes of the statute catalogue. Thin: services do the work."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import PathParameter, QueryParameter

from docket.accounts.services import Actor
from docket.api import errors
from docket.params import NamedDependency
from docket.statutes import services
from docket.statutes.schemas import StatutePage, StatuteRead

StatuteQuery = Annotated[
    str | None,
    QueryParameter(
        max_length=100,
        required=False,
        description='Part of a code, statute, section or title, e.g. "ra9208" or "grooming"',
    ),
]
StatuteCode = Annotated[
    str,
    PathParameter(
        min_length=1,
        max_length=30,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$",
        description='A catalogue code, e.g. "TIP-6"',
    ),
]


class StatuteController(Controller):
    path = "/api/statutes"
    tags = ["statutes"]

    @get("/", responses=errors(), summary="List or search the statute catalogue")
    async def list_statutes(
        self, actor: NamedDependency[Actor], q: StatuteQuery = None
    ) -> StatutePage:
        """The charges Docket knows, each with its penalty, bail, prescription and source."""
        items = services.list_statutes(q)
        return StatutePage(items=items, total=len(items))

    @get("/{code:str}", responses=errors(404), summary="Read one charge of the catalogue")
    async def get_statute(self, actor: NamedDependency[Actor], code: StatuteCode) -> StatuteRead:
        return services.get_statute(code)

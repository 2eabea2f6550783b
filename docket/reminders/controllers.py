"""Routes of reminders: each person's choices under /api/reminders, and the one-click
unsubscribe link of every email (no login: its signed token is the proof, RFC 8058)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post, put
from litestar.response import Template

from docket.accounts.services import Actor
from docket.api import errors
from docket.errors import NotFound
from docket.params import FromPath, JSONBody, NamedDependency
from docket.reminders import services
from docket.reminders.choices import KIND_LABELS
from docket.reminders.email import read_unsubscribe_token
from docket.reminders.schemas import ReminderChoiceRead, ReminderChoiceUpdate

#: The unsubscribe page: never cached, never indexed, and it sends no Referer with its token.
UNSUBSCRIBE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


class ReminderController(Controller):
    path = "/api/reminders"
    tags = ["reminders"]

    @get("/", responses=errors(), summary="List my reminder choices")
    async def list_choices(self, actor: NamedDependency[Actor]) -> list[ReminderChoiceRead]:
        """Every kind of email your role may receive, on or off, with the daily agenda's time;
        version 0 means you have not chosen yet and the default (on) applies."""
        return await services.list_choices(actor)

    @put("/{kind:str}", responses=errors(404, 412), summary="Choose one kind of reminder")
    async def update_choice(
        self,
        actor: NamedDependency[Actor],
        kind: FromPath[str],
        data: JSONBody[ReminderChoiceUpdate],
    ) -> ReminderChoiceRead:
        """Turn a kind on or off, and set the daily agenda's time ("HH:MM", the court's zone).
        Send the version you saw (0 if you never chose): a stale one answers 412."""
        return await services.update_choice(actor, kind, data)


def _page(token: str, *, done: bool, status_code: int = 200) -> Template:
    read = read_unsubscribe_token(token)
    if read is None:
        raise NotFound("unsubscribe link")
    return Template(
        template_name="pages/unsubscribe.html",
        context={"label": KIND_LABELS[read[1]], "token": token, "done": done},
        headers=UNSUBSCRIBE_HEADERS,
        status_code=status_code,
    )


@get(
    "/reminders/unsubscribe/{token:str}",
    opt={"public": True},
    tags=["reminders"],
    summary="The unsubscribe page of an email's link",
    include_in_schema=False,
)
async def unsubscribe_page(token: FromPath[str]) -> Template:
    """Shows what the link turns off, with a button; opening it changes nothing (mail
    scanners open links)."""
    return _page(token, done=False)


@post(
    "/reminders/unsubscribe/{token:str}",
    opt={"public": True, "csrf_exempt": True},
    tags=["reminders"],
    summary="Unsubscribe from one kind of email (RFC 8058 one-click)",
    responses=errors(404),
)
async def unsubscribe(request: Request[Any, Any, Any], token: FromPath[str]) -> Template:
    """A mail reader posts List-Unsubscribe=One-Click here; the page's button does the same.
    Only this changes the choice. A link Docket did not sign answers 404."""
    await services.unsubscribe(token)
    del request
    return _page(token, done=True)

"""My reminders (/account/reminders): which emails I receive and when my daily agenda comes.
The same services as /api/reminders."""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.errors import InvalidInput, StaleEdit
from docket.reminders import services
from docket.reminders.choices import ReminderKind
from docket.reminders.outbox import failed_messages, waiting_count
from docket.reminders.schemas import ReminderChoiceUpdate
from docket.web.forms import field_errors
from docket.web.page import render, see_other, signed_in


class RemindersForm(msgspec.Struct, kw_only=True):
    """The whole form: a checkbox per kind (absent when unticked), the agenda's time, and the
    versions the page was drawn at."""

    hearing_alert: str = ""
    daily_agenda: str = ""
    send_at: str = ""
    hearing_alert_version: str = "0"
    daily_agenda_version: str = "0"


_FIELDS = {"send_at": ("send_at", "Time of the daily agenda")}


async def _page(
    request: Request[Any, Any, Any],
    *,
    form: RemindersForm | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    choices = await services.list_choices(signed_in(request))
    return render(
        request,
        "pages/reminders.html",
        status_code=status_code,
        choices=choices,
        form=form,
        errors=errors or {},
    )


@get("/account/reminders")
async def reminders_page(request: Request[Any, Any, Any]) -> Template:
    return await _page(request)


def _version(text: str) -> int:
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else -1


@post("/account/reminders")
async def reminders_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[RemindersForm]
) -> Template | Redirect:
    actor = signed_in(request)
    kinds = {c.kind for c in await services.list_choices(actor)}
    updates: dict[ReminderKind, ReminderChoiceUpdate] = {}
    try:
        for kind in kinds:
            changes: dict[str, Any] = {"enabled": bool(getattr(data, kind.value))}
            if kind == ReminderKind.DAILY_AGENDA:
                changes["send_at"] = data.send_at.strip()
            try:
                update = msgspec.convert(
                    {"version": _version(getattr(data, f"{kind.value}_version"))} | changes,
                    ReminderChoiceUpdate,
                )
            except msgspec.ValidationError as error:
                field = "send_at" if "send_at" in str(error) else "version"
                message = (
                    "write the time as HH:MM, e.g. 17:30"
                    if field == "send_at"
                    else "reload the page"
                )
                raise InvalidInput.field(field, message) from None
            updates[kind] = update
        await services.update_choices(actor, updates)
    except InvalidInput as error:
        errors = field_errors(error.errors, _FIELDS, "send_at")
        return await _page(request, form=data, errors=errors, status_code=400)
    except StaleEdit:
        return await _page(
            request,
            form=data,
            errors={
                "send_at": "Your reminders were changed elsewhere meanwhile; "
                "check them and save again."
            },
            status_code=412,
        )
    return see_other("/account/reminders", done="reminders-saved")


@get("/admin/outbox")
async def outbox_page(request: Request[Any, Any, Any]) -> Template:
    """For admins: the emails the worker gave up on (an address the mail server refused, or
    eight failed tries) with the server's answer, and how many wait to be sent."""
    return render(
        request,
        "pages/admin/outbox.html",
        failed=await failed_messages(),
        waiting=await waiting_count(),
    )

"""Writing a case note from the pages: on the case, one of its hearings or one of its survivors.

``/cases/{id}/notes/new`` (``?hearing_id=`` or ``?survivor_id=`` for what it is about) posts
through the same service as ``POST /api/cases/{id}/notes``, so the same checks run: a team note
that names a survivor is shown again with the error next to the words and the words kept. A
restricted note is offered only on a survivor's note, to that survivor's advocate and the case's
lead prosecutor. After saving, the browser goes back to the page the note is about.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.accounts.choices import Role
from docket.cases import services as cases
from docket.cases.progress import court_today
from docket.errors import InvalidInput
from docket.notes.choices import NoteVisibility
from docket.notes.schemas import NoteCreate, NoteRead
from docket.notes.services import add_note, list_notes
from docket.params import FromPath, PathId, QueryId
from docket.web.forms import convert, field_errors, optional_date, whole_number
from docket.web.page import render, see_other, signed_in

#: The notes a page lists (the newest first).
SHOWN = 100


class NoteForm(msgspec.Struct, kw_only=True):
    noted_on: str = ""
    text: str = ""
    visibility: str = "team"
    hearing_id: str = ""
    survivor_id: str = ""


_NOTE_FIELDS = {
    "noted_on": ("noted_on", "Day"),
    "text": ("text", "Note"),
    "visibility": ("visibility", "Who may read it"),
    "hearing_id": ("text", "Hearing"),
    "survivor_id": ("visibility", "Survivor"),
}


async def notes_about(
    request: Request[Any, Any, Any],
    case_id: int,
    *,
    hearing_id: int | None = None,
    survivor_id: int | None = None,
) -> list[NoteRead]:
    """The notes a page shows: those this person may read."""
    found, _ = await list_notes(
        signed_in(request),
        case_id,
        hearing_id=hearing_id,
        survivor_id=survivor_id,
        limit=SHOWN,
        offset=0,
    )
    return found


async def _may_restrict(request: Request[Any, Any, Any], survivor_id: int | None) -> bool:
    if survivor_id is None:
        return False
    actor = signed_in(request)
    if not actor.mfa:
        return False  # restricted notes need two-step login (docket.notes.services)
    survivor = await cases.get_survivor(actor, survivor_id)
    if actor.role == Role.ADVOCATE:
        return survivor.advocate_id == actor.id
    if actor.role == Role.PROSECUTOR:
        case = await cases.get_case(actor, survivor.case_id)
        return case.lead_prosecutor_id == actor.id
    return False


def _back(case_id: int, form: NoteForm) -> str:
    if form.hearing_id.strip():
        return f"/hearings/{form.hearing_id.strip()}#notes"
    if form.survivor_id.strip():
        return f"/survivors/{form.survivor_id.strip()}#notes"
    return f"/cases/{case_id}#notes"


async def _note_form(
    request: Request[Any, Any, Any],
    case_id: int,
    form: NoteForm,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    case = await cases.get_case(actor, case_id)
    survivor_id = int(form.survivor_id) if form.survivor_id.strip().isdigit() else None
    return render(
        request,
        "pages/note_form.html",
        status_code=status_code,
        case=case,
        form=form,
        errors=errors or {},
        may_restrict=await _may_restrict(request, survivor_id),
        back=_back(case_id, form),
    )


@get("/cases/{case_id:int}/notes/new")
async def new_note_form(
    request: Request[Any, Any, Any],
    case_id: FromPath[PathId],
    hearing_id: QueryId = None,
    survivor_id: QueryId = None,
) -> Template:
    form = NoteForm(
        noted_on=court_today().isoformat(),
        hearing_id=str(hearing_id or ""),
        survivor_id=str(survivor_id or ""),
    )
    return await _note_form(request, case_id, form)


@post("/cases/{case_id:int}/notes/new")
async def new_note_submit(
    request: Request[Any, Any, Any], case_id: FromPath[PathId], data: URLEncodedBody[NoteForm]
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        note = convert(
            {
                "noted_on": optional_date(data.noted_on, "noted_on") or court_today(),
                "text": data.text,
                "visibility": data.visibility or NoteVisibility.TEAM,
                "hearing_id": whole_number(data.hearing_id, "hearing_id")
                if data.hearing_id.strip()
                else None,
                "survivor_id": whole_number(data.survivor_id, "survivor_id")
                if data.survivor_id.strip()
                else None,
            },
            NoteCreate,
        )
        await add_note(actor, case_id, note)
    except InvalidInput as error:
        errors = field_errors(error.errors, _NOTE_FIELDS, "text")
        return await _note_form(request, case_id, data, errors=errors, status_code=400)
    return see_other(_back(case_id, data), done="note")

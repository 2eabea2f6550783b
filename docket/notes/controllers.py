"""JSON routes for case notes. Thin: docket.notes.services does the work."""

from __future__ import annotations

from litestar import Controller, get, patch, post

from docket.accounts.services import Actor
from docket.api import IfMatch, Limit, Offset, errors
from docket.editing import expected_version
from docket.notes import services
from docket.notes.schemas import NoteCreate, NotePage, NoteRead, NoteStrike, NoteUpdate
from docket.params import JSONBody, NamedDependency, PathId, QueryId


class CaseNoteController(Controller):
    path = "/api/cases/{case_id:int}/notes"
    tags = ["notes"]

    @get("/", responses=errors(404), summary="List a case's notes")
    async def list_notes(
        self,
        actor: NamedDependency[Actor],
        case_id: PathId,
        hearing_id: QueryId = None,
        survivor_id: QueryId = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> NotePage:
        """The notes you may read, newest day first: team notes, and the restricted notes of
        the survivors you are the advocate of (all of the case's for its lead prosecutor).
        Struck notes are listed with who struck them and why."""
        items, total = await services.list_notes(
            actor,
            case_id,
            hearing_id=hearing_id,
            survivor_id=survivor_id,
            limit=limit,
            offset=offset,
        )
        return NotePage(items=items, total=total)

    @post("/", responses=errors(404), summary="Write a note on a case, hearing or survivor")
    async def add_note(
        self, actor: NamedDependency[Actor], case_id: PathId, data: JSONBody[NoteCreate]
    ) -> NoteRead:
        """A team note is refused (400, ``text``) when it carries a survivor's identity; a
        restricted note names its survivor and is written by the survivor's advocate or the
        case's lead prosecutor, the two who read it."""
        return await services.add_note(actor, case_id, data)


class NoteController(Controller):
    path = "/api/notes"
    tags = ["notes"]

    @get("/{note_id:int}", responses=errors(404), summary="Read a note")
    async def get_note(self, actor: NamedDependency[Actor], note_id: PathId) -> NoteRead:
        return await services.get_note(actor, note_id)

    @patch("/{note_id:int}", responses=errors(404, 409, 412), summary="Change a note")
    async def update_note(
        self,
        actor: NamedDependency[Actor],
        note_id: PathId,
        data: JSONBody[NoteUpdate],
        if_match: IfMatch = None,
    ) -> NoteRead:
        """Send the version you read (``version`` or ``If-Match``); a struck note is 409."""
        version = expected_version(data.version, if_match)
        return await services.update_note(actor, note_id, data, version)

    @post(
        "/{note_id:int}/strike",
        status_code=200,
        responses=errors(404, 409, 412),
        summary="Strike a note written by mistake (kept, with who and why)",
    )
    async def strike_note(
        self,
        actor: NamedDependency[Actor],
        note_id: PathId,
        data: JSONBody[NoteStrike],
        if_match: IfMatch = None,
    ) -> NoteRead:
        version = expected_version(data.version, if_match)
        return await services.strike_note(actor, note_id, data, version)

"""Case notes: write, read, change and strike them; never delete.

A team note is read by everyone on the case and shown in its chronology, so its words go
through the free-text guard (docket.cases.free_text) on every write: one that carries a
survivor's identity is refused, naming the field. A restricted note is about one survivor and
is read only by that survivor's advocate and the case's lead prosecutor
(docket.cases.identity.may_know_identity); its words are sealed at rest as the trip plan's are
(docket.cases.sealing), and its audit records say that the words changed, never what they are.
To anyone else a restricted note does not exist (404, and left out of lists); the two
themselves read and write it only after a two-step login (403 otherwise), as the trip plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar.exceptions import PermissionDeniedException
from piccolo.columns import Column

from docket.accounts.choices import Role
from docket.accounts.services import SYSTEM, Actor
from docket.audit.services import record
from docket.cases.access import leads_case
from docket.cases.free_text import check_free_text
from docket.cases.identity import may_know_identity
from docket.cases.progress import check_event_date
from docket.cases.sealing import open_bytes, seal_bytes
from docket.cases.services import require_case
from docket.cases.tables import Survivor
from docket.db import engine, is_sqlite, utc_now, write_tx
from docket.editing import fetch_one, insert_one, update_one
from docket.errors import Conflict, InvalidInput, NotFound, StaleEdit
from docket.hearings.tables import Hearing
from docket.notes.choices import NoteVisibility
from docket.notes.schemas import NoteCreate, NoteRead, NoteStrike, NoteUpdate
from docket.notes.tables import CaseNote

#: Why one of the two may not read or write a restricted note yet.
NO_SECOND_FACTOR = (
    "Restricted notes need two-step login, as a survivor's identity and trip plan do: set it "
    "up, then log in again with the code from your app"
)
#: What the audit trail holds in place of a restricted note's words.
SEALED_WORDS = "[restricted note: words sealed]"


def _bound_to(note_id: int) -> str:
    return f"case_note:{note_id}"


def _words(row: dict[str, Any]) -> str:
    if row["visibility"] != NoteVisibility.RESTRICTED:
        return str(row["text"])
    if not row["sealed"]:
        return ""
    return open_bytes(_bound_to(row["id"]), row["sealed"], row["key_id"]).decode()


def _read(row: dict[str, Any], pseudonyms: dict[int, str]) -> NoteRead:
    return NoteRead(
        id=row["id"],
        case_id=row["case"],
        hearing_id=row["hearing"],
        survivor_id=row["survivor"],
        survivor_pseudonym=pseudonyms.get(row["survivor"]) if row["survivor"] else None,
        noted_on=row["noted_on"],
        visibility=NoteVisibility(row["visibility"]),
        text=_words(row),
        author_id=row["author"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        struck_at=row["struck_at"],
        struck_by_id=row["struck_by"],
        struck_reason=row["struck_reason"],
        version=row["version"],
    )


def _trail(row: dict[str, Any]) -> dict[str, Any]:
    """A note as the audit trail keeps it: a restricted note's words (and their sealed form)
    never reach it."""
    kept = {k: v for k, v in row.items() if k not in ("sealed", "key_id")}
    if row["visibility"] == NoteVisibility.RESTRICTED:
        kept["text"] = SEALED_WORDS
    return kept


async def _survivors(case_id: int) -> dict[int, dict[str, Any]]:
    return {
        s["id"]: s
        for s in await Survivor.select(
            Survivor.id, Survivor.case, Survivor.pseudonym, Survivor.advocate
        ).where(Survivor.case == case_id)
    }


def _require_second_factor(actor: Actor) -> None:
    """A restricted note is read and written as a survivor's identity and trip plan are: by
    one of the two, logged in with two steps (403 saying how, never its words)."""
    if actor.via != SYSTEM and not actor.mfa:
        raise PermissionDeniedException(NO_SECOND_FACTOR)


async def _may_read(actor: Actor, row: dict[str, Any], survivor: dict[str, Any] | None) -> bool:
    if row["visibility"] != NoteVisibility.RESTRICTED:
        return True
    return survivor is not None and await may_know_identity(actor, survivor)


async def _check_about(case_id: int, data: NoteCreate) -> None:
    """400 naming the field for a hearing or survivor of another case, and for a restricted
    note that is not about a survivor (who else could be its second reader?)."""
    if data.hearing_id is not None:
        hearing = await Hearing.select(Hearing.case).where(Hearing.id == data.hearing_id).first()
        if hearing is None or hearing["case"] != case_id:
            raise InvalidInput.field("hearing_id", "is not a hearing of this case")
    if data.survivor_id is not None:
        survivor = (
            await Survivor.select(Survivor.case).where(Survivor.id == data.survivor_id).first()
        )
        if survivor is None or survivor["case"] != case_id:
            raise InvalidInput.field("survivor_id", "is not a survivor of this case")
    if data.visibility == NoteVisibility.RESTRICTED and data.survivor_id is None:
        raise InvalidInput.field(
            "survivor_id",
            "is required for a restricted note: it is read by that survivor's advocate and the "
            "case's lead prosecutor",
        )


async def add_note(actor: Actor, case_id: int, data: NoteCreate) -> NoteRead:
    """Write a note. A team note carrying a survivor's identity is refused (400, ``text``)."""
    check_event_date("noted_on", data.noted_on)
    text = data.text.strip()
    if not text:
        raise InvalidInput.field("text", "is empty: write what happened")
    restricted = data.visibility == NoteVisibility.RESTRICTED
    async with write_tx():
        await require_case(actor, case_id)
        await _check_about(case_id, data)
        survivors = await _survivors(case_id)
        if restricted:
            survivor = survivors[data.survivor_id] if data.survivor_id else None
            if survivor is None or not await may_know_identity(actor, survivor):
                raise InvalidInput.field(
                    "visibility",
                    "restricted notes are written by the survivor's advocate or the case's "
                    "lead prosecutor, the two who read them",
                )
            _require_second_factor(actor)
        else:
            await check_free_text(case_id, {"text": text})
        now = utc_now()
        values: dict[str, Any] = {
            "case": case_id,
            "hearing": data.hearing_id,
            "survivor": data.survivor_id,
            "noted_on": data.noted_on,
            "visibility": data.visibility,
            "text": "" if restricted else text,
            "author": actor.id,
            "created_at": now,
            "updated_at": now,
        }
        if not restricted:
            row = await insert_one(actor, CaseNote, values, entity="case_note", case_id=case_id)
        else:
            # Sealed bound to the note's own id: written once the id exists, in the same
            # transaction, and audited without the words.
            row = (await CaseNote.insert(CaseNote(**values)).returning(*CaseNote._meta.columns))[0]
            sealed, key_id = seal_bytes(_bound_to(row["id"]), text.encode())
            await CaseNote.update({CaseNote.sealed: sealed, CaseNote.key_id: key_id}).where(
                CaseNote.id == row["id"]
            )
            row |= {"sealed": sealed, "key_id": key_id}
            await record(
                actor.audit_id,
                "case_note.create",
                entity="case_note",
                entity_id=row["id"],
                case_id=case_id,
                after=_trail(row),
            )
    return _read(row, {k: s["pseudonym"] for k, s in survivors.items()})


async def _note_for(actor: Actor, note_id: int) -> tuple[dict[str, Any], dict[int, Any]]:
    """The note and its case's survivors; 404 outside the case, and for a restricted note
    this person may not read (its existence does not leak)."""
    row = await fetch_one(actor, CaseNote, note_id, "note")
    survivors = await _survivors(row["case"])
    if not await _may_read(actor, row, survivors.get(row["survivor"])):
        raise NotFound("note")
    if row["visibility"] == NoteVisibility.RESTRICTED:
        _require_second_factor(actor)
    return row, survivors


async def get_note(actor: Actor, note_id: int) -> NoteRead:
    row, survivors = await _note_for(actor, note_id)
    return _read(row, {k: s["pseudonym"] for k, s in survivors.items()})


async def list_notes(
    actor: Actor,
    case_id: int,
    *,
    hearing_id: int | None = None,
    survivor_id: int | None = None,
    limit: int,
    offset: int,
) -> tuple[list[NoteRead], int]:
    """The case's notes this person may read, newest day first (struck ones too, marked);
    optionally those about one hearing or one survivor. A fixed number of statements."""
    await require_case(actor, case_id)
    survivors = await _survivors(case_id)
    query = CaseNote.select().where(CaseNote.case == case_id)
    if hearing_id is not None:
        query = query.where(CaseNote.hearing == hearing_id)
    if survivor_id is not None:
        query = query.where(CaseNote.survivor == survivor_id)
    rows = await query.order_by(CaseNote.noted_on, ascending=False)
    leads = actor.role == Role.PROSECUTOR and await leads_case(actor, case_id)

    def readable(row: dict[str, Any]) -> bool:
        if row["visibility"] != NoteVisibility.RESTRICTED:
            return True
        survivor = survivors.get(row["survivor"])
        # Without two-step login even the two do not list them (the page says why).
        if survivor is None or not (actor.mfa or actor.via == SYSTEM):
            return False
        if actor.role == Role.ADVOCATE:
            return bool(survivor["advocate"] == actor.id)
        return leads

    shown = [row for row in rows if readable(row)]
    shown.sort(key=lambda r: (r["noted_on"], r["id"]), reverse=True)
    pseudonyms = {k: s["pseudonym"] for k, s in survivors.items()}
    return [_read(r, pseudonyms) for r in shown[offset : offset + limit]], len(shown)


def _refuse_struck(row: dict[str, Any]) -> None:
    if row["struck_at"] is not None:
        raise Conflict("This note was struck; it is kept as it was", allowed=[])


async def _update_restricted(
    actor: Actor,
    row: dict[str, Any],
    changes: dict[str, Any],
    *,
    version: int,
    action: str,
) -> dict[str, Any]:
    """Change a restricted note at ``version`` (412 otherwise), audited without its words."""
    values: dict[Column | str, Any] = {
        CaseNote._meta.get_column_by_name(k): v for k, v in changes.items()
    }
    values[CaseNote.version] = version + 1
    updated = (
        await CaseNote.update(values)
        .where((CaseNote.id == row["id"]) & (CaseNote.version == version))
        .returning(*CaseNote._meta.columns)
    )
    if not updated:
        raise StaleEdit(row["version"])
    after: dict[str, Any] = updated[0]
    changed = [
        k for k in after if k not in ("version", "updated_at", "key_id") and after[k] != row[k]
    ]
    before_trail, after_trail = _trail(row), _trail(after)
    await record(
        actor.audit_id,
        action,
        entity="case_note",
        entity_id=row["id"],
        case_id=row["case"],
        before={k: before_trail.get(k, SEALED_WORDS) for k in changed if k != "sealed"}
        | ({"text": SEALED_WORDS} if "sealed" in changed else {}),
        after={k: after_trail.get(k, SEALED_WORDS) for k in changed if k != "sealed"}
        | ({"text": "[changed; sealed]"} if "sealed" in changed else {}),
    )
    return after


async def update_note(actor: Actor, note_id: int, data: NoteUpdate, version: int) -> NoteRead:
    """Change a note's day or words; stale → 412 with the current version, nothing written."""
    async with write_tx():
        row, survivors = await _note_for(actor, note_id)
        _refuse_struck(row)
        if row["version"] != version:
            raise StaleEdit(row["version"])
        changes: dict[str, Any] = {"updated_at": utc_now()}
        if isinstance(data.noted_on, dt.date):
            check_event_date("noted_on", data.noted_on)
            changes["noted_on"] = data.noted_on
        restricted = row["visibility"] == NoteVisibility.RESTRICTED
        if isinstance(data.text, str):
            text = data.text.strip()
            if not text:
                raise InvalidInput.field("text", "is empty: write what happened")
            if restricted:
                sealed, key_id = seal_bytes(_bound_to(note_id), text.encode())
                changes |= {"sealed": sealed, "key_id": key_id}
            else:
                await check_free_text(row["case"], {"text": text})
                changes["text"] = text
        if restricted:
            after = await _update_restricted(
                actor, row, changes, version=version, action="case_note.update"
            )
        else:
            after = await update_one(
                actor,
                CaseNote,
                note_id,
                changes,
                version=version,
                entity="case_note",
                case_id=row["case"],
            )
    return _read(after, {k: s["pseudonym"] for k, s in survivors.items()})


async def strike_note(actor: Actor, note_id: int, data: NoteStrike, version: int) -> NoteRead:
    """Strike a note written by mistake: it stays, struck through, with who struck it, when and
    why; it leaves the chronology. Notes are never deleted."""
    reason = data.reason.strip()
    if not reason:
        raise InvalidInput.field("reason", "say in a few words why the note is struck")
    async with write_tx():
        row, survivors = await _note_for(actor, note_id)
        _refuse_struck(row)
        await check_free_text(row["case"], {"reason": reason})
        changes = {
            "struck_at": utc_now(),
            "struck_by": actor.id,
            "struck_reason": reason,
        }
        if row["visibility"] == NoteVisibility.RESTRICTED:
            after = await _update_restricted(
                actor, row, changes, version=version, action="case_note.struck"
            )
        else:
            after = await update_one(
                actor,
                CaseNote,
                note_id,
                changes,
                version=version,
                entity="case_note",
                case_id=row["case"],
                action="case_note.struck",
            )
    return _read(after, {k: s["pseudonym"] for k, s in survivors.items()})


async def reseal_restricted_notes() -> int:
    """Seal every restricted note again with the current sealing key (a key rotation, inside
    its write transaction: docket.cases.identity.rotate_identity_key); returns how many."""
    if not is_sqlite():
        # Nobody changes a note under the old key while this runs.
        await engine().run_ddl("LOCK TABLE case_note IN EXCLUSIVE MODE")
    rows = await CaseNote.select(
        CaseNote.id, CaseNote.visibility, CaseNote.text, CaseNote.sealed, CaseNote.key_id
    ).where((CaseNote.visibility == NoteVisibility.RESTRICTED) & (CaseNote.sealed != ""))
    for row in rows:
        sealed, key_id = seal_bytes(_bound_to(row["id"]), _words(row).encode())
        await CaseNote.update({CaseNote.sealed: sealed, CaseNote.key_id: key_id}).where(
            CaseNote.id == row["id"]
        )
    return len(rows)

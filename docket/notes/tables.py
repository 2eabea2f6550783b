"""Case notes: what happened, in a colleague's words, dated and kept.

A note is never deleted: one written by mistake is struck with a reason (as a charge is) and
stays, struck through, for the record.
"""

from piccolo.columns import Date, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from docket.accounts.tables import User
from docket.cases.tables import Case, Survivor
from docket.hearings.tables import Hearing
from docket.notes.choices import NoteVisibility


class CaseNote(Table, tablename="case_note"):
    """One dated note on a case, or on one of its hearings or survivors."""

    id: Serial
    #: The case the note belongs to (its team reads it; the access check reads this).
    case = ForeignKey(references=Case, index=True)
    #: What the note is about, when it is about less than the whole case.
    hearing = ForeignKey(references=Hearing, null=True, index=True)
    survivor = ForeignKey(references=Survivor, null=True, index=True)
    #: The day the note speaks of (e.g. the day of a phone call), in the court's time zone.
    noted_on = Date()
    #: team, or restricted to the survivor's advocate and the case's lead prosecutor.
    visibility = Varchar(length=12, choices=NoteVisibility, default=NoteVisibility.TEAM)
    #: A team note's words (checked against the case's survivors' identities on every write);
    #: empty for a restricted note, whose words are only in ``sealed``.
    text = Text(default="")
    #: A restricted note's words, sealed (docket.cases.sealing) and bound to the note's id.
    sealed = Text(default="", secret=True)
    #: Which identity key sealed them (a key rotation re-seals every row).
    key_id = Varchar(length=16, default="")
    #: Who wrote it (an account removed later leaves the note, not deletes it).
    author = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    #: When it was written, and last changed (UTC).
    created_at = Timestamptz()
    updated_at = Timestamptz()
    #: When it was struck as written by mistake (null while it stands), by whom and why.
    struck_at = Timestamptz(null=True, default=None)
    struck_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    struck_reason = Text(default="")
    #: Increases on every change; a stale edit is refused with 412.
    version = Integer(default=1)

"""What the advocate arranged for each survivor's trip to each hearing, and every print made.

"Reprint needed" is never stored: a print keeps the hearing's sequence at print time, and a
hearing's sequence increases when it is reset or cancelled, so a print whose sequence is behind
its hearing's tells the survivor a day that is no longer true.
"""

from piccolo.columns import ForeignKey, Integer, Serial, Text, Time, Timestamptz, Varchar
from piccolo.table import Table

from docket.accounts.tables import User
from docket.cases.choices import Language
from docket.cases.tables import Survivor
from docket.hearings.tables import Hearing
from docket.notices.choices import NoticeVariant, Paper


class NoticePreparation(Table, tablename="notice_preparation"):
    """One survivor's logistics for one hearing (one row per pair, enforced by the database)."""

    id: Serial
    hearing = ForeignKey(references=Hearing, index=True)
    survivor = ForeignKey(references=Survivor, index=True)
    #: Where the survivor meets the advocate, e.g. "the front gate"; printed on the notice.
    meeting_place = Varchar(length=200, default="")
    #: When they meet, and when they set off for court: clock times on the hearing's day in the
    #: court's zone, so that a reset carries them to the new day.
    meeting_time = Time(null=True, default=None)
    leave_time = Time(null=True, default=None)
    #: The support persons' first names, at most two (A.M. 004-07-SC s11), as a JSON list.
    support_persons = Varchar(length=100, default="[]")
    #: What the survivor is expected to do, e.g. "identify only" (advocate's sheet only).
    role_note = Varchar(length=200, default="")
    #: The advocate's checklist notes; never printed on a survivor's page.
    vehicle_and_escort = Varchar(length=500, default="")
    #: A route and entrance that avoid the accused's family.
    route_and_entrance = Varchar(length=500, default="")
    return_plan = Varchar(length=500, default="")
    safety_notes = Text(default="")
    #: Who tells the survivor about the outcome or a postponement.
    after_notes = Text(default="")
    #: Who last changed it, and when (UTC).
    updated_by = ForeignKey(references=User, null=True)
    updated_at = Timestamptz()
    #: Increases on every change; a stale edit is refused with 412.
    version = Integer(default=1)


class NoticePrint(Table, tablename="notice_print"):
    """One notice printed (PDF) or opened for printing (HTML): who, when, which and how."""

    id: Serial
    hearing = ForeignKey(references=Hearing, index=True)
    survivor = ForeignKey(references=Survivor, index=True)
    variant = Varchar(length=30, choices=NoticeVariant)
    language = Varchar(length=3, choices=Language)
    paper = Varchar(length=10, choices=Paper)
    #: "pdf" or "html".
    file_format = Varchar(length=4, default="pdf")
    #: The hearing's sequence when printed: behind the hearing's own, the print is out of date.
    hearing_sequence = Integer()
    #: The hearing time the print shows (UTC).
    hearing_starts_at = Timestamptz()
    #: Who printed it; null when the command line printed it for the office.
    printed_by = ForeignKey(references=User, null=True)
    printed_at = Timestamptz(index=True)

"""What the advocate arranged for each survivor's trip to each hearing, and every print made.

"Reprint needed" is never stored: a print keeps the hearing's sequence at print time, and a
hearing's sequence increases when it is reset or cancelled, so a print whose sequence is behind
its hearing's tells the survivor a day that is no longer true.
"""

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Time,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from docket.accounts.tables import User
from docket.cases.choices import Language
from docket.cases.tables import Survivor
from docket.hearings.choices import HearingMode
from docket.hearings.tables import Hearing
from docket.notices.choices import NoticeVariant, Paper


class NoticePreparation(Table, tablename="notice_preparation"):
    """RESTRICTED: one survivor's trip plan for one hearing (one row per pair, enforced by the
    database). Its words are sealed: only the survivor's advocate and the case's lead
    prosecutor, logged in with two steps, read or change them (docket.notices.preparation);
    the rest of the team sees that it exists and whether it is complete."""

    id: Serial
    hearing = ForeignKey(references=Hearing, index=True)
    survivor = ForeignKey(references=Survivor, index=True)
    #: When the survivor meets the advocate, and when they set off for court: clock times on
    #: the hearing's day in the court's zone, so that a reset carries them to the new day.
    meeting_time = Time(null=True, default=None)
    leave_time = Time(null=True, default=None)
    #: The plan's words, sealed (docket.cases.sealing, bound to the hearing and survivor):
    #: where they meet, the support persons' first names, the role expected, vehicle and
    #: escort, route and entrance, return plan, safety and after notes. Any of them can point
    #: to the shelter; the key is never in the database or its backups.
    sealed = Text(default="", secret=True)
    #: Which identity key sealed it (a key rotation re-seals every plan).
    key_id = Varchar(length=16, default="")
    #: A meeting place and both times are recorded: enough to print a notice. Kept beside the
    #: sealed words so the team's lists need not open them.
    complete = Boolean(default=False)
    #: Who last changed it, and when (UTC).
    updated_by = ForeignKey(references=User, null=True)
    updated_at = Timestamptz()
    #: Increases on every change; a stale edit is refused with 412.
    version = Integer(default=1)
    #: The hearing's start (UTC) and mode when the plan was last saved: a reset or a change
    #: of mode since makes the plan stale, and a survivor's notice is not printed from it
    #: until the advocate checks and saves it again. Null for plans saved before Docket kept
    #: them (their hearing's changes since the plan's updated_at are used instead).
    planned_starts_at = Timestamptz(null=True, default=None)
    planned_mode = Varchar(length=20, null=True, default=None, choices=HearingMode)


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


class SurvivorTold(Table, tablename="notice_survivor_told"):
    """The survivor was told that a hearing their notice showed will not take place: the
    note the advocate ticks, which takes the hearing off the list of notices to take back."""

    id: Serial
    hearing = ForeignKey(references=Hearing, index=True)
    survivor = ForeignKey(references=Survivor, index=True)
    #: The hearing's sequence when told: a later change (a new day set) asks again.
    hearing_sequence = Integer()
    #: Who told the survivor (the advocate or the lead prosecutor), and when (UTC).
    told_by = ForeignKey(references=User, null=True)
    told_at = Timestamptz()


class MeetingPlace(Table, tablename="meeting_place"):
    """A place in the office's list where advocates meet survivors before court (a DSWD office
    lobby, a church gate), named in every notice language so that a notice never pastes an
    English place into the child's language (docket.notices.meeting_places). Never a shelter:
    its names are printed on survivors' notices."""

    id: Serial
    #: The place's name in Binisaya (Cebuano), as a notice in that language prints it.
    name_ceb = Varchar(length=200)
    #: The place's name in Filipino.
    name_fil = Varchar(length=200)
    #: The place's name in English; no two places share it, so the list reads unambiguously.
    name_en = Varchar(length=200, unique=True)
    #: The place's name in Winaray (Waray).
    name_war = Varchar(length=200)
    #: Offered for new trip plans; a place no longer used is kept for the plans that chose it.
    in_use = Boolean(default=True)
    #: Increases on every change; a stale edit is refused.
    version = Integer(default=1)

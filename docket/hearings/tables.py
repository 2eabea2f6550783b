"""Hearings and their history of resets and cancellations."""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from docket.accounts.tables import User
from docket.cases.tables import Case
from docket.courts.tables import Court
from docket.hearings.choices import HearingKind, HearingMode, HearingStatus


class Hearing(Table, tablename="hearing"):
    """One court setting. A reset moves the same hearing (its sequence increases) so that
    calendars update the event instead of showing a second one."""

    id: Serial
    case = ForeignKey(references=Case, index=True)
    court = ForeignKey(references=Court, index=True)
    kind = Varchar(length=20, choices=HearingKind)
    #: When it starts and ends, stored in UTC; shown in the court's zone.
    starts_at = Timestamptz(index=True)
    ends_at = Timestamptz()
    mode = Varchar(length=20, choices=HearingMode, default=HearingMode.IN_PERSON)
    #: Courtroom, e.g. "Session Hall 3, Hall of Justice".
    room = Varchar(length=200, default="")
    #: The videoconference link; shown only inside Docket, never in a feed.
    video_link = Varchar(length=500, default="", secret=True)
    #: The day the court granted the motion to hold this hearing by videoconference (A.M.
    #: 20-12-01-SC as amended by A.M. 24-11-02-SC); None: not recorded.
    video_motion_granted_on = Date(null=True, default=None)
    #: The order granting it, as the court names it (e.g. "Order of 3 Nov 2026").
    video_order = Varchar(length=200, default="")
    #: The day the accused waived face-to-face confrontation, which A.M. 24-11-02-SC asks the
    #: motion to carry in a criminal case; None: not recorded.
    confrontation_waived_on = Date(null=True, default=None)
    #: The evidence to be presented includes child sexual abuse or exploitation material
    #: (CSAEM): a videoconference setting is warned about, never refused.
    shows_exploitation_material = Boolean(default=False)
    status = Varchar(length=20, choices=HearingStatus, default=HearingStatus.SCHEDULED)
    #: Short note of what happened, once held.
    outcome_note = Text(default="")
    #: Increases on every change of time, place or status (iCalendar SEQUENCE).
    sequence = Integer(default=0)
    #: Increases on every change; a stale edit is refused with 412.
    version = Integer(default=1)
    created_at = Timestamptz()
    #: The last change (UTC): DTSTAMP and LAST-MODIFIED in feeds.
    updated_at = Timestamptz(index=True)


class HearingChange(Table, tablename="hearing_change"):
    """A change of a hearing's time, place or status, with what it was before and why."""

    id: Serial
    hearing = ForeignKey(references=Hearing, index=True)
    #: scheduled, corrected, reset, held, cancelled or struck (entered by mistake).
    change = Varchar(length=20)
    previous_starts_at = Timestamptz(null=True, default=None)
    previous_ends_at = Timestamptz(null=True, default=None)
    previous_status = Varchar(length=20, default="")
    #: Why (e.g. "accused's counsel sick", "typhoon suspension").
    reason = Text(default="")
    #: The meritorious ground for cancelling a hearing set to videoconference (A.M. 24-11-02-SC:
    #: once approved, it is not cancelled without one).
    ground = Text(default="")
    by = ForeignKey(references=User, null=True)
    at = Timestamptz()

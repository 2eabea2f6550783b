"""Request and response bodies of case facts, deadlines and court closures."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from docket.cases.choices import CaseStage
from docket.deadlines.engine import CAVEAT, Deadline
from docket.fields import Id, Input, Output, Version
from docket.hearings.choices import HearingKind, HearingStatus

#: The dates of CaseDates a user may set, in the order the case lives them.
DATE_FIELDS: tuple[str, ...] = (
    "pi_assigned_on",
    "report_received_on",
    "investigation_started_on",
    "warrantless_arrest_on",
    "inquest_referred_on",
    "complaint_records_received_on",
    "subpoena_issued_on",
    "subpoena_received_on",
    "counter_affidavit_filed_on",
    "pi_hearing_held_on",
    "waiver_pi_started_on",
    "inquest_information_known_on",
    "pi_requested_on",
    "pi_resolved_on",
    "resolution_approved_on",
    "resolution_received_on",
    "resolution_mr_filed_on",
    "resolution_mr_denial_received_on",
    "petition_for_review_filed_on",
    "review_resolved_on",
    "complaint_filed_on",
    "court_received_on",
    "information_filed_on",
    "information_evaluated_on",
    "jurisdiction_acquired_on",
    "pretrial_order_received_on",
    "prosecution_rested_on",
    "trial_completed_on",
    "demurrer_leave_granted_on",
    "demurrer_filed_on",
    "demurrer_comment_on",
    "demurrer_resolved_on",
    "first_bail_hearing_on",
    "bail_resolved_on",
    "decided_on",
    "promulgated_on",
    "judgment_mr_filed_on",
    "judgment_mr_denial_received_on",
    "notice_of_appeal_filed_on",
    "judgment_entered_on",
    "tapes_destroyed_on",
    "warrant_delivered_on",
    "accused_arrested_on",
    "released_on",
    "discovered_on",
)
#: Findings a lawyer records (true, false, or null for not recorded): RA 9208 s6(c), s12.
FINDING_FIELDS: tuple[str, ...] = ("syndicate", "large_scale", "clarificatory_hearing")

MaybeDate = dt.date | UnsetType | None


class CaseFactsUpdate(Input):
    """Dates the deadlines count from; send only those that change (null clears one)."""

    version: Version | UnsetType = UNSET
    pi_assigned_on: MaybeDate = UNSET
    report_received_on: MaybeDate = UNSET
    investigation_started_on: MaybeDate = UNSET
    warrantless_arrest_on: MaybeDate = UNSET
    inquest_referred_on: MaybeDate = UNSET
    complaint_records_received_on: MaybeDate = UNSET
    subpoena_issued_on: MaybeDate = UNSET
    subpoena_received_on: MaybeDate = UNSET
    counter_affidavit_filed_on: MaybeDate = UNSET
    pi_hearing_held_on: MaybeDate = UNSET
    waiver_pi_started_on: MaybeDate = UNSET
    inquest_information_known_on: MaybeDate = UNSET
    pi_requested_on: MaybeDate = UNSET
    pi_resolved_on: MaybeDate = UNSET
    resolution_approved_on: MaybeDate = UNSET
    resolution_received_on: MaybeDate = UNSET
    resolution_mr_filed_on: MaybeDate = UNSET
    resolution_mr_denial_received_on: MaybeDate = UNSET
    petition_for_review_filed_on: MaybeDate = UNSET
    review_resolved_on: MaybeDate = UNSET
    complaint_filed_on: MaybeDate = UNSET
    court_received_on: MaybeDate = UNSET
    information_filed_on: MaybeDate = UNSET
    information_evaluated_on: MaybeDate = UNSET
    jurisdiction_acquired_on: MaybeDate = UNSET
    pretrial_order_received_on: MaybeDate = UNSET
    prosecution_rested_on: MaybeDate = UNSET
    #: The last day of trial: the trial completion target is met (RA 8493 s6; R119 s2).
    trial_completed_on: MaybeDate = UNSET
    demurrer_leave_granted_on: MaybeDate = UNSET
    demurrer_filed_on: MaybeDate = UNSET
    demurrer_comment_on: MaybeDate = UNSET
    demurrer_resolved_on: MaybeDate = UNSET
    first_bail_hearing_on: MaybeDate = UNSET
    bail_resolved_on: MaybeDate = UNSET
    decided_on: MaybeDate = UNSET
    promulgated_on: MaybeDate = UNSET
    judgment_mr_filed_on: MaybeDate = UNSET
    #: Notice of the order denying that motion: a fresh 15-day appeal period runs from it.
    judgment_mr_denial_received_on: MaybeDate = UNSET
    notice_of_appeal_filed_on: MaybeDate = UNSET
    judgment_entered_on: MaybeDate = UNSET
    tapes_destroyed_on: MaybeDate = UNSET
    warrant_delivered_on: MaybeDate = UNSET
    accused_arrested_on: MaybeDate = UNSET
    released_on: MaybeDate = UNSET
    discovered_on: MaybeDate = UNSET
    #: Three or more persons conspiring (RA 9208 s6(c)): a finding, never a count of accused.
    syndicate: bool | UnsetType | None = UNSET
    #: Three or more victims (RA 9208 s6(c)), as the information alleges.
    large_scale: bool | UnsetType | None = UNSET
    #: The prosecutor set a clarificatory hearing (DOJ DC 015 s10): held within 30 days.
    clarificatory_hearing: bool | UnsetType | None = UNSET


class HearingFactRead(Output):
    """A hearing as the deadlines see it: its day in the court's time zone."""

    hearing_id: int
    on: dt.date
    kind: HearingKind
    status: HearingStatus
    #: A survivor witness has protection needs at this hearing.
    child_testifies: bool


class DerivedFacts(Output):
    """What the deadlines read from the rest of the case (never a survivor's identity)."""

    stage: CaseStage
    accused_detained: bool
    is_trafficking_case: bool
    charge_codes: list[str]
    offence_date: dt.date | None
    child_victim: bool
    victim_count: int
    offender_count: int
    arraigned_on: dt.date | None
    first_trial_day: dt.date | None
    submitted_for_decision_on: dt.date | None
    archived_on: dt.date | None
    provisionally_dismissed_on: dt.date | None
    revived_on: dt.date | None
    hearings: list[HearingFactRead]


class CaseFactsRead(Output):
    case_id: int
    pi_assigned_on: dt.date | None
    report_received_on: dt.date | None
    investigation_started_on: dt.date | None
    warrantless_arrest_on: dt.date | None
    inquest_referred_on: dt.date | None
    complaint_records_received_on: dt.date | None
    subpoena_issued_on: dt.date | None
    subpoena_received_on: dt.date | None
    counter_affidavit_filed_on: dt.date | None
    pi_hearing_held_on: dt.date | None
    waiver_pi_started_on: dt.date | None
    inquest_information_known_on: dt.date | None
    pi_requested_on: dt.date | None
    pi_resolved_on: dt.date | None
    resolution_approved_on: dt.date | None
    resolution_received_on: dt.date | None
    resolution_mr_filed_on: dt.date | None
    resolution_mr_denial_received_on: dt.date | None
    petition_for_review_filed_on: dt.date | None
    review_resolved_on: dt.date | None
    complaint_filed_on: dt.date | None
    court_received_on: dt.date | None
    information_filed_on: dt.date | None
    information_evaluated_on: dt.date | None
    jurisdiction_acquired_on: dt.date | None
    pretrial_order_received_on: dt.date | None
    prosecution_rested_on: dt.date | None
    trial_completed_on: dt.date | None
    demurrer_leave_granted_on: dt.date | None
    demurrer_filed_on: dt.date | None
    demurrer_comment_on: dt.date | None
    demurrer_resolved_on: dt.date | None
    first_bail_hearing_on: dt.date | None
    bail_resolved_on: dt.date | None
    decided_on: dt.date | None
    promulgated_on: dt.date | None
    judgment_mr_filed_on: dt.date | None
    judgment_mr_denial_received_on: dt.date | None
    notice_of_appeal_filed_on: dt.date | None
    judgment_entered_on: dt.date | None
    tapes_destroyed_on: dt.date | None
    warrant_delivered_on: dt.date | None
    accused_arrested_on: dt.date | None
    released_on: dt.date | None
    discovered_on: dt.date | None
    #: Recorded findings (null: not recorded); prescription uses only these, never the counts.
    syndicate: bool | None
    large_scale: bool | None
    clarificatory_hearing: bool | None
    version: int
    derived: DerivedFacts


class CaseDeadlines(Output):
    case_id: int
    #: The court's date the statuses are given for.
    today: dt.date
    deadlines: list[Deadline]
    #: Stored dates that could not be counted (e.g. a hearing dated 9999), in plain words:
    #: the deadlines above leave them out until someone corrects them.
    needs_attention: list[str] = []
    #: Docket computes these dates to help: check them against the rules and orders.
    caveat: str = CAVEAT


class ExactPrescriptionRequest(Input):
    """Why the exact dates are needed (kept in the audit trail, like any identity read)."""

    reason: Annotated[str, msgspec.Meta(min_length=10, max_length=300)]


class ExactPrescription(Output):
    """Prescription counted from the exact birth dates the person asking may know (the
    survivor's advocate, the case's lead prosecutor). Everyone else sees the conservative date
    of the deadlines list, counted from 1 January of the birth year."""

    case_id: int
    today: dt.date
    deadlines: list[Deadline]
    #: The pseudonyms whose exact birth date was used; other survivors count from 1 January.
    exact_for: list[str]
    caveat: str = CAVEAT


class AtRiskDeadline(Output):
    """A deadline due within 7 days, overdue or missed, with the case it belongs to."""

    case_id: int
    docket_number: str
    caption: str
    court_id: int | None
    court_name: str | None
    lead_prosecutor_id: int | None
    lead_prosecutor_name: str | None
    deadline: Deadline


class CaseNeedsAttention(Output):
    """A case whose stored dates could not all be counted: its clocks may be wrong until fixed."""

    case_id: int
    docket_number: str
    caption: str
    lead_prosecutor_name: str | None
    problems: list[str]


class AtRiskList(Output):
    today: dt.date
    items: list[AtRiskDeadline]
    total: int
    #: Cases whose deadlines could not all be counted; listed so that nobody trusts a clock
    #: that left a hearing out.
    needs_attention: list[CaseNeedsAttention] = []
    caveat: str = CAVEAT


class CaseSummary(Output):
    """A case at a glance: where it stands, how often its hearings were reset, what is due."""

    case_id: int
    stage: CaseStage
    #: How many times the court reset this case's hearings.
    resets: int
    deadlines_due_soon: int
    deadlines_overdue: int
    next_deadline: Deadline | None
    #: Stored dates that could not be counted, in plain words (see CaseDeadlines).
    needs_attention: list[str] = []
    caveat: str = CAVEAT


Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class CourtClosureCreate(Input):
    """A day courts did not (or will not) sit: a typhoon suspension, a local holiday."""

    on: dt.date
    reason: Reason
    #: The court closed; leave out for every court.
    court_id: Id | None = None


class CourtClosureRead(Output):
    id: int
    on: dt.date
    court_id: int | None
    reason: str


class CourtClosurePage(Output):
    items: list[CourtClosureRead]
    total: int


Source = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]


class CourtClosureMove(Input):
    """Move a closure to another day (e.g. a suspension announced for the wrong date)."""

    on: dt.date


class HolidayDeclare(Input):
    """A national holiday courts close on, as its proclamation declares it."""

    on: dt.date
    #: As the proclamation names it, e.g. "Eid al-Adha".
    name: Reason
    #: The proclamation, e.g. "Proclamation No. 1234, s. 2027".
    source: Source


class HolidayMove(Input):
    """The holiday falls on another day (an Eid date announced, a holiday moved by law)."""

    to: dt.date
    source: Source


class HolidaySource(Input):
    """The proclamation (or order) behind a confirmation or a lifting."""

    source: Source


class WorkingDayDeclare(Input):
    """A special working day: courts sit, even on a Saturday or a holiday."""

    on: dt.date
    #: Why, e.g. "Make-up working day for the 2027 Christmas break".
    reason: Reason
    source: Source


class HolidayRead(Output):
    on: dt.date
    name: str
    source: str
    #: The proclamation is not out: the date may change.
    estimated: bool
    #: An administrator declared, moved or confirmed it (not the built-in data).
    corrected: bool


class WorkingDayRead(Output):
    on: dt.date
    reason: str
    source: str


class LiftedHolidayRead(Output):
    """A built-in holiday an administrator lifted or moved away: courts sit."""

    on: dt.date
    name: str
    source: str


class CourtCalendarYear(Output):
    """A year's holidays, special working days and lifted holidays, as every clock counts them."""

    year: int
    holidays: list[HolidayRead]
    working_days: list[WorkingDayRead]
    lifted: list[LiftedHolidayRead]

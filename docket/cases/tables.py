"""Cases and the people in them: accused, survivors (by pseudonym), witnesses and charges.

A survivor's identifying details live only in ``SurvivorIdentity``; no general endpoint reads it
(RA 9208 s7; RA 11930 s21; A.M. 004-07-SC s31).
"""

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from docket.accounts.tables import Team, User
from docket.cases.choices import (
    AgeBand,
    CaseStage,
    CustodyChange,
    CustodyStatus,
    Disposition,
    Language,
    Plea,
    Sex,
    WitnessKind,
)
from docket.courts.tables import Court


class Case(Table, tablename="court_case"):
    """One criminal case, from case build-up to appeal."""

    id: Serial
    #: The office's internal docket number, e.g. "CEB-2024-0113"; unique.
    docket_number = Varchar(length=40, unique=True)
    #: The court's criminal case number once an information is filed, e.g. "R-CEB-24-01234-CR".
    court_case_number = Varchar(length=60, null=True, default=None)
    #: "People v. Dela Cruz et al.": the accused by surname only, never a survivor.
    caption = Varchar(length=200)
    #: Where the case stands (see docket.cases.choices.CaseStage).
    stage = Varchar(length=40, choices=CaseStage, default=CaseStage.CASE_BUILD_UP)
    #: Sealed by court order: feeds and lists show less.
    sealed = Boolean(default=False)
    #: The team's choice to keep the caption inside Docket: feeds show the docket number.
    hide_caption = Boolean(default=False)
    #: Worked out by Docket whenever the caption or a survivor's identity changes: the caption
    #: shares a name with a survivor of the case (docket.cases.names), so nothing that leaves
    #: Docket shows it.
    caption_names_survivor = Boolean(default=False)
    #: The court trying the case (null during case build-up and preliminary investigation).
    court = ForeignKey(references=Court, null=True)
    #: The team that handles it.
    team = ForeignKey(references=Team, null=True)
    #: When the case was entered (UTC).
    created_at = Timestamptz()
    #: The last change to the case's own fields (UTC).
    updated_at = Timestamptz()
    #: Increases on every change; a stale edit is refused with 412.
    version = Integer(default=1)


class CaseBuildUp(Table, tablename="case_build_up"):
    """A case's build-up before preliminary investigation (DOJ DC 020 (2023), amended by DC 007
    (2024)): the evidence checklist as ticked, and the prosecutor's certification. One row per
    case, written on the first tick or certification."""

    id: Serial
    case = ForeignKey(references=Case, unique=True)
    #: The codes of docket/cases/build_up.toml ticked as done, as a JSON list.
    checked = Text(default="[]")
    #: The day the prosecutor certified the evidence sufficient; None: not certified.
    certified_on = Date(null=True, default=None)
    #: The prosecutor who certified.
    certified_by = ForeignKey(references=User, null=True)
    #: The certification in the prosecutor's words (checked by the free-text guard).
    certification = Text(default="")
    updated_at = Timestamptz()
    version = Integer(default=1)


class CaseMember(Table, tablename="case_member"):
    """Who is assigned to a case: its lead prosecutor and other members."""

    id: Serial
    case = ForeignKey(references=Case, index=True)
    user = ForeignKey(references=User, index=True)
    #: True for the lead prosecutor (one per case).
    lead = Boolean(default=False)


class Accused(Table, tablename="accused"):
    """A person charged in the case."""

    id: Serial
    case = ForeignKey(references=Case, index=True)
    #: Full name as in the information.
    name = Varchar(length=200)
    #: Other names the accused is known by, as a JSON list of strings.
    aliases = Text(default="[]")
    #: Detained, at large, on bail or released: drives the arraignment clock (CT III.8).
    custody_status = Varchar(length=20, choices=CustodyStatus, default=CustodyStatus.AT_LARGE)
    #: Where a detained accused is held, e.g. "Cebu City Jail".
    facility = Varchar(length=200, default="")
    #: Foreign national (customers abroad are often charged).
    nationality = Varchar(length=80, default="")
    #: The plea at arraignment; empty until arraigned (R116 s1).
    plea = Varchar(length=30, choices=Plea, null=True, default=None)
    #: For a plea of guilty to a lesser offence: that offence's catalogue code (R116 s2).
    lesser_offence_code = Varchar(length=30, default="")
    #: The day the plea was entered.
    pleaded_on = Date(null=True, default=None)
    #: Pending until judgment, dismissal or acquittal.
    disposition = Varchar(length=20, choices=Disposition, default=Disposition.PENDING)
    #: The day of the judgment or order that disposed of the case for this accused.
    disposition_on = Date(null=True, default=None)
    version = Integer(default=1)


class CustodyEvent(Table, tablename="custody_event"):
    """One dated change in an accused's custody (arrest, detention, bail, release,
    recommitment). Kept as a history so that the arraignment clock follows each change
    (A.M. 15-06-10-SC III.8) instead of losing the earlier one."""

    id: Serial
    #: The case of the accused (so the case's access check and its deadlines read it at once).
    case = ForeignKey(references=Case, index=True)
    accused = ForeignKey(references=Accused, index=True)
    #: What happened (see docket.cases.choices.CustodyChange).
    kind = Varchar(length=20, choices=CustodyChange)
    #: The day it happened, in the court's time zone.
    happened_on = Date()
    #: The accused's custody status before this change: restored if the change is withdrawn.
    custody_before = Varchar(length=20, choices=CustodyStatus)


class Survivor(Table, tablename="survivor"):
    """A victim, known everywhere by a court-style pseudonym ("AAA-1")."""

    id: Serial
    case = ForeignKey(references=Case, index=True)
    #: The coded initials courts use (Cabalquinto, 2006): unique within the case.
    pseudonym = Varchar(length=20)
    sex = Varchar(length=12, choices=Sex, default=Sex.UNRECORDED)
    #: The age band at testimony, which chooses the notice variant.
    age_band = Varchar(length=12, choices=AgeBand)
    #: The language the survivor's notices are written in.
    preferred_language = Varchar(length=3, choices=Language, default=Language.CEBUANO)
    #: The victim advocate (social worker) who prepares the survivor for court.
    advocate = ForeignKey(references=User, null=True)
    version = Integer(default=1)


class SurvivorIdentity(Table, tablename="survivor_identity"):
    """RESTRICTED: who the survivor is. Readable only by the survivor's advocate and the case's
    lead prosecutor, with a reason, and every read audited. No general endpoint returns it."""

    id: Serial
    survivor = ForeignKey(references=Survivor, unique=True)
    #: Who the survivor is, sealed (docket.cases.sealing): AES-256-GCM over the identity
    #: fields, bound to the survivor's id; the key is never in the database or its backups.
    sealed = Text(default="", secret=True)
    #: Which identity key sealed it (a key rotation re-seals every row).
    key_id = Varchar(length=16, default="")


class Witness(Table, tablename="witness"):
    """Someone expected to testify. A survivor witness is linked to the survivor and never
    named; other witnesses carry a name (e.g. "PSSg. Reyes")."""

    id: Serial
    case = ForeignKey(references=Case, index=True)
    kind = Varchar(length=30, choices=WitnessKind)
    #: For a survivor witness: the survivor (the name shown is the pseudonym).
    survivor = ForeignKey(references=Survivor, null=True)
    #: For other witnesses: the name and rank or title.
    name = Varchar(length=200, default="")
    #: Agency or office, e.g. "PNP WCPC", "Australian Federal Police".
    agency = Varchar(length=200, default="")
    #: Admitted to or applying for the Witness Protection Program (RA 6981): location hidden.
    protected = Boolean(default=False)
    version = Integer(default=1)


class Charge(Table, tablename="charge"):
    """A charge against one accused, by statute code (e.g. "TIP-6")."""

    id: Serial
    case = ForeignKey(references=Case, index=True)
    accused = ForeignKey(references=Accused, index=True)
    #: The statute catalogue code, e.g. "TIP-6" or "OSAEC-AJ".
    statute_code = Varchar(length=30)
    #: Qualifying circumstances, e.g. "a,o" for RA 9208 s6(a) child and (o) via ICT.
    qualifiers = Varchar(length=40, default="")
    #: Number of counts.
    counts = Integer(default=1)
    #: When the offence was committed (the last act, for continuing offences), if known.
    offence_date = Date(null=True, default=None)
    #: Committed through information and communications technology (RA 9208 s6(o)).
    via_ict = Boolean(default=False)
    #: When the charge was struck as entered by mistake (null while it stands). A struck
    #: charge is kept, shown struck through, and no longer counts for deadlines or advice.
    struck_at = Timestamptz(null=True, default=None)
    #: Who struck it (an account removed later leaves the charge, not deletes it), and why.
    struck_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    struck_reason = Text(default="")
    version = Integer(default=1)


class ChargeSurvivor(Table, tablename="charge_survivor"):
    """Which survivors a charge names."""

    id: Serial
    charge = ForeignKey(references=Charge, index=True)
    survivor = ForeignKey(references=Survivor, index=True)


class CaseStageChange(Table, tablename="case_stage_change"):
    """One move of a case from a stage to the next: who, when, why and the stage before."""

    id: Serial
    case = ForeignKey(references=Case, index=True)
    #: The stage the case left, and the one it entered.
    from_stage = Varchar(length=40, choices=CaseStage)
    to_stage = Varchar(length=40, choices=CaseStage)
    #: The day it happened in court (e.g. the order's date), which deadlines count from.
    effective_on = Date()
    #: Why, in a few words (e.g. "Accused at large; warrant returned unserved").
    reason = Text()
    by = ForeignKey(references=User, null=True)
    #: When it was recorded (UTC).
    at = Timestamptz()


class CaseDates(Table, tablename="case_dates"):
    """The dates a case's deadlines count from that no other record holds (one row per case).

    Hearings, charges, custody and the stage history supply the rest; see
    docket.deadlines.facts.
    """

    id: Serial
    case = ForeignKey(references=Case, unique=True)
    #: Preliminary investigation (DOJ DC 015 s17).
    pi_assigned_on = Date(null=True, default=None)
    #: Case build-up: the police's receipt of the report, and the start of their investigation
    #: (RA 9208 s8(a): within 10 days).
    report_received_on = Date(null=True, default=None)
    #: An arrest without a warrant, and the referral of the case for inquest (RPC Art. 125:
    #: 36 hours for offences with afflictive penalties).
    warrantless_arrest_on = Date(null=True, default=None)
    inquest_referred_on = Date(null=True, default=None)
    investigation_started_on = Date(null=True, default=None)
    #: The investigating prosecutor's receipt of the docketed complaint's records: act on it
    #: within 5 days (DOJ DC 015 s10), by dismissing it or issuing a subpoena.
    complaint_records_received_on = Date(null=True, default=None)
    subpoena_issued_on = Date(null=True, default=None)
    #: The respondent's receipt of the subpoena, and the counter-affidavit (DC 015 s10: 10 days).
    subpoena_received_on = Date(null=True, default=None)
    counter_affidavit_filed_on = Date(null=True, default=None)
    #: The clarificatory hearing held (DC 015 s10; see clarificatory_hearing below).
    pi_hearing_held_on = Date(null=True, default=None)
    #: A preliminary investigation after the respondent waived RPC Art. 125 at inquest: it ends
    #: within 15 days of its start (DC 015 s13).
    waiver_pi_started_on = Date(null=True, default=None)
    #: An information filed after inquest: the accused learned of it, and may ask for a
    #: preliminary investigation within 5 days (R112 s6; A.M. 15-06-10-SC III.2).
    inquest_information_known_on = Date(null=True, default=None)
    pi_requested_on = Date(null=True, default=None)
    pi_resolved_on = Date(null=True, default=None)
    #: The head of office's action on the resolution (DC 015 s17: 10 days).
    resolution_approved_on = Date(null=True, default=None)
    #: The parties' receipt of the resolution; the motion for its reconsideration (DC 015 s18)
    #: and the petition for review to the Secretary of Justice (DOJ DC 70 s3), 15 days each.
    resolution_received_on = Date(null=True, default=None)
    resolution_mr_filed_on = Date(null=True, default=None)
    resolution_mr_denial_received_on = Date(null=True, default=None)
    #: Filed with the reviewing office: arraignment is suspended at most 60 days (R116 s11(c)).
    petition_for_review_filed_on = Date(null=True, default=None)
    review_resolved_on = Date(null=True, default=None)
    #: The complaint filed with the prosecutor: it stops prescription (RA 9208 s12).
    complaint_filed_on = Date(null=True, default=None)
    #: The court's receipt of the case, and its jurisdiction over the accused (CT III.8).
    court_received_on = Date(null=True, default=None)
    #: The information's filing, and the judge's evaluation of it (warrant, commitment order or
    #: dismissal) within 10 days (R112 s5).
    information_filed_on = Date(null=True, default=None)
    information_evaluated_on = Date(null=True, default=None)
    jurisdiction_acquired_on = Date(null=True, default=None)
    #: Receipt of the pre-trial order: trial starts within 30 days (R119 s1).
    pretrial_order_received_on = Date(null=True, default=None)
    prosecution_rested_on = Date(null=True, default=None)
    #: The last day of trial (both sides rested, evidence formally offered): the trial
    #: completion target is met (RA 8493 s6; R119 s2).
    trial_completed_on = Date(null=True, default=None)
    #: Demurrer to evidence (R119 s23; A.M. 15-06-10-SC III.13): leave granted, the demurrer
    #: filed, the prosecution's comment (or the day its period lapsed), the resolution.
    demurrer_leave_granted_on = Date(null=True, default=None)
    demurrer_filed_on = Date(null=True, default=None)
    demurrer_comment_on = Date(null=True, default=None)
    demurrer_resolved_on = Date(null=True, default=None)
    #: Bail petition (CT III.10).
    first_bail_hearing_on = Date(null=True, default=None)
    bail_resolved_on = Date(null=True, default=None)
    #: Judgment and after (CT III.16; R122 s6).
    decided_on = Date(null=True, default=None)
    promulgated_on = Date(null=True, default=None)
    judgment_mr_filed_on = Date(null=True, default=None)
    #: Notice of the order denying that motion: the appeal period runs afresh for 15 days from
    #: it (R122 s6; Neypes v. CA, G.R. 141524, 2005).
    judgment_mr_denial_received_on = Date(null=True, default=None)
    notice_of_appeal_filed_on = Date(null=True, default=None)
    #: Entry of judgment, and the destruction of the child's recorded testimony five years after
    #: it (A.M. 004-07-SC s31(f)).
    judgment_entered_on = Date(null=True, default=None)
    tapes_destroyed_on = Date(null=True, default=None)
    #: Accused at large: the warrant reached the police; the arrest (CT III.6).
    warrant_delivered_on = Date(null=True, default=None)
    accused_arrested_on = Date(null=True, default=None)
    #: Prescription starts (RA 9208 s12; RPC Art. 91).
    released_on = Date(null=True, default=None)
    discovered_on = Date(null=True, default=None)
    #: Findings the law requires and only a lawyer can record (null: not recorded). Three
    #: persons conspiring (a syndicate) and three or more victims (large scale) lengthen
    #: prescription (RA 9208 s6(c), s12); a count of accused is not a finding of conspiracy.
    syndicate = Boolean(null=True, default=None)
    large_scale = Boolean(null=True, default=None)
    #: The investigating prosecutor set a clarificatory hearing (optional, DOJ DC 015 s10): it
    #: is held within 30 days of the receipt of the records; null or false: none set.
    clarificatory_hearing = Boolean(null=True, default=None)
    version = Integer(default=1)

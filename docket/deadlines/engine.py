"""Deadlines that follow a case's facts.

``compute_deadlines`` reads the facts a case has and the rules in rules.toml and returns each
deadline with its due date and status. Nothing is stored: change a fact and call it again, and the
deadlines move. A rule whose starting fact is missing gives no deadline; a rule whose closing fact
is recorded is "met"; one whose time ran out before its closing fact came is "missed" (the
14-day hearing gap).

Docket computes these dates to help; every answer that shows them carries ``CAVEAT``.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import tomllib
from importlib import resources
from typing import Literal

import msgspec

from docket.cases.choices import CaseStage, CustodyChange
from docket.deadlines.workdays import (
    Closures,
    LastDayRule,
    days_after,
    days_before,
    months_after,
    previous_working_day,
)
from docket.hearings.choices import PENDING, HearingKind, HearingStatus
from docket.statutes.catalogue import Certainty, statute
from docket.statutes.checks import prescription_dates

__all__ = [
    "CAVEAT",
    "DUE_SOON_DAYS",
    "AccusedFacts",
    "CaseFacts",
    "CustodyFacts",
    "Deadline",
    "HearingFacts",
    "Rule",
    "RulesError",
    "Suspension",
    "compute_deadlines",
    "load_rules",
    "parse_rules",
]

#: A deadline this many days away or fewer is "due_soon".
DUE_SOON_DAYS = 7
#: Said wherever Docket shows a date it computed: the rules are paraphrased and a court's own
#: orders may set other dates.
CAVEAT = (
    "Docket computes these dates to help; check them against the rules and orders in your case."
)

RuleKind = Literal["deadline", "target", "period", "eligibility", "watch"]
Condition = Literal[
    "accused_detained",
    "accused_not_detained",
    "trafficking_case",
    "protected_witness",
    "clarificatory_hearing",
]
#: "missed": the time ran out before the closing fact came (a hearing set more than 14 days
#: after the last one); unlike "met", it stays on the at-risk list.
Status = Literal["met", "missed", "open", "due_soon", "overdue"]

#: Stages in which the case no longer sits for hearings, so no next hearing is due.
_NO_MORE_HEARINGS = frozenset(
    {
        CaseStage.SUBMITTED_FOR_DECISION,
        CaseStage.DECIDED,
        CaseStage.ON_APPEAL,
        CaseStage.ARCHIVED,
        CaseStage.PROVISIONALLY_DISMISSED,
    }
)
#: Hearings still to happen, or that happened; a reset hearing carries its new date.
_COUNTED = frozenset({HearingStatus.SCHEDULED, HearingStatus.RESET, HearingStatus.HELD})


class RulesError(Exception):
    """The deadline rules data file is malformed; the message says where."""


class HearingFacts(msgspec.Struct, frozen=True, kw_only=True):
    """One hearing setting. A reset hearing is given at its NEW date, as the hearings table keeps
    it (docket.hearings.services moves the same hearing)."""

    on: dt.date
    kind: HearingKind = HearingKind.TRIAL
    status: HearingStatus = HearingStatus.SCHEDULED
    child_testifies: bool = False
    live_link_applied_on: dt.date | None = None
    shield_motion_filed_on: dt.date | None = None


class CustodyFacts(msgspec.Struct, frozen=True):
    """One dated change in an accused's custody (docket.cases.custody)."""

    kind: CustodyChange
    on: dt.date


class AccusedFacts(msgspec.Struct, frozen=True, kw_only=True):
    """One accused, for the clocks the law counts per accused (arraignment, CT III.8)."""

    accused_id: int | None = None
    #: As the case already shows it (the name in the information); never a survivor's.
    name: str
    #: The custody flag, read only when no custody change is recorded (older records).
    detained: bool = False
    #: Custody changes, oldest first.
    custody: tuple[CustodyFacts, ...] = ()
    pleaded_on: dt.date | None = None


class CaseFacts(msgspec.Struct, frozen=True, kw_only=True):
    """What is known about a case: the dates deadlines are counted from and closed by."""

    stage: CaseStage | None = None
    #: The accused, each with their own custody and plea. When none is given (a case whose
    #: accused are not recorded), the per-accused rules count once from ``accused_detained``.
    accused: tuple[AccusedFacts, ...] = ()
    is_trafficking_case: bool = False
    accused_detained: bool = False
    #: A witness of the case is in the Witness Protection Program (RA 6981).
    protected_witness: bool = False
    # Preliminary investigation
    pi_assigned_on: dt.date | None = None
    report_received_on: dt.date | None = None
    investigation_started_on: dt.date | None = None
    warrantless_arrest_on: dt.date | None = None
    inquest_referred_on: dt.date | None = None
    complaint_records_received_on: dt.date | None = None
    subpoena_issued_on: dt.date | None = None
    subpoena_received_on: dt.date | None = None
    counter_affidavit_filed_on: dt.date | None = None
    pi_hearing_held_on: dt.date | None = None
    #: A clarificatory hearing was set (it is optional: DOJ DC 015 s10).
    clarificatory_hearing: bool = False
    waiver_pi_started_on: dt.date | None = None
    inquest_information_known_on: dt.date | None = None
    pi_requested_on: dt.date | None = None
    pi_resolved_on: dt.date | None = None
    resolution_approved_on: dt.date | None = None
    resolution_received_on: dt.date | None = None
    resolution_mr_filed_on: dt.date | None = None
    resolution_mr_denial_received_on: dt.date | None = None
    petition_for_review_filed_on: dt.date | None = None
    review_resolved_on: dt.date | None = None
    complaint_filed_on: dt.date | None = None
    # Court: arraignment, bail, trial
    court_received_on: dt.date | None = None
    information_filed_on: dt.date | None = None
    information_evaluated_on: dt.date | None = None
    jurisdiction_acquired_on: dt.date | None = None
    arraigned_on: dt.date | None = None
    first_bail_hearing_on: dt.date | None = None
    bail_resolved_on: dt.date | None = None
    pretrial_order_received_on: dt.date | None = None
    first_trial_day: dt.date | None = None
    prosecution_rested_on: dt.date | None = None
    trial_completed_on: dt.date | None = None
    demurrer_leave_granted_on: dt.date | None = None
    demurrer_filed_on: dt.date | None = None
    demurrer_comment_on: dt.date | None = None
    demurrer_resolved_on: dt.date | None = None
    hearings: tuple[HearingFacts, ...] = ()
    # Judgment and after
    submitted_for_decision_on: dt.date | None = None
    decided_on: dt.date | None = None
    promulgated_on: dt.date | None = None
    judgment_mr_filed_on: dt.date | None = None
    judgment_mr_denial_received_on: dt.date | None = None
    notice_of_appeal_filed_on: dt.date | None = None
    judgment_entered_on: dt.date | None = None
    tapes_destroyed_on: dt.date | None = None
    # Accused at large; provisional dismissal
    warrant_delivered_on: dt.date | None = None
    accused_arrested_on: dt.date | None = None
    archived_on: dt.date | None = None
    provisionally_dismissed_on: dt.date | None = None
    revived_on: dt.date | None = None
    # Prescription (see docket.statutes.checks.prescription_dates)
    charge_codes: tuple[str, ...] = ()
    offence_date: dt.date | None = None
    released_on: dt.date | None = None
    discovered_on: dt.date | None = None
    survivor_birth_date: dt.date | None = None
    #: The birth date is 1 January of the birth year (docket.deadlines.facts keeps the birthday
    #: itself and decides ``child_victim`` on the exact date).
    birth_date_is_year_only: bool = False
    child_victim: bool = False
    victim_count: int = 1
    offender_count: int = 1
    #: Findings a lawyer records (None: not recorded); never guessed from the counts above.
    syndicate: bool | None = None
    large_scale: bool | None = None


_CASE_FIELDS = frozenset(CaseFacts.__struct_fields__)
_HEARING_FIELDS = frozenset(HearingFacts.__struct_fields__)
_SPECIAL_STARTS = frozenset({"hearing", "last_hearing", "offence"})


class Rule(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One deadline rule from rules.toml."""

    code: str
    title: str
    kind: RuleKind
    amount: int | None = None
    unit: Literal["days", "months", "years"]
    direction: Literal["after", "before"]
    counted_from: str
    from_words: str
    met_by: tuple[str, ...] = ()
    when: tuple[Condition, ...] = ()
    last_day: LastDayRule
    source: str
    certainty: Certainty
    note: str = ""
    #: R117 s8: the period for a charge punishable by six years or less (per the catalogue).
    lesser_offence_amount: int | None = None
    #: A period that runs afresh: when ``restarted_by`` is recorded within it, the period counts
    #: again from ``restarts_from`` (``restarts_words``), and has no due date until then.
    restarted_by: str | None = None
    restarts_from: str | None = None
    restarts_words: str = ""
    #: Counted for each accused (their own custody and plea) when the accused are known.
    per_accused: bool = False
    #: A clock that stops while something is pending and then runs on for the days it had left
    #: (arraignment while a petition for review is pending, R116 s11(c)): the pending thing's
    #: filing fact, the fact that ends it, the longest the law lets it stop the clock, and where
    #: the law says so.
    suspended_by: str | None = None
    suspension_ends_by: str | None = None
    suspension_at_most_days: int | None = None
    suspension_words: str = ""
    suspension_source: str = ""

    def __post_init__(self) -> None:
        if self.unit == "years":
            if self.counted_from != "offence" or self.amount is not None:
                raise ValueError(
                    f"{self.code}: only prescription counts years (from the catalogue)"
                )
        elif self.amount is None or self.amount <= 0:
            raise ValueError(f"{self.code}: amount must be a positive number")
        if self.counted_from not in _CASE_FIELDS | _SPECIAL_STARTS:
            raise ValueError(f"{self.code}: counted_from {self.counted_from!r} is not a case fact")
        fields = _HEARING_FIELDS if self.counted_from == "hearing" else _CASE_FIELDS
        unknown = [m for m in self.met_by if m not in fields]
        if unknown:
            raise ValueError(f"{self.code}: met_by names unknown facts {unknown}")
        if (self.direction == "before") != (self.counted_from == "hearing"):
            raise ValueError(f"{self.code}: only hearing rules count backward")
        if not self.source.strip():
            raise ValueError(f"{self.code}: every rule needs its source")
        if (self.restarted_by is None) != (self.restarts_from is None):
            raise ValueError(f"{self.code}: restarted_by and restarts_from go together")
        for name in (self.restarted_by, self.restarts_from):
            if name is not None and name not in _CASE_FIELDS:
                raise ValueError(f"{self.code}: {name!r} is not a case fact")
        suspension = (self.suspended_by, self.suspension_ends_by, self.suspension_at_most_days)
        if any(x is not None for x in suspension):
            if any(x is None for x in suspension) or not self.suspension_source.strip():
                raise ValueError(
                    f"{self.code}: a suspension needs suspended_by, suspension_ends_by, "
                    "suspension_at_most_days and suspension_source"
                )
            for name in (self.suspended_by, self.suspension_ends_by):
                if name not in _CASE_FIELDS:
                    raise ValueError(f"{self.code}: {name!r} is not a case fact")
        if self.lesser_offence_amount is not None and not (
            0 < self.lesser_offence_amount < (self.amount or 0)
        ):
            raise ValueError(f"{self.code}: lesser_offence_amount must be shorter than amount")


class _Rules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    rules: tuple[Rule, ...] = msgspec.field(name="rule")


class Suspension(msgspec.Struct, frozen=True, kw_only=True):
    """Days a clock stood still, and why: its due date is later by ``days``."""

    #: What stopped it, in plain words (e.g. "the petition for review filed 05 Mar 2026").
    reason: str
    suspended_from: dt.date
    suspended_to: dt.date
    days: int
    #: Still pending: ``suspended_to`` is the longest the law lets it last.
    pending: bool
    source: str


class Deadline(msgspec.Struct, frozen=True, kw_only=True):
    """A date by which something should happen in a case, and where it stands today."""

    rule: str
    title: str
    #: How to read the status: see rules.toml (a lapsed "period" shows as "overdue").
    kind: RuleKind
    due_on: dt.date
    status: Status
    source: str
    certainty: Certainty
    #: The fact the deadline was counted from, in plain words, and its date.
    counted_from: str
    counted_from_on: dt.date
    #: When the closing fact happened; ``late`` when that was after the due date.
    met_on: dt.date | None = None
    late: bool = False
    #: For a "missed" deadline: how many days after the due date the closing fact came (or, if
    #: it has not come yet, how many days have passed since).
    days_over: int | None = None
    #: The hearing a hearing rule is about; the charge a prescription deadline is about.
    hearing_on: dt.date | None = None
    charge_code: str | None = None
    #: The accused a per-accused clock is about (arraignment), as the case shows the name.
    accused_id: int | None = None
    accused_name: str | None = None
    #: Anything the prosecutor should check (inconsistent dates, the rule's own caveat).
    note: str = ""
    #: The days the clock stood still (a petition for review before arraignment, R116 s11(c)).
    suspension: Suspension | None = None


def parse_rules(text: str) -> tuple[Rule, ...]:
    """Read and validate deadline-rules TOML; raise RulesError on any fault."""
    try:
        rules = msgspec.convert(tomllib.loads(text), _Rules).rules
    except (tomllib.TOMLDecodeError, msgspec.ValidationError) as exc:
        raise RulesError(f"The deadline rules are malformed: {exc}") from exc
    codes = [r.code for r in rules]
    if len(codes) != len(set(codes)):
        raise RulesError("The deadline rules list a code twice")
    return rules


@functools.cache
def load_rules() -> tuple[Rule, ...]:
    """The rules shipped with Docket, read once."""
    return parse_rules(
        resources.files("docket.deadlines").joinpath("rules.toml").read_text("utf-8")
    )


def _status(due: dt.date, met_on: dt.date | None, today: dt.date) -> Status:
    if met_on is not None:
        return "met"
    if due < today:
        return "overdue"
    if (due - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "open"


def _applies(rule: Rule, facts: CaseFacts) -> bool:
    if rule.per_accused and facts.accused:
        # Custody is each accused's own (see _per_accused).
        return "trafficking_case" not in rule.when or facts.is_trafficking_case
    held = {
        "accused_detained": facts.accused_detained,
        "accused_not_detained": not facts.accused_detained,
        "trafficking_case": facts.is_trafficking_case,
        "protected_witness": facts.protected_witness,
        "clarificatory_hearing": facts.clarificatory_hearing,
    }
    return all(held[c] for c in rule.when)


def _earliest(dates: list[dt.date | None]) -> dt.date | None:
    known = [d for d in dates if d is not None]
    return min(known) if known else None


def _deadline(
    rule: Rule,
    *,
    due: dt.date,
    start: dt.date,
    counted_from: str,
    met_on: dt.date | None,
    today: dt.date,
    hearing_on: dt.date | None = None,
    charge_code: str | None = None,
    note: str = "",
    source: str | None = None,
    certainty: Certainty | None = None,
    status: Status | None = None,
    days_over: int | None = None,
    rule_note: bool = True,
) -> Deadline:
    notes = [note] if note else []
    if met_on is not None and rule.direction == "after" and met_on < start:
        notes.append(
            f"Recorded as done on {met_on:%d %b %Y}, before {counted_from} "
            f"({start:%d %b %Y}): check the dates."
        )
    if rule.note and rule_note:
        notes.append(rule.note)
    return Deadline(
        rule=rule.code,
        title=rule.title,
        kind=rule.kind,
        due_on=due,
        status=status or _status(due, met_on, today),
        source=source or rule.source,
        certainty=certainty or rule.certainty,
        counted_from=counted_from,
        counted_from_on=start,
        met_on=met_on,
        late=met_on is not None and met_on > due,
        days_over=days_over,
        hearing_on=hearing_on,
        charge_code=charge_code,
        note=" ".join(notes),
    )


def _from_a_fact(
    rule: Rule, facts: CaseFacts, today: dt.date, closures: Closures
) -> list[Deadline]:
    start = getattr(facts, rule.counted_from)
    if not isinstance(start, dt.date) or rule.amount is None:
        return []

    def count(start: dt.date) -> dt.date:
        if rule.unit == "months":
            return months_after(start, rule.amount or 0, closures, last_day=rule.last_day)
        return days_after(start, rule.amount or 0, closures, last_day=rule.last_day)

    due = count(start)
    met_on = _earliest([getattr(facts, m) for m in rule.met_by])
    words, note = rule.from_words, ""
    if rule.restarted_by is not None and rule.restarts_from is not None:
        stopped_on = getattr(facts, rule.restarted_by)
        if (
            isinstance(stopped_on, dt.date)
            and start <= stopped_on <= due
            and (met_on is None or stopped_on <= met_on)
        ):
            # The motion came in time: the period is suspended while it is pending and then runs
            # afresh (R122 s6; Neypes v. CA, G.R. 141524, 2005), so until the order on it is
            # received there is no last day to show.
            restart = getattr(facts, rule.restarts_from)
            if not isinstance(restart, dt.date):
                return []
            start, words, due = restart, rule.restarts_words, count(restart)
            note = f"A fresh period: the motion filed {stopped_on:%d %b %Y} stopped the first one."
    return [
        _deadline(
            rule, due=due, start=start, counted_from=words, met_on=met_on, today=today, note=note
        )
    ]


#: A.M. 15-06-10-SC III.8: a detained accused is arraigned within 10 days (the rule
#: "arraignment_detained" counts the same; tests/test_legal_clocks.py checks they agree).
_DETAINED_DAYS = 10
#: Custody changes that put the accused in detention.
_DETAINING = frozenset({CustodyChange.ARRESTED, CustodyChange.DETAINED, CustodyChange.RECOMMITTED})


def _detentions(custody: tuple[CustodyFacts, ...]) -> list[tuple[dt.date, dt.date | None]]:
    """Each stretch of detention: its first day, and the day bail or release ended it."""
    stretches: list[tuple[dt.date, dt.date | None]] = []
    began: dt.date | None = None
    for change in custody:
        if change.kind in _DETAINING:
            began = began or change.on
        elif began is not None:
            stretches.append((began, change.on))
            began = None
    if began is not None:
        stretches.append((began, None))
    return stretches


class _Arraignment(msgspec.Struct, frozen=True):
    detained: bool
    start: dt.date
    words: str | None = None
    note: str = ""
    inferred: bool = False


def _arraignment_of(
    accused: AccusedFacts, facts: CaseFacts, closures: Closures
) -> _Arraignment | None:
    """Which arraignment clock runs for this accused, and from when (A.M. 15-06-10-SC III.8:
    10 days from the court's receipt of the case for a detained accused, 30 days from the
    court's jurisdiction over the person for the others).

    The 10-day clock holds if the accused was still detained when it fell due (or pleaded while
    detained); bail or release before then moves the accused to the 30-day clock, with a note.
    An accused detained only after the court received the case is counted from the detention,
    when the court acquired jurisdiction over them (A.M. 15-06-10-SC (2015) II.1) [I].
    """
    received = facts.court_received_on
    if not accused.custody:  # no history recorded: the custody flag, as before
        if accused.detained:
            return _Arraignment(True, received) if received else None
        entered = facts.jurisdiction_acquired_on
        return _Arraignment(False, entered) if entered else None
    moved: list[str] = []
    stretches = _detentions(accused.custody)
    if received is None and stretches and stretches[-1][1] is None:
        return None  # detained now: the 10-day clock waits for the court's receipt date
    if received is not None:
        for began, ended in stretches:
            if ended is not None and ended <= received:
                continue  # out on bail (or released) before the court had the case
            start = max(received, began)
            due = days_after(start, _DETAINED_DAYS, closures, last_day="next_working_day")
            pleaded = accused.pleaded_on
            if ended is None or ended > due or (pleaded is not None and pleaded <= ended):
                if began <= received:
                    return _Arraignment(True, start, note=" ".join(moved))
                return _Arraignment(
                    True,
                    start,
                    words="the detention of the accused, after the court received the case",
                    note=" ".join(
                        [
                            *moved,
                            f"Detained on {began:%d %b %Y}, after the court received the case "
                            f"({received:%d %b %Y}): counted from the detention, when the court "
                            "acquired jurisdiction over the accused (A.M. 15-06-10-SC (2015) "
                            "II.1).",
                        ]
                    ),
                    inferred=True,
                )
            how = next(
                c.kind for c in accused.custody if c.on == ended and c.kind not in _DETAINING
            )
            moved.append(
                f"{'Bail posted' if how == CustodyChange.BAIL_POSTED else 'Released'} on "
                f"{ended:%d %b %Y}, before the 10-day clock for a detained accused fell due "
                f"({due:%d %b %Y}): counted as not detained."
            )
    first = accused.custody[0].on  # the court holds the person from the first change on
    entered = facts.jurisdiction_acquired_on
    if entered is not None and entered >= first:
        return _Arraignment(False, entered, note=" ".join(moved))
    if entered is None and received is None:
        return None  # arrested before any case reached the court (inquest): no clock yet
    start = max(d for d in (first, entered, received) if d is not None)
    return _Arraignment(
        False,
        start,
        words="the court acquiring jurisdiction over this accused (first in custody)",
        note=" ".join(
            [
                *moved,
                f"Counted from {start:%d %b %Y}, when this accused was first in the court's "
                "custody (arrest, detention or bail) and the court had the case.",
            ]
        ),
    )


def _per_accused(
    rule: Rule, facts: CaseFacts, today: dt.date, closures: Closures
) -> list[Deadline]:
    """The arraignment clocks, one per accused not yet disposed of: a detained co-accused no
    longer hides a bailed one's clock, and one accused's plea meets only their own."""
    if rule.amount is None:
        return []
    wants_detained = "accused_detained" in rule.when
    anyone_pleaded = any(a.pleaded_on for a in facts.accused)
    found = []
    for accused in facts.accused:
        clock = _arraignment_of(accused, facts, closures)
        if clock is None or clock.detained != wants_detained:
            continue
        met_on, note = accused.pleaded_on, clock.note
        if met_on is None and not anyone_pleaded and facts.arraigned_on is not None:
            # No plea recorded for anyone: a held arraignment hearing stands in, as before.
            met_on = facts.arraigned_on
            note = " ".join(
                filter(None, (note, "Met by the arraignment hearing: record each accused's plea."))
            )
        deadline = _deadline(
            rule,
            due=days_after(clock.start, rule.amount, closures, last_day=rule.last_day),
            start=clock.start,
            counted_from=clock.words or rule.from_words,
            met_on=met_on,
            today=today,
            note=note,
            certainty="I" if clock.inferred else None,
        )
        found.append(
            msgspec.structs.replace(
                deadline, accused_id=accused.accused_id, accused_name=accused.name
            )
        )
    return found


def _provisional_dismissal(
    rule: Rule, facts: CaseFacts, today: dt.date, closures: Closures
) -> list[Deadline]:
    """R117 s8: a provisional dismissal becomes permanent one year after the order for offences
    punishable by six years or less, two years for the rest; one deadline per charge.

    Where the penalty is not known (no charge recorded, a code the catalogue does not know, or a
    graded penalty it cannot place) the ONE-year date is used, with a note. The prosecutor is
    watching for the bar: a date too early costs a revival filed sooner than needed; a date too
    late lets the case die unseen. So when unsure, never the later date.
    """
    start = facts.provisionally_dismissed_on
    if start is None or rule.amount is None or rule.lesser_offence_amount is None:
        return []
    met_on = _earliest([getattr(facts, m) for m in rule.met_by])
    charges: list[tuple[str | None, bool | None]] = [
        (code, over.punishable_over_six_years if (over := statute(code)) else None)
        for code in dict.fromkeys(facts.charge_codes)
    ] or [(None, None)]
    found = []
    for code, over_six in charges:
        if over_six is True:
            days, note = rule.amount, "The offence is punishable by more than six years."
        elif over_six is False:
            days, note = (
                rule.lesser_offence_amount,
                ("The offence is punishable by six years or less: one year (R117 s8)."),
            )
        else:
            days = rule.lesser_offence_amount
            what = "No charge is recorded" if code is None else f"The penalty of {code} is unknown"
            note = (
                f"{what}: counted as one year, the earlier of R117 s8's two periods; two years "
                "if the offence is punishable by more than six years."
            )
        found.append(
            _deadline(
                rule,
                due=days_after(start, days, closures, last_day=rule.last_day),
                start=start,
                counted_from=rule.from_words,
                met_on=met_on,
                today=today,
                charge_code=code,
                note=note,
                certainty=rule.certainty if over_six is not None else "I",
            )
        )
    return found


def _before_each_hearing(
    rule: Rule, facts: CaseFacts, today: dt.date, closures: Closures
) -> list[Deadline]:
    if rule.amount is None:
        return []
    found = []
    for hearing in facts.hearings:
        if not hearing.child_testifies or hearing.status not in PENDING:
            continue
        met_on = _earliest([getattr(hearing, m) for m in rule.met_by])
        found.append(
            _deadline(
                rule,
                due=days_before(hearing.on, rule.amount, closures),
                start=hearing.on,
                counted_from=rule.from_words,
                met_on=met_on,
                today=today,
                hearing_on=hearing.on,
            )
        )
    return found


def _hearing_gaps(
    rule: Rule, facts: CaseFacts, today: dt.date, closures: Closures
) -> list[Deadline]:
    """OCA Circ. 151-2010: in a trafficking case, hearings at most 14 days apart.

    Counted from arraignment on, over every held, scheduled or reset setting (a reset one at its
    new date; cancelled ones do not count). Any kind of setting counts: the circular is about the
    case not lying idle [I]. A gap longer than the limit is "missed" once its last day has passed
    (with the days over), and before that open or due soon with a note that the next setting is
    too late; the next hearing is due 14 days after the last one while the case is being heard.
    """
    if facts.arraigned_on is None or rule.amount is None:
        return []
    dates = sorted(
        {facts.arraigned_on}
        | {h.on for h in facts.hearings if h.status in _COUNTED and h.on >= facts.arraigned_on}
    )
    found = []
    for previous, following in itertools.pairwise(dates):
        due = days_after(previous, rule.amount, closures, last_day=rule.last_day)
        if following > due:
            over = (following - due).days
            gap = (following - previous).days
            if today > due:
                status: Status | None = "missed"
                note = f"The gap to the next hearing was {gap} days: {over} days over the limit."
            else:
                status = None  # open or due soon: the court can still set an earlier hearing
                note = (
                    f"The next setting, {following:%d %b %Y}, is {gap} days after this one: ask "
                    f"for an earlier setting, or the limit will be missed by {over} days."
                )
            found.append(
                _deadline(
                    rule,
                    due=due,
                    start=previous,
                    counted_from=rule.from_words,
                    met_on=following,
                    today=today,
                    hearing_on=previous,
                    note=note,
                    status=status or _status(due, None, today),
                    days_over=over,
                )
            )
    decided = facts.submitted_for_decision_on or facts.decided_on or facts.promulgated_on
    if decided is None and facts.stage not in _NO_MORE_HEARINGS:
        last = dates[-1]
        found.append(
            _deadline(
                rule,
                due=days_after(last, rule.amount, closures, last_day=rule.last_day),
                start=last,
                counted_from=rule.from_words,
                met_on=None,
                today=today,
                hearing_on=last,
            )
        )
    return found


def _prescription(
    rule: Rule, facts: CaseFacts, today: dt.date, closures: Closures
) -> list[Deadline]:
    found = []
    for code in dict.fromkeys(facts.charge_codes):  # each charge once, in the order given
        estimate = prescription_dates(
            code,
            offence_date=facts.offence_date,
            survivor_birth_date=facts.survivor_birth_date,
            child_victim=facts.child_victim,
            released_on=facts.released_on,
            discovered_on=facts.discovered_on,
            victim_count=facts.victim_count,
            offender_count=facts.offender_count,
            syndicate=facts.syndicate,
            large_scale=facts.large_scale,
            birth_year_only=facts.birth_date_is_year_only,
        )
        if estimate.warn_on is None or estimate.starts_on is None:
            continue  # unknown code or missing facts: charge_advice says so, not a deadline
        met_on = _earliest([getattr(facts, m) for m in rule.met_by])
        found.append(
            _deadline(
                rule,
                due=previous_working_day(estimate.warn_on, closures),
                start=estimate.starts_on,
                counted_from=f"{estimate.starts_from} ({estimate.years} years)",
                met_on=met_on,
                today=today,
                charge_code=estimate.code,
                note=" ".join(estimate.notes),
                source=estimate.source,
                certainty=estimate.certainty,
                # What interrupts the period is the charge's own law (catalogue.toml), never
                # RA 9208 s12 for an RPC or RA 11930 charge.
                rule_note=False,
            )
        )
    return found


def _suspended(
    rule: Rule, deadline: Deadline, facts: CaseFacts, today: dt.date, closures: Closures
) -> Deadline:
    """The clock stands still while the petition for review is pending, and runs on after it for
    the days it had left; the due date is later by the days it stood still (R116 s11(c)).

    The suspension counts from the filing of the petition (or from the clock's start, if the
    petition came first) to the resolution of the review, and never past the law's longest
    (60 days from the filing). A petition still pending is counted to that longest day, the
    latest the law allows, with a note to record the resolution. A petition filed after the
    clock's last day, or after the accused pleaded, did not stop it. Counting the days as
    calendar days from filing to resolution is our reading [I]: R116 s11(c) gives only the limit.
    """
    filed = getattr(facts, rule.suspended_by or "")
    if not isinstance(filed, dt.date) or rule.amount is None:
        return deadline
    start, met_on = deadline.counted_from_on, deadline.met_on
    if filed > deadline.due_on or (met_on is not None and filed > met_on):
        when = "after this clock's last day" if filed > deadline.due_on else "after the plea"
        note = (
            f"The {rule.suspension_words} was filed on {filed:%d %b %Y}, {when}: "
            "it did not stop this clock."
        )
        return msgspec.structs.replace(deadline, note=" ".join(filter(None, (deadline.note, note))))
    longest = filed + dt.timedelta(days=rule.suspension_at_most_days or 0)
    ended = getattr(facts, rule.suspension_ends_by or "")
    pending = not isinstance(ended, dt.date)
    until = longest if pending else min(ended, longest)
    begins = max(filed, start)
    if until <= begins:
        return deadline
    days = (until - begins).days
    due = days_after(start, rule.amount + days, closures, last_day=rule.last_day)
    if pending:
        note = (
            f"Suspended while the {rule.suspension_words} filed {filed:%d %b %Y} is pending: "
            f"counted to {until:%d %b %Y}, the longest the law allows; record the date the "
            "review is resolved and the clock resumes from it."
        )
    else:
        note = (
            f"Suspended {days} days, {begins:%d %b %Y} to {until:%d %b %Y}, while the "
            f"{rule.suspension_words} was pending ({rule.suspension_source})."
        )
    return msgspec.structs.replace(
        deadline,
        due_on=due,
        status=_status(due, met_on, today),
        late=met_on is not None and met_on > due,
        note=" ".join(filter(None, (deadline.note, note))),
        suspension=Suspension(
            reason=f"the {rule.suspension_words} filed {filed:%d %b %Y}",
            suspended_from=begins,
            suspended_to=until,
            days=days,
            pending=pending,
            source=rule.suspension_source,
        ),
    )


def _circular_inferred(facts: CaseFacts) -> bool:
    """OCA Circ. 151-2010 is about trafficking (RA 9208) cases; a case charged only under
    RA 11930 (OSAEC) gets its clocks by inference."""
    codes = facts.charge_codes
    return any(c.startswith("OSAEC-") for c in codes) and not any(
        c.startswith("TIP-") for c in codes
    )


_CIRCULAR_NOTE = (
    "Applied by inference: the case is charged under RA 11930 (OSAEC) only, and OCA Circ. "
    "151-2010 names trafficking (RA 9208) cases."
)


def compute_deadlines(
    facts: CaseFacts,
    *,
    today: dt.date,
    closures: Closures = frozenset(),
    uncounted: list[str] | None = None,
) -> list[Deadline]:
    """Every deadline the facts give rise to, soonest first.

    ``today`` is the court's date (Asia/Manila); ``closures`` are admin-declared days the court
    is closed (typhoon suspensions, local holidays) on top of weekends and national holidays.
    The titles of rules that could not be counted (a stored date near year 9999) go to
    ``uncounted``, so that the reader can say so instead of silently showing fewer deadlines.
    """
    found: list[Deadline] = []
    for rule in load_rules():
        if not _applies(rule, facts):
            continue
        if rule.counted_from == "hearing":
            count = _before_each_hearing
        elif rule.counted_from == "last_hearing":
            count = _hearing_gaps
        elif rule.counted_from == "offence":
            count = _prescription
        elif rule.per_accused and facts.accused:
            count = _per_accused
        elif rule.lesser_offence_amount is not None:
            count = _provisional_dismissal
        else:
            count = _from_a_fact
        try:
            counted = count(rule, facts, today, closures)
        except (OverflowError, ValueError):
            # A date near year 1 or 9999 (a typing error) has no due date on the calendar: it
            # gives no deadline rather than stopping every other one, and is reported.
            if uncounted is not None:
                uncounted.append(rule.title)
            continue
        if rule.suspended_by is not None:
            counted = [_suspended(rule, d, facts, today, closures) for d in counted]
        if "trafficking_case" in rule.when and _circular_inferred(facts):
            counted = [
                msgspec.structs.replace(
                    d, certainty="I", note=" ".join(filter(None, (_CIRCULAR_NOTE, d.note)))
                )
                for d in counted
            ]
        found += counted
    return sorted(
        found, key=lambda d: (d.due_on, d.rule, d.hearing_on or d.due_on, d.accused_name or "")
    )

"""Deadlines that follow a case's facts.

``compute_deadlines`` reads the facts a case has and the rules in rules.toml and returns each
deadline with its due date and status. Nothing is stored: change a fact and call it again, and the
deadlines move. A rule whose starting fact is missing gives no deadline; a rule whose closing fact
is recorded is "met".
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import tomllib
from importlib import resources
from typing import Literal

import msgspec

from docket.cases.choices import CaseStage
from docket.deadlines.workdays import (
    Closures,
    LastDayRule,
    days_after,
    days_before,
    months_after,
    previous_working_day,
)
from docket.hearings.choices import HearingKind, HearingStatus
from docket.statutes.catalogue import Certainty
from docket.statutes.checks import prescription_dates

__all__ = [
    "DUE_SOON_DAYS",
    "CaseFacts",
    "Deadline",
    "HearingFacts",
    "Rule",
    "RulesError",
    "compute_deadlines",
    "load_rules",
    "parse_rules",
]

#: A deadline this many days away or fewer is "due_soon".
DUE_SOON_DAYS = 7

RuleKind = Literal["deadline", "target", "period", "eligibility", "watch"]
Condition = Literal["accused_detained", "accused_not_detained", "trafficking_case"]
Status = Literal["met", "open", "due_soon", "overdue"]

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
_PENDING = frozenset({HearingStatus.SCHEDULED, HearingStatus.RESET})


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


class CaseFacts(msgspec.Struct, frozen=True, kw_only=True):
    """What is known about a case: the dates deadlines are counted from and closed by."""

    stage: CaseStage | None = None
    is_trafficking_case: bool = False
    accused_detained: bool = False
    # Preliminary investigation
    pi_assigned_on: dt.date | None = None
    pi_resolved_on: dt.date | None = None
    complaint_filed_on: dt.date | None = None
    # Court: arraignment, bail, trial
    court_received_on: dt.date | None = None
    jurisdiction_acquired_on: dt.date | None = None
    arraigned_on: dt.date | None = None
    first_bail_hearing_on: dt.date | None = None
    bail_resolved_on: dt.date | None = None
    pretrial_order_received_on: dt.date | None = None
    first_trial_day: dt.date | None = None
    prosecution_rested_on: dt.date | None = None
    trial_completed_on: dt.date | None = None
    hearings: tuple[HearingFacts, ...] = ()
    # Judgment and after
    submitted_for_decision_on: dt.date | None = None
    decided_on: dt.date | None = None
    promulgated_on: dt.date | None = None
    judgment_mr_filed_on: dt.date | None = None
    notice_of_appeal_filed_on: dt.date | None = None
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
    child_victim: bool = False
    victim_count: int = 1
    offender_count: int = 1


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


class _Rules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    rules: tuple[Rule, ...] = msgspec.field(name="rule")


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
    #: The hearing a hearing rule is about; the charge a prescription deadline is about.
    hearing_on: dt.date | None = None
    charge_code: str | None = None
    #: Anything the prosecutor should check (inconsistent dates, the rule's own caveat).
    note: str = ""


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
    held = {
        "accused_detained": facts.accused_detained,
        "accused_not_detained": not facts.accused_detained,
        "trafficking_case": facts.is_trafficking_case,
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
) -> Deadline:
    notes = [note] if note else []
    if met_on is not None and rule.direction == "after" and met_on < start:
        notes.append(
            f"Recorded as done on {met_on:%d %b %Y}, before {counted_from} "
            f"({start:%d %b %Y}): check the dates."
        )
    if rule.note:
        notes.append(rule.note)
    return Deadline(
        rule=rule.code,
        title=rule.title,
        kind=rule.kind,
        due_on=due,
        status=_status(due, met_on, today),
        source=source or rule.source,
        certainty=certainty or rule.certainty,
        counted_from=counted_from,
        counted_from_on=start,
        met_on=met_on,
        late=met_on is not None and met_on > due,
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
    if rule.unit == "months":
        due = months_after(start, rule.amount, closures, last_day=rule.last_day)
    else:
        due = days_after(start, rule.amount, closures, last_day=rule.last_day)
    met_on = _earliest([getattr(facts, m) for m in rule.met_by])
    return [
        _deadline(
            rule, due=due, start=start, counted_from=rule.from_words, met_on=met_on, today=today
        )
    ]


def _before_each_hearing(
    rule: Rule, facts: CaseFacts, today: dt.date, closures: Closures
) -> list[Deadline]:
    if rule.amount is None:
        return []
    found = []
    for hearing in facts.hearings:
        if not hearing.child_testifies or hearing.status not in _PENDING:
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
    case not lying idle [I]. Past gaps longer than the limit are reported as met but late; the
    next hearing is due 14 days after the last one while the case is still being heard.
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
            found.append(
                _deadline(
                    rule,
                    due=due,
                    start=previous,
                    counted_from=rule.from_words,
                    met_on=following,
                    today=today,
                    hearing_on=previous,
                    note=f"The gap to the next hearing was {(following - previous).days} days.",
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
            )
        )
    return found


def compute_deadlines(
    facts: CaseFacts,
    *,
    today: dt.date,
    closures: frozenset[dt.date] = frozenset(),
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
        else:
            count = _from_a_fact
        try:
            found += count(rule, facts, today, closures)
        except (OverflowError, ValueError):
            # A date near year 1 or 9999 (a typing error) has no due date on the calendar: it
            # gives no deadline rather than stopping every other one, and is reported.
            if uncounted is not None:
                uncounted.append(rule.title)
            continue
    return sorted(found, key=lambda d: (d.due_on, d.rule, d.hearing_on or d.due_on))

"""Deadline rules and the court calendar, with every due date worked by hand (legal.md 3, 7.2).

Each expected date is a literal. The comment beside it counts the days: the day of the event is
left out and the last day counted in; a last day on a weekend, Philippine holiday or court
closure moves to the next working day, except where the rule says it moves earlier.
2026 calendar used below: Mon 2 Mar, Fri 1 May (Labor Day), Fri 12 Jun (Independence Day),
Thu 2 Apr / Fri 3 Apr (Maundy Thursday / Good Friday), Fri 25 Dec (Christmas), Wed 30 Dec
(Rizal Day), Thu 31 Dec (New Year's Eve), Fri 1 Jan 2027 (New Year's Day).
"""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from docket.cases.choices import CaseStage
from docket.deadlines.engine import (
    CaseFacts,
    Deadline,
    HearingFacts,
    RulesError,
    compute_deadlines,
    load_rules,
    parse_rules,
)
from docket.deadlines.workdays import (
    add_months,
    closed_because,
    days_after,
    days_before,
    months_after,
)
from docket.hearings.choices import HearingKind, HearingStatus

D = dt.date
TODAY = D(2026, 3, 1)  # before everything below unless a test says otherwise


def only(deadlines: list[Deadline], rule: str) -> Deadline:
    found = [d for d in deadlines if d.rule == rule]
    assert len(found) == 1, [d.rule for d in deadlines]
    return found[0]


def rules_of(deadlines: list[Deadline]) -> list[str]:
    return [d.rule for d in deadlines]


# --- The court calendar ---------------------------------------------------------------------


def test_the_court_calendar_knows_weekends_holidays_and_closures() -> None:
    assert closed_because(D(2026, 3, 14)) == "Saturday"
    assert closed_because(D(2026, 3, 15)) == "Sunday"
    assert closed_because(D(2026, 12, 30)) == "Rizal Day"
    assert closed_because(D(2026, 6, 12)) == "Independence Day"
    assert closed_because(D(2026, 12, 25)) == "Christmas Day"
    assert closed_because(D(2026, 3, 12)) is None
    assert closed_because(D(2026, 3, 12), frozenset({D(2026, 3, 12)})) == "court closure"


def test_the_first_day_is_excluded_and_the_last_included() -> None:
    # Mon 2 Mar + 10 days = Thu 12 Mar (3..12 is ten days).
    assert days_after(D(2026, 3, 2), 10) == D(2026, 3, 12)


def test_a_period_ending_on_saturday_moves_to_monday() -> None:
    # Wed 4 Mar + 10 = Sat 14 Mar -> Mon 16 Mar.
    assert days_after(D(2026, 3, 4), 10) == D(2026, 3, 16)


@pytest.mark.parametrize(
    ("months", "start", "expected"),
    [
        (6, D(2026, 8, 31), D(2027, 2, 28)),  # no 31 Feb: clamped to the month's last day
        (6, D(2023, 8, 31), D(2024, 2, 29)),  # leap year
        (1, D(2026, 1, 31), D(2026, 2, 28)),
        (1, D(2026, 12, 15), D(2027, 1, 15)),  # over the year end
        (-1, D(2026, 3, 31), D(2026, 2, 28)),
        (12 * 18, D(2008, 2, 29), D(2026, 2, 28)),  # 18th birthday of a 29 Feb child
        (0, D(2026, 5, 5), D(2026, 5, 5)),
    ],
)
def test_calendar_months(months: int, start: D, expected: D) -> None:
    assert add_months(start, months) == expected


def test_months_after_moves_off_a_sunday() -> None:
    # 31 Aug 2026 + 6 months = 28 Feb 2027 (clamped), a Sunday -> Mon 1 Mar 2027.
    assert months_after(D(2026, 8, 31), 6) == D(2027, 3, 1)


def test_a_backward_period_on_a_weekend_moves_earlier() -> None:
    # "At least 5 days before" Fri 20 Mar: 20 - 5 = Sun 15 Mar -> Fri 13 Mar, never Mon 16 Mar
    # (which would leave only 4 days).
    assert days_before(D(2026, 3, 20), 5) == D(2026, 3, 13)


def test_a_backward_period_on_a_holiday_moves_earlier() -> None:
    # Wed 6 May - 5 = Fri 1 May, Labor Day -> Thu 30 Apr.
    assert days_before(D(2026, 5, 6), 5) == D(2026, 4, 30)


# --- The rules as data ----------------------------------------------------------------------


def test_every_rule_keeps_its_source_and_certainty() -> None:
    rules = load_rules()
    assert {
        "pi_resolution", "arraignment_detained", "arraignment_not_detained", "trial_start",
        "trial_completion", "tip_hearing_gap", "tip_decision", "judgment", "judgment_mr",
        "notice_of_appeal", "live_link_application", "shield_motion", "archive_eligibility",
        "provisional_dismissal_permanent", "bail_resolution", "prescription",
    } <= {r.code for r in rules}  # fmt: skip
    for rule in rules:
        assert rule.source.strip(), rule.code
        assert rule.certainty in {"V", "M", "I"}


_RULE = """
[[rule]]
code = "x"
title = "X"
kind = "deadline"
amount = 10
unit = "days"
direction = "after"
counted_from = "arraigned_on"
from_words = "arraignment"
met_by = ["decided_on"]
last_day = "next_working_day"
source = "R1"
certainty = "V"
"""


def test_a_well_formed_rule_parses() -> None:
    assert parse_rules(_RULE)[0].amount == 10


@pytest.mark.parametrize(
    "bad",
    [
        _RULE.replace('"arraigned_on"', '"arraignment_date"'),  # not a case fact
        _RULE.replace('["decided_on"]', '["decided"]'),  # closing fact unknown
        _RULE.replace("amount = 10", "amount = -3"),
        _RULE.replace("amount = 10", 'amount = "ten"'),
        _RULE.replace('"after"', '"before"'),  # only hearing rules count backward
        _RULE.replace('source = "R1"', 'source = " "'),
        _RULE.replace('unit = "days"', 'unit = "fortnights"'),
        _RULE + 'colour = "red"\n',
        _RULE + _RULE,
        "[[rule]\n",
    ],
)
def test_a_bad_rules_file_fails_loudly(bad: str) -> None:
    with pytest.raises(RulesError):
        parse_rules(bad)


# --- Preliminary investigation --------------------------------------------------------------


def test_pi_resolution_on_a_holiday_moves_to_the_next_working_day() -> None:
    # DOJ DC 015 s17: 60 days from assignment. Mon 2 Mar + 60: to 31 Mar is 29, April's 30 make
    # 59, so day 60 is Fri 1 May, Labor Day -> Sat, Sun -> Mon 4 May 2026.
    facts = CaseFacts(pi_assigned_on=D(2026, 3, 2))
    d = only(compute_deadlines(facts, today=TODAY), "pi_resolution")
    assert d.due_on == D(2026, 5, 4)
    assert d.status == "open"
    assert d.source == "DOJ DC 015 (2024) s17"
    assert d.counted_from_on == D(2026, 3, 2)


# --- Arraignment and pre-trial --------------------------------------------------------------


def test_arraignment_of_a_detained_accused_is_ten_days_from_receipt() -> None:
    # A.M. 15-06-10-SC III.8: detained, 10 days from the court's receipt. Mon 2 Mar + 10
    # = Thu 12 Mar 2026.
    facts = CaseFacts(
        accused_detained=True,
        court_received_on=D(2026, 3, 2),
        jurisdiction_acquired_on=D(2026, 3, 2),
    )
    found = compute_deadlines(facts, today=TODAY)
    d = only(found, "arraignment_detained")
    assert d.due_on == D(2026, 3, 12)
    assert "arraignment_not_detained" not in rules_of(found)


def test_arraignment_of_an_accused_not_detained_is_thirty_days_from_jurisdiction() -> None:
    # A.M. 15-06-10-SC III.8: not detained, 30 days from the court acquiring jurisdiction.
    # Mon 2 Mar + 30: to 31 Mar is 29, so day 30 is Wed 1 Apr 2026.
    facts = CaseFacts(
        accused_detained=False,
        court_received_on=D(2026, 3, 2),
        jurisdiction_acquired_on=D(2026, 3, 2),
    )
    found = compute_deadlines(facts, today=TODAY)
    assert only(found, "arraignment_not_detained").due_on == D(2026, 4, 1)
    assert "arraignment_detained" not in rules_of(found)


def test_a_deadline_moves_when_the_fact_changes() -> None:
    # The receipt date was corrected from Mon 2 Mar to Wed 4 Mar: Wed 4 Mar + 10 = Sat 14 Mar
    # -> Mon 16 Mar 2026.
    before = CaseFacts(accused_detained=True, court_received_on=D(2026, 3, 2))
    after = msgspec.structs.replace(before, court_received_on=D(2026, 3, 4))
    assert only(compute_deadlines(before, today=TODAY), "arraignment_detained").due_on == D(
        2026, 3, 12
    )
    assert only(compute_deadlines(after, today=TODAY), "arraignment_detained").due_on == D(
        2026, 3, 16
    )


def test_a_detention_change_switches_the_rule() -> None:
    # Released on bail: the 30-day rule from jurisdiction (Mon 2 Mar + 30 = Wed 1 Apr) replaces
    # the 10-day one.
    detained = CaseFacts(
        accused_detained=True,
        court_received_on=D(2026, 3, 2),
        jurisdiction_acquired_on=D(2026, 3, 2),
    )
    released = msgspec.structs.replace(detained, accused_detained=False)
    assert rules_of(compute_deadlines(detained, today=TODAY)) == ["arraignment_detained"]
    assert [(d.rule, d.due_on) for d in compute_deadlines(released, today=TODAY)] == [
        ("arraignment_not_detained", D(2026, 4, 1))
    ]


def test_an_admin_closure_moves_the_last_day() -> None:
    # Due Thu 12 Mar (Mon 2 Mar + 10), but a typhoon closed the court Thu 12 and Fri 13 Mar:
    # Sat 14, Sun 15 -> Mon 16 Mar 2026.
    facts = CaseFacts(accused_detained=True, court_received_on=D(2026, 3, 2))
    typhoon = frozenset({D(2026, 3, 12), D(2026, 3, 13)})
    d = only(compute_deadlines(facts, today=TODAY, closures=typhoon), "arraignment_detained")
    assert d.due_on == D(2026, 3, 16)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2026, 3, 4), "open"),  # 8 days to Thu 12 Mar
        (D(2026, 3, 5), "due_soon"),  # 7 days
        (D(2026, 3, 12), "due_soon"),  # the last day itself
        (D(2026, 3, 13), "overdue"),
    ],
)
def test_status_follows_today(today: D, status: str) -> None:
    facts = CaseFacts(accused_detained=True, court_received_on=D(2026, 3, 2))
    assert only(compute_deadlines(facts, today=today), "arraignment_detained").status == status


def test_a_deadline_whose_fact_happened_is_met_even_if_late() -> None:
    # Due Thu 12 Mar; arraigned Tue 10 Mar (on time) or Tue 17 Mar (late). Both are "met".
    on_time = CaseFacts(
        accused_detained=True, court_received_on=D(2026, 3, 2), arraigned_on=D(2026, 3, 10)
    )
    late = msgspec.structs.replace(on_time, arraigned_on=D(2026, 3, 17))
    d = only(compute_deadlines(on_time, today=D(2026, 6, 1)), "arraignment_detained")
    assert (d.status, d.met_on, d.late) == ("met", D(2026, 3, 10), False)
    d = only(compute_deadlines(late, today=D(2026, 6, 1)), "arraignment_detained")
    assert (d.status, d.met_on, d.late) == ("met", D(2026, 3, 17), True)


def test_a_fact_recorded_before_its_start_is_flagged_not_crashed() -> None:
    # Arraigned 1 Mar, "before" the court received the case on 2 Mar: a typing error somewhere.
    facts = CaseFacts(
        accused_detained=True, court_received_on=D(2026, 3, 2), arraigned_on=D(2026, 3, 1)
    )
    d = only(compute_deadlines(facts, today=TODAY), "arraignment_detained")
    assert d.status == "met"
    assert "check the dates" in d.note


def test_no_starting_fact_gives_no_deadline() -> None:
    assert compute_deadlines(CaseFacts(), today=TODAY) == []
    # Arraigned, but the court's receipt is unknown: nothing to count the 10 days from.
    facts = CaseFacts(accused_detained=True, arraigned_on=D(2026, 3, 10))
    assert "arraignment_detained" not in rules_of(compute_deadlines(facts, today=TODAY))


# --- Bail and trial -------------------------------------------------------------------------


def test_bail_petition_resolution_over_christmas() -> None:
    # A.M. 15-06-10-SC III.10: 30 days from the first bail hearing. Wed 25 Nov + 30: to 30 Nov
    # is 5, so day 30 is Fri 25 Dec, Christmas -> Sat, Sun -> Mon 28 Dec 2026.
    facts = CaseFacts(first_bail_hearing_on=D(2026, 11, 25))
    d = only(compute_deadlines(facts, today=TODAY), "bail_resolution")
    assert d.due_on == D(2026, 12, 28)
    met = msgspec.structs.replace(facts, bail_resolved_on=D(2026, 12, 10))
    assert only(compute_deadlines(met, today=TODAY), "bail_resolution").status == "met"


def test_trial_start_ending_on_saturday() -> None:
    # R119 s1: 30 days from receipt of the pre-trial order. Thu 12 Feb + 30: to 28 Feb is 16,
    # 14 more is Sat 14 Mar -> Mon 16 Mar 2026.
    facts = CaseFacts(pretrial_order_received_on=D(2026, 2, 12))
    assert only(compute_deadlines(facts, today=D(2026, 2, 13)), "trial_start").due_on == D(
        2026, 3, 16
    )


def test_trial_completion_ending_on_rizal_day_runs_past_new_year() -> None:
    # RA 8493 s6; R119 s2: 180 days from the first trial day. Fri 3 Jul 2026 + 180: Jul 28,
    # Aug 59, Sep 89, Oct 120, Nov 150, Dec 30 -> day 180 is Wed 30 Dec, Rizal Day; Thu 31 Dec
    # New Year's Eve, Fri 1 Jan New Year's Day, Sat, Sun -> Mon 4 Jan 2027.
    facts = CaseFacts(first_trial_day=D(2026, 7, 3))
    d = only(compute_deadlines(facts, today=D(2026, 7, 3)), "trial_completion")
    assert d.due_on == D(2027, 1, 4)
    done = msgspec.structs.replace(facts, submitted_for_decision_on=D(2026, 11, 20))
    assert only(compute_deadlines(done, today=D(2026, 7, 3)), "trial_completion").status == "met"


# --- Trafficking cases: decision target and hearing gaps ------------------------------------


def test_tip_decision_target_is_180_days_from_arraignment_in_trafficking_cases_only() -> None:
    # OCA Circ. 151-2010: decide within 180 days of arraignment. Mon 15 Jun 2026 + 180: Jun 15,
    # Jul 46, Aug 77, Sep 107, Oct 138, Nov 168, +12 -> Sat 12 Dec -> Mon 14 Dec 2026.
    tip = CaseFacts(is_trafficking_case=True, arraigned_on=D(2026, 6, 15), stage=CaseStage.DECIDED)
    assert only(compute_deadlines(tip, today=TODAY), "tip_decision").due_on == D(2026, 12, 14)
    other = msgspec.structs.replace(tip, is_trafficking_case=False)
    assert rules_of(compute_deadlines(other, today=TODAY)) == []


def test_tip_hearings_at_most_14_days_apart_with_a_reset_and_a_cancellation() -> None:
    # OCA Circ. 151-2010. Arraigned Mon 2 Mar; held Mon 9 Mar; the 16 Mar setting was RESET to
    # Tue 31 Mar (counted at its new date); a 20 Mar setting was cancelled (does not count).
    # Gap 9 Mar -> 31 Mar is 22 days: due Mon 23 Mar (9 + 14); the next hearing came on 31 Mar,
    # 8 days late: MISSED (issue 19, finding 2; it read "met" before).
    # Next hearing due: Tue 31 Mar + 14 = Tue 14 Apr 2026; on Fri 10 Apr that is due soon.
    facts = CaseFacts(
        is_trafficking_case=True,
        arraigned_on=D(2026, 3, 2),
        hearings=(
            HearingFacts(on=D(2026, 3, 9), status=HearingStatus.HELD),
            HearingFacts(on=D(2026, 3, 31), status=HearingStatus.RESET),
            HearingFacts(on=D(2026, 3, 20), status=HearingStatus.CANCELLED),
        ),
    )
    gaps = [
        d for d in compute_deadlines(facts, today=D(2026, 4, 10)) if d.rule == "tip_hearing_gap"
    ]
    assert [(g.due_on, g.status, g.met_on, g.late) for g in gaps] == [
        (D(2026, 3, 23), "missed", D(2026, 3, 31), True),
        (D(2026, 4, 14), "due_soon", None, False),
    ]
    assert "22 days" in gaps[0].note
    assert gaps[0].days_over == 8


def test_tip_next_hearing_over_holy_week_moves_earlier() -> None:
    # Last hearing Fri 20 Mar + 14 = Fri 3 Apr, Good Friday; Thu 2 Apr is Maundy Thursday: the
    # court must sit by Wed 1 Apr 2026 to keep the gap within 14 days.
    facts = CaseFacts(
        is_trafficking_case=True,
        arraigned_on=D(2026, 3, 2),
        hearings=(HearingFacts(on=D(2026, 3, 20), status=HearingStatus.HELD),),
    )
    # The arraignment (Mon 2 Mar) to Fri 20 Mar is 18 days: one late gap, then the next due.
    gaps = [
        d for d in compute_deadlines(facts, today=D(2026, 3, 21)) if d.rule == "tip_hearing_gap"
    ]
    assert [g.due_on for g in gaps] == [D(2026, 3, 16), D(2026, 4, 1)]


def test_no_next_hearing_is_due_once_the_case_is_submitted() -> None:
    facts = CaseFacts(
        is_trafficking_case=True,
        arraigned_on=D(2026, 3, 2),
        hearings=(HearingFacts(on=D(2026, 3, 9), status=HearingStatus.HELD),),
    )
    assert "tip_hearing_gap" in rules_of(compute_deadlines(facts, today=TODAY))
    submitted = msgspec.structs.replace(facts, submitted_for_decision_on=D(2026, 3, 12))
    archived = msgspec.structs.replace(facts, stage=CaseStage.ARCHIVED)
    for done in (submitted, archived):
        assert "tip_hearing_gap" not in rules_of(compute_deadlines(done, today=TODAY))


# --- The child witness ----------------------------------------------------------------------


def test_live_link_and_shield_deadlines_before_the_childs_testimony() -> None:
    # Child testifies Fri 20 Mar 2026.
    # A.M. 004-07-SC s25, live link >= 5 days before: Sun 15 Mar -> earlier, Fri 13 Mar.
    # A.M. 004-07-SC s30, shield motion >= 15 days before: Thu 5 Mar (open day).
    facts = CaseFacts(
        hearings=(
            HearingFacts(on=D(2026, 3, 20), kind=HearingKind.TRIAL, child_testifies=True),
            # An adult witness's hearing gets no child-witness deadline.
            HearingFacts(on=D(2026, 3, 27), kind=HearingKind.TRIAL),
        )
    )
    found = compute_deadlines(facts, today=D(2026, 3, 9))
    live = only(found, "live_link_application")
    assert (live.due_on, live.status, live.hearing_on) == (
        D(2026, 3, 13),
        "due_soon",
        D(2026, 3, 20),
    )
    assert only(found, "shield_motion").due_on == D(2026, 3, 5)
    assert only(found, "shield_motion").status == "overdue"


def test_live_link_application_filed_is_met_and_moves_with_a_reset() -> None:
    # Reset from Fri 20 Mar to Wed 6 May: 6 May - 5 = Fri 1 May, Labor Day -> Thu 30 Apr 2026.
    reset = HearingFacts(on=D(2026, 5, 6), status=HearingStatus.RESET, child_testifies=True)
    d = only(compute_deadlines(CaseFacts(hearings=(reset,)), today=TODAY), "live_link_application")
    assert d.due_on == D(2026, 4, 30)
    filed = msgspec.structs.replace(reset, live_link_applied_on=D(2026, 4, 20))
    d = only(compute_deadlines(CaseFacts(hearings=(filed,)), today=TODAY), "live_link_application")
    assert (d.status, d.late) == ("met", False)


def test_held_or_cancelled_hearings_get_no_child_witness_deadline() -> None:
    facts = CaseFacts(
        hearings=(
            HearingFacts(on=D(2026, 3, 20), status=HearingStatus.HELD, child_testifies=True),
            HearingFacts(on=D(2026, 3, 27), status=HearingStatus.CANCELLED, child_testifies=True),
        )
    )
    assert compute_deadlines(facts, today=TODAY) == []


# --- Judgment and after ---------------------------------------------------------------------


def test_judgment_is_due_90_days_after_submission() -> None:
    # A.M. 15-06-10-SC III.16: 90 days. Mon 16 Mar + 90: to 31 Mar 15, Apr 45, May 76, +14 ->
    # Sun 14 Jun -> Mon 15 Jun 2026.
    facts = CaseFacts(submitted_for_decision_on=D(2026, 3, 16))
    assert only(compute_deadlines(facts, today=TODAY), "judgment").due_on == D(2026, 6, 15)


def test_appeal_and_mr_periods_over_independence_day() -> None:
    # R122 s6 (notice of appeal) and A.M. 15-06-10-SC III.16 (MR): 15 days from promulgation.
    # Thu 28 May + 15: to 31 May 3, +12 -> Fri 12 Jun, Independence Day -> Mon 15 Jun 2026.
    facts = CaseFacts(promulgated_on=D(2026, 5, 28))
    found = compute_deadlines(facts, today=D(2026, 5, 28))
    assert only(found, "notice_of_appeal").due_on == D(2026, 6, 15)
    assert only(found, "judgment_mr").due_on == D(2026, 6, 15)
    appealed = msgspec.structs.replace(facts, notice_of_appeal_filed_on=D(2026, 6, 1))
    assert (
        only(compute_deadlines(appealed, today=D(2026, 6, 20)), "notice_of_appeal").status == "met"
    )
    assert only(compute_deadlines(facts, today=D(2026, 6, 16)), "notice_of_appeal").status == (
        "overdue"  # kind "period": the period has lapsed
    )


def test_archive_eligibility_is_six_calendar_months_after_the_warrant() -> None:
    # A.M. 15-06-10-SC III.6: 6 months after the warrant reached the police. Mon 31 Aug 2026
    # + 6 months = 28 Feb 2027 (no 31 Feb), a Sunday -> Mon 1 Mar 2027.
    facts = CaseFacts(warrant_delivered_on=D(2026, 8, 31))
    d = only(compute_deadlines(facts, today=TODAY), "archive_eligibility")
    assert (d.due_on, d.kind) == (D(2027, 3, 1), "eligibility")
    arrested = msgspec.structs.replace(facts, accused_arrested_on=D(2026, 10, 1))
    assert only(compute_deadlines(arrested, today=TODAY), "archive_eligibility").status == "met"


def test_provisional_dismissal_revival_deadline_moves_earlier() -> None:
    # R117 s8: permanent after 2 years (730 days) for an offence punishable by more than six
    # years (TIP-4: 20 years). Thu 5 Mar 2026 + 365 = Fri 5 Mar 2027;
    # + 365 more crosses 29 Feb 2028 = Sat 4 Mar 2028 -> revive by Fri 3 Mar 2028 (never later).
    facts = CaseFacts(provisionally_dismissed_on=D(2026, 3, 5), charge_codes=("TIP-4",))
    d = only(compute_deadlines(facts, today=TODAY), "provisional_dismissal_permanent")
    assert d.due_on == D(2028, 3, 3)
    revived = msgspec.structs.replace(facts, revived_on=D(2027, 1, 4))
    d = only(compute_deadlines(revived, today=TODAY), "provisional_dismissal_permanent")
    assert d.status == "met"


# --- Prescription ---------------------------------------------------------------------------


def test_prescription_contested_warns_at_twelve_years_and_moves_earlier() -> None:
    # OSAEC-R: Act 3326 12 years vs RPC Art. 90 20 years - warn at 12. Offence Sat 7 Jan 2023
    # + 12 years = Sun 7 Jan 2035 -> Fri 5 Jan 2035 (prescription is not extended).
    facts = CaseFacts(charge_codes=("OSAEC-R",), offence_date=D(2023, 1, 7))
    d = only(compute_deadlines(facts, today=D(2026, 3, 1)), "prescription")
    assert (d.due_on, d.charge_code, d.status) == (D(2035, 1, 5), "OSAEC-R", "open")
    assert "Contested" in d.note
    filed = msgspec.structs.replace(facts, complaint_filed_on=D(2024, 5, 2))
    assert only(compute_deadlines(filed, today=D(2026, 3, 1)), "prescription").status == "met"


def test_prescription_for_a_child_runs_from_the_eighteenth_birthday() -> None:
    # RA 9208 s12: child victim, 20 years from turning 18. Born 20 May 2010 -> 18 on Sat 20 May
    # 2028; + 20 years = Wed 20 May 2048.
    facts = CaseFacts(
        charge_codes=("TIP-4",),
        offence_date=D(2024, 2, 1),
        survivor_birth_date=D(2010, 5, 20),
        child_victim=True,
    )
    d = only(compute_deadlines(facts, today=TODAY), "prescription")
    assert d.due_on == D(2048, 5, 20)
    assert d.counted_from_on == D(2028, 5, 20)
    assert d.source == "RA 9208 s12"


def test_prescription_skips_unknown_and_per_base_codes_without_crashing() -> None:
    facts = CaseFacts(
        charge_codes=("NOPE", "CYB-6", "TIP-4", "TIP-4"),
        offence_date=D(2024, 2, 1),
        released_on=D(2024, 1, 1),  # before the offence: flagged in the note, not a crash
    )
    found = [d for d in compute_deadlines(facts, today=TODAY) if d.rule == "prescription"]
    # TIP-4 once, from the release 1 Jan 2024 + 10 years = Sun 1 Jan 2034 (also New Year's
    # Day) -> Sat 31 Dec -> Fri 30 Dec, Rizal Day -> Thu 29 Dec 2033.
    assert [(d.charge_code, d.due_on) for d in found] == [("TIP-4", D(2033, 12, 29))]
    assert "check the dates" in found[0].note


def test_deadlines_come_soonest_first() -> None:
    facts = CaseFacts(
        accused_detained=True,
        court_received_on=D(2026, 3, 2),  # due Thu 12 Mar
        pi_assigned_on=D(2026, 1, 5),  # Mon 5 Jan + 60 = Fri 6 Mar
    )
    assert [d.due_on for d in compute_deadlines(facts, today=TODAY)] == [
        D(2026, 3, 6),
        D(2026, 3, 12),
    ]


def test_dates_off_the_calendar_give_no_deadline_but_do_not_crash() -> None:
    # Year 9999 is a typing error: no due date exists, the other deadlines still come out.
    facts = CaseFacts(
        pi_assigned_on=D(9999, 12, 20),
        charge_codes=("TIP-4",),
        offence_date=D(9999, 1, 1),
        accused_detained=True,
        court_received_on=D(2026, 3, 2),
    )
    assert rules_of(compute_deadlines(facts, today=TODAY)) == ["arraignment_detained"]

"""No clock later than the law (issue 19): each finding worked by hand, as the prosecutor sees it.

Counting as in tests/test_deadline_rules.py: the day of the event is left out and the last day
counted in; a closed last day moves to the next working day, or earlier where the rule says so
(the hearing gap, provisional dismissal, prescription).
"""

from __future__ import annotations

import datetime as dt

import httpx
import msgspec
import pytest

from docket.accounts.tables import User
from docket.audit.tables import AuditEvent
from docket.cases.choices import CustodyChange
from docket.deadlines.engine import (
    CAVEAT,
    AccusedFacts,
    CaseFacts,
    CustodyFacts,
    Deadline,
    HearingFacts,
    compute_deadlines,
    load_rules,
)
from docket.hearings.choices import HearingStatus
from docket.statutes.checks import charge_advice
from tests.conftest import People
from tests.helpers import (
    add_accused,
    deadlines,
    hearing,
    login_with_second_factor,
    open_case,
    set_facts,
)

D = dt.date

#: The 33 clocks of legal.md 7.2, in its order, each by the rule code it has (or will have) in
#: docket/deadlines/rules.toml.
LEGAL_MD_CLOCKS: dict[str, str] = {
    "police_investigation": "Police start investigation (RA 9208 s8(a))",
    "inquest_referral": "Inquest referral, afflictive penalty (RPC Art. 125; DC 015 s13)",
    "pi_after_waiver": "PI after Art. 125 waiver (DC 015 s13)",
    "pi_request_after_inquest": "Request PI after inquest information (R112 s6; CT III.2)",
    "act_on_complaint": "Act on docketed complaint (DC 015 s10)",
    "counter_affidavit": "Counter-affidavit due (DC 015 s10)",
    "pi_hearing": "PI hearing (DC 015 s10)",
    "pi_resolution": "PI resolution (DC 015 s17)",
    "resolution_approval": "Head of office approval (DC 015 s17)",
    "pi_resolution_mr": "MR of resolution (DC 015 s18)",
    "petition_for_review": "Petition for review to SOJ (DC 70 s3)",
    "arraignment_suspension": "Arraignment suspension pending review (R116 s11(c))",
    "information_evaluation": "Judge evaluates information (R112 s5)",
    "arraignment_detained": "Arraignment + pre-trial, detained (CT III.8)",
    "arraignment_not_detained": "Arraignment + pre-trial, not detained (CT III.8; R116 s1(g))",
    "trial_start": "Trial start (R119 s1)",
    "bail_resolution": "Bail petition resolution (CT III.10)",
    "live_link_application": "Live-link application (A.M. 004-07-SC s25)",
    "shield_motion": "Shield-rule motion (A.M. 004-07-SC s30)",
    "trial_completion": "Trial completion (RA 8493 s6; R119 s2)",
    "tip_decision": "TIP decision target (OCA Circ. 151-2010)",
    "tip_hearing_gap": "TIP hearing gap (OCA Circ. 151-2010)",
    "wpp_case_target": "WPP-witness case target (RA 6981 s9)",
    "demurrer_leave": "Leave to file demurrer (R119 s23)",
    "demurrer_filing": "Demurrer filing (R119 s23)",
    "demurrer_resolution": "Demurrer resolution (CT III.13)",
    "judgment": "Promulgation (CT III.16)",
    "judgment_mr": "MR / new trial of judgment (CT III.16)",
    "notice_of_appeal": "Notice of appeal (R122 s6)",
    "archive_eligibility": "Archive eligibility (CT III.6)",
    "provisional_dismissal_permanent": "Provisional dismissal permanent (R117 s8)",
    "child_tape_destruction": "Child tape destruction (A.M. 004-07-SC s31(f))",
    "prescription": "TIP prescription (RA 9208 s12)",
}
#: Clocks of legal.md 7.2 that Docket does not count yet: each needs a fact no record holds
#: (a report, an arrest, a subpoena, a petition, a tape's judgment entry...).
NOT_YET_COUNTED: frozenset[str] = frozenset()


def only(found: list[Deadline], rule: str) -> Deadline:
    matching = [d for d in found if d.rule == rule]
    assert len(matching) == 1, [d.rule for d in found]
    return matching[0]


def test_every_clock_of_the_law_is_counted_or_listed_as_not_yet() -> None:
    assert len(LEGAL_MD_CLOCKS) == 33
    counted = {r.code for r in load_rules()}
    assert counted == set(LEGAL_MD_CLOCKS) - NOT_YET_COUNTED
    assert len(NOT_YET_COUNTED) == 0
    assert not counted & NOT_YET_COUNTED, "a clock now counted: take it off the not-yet list"


def test_the_prosecutor_sees_when_the_defence_may_still_ask_to_file_a_demurrer() -> None:
    # R119 s23: leave to file a demurrer within a non-extendible 5 days after the prosecution
    # rests. Rested Mon 2 Mar 2026 + 5 = Sat 7 Mar -> Mon 9 Mar 2026 (R22 s1).
    facts = CaseFacts(prosecution_rested_on=D(2026, 3, 2))
    d = only(compute_deadlines(facts, today=D(2026, 3, 3)), "demurrer_leave")
    assert (d.due_on, d.kind, d.status, d.certainty) == (D(2026, 3, 9), "watch", "due_soon", "V")
    assert d.source == "Rules of Court R119 s23"


# --- Build item 1: the clocks of legal.md 7.2 that were missing -----------------------------
#
# September and October 2026 have no holiday; a last day on a weekend moves to the next
# working day (R22 s1) unless the rule says earlier.


@pytest.mark.parametrize(
    ("fact", "on", "rule", "due", "source"),
    [
        # RA 9208 s8(a): Tue 1 Sep + 10 = Fri 11 Sep 2026.
        ("report_received_on", D(2026, 9, 1), "police_investigation", D(2026, 9, 11),
         "RA 9208 s8(a)"),
        # Thu 3 Sep + 10 = Sun 13 Sep: R22 s1 is for court periods, so EARLIER, Fri 11 Sep.
        ("report_received_on", D(2026, 9, 3), "police_investigation", D(2026, 9, 11),
         "RA 9208 s8(a)"),
        # DC 015 s10: Mon 7 Sep + 5 = Sat 12 Sep -> Mon 14 Sep 2026.
        ("complaint_records_received_on", D(2026, 9, 7), "act_on_complaint", D(2026, 9, 14),
         "DOJ DC 015 (2024) s10"),
        # DC 015 s10: Mon 14 Sep + 10 = Thu 24 Sep 2026.
        ("subpoena_received_on", D(2026, 9, 14), "counter_affidavit", D(2026, 9, 24),
         "DOJ DC 015 (2024) s10"),
        # DC 015 s13: Tue 15 Sep + 15 = Wed 30 Sep 2026.
        ("waiver_pi_started_on", D(2026, 9, 15), "pi_after_waiver", D(2026, 9, 30),
         "DOJ DC 015 (2024) s13"),
        # R112 s6: Fri 18 Sep + 5 = Wed 23 Sep 2026.
        ("inquest_information_known_on", D(2026, 9, 18), "pi_request_after_inquest",
         D(2026, 9, 23), "Rules of Court R112 s6; A.M. 15-06-10-SC III.2"),
        # DC 015 s17: Mon 5 Oct + 10 = Thu 15 Oct 2026.
        ("pi_resolved_on", D(2026, 10, 5), "resolution_approval", D(2026, 10, 15),
         "DOJ DC 015 (2024) s17"),
        # DC 015 s18: Tue 6 Oct + 15 = Wed 21 Oct 2026.
        ("resolution_received_on", D(2026, 10, 6), "pi_resolution_mr", D(2026, 10, 21),
         "DOJ DC 015 (2024) s18"),
        # DC 70 s3: Tue 6 Oct + 15 = Wed 21 Oct 2026.
        ("resolution_received_on", D(2026, 10, 6), "petition_for_review", D(2026, 10, 21),
         "DOJ DC 70 (2000) s3"),
        # R116 s11(c): Thu 22 Oct + 60 = Mon 21 Dec 2026 (9 days to 31 Oct, 30 in November,
        # 21 in December).
        ("petition_for_review_filed_on", D(2026, 10, 22), "arraignment_suspension",
         D(2026, 12, 21), "Rules of Court R116 s11(c)"),
        # R112 s5: Mon 5 Oct + 10 = Thu 15 Oct 2026.
        ("information_filed_on", D(2026, 10, 5), "information_evaluation", D(2026, 10, 15),
         "Rules of Court R112 s5"),
        # R119 s23: Tue 1 Sep + 10 = Fri 11 Sep 2026.
        ("demurrer_leave_granted_on", D(2026, 9, 1), "demurrer_filing", D(2026, 9, 11),
         "Rules of Court R119 s23"),
        # CT III.13: Mon 14 Sep + 30 = Wed 14 Oct 2026.
        ("demurrer_comment_on", D(2026, 9, 14), "demurrer_resolution", D(2026, 10, 14),
         "A.M. 15-06-10-SC III.13"),
        # A.M. 004-07-SC s31(f): five years after Mon 14 Sep 2026 is Sun 14 Sep 2031 (+1 +2
        # +1 +1 +1 weekdays, the leap day of 2028 between) -> LATER, Mon 15 Sep 2031; 1825 days
        # would have been Sat 13 Sep, before the five years.
        ("judgment_entered_on", D(2026, 9, 14), "child_tape_destruction", D(2031, 9, 15),
         "A.M. 004-07-SC s31(f)"),
    ],
)  # fmt: skip
def test_each_new_clock_counts_from_its_fact(
    fact: str, on: dt.date, rule: str, due: dt.date, source: str
) -> None:
    facts = msgspec.convert({fact: on.isoformat()}, CaseFacts)
    d = only(compute_deadlines(facts, today=D(2026, 8, 31)), rule)
    assert (d.due_on, d.source, d.counted_from_on) == (due, source, on)


def test_the_inquest_referral_is_due_the_day_after_the_arrest_even_on_a_sunday() -> None:
    # RPC Art. 125: 36 hours. Arrested Sat 3 Oct 2026 at an hour Docket does not know: the 36
    # hours end on Sun 4 Oct at the earliest (arrest at 00:00 -> noon Sunday), Mon 5 Oct at the
    # latest; the earlier day is shown, labelled, and never moved for a closed day.
    facts = CaseFacts(warrantless_arrest_on=D(2026, 10, 3))
    d = only(compute_deadlines(facts, today=D(2026, 10, 3)), "inquest_referral")
    assert (d.due_on, d.status, d.certainty) == (D(2026, 10, 4), "due_soon", "I")
    assert "check the hour" in d.note
    referred = msgspec.structs.replace(facts, inquest_referred_on=D(2026, 10, 4))
    assert only(compute_deadlines(referred, today=D(2026, 10, 5)), "inquest_referral").status == (
        "met"
    )


def test_the_clarificatory_hearing_clock_runs_only_when_one_was_set() -> None:
    # DOJ DC 015 s10: records received Mon 7 Sep 2026 + 30 = Wed 7 Oct 2026.
    facts = CaseFacts(complaint_records_received_on=D(2026, 9, 7))
    assert "pi_hearing" not in [d.rule for d in compute_deadlines(facts, today=D(2026, 9, 8))]
    set_one = msgspec.structs.replace(facts, clarificatory_hearing=True)
    d = only(compute_deadlines(set_one, today=D(2026, 9, 8)), "pi_hearing")
    assert (d.due_on, d.source, d.status) == (D(2026, 10, 7), "DOJ DC 015 (2024) s10", "open")
    held = msgspec.structs.replace(set_one, pi_hearing_held_on=D(2026, 9, 30))
    assert only(compute_deadlines(held, today=D(2026, 10, 8)), "pi_hearing").status == "met"


def test_a_fact_that_closes_a_new_clock_meets_it() -> None:
    # Records received Mon 7 Sep (due Mon 14 Sep); a subpoena went out Thu 10 Sep: met.
    facts = CaseFacts(
        complaint_records_received_on=D(2026, 9, 7), subpoena_issued_on=D(2026, 9, 10)
    )
    d = only(compute_deadlines(facts, today=D(2026, 9, 15)), "act_on_complaint")
    assert (d.status, d.met_on, d.late) == ("met", D(2026, 9, 10), False)


def test_the_head_of_offices_clock_is_labelled_as_counted_from_the_earlier_day() -> None:
    d = only(
        compute_deadlines(CaseFacts(pi_resolved_on=D(2026, 10, 5)), today=D(2026, 10, 6)),
        "resolution_approval",
    )
    assert d.certainty == "I"
    assert "receipt may be later" in d.note


def test_a_motion_for_reconsideration_of_the_resolution_gives_a_fresh_review_period() -> None:
    # DOJ DC 70 s3: received Tue 6 Oct 2026 (petition due Wed 21 Oct); the motion for
    # reconsideration filed Mon 12 Oct stops it: no petition date while the motion is pending.
    facts = CaseFacts(resolution_received_on=D(2026, 10, 6), resolution_mr_filed_on=D(2026, 10, 12))
    pending = compute_deadlines(facts, today=D(2026, 10, 30))
    assert "petition_for_review" not in [d.rule for d in pending]
    assert only(pending, "pi_resolution_mr").status == "met"
    # The denial received Tue 3 Nov 2026: a fresh 15 days, Wed 18 Nov 2026.
    denied = msgspec.structs.replace(facts, resolution_mr_denial_received_on=D(2026, 11, 3))
    d = only(compute_deadlines(denied, today=D(2026, 11, 4)), "petition_for_review")
    assert (d.due_on, d.counted_from_on, d.status) == (D(2026, 11, 18), D(2026, 11, 3), "open")
    assert "fresh period" in d.note


def test_a_protected_witness_gives_the_case_a_three_month_target() -> None:
    # RA 6981 s9: three months from filing, Mon 5 Oct 2026 -> Tue 5 Jan 2027.
    facts = CaseFacts(court_received_on=D(2026, 10, 5))
    assert "wpp_case_target" not in [d.rule for d in compute_deadlines(facts, today=D(2026, 10, 6))]
    protected = msgspec.structs.replace(facts, protected_witness=True)
    d = only(compute_deadlines(protected, today=D(2026, 10, 6)), "wpp_case_target")
    assert (d.due_on, d.source, d.kind) == (D(2027, 1, 5), "RA 6981 s9", "target")


@pytest.mark.anyio
async def test_the_new_dates_are_recorded_by_a_lawyer_and_the_clocks_follow(
    people: People,
) -> None:
    case = await open_case(people, stage="preliminary_investigation")
    witness = await people.lawyer.post(
        f"/api/cases/{case['id']}/witnesses",
        json={"kind": "other", "name": "PSSg. Reyes", "protected": True},
    )
    assert witness.status_code == 201, witness.text
    facts = await set_facts(
        people,
        case["id"],
        resolution_received_on="2026-10-06",
        resolution_mr_filed_on="2026-10-12",
        resolution_mr_denial_received_on="2026-11-03",
        court_received_on="2026-10-05",
        information_filed_on="2026-10-05",
        complaint_records_received_on="2026-09-07",
        clarificatory_hearing=True,
    )
    assert facts["resolution_mr_denial_received_on"] == "2026-11-03"
    found = await deadlines(people, case["id"], "2026-11-04")
    # Worked above: Wed 18 Nov 2026; Tue 5 Jan 2027; Thu 15 Oct 2026.
    assert found["petition_for_review"]["due_on"] == "2026-11-18"
    assert found["wpp_case_target"]["due_on"] == "2027-01-05"
    assert found["information_evaluation"]["due_on"] == "2026-10-15"
    # DC 015 s10: Mon 7 Sep + 30 = Wed 7 Oct 2026.
    assert found["pi_hearing"]["due_on"] == "2026-10-07"
    # A date in the future is refused, naming the field (the fixed clock is 24 Nov 2026).
    bad = await people.lawyer.patch(
        f"/api/cases/{case['id']}/facts",
        json={"version": facts["version"], "judgment_entered_on": "2027-01-05"},
    )
    assert bad.status_code == 400
    assert "judgment_entered_on" in bad.text


# --- Finding 1: custody as dated events, a clock per accused ---------------------------------
#
# A.M. 15-06-10-SC III.8: a detained accused is arraigned within 10 days of the court's receipt
# of the case; the others within 30 days of the court acquiring jurisdiction over them. The
# court received the case on Mon 5 Oct 2026 in each test below. October 2026 has no holiday.

ARRESTED, BAIL, RECOMMITTED = (
    CustodyChange.ARRESTED,
    CustodyChange.BAIL_POSTED,
    CustodyChange.RECOMMITTED,
)


def accused(accused_id: int, name: str, *changes: tuple[CustodyChange, dt.date]) -> AccusedFacts:
    return AccusedFacts(
        accused_id=accused_id,
        name=name,
        custody=tuple(CustodyFacts(kind, on) for kind, on in changes),
    )


def arraignment(found: list[Deadline]) -> dict[str, tuple[str, dt.date, str]]:
    return {
        d.accused_name or "": (d.rule, d.due_on, d.status)
        for d in found
        if d.rule.startswith("arraignment_")
    }


def test_a_detained_co_accused_no_longer_hides_a_bailed_co_accuseds_clock() -> None:
    # Both arrested Thu 1 Oct 2026, before the case reached the court. Tumulak stays detained:
    # 10 days from receipt, Mon 5 Oct + 10 = Thu 15 Oct. Abellana posted bail Fri 2 Oct, before
    # the court had the case: 30 days from the court's jurisdiction over him, which it has from
    # receipt (he was already in custody): 5 Oct + 30 = Wed 4 Nov 2026 (26 days to 31 Oct, 4
    # more). Before, the one detained accused made the case "detained" and hid this clock.
    facts = CaseFacts(
        court_received_on=D(2026, 10, 5),
        accused_detained=True,
        accused=(
            accused(1, "Rodrigo Tumulak", (ARRESTED, D(2026, 10, 1))),
            accused(2, "Nestor Abellana", (ARRESTED, D(2026, 10, 1)), (BAIL, D(2026, 10, 2))),
        ),
    )
    found = compute_deadlines(facts, today=D(2026, 10, 6))
    assert arraignment(found) == {
        "Rodrigo Tumulak": ("arraignment_detained", D(2026, 10, 15), "open"),
        "Nestor Abellana": ("arraignment_not_detained", D(2026, 11, 4), "open"),
    }
    bailed = next(d for d in found if d.accused_name == "Nestor Abellana")
    assert (bailed.accused_id, bailed.counted_from_on, bailed.certainty) == (2, D(2026, 10, 5), "V")


def test_one_accuseds_plea_meets_only_their_own_arraignment() -> None:
    # Tumulak pleads Tue 13 Oct 2026: his clock is met; Abellana's (Thu 15 Oct, both detained)
    # stays open, and is overdue on Fri 16 Oct.
    both = (
        msgspec.structs.replace(
            accused(1, "Rodrigo Tumulak", (ARRESTED, D(2026, 10, 1))), pleaded_on=D(2026, 10, 13)
        ),
        accused(2, "Nestor Abellana", (ARRESTED, D(2026, 10, 1))),
    )
    facts = CaseFacts(court_received_on=D(2026, 10, 5), arraigned_on=D(2026, 10, 13), accused=both)
    assert arraignment(compute_deadlines(facts, today=D(2026, 10, 16))) == {
        "Rodrigo Tumulak": ("arraignment_detained", D(2026, 10, 15), "met"),
        "Nestor Abellana": ("arraignment_detained", D(2026, 10, 15), "overdue"),
    }


def test_bail_before_the_ten_days_run_out_moves_the_clock_with_a_note() -> None:
    # Detained at receipt (arrested Thu 1 Oct), bail posted Fri 9 Oct, before the 10-day clock
    # fell due (Thu 15 Oct): the 30-day clock, 5 Oct + 30 = Wed 4 Nov 2026, says why.
    facts = CaseFacts(
        court_received_on=D(2026, 10, 5),
        accused=(
            accused(1, "Rodrigo Tumulak", (ARRESTED, D(2026, 10, 1)), (BAIL, D(2026, 10, 9))),
        ),
    )
    (d,) = [x for x in compute_deadlines(facts, today=D(2026, 10, 12)) if x.accused_id == 1]
    assert (d.rule, d.due_on, d.status) == ("arraignment_not_detained", D(2026, 11, 4), "open")
    assert "Bail posted on 09 Oct 2026, before the 10-day clock" in d.note
    assert "(15 Oct 2026): counted as not detained" in d.note


def test_bail_after_the_ten_days_ran_out_keeps_the_missed_detained_clock() -> None:
    # Never a date later than the law: bail posted Mon 19 Oct, after the 10-day clock fell due
    # on Thu 15 Oct unarraigned. The clock stays the detained one, overdue since 15 Oct, not a
    # fresh 30-day date (4 Nov).
    facts = CaseFacts(
        court_received_on=D(2026, 10, 5),
        accused=(
            accused(1, "Rodrigo Tumulak", (ARRESTED, D(2026, 10, 1)), (BAIL, D(2026, 10, 19))),
        ),
    )
    assert arraignment(compute_deadlines(facts, today=D(2026, 10, 20))) == {
        "Rodrigo Tumulak": ("arraignment_detained", D(2026, 10, 15), "overdue")
    }


def test_an_accused_arrested_after_the_court_had_the_case_is_counted_from_the_arrest() -> None:
    # Arrested Mon 12 Oct 2026, a week after receipt: the court acquires jurisdiction over him
    # then (A.M. 15-06-10-SC (2015) II.1): 12 Oct + 10 = Thu 22 Oct, labelled an inference.
    # Recommitted after bail (bail Fri 2 Oct, cancelled Mon 19 Oct): 19 Oct + 10 = Thu 29 Oct.
    facts = CaseFacts(
        court_received_on=D(2026, 10, 5),
        accused=(
            accused(1, "Rodrigo Tumulak", (ARRESTED, D(2026, 10, 12))),
            accused(
                2,
                "Nestor Abellana",
                (ARRESTED, D(2026, 10, 1)),
                (BAIL, D(2026, 10, 2)),
                (RECOMMITTED, D(2026, 10, 19)),
            ),
        ),
    )
    found = compute_deadlines(facts, today=D(2026, 10, 20))
    assert arraignment(found) == {
        "Rodrigo Tumulak": ("arraignment_detained", D(2026, 10, 22), "due_soon"),
        "Nestor Abellana": ("arraignment_detained", D(2026, 10, 29), "open"),
    }
    late = next(d for d in found if d.accused_name == "Rodrigo Tumulak")
    assert (late.certainty, late.counted_from_on) == ("I", D(2026, 10, 12))
    assert "after the court received the case" in late.note


def test_a_detained_accused_gets_no_30_day_clock_while_the_receipt_date_is_unknown() -> None:
    # Only the jurisdiction date is entered (Mon 5 Oct 2026): the detained accused's clock is
    # the 10-day one, which needs the court's receipt; the bailed one gets 30 days, Wed 4 Nov.
    facts = CaseFacts(
        jurisdiction_acquired_on=D(2026, 10, 5),
        accused=(
            accused(1, "Rodrigo Tumulak", (ARRESTED, D(2026, 10, 1))),
            accused(2, "Nestor Abellana", (ARRESTED, D(2026, 10, 1)), (BAIL, D(2026, 10, 2))),
        ),
    )
    assert arraignment(compute_deadlines(facts, today=D(2026, 10, 6))) == {
        "Nestor Abellana": ("arraignment_not_detained", D(2026, 11, 4), "open")
    }


def test_accused_without_a_custody_history_keep_their_custody_flag() -> None:
    # Older records: the flag, as before (Mon 5 Oct + 10 = Thu 15 Oct 2026), now per accused.
    facts = CaseFacts(
        court_received_on=D(2026, 10, 5),
        jurisdiction_acquired_on=D(2026, 10, 5),
        accused=(
            AccusedFacts(accused_id=1, name="Rodrigo Tumulak", detained=True),
            AccusedFacts(accused_id=2, name="Nestor Abellana", detained=False),
        ),
    )
    assert arraignment(compute_deadlines(facts, today=D(2026, 10, 6))) == {
        "Rodrigo Tumulak": ("arraignment_detained", D(2026, 10, 15), "open"),
        "Nestor Abellana": ("arraignment_not_detained", D(2026, 11, 4), "open"),
    }


def test_the_engine_counts_a_detained_accused_as_the_rule_does() -> None:
    from docket.deadlines import engine

    detained = next(r for r in load_rules() if r.code == "arraignment_detained")
    assert detained.per_accused
    assert detained.amount == engine._DETAINED_DAYS


# --- Finding 2: a broken hearing gap is missed, not met --------------------------------------


def test_a_hearing_set_past_the_14_day_limit_shows_missed_with_the_days_over() -> None:
    # OCA Circ. 151-2010. Arraigned Mon 5 Oct 2026; the next hearing (a reset setting) came on
    # Mon 26 Oct, 21 days later: the limit was Mon 19 Oct (5 + 14), missed by 7 days.
    facts = CaseFacts(
        is_trafficking_case=True,
        charge_codes=("TIP-4",),
        arraigned_on=D(2026, 10, 5),
        hearings=(HearingFacts(on=D(2026, 10, 26), status=HearingStatus.RESET),),
    )
    gap = [d for d in compute_deadlines(facts, today=D(2026, 11, 2)) if d.rule == "tip_hearing_gap"]
    assert [(g.hearing_on, g.due_on, g.status, g.days_over) for g in gap] == [
        (D(2026, 10, 5), D(2026, 10, 19), "missed", 7),
        # The next one: Mon 26 Oct + 14 = Mon 9 Nov, 7 days from Mon 2 Nov.
        (D(2026, 10, 26), D(2026, 11, 9), "due_soon", None),
    ]
    assert "7 days over" in gap[0].note
    # Before the limit passes, the late setting is still open, with a warning to move it.
    early = only(
        [
            d
            for d in compute_deadlines(facts, today=D(2026, 10, 6))
            if d.hearing_on == D(2026, 10, 5)
        ],
        "tip_hearing_gap",
    )
    assert (early.status, early.days_over) == ("open", 7)
    assert "ask for an earlier setting" in early.note


@pytest.mark.anyio
async def test_a_missed_hearing_gap_is_on_the_at_risk_list_and_the_page_says_missed(
    people: People,
) -> None:
    case = await open_case(people, stage="trial_prosecution_evidence")
    accused = await add_accused(people, case["id"], "detained")
    charged = await people.lawyer.post(
        f"/api/cases/{case['id']}/charges",
        json={"accused_id": accused["id"], "statute_code": "TIP-4"},
    )
    assert charged.status_code == 201, charged.text
    await hearing(people, case["id"], "arraignment", "2026-10-05", held=True)
    await hearing(people, case["id"], "trial", "2026-10-26", held=True)

    found = await deadlines(people, case["id"], "2026-11-02")
    # Mon 5 Oct + 14 = Mon 19 Oct; the trial came Mon 26 Oct: missed by 7 days.
    gap = found["tip_hearing_gap@2026-10-05"]
    assert (gap["status"], gap["due_on"], gap["days_over"]) == ("missed", "2026-10-19", 7)

    at_risk = await people.prosecutor.get("/api/deadlines/at-risk", params={"as_of": "2026-11-02"})
    assert at_risk.status_code == 200, at_risk.text
    assert ("tip_hearing_gap", "2026-10-19", "missed") in [
        (i["deadline"]["rule"], i["deadline"]["due_on"], i["deadline"]["status"])
        for i in at_risk.json()["items"]
    ]

    page = await people.prosecutor.get(f"/cases/{case['id']}")
    assert page.status_code == 200
    assert '<span class="tag missed">Missed</span><br>by 7 days' in page.text


# --- Finding 3: provisional dismissal by the charge's penalty --------------------------------


def test_a_dismissed_six_year_offence_must_be_revived_within_one_year() -> None:
    # R117 s8: permanent one year after the order for offences punishable by six years or less.
    # TIP-7 (breach of confidentiality, RA 9208 s10(f): 6 years). Dismissed Thu 5 Mar 2026 + 365
    # = Fri 5 Mar 2027 (a working day). TIP-4 (20 years) on the same case: 730 days, Fri 3 Mar
    # 2028 (see test_deadline_rules).
    facts = CaseFacts(provisionally_dismissed_on=D(2026, 3, 5), charge_codes=("TIP-7", "TIP-4"))
    found = [
        (d.charge_code, d.due_on, d.certainty)
        for d in compute_deadlines(facts, today=D(2026, 3, 6))
        if d.rule == "provisional_dismissal_permanent"
    ]
    assert found == [("TIP-7", D(2027, 3, 5), "V"), ("TIP-4", D(2028, 3, 3), "V")]


def test_a_dismissal_whose_penalty_is_unknown_warns_at_the_earlier_one_year_date() -> None:
    # No charge recorded, or a graded penalty the catalogue cannot place (RA 9775): the earlier
    # of R117 s8's periods. Thu 5 Mar 2026 + 365 = Fri 5 Mar 2027.
    for codes in ((), ("CP-9775",)):
        facts = CaseFacts(provisionally_dismissed_on=D(2026, 3, 5), charge_codes=codes)
        d = only(compute_deadlines(facts, today=D(2026, 3, 6)), "provisional_dismissal_permanent")
        assert (d.due_on, d.certainty) == (D(2027, 3, 5), "I")
        assert "two years if the offence is punishable by more than six years" in d.note


# --- Finding 4: a syndicate is a finding, not a count ----------------------------------------


def test_three_accused_do_not_double_the_prescription_period() -> None:
    # RA 9208 s12: 10 years for an adult victim; 20 only for a syndicate (three or more persons
    # CONSPIRING), which a lawyer records. Released Sun 15 Mar 2020 + 10 years = Fri 15 Mar 2030.
    facts = CaseFacts(
        charge_codes=("TIP-4",),
        offence_date=D(2019, 6, 1),
        released_on=D(2020, 3, 15),
        offender_count=3,
    )
    d = only(compute_deadlines(facts, today=D(2026, 3, 1)), "prescription")
    assert d.due_on == D(2030, 3, 15)
    assert "3 accused are recorded" in d.note
    assert "conspiring" in d.note
    # Recorded as a syndicate: 20 years, 15 Mar 2040 (a Thursday).
    recorded = msgspec.structs.replace(facts, syndicate=True)
    assert only(compute_deadlines(recorded, today=D(2026, 3, 1)), "prescription").due_on == D(
        2040, 3, 15
    )


def test_advice_on_three_accused_says_a_syndicate_needs_conspiracy_and_is_an_inference() -> None:
    advice = charge_advice("TIP-4", offence_date=D(2024, 3, 1), offender_count=3)
    assert [(a.suggested_code, a.qualifier, a.certainty) for a in advice] == [("TIP-6", "c", "I")]
    assert "if three or more of them conspired" in advice[0].message


@pytest.mark.anyio
async def test_a_lawyer_records_a_syndicate_and_the_prescription_follows(people: People) -> None:
    case = await open_case(people, stage="case_build_up")
    charged = []
    for name in ("Rodrigo Tumulak", "Nestor Abellana", "Cirilo Ybañez"):
        added = await people.lawyer.post(
            f"/api/cases/{case['id']}/accused", json={"name": name, "custody_status": "at_large"}
        )
        assert added.status_code == 201, added.text
        charged.append(
            await people.lawyer.post(
                f"/api/cases/{case['id']}/charges",
                json={
                    "accused_id": added.json()["id"],
                    "statute_code": "TIP-4",
                    "offence_date": "2019-06-01",
                },
            )
        )
    assert all(c.status_code == 201 for c in charged)
    await set_facts(people, case["id"], released_on="2020-03-16")
    # Mon 16 Mar 2020 + 10 years = Sat 16 Mar 2030 -> earlier, Fri 15 Mar 2030.
    assert (await deadlines(people, case["id"], "2026-11-24"))["prescription"]["due_on"] == (
        "2030-03-15"
    )
    facts = await set_facts(people, case["id"], syndicate=True)
    assert (facts["syndicate"], facts["large_scale"]) == (True, None)
    # + 20 years = Fri 16 Mar 2040, a working day.
    found = await deadlines(people, case["id"], "2026-11-24")
    assert found["prescription"]["due_on"] == "2040-03-16"
    bad = await people.lawyer.patch(
        f"/api/cases/{case['id']}/facts", json={"version": facts["version"], "syndicate": "yes"}
    )
    assert bad.status_code == 400
    assert "syndicate" in bad.text


# --- Finding 5: the age on the offence date, never a rounded year ----------------------------


@pytest.mark.anyio
async def test_a_survivor_who_was_17_on_the_offence_date_gets_the_child_prescription(
    people: People,
) -> None:
    case = await open_case(people, stage="case_build_up")
    accused = await add_accused(people, case["id"], "at_large")
    # An adult now; born 20 Nov 1997, she was 17 on the offence date, 1 Mar 2015.
    survivor = await people.admin.post(
        f"/api/cases/{case['id']}/survivors",
        json={"pseudonym": "AAA", "age_band": "adult", "advocate_id": people.advocate.user_id},
    )
    survivor_id = survivor.json()["id"]
    identity = await people.advocate.put(
        f"/api/survivors/{survivor_id}/identity",
        json={"legal_name": "Maria Luz Tumulak", "birth_date": "1997-11-20"},
    )
    assert identity.status_code == 204, identity.text
    charged = await people.lawyer.post(
        f"/api/cases/{case['id']}/charges",
        json={
            "accused_id": accused["id"],
            "statute_code": "TIP-4",
            "offence_date": "2015-03-01",
            "survivor_ids": [survivor_id],
        },
    )
    assert charged.status_code == 201, charged.text
    response = await people.prosecutor.get(
        f"/api/cases/{case['id']}/deadlines", params={"as_of": "2026-11-24"}
    )
    assert "1997-11-20" not in response.text
    assert "11-20" not in response.text
    found = {d["rule"]: d for d in response.json()["deadlines"]}
    # RA 9208 s12, child victim: 20 years from turning 18, counted from 1 January of the birth
    # year (never after the true 18th birthday, 20 Nov 2015): 1 Jan 2015 + 20 = Mon 1 Jan 2035,
    # New Year's Day; Sun 31 Dec, Sat 30 Dec (Rizal Day) -> Fri 29 Dec 2034. Rounded to an
    # adult it was 10 years from the offence, 2025: "prescribed".
    prescription = found["prescription"]
    assert prescription["due_on"] == "2034-12-29"
    assert prescription["status"] == "open"
    assert "counted from 1 January of the birth year" in prescription["counted_from"]
    assert "the true date is the same or later" in prescription["counted_from"]


# --- Finding 6: the live-link clock follows the witness's age on the hearing's day ----------


@pytest.mark.anyio
async def test_the_live_link_clock_is_for_a_child_on_the_day_not_an_adult_with_an_interpreter(
    people: People,
) -> None:
    case = await open_case(people, stage="trial_prosecution_evidence")
    survivors = {}
    for pseudonym, band in (("AAA", "12_to_17"), ("BBB", "adult")):
        made = await people.admin.post(
            f"/api/cases/{case['id']}/survivors",
            json={"pseudonym": pseudonym, "age_band": band, "advocate_id": people.advocate.user_id},
        )
        assert made.status_code == 201, made.text
        witness = await people.lawyer.post(
            f"/api/cases/{case['id']}/witnesses",
            json={"kind": "survivor", "survivor_id": made.json()["id"]},
        )
        assert witness.status_code == 201, witness.text
        survivors[pseudonym] = (made.json()["id"], witness.json()["id"])
    # AAA was born 10 Mar 2009: 17 until Tue 9 Mar 2027, 18 from Wed 10 Mar 2027.
    identity = await people.advocate.put(
        f"/api/survivors/{survivors['AAA'][0]}/identity",
        json={"legal_name": "Jenelyn Abellana", "birth_date": "2009-03-10"},
    )
    assert identity.status_code == 204, identity.text
    # BBB, an adult, has an interpreter at a motion hearing (Tue 2 Mar 2027): no child
    # testifies there, so no live-link clock (before, any survivor's measure gave one).
    motion = await hearing(people, case["id"], "motion", "2027-03-02")
    need = await people.advocate.post(
        f"/api/hearings/{motion['id']}/protection-needs",
        json={"witness_id": survivors["BBB"][1], "measure": "interpreter"},
    )
    assert need.status_code == 201, need.text
    # Trials on Thu 4 Mar 2027 (AAA is 17: a child witness, though no measure is recorded for
    # her) and Thu 11 Mar 2027 (AAA is 18: no child testifies).
    await hearing(people, case["id"], "trial", "2027-03-04")
    await hearing(people, case["id"], "trial", "2027-03-11")

    response = await people.prosecutor.get(
        f"/api/cases/{case['id']}/deadlines", params={"as_of": "2027-02-22"}
    )
    assert response.status_code == 200, response.text
    assert "2009-03-10" not in response.text
    assert "03-10" not in response.text
    live_link = [
        (d["hearing_on"], d["due_on"], d["status"])
        for d in response.json()["deadlines"]
        if d["rule"] == "live_link_application"
    ]
    # A.M. 004-07-SC s25: at least 5 days before: Thu 4 Mar - 5 = Sat 27 Feb 2027, earlier to
    # Fri 26 Feb 2027; 4 days from Mon 22 Feb: due soon.
    assert live_link == [("2027-03-04", "2027-02-26", "due_soon")]

    # The live-link request for AAA at that trial, asked for on Mon 23 Nov 2026, meets it.
    trial_id = next(
        h["hearing_id"]
        for h in (await people.lawyer.get(f"/api/cases/{case['id']}/facts")).json()["derived"][
            "hearings"
        ]
        if h["on"] == "2027-03-04"
    )
    asked = await people.advocate.post(
        f"/api/hearings/{trial_id}/protection-needs",
        json={
            "witness_id": survivors["AAA"][1],
            "measure": "live_link_tv",
            "requested_on": "2026-11-23",
        },
    )
    assert asked.status_code == 201, asked.text
    found = await deadlines(people, case["id"], "2027-02-22")
    assert (found["live_link_application@2027-03-04"]["status"]) == "met"


@pytest.mark.anyio
async def test_the_lead_prosecutor_may_count_prescription_from_the_exact_birthday(
    people: People, client: httpx.AsyncClient
) -> None:
    case = await open_case(people, stage="case_build_up")
    accused = await add_accused(people, case["id"], "at_large")
    survivor = await people.admin.post(
        f"/api/cases/{case['id']}/survivors",
        json={"pseudonym": "AAA", "age_band": "adult", "advocate_id": people.advocate.user_id},
    )
    survivor_id = survivor.json()["id"]
    identity = await people.advocate.put(
        f"/api/survivors/{survivor_id}/identity",
        json={"legal_name": "Maria Luz Tumulak", "birth_date": "1997-11-20"},
    )
    assert identity.status_code == 204, identity.text
    charged = await people.lawyer.post(
        f"/api/cases/{case['id']}/charges",
        json={
            "accused_id": accused["id"],
            "statute_code": "TIP-4",
            "offence_date": "2015-03-01",
            "survivor_ids": [survivor_id],
        },
    )
    assert charged.status_code == 201, charged.text
    route = f"/api/cases/{case['id']}/prescription-from-identity"
    reason = {"reason": "checking when to file the complaint"}

    # A token carries no second factor: refused, and on record.
    token = await people.prosecutor.post(route, json=reason, params={"as_of": "2026-11-24"})
    assert token.status_code == 403
    assert "two-step" in token.json()["detail"]
    # A lawyer on the case may not know the birth date at all.
    assert (await people.lawyer.post(route, json=reason)).status_code == 403

    email = await User.select(User.email).where(User.id == people.prosecutor.user_id).first()
    assert email
    csrf = await login_with_second_factor(client, email["email"])
    short = await client.post(route, json={"reason": "x"}, headers={"X-CSRF-Token": csrf})
    assert short.status_code == 400
    assert short.json()["errors"][0]["field"] == "reason"
    exact = await client.post(
        route, json=reason, params={"as_of": "2026-11-24"}, headers={"X-CSRF-Token": csrf}
    )
    assert exact.status_code == 200, exact.text
    # RA 9208 s12: 20 years from the 18th birthday, Fri 20 Nov 2015: Tue 20 Nov 2035 (20
    # years and 5 leap days move the weekday by 4), a working day. The deadlines list keeps
    # the conservative date, Fri 29 Dec 2034 (see the test above), labelled.
    (d,) = exact.json()["deadlines"]
    assert (d["due_on"], d["counted_from"]) == (
        "2035-11-20",
        "the survivor's 18th birthday (20 years)",
    )
    assert exact.json()["exact_for"] == ["AAA"]
    assert exact.json()["caveat"] == CAVEAT
    listed = await deadlines(people, case["id"], "2026-11-24")
    assert listed["prescription"]["due_on"] == "2034-12-29"

    reads = await AuditEvent.select().where(
        (AuditEvent.action == "survivor_identity.read") & (AuditEvent.case_id == case["id"])
    )
    # The token's refusal and the read (the lawyer is refused before the service, by role).
    assert [r["outcome"] for r in reads] == ["denied", "ok"]
    assert "checking when to file" in reads[-1]["after"]
    assert "1997" not in "".join(r["after"] for r in reads)


# --- Finding 7: appeal after a motion, qualified sexual assault, sources, OSAEC ---------------


def test_a_motion_for_reconsideration_gives_a_fresh_appeal_period() -> None:
    # R122 s6; Neypes v. CA (2005): promulgated Thu 28 May 2026, appeal due Mon 15 Jun (see
    # test_deadline_rules). The MR filed Fri 5 Jun stops it: no "lapsed" appeal period while the
    # motion is pending.
    facts = CaseFacts(promulgated_on=D(2026, 5, 28), judgment_mr_filed_on=D(2026, 6, 5))
    pending = compute_deadlines(facts, today=D(2026, 7, 1))
    assert "notice_of_appeal" not in [d.rule for d in pending]
    assert "fresh 15 days" in only(pending, "judgment_mr").note
    # Notice of the denial received Mon 3 Aug 2026: a fresh 15 days, Tue 18 Aug 2026.
    denied = msgspec.structs.replace(facts, judgment_mr_denial_received_on=D(2026, 8, 3))
    d = only(compute_deadlines(denied, today=D(2026, 8, 4)), "notice_of_appeal")
    assert (d.due_on, d.status, d.counted_from_on) == (D(2026, 8, 18), "open", D(2026, 8, 3))
    assert "Neypes" in d.source
    # A motion filed after the period (Tue 16 Jun) stops nothing: lapsed on 15 Jun.
    late = msgspec.structs.replace(denied, judgment_mr_filed_on=D(2026, 6, 16))
    d = only(compute_deadlines(late, today=D(2026, 8, 4)), "notice_of_appeal")
    assert (d.due_on, d.status) == (D(2026, 6, 15), "overdue")


@pytest.mark.anyio
async def test_the_denial_of_the_motion_is_a_date_the_lawyer_records(people: People) -> None:
    case = await open_case(people, stage="decided")
    await set_facts(
        people,
        case["id"],
        promulgated_on="2026-05-28",
        judgment_mr_filed_on="2026-06-05",
        judgment_mr_denial_received_on="2026-08-03",
    )
    found = await deadlines(people, case["id"], "2026-08-04")
    # Mon 3 Aug 2026 + 15 = Tue 18 Aug 2026.
    assert found["notice_of_appeal"]["due_on"] == "2026-08-18"


def test_qualified_sexual_assault_prescribes_in_twenty_years() -> None:
    # RPC Art. 90: reclusion temporal, 20 years; Art. 91 from discovery (unknown: the offence
    # date stands in). Mon 5 Aug 2024 + 20 = Fri 5 Aug 2044. Unqualified (prision mayor): 15
    # years, Fri 5 Aug 2039.
    facts = CaseFacts(charge_codes=("RPC-266A2Q", "RPC-266A2"), offence_date=D(2024, 8, 5))
    found = {
        d.charge_code: d.due_on
        for d in compute_deadlines(facts, today=D(2026, 3, 1))
        if d.rule == "prescription"
    }
    assert found == {"RPC-266A2Q": D(2044, 8, 5), "RPC-266A2": D(2039, 8, 5)}


def test_each_prescription_note_cites_the_charges_own_law() -> None:
    facts = CaseFacts(charge_codes=("RPC-266A1D", "OSAEC-R", "TIP-4"), offence_date=D(2023, 1, 7))
    notes = {
        d.charge_code: d.note
        for d in compute_deadlines(facts, today=D(2026, 3, 1))
        if d.rule == "prescription"
    }
    assert "RPC Art. 91" in notes["RPC-266A1D"]
    assert "RA 9208" not in notes["RPC-266A1D"]
    assert "Act 3326 s2" in notes["OSAEC-R"]
    assert "RA 9208" not in notes["OSAEC-R"]
    assert "RA 9208 s12" in notes["TIP-4"]


def test_the_trafficking_circular_on_an_osaec_only_case_says_it_is_an_inference() -> None:
    # OCA Circ. 151-2010, 180 days from arraignment: Mon 15 Jun 2026 -> Mon 14 Dec 2026.
    osaec = CaseFacts(
        is_trafficking_case=True, charge_codes=("OSAEC-AJ",), arraigned_on=D(2026, 6, 15)
    )
    d = only(compute_deadlines(osaec, today=D(2026, 6, 16)), "tip_decision")
    assert (d.due_on, d.certainty) == (D(2026, 12, 14), "I")
    assert "Applied by inference" in d.note
    tip = msgspec.structs.replace(osaec, charge_codes=("OSAEC-AJ", "TIP-6"))
    d = only(compute_deadlines(tip, today=D(2026, 6, 16)), "tip_decision")
    assert d.certainty == "M"
    assert "inference" not in d.note


# --- Finding 10: not legal advice ------------------------------------------------------------


@pytest.mark.anyio
async def test_every_answer_with_computed_dates_says_to_check_them(people: People) -> None:
    case = await open_case(people, stage="information_filed")
    await add_accused(people, case["id"], "detained")
    # CT III.8: Mon 16 Nov 2026 + 10 = Thu 26 Nov 2026, due soon on the fixed day (24 Nov).
    await set_facts(people, case["id"], court_received_on="2026-11-16")
    routes = (
        f"/api/cases/{case['id']}/deadlines",
        f"/api/cases/{case['id']}/summary",
        "/api/deadlines/at-risk",
    )
    for route in routes:
        answer = await people.prosecutor.get(route)
        assert answer.status_code == 200, answer.text
        assert answer.json()["caveat"] == CAVEAT
    schema = (await people.prosecutor.get("/api/schema/openapi.json")).json()
    for route in ("/api/cases/{case_id}/deadlines", "/api/deadlines/at-risk"):
        assert (
            "check them against the rules and orders"
            in schema["paths"][route]["get"]["description"]
        )

    page = await people.prosecutor.get(f"/cases/{case['id']}")
    assert CAVEAT.replace("'", "&#39;") in page.text or CAVEAT in page.text
    # Each clock shows how sure Docket is of it.
    assert "A.M. 15-06-10-SC III.8; checked against the rule&#39;s text" in page.text
    home = await people.prosecutor.get("/")
    assert 'id="at-risk-caveat"' in home.text
    assert "check them against the rules" in home.text

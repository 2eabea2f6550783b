"""The recent rules and the last of the legal clocks (issue 19, builds 3 and 8): a petition for
review stops the arraignment clock, case build-up under DOJ DC 020, videoconference hearings
under A.M. 20-12-01-SC as amended, and the exact-date prescription on the case page.

Hand-worked dates are worked out in each test's comment; calendars for 2026 from
docket/deadlines/holidays.toml.
"""

from __future__ import annotations

import datetime as dt

from docket.cases.choices import CustodyChange
from docket.deadlines.engine import AccusedFacts, CaseFacts, CustodyFacts, compute_deadlines

D = dt.date


def arraignment(facts: CaseFacts, today: dt.date) -> list[tuple[str, dt.date, str]]:
    return [
        (d.rule, d.due_on, d.status)
        for d in compute_deadlines(facts, today=today)
        if d.rule.startswith("arraignment_") and d.rule != "arraignment_suspension"
    ]


# --- Build 3: a petition for review suspends the arraignment clock (R116 s11(c)) ------------


def test_a_petition_for_review_moves_the_detained_arraignment_by_the_days_it_was_pending() -> None:
    # Detained; the court received the case Mon 5 Oct 2026: due Thu 15 Oct. The petition for
    # review was filed Wed 7 Oct and resolved Thu 22 Oct: 15 days suspended, so the clock runs
    # on to 5 Oct + 10 + 15 = Fri 30 Oct 2026 (a working day). Before, it showed "overdue" on
    # 20 Oct while the law had arraignment suspended.
    facts = CaseFacts(
        court_received_on=D(2026, 10, 5),
        accused_detained=True,
        petition_for_review_filed_on=D(2026, 10, 7),
        review_resolved_on=D(2026, 10, 22),
    )
    (d,) = [
        x
        for x in compute_deadlines(facts, today=D(2026, 10, 20))
        if x.rule == "arraignment_detained"
    ]
    assert (d.due_on, d.status) == (D(2026, 10, 30), "open")
    assert d.suspension is not None
    assert (d.suspension.suspended_from, d.suspension.suspended_to, d.suspension.days) == (
        D(2026, 10, 7),
        D(2026, 10, 22),
        15,
    )
    assert d.suspension.source == "Rules of Court R116 s11(c)"
    assert not d.suspension.pending
    assert "Suspended 15 days, 07 Oct 2026 to 22 Oct 2026" in d.note
    assert "R116 s11(c)" in d.note


def test_a_pending_petition_suspends_the_arraignment_for_at_most_60_days() -> None:
    # Filed Wed 7 Oct 2026, not resolved: the suspension can last to 7 Oct + 60 = Sun 6 Dec, so
    # 60 days: 5 Oct + 70 = Mon 14 Dec 2026, with a note to record the resolution.
    facts = CaseFacts(
        court_received_on=D(2026, 10, 5),
        accused_detained=True,
        petition_for_review_filed_on=D(2026, 10, 7),
    )
    (d,) = [
        x
        for x in compute_deadlines(facts, today=D(2026, 10, 20))
        if x.rule == "arraignment_detained"
    ]
    assert d.due_on == D(2026, 12, 14)
    assert d.suspension is not None
    assert (d.suspension.suspended_to, d.suspension.days, d.suspension.pending) == (
        D(2026, 12, 6),
        60,
        True,
    )
    assert "record the date the review is resolved" in d.note


def test_a_review_resolved_after_60_days_suspends_only_60() -> None:
    # Filed 7 Oct, resolved Fri 18 Dec 2026 (72 days): only 60 count, as above: Mon 14 Dec.
    facts = CaseFacts(
        court_received_on=D(2026, 10, 5),
        accused_detained=True,
        petition_for_review_filed_on=D(2026, 10, 7),
        review_resolved_on=D(2026, 12, 18),
    )
    assert arraignment(facts, D(2026, 12, 20)) == [
        ("arraignment_detained", D(2026, 12, 14), "overdue")
    ]


def test_a_petition_filed_before_the_court_had_the_case_suspends_from_the_clocks_start() -> None:
    # Not detained; jurisdiction acquired Mon 5 Oct 2026 (30 days: Wed 4 Nov). The petition was
    # filed Thu 1 Oct and resolved Mon 12 Oct: the clock stood still 5 Oct to 12 Oct, 7 days:
    # 5 Oct + 37 = Wed 11 Nov 2026. Each accused's own clock moves (Abellana, bailed).
    facts = CaseFacts(
        jurisdiction_acquired_on=D(2026, 10, 5),
        petition_for_review_filed_on=D(2026, 10, 1),
        review_resolved_on=D(2026, 10, 12),
        accused=(
            AccusedFacts(
                accused_id=2,
                name="Nestor Abellana",
                custody=(
                    CustodyFacts(CustodyChange.ARRESTED, D(2026, 9, 28)),
                    CustodyFacts(CustodyChange.BAIL_POSTED, D(2026, 9, 29)),
                ),
            ),
        ),
    )
    found = [
        x
        for x in compute_deadlines(facts, today=D(2026, 10, 20))
        if x.rule == "arraignment_not_detained"
    ]
    (d,) = found
    assert (d.accused_name, d.due_on) == ("Nestor Abellana", D(2026, 11, 11))
    assert d.suspension is not None
    assert (d.suspension.suspended_from, d.suspension.days) == (D(2026, 10, 5), 7)


def test_a_petition_filed_after_the_last_day_does_not_revive_a_missed_arraignment() -> None:
    # Due Thu 15 Oct 2026; the petition came Mon 19 Oct: the clock stays overdue, and says why.
    facts = CaseFacts(
        court_received_on=D(2026, 10, 5),
        accused_detained=True,
        petition_for_review_filed_on=D(2026, 10, 19),
    )
    (d,) = [
        x
        for x in compute_deadlines(facts, today=D(2026, 10, 20))
        if x.rule == "arraignment_detained"
    ]
    assert (d.due_on, d.status, d.suspension) == (D(2026, 10, 15), "overdue", None)
    assert "after this clock's last day: it did not stop this clock" in d.note

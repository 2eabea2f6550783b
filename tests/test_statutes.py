"""The statute catalogue and the charge checks, with hand-worked dates (legal.md 1, 7.1)."""

from __future__ import annotations

import datetime as dt

import pytest

from docket.statutes.catalogue import (
    CatalogueError,
    load_catalogue,
    parse_catalogue,
    search_statutes,
    statute,
)
from docket.statutes.checks import Advice, charge_advice, prescription_dates

#: Every charge of legal.md 7.1.
LEGAL_MD_CODES = {
    "TIP-4", "TIP-4A", "TIP-4B", "TIP-4C", "TIP-5", "TIP-6", "TIP-7", "TIP-11", "TIP-11-1",
    "TIP-11-2", "OSAEC-AJ", "OSAEC-KL", "OSAEC-MO", "OSAEC-P", "OSAEC-Q", "OSAEC-R", "OSAEC-S",
    "OSAEC-T", "OSAEC-6", "CP-9775", "CYB-4C2", "CYB-6", "CPA-5A", "CPA-5B", "CPA-5C", "CPA-7",
    "RPC-266A1D", "RPC-266A2",
}  # fmt: skip


# --- The catalogue -------------------------------------------------------------------------


def test_catalogue_has_every_charge_of_legal_md_with_a_source() -> None:
    charges = load_catalogue().charges
    assert {s.code for s in charges} >= LEGAL_MD_CODES
    for s in charges:
        assert all((s.source, s.penalty_source, s.prescription.source)), s.code
        assert s.certainty in {"V", "M", "I"}


def test_qualified_trafficking_lists_qualifiers_a_to_o() -> None:
    tip6 = statute("TIP-6")
    assert tip6 is not None
    assert [q.letter for q in tip6.qualifiers] == list("abcdefghijklmno")
    ict = tip6.qualifier("o")
    assert ict is not None
    assert "ICT" in ict.text
    assert ict.added_by == "RA 11862"  # legal.md 1.1: (j)-(o) added by RA 11862
    assert tip6.bail_no
    assert tip6.qualified
    assert tip6.penalty.startswith("Life imprisonment")  # RA 9208 s10(e)


def test_repealed_charges_carry_the_ra_11930_date_and_its_doubt() -> None:
    for code in ("CP-9775", "CYB-4C2"):
        s = statute(code)
        assert s is not None
        assert s.inactive
        assert s.repealed_by == "RA 11930 s44"
        assert s.repealed_on == dt.date(2022, 7, 30)  # RA 11930 lapsed into law 30 Jul 2022
        assert s.dates_certainty == "I"
        assert "unconfirmed" in s.dates_note


def test_prescription_rules_are_structured() -> None:
    tip4 = statute("TIP-4")
    assert tip4 is not None
    rule = tip4.prescription
    # RA 9208 s12: 10 years; 20 if child, syndicate or large scale; from release; child from 18.
    assert (rule.years, rule.higher_years) == (10, 20)
    assert set(rule.higher_if) == {"child_victim", "syndicate", "large_scale"}
    assert rule.runs_from == "release_from_bondage"
    assert rule.child_from_age_18
    osaec = statute("OSAEC-R")
    assert osaec is not None
    assert osaec.prescription.contested
    assert (
        osaec.prescription.years,
        osaec.prescription.higher_years,
    ) == (12, 20)
    cyb6 = statute("CYB-6")
    assert cyb6 is not None
    assert cyb6.opt_in
    assert cyb6.prescription.years is None


def test_statute_lookup_ignores_case_and_unknown_is_none() -> None:
    found = statute(" tip-4a ")
    assert found is not None
    assert found.section == "4-A"
    assert statute("TIP-99") is None
    assert statute("") is None


def test_search_over_code_statute_section_and_title() -> None:
    assert {s.code for s in search_statutes("ra 11930")} == {
        c for c in LEGAL_MD_CODES if c.startswith("OSAEC")
    }
    assert {s.code for s in search_statutes("RA11930")} == {
        s.code for s in search_statutes("ra 11930")
    }
    assert {s.code for s in search_statutes("266-a")} == {"RPC-266A1D", "RPC-266A2", "RPC-266A2Q"}
    titles = {s.code for s in search_statutes("TRAFFICKING")}
    assert {"TIP-4", "TIP-6", "CPA-7"} <= titles
    assert search_statutes("no such offence") == []
    assert len(search_statutes("")) == len(load_catalogue().charges)


_GOOD = """
[[charge]]
code = "X-1"
statute = "RA 1"
section = "1"
title = "Example"
penalty = "1 year"
penalty_source = "RA 1 s2"
qualified = false
bail_no = false
source = "RA 1"
certainty = "V"

[charge.prescription]
years = 10
runs_from = "commission"
source = "RA 1 s3"
certainty = "V"
"""


def test_a_well_formed_file_parses() -> None:
    assert parse_catalogue(_GOOD).charges[0].prescription.years == 10


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (_GOOD.replace('certainty = "V"\n\n[charge', 'certainty = "X"\n\n[charge'), "tag"),
        (_GOOD.replace("years = 10", 'years = "ten"'), "years as text"),
        (_GOOD.replace('runs_from = "commission"', 'runs_from = "whenever"'), "runs_from"),
        (_GOOD.replace("years = 10", "years = 10\nhigher_years = 5\ncontested = true"), "shorter"),
        (_GOOD.replace("years = 10", "years = 12\ncontested = true"), "contested, one period"),
        (_GOOD.replace('title = "Example"', 'title = "Example"\ninactive = true'), "no date"),
        (_GOOD.replace('title = "Example"', 'title = "Example"\nbail = false'), "unknown key"),
        (_GOOD + _GOOD, "code twice"),
        ("[[charge]\n", "not TOML"),
    ],
)
def test_a_bad_catalogue_fails_loudly(bad: str, why: str) -> None:
    with pytest.raises(CatalogueError):
        parse_catalogue(bad)


# --- Charge advice --------------------------------------------------------------------------


def _codes_and_letters(advice: list[Advice]) -> set[tuple[str, str | None, str | None]]:
    return {(a.kind, a.suggested_code, a.qualifier) for a in advice}


def test_tip4_for_an_adult_alone_offline_needs_no_advice() -> None:
    assert charge_advice("TIP-4", offence_date=dt.date(2024, 3, 1), victim_count=1) == []


def test_tip4_with_a_child_survivor_suggests_qualifier_a() -> None:
    # RA 9208 s6(a): the trafficked person is a child -> qualified trafficking (TIP-6).
    advice = charge_advice("TIP-4", offence_date=dt.date(2024, 3, 1), child_survivor=True)
    assert _codes_and_letters(advice) == {("suggestion", "TIP-6", "a")}
    assert "child" in advice[0].message
    assert advice[0].source == "RA 9208 s6(a)"


def test_tip4_through_ict_suggests_qualifier_o() -> None:
    # RA 9208 s6(o) (added by RA 11862, signed 23 Jun 2022): committed through ICT.
    advice = charge_advice("TIP-4", offence_date=dt.date(2024, 3, 1), via_ict=True)
    assert _codes_and_letters(advice) == {("suggestion", "TIP-6", "o")}
    assert "RA 11862" in advice[0].message


def test_online_child_case_suggests_both_a_and_o() -> None:
    # legal.md 1.1: online child cases are almost always qualified, via (a) + (o).
    advice = charge_advice(
        "TIP-4", offence_date=dt.date(2024, 3, 1), child_survivor=True, via_ict=True
    )
    assert _codes_and_letters(advice) == {
        ("suggestion", "TIP-6", "a"),
        ("suggestion", "TIP-6", "o"),
    }


def test_qualifier_o_is_not_available_before_ra_11862() -> None:
    # An offence on 1 Mar 2021 predates RA 11862 (signed 23 Jun 2022): s6(o) cannot qualify it.
    advice = charge_advice("TIP-4", offence_date=dt.date(2021, 3, 1), via_ict=True)
    assert _codes_and_letters(advice) == {("warning", "TIP-6", "o")}
    assert "cannot qualify" in advice[0].message


def test_three_victims_is_large_scale_qualifier_c() -> None:
    # RA 9208 s6(c): large scale = 3 or more victims.
    advice = charge_advice("TIP-4", offence_date=dt.date(2024, 3, 1), victim_count=3)
    assert _codes_and_letters(advice) == {("suggestion", "TIP-6", "c")}
    assert charge_advice("TIP-4", offence_date=dt.date(2024, 3, 1), victim_count=2) == []


def test_three_offenders_is_a_syndicate_qualifier_c() -> None:
    advice = charge_advice("TIP-4", offence_date=dt.date(2024, 3, 1), offender_count=3)
    assert _codes_and_letters(advice) == {("suggestion", "TIP-6", "c")}
    assert "syndicate" in advice[0].message


def test_qualifier_suggestions_are_only_for_a_tip4_charge() -> None:
    for code in ("TIP-5", "TIP-6", "CPA-5A"):
        assert charge_advice(code, offence_date=dt.date(2024, 3, 1), child_survivor=True) == []


def test_repealed_code_for_an_offence_after_the_repeal_is_warned() -> None:
    # RA 11930 s44 repealed RA 9775; repeal taken as 30 Jul 2022. Offence 10 Jan 2023 is after.
    advice = charge_advice("CP-9775", offence_date=dt.date(2023, 1, 10))
    assert [a.kind for a in advice] == ["warning"]
    assert "repealed" in advice[0].message
    assert "RA 11930" in advice[0].message
    assert advice[0].certainty == "I"  # the repeal date is an assumption


def test_repealed_code_on_the_repeal_day_itself_is_warned() -> None:
    # "on or after its repeal": 30 Jul 2022 is the day RA 11930 is taken as in force.
    advice = charge_advice("CYB-4C2", offence_date=dt.date(2022, 7, 30))
    assert [a.kind for a in advice] == ["warning"]


def test_repealed_code_for_an_offence_before_the_repeal_is_fine() -> None:
    assert charge_advice("CP-9775", offence_date=dt.date(2022, 7, 29)) == []


def test_repealed_code_without_an_offence_date_asks_for_it() -> None:
    advice = charge_advice("CP-9775", offence_date=None)
    assert [a.kind for a in advice] == ["warning"]
    assert "offence date" in advice[0].message


def test_ra_11930_charge_for_an_offence_before_it_existed_is_warned() -> None:
    # Penal laws do not reach back (legal.md 1.3): 1 Mar 2021 is before 30 Jul 2022.
    advice = charge_advice("OSAEC-R", offence_date=dt.date(2021, 3, 1))
    assert [a.kind for a in advice] == ["warning"]
    assert "do not reach back" in advice[0].message


def test_osaec_with_three_victims_suggests_osaec_6() -> None:
    # RA 11930 s6: large scale = 3 or more victims.
    advice = charge_advice("OSAEC-AJ", offence_date=dt.date(2024, 3, 1), victim_count=4)
    assert _codes_and_letters(advice) == {("suggestion", "OSAEC-6", None)}


def test_opt_in_cybercrime_charge_is_flagged_as_the_prosecutors_choice() -> None:
    advice = charge_advice("CYB-6", offence_date=dt.date(2024, 3, 1), via_ict=True)
    assert [a.kind for a in advice] == ["warning"]
    assert "choice" in advice[0].message


@pytest.mark.parametrize("code", ["TIP-99", "", "   ", "DROP TABLE", "tip 4"])
def test_an_unknown_code_is_a_warning_not_a_crash(code: str) -> None:
    advice = charge_advice(code, offence_date=None, child_survivor=True, victim_count=-1)
    assert [a.kind for a in advice] == ["warning"]
    assert "not a charge Docket knows" in advice[0].message


def test_odd_counts_do_not_crash() -> None:
    assert charge_advice("TIP-4", offence_date=None, victim_count=-5, offender_count=0) == []


# --- Prescription ---------------------------------------------------------------------------


def test_tip_adult_runs_ten_years_from_release() -> None:
    # RA 9208 s12: 10 years from release from bondage. Released 15 Mar 2020 + 10 years
    # = 15 Mar 2030.
    est = prescription_dates(
        "TIP-4", offence_date=dt.date(2019, 6, 1), released_on=dt.date(2020, 3, 15)
    )
    assert est.known
    assert est.years == 10
    assert est.starts_on == dt.date(2020, 3, 15)
    assert est.warn_on == dt.date(2030, 3, 15)
    assert not est.contested


def test_tip_child_runs_twenty_years_from_the_eighteenth_birthday() -> None:
    # RA 9208 s12: for a child, from the day the child turns 18; 20 years for a child victim.
    # Born 20 May 2010 -> 18 on 20 May 2028; + 20 years = 20 May 2048. Release (2024) is earlier
    # than the 18th birthday and does not matter.
    est = prescription_dates(
        "TIP-4",
        offence_date=dt.date(2024, 2, 1),
        survivor_birth_date=dt.date(2010, 5, 20),
        child_victim=True,
        released_on=dt.date(2024, 3, 1),
    )
    assert est.starts_on == dt.date(2028, 5, 20)
    assert est.starts_from == "the survivor's 18th birthday"
    assert est.years == 20
    assert est.warn_on == dt.date(2048, 5, 20)


def test_a_29_february_birthday_turns_18_on_28_february() -> None:
    # Born 29 Feb 2008 -> 2026 has no 29 Feb: 18 on 28 Feb 2026 (the earlier, safer day);
    # + 20 years = 28 Feb 2046.
    est = prescription_dates(
        "TIP-6",
        offence_date=dt.date(2023, 5, 1),
        survivor_birth_date=dt.date(2008, 2, 29),
        child_victim=True,
    )
    assert est.starts_on == dt.date(2026, 2, 28)
    assert est.warn_on == dt.date(2046, 2, 28)


def test_birth_date_shows_a_child_even_when_the_box_was_not_ticked() -> None:
    # Born 1 Jan 2009, offence 1 Jun 2024: 15 years old. 18 on 1 Jan 2027; + 20 = 1 Jan 2047.
    est = prescription_dates(
        "TIP-4", offence_date=dt.date(2024, 6, 1), survivor_birth_date=dt.date(2009, 1, 1)
    )
    assert est.warn_on == dt.date(2047, 1, 1)
    assert any("was a child" in n for n in est.notes)


def test_tip_large_scale_adult_runs_twenty_years() -> None:
    # RA 9208 s12: 20 years when large scale (3+ victims), a finding the lawyer recorded. From
    # the offence date 1 Jun 2021 as the release date is unknown (a safe, earlier stand-in):
    # 1 Jun 2041.
    est = prescription_dates(
        "TIP-4", offence_date=dt.date(2021, 6, 1), victim_count=3, large_scale=True
    )
    assert est.years == 20
    assert est.warn_on == dt.date(2041, 6, 1)
    assert any("Release date unknown" in n for n in est.notes)


def test_contested_twelve_or_twenty_warns_at_twelve() -> None:
    # legal.md 1.7, 7.1: RA 11930 has no prescription clause; Act 3326 gives 12 years, RPC Art. 90
    # may give 20. Warn at the earlier: offence 10 Jan 2023 + 12 years = 10 Jan 2035
    # (the 20-year date, 10 Jan 2043, is shown but not relied on).
    est = prescription_dates("OSAEC-R", offence_date=dt.date(2023, 1, 10))
    assert est.contested
    assert est.years == 12
    assert est.warn_on == dt.date(2035, 1, 10)
    assert est.later_on == dt.date(2043, 1, 10)


def test_uncontested_twelve_years_has_no_later_date() -> None:
    # OSAEC-S (PM max): 12 years under Act 3326 only. 10 Jan 2023 + 12 = 10 Jan 2035.
    est = prescription_dates("OSAEC-S", offence_date=dt.date(2023, 1, 10))
    assert (est.warn_on, est.later_on, est.contested) == (dt.date(2035, 1, 10), None, False)


def test_statutory_rape_runs_twenty_years_from_discovery() -> None:
    # RPC Art. 90 (RP: 20 years), Art. 91 (from discovery). Discovered 3 Apr 2025 -> 3 Apr 2045.
    est = prescription_dates(
        "RPC-266A1D", offence_date=dt.date(2020, 1, 1), discovered_on=dt.date(2025, 4, 3)
    )
    assert est.starts_on == dt.date(2025, 4, 3)
    assert est.warn_on == dt.date(2045, 4, 3)


def test_sexual_assault_fifteen_years_or_twenty_if_qualified() -> None:
    # RPC Art. 90: PM 15 years; RT (qualified) 20 years. Offence 5 Aug 2024, discovery unknown.
    plain = prescription_dates("RPC-266A2", offence_date=dt.date(2024, 8, 5))
    qualified = prescription_dates("RPC-266A2", offence_date=dt.date(2024, 8, 5), qualified=True)
    assert plain.warn_on == dt.date(2039, 8, 5)  # 2024 + 15
    assert qualified.warn_on == dt.date(2044, 8, 5)  # 2024 + 20


def test_cybercrime_s6_prescribes_with_its_base_crime() -> None:
    est = prescription_dates("CYB-6", offence_date=dt.date(2024, 1, 1))
    assert not est.known
    assert est.warn_on is None


def test_unknown_code_and_missing_facts_give_no_date_but_do_not_crash() -> None:
    assert not prescription_dates("TIP-99", offence_date=dt.date(2024, 1, 1)).known
    est = prescription_dates("OSAEC-R", offence_date=None)
    assert not est.known
    assert est.warn_on is None


def test_birth_date_after_the_offence_is_ignored_with_a_note() -> None:
    # A typing error: born 2030, offence 2024. Counted as an adult TIP case from the offence.
    est = prescription_dates(
        "TIP-4", offence_date=dt.date(2024, 1, 1), survivor_birth_date=dt.date(2030, 1, 1)
    )
    assert est.warn_on == dt.date(2034, 1, 1)
    assert any("birth date is after" in n for n in est.notes)


def test_child_without_a_birth_date_counts_from_the_offence_as_a_safe_stand_in() -> None:
    # 20 years (child) from the offence 1 Jun 2024, earlier than the unknown 18th birthday.
    est = prescription_dates("TIP-4", offence_date=dt.date(2024, 6, 1), child_victim=True)
    assert est.warn_on == dt.date(2044, 6, 1)
    assert any("Enter the birth date" in n for n in est.notes)


def test_a_date_off_the_calendar_gives_no_estimate_but_does_not_crash() -> None:
    est = prescription_dates("TIP-4", offence_date=dt.date(9999, 1, 1))
    assert not est.known
    assert est.warn_on is None

"""Charge checks that help the prosecutor and never decide.

Every function here reads the catalogue and the facts it is given and returns advice or an
estimate. Nothing is changed, refused or filed: the prosecutor reads the advice and chooses.
Where a rule below goes beyond what legal.md states as checked law it says so ("inference").
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import msgspec

from docket.deadlines.workdays import add_months
from docket.statutes.catalogue import Certainty, Statute, statute

__all__ = ["ADVICE_CAVEAT", "Advice", "PrescriptionEstimate", "charge_advice", "prescription_dates"]

#: RA 9208 s6(c) [V]: a syndicate is 3 or more conspirators; large scale is 3 or more victims.
#: RA 11930 s6 uses the same numbers for OSAEC (legal.md 1.2).
SYNDICATE_OFFENDERS = 3
LARGE_SCALE_VICTIMS = 3
#: Said with every answer of these checks: they help the prosecutor, who decides.
ADVICE_CAVEAT = (
    "Docket makes these checks to help; check them against the law and the facts of your case."
)
#: A child is a person under 18 (RA 9208 s3; A.M. 004-07-SC s4; legal.md 1.1).
AGE_OF_MAJORITY = 18


class Advice(msgspec.Struct, frozen=True, kw_only=True):
    """One thing the prosecutor may want to look at, in plain words."""

    #: "suggestion": a charge or qualifier the facts may support; "warning": a likely mistake.
    kind: Literal["suggestion", "warning"]
    message: str
    source: str
    certainty: Certainty
    #: The charge code the advice is about or points to, where there is one.
    suggested_code: str | None = None
    #: The qualifier letter it points to (e.g. "a" for RA 9208 s6(a)).
    qualifier: str | None = None


def _suggest_s6(tip6: Statute, letter: str, why: str, offence_date: dt.date | None) -> Advice:
    q = tip6.qualifier(letter)
    if q is None:  # the data file lost a qualifier: say so rather than crash
        return Advice(
            kind="warning",
            message=f"The catalogue has no RA 9208 s6({letter}); check the statute catalogue.",
            source="docket/statutes/catalogue.toml",
            certainty="V",
        )
    text = (
        f"{why}: consider qualified trafficking, RA 9208 s6({letter}) - {q.text} "
        f"(TIP-6, {tip6.penalty})."
    )
    if q.added_on is not None:
        if offence_date is not None and offence_date < q.added_on:
            # Penal laws do not reach back [M] (legal.md 1.3): the qualifier did not exist yet.
            return Advice(
                kind="warning",
                message=(
                    f"{why}, but s6({letter}) was added by {q.added_by}, signed "
                    f"{q.added_on:%d %b %Y}, after the offence date ({offence_date:%d %b %Y}); "
                    "it cannot qualify this offence."
                ),
                source=q.source,
                certainty="I",
                suggested_code=tip6.code,
                qualifier=letter,
            )
        text += (
            f" s6({letter}) was added by {q.added_by} (signed {q.added_on:%d %b %Y}); "
            "confirm the offence came after it took effect."
        )
    return Advice(
        kind="suggestion",
        message=text,
        source=q.source,
        certainty=q.certainty,
        suggested_code=tip6.code,
        qualifier=letter,
    )


def charge_advice(
    code: str,
    *,
    offence_date: dt.date | None = None,
    child_survivor: bool = False,
    via_ict: bool = False,
    victim_count: int = 1,
    offender_count: int = 1,
) -> list[Advice]:
    """What a prosecutor may want to check about charging ``code`` on these facts.

    Checked law: RA 9208 s6 qualifiers (a) child, (c) large scale / syndicate, (o) ICT; RA 11930
    s6 (3+ victims or offenders); RA 11930 s44 repeals. Inference: the repeal date (RA 11930
    taken as in force the day it lapsed into law, 30 Jul 2022) and that a law cannot be charged
    for acts before it took effect. An unknown code is a warning, never an error.
    """
    found = statute(code)
    if found is None:
        return [
            Advice(
                kind="warning",
                message=(
                    f"'{code}' is not a charge Docket knows. Check the code, or ask for it to be "
                    "added to the statute catalogue."
                ),
                source="docket/statutes/catalogue.toml",
                certainty="V",
            )
        ]
    advice: list[Advice] = []

    if found.inactive and found.repealed_on is not None:
        repeal = f"{found.repealed_by} ({found.repealed_on:%d %b %Y}; {found.dates_note})"
        if offence_date is None:
            advice.append(
                Advice(
                    kind="warning",
                    message=(
                        f"{found.code} is repealed by {repeal} It applies only to acts before "
                        "the repeal; enter the offence date to check."
                    ),
                    source=found.source,
                    certainty=found.dates_certainty or "I",
                    suggested_code=found.code,
                )
            )
        elif offence_date >= found.repealed_on:
            advice.append(
                Advice(
                    kind="warning",
                    message=(
                        f"{found.code} was repealed by {repeal} The offence date "
                        f"({offence_date:%d %b %Y}) is on or after the repeal: charge under "
                        "RA 11930 (the OSAEC-... codes) instead."
                    ),
                    source=found.source,
                    certainty=found.dates_certainty or "I",
                    suggested_code=found.code,
                )
            )

    if (
        found.in_force_from is not None
        and offence_date is not None
        and offence_date < found.in_force_from
    ):
        # Penal laws are not retroactive [M] (legal.md 1.3).
        advice.append(
            Advice(
                kind="warning",
                message=(
                    f"{found.code} ({found.statute}) is taken as in force from "
                    f"{found.in_force_from:%d %b %Y}, after the offence date "
                    f"({offence_date:%d %b %Y}). Penal laws do not reach back: charge under the "
                    f"law in force at the time. ({found.dates_note})"
                ),
                source=found.source,
                certainty=found.dates_certainty or "I",
                suggested_code=found.code,
            )
        )

    tip6 = statute("TIP-6")
    if found.code == "TIP-4" and tip6 is not None:
        if child_survivor:
            advice.append(_suggest_s6(tip6, "a", "The survivor is a child", offence_date))
        if via_ict:
            advice.append(
                _suggest_s6(tip6, "o", "The offence was committed through ICT", offence_date)
            )
        if victim_count >= LARGE_SCALE_VICTIMS:
            advice.append(
                _suggest_s6(
                    tip6, "c", f"There are {victim_count} victims (large scale)", offence_date
                )
            )
        elif offender_count >= SYNDICATE_OFFENDERS:
            # Three accused are a count; a syndicate is three or more persons CONSPIRING, which
            # the evidence must show: an inference for the prosecutor to weigh, never a fact.
            suggested = _suggest_s6(
                tip6,
                "c",
                f"{offender_count} accused are charged under it; if three or more of them "
                "conspired, that is a syndicate",
                offence_date,
            )
            advice.append(msgspec.structs.replace(suggested, certainty="I"))

    osaec6 = statute("OSAEC-6")
    many = victim_count >= LARGE_SCALE_VICTIMS or offender_count >= SYNDICATE_OFFENDERS
    if found.statute == "RA 11930" and found.code != "OSAEC-6" and many and osaec6 is not None:
        advice.append(
            Advice(
                kind="suggestion",
                message=(
                    f"{victim_count} victims and {offender_count} offenders: consider "
                    f"syndicated or large-scale OSAEC, RA 11930 s6 (OSAEC-6, "
                    f"{osaec6.penalty})."
                ),
                source=osaec6.source,
                certainty=osaec6.certainty,
                suggested_code=osaec6.code,
            )
        )

    if found.opt_in:
        advice.append(
            Advice(
                kind="warning",
                message=f"{found.code} is the prosecutor's choice, never automatic. {found.note}",
                source=found.source,
                certainty="I",
                suggested_code=found.code,
            )
        )
    return advice


class PrescriptionEstimate(msgspec.Struct, frozen=True, kw_only=True):
    """When a charge may prescribe: an estimate for a warning, not a ruling.

    ``warn_on`` is the date to act by: the end of the shorter period where the law is contested
    (Act 3326's 12 years against RPC Art. 90's 20; legal.md 1.7). Filing the complaint stops the
    clock (RA 9208 s12 [V]; for special laws, *Panaguiton* 2008 [M]).
    """

    code: str
    #: False when no date can be given (unknown code, missing facts, a per-base-offence rule).
    known: bool
    #: The day the period runs from, and that fact in plain words.
    starts_on: dt.date | None = None
    starts_from: str = ""
    #: The period used for ``warn_on``.
    years: int | None = None
    #: The date to act by.
    warn_on: dt.date | None = None
    #: For a contested rule, the end of the longer period (the date is not relied on).
    later_on: dt.date | None = None
    contested: bool = False
    source: str = ""
    certainty: Certainty = "I"
    #: Plain words on how the dates were reached, including every inference.
    notes: tuple[str, ...] = ()


def _birthday(birth: dt.date, age: int) -> dt.date:
    # A 29 February birthday falls on 28 February in a common year: the earlier date is the safer
    # one for a deadline.
    return add_months(birth, 12 * age)


def prescription_dates(
    code: str,
    *,
    offence_date: dt.date | None,
    survivor_birth_date: dt.date | None = None,
    child_victim: bool = False,
    released_on: dt.date | None = None,
    discovered_on: dt.date | None = None,
    victim_count: int = 1,
    offender_count: int = 1,
    qualified: bool = False,
    syndicate: bool | None = None,
    large_scale: bool | None = None,
    birth_year_only: bool = False,
) -> PrescriptionEstimate:
    """Estimate when ``code`` prescribes on these facts.

    Law applied (catalogue.toml gives each source): RA 9208 s12 - 10 years, 20 for a child victim,
    a syndicate or large scale, running from release from bondage or, for a child, from the day
    the child turns 18; Act 3326 - 12 years from commission; RPC Art. 90-91 - 15 or 20 years from
    discovery.

    A syndicate (three or more persons conspiring) and large scale are findings a lawyer records
    (``syndicate``, ``large_scale``; None = not recorded), never guessed from the number of accused
    or survivors: counted without them the period is the shorter one, the earlier date, and the
    notes say what the counts suggest. ``birth_year_only``: the birth date is 1 January of the
    birth year (the caller keeps the birthday to itself and has already decided, on the exact
    date, whether the survivor was a child on the offence date); the 18th "birthday" is then
    1 January of that year, never later than the true one.

    Inference, to be confirmed:
    - Where the start fact is unknown, an EARLIER known date stands in (the offence date for
      release or discovery), so the warning can only come too early, never too late.
    - For a child victim the period runs from the 18th birthday even if release came later: that
      is what s12 says, and it is the earlier date.
    - A survivor whose birth date shows they were under 18 on the offence date is treated as a
      child even if ``child_victim`` was not ticked.
    - Years are calendar years (Administrative Code 1987 Book I s31 [M]); the date is NOT moved
      off a weekend or holiday here - the deadline engine moves it earlier.
    """
    try:
        return _estimate(
            code,
            offence_date=offence_date,
            survivor_birth_date=survivor_birth_date,
            child_victim=child_victim,
            released_on=released_on,
            discovered_on=discovered_on,
            victim_count=victim_count,
            offender_count=offender_count,
            qualified=qualified,
            syndicate=syndicate,
            large_scale=large_scale,
            birth_year_only=birth_year_only,
        )
    except (OverflowError, ValueError):  # a date so far off the calendar has no anniversary
        return PrescriptionEstimate(
            code=code, known=False, notes=("A date is out of range; check the dates.",)
        )


def _estimate(
    code: str,
    *,
    offence_date: dt.date | None,
    survivor_birth_date: dt.date | None = None,
    child_victim: bool = False,
    released_on: dt.date | None = None,
    discovered_on: dt.date | None = None,
    victim_count: int = 1,
    offender_count: int = 1,
    qualified: bool = False,
    syndicate: bool | None = None,
    large_scale: bool | None = None,
    birth_year_only: bool = False,
) -> PrescriptionEstimate:
    found = statute(code)
    if found is None:
        return PrescriptionEstimate(
            code=code,
            known=False,
            notes=(f"'{code}' is not in the statute catalogue; no prescription estimate.",),
        )
    rule = found.prescription
    notes: list[str] = []
    if rule.note:
        notes.append(rule.note)
    base = PrescriptionEstimate(
        code=found.code,
        known=False,
        source=rule.source,
        certainty=rule.certainty,
        contested=rule.contested,
    )
    if rule.runs_from == "per_base_offence" or rule.years is None:
        notes.append(f"{found.code} prescribes with the crime it is added to; see that charge.")
        return msgspec.structs.replace(base, notes=tuple(notes))

    # Who is a child: the ticked box, or the birth date on the offence date (exact dates only:
    # a birth date rounded to 1 January could make a 17-year-old an adult).
    if survivor_birth_date is not None and offence_date is not None and birth_year_only:
        if survivor_birth_date.year > offence_date.year:
            notes.append("The birth date is after the offence date; it was ignored. Check it.")
            survivor_birth_date = None
    elif survivor_birth_date is not None and offence_date is not None:
        if survivor_birth_date > offence_date:
            notes.append("The birth date is after the offence date; it was ignored. Check it.")
            survivor_birth_date = None
        elif not child_victim and offence_date < _birthday(survivor_birth_date, AGE_OF_MAJORITY):
            child_victim = True
            notes.append("The birth date shows the survivor was a child on the offence date.")
        elif child_victim and offence_date >= _birthday(survivor_birth_date, AGE_OF_MAJORITY):
            notes.append(
                "The survivor is marked a child, but the birth date shows 18 or over on the "
                "offence date. Check the birth date; counted as a child."
            )

    conditions = {
        "child_victim": child_victim,
        "syndicate": syndicate is True,
        "large_scale": large_scale is True,
        "qualified": qualified,
    }
    years = rule.years
    if rule.higher_years is not None and any(conditions[c] for c in rule.higher_if):
        years = rule.higher_years
        notes.append(f"{years} years because {rule.higher_when}.")
    elif rule.higher_years is not None and not rule.contested:
        # A count is not a finding: three accused do not show three persons conspiring. The
        # shorter period is the earlier date, so leaving the finding out can only warn early.
        if (
            "syndicate" in rule.higher_if
            and syndicate is None
            and (offender_count >= SYNDICATE_OFFENDERS)
        ):
            notes.append(
                f"{offender_count} accused are recorded. A syndicate (three or more persons "
                f"conspiring) would make it {rule.higher_years} years: a finding to record in "
                f"the case facts if the information alleges it; counted without it."
            )
        if (
            "large_scale" in rule.higher_if
            and large_scale is None
            and (victim_count >= LARGE_SCALE_VICTIMS)
        ):
            notes.append(
                f"{victim_count} survivors are recorded. Large scale (three or more victims) "
                f"would make it {rule.higher_years} years: a finding to record in the case facts "
                f"if the information alleges it; counted without it."
            )

    starts_on: dt.date | None = None
    starts_from = ""
    child_start = rule.child_from_age_18 and child_victim and survivor_birth_date is not None
    if rule.child_from_age_18 and child_victim:
        if survivor_birth_date is not None:
            starts_on = _birthday(survivor_birth_date, AGE_OF_MAJORITY)
            starts_from = "the survivor's 18th birthday"
            if birth_year_only:
                # 1 January of the birth year is never after the birthday, so this start, and
                # the date to act by, are the same as or EARLIER than the true ones: the warning
                # can come early, never late, and the birthday itself is never shown.
                starts_from = (
                    "the survivor turning 18, counted from 1 January of the birth year "
                    "(the true date is the same or later)"
                )
            if released_on is not None and released_on > starts_on:
                notes.append(
                    "Released after turning 18: counted from the 18th birthday, the earlier "
                    "date, as RA 9208 s12 reads for a child."
                )
        elif offence_date is not None:
            starts_on, starts_from = offence_date, "the offence date"
            notes.append(
                "Child victim with no birth date: counted from the offence date, which is "
                "before the 18th birthday, so the true date is later. Enter the birth date."
            )
    if not child_start and starts_on is None:
        if rule.runs_from == "release_from_bondage":
            if released_on is not None:
                starts_on, starts_from = released_on, "release from bondage"
            elif offence_date is not None:
                starts_on, starts_from = offence_date, "the offence date"
                notes.append(
                    "Release date unknown: counted from the offence date, which is no later "
                    "than the release, so the true date may be later."
                )
        elif rule.runs_from == "discovery":
            if discovered_on is not None:
                starts_on, starts_from = discovered_on, "discovery of the offence"
            elif offence_date is not None:
                starts_on, starts_from = offence_date, "the offence date"
                notes.append(
                    "Discovery date unknown: counted from the offence date, the earliest it "
                    "could run from (RPC Art. 91)."
                )
        elif offence_date is not None:
            # Act 3326 s2: from commission, or from discovery only if the offence was not known
            # at the time. Commission is the earlier and safer date.
            starts_on, starts_from = offence_date, "the offence date"
            if rule.runs_from == "commission_or_discovery" and discovered_on is not None:
                notes.append(
                    "Counted from the offence date. If the offence was not known at the time, "
                    "Act 3326 s2 runs it from discovery, which would be later."
                )

    if starts_on is None:
        notes.append("Enter the offence date (and for a child, the birth date) to estimate.")
        return msgspec.structs.replace(base, years=years, notes=tuple(notes))

    if offence_date is not None and starts_on < offence_date and not child_start:
        notes.append("The start date is before the offence date; check the dates.")
    if rule.interrupted_by:
        notes.append(rule.interrupted_by)

    later_on = None
    if rule.contested and rule.higher_years is not None:
        later_on = add_months(starts_on, 12 * rule.higher_years)
        notes.append(
            f"Contested: {rule.years} years under Act 3326 or {rule.higher_years} under RPC "
            f"Art. 90. Docket warns at the earlier date, {rule.years} years."
        )
    return msgspec.structs.replace(
        base,
        known=True,
        starts_on=starts_on,
        starts_from=starts_from,
        years=years,
        warn_on=add_months(starts_on, 12 * years),
        later_on=later_on,
        notes=tuple(notes),
    )

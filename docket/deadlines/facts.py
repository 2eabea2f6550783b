"""A case's facts as the deadline engine reads them: the dates a user enters (CaseDates) and
everything the rest of the case already holds (custody, charges, survivors, hearings, the stage
history). ``load_facts`` builds them for many cases with a fixed number of queries.

A survivor's birth date is read here, for prescription only, and never leaves this module.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from docket.accounts.services import Actor
from docket.cases.choices import (
    AgeBand,
    CaseStage,
    CustodyChange,
    CustodyStatus,
    Disposition,
    WitnessKind,
)
from docket.cases.identity import identities_of
from docket.cases.progress import check_event_date
from docket.cases.services import require_case
from docket.cases.tables import (
    Accused,
    Case,
    CaseDates,
    CaseMember,
    CaseStageChange,
    Charge,
    CustodyEvent,
    Survivor,
    Witness,
)
from docket.courts.tables import Court, CourtClosure, HolidayDecision
from docket.courts.zones import PHILIPPINES, zone_of
from docket.db import is_plausible, write_tx
from docket.deadlines.engine import AccusedFacts, CaseFacts, CustodyFacts, HearingFacts
from docket.deadlines.holidays import DecisionKind
from docket.deadlines.schemas import (
    DATE_FIELDS,
    FINDING_FIELDS,
    CaseFactsRead,
    CaseFactsUpdate,
    DerivedFacts,
    HearingFactRead,
)
from docket.deadlines.workdays import Closures, CourtCalendar, add_months
from docket.editing import changes_of, update_one
from docket.hearings.agenda import TESTIMONY_KINDS
from docket.hearings.choices import HearingKind, HearingStatus
from docket.hearings.tables import Hearing
from docket.protection.choices import Measure, MeasureStatus
from docket.protection.tables import ProtectionNeed
from docket.statutes.checks import AGE_OF_MAJORITY

#: Charges that make a case a trafficking case (OCA Circ. 151-2010 speed rules): RA 9208 and
#: RA 11930 offences, by their catalogue code prefixes.
TRAFFICKING_PREFIXES = ("TIP-", "OSAEC-")
#: Cases per batch: keeps every IN (...) list under both engines' parameter limits (asyncpg
#: takes at most 32,767 parameters a query; SQLite builds before 3.32 took 999).
BATCH = 900


@dataclass
class LoadedCase:
    """One case's facts, and what the at-risk list shows about it."""

    case_id: int
    docket_number: str
    caption: str
    court_id: int | None
    court_name: str | None
    lead_prosecutor_id: int | None
    lead_prosecutor_name: str | None
    facts: CaseFacts
    closures: Closures
    hearing_ids: list[int] = field(default_factory=list)
    #: What keeps the case's dates from being counted in full, in plain words (a hearing dated
    #: outside any year a court could mean): shown as "needs attention", never a failed page.
    needs_attention: list[str] = field(default_factory=list)


def hearing_date_needs_attention(hearing_id: int) -> str:
    """The plain sentence for a stored hearing date no court could mean."""
    return (
        f"Hearing #{hearing_id} has a date outside 1900-2100 (a typo?); its deadlines are not "
        "counted until its date is corrected"
    )


def _day_in(instant: dt.datetime, zone: str) -> dt.date:
    if instant.tzinfo is None:  # stored UTC; a driver may hand it back naive
        instant = instant.replace(tzinfo=dt.UTC)
    return instant.astimezone(zone_of(zone)).date()


def _earliest(dates: list[dt.date | None]) -> dt.date | None:
    known = [d for d in dates if d is not None]
    return min(known) if known else None


def _grouped(rows: list[dict[str, Any]], key: str) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        found[row[key]].append(row)
    return found


async def load_facts(
    case_ids: list[int], *, exact_births_of: frozenset[int] = frozenset()
) -> dict[int, LoadedCase]:
    """The facts of these cases (unknown ids are left out), in fourteen queries per batch of
    BATCH cases, never one per case: the calendar feed and the at-risk list ask for many."""
    ids = sorted(set(case_ids))
    if not ids:
        return {}
    if len(ids) > BATCH:
        found: dict[int, LoadedCase] = {}
        for start in range(0, len(ids), BATCH):
            found |= await load_facts(ids[start : start + BATCH], exact_births_of=exact_births_of)
        return found
    cases = await Case.select(
        Case.id, Case.docket_number, Case.caption, Case.stage, Case.court
    ).where(Case.id.is_in(ids))
    if not cases:
        return {}
    ids = [c["id"] for c in cases]
    dates = {r["case"]: r for r in await CaseDates.select().where(CaseDates.case.is_in(ids))}
    accused = _grouped(
        await Accused.select(
            Accused.id,
            Accused.case,
            Accused.name,
            Accused.custody_status,
            Accused.pleaded_on,
            Accused.disposition,
        )
        .where(Accused.case.is_in(ids))
        .order_by(Accused.id),
        "case",
    )
    custody = _grouped(
        await CustodyEvent.select(CustodyEvent.accused, CustodyEvent.kind, CustodyEvent.happened_on)
        .where(CustodyEvent.case.is_in(ids))
        .order_by(CustodyEvent.happened_on)
        .order_by(CustodyEvent.id),
        "accused",
    )
    charges = _grouped(
        await Charge.select(Charge.case, Charge.statute_code, Charge.offence_date)
        # A charge struck as entered by mistake counts for nothing.
        .where(Charge.case.is_in(ids) & Charge.struck_at.is_null())
        .order_by(Charge.id),
        "case",
    )
    survivors = await Survivor.select(Survivor.id, Survivor.case, Survivor.age_band).where(
        Survivor.case.is_in(ids)
    )
    births: dict[int, dt.date] = {}
    for survivor_id, identity in (await identities_of([s["id"] for s in survivors])).items():
        if identity.birth_date is not None:
            # The exact date stays in this module (see _build): it decides who was a child on
            # the offence date, and only 1 January of the birth year goes into the facts.
            births[survivor_id] = identity.birth_date
    hearings = await (
        Hearing.select(
            Hearing.id, Hearing.case, Hearing.court, Hearing.kind, Hearing.status, Hearing.starts_at
        )
        .where(Hearing.case.is_in(ids))
        .order_by(Hearing.starts_at)
        .order_by(Hearing.id)
    )
    court_ids = {h["court"] for h in hearings} | {c["court"] for c in cases if c["court"]}
    courts = (
        {
            r["id"]: r
            for r in await Court.select(Court.id, Court.name, Court.timezone).where(
                Court.id.is_in(sorted(court_ids))
            )
        }
        if court_ids
        else {}
    )
    # Witnesses: whether a survivor witness is a child is decided on each hearing's day
    # (below); a protected one (RA 6981) gives the case the three-month target of s9.
    witnesses = _grouped(
        await Witness.select(
            Witness.id, Witness.case, Witness.kind, Witness.survivor, Witness.protected
        ).where(Witness.case.is_in(ids)),
        "case",
    )
    needs: list[dict[str, Any]] = []
    if hearings:
        needs = await ProtectionNeed.select(
            ProtectionNeed.hearing,
            ProtectionNeed.witness,
            ProtectionNeed.measure,
            ProtectionNeed.requested_on,
        ).where(
            ProtectionNeed.hearing.is_in([h["id"] for h in hearings])
            & (ProtectionNeed.witness.kind == WitnessKind.SURVIVOR)
            & (ProtectionNeed.status != MeasureStatus.DECLINED)
        )
    changes = _grouped(
        await CaseStageChange.select(
            CaseStageChange.case,
            CaseStageChange.from_stage,
            CaseStageChange.to_stage,
            CaseStageChange.effective_on,
        )
        .where(CaseStageChange.case.is_in(ids))
        .order_by(CaseStageChange.id),
        "case",
    )
    leads = {
        r["case"]: r
        for r in await CaseMember.select(
            CaseMember.case, CaseMember.user, CaseMember.user.name.as_alias("name")
        ).where(CaseMember.case.is_in(ids) & (CaseMember.lead == True))  # noqa: E712
    }
    closures = await CourtClosure.select(CourtClosure.closed_on, CourtClosure.court)
    decided = {
        r["day"]: r["kind"]
        for r in await HolidayDecision.select(HolidayDecision.day, HolidayDecision.kind)
    }
    holidays_declared = frozenset(d for d, k in decided.items() if k == DecisionKind.HOLIDAY)
    not_holidays = frozenset(d for d, k in decided.items() if k == DecisionKind.NOT_HOLIDAY)
    working_days = frozenset(d for d, k in decided.items() if k == DecisionKind.WORKING_DAY)

    hearings_of = _grouped(hearings, "case")
    survivors_of = _grouped(survivors, "case")
    loaded = {}
    for case in cases:
        case_id = case["id"]
        loaded[case_id] = _build(
            case,
            dates.get(case_id),
            accused[case_id],
            custody,
            charges[case_id],
            survivors_of[case_id],
            births,
            exact_births_of,
            hearings_of[case_id],
            courts,
            witnesses[case_id],
            needs,
            changes[case_id],
            leads.get(case_id),
            CourtCalendar(
                closed=holidays_declared
                | frozenset(
                    c["closed_on"]
                    for c in closures
                    if c["court"] is None or c["court"] == case["court"]
                ),
                not_holidays=not_holidays,
                working_days=working_days,
            ),
        )
    return loaded


def _build(
    case: dict[str, Any],
    dates: dict[str, Any] | None,
    accused: list[dict[str, Any]],
    custody: dict[int, list[dict[str, Any]]],
    charges: list[dict[str, Any]],
    survivors: list[dict[str, Any]],
    births: dict[int, dt.date],
    exact_births_of: frozenset[int],
    hearings: list[dict[str, Any]],
    courts: dict[int, dict[str, Any]],
    witnesses: list[dict[str, Any]],
    needs: list[dict[str, Any]],
    changes: list[dict[str, Any]],
    lead: dict[str, Any] | None,
    closures: Closures,
) -> LoadedCase:
    entered = dates or {}
    given: dict[str, dt.date | None] = {name: entered.get(name) for name in DATE_FIELDS}

    band_of = {s["id"]: s["age_band"] for s in survivors}
    survivor_witnesses = [w for w in witnesses if w["kind"] == WitnessKind.SURVIVOR]
    survivor_of = {w["id"]: w["survivor"] for w in survivor_witnesses}

    def child_on(witness_id: int, day: dt.date) -> bool:
        # A.M. 004-07-SC s4(a): a child is under 18 at the time of testimony. From the exact
        # birth date when it is recorded (never a rounded year); otherwise the age band, which
        # is the age at testimony.
        survivor_id = survivor_of.get(witness_id)
        birth = births.get(survivor_id) if survivor_id is not None else None
        if birth is not None:
            return day < add_months(birth, 12 * AGE_OF_MAJORITY)
        return survivor_id is not None and band_of.get(survivor_id) != AgeBand.ADULT

    case_hearing_ids = {h["id"] for h in hearings}
    case_needs = [n for n in needs if n["hearing"] in case_hearing_ids]
    live_link_asked = [
        n for n in case_needs if n["measure"] == Measure.LIVE_LINK_TV and n["requested_on"]
    ]

    hearing_facts = []
    counted = []
    needs_attention = []
    for h in hearings:
        if not is_plausible(h["starts_at"]):
            needs_attention.append(hearing_date_needs_attention(h["id"]))
            continue
        counted.append(h["id"])
        zone = courts.get(h["court"], {}).get("timezone", PHILIPPINES)
        on = _day_in(h["starts_at"], zone)
        kind = HearingKind(h["kind"])
        # Who may testify: every survivor witness at a trial or bail hearing (as the agenda
        # lists them), and those with a measure asked for at any other hearing. The live-link
        # clock (A.M. 004-07-SC s25) is for those who are children on the hearing's day: an
        # adult with an interpreter has none; a child with no measure recorded has one.
        called = {n["witness"] for n in case_needs if n["hearing"] == h["id"]}
        if kind in TESTIMONY_KINDS:
            called |= set(survivor_of)
        children = {w for w in called if child_on(w, on)}
        # The application is the live-link request for such a child: at this hearing, or an
        # earlier request for the same child, which stands for their testimony.
        asked = [
            n["requested_on"]
            for n in live_link_asked
            if n["witness"] in children and (n["hearing"] == h["id"] or n["requested_on"] <= on)
        ]
        hearing_facts.append(
            HearingFacts(
                on=on,
                kind=kind,
                status=HearingStatus(h["status"]),
                child_testifies=bool(children),
                live_link_applied_on=min(asked) if asked else None,
            )
        )

    def held(kind: HearingKind) -> list[dt.date | None]:
        return [f.on for f in hearing_facts if f.kind == kind and f.status == HearingStatus.HELD]

    def last_entered(stage: CaseStage) -> dt.date | None:
        days = [c["effective_on"] for c in changes if c["to_stage"] == stage]
        return days[-1] if days else None

    dismissed_on = last_entered(CaseStage.PROVISIONALLY_DISMISSED)
    revived_on = None
    if dismissed_on is not None:
        last_in = max(
            i for i, c in enumerate(changes) if c["to_stage"] == CaseStage.PROVISIONALLY_DISMISSED
        )
        left = [
            c["effective_on"]
            for c in changes[last_in + 1 :]
            if c["from_stage"] == CaseStage.PROVISIONALLY_DISMISSED
        ]
        revived_on = left[0] if left else None

    codes = tuple(c["statute_code"] for c in charges)
    offence_date = _earliest([c["offence_date"] for c in charges])

    def child_on_offence_date(survivor: dict[str, Any]) -> bool:
        # The age on the day that matters, from the exact birth date: rounding it to 1 January
        # would make a 17-year-old an adult (born 20 Nov 1997, offence 1 Mar 2015) and halve the
        # prescription period. The age band (age at testimony, now) can only say "child"
        # for sure: a child now was a child then.
        birth = births.get(survivor["id"])
        if birth is not None and offence_date is not None and birth <= offence_date:
            return offence_date < add_months(birth, 12 * AGE_OF_MAJORITY)
        return bool(survivor["age_band"] != AgeBand.ADULT)

    child_survivors = [s for s in survivors if child_on_offence_date(s)]
    # The earliest birth year gives the earliest 18th "birthday", and 1 January of it is never
    # after the true one: the prescription warning can come early, never late, and the birthday
    # itself is never shown to anyone who sees the deadlines (or a feed).
    # Only for the survivors in ``exact_births_of`` (those the person asking may know, who asked
    # with a reason: docket.deadlines.services.exact_prescription) does the true birthday count;
    # the earliest of all the candidates wins, so the date never moves later.
    candidates = [
        (born, False) if s["id"] in exact_births_of else (dt.date(born.year, 1, 1), True)
        for s in child_survivors or survivors
        if (born := births.get(s["id"])) is not None
    ]
    birth_date, year_only = min(candidates) if candidates else (None, True)
    accused_facts = tuple(
        AccusedFacts(
            accused_id=a["id"],
            name=a["name"],
            detained=a["custody_status"] == CustodyStatus.DETAINED,
            custody=tuple(
                CustodyFacts(CustodyChange(c["kind"]), c["happened_on"]) for c in custody[a["id"]]
            ),
            pleaded_on=a["pleaded_on"],
        )
        for a in accused
        # An accused whose case ended before arraignment (dismissed, say) has no clock left.
        if a["disposition"] == Disposition.PENDING or a["pleaded_on"] is not None
    )
    facts = CaseFacts(
        stage=CaseStage(case["stage"]),
        accused=accused_facts,
        protected_witness=any(w["protected"] for w in witnesses),
        is_trafficking_case=any(code.startswith(TRAFFICKING_PREFIXES) for code in codes),
        accused_detained=any(a["custody_status"] == CustodyStatus.DETAINED for a in accused),
        arraigned_on=_earliest(held(HearingKind.ARRAIGNMENT) + [a["pleaded_on"] for a in accused]),
        first_trial_day=_earliest(held(HearingKind.TRIAL)),
        hearings=tuple(hearing_facts),
        submitted_for_decision_on=last_entered(CaseStage.SUBMITTED_FOR_DECISION),
        archived_on=last_entered(CaseStage.ARCHIVED),
        provisionally_dismissed_on=dismissed_on,
        revived_on=revived_on,
        charge_codes=codes,
        offence_date=offence_date,
        survivor_birth_date=birth_date,
        birth_date_is_year_only=year_only,
        child_victim=bool(child_survivors),
        victim_count=max(1, len(survivors)),
        offender_count=max(1, len(accused)),
        syndicate=entered.get("syndicate"),
        large_scale=entered.get("large_scale"),
        clarificatory_hearing=bool(entered.get("clarificatory_hearing")),
        **{
            **given,
            "decided_on": given["decided_on"] or last_entered(CaseStage.DECIDED),
        },
    )
    court = courts.get(case["court"]) if case["court"] else None
    return LoadedCase(
        case_id=case["id"],
        docket_number=case["docket_number"],
        caption=case["caption"],
        court_id=case["court"],
        court_name=court["name"] if court else None,
        lead_prosecutor_id=lead["user"] if lead else None,
        lead_prosecutor_name=lead["name"] if lead else None,
        facts=facts,
        closures=closures,
        hearing_ids=counted,
        needs_attention=needs_attention,
    )


# --- the dates a user enters -------------------------------------------------------------


async def _facts_read(case_id: int) -> CaseFactsRead:
    loaded = (await load_facts([case_id]))[case_id]
    row = await CaseDates.select().where(CaseDates.case == case_id).first()
    facts = loaded.facts
    derived = DerivedFacts(
        stage=CaseStage(facts.stage or CaseStage.CASE_BUILD_UP),
        accused_detained=facts.accused_detained,
        is_trafficking_case=facts.is_trafficking_case,
        charge_codes=list(dict.fromkeys(facts.charge_codes)),
        offence_date=facts.offence_date,
        child_victim=facts.child_victim,
        victim_count=facts.victim_count,
        offender_count=facts.offender_count,
        arraigned_on=facts.arraigned_on,
        first_trial_day=facts.first_trial_day,
        submitted_for_decision_on=facts.submitted_for_decision_on,
        archived_on=facts.archived_on,
        provisionally_dismissed_on=facts.provisionally_dismissed_on,
        revived_on=facts.revived_on,
        hearings=[
            HearingFactRead(
                hearing_id=hearing_id,
                on=h.on,
                kind=h.kind,
                status=h.status,
                child_testifies=h.child_testifies,
            )
            for hearing_id, h in zip(loaded.hearing_ids, facts.hearings, strict=True)
        ],
    )
    stored = {name: (row or {}).get(name) for name in DATE_FIELDS + FINDING_FIELDS}
    # A case whose dates were never entered reads as version 1 with every date empty.
    return CaseFactsRead(
        case_id=case_id, version=row["version"] if row else 1, derived=derived, **stored
    )


async def get_case_facts(actor: Actor, case_id: int) -> CaseFactsRead:
    await require_case(actor, case_id)
    return await _facts_read(case_id)


async def update_case_facts(
    actor: Actor, case_id: int, data: CaseFactsUpdate, version: int
) -> CaseFactsRead:
    """Change the dates a case's deadlines count from; the deadlines follow at the next read."""
    changes = changes_of(data)
    for name, value in changes.items():
        if name in DATE_FIELDS:
            check_event_date(name, value)
    async with write_tx():
        await require_case(actor, case_id)
        row = await CaseDates.select(CaseDates.id).where(CaseDates.case == case_id).first()
        if row is None:
            # The empty record every case has, made real on its first change.
            inserted = await CaseDates.insert(CaseDates(case=case_id)).returning(CaseDates.id)
            row = inserted[0]
        await update_one(
            actor,
            CaseDates,
            row["id"],
            changes,
            version=version,
            entity="case_facts",
            case_id=case_id,
        )
    return await _facts_read(case_id)

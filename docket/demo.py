"""`docket demo`: a realistic, deterministic, entirely invented Cebu docket.

Every person here is invented. Survivors get invented legal names, birth dates and shelters in
the restricted table, so that leak tests have something to look for. Hearing dates are laid out
around the day the demo is loaded (the anchor), the same way every time for the same anchor.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from docket.accounts.choices import Role
from docket.accounts.services import Actor, create_user, system_actor
from docket.accounts.tables import Office, Team, TeamMember
from docket.cases import services as cases
from docket.cases.choices import (
    AgeBand,
    CaseStage,
    CustodyStatus,
    Language,
    Plea,
    Sex,
    WitnessKind,
)
from docket.cases.schemas import (
    AccusedCreate,
    CaseCreate,
    ChargeCreate,
    SurvivorCreate,
    SurvivorIdentityWrite,
    WitnessCreate,
)
from docket.cases.tables import Case
from docket.courts.schemas import CourtCreate
from docket.courts.services import create_court
from docket.courts.zones import PHILIPPINE_TIME
from docket.db import write_tx
from docket.hearings import services as hearings
from docket.hearings.choices import HearingKind, HearingMode
from docket.hearings.schemas import HearingCreate, HearingOutcome
from docket.protection.choices import Measure, MeasureStatus
from docket.protection.schemas import ProtectionNeedCreate
from docket.protection.services import add_need

DEFAULT_PASSWORD = "demo-docket-2026"  # noqa: S105 - the published demo password
MANILA = PHILIPPINE_TIME
#: Who the survivors are and their trip plans are set by the loader itself, as the system: the
#: demo's admin, through whom the rest is entered, may not (nobody but a survivor's advocate
#: and the case's lead prosecutor may).
LOADER = system_actor("demo loader")

USERS = [
    ("admin@docket.example", "Roberto Alcantara", Role.ADMIN, ""),
    (
        "maria.santos@docket.example",
        "Pros. Maria Teresa Santos",
        Role.PROSECUTOR,
        "+63 917 555 0101",
    ),
    (
        "jose.villanueva@docket.example",
        "Pros. Jose Villanueva",
        Role.PROSECUTOR,
        "+63 917 555 0102",
    ),
    ("ana.lim@docket.example", "Pros. Ana Lim-Cabrera", Role.PROSECUTOR, "+63 917 555 0103"),
    ("carlo.reyes@docket.example", "Atty. Carlo Reyes", Role.LAWYER, "+63 917 555 0201"),
    ("joy.mendoza@docket.example", "Atty. Joy Mendoza", Role.LAWYER, "+63 917 555 0202"),
    ("grace.tan@docket.example", "Grace Tan", Role.ADVOCATE, "+63 917 555 0301"),
    ("liza.pacana@docket.example", "Liza Pacaña", Role.ADVOCATE, "+63 917 555 0302"),
    ("ramon.ybanez@docket.example", "Ramon Ybañez", Role.ADVOCATE, "+63 917 555 0303"),
]

COURTS = [
    ("RTC Branch 16, Cebu City", True, "Hall of Justice, Capitol Compound, Cebu City"),
    ("RTC Branch 22, Cebu City", True, "Hall of Justice, Capitol Compound, Cebu City"),
    ("RTC Branch 27, Lapu-Lapu City", True, "Hall of Justice, Lapu-Lapu City"),
    ("RTC Branch 56, Mandaue City", True, "Hall of Justice, Mandaue City"),
]

# Invented surnames and first names for accused and survivors' legal names.
SURNAMES = [
    "Dela Cruz",
    "Cabahug",
    "Alfeche",
    "Tumulak",
    "Mabanag",
    "Ouano",
    "Sarmiento",
    "Bacalso",
    "Dumdum",
    "Lapinig",
    "Gabuya",
    "Pepito",
    "Tecson",
    "Montecillo",
]
FOREIGN = [
    ("Gerald Whitcombe", "British"),
    ("Dale Ostrander", "American"),
    ("Lars Henningsen", "Danish"),
    ("Kevin Marsh", "Australian"),
    ("Brian Kettleworth", "American"),
]
GIRLS = [
    "Angel",
    "Princess",
    "Kyla",
    "Mae",
    "Jasmine",
    "Rhea",
    "Lovely",
    "Cherry",
    "Janine",
    "Aira",
    "Shaira",
    "Nicole",
]
BOYS = ["John Paul", "Mark", "Jericho", "Renz", "Kent", "Jayson"]
SHELTERS = [
    "Balay Dalangpanan Home for Girls",
    "Talitha Kum Haven, Talisay",
    "DSWD Regional Haven for Children, Lahug",
]
PSEUDONYM_LETTERS = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "III"]


def court_day(anchor: dt.date, days: int) -> dt.date:
    """The weekday ``days`` after the anchor (before it when negative).

    A weekend is moved away from the anchor, never towards it: a day drawn in the past stays in
    the past and one ahead stays ahead, so a demo holds the same counts (hearings held, coming,
    awaiting an outcome) whichever day of the week it is drawn on.
    """
    day = anchor + dt.timedelta(days=days)
    step = dt.timedelta(days=-1 if days < 0 else 1)
    while day.weekday() >= 5:
        day += step
    return day


def _at(anchor: dt.date, days: int, hour: int, minute: int = 0) -> dt.datetime:
    """A Manila wall-clock time on the court day ``days`` after the anchor."""
    return dt.datetime.combine(court_day(anchor, days), dt.time(hour, minute), MANILA)


async def load_demo(
    password: str, *, if_empty: bool = False, anchor: dt.date | None = None
) -> list[dict[str, Any]] | None:
    """Load the demo docket; returns the logins, or None when ``if_empty`` and cases exist."""
    if await Case.count() > 0:
        if if_empty:
            return None
        raise RuntimeError("The database already has cases; the demo needs an empty one")
    anchor = anchor or dt.datetime.now(MANILA).date()
    rng = random.Random(20261124)  # noqa: S311 - invented data, not security

    logins = []
    user_ids: dict[str, int] = {}
    for email, name, role, phone in USERS:
        row = await create_user(
            None,
            email=email,
            name=name,
            role=role,
            password=password,
            phone=phone,
            demo_account=True,
        )
        user_ids[email] = row["id"]
        logins.append({"email": email, "name": name, "role": role.value})
    admin = Actor(
        id=user_ids["admin@docket.example"],
        email="admin@docket.example",
        name="Roberto Alcantara",
        role=Role.ADMIN,
        via="cli",
    )

    async with write_tx():
        office = (
            await Office.insert(
                Office(name="DOJ Office of the Provincial Prosecutor, Cebu")
            ).returning(Office.id)
        )[0]["id"]
        team_a = (
            await Team.insert(
                Team(name="Cebu Anti-Trafficking Task Force", office=office)
            ).returning(Team.id)
        )[0]["id"]
        team_b = (
            await Team.insert(Team(name="Lapu-Lapu OSAEC Unit", office=office)).returning(Team.id)
        )[0]["id"]
        for email in (
            "maria.santos@docket.example",
            "jose.villanueva@docket.example",
            "carlo.reyes@docket.example",
            "grace.tan@docket.example",
            "liza.pacana@docket.example",
        ):
            await TeamMember.insert(TeamMember(team=team_a, user=user_ids[email]))
        for email in (
            "ana.lim@docket.example",
            "joy.mendoza@docket.example",
            "ramon.ybanez@docket.example",
            "jose.villanueva@docket.example",
        ):
            await TeamMember.insert(TeamMember(team=team_b, user=user_ids[email]))

    court_ids = []
    for name, family_court, address in COURTS:
        court = await create_court(
            admin, CourtCreate(name=name, family_court=family_court, address=address)
        )
        court_ids.append(court.id)

    prosecutors = [
        "maria.santos@docket.example",
        "jose.villanueva@docket.example",
        "ana.lim@docket.example",
    ]
    lawyers = ["carlo.reyes@docket.example", "joy.mendoza@docket.example"]
    advocates = [
        "grace.tan@docket.example",
        "liza.pacana@docket.example",
        "ramon.ybanez@docket.example",
    ]

    # (stage, survivors, accused relatives, foreign customers, detained, sealed)
    plans: list[tuple[CaseStage, int, int, int, bool, bool]] = [
        (CaseStage.TRIAL_PROSECUTION_EVIDENCE, 9, 2, 0, True, False),  # one household, nine
        (CaseStage.TRIAL_PROSECUTION_EVIDENCE, 3, 1, 1, True, False),
        (CaseStage.ARRAIGNMENT_AND_PRE_TRIAL, 2, 1, 0, True, False),
        (CaseStage.ARRAIGNMENT_AND_PRE_TRIAL, 1, 0, 1, False, False),
        (CaseStage.TRIAL_DEFENCE_EVIDENCE, 4, 2, 1, True, True),
        (CaseStage.INFORMATION_FILED, 2, 1, 0, False, False),
        (CaseStage.PRELIMINARY_INVESTIGATION, 3, 1, 0, False, False),
        (CaseStage.INQUEST, 1, 1, 0, True, False),
        (CaseStage.CASE_BUILD_UP, 2, 1, 1, False, False),
        (CaseStage.SUBMITTED_FOR_DECISION, 2, 1, 0, True, False),
        (CaseStage.DECIDED, 1, 1, 0, True, False),
        (CaseStage.ON_APPEAL, 2, 1, 0, True, False),
        (CaseStage.ARCHIVED, 1, 0, 1, False, False),
        (CaseStage.TRIAL_REBUTTAL, 2, 1, 0, True, False),
        (CaseStage.TRIAL_PROSECUTION_EVIDENCE, 1, 0, 1, True, False),
    ]
    in_court = {
        CaseStage.INFORMATION_FILED,
        CaseStage.ARRAIGNMENT_AND_PRE_TRIAL,
        CaseStage.TRIAL_PROSECUTION_EVIDENCE,
        CaseStage.TRIAL_DEFENCE_EVIDENCE,
        CaseStage.TRIAL_REBUTTAL,
        CaseStage.SUBMITTED_FOR_DECISION,
        CaseStage.DECIDED,
        CaseStage.ON_APPEAL,
        CaseStage.ARCHIVED,
    }
    for number, (stage, n_survivors, n_relatives, n_foreign, detained, sealed) in enumerate(
        plans, start=1
    ):
        year = 2023 + number % 3
        family = SURNAMES[number % len(SURNAMES)]
        court_id = court_ids[number % len(court_ids)] if stage in in_court else None
        lead = prosecutors[number % 3]
        accused_names = [
            f"{rng.choice(GIRLS + BOYS).split()[0]} {family}" for _ in range(n_relatives)
        ]
        if n_relatives >= 2:
            accused_names = [f"Rodrigo {family}", f"Lorna {family}"]
        foreign = [FOREIGN[(number + i) % len(FOREIGN)] for i in range(n_foreign)]
        surnames = [family] * bool(n_relatives) + [f[0].split()[-1] for f in foreign]
        caption = "People v. " + (surnames[0] if surnames else "John Doe")
        caption += " et al." if n_relatives + n_foreign > 1 else ""
        case = await cases.create_case(
            admin,
            CaseCreate(
                docket_number=f"CEB-{year}-{number:04d}",
                court_case_number=f"R-CEB-{year % 100}-{1000 + number * 37:05d}-CR"
                if stage in in_court
                else None,
                caption=caption,
                stage=stage,
                sealed=sealed,
                court_id=court_id,
                team_id=team_b if court_id == court_ids[2] else team_a,
                lead_prosecutor_id=user_ids[lead],
                member_ids=[user_ids[lawyers[number % 2]], user_ids[advocates[number % 3]]],
            ),
        )
        accused_ids = []
        for name in accused_names:
            accused = await cases.add_accused(
                admin,
                case.id,
                AccusedCreate(
                    name=name,
                    aliases=[f"Nanay {name.split()[0]}"] if name.startswith("Lorna") else [],
                    custody_status=CustodyStatus.DETAINED if detained else CustodyStatus.AT_LARGE,
                    facility="Cebu City Jail" if detained else "",
                    nationality="Filipino",
                ),
            )
            accused_ids.append(accused.id)
        for name, nationality in foreign:
            accused = await cases.add_accused(
                admin,
                case.id,
                AccusedCreate(
                    name=name,
                    custody_status=CustodyStatus.AT_LARGE,
                    nationality=nationality,
                ),
            )
            accused_ids.append(accused.id)

        survivor_ids, survivor_witness_ids = [], []
        for index in range(n_survivors):
            pseudonym = PSEUDONYM_LETTERS[index] if n_survivors > 1 else "AAA"
            pseudonym = f"{pseudonym}-{number}"
            band = [
                AgeBand.UNDER_7,
                AgeBand.AGE_7_TO_11,
                AgeBand.AGE_12_TO_17,
                AgeBand.AGE_12_TO_17,
                AgeBand.ADULT,
            ][(index + number) % 5]
            girl = index % 3 != 2
            first = (GIRLS if girl else BOYS)[(index * 5 + number) % (12 if girl else 6)]
            survivor = await cases.add_survivor(
                admin,
                case.id,
                SurvivorCreate(
                    pseudonym=pseudonym,
                    age_band=band,
                    sex=Sex.FEMALE if girl else Sex.MALE,
                    preferred_language=[
                        Language.CEBUANO,
                        Language.CEBUANO,
                        Language.FILIPINO,
                        Language.ENGLISH,
                    ][(index + number) % 4],
                    advocate_id=user_ids[advocates[(number + index) % 3]],
                ),
            )
            survivor_ids.append(survivor.id)
            age_years = {
                AgeBand.UNDER_7: 5,
                AgeBand.AGE_7_TO_11: 9,
                AgeBand.AGE_12_TO_17: 14,
                AgeBand.ADULT: 19,
            }[band]
            await cases.set_survivor_identity(
                LOADER,
                survivor.id,
                SurvivorIdentityWrite(
                    legal_name=f"{first} {rng.choice(['Marie', 'Joy', 'Grace', 'Rose', 'Luz'])} "
                    f"{family if n_relatives else rng.choice(SURNAMES)}",
                    notice_name=first.split()[0],
                    birth_date=dt.date(
                        anchor.year - age_years, 1 + (index * 5) % 12, 1 + (index * 7 + number) % 28
                    ),
                    guardian="DSWD Region VII (protective custody)",
                    shelter=SHELTERS[(index + number) % len(SHELTERS)],
                    contact="via the assigned social worker",
                    address="Sitio Kamanggahan, Barangay "
                    + rng.choice(["Pasil", "Ermita", "Suba"]),
                    school=rng.choice(
                        ["Pasil Elementary School", "Cebu City National High School"]
                    ),
                ),
            )
            witness = await cases.add_witness(
                admin, case.id, WitnessCreate(kind=WitnessKind.SURVIVOR, survivor_id=survivor.id)
            )
            survivor_witness_ids.append(witness.id)
        police = await cases.add_witness(
            admin,
            case.id,
            WitnessCreate(
                kind=WitnessKind.POLICE_OFFICER,
                name=f"PMSg. {rng.choice(SURNAMES)}",
                agency="PNP Women and Children Protection Center, Visayas",
            ),
        )
        if n_foreign:
            await cases.add_witness(
                admin,
                case.id,
                WitnessCreate(
                    kind=WitnessKind.FOREIGN_LAW_ENFORCEMENT,
                    name="Det. Sgt. H. Collins",
                    agency="Australian Federal Police",
                ),
            )
        await cases.add_witness(
            admin,
            case.id,
            WitnessCreate(
                kind=WitnessKind.FORENSIC_EXAMINER,
                name=f"Dr. {rng.choice(SURNAMES)}",
                agency="PNP Forensic Group Region 7",
            ),
        )

        offence_date = anchor - dt.timedelta(days=400 + number * 45)
        for accused_index, accused_id in enumerate(accused_ids):
            is_foreign = accused_index >= len(accused_names)
            await cases.add_charge(
                admin,
                case.id,
                ChargeCreate(
                    accused_id=accused_id,
                    statute_code="OSAEC-P"
                    if is_foreign and number % 2
                    else ("TIP-11-1" if is_foreign else "TIP-6"),
                    qualifiers="" if is_foreign else "a,o",
                    counts=1 if is_foreign else max(1, n_survivors),
                    offence_date=offence_date,
                    via_ict=True,
                    survivor_ids=survivor_ids,
                ),
            )
            if not is_foreign:
                await cases.add_charge(
                    admin,
                    case.id,
                    ChargeCreate(
                        accused_id=accused_id,
                        statute_code="OSAEC-AJ",
                        counts=max(1, n_survivors),
                        offence_date=offence_date,
                        via_ict=True,
                        survivor_ids=survivor_ids,
                    ),
                )

        if court_id is None:
            continue
        await _demo_hearings(admin, case.id, number, stage, anchor, survivor_witness_ids, police.id)
    await _demo_facts(admin, anchor)
    await _demo_notice_logistics(admin, anchor)
    return logins


async def _demo_facts(admin: Actor, anchor: dt.date) -> None:
    """The dates the deadlines count from, laid out around the anchor so that some deadlines
    are at risk (due within 7 days or overdue) and others are open or met."""
    from docket.cases.progress import enter_plea
    from docket.cases.schemas import PleaEntry
    from docket.cases.tables import Accused
    from docket.deadlines.facts import update_case_facts
    from docket.deadlines.schemas import CaseFactsUpdate

    def ago(days: int) -> dt.date:
        return anchor - dt.timedelta(days=days)

    trial = {
        CaseStage.TRIAL_PROSECUTION_EVIDENCE,
        CaseStage.TRIAL_DEFENCE_EVIDENCE,
        CaseStage.TRIAL_REBUTTAL,
    }
    for row in await Case.select(Case.id, Case.stage).order_by(Case.id):
        case_id, stage = row["id"], CaseStage(row["stage"])
        if stage == CaseStage.PRELIMINARY_INVESTIGATION:
            # DC 015 s17: 60 days; resolution due in about 4 days.
            dates = CaseFactsUpdate(complaint_filed_on=ago(70), pi_assigned_on=ago(56))
        elif stage == CaseStage.INFORMATION_FILED:
            # CT III.8 (not detained): 30 days from jurisdiction; the arraignment hearing held
            # about 66 days ago met it.
            dates = CaseFactsUpdate(court_received_on=ago(80), jurisdiction_acquired_on=ago(75))
        elif stage == CaseStage.ARRAIGNMENT_AND_PRE_TRIAL:
            # R119 s1: trial within 30 days of the pre-trial order; due in about 5 days.
            dates = CaseFactsUpdate(court_received_on=ago(60), pretrial_order_received_on=ago(25))
        elif stage in trial:
            # CT III.10: the bail petition, 30 days from its first hearing; due in about 3 days.
            dates = CaseFactsUpdate(court_received_on=ago(300), first_bail_hearing_on=ago(27))
        elif stage == CaseStage.DECIDED:
            dates = CaseFactsUpdate(decided_on=ago(12), promulgated_on=ago(10))
        elif stage == CaseStage.ARCHIVED:
            dates = CaseFactsUpdate(warrant_delivered_on=ago(200))
        else:
            continue
        await update_case_facts(admin, case_id, dates, 1)
        if stage in trial:
            # Arraigned about 100 days ago: the trafficking decision clock (OCA Circ. 151-2010).
            for accused in await Accused.select(Accused.id, Accused.version).where(
                Accused.case == case_id
            ):
                await enter_plea(
                    admin,
                    accused["id"],
                    PleaEntry(plea=Plea.NOT_GUILTY, on=ago(100)),
                    accused["version"],
                )


async def _demo_hearings(
    admin: Actor,
    case_id: int,
    number: int,
    stage: CaseStage,
    anchor: dt.date,
    survivor_witnesses: list[int],
    police_id: int,
) -> None:
    """Past hearings (held, reset, cancelled) and the next ones, with protection needs."""
    rooms = ["Session Hall 3, 2nd floor", "Branch courtroom, 4th floor", "Sala 2"]
    room = rooms[number % len(rooms)]
    kind = (
        HearingKind.PRE_TRIAL
        if stage == CaseStage.ARRAIGNMENT_AND_PRE_TRIAL
        else HearingKind.ARRAIGNMENT
        if stage == CaseStage.INFORMATION_FILED
        else HearingKind.PROMULGATION
        if stage == CaseStage.SUBMITTED_FOR_DECISION
        else HearingKind.TRIAL
    )

    async def schedule(
        days: int, hour: int, kind: HearingKind, mode: HearingMode = HearingMode.IN_PERSON
    ) -> Any:
        start = _at(anchor, days, hour, 30)
        return await hearings.schedule_hearing(
            admin,
            case_id,
            HearingCreate(
                kind=kind,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
                mode=mode,
                room=room,
                video_link="https://meet.judiciary.example/rtc-" + str(number)
                if mode != HearingMode.IN_PERSON
                else "",
            ),
        )

    # Two past settings: one held, one reset (twice for every third case), one cancelled.
    held = await schedule(-60 - number, 8, kind)
    await hearings.record_outcome(
        admin,
        held.id,
        HearingOutcome(
            outcome="held", note="Prosecution witness PMSg. testified on direct; cross set next."
        ),
        held.version,
    )
    if stage in (CaseStage.DECIDED, CaseStage.ON_APPEAL, CaseStage.ARCHIVED):
        return
    cancelled = await schedule(-30 - number, 13, HearingKind.MOTION)
    await hearings.record_outcome(
        admin,
        cancelled.id,
        HearingOutcome(
            outcome="cancelled", reason="Work suspended in Cebu City courts (typhoon signal no. 2)"
        ),
        cancelled.version,
    )
    upcoming = await schedule(
        -20 - number, 8, kind, HearingMode.HYBRID if number % 4 == 0 else HearingMode.IN_PERSON
    )
    reasons = [
        "Defence counsel's motion for postponement (illness)",
        "Presiding judge on official leave",
        "Accused not brought from jail (no escort)",
    ]
    upcoming = await hearings.record_outcome(
        admin,
        upcoming.id,
        HearingOutcome(
            outcome="reset",
            reason=reasons[number % 3],
            new_starts_at=_at(anchor, 3 + number % 10, 8, 30),
            new_ends_at=_at(anchor, 3 + number % 10, 10, 30),
        ),
        upcoming.version,
    )
    if number % 3 == 0:
        upcoming = await hearings.record_outcome(
            admin,
            upcoming.id,
            HearingOutcome(
                outcome="reset",
                reason=reasons[(number + 1) % 3],
                new_starts_at=_at(anchor, 7 + number % 10, 13, 30),
                new_ends_at=_at(anchor, 7 + number % 10, 15, 30),
            ),
            upcoming.version,
        )
    later = await schedule(21 + number, 8, kind)
    for hearing in (upcoming, later):
        for index, witness_id in enumerate(survivor_witnesses[:3]):
            measures = [
                (Measure.SUPPORT_PERSON, MeasureStatus.ARRANGED, ""),
                (
                    Measure.LIVE_LINK_TV,
                    MeasureStatus.ORDERED if index % 2 == 0 else MeasureStatus.REQUESTED,
                    "",
                ),
                (Measure.SEPARATE_WAITING_AREA, MeasureStatus.ARRANGED, ""),
            ]
            if index == 2:
                measures.append((Measure.INTERPRETER, MeasureStatus.REQUESTED, "Waray"))
            for measure, status, detail in measures:
                await add_need(
                    admin,
                    hearing.id,
                    ProtectionNeedCreate(
                        witness_id=witness_id, measure=measure, status=status, detail=detail
                    ),
                )
        await add_need(
            admin,
            hearing.id,
            ProtectionNeedCreate(
                witness_id=police_id,
                measure=Measure.SECURITY_ESCORT,
                status=MeasureStatus.REQUESTED,
            ),
        )


async def _demo_notice_logistics(admin: Actor, anchor: dt.date) -> None:
    """Meeting place, times and support persons for every survivor at every coming hearing,
    so that the demo prints complete notices (docket notices due / render)."""
    from docket.cases.tables import Survivor
    from docket.hearings.choices import PENDING
    from docket.hearings.tables import Hearing
    from docket.notices.api_schemas import PreparationWrite
    from docket.notices.preparation import put_preparation

    places = ["the front gate of the house", "the DSWD office lobby, Lahug", "Fuente Osmeña circle"]
    helpers = [["Nena"], ["Tess", "Lito"], [], ["Inday"]]
    since = dt.datetime.combine(anchor, dt.time(0), MANILA)
    coming = await Hearing.select(Hearing.id, Hearing.case, Hearing.starts_at).where(
        Hearing.status.is_in(list(PENDING)) & (Hearing.starts_at >= since)
    )
    for hearing in sorted(coming, key=lambda h: h["id"]):
        starts = hearing["starts_at"].astimezone(MANILA)
        survivors = await Survivor.select(Survivor.id).where(Survivor.case == hearing["case"])
        for index, survivor in enumerate(sorted(s["id"] for s in survivors)):
            meet = starts - dt.timedelta(minutes=90)
            await put_preparation(
                LOADER,
                hearing["id"],
                survivor,
                PreparationWrite(
                    meeting_place=places[(hearing["id"] + index) % len(places)],
                    meeting_time=f"{meet:%H:%M}",
                    leave_time=f"{meet + dt.timedelta(minutes=30):%H:%M}",
                    support_persons=helpers[(hearing["id"] + index) % len(helpers)],
                    role_note="testify on direct" if index == 0 else "may be called",
                    vehicle_and_escort="DSWD van; PNP WCPC escort",
                    route_and_entrance="Side entrance by the parking area, not the main lobby",
                    return_plan="Back by lunch; the house parent waits",
                    safety_notes="Relatives of the accused attended the last setting.",
                    after_notes="The advocate tells the survivor about any new date.",
                ),
                0,
            )

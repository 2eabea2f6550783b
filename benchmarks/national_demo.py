"""The national demo: an invented docket the size of the whole country's, for the benchmarks.

    python -m benchmarks.national_demo [--password P] [--if-empty]   (DOCKET_DATABASE_URL names the
    database; it must be migrated: `docket migrate`)

About 50,000 cases, 150,000 people (accused, survivors and other witnesses), 500,000 hearings
with their resets, and 2,500 users, for measuring Docket at national scale (scripts/bench).

It is loaded in bulk, not through the per-row services: the services' checks and one audit row
per record would take hours. Rows go in batches (executemany on SQLite, COPY on PostgreSQL)
inside write transactions, in foreign-key order, one block of cases at a time; ids are assigned
here so that children can name their parents without reading them back. The load is one audit
record ("demo.load_national"): bulk-loaded invented data is not a user's change.

Every person is invented and the output is the same for the same seed and anchor day.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
import zoneinfo
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from docket.accounts.choices import Role
from docket.audit.services import record
from docket.cases.choices import AgeBand, CaseStage, CustodyStatus, Language, Sex, WitnessKind
from docket.cases.names import shares_a_name
from docket.cases.sealing import IdentityFields, seal, unseal
from docket.cases.tables import Case, Survivor, SurvivorIdentity
from docket.db import engine, is_sqlite, utc_now, write_tx
from docket.demo import court_day
from docket.hearings.choices import HearingKind, HearingMode, HearingStatus
from docket.protection.choices import Measure, MeasureStatus

MANILA = zoneinfo.ZoneInfo("Asia/Manila")
SEED = 20261124
#: The published demo password, as in the small demo (docket.demo.DEFAULT_PASSWORD).
DEFAULT_PASSWORD = "demo-docket-2026"  # noqa: S105
#: Domain of every national demo login: invented, and reserved for examples (RFC 2606).
EMAIL_DOMAIN = "national.docket.example"


@dataclass(frozen=True)
class Scale:
    cases: int = 50_000
    hearings: int = 500_000
    users: int = 2_500
    courts: int = 320
    offices: int = 80
    teams: int = 250

    def __post_init__(self) -> None:
        # Admins first, then one prosecutor, lawyer and advocate for every team.
        if self.users < 25 + 3 * self.teams:
            raise ValueError("users must be at least 25 + 3 x teams")


NATIONAL = Scale()
#: One survivor in this many gets an identity row in the restricted table (for leak tests).
IDENTITY_EVERY = 20

#: Cases are generated and written this many at a time (one write transaction per block).
BLOCK = 1_000

CITIES = [
    "Cebu City",
    "Lapu-Lapu City",
    "Mandaue City",
    "Quezon City",
    "Manila",
    "Makati City",
    "Pasig City",
    "Taguig City",
    "Caloocan City",
    "Davao City",
    "Cagayan de Oro City",
    "Iloilo City",
    "Bacolod City",
    "Zamboanga City",
    "General Santos City",
    "Tacloban City",
    "Angeles City",
    "Olongapo City",
    "Baguio City",
    "Legazpi City",
    "Naga City",
    "Puerto Princesa City",
    "Dumaguete City",
    "Tagbilaran City",
    "Butuan City",
    "Cotabato City",
    "Iligan City",
    "Batangas City",
    "Lucena City",
    "San Fernando City, Pampanga",
    "Dagupan City",
    "Laoag City",
    "Tuguegarao City",
    "Malolos City",
    "Antipolo City",
    "Calamba City",
    "Ormoc City",
    "Roxas City",
    "Surigao City",
    "Koronadal City",
]
REGIONS = [
    "NCR",
    "Region I",
    "Region II",
    "Region III",
    "Region IV-A",
    "MIMAROPA",
    "Region V",
    "Region VI",
    "Region VII",
    "Region VIII",
    "Region IX",
    "Region X",
    "Region XI",
    "Region XII",
    "Caraga",
    "CAR",
    "BARMM",
]
FIRST_NAMES = [
    "Maria",
    "Jose",
    "Ana",
    "Carlo",
    "Joy",
    "Grace",
    "Ramon",
    "Liza",
    "Teresa",
    "Antonio",
    "Rosario",
    "Eduardo",
    "Cristina",
    "Fernando",
    "Marites",
    "Rogelio",
    "Evangeline",
    "Danilo",
    "Imelda",
    "Noel",
]
# Invented names (the small demo's lists are not imported: that module pulls in every service).
SURNAMES = ["Dela Cruz", "Cabahug", "Alfeche", "Tumulak", "Mabanag", "Ouano", "Sarmiento"]
SURNAMES += ["Bacalso", "Dumdum", "Lapinig", "Gabuya", "Pepito", "Tecson", "Montecillo"]
FOREIGN = [
    ("Gerald Whitcombe", "British"),
    ("Dale Ostrander", "American"),
    ("Lars Henningsen", "Danish"),
    ("Kevin Marsh", "Australian"),
]
GIRLS = ["Angel", "Princess", "Kyla", "Mae", "Jasmine", "Rhea", "Lovely", "Cherry", "Aira"]
BOYS = ["John Paul", "Mark", "Jericho", "Renz", "Kent", "Jayson"]
SHELTERS = ["Haven for Girls", "Regional Haven for Children", "Home for Boys"]
ROOMS = ["Session Hall 1", "Session Hall 2", "Session Hall 3", "Branch courtroom", "Sala 2"]
RESET_REASONS = [
    "Defence counsel's motion for postponement (illness)",
    "Presiding judge on official leave",
    "Accused not brought from jail (no escort)",
    "Work suspended (typhoon signal)",
    "Prosecution witness unavailable",
    "Lack of material time",
]
#: (stage, weight): where the country's cases stand.
STAGES = [
    (CaseStage.CASE_BUILD_UP, 3),
    (CaseStage.INQUEST, 1),
    (CaseStage.PRELIMINARY_INVESTIGATION, 6),
    (CaseStage.RESOLUTION, 2),
    (CaseStage.INFORMATION_FILED, 6),
    (CaseStage.ARRAIGNMENT_AND_PRE_TRIAL, 14),
    (CaseStage.TRIAL_PROSECUTION_EVIDENCE, 28),
    (CaseStage.TRIAL_DEFENCE_EVIDENCE, 14),
    (CaseStage.TRIAL_REBUTTAL, 3),
    (CaseStage.SUBMITTED_FOR_DECISION, 5),
    (CaseStage.DECIDED, 8),
    (CaseStage.ON_APPEAL, 4),
    (CaseStage.ARCHIVED, 4),
    (CaseStage.PROVISIONALLY_DISMISSED, 2),
]
NOT_IN_COURT = {
    CaseStage.CASE_BUILD_UP,
    CaseStage.INQUEST,
    CaseStage.PRELIMINARY_INVESTIGATION,
    CaseStage.RESOLUTION,
}
FINISHED = {
    CaseStage.DECIDED,
    CaseStage.ON_APPEAL,
    CaseStage.ARCHIVED,
    CaseStage.PROVISIONALLY_DISMISSED,
}
#: (survivors in the case, weight): most cases have one or two; a rescue from one household
#: brings a dozen.
SURVIVOR_COUNTS = [(1, 160), (2, 20), (3, 8), (4, 4), (5, 2), (6, 2), (8, 2), (10, 1), (12, 1)]
#: Hearing kinds that take testimony: the ones child witnesses need protection at.
TESTIMONY = {HearingKind.TRIAL, HearingKind.BAIL_HEARING}
CHILD_MEASURES = [
    (Measure.SUPPORT_PERSON, ""),
    (Measure.LIVE_LINK_TV, ""),
    (Measure.SEPARATE_WAITING_AREA, ""),
    (Measure.FACILITATOR, ""),
    (Measure.INTERPRETER, "Waray"),
    (Measure.SCREEN, ""),
    (Measure.BREAKS, ""),
]


class BulkWriter:
    """Writes rows to one table in bulk on the transaction's own connection: executemany on
    SQLite (one prepared statement), COPY on PostgreSQL (the fastest way in)."""

    def __init__(self, table: str, columns: Sequence[str]) -> None:
        self.table = table
        self.columns = tuple(columns)
        quoted = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.sqlite_sql = f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})'  # noqa: S608 - our own names
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, *values: Any) -> None:
        self.rows.append(values)

    async def flush(self) -> int:
        rows, self.rows = self.rows, []
        if not rows:
            return 0
        db = engine()
        connection = db.current_transaction.get().connection  # type: ignore[union-attr]
        if isinstance(db, PostgresEngine):
            await connection.copy_records_to_table(
                self.table, records=rows, columns=list(self.columns)
            )
        else:
            await connection.executemany(self.sqlite_sql, rows)
        self.written += len(rows)
        return len(rows)


@dataclass
class Ids:
    """The next id of each table (the load assigns ids itself)."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value


def _weighted(rng: random.Random, choices: Sequence[tuple[Any, int]]) -> Any:
    values = [c[0] for c in choices]
    weights = [c[1] for c in choices]
    return rng.choices(values, weights)[0]


def _court_time(anchor: dt.date, days: int, hour: int, minute: int) -> dt.datetime:
    """A Manila wall-clock time on the court day ``days`` after the anchor, in UTC."""
    day = court_day(anchor, days)
    return dt.datetime.combine(day, dt.time(hour, minute), MANILA).astimezone(dt.UTC)


@dataclass
class Staff:
    team_of_office: dict[int, list[int]]
    prosecutors: dict[int, list[int]]  # team -> user ids
    lawyers: dict[int, list[int]]
    advocates: dict[int, list[int]]
    court_of_team: dict[int, list[int]]
    court_rooms: dict[int, str]
    admin_id: int


async def _ensure_empty() -> None:
    if await Case.count() > 0:
        raise RuntimeError("The database already has cases; the national demo needs an empty one")


def _password_hash(password: str) -> str:
    # One argon2 hash for every user: hashing 2,500 passwords would take minutes on purpose.
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


async def _load_people_and_courts(
    rng: random.Random, scale: Scale, password: str, now: dt.datetime
) -> Staff:
    offices = BulkWriter("office", ["id", "name"])
    teams = BulkWriter("team", ["id", "name", "office"])
    users = BulkWriter(
        "app_user",
        ["id", "email", "name", "role", "password_hash", "phone", "office", "active", "created_at"],
    )
    members = BulkWriter("team_member", ["id", "team", "user"])
    courts = BulkWriter("court", ["id", "name", "family_court", "address", "timezone", "version"])
    hashed = _password_hash(password)

    for office_id in range(1, scale.offices + 1):
        region = REGIONS[(office_id - 1) % len(REGIONS)]
        city = CITIES[(office_id - 1) % len(CITIES)]
        offices.add(office_id, f"DOJ Office of the Prosecutor {office_id:03d}, {city} ({region})")
    team_of_office: dict[int, list[int]] = {}
    for team_id in range(1, scale.teams + 1):
        office_id = 1 + (team_id - 1) % scale.offices
        team_of_office.setdefault(office_id, []).append(team_id)
        teams.add(team_id, f"Anti-Trafficking and OSAEC Team {team_id:03d}", office_id)

    prosecutors: dict[int, list[int]] = {}
    lawyers: dict[int, list[int]] = {}
    advocates: dict[int, list[int]] = {}
    admin_id = 1
    member_id = 0
    for user_id in range(1, scale.users + 1):
        if user_id <= 25:
            role = Role.ADMIN
        else:
            role = _weighted(rng, [(Role.PROSECUTOR, 56), (Role.LAWYER, 20), (Role.ADVOCATE, 24)])
        # Users 1..25 are admins; the first prosecutor of each team is user 26 + ... so that
        # every team has at least one prosecutor, one lawyer and one advocate.
        team_id = 1 + (user_id - 1) % scale.teams
        if 25 < user_id <= 25 + 3 * scale.teams:
            role = [Role.PROSECUTOR, Role.LAWYER, Role.ADVOCATE][(user_id - 26) // scale.teams]
            team_id = 1 + (user_id - 26) % scale.teams
        office_id = 1 + (team_id - 1) % scale.offices
        first = FIRST_NAMES[user_id % len(FIRST_NAMES)]
        surname = SURNAMES[(user_id // len(FIRST_NAMES)) % len(SURNAMES)]
        title = {Role.PROSECUTOR: "Pros. ", Role.LAWYER: "Atty. "}.get(role, "")
        users.add(
            user_id,
            f"{role.value}{user_id:04d}@{EMAIL_DOMAIN}",
            f"{title}{first} {surname}",
            role.value,
            hashed,
            f"+63 917 {user_id // 10_000:03d} {user_id % 10_000:04d}",
            office_id,
            True,
            now,
        )
        if role == Role.ADMIN:
            continue
        member_id += 1
        members.add(member_id, team_id, user_id)
        {Role.PROSECUTOR: prosecutors, Role.LAWYER: lawyers, Role.ADVOCATE: advocates}[
            role
        ].setdefault(team_id, []).append(user_id)

    court_of_team: dict[int, list[int]] = {}
    court_rooms: dict[int, str] = {}
    for court_id in range(1, scale.courts + 1):
        city = CITIES[(court_id - 1) % len(CITIES)]
        branch = 1 + (court_id - 1) // len(CITIES) * 7 + (court_id - 1) % 7
        courts.add(
            court_id,
            f"RTC Branch {branch}, {city} (#{court_id})",
            court_id % 3 != 0,
            f"Hall of Justice, {city}",
            "Asia/Manila",
            1,
        )
        court_rooms[court_id] = ROOMS[court_id % len(ROOMS)]
    # Each team works before the courts of its own city: a handful of branches.
    for team_id in range(1, scale.teams + 1):
        home = (team_id - 1) % scale.courts
        court_of_team[team_id] = [1 + (home + k * scale.teams) % scale.courts for k in range(3)]

    async with write_tx():
        for writer in (offices, teams, users, members, courts):
            await writer.flush()
    return Staff(
        team_of_office=team_of_office,
        prosecutors=prosecutors,
        lawyers=lawyers,
        advocates=advocates,
        court_of_team=court_of_team,
        court_rooms=court_rooms,
        admin_id=admin_id,
    )


def _hearing_counts(rng: random.Random, stages: list[CaseStage], target: int) -> list[int]:
    """Hearings per case: none before the court has the case, a long tail for old trials,
    scaled so that the country's total is about ``target``."""
    raw = [0.0 if stage in NOT_IN_COURT else rng.lognormvariate(2.2, 0.65) for stage in stages]
    total = sum(raw) or 1.0
    return [min(120, round(r * target / total)) for r in raw]


class Writers:
    def __init__(self) -> None:
        #: Witnesses who are not survivors (survivors are counted once, as survivors).
        self.other_witnesses = 0
        self.cases = BulkWriter(
            "court_case",
            [
                "id",
                "docket_number",
                "court_case_number",
                "caption",
                "stage",
                "sealed",
                "court",
                "team",
                "created_at",
                "updated_at",
                "version",
            ],
        )
        self.case_members = BulkWriter("case_member", ["id", "case", "user", "lead"])
        self.accused = BulkWriter(
            "accused",
            [
                "id",
                "case",
                "name",
                "aliases",
                "custody_status",
                "facility",
                "nationality",
                "version",
            ],
        )
        self.survivors = BulkWriter(
            "survivor",
            [
                "id",
                "case",
                "pseudonym",
                "sex",
                "age_band",
                "preferred_language",
                "advocate",
                "version",
            ],
        )
        self.identities = BulkWriter(
            "survivor_identity",
            ["id", "survivor", "sealed", "key_id"],
        )
        self.witnesses = BulkWriter(
            "witness",
            ["id", "case", "kind", "survivor", "name", "agency", "protected", "version"],
        )
        self.charges = BulkWriter(
            "charge",
            [
                "id",
                "case",
                "accused",
                "statute_code",
                "qualifiers",
                "counts",
                "offence_date",
                "via_ict",
                "version",
            ],
        )
        self.charge_survivors = BulkWriter("charge_survivor", ["id", "charge", "survivor"])
        self.hearings = BulkWriter(
            "hearing",
            [
                "id",
                "case",
                "court",
                "kind",
                "starts_at",
                "ends_at",
                "mode",
                "room",
                "video_link",
                "status",
                "outcome_note",
                "sequence",
                "version",
                "created_at",
                "updated_at",
            ],
        )
        self.changes = BulkWriter(
            "hearing_change",
            [
                "id",
                "hearing",
                "change",
                "previous_starts_at",
                "previous_ends_at",
                "previous_status",
                "reason",
                "by",
                "at",
            ],
        )
        self.needs = BulkWriter(
            "protection_need",
            [
                "id",
                "hearing",
                "witness",
                "measure",
                "status",
                "detail",
                "updated_by",
                "updated_at",
                "version",
            ],
        )

    def in_order(self) -> list[BulkWriter]:
        """Parents before children: SQLite checks each foreign key as the row goes in."""
        return [
            self.cases,
            self.case_members,
            self.accused,
            self.survivors,
            self.identities,
            self.witnesses,
            self.charges,
            self.charge_survivors,
            self.hearings,
            self.changes,
            self.needs,
        ]

    def people(self) -> int:
        return self.accused.written + self.survivors.written + self.other_witnesses


def _kind_for(stage: CaseStage, index: int, total: int) -> HearingKind:
    if index == 0:
        return HearingKind.ARRAIGNMENT
    if stage in (CaseStage.INFORMATION_FILED, CaseStage.ARRAIGNMENT_AND_PRE_TRIAL):
        return HearingKind.PRE_TRIAL if index % 4 else HearingKind.BAIL_HEARING
    if index == 1:
        return HearingKind.PRE_TRIAL
    if stage in FINISHED and index == total - 1:
        return HearingKind.PROMULGATION
    return HearingKind.MOTION if index % 7 == 3 else HearingKind.TRIAL


def _case(
    rng: random.Random,
    w: Writers,
    ids: Ids,
    staff: Staff,
    number: int,
    stage: CaseStage,
    n_hearings: int,
    anchor: dt.date,
    now: dt.datetime,
) -> None:
    """Generate one case with its people, charges and hearings into the writers."""
    case_id = ids.take("court_case")
    team_id = 1 + rng.randrange(len(staff.court_of_team))
    in_court = stage not in NOT_IN_COURT
    court_id = rng.choice(staff.court_of_team[team_id]) if in_court else None
    year = anchor.year - rng.randrange(0, 5)
    family = rng.choice(SURNAMES)
    n_survivors = _weighted(rng, SURVIVOR_COUNTS)
    n_relatives = rng.choice([1, 1, 1, 2, 2, 3]) if n_survivors > 1 else rng.choice([0, 1, 1, 1])
    # Foreign customers who paid for the streams: the only accused when no relative is.
    n_foreign = 1 if n_relatives == 0 or rng.random() < 0.15 else 0
    caption = f"People v. {family}" + (" et al." if n_relatives + n_foreign > 1 else "")
    w.cases.add(
        case_id,
        f"PH-{year}-{number:06d}",
        f"R-{year % 100:02d}-{number:06d}-CR" if in_court else None,
        caption,
        stage.value,
        rng.random() < 0.04,
        court_id,
        team_id,
        now,
        now,
        1,
    )
    lead = rng.choice(staff.prosecutors[team_id])
    w.case_members.add(ids.take("case_member"), case_id, lead, True)
    lawyer = rng.choice(staff.lawyers[team_id])
    w.case_members.add(ids.take("case_member"), case_id, lawyer, False)
    advocates = staff.advocates[team_id]
    case_advocate = rng.choice(advocates)
    w.case_members.add(ids.take("case_member"), case_id, case_advocate, False)

    detained = rng.random() < 0.6
    accused_ids: list[tuple[int, bool]] = []
    for index in range(n_relatives):
        accused_id = ids.take("accused")
        first = rng.choice(["Rodrigo", "Lorna", "Ernesto", "Merlita", "Romeo", "Gina"])
        w.accused.add(
            accused_id,
            case_id,
            f"{first} {family}",
            "[]" if index else f'["Nanay {first}"]' if first in ("Lorna", "Merlita") else "[]",
            (CustodyStatus.DETAINED if detained else CustodyStatus.AT_LARGE).value,
            "City Jail" if detained else "",
            "Filipino",
            1,
        )
        accused_ids.append((accused_id, False))
    for _ in range(n_foreign):
        accused_id = ids.take("accused")
        name, nationality = rng.choice(FOREIGN)
        w.accused.add(
            accused_id,
            case_id,
            name,
            "[]",
            CustodyStatus.AT_LARGE.value,
            "",
            nationality,
            1,
        )
        accused_ids.append((accused_id, True))

    survivor_ids: list[int] = []
    survivor_witnesses: list[int] = []
    for index in range(n_survivors):
        survivor_id = ids.take("survivor")
        letters = chr(65 + index % 26) * 3
        girl = rng.random() < 0.75
        band = rng.choice(
            [AgeBand.UNDER_7, AgeBand.AGE_7_TO_11, AgeBand.AGE_12_TO_17, AgeBand.ADULT]
        )
        w.survivors.add(
            survivor_id,
            case_id,
            f"{letters}-{number}",
            (Sex.FEMALE if girl else Sex.MALE).value,
            band.value,
            rng.choice([Language.CEBUANO, Language.FILIPINO, Language.ENGLISH, Language.WARAY]),
            rng.choice(advocates) if index else case_advocate,
            1,
        )
        survivor_ids.append(survivor_id)
        if survivor_id % IDENTITY_EVERY == 0:
            first = rng.choice(GIRLS if girl else BOYS)
            identity = IdentityFields(
                legal_name=f"{first} {rng.choice(['Marie', 'Joy', 'Grace'])} {family}",
                notice_name=first.split()[0],
                birth_date=dt.date(
                    anchor.year - rng.randrange(5, 19), 1 + index % 12, 1 + number % 28
                ),
                guardian="DSWD (protective custody)",
                shelter=rng.choice(SHELTERS),
                contact="via the assigned social worker",
                address=f"Barangay {rng.randrange(1, 200)}",
            )
            w.identities.add(
                ids.take("survivor_identity"), survivor_id, *seal(survivor_id, identity)
            )
        witness_id = ids.take("witness")
        w.witnesses.add(
            witness_id, case_id, WitnessKind.SURVIVOR.value, survivor_id, "", "", False, 1
        )
        survivor_witnesses.append(witness_id)
    police_id: int | None = None
    others = 0
    if rng.random() < 0.35:
        police_id = ids.take("witness")
        w.witnesses.add(
            police_id,
            case_id,
            WitnessKind.POLICE_OFFICER.value,
            None,
            f"PMSg. {rng.choice(SURNAMES)}",
            "PNP Women and Children Protection Center",
            False,
            1,
        )
        others += 1
    if rng.random() < 0.2:
        w.witnesses.add(
            ids.take("witness"),
            case_id,
            WitnessKind.FORENSIC_EXAMINER.value,
            None,
            f"Dr. {rng.choice(SURNAMES)}",
            "PNP Forensic Group",
            False,
            1,
        )
        others += 1
    if n_foreign and rng.random() < 0.3:
        w.witnesses.add(
            ids.take("witness"),
            case_id,
            WitnessKind.FOREIGN_LAW_ENFORCEMENT.value,
            None,
            "Det. Sgt. H. Collins",
            "Australian Federal Police",
            rng.random() < 0.1,
            1,
        )
        others += 1
    w.other_witnesses += others

    offence = anchor - dt.timedelta(days=rng.randrange(400, 2200))
    for accused_id, foreign in accused_ids:
        charge_id = ids.take("charge")
        w.charges.add(
            charge_id,
            case_id,
            accused_id,
            ("OSAEC-P" if rng.random() < 0.5 else "TIP-11-1") if foreign else "TIP-6",
            "" if foreign else "a,o",
            1 if foreign else n_survivors,
            offence,
            True,
            1,
        )
        for survivor_id in survivor_ids:
            w.charge_survivors.add(ids.take("charge_survivor"), charge_id, survivor_id)

    if not n_hearings or court_id is None:
        return
    _hearings(
        rng, w, ids, staff, case_id, court_id, stage, n_hearings, anchor, now, lead,
        survivor_witnesses, police_id,
    )  # fmt: skip


def _hearings(
    rng: random.Random,
    w: Writers,
    ids: Ids,
    staff: Staff,
    case_id: int,
    court_id: int,
    stage: CaseStage,
    n_hearings: int,
    anchor: dt.date,
    now: dt.datetime,
    actor_id: int,
    survivor_witnesses: list[int],
    police_id: int | None,
) -> None:
    """A case's settings from its arraignment to now (and a few ahead, unless it is over),
    about a month apart; many were reset once or more before they were held."""
    finished = stage in FINISHED
    ahead = 0 if finished else min(n_hearings, rng.choice([1, 2, 2, 3, 4]))
    gap = rng.randrange(21, 56)
    # Days are drawn as offsets from the anchor, and whether a hearing is past is decided on
    # its offset, never on its date: every draw (and so every count) is the same whatever day
    # the demo is drawn on.
    first = -(gap * (n_hearings - ahead) + rng.randrange(0, 20))
    if finished:
        first -= rng.randrange(60, 400)
    room = f"{staff.court_rooms[court_id]}, {rng.randrange(1, 5)}F"
    video = rng.random() < 0.15
    for index in range(n_hearings):
        hearing_id = ids.take("hearing")
        kind = _kind_for(stage, index, n_hearings)
        day = first + gap * index + rng.randrange(0, 7)
        hour, minute = rng.choice([(8, 30), (9, 0), (10, 0), (13, 30), (14, 0)])
        original = _court_time(anchor, day, hour, minute)
        created = original - dt.timedelta(days=rng.randrange(14, 60))
        starts = original
        resets = 0
        if rng.random() < 0.45:
            resets = _weighted(rng, [(1, 60), (2, 25), (3, 10), (4, 5)])
        w.changes.add(ids.take("hearing_change"), hearing_id, "scheduled", None, None, "", "",
                      actor_id, created)  # fmt: skip
        status = HearingStatus.SCHEDULED
        last_change = created
        for _ in range(resets):
            day += rng.randrange(14, 45)
            moved = _court_time(anchor, day, hour, minute)
            at = min(starts, now) - dt.timedelta(days=rng.randrange(0, 3))
            at = max(at, last_change + dt.timedelta(minutes=1))
            w.changes.add(ids.take("hearing_change"), hearing_id, "reset", starts,
                          starts + dt.timedelta(hours=2), status.value,
                          rng.choice(RESET_REASONS), actor_id, at)  # fmt: skip
            status, starts, last_change = HearingStatus.RESET, moved, at
        ends = starts + dt.timedelta(hours=2)
        note = ""
        if day < 0:  # before the anchor day: held or cancelled
            if rng.random() < 0.06:
                outcome, reason = HearingStatus.CANCELLED, "Accused's motion to quash granted"
            else:
                outcome, reason = HearingStatus.HELD, "Held; witness testified on direct."
                note = reason
            at = max(starts + dt.timedelta(hours=3), last_change + dt.timedelta(minutes=1))
            w.changes.add(ids.take("hearing_change"), hearing_id, outcome.value, starts, ends,
                          status.value, reason, actor_id, at)  # fmt: skip
            status, last_change = outcome, at
            resets += 1
        mode = (
            HearingMode.HYBRID
            if video and index % 2
            else HearingMode.VIDEOCONFERENCE
            if video
            else HearingMode.IN_PERSON
        )
        w.hearings.add(
            hearing_id,
            case_id,
            court_id,
            kind.value,
            starts,
            ends,
            mode.value,
            room,
            f"https://meet.judiciary.example/c{case_id}" if mode != HearingMode.IN_PERSON else "",
            status.value,
            note,
            resets,
            1 + resets,
            created,
            last_change,
        )
        # Child witnesses need their measures prepared for hearings where they may testify;
        # recorded for the recent past and everything ahead (older ones were never entered).
        if kind in TESTIMONY and day > -120:
            for position, witness_id in enumerate(survivor_witnesses[:4]):
                count = rng.randrange(1, 4)
                for measure, detail in rng.sample(CHILD_MEASURES, count):
                    w.needs.add(
                        ids.take("protection_need"),
                        hearing_id,
                        witness_id,
                        measure.value,
                        rng.choice(
                            [MeasureStatus.REQUESTED, MeasureStatus.ORDERED]
                            + [MeasureStatus.ARRANGED] * (2 if status != "scheduled" else 1)
                        ).value,
                        detail,
                        actor_id,
                        last_change,
                        1,
                    )
                if position == 0 and police_id is not None and rng.random() < 0.3:
                    w.needs.add(
                        ids.take("protection_need"), hearing_id, police_id,
                        Measure.SECURITY_ESCORT.value, MeasureStatus.REQUESTED.value, "",
                        actor_id, last_change, 1,
                    )  # fmt: skip


async def _keep_captions_inside() -> None:
    """Mark the captions that share a name with a survivor of their case, as the services do
    one case at a time (docket.cases.services.refresh_caption_check): most do, since the
    accused is often the child's parent."""
    identities = await SurvivorIdentity.select(
        SurvivorIdentity.survivor, SurvivorIdentity.sealed, SurvivorIdentity.key_id
    )
    case_of = {
        row["id"]: row["case"]
        for row in await Survivor.select(Survivor.id, Survivor.case).where(
            Survivor.id.is_in([row["survivor"] for row in identities] or [0])
        )
    }
    captions = {
        row["id"]: row["caption"]
        for row in await Case.select(Case.id, Case.caption).where(
            Case.id.is_in(sorted(set(case_of.values())) or [0])
        )
    }
    named = sorted(
        {
            case_of[row["survivor"]]
            for row in identities
            if shares_a_name(
                captions[case_of[row["survivor"]]],
                [unseal(row["survivor"], row["sealed"], row["key_id"]).legal_name],
            )
        }
    )
    for start in range(0, len(named), 1000):
        async with write_tx():
            await Case.update({Case.caption_names_survivor: True}).where(
                Case.id.is_in(named[start : start + 1000])
            )


async def _fix_sequences(tables: list[str]) -> None:
    """PostgreSQL: move each id sequence past the ids the load assigned."""
    db = engine()
    if not isinstance(db, PostgresEngine):
        return
    for table in tables:
        await db.run_ddl(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
            f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)'
        )


@dataclass
class LoadReport:
    cases: int
    people: int
    hearings: int
    hearing_changes: int
    protection_needs: int
    users: int
    seconds: float
    counts: dict[str, int]


def _plan(rng: random.Random, scale: Scale) -> tuple[list[CaseStage], list[int]]:
    stages = [_weighted(rng, STAGES) for _ in range(scale.cases)]
    return stages, _hearing_counts(rng, stages, scale.hearings)


def _blocks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(total, start + size))


async def load_national(
    password: str,
    *,
    scale: Scale = NATIONAL,
    anchor: dt.date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> LoadReport:
    """Load the national demo into an empty, migrated database.

    ``progress(stage, done, total)`` is called after each block of cases.
    """
    started = time.monotonic()
    await _ensure_empty()
    anchor = anchor or dt.datetime.now(MANILA).date()
    # The clock the invented history is drawn against: noon of the anchor day, Manila time.
    now = dt.datetime.combine(anchor, dt.time(12, 0), MANILA).astimezone(dt.UTC)
    rng = random.Random(SEED)  # noqa: S311 - invented data, not security
    staff = await _load_people_and_courts(rng, scale, password, utc_now())
    stages, hearing_counts = _plan(rng, scale)
    ids = Ids()
    writers = Writers()
    for block in _blocks(scale.cases, BLOCK):
        for number in block:
            _case(
                rng, writers, ids, staff, number + 1, stages[number], hearing_counts[number],
                anchor, now,
            )  # fmt: skip
        async with write_tx():
            for writer in writers.in_order():
                await writer.flush()
        if progress is not None:
            progress("cases", block.stop, scale.cases)
    loaded = [w.table for w in writers.in_order()]
    await _keep_captions_inside()
    async with write_tx():
        await _fix_sequences(["office", "team", "app_user", "team_member", "court", *loaded])
        counts = {w.table: w.written for w in writers.in_order()}
        seconds = time.monotonic() - started
        await record(
            None,
            "demo.load_national",
            entity="demo",
            entity_id=None,
            case_id=None,
            after={"seed": SEED, "anchor": anchor.isoformat(), **counts, "users": scale.users},
        )
    # Fresh statistics for both planners, or they guess at the new tables' sizes; on
    # PostgreSQL a VACUUM too, which marks the new pages all-visible so that index-only scans
    # (the visibility check's covering indexes) need not visit the table, as autovacuum
    # would do some minutes after a real bulk load.
    await engine().run_ddl("ANALYZE" if is_sqlite() else "VACUUM ANALYZE")
    return LoadReport(
        cases=writers.cases.written,
        people=writers.people(),
        hearings=writers.hearings.written,
        hearing_changes=writers.changes.written,
        protection_needs=writers.needs.written,
        users=scale.users,
        seconds=math.floor(seconds * 10) / 10,
        counts=counts,
    )


def run_national_demo(
    password: str,
    *,
    if_empty: bool,
    run: Callable[[Any], Any],
    scale: Scale = NATIONAL,
) -> None:
    """Load with a progress bar, then a summary (this module's command line).

    ``run`` opens the database as the server does and runs a coroutine (docket.cli.run).
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.table import Table as RichTable

    console = Console()

    async def has_cases() -> bool:
        return bool(await Case.count() > 0)

    if if_empty and run(has_cases()):
        console.print("The database already has cases; the demo was not loaded.")
        return
    with Progress(
        TextColumn("[bold]national demo[/bold] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("cases", total=scale.cases)

        def advance(stage: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=stage)

        report: LoadReport = run(load_national(password, scale=scale, progress=advance))
    table = RichTable(title=f"National demo loaded in {report.seconds:.0f} s")
    table.add_column("rows")
    table.add_column("count", justify="right")
    for name, count in [("users", report.users), ("people", report.people)]:
        table.add_row(name, f"{count:,}")
    for name, count in report.counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
    console.print(
        f"Logins: <role><number>@{EMAIL_DOMAIN} (e.g. prosecutor0026@{EMAIL_DOMAIN}), "
        f"password: {password}"
    )


def main(argv: list[str] | None = None) -> None:
    """Load the national demo into the database DOCKET_DATABASE_URL names (already migrated)."""
    import argparse

    from docket.commands import run

    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.national_demo",
        description="Fill a migrated database with the national demo (50,000 cases).",
    )
    parser.add_argument("--password", default=DEFAULT_PASSWORD, help="every login's password")
    parser.add_argument(
        "--if-empty", action="store_true", help="do nothing if the database already has cases"
    )
    args = parser.parse_args(argv)
    run_national_demo(args.password, if_empty=args.if_empty, run=run)


if __name__ == "__main__":
    main()

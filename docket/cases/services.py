"""Cases and the people in them. Each write owns its transaction and its audit record."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import msgspec

from docket.accounts.choices import Role
from docket.accounts.services import Actor
from docket.accounts.tables import Team, User
from docket.audit.services import record
from docket.cases.access import (
    require_lead_or_admin,
    visible_cases_clause,
    visible_to,
)
from docket.cases.choices import WitnessKind
from docket.cases.free_text import check_free_text
from docket.cases.names import caption_kept_inside, shares_a_name
from docket.cases.schemas import (
    AccusedCreate,
    AccusedRead,
    AccusedUpdate,
    CaseCreate,
    CaseRead,
    CaseUpdate,
    ChargeCreate,
    ChargeRead,
    ChargeUpdate,
    Strike,
    SurvivorCreate,
    SurvivorIdentityWrite,
    SurvivorRead,
    SurvivorUpdate,
    WitnessCreate,
    WitnessRead,
    WitnessUpdate,
)
from docket.cases.tables import (
    Accused,
    Case,
    CaseMember,
    Charge,
    ChargeSurvivor,
    Survivor,
    Witness,
)
from docket.courts.tables import Court
from docket.db import (
    fetch,
    fetch_page,
    in_list,
    is_sqlite,
    like_pattern,
    like_sql,
    utc_now,
    write_tx,
)
from docket.editing import changes_of, fetch_one, insert_one, update_one
from docket.errors import Conflict, FieldError, InvalidInput, NotFound
from docket.listpages import kept_page
from docket.statutes.catalogue import statute

# --- cases -------------------------------------------------------------------------------


@functools.cache  # the engine is fixed for the process
def _case_columns() -> str:
    """The columns CaseRead reads (court_case aliased c), with the lead prosecutor and the
    other members (by when they joined) from case_member in the same statement: a list of
    cases is one query, not two."""
    if is_sqlite():
        others = (
            '(SELECT group_concat(u) FROM (SELECT m."user" AS u FROM case_member m'
            ' WHERE m."case" = c.id AND NOT m.lead ORDER BY m.id))'
        )
    else:
        others = (
            "(SELECT string_agg(m.\"user\"::text, ',' ORDER BY m.id) FROM case_member m"
            ' WHERE m."case" = c.id AND NOT m.lead)'
        )
    return (
        "c.id, c.docket_number, c.court_case_number, c.caption, c.stage, c.sealed, c.court,"
        " c.team, c.created_at, c.updated_at, c.version, c.hide_caption,"
        " c.caption_names_survivor,"
        ' (SELECT m."user" FROM case_member m WHERE m."case" = c.id AND m.lead'
        f" ORDER BY m.id LIMIT 1) AS lead_id, {others} AS member_list"
    )


def _case_read(row: dict[str, Any]) -> CaseRead:
    members = row["member_list"]
    return CaseRead(
        id=row["id"],
        docket_number=row["docket_number"],
        caption=row["caption"],
        court_case_number=row["court_case_number"],
        stage=row["stage"],
        sealed=bool(row["sealed"]),
        hide_caption=bool(row["hide_caption"]),
        caption_shown_outside=not caption_kept_inside(row),
        court_id=row["court"],
        team_id=row["team"],
        lead_prosecutor_id=row["lead_id"],
        member_ids=[int(m) for m in members.split(",")] if members else [],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
    )


async def _cases_where(where: str, *params: Any, order: str = "") -> list[CaseRead]:
    """The cases matching a condition on court_case c (the caller adds visibility)."""
    sql = f"SELECT {_case_columns()} FROM court_case c WHERE {where}{order}"
    rows = await fetch(sql, *params)
    return [_case_read(row) for row in rows]


async def _check_refs(
    court_id: int | None = None,
    team_id: int | None = None,
    lead_id: int | None = None,
    member_ids: list[int] | None = None,
) -> None:
    errors: list[FieldError] = []
    if court_id is not None and not await Court.exists().where(Court.id == court_id):
        errors.append(FieldError(field="court_id", message="no court has this id"))
    if team_id is not None and not await Team.exists().where(Team.id == team_id):
        errors.append(FieldError(field="team_id", message="no team has this id"))
    if lead_id is not None:
        lead = await User.select(User.role).where(User.id == lead_id).first()
        if lead is None or lead["role"] != Role.PROSECUTOR:
            errors.append(
                FieldError(field="lead_prosecutor_id", message="must be a prosecutor's user id")
            )
    for index, member_id in enumerate(member_ids or []):
        if not await User.exists().where(User.id == member_id):
            errors.append(FieldError(field=f"member_ids[{index}]", message="no user has this id"))
    if errors:
        raise InvalidInput(*errors)


async def create_case(actor: Actor, data: CaseCreate) -> CaseRead:
    await _check_refs(data.court_id, data.team_id, data.lead_prosecutor_id, data.member_ids)
    now = utc_now()
    async with write_tx():
        if await Case.exists().where(Case.docket_number == data.docket_number):
            raise Conflict(f"A case with docket number {data.docket_number} already exists")
        row = await insert_one(
            actor,
            Case,
            {
                "docket_number": data.docket_number,
                "court_case_number": data.court_case_number,
                "caption": data.caption,
                "stage": data.stage,
                "sealed": data.sealed,
                "hide_caption": data.hide_caption,
                "court": data.court_id,
                "team": data.team_id,
                "created_at": now,
                "updated_at": now,
            },
            entity="case",
            case_id=None,
        )
        member_rows = []
        if data.lead_prosecutor_id is not None:
            member_rows.append(CaseMember(case=row["id"], user=data.lead_prosecutor_id, lead=True))
        member_ids = list(data.member_ids)
        if actor.role != Role.ADMIN and actor.id != data.lead_prosecutor_id:
            # Whoever opens a case works on it; otherwise it would vanish from their view.
            member_ids.append(actor.id)
        for member_id in dict.fromkeys(member_ids):
            if member_id != data.lead_prosecutor_id:
                member_rows.append(CaseMember(case=row["id"], user=member_id, lead=False))
        if member_rows:
            await CaseMember.insert(*member_rows)
        return (await _cases_where("c.id = ?", row["id"]))[0]


async def get_case(actor: Actor, case_id: int) -> CaseRead:
    visible, params = visible_cases_clause(actor, "c.id")
    found = await _cases_where(f"c.id = ?{visible}", case_id, *params)
    if not found:
        raise NotFound("case")
    return found[0]


async def get_cases(actor: Actor, case_ids: list[int]) -> dict[int, CaseRead]:
    """The cases of these ids the person may see, by id, in one statement (a page listing
    hearings of many cases asks for them all at once, not one by one)."""
    if not case_ids:
        return {}
    visible, params = visible_cases_clause(actor, "c.id")
    condition, ids = in_list("c.id", sorted(set(case_ids)))
    found = await _cases_where(f"{condition}{visible}", *ids, *params)
    return {case.id: case for case in found}


async def list_cases(
    actor: Actor,
    *,
    q: str | None,
    stage: str | None,
    court_id: int | None,
    team_id: int | None,
    limit: int,
    offset: int,
    hearing_from: dt.datetime | None = None,
    hearing_before: dt.datetime | None = None,
    among: frozenset[int] | None = None,
) -> tuple[list[CaseRead], int]:
    """A page of the cases the person may see, by docket number, and how many there are.

    `hearing_from`/`hearing_before`: only cases with a hearing starting in that span (the "My
    cases" page's "hearing this week"); `among`: only these case ids (its "deadline at risk",
    which is worked out in Python, docket.deadlines.services.deadlines_at_risk)."""

    async def page() -> tuple[tuple[CaseRead, ...], int]:
        where, params = visible_cases_clause(actor, "c.id", listing=True)
        if q:
            columns = ("c.docket_number", "c.court_case_number", "c.caption")
            where += f" AND ({' OR '.join(like_sql(column) for column in columns)})"
            params += [like_pattern(q)] * 3
        for column, value in (("c.stage", stage), ("c.court", court_id), ("c.team", team_id)):
            if value is not None:
                where += f" AND {column} = ?"
                params.append(value)
        if hearing_from is not None and hearing_before is not None:
            where += (
                ' AND EXISTS (SELECT 1 FROM hearing h WHERE h."case" = c.id'
                " AND h.status <> 'cancelled' AND h.starts_at >= ? AND h.starts_at < ?)"
            )
            params += [hearing_from, hearing_before]
        if among is not None:
            # An empty set matches nothing (IN () is not SQL).
            where += f" AND c.id IN ({', '.join('?' * len(among)) or 'NULL'})"
            params += sorted(among)
        rows, total = await fetch_page(
            "court_case c",
            _case_columns(),
            where,
            params,
            order="c.docket_number",
            limit=limit,
            offset=offset,
        )
        return tuple(_case_read(row) for row in rows), total

    among_key = None if among is None else tuple(sorted(among))
    question = (
        "cases",
        q,
        stage,
        court_id,
        team_id,
        limit,
        offset,
        hearing_from,
        hearing_before,
        among_key,
    )
    items, total = await kept_page(actor, question, page)
    return list(items), total


async def update_case(actor: Actor, case_id: int, data: CaseUpdate, version: int) -> CaseRead:
    changes = changes_of(data)
    await _check_refs(changes.get("court_id"), changes.get("team_id"))
    renamed = {"court_id": "court", "team_id": "team"}
    changes = {renamed.get(k, k): v for k, v in changes.items()}
    changes["updated_at"] = utc_now()
    async with write_tx():
        current = await fetch_one(actor, Case, case_id, "case")
        await check_free_text(case_id, {"caption": changes.get("caption")})
        action = None
        if "team" in changes and changes["team"] != current["team"]:
            # The team sees the case from the next request on and the old one loses it, with
            # its hearings, deadlines, notices and team feeds.
            await require_lead_or_admin(actor, case_id, "move the case to another team")
            from docket.cases.assignments import losing_message, survivors_losing_their_advocate

            losing = await survivors_losing_their_advocate(case_id, team_id=changes["team"])
            if losing:
                remedy = (
                    f"move it with POST /api/cases/{case_id}/transfer, which names a new "
                    "advocate, or put the advocate on the case first"
                )
                raise InvalidInput.field("team_id", losing_message(losing, remedy))
            action = "case.transferred"
        if "docket_number" in changes and await Case.exists().where(
            (Case.docket_number == changes["docket_number"]) & (Case.id != case_id)
        ):
            raise Conflict(f"A case with docket number {changes['docket_number']} already exists")
        await update_one(
            actor,
            Case,
            case_id,
            changes,
            version=version,
            entity="case",
            case_id=case_id,
            action=action,
        )
        if "caption" in changes:
            await refresh_caption_check(case_id)
        return (await _cases_where("c.id = ?", case_id))[0]


async def refresh_caption_check(case_id: int) -> None:
    """Work out again whether the case's caption shares a name with one of its survivors
    (docket.cases.names): then nothing that leaves Docket shows it. Call inside the write
    transaction that changed the caption or an identity."""
    from docket.cases.identity import identities_of

    case = await Case.select(Case.caption).where(Case.id == case_id).first()
    if case is None:
        return
    survivors = [
        r["id"] for r in await Survivor.select(Survivor.id).where(Survivor.case == case_id)
    ]
    names = [identity.legal_name for identity in (await identities_of(survivors)).values()]
    await Case.update({Case.caption_names_survivor: shares_a_name(case["caption"], names)}).where(
        Case.id == case_id
    )


async def require_case(actor: Actor, case_id: int) -> dict[str, Any]:
    """The case as a dict; 404 when it is unknown or out of this person's reach."""
    return await fetch_one(actor, Case, case_id, "case")


# --- accused -----------------------------------------------------------------------------


def _accused_read(row: dict[str, Any]) -> AccusedRead:
    return AccusedRead(
        id=row["id"],
        case_id=row["case"],
        name=row["name"],
        aliases=msgspec.json.decode(row["aliases"]),
        custody_status=row["custody_status"],
        facility=row["facility"],
        nationality=row["nationality"],
        plea=row["plea"],
        lesser_offence_code=row["lesser_offence_code"],
        pleaded_on=row["pleaded_on"],
        disposition=row["disposition"],
        disposition_on=row["disposition_on"],
        version=row["version"],
    )


def _accused_values(values: dict[str, Any]) -> dict[str, Any]:
    if "aliases" in values:
        values["aliases"] = msgspec.json.encode(values["aliases"]).decode()
    return values


async def add_accused(actor: Actor, case_id: int, data: AccusedCreate) -> AccusedRead:
    async with write_tx():
        await require_case(actor, case_id)
        values = _accused_values(msgspec.structs.asdict(data))
        row = await insert_one(
            actor, Accused, {**values, "case": case_id}, entity="accused", case_id=case_id
        )
    return _accused_read(row)


async def get_accused(actor: Actor, accused_id: int) -> AccusedRead:
    return _accused_read(await fetch_one(actor, Accused, accused_id, "accused"))


async def list_accused(
    actor: Actor, case_id: int, *, limit: int, offset: int
) -> tuple[list[AccusedRead], int]:
    await require_case(actor, case_id)
    rows = (
        await Accused.select()
        .where(Accused.case == case_id)
        .order_by(Accused.id)
        .limit(limit)
        .offset(offset)
    )
    total = await Accused.count().where(Accused.case == case_id)
    return [_accused_read(r) for r in rows], total


async def update_accused(
    actor: Actor, accused_id: int, data: AccusedUpdate, version: int
) -> AccusedRead:
    async with write_tx():
        current = await fetch_one(actor, Accused, accused_id, "accused")
        row = await update_one(
            actor,
            Accused,
            accused_id,
            _accused_values(changes_of(data)),
            version=version,
            entity="accused",
            case_id=current["case"],
        )
    return _accused_read(row)


# --- survivors ---------------------------------------------------------------------------


def _survivor_read(row: dict[str, Any]) -> SurvivorRead:
    return SurvivorRead(
        id=row["id"],
        case_id=row["case"],
        pseudonym=row["pseudonym"],
        age_band=row["age_band"],
        sex=row["sex"],
        preferred_language=row["preferred_language"],
        advocate_id=row["advocate"],
        version=row["version"],
    )


async def _check_advocate(advocate_id: int | None) -> None:
    if advocate_id is None:
        return
    user = await User.select(User.role).where(User.id == advocate_id).first()
    if user is None or user["role"] != Role.ADVOCATE:
        raise InvalidInput.field("advocate_id", "must be a victim advocate's user id")


async def _check_pseudonym_free(case_id: int, pseudonym: str, survivor_id: int | None) -> None:
    clash = Survivor.exists().where((Survivor.case == case_id) & (Survivor.pseudonym == pseudonym))
    if survivor_id is not None:
        clash = clash.where(Survivor.id != survivor_id)
    if await clash:
        raise Conflict(f"Another survivor in this case is already called {pseudonym}")


async def add_survivor(actor: Actor, case_id: int, data: SurvivorCreate) -> SurvivorRead:
    await _check_advocate(data.advocate_id)
    async with write_tx():
        await require_case(actor, case_id)
        if data.advocate_id is not None:
            await require_lead_or_admin(actor, case_id, "assign a survivor's advocate")
        await _check_pseudonym_free(case_id, data.pseudonym, None)
        values = msgspec.structs.asdict(data)
        values["advocate"] = values.pop("advocate_id")
        row = await insert_one(
            actor, Survivor, {**values, "case": case_id}, entity="survivor", case_id=case_id
        )
        if data.advocate_id is not None:
            await record(
                actor.audit_id,
                "survivor.advocate_assigned",
                entity="survivor",
                entity_id=row["id"],
                case_id=case_id,
                before={"advocate": None},
                after={"advocate": data.advocate_id},
            )
    return _survivor_read(row)


async def get_survivor(actor: Actor, survivor_id: int) -> SurvivorRead:
    return _survivor_read(await fetch_one(actor, Survivor, survivor_id, "survivor"))


async def list_survivors(
    actor: Actor, case_id: int, *, limit: int, offset: int
) -> tuple[list[SurvivorRead], int]:
    await require_case(actor, case_id)
    rows = (
        await Survivor.select()
        .where(Survivor.case == case_id)
        .order_by(Survivor.pseudonym)
        .limit(limit)
        .offset(offset)
    )
    total = await Survivor.count().where(Survivor.case == case_id)
    return [_survivor_read(r) for r in rows], total


async def update_survivor(
    actor: Actor, survivor_id: int, data: SurvivorUpdate, version: int
) -> SurvivorRead:
    changes = changes_of(data)
    if "advocate_id" in changes:
        await _check_advocate(changes["advocate_id"])
        changes["advocate"] = changes.pop("advocate_id")
    async with write_tx():
        current = await fetch_one(actor, Survivor, survivor_id, "survivor")
        action = None
        if "advocate" in changes and changes["advocate"] != current["advocate"]:
            # The advocate may read who the survivor is: taking that over is not a team
            # member's edit but the lead prosecutor's decision.
            await require_lead_or_admin(actor, current["case"], "assign a survivor's advocate")
            action = "survivor.advocate_assigned"
        if "pseudonym" in changes:
            await _check_pseudonym_free(current["case"], changes["pseudonym"], survivor_id)
        row = await update_one(
            actor,
            Survivor,
            survivor_id,
            changes,
            version=version,
            entity="survivor",
            case_id=current["case"],
            action=action,
        )
    return _survivor_read(row)


async def set_survivor_identity(
    actor: Actor, survivor_id: int, data: SurvivorIdentityWrite
) -> None:
    """Store or replace who the survivor is, in the restricted table. The trail records that it
    changed and by whom, never the values."""
    born = data.birth_date  # today in Manila may be tomorrow in UTC: a day's leeway
    if born is not None and not dt.date(1900, 1, 1) <= born <= utc_now().date() + dt.timedelta(1):
        raise InvalidInput.field("birth_date", "must be a day from 1900 to today: check the year")
    values = msgspec.structs.asdict(data)
    async with write_tx():
        survivor = await fetch_one(actor, Survivor, survivor_id, "survivor")
        from docket.cases.identity import check_identity_access, store_identity
        from docket.cases.sealing import IdentityFields

        await check_identity_access(actor, survivor)
        await store_identity(survivor_id, IdentityFields(**values))
        await refresh_caption_check(survivor["case"])
        await record(
            actor.audit_id,
            "survivor_identity.set",
            entity="survivor",
            entity_id=survivor_id,
            case_id=survivor["case"],
            after=dict.fromkeys(values, "[redacted]"),
        )


# --- witnesses ---------------------------------------------------------------------------


async def _witness_reads(rows: list[dict[str, Any]]) -> list[WitnessRead]:
    survivor_ids = [r["survivor"] for r in rows if r["survivor"] is not None]
    pseudonyms = {}
    if survivor_ids:
        found = await Survivor.select(Survivor.id, Survivor.pseudonym).where(
            Survivor.id.is_in(survivor_ids)
        )
        pseudonyms = {s["id"]: s["pseudonym"] for s in found}
    return [
        WitnessRead(
            id=r["id"],
            case_id=r["case"],
            kind=r["kind"],
            survivor_id=r["survivor"],
            name=pseudonyms.get(r["survivor"], "") if r["survivor"] is not None else r["name"],
            agency=r["agency"],
            protected=r["protected"],
            version=r["version"],
        )
        for r in rows
    ]


async def add_witness(actor: Actor, case_id: int, data: WitnessCreate) -> WitnessRead:
    if data.kind == WitnessKind.SURVIVOR:
        if data.survivor_id is None:
            raise InvalidInput.field("survivor_id", "is required for a survivor witness")
        if data.name:
            raise InvalidInput.field(
                "name", "must be empty for a survivor witness: the pseudonym is shown instead"
            )
    else:
        if data.survivor_id is not None:
            raise InvalidInput.field("survivor_id", "is only for a survivor witness")
        if not data.name.strip():
            raise InvalidInput.field("name", "is required for this kind of witness")
    async with write_tx():
        await require_case(actor, case_id)
        await check_free_text(case_id, {"name": data.name, "agency": data.agency})
        if data.survivor_id is not None and not await Survivor.exists().where(
            (Survivor.id == data.survivor_id) & (Survivor.case == case_id)
        ):
            raise InvalidInput.field("survivor_id", "no survivor of this case has this id")
        values = msgspec.structs.asdict(data)
        values["survivor"] = values.pop("survivor_id")
        row = await insert_one(
            actor, Witness, {**values, "case": case_id}, entity="witness", case_id=case_id
        )
    return (await _witness_reads([row]))[0]


async def get_witness(actor: Actor, witness_id: int) -> WitnessRead:
    return (await _witness_reads([await fetch_one(actor, Witness, witness_id, "witness")]))[0]


async def list_witnesses(
    actor: Actor, case_id: int, *, limit: int, offset: int
) -> tuple[list[WitnessRead], int]:
    await require_case(actor, case_id)
    rows = (
        await Witness.select()
        .where(Witness.case == case_id)
        .order_by(Witness.id)
        .limit(limit)
        .offset(offset)
    )
    total = await Witness.count().where(Witness.case == case_id)
    return await _witness_reads(rows), total


async def update_witness(
    actor: Actor, witness_id: int, data: WitnessUpdate, version: int
) -> WitnessRead:
    changes = changes_of(data)
    async with write_tx():
        current = await fetch_one(actor, Witness, witness_id, "witness")
        await check_free_text(
            current["case"], {"name": changes.get("name"), "agency": changes.get("agency")}
        )
        if current["kind"] == WitnessKind.SURVIVOR and changes.get("name"):
            raise InvalidInput.field(
                "name", "must be empty for a survivor witness: the pseudonym is shown instead"
            )
        if (
            current["kind"] != WitnessKind.SURVIVOR
            and "name" in changes
            and not changes["name"].strip()
        ):
            raise InvalidInput.field("name", "is required for this kind of witness")
        row = await update_one(
            actor,
            Witness,
            witness_id,
            changes,
            version=version,
            entity="witness",
            case_id=current["case"],
        )
    return (await _witness_reads([row]))[0]


# --- charges -----------------------------------------------------------------------------


async def _charge_survivors(charge_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {charge_id: [] for charge_id in charge_ids}
    if charge_ids:
        for row in (
            await ChargeSurvivor.select()
            .where(ChargeSurvivor.charge.is_in(charge_ids))
            .order_by(ChargeSurvivor.survivor)
        ):
            found[row["charge"]].append(row["survivor"])
    return found


def _charge_read(row: dict[str, Any], survivor_ids: list[int]) -> ChargeRead:
    return ChargeRead(
        id=row["id"],
        case_id=row["case"],
        accused_id=row["accused"],
        statute_code=row["statute_code"],
        qualifiers=row["qualifiers"],
        counts=row["counts"],
        offence_date=row["offence_date"],
        via_ict=row["via_ict"],
        survivor_ids=survivor_ids,
        struck_at=row["struck_at"],
        struck_by_user_id=row["struck_by"],
        struck_reason=row["struck_reason"],
        version=row["version"],
    )


def _refuse_struck(charge: dict[str, Any]) -> None:
    if charge["struck_at"] is not None:
        raise Conflict("This charge was struck as entered by mistake; add a new one instead")


async def _check_charge_refs(
    case_id: int, accused_id: int | None, survivor_ids: list[int] | None
) -> None:
    errors = []
    if accused_id is not None and not await Accused.exists().where(
        (Accused.id == accused_id) & (Accused.case == case_id)
    ):
        errors.append(FieldError(field="accused_id", message="no accused of this case has this id"))
    for index, survivor_id in enumerate(survivor_ids or []):
        if not await Survivor.exists().where(
            (Survivor.id == survivor_id) & (Survivor.case == case_id)
        ):
            errors.append(
                FieldError(
                    field=f"survivor_ids[{index}]", message="no survivor of this case has this id"
                )
            )
    if errors:
        raise InvalidInput(*errors)


def _check_statute_code(code: str) -> None:
    """Charges reference the statute catalogue (GET /api/statutes)."""
    if statute(code) is None:
        raise InvalidInput.field(
            "statute_code", f"'{code}' is not in the statute catalogue (see /api/statutes)"
        )


def _check_offence_date(value: dt.date | None) -> None:
    """An offence date no case can have (year 1 made the prescription overdue since year 21,
    9999 hid it) is refused as the case's other days are."""
    from docket.cases.progress import check_event_date  # progress imports this module

    check_event_date("offence_date", value)


async def add_charge(actor: Actor, case_id: int, data: ChargeCreate) -> ChargeRead:
    _check_statute_code(data.statute_code)
    _check_offence_date(data.offence_date)
    async with write_tx():
        await require_case(actor, case_id)
        await _check_charge_refs(case_id, data.accused_id, data.survivor_ids)
        values = msgspec.structs.asdict(data)
        survivor_ids = list(dict.fromkeys(values.pop("survivor_ids")))
        values["accused"] = values.pop("accused_id")
        row = await insert_one(
            actor, Charge, {**values, "case": case_id}, entity="charge", case_id=case_id
        )
        if survivor_ids:
            await ChargeSurvivor.insert(
                *(ChargeSurvivor(charge=row["id"], survivor=s) for s in survivor_ids)
            )
    return _charge_read(row, sorted(survivor_ids))


async def get_charge(actor: Actor, charge_id: int) -> ChargeRead:
    row = await fetch_one(actor, Charge, charge_id, "charge")
    return _charge_read(row, (await _charge_survivors([charge_id]))[charge_id])


async def list_charges(
    actor: Actor, case_id: int, *, limit: int, offset: int
) -> tuple[list[ChargeRead], int]:
    await require_case(actor, case_id)
    rows = (
        await Charge.select()
        .where(Charge.case == case_id)
        .order_by(Charge.id)
        .limit(limit)
        .offset(offset)
    )
    total = await Charge.count().where(Charge.case == case_id)
    survivors = await _charge_survivors([r["id"] for r in rows])
    return [_charge_read(r, survivors[r["id"]]) for r in rows], total


async def update_charge(
    actor: Actor, charge_id: int, data: ChargeUpdate, version: int
) -> ChargeRead:
    changes = changes_of(data)
    if "statute_code" in changes:
        _check_statute_code(changes["statute_code"])
    _check_offence_date(changes.get("offence_date"))
    survivor_ids = changes.pop("survivor_ids", None)
    async with write_tx():
        current = await fetch_one(actor, Charge, charge_id, "charge")
        _refuse_struck(current)
        await _check_charge_refs(current["case"], None, survivor_ids)
        before_survivors = (await _charge_survivors([charge_id]))[charge_id]
        row = await update_one(
            actor,
            Charge,
            charge_id,
            changes,
            version=version,
            entity="charge",
            case_id=current["case"],
        )
        if survivor_ids is not None:
            survivor_ids = sorted(set(survivor_ids))
            await ChargeSurvivor.delete().where(ChargeSurvivor.charge == charge_id)
            if survivor_ids:
                await ChargeSurvivor.insert(
                    *(ChargeSurvivor(charge=charge_id, survivor=s) for s in survivor_ids)
                )
            if survivor_ids != before_survivors:
                await record(
                    actor.audit_id,
                    "charge.survivors",
                    entity="charge",
                    entity_id=charge_id,
                    case_id=current["case"],
                    before={"survivor_ids": before_survivors},
                    after={"survivor_ids": survivor_ids},
                )
        final = survivor_ids if survivor_ids is not None else before_survivors
    return _charge_read(row, final)


async def strike_charge(actor: Actor, charge_id: int, data: Strike, version: int) -> ChargeRead:
    """Strike a charge entered by mistake: it stays on the case, struck through, with who
    struck it, when and why (and the audit trail's record), and stops counting."""
    async with write_tx():
        current = await fetch_one(actor, Charge, charge_id, "charge")
        _refuse_struck(current)
        await check_free_text(current["case"], {"reason": data.reason})
        row = await update_one(
            actor,
            Charge,
            charge_id,
            {"struck_at": utc_now(), "struck_by": actor.id, "struck_reason": data.reason.strip()},
            version=version,
            entity="charge",
            case_id=current["case"],
            action="charge.struck",
        )
        survivors = (await _charge_survivors([charge_id]))[charge_id]
    return _charge_read(row, survivors)


# --- finding -----------------------------------------------------------------------------


async def search_cases(actor: Actor, q: str, *, limit: int) -> list[CaseRead]:
    """Cases the person may see whose docket or court case number, caption or an accused's
    name contains ``q``, by docket number."""
    visible, params = visible_cases_clause(actor, "c.id")
    columns = ("c.docket_number", "c.court_case_number", "c.caption")
    where = (
        f"({' OR '.join(like_sql(column) for column in columns)}"
        f' OR c.id IN (SELECT a."case" FROM accused a WHERE {like_sql("a.name")})){visible}'
    )
    pattern = like_pattern(q)
    return await _cases_where(
        where, *[pattern] * 4, *params, limit, order=" ORDER BY c.docket_number LIMIT ?"
    )


async def advocate_survivors(actor: Actor) -> list[tuple[SurvivorRead, CaseRead]]:
    """The survivors this advocate is assigned to, in cases they may see, with their case."""
    query = Survivor.select().where(Survivor.advocate == actor.id).order_by(Survivor.id)
    visible = await visible_to(actor)
    if visible is not None:
        query = query.where(Survivor.case.is_in(sorted(visible) or [-1]))
    rows = await query
    case_ids = sorted({r["case"] for r in rows})
    cases = {}
    if case_ids:
        condition, params = in_list("c.id", case_ids)
        found = await _cases_where(condition, *params)
        cases = {case.id: case for case in found}
    return [(_survivor_read(r), cases[r["case"]]) for r in rows]

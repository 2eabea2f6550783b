"""Who a survivor is: the one place that reads the restricted table.

Only the survivor's own advocate and the case's lead prosecutor may read or write it (need to
know: RA 9208 s7; RA 11930 s21; A.M. 004-07-SC s31). A read needs a reason and a login with a
second factor, and every read — allowed or refused — leaves an audit row with the reason, never
the details themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar.exceptions import PermissionDeniedException

from docket.accounts.choices import Role
from docket.accounts.services import SYSTEM, Actor
from docket.audit.services import record
from docket.cases.access import leads_case
from docket.cases.sealing import (
    IdentityFields,
    key_lines,
    key_ring,
    seal,
    unseal,
    write_key_ring,
)
from docket.cases.tables import Survivor, SurvivorIdentity
from docket.db import engine, is_sqlite, write_tx
from docket.editing import fetch_one
from docket.errors import InvalidInput, NotFound
from docket.fields import Input, Output
from docket.key_files import new_key_line

#: As SurvivorIdentityWrite.notice_name: a first or chosen name.
NOTICE_NAME_LENGTH = 60


class IdentityReadRequest(Input):
    #: Why the details are needed now, e.g. "arranging the shelter's transport to court".
    reason: Annotated[str, msgspec.Meta(min_length=10, max_length=300)]


class SurvivorIdentityRead(Output):
    survivor_id: int
    pseudonym: str
    legal_name: str
    notice_name: str
    birth_date: dt.date | None
    guardian: str
    shelter: str
    contact: str
    address: str
    school: str


async def identities_of(survivor_ids: list[int]) -> dict[int, IdentityFields]:
    """Who these survivors are, opened from their sealed rows (docket.cases.sealing), by
    survivor id; survivors with no identity recorded are left out. Only for code that has
    already decided that its reader may know, or that prints for the survivor."""
    if not survivor_ids:
        return {}
    rows = await SurvivorIdentity.select(
        SurvivorIdentity.survivor, SurvivorIdentity.sealed, SurvivorIdentity.key_id
    ).where(SurvivorIdentity.survivor.is_in(survivor_ids))
    return {row["survivor"]: unseal(row["survivor"], row["sealed"], row["key_id"]) for row in rows}


async def identities_in_cases(case_ids: list[int]) -> list[tuple[int, IdentityFields]]:
    """(case id, who the survivor is) of every survivor of these cases with an identity
    recorded, in one query; the same caveat as `identities_of`."""
    if not case_ids:
        return []
    rows = await SurvivorIdentity.select(
        SurvivorIdentity.survivor,
        SurvivorIdentity.survivor.case.as_alias("case_id"),
        SurvivorIdentity.sealed,
        SurvivorIdentity.key_id,
    ).where(SurvivorIdentity.survivor.case.is_in(case_ids))
    return [(row["case_id"], unseal(row["survivor"], row["sealed"], row["key_id"])) for row in rows]


async def store_identity(survivor_id: int, fields: IdentityFields) -> None:
    """Seal and store (or replace) who the survivor is. Call inside the write transaction."""
    sealed, key_id = seal(survivor_id, fields)
    existing = (
        await SurvivorIdentity.select(SurvivorIdentity.id)
        .where(SurvivorIdentity.survivor == survivor_id)
        .first()
    )
    if existing is None:
        await SurvivorIdentity.insert(
            SurvivorIdentity(survivor=survivor_id, sealed=sealed, key_id=key_id)
        )
    else:
        await SurvivorIdentity.update(
            {SurvivorIdentity.sealed: sealed, SurvivorIdentity.key_id: key_id}
        ).where(SurvivorIdentity.id == existing["id"])


async def may_know_identity(actor: Actor, survivor: dict[str, Any]) -> bool:
    """The survivor's own advocate, or the case's lead prosecutor."""
    if actor.role == Role.ADVOCATE:
        return bool(survivor["advocate"] == actor.id)
    if actor.role == Role.PROSECUTOR:
        return await leads_case(actor, survivor["case"])
    return False


async def check_identity_access(actor: Actor, survivor: dict[str, Any]) -> None:
    """Refuse (403) anyone but the two people who need to know; the CLI acts for the system."""
    if actor.via == SYSTEM:
        return
    if not await may_know_identity(actor, survivor):
        raise PermissionDeniedException(
            "Only the survivor's advocate and the case's lead prosecutor may see or change who "
            "the survivor is"
        )


async def read_survivor_identity(
    actor: Actor, survivor_id: int, reason: str
) -> SurvivorIdentityRead:
    survivor = await fetch_one(actor, Survivor, survivor_id, "survivor")
    allowed = await may_know_identity(actor, survivor)
    problem = ""
    if not allowed:
        problem = "not the survivor's advocate or the case's lead prosecutor"
    elif not actor.mfa:
        problem = "no second factor at login"
    async with write_tx():
        # Refusals are recorded too: a pattern of them is worth an admin's attention.
        await record(
            actor.audit_id,
            "survivor_identity.read",
            entity="survivor",
            entity_id=survivor_id,
            case_id=survivor["case"],
            after={"reason": reason.strip(), **({"refused": problem} if problem else {})},
            outcome="denied" if problem else "ok",
        )
    if problem == "no second factor at login":
        raise PermissionDeniedException(
            "Reading who a survivor is needs two-step login: set it up, then log in again "
            "with the code from your app"
        )
    if problem:
        raise PermissionDeniedException(
            "Only the survivor's advocate and the case's lead prosecutor may see who the "
            "survivor is"
        )
    identity = (await identities_of([survivor_id])).get(survivor_id)
    if identity is None:
        raise NotFound("identity record for this survivor")
    return SurvivorIdentityRead(
        survivor_id=survivor_id,
        pseudonym=survivor["pseudonym"],
        **msgspec.structs.asdict(identity),
    )


async def set_notice_name(actor: Actor, survivor_id: int, notice_name: str) -> None:
    """Record the first or chosen name the survivor's notice greets them by, keeping the rest
    of who they are as it is; only the two who may know (as for the whole identity). The trail
    records that it changed and by whom, never the name."""
    name = notice_name.strip()
    if not name:
        raise InvalidInput.field("notice_name", "must not be empty")
    if len(name) > NOTICE_NAME_LENGTH:
        raise InvalidInput.field("notice_name", f"must be at most {NOTICE_NAME_LENGTH} characters")
    # Imported here: the cases' services build on this module.
    from docket.cases.services import refresh_caption_check

    async with write_tx():
        survivor = await fetch_one(actor, Survivor, survivor_id, "survivor")
        await check_identity_access(actor, survivor)
        known = (await identities_of([survivor_id])).get(survivor_id)
        fields = known or IdentityFields(legal_name="")
        await store_identity(survivor_id, msgspec.structs.replace(fields, notice_name=name))
        await refresh_caption_check(survivor["case"])
        await record(
            actor.audit_id,
            "survivor_identity.set",
            entity="survivor",
            entity_id=survivor_id,
            case_id=survivor["case"],
            after={"notice_name": "[redacted]"},
        )


async def has_notice_name(actor: Actor, survivor_id: int) -> bool:
    """Whether a name for the notice is recorded (not the name): for the two who may know."""
    survivor = await fetch_one(actor, Survivor, survivor_id, "survivor")
    await check_identity_access(actor, survivor)
    known = (await identities_of([survivor_id])).get(survivor_id)
    return bool(known and known.notice_name.strip())


class Resealed(msgspec.Struct, frozen=True):
    """What a key rotation sealed again."""

    identities: int
    trip_plans: int
    #: Restricted case notes (docket.notes).
    restricted_notes: int = 0


async def rotate_identity_key() -> Resealed:
    """Seal every identity, every trip plan (docket.notices.preparation) and every restricted
    case note (docket.notes) with a new key,
    then drop the older keys; returns how many were sealed again. Stop the server first. Cut
    short, it leaves every key in the file, so everything still opens: run it again."""
    # Imported here: the notices build on the cases, not the other way round.
    from docket.notes.services import reseal_restricted_notes
    from docket.notices.preparation import reseal_trip_plans

    new_line = new_key_line()
    write_key_ring([*key_lines(), new_line])
    resealed = 0
    async with write_tx():
        if not is_sqlite():
            # Nobody adds or changes an identity under the old key while this runs (SQLite's
            # IMMEDIATE write transaction already keeps every other writer out).
            await engine().run_ddl("LOCK TABLE survivor_identity IN EXCLUSIVE MODE")
        rows = await SurvivorIdentity.select(
            SurvivorIdentity.id,
            SurvivorIdentity.survivor,
            SurvivorIdentity.sealed,
            SurvivorIdentity.key_id,
        )
        for row in rows:
            fields = unseal(row["survivor"], row["sealed"], row["key_id"])
            sealed, key_id = seal(row["survivor"], fields)
            await SurvivorIdentity.update(
                {SurvivorIdentity.sealed: sealed, SurvivorIdentity.key_id: key_id}
            ).where(SurvivorIdentity.id == row["id"])
            resealed += 1
        plans = await reseal_trip_plans()
        notes = await reseal_restricted_notes()
        await record(
            None,
            "identity_key.rotate",
            entity="identity_key",
            entity_id=None,
            case_id=None,
            after={
                "identities": resealed,
                "trip_plans": plans,
                "restricted_notes": notes,
                "key_id": key_ring().sealing_key_id,
            },
        )
    write_key_ring([new_line])
    return Resealed(identities=resealed, trip_plans=plans, restricted_notes=notes)

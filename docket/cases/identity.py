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
from docket.accounts.services import Actor
from docket.audit.services import record
from docket.cases.access import leads_case
from docket.cases.tables import Survivor, SurvivorIdentity
from docket.db import write_tx
from docket.editing import fetch_one
from docket.errors import NotFound
from docket.fields import Input, Output


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


async def may_know_identity(actor: Actor, survivor: dict[str, Any]) -> bool:
    """The survivor's own advocate, or the case's lead prosecutor."""
    if actor.role == Role.ADVOCATE:
        return bool(survivor["advocate"] == actor.id)
    if actor.role == Role.PROSECUTOR:
        return await leads_case(actor, survivor["case"])
    return False


async def check_identity_access(actor: Actor | None, survivor: dict[str, Any]) -> None:
    """Refuse (403) anyone but the two people who need to know; the CLI acts for the system."""
    if actor is None or actor.via == "cli":
        return
    if not await may_know_identity(actor, survivor):
        raise PermissionDeniedException(
            "Only the survivor's advocate and the case's lead prosecutor may see or change who "
            "the survivor is"
        )


async def read_survivor_identity(
    actor: Actor, survivor_id: int, reason: str
) -> SurvivorIdentityRead:
    survivor = await fetch_one(Survivor, survivor_id, "survivor")
    allowed = await may_know_identity(actor, survivor)
    problem = ""
    if not allowed:
        problem = "not the survivor's advocate or the case's lead prosecutor"
    elif not actor.mfa:
        problem = "no second factor at login"
    async with write_tx():
        # Refusals are recorded too: a pattern of them is worth an admin's attention.
        await record(
            actor.id,
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
    identity = (
        await SurvivorIdentity.select().where(SurvivorIdentity.survivor == survivor_id).first()
    )
    if identity is None:
        raise NotFound("identity record for this survivor")
    return SurvivorIdentityRead(
        survivor_id=survivor_id,
        pseudonym=survivor["pseudonym"],
        legal_name=identity["legal_name"],
        notice_name=identity["notice_name"],
        birth_date=identity["birth_date"],
        guardian=identity["guardian"],
        shelter=identity["shelter"],
        contact=identity["contact"],
        address=identity["address"],
        school=identity["school"],
    )

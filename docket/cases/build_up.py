"""Case build-up before preliminary investigation (DOJ Department Circular 020 (2023), amended
by DC 007 (2024)): the evidence checklist (docket/cases/build_up.toml, each item with its
source) and the prosecutor's certification that the evidence is sufficient. A case in build-up
cannot move to preliminary investigation until the certification is recorded
(``missing_before_filing``, read by docket.cases.progress). An inquest (warrantless arrest, a
36-hour clock) is not held back: the reference ties the build-up to complaints, not inquests.
"""

from __future__ import annotations

import functools
import json
import tomllib
from importlib import resources
from typing import Any

import msgspec

from docket.accounts.services import Actor
from docket.cases.choices import CaseStage
from docket.cases.free_text import check_free_text
from docket.cases.progress import check_event_date
from docket.cases.schemas import (
    BuildUpCertification,
    BuildUpChecklist,
    BuildUpItemRead,
    BuildUpRead,
)
from docket.cases.services import require_case
from docket.cases.tables import CaseBuildUp
from docket.db import utc_now, write_tx
from docket.editing import insert_one, update_one
from docket.errors import Conflict, InvalidInput, StaleEdit
from docket.statutes.catalogue import Certainty

__all__ = [
    "certify_build_up",
    "checklist",
    "get_build_up",
    "missing_before_filing",
    "tick_build_up",
]


class ChecklistItem(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: str
    item: str
    source: str
    certainty: Certainty


class Certification(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    words: str
    source: str
    certainty: Certainty


class Checklist(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    items: tuple[ChecklistItem, ...] = msgspec.field(name="item")
    certification: Certification

    def __post_init__(self) -> None:
        codes = [i.code for i in self.items]
        if len(codes) != len(set(codes)) or not all(i.source.strip() for i in self.items):
            raise ValueError("each build-up item needs its own code and a source")


@functools.cache
def checklist() -> Checklist:
    """The checklist shipped with Docket; a malformed file stops the app at first use."""
    text = resources.files("docket.cases").joinpath("build_up.toml").read_text("utf-8")
    return msgspec.convert(tomllib.loads(text), Checklist)


def _read(case_id: int, row: dict[str, Any] | None) -> BuildUpRead:
    data = checklist()
    checked = set(json.loads(row["checked"])) if row else set()
    return BuildUpRead(
        case_id=case_id,
        id=row["id"] if row else None,
        items=[
            BuildUpItemRead(
                code=i.code,
                item=i.item,
                source=i.source,
                certainty=i.certainty,
                checked=i.code in checked,
            )
            for i in data.items
        ],
        certification_words=data.certification.words,
        certification_source=data.certification.source,
        certified_on=row["certified_on"] if row else None,
        certified_by_user_id=row["certified_by"] if row else None,
        certification=row["certification"] if row else "",
        missing=_missing(row),
        version=row["version"] if row else 1,
    )


def _missing(row: dict[str, Any] | None) -> list[str]:
    """In plain words: the certification first (what the law requires), then unticked items
    (shown, never required: the circular's own list is not in the reference)."""
    found = []
    if row is None or row["certified_on"] is None:
        found.append(
            "the prosecutor's certification that the evidence is sufficient "
            f"({checklist().certification.source})"
        )
    return found


async def _row(case_id: int) -> dict[str, Any] | None:
    return await CaseBuildUp.select().where(CaseBuildUp.case == case_id).first()


async def get_build_up(actor: Actor, case_id: int) -> BuildUpRead:
    await require_case(actor, case_id)
    return _read(case_id, await _row(case_id))


async def missing_before_filing(case_id: int) -> list[str]:
    """What a case in build-up still lacks before preliminary investigation (empty: none)."""
    return _missing(await _row(case_id))


async def _save(actor: Actor, case_id: int, values: dict[str, Any], version: int) -> dict[str, Any]:
    """Create the row on the first save (a case with none reads as version 1, so the first
    save is stored as version 2), otherwise update it at ``version``."""
    current = await _row(case_id)
    values = values | {"updated_at": utc_now()}
    if current is None:
        if version != 1:
            raise StaleEdit(1)
        return await insert_one(
            actor,
            CaseBuildUp,
            {"case": case_id, **values, "version": 2},
            entity="case_build_up",
            case_id=case_id,
        )
    return await update_one(
        actor,
        CaseBuildUp,
        current["id"],
        values,
        version=version,
        entity="case_build_up",
        case_id=case_id,
    )


async def _in_build_up(actor: Actor, case_id: int) -> None:
    case = await require_case(actor, case_id)
    if case["stage"] != CaseStage.CASE_BUILD_UP:
        raise Conflict(
            f"The case is in {case['stage']}, past its build-up: the checklist and the "
            "certification are kept as they were"
        )


async def tick_build_up(
    actor: Actor, case_id: int, data: BuildUpChecklist, version: int
) -> BuildUpRead:
    known = {i.code for i in checklist().items}
    unknown = [c for c in data.checked if c not in known]
    if unknown:
        raise InvalidInput.field(
            "checked", f"not an item of the build-up checklist: {', '.join(sorted(unknown))}"
        )
    ticked = [i.code for i in checklist().items if i.code in set(data.checked)]
    async with write_tx():
        await _in_build_up(actor, case_id)
        row = await _save(actor, case_id, {"checked": json.dumps(ticked)}, version)
    return _read(case_id, row)


async def certify_build_up(
    actor: Actor, case_id: int, data: BuildUpCertification, version: int
) -> BuildUpRead:
    """The prosecutor certifies (the policy lets only prosecutors call this)."""
    words = data.certification.strip()
    if len(words) < 10:
        raise InvalidInput.field("certification", "write the certification in a sentence")
    check_event_date("certified_on", data.certified_on)
    async with write_tx():
        await _in_build_up(actor, case_id)
        await check_free_text(case_id, {"certification": words})
        row = await _save(
            actor,
            case_id,
            {"certified_on": data.certified_on, "certified_by": actor.id, "certification": words},
            version,
        )
    return _read(case_id, row)

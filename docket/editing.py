"""Reading, inserting and updating one record the same way everywhere: 404 for unknown ids,
optimistic versions (412 on a stale edit) and an audit row inside the same transaction."""

from __future__ import annotations

from typing import Any

import msgspec
from piccolo.columns import Column
from piccolo.table import Table

from docket.accounts.services import Actor
from docket.audit.services import record
from docket.cases.access import check_row_visible
from docket.errors import FieldError, InvalidInput, NotFound, StaleEdit


def changes_of(data: msgspec.Struct) -> dict[str, Any]:
    """The fields a PATCH body actually sets (UNSET fields are left out; ``version`` too)."""
    return {
        field: value
        for field in data.__struct_fields__
        if (value := getattr(data, field)) is not msgspec.UNSET and field != "version"
    }


def expected_version(body_version: int | msgspec.UnsetType, if_match: str | None) -> int:
    """The version the editor saw, from the body or an If-Match header ("3" or W/"3")."""
    if if_match is not None:
        tag = if_match.strip().removeprefix("W/").strip('"')
        if not tag.isdigit():
            raise InvalidInput.field("If-Match", 'must be the record\'s version, e.g. "3"')
        return int(tag)
    if isinstance(body_version, int):
        return body_version
    raise InvalidInput(
        FieldError(
            field="version",
            message="send the version you edited (or an If-Match header) so that "
            "a colleague's change is never overwritten",
        )
    )


async def fetch_one(actor: Actor, table: type[Table], record_id: int, what: str) -> dict[str, Any]:
    """The row as a dict, or 404: also when it belongs to a case this person may not see."""
    row = await table.select().where(table._meta.primary_key == record_id).first()
    if row is None:
        raise NotFound(what)
    await check_row_visible(actor, table, row, what)
    return row


async def insert_one(
    actor: Actor,
    table: type[Table],
    values: dict[str, Any],
    *,
    entity: str,
    case_id: int | None,
) -> dict[str, Any]:
    """Insert a row, audit it, and return it as stored. Call inside write_tx()."""
    result = await table.insert(table(**values)).returning(*table._meta.columns)
    row = result[0]
    await record(
        actor.audit_id,
        f"{entity}.create",
        entity=entity,
        entity_id=row["id"],
        # A new case is its own case: the trail is read per case.
        case_id=row["id"] if entity == "case" else case_id,
        after=row,
    )
    return row


async def update_one(
    actor: Actor,
    table: type[Table],
    record_id: int,
    changes: dict[str, Any],
    *,
    version: int,
    entity: str,
    case_id: int | None,
    action: str | None = None,
) -> dict[str, Any]:
    """Apply changes if the record is still at ``version``; bump the version; audit the fields
    that changed. 404 if it is gone or out of this person's reach, 412 with the current
    version if someone was first. Call inside write_tx()."""
    pk = table._meta.primary_key
    version_column = table._meta.get_column_by_name("version")
    before = await table.select().where(pk == record_id).first()
    if before is None:
        raise NotFound(entity.replace("_", " "))
    await check_row_visible(actor, table, before, entity.replace("_", " "))
    if before["version"] != version:
        raise StaleEdit(before["version"])
    values: dict[Column | str, Any] = {
        table._meta.get_column_by_name(k): v for k, v in changes.items()
    }
    values[version_column] = version + 1
    # The version in the WHERE clause makes the check and the write one step on both engines.
    updated = (
        await table.update(values)
        .where((pk == record_id) & (version_column == version))
        .returning(*table._meta.columns)
    )
    if not updated:
        current = await table.select(version_column).where(pk == record_id).first()
        if current is None:
            raise NotFound(entity.replace("_", " "))
        raise StaleEdit(current["version"])
    after: dict[str, Any] = updated[0]
    # The row's own clock and counter are noise beside the audit row's time.
    changed = [k for k in after if k not in ("version", "updated_at") and after[k] != before[k]]
    await record(
        actor.audit_id,
        action or f"{entity}.update",
        entity=entity,
        entity_id=record_id,
        case_id=case_id,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return after

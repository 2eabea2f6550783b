"""Request and response bodies of protection needs."""

from __future__ import annotations

import datetime as dt

from msgspec import UNSET, UnsetType

from docket.fields import Id, Input, Instant, Output, ShortText, Version
from docket.protection.choices import Measure, MeasureStatus


class ProtectionNeedCreate(Input):
    witness_id: Id
    measure: Measure
    status: MeasureStatus = MeasureStatus.REQUESTED
    #: Particulars, e.g. the interpreter's language ("Waray"); never a name or an address.
    detail: ShortText = ""
    #: When it was asked for (an application filed earlier); today if left out.
    requested_on: dt.date | None = None


class ProtectionNeedUpdate(Input):
    version: Version | UnsetType = UNSET
    status: MeasureStatus | UnsetType = UNSET
    detail: ShortText | UnsetType = UNSET
    requested_on: dt.date | UnsetType = UNSET


class ProtectionNeedRead(Output):
    id: int
    hearing_id: int
    witness_id: int
    measure: Measure
    status: MeasureStatus
    detail: str
    requested_on: dt.date | None
    updated_by_id: int | None
    updated_at: Instant
    version: int


class ProtectionNeedPage(Output):
    items: list[ProtectionNeedRead]
    total: int
    limit: int
    offset: int

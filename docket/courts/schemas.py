"""Request and response bodies of courts."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from docket.courts.zones import PHILIPPINES
from docket.fields import Input, Name, Output, Version

Address = Annotated[str, msgspec.Meta(max_length=500)]
Timezone = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class CourtCreate(Input):
    name: Name
    family_court: bool = False
    address: Address = ""
    timezone: Timezone = PHILIPPINES


class CourtUpdate(Input):
    version: Version | UnsetType = UNSET
    name: Name | UnsetType = UNSET
    family_court: bool | UnsetType = UNSET
    address: Address | UnsetType = UNSET
    timezone: Timezone | UnsetType = UNSET


class CourtRead(Output):
    id: int
    name: str
    family_court: bool
    address: str
    timezone: str
    version: int

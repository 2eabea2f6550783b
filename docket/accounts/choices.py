"""Roles people hold in Docket."""

from enum import StrEnum


class Role(StrEnum):
    PROSECUTOR = "prosecutor"
    LAWYER = "lawyer"
    ADVOCATE = "advocate"
    ADMIN = "admin"

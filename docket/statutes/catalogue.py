"""The charge catalogue: offences, penalties, bail and prescription, read from catalogue.toml.

The law lives in the data file; this module only gives it types. A malformed file fails loudly
when it is first loaded, so a wrong number can never reach a prosecutor silently.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from importlib import resources
from typing import Literal

import msgspec

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Certainty",
    "Prescription",
    "Qualifier",
    "Statute",
    "load_catalogue",
    "parse_catalogue",
    "search_statutes",
    "statute",
]

#: legal.md tags: V checked against the source text, M from memory, I inference.
Certainty = Literal["V", "M", "I"]
#: What a prescription period runs from.
RunsFrom = Literal[
    "release_from_bondage",  # RA 9208 s12
    "commission_or_discovery",  # Act 3326 s2
    "discovery",  # RPC Art. 91
    "commission",
    "per_base_offence",  # RA 10175 s6: the base crime's own rule
]
#: Facts that make the longer period apply.
HigherIf = Literal["child_victim", "syndicate", "large_scale", "qualified"]


class CatalogueError(Exception):
    """The catalogue data file is malformed; the message says where."""


class Prescription(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """How long the State has to prosecute, and from when."""

    #: The period in years; None where it follows another offence (RA 10175 s6).
    years: int | None = None
    #: The longer period where the law gives one, with the facts that trigger it.
    higher_years: int | None = None
    higher_when: str = ""
    higher_if: tuple[HigherIf, ...] = ()
    #: Act 3326 (12) against RPC Art. 90 (20): contested, so warn at the earlier date.
    contested: bool = False
    runs_from: RunsFrom
    #: For a child victim the period runs from the child's 18th birthday (RA 9208 s12).
    child_from_age_18: bool = False
    source: str
    certainty: Certainty
    note: str = ""
    #: What stops the period, in plain words with its own source (never another law's).
    interrupted_by: str = ""

    def __post_init__(self) -> None:
        if self.runs_from == "per_base_offence":
            if self.years is not None:
                raise ValueError("a per-base-offence rule has no years of its own")
            return
        if self.years is None or self.years <= 0:
            raise ValueError("years must be a positive number")
        if self.higher_years is not None and self.higher_years <= self.years:
            raise ValueError("higher_years must be longer than years")
        if self.contested and self.higher_years is None:
            raise ValueError("a contested rule needs both periods (years and higher_years)")
        if self.higher_if and (self.higher_years is None or self.contested):
            raise ValueError("higher_if needs higher_years and is not for a contested rule")
        if self.higher_years is not None and not (self.higher_if or self.contested):
            raise ValueError("higher_years needs higher_if or contested")


class Qualifier(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A circumstance that qualifies an offence (e.g. RA 9208 s6(a), a child victim)."""

    letter: str
    text: str
    source: str
    certainty: Certainty
    #: For qualifiers added later (RA 11862): acts before this date cannot carry them.
    added_by: str | None = None
    added_on: dt.date | None = None


class Statute(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One chargeable offence, as a prosecutor writes it on an information."""

    code: str
    statute: str
    section: str
    title: str
    penalty: str
    penalty_source: str
    qualified: bool
    #: The imprisonment can exceed six years (R117 s8: a provisional dismissal becomes permanent
    #: after two years, else one); None where the catalogue cannot say (a graded penalty).
    punishable_over_six_years: bool | None = None
    #: No bail when the evidence of guilt is strong (R114 s7; legal.md 1.8).
    bail_no: bool
    bail_note: str = ""
    source: str
    certainty: Certainty
    note: str = ""
    prescription: Prescription
    qualifiers: tuple[Qualifier, ...] = ()
    #: Repealed: for acts before ``repealed_on`` only.
    inactive: bool = False
    repealed_by: str | None = None
    repealed_on: dt.date | None = None
    #: The first day an act can be charged under this law (where known or assumed).
    in_force_from: dt.date | None = None
    #: How the dates above were fixed, and how sure we are.
    dates_note: str = ""
    dates_certainty: Certainty | None = None
    #: The prosecutor must choose it; never applied automatically.
    opt_in: bool = False

    def __post_init__(self) -> None:
        if self.inactive and (self.repealed_on is None or not self.repealed_by):
            raise ValueError(f"{self.code}: an inactive charge needs repealed_by and repealed_on")
        if not self.inactive and self.repealed_on is not None:
            raise ValueError(f"{self.code}: a repeal date on an active charge")
        if (self.repealed_on or self.in_force_from) and self.dates_certainty is None:
            raise ValueError(f"{self.code}: dated charges need dates_certainty")
        letters = [q.letter for q in self.qualifiers]
        if len(letters) != len(set(letters)):
            raise ValueError(f"{self.code}: a qualifier letter appears twice")

    def qualifier(self, letter: str) -> Qualifier | None:
        """The qualifier with this letter, e.g. ``"a"`` for RA 9208 s6(a)."""
        return next((q for q in self.qualifiers if q.letter == letter), None)


class Catalogue(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Every charge Docket knows, in the order of the data file."""

    #: ``[[charge]]`` tables in the TOML.
    charges: tuple[Statute, ...] = msgspec.field(name="charge")


def parse_catalogue(text: str) -> Catalogue:
    """Read and validate catalogue TOML; raise CatalogueError on any fault."""
    try:
        raw = tomllib.loads(text)
        catalogue = msgspec.convert(raw, Catalogue)
    except (tomllib.TOMLDecodeError, msgspec.ValidationError) as exc:
        raise CatalogueError(f"The statute catalogue is malformed: {exc}") from exc
    codes = [s.code for s in catalogue.charges]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise CatalogueError(f"The statute catalogue lists these codes twice: {', '.join(twice)}")
    return catalogue


@functools.cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped with Docket, read once."""
    text = resources.files("docket.statutes").joinpath("catalogue.toml").read_text("utf-8")
    return parse_catalogue(text)


@functools.cache
def _by_code() -> dict[str, Statute]:
    return {s.code: s for s in load_catalogue().charges}


def statute(code: str) -> Statute | None:
    """The charge with this code (case and surrounding spaces ignored), or None."""
    return _by_code().get(code.strip().upper())


def search_statutes(query: str) -> list[Statute]:
    """Charges whose code, statute, section or title contain the query, ignoring case.

    Spaces are ignored when matching the statute, so "ra9208" finds "RA 9208". An empty query
    finds every charge.
    """
    needle = query.strip().casefold()
    squeezed = needle.replace(" ", "")
    found = []
    for s in load_catalogue().charges:
        haystack = " ".join((s.code, s.statute, s.section, s.title)).casefold()
        if needle in haystack or squeezed in haystack.replace(" ", ""):
            found.append(s)
    return found

"""Response bodies of the statute catalogue (read-only: the catalogue is data shipped with
Docket, changed by a release, not through the API)."""

from __future__ import annotations

import datetime as dt

from docket.fields import Output
from docket.statutes.catalogue import Certainty
from docket.statutes.checks import Advice


class PrescriptionRead(Output):
    years: int | None
    higher_years: int | None
    higher_when: str
    contested: bool
    runs_from: str
    child_from_age_18: bool
    source: str
    certainty: Certainty
    note: str


class QualifierRead(Output):
    letter: str
    text: str
    source: str
    certainty: Certainty
    added_by: str | None
    added_on: dt.date | None


class StatuteRead(Output):
    """One chargeable offence: what a prosecutor writes on an information."""

    code: str
    statute: str
    section: str
    title: str
    penalty: str
    penalty_source: str
    qualified: bool
    #: No bail when the evidence of guilt is strong (R114 s7).
    bail_no: bool
    bail_note: str
    source: str
    #: legal.md tags: V checked against the source, M from memory, I inference.
    certainty: Certainty
    note: str
    prescription: PrescriptionRead
    qualifiers: list[QualifierRead]
    #: Repealed: for acts before ``repealed_on`` only.
    inactive: bool
    repealed_by: str | None
    repealed_on: dt.date | None
    in_force_from: dt.date | None
    #: The prosecutor must choose it; never applied automatically.
    opt_in: bool


class StatutePage(Output):
    items: list[StatuteRead]
    total: int


class ChargeAdvice(Output):
    """Suggestions and warnings on one charge, for the prosecutor to read and decide."""

    charge_id: int
    #: Docket's checks help; they are not legal advice.
    caveat: str
    advice: list[Advice]

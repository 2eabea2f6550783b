"""Response bodies of the agenda: a person's coming hearings and what to prepare for each."""

from __future__ import annotations

from docket.cases.choices import WitnessKind
from docket.fields import Instant, Output
from docket.hearings.choices import HearingKind, HearingMode, HearingStatus
from docket.protection.choices import Measure, MeasureStatus


class AgendaNeed(Output):
    """A protection measure listed for a witness at the hearing (A.M. 004-07-SC)."""

    id: int
    measure: Measure
    status: MeasureStatus
    detail: str
    version: int


class AgendaWitness(Output):
    """A witness expected at the hearing. A survivor is named by pseudonym only."""

    witness_id: int
    kind: WitnessKind
    name: str
    agency: str
    #: In the Witness Protection Program: where they are is never shown.
    protected: bool
    survivor_id: int | None
    needs: list[AgendaNeed]


class AgendaHearing(Output):
    hearing_id: int
    case_id: int
    docket_number: str
    court_case_number: str | None
    caption: str
    sealed: bool
    court_id: int
    court_name: str
    court_address: str
    #: IANA zone the court sits in: show times in it.
    court_timezone: str
    room: str
    kind: HearingKind
    mode: HearingMode
    video_link: str
    status: HearingStatus
    starts_at: Instant
    ends_at: Instant
    sequence: int
    version: int
    #: Witnesses who may be called (every witness at a trial or bail hearing; at other
    #: hearings those with a measure listed), each with the measures listed for this hearing.
    witnesses: list[AgendaWitness]
    #: Measures still requested or ordered, not yet arranged: the work left before the day.
    to_prepare: int


class AgendaPage(Output):
    starts_from: Instant
    starts_before: Instant
    items: list[AgendaHearing]

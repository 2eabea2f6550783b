"""The stages of a criminal case and the moves between them, as data.

Each move names its source. A case goes forward through the main line (legal.md §3):
case build-up → inquest or preliminary investigation → resolution → information filed →
arraignment and pre-trial → trial (prosecution evidence → defence evidence → rebuttal) →
submitted for decision → decided → on appeal. Two side states are entered from the court stages
and left back to the stage the case was in: archived (accused at large) and provisionally
dismissed. Paraphrased from /work/shared/reference/legal.md; not legal advice.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from docket.cases.choices import CaseStage as S

__all__ = [
    "COURT_STAGES",
    "SIDE_STATES",
    "TRANSITIONS",
    "Transition",
    "next_stages",
    "source_of",
]


class Transition(msgspec.Struct, frozen=True, kw_only=True):
    """One allowed move, with where the law puts it."""

    from_stage: S
    to_stage: S
    source: str


def _move(from_stage: S, to_stage: S, source: str) -> Transition:
    return Transition(from_stage=from_stage, to_stage=to_stage, source=source)


#: The main line and its branches.
TRANSITIONS: tuple[Transition, ...] = (
    # Warrantless arrest → inquest; otherwise a complaint → preliminary investigation.
    _move(S.CASE_BUILD_UP, S.INQUEST, "RPC Art. 125; DOJ DC 015 (2024) s13"),
    _move(S.CASE_BUILD_UP, S.PRELIMINARY_INVESTIGATION, "DOJ DC 015 (2024) s10"),
    # The respondent may waive Art. 125 and ask for a preliminary investigation.
    _move(S.INQUEST, S.PRELIMINARY_INVESTIGATION, "DOJ DC 015 (2024) s13; R112 s6"),
    _move(S.INQUEST, S.RESOLUTION, "DOJ DC 015 (2024) s13 (resolved the same day)"),
    _move(S.PRELIMINARY_INVESTIGATION, S.RESOLUTION, "DOJ DC 015 (2024) s17"),
    # A resolution finding no probable cause ends the case at the prosecutor's office; a
    # reinvestigation (MR, petition for review) sends it back.
    _move(S.RESOLUTION, S.PRELIMINARY_INVESTIGATION, "DOJ DC 015 (2024) s18; DC 70 s3"),
    _move(S.RESOLUTION, S.INFORMATION_FILED, "Rules of Court R112 s5"),
    _move(S.INFORMATION_FILED, S.ARRAIGNMENT_AND_PRE_TRIAL, "A.M. 15-06-10-SC III.8"),
    _move(S.ARRAIGNMENT_AND_PRE_TRIAL, S.TRIAL_PROSECUTION_EVIDENCE, "Rules of Court R119 s1"),
    # A plea of guilty (also to a lesser offence): the court may receive evidence and decide.
    _move(S.ARRAIGNMENT_AND_PRE_TRIAL, S.SUBMITTED_FOR_DECISION, "Rules of Court R116 ss2-3"),
    _move(S.TRIAL_PROSECUTION_EVIDENCE, S.TRIAL_DEFENCE_EVIDENCE, "Rules of Court R119 s11"),
    # A demurrer to evidence granted is an acquittal (R119 s23).
    _move(S.TRIAL_PROSECUTION_EVIDENCE, S.DECIDED, "Rules of Court R119 s23"),
    # A demurrer filed without leave and denied: the accused has waived the right to present
    # evidence, and the case is submitted for judgment on the prosecution's evidence (R119 s23).
    _move(
        S.TRIAL_PROSECUTION_EVIDENCE,
        S.SUBMITTED_FOR_DECISION,
        "Rules of Court R119 s23 (demurrer without leave denied)",
    ),
    _move(S.TRIAL_DEFENCE_EVIDENCE, S.TRIAL_REBUTTAL, "Rules of Court R119 s11"),
    # No rebuttal offered: the case is submitted after the defence rests.
    _move(S.TRIAL_DEFENCE_EVIDENCE, S.SUBMITTED_FOR_DECISION, "Rules of Court R119 s11"),
    _move(S.TRIAL_REBUTTAL, S.SUBMITTED_FOR_DECISION, "Rules of Court R119 s11"),
    _move(S.SUBMITTED_FOR_DECISION, S.DECIDED, "A.M. 15-06-10-SC III.16"),
    _move(S.DECIDED, S.ON_APPEAL, "Rules of Court R122 s6"),
)

#: The court stages, from which a case may be archived or provisionally dismissed.
COURT_STAGES: tuple[S, ...] = (
    S.INFORMATION_FILED,
    S.ARRAIGNMENT_AND_PRE_TRIAL,
    S.TRIAL_PROSECUTION_EVIDENCE,
    S.TRIAL_DEFENCE_EVIDENCE,
    S.TRIAL_REBUTTAL,
)

#: Side states and their sources. Leaving one returns the case to the stage it left.
SIDE_STATES: dict[S, str] = {
    # Accused at large six months after the warrant reached the police.
    S.ARCHIVED: "A.M. 15-06-10-SC III.6",
    # With the accused's express consent; revived within 1 or 2 years (R117 s8).
    S.PROVISIONALLY_DISMISSED: "Rules of Court R117 s8",
}


def _check(transitions: Iterable[Transition]) -> None:
    seen: set[tuple[S, S]] = set()
    for t in transitions:
        if t.from_stage == t.to_stage or (t.from_stage, t.to_stage) in seen:
            raise ValueError(f"stage move {t.from_stage} → {t.to_stage} is listed wrongly")
        if t.from_stage in SIDE_STATES or t.to_stage in SIDE_STATES:
            raise ValueError("side states are ruled by SIDE_STATES, not TRANSITIONS")
        seen.add((t.from_stage, t.to_stage))


_check(TRANSITIONS)


def next_stages(current: S, *, entered_side_state_from: S | None = None) -> list[S]:
    """The stages a case in ``current`` may move to, in the order of the main line.

    For a side state, ``entered_side_state_from`` is the stage the case was in when it entered
    it (read from the stage history); the case can only go back there. A case that was created
    in a side state has no such history: it may return to any court stage.
    """
    if current in SIDE_STATES:
        if entered_side_state_from is not None:
            return [entered_side_state_from]
        return list(COURT_STAGES)
    found = [t.to_stage for t in TRANSITIONS if t.from_stage == current]
    if current in COURT_STAGES:
        found += list(SIDE_STATES)
    order = list(S)
    return sorted(found, key=order.index)


def source_of(from_stage: S, to_stage: S) -> str:
    """Where the law puts this move (for the history and the audit)."""
    if to_stage in SIDE_STATES:
        return SIDE_STATES[to_stage]
    if from_stage in SIDE_STATES:
        return SIDE_STATES[from_stage]
    return next(
        (t.source for t in TRANSITIONS if (t.from_stage, t.to_stage) == (from_stage, to_stage)),
        "",
    )

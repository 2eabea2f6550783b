"""A case's chronology: everything that happened in it, in date order, for a motion's annex.

Read from where the history is kept: the stage history, each hearing's history of changes
(every reset with its reason and who recorded it), custody changes, pleas and dispositions, the
dated facts the deadlines count from (motions, orders, filings), the deadlines met and missed,
and the team's notes. A fixed number of statements whatever the number of hearings
(tests/test_chronology.py counts them at two sizes).

Nothing that names a survivor is read: survivors appear by pseudonym only (on a note about
one), and the caption follows docket.cases.names (the docket number when it stays inside).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from docket.accounts.services import Actor
from docket.accounts.tables import User
from docket.cases.names import caption_outside
from docket.cases.progress import court_today
from docket.cases.services import require_case
from docket.cases.tables import Accused, CaseDates, CaseStageChange, CustodyEvent, Survivor
from docket.courts.tables import Court
from docket.courts.zones import zone_of
from docket.deadlines.engine import load_rules
from docket.deadlines.services import case_deadlines
from docket.hearings.tables import Hearing, HearingChange
from docket.notes.choices import NoteVisibility
from docket.notes.tables import CaseNote
from docket.web.words import COURT_ZONE, words

#: The dated facts of a case (docket.cases.tables.CaseDates) a chronology lists, in the words
#: of a motion, with what kind of event each is. Dates the deadlines only count from and that
#: say nothing of the case's course (the tapes' destruction) are listed too: they happened.
FACT_EVENTS: dict[str, tuple[str, str]] = {
    "report_received_on": ("filing", "Report received by the police"),
    "warrantless_arrest_on": ("custody", "Arrest without a warrant"),
    "inquest_referred_on": ("filing", "Referred for inquest"),
    "investigation_started_on": ("filing", "Police investigation started"),
    "complaint_filed_on": ("filing", "Complaint filed with the prosecutor"),
    "complaint_records_received_on": ("filing", "Complaint records received by the prosecutor"),
    "pi_assigned_on": ("order", "Preliminary investigation assigned"),
    "subpoena_issued_on": ("order", "Subpoena issued to the respondent"),
    "subpoena_received_on": ("order", "Subpoena received by the respondent"),
    "counter_affidavit_filed_on": ("motion", "Counter-affidavit filed"),
    "pi_hearing_held_on": ("hearing", "Clarificatory hearing held"),
    "waiver_pi_started_on": ("order", "Preliminary investigation after waiver started"),
    "inquest_information_known_on": ("order", "Accused learned of the information"),
    "pi_requested_on": ("motion", "Preliminary investigation requested"),
    "pi_resolved_on": ("order", "Preliminary investigation resolved"),
    "resolution_approved_on": ("order", "Resolution approved by the head of office"),
    "resolution_received_on": ("order", "Resolution received by the parties"),
    "resolution_mr_filed_on": ("motion", "Motion for reconsideration of the resolution filed"),
    "resolution_mr_denial_received_on": (
        "order",
        "Denial of the motion for reconsideration received",
    ),
    "petition_for_review_filed_on": ("motion", "Petition for review filed"),
    "review_resolved_on": ("order", "Petition for review resolved"),
    "information_filed_on": ("filing", "Information filed in court"),
    "court_received_on": ("filing", "Court received the case"),
    "information_evaluated_on": ("order", "Judge evaluated the information"),
    "warrant_delivered_on": ("order", "Warrant of arrest delivered to the police"),
    "accused_arrested_on": ("custody", "Accused arrested on the warrant"),
    "jurisdiction_acquired_on": ("order", "Court acquired jurisdiction over the accused"),
    "first_bail_hearing_on": ("motion", "First hearing of the petition for bail"),
    "bail_resolved_on": ("order", "Petition for bail resolved"),
    "pretrial_order_received_on": ("order", "Pre-trial order received"),
    "prosecution_rested_on": ("filing", "Prosecution rested its case"),
    "demurrer_leave_granted_on": ("order", "Leave to file a demurrer to evidence granted"),
    "demurrer_filed_on": ("motion", "Demurrer to evidence filed"),
    "demurrer_comment_on": ("motion", "Prosecution's comment on the demurrer"),
    "demurrer_resolved_on": ("order", "Demurrer to evidence resolved"),
    "trial_completed_on": ("filing", "Trial completed"),
    "decided_on": ("order", "Judgment rendered"),
    "promulgated_on": ("order", "Judgment promulgated"),
    "judgment_mr_filed_on": ("motion", "Motion for reconsideration of the judgment filed"),
    "judgment_mr_denial_received_on": (
        "order",
        "Denial of the motion for reconsideration of the judgment received",
    ),
    "notice_of_appeal_filed_on": ("motion", "Notice of appeal filed"),
    "judgment_entered_on": ("order", "Entry of judgment"),
    "released_on": ("custody", "Released"),
    "discovered_on": ("filing", "Offence discovered"),
    "tapes_destroyed_on": ("order", "Recorded testimony destroyed"),
}
_FACT_FIELDS = frozenset(c._meta.name for c in CaseDates._meta.columns)
assert set(FACT_EVENTS) <= _FACT_FIELDS, "a chronology fact that is not a CaseDates column"

#: Deadline kinds that are the speedy-trial limits the court is held to (rules.toml "target").
SPEEDY_TRIAL_KIND = "target"


class Entry(msgspec.Struct, frozen=True, kw_only=True):
    """One line of the chronology."""

    on: dt.date
    #: The time in the court's zone ("8:30 AM") when the event has one, for the order of a day.
    at: str = ""
    #: stage, hearing, reset, outcome, custody, plea, disposition, filing, motion, order,
    #: deadline met, deadline missed, note.
    kind: str
    what: str
    #: The same time as "08:30", for sorting.
    time_key: str = ""
    #: The reason, the outcome's note, the rule's source.
    detail: str = ""
    #: Who recorded it in Docket (the person, not who asked the court).
    by: str = ""
    #: The n-th reset of the case (resets only).
    reset_number: int | None = None


class Clock(msgspec.Struct, frozen=True, kw_only=True):
    """A speedy-trial limit and the days elapsed against it, with its source as data."""

    title: str
    limit: str
    counted_from: str
    counted_from_on: dt.date
    due_on: dt.date
    #: Days from the start to the closing fact, or to the day of the chronology while open.
    days_elapsed: int
    #: Whether the days ran to the closing fact (met) or to today (still running).
    closed_on: dt.date | None
    status: str
    source: str
    certainty: str
    accused_name: str | None = None


class Chronology(msgspec.Struct, frozen=True, kw_only=True):
    case_id: int
    docket_number: str
    court_case_number: str | None
    #: The caption as it may leave Docket (docket.cases.names.caption_outside).
    caption: str
    court: str
    court_address: str
    stage: str
    prepared_by: str
    prepared_on: dt.date
    entries: list[Entry]
    reset_count: int
    clocks: list[Clock]
    #: Dated facts that could not be placed (a date no court could mean), said plainly.
    needs_attention: list[str] = []


def _local(moment: dt.datetime, zone: str) -> dt.datetime:
    try:
        return moment.astimezone(zone_of(zone))
    except OverflowError:  # a stored 9999-12-31: shown in UTC rather than taking the page down
        return moment


def _clock(moment: dt.datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def _day_words(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"


def _when_words(moment: dt.datetime, zone: str) -> str:
    local = _local(moment, zone)
    return f"{_day_words(local.date())}, {_clock(local)}"


_ORDER = {
    "stage": 0,
    "filing": 1,
    "motion": 2,
    "order": 3,
    "custody": 4,
    "hearing": 5,
    "reset": 6,
    "outcome": 7,
    "plea": 8,
    "disposition": 9,
    "deadline met": 10,
    "deadline missed": 11,
    "note": 12,
}


def _hearing_entries(
    hearings: list[dict[str, Any]],
    changes: list[dict[str, Any]],
    names: dict[int, str],
    zone: str,
) -> list[Entry]:
    """Each hearing's settings, resets (the old and new date, the reason, who recorded it),
    and outcome, from the hearing's own history table."""
    by_hearing: dict[int, list[dict[str, Any]]] = {}
    for change in changes:
        by_hearing.setdefault(change["hearing"], []).append(change)
    found: list[Entry] = []
    for hearing in hearings:
        kind = words(hearing["kind"])
        history = by_hearing.get(hearing["id"], [])
        for index, change in enumerate(history):
            who = names.get(change["by"], "") if change["by"] else ""
            # Where the hearing stood after this change: the next change's "before", or now.
            later = next(
                (c["previous_starts_at"] for c in history[index + 1 :] if c["previous_starts_at"]),
                hearing["starts_at"],
            )
            before = change["previous_starts_at"]
            kind_of_change = change["change"]
            if kind_of_change == "scheduled":
                recorded = _local(change["at"], zone)
                found.append(
                    Entry(
                        on=recorded.date(),
                        kind="hearing",
                        what=(
                            f"{kind} hearing set for {_when_words(later, zone)} "
                            "(recorded in Docket)"
                        ),
                        by=who,
                    )
                )
            elif kind_of_change == "reset" and before is not None:
                # Reset in court on the day of the setting, or ahead of it on the day the
                # order was recorded: whichever came first.
                local = _local(before, zone)
                recorded = _local(change["at"], zone)
                on = min(local.date(), recorded.date())
                found.append(
                    Entry(
                        on=on,
                        at=_clock(local) if on == local.date() else "",
                        time_key=f"{local:%H:%M}" if on == local.date() else "",
                        kind="reset",
                        what=(
                            f"{kind} hearing of {_when_words(before, zone)} reset to "
                            f"{_when_words(later, zone)}"
                        ),
                        detail=change["reason"],
                        by=who,
                    )
                )
            elif kind_of_change in ("held", "cancelled") and before is not None:
                local = _local(before, zone)
                found.append(
                    Entry(
                        on=local.date(),
                        at=_clock(local),
                        time_key=f"{local:%H:%M}",
                        kind="outcome",
                        what=f"{kind} hearing {kind_of_change}",
                        detail=change["reason"],
                        by=who,
                    )
                )
            elif kind_of_change == "corrected" and before is not None:
                recorded = _local(change["at"], zone)
                found.append(
                    Entry(
                        on=recorded.date(),
                        kind="hearing",
                        what=(
                            f"{kind} hearing's date corrected from {_when_words(before, zone)} "
                            f"to {_when_words(later, zone)}"
                        ),
                        detail=change["reason"],
                        by=who,
                    )
                )
            elif kind_of_change == "struck":
                recorded = _local(change["at"], zone)
                found.append(
                    Entry(
                        on=recorded.date(),
                        kind="hearing",
                        what=f"{kind} hearing struck (entered by mistake)",
                        detail=change["reason"],
                        by=who,
                    )
                )
        if hearing["status"] in ("scheduled", "reset"):
            local = _local(hearing["starts_at"], zone)
            found.append(
                Entry(
                    on=local.date(),
                    at=_clock(local),
                    time_key=f"{local:%H:%M}",
                    kind="hearing",
                    what=f"{kind} hearing (pending)",
                    detail=words(hearing["mode"]),
                )
            )
    return found


def _number_resets(entries: list[Entry]) -> list[Entry]:
    numbered: list[Entry] = []
    count = 0
    for entry in entries:
        if entry.kind == "reset":
            count += 1
            entry = msgspec.structs.replace(entry, reset_number=count)
        numbered.append(entry)
    return numbered


async def case_chronology(actor: Actor, case_id: int) -> Chronology:
    """The chronology of one case, as the person asking may see it (404 outside the team)."""
    case = await require_case(actor, case_id)
    today = court_today()
    court = (
        await Court.select(Court.name, Court.address, Court.timezone)
        .where(Court.id == case["court"])
        .first()
        if case["court"]
        else None
    )
    zone = court["timezone"] if court else COURT_ZONE
    names = {u["id"]: u["name"] for u in await User.select(User.id, User.name)}
    entries: list[Entry] = []
    needs_attention: list[str] = []

    for row in (
        await CaseStageChange.select()
        .where(CaseStageChange.case == case_id)
        .order_by(CaseStageChange.id)
    ):
        entries.append(
            Entry(
                on=row["effective_on"],
                kind="stage",
                what=f"Stage: {words(row['from_stage'])} to {words(row['to_stage'])}",
                detail=row["reason"],
                by=names.get(row["by"], "") if row["by"] else "",
            )
        )

    hearings = list(
        await Hearing.select(
            Hearing.id, Hearing.kind, Hearing.starts_at, Hearing.status, Hearing.mode
        )
        .where(Hearing.case == case_id)
        .order_by(Hearing.starts_at)
        .order_by(Hearing.id)
    )
    changes = list(
        await HearingChange.select()
        .where(HearingChange.hearing.case == case_id)
        .order_by(HearingChange.at)
        .order_by(HearingChange.id)
    )
    entries.extend(_hearing_entries(hearings, changes, names, zone))

    accused = {
        a["id"]: a
        for a in await Accused.select(
            Accused.id,
            Accused.name,
            Accused.plea,
            Accused.pleaded_on,
            Accused.disposition,
            Accused.disposition_on,
        ).where(Accused.case == case_id)
    }
    for event in (
        await CustodyEvent.select()
        .where(CustodyEvent.case == case_id)
        .order_by(CustodyEvent.happened_on)
        .order_by(CustodyEvent.id)
    ):
        name = accused.get(event["accused"], {}).get("name", "An accused")
        entries.append(
            Entry(on=event["happened_on"], kind="custody", what=f"{name}: {words(event['kind'])}")
        )
    for one in accused.values():
        if one["plea"] and one["pleaded_on"]:
            entries.append(
                Entry(
                    on=one["pleaded_on"],
                    kind="plea",
                    what=f"{one['name']} arraigned: pleaded {words(one['plea']).lower()}",
                )
            )
        if one["disposition"] != "pending" and one["disposition_on"]:
            entries.append(
                Entry(
                    on=one["disposition_on"],
                    kind="disposition",
                    what=f"{one['name']}: {words(one['disposition']).lower()}",
                )
            )

    dates = await CaseDates.select().where(CaseDates.case == case_id).first()
    for field, (kind, what) in FACT_EVENTS.items():
        if dates and dates[field] is not None:
            entries.append(Entry(on=dates[field], kind=kind, what=what))

    found = await case_deadlines(actor, case_id, today=today)
    needs_attention.extend(found.needs_attention)
    rules = {rule.code: rule for rule in load_rules()}
    clocks: list[Clock] = []
    for deadline in found.deadlines:
        whose = f" ({deadline.accused_name})" if deadline.accused_name else ""
        if deadline.met_on is not None:
            entries.append(
                Entry(
                    on=deadline.met_on,
                    kind="deadline met",
                    what=(
                        f"{deadline.title}{whose}: "
                        + (
                            f"met late (due {_day_words(deadline.due_on)})"
                            if deadline.late
                            else f"met (due {_day_words(deadline.due_on)})"
                        )
                    ),
                    detail=deadline.source,
                )
            )
        elif deadline.status in ("overdue", "missed") and deadline.kind in ("deadline", "target"):
            entries.append(
                Entry(
                    on=deadline.due_on,
                    kind="deadline missed",
                    what=f"{deadline.title}{whose}: due this day, not met",
                    detail=deadline.source,
                )
            )
        rule = rules.get(deadline.rule)
        if deadline.kind == SPEEDY_TRIAL_KIND and rule is not None and rule.amount:
            until = deadline.met_on or today
            clocks.append(
                Clock(
                    title=deadline.title,
                    limit=f"{rule.amount} {rule.unit}",
                    counted_from=deadline.counted_from,
                    counted_from_on=deadline.counted_from_on,
                    due_on=deadline.due_on,
                    days_elapsed=max(0, (until - deadline.counted_from_on).days),
                    closed_on=deadline.met_on,
                    status=deadline.status,
                    source=deadline.source,
                    certainty=deadline.certainty,
                    accused_name=deadline.accused_name,
                )
            )

    # Team notes only: a restricted note never reaches a document that leaves the two who
    # may read it. A note on a survivor shows the pseudonym.
    pseudonyms = {
        s["id"]: s["pseudonym"]
        for s in await Survivor.select(Survivor.id, Survivor.pseudonym).where(
            Survivor.case == case_id
        )
    }
    for note in (
        await CaseNote.select(CaseNote.noted_on, CaseNote.text, CaseNote.survivor, CaseNote.author)
        .where(
            (CaseNote.case == case_id)
            & (CaseNote.visibility == NoteVisibility.TEAM)
            & CaseNote.struck_at.is_null()
        )
        .order_by(CaseNote.noted_on)
        .order_by(CaseNote.id)
    ):
        about = f" (on {pseudonyms[note['survivor']]})" if note["survivor"] in pseudonyms else ""
        entries.append(
            Entry(
                on=note["noted_on"],
                kind="note",
                what=f"Note{about}",
                detail=note["text"],
                by=names.get(note["author"], "") if note["author"] else "",
            )
        )

    entries.sort(key=lambda e: (e.on, e.time_key, _ORDER.get(e.kind, 99)))
    entries = _number_resets(entries)
    return Chronology(
        case_id=case_id,
        docket_number=case["docket_number"],
        court_case_number=case["court_case_number"],
        caption=caption_outside(case),
        court=court["name"] if court else "",
        court_address=court["address"] if court else "",
        stage=words(case["stage"]),
        prepared_by=actor.name,
        prepared_on=today,
        entries=entries,
        reset_count=sum(1 for c in changes if c["change"] == "reset"),
        clocks=clocks,
        needs_attention=needs_attention,
    )

"""Notices from the database: who needs one soon, printing one, and the record of prints.

Renderers read and never write; printing is the exception the issue asks for: every print is
recorded (who, when, which hearing and survivor, variant, language, paper, and the hearing's
sequence), so that a print made before a reset or cancellation shows as out of date.

Who may print: only the survivor's advocate and the case's lead prosecutor (the two who may
know who the survivor is, docket.cases.identity), logged in with a second factor. A survivor's
notice carries the first name the survivor chose, which lives in the restricted identity
table, and where and when the survivor is met; the advocate's checklist names the survivor by
pseudonym only but prints the whole trip plan (meeting place, support persons, route, return
plan, safety notes), which is restricted like the identity (docket.notices.preparation). The
command line acts for the office and may print anything (DESIGN.md: the CLI acts for the
system), recorded with no person and an audit row.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.to_thread
from litestar.exceptions import PermissionDeniedException
from piccolo.columns import Column

from docket.accounts.choices import Role
from docket.accounts.services import SYSTEM, Actor
from docket.accounts.tables import User
from docket.audit.services import record
from docket.cases.access import check_case_visible, visible_cases_query
from docket.cases.choices import AgeBand, Language
from docket.cases.identity import identities_of
from docket.cases.tables import Case, CaseMember, Survivor, Witness
from docket.courts.tables import Court
from docket.courts.zones import zone_of
from docket.db import utc_now, write_tx
from docket.editing import fetch_one
from docket.errors import Conflict, InvalidInput, NotFound
from docket.hearings.agenda import TESTIMONY_KINDS
from docket.hearings.choices import PENDING, HearingKind, HearingMode, HearingStatus
from docket.hearings.tables import Hearing
from docket.notices.api_schemas import (
    LastPrint,
    NoticeDue,
    NoticePrintRead,
    NoticeRequest,
    NoticesDue,
    SurvivorToldRead,
)
from docket.notices.choices import SURVIVOR_VARIANTS, NoticeVariant, Paper, suggested_variant
from docket.notices.meeting_places import meeting_place_name
from docket.notices.preparation import (
    NOT_THE_TWO,
    hearing_and_survivor,
    is_complete,
    last_plan_changes,
    stale_plan,
    stale_plan_advice,
    trip_plan,
    trip_plan_refusal,
)
from docket.notices.render import render_notice_html, render_notice_pdf, render_notice_text
from docket.notices.schemas import (
    Accommodation,
    ChecklistData,
    NoticeData,
    PrintOccasion,
    PrintOptions,
)
from docket.notices.tables import NoticePreparation, NoticePrint, SurvivorTold
from docket.protection.choices import Measure, MeasureStatus
from docket.protection.tables import ProtectionNeed
from docket.workers import LoopLimiter

#: PDFs rendered at once per process: WeasyPrint holds a worker thread for a fraction of a
#: second per page, and the server's other requests share the same thread pool.
RENDER_SLOTS = 2
#: Measures a survivor's notice may promise: the court ordered them, or they are arranged.
SETTLED = (MeasureStatus.ORDERED, MeasureStatus.ARRANGED)
#: Short names for file names and the command line.
VARIANT_SLUGS = {
    NoticeVariant.YOUNG_CHILD: "young-child",
    NoticeVariant.CHILD: "child",
    NoticeVariant.ADULT: "adult",
    NoticeVariant.ADVOCATE_CHECKLIST: "checklist",
    NoticeVariant.CANCELLED_NOTE: "court-not-on",
}

_render_limiter = LoopLimiter(RENDER_SLOTS)


_MEDIA_TYPES = {"pdf": "application/pdf", "html": "text/html", "txt": "text/plain"}


@dataclass(frozen=True)
class PrintedNotice:
    content: bytes
    media_type: str
    #: Carries ids, the variant and the language, never a name.
    filename: str
    print_id: int


def _local_at(day_of: dt.datetime, clock: dt.time, timezone: str) -> dt.datetime:
    zone = zone_of(timezone)
    return dt.datetime.combine(day_of.astimezone(zone).date(), clock, zone)


async def _facts(
    hearing: dict[str, Any],
    survivor: dict[str, Any],
    first_name: str,
    variant: NoticeVariant,
    language: Language,
) -> ChecklistData:
    """Everything the notice and the checklist may show, read from the database. For a
    survivor's notice, a trip plan that no longer fits the hearing (docket.notices.preparation
    stale_plan) is refused with 409: the notice would carry wrong times. The checklist still
    prints: it is the advocate's sheet to put the plan right."""
    plan = await trip_plan(hearing["id"], survivor["id"])
    if plan is None or not is_complete(plan.row):
        raise Conflict(
            "Record where and when the survivor meets you and when you leave for court "
            "(PUT .../preparation) before printing a notice",
            allowed=["preparation"],
        )
    preparation, words = plan.row, plan.words
    court = await Court.select().where(Court.id == hearing["court"]).first()
    assert court is not None
    if variant in SURVIVOR_VARIANTS:
        # Only a plan saved before Docket remembered its start needs the hearing's history.
        legacy = preparation["planned_starts_at"] is None
        changed = await last_plan_changes([hearing["id"]]) if legacy else {}
        problem = stale_plan(preparation, hearing, court["timezone"], changed.get(hearing["id"]))
        if problem:
            raise Conflict(
                stale_plan_advice(problem, hearing["id"], survivor["id"]), allowed=["preparation"]
            )
    if survivor["advocate"] is None:
        raise Conflict("Assign the survivor an advocate before printing a notice")
    advocate = await User.select(User.name, User.phone).where(User.id == survivor["advocate"])
    case = await Case.select().where(Case.id == hearing["case"]).first()
    assert case is not None
    lead = (
        await CaseMember.select(CaseMember.user.name, CaseMember.user.phone)
        .where((CaseMember.case == hearing["case"]) & (CaseMember.lead == True))  # noqa: E712
        .first()
    )
    witness_ids = [
        w["id"] for w in await Witness.select(Witness.id).where(Witness.survivor == survivor["id"])
    ]
    needs = (
        await ProtectionNeed.select(
            ProtectionNeed.measure, ProtectionNeed.status, ProtectionNeed.detail
        )
        .where(
            (ProtectionNeed.hearing == hearing["id"]) & ProtectionNeed.witness.is_in(witness_ids)
        )
        .order_by(ProtectionNeed.id)
        if witness_ids
        else []
    )
    settled = list(dict.fromkeys(Measure(n["measure"]) for n in needs if n["status"] in SETTLED))
    timezone = court["timezone"]
    notice = NoticeData(
        first_name=first_name,
        age_band=AgeBand(survivor["age_band"]),
        language=Language(survivor["preferred_language"]),
        starts_at=hearing["starts_at"],
        court_timezone=timezone,
        hearing_kind=HearingKind(hearing["kind"]),
        court_name=court["name"] + (f", {court['address']}" if court["address"] else ""),
        expected_to_testify=bool(witness_ids) and hearing["kind"] in TESTIMONY_KINDS,
        mode=HearingMode(hearing["mode"]),
        accommodations=settled,
        # A place from the office's list in the language printed; a typed one as typed.
        meeting_place=await meeting_place_name(words.meeting_place_id, language)
        if words.meeting_place_id is not None
        else words.meeting_place,
        meeting_at=_local_at(hearing["starts_at"], preparation["meeting_time"], timezone),
        leave_at=_local_at(hearing["starts_at"], preparation["leave_time"], timezone),
        support_person_first_names=words.support_persons,
        advocate_name=advocate[0]["name"],
        advocate_phone=advocate[0]["phone"],
    )
    numbers = [case["docket_number"], case["court_case_number"] or ""]
    return ChecklistData(
        notice=notice,
        pseudonym=survivor["pseudonym"],
        docket_number=" / ".join(n for n in numbers if n),
        courtroom=hearing["room"],
        prosecutor_name=lead["user.name"] if lead else "",
        prosecutor_phone=lead["user.phone"] if lead else "",
        role_note=words.role_note,
        accommodations=[
            Accommodation(Measure(n["measure"]), MeasureStatus(n["status"]), n["detail"])
            for n in needs
        ],
        # The survivor's sheet never shows it: read only for the checklist.
        notice_languages=[
            Language(r["language"])
            for r in await NoticePrint.select(NoticePrint.language)
            .where(
                (NoticePrint.hearing == hearing["id"])
                & (NoticePrint.survivor == survivor["id"])
                & NoticePrint.variant.is_in(list(SURVIVOR_VARIANTS))
            )
            .order_by(NoticePrint.language)
            .distinct()
        ]
        if variant is NoticeVariant.ADVOCATE_CHECKLIST
        else [],
        vehicle_and_escort=words.vehicle_and_escort,
        route_and_entrance=words.route_and_entrance,
        return_plan=words.return_plan,
        safety_notes=words.safety_notes,
        after_notes=words.after_notes,
    )


async def _refuse(actor: Actor, survivor: dict[str, Any], hearing_id: int, why: str) -> None:
    async with write_tx():
        # Refusals are on record, as for every identity read (docket.cases.identity).
        await record(
            actor.audit_id,
            "notice.print",
            entity="survivor",
            entity_id=survivor["id"],
            case_id=survivor["case"],
            after={"hearing_id": hearing_id, "refused": why},
            outcome="denied",
        )


def _print_options(
    request: NoticeRequest, variant: NoticeVariant, language: Language
) -> PrintOptions:
    """The pack, large print and bilingual print, refused (400, naming the field) where they
    mean nothing: on the advocate's checklist and the cancelled-hearing note, or English beside
    English."""
    if variant not in SURVIVOR_VARIANTS:
        for field, wanted in (
            ("pack", request.pack),
            ("large_print", request.large_print),
            ("bilingual", request.bilingual),
        ):
            if wanted:
                raise InvalidInput.field(
                    field, f"only a survivor's notice has this option, not the {variant.value}"
                )
    if request.bilingual and language is Language.ENGLISH:
        raise InvalidInput.field(
            "bilingual", "the notice is in English already: choose the survivor's language"
        )
    return PrintOptions(
        pack=request.pack, large_print=request.large_print, bilingual=request.bilingual
    )


async def print_notice(
    actor: Actor, hearing_id: int, survivor_id: int, request: NoticeRequest
) -> PrintedNotice:
    """Render one notice (PDF or printable HTML) and record the print."""
    hearing, survivor = await hearing_and_survivor(actor, hearing_id, survivor_id)
    variant = request.variant or suggested_variant(AgeBand(survivor["age_band"]))
    language = request.lang or Language(survivor["preferred_language"])
    for_survivor = variant is not NoticeVariant.ADVOCATE_CHECKLIST
    problem = await trip_plan_refusal(actor, survivor)
    if actor is not None and problem == NOT_THE_TWO:
        await _refuse(actor, survivor, hearing_id, "not the advocate or lead prosecutor")
        raise PermissionDeniedException(
            "Only the survivor's advocate and the case's lead prosecutor may print the "
            "survivor's notices"
        )
    if actor is not None and problem:
        await _refuse(actor, survivor, hearing_id, problem)
        raise PermissionDeniedException(
            "A survivor's notice carries the name they chose and where they are met, and the "
            "advocate's checklist the whole trip plan, so printing either needs two-step "
            "login: set it up, then log in again with the code from your app"
        )
    options = _print_options(request, variant, language)
    note = variant is NoticeVariant.CANCELLED_NOTE
    if note and hearing["status"] != HearingStatus.CANCELLED:
        raise Conflict(
            "The note that court is not on the hearing's day is for a cancelled hearing; "
            f"this one is {hearing['status']}",
            allowed=[],
        )
    if not note and hearing["status"] not in PENDING:
        raise Conflict(
            f"This hearing is {hearing['status']}: there is nothing to prepare for",
            allowed=["cancelled_note"] if hearing["status"] == HearingStatus.CANCELLED else [],
        )
    first_name = survivor["pseudonym"]  # the checklist names the survivor by pseudonym only
    if for_survivor:
        identity = (await identities_of([survivor_id])).get(survivor_id)
        first_name = identity.notice_name.strip() if identity else ""
        if not first_name:
            raise Conflict(
                "Record the first or chosen name the survivor wants on their notice "
                "(the survivor's identity: notice_name) before printing it",
                allowed=["identity"],
            )
    checklist = await _facts(hearing, survivor, first_name, variant, language)
    data: NoticeData | ChecklistData = checklist if not for_survivor else checklist.notice
    now = utc_now()
    occasion = PrintOccasion(
        printed_at=now,
        # A hearing never moved (sequence 0) has no earlier day to compare.
        earlier_starts_at=await _last_shown_start(hearing, survivor_id)
        if variant in SURVIVOR_VARIANTS and hearing["sequence"] > 0
        else None,
    )
    if request.format == "pdf":
        # WeasyPrint blocks for a fraction of a second per page: off the event loop.
        content = await anyio.to_thread.run_sync(
            functools.partial(
                render_notice_pdf, data, variant, language, request.paper, occasion, options
            ),
            limiter=_render_limiter(),
        )
    elif request.format == "txt":
        # The same words for a braille embosser or a screen reader; a print like any other.
        content = render_notice_text(data, variant, language, occasion, options).encode()
    else:
        content = render_notice_html(
            data, variant, language, request.paper, occasion, options
        ).encode()
    async with write_tx():
        printed = await NoticePrint.insert(
            NoticePrint(
                hearing=hearing_id,
                survivor=survivor_id,
                variant=variant,
                language=language,
                paper=request.paper,
                file_format=request.format,
                hearing_sequence=hearing["sequence"],
                hearing_starts_at=hearing["starts_at"],
                printed_by=actor.audit_id,
                printed_at=now,
            )
        ).returning(NoticePrint.id)
        # What was printed, never the name on it.
        await record(
            actor.audit_id,
            "notice.print",
            entity="notice_print",
            entity_id=printed[0]["id"],
            case_id=hearing["case"],
            after={
                "hearing_id": hearing_id,
                "survivor_id": survivor_id,
                "variant": variant.value,
                "language": language.value,
                "paper": request.paper.value,
                "format": request.format,
                "hearing_sequence": hearing["sequence"],
                "pack": options.pack,
                "large_print": options.large_print,
                "bilingual": options.bilingual,
            },
        )
    slug = VARIANT_SLUGS[variant] + "".join(
        f"-{word}"
        for word, wanted in (
            ("pack", options.pack),
            ("large", options.large_print),
            ("en", options.bilingual),
        )
        if wanted
    )
    return PrintedNotice(
        content=content,
        # Litestar adds "; charset=utf-8" to text types itself; naming it here doubled it.
        media_type=_MEDIA_TYPES[request.format],
        filename=f"notice-h{hearing_id}-s{survivor_id}-{slug}-{language.value}.{request.format}",
        print_id=printed[0]["id"],
    )


async def _last_shown_start(hearing: dict[str, Any], survivor_id: int) -> dt.datetime | None:
    """The start the survivor's last notice showed, if the hearing has moved since (its
    sequence has grown): the reprint says so at the top."""
    earlier = (
        await NoticePrint.select(NoticePrint.hearing_starts_at)
        .where(
            (NoticePrint.hearing == hearing["id"])
            & (NoticePrint.survivor == survivor_id)
            & NoticePrint.variant.is_in(list(SURVIVOR_VARIANTS))
            & (NoticePrint.hearing_sequence < hearing["sequence"])
        )
        .order_by(NoticePrint.id, ascending=False)
        .first()
    )
    if earlier is None or earlier["hearing_starts_at"] == hearing["starts_at"]:
        return None
    shown: dt.datetime = earlier["hearing_starts_at"]
    return shown


def my_survivors(actor: Actor, advocate_id: int | None = None) -> Any:
    """The survivors whose notices this person prints, as a subquery of survivor ids: an
    advocate's own survivors; a prosecutor's, of the cases they lead; every survivor for the
    system (or one advocate's, with ``advocate_id``). A person's survivors are only
    those of cases they may see: an advocate still named on a case that left her teams
    answers 404 for the case, so its hearings must not show in her lists either."""
    query = Survivor.select(Survivor.id)
    if actor.via == SYSTEM:
        return query.where(Survivor.advocate == advocate_id) if advocate_id else query
    query = query.where(Survivor.case.is_in(visible_cases_query(actor)))
    if actor.role == Role.ADVOCATE:
        return query.where(Survivor.advocate == actor.id)
    if actor.role == Role.PROSECUTOR:
        led = CaseMember.select(CaseMember.case).where(
            (CaseMember.user == actor.id) & (CaseMember.lead == True)  # noqa: E712
        )
        return query.where(Survivor.case.is_in(led))
    return query.where(Survivor.id == -1)


def _out_of_date(print_sequence: int, hearing_sequence: int) -> bool:
    return print_sequence < hearing_sequence


async def notices_due(
    actor: Actor,
    *,
    days: int,
    advocate_id: int | None = None,
    now: dt.datetime | None = None,
) -> NoticesDue:
    """The coming hearing and survivor pairs to prepare, soonest first; and, in the same
    window, hearings reset or cancelled after a notice was printed for them."""
    now = now or utc_now()
    until = now + dt.timedelta(days=days)
    survivors = await Survivor.select(
        Survivor.id,
        Survivor.case,
        Survivor.pseudonym,
        Survivor.age_band,
        Survivor.preferred_language,
    ).where(Survivor.id.is_in(my_survivors(actor, advocate_id)))
    if not survivors:
        return NoticesDue(starts_from=now, starts_before=until, items=[])
    survivor_ids = [s["id"] for s in survivors]
    case_ids = sorted({s["case"] for s in survivors})
    hearing_columns = (
        Hearing.id,
        Hearing.case,
        Hearing.kind,
        Hearing.status,
        Hearing.starts_at,
        Hearing.sequence,
        Hearing.mode,
        Hearing.court.name.as_alias("court_name"),
        Hearing.court.timezone.as_alias("court_timezone"),
    )
    coming = await Hearing.select(*hearing_columns).where(
        Hearing.case.is_in(case_ids)
        & Hearing.status.is_in(list(PENDING))
        & (Hearing.starts_at >= now)
        & (Hearing.starts_at < until)
    )
    # A print whose hearing moved or was called off, while the day it shows is still ahead.
    prints = await NoticePrint.select(
        NoticePrint.hearing,
        NoticePrint.survivor,
        NoticePrint.variant,
        NoticePrint.language,
        NoticePrint.printed_at,
        NoticePrint.hearing_sequence,
        NoticePrint.hearing_starts_at,
        NoticePrint.hearing.sequence.as_alias("current_sequence"),
    ).where(
        NoticePrint.survivor.is_in(survivor_ids)
        & ((NoticePrint.hearing_starts_at >= now) | (NoticePrint.hearing.starts_at >= now))
    )
    known = {h["id"] for h in coming}
    stale = {
        p["hearing"]
        for p in prints
        if _out_of_date(p["hearing_sequence"], p["current_sequence"])
        and p["hearing_starts_at"] < until
        and p["hearing"] not in known
    }
    if stale:
        coming += await Hearing.select(*hearing_columns).where(
            Hearing.id.is_in(sorted(stale)) & (Hearing.status != HearingStatus.HELD)
        )
    if not coming:
        return NoticesDue(starts_from=now, starts_before=until, items=[])
    hearing_ids = [h["id"] for h in coming]
    prepared = {
        (r["hearing"], r["survivor"]): r
        for r in await NoticePreparation.select(
            NoticePreparation.hearing,
            NoticePreparation.survivor,
            NoticePreparation.complete,
            NoticePreparation.leave_time,
            NoticePreparation.updated_at,
            NoticePreparation.planned_starts_at,
            NoticePreparation.planned_mode,
        ).where(
            NoticePreparation.hearing.is_in(hearing_ids)
            & NoticePreparation.survivor.is_in(survivor_ids)
        )
    }
    witnesses = {
        w["survivor"]
        for w in await Witness.select(Witness.survivor).where(Witness.survivor.is_in(survivor_ids))
    }
    changed_at = await last_plan_changes(hearing_ids)
    told = {
        (r["hearing"], r["survivor"]): r["hearing_sequence"]
        for r in await SurvivorTold.select(
            SurvivorTold.hearing, SurvivorTold.survivor, SurvivorTold.hearing_sequence
        ).where(SurvivorTold.hearing.is_in(hearing_ids) & SurvivorTold.survivor.is_in(survivor_ids))
    }
    last: dict[tuple[int, int], dict[str, Any]] = {}
    # Each document the survivor or the advocate holds, tracked on its own: a reprint of the
    # checklist leaves the survivor's notice with the old day (and the other way round).
    documents: dict[tuple[int, int], dict[tuple[str, str], dict[str, Any]]] = {}
    for p in sorted(prints, key=lambda p: p["printed_at"]):
        pair = (p["hearing"], p["survivor"])
        last[pair] = p
        if p["variant"] == NoticeVariant.CANCELLED_NOTE:
            continue  # the note is the answer to a cancellation, not a notice to renew
        held = documents.setdefault(pair, {})
        document = (p["variant"], p["language"])
        if document not in held or p["hearing_sequence"] >= held[document]["hearing_sequence"]:
            held[document] = p
    by_case: dict[int, list[dict[str, Any]]] = {}
    for s in sorted(survivors, key=lambda s: (s["pseudonym"], s["id"])):
        by_case.setdefault(s["case"], []).append(s)
    items = []
    for h in sorted(coming, key=lambda h: (h["starts_at"], h["id"])):
        for s in by_case.get(h["case"], []):
            pair = (h["id"], s["id"])
            printed = last.get(pair)
            if h["status"] == HearingStatus.CANCELLED and printed is None:
                continue  # nothing was printed, so there is nothing to take back
            if h["status"] == HearingStatus.CANCELLED and told.get(pair, -1) >= h["sequence"]:
                continue  # the survivor was told it will not take place
            to_reprint = [
                LastPrint(
                    printed_at=d["printed_at"],
                    variant=NoticeVariant(d["variant"]),
                    language=Language(d["language"]),
                )
                for d in sorted(
                    documents.get(pair, {}).values(), key=lambda d: (d["variant"], d["language"])
                )
                if _out_of_date(d["hearing_sequence"], h["sequence"])
            ]
            plan = prepared.get(pair)
            items.append(
                NoticeDue(
                    hearing_id=h["id"],
                    survivor_id=s["id"],
                    case_id=h["case"],
                    pseudonym=s["pseudonym"],
                    hearing_kind=HearingKind(h["kind"]),
                    hearing_status=HearingStatus(h["status"]),
                    starts_at=h["starts_at"],
                    court_name=h["court_name"],
                    court_timezone=h["court_timezone"],
                    suggested_variant=suggested_variant(AgeBand(s["age_band"])),
                    language=Language(s["preferred_language"]),
                    expected_to_testify=s["id"] in witnesses and h["kind"] in TESTIMONY_KINDS,
                    preparation_complete=is_complete(prepared.get(pair)),
                    last_print=LastPrint(
                        printed_at=printed["printed_at"],
                        variant=NoticeVariant(printed["variant"]),
                        language=Language(printed["language"]),
                    )
                    if printed
                    else None,
                    reprint_needed=bool(to_reprint)
                    or (h["status"] == HearingStatus.CANCELLED and printed is not None),
                    to_reprint=to_reprint,
                    preparation_stale=is_complete(plan)
                    and h["status"] in PENDING
                    and bool(
                        plan and stale_plan(plan, h, h["court_timezone"], changed_at.get(h["id"]))
                    ),
                )
            )
    return NoticesDue(starts_from=now, starts_before=until, items=items)


async def list_prints(
    actor: Actor,
    *,
    hearing_id: int | None,
    survivor_id: int | None,
    limit: int,
    offset: int,
) -> tuple[list[NoticePrintRead], int]:
    """Prints of this person's survivors, newest first (404 for a hearing or survivor they may
    not see)."""
    clauses = [NoticePrint.survivor.is_in(my_survivors(actor))]
    if hearing_id is not None:
        await fetch_one(actor, Hearing, hearing_id, "hearing")
        clauses.append(NoticePrint.hearing == hearing_id)
    if survivor_id is not None:
        survivor = await Survivor.select(Survivor.case).where(Survivor.id == survivor_id).first()
        if survivor is None:
            raise NotFound("survivor")
        await check_case_visible(actor, survivor["case"], "survivor")
        clauses.append(NoticePrint.survivor == survivor_id)
    query = NoticePrint.select(
        *NoticePrint.all_columns(),
        NoticePrint.survivor.pseudonym.as_alias("pseudonym"),
        NoticePrint.hearing.sequence.as_alias("current_sequence"),
    ).order_by(NoticePrint.id, ascending=False)
    count = NoticePrint.count()
    for clause in clauses:
        query = query.where(clause)
        count = count.where(clause)
    rows = await query.limit(limit).offset(offset)
    return [
        NoticePrintRead(
            id=r["id"],
            hearing_id=r["hearing"],
            survivor_id=r["survivor"],
            pseudonym=r["pseudonym"],
            variant=NoticeVariant(r["variant"]),
            language=Language(r["language"]),
            paper=Paper(r["paper"]),
            format=r["file_format"],
            printed_by_id=r["printed_by"],
            printed_at=r["printed_at"],
            hearing_starts_at=r["hearing_starts_at"],
            hearing_sequence=r["hearing_sequence"],
            out_of_date=_out_of_date(r["hearing_sequence"], r["current_sequence"]),
        )
        for r in rows
    ], await count


async def record_survivor_told(actor: Actor, hearing_id: int, survivor_id: int) -> SurvivorToldRead:
    """The survivor's advocate (or the case's lead prosecutor) told the survivor that a
    cancelled hearing will not take place: recorded with who and when, audited, and the
    hearing leaves the list of notices to take back. 409 unless the hearing is cancelled."""
    hearing, survivor = await hearing_and_survivor(actor, hearing_id, survivor_id)
    if await trip_plan_refusal(actor, survivor) == NOT_THE_TWO:
        await _refuse(actor, survivor, hearing_id, "not the advocate or lead prosecutor")
        raise PermissionDeniedException(
            "Only the survivor's advocate and the case's lead prosecutor tell the survivor "
            "about their hearings"
        )
    if hearing["status"] != HearingStatus.CANCELLED:
        raise Conflict(
            f"This hearing is {hearing['status']}, not cancelled: print the notice again "
            "for its new day instead",
            allowed=[],
        )
    now = utc_now()
    actor_id = actor.audit_id
    async with write_tx():
        before = (
            await SurvivorTold.select()
            .where((SurvivorTold.hearing == hearing_id) & (SurvivorTold.survivor == survivor_id))
            .first()
        )
        values: dict[Column | str, Any] = {
            "hearing_sequence": hearing["sequence"],
            "told_by": actor_id,
            "told_at": now,
        }
        if before is None:
            rows = await SurvivorTold.insert(
                SurvivorTold(
                    hearing=hearing_id,
                    survivor=survivor_id,
                    hearing_sequence=hearing["sequence"],
                    told_by=actor_id,
                    told_at=now,
                )
            ).returning(SurvivorTold.id)
            told_id = rows[0]["id"]
        else:
            told_id = before["id"]
            await SurvivorTold.update(values).where(SurvivorTold.id == told_id)
        await record(
            actor_id,
            "notice.survivor_told",
            entity="notice_survivor_told",
            entity_id=told_id,
            case_id=hearing["case"],
            before={
                "told_by": before["told_by"],
                "told_at": before["told_at"].isoformat(),
                "hearing_sequence": before["hearing_sequence"],
            }
            if before
            else {},
            after={
                "hearing_id": hearing_id,
                "survivor_id": survivor_id,
                "told_by": actor_id,
                "told_at": now.isoformat(),
                "hearing_sequence": hearing["sequence"],
            },
        )
    return SurvivorToldRead(
        hearing_id=hearing_id, survivor_id=survivor_id, told_by_id=actor_id, told_at=now
    )

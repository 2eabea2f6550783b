"""The case page, and its forms: change the stage, add or edit a charge, schedule a hearing.

Every form posts back to its own address; on success the browser is sent to the case page
(post, redirect, get); on bad input the form is shown again with the person's input and each
error next to its field; on a stale edit it says what changed and keeps their input to retry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.accounts.choices import Role
from docket.accounts.services import Actor
from docket.accounts.tables import Team
from docket.cases import services as cases
from docket.cases.build_up import get_build_up
from docket.cases.choices import CaseStage
from docket.cases.custody import custody_history
from docket.cases.progress import change_stage, court_today, stage_history
from docket.cases.schemas import CaseRead, ChargeCreate, ChargeRead, ChargeUpdate, StageChange
from docket.courts.schemas import CourtRead
from docket.courts.services import get_court, list_courts
from docket.db import utc_now
from docket.deadlines.services import case_deadlines
from docket.errors import Conflict, InvalidInput, StaleEdit
from docket.hearings.choices import PENDING, HearingKind, HearingMode
from docket.hearings.clashes import hearing_clashes
from docket.hearings.schemas import Clash, HearingCreate, HearingRead
from docket.hearings.services import (
    case_hearing_histories,
    list_hearings,
    schedule_hearing,
)
from docket.params import FromPath, PathId
from docket.protection.schemas import ProtectionNeedRead
from docket.protection.services import case_needs
from docket.statutes.catalogue import load_catalogue, statute
from docket.web.changes import last_change, recent_changes, user_names
from docket.web.forms import convert, field_errors, instant, optional_date, whole_number
from docket.web.page import may, render, see_other, signed_in
from docket.web.pages_notes import notes_about
from docket.web.words import COURT_ZONE, words

ALL = 500


async def _court(actor: Actor, court_id: int | None) -> CourtRead | None:
    return await get_court(actor, court_id) if court_id is not None else None


async def case_hearings(actor: Actor, case_id: int) -> list[HearingRead]:
    found, _total = await list_hearings(
        actor,
        case_id=case_id,
        court_id=None,
        status=None,
        kind=None,
        starts_from=None,
        starts_before=None,
        limit=ALL,
        offset=0,
    )
    return found


def is_upcoming(hearing: HearingRead, now: dt.datetime) -> bool:
    return hearing.status in PENDING and hearing.ends_at >= now


@get("/cases/{case_id:int}")
async def case_page(request: Request[Any, Any, Any], case_id: FromPath[PathId]) -> Template:
    actor = signed_in(request)
    case = await cases.get_case(actor, case_id)
    court = await _court(actor, case.court_id)
    zone = court.timezone if court else COURT_ZONE
    accused, _ = await cases.list_accused(actor, case_id, limit=ALL, offset=0)
    charges, _ = await cases.list_charges(actor, case_id, limit=ALL, offset=0)
    survivors, _ = await cases.list_survivors(actor, case_id, limit=ALL, offset=0)
    witnesses, _ = await cases.list_witnesses(actor, case_id, limit=ALL, offset=0)
    now = utc_now()
    hearings = await case_hearings(actor, case_id)
    upcoming = [h for h in hearings if is_upcoming(h, now)]
    past = sorted((h for h in hearings if not is_upcoming(h, now)), key=lambda h: h.starts_at)
    histories = await case_hearing_histories(actor, case_id)
    # Protection needs at the coming hearings, per witness: the survivors' summary.
    needs: dict[int, list[tuple[HearingRead, ProtectionNeedRead]]] = {}
    needs_of = await case_needs(actor, case_id, [h.id for h in upcoming])
    for hearing in upcoming:
        for need in needs_of.get(hearing.id, []):
            needs.setdefault(need.witness_id, []).append((hearing, need))
    witness_of = {w.survivor_id: w for w in witnesses if w.survivor_id is not None}
    team = (
        await Team.select(Team.name).where(Team.id == case.team_id).first()
        if case.team_id
        else None
    )
    names = await user_names()
    return render(
        request,
        "pages/case.html",
        case=case,
        court=court,
        zone=zone,
        team_name=team["name"] if team else None,
        names=names,
        accused=accused,
        charges_of={a.id: [c for c in charges if c.accused_id == a.id] for a in accused},
        # Each accused's custody changes, which their arraignment clock follows.
        custody_of={a.id: (await custody_history(actor, a.id)).events for a in accused},
        statute=statute,
        survivors=survivors,
        pseudonyms={s.id: s.pseudonym for s in survivors},
        witness_of=witness_of,
        needs=needs,
        witnesses=witnesses,
        upcoming=upcoming,
        past=list(reversed(past)),
        histories=histories,
        deadlines=await case_deadlines(actor, case_id, today=court_today()),
        today=court_today(),
        stages=await stage_history(actor, case_id),
        build_up=await get_build_up(actor, case_id),
        # The two who may count prescription from the exact birth date (the API's rule).
        may_count_exact=(actor.role == Role.PROSECUTOR and case.lead_prosecutor_id == actor.id)
        or (actor.role == Role.ADVOCATE and any(s.advocate_id == actor.id for s in survivors)),
        changes=await recent_changes(case_id, zone=zone),
        can_edit=may(actor, "POST", "/cases/{case_id:int}/stage"),
        can_add_survivor=may(actor, "POST", "/cases/{case_id:int}/survivors/new"),
        notes=await notes_about(request, case_id),
    )


# --- stage ---------------------------------------------------------------------------------


class StageForm(msgspec.Struct, kw_only=True):
    stage: str = ""
    reason: str = ""
    on: str = ""
    version: str = ""
    #: The stage the case was at when the form was opened: a move is chosen from it, so when
    #: a colleague has moved the case meanwhile the choice no longer means what it meant.
    from_stage: str = ""


_STAGE_FIELDS = {
    "stage": ("stage", "New stage"),
    "reason": ("reason", "Reason"),
    "on": ("on", "Date"),
}


async def _stage_form(
    request: Request[Any, Any, Any],
    case: CaseRead,
    form: StageForm,
    *,
    errors: dict[str, str] | None = None,
    stale: str | None = None,
    status_code: int = 200,
) -> Template:
    history = await stage_history(signed_in(request), case.id)
    return render(
        request,
        "pages/stage_form.html",
        status_code=status_code,
        case=case,
        allowed=history.allowed,
        form=form,
        errors=errors or {},
        stale=stale,
    )


@get("/cases/{case_id:int}/stage")
async def stage_form(request: Request[Any, Any, Any], case_id: FromPath[PathId]) -> Template:
    actor = signed_in(request)
    case = await cases.get_case(actor, case_id)
    form = StageForm(version=str(case.version), from_stage=str(case.stage))
    return await _stage_form(request, case, form)


@post("/cases/{case_id:int}/stage")
async def stage_submit(
    request: Request[Any, Any, Any], case_id: FromPath[PathId], data: URLEncodedBody[StageForm]
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        seen = await cases.get_case(actor, case_id)
        if data.from_stage not in set(CaseStage):
            data = msgspec.structs.replace(data, from_stage="")  # not one of ours: ignored
        if data.from_stage and data.from_stage != seen.stage:
            # Moved by someone else since the form was opened: never a move on from theirs
            # that the person did not choose.
            raise StaleEdit(seen.version)
        change = convert(
            {
                "stage": data.stage,
                "reason": data.reason,
                "on": optional_date(data.on, "on"),
            },
            StageChange,
        )
        await change_stage(actor, case_id, change, whole_number(data.version, "version"))
    except InvalidInput as error:
        case = await cases.get_case(actor, case_id)
        errors = field_errors(error.errors, _STAGE_FIELDS, "stage")
        return await _stage_form(request, case, data, errors=errors, status_code=400)
    except Conflict as error:
        case = await cases.get_case(actor, case_id)
        allowed = ", ".join(words(s) for s in error.allowed) or "none"
        message = f"The case is now at “{words(case.stage)}”; from there it can move to: {allowed}."
        if data.stage in (await stage_history(actor, case_id)).allowed:
            # An allowed move held back by what it needs (the build-up certification).
            message = error.detail + "."
        return await _stage_form(request, case, data, errors={"stage": message}, status_code=409)
    except StaleEdit:
        case = await cases.get_case(actor, case_id)
        stale = await last_change(case_id, "case", case_id)
        moved = bool(data.from_stage) and data.from_stage != case.stage
        if moved:
            # Their choice was a move from the stage they saw; the case is elsewhere now, so
            # they choose again (the reason and the date they typed stay).
            stale += (
                f" You chose a move from “{words(data.from_stage)}”; the case is now at "
                f"“{words(case.stage)}”, so choose the new stage again."
            )
        kept = msgspec.structs.replace(
            data,
            version=str(case.version),
            from_stage=str(case.stage),
            stage="" if moved else data.stage,
        )
        return await _stage_form(request, case, kept, stale=stale, status_code=412)
    return see_other(f"/cases/{case_id}#stages", done="stage")


# --- charges -------------------------------------------------------------------------------


class ChargeForm(msgspec.Struct, kw_only=True):
    accused_id: str = ""
    statute_code: str = ""
    qualifiers: str = ""
    counts: str = "1"
    offence_date: str = ""
    via_ict: str = ""
    version: str = ""
    #: The values the edit form was opened with (pages_case_entry.opened_with), the survivors
    #: as "id,id": what the person changed is what differs from them.
    original: str = ""


_CHARGE_FIELDS = {
    "accused_id": ("accused_id", "Accused"),
    "statute_code": ("statute_code", "Charge"),
    "qualifiers": ("qualifiers", "Qualifying circumstances"),
    "counts": ("counts", "Counts"),
    "offence_date": ("offence_date", "Date of the offence"),
    "survivor_ids": ("survivor_ids", "Survivors"),
    "via_ict": ("via_ict", "Committed online"),
}


async def _charge_form(
    request: Request[Any, Any, Any],
    case: CaseRead,
    form: ChargeForm,
    survivor_ids: list[int],
    *,
    charge_id: int | None = None,
    errors: dict[str, str] | None = None,
    stale: str | None = None,
    current: Any = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    accused, _ = await cases.list_accused(actor, case.id, limit=ALL, offset=0)
    survivors, _ = await cases.list_survivors(actor, case.id, limit=ALL, offset=0)
    statutes = [
        s for s in load_catalogue().charges if not s.inactive or s.code == form.statute_code
    ]
    return render(
        request,
        "pages/charge_form.html",
        status_code=status_code,
        case=case,
        charge_id=charge_id,
        accused=accused,
        survivors=survivors,
        statutes=statutes,
        form=form,
        chosen_survivors=set(survivor_ids),
        errors=errors or {},
        stale=stale,
        current=current,
    )


async def _survivor_ids(request: Request[Any, Any, Any]) -> list[int]:
    form = await request.form()
    return [int(v) for v in form.getall("survivor_ids", []) if str(v).isdigit()]


def _charge_values(data: ChargeForm, survivor_ids: list[int]) -> dict[str, Any]:
    return {
        "statute_code": data.statute_code.strip().upper(),
        "qualifiers": data.qualifiers.replace(" ", "").lower(),
        "counts": whole_number(data.counts, "counts"),
        "offence_date": optional_date(data.offence_date, "offence_date"),
        "via_ict": bool(data.via_ict),
        "survivor_ids": survivor_ids,
    }


@get("/cases/{case_id:int}/charges/new")
async def new_charge_form(request: Request[Any, Any, Any], case_id: FromPath[PathId]) -> Template:
    actor = signed_in(request)
    case = await cases.get_case(actor, case_id)
    return await _charge_form(request, case, ChargeForm(), [])


@post("/cases/{case_id:int}/charges/new")
async def new_charge_submit(
    request: Request[Any, Any, Any], case_id: FromPath[PathId], data: URLEncodedBody[ChargeForm]
) -> Template | Redirect:
    actor = signed_in(request)
    survivor_ids = await _survivor_ids(request)
    try:
        values = _charge_values(data, survivor_ids)
        values["accused_id"] = whole_number(data.accused_id, "accused_id")
        made = await cases.add_charge(actor, case_id, convert(values, ChargeCreate))
    except InvalidInput as error:
        case = await cases.get_case(actor, case_id)
        errors = field_errors(error.errors, _CHARGE_FIELDS, "statute_code")
        return await _charge_form(request, case, data, survivor_ids, errors=errors, status_code=400)
    return see_other(f"/cases/{case_id}#charge-{made.id}", done="charge")


def _charge_form_of(charge: ChargeRead) -> ChargeForm:
    """The charge as its edit form shows it, the survivors among the values (as "id,id")."""
    form = ChargeForm(
        accused_id=str(charge.accused_id),
        statute_code=charge.statute_code,
        qualifiers=charge.qualifiers,
        counts=str(charge.counts),
        offence_date=charge.offence_date.isoformat() if charge.offence_date else "",
        via_ict="1" if charge.via_ict else "",
        version=str(charge.version),
    )
    values = {k: v for k, v in msgspec.structs.asdict(form).items() if k in _CHARGE_VALUES}
    values["survivor_ids"] = _ids_text(charge.survivor_ids)
    return msgspec.structs.replace(form, original=msgspec.json.encode(values).decode())


#: The fields a person types on the charge form (and "survivor_ids", the ticked survivors).
_CHARGE_VALUES = ("statute_code", "qualifiers", "counts", "offence_date", "via_ict")


def _ids_text(ids: list[int]) -> str:
    return ",".join(str(i) for i in sorted(set(ids)))


def _charge_changes(data: ChargeForm, survivor_ids: list[int], charge: ChargeRead) -> set[str]:
    """What the person changed since the form was opened: only that is sent, so a second save
    after a stale edit never writes back a colleague's change to another field. A form without
    a readable ``original`` is compared with the record now."""
    now = _charge_form_of(charge)
    try:
        opened = msgspec.json.decode(data.original, type=dict[str, str])
    except (msgspec.DecodeError, msgspec.ValidationError):
        opened = msgspec.json.decode(now.original, type=dict[str, str])
    typed = {name: getattr(data, name) for name in _CHARGE_VALUES}
    typed["survivor_ids"] = _ids_text(survivor_ids)
    now_values = msgspec.json.decode(now.original, type=dict[str, str])
    return {name for name, value in typed.items() if value != opened.get(name, now_values[name])}


@get("/charges/{charge_id:int}/edit")
async def edit_charge_form(
    request: Request[Any, Any, Any], charge_id: FromPath[PathId]
) -> Template:
    actor = signed_in(request)
    charge = await cases.get_charge(actor, charge_id)
    case = await cases.get_case(actor, charge.case_id)
    form = _charge_form_of(charge)
    return await _charge_form(request, case, form, charge.survivor_ids, charge_id=charge_id)


@post("/charges/{charge_id:int}/edit")
async def edit_charge_submit(
    request: Request[Any, Any, Any], charge_id: FromPath[PathId], data: URLEncodedBody[ChargeForm]
) -> Template | Redirect:
    actor = signed_in(request)
    charge = await cases.get_charge(actor, charge_id)
    survivor_ids = await _survivor_ids(request)
    try:
        version = whole_number(data.version, "version")
        changed = _charge_changes(data, survivor_ids, charge)
        values = {k: v for k, v in _charge_values(data, survivor_ids).items() if k in changed}
        await cases.update_charge(actor, charge_id, convert(values, ChargeUpdate), version)
    except InvalidInput as error:
        case = await cases.get_case(actor, charge.case_id)
        errors = field_errors(error.errors, _CHARGE_FIELDS, "statute_code")
        return await _charge_form(
            request, case, data, survivor_ids, charge_id=charge_id, errors=errors, status_code=400
        )
    except StaleEdit:
        case = await cases.get_case(actor, charge.case_id)
        stale = await last_change(charge.case_id, "charge", charge_id)
        # What the person changed stays as typed; every other field shows the record now, and
        # the form is now "opened" at the record: the next save sends only their changes.
        changed = _charge_changes(data, survivor_ids, charge)
        now = _charge_form_of(charge)
        kept = msgspec.structs.replace(
            now,
            **{name: getattr(data, name) for name in _CHARGE_VALUES if name in changed},
        )
        return await _charge_form(
            request,
            case,
            kept,
            survivor_ids if "survivor_ids" in changed else charge.survivor_ids,
            charge_id=charge_id,
            stale=stale,
            current=charge,
            status_code=412,
        )
    return see_other(f"/cases/{charge.case_id}#charge-{charge_id}", done="charge")


# --- scheduling ----------------------------------------------------------------------------


class HearingForm(msgspec.Struct, kw_only=True):
    kind: str = ""
    date: str = ""
    starts: str = "08:30"
    ends: str = "10:30"
    mode: str = HearingMode.IN_PERSON.value
    room: str = ""
    court_id: str = ""
    video_link: str = ""
    #: A.M. 20-12-01-SC as amended by A.M. 24-11-02-SC (docket.hearings.services).
    video_motion_granted_on: str = ""
    video_order: str = ""
    confrontation_waived_on: str = ""
    #: "yes" when the evidence to be presented includes exploitation material.
    shows_exploitation_material: str = ""
    #: "yes" once the person saw the clash warnings and chose to schedule it anyway.
    confirmed: str = ""


_HEARING_FIELDS = {
    "kind": ("kind", "Kind of hearing"),
    "date": ("date", "Date"),
    "starts_at": ("starts", "Start time"),
    "starts": ("starts", "Start time"),
    "ends_at": ("ends", "End time"),
    "ends": ("ends", "End time"),
    "mode": ("mode", "How it is held"),
    "room": ("room", "Room"),
    "court_id": ("court_id", "Court"),
    "video_link": ("video_link", "Video link"),
    "video_motion_granted_on": ("video_motion_granted_on", "Videoconference granted on"),
    "video_order": ("video_order", "Order granting it"),
    "confrontation_waived_on": ("confrontation_waived_on", "Confrontation waived on"),
}


async def _hearing_form(
    request: Request[Any, Any, Any],
    case: CaseRead,
    form: HearingForm,
    *,
    errors: dict[str, str] | None = None,
    clashes: list[Clash] | None = None,
    status_code: int = 200,
) -> Template:
    return render(
        request,
        "pages/hearing_form.html",
        clashes=clashes or [],
        status_code=status_code,
        case=case,
        form=form,
        courts=await list_courts(signed_in(request)),
        kinds=list(HearingKind),
        modes=list(HearingMode),
        errors=errors or {},
    )


@get("/cases/{case_id:int}/hearings/new")
async def new_hearing_form(request: Request[Any, Any, Any], case_id: FromPath[PathId]) -> Template:
    actor = signed_in(request)
    case = await cases.get_case(actor, case_id)
    form = HearingForm(court_id=str(case.court_id or ""))
    return await _hearing_form(request, case, form)


@post("/cases/{case_id:int}/hearings/new")
async def new_hearing_submit(
    request: Request[Any, Any, Any], case_id: FromPath[PathId], data: URLEncodedBody[HearingForm]
) -> Template | Redirect:
    actor = signed_in(request)
    case = await cases.get_case(actor, case_id)
    try:
        court_id = whole_number(data.court_id, "court_id") if data.court_id else None
        court = await _court(actor, court_id or case.court_id)
        zone = court.timezone if court else COURT_ZONE
        starts_at = instant(
            data.date, data.starts, zone=zone, date_field="date", time_field="starts"
        )
        ends_at = instant(data.date, data.ends, zone=zone, date_field="date", time_field="ends")
        if starts_at < utc_now() - dt.timedelta(days=1):
            raise InvalidInput.field("date", f"is in the past (today is {court_today():%d %b %Y})")
        hearing = convert(
            {
                "kind": data.kind,
                "starts_at": starts_at.isoformat(),
                "ends_at": ends_at.isoformat(),
                "court_id": court_id,
                "mode": data.mode,
                "room": data.room.strip(),
                "video_link": data.video_link.strip(),
                "video_motion_granted_on": optional_date(
                    data.video_motion_granted_on, "video_motion_granted_on"
                ),
                "video_order": data.video_order.strip(),
                "confrontation_waived_on": optional_date(
                    data.confrontation_waived_on, "confrontation_waived_on"
                ),
                "shows_exploitation_material": data.shows_exploitation_material == "yes",
            },
            HearingCreate,
        )
        if data.confirmed != "yes":
            clashes = await hearing_clashes(
                actor, case_id, court_id=court_id, starts_at=starts_at, ends_at=ends_at
            )
            if clashes:
                # Nothing saved yet: the form again, what was typed kept, and the warnings.
                return await _hearing_form(request, case, data, clashes=clashes, status_code=409)
        created = await schedule_hearing(actor, case_id, hearing)
    except InvalidInput as error:
        errors = field_errors(error.errors, _HEARING_FIELDS, "kind")
        return await _hearing_form(request, case, data, errors=errors, status_code=400)
    if created.warnings:
        # Something to check before the day (exploitation material over a video link, a
        # videoconference without its order or waiver): the hearing's page says what.
        return see_other(f"/hearings/{created.id}#hearing-warnings", done="hearing")
    return see_other(f"/cases/{case_id}#hearing-{created.id}", done="hearing")

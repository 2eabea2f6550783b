"""The advocate's pages: my survivors → their coming hearings → the protection-needs checklist
of each hearing (requested / ordered / arranged) → print a notice → notices to print again.

Survivors appear by pseudonym only. Printing goes through docket.notices.services, which
decides who may print what (the survivor's advocate and the case's lead prosecutor, with a
two-step login: a notice shows where the survivor is met, the checklist the whole trip plan)
and records every print.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.accounts.services import Actor
from docket.cases import services as cases
from docket.cases.choices import AgeBand, Language
from docket.cases.identity import has_notice_name, set_notice_name
from docket.cases.schemas import SurvivorRead, WitnessRead
from docket.courts.services import list_courts
from docket.db import utc_now
from docket.errors import Conflict, InvalidInput, StaleEdit
from docket.notices import services as notices
from docket.notices.api_schemas import NoticeRequest
from docket.notices.choices import NoticeVariant, Paper, suggested_variant
from docket.params import FromPath, PathId
from docket.protection.choices import Measure, MeasureStatus
from docket.protection.schemas import ProtectionNeedCreate, ProtectionNeedUpdate
from docket.protection.services import add_need, get_need, list_needs, update_need
from docket.web.changes import last_change, user_names
from docket.web.forms import convert, field_errors, whole_number
from docket.web.page import PAGE_HEADERS, render, see_other, signed_in
from docket.web.pages_cases import case_hearings, is_upcoming
from docket.web.pages_notes import notes_about
from docket.web.words import words

#: How far ahead the advocate's lists look: notices are prepared weeks before a hearing.
DAYS_AHEAD = 60


async def _witness_of(actor: Actor, survivor: SurvivorRead) -> WitnessRead | None:
    witnesses, _ = await cases.list_witnesses(actor, survivor.case_id, limit=500, offset=0)
    return next((w for w in witnesses if w.survivor_id == survivor.id), None)


@get("/survivors")
async def my_survivors(request: Request[Any, Any, Any]) -> Template:
    actor = signed_in(request)
    due = await notices.notices_due(actor, days=DAYS_AHEAD)
    hearings_of: dict[int, list[Any]] = {}
    for item in due.items:
        hearings_of.setdefault(item.survivor_id, []).append(item)
    return render(
        request,
        "pages/survivors.html",
        survivors=await cases.advocate_survivors(actor),
        hearings_of=hearings_of,
        days=DAYS_AHEAD,
    )


async def _survivor_page(
    request: Request[Any, Any, Any],
    survivor_id: int,
    *,
    stale: dict[int, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    survivor = await cases.get_survivor(actor, survivor_id)
    case = await cases.get_case(actor, survivor.case_id)
    witness = await _witness_of(actor, survivor)
    now = utc_now()
    upcoming = [h for h in await case_hearings(actor, case.id) if is_upcoming(h, now)]
    checklists = {}
    for hearing in upcoming:
        found, _ = await list_needs(actor, hearing.id, status=None, limit=200, offset=0)
        checklists[hearing.id] = [n for n in found if witness and n.witness_id == witness.id]
    due = await notices.notices_due(actor, days=DAYS_AHEAD)
    prints = {i.hearing_id: i for i in due.items if i.survivor_id == survivor_id}
    try:
        named: bool | None = await has_notice_name(actor, survivor_id)
    except PermissionDeniedException:
        named = None  # not one of the two who may know: the form is not shown
    return render(
        request,
        "pages/survivor.html",
        status_code=status_code,
        survivor=survivor,
        case=case,
        witness=witness,
        upcoming=upcoming,
        checklists=checklists,
        prints=prints,
        courts={c.id: c for c in await list_courts(actor)},
        statuses=list(MeasureStatus),
        measures=list(Measure),
        stale=stale or {},
        errors=errors or {},
        named=named,
        notes=await notes_about(request, case.id, survivor_id=survivor_id),
        names=await user_names(),
    )


@get("/survivors/{survivor_id:int}")
async def survivor_page(request: Request[Any, Any, Any], survivor_id: FromPath[PathId]) -> Template:
    return await _survivor_page(request, survivor_id)


class NeedForm(msgspec.Struct, kw_only=True):
    status: str = ""
    version: str = ""
    survivor_id: str = ""


@post("/protection-needs/{need_id:int}")
async def need_submit(
    request: Request[Any, Any, Any], need_id: FromPath[PathId], data: URLEncodedBody[NeedForm]
) -> Template | Redirect:
    actor = signed_in(request)
    need = await get_need(actor, need_id)
    survivor_id = whole_number(data.survivor_id, "survivor_id")
    try:
        change = convert({"status": data.status}, ProtectionNeedUpdate)
        await update_need(actor, need_id, change, whole_number(data.version, "version"))
    except InvalidInput as error:
        errors = field_errors(error.errors, {"status": (f"need-{need_id}", "Status")}, "status")
        return await _survivor_page(
            request,
            survivor_id,
            errors={f"need-{need_id}": next(iter(errors.values()))},
            status_code=400,
        )
    except StaleEdit:
        hearing_case = (await cases.get_survivor(actor, survivor_id)).case_id
        message = await last_change(hearing_case, "protection_need", need_id)
        return await _survivor_page(
            request,
            survivor_id,
            stale={need_id: f"{message} You chose “{words(data.status)}”: choose again."},
            status_code=412,
        )
    return see_other(f"/survivors/{survivor_id}#hearing-{need.hearing_id}", done="need")


class AddNeedForm(msgspec.Struct, kw_only=True):
    measure: str = ""
    detail: str = ""


@post("/hearings/{hearing_id:int}/survivors/{survivor_id:int}/needs")
async def add_need_submit(
    request: Request[Any, Any, Any],
    hearing_id: FromPath[PathId],
    survivor_id: FromPath[PathId],
    data: URLEncodedBody[AddNeedForm],
) -> Template | Redirect:
    actor = signed_in(request)
    survivor = await cases.get_survivor(actor, survivor_id)
    witness = await _witness_of(actor, survivor)
    key = f"add-{hearing_id}"
    try:
        if witness is None:
            raise InvalidInput.field("measure", "this survivor is not listed as a witness yet")
        need = convert(
            {"witness_id": witness.id, "measure": data.measure, "detail": data.detail.strip()},
            ProtectionNeedCreate,
        )
        await add_need(actor, hearing_id, need)
    except InvalidInput as error:
        errors = field_errors(error.errors, {"measure": (key, "Measure")}, "measure")
        return await _survivor_page(
            request, survivor_id, errors={key: " ".join(errors.values())}, status_code=400
        )
    except Conflict as error:
        return await _survivor_page(
            request, survivor_id, errors={key: error.detail + "."}, status_code=409
        )
    return see_other(f"/survivors/{survivor_id}#hearing-{hearing_id}", done="need-added")


class NoticeNameForm(msgspec.Struct, kw_only=True):
    notice_name: str = ""


@post("/survivors/{survivor_id:int}/notice-name")
async def notice_name_submit(
    request: Request[Any, Any, Any],
    survivor_id: FromPath[PathId],
    data: URLEncodedBody[NoticeNameForm],
) -> Template | Redirect:
    """The name the survivor's notice greets them by (kept with who they are, restricted)."""
    actor = signed_in(request)
    try:
        await set_notice_name(actor, survivor_id, data.notice_name)
    except InvalidInput as error:
        errors = field_errors(
            error.errors, {"notice_name": ("notice_name", "Name on the notice")}, "notice_name"
        )
        return await _survivor_page(request, survivor_id, errors=errors, status_code=400)
    return see_other(f"/survivors/{survivor_id}#notice-name", done="notice-name")


# --- printing ----------------------------------------------------------------------------


class PrintForm(msgspec.Struct, kw_only=True):
    variant: str = ""
    lang: str = ""
    paper: str = Paper.LETTER.value
    # Check boxes: "on" when ticked, absent (so "") when not.
    pack: str = ""
    large_print: str = ""
    bilingual: str = ""


async def _print_form(
    request: Request[Any, Any, Any],
    hearing_id: int,
    survivor_id: int,
    form: PrintForm | None = None,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    survivor = await cases.get_survivor(actor, survivor_id)
    hearing = next(
        (h for h in await case_hearings(actor, survivor.case_id) if h.id == hearing_id), None
    )
    if hearing is None:
        raise InvalidInput.field("hearing_id", "this hearing is not in the survivor's case")
    courts = {c.id: c for c in await list_courts(actor)}
    due = await notices.notices_due(actor, days=DAYS_AHEAD)
    item = next(
        (i for i in due.items if i.hearing_id == hearing_id and i.survivor_id == survivor_id),
        None,
    )
    form = form or PrintForm(
        variant=str(suggested_variant(AgeBand(survivor.age_band))),
        lang=str(survivor.preferred_language),
        pack="on",  # a preparation pack, not a sheet (issue 20): ticked until unticked
    )
    return render(
        request,
        "pages/print_form.html",
        status_code=status_code,
        survivor=survivor,
        hearing=hearing,
        court=courts.get(hearing.court_id),
        item=item,
        form=form,
        variants=list(NoticeVariant),
        languages=list(Language),
        papers=list(Paper),
        mfa=actor.mfa,
        errors=errors or {},
    )


@get("/hearings/{hearing_id:int}/survivors/{survivor_id:int}/notice")
async def print_form(
    request: Request[Any, Any, Any], hearing_id: FromPath[PathId], survivor_id: FromPath[PathId]
) -> Template:
    return await _print_form(request, hearing_id, survivor_id)


_PRINT_FIELDS = {
    "variant": ("variant", "Kind of notice"),
    "lang": ("lang", "Language"),
    "paper": ("paper", "Paper"),
    "pack": ("pack", "Preparation pack"),
    "large_print": ("large_print", "Large print"),
    "bilingual": ("bilingual", "English beside it"),
}


@post("/hearings/{hearing_id:int}/survivors/{survivor_id:int}/notice", status_code=200)
async def print_submit(
    request: Request[Any, Any, Any],
    hearing_id: FromPath[PathId],
    survivor_id: FromPath[PathId],
    data: URLEncodedBody[PrintForm],
) -> Template | Response[bytes]:
    actor = signed_in(request)
    for_survivor = data.variant not in (
        NoticeVariant.ADVOCATE_CHECKLIST.value,
        NoticeVariant.CANCELLED_NOTE.value,
    )
    try:
        wanted = convert(
            {
                "variant": data.variant or None,
                "lang": data.lang or None,
                "paper": data.paper,
                "format": "pdf",
                # The pack box is ticked from the start: printing the checklist or the
                # cancelled-hearing note with it ticked means "not for this one", not an error.
                "pack": bool(data.pack) and for_survivor,
                "large_print": bool(data.large_print) and for_survivor,
                "bilingual": bool(data.bilingual) and for_survivor,
            },
            NoticeRequest,
        )
        printed = await notices.print_notice(actor, hearing_id, survivor_id, wanted)
    except InvalidInput as error:
        errors = field_errors(error.errors, _PRINT_FIELDS, "variant")
        return await _print_form(
            request, hearing_id, survivor_id, data, errors=errors, status_code=400
        )
    except (Conflict, PermissionDeniedException) as error:
        message = error.detail if isinstance(error, Conflict) else str(error.detail)
        return await _print_form(
            request,
            hearing_id,
            survivor_id,
            data,
            errors={"variant": message.rstrip(".") + "."},
            status_code=409 if isinstance(error, Conflict) else 403,
        )
    return Response(
        content=printed.content,
        media_type=printed.media_type,
        headers={
            **PAGE_HEADERS,
            "Content-Disposition": f'inline; filename="{printed.filename}"',
        },
    )


@get("/notices/reprint")
async def reprint_list(request: Request[Any, Any, Any]) -> Template:
    actor = signed_in(request)
    due = await notices.notices_due(actor, days=DAYS_AHEAD)
    return render(
        request,
        "pages/reprint.html",
        items=[i for i in due.items if i.reprint_needed],
        days=DAYS_AHEAD,
    )


@post("/hearings/{hearing_id:int}/survivors/{survivor_id:int}/survivor-told")
async def survivor_told_submit(
    request: Request[Any, Any, Any], hearing_id: FromPath[PathId], survivor_id: FromPath[PathId]
) -> Redirect:
    """The "survivor told" tick on the notices-to-print-again list, for a cancelled hearing:
    recorded (who, when, audited) by docket.notices.services, and the hearing leaves the list."""
    await notices.record_survivor_told(signed_in(request), hearing_id, survivor_id)
    return see_other("/notices/reprint")

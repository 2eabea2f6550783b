"""Pages for the recent rules and the exact-date prescription (issue 19).

``/cases/{id}/build-up``: the case build-up of DOJ DC 020 (2023), amended by DC 007 (2024): the
team ticks the evidence checklist; a prosecutor also records the certification that the
evidence is sufficient, without which the case cannot go to preliminary investigation.

``/cases/{id}/prescription``: prescription counted from a survivor's exact birth date, for the
survivor's advocate and the case's lead prosecutor with a reason and a two-step login, as
``POST /api/cases/{id}/prescription-from-identity``; the answer is shown on the page that
asked, never stored or redirected (a date counted from a birthday reveals it). Everyone else is
told why and pointed to the labelled conservative date on the case page.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.accounts.choices import Role
from docket.cases import services as cases
from docket.cases.build_up import certify_build_up, get_build_up, tick_build_up
from docket.cases.progress import court_today
from docket.cases.schemas import BuildUpCertification, BuildUpChecklist, CaseRead
from docket.deadlines.schemas import ExactPrescriptionRequest
from docket.deadlines.services import exact_prescription
from docket.errors import Conflict, InvalidInput, StaleEdit
from docket.params import FromPath, PathId
from docket.web.changes import last_change
from docket.web.forms import convert, field_errors, optional_date, whole_number
from docket.web.page import render, see_other, signed_in

# --- case build-up -------------------------------------------------------------------------


class BuildUpForm(msgspec.Struct, kw_only=True):
    #: The ticked items' codes (a checkbox per item, all named "checked").
    checked: list[str] = []
    certified_on: str = ""
    certification: str = ""
    version: str = ""


_BUILD_UP_FIELDS = {
    "checked": ("checked", "Checklist"),
    "certified_on": ("certified_on", "Date certified"),
    "certification": ("certification", "Certification"),
}


async def _build_up_page(
    request: Request[Any, Any, Any],
    case: CaseRead,
    form: BuildUpForm | None = None,
    *,
    errors: dict[str, str] | None = None,
    stale: str | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    build_up = await get_build_up(actor, case.id)
    if form is None:
        form = BuildUpForm(
            checked=[i.code for i in build_up.items if i.checked],
            certified_on=build_up.certified_on.isoformat() if build_up.certified_on else "",
            certification=build_up.certification or build_up.certification_words,
            version=str(build_up.version),
        )
    return render(
        request,
        "pages/build_up_form.html",
        status_code=status_code,
        case=case,
        build_up=build_up,
        form=form,
        errors=errors or {},
        stale=stale,
        # Only a prosecutor certifies (the policy row of the API's certification route).
        can_certify=actor.role == Role.PROSECUTOR,
        in_build_up=case.stage == "case_build_up",
    )


@get("/cases/{case_id:int}/build-up")
async def build_up_form(request: Request[Any, Any, Any], case_id: FromPath[PathId]) -> Template:
    case = await cases.get_case(signed_in(request), case_id)
    return await _build_up_page(request, case)


@post("/cases/{case_id:int}/build-up")
async def build_up_submit(
    request: Request[Any, Any, Any], case_id: FromPath[PathId], data: URLEncodedBody[BuildUpForm]
) -> Template | Redirect:
    actor = signed_in(request)
    case = await cases.get_case(actor, case_id)
    certifying = actor.role == Role.PROSECUTOR and bool(data.certified_on.strip())
    try:
        version = whole_number(data.version, "version")
        ticked = await tick_build_up(
            actor, case_id, convert({"checked": data.checked}, BuildUpChecklist), version
        )
        if certifying:
            certification = convert(
                {
                    "certified_on": optional_date(data.certified_on, "certified_on"),
                    "certification": data.certification.strip(),
                },
                BuildUpCertification,
            )
            await certify_build_up(actor, case_id, certification, ticked.version)
    except InvalidInput as error:
        errors = field_errors(error.errors, _BUILD_UP_FIELDS, "checked")
        return await _build_up_page(request, case, data, errors=errors, status_code=400)
    except Conflict as error:
        return await _build_up_page(
            request, case, data, errors={"checked": error.detail + "."}, status_code=409
        )
    except StaleEdit:
        current = await get_build_up(actor, case_id)
        stale = await last_change(case_id, "case_build_up", current.id or 0)
        kept = msgspec.structs.replace(data, version=str(current.version))
        return await _build_up_page(request, case, kept, stale=stale, status_code=412)
    return see_other(f"/cases/{case_id}#build-up", done="certified" if certifying else "build-up")


# --- prescription from the exact birth date ---------------------------------------------------


class PrescriptionForm(msgspec.Struct, kw_only=True):
    reason: str = ""


async def _prescription_page(
    request: Request[Any, Any, Any],
    case: CaseRead,
    form: PrescriptionForm,
    *,
    exact: Any = None,
    errors: dict[str, str] | None = None,
    refused: str = "",
    status_code: int = 200,
) -> Template:
    return render(
        request,
        "pages/prescription_form.html",
        status_code=status_code,
        case=case,
        form=form,
        exact=exact,
        errors=errors or {},
        refused=refused,
        needs_two_step="two-step login" in refused,
        today=court_today(),
    )


@get("/cases/{case_id:int}/prescription")
async def prescription_form(request: Request[Any, Any, Any], case_id: FromPath[PathId]) -> Template:
    case = await cases.get_case(signed_in(request), case_id)
    return await _prescription_page(request, case, PrescriptionForm())


@post("/cases/{case_id:int}/prescription")
async def prescription_submit(
    request: Request[Any, Any, Any],
    case_id: FromPath[PathId],
    data: URLEncodedBody[PrescriptionForm],
) -> Template:
    actor = signed_in(request)
    case = await cases.get_case(actor, case_id)
    try:
        asked = convert({"reason": data.reason.strip()}, ExactPrescriptionRequest)
        exact = await exact_prescription(actor, case_id, asked.reason, today=court_today())
    except InvalidInput as error:
        errors = field_errors(
            error.errors, {"reason": ("reason", "Why you need the exact date")}, "reason"
        )
        if "reason" in errors:
            errors["reason"] = "say why in at least 10 characters (it goes in the audit trail)"
        return await _prescription_page(request, case, data, errors=errors, status_code=400)
    except PermissionDeniedException as error:
        return await _prescription_page(
            request, case, PrescriptionForm(), refused=str(error.detail), status_code=403
        )
    return await _prescription_page(request, case, PrescriptionForm(), exact=exact)

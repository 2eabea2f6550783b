"""A case entered from the pages: open it, then its accused (custody, bail, aliases), pleas and
dispositions, survivors (pseudonym only), witnesses, the dates that mark deadlines met, and a
correction of a hearing's time, room or mode.

Each form is described once as a list of fields (``Field``) and drawn by one template, so every
form says a bad value next to its field, keeps what was typed and posts, redirects, gets. The
forms call the same services as the API, with the person acting, so the same checks, audit
records and version checks apply.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.accounts.choices import Role
from docket.accounts.services import Actor
from docket.accounts.tables import Team, User
from docket.cases import services as cases
from docket.cases.choices import (
    AgeBand,
    CustodyStatus,
    Disposition,
    Language,
    Plea,
    Sex,
    WitnessKind,
)
from docket.cases.progress import enter_plea, record_disposition
from docket.cases.schemas import (
    AccusedCreate,
    AccusedRead,
    AccusedUpdate,
    CaseCreate,
    DispositionEntry,
    PleaEntry,
    Strike,
    SurvivorCreate,
    SurvivorRead,
    SurvivorUpdate,
    WitnessCreate,
    WitnessRead,
    WitnessUpdate,
)
from docket.cases.tables import CaseDates
from docket.courts.services import get_court, list_courts
from docket.deadlines.facts import get_case_facts, update_case_facts
from docket.deadlines.schemas import (
    DATE_FIELDS,
    FINDING_FIELDS,
    CaseFactsRead,
    CaseFactsUpdate,
)
from docket.errors import Conflict, InvalidInput, StaleEdit
from docket.hearings.choices import HearingKind, HearingMode
from docket.hearings.schemas import HearingRead, HearingUpdate
from docket.hearings.services import get_hearing, strike_hearing, update_hearing
from docket.params import FromPath, PathId
from docket.web.changes import last_change
from docket.web.forms import convert, field_errors, instant, optional_date, whole_number
from docket.web.page import render, see_other, signed_in
from docket.web.words import COURT_ZONE, words


@dataclass(frozen=True)
class Field:
    """One field of a form: its name (the form's and, mostly, the service's), its label, and
    how it is typed."""

    name: str
    label: str
    #: "text", "date", "time", "number", "select", "checkbox" or "textarea".
    kind: str = "text"
    options: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    #: The empty choice of a select ("" for none).
    blank: str = ""


def choices(values: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(v.value), words(v)) for v in values)


@dataclass(frozen=True)
class FormPage:
    """What the one form template shows."""

    title: str
    action: str
    button: str
    fields: tuple[Field, ...]
    back: str
    back_label: str
    intro: str = ""


def _labels(fields: tuple[Field, ...], **extra: tuple[str, str]) -> dict[str, tuple[str, str]]:
    """Service field → (form field, label), for ``field_errors``."""
    return {f.name: (f.name, f.label) for f in fields} | extra


def _form_page(
    request: Request[Any, Any, Any],
    page: FormPage,
    values: msgspec.Struct,
    *,
    errors: dict[str, str] | None = None,
    stale: str | None = None,
    status_code: int = 200,
) -> Template:
    return render(
        request,
        "pages/record_form.html",
        status_code=status_code,
        page=page,
        form=msgspec.structs.asdict(values),
        errors=errors or {},
        stale=stale,
    )


def _refused(
    request: Request[Any, Any, Any],
    page: FormPage,
    values: msgspec.Struct,
    error: InvalidInput,
    default: str,
    **extra: tuple[str, str],
) -> Template:
    errors = field_errors(error.errors, _labels(page.fields, **extra), default)
    return _form_page(request, page, values, errors=errors, status_code=400)


def _aliases(text: str) -> list[str]:
    """One alias a line (or separated by semicolons), blanks dropped."""
    return [a.strip() for a in text.replace(";", "\n").splitlines() if a.strip()]


def _chosen_id(text: str, field: str) -> int | None:
    return whole_number(text, field) if text.strip() else None


#: Not values a person types: never compared, never merged.
_NOT_VALUES = frozenset({"version", "original"})


def opened_with(form: msgspec.Struct) -> str:
    """The values an edit form was opened with, sent back hidden in the form (``original``):
    what the person changed is what differs from them."""
    values = msgspec.structs.asdict(form)
    return msgspec.json.encode({k: v for k, v in values.items() if k not in _NOT_VALUES}).decode()


def touched(typed: Any, current: msgspec.Struct) -> set[str]:
    """The fields the person changed since the form was opened (all that differ from the
    record now, if the form came back without a readable ``original``)."""
    try:
        original = msgspec.json.decode(typed.original, type=dict[str, str])
    except (msgspec.DecodeError, msgspec.ValidationError):
        original = msgspec.structs.asdict(current)
    return {
        name
        for name, value in msgspec.structs.asdict(typed).items()
        if name not in _NOT_VALUES and value != original.get(name, getattr(current, name))
    }


def merged(typed: Any, current: Any, version: int) -> Any:
    """After a stale edit: what the person changed stays as typed, every other field takes
    the record's value now, so the next save writes only their changes (never back the
    other person's fields)."""
    changed = touched(typed, current)
    values = {
        name: value if name in changed else getattr(current, name)
        for name, value in msgspec.structs.asdict(typed).items()
        if name not in _NOT_VALUES
    }
    return msgspec.structs.replace(
        typed, **values, version=str(version), original=opened_with(current)
    )


# --- a new case ----------------------------------------------------------------------------


class CaseForm(msgspec.Struct, kw_only=True):
    docket_number: str = ""
    caption: str = ""
    court_case_number: str = ""
    court_id: str = ""
    team_id: str = ""
    hide_caption: str = ""
    sealed: str = ""


async def _case_page(actor: Actor) -> FormPage:
    courts = await list_courts(actor)
    teams = await Team.select(Team.id, Team.name).order_by(Team.name)
    return FormPage(
        title="Open a case",
        action="/cases/new",
        button="Open the case",
        back="/",
        back_label="Home",
        intro="You are put on the case you open. Add the accused, survivors and charges next.",
        fields=(
            Field(
                "docket_number",
                "Docket number",
                hint="As the office numbers it, e.g. "
                "CEB-2026-0113: letters, digits, dashes, slashes and dots.",
            ),
            Field("caption", "Caption", hint="e.g. People v. Reyes. Never a survivor's name."),
            Field("court_case_number", "Court case number", hint="Leave empty until filed."),
            Field(
                "court_id",
                "Court",
                "select",
                tuple((str(c.id), c.name) for c in courts),
                blank="Not yet raffled",
            ),
            Field(
                "team_id",
                "Team",
                "select",
                tuple((str(t["id"]), t["name"]) for t in teams),
                blank="No team",
            ),
            Field("hide_caption", "Calendars show the docket number, not the caption", "checkbox"),
            Field("sealed", "Sealed: calendars show only “Sealed case”", "checkbox"),
        ),
    )


@get("/cases/new")
async def new_case_form(request: Request[Any, Any, Any]) -> Template:
    actor = signed_in(request)
    return _form_page(request, await _case_page(actor), CaseForm())


@post("/cases/new")
async def new_case_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[CaseForm]
) -> Template | Redirect:
    actor = signed_in(request)
    page = await _case_page(actor)
    try:
        made = await cases.create_case(
            actor,
            convert(
                {
                    "docket_number": data.docket_number.strip(),
                    "caption": data.caption.strip(),
                    "court_case_number": data.court_case_number.strip() or None,
                    "court_id": _chosen_id(data.court_id, "court_id"),
                    "team_id": _chosen_id(data.team_id, "team_id"),
                    "hide_caption": bool(data.hide_caption),
                    "sealed": bool(data.sealed),
                },
                CaseCreate,
            ),
        )
    except InvalidInput as error:
        return _refused(request, page, data, error, "docket_number")
    except Conflict as error:
        errors = {"docket_number": f"{error.detail}."}
        return _form_page(request, page, data, errors=errors, status_code=409)
    return see_other(f"/cases/{made.id}", done="case")


# --- accused -------------------------------------------------------------------------------


class AccusedForm(msgspec.Struct, kw_only=True):
    name: str = ""
    aliases: str = ""
    custody_status: str = CustodyStatus.AT_LARGE.value
    facility: str = ""
    nationality: str = ""
    version: str = ""
    original: str = ""


def _accused_page(case_id: int, accused_id: int | None) -> FormPage:
    return FormPage(
        title="Edit the accused" if accused_id else "Add an accused",
        action=f"/accused/{accused_id}/edit" if accused_id else f"/cases/{case_id}/accused/new",
        button="Save the accused",
        back=f"/cases/{case_id}#accused",
        back_label="Back to the case",
        fields=(
            Field("name", "Name"),
            Field("aliases", "Aliases", "textarea", hint="One a line."),
            Field(
                "custody_status",
                "Custody",
                "select",
                choices(CustodyStatus),
                hint="On bail: released on bail; detained: held in a jail or facility.",
            ),
            Field("facility", "Facility", hint="Where the accused is held, or the bail bond."),
            Field("nationality", "Nationality"),
        ),
    )


def _accused_form(accused: AccusedRead) -> AccusedForm:
    return AccusedForm(
        name=accused.name,
        aliases="\n".join(accused.aliases),
        custody_status=str(accused.custody_status),
        facility=accused.facility,
        nationality=accused.nationality,
    )


def _accused_values(data: AccusedForm) -> dict[str, Any]:
    return {
        "name": data.name.strip(),
        "aliases": _aliases(data.aliases),
        "custody_status": data.custody_status,
        "facility": data.facility.strip(),
        "nationality": data.nationality.strip(),
    }


@get("/cases/{case_id:int}/accused/new")
async def new_accused_form(request: Request[Any, Any, Any], case_id: FromPath[PathId]) -> Template:
    actor = signed_in(request)
    await cases.get_case(actor, case_id)
    return _form_page(request, _accused_page(case_id, None), AccusedForm())


@post("/cases/{case_id:int}/accused/new")
async def new_accused_submit(
    request: Request[Any, Any, Any], case_id: FromPath[PathId], data: URLEncodedBody[AccusedForm]
) -> Template | Redirect:
    actor = signed_in(request)
    await cases.get_case(actor, case_id)
    try:
        made = await cases.add_accused(
            actor, case_id, convert(_accused_values(data), AccusedCreate)
        )
    except InvalidInput as error:
        return _refused(request, _accused_page(case_id, None), data, error, "name")
    return see_other(f"/cases/{case_id}#accused-{made.id}", done="accused")


@get("/accused/{accused_id:int}/edit")
async def edit_accused_form(
    request: Request[Any, Any, Any], accused_id: FromPath[PathId]
) -> Template:
    actor = signed_in(request)
    accused = await cases.get_accused(actor, accused_id)
    current = _accused_form(accused)
    form = msgspec.structs.replace(
        current, version=str(accused.version), original=opened_with(current)
    )
    return _form_page(request, _accused_page(accused.case_id, accused_id), form)


@post("/accused/{accused_id:int}/edit")
async def edit_accused_submit(
    request: Request[Any, Any, Any],
    accused_id: FromPath[PathId],
    data: URLEncodedBody[AccusedForm],
) -> Template | Redirect:
    actor = signed_in(request)
    accused = await cases.get_accused(actor, accused_id)
    page = _accused_page(accused.case_id, accused_id)
    try:
        version = whole_number(data.version, "version")
        # Only what the person changed is sent: a second save never writes back the rest.
        changed = touched(data, _accused_form(accused))
        typed = {k: v for k, v in _accused_values(data).items() if k in changed}
        await cases.update_accused(actor, accused_id, convert(typed, AccusedUpdate), version)
    except InvalidInput as error:
        return _refused(request, page, data, error, "name")
    except StaleEdit:
        stale = await last_change(accused.case_id, "accused", accused_id)
        kept = merged(data, _accused_form(accused), accused.version)
        return _form_page(request, page, kept, stale=stale, status_code=412)
    return see_other(f"/cases/{accused.case_id}#accused-{accused_id}", done="accused")


# --- plea and disposition ------------------------------------------------------------------


class PleaForm(msgspec.Struct, kw_only=True):
    plea: str = ""
    on: str = ""
    lesser_offence_code: str = ""
    version: str = ""


def _plea_page(case_id: int, accused_id: int, name: str) -> FormPage:
    return FormPage(
        title=f"Plea of {name}",
        action=f"/accused/{accused_id}/plea",
        button="Save the plea",
        back=f"/cases/{case_id}#accused-{accused_id}",
        back_label="Back to the case",
        intro="The plea at arraignment (Rules of Court, Rule 116).",
        fields=(
            Field("plea", "Plea", "select", choices(Plea), blank="Choose…"),
            Field("on", "Day of the arraignment", "date"),
            Field(
                "lesser_offence_code",
                "Lesser offence pleaded to",
                hint="Its code in the charge list, only for a plea of guilty to a lesser "
                "offence (Rule 116 s2).",
            ),
        ),
    )


@get("/accused/{accused_id:int}/plea")
async def plea_form(request: Request[Any, Any, Any], accused_id: FromPath[PathId]) -> Template:
    actor = signed_in(request)
    a = await cases.get_accused(actor, accused_id)
    form = PleaForm(
        plea=str(a.plea) if a.plea else "",
        on=a.pleaded_on.isoformat() if a.pleaded_on else "",
        lesser_offence_code=a.lesser_offence_code,
        version=str(a.version),
    )
    return _form_page(request, _plea_page(a.case_id, accused_id, a.name), form)


@post("/accused/{accused_id:int}/plea")
async def plea_submit(
    request: Request[Any, Any, Any], accused_id: FromPath[PathId], data: URLEncodedBody[PleaForm]
) -> Template | Redirect:
    actor = signed_in(request)
    a = await cases.get_accused(actor, accused_id)
    page = _plea_page(a.case_id, accused_id, a.name)
    try:
        if not data.on.strip():
            raise InvalidInput.field("on", "is required")
        entry = convert(
            {
                "plea": data.plea,
                "on": optional_date(data.on, "on"),
                "lesser_offence_code": data.lesser_offence_code.strip().upper() or None,
            },
            PleaEntry,
        )
        await enter_plea(actor, accused_id, entry, whole_number(data.version, "version"))
    except InvalidInput as error:
        return _refused(request, page, data, error, "plea")
    except StaleEdit:
        stale = await last_change(a.case_id, "accused", accused_id)
        kept = msgspec.structs.replace(data, version=str(a.version))
        return _form_page(request, page, kept, stale=stale, status_code=412)
    return see_other(f"/cases/{a.case_id}#accused-{accused_id}", done="plea")


class DispositionForm(msgspec.Struct, kw_only=True):
    disposition: str = ""
    on: str = ""
    version: str = ""


def _disposition_page(case_id: int, accused_id: int, name: str) -> FormPage:
    return FormPage(
        title=f"Disposition for {name}",
        action=f"/accused/{accused_id}/disposition",
        button="Save the disposition",
        back=f"/cases/{case_id}#accused-{accused_id}",
        back_label="Back to the case",
        intro="How the case ended for this accused. “Pending” undoes one entered by mistake.",
        fields=(
            Field("disposition", "Disposition", "select", choices(Disposition)),
            Field("on", "Day of the judgment or order", "date", hint="Empty while pending."),
        ),
    )


@get("/accused/{accused_id:int}/disposition")
async def disposition_form(
    request: Request[Any, Any, Any], accused_id: FromPath[PathId]
) -> Template:
    actor = signed_in(request)
    a = await cases.get_accused(actor, accused_id)
    form = DispositionForm(
        disposition=str(a.disposition),
        on=a.disposition_on.isoformat() if a.disposition_on else "",
        version=str(a.version),
    )
    return _form_page(request, _disposition_page(a.case_id, accused_id, a.name), form)


@post("/accused/{accused_id:int}/disposition")
async def disposition_submit(
    request: Request[Any, Any, Any],
    accused_id: FromPath[PathId],
    data: URLEncodedBody[DispositionForm],
) -> Template | Redirect:
    actor = signed_in(request)
    a = await cases.get_accused(actor, accused_id)
    page = _disposition_page(a.case_id, accused_id, a.name)
    try:
        entry = convert(
            {"disposition": data.disposition, "on": optional_date(data.on, "on")},
            DispositionEntry,
        )
        await record_disposition(actor, accused_id, entry, whole_number(data.version, "version"))
    except InvalidInput as error:
        return _refused(request, page, data, error, "disposition")
    except StaleEdit:
        stale = await last_change(a.case_id, "accused", accused_id)
        kept = msgspec.structs.replace(data, version=str(a.version))
        return _form_page(request, page, kept, stale=stale, status_code=412)
    return see_other(f"/cases/{a.case_id}#accused-{accused_id}", done="disposition")


# --- survivors -----------------------------------------------------------------------------


class SurvivorForm(msgspec.Struct, kw_only=True):
    pseudonym: str = ""
    age_band: str = ""
    sex: str = Sex.UNRECORDED.value
    preferred_language: str = Language.CEBUANO.value
    advocate_id: str = ""
    version: str = ""
    original: str = ""


async def _survivor_page(case_id: int, survivor_id: int | None) -> FormPage:
    advocates = (
        await User.select(User.id, User.name)
        .where((User.role == Role.ADVOCATE) & (User.active == True))  # noqa: E712
        .order_by(User.name)
    )
    return FormPage(
        title="Edit the survivor" if survivor_id else "Add a survivor",
        action=f"/survivors/{survivor_id}/edit"
        if survivor_id
        else f"/cases/{case_id}/survivors/new",
        button="Save the survivor",
        back=f"/cases/{case_id}#survivors",
        back_label="Back to the case",
        intro="Only a pseudonym here: who the survivor is, her advocate records on her own page.",
        fields=(
            Field(
                "pseudonym",
                "Pseudonym",
                hint="Coded initials as the court writes them, e.g. AAA or AAA-2. Never a name.",
            ),
            Field("age_band", "Age when testifying", "select", choices(AgeBand), blank="Choose…"),
            Field("sex", "Sex", "select", choices(Sex)),
            Field("preferred_language", "Language she prefers", "select", choices(Language)),
            Field(
                "advocate_id",
                "Advocate",
                "select",
                tuple((str(a["id"]), a["name"]) for a in advocates),
                blank="None yet",
                hint="Only the case's lead prosecutor or an admin may assign one.",
            ),
        ),
    )


def _survivor_values(data: SurvivorForm) -> dict[str, Any]:
    return {
        "pseudonym": data.pseudonym.strip().upper(),
        "age_band": data.age_band,
        "sex": data.sex,
        "preferred_language": data.preferred_language,
        "advocate_id": _chosen_id(data.advocate_id, "advocate_id"),
    }


@get("/cases/{case_id:int}/survivors/new")
async def new_survivor_form(request: Request[Any, Any, Any], case_id: FromPath[PathId]) -> Template:
    actor = signed_in(request)
    await cases.get_case(actor, case_id)
    return _form_page(request, await _survivor_page(case_id, None), SurvivorForm())


@post("/cases/{case_id:int}/survivors/new")
async def new_survivor_submit(
    request: Request[Any, Any, Any], case_id: FromPath[PathId], data: URLEncodedBody[SurvivorForm]
) -> Template | Redirect:
    actor = signed_in(request)
    await cases.get_case(actor, case_id)
    try:
        made = await cases.add_survivor(
            actor, case_id, convert(_survivor_values(data), SurvivorCreate)
        )
    except (InvalidInput, Conflict) as error:
        page = await _survivor_page(case_id, None)
        if isinstance(error, Conflict):
            error = InvalidInput.field("pseudonym", error.detail)
        return _refused(request, page, data, error, "pseudonym")
    return see_other(f"/cases/{case_id}#survivor-{made.id}", done="survivor")


@get("/survivors/{survivor_id:int}/edit")
async def edit_survivor_form(
    request: Request[Any, Any, Any], survivor_id: FromPath[PathId]
) -> Template:
    actor = signed_in(request)
    s = await cases.get_survivor(actor, survivor_id)
    current = _survivor_form(s)
    form = msgspec.structs.replace(current, version=str(s.version), original=opened_with(current))
    return _form_page(request, await _survivor_page(s.case_id, survivor_id), form)


def _survivor_form(s: SurvivorRead) -> SurvivorForm:
    return SurvivorForm(
        pseudonym=s.pseudonym,
        age_band=str(s.age_band),
        sex=str(s.sex),
        preferred_language=str(s.preferred_language),
        advocate_id=str(s.advocate_id or ""),
    )


@post("/survivors/{survivor_id:int}/edit")
async def edit_survivor_submit(
    request: Request[Any, Any, Any],
    survivor_id: FromPath[PathId],
    data: URLEncodedBody[SurvivorForm],
) -> Template | Redirect:
    actor = signed_in(request)
    s = await cases.get_survivor(actor, survivor_id)
    page = await _survivor_page(s.case_id, survivor_id)
    try:
        version = whole_number(data.version, "version")
        changed = touched(data, _survivor_form(s))
        typed = {k: v for k, v in _survivor_values(data).items() if k in changed}
        await cases.update_survivor(actor, survivor_id, convert(typed, SurvivorUpdate), version)
    except (InvalidInput, Conflict) as error:
        if isinstance(error, Conflict):
            error = InvalidInput.field("pseudonym", error.detail)
        return _refused(request, page, data, error, "pseudonym")
    except StaleEdit:
        stale = await last_change(s.case_id, "survivor", survivor_id)
        kept = merged(data, _survivor_form(s), s.version)
        return _form_page(request, page, kept, stale=stale, status_code=412)
    return see_other(f"/cases/{s.case_id}#survivor-{survivor_id}", done="survivor")


# --- witnesses -----------------------------------------------------------------------------


class WitnessForm(msgspec.Struct, kw_only=True):
    kind: str = ""
    survivor_id: str = ""
    name: str = ""
    agency: str = ""
    protected: str = ""
    version: str = ""
    original: str = ""


async def _witness_page(actor: Actor, case_id: int, witness_id: int | None) -> FormPage:
    survivors, _ = await cases.list_survivors(actor, case_id, limit=500, offset=0)
    name_hint = "Name and rank or title, e.g. PCpl. Ana Lim. Empty for a survivor."
    fields: tuple[Field, ...] = (
        Field("name", "Name", hint=name_hint),
        Field("agency", "Agency", hint="e.g. PNP-WCPC, NBI, DSWD."),
        Field("protected", "In the witness protection programme", "checkbox"),
    )
    if witness_id is None:
        fields = (
            Field("kind", "Kind of witness", "select", choices(WitnessKind), blank="Choose…"),
            Field(
                "survivor_id",
                "Survivor",
                "select",
                tuple((str(s.id), s.pseudonym) for s in survivors),
                blank="Not a survivor",
                hint="For a survivor witness only: she is shown by her pseudonym.",
            ),
            *fields,
        )
    return FormPage(
        title="Edit the witness" if witness_id else "Add a witness",
        action=f"/witnesses/{witness_id}/edit" if witness_id else f"/cases/{case_id}/witnesses/new",
        button="Save the witness",
        back=f"/cases/{case_id}#witnesses",
        back_label="Back to the case",
        intro="What each witness needs at a hearing (a support person, a screen, an interpreter, "
        "…) is listed on the hearing's page.",
        fields=fields,
    )


@get("/cases/{case_id:int}/witnesses/new")
async def new_witness_form(request: Request[Any, Any, Any], case_id: FromPath[PathId]) -> Template:
    actor = signed_in(request)
    await cases.get_case(actor, case_id)
    return _form_page(request, await _witness_page(actor, case_id, None), WitnessForm())


@post("/cases/{case_id:int}/witnesses/new")
async def new_witness_submit(
    request: Request[Any, Any, Any], case_id: FromPath[PathId], data: URLEncodedBody[WitnessForm]
) -> Template | Redirect:
    actor = signed_in(request)
    await cases.get_case(actor, case_id)
    try:
        values = {
            "kind": data.kind,
            "survivor_id": _chosen_id(data.survivor_id, "survivor_id"),
            "name": data.name.strip(),
            "agency": data.agency.strip(),
            "protected": bool(data.protected),
        }
        witness = await cases.add_witness(actor, case_id, convert(values, WitnessCreate))
    except InvalidInput as error:
        page = await _witness_page(actor, case_id, None)
        return _refused(request, page, data, error, "kind")
    return see_other(f"/cases/{case_id}#witness-{witness.id}", done="witness")


@get("/witnesses/{witness_id:int}/edit")
async def edit_witness_form(
    request: Request[Any, Any, Any], witness_id: FromPath[PathId]
) -> Template:
    actor = signed_in(request)
    w = await cases.get_witness(actor, witness_id)
    current = _witness_form(w)
    form = msgspec.structs.replace(current, version=str(w.version), original=opened_with(current))
    return _form_page(request, await _witness_page(actor, w.case_id, witness_id), form)


def _witness_form(w: WitnessRead) -> WitnessForm:
    return WitnessForm(
        kind=str(w.kind),
        name="" if w.survivor_id is not None else w.name,
        agency=w.agency,
        protected="1" if w.protected else "",
    )


@post("/witnesses/{witness_id:int}/edit")
async def edit_witness_submit(
    request: Request[Any, Any, Any],
    witness_id: FromPath[PathId],
    data: URLEncodedBody[WitnessForm],
) -> Template | Redirect:
    actor = signed_in(request)
    w = await cases.get_witness(actor, witness_id)
    page = await _witness_page(actor, w.case_id, witness_id)
    try:
        version = whole_number(data.version, "version")
        changed = touched(data, _witness_form(w))
        typed = {
            "name": data.name.strip(),
            "agency": data.agency.strip(),
            "protected": bool(data.protected),
        }
        typed = {k: v for k, v in typed.items() if k in changed}
        await cases.update_witness(actor, witness_id, convert(typed, WitnessUpdate), version)
    except InvalidInput as error:
        return _refused(request, page, data, error, "name")
    except StaleEdit:
        stale = await last_change(w.case_id, "witness", witness_id)
        kept = merged(data, _witness_form(w), w.version)
        return _form_page(request, page, kept, stale=stale, status_code=412)
    return see_other(f"/cases/{w.case_id}#witness-{witness_id}", done="witness")


# --- the case's dates (what marks deadlines as met) ----------------------------------------

#: Each date of docket.deadlines.schemas.DATE_FIELDS as the lawyer knows it, with what it
#: counts for (the rules themselves are in docket/deadlines/rules.toml, with their sources).
DATE_LABELS = {
    "pi_assigned_on": "Preliminary investigation assigned",
    "pi_resolved_on": "Preliminary investigation resolved",
    "complaint_filed_on": "Complaint filed",
    "court_received_on": "Information received by the court",
    "jurisdiction_acquired_on": "Court acquired jurisdiction over the accused",
    "pretrial_order_received_on": "Pre-trial order received",
    "prosecution_rested_on": "Prosecution rested",
    "trial_completed_on": "Trial completed (last day of trial)",
    "first_bail_hearing_on": "First bail hearing",
    "bail_resolved_on": "Bail petition resolved",
    "decided_on": "Decided",
    "promulgated_on": "Judgment promulgated",
    "judgment_mr_filed_on": "Motion for reconsideration of the judgment filed",
    "judgment_mr_denial_received_on": "Denial of that motion received",
    "notice_of_appeal_filed_on": "Notice of appeal filed",
    "warrant_delivered_on": "Warrant of arrest delivered for service",
    "accused_arrested_on": "Accused arrested",
    "released_on": "Accused released",
    "discovered_on": "Offence discovered",
    "report_received_on": "Report received by the police",
    "investigation_started_on": "Police investigation started",
    "warrantless_arrest_on": "Arrest without a warrant",
    "inquest_referred_on": "Referred for inquest",
    "complaint_records_received_on": "Complaint records received by the investigating prosecutor",
    "subpoena_issued_on": "Subpoena issued to the respondent",
    "subpoena_received_on": "Subpoena received by the respondent",
    "counter_affidavit_filed_on": "Counter-affidavit filed",
    "pi_hearing_held_on": "Clarificatory hearing held",
    "waiver_pi_started_on": "Preliminary investigation after a waiver started",
    "inquest_information_known_on": "Accused learned of the information filed after inquest",
    "pi_requested_on": "Preliminary investigation asked for after inquest",
    "resolution_approved_on": "Resolution acted on by the head of office",
    "resolution_received_on": "Resolution received by the parties",
    "resolution_mr_filed_on": "Motion for reconsideration of the resolution filed",
    "resolution_mr_denial_received_on": "Denial of that motion received",
    "petition_for_review_filed_on": "Petition for review filed",
    "review_resolved_on": "Petition for review resolved",
    "information_filed_on": "Information filed",
    "information_evaluated_on": "Information evaluated by the judge",
    "demurrer_leave_granted_on": "Leave to file a demurrer granted",
    "demurrer_filed_on": "Demurrer to evidence filed",
    "demurrer_comment_on": "Prosecution's comment on the demurrer (or its period lapsed)",
    "demurrer_resolved_on": "Demurrer resolved",
    "judgment_entered_on": "Judgment entered",
    "tapes_destroyed_on": "Child's recorded testimony destroyed",
}
FINDING_LABELS = {
    # RA 9208 s6(c): three or more persons conspiring, or three or more victims.
    "syndicate": "Committed by a syndicate (three or more conspiring)",
    "large_scale": "Committed in large scale (three or more victims)",
    # DOJ DC 015 (2024) s10: optional; when one is set it is held within 30 days.
    "clarificatory_hearing": "A clarificatory hearing was set",
}
_FINDING_CHOICES = (("", "Not recorded"), ("yes", "Yes"), ("no", "No"))
_FINDING_VALUE = {"": None, "yes": True, "no": False}


class FactsForm(msgspec.Struct, kw_only=True):
    """The dates form: every field of DATE_FIELDS and FINDING_FIELDS, as typed."""

    pi_assigned_on: str = ""
    pi_resolved_on: str = ""
    complaint_filed_on: str = ""
    court_received_on: str = ""
    jurisdiction_acquired_on: str = ""
    pretrial_order_received_on: str = ""
    prosecution_rested_on: str = ""
    trial_completed_on: str = ""
    first_bail_hearing_on: str = ""
    bail_resolved_on: str = ""
    decided_on: str = ""
    promulgated_on: str = ""
    judgment_mr_filed_on: str = ""
    judgment_mr_denial_received_on: str = ""
    notice_of_appeal_filed_on: str = ""
    warrant_delivered_on: str = ""
    accused_arrested_on: str = ""
    released_on: str = ""
    discovered_on: str = ""
    report_received_on: str = ""
    investigation_started_on: str = ""
    warrantless_arrest_on: str = ""
    inquest_referred_on: str = ""
    complaint_records_received_on: str = ""
    subpoena_issued_on: str = ""
    subpoena_received_on: str = ""
    counter_affidavit_filed_on: str = ""
    pi_hearing_held_on: str = ""
    waiver_pi_started_on: str = ""
    inquest_information_known_on: str = ""
    pi_requested_on: str = ""
    resolution_approved_on: str = ""
    resolution_received_on: str = ""
    resolution_mr_filed_on: str = ""
    resolution_mr_denial_received_on: str = ""
    petition_for_review_filed_on: str = ""
    review_resolved_on: str = ""
    information_filed_on: str = ""
    information_evaluated_on: str = ""
    demurrer_leave_granted_on: str = ""
    demurrer_filed_on: str = ""
    demurrer_comment_on: str = ""
    demurrer_resolved_on: str = ""
    judgment_entered_on: str = ""
    tapes_destroyed_on: str = ""
    syndicate: str = ""
    large_scale: str = ""
    clarificatory_hearing: str = ""
    version: str = ""
    original: str = ""


# A date added to the case's facts needs its words and its field here, or the app stops.
if set(DATE_LABELS) != set(DATE_FIELDS) or set(FactsForm.__struct_fields__) != {
    *DATE_FIELDS,
    *FINDING_FIELDS,
    "version",
    "original",
}:
    raise RuntimeError("the case's dates form does not match DATE_FIELDS and FINDING_FIELDS")


def _facts_page(case_id: int) -> FormPage:
    return FormPage(
        title="The case's dates",
        action=f"/cases/{case_id}/facts",
        button="Save the dates",
        back=f"/cases/{case_id}#deadlines",
        back_label="Back to the case",
        intro="Enter the day each thing happened: the deadlines it meets are then shown as met. "
        "Leave a date empty if it has not happened.",
        fields=(
            *(Field(name, DATE_LABELS[name], "date") for name in DATE_FIELDS),
            *(
                Field(name, FINDING_LABELS[name], "select", _FINDING_CHOICES)
                for name in FINDING_FIELDS
            ),
        ),
    )


def _facts_values(form: FactsForm) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in DATE_FIELDS:
        values[name] = optional_date(getattr(form, name), name)
    for name in FINDING_FIELDS:
        chosen = getattr(form, name)
        if chosen not in _FINDING_VALUE:
            raise InvalidInput.field(name, "choose one of the options")
        values[name] = _FINDING_VALUE[chosen]
    return values


def _facts_form(stored: CaseFactsRead) -> FactsForm:
    texts = {name: (getattr(stored, name) or "") for name in DATE_FIELDS}
    texts = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in texts.items()}
    for name in FINDING_FIELDS:
        value = getattr(stored, name)
        texts[name] = "" if value is None else ("yes" if value else "no")
    return FactsForm(**texts)


@get("/cases/{case_id:int}/facts")
async def facts_form(request: Request[Any, Any, Any], case_id: FromPath[PathId]) -> Template:
    actor = signed_in(request)
    await cases.get_case(actor, case_id)
    stored = await get_case_facts(actor, case_id)
    current = _facts_form(stored)
    form = msgspec.structs.replace(
        current, version=str(stored.version), original=opened_with(current)
    )
    return _form_page(request, _facts_page(case_id), form)


@post("/cases/{case_id:int}/facts")
async def facts_submit(
    request: Request[Any, Any, Any], case_id: FromPath[PathId], data: URLEncodedBody[FactsForm]
) -> Template | Redirect:
    actor = signed_in(request)
    await cases.get_case(actor, case_id)
    stored = await get_case_facts(actor, case_id)
    page = _facts_page(case_id)
    try:
        version = whole_number(data.version, "version")
        # Only the dates the person changed: one entered meanwhile by someone else stays.
        changed = touched(data, _facts_form(stored))
        typed = {k: v for k, v in _facts_values(data).items() if k in changed}
        update = convert(typed, CaseFactsUpdate)
        await update_case_facts(actor, case_id, update, version)
    except InvalidInput as error:
        return _refused(request, page, data, error, DATE_FIELDS[0])
    except StaleEdit:
        row = await CaseDates.select(CaseDates.id).where(CaseDates.case == case_id).first()
        stale = await last_change(case_id, "case_facts", row["id"] if row else 0)
        kept = merged(data, _facts_form(stored), stored.version)
        return _form_page(request, page, kept, stale=stale, status_code=412)
    return see_other(f"/cases/{case_id}#deadlines", done="facts")


# --- correcting a hearing ------------------------------------------------------------------


class HearingEditForm(msgspec.Struct, kw_only=True):
    kind: str = ""
    date: str = ""
    starts: str = ""
    ends: str = ""
    mode: str = ""
    room: str = ""
    video_link: str = ""
    #: A.M. 20-12-01-SC as amended by A.M. 24-11-02-SC (docket.hearings.services).
    video_motion_granted_on: str = ""
    video_order: str = ""
    confrontation_waived_on: str = ""
    #: "1" (checked) when the evidence to be presented includes exploitation material.
    shows_exploitation_material: str = ""
    version: str = ""


def _hearing_edit_page(hearing: HearingRead) -> FormPage:
    return FormPage(
        title="Correct the hearing",
        action=f"/hearings/{hearing.id}/edit",
        button="Save the correction",
        back=f"/hearings/{hearing.id}",
        back_label="Back to the hearing",
        intro="For a time, room or way of holding it that was entered wrong. If the court moved "
        "the hearing, record a reset instead (Record outcome), so its history says why.",
        fields=(
            Field("kind", "Kind of hearing", "select", choices(HearingKind)),
            Field("date", "Date", "date"),
            Field("starts", "Start time", "time", hint="In the court's time."),
            Field("ends", "End time", "time"),
            Field("mode", "How it is held", "select", choices(HearingMode)),
            Field("room", "Room"),
            Field("video_link", "Video link", hint="https://…, for a videoconference."),
            Field("video_motion_granted_on", "Motion for videoconference granted on", "date"),
            Field("video_order", "The order granting it", hint="e.g. “Order of 3 Nov 2026”"),
            Field(
                "confrontation_waived_on",
                "Accused waived face-to-face confrontation on",
                "date",
                hint="In a criminal case the motion carries the accused's waiver.",
            ),
            Field(
                "shows_exploitation_material",
                "The evidence to be presented includes exploitation material (CSAEM)",
                "checkbox",
            ),
        ),
    )


async def _zone(actor: Actor, hearing: HearingRead) -> str:
    court = await get_court(actor, hearing.court_id)
    return court.timezone or COURT_ZONE


def _hearing_edit_form(hearing: HearingRead, zone: str) -> HearingEditForm:
    from docket.courts.zones import zone_of

    starts = hearing.starts_at.astimezone(zone_of(zone))
    ends = hearing.ends_at.astimezone(zone_of(zone))
    return HearingEditForm(
        kind=str(hearing.kind),
        date=starts.date().isoformat(),
        starts=f"{starts:%H:%M}",
        ends=f"{ends:%H:%M}",
        mode=str(hearing.mode),
        room=hearing.room,
        video_link=hearing.video_link,
        video_motion_granted_on=(
            hearing.video_motion_granted_on.isoformat() if hearing.video_motion_granted_on else ""
        ),
        video_order=hearing.video_order,
        confrontation_waived_on=(
            hearing.confrontation_waived_on.isoformat() if hearing.confrontation_waived_on else ""
        ),
        shows_exploitation_material="1" if hearing.shows_exploitation_material else "",
        version=str(hearing.version),
    )


@get("/hearings/{hearing_id:int}/edit")
async def edit_hearing_form(
    request: Request[Any, Any, Any], hearing_id: FromPath[PathId]
) -> Template:
    actor = signed_in(request)
    hearing = await get_hearing(actor, hearing_id)
    form = _hearing_edit_form(hearing, await _zone(actor, hearing))
    return _form_page(request, _hearing_edit_page(hearing), form)


@post("/hearings/{hearing_id:int}/edit")
async def edit_hearing_submit(
    request: Request[Any, Any, Any],
    hearing_id: FromPath[PathId],
    data: URLEncodedBody[HearingEditForm],
) -> Template | Redirect:
    actor = signed_in(request)
    hearing = await get_hearing(actor, hearing_id)
    zone = await _zone(actor, hearing)
    page = _hearing_edit_page(hearing)
    try:
        version = whole_number(data.version, "version")
        starts_at = instant(
            data.date, data.starts, zone=zone, date_field="date", time_field="starts"
        )
        ends_at = instant(data.date, data.ends, zone=zone, date_field="date", time_field="ends")
        typed = {
            "kind": data.kind,
            "starts_at": starts_at,
            "ends_at": ends_at,
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
            "shows_exploitation_material": bool(data.shows_exploitation_material),
        }
        before = {
            "kind": str(hearing.kind),
            "starts_at": hearing.starts_at,
            "ends_at": hearing.ends_at,
            "mode": str(hearing.mode),
            "room": hearing.room,
            "video_link": hearing.video_link,
            "video_motion_granted_on": hearing.video_motion_granted_on,
            "video_order": hearing.video_order,
            "confrontation_waived_on": hearing.confrontation_waived_on,
            "shows_exploitation_material": hearing.shows_exploitation_material,
        }
        changed = {
            k: (v.isoformat() if isinstance(v, (dt.datetime, dt.date)) else v)
            for k, v in typed.items()
            if v != before[k]
        }
        await update_hearing(actor, hearing_id, convert(changed, HearingUpdate), version)
    except InvalidInput as error:
        return _refused(
            request,
            page,
            data,
            error,
            "date",
            starts_at=("starts", "Start time"),
            ends_at=("ends", "End time"),
            court_id=("date", "Court"),
        )
    except StaleEdit:
        stale = await last_change(hearing.case_id, "hearing", hearing_id, zone=zone)
        kept = msgspec.structs.replace(data, version=str(hearing.version))
        return _form_page(request, page, kept, stale=stale, status_code=412)
    return see_other(f"/hearings/{hearing_id}", done="hearing-corrected")


# --- striking what was entered by mistake --------------------------------------------------


class StrikeForm(msgspec.Struct, kw_only=True):
    reason: str = ""
    version: str = ""


def _strike_page(title: str, action: str, back: str, what: str) -> FormPage:
    return FormPage(
        title=title,
        action=action,
        button="Strike it",
        back=back,
        back_label="Back, without striking",
        intro=f"Only for {what} entered by mistake. It is not deleted: it stays in the case's "
        "history, struck through, with your name, the time and your reason, and no longer "
        "counts for deadlines.",
        fields=(Field("reason", "Why it was a mistake", "textarea", hint="e.g. “Entered twice”."),),
    )


def _charge_strike_page(charge_id: int, case_id: int) -> FormPage:
    return _strike_page(
        "Strike a charge",
        f"/charges/{charge_id}/strike",
        f"/cases/{case_id}#charge-{charge_id}",
        "a charge",
    )


@get("/charges/{charge_id:int}/strike")
async def strike_charge_form(
    request: Request[Any, Any, Any], charge_id: FromPath[PathId]
) -> Template:
    actor = signed_in(request)
    charge = await cases.get_charge(actor, charge_id)
    page = _charge_strike_page(charge_id, charge.case_id)
    return _form_page(request, page, StrikeForm(version=str(charge.version)))


@post("/charges/{charge_id:int}/strike")
async def strike_charge_submit(
    request: Request[Any, Any, Any], charge_id: FromPath[PathId], data: URLEncodedBody[StrikeForm]
) -> Template | Redirect:
    actor = signed_in(request)
    charge = await cases.get_charge(actor, charge_id)
    page = _charge_strike_page(charge_id, charge.case_id)
    try:
        strike = convert({"reason": data.reason.strip()}, Strike)
        await cases.strike_charge(actor, charge_id, strike, whole_number(data.version, "version"))
    except InvalidInput as error:
        return _refused(request, page, data, error, "reason")
    except Conflict as error:
        errors = {"reason": f"{error.detail}."}
        return _form_page(request, page, data, errors=errors, status_code=409)
    except StaleEdit:
        stale = await last_change(charge.case_id, "charge", charge_id)
        kept = msgspec.structs.replace(data, version=str(charge.version))
        return _form_page(request, page, kept, stale=stale, status_code=412)
    return see_other(f"/cases/{charge.case_id}#charge-{charge_id}", done="charge-struck")


def _hearing_strike_page(hearing_id: int) -> FormPage:
    return _strike_page(
        "Strike a hearing",
        f"/hearings/{hearing_id}/strike",
        f"/hearings/{hearing_id}",
        "a hearing",
    )


@get("/hearings/{hearing_id:int}/strike")
async def strike_hearing_form(
    request: Request[Any, Any, Any], hearing_id: FromPath[PathId]
) -> Template:
    actor = signed_in(request)
    hearing = await get_hearing(actor, hearing_id)
    page = _hearing_strike_page(hearing_id)
    return _form_page(request, page, StrikeForm(version=str(hearing.version)))


@post("/hearings/{hearing_id:int}/strike")
async def strike_hearing_submit(
    request: Request[Any, Any, Any],
    hearing_id: FromPath[PathId],
    data: URLEncodedBody[StrikeForm],
) -> Template | Redirect:
    actor = signed_in(request)
    hearing = await get_hearing(actor, hearing_id)
    page = _hearing_strike_page(hearing_id)
    try:
        strike = convert({"reason": data.reason.strip()}, Strike)
        await strike_hearing(actor, hearing_id, strike, whole_number(data.version, "version"))
    except InvalidInput as error:
        return _refused(request, page, data, error, "reason")
    except Conflict as error:
        errors = {"reason": f"{error.detail}."}
        return _form_page(request, page, data, errors=errors, status_code=409)
    except StaleEdit:
        stale = await last_change(hearing.case_id, "hearing", hearing_id)
        kept = msgspec.structs.replace(data, version=str(hearing.version))
        return _form_page(request, page, kept, stale=stale, status_code=412)
    return see_other(f"/hearings/{hearing_id}", done="hearing-struck")

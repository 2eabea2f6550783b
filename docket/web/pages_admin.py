"""Office administration for admins (/admin): people's accounts, teams and their members,
courts and their time zones, and the audit trail; and who works on a case (/cases/{id}/people,
for its lead prosecutor too). The same services as the API, which own the
transactions and write the audit records; anyone but an admin gets the 403 page.

A new password (made for a new account, or by a reset) is shown once on the answer to the form
that made it, never again and never in a link.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import msgspec
from litestar import Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from docket.accounts import services as accounts
from docket.accounts import tokens, two_step
from docket.accounts.choices import Role
from docket.accounts.services import Actor
from docket.audit.services import read_trail
from docket.cases import services as cases
from docket.cases.access import require_lead_or_admin
from docket.cases.assignments import add_member, change_lead, remove_member
from docket.cases.schemas import LeadChange, MemberAdd
from docket.courts import services as courts
from docket.courts.schemas import CourtCreate, CourtRead, CourtUpdate
from docket.courts.zones import PHILIPPINES, known_zones
from docket.errors import Conflict, InvalidInput, NotFound, StaleEdit
from docket.params import FromPath, PathId
from docket.web.changes import last_change, user_names
from docket.web.forms import convert, field_errors, optional_date, whole_number
from docket.web.page import render, see_other, signed_in
from docket.web.words import COURT_ZONE, when

#: Rows of the audit trail a page shows.
AUDIT_PAGE_SIZE = 50

#: Messages after an admin's form worked (?done=...): fixed words, never user input.
ADMIN_DONE = {
    "disabled": "The account is disabled: its sessions and API tokens stopped at once.",
    "unlocked": "The account is unlocked: the person can log in again now.",
    "two-step-reset": "Two-step login was reset: their sessions ended, and they are told at their "
    "next login to set it up again.",
    "token-revoked": "The token was revoked; it no longer works.",
    "team": "The team was made.",
    "renamed": "The team was renamed.",
    "member-added": "The person was added to the team.",
    "member-removed": "The person was taken out of the team.",
    "court": "The court was added.",
    "court-saved": "The court was saved.",
}


def _page(request: Request[Any, Any, Any], template: str, **context: Any) -> Template:
    done = ADMIN_DONE.get(request.query_params.get("done", ""))
    return render(request, template, admin_done=done, **context)


@get("/admin")
async def admin_home(request: Request[Any, Any, Any]) -> Template:
    signed_in(request)
    return _page(request, "pages/admin/index.html")


# --- people's accounts -------------------------------------------------------------------------


class NewUserForm(msgspec.Struct, kw_only=True):
    name: str = ""
    email: str = ""
    role: str = ""
    office_id: str = ""
    #: How the first password is chosen: "generated" by Docket (shown once on the answer) or
    #: "typed" by the admin (password and password_again).
    pick: str = "generated"
    password: str = ""
    password_again: str = ""


_USER_FIELDS = {
    "name": ("name", "Name"),
    "email": ("email", "Email"),
    "role": ("role", "Role"),
    "office_id": ("office_id", "Office"),
    "password": ("password", "First password"),
    "password_again": ("password_again", "First password again"),
}


async def _users_page(
    request: Request[Any, Any, Any],
    *,
    form: NewUserForm | None = None,
    errors: dict[str, str] | None = None,
    made: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    # Passwords are never sent back into the page.
    kept = msgspec.structs.replace(form or NewUserForm(), password="", password_again="")
    return _page(
        request,
        "pages/admin/users.html",
        status_code=status_code,
        users=await accounts.user_overview(actor),
        office_options=await _office_options(),
        roles=list(Role),
        form=kept,
        errors=errors or {},
        made=made,
    )


@get("/admin/users")
async def users_page(request: Request[Any, Any, Any]) -> Template:
    return await _users_page(request)


async def _office_options() -> list[tuple[int, str]]:
    return [(row["id"], row["name"]) for row in await accounts.list_offices()]


#: The largest id a record can have (the columns are 32-bit integers): a larger number typed
#: into a filter is refused by name, not sent to PostgreSQL to fail there.
_LARGEST_ID = 2**31 - 1


def _optional_id(text: str, field: str) -> int | None:
    """A record's id chosen or typed in a form, or None when left empty."""
    if not text.strip():
        return None
    number = whole_number(text, field)
    if not 1 <= number <= _LARGEST_ID:
        raise InvalidInput.field(field, "is not the number of any record")
    return number


@post("/admin/users")
async def create_user_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[NewUserForm]
) -> Template:
    actor = signed_in(request)
    try:
        if data.role not in {role.value for role in Role}:
            raise InvalidInput.field("role", "choose one of the roles")
        if data.pick == "typed":
            password = data.password
            if password != data.password_again:
                raise InvalidInput.field("password_again", "is not the same as the first")
        else:
            password = accounts.generated_password()
        made = await accounts.create_user(
            actor.id,
            email=data.email,
            name=data.name,
            role=Role(data.role),
            password=password,
            office_id=_optional_id(data.office_id, "office_id"),
        )
    except InvalidInput as error:
        errors = field_errors(error.errors, _USER_FIELDS, "name")
        return await _users_page(request, form=data, errors=errors, status_code=400)
    except Conflict as error:
        errors = {"email": f"{error.detail}."}
        return await _users_page(request, form=data, errors=errors, status_code=409)
    shown = {**made, "password": password if data.pick != "typed" else None}
    return await _users_page(request, made=shown, status_code=201)


async def _user_page(
    request: Request[Any, Any, Any],
    user_id: int,
    *,
    new_password: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    return _page(
        request,
        "pages/admin/user.html",
        status_code=status_code,
        user=await accounts.get_user(actor, user_id),
        tokens=await tokens.list_tokens(actor, user_id=user_id),
        new_password=new_password,
        error=error,
    )


@get("/admin/users/{user_id:int}")
async def user_page(request: Request[Any, Any, Any], user_id: FromPath[PathId]) -> Template:
    return await _user_page(request, user_id)


@post("/admin/users/{user_id:int}/disable")
async def disable_user_submit(
    request: Request[Any, Any, Any], user_id: FromPath[PathId]
) -> Template | Redirect:
    actor = signed_in(request)
    user = await accounts.get_user(actor, user_id)
    if user_id == actor.id:
        return await _user_page(
            request,
            user_id,
            error="You cannot disable your own account: ask another admin.",
            status_code=409,
        )
    await accounts.disable_user(actor.id, user["email"])
    return see_other(f"/admin/users/{user_id}", done="disabled")


@post("/admin/users/{user_id:int}/password")
async def reset_password_submit(
    request: Request[Any, Any, Any], user_id: FromPath[PathId]
) -> Template:
    """The new password is on this answer only (a reload does not make another)."""
    actor = signed_in(request)
    try:
        password = await accounts.reset_password(actor, user_id)
    except Conflict as error:
        return await _user_page(request, user_id, error=error.detail, status_code=409)
    return await _user_page(request, user_id, new_password=password)


@post("/admin/users/{user_id:int}/unlock")
async def unlock_user_submit(
    request: Request[Any, Any, Any], user_id: FromPath[PathId]
) -> Redirect:
    actor = signed_in(request)
    await accounts.unlock_user(actor.id, user_id=user_id)
    return see_other(f"/admin/users/{user_id}", done="unlocked")


@post("/admin/users/{user_id:int}/two-step/reset")
async def reset_two_step_submit(
    request: Request[Any, Any, Any], user_id: FromPath[PathId]
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        await two_step.reset_totp(actor, user_id)
    except Conflict as error:
        return await _user_page(request, user_id, error=f"{error.detail}.", status_code=409)
    return see_other(f"/admin/users/{user_id}", done="two-step-reset")


@post("/admin/users/{user_id:int}/tokens/{token_id:int}/revoke")
async def revoke_user_token_submit(
    request: Request[Any, Any, Any], user_id: FromPath[PathId], token_id: FromPath[PathId]
) -> Redirect:
    actor = signed_in(request)
    if not any(t.id == token_id for t in await tokens.list_tokens(actor, user_id=user_id)):
        raise NotFound("token")
    await tokens.revoke_token(actor, token_id)
    return see_other(f"/admin/users/{user_id}", done="token-revoked")


# --- teams -------------------------------------------------------------------------------------


class TeamForm(msgspec.Struct, kw_only=True):
    name: str = ""
    office_id: str = ""


class MemberForm(msgspec.Struct, kw_only=True):
    user_id: str = ""


async def _teams_page(
    request: Request[Any, Any, Any],
    *,
    form: TeamForm | None = None,
    errors: dict[str, str] | None = None,
    team_errors: dict[int, str] | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    return _page(
        request,
        "pages/admin/teams.html",
        status_code=status_code,
        teams=await accounts.teams_with_members(actor),
        people=[u for u in await accounts.user_overview(actor) if u["active"]],
        office_options=await _office_options(),
        form=form or TeamForm(),
        errors=errors or {},
        team_errors=team_errors or {},
        # The team the message after a form is about: shown in its card, not at the top.
        done_team=request.query_params.get("team", ""),
    )


@get("/admin/teams")
async def teams_page(request: Request[Any, Any, Any]) -> Template:
    return await _teams_page(request)


@post("/admin/teams")
async def create_team_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[TeamForm]
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        team = await accounts.create_team(
            actor, name=data.name, office_id=_optional_id(data.office_id, "office_id")
        )
    except InvalidInput as error:
        fields = {"name": ("name", "Team name"), "office_id": ("office_id", "Office")}
        errors = field_errors(error.errors, fields, "name")
        return await _teams_page(request, form=data, errors=errors, status_code=400)
    return see_other(_at_team(team["id"]), done="team")


def _at_team(team_id: int) -> str:
    """Back to the team's own card, where the message after the form is shown: the
    confirmation is where the person is looking, not at the top of a long page."""
    return f"/admin/teams?team={team_id}#team-{team_id}"


async def _team_refused(
    request: Request[Any, Any, Any], team_id: int, message: str, status_code: int
) -> Template:
    return await _teams_page(request, team_errors={team_id: message}, status_code=status_code)


@post("/admin/teams/{team_id:int}/rename")
async def rename_team_submit(
    request: Request[Any, Any, Any], team_id: FromPath[PathId], data: URLEncodedBody[TeamForm]
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        await accounts.rename_team(actor, team_id, name=data.name)
    except InvalidInput as error:
        found = field_errors(error.errors, {"name": ("name", "New name")}, "name")
        return await _team_refused(request, team_id, found["name"], 400)
    return see_other(_at_team(team_id), done="renamed")


@post("/admin/teams/{team_id:int}/members")
async def add_team_member_submit(
    request: Request[Any, Any, Any], team_id: FromPath[PathId], data: URLEncodedBody[MemberForm]
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        user_id = _optional_id(data.user_id, "user_id")
        if user_id is None:
            raise InvalidInput.field("user_id", "choose a person")
        await accounts.add_team_member(actor, team_id, user_id)
    except InvalidInput as error:
        found = field_errors(error.errors, {"user_id": ("user_id", "Person")}, "user_id")
        return await _team_refused(request, team_id, found["user_id"], 400)
    except Conflict as error:
        return await _team_refused(request, team_id, f"{error.detail}.", 409)
    return see_other(_at_team(team_id), done="member-added")


@post("/admin/teams/{team_id:int}/members/{user_id:int}/remove")
async def remove_team_member_submit(
    request: Request[Any, Any, Any], team_id: FromPath[PathId], user_id: FromPath[PathId]
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        await accounts.remove_team_member(actor, team_id, user_id)
    except Conflict as error:
        message = error.detail[:1].upper() + error.detail[1:] + "."
        return await _team_refused(request, team_id, message, 409)
    return see_other(_at_team(team_id), done="member-removed")


# --- courts ------------------------------------------------------------------------------------


def zone_choices() -> list[str]:
    """Every zone of the tz database, the Philippines' first."""
    return [PHILIPPINES, *sorted(z for z in known_zones() if z != PHILIPPINES)]


class CourtForm(msgspec.Struct, kw_only=True):
    name: str = ""
    address: str = ""
    timezone: str = PHILIPPINES
    family_court: str = ""
    version: str = ""
    #: The values the form was opened with: a save sends only the fields the person changed,
    #: so that saving again after someone else's edit never writes back what they did not touch.
    was_name: str = ""
    was_address: str = ""
    was_timezone: str = ""
    was_family_court: str = ""


_COURT_FIELDS = {
    "name": ("name", "Name"),
    "address": ("address", "Address"),
    "timezone": ("timezone", "Time zone"),
}


def _court_form(court: CourtRead) -> CourtForm:
    values = {
        "name": court.name,
        "address": court.address,
        "timezone": court.timezone,
        "family_court": "on" if court.family_court else "",
    }
    return CourtForm(
        **values,
        version=str(court.version),
        **{f"was_{key}": value for key, value in values.items()},
    )


async def _courts_page(
    request: Request[Any, Any, Any],
    *,
    form: CourtForm | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    return _page(
        request,
        "pages/admin/courts.html",
        status_code=status_code,
        courts=await courts.list_courts(actor),
        zones=zone_choices(),
        form=form or CourtForm(),
        errors=errors or {},
    )


@get("/admin/courts")
async def courts_page(request: Request[Any, Any, Any]) -> Template:
    return await _courts_page(request)


@post("/admin/courts")
async def create_court_submit(
    request: Request[Any, Any, Any], data: URLEncodedBody[CourtForm]
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        await courts.create_court(
            actor,
            convert(
                {
                    "name": data.name.strip(),
                    "address": data.address.strip(),
                    "timezone": data.timezone,
                    "family_court": bool(data.family_court),
                },
                CourtCreate,
            ),
        )
    except InvalidInput as error:
        errors = field_errors(error.errors, _COURT_FIELDS, "name")
        return await _courts_page(request, form=data, errors=errors, status_code=400)
    except Conflict as error:
        return await _courts_page(
            request, form=data, errors={"name": f"{error.detail}."}, status_code=409
        )
    return see_other("/admin/courts", done="court")


async def _court_edit(
    request: Request[Any, Any, Any],
    court: CourtRead,
    form: CourtForm,
    *,
    errors: dict[str, str] | None = None,
    stale: str | None = None,
    status_code: int = 200,
) -> Template:
    return _page(
        request,
        "pages/admin/court_form.html",
        status_code=status_code,
        court=court,
        zones=zone_choices(),
        form=form,
        errors=errors or {},
        stale=stale,
    )


@get("/admin/courts/{court_id:int}")
async def court_edit_form(request: Request[Any, Any, Any], court_id: FromPath[PathId]) -> Template:
    actor = signed_in(request)
    court = await courts.get_court(actor, court_id)
    return await _court_edit(request, court, _court_form(court))


@post("/admin/courts/{court_id:int}")
async def court_edit_submit(
    request: Request[Any, Any, Any], court_id: FromPath[PathId], data: URLEncodedBody[CourtForm]
) -> Template | Redirect:
    actor = signed_in(request)
    typed = {
        "name": data.name.strip(),
        "address": data.address.strip(),
        "timezone": data.timezone,
        "family_court": bool(data.family_court),
    }
    was = {
        "name": data.was_name,
        "address": data.was_address,
        "timezone": data.was_timezone,
        "family_court": bool(data.was_family_court),
    }
    changed = {key: value for key, value in typed.items() if value != was[key]}
    try:
        version = whole_number(data.version, "version")
        if changed:
            await courts.update_court(
                actor, court_id, convert(changed, CourtUpdate), version=version
            )
    except InvalidInput as error:
        court = await courts.get_court(actor, court_id)
        errors = field_errors(error.errors, _COURT_FIELDS, "name")
        return await _court_edit(request, court, data, errors=errors, status_code=400)
    except Conflict as error:
        court = await courts.get_court(actor, court_id)
        errors = {"name": f"{error.detail}."}
        return await _court_edit(request, court, data, errors=errors, status_code=409)
    except StaleEdit:
        court = await courts.get_court(actor, court_id)
        stale = await _court_changed_by(court_id)
        kept = msgspec.structs.replace(data, version=str(court.version))
        return await _court_edit(request, court, kept, stale=stale, status_code=412)
    return see_other("/admin/courts", done="court-saved")


async def _court_changed_by(court_id: int) -> str:
    """Who changed the court last and when, in words, from the audit trail."""
    rows, _total = await read_trail(
        case_id=None, actor_id=None, since=None, until=None, limit=200, offset=0
    )
    names = await user_names()
    for row in rows:
        if row["entity"] == "court" and row["entity_id"] == court_id:
            who = names.get(row["actor"], "the system") if row["actor"] else "the system"
            return f"{who} changed it on {when(row['at'])}."
    return "Someone changed it after you opened the form."


# --- the audit trail ---------------------------------------------------------------------------


class AuditFilter(msgspec.Struct, kw_only=True):
    case_id: int | None
    user_id: int | None
    action: str
    since: dt.date | None
    until: dt.date | None
    page: int


def _audit_filter(request: Request[Any, Any, Any]) -> AuditFilter:
    """The filters from the page's address, each refused by name when it cannot be read."""
    query = request.query_params
    text = {key: (query.get(key) or "").strip() for key in ("case", "user", "action")}
    found = AuditFilter(
        case_id=_optional_id(text["case"], "case"),
        user_id=_optional_id(text["user"], "user"),
        action=text["action"][:100],
        since=optional_date(query.get("since") or "", "since"),
        until=optional_date(query.get("until") or "", "until"),
        page=whole_number(query.get("page") or "1", "page"),
    )
    if found.page < 1:
        raise InvalidInput.field("page", "must be 1 or more")
    if found.since and found.until and found.until < found.since:
        raise InvalidInput.field("until", "must be on or after the first day")
    return found


def _day_start(day: dt.date | None) -> dt.datetime | None:
    """A day of the Philippines (the office's) as the instant it starts."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(), ZoneInfo(COURT_ZONE))


@get("/admin/audit")
async def audit_page(request: Request[Any, Any, Any]) -> Template:
    """The same trail and rows as GET /api/audit (identity fields arrive redacted), newest
    first, with the person's name beside their id."""
    signed_in(request)
    query = request.query_params
    shown = {key: (query.get(key) or "") for key in ("case", "user", "action", "since", "until")}
    names = await user_names()
    try:
        found = _audit_filter(request)
    except InvalidInput as error:
        fields = {key: (key, key.title()) for key in ("case", "user", "since", "until", "page")}
        return _page(
            request,
            "pages/admin/audit.html",
            status_code=400,
            rows=[],
            total=0,
            filters=shown,
            errors=field_errors(error.errors, fields, "case"),
            names=names,
            pages=0,
            page=1,
            link=lambda _page: "",
        )
    rows, total = await read_trail(
        case_id=found.case_id,
        actor_id=found.user_id,
        action=found.action or None,
        since=_day_start(found.since),
        until=_day_start(found.until + dt.timedelta(days=1)) if found.until else None,
        limit=AUDIT_PAGE_SIZE,
        offset=(found.page - 1) * AUDIT_PAGE_SIZE,
    )
    for row in rows:
        row["before"] = msgspec.json.decode(row["before"] or "{}")
        row["after"] = msgspec.json.decode(row["after"] or "{}")

    def link(page: int) -> str:
        kept = {key: value for key, value in shown.items() if value}
        return "/admin/audit?" + urlencode({**kept, "page": page})

    return _page(
        request,
        "pages/admin/audit.html",
        rows=rows,
        total=total,
        filters=shown,
        errors={},
        names=names,
        pages=max(1, -(-total // AUDIT_PAGE_SIZE)),
        page=found.page,
        link=link,
    )


# --- who works on a case (its lead prosecutor's decisions, or an admin's) ----------------------


class LeadForm(msgspec.Struct, kw_only=True):
    lead_prosecutor_id: str = ""
    version: str = ""


async def _case_people_page(
    request: Request[Any, Any, Any],
    case_id: int,
    *,
    errors: dict[str, str] | None = None,
    stale: str | None = None,
    status_code: int = 200,
) -> Template:
    actor = signed_in(request)
    case = await cases.get_case(actor, case_id)
    await require_lead_or_admin(actor, case_id, "change who works on the case")
    people = [u for u in await accounts.list_users() if u["active"]]
    on_case = {case.lead_prosecutor_id, *case.member_ids}
    return render(
        request,
        "pages/case_people.html",
        status_code=status_code,
        case=case,
        names={u["id"]: u["name"] for u in await accounts.list_users()},
        prosecutors=[u for u in people if u["role"] == Role.PROSECUTOR],
        others=[u for u in people if u["id"] not in on_case],
        errors=errors or {},
        stale=stale,
        people_done=CASE_PEOPLE_DONE.get(request.query_params.get("done", "")),
    )


#: Messages after a change of the case's people: fixed words, never user input.
CASE_PEOPLE_DONE = {
    "lead": "The case has a new lead prosecutor; the one before stays on it as a member.",
    "member-added": "The person was put on the case: they see it from now on.",
    "member-removed": "The person was taken off the case.",
}

_CASE_PEOPLE_FIELDS = {
    "lead_prosecutor_id": ("lead_prosecutor_id", "New lead prosecutor"),
    "user_id": ("user_id", "Person"),
}


@get("/cases/{case_id:int}/people")
async def case_people_page(request: Request[Any, Any, Any], case_id: FromPath[PathId]) -> Template:
    return await _case_people_page(request, case_id)


@post("/cases/{case_id:int}/people/lead")
async def change_lead_submit(
    request: Request[Any, Any, Any], case_id: FromPath[PathId], data: URLEncodedBody[LeadForm]
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        lead = whole_number(data.lead_prosecutor_id, "lead_prosecutor_id")
        version = whole_number(data.version, "version")
        await change_lead(
            actor, case_id, convert({"lead_prosecutor_id": lead}, LeadChange), version
        )
    except InvalidInput as error:
        errors = field_errors(error.errors, _CASE_PEOPLE_FIELDS, "lead_prosecutor_id")
        return await _case_people_page(request, case_id, errors=errors, status_code=400)
    except Conflict as error:
        errors = {"lead_prosecutor_id": f"{error.detail}."}
        return await _case_people_page(request, case_id, errors=errors, status_code=409)
    except StaleEdit:
        stale = await last_change(case_id, "case", case_id)
        return await _case_people_page(request, case_id, stale=stale, status_code=412)
    if not await _still_sees(actor, case_id):
        return see_other("/", done=None)
    return see_other(f"/cases/{case_id}/people", done="lead")


async def _still_sees(actor: Actor, case_id: int) -> bool:
    """A lead who handed the case on may still change its people only as an admin."""
    try:
        await require_lead_or_admin(actor, case_id, "change who works on the case")
    except PermissionDeniedException:
        return False
    return True


@post("/cases/{case_id:int}/people/members")
async def add_case_member_submit(
    request: Request[Any, Any, Any], case_id: FromPath[PathId], data: URLEncodedBody[MemberForm]
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        user_id = _optional_id(data.user_id, "user_id")
        if user_id is None:
            raise InvalidInput.field("user_id", "choose a person")
        await add_member(actor, case_id, convert({"user_id": user_id}, MemberAdd))
    except InvalidInput as error:
        errors = field_errors(error.errors, _CASE_PEOPLE_FIELDS, "user_id")
        return await _case_people_page(request, case_id, errors=errors, status_code=400)
    except Conflict as error:
        errors = {"user_id": f"{error.detail}."}
        return await _case_people_page(request, case_id, errors=errors, status_code=409)
    return see_other(f"/cases/{case_id}/people", done="member-added")


@post("/cases/{case_id:int}/people/members/{user_id:int}/remove")
async def remove_case_member_submit(
    request: Request[Any, Any, Any], case_id: FromPath[PathId], user_id: FromPath[PathId]
) -> Template | Redirect:
    actor = signed_in(request)
    try:
        await remove_member(actor, case_id, user_id)
    except Conflict as error:
        message = error.detail[:1].upper() + error.detail[1:] + "."
        return await _case_people_page(
            request, case_id, errors={"members": message}, status_code=409
        )
    return see_other(f"/cases/{case_id}/people", done="member-removed")

"""Who may call which route: the policy table of route, role and reach (own case or other case).

It is the one place that says which role may do what, for the API and the pages alike (a page
has its own row, with the same roles as the API calls it makes). Two layers enforce it. The
guards (enforce_policy for the API, docket.web.page.enforce_page_policy for the pages) answer
403 to a role the table does not list for a route (function level), and to a route the table
does not know. For routes marked ``OWN``, the case check in ``docket.cases.access``
answers 404 when the record belongs to a case the person is not assigned to (object level, and
404 so that a case's existence does not leak). A test lists every route of the app and fails
when one has no entry here (tests/test_policy.py).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from docket.accounts.choices import Role
from docket.accounts.services import Actor


class Reach(StrEnum):
    #: Not about one case (lists filter to the person's cases themselves).
    ANY = "any"
    #: About one case: only its team, its members and admins reach it; others get 404.
    OWN = "own case"


P, L, A, D = Role.PROSECUTOR, Role.LAWYER, Role.ADVOCATE, Role.ADMIN
EVERYONE = frozenset(Role)
CASE_WORKERS = frozenset({P, L, A, D})
LEGAL = frozenset({P, L, D})
ADMINS = frozenset({D})

#: (method, route) → (roles allowed, reach).
POLICY: dict[tuple[str, str], tuple[frozenset[Role], Reach]] = {
    ("GET", "/api/health"): (EVERYONE, Reach.ANY),
    ("POST", "/api/auth/login"): (EVERYONE, Reach.ANY),
    ("POST", "/api/auth/logout"): (EVERYONE, Reach.ANY),
    ("GET", "/api/auth/me"): (EVERYONE, Reach.ANY),
    ("POST", "/api/auth/totp/setup"): (EVERYONE, Reach.ANY),
    ("POST", "/api/auth/totp/confirm"): (EVERYONE, Reach.ANY),
    ("POST", "/api/auth/totp/disable"): (EVERYONE, Reach.ANY),
    ("POST", "/api/users/{user_id:int}/totp/reset"): (ADMINS, Reach.ANY),
    # API tokens: each person's own (another's answers 404 in the service); admins see and
    # revoke anyone's.
    ("GET", "/api/tokens"): (EVERYONE, Reach.ANY),
    ("POST", "/api/tokens"): (EVERYONE, Reach.ANY),
    ("POST", "/api/tokens/{token_id:int}/revoke"): (EVERYONE, Reach.ANY),
    ("GET", "/api/users/{user_id:int}/tokens"): (ADMINS, Reach.ANY),
    ("GET", "/api/users"): (EVERYONE, Reach.ANY),
    ("POST", "/api/users/{user_id:int}/unlock"): (ADMINS, Reach.ANY),
    ("GET", "/api/teams"): (EVERYONE, Reach.ANY),
    ("GET", "/api/courts"): (EVERYONE, Reach.ANY),
    ("POST", "/api/courts"): (ADMINS, Reach.ANY),
    ("GET", "/api/courts/{court_id:int}"): (EVERYONE, Reach.ANY),
    ("PATCH", "/api/courts/{court_id:int}"): (ADMINS, Reach.ANY),
    ("GET", "/api/cases"): (CASE_WORKERS, Reach.ANY),
    ("POST", "/api/cases"): (LEGAL, Reach.ANY),
    ("GET", "/api/cases/{case_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("PATCH", "/api/cases/{case_id:int}"): (LEGAL, Reach.OWN),
    # Who works on a case and for which team: the service further limits these to the case's
    # lead prosecutor (docket.cases.assignments).
    ("PUT", "/api/cases/{case_id:int}/lead"): (frozenset({P, D}), Reach.OWN),
    ("POST", "/api/cases/{case_id:int}/members"): (frozenset({P, D}), Reach.OWN),
    ("DELETE", "/api/cases/{case_id:int}/members/{user_id:int}"): (frozenset({P, D}), Reach.OWN),
    ("POST", "/api/cases/{case_id:int}/transfer"): (frozenset({P, D}), Reach.OWN),
    ("GET", "/api/cases/{case_id:int}/accused"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/api/cases/{case_id:int}/accused"): (LEGAL, Reach.OWN),
    ("GET", "/api/cases/{case_id:int}/survivors"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/api/cases/{case_id:int}/survivors"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/api/cases/{case_id:int}/witnesses"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/api/cases/{case_id:int}/witnesses"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/api/cases/{case_id:int}/charges"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/api/cases/{case_id:int}/charges"): (LEGAL, Reach.OWN),
    ("GET", "/api/accused/{accused_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("PATCH", "/api/accused/{accused_id:int}"): (LEGAL, Reach.OWN),
    ("GET", "/api/survivors/{survivor_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("PATCH", "/api/survivors/{survivor_id:int}"): (CASE_WORKERS, Reach.OWN),
    # Who the survivor is: the service further limits it to the survivor's own advocate and
    # the case's lead prosecutor (RA 9208 s7; RA 11930 s21; A.M. 004-07-SC s31).
    ("PUT", "/api/survivors/{survivor_id:int}/identity"): (frozenset({P, A}), Reach.OWN),
    ("POST", "/api/survivors/{survivor_id:int}/identity/read"): (frozenset({P, A}), Reach.OWN),
    ("GET", "/api/witnesses/{witness_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("PATCH", "/api/witnesses/{witness_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/api/charges/{charge_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("PATCH", "/api/charges/{charge_id:int}"): (LEGAL, Reach.OWN),
    ("POST", "/api/charges/{charge_id:int}/strike"): (LEGAL, Reach.OWN),
    # Case notes (issue 25 item 5): the whole team writes and reads team notes; a restricted
    # note is further limited by the service to the survivor's advocate and the case's lead
    # prosecutor (404 to anyone else: docket.notes.services).
    ("GET", "/api/cases/{case_id:int}/notes"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/api/cases/{case_id:int}/notes"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/api/notes/{note_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("PATCH", "/api/notes/{note_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/api/notes/{note_id:int}/strike"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/api/hearings"): (CASE_WORKERS, Reach.ANY),
    # My own hearings only: the service keeps to the cases the person is assigned to.
    ("GET", "/api/agenda"): (CASE_WORKERS, Reach.ANY),
    ("POST", "/api/cases/{case_id:int}/hearings"): (LEGAL, Reach.OWN),
    # The clash warnings asked before scheduling or resetting: for those who may do either.
    ("GET", "/api/cases/{case_id:int}/hearing-clashes"): (LEGAL, Reach.OWN),
    ("GET", "/api/hearings/{hearing_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("PATCH", "/api/hearings/{hearing_id:int}"): (LEGAL, Reach.OWN),
    ("POST", "/api/hearings/{hearing_id:int}/outcome"): (LEGAL, Reach.OWN),
    ("POST", "/api/hearings/{hearing_id:int}/strike"): (LEGAL, Reach.OWN),
    ("GET", "/api/hearings/{hearing_id:int}/history"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/api/hearings/{hearing_id:int}/protection-needs"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/api/hearings/{hearing_id:int}/protection-needs"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/api/protection-needs/{need_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("PATCH", "/api/protection-needs/{need_id:int}"): (CASE_WORKERS, Reach.OWN),
    # Notices: the advocate's and the prosecutor's. The trip plan and printing are further
    # limited by the service to the survivor's own advocate and the case's lead prosecutor,
    # with two-step login (docket.notices.preparation, docket.notices.services); the whole
    # team sees the plan's summary.
    ("GET", "/api/hearings/{hearing_id:int}/survivors/{survivor_id:int}/preparation"): (
        frozenset({P, A}),
        Reach.OWN,
    ),
    ("GET", "/api/hearings/{hearing_id:int}/survivors/{survivor_id:int}/preparation/summary"): (
        CASE_WORKERS,
        Reach.OWN,
    ),
    ("PUT", "/api/hearings/{hearing_id:int}/survivors/{survivor_id:int}/preparation"): (
        frozenset({P, A}),
        Reach.OWN,
    ),
    ("POST", "/api/hearings/{hearing_id:int}/survivors/{survivor_id:int}/notice"): (
        frozenset({P, A}),
        Reach.OWN,
    ),
    ("POST", "/api/hearings/{hearing_id:int}/survivors/{survivor_id:int}/survivor-told"): (
        frozenset({P, A}),
        Reach.OWN,
    ),
    # My own survivors only: the service keeps to them.
    ("GET", "/api/notices/due"): (frozenset({P, A}), Reach.ANY),
    ("GET", "/api/notices/prints"): (frozenset({P, A}), Reach.ANY),
    # The office's meeting places: read by those who plan trips, kept by admins.
    ("GET", "/api/meeting-places"): (frozenset({P, A, D}), Reach.ANY),
    ("POST", "/api/meeting-places"): (ADMINS, Reach.ANY),
    ("PATCH", "/api/meeting-places/{place_id:int}"): (ADMINS, Reach.ANY),
    ("GET", "/api/audit"): (ADMINS, Reach.ANY),
    # The legal backbone: stages, facts, deadlines, statutes.
    ("GET", "/api/statutes"): (EVERYONE, Reach.ANY),
    ("GET", "/api/statutes/{code:str}"): (EVERYONE, Reach.ANY),
    ("GET", "/api/charges/{charge_id:int}/advice"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/api/cases/{case_id:int}/stages"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/api/cases/{case_id:int}/stage"): (LEGAL, Reach.OWN),
    # Case build-up (DOJ DC 020 (2023), amended by DC 007 (2024)): the team ticks the
    # checklist; only a prosecutor certifies the evidence sufficient.
    ("GET", "/api/cases/{case_id:int}/build-up"): (CASE_WORKERS, Reach.OWN),
    ("PUT", "/api/cases/{case_id:int}/build-up/checklist"): (LEGAL, Reach.OWN),
    ("POST", "/api/cases/{case_id:int}/build-up/certification"): (frozenset({P}), Reach.OWN),
    ("GET", "/api/cases/{case_id:int}/summary"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/api/cases/{case_id:int}/facts"): (CASE_WORKERS, Reach.OWN),
    ("PATCH", "/api/cases/{case_id:int}/facts"): (LEGAL, Reach.OWN),
    ("GET", "/api/cases/{case_id:int}/deadlines"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/api/deadlines/at-risk"): (CASE_WORKERS, Reach.ANY),
    # Counted from a survivor's exact birth date: an identity read, further limited by the
    # service to the survivor's advocate and the case's lead prosecutor, with two-step login.
    ("POST", "/api/cases/{case_id:int}/prescription-from-identity"): (
        frozenset({P, A}),
        Reach.OWN,
    ),
    ("POST", "/api/accused/{accused_id:int}/plea"): (LEGAL, Reach.OWN),
    ("POST", "/api/accused/{accused_id:int}/disposition"): (LEGAL, Reach.OWN),
    # Custody as dated changes: the arraignment clock follows them (A.M. 15-06-10-SC III.8).
    ("GET", "/api/accused/{accused_id:int}/custody"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/api/accused/{accused_id:int}/custody"): (LEGAL, Reach.OWN),
    ("DELETE", "/api/custody-events/{event_id:int}"): (LEGAL, Reach.OWN),
    ("GET", "/api/court-closures"): (EVERYONE, Reach.ANY),
    ("POST", "/api/court-closures"): (ADMINS, Reach.ANY),
    ("POST", "/api/court-closures/{closure_id:int}/move"): (ADMINS, Reach.ANY),
    ("DELETE", "/api/court-closures/{closure_id:int}"): (ADMINS, Reach.ANY),
    ("GET", "/api/holidays"): (EVERYONE, Reach.ANY),
    ("POST", "/api/holidays"): (ADMINS, Reach.ANY),
    ("POST", "/api/holidays/{day:date}/move"): (ADMINS, Reach.ANY),
    ("POST", "/api/holidays/{day:date}/lift"): (ADMINS, Reach.ANY),
    ("POST", "/api/holidays/{day:date}/confirm"): (ADMINS, Reach.ANY),
    ("POST", "/api/working-days"): (ADMINS, Reach.ANY),
    ("DELETE", "/api/working-days/{day:date}"): (ADMINS, Reach.ANY),
    # Calendar feeds: each person's own subscriptions (another's answers 404 in the service).
    ("GET", "/api/feeds"): (EVERYONE, Reach.ANY),
    ("POST", "/api/feeds"): (EVERYONE, Reach.ANY),
    ("POST", "/api/feeds/{feed_id:int}/rotate"): (EVERYONE, Reach.ANY),
    ("POST", "/api/feeds/{feed_id:int}/revoke"): (EVERYONE, Reach.ANY),
    # --- Pages: the same rules as the API calls they make ---------------------------------
    ("GET", "/"): (EVERYONE, Reach.ANY),
    ("GET", "/search"): (EVERYONE, Reach.ANY),
    ("POST", "/logout"): (EVERYONE, Reach.ANY),
    # Finding work (docket.web.pages_finding): the lists filter to the person's cases, as the
    # API's GET /api/cases and /api/hearings do; a team's deadlines are for its prosecutors.
    ("GET", "/cases"): (CASE_WORKERS, Reach.ANY),
    ("GET", "/cases.csv"): (CASE_WORKERS, Reach.ANY),
    ("GET", "/calendar"): (CASE_WORKERS, Reach.ANY),
    ("GET", "/hearings.csv"): (CASE_WORKERS, Reach.ANY),
    ("GET", "/deadlines/team"): (frozenset({P, D}), Reach.ANY),
    ("GET", "/cases/{case_id:int}"): (CASE_WORKERS, Reach.OWN),
    # The case chronology (issue 25 item 4): whoever may see the case.
    ("GET", "/cases/{case_id:int}/chronology"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/cases/{case_id:int}/chronology.pdf"): (CASE_WORKERS, Reach.OWN),
    # Writing a case note (issue 25 item 5), as POST /api/cases/{case_id}/notes.
    ("GET", "/cases/{case_id:int}/notes/new"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/cases/{case_id:int}/notes/new"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/cases/{case_id:int}/stage"): (LEGAL, Reach.OWN),
    ("POST", "/cases/{case_id:int}/stage"): (LEGAL, Reach.OWN),
    ("GET", "/cases/{case_id:int}/build-up"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/cases/{case_id:int}/build-up"): (LEGAL, Reach.OWN),
    # As the API route: the service further limits it to the survivor's advocate and the
    # case's lead prosecutor, with two-step login.
    ("GET", "/cases/{case_id:int}/prescription"): (frozenset({P, A}), Reach.OWN),
    ("POST", "/cases/{case_id:int}/prescription"): (frozenset({P, A}), Reach.OWN),
    ("GET", "/cases/{case_id:int}/charges/new"): (LEGAL, Reach.OWN),
    ("POST", "/cases/{case_id:int}/charges/new"): (LEGAL, Reach.OWN),
    ("GET", "/charges/{charge_id:int}/edit"): (LEGAL, Reach.OWN),
    ("POST", "/charges/{charge_id:int}/edit"): (LEGAL, Reach.OWN),
    ("GET", "/cases/{case_id:int}/hearings/new"): (LEGAL, Reach.OWN),
    ("POST", "/cases/{case_id:int}/hearings/new"): (LEGAL, Reach.OWN),
    ("GET", "/hearings/{hearing_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/hearings/{hearing_id:int}/outcome"): (LEGAL, Reach.OWN),
    ("POST", "/hearings/{hearing_id:int}/outcome"): (LEGAL, Reach.OWN),
    # The survivor pages show pseudonyms and protection needs, as the API does to the team.
    ("GET", "/survivors"): (CASE_WORKERS, Reach.ANY),
    ("GET", "/survivors/{survivor_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/protection-needs/{need_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/hearings/{hearing_id:int}/survivors/{survivor_id:int}/needs"): (
        CASE_WORKERS,
        Reach.OWN,
    ),
    # The name on the notice and the trip plan: only the survivor's advocate and the case's
    # lead prosecutor, which the service decides and, on these pages, says to anyone else of
    # the team who follows a link to them ("Only AAA's advocate and the case's lead
    # prosecutor ..."), rather than a bare refusal by role.
    ("POST", "/survivors/{survivor_id:int}/notice-name"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/hearings/{hearing_id:int}/survivors/{survivor_id:int}/preparation"): (
        CASE_WORKERS,
        Reach.OWN,
    ),
    ("POST", "/hearings/{hearing_id:int}/survivors/{survivor_id:int}/preparation"): (
        CASE_WORKERS,
        Reach.OWN,
    ),
    ("GET", "/hearings/{hearing_id:int}/survivors/{survivor_id:int}/notice"): (
        frozenset({P, A}),
        Reach.OWN,
    ),
    ("POST", "/hearings/{hearing_id:int}/survivors/{survivor_id:int}/notice"): (
        frozenset({P, A}),
        Reach.OWN,
    ),
    ("POST", "/hearings/{hearing_id:int}/survivors/{survivor_id:int}/survivor-told"): (
        frozenset({P, A}),
        Reach.OWN,
    ),
    ("GET", "/notices/reprint"): (frozenset({P, A}), Reach.ANY),
    ("GET", "/court-calendar"): (EVERYONE, Reach.ANY),
    ("POST", "/court-calendar/closures"): (ADMINS, Reach.ANY),
    ("POST", "/court-calendar/closures/{closure_id:int}/move"): (ADMINS, Reach.ANY),
    ("POST", "/court-calendar/closures/{closure_id:int}/lift"): (ADMINS, Reach.ANY),
    ("POST", "/court-calendar/holidays"): (ADMINS, Reach.ANY),
    ("POST", "/court-calendar/holidays/{day:date}/move"): (ADMINS, Reach.ANY),
    ("POST", "/court-calendar/holidays/{day:date}/lift"): (ADMINS, Reach.ANY),
    ("POST", "/court-calendar/holidays/{day:date}/confirm"): (ADMINS, Reach.ANY),
    ("POST", "/court-calendar/working-days"): (ADMINS, Reach.ANY),
    ("POST", "/court-calendar/working-days/{day:date}/lift"): (ADMINS, Reach.ANY),
    # Each person's own account; the services keep to the person (another's token is 404).
    ("GET", "/account"): (EVERYONE, Reach.ANY),
    ("POST", "/account/password"): (EVERYONE, Reach.ANY),
    ("POST", "/account/sessions/{web_session_id:int}/end"): (EVERYONE, Reach.ANY),
    ("GET", "/account/tokens"): (EVERYONE, Reach.ANY),
    ("POST", "/account/tokens"): (EVERYONE, Reach.ANY),
    ("POST", "/account/tokens/{token_id:int}/revoke"): (EVERYONE, Reach.ANY),
    ("GET", "/account/two-step"): (EVERYONE, Reach.ANY),
    # Each person's own reminder choices (the service keeps to the person).
    ("GET", "/account/reminders"): (EVERYONE, Reach.ANY),
    ("POST", "/account/reminders"): (EVERYONE, Reach.ANY),
    ("GET", "/api/reminders"): (EVERYONE, Reach.ANY),
    ("PUT", "/api/reminders/{kind:str}"): (EVERYONE, Reach.ANY),
    ("POST", "/account/two-step/setup"): (EVERYONE, Reach.ANY),
    ("POST", "/account/two-step/confirm"): (EVERYONE, Reach.ANY),
    ("POST", "/account/two-step/disable"): (EVERYONE, Reach.ANY),
    ("GET", "/feeds"): (EVERYONE, Reach.ANY),
    ("POST", "/feeds"): (EVERYONE, Reach.ANY),
    ("POST", "/feeds/{feed_id:int}/rotate"): (EVERYONE, Reach.ANY),
    ("POST", "/feeds/{feed_id:int}/revoke"): (EVERYONE, Reach.ANY),
    # The office's administration.
    ("GET", "/admin"): (ADMINS, Reach.ANY),
    ("GET", "/admin/users"): (ADMINS, Reach.ANY),
    ("GET", "/admin/outbox"): (ADMINS, Reach.ANY),
    ("POST", "/admin/users"): (ADMINS, Reach.ANY),
    ("GET", "/admin/users/{user_id:int}"): (ADMINS, Reach.ANY),
    ("POST", "/admin/users/{user_id:int}/disable"): (ADMINS, Reach.ANY),
    ("POST", "/admin/users/{user_id:int}/password"): (ADMINS, Reach.ANY),
    ("POST", "/admin/users/{user_id:int}/unlock"): (ADMINS, Reach.ANY),
    ("POST", "/admin/users/{user_id:int}/two-step/reset"): (ADMINS, Reach.ANY),
    ("POST", "/admin/users/{user_id:int}/tokens/{token_id:int}/revoke"): (ADMINS, Reach.ANY),
    ("GET", "/admin/teams"): (ADMINS, Reach.ANY),
    ("POST", "/admin/teams"): (ADMINS, Reach.ANY),
    ("POST", "/admin/teams/{team_id:int}/rename"): (ADMINS, Reach.ANY),
    ("POST", "/admin/teams/{team_id:int}/members"): (ADMINS, Reach.ANY),
    ("POST", "/admin/teams/{team_id:int}/members/{user_id:int}/remove"): (ADMINS, Reach.ANY),
    ("GET", "/admin/courts"): (ADMINS, Reach.ANY),
    ("POST", "/admin/courts"): (ADMINS, Reach.ANY),
    ("GET", "/admin/courts/{court_id:int}"): (ADMINS, Reach.ANY),
    ("POST", "/admin/courts/{court_id:int}"): (ADMINS, Reach.ANY),
    ("GET", "/admin/audit"): (ADMINS, Reach.ANY),
    # Who works on a case: the lead prosecutor's decision (the service checks the lead).
    ("GET", "/cases/{case_id:int}/people"): (frozenset({P, D}), Reach.OWN),
    ("POST", "/cases/{case_id:int}/people/lead"): (frozenset({P, D}), Reach.OWN),
    ("POST", "/cases/{case_id:int}/people/members"): (frozenset({P, D}), Reach.OWN),
    ("POST", "/cases/{case_id:int}/people/members/{user_id:int}/remove"): (
        frozenset({P, D}),
        Reach.OWN,
    ),
    # A case entered from the pages (docket.web.pages_case_entry): each form, shown and sent,
    # with the roles of the API call it makes.
    ("GET", "/cases/new"): (LEGAL, Reach.ANY),
    ("POST", "/cases/new"): (LEGAL, Reach.ANY),
    ("GET", "/cases/{case_id:int}/accused/new"): (LEGAL, Reach.OWN),
    ("POST", "/cases/{case_id:int}/accused/new"): (LEGAL, Reach.OWN),
    ("GET", "/accused/{accused_id:int}/edit"): (LEGAL, Reach.OWN),
    ("POST", "/accused/{accused_id:int}/edit"): (LEGAL, Reach.OWN),
    ("GET", "/accused/{accused_id:int}/plea"): (LEGAL, Reach.OWN),
    ("POST", "/accused/{accused_id:int}/plea"): (LEGAL, Reach.OWN),
    ("GET", "/accused/{accused_id:int}/disposition"): (LEGAL, Reach.OWN),
    ("POST", "/accused/{accused_id:int}/disposition"): (LEGAL, Reach.OWN),
    ("GET", "/cases/{case_id:int}/survivors/new"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/cases/{case_id:int}/survivors/new"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/survivors/{survivor_id:int}/edit"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/survivors/{survivor_id:int}/edit"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/cases/{case_id:int}/witnesses/new"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/cases/{case_id:int}/witnesses/new"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/witnesses/{witness_id:int}/edit"): (CASE_WORKERS, Reach.OWN),
    ("POST", "/witnesses/{witness_id:int}/edit"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/cases/{case_id:int}/facts"): (LEGAL, Reach.OWN),
    ("POST", "/cases/{case_id:int}/facts"): (LEGAL, Reach.OWN),
    ("GET", "/hearings/{hearing_id:int}/edit"): (LEGAL, Reach.OWN),
    ("POST", "/hearings/{hearing_id:int}/edit"): (LEGAL, Reach.OWN),
    ("GET", "/charges/{charge_id:int}/strike"): (LEGAL, Reach.OWN),
    ("POST", "/charges/{charge_id:int}/strike"): (LEGAL, Reach.OWN),
    ("GET", "/hearings/{hearing_id:int}/strike"): (LEGAL, Reach.OWN),
    ("POST", "/hearings/{hearing_id:int}/strike"): (LEGAL, Reach.OWN),
}

#: Where the API describes itself (OpenAPI: Litestar's routes, for everyone logged in).
API_DESCRIPTION = "/api/schema"

#: Routes anyone may call without logging in: logging in itself, the health check, the
#: static files, and a calendar feed (its secret link is its key).
NO_LOGIN: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/api/health"),
        ("POST", "/api/auth/login"),
        ("GET", "/login"),
        ("POST", "/login"),
        ("GET", "/static/{file_path:path}"),
        ("GET", "/calendars/{name:str}"),
        # An email's one-click unsubscribe link: its signed token names who and what, and
        # it can turn that one kind of email off, nothing else (RFC 8058).
        ("GET", "/reminders/unsubscribe/{token:str}"),
        ("POST", "/reminders/unsubscribe/{token:str}"),
    }
)


#: Routes that change how someone logs in: a web login only, never an API token (403), so
#: that a stolen token cannot add the thief's phone or mint itself successors. The services
#: ask for the password again as well (docket.accounts.two_step.check_password_again).
WEB_LOGIN_ONLY: frozenset[tuple[str, str]] = frozenset(
    {
        ("POST", "/api/auth/totp/setup"),
        ("POST", "/api/auth/totp/confirm"),
        ("POST", "/api/auth/totp/disable"),
        ("POST", "/api/users/{user_id:int}/totp/reset"),
        ("POST", "/api/tokens"),
    }
)
WEB_LOGIN_NEEDED = "This needs a web login; an API token cannot change how anyone logs in"


#: The same table keyed as Litestar names a matched route ("/api/cases/{case_id}").
_BY_PATH_FORMAT = {
    (method, re.sub(r":\w+\}", "}", route)): entry for (method, route), entry in POLICY.items()
}


def policy_for(method: str, path_format: str) -> tuple[frozenset[Role], Reach] | None:
    return _BY_PATH_FORMAT.get((method, path_format))


_WEB_LOGIN_ONLY_BY_PATH_FORMAT = frozenset(
    (method, re.sub(r":\w+\}", "}", route)) for method, route in WEB_LOGIN_ONLY
)


#: Each role in the words of a refusal.
_ROLE_WORDS = {P: "a prosecutor", L: "a lawyer", A: "an advocate", D: "an admin"}


def refusal(roles: frozenset[Role]) -> str:
    """Why the table refuses, in words: who may ("Only a prosecutor or an admin may do this")."""
    named = [_ROLE_WORDS[role] for role in Role if role in roles]
    if not named:
        return "Nobody may do this"
    who = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"
    return f"Only {who} may do this"


def check_policy(actor: Actor, connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    """Function-level authorisation, for the API and the pages alike: 403 for a role the table
    does not list for the route, and for a route missing from the table (tests/test_policy.py
    keeps that from happening)."""
    method = str(connection.scope.get("method", "GET"))
    if method == "HEAD":
        method = "GET"
    path_format = str(connection.scope.get("path_template", ""))
    entry = policy_for(method, path_format)
    if entry is None and path_format.startswith(API_DESCRIPTION):
        return  # the API's own description (OpenAPI), for every person logged in
    if entry is None:
        raise PermissionDeniedException(refusal(frozenset()))
    if actor.role not in entry[0]:
        raise PermissionDeniedException(refusal(entry[0]))
    if actor.via != "session" and (method, path_format) in _WEB_LOGIN_ONLY_BY_PATH_FORMAT:
        raise PermissionDeniedException(WEB_LOGIN_NEEDED)


def enforce_policy(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """The API's guard (the pages' is docket.web.page.enforce_page_policy)."""
    actor = connection.scope.get("user")
    if not isinstance(actor, Actor) or handler.opt.get("public"):
        return
    check_policy(actor, connection)


def may(actor: Actor, method: str, route: str) -> bool:
    """Whether the table lets this person's role make this call (pages use it to show only
    the links and buttons that will work)."""
    entry = POLICY.get((method, route))
    return entry is not None and actor.role in entry[0]

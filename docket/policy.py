"""Who may call which route: the policy table of route, role and reach (own case or other case).

Two layers enforce it. The guard below answers 403 to a role the table does not list for a
route (function level). For routes marked ``OWN``, the case check in ``docket.cases.access``
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
    ("GET", "/api/hearings"): (CASE_WORKERS, Reach.ANY),
    # My own hearings only: the service keeps to the cases the person is assigned to.
    ("GET", "/api/agenda"): (CASE_WORKERS, Reach.ANY),
    ("POST", "/api/cases/{case_id:int}/hearings"): (LEGAL, Reach.OWN),
    ("GET", "/api/hearings/{hearing_id:int}"): (CASE_WORKERS, Reach.OWN),
    ("PATCH", "/api/hearings/{hearing_id:int}"): (LEGAL, Reach.OWN),
    ("POST", "/api/hearings/{hearing_id:int}/outcome"): (LEGAL, Reach.OWN),
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
    ("GET", "/api/cases/{case_id:int}/summary"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/api/cases/{case_id:int}/facts"): (CASE_WORKERS, Reach.OWN),
    ("PATCH", "/api/cases/{case_id:int}/facts"): (LEGAL, Reach.OWN),
    ("GET", "/api/cases/{case_id:int}/deadlines"): (CASE_WORKERS, Reach.OWN),
    ("GET", "/api/deadlines/at-risk"): (CASE_WORKERS, Reach.ANY),
    ("POST", "/api/accused/{accused_id:int}/plea"): (LEGAL, Reach.OWN),
    ("POST", "/api/accused/{accused_id:int}/disposition"): (LEGAL, Reach.OWN),
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
}


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


def enforce_policy(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Function-level authorisation: a role the table does not list for the route gets 403."""
    actor = connection.scope.get("user")
    if actor is None or handler.opt.get("public"):
        return
    method = str(connection.scope.get("method", "GET"))
    path_format = str(connection.scope.get("path_template", ""))
    entry = policy_for(method, path_format)
    if entry is not None and actor.role not in entry[0]:
        raise PermissionDeniedException("Your role may not do this")
    if actor.via != "session" and (method, path_format) in _WEB_LOGIN_ONLY_BY_PATH_FORMAT:
        raise PermissionDeniedException(WEB_LOGIN_NEEDED)

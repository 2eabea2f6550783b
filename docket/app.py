"""create_app(): the Litestar application with its routes, lifespan, errors and OpenAPI."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.cors import CORSConfig
from litestar.di import Provide
from litestar.logging import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from docket import querycount
from docket.accounts.choices import Role
from docket.accounts.controllers import AuthController, PeopleController, TokenController
from docket.accounts.pages import login_page, login_submit
from docket.api import errors, provide_actor, require_login, strict_json_body
from docket.audit.controllers import AuditController
from docket.calendar.controllers import FeedController, feed, feed_head
from docket.calendar.pages import create_feed_form, feeds_page, revoke_feed_form, rotate_feed_form
from docket.cases.controllers import (
    AccusedController,
    CaseController,
    ChargeController,
    CustodyEventController,
    SurvivorController,
    WitnessController,
)
from docket.courts.controllers import CourtController
from docket.db import open_database
from docket.deadlines.controllers import (
    CaseDeadlineController,
    CourtClosureController,
    DeadlineController,
    HolidayController,
    WorkingDayController,
)
from docket.errors import EXCEPTION_HANDLERS
from docket.headers import add_security_headers
from docket.health import health
from docket.hearings.agenda_controllers import AgendaController
from docket.hearings.controllers import HearingController
from docket.migrations import pending_migrations
from docket.notes.controllers import CaseNoteController, NoteController
from docket.notices.controllers import MeetingPlaceController, NoticeController
from docket.policy import POLICY, enforce_policy
from docket.protection.controllers import ProtectionNeedController
from docket.proxies import forwarded_headers
from docket.reminders.controllers import ReminderController, unsubscribe, unsubscribe_page
from docket.sessions import refuse_cross_site, request_middleware, require_csrf
from docket.settings import TEMPLATES_DIR, get_settings
from docket.statutes.controllers import StatuteController
from docket.web.routes import pages
from docket.web.static import static_files

log = logging.getLogger("docket")


class UnmigratedDatabase(RuntimeError):
    """The database lacks migrations: the server must not start on it."""


@contextlib.asynccontextmanager
async def lifespan(_app: Litestar) -> AsyncIterator[None]:
    settings = get_settings()
    async with open_database(pool_max=settings.pg_pool_max):
        pending = await pending_migrations()
        if pending:
            raise UnmigratedDatabase(
                f"The database is missing {len(pending)} migration(s); run `docket migrate` first"
            )
        yield


ROUTES: list[Any] = [
    health,
    AuthController,
    PeopleController,
    TokenController,
    CourtController,
    CaseController,
    AccusedController,
    CustodyEventController,
    SurvivorController,
    WitnessController,
    ChargeController,
    CaseNoteController,
    NoteController,
    HearingController,
    AgendaController,
    ProtectionNeedController,
    NoticeController,
    MeetingPlaceController,
    StatuteController,
    CaseDeadlineController,
    DeadlineController,
    CourtClosureController,
    HolidayController,
    WorkingDayController,
    AuditController,
    FeedController,
    feed,
    feed_head,
    ReminderController,
    unsubscribe_page,
    unsubscribe,
    feeds_page,
    create_feed_form,
    rotate_feed_form,
    revoke_feed_form,
    login_page,
    login_submit,
    static_files,
    pages,
]


def _guards(
    *guards: Callable[[Any, Any], None],
) -> Callable[[Any, Any], Awaitable[None]]:
    """The guards, in order, as one coroutine. Litestar runs a plain function guard in a worker
    thread (a thread hop per guard per request: scripts/bench found it most of a health
    check's time on one core) and copies the route handler for every guard it calls (py-spy:
    8% of a small request's time for three guards); these guards do no I/O, so they run
    together on the event loop."""

    async def run_guards(connection: Any, handler: Any) -> None:
        for guard in guards:
            guard(connection, handler)

    return run_guards


def _document_role_refusals(app: Litestar) -> Litestar:
    """A route the policy table keeps from some roles answers them 403: the OpenAPI says so for
    every such route, from the table itself, so the document cannot drift from the policy (a
    prosecutor-only route once documented no 403, and a lawyer's call broke the contract)."""
    everyone = set(Role)
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            for method in handler.http_methods:
                row = POLICY.get((method, route.path))
                if row is None or set(row[0]) == everyone or not route.path.startswith("/api/"):
                    continue
                handler.responses = {**(handler.responses or {}), **errors(403)}
    return app


def create_app() -> Litestar:
    settings = get_settings()
    return _document_role_refusals(
        Litestar(
            route_handlers=ROUTES,
            lifespan=[lifespan],
            middleware=[
                # First: everything after it sees the real client (the audit trail, the throttle).
                forwarded_headers(settings.trusted_proxies),
                *querycount.middlewares(),
                request_middleware,
            ],
            before_send=[add_security_headers],
            before_request=strict_json_body,
            cors_config=CORSConfig(
                allow_origins=list(settings.cors_origins),
                allow_credentials=True,
                allow_methods=["GET", "POST", "PATCH", "PUT"],
                allow_headers=["Authorization", "Content-Type", "If-Match", "X-CSRF-Token"],
            )
            if settings.cors_origins
            else None,
            guards=[_guards(refuse_cross_site, require_login, require_csrf, enforce_policy)],
            dependencies={"actor": Provide(provide_actor, sync_to_thread=False)},
            exception_handlers=EXCEPTION_HANDLERS,
            template_config=TemplateConfig(directory=TEMPLATES_DIR, engine=JinjaTemplateEngine),
            compression_config=CompressionConfig(
                # Feeds compress themselves, each encoding with its own ETag (docket.calendar).
                backend="gzip",
                minimum_size=1024,
                exclude_opt_key="no_compression",
            ),
            openapi_config=OpenAPIConfig(
                title="Docket",
                version="0.1.0",
                description=(
                    "Court case docket and hearing tracker for trafficking and OSAEC cases. "
                    "Survivors appear by pseudonym only."
                ),
                path="/api/schema",
                # JSON only: the UI plugins load scripts from a CDN, which a closed network lacks.
                render_plugins=[JsonRenderPlugin()],
                components=Components(
                    security_schemes={
                        "token": SecurityScheme(type="http", scheme="bearer"),
                        "session": SecurityScheme(
                            type="apiKey", name="docket_session", security_scheme_in="cookie"
                        ),
                    }
                ),
                security=[{"token": []}, {"session": []}],
            ),
            logging_config=LoggingConfig(
                root={"level": "INFO", "handlers": ["queue_listener"]},
                log_exceptions="never",
                disable_stack_trace={Exception},
            ),
            debug=settings.debug,
        )
    )

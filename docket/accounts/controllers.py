"""JSON routes for logging in and out and for the people and teams of the office."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post

from docket.accounts import services, tokens, two_step
from docket.accounts.schemas import (
    LoginForm,
    LoginResult,
    PasswordAgain,
    TeamRead,
    TokenCreate,
    TokenIssued,
    TokenRead,
    TotpConfirm,
    TotpSetup,
    UserRead,
)
from docket.accounts.services import Actor
from docket.accounts.tables import Team, TeamMember
from docket.api import errors
from docket.errors import LoginRefused
from docket.params import FromPath, JSONBody, NamedDependency, PathId
from docket.sessions import (
    CLEARED_SESSION_COOKIES,
    OWN_TRANSACTIONS,
    session_cookie,
    session_id_of,
)


def _user_read(actor: Actor) -> UserRead:
    return UserRead(id=actor.id, email=actor.email, name=actor.name, role=actor.role)


class AuthController(Controller):
    path = "/api/auth"
    tags = ["login"]

    @post(
        "/login",
        opt={"public": True, "csrf_exempt": True, OWN_TRANSACTIONS: True},
        status_code=200,
        responses=errors(429),
        summary="Log in and get a session cookie",
    )
    async def log_in(
        self, request: Request[Any, Any, Any], data: JSONBody[LoginForm]
    ) -> Response[LoginResult]:
        """A wrong password, an unknown email and a locked account all answer the same 401.
        Too many wrong logins from one address answer 429 with Retry-After (seconds).
        The body must be sent as application/json (docket.api.strict_json_body): a form on
        another site could otherwise log the victim's browser into the attacker's account."""
        address = request.client.host if request.client else ""
        result = await services.log_in(data.email, data.password, data.code, address=address)
        if result is None:
            raise LoginRefused()
        session_id, actor = result
        return Response(
            LoginResult(
                user=_user_read(actor),
                csrf_token=actor.csrf_token,
                notice=await two_step.two_step_notice(actor.id),
            ),
            cookies=[session_cookie(request, session_id)],
        )

    @post(
        "/logout",
        status_code=204,
        responses=errors(),
        summary="Log out",
        response_cookies=CLEARED_SESSION_COOKIES,
    )
    async def log_out(self, request: Request[Any, Any, Any]) -> None:
        """Ends the session on the server too: the old cookie is dead even if replayed."""
        session_id = session_id_of(request)
        if session_id:
            await services.log_out(session_id)

    @post(
        "/totp/setup",
        status_code=200,
        responses=errors(403, 409),
        summary="Start two-step login: get an authenticator secret",
    )
    async def start_totp(
        self, actor: NamedDependency[Actor], data: JSONBody[PasswordAgain]
    ) -> TotpSetup:
        """Needed by anyone who reads survivors' identities (advocates, lead prosecutors).
        A web login and the password only: an API token gets 403, a wrong password 403."""
        return TotpSetup(provisioning_uri=await two_step.start_totp_setup(actor, data.password))

    @post(
        "/totp/confirm",
        status_code=204,
        responses=errors(403, 409),
        summary="Confirm two-step login with a code from the app",
    )
    async def confirm_totp(
        self, actor: NamedDependency[Actor], data: JSONBody[TotpConfirm]
    ) -> None:
        """A web login and the password only, like the set-up."""
        await two_step.confirm_totp(actor, data.code, data.password)

    @post(
        "/totp/disable",
        status_code=204,
        responses=errors(403, 409),
        summary="Turn off one's own two-step login",
    )
    async def disable_totp(
        self, actor: NamedDependency[Actor], data: JSONBody[PasswordAgain]
    ) -> None:
        """A web login and the password only. Survivors' identities stay closed until it is
        set up again."""
        await two_step.disable_totp(actor, data.password)

    @get("/me", responses=errors(), summary="Who am I")
    async def me(self, actor: NamedDependency[Actor]) -> UserRead:
        return _user_read(actor)


class PeopleController(Controller):
    path = "/api"
    tags = ["people"]

    @get("/users", responses=errors(), summary="List users (to assign cases and survivors)")
    async def list_users(self, actor: NamedDependency[Actor]) -> list[UserRead]:
        return [
            UserRead(id=u["id"], email=u["email"], name=u["name"], role=u["role"])
            for u in await services.list_users()
            if u["active"]
        ]

    @post(
        "/users/{user_id:int}/unlock",
        status_code=204,
        responses=errors(403, 404),
        summary="Unlock an account locked by wrong logins (admins)",
    )
    async def unlock_user(self, actor: NamedDependency[Actor], user_id: PathId) -> None:
        """The person can log in again at once, from anywhere; audited as user.unlocked."""
        await services.unlock_user(actor.id, user_id=user_id)

    @post(
        "/users/{user_id:int}/totp/reset",
        status_code=204,
        responses=errors(403, 404, 409),
        summary="Reset someone's lost two-step login (admins)",
    )
    async def reset_totp(self, actor: NamedDependency[Actor], user_id: FromPath[PathId]) -> None:
        """For a lost or broken phone. Their sessions end; at their next login they are told
        who reset it and when. Audited as user.totp_reset. A web login only."""
        await two_step.reset_totp(actor, user_id)

    @get(
        "/users/{user_id:int}/tokens",
        responses=errors(403, 404),
        summary="List someone's API tokens (admins)",
    )
    async def list_user_tokens(
        self, actor: NamedDependency[Actor], user_id: FromPath[PathId]
    ) -> list[TokenRead]:
        """Names, prefixes, expiries and last use; never the tokens themselves."""
        return await tokens.list_tokens(actor, user_id=user_id)

    @get("/teams", responses=errors(), summary="List teams and their members")
    async def list_teams(self, actor: NamedDependency[Actor]) -> list[TeamRead]:
        teams = await Team.select().order_by(Team.name)
        members = await TeamMember.select().order_by(TeamMember.user)
        return [
            TeamRead(
                id=t["id"],
                name=t["name"],
                office_id=t["office"],
                member_ids=[m["user"] for m in members if m["team"] == t["id"]],
            )
            for t in teams
        ]


class TokenController(Controller):
    path = "/api/tokens"
    tags = ["API tokens"]

    @get("/", responses=errors(), summary="List my API tokens")
    async def list_tokens(self, actor: NamedDependency[Actor]) -> list[TokenRead]:
        """Name, first characters, issued, expires, last used and state; the tokens themselves
        are not shown again (only their hashes are kept)."""
        return await tokens.list_tokens(actor)

    @post("/", status_code=201, responses=errors(403), summary="Issue myself an API token")
    async def issue_token(
        self, actor: NamedDependency[Actor], data: JSONBody[TokenCreate]
    ) -> TokenIssued:
        """From a web login with the password (an API token gets 403). The answer holds the
        token, shown this once. It stops working after `days` (90 unless asked, at most 365)."""
        return await tokens.issue_own_token(
            actor, name=data.name, days=data.days, password=data.password
        )

    @post(
        "/{token_id:int}/revoke",
        status_code=200,
        responses=errors(404),
        summary="Revoke an API token",
    )
    async def revoke_token(
        self, actor: NamedDependency[Actor], token_id: FromPath[PathId]
    ) -> TokenRead:
        """It stops at once (401 from then on). One's own, or anyone's for an admin."""
        return await tokens.revoke_token(actor, token_id)

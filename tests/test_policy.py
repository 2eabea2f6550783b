"""Need to know: the policy table covers every route, and every route answers every role as
the table says, for a record of the person's own case and of another case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from docket.accounts.choices import Role
from docket.policy import API_DESCRIPTION, NO_LOGIN, POLICY, WEB_LOGIN_ONLY, Reach
from tests.conftest import Api, People, make_user

pytestmark = pytest.mark.anyio

NOT_API = (API_DESCRIPTION,)


def app_routes() -> set[tuple[str, str]]:
    """Every route of the app, the pages' included (the OpenAPI schema's aside)."""
    from docket.app import create_app

    found = set()
    for route in create_app().routes:
        if route.path.startswith(NOT_API):
            continue
        for method in getattr(route, "methods", set()) - {"OPTIONS", "HEAD"}:
            found.add((method, route.path))
    return found


def test_every_route_and_page_has_a_policy_entry() -> None:
    routes = app_routes()
    assert any(not path.startswith("/api/") for _, path in routes), "no page found"
    missing = sorted(routes - set(POLICY) - NO_LOGIN)
    assert missing == [], f"routes without a policy entry: {missing}"
    stale = sorted((set(POLICY) | NO_LOGIN) - routes)
    assert stale == [], f"policy entries for routes that do not exist: {stale}"


@dataclass
class World:
    """Two cases: A, on which every test user works; B, on which none of them does."""

    ids: dict[str, dict[str, int]]


async def build_world(people: People) -> World:
    admin = people.admin
    court = (await admin.post("/api/courts", json={"name": "RTC Branch 16"})).json()["id"]
    ids: dict[str, dict[str, int]] = {}
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    # Someone on case B (none of the test users is), whom an admin may take off it.
    outsider = await make_user("outsider@docket.test", Role.LAWYER)
    lead = people.prosecutor.user_id
    assert lead is not None
    for label, members in (("own", True), ("other", False)):
        case = (
            await admin.post(
                "/api/cases",
                json={
                    "docket_number": f"CEB-{label}",
                    "caption": f"People v. {label.title()}",
                    "court_id": court,
                    "lead_prosecutor_id": people.prosecutor.user_id if members else None,
                    "member_ids": [people.lawyer.user_id, people.advocate.user_id]
                    if members
                    else [outsider],
                },
            )
        ).json()
        cid = case["id"]
        accused = (await admin.post(f"/api/cases/{cid}/accused", json={"name": "X Y"})).json()
        survivor = (
            await admin.post(
                f"/api/cases/{cid}/survivors",
                json={
                    "pseudonym": "AAA",
                    "age_band": "7_to_11",
                    "advocate_id": people.advocate.user_id if members else None,
                },
            )
        ).json()
        witness = (
            await admin.post(
                f"/api/cases/{cid}/witnesses",
                json={"kind": "survivor", "survivor_id": survivor["id"]},
            )
        ).json()
        charge = (
            await admin.post(
                f"/api/cases/{cid}/charges",
                json={"accused_id": accused["id"], "statute_code": "TIP-6"},
            )
        ).json()
        hearing = (
            await admin.post(
                f"/api/cases/{cid}/hearings",
                json={
                    "kind": "trial",
                    "starts_at": soon.isoformat(),
                    "ends_at": (soon + dt.timedelta(hours=2)).isoformat(),
                },
            )
        ).json()
        need = (
            await admin.post(
                f"/api/hearings/{hearing['id']}/protection-needs",
                json={"witness_id": witness["id"], "measure": "live_link_tv"},
            )
        ).json()
        custody = await admin.post(
            f"/api/accused/{accused['id']}/custody",
            json={"kind": "arrested", "on": "2026-01-05", "version": accused["version"]},
        )
        assert custody.status_code == 201, custody.text
        note = await admin.post(
            f"/api/cases/{cid}/notes", json={"noted_on": "2026-01-05", "text": "matrix note"}
        )
        assert note.status_code == 201, note.text
        ids[label] = {
            "note_id": note.json()["id"],
            "case_id": cid,
            "event_id": custody.json()["events"][0]["id"],
            "accused_id": accused["id"],
            "survivor_id": survivor["id"],
            "witness_id": witness["id"],
            "charge_id": charge["id"],
            "hearing_id": hearing["id"],
            "need_id": need["id"],
            "court_id": court,
            # Taking the lead off case A is refused (409); the outsider leaves case B.
            "user_id": lead if members else outsider,
        }
    # A closure and a special working day for an admin to lift (their DELETE answers 204).
    closure = await admin.post("/api/court-closures", json={"on": "2026-12-07", "reason": "x"})
    working = {"on": WORKING_DAY, "reason": "matrix test", "source": "matrix test"}
    assert (await admin.post("/api/working-days", json=working)).status_code == 201
    place = await admin.post(
        "/api/meeting-places",
        json={
            "name_ceb": "Ganghaan",
            "name_fil": "Tarangkahan",
            "name_en": "Gate",
            "name_war": "Purtahan",
        },
    )
    for label in ids:
        ids[label]["closure_id"] = closure.json()["id"]
        ids[label]["place_id"] = place.json()["id"]
    return World(ids)


#: The day in the court-calendar routes' paths: a special working day the world declares.
WORKING_DAY = "2027-03-13"


#: A body that passes validation for each write route, so that only the policy decides.
def body_for(method: str, path: str, ids: dict[str, int]) -> dict[str, Any] | None:
    if method in ("GET", "DELETE"):
        return None
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=20)
    bodies: dict[str, dict[str, Any]] = {
        "/api/cases": {"docket_number": "CEB-new", "caption": "People v. New"},
        "/api/courts": {"name": "RTC Branch 99"},
        "/api/meeting-places": {
            "name_ceb": "Ganghaan",
            "name_fil": "Tarangkahan",
            "name_en": "Side gate",
            "name_war": "Purtahan",
        },
        "/api/cases/{case_id:int}/accused": {"name": "A B"},
        "/api/cases/{case_id:int}/survivors": {"pseudonym": "BBB", "age_band": "adult"},
        "/api/cases/{case_id:int}/witnesses": {"kind": "other", "name": "Dr. C"},
        "/api/cases/{case_id:int}/charges": {
            "accused_id": ids["accused_id"],
            "statute_code": "TIP-4",
        },
        "/api/cases/{case_id:int}/hearings": {
            "kind": "motion",
            "starts_at": soon.isoformat(),
            "ends_at": (soon + dt.timedelta(hours=1)).isoformat(),
        },
        "/api/hearings/{hearing_id:int}/outcome": {
            "outcome": "cancelled",
            "reason": "matrix test",
            "version": 99,
        },
        "/api/hearings/{hearing_id:int}/strike": {"reason": "matrix test", "version": 99},
        "/api/charges/{charge_id:int}/strike": {"reason": "matrix test", "version": 99},
        "/api/notes/{note_id:int}/strike": {"reason": "matrix test", "version": 99},
        "/api/cases/{case_id:int}/notes": {"noted_on": "2026-01-06", "text": "matrix test"},
        "/api/hearings/{hearing_id:int}/protection-needs": {
            "witness_id": ids["witness_id"],
            "measure": "support_person",
        },
        "/api/survivors/{survivor_id:int}/identity": {"legal_name": "Matrix Test Name"},
        "/api/survivors/{survivor_id:int}/identity/read": {"reason": "matrix test reason"},
        "/api/cases/{case_id:int}/prescription-from-identity": {"reason": "matrix test reason"},
        "/api/cases/{case_id:int}/build-up/checklist": {"checked": [], "version": 99},
        "/api/cases/{case_id:int}/build-up/certification": {
            "certified_on": "2026-11-20",
            "certification": "matrix test certification",
            "version": 99,
        },
        "/api/auth/login": {"email": "nobody@docket.test", "password": "x"},
        "/api/cases/{case_id:int}/stage": {
            "stage": "trial_defence_evidence",
            "reason": "matrix test",
            "version": 99,
        },
        "/api/accused/{accused_id:int}/plea": {
            "plea": "not_guilty",
            "on": "2026-01-05",
            "version": 99,
        },
        "/api/accused/{accused_id:int}/disposition": {"disposition": "pending", "version": 99},
        "/api/accused/{accused_id:int}/custody": {
            "kind": "bail_posted",
            "on": "2026-01-06",
            "version": 99,
        },
        "/api/court-closures": {"on": "2026-12-08", "reason": "Typhoon signal no. 3"},
        "/api/feeds": {"scope": "mine"},
        "/api/cases/{case_id:int}/lead": {"lead_prosecutor_id": ids["user_id"], "version": 99},
        "/api/cases/{case_id:int}/members": {"user_id": ids["user_id"]},
        "/api/cases/{case_id:int}/transfer": {"team_id": 1, "reason": "matrix", "version": 99},
        "/api/auth/totp/confirm": {"code": "000000"},
        "/api/hearings/{hearing_id:int}/survivors/{survivor_id:int}/preparation": {
            "version": 0,
            "meeting_place": "Front gate",
        },
        # The checklist, like the trip plan, needs two-step login: a token is refused (403).
        "/api/hearings/{hearing_id:int}/survivors/{survivor_id:int}/notice": {
            "variant": "advocate_checklist"
        },
    }
    if method == "PATCH":
        return {"version": 99}
    return bodies.get(path, {})


async def spare_token(api: Api, role: Role) -> int:
    from docket.accounts.services import issue_api_token

    await issue_api_token(f"{role.value}@docket.test", name="spare")
    listed = (await api.get("/api/tokens")).json()
    return int(next(t["id"] for t in listed if t["name"] == "spare" and t["state"] == "active"))


def concrete(path: str, ids: dict[str, int]) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + ":int}", str(value))
    path = path.replace("{day:date}", WORKING_DAY)
    return path


async def test_every_route_answers_every_role_as_the_policy_says(people: People) -> None:
    world = await build_world(people)
    clients = {
        Role.PROSECUTOR: people.prosecutor,
        Role.LAWYER: people.lawyer,
        Role.ADVOCATE: people.advocate,
        Role.ADMIN: people.admin,
    }
    failures = []
    for (method, path), (roles, reach) in sorted(POLICY.items()):
        if path in ("/api/health", "/api/auth/login", "/api/auth/logout"):
            continue
        if not path.startswith("/api/"):
            continue  # the pages' own matrix is below
        targets = ("own", "other") if reach == Reach.OWN else ("own",)
        for role, api in clients.items():
            for target in targets:
                ids = dict(world.ids[target])
                if "{feed_id:int}" in path:
                    # A feed is its owner's alone: each person acts on a feed of their own.
                    feed = await api.post("/api/feeds", json={"scope": "mine"})
                    ids["feed_id"] = feed.json()["id"]
                if "{token_id:int}" in path:
                    # So is a token: each person revokes a spare of their own, not the one
                    # this client uses.
                    ids["token_id"] = await spare_token(api, role)
                response = await api.request(
                    method, concrete(path, ids), json=body_for(method, path, ids)
                )
                status = response.status_code
                if role not in roles or (method, path) in WEB_LOGIN_ONLY:
                    # These clients hold API tokens, which may never change how anyone logs in
                    # (tests/test_tokens.py proves the same routes work from a web login).
                    expected = "403"
                    ok = status == 403
                elif target == "other" and role != Role.ADMIN:
                    expected = "404"
                    ok = status == 404
                else:
                    expected = "not 403/404"
                    ok = status not in (403, 404) or (
                        # Only the survivor's advocate and the lead prosecutor know who a
                        # survivor is; an admin is refused by the service, not the table. The
                        # trip plan and the prints that show it need two-step login too,
                        # which no API token carries (tests/test_trip_plan_access.py).
                        ("identity" in path or path.endswith(("/preparation", "/notice")))
                        and status == 403
                    )
                if not ok:
                    failures.append(f"{role} {method} {path} [{target}]: {status}, {expected}")
    assert failures == [], "\n".join(failures)


async def test_every_page_answers_every_role_as_the_policy_says(people: People) -> None:
    """The pages keep the same table as the API: a role the table does not list for a page
    gets the refusal page (403), before the page does anything; a listed role is never refused
    by the table (the services may still refuse, e.g. a trip plan without two-step login)."""
    world = await build_world(people)
    clients = {
        Role.PROSECUTOR: people.prosecutor,
        Role.LAWYER: people.lawyer,
        Role.ADVOCATE: people.advocate,
        Role.ADMIN: people.admin,
    }
    failures = []
    pages = [
        (method, path, roles)
        for (method, path), (roles, _reach) in sorted(POLICY.items())
        if not path.startswith("/api/") and path != "/logout"
    ]
    assert len(pages) > 50
    for method, path, roles in pages:
        for role, api in clients.items():
            ids = dict(world.ids["own"])
            # The person an admin page acts on: the outsider, never one of these clients (an
            # admin disabling the prosecutor would end the prosecutor's part of the test).
            ids["user_id"] = world.ids["other"]["user_id"]
            if "{feed_id:int}" in path:
                ids["feed_id"] = (await api.post("/api/feeds", json={"scope": "mine"})).json()["id"]
            if "{token_id:int}" in path:
                ids["token_id"] = await spare_token(api, role)
            ids.setdefault("web_session_id", 1)
            ids.setdefault("team_id", 1)
            response = await api.request(method, concrete(path, ids), data={})
            refused_by_table = response.status_code == 403 and "may do this" in response.text
            if (role in roles) == refused_by_table:
                failures.append(f"{role} {method} {path}: {response.status_code}")
    assert failures == [], "\n".join(failures)

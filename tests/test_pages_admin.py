"""Office administration from the pages (/admin: people, teams, courts, the audit trail), who
works on a case (/cases/{id}/people) and each person's own account page (/account): every
action from its form, audited; non-admins refused; bad input a page message, never a 500."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from docket.accounts.choices import Role
from docket.accounts.services import issue_api_token
from docket.accounts.tables import ApiToken, Team, TeamMember, User
from docket.audit.tables import AuditEvent
from docket.cases.tables import Case, CaseMember
from docket.courts.tables import Court
from docket.db import utc_now
from tests.conftest import PASSWORD, make_user
from tests.helpers import bearer, log_in, page_csrf
from tests.test_query_counts import counted  # noqa: F401 - the fixture: statements counted

pytestmark = pytest.mark.anyio

STRONG = "lantern orchard pebble violin"


async def audit_rows(action: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id)
    )
    return rows


async def answer_with(client: httpx.AsyncClient, cookies: dict[str, str]) -> int:
    """The status /api/auth/me answers another browser holding these cookies."""
    kept = dict(client.cookies)
    client.cookies.clear()
    client.cookies.update(cookies)
    try:
        return (await client.get("/api/auth/me")).status_code
    finally:
        client.cookies.clear()
        client.cookies.update(kept)


async def as_admin(client: httpx.AsyncClient) -> str:
    """An admin logged in on the pages; the CSRF token their forms carry."""
    await make_user("admin@docket.test", Role.ADMIN, "Admin Ada")
    await log_in(client, "admin@docket.test")
    return page_csrf((await client.get("/admin")).text)


async def test_only_an_admin_reaches_the_administration_pages(client: httpx.AsyncClient) -> None:
    await make_user("pros@docket.test", Role.PROSECUTOR)
    await log_in(client, "pros@docket.test")
    home = await client.get("/")
    assert "Office administration" not in home.text
    assert 'href="/admin"' not in home.text
    for path in ("/admin", "/admin/users", "/admin/teams", "/admin/courts", "/admin/audit"):
        refused = await client.get(path)
        assert refused.status_code == 403, path
        assert "Only an admin" in refused.text
    csrf = page_csrf(home.text)
    posted = await client.post(
        "/admin/users",
        data={"_csrf_token": csrf, "name": "X", "email": "x@docket.test", "role": "admin"},
    )
    assert posted.status_code == 403

    client.cookies.clear()
    assert (await client.get("/admin")).headers["location"] == "/login?next=/admin"

    await as_admin(client)
    home = await client.get("/")
    assert "Office administration" in home.text
    index = await client.get("/admin")
    assert index.status_code == 200
    for path in ("/admin/users", "/admin/teams", "/admin/courts", "/admin/audit"):
        assert f'href="{path}"' in index.text


async def test_an_admin_makes_an_account_with_a_password_shown_once(
    client: httpx.AsyncClient,
) -> None:
    csrf = await as_admin(client)
    form = {"_csrf_token": csrf, "name": "Pros. Ana Reyes", "email": "Ana@docket.test"}
    made = await client.post("/admin/users", data=form | {"role": "prosecutor"})
    assert made.status_code == 201, made.text
    password = made.text.split('<code id="new-password">', 1)[1].split("<", 1)[0]
    assert "shown only once" in made.text
    assert "ana@docket.test" in made.text
    assert [r["after"] for r in await audit_rows("user.create")]
    assert password not in str(await audit_rows("user.create"))

    # The new person logs in with it.
    client.cookies.clear()
    login = await client.post(
        "/api/auth/login", json={"email": "ana@docket.test", "password": password}
    )
    assert login.status_code == 200
    await log_in(client, "admin@docket.test")
    listed = await client.get("/admin/users")
    assert "Pros. Ana Reyes" in listed.text
    assert password not in listed.text

    form["_csrf_token"] = page_csrf(listed.text)  # a new login, a new token
    typed = form | {"email": "ben@docket.test", "name": "Ben", "role": "lawyer", "pick": "typed"}
    different = await client.post(
        "/admin/users", data=typed | {"password": STRONG, "password_again": STRONG + "x"}
    )
    assert different.status_code == 400
    assert "is not the same as the first" in different.text
    same = await client.post(
        "/admin/users", data=typed | {"password": STRONG, "password_again": STRONG}
    )
    assert same.status_code == 201
    assert 'id="new-password"' not in same.text
    assert STRONG not in same.text


async def test_bad_account_input_is_said_next_to_its_field_never_a_500(
    client: httpx.AsyncClient,
) -> None:
    csrf = await as_admin(client)
    good = {"_csrf_token": csrf, "name": "Carla", "email": "carla@docket.test", "role": "lawyer"}
    duplicate = await client.post("/admin/users", data=good | {"email": "ADMIN@docket.test"})
    assert duplicate.status_code == 409
    assert "already exists" in duplicate.text
    assert 'id="email-error"' in duplicate.text

    weak = good | {"pick": "typed", "password": "password123", "password_again": "password123"}
    refused = await client.post("/admin/users", data=weak)
    assert refused.status_code == 400
    assert "too easy to guess" in refused.text or "at least 12" in refused.text
    assert 'id="password-error"' in refused.text

    long_name = await client.post("/admin/users", data=good | {"name": "N" * 10_000})
    assert long_name.status_code == 400
    assert "Name must be at most 200 characters." in long_name.text
    assert 'maxlength="200"' in long_name.text

    no_role = await client.post("/admin/users", data=good | {"role": "king"})
    assert no_role.status_code == 400
    assert "Choose one of the roles." in no_role.text

    control = await client.post("/admin/users", data=good | {"name": "Car\x00la"})
    assert control.status_code == 400
    assert "Name must not hold control characters" in control.text
    assert not await audit_rows("user.create")


async def test_an_admin_resets_a_password_and_the_persons_sessions_end(
    client: httpx.AsyncClient,
) -> None:
    ana = await make_user("ana@docket.test", Role.PROSECUTOR, "Ana")
    await log_in(client, "ana@docket.test")
    ana_cookies = dict(client.cookies)
    csrf = await as_admin(client)
    page = await client.post(f"/admin/users/{ana}/password", data={"_csrf_token": csrf})
    assert page.status_code == 200
    password = page.text.split('<code id="new-password">', 1)[1].split("<", 1)[0]
    assert "shown only once" in page.text
    again = await client.get(f"/admin/users/{ana}")
    assert password not in again.text

    rows = await audit_rows("user.password_reset")
    assert len(rows) == 1
    assert rows[0]["entity_id"] == ana
    assert password not in str(rows)

    assert await answer_with(client, ana_cookies) == 401
    client.cookies.clear()
    old = await client.post(
        "/api/auth/login", json={"email": "ana@docket.test", "password": PASSWORD}
    )
    assert old.status_code == 401
    new = await client.post(
        "/api/auth/login", json={"email": "ana@docket.test", "password": password}
    )
    assert new.status_code == 200


async def test_an_admin_unlocks_resets_two_step_revokes_a_token_and_disables_from_the_page(
    client: httpx.AsyncClient,
) -> None:
    ana = await make_user("ana@docket.test", Role.ADVOCATE, "Ana")
    token = await issue_api_token("ana@docket.test", name="court laptop")
    for _ in range(5):
        await client.post("/api/auth/login", json={"email": "ana@docket.test", "password": "wrong"})
    await User.update({User.totp_enabled: True, User.totp_secret: "JBSWY3DPEHPK3PXP"}).where(
        User.id == ana
    )
    csrf = await as_admin(client)
    listed = await client.get("/admin/users")
    row = listed.text.split(f'id="user-{ana}"', 1)[1].split("</tr>", 1)[0]
    assert "on" in row  # two-step login
    assert "Tue 24 Nov 2026" in row  # locked until

    page = await client.get(f"/admin/users/{ana}")
    assert "court laptop" in page.text
    form = {"_csrf_token": csrf}
    unlocked = await client.post(f"/admin/users/{ana}/unlock", data=form)
    assert unlocked.status_code == 303
    shown = await client.get(unlocked.headers["location"])
    assert "The account is unlocked" in shown.text
    assert await audit_rows("user.unlocked")

    reset = await client.post(f"/admin/users/{ana}/two-step/reset", data=form)
    assert reset.status_code == 303
    assert 'id="user-two-step">off' in (await client.get(f"/admin/users/{ana}")).text
    assert await audit_rows("user.totp_reset")
    twice = await client.post(f"/admin/users/{ana}/two-step/reset", data=form)
    assert twice.status_code == 409
    assert "no two-step login to reset" in twice.text

    tid = (await ApiToken.select(ApiToken.id).where(ApiToken.user == ana).first() or {})["id"]
    revoked = await client.post(f"/admin/users/{ana}/tokens/{tid}/revoke", data=form)
    assert revoked.status_code == 303
    assert (await client.get("/api/auth/me", headers=bearer(token))).status_code == 401

    disabled = await client.post(f"/admin/users/{ana}/disable", data=form)
    assert disabled.status_code == 303
    assert 'id="user-active">disabled' in (await client.get(f"/admin/users/{ana}")).text
    assert await audit_rows("user.disable")

    admin_id = (await User.select(User.id).where(User.email == "admin@docket.test").first() or {})[
        "id"
    ]
    own = await client.post(f"/admin/users/{admin_id}/disable", data=form)
    assert own.status_code == 409
    assert "cannot disable your own account" in own.text
    assert (await client.get("/admin/users/99999")).status_code == 404


async def test_an_admin_makes_renames_and_fills_a_team_from_the_page(
    client: httpx.AsyncClient,
) -> None:
    ana = await make_user("ana@docket.test", Role.PROSECUTOR, "Ana")
    csrf = await as_admin(client)
    form = {"_csrf_token": csrf}
    made = await client.post("/admin/teams", data=form | {"name": "Cebu task force"})
    assert made.status_code == 303
    team = (await Team.select(Team.id).where(Team.name == "Cebu task force").first() or {})["id"]
    assert made.headers["location"] == f"/admin/teams?team={team}&done=team#team-{team}"

    duplicate = await client.post("/admin/teams", data=form | {"name": "Cebu task force"})
    assert duplicate.status_code == 400
    assert "is already another team" in duplicate.text
    long = await client.post("/admin/teams", data=form | {"name": "T" * 10_000})
    assert long.status_code == 400
    assert "at most 200 characters" in long.text
    empty = await client.post("/admin/teams", data=form | {"name": "  "})
    assert empty.status_code == 400

    added = await client.post(f"/admin/teams/{team}/members", data=form | {"user_id": str(ana)})
    assert added.status_code == 303
    page = await client.get(added.headers["location"])
    # Said in the team's own card, where the page opens, not at the top of a long page.
    card = page.text.split(f'<section class="card" id="team-{team}"', 1)[1].split("</section>")[0]
    assert "The person was added to the team." in card
    assert page.text.count("The person was added to the team.") == 1
    assert "Ana" in page.text.split(f'id="team-{team}-members"', 1)[1].split("</ul>", 1)[0]
    assert await TeamMember.exists().where((TeamMember.team == team) & (TeamMember.user == ana))
    rows = await audit_rows("team.member_added")
    assert rows[0]["after"]
    assert str(ana) in rows[0]["after"]

    nobody = await client.post(f"/admin/teams/{team}/members", data=form | {"user_id": ""})
    assert nobody.status_code == 400
    assert "choose a person" in nobody.text.lower()
    beyond = await client.post(f"/admin/teams/{team}/members", data=form | {"user_id": "9" * 12})
    assert beyond.status_code == 400
    assert "is not the number of any record" in beyond.text

    renamed = await client.post(f"/admin/teams/{team}/rename", data=form | {"name": "Cebu unit"})
    assert renamed.status_code == 303
    assert "Cebu unit" in (await client.get("/admin/teams")).text
    assert await audit_rows("team.renamed")

    removed = await client.post(f"/admin/teams/{team}/members/{ana}/remove", data=form)
    assert removed.status_code == 303
    assert not await TeamMember.exists().where(TeamMember.team == team)
    assert await audit_rows("team.member_removed")
    assert await audit_rows("team.create")


async def test_an_admin_adds_and_edits_a_court_with_a_real_time_zone(
    client: httpx.AsyncClient,
) -> None:
    csrf = await as_admin(client)
    page = await client.get("/admin/courts")
    options = page.text.split('id="timezone"', 1)[1]
    assert options.index("Asia/Manila") < options.index("Africa/Abidjan")
    form = {"_csrf_token": csrf, "address": "Capitol Site", "timezone": "Asia/Manila"}
    made = await client.post("/admin/courts", data=form | {"name": "RTC Branch 16"})
    assert made.status_code == 303
    court = (await Court.select().where(Court.name == "RTC Branch 16").first()) or {}
    assert court["address"] == "Capitol Site"

    not_a_zone = await client.post("/admin/courts", data=form | {"name": "X", "timezone": "Asia"})
    assert not_a_zone.status_code == 400
    assert 'id="timezone-error"' in not_a_zone.text
    assert "IANA time zone" in not_a_zone.text
    long = await client.post("/admin/courts", data=form | {"name": "C" * 10_000})
    assert long.status_code == 400
    assert "at most 200 characters" in long.text
    same = await client.post("/admin/courts", data=form | {"name": "RTC Branch 16"})
    assert same.status_code == 409
    assert "already exists" in same.text

    edit = await client.get(f"/admin/courts/{court['id']}")
    assert edit.status_code == 200
    saved = await client.post(
        f"/admin/courts/{court['id']}",
        data={
            "_csrf_token": csrf,
            "name": "RTC Branch 16, Cebu City",
            "address": "Capitol Site",
            "timezone": "Asia/Manila",
            "version": str(court["version"]),
            "was_name": "RTC Branch 16",
            "was_address": "Capitol Site",
            "was_timezone": "Asia/Manila",
        },
    )
    assert saved.status_code == 303
    assert "RTC Branch 16, Cebu City" in (await client.get("/admin/courts")).text
    assert await audit_rows("court.update") or await audit_rows("court.updated")


async def test_a_court_saved_after_someone_elses_edit_says_so_and_keeps_their_change(
    client: httpx.AsyncClient,
) -> None:
    csrf = await as_admin(client)
    await client.post(
        "/admin/courts", data={"_csrf_token": csrf, "name": "MTC 1", "timezone": "Asia/Manila"}
    )
    court = (await Court.select().where(Court.name == "MTC 1").first()) or {}
    opened = {
        "_csrf_token": csrf,
        "version": str(court["version"]),
        "was_name": "MTC 1",
        "was_address": "",
        "was_timezone": "Asia/Manila",
        "name": "MTC 1",
        "timezone": "Asia/Manila",
    }
    # Someone else gives it an address first.
    first = await client.post(f"/admin/courts/{court['id']}", data=opened | {"address": "Pier 3"})
    assert first.status_code == 303
    mine = opened | {"address": "", "name": "MTC Branch 1"}
    stale = await client.post(f"/admin/courts/{court['id']}", data=mine)
    assert stale.status_code == 412
    assert "Someone else changed this" in stale.text
    assert "Admin Ada changed it on" in stale.text
    again = page_csrf(stale.text)
    version = stale.text.split('name="version" value="', 1)[1].split('"', 1)[0]
    saved = await client.post(
        f"/admin/courts/{court['id']}", data=mine | {"_csrf_token": again, "version": version}
    )
    assert saved.status_code == 303
    now = (await Court.select().where(Court.id == court["id"]).first()) or {}
    assert now["name"] == "MTC Branch 1"
    assert now["address"] == "Pier 3"  # not written back: this person did not touch it


async def test_the_audit_trail_page_filters_by_user_action_case_and_day_and_pages(
    client: httpx.AsyncClient,
) -> None:
    csrf = await as_admin(client)
    for n in range(55):
        await client.post("/admin/teams", data={"_csrf_token": csrf, "name": f"Team {n:02}"})
    page = await client.get("/admin/audit", params={"action": "team.create"})
    assert page.status_code == 200
    assert "55 records · page 1 of 2" in page.text
    assert page.text.count('<tr id="audit-') == 50
    assert "Team 54" in page.text
    assert "Team 00" not in page.text
    assert 'rel="next"' in page.text
    assert 'rel="prev"' not in page.text
    second = await client.get("/admin/audit", params={"action": "team.create", "page": "2"})
    assert second.text.count('<tr id="audit-') == 5
    assert "Team 00" in second.text

    by_day = await client.get(
        "/admin/audit", params={"action": "team.create", "since": "2026-11-25"}
    )
    assert "0 records" in by_day.text
    today = await client.get(
        "/admin/audit",
        params={"action": "team.create", "since": "2026-11-24", "until": "2026-11-24"},
    )
    assert "55 records" in today.text
    by_case = await client.get("/admin/audit", params={"case": "7"})
    assert "0 records" in by_case.text
    beyond = await client.get("/admin/audit", params={"case": "99999999999"})
    assert beyond.status_code == 400
    assert "is not the number of any record" in beyond.text

    bad = await client.get("/admin/audit", params={"since": "yesterday", "page": "x"})
    assert bad.status_code == 400
    assert "must be a date" in bad.text
    backwards = await client.get(
        "/admin/audit", params={"since": "2026-11-24", "until": "2026-11-01"}
    )
    assert backwards.status_code == 400
    assert "on or after the first day" in backwards.text


async def test_restricted_details_stay_redacted_on_the_audit_page(
    client: httpx.AsyncClient,
) -> None:
    from docket.audit.services import record
    from docket.db import write_tx

    async with write_tx():
        await record(
            None,
            "survivor_identity.set",
            entity="survivor",
            entity_id=1,
            case_id=1,
            after={"legal_name": "Maria Santos"},
        )
    await as_admin(client)
    page = await client.get("/admin/audit")
    assert "Maria Santos" not in page.text
    assert "[redacted]" in page.text


async def test_the_lead_prosecutor_and_an_admin_change_who_works_on_a_case(
    client: httpx.AsyncClient,
) -> None:
    lead = await make_user("lead@docket.test", Role.PROSECUTOR, "Pros. Lead")
    other = await make_user("other@docket.test", Role.PROSECUTOR, "Pros. Other")
    lawyer = await make_user("lawyer@docket.test", Role.LAWYER, "Atty. Lawyer")
    now = utc_now()
    case = (
        await Case.insert(
            Case(docket_number="CEB-1", caption="People v. X", created_at=now, updated_at=now)
        ).returning(Case.id)
    )[0]["id"]
    await CaseMember.insert(
        CaseMember(case=case, user=lead, lead=True), CaseMember(case=case, user=lawyer, lead=False)
    )
    # The lawyer on the case sees no such form, and is refused it.
    await log_in(client, "lawyer@docket.test")
    assert "Change who works on this case" not in (await client.get(f"/cases/{case}")).text
    assert (await client.get(f"/cases/{case}/people")).status_code == 403

    await log_in(client, "lead@docket.test")
    case_page = await client.get(f"/cases/{case}")
    assert f'href="/cases/{case}/people"' in case_page.text
    page = await client.get(f"/cases/{case}/people")
    csrf = page_csrf(page.text)
    form = {"_csrf_token": csrf}
    added = await client.post(f"/cases/{case}/people/members", data=form | {"user_id": str(other)})
    assert added.status_code == 303
    assert await audit_rows("case.member_added")
    twice = await client.post(f"/cases/{case}/people/members", data=form | {"user_id": str(other)})
    assert twice.status_code == 409
    assert "already on the case" in twice.text
    stale = await client.post(
        f"/cases/{case}/people/lead", data=form | {"lead_prosecutor_id": str(other), "version": "1"}
    )
    assert stale.status_code == 412
    assert "Someone else changed this" in stale.text
    not_a_prosecutor = await client.post(
        f"/cases/{case}/people/lead",
        data=form | {"lead_prosecutor_id": str(lawyer), "version": "2"},
    )
    assert not_a_prosecutor.status_code == 400
    assert "prosecutor whose account is active" in not_a_prosecutor.text
    removed = await client.post(f"/cases/{case}/people/members/{lawyer}/remove", data=form)
    assert removed.status_code == 303
    assert await audit_rows("case.member_removed")
    handed = await client.post(
        f"/cases/{case}/people/lead", data=form | {"lead_prosecutor_id": str(other), "version": "3"}
    )
    assert handed.status_code == 303
    lead_rows = await audit_rows("case.lead_changed")
    assert len(lead_rows) == 1
    # The lead before is a member now, and no longer decides: sent home.
    assert handed.headers["location"] == "/"
    assert (await client.get(f"/cases/{case}/people")).status_code == 403

    await as_admin(client)
    admin_page = await client.get(f"/cases/{case}/people")
    assert admin_page.status_code == 200
    assert 'id="current-lead">Pros. Other' in admin_page.text


async def test_a_person_changes_their_own_password_and_their_other_sessions_end(
    client: httpx.AsyncClient,
) -> None:
    await make_user("ana@docket.test", Role.LAWYER, "Ana")
    await log_in(client, "ana@docket.test")
    elsewhere = dict(client.cookies)
    await log_in(client, "ana@docket.test")
    page = await client.get("/account")
    assert page.status_code == 200
    assert page.text.count('<tr id="session-') == 2
    assert "This session" in page.text
    assert "127.0.0.1" in page.text
    assert 'href="/account/tokens"' in page.text
    assert 'href="/account/two-step"' in page.text
    csrf = page_csrf(page.text)
    form = {"_csrf_token": csrf, "current_password": PASSWORD}

    wrong = await client.post(
        "/account/password",
        data=form
        | {"current_password": "no", "new_password": STRONG, "new_password_again": STRONG},
    )
    assert wrong.status_code == 403
    assert "not your password" in wrong.text
    weak = await client.post(
        "/account/password",
        data=form | {"new_password": "password1234", "new_password_again": "password1234"},
    )
    assert weak.status_code == 400
    assert 'id="new_password-error"' in weak.text
    mismatch = await client.post(
        "/account/password",
        data=form | {"new_password": STRONG, "new_password_again": STRONG + "!"},
    )
    assert mismatch.status_code == 400
    assert 'id="new_password_again-error"' in mismatch.text
    long = await client.post(
        "/account/password",
        data=form | {"new_password": "x" * 10_000, "new_password_again": "x" * 10_000},
    )
    assert long.status_code == 400
    assert "at most 128 characters" in long.text

    changed = await client.post(
        "/account/password", data=form | {"new_password": STRONG, "new_password_again": STRONG}
    )
    assert changed.status_code == 303
    after = await client.get(changed.headers["location"])
    assert "Your password was changed" in after.text
    assert after.text.count('<tr id="session-') == 1
    assert await answer_with(client, elsewhere) == 401
    rows = await audit_rows("user.password_changed")
    assert len(rows) == 1
    assert STRONG not in str(rows)
    client.cookies.clear()
    login = await client.post(
        "/api/auth/login", json={"email": "ana@docket.test", "password": STRONG}
    )
    assert login.status_code == 200


async def test_a_person_ends_one_of_their_sessions_and_not_someone_elses(
    client: httpx.AsyncClient,
) -> None:
    await make_user("ana@docket.test", Role.LAWYER, "Ana")
    await make_user("ben@docket.test", Role.LAWYER, "Ben")
    await log_in(client, "ben@docket.test")
    bens = await client.get("/account")
    ben_session = bens.text.split('<tr id="session-', 1)[1].split('"', 1)[0]
    await log_in(client, "ana@docket.test")
    left_open = dict(client.cookies)
    await log_in(client, "ana@docket.test")
    page = await client.get("/account")
    csrf = page_csrf(page.text)
    other = page.text.split('action="/account/sessions/', 1)[1].split("/", 1)[0]
    ended = await client.post(f"/account/sessions/{other}/end", data={"_csrf_token": csrf})
    assert ended.status_code == 303
    assert "That session ended" in (await client.get(ended.headers["location"])).text
    assert await answer_with(client, left_open) == 401
    assert await audit_rows("user.session_ended")
    not_mine = await client.post(f"/account/sessions/{ben_session}/end", data={"_csrf_token": csrf})
    assert not_mine.status_code == 404


async def test_no_admin_form_works_for_anyone_but_an_admin(client: httpx.AsyncClient) -> None:
    ana = await make_user("ana@docket.test", Role.PROSECUTOR, "Ana")
    team = (await Team.insert(Team(name="Unit")).returning(Team.id))[0]["id"]
    await log_in(client, "ana@docket.test")
    csrf = page_csrf((await client.get("/account")).text)
    form = {"_csrf_token": csrf, "name": "Mine now", "user_id": str(ana)}
    for path in (
        f"/admin/users/{ana}/password",
        f"/admin/users/{ana}/unlock",
        f"/admin/users/{ana}/two-step/reset",
        f"/admin/users/{ana}/disable",
        "/admin/teams",
        f"/admin/teams/{team}/rename",
        f"/admin/teams/{team}/members",
        "/admin/courts",
    ):
        refused = await client.post(path, data=form)
        assert refused.status_code == 403, path
        assert "Only an admin" in refused.text
    assert not await TeamMember.exists()
    assert await Team.select(Team.name).first() == {"name": "Unit"}
    assert not await audit_rows("user.password_reset")


async def test_an_advocate_is_not_taken_out_of_a_team_while_a_survivor_would_lose_her(
    client: httpx.AsyncClient,
) -> None:
    from docket.cases.tables import Survivor

    grace = await make_user("grace@docket.test", Role.ADVOCATE, "Grace")
    team = (await Team.insert(Team(name="Unit")).returning(Team.id))[0]["id"]
    await TeamMember.insert(TeamMember(team=team, user=grace))
    now = utc_now()
    case = (
        await Case.insert(
            Case(
                docket_number="CEB-2",
                caption="People v. Y",
                team=team,
                created_at=now,
                updated_at=now,
            )
        ).returning(Case.id)
    )[0]["id"]
    await Survivor.insert(Survivor(case=case, pseudonym="AAA", age_band="12_to_17", advocate=grace))
    csrf = await as_admin(client)
    refused = await client.post(
        f"/admin/teams/{team}/members/{grace}/remove", data={"_csrf_token": csrf}
    )
    assert refused.status_code == 409
    assert "The advocate of AAA would no longer see the case" in refused.text
    assert await TeamMember.exists().where(TeamMember.user == grace)
    assert not await audit_rows("team.member_removed")


async def test_the_people_and_teams_pages_cost_the_same_for_3_or_30_accounts(
    counted: httpx.AsyncClient,  # noqa: F811 - the fixture imported above
) -> None:
    await make_user("admin@docket.test", Role.ADMIN, "Admin Ada")
    token = bearer(await issue_api_token("admin@docket.test"))
    team = (await Team.insert(Team(name="Unit")).returning(Team.id))[0]["id"]

    async def statements() -> dict[str, int]:
        found = {}
        for path in ("/admin/users", "/admin/teams"):
            response = await counted.get(path, headers=token)
            assert response.status_code == 200
            found[path] = int(response.headers["x-query-count"])
        return found

    async def add_people(first: int, last: int) -> None:
        for n in range(first, last):
            user = await make_user(f"person{n}@docket.test", Role.LAWYER)
            await TeamMember.insert(TeamMember(team=team, user=user))
            # A wrong login each: every account has a lock to work out.
            await counted.post(
                "/api/auth/login", json={"email": f"person{n}@docket.test", "password": "no"}
            )

    await add_people(0, 2)
    few = await statements()
    await add_people(2, 29)
    assert await statements() == few

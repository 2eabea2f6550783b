"""The case chronology a prosecutor attaches to a motion: everything that happened in the case
in date order, the resets with their reasons, the speedy-trial limits with their sources, on a
page and in a tagged PDF, and never a survivor's identity."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from docket.accounts.choices import Role
from docket.accounts.services import issue_api_token
from docket.accounts.tables import Team, TeamMember, User
from docket.cases.tables import Accused, Case, CaseMember
from docket.deadlines.engine import load_rules
from docket.hearings.tables import Hearing, HearingChange
from docket.notices.preparation import open_words
from docket.notices.tables import NoticePreparation
from tests.conftest import People, make_user
from tests.test_privacy import identity_strings

pytestmark = pytest.mark.anyio

MANILA = ZoneInfo("Asia/Manila")
ARTIFACTS = Path(__file__).parent / "artifacts"
#: The reasons the demo gives its resets (docket/demo.py).
DEMO_RESET_REASONS = {
    "Defence counsel's motion for postponement (illness)",
    "Presiding judge on official leave",
    "Accused not brought from jail (no escort)",
}


def _text(html: str) -> str:
    """The page's words as a reader sees them, one table row per line."""
    html = re.sub(r"</tr>|</p>|</h\d>", "\n", html.replace("\n", " "))
    words = re.sub(r"<[^>]+>", " ", html)
    words = words.replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"')
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in words.splitlines())


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"


def _pdf_text(pdf: bytes, name: str) -> str:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


async def _longest_demo_case() -> int:
    """The demo case with the most resets (then the most hearings)."""
    resets = Counter(
        r["case"]
        for r in await HearingChange.select(HearingChange.hearing.case.as_alias("case")).where(
            HearingChange.change == "reset"
        )
    )
    hearings = Counter(r["case"] for r in await Hearing.select(Hearing.case))
    return int(max(hearings, key=lambda c: (resets[c], hearings[c], -c)))


async def _lead_of(case_id: int) -> str:
    lead = (
        await CaseMember.select(CaseMember.user.email.as_alias("email"))
        .where((CaseMember.case == case_id) & CaseMember.lead.eq(True))
        .first()
    )
    assert lead is not None
    return str(lead["email"])


async def _trip_plan_words() -> set[str]:
    found: set[str] = set()
    for row in await NoticePreparation.select():
        words = open_words(row)
        found |= {
            words.meeting_place,
            words.route_and_entrance,
            words.vehicle_and_escort,
            words.return_plan,
            words.safety_notes,
            *words.support_persons,
        }
    return {w for w in found if w and len(w) > 3}


async def test_the_chronology_of_the_demos_longest_case_lists_everything_in_date_order(
    people: People,
) -> None:
    from docket.demo import load_demo

    await load_demo("demo password 2026")
    case_id = await _longest_demo_case()
    case = await Case.select().where(Case.id == case_id).first()
    assert case is not None
    token = await issue_api_token(await _lead_of(case_id))
    headers = {"Authorization": f"Bearer {token}"}
    lead = await User.select(User.name).where(User.email == await _lead_of(case_id)).first()
    assert lead is not None
    lead_name = lead["name"]

    page = await people.client.get(f"/cases/{case_id}/chronology", headers=headers)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    text = _text(page.text)

    # The header a court expects on an annex.
    assert "Chronology of the case" in text
    assert case["docket_number"] in text
    assert case["court_case_number"] in text
    assert f"Prepared by {lead_name} on 24 Nov 2026" in text
    assert f'href="/cases/{case_id}/chronology.pdf"' in page.text

    # Every reset, numbered in order, with the setting it moved, the new one and the reason.
    resets = list(
        await HearingChange.select()
        .where((HearingChange.hearing.case == case_id) & (HearingChange.change == "reset"))
        .order_by(HearingChange.at)
        .order_by(HearingChange.id)
    )
    assert len(resets) == 2, "the demo resets every third case twice"
    assert "Hearings reset 2 times" in text
    reset_lines = [line for line in text.splitlines() if "Reset no." in line]
    assert len(reset_lines) == 2
    for number, (line, change) in enumerate(zip(reset_lines, resets, strict=True), start=1):
        assert f"Reset no. {number}:" in line
        before = change["previous_starts_at"].astimezone(MANILA)
        assert f"hearing of {_day(before.date())}" in line
        assert f"Reason: {change['reason']}" in line
        assert change["reason"] in DEMO_RESET_REASONS
        assert "Roberto Alcantara" in line  # who recorded it
    # The second reset moved the setting the first one made.
    hearing = await Hearing.select().where(Hearing.id == resets[0]["hearing"]).first()
    assert hearing is not None
    second_from = resets[1]["previous_starts_at"].astimezone(MANILA)
    assert f"reset to {_day(second_from.date())}" in reset_lines[0]
    now_on = hearing["starts_at"].astimezone(MANILA)
    assert f"reset to {_day(now_on.date())}" in reset_lines[1]

    # The outcomes: the held hearing with its note, the cancelled one with its reason.
    assert re.search(r"hearing held Prosecution witness PMSg\. testified on direct", text)
    assert "hearing cancelled Work suspended in Cebu City courts (typhoon signal no. 2)" in text

    # The dated facts (motions, orders, filings) and the deadlines met and missed.
    assert "Court received the case" in text
    lines = text.splitlines()

    # Date order: every dated row's day is on or after the one before it.
    days = [
        dt.datetime.strptime(m.group(1), "%d %b %Y").replace(tzinfo=MANILA).date()
        for line in lines
        if (m := re.match(r"^(\d{1,2} [A-Z][a-z]{2} \d{4}) ", line)) and "Prepared" not in line
    ]
    assert len(days) >= 10
    assert days == sorted(days)

    # The speedy-trial limits with the days elapsed and the source, as rules.toml has them.
    sources = {rule.source for rule in load_rules() if rule.kind == "target"}
    clock_rows = [line for line in lines if " of " in line and " days (to " in line]
    assert clock_rows, "the limits table lists the clocks that run"
    for row in clock_rows:
        assert any(source in row for source in sources), row
        assert re.search(r"\d+ of \d+ days \(to \d{1,2} [A-Z][a-z]{2} \d{4}\)", row)


async def test_the_chronology_never_shows_a_survivors_identity_or_the_trip_plan(
    people: People,
) -> None:
    from docket.demo import load_demo

    await load_demo("demo password 2026")
    secrets = await identity_strings()
    plans = await _trip_plan_words()
    assert len(secrets) > 20
    assert plans
    # The accused parents share the children's family name: that name is the accused's, and
    # only strings that belong to survivors alone are looked for (as tests/test_privacy.py).
    accused = {
        part
        for row in await Accused.select(Accused.name)
        for part in (row["name"].split()[-1], " ".join(row["name"].split()[1:]))
    }
    births = set()
    for secret in secrets:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", secret):
            births.add(_day(dt.date.fromisoformat(secret)))
    looked_for = (secrets - accused) | births | plans
    token = await issue_api_token(await _lead_of(await _longest_demo_case()))
    headers = {"Authorization": f"Bearer {token}"}
    pages, pdf_texts = [], []
    for row in await Case.select(Case.id).order_by(Case.id):
        case_id = row["id"]
        page = await people.admin.get(f"/cases/{case_id}/chronology")
        assert page.status_code == 200
        pages.append(_text(page.text))
    longest = await _longest_demo_case()
    pdf = await people.client.get(f"/cases/{longest}/chronology.pdf", headers=headers)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    pdf_texts.append(_pdf_text(pdf.content, "chronology-demo-longest-case.pdf"))
    everything = "\n".join(pages + pdf_texts)
    assert sorted(s for s in looked_for if s in everything) == []


async def test_the_chronology_pdf_is_tagged_with_the_case_and_page_numbers_on_every_page(
    people: People,
) -> None:
    from docket.demo import load_demo

    await load_demo("demo password 2026")
    case_id = await _longest_demo_case()
    case = await Case.select().where(Case.id == case_id).first()
    assert case is not None
    response = await people.admin.get(f"/cases/{case_id}/chronology.pdf")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    text = _pdf_text(response.content, "chronology-demo-case.pdf")
    info = _pdf_info(ARTIFACTS / "chronology-demo-case.pdf")
    assert info["Tagged"].strip() == "yes"
    pages = int(info["Pages"])
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    assert text.count(case["docket_number"]) >= pages
    assert text.count("Prepared by Admin on 24 Nov 2026") >= pages
    assert "Reset no. 2" in text


async def test_outside_the_case_team_the_chronology_is_not_found(people: People) -> None:
    from docket.demo import load_demo

    await load_demo("demo password 2026")
    case_id = await _longest_demo_case()
    # The test's lawyer works on none of the demo's cases.
    for path in (f"/cases/{case_id}/chronology", f"/cases/{case_id}/chronology.pdf"):
        response = await people.lawyer.get(path)
        assert response.status_code == 404, path
        assert "Reset no." not in response.text
    assert (await people.lawyer.get("/cases/999999/chronology")).status_code == 404
    # Anyone on the case's team reads it: its advocate too.
    advocate = (
        await CaseMember.select(CaseMember.user.email.as_alias("email"))
        .where((CaseMember.case == case_id) & (CaseMember.user.role == "advocate"))
        .first()
    )
    assert advocate is not None
    token = await issue_api_token(advocate["email"])
    response = await people.client.get(
        f"/cases/{case_id}/chronology", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200


# --- the number of statements does not grow with the hearings ------------------------------


@pytest.fixture
async def counted(db: None, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app built with query counting on."""
    monkeypatch.setenv("DOCKET_COUNT_QUERIES", "1")
    from docket.app import create_app

    app = create_app()
    async with app.lifespan():
        transport = httpx.ASGITransport(
            app=app,  # type: ignore[arg-type]  # httpx's ASGI type is narrower than Litestar's
            client=("127.0.0.1", 50000),
        )
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            yield http


async def _case_with(client: httpx.AsyncClient, hearings: int) -> tuple[int, dict[str, Any]]:
    """A case in court with this many hearings, each reset once and then held, and a note."""
    email = f"lead{hearings}@docket.test"
    user_id = await make_user(email, Role.PROSECUTOR)
    team_id = (await Team.insert(Team(name=f"Team {hearings}")).returning(Team.id))[0]["id"]
    await TeamMember.insert(TeamMember(team=team_id, user=user_id))
    headers = {"Authorization": f"Bearer {await issue_api_token(email)}"}
    court = await client.post(
        "/api/courts",
        json={"name": f"RTC Branch {hearings}", "address": "Hall of Justice"},
        headers={"Authorization": f"Bearer {await _admin_token()}"},
    )
    assert court.status_code == 201, court.text
    case = await client.post(
        "/api/cases",
        json={
            "docket_number": f"CEB-2026-{hearings:04d}",
            "caption": "People v. Doe",
            "stage": "trial_prosecution_evidence",
            "court_id": court.json()["id"],
            "team_id": team_id,
            "lead_prosecutor_id": user_id,
        },
        headers=headers,
    )
    assert case.status_code == 201, case.text
    case_id = case.json()["id"]
    for index in range(hearings):
        start = dt.datetime(2026, 6, 1, 8, 30, tzinfo=MANILA) + dt.timedelta(weeks=index)
        made = await client.post(
            f"/api/cases/{case_id}/hearings",
            json={
                "kind": "trial",
                "starts_at": start.isoformat(),
                "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
            },
            headers=headers,
        )
        assert made.status_code == 201, made.text
        hearing = made.json()
        moved = start + dt.timedelta(days=2)
        reset = await client.post(
            f"/api/hearings/{hearing['id']}/outcome",
            json={
                "outcome": "reset",
                "reason": "Presiding judge on official leave",
                "new_starts_at": moved.isoformat(),
                "new_ends_at": (moved + dt.timedelta(hours=2)).isoformat(),
                "version": hearing["version"],
            },
            headers=headers,
        )
        assert reset.status_code == 200, reset.text
        held = await client.post(
            f"/api/hearings/{hearing['id']}/outcome",
            json={
                "outcome": "held",
                "note": "Witness testified",
                "version": reset.json()["version"],
            },
            headers=headers,
        )
        assert held.status_code == 200, held.text
    note = await client.post(
        f"/api/cases/{case_id}/notes",
        json={"noted_on": "2026-11-20", "text": "Called the police witness about the subpoena"},
        headers=headers,
    )
    assert note.status_code == 201, note.text
    return case_id, headers


async def _admin_token() -> str:
    if not await User.exists().where(User.email == "admin@docket.test"):
        await make_user("admin@docket.test", Role.ADMIN)
    return await issue_api_token("admin@docket.test")


async def test_the_chronology_costs_the_same_statements_for_2_hearings_as_for_12(
    counted: httpx.AsyncClient,
) -> None:
    counts = {}
    for size in (2, 12):
        case_id, headers = await _case_with(counted, size)
        response = await counted.get(f"/cases/{case_id}/chronology", headers=headers)
        assert response.status_code == 200, response.text
        assert _text(response.text).count("Reset no.") == size
        assert "Called the police witness about the subpoena" in response.text
        counts[size] = int(response.headers["x-query-count"])
    assert counts[2] == counts[12], counts


async def test_a_bad_stored_date_or_a_hostile_address_never_takes_the_chronology_down(
    people: People,
) -> None:
    from docket.demo import load_demo

    await load_demo("demo password 2026")
    case_id = await _longest_demo_case()
    # A hearing date typed by hand into the database, beyond any year a court could mean.
    hearing = await Hearing.select(Hearing.id).where(Hearing.case == case_id).first()
    assert hearing is not None
    far = dt.datetime(9999, 12, 31, 15, 0, tzinfo=dt.UTC)
    await Hearing.update({Hearing.starts_at: far, Hearing.ends_at: far}).where(
        Hearing.id == hearing["id"]
    )
    page = await people.admin.get(f"/cases/{case_id}/chronology")
    assert page.status_code == 200
    assert "Reset no. 2" in page.text
    pdf = await people.admin.get(f"/cases/{case_id}/chronology.pdf")
    assert pdf.status_code == 200
    for path in ("/cases/0/chronology", "/cases/99999999999/chronology.pdf"):
        response = await people.admin.get(path)
        assert response.status_code in (400, 404), path
    nul = await people.admin.get("/cases/1/chronology", params={"x": "\x00"})
    assert nul.status_code == 400

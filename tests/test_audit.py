"""The audit trail: every change leaves a row; the hash chain catches an edited, a deleted and
a truncated row; admins read it by case, user and date; nobody else can."""

from __future__ import annotations

from pathlib import Path

import pytest

from docket.audit.tables import AuditEvent, AuditHead
from tests.conftest import People, run_docket
from tests.helpers import make_case

pytestmark = pytest.mark.anyio


async def test_changes_are_recorded_and_readable_by_admins(people: People) -> None:
    case = await make_case(people)
    await people.lawyer.patch(f"/api/cases/{case['id']}", json={"version": 1, "sealed": True})
    trail = await people.admin.get("/api/audit", params={"case_id": case["id"]})
    assert trail.status_code == 200
    items = trail.json()["items"]
    assert [i["action"] for i in items] == ["case.update", "case.create"]
    update = items[0]
    assert update["actor_id"] == people.lawyer.user_id
    assert update["before"] == {"sealed": False}
    assert update["after"]["sealed"] is True
    assert update["remote_addr"] == "127.0.0.1"
    by_user = await people.admin.get("/api/audit", params={"user_id": people.lawyer.user_id})
    assert by_user.json()["total"] >= 2
    # After every change (the last instant the API takes: years past 2100 are a typo's 400).
    later = await people.admin.get("/api/audit", params={"since": "2100-12-31T00:00:00+00:00"})
    assert later.json()["total"] == 0
    typo = await people.admin.get("/api/audit", params={"since": "2999-01-01T00:00:00+00:00"})
    assert typo.status_code == 400
    assert typo.json()["errors"][0]["field"] == "since"
    assert (await people.lawyer.get("/api/audit")).status_code == 403
    assert (await people.anonymous.get("/api/audit")).status_code == 401
    naive = await people.admin.get("/api/audit", params={"since": "2026-01-01T00:00:00"})
    assert naive.status_code == 400


async def _trail_with_rows(people: People) -> list[dict[str, object]]:
    from docket.audit.services import start_trail

    # The trail's first record, as `docket migrate` writes it (each test's database is emptied).
    await start_trail()
    case = await make_case(people)
    for version in (1, 2, 3):
        await people.lawyer.patch(
            f"/api/cases/{case['id']}", json={"version": version, "sealed": version % 2 == 1}
        )
    return list(await AuditEvent.select().order_by(AuditEvent.id))


async def test_a_clean_chain_verifies(people: People) -> None:
    from docket.audit.services import verify_trail

    rows = await _trail_with_rows(people)
    assert len(rows) >= 4
    verdict = await verify_trail()
    assert verdict.ok, verdict.problem


async def test_an_edited_row_is_detected(people: People) -> None:
    from docket.audit.services import verify_trail

    rows = await _trail_with_rows(people)
    victim = rows[2]
    await AuditEvent.update({AuditEvent.after: '{"sealed": false}'}).where(
        AuditEvent.id == victim["id"]
    )
    verdict = await verify_trail()
    assert not verdict.ok
    assert verdict.first_broken_id == victim["id"]


async def test_a_deleted_row_is_detected(people: People) -> None:
    from docket.audit.services import verify_trail

    rows = await _trail_with_rows(people)
    await AuditEvent.delete().where(AuditEvent.id == rows[1]["id"])
    verdict = await verify_trail()
    assert not verdict.ok
    assert verdict.first_broken_id == rows[2]["id"], "the row after the gap no longer links"


async def test_a_truncated_trail_is_detected(people: People) -> None:
    from docket.audit.services import trail_head, verify_trail

    rows = await _trail_with_rows(people)
    anchor = await trail_head()
    await AuditEvent.delete().where(AuditEvent.id == rows[-1]["id"])
    verdict = await verify_trail()
    assert not verdict.ok
    assert "missing from the end" in verdict.problem
    # Someone who also rewinds the head to an older, genuine state is caught by the anchor.
    await AuditHead.delete().where(AuditHead.id > 0)
    rebuilt = await verify_trail()
    assert not rebuilt.ok
    assert not (await verify_trail(anchor)).ok


def test_docket_audit_verify_reports_the_first_broken_link(
    fresh_database_url: str, tmp_path: Path
) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    assert (
        run_docket(fresh_database_url, "demo", "--password", "demo password 2026").returncode == 0
    )
    good = run_docket(fresh_database_url, "audit", "verify")
    assert good.returncode == 0, good.stderr
    assert "verifies" in good.stdout
    head = run_docket(fresh_database_url, "audit", "head").stdout.strip()
    anchored = run_docket(fresh_database_url, "audit", "verify", "--anchor", head)
    assert anchored.returncode == 0
    bad_anchor = run_docket(fresh_database_url, "audit", "verify", "--anchor", "nonsense")
    assert bad_anchor.returncode != 0

    import asyncio

    async def tamper() -> None:
        import os

        os.environ["DOCKET_DATABASE_URL"] = fresh_database_url
        from docket.db import engine_for_url

        db = engine_for_url(fresh_database_url)
        await db.run_ddl("UPDATE audit_event SET outcome = 'denied' WHERE id = 5")

    saved = __import__("os").environ["DOCKET_DATABASE_URL"]
    try:
        asyncio.run(tamper())
    finally:
        __import__("os").environ["DOCKET_DATABASE_URL"] = saved
    broken = run_docket(fresh_database_url, "audit", "verify")
    assert broken.returncode == 1
    assert "row 5" in broken.stderr


async def test_notice_logistics_are_redacted_in_the_trail(people: People) -> None:
    from docket.audit.services import redacted

    row = redacted(
        {
            "support_persons": '["Nena"]',
            "meeting_place": "Gate 2 of the home on Gorordo Ave",
            "safety_notes": "uncle waits outside the court",
            "role_note": "may testify",
        }
    )
    assert row["support_persons"] == row["meeting_place"] == row["safety_notes"] == "[redacted]"
    assert row["role_note"] == "may testify", "what is not identifying stays readable"

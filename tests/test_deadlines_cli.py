"""`docket deadlines --at-risk` prints the office-wide list as a table, soonest first."""

from __future__ import annotations

import re

from tests.conftest import run_docket

DUE = re.compile(r"^\S*\s*(\d{4}-\d{2}-\d{2})\s", re.M)


def test_deadlines_at_risk_prints_a_table(fresh_database_url: str) -> None:
    assert run_docket(fresh_database_url, "migrate").returncode == 0
    demo = run_docket(fresh_database_url, "demo", "--password", "demo password 2026")
    assert demo.returncode == 0, demo.stderr

    shown = run_docket(fresh_database_url, "deadlines", "--at-risk")
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "Deadlines at risk on" in out
    for heading in ("due", "status", "docket no.", "caption", "court", "lead prosecutor"):
        assert heading in out
    dues = DUE.findall(out)
    assert len(dues) >= 3, out
    assert dues == sorted(dues), "soonest first"
    # The demo lays its dates out so that these are at risk (docket/demo.py _demo_facts).
    assert "Resolve the preliminary investigation" in out
    assert "Resolve the petition for bail" in out
    assert "overdue" in out
    assert "Pros. " in out, "the lead prosecutor is named"
    assert "AAA" not in out, "no survivor appears"

    mine = run_docket(
        fresh_database_url, "deadlines", "--at-risk", "--prosecutor", "ana.lim@docket.example"
    )
    assert mine.returncode == 0, mine.stderr
    assert 0 < len(DUE.findall(mine.stdout)) < len(dues)
    court = run_docket(fresh_database_url, "deadlines", "--at-risk", "--court", "1")
    assert court.returncode == 0
    assert "RTC Branch 22" not in court.stdout
    team = run_docket(fresh_database_url, "deadlines", "--at-risk", "--team", "2")
    assert team.returncode == 0
    assert len(DUE.findall(team.stdout)) < len(dues)
    calm = run_docket(fresh_database_url, "deadlines", "--at-risk", "--as-of", "1999-01-01")
    assert calm.returncode == 0
    assert "No deadline is at risk on 1999-01-01" in calm.stdout

    unknown = run_docket(
        fresh_database_url, "deadlines", "--at-risk", "--prosecutor", "nobody@docket.example"
    )
    assert unknown.returncode == 1
    assert "nobody@docket.example" in unknown.stderr
    assert run_docket(fresh_database_url, "deadlines").returncode == 2
    assert run_docket(fresh_database_url, "deadlines", "--at-risk", "--court", "0").returncode == 2

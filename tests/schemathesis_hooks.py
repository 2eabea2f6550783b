"""Schemathesis hooks for the swapped-users run of tests/test_fuzz_api.py: the logged-in person
(A) asks for another team's records (B's): every record id Schemathesis puts in a path or a
query is one of B's, and a check fails the run when A gets any of B's records back.

Schemathesis loads this file from SCHEMATHESIS_HOOKS; B's ids come in DOCKET_FUZZ_THEIRS (JSON:
parameter name -> ids). Without that variable the hooks change nothing.
"""

from __future__ import annotations

import json
import os
from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, HookContext, Response

#: B's records by the parameter that names them (case_id, hearing_id, survivor_id, ...).
THEIRS: dict[str, list[int]] = json.loads(os.environ.get("DOCKET_FUZZ_THEIRS") or "{}")
THEIR_CASES = set(THEIRS.get("case_id", []))
#: Query filters that name one record; the others (court_id, team_id) are shared or not B's.
QUERY_IDS = ("case_id", "hearing_id", "survivor_id")


def _theirs(name: str, drawn: Any) -> Any:
    """One of B's ids in place of the drawn value, chosen by it (so a run stays deterministic
    and still reaches each of B's records)."""
    ids = THEIRS.get(name)
    if not ids:
        return drawn
    index = drawn if isinstance(drawn, int) else len(str(drawn))
    return ids[abs(index) % len(ids)]


@schemathesis.hook
def map_case(context: HookContext, case: Case[Any]) -> Case[Any]:
    """B's ids in every path and record filter. map_case, not map_path_parameters: the
    coverage phase applies only the case hooks."""
    if not THEIRS:
        return case
    if case.path_parameters:
        case.path_parameters = {
            name: _theirs(name, value) for name, value in case.path_parameters.items()
        }
    if case.query:
        case.query = {
            name: _theirs(name, value) if name in QUERY_IDS else value
            for name, value in case.query.items()
        }
    return case


def _cases_named(value: Any, in_case_list: bool = False) -> set[int]:
    """Every case an answer names: its case_id fields anywhere, and the ids of a case list."""
    found: set[int] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            names_a_case = key == "case_id" or (key == "id" and in_case_list)
            if names_a_case and isinstance(item, int):
                found.add(item)
            else:
                found |= _cases_named(item, in_case_list and key == "items")
    elif isinstance(value, list):
        for item in value:
            found |= _cases_named(item, in_case_list)
    return found


@schemathesis.check
def no_other_teams_record(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """A person gets none of another team's records: asked by id, the answer is 404 (or 403),
    never a 2xx; and no answer to any question names one of that team's cases."""
    # OPTIONS answers every path alike (Litestar's 204 with Allow), whoever's the record.
    if not THEIRS or case.method.upper() == "OPTIONS" or not 200 <= response.status_code < 300:
        return None
    asked = [
        f"{name}={value}"
        for name, value in (case.path_parameters or {}).items()
        if value in THEIRS.get(name, ())
    ]
    if asked:
        reached = "read" if case.method.upper() == "GET" else "changed"
        raise AssertionError(
            f"{case.method} {case.path} {reached} another team's record ({', '.join(asked)}): "
            f"{response.status_code} instead of 404"
        )
    try:
        body = response.json()
    except Exception:  # not JSON (a calendar, an empty 204): no case ids to look for
        return None
    leaked = _cases_named(body, in_case_list=case.path == "/api/cases") & THEIR_CASES
    if leaked:
        raise AssertionError(
            f"{case.method} {case.path} answered with another team's cases {sorted(leaked)}"
        )
    return None

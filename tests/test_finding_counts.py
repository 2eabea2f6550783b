"""The finding pages run the same number of SQL statements on the national demo and on one ten
times larger (docket.querycount; a count, not a timing), as the API's lists do
(tests/test_query_counts.py, whose demo sizes and counting client this reuses)."""

from __future__ import annotations

import httpx
import pytest

from benchmarks.national_demo import Scale, load_national
from docket.accounts.services import issue_api_token
from tests.conftest import empty_database
from tests.test_query_counts import LARGE, PROSECUTOR, SMALL, _get
from tests.test_query_counts import counted as counted  # the fixture

pytestmark = pytest.mark.anyio

PAGES = (
    "/cases",
    "/cases?at_risk=yes",
    "/cases?this_week=yes&stage=trial_prosecution_evidence",
    "/cases.csv",
    "/calendar",
    "/calendar?span=month",
    "/hearings.csv?span=month",
    "/deadlines/team",
)


async def _statements(client: httpx.AsyncClient, scale: Scale) -> dict[str, int]:
    await empty_database()
    await load_national("demo-docket-2026", scale=scale)
    token = await issue_api_token(PROSECUTOR)
    return {path: (await _get(client, token, path))[1] for path in PAGES}


async def test_finding_pages_cost_the_same_statements_with_ten_times_the_cases(
    counted: httpx.AsyncClient,
) -> None:
    small = await _statements(counted, SMALL)
    large = await _statements(counted, LARGE)
    assert large == small
    # Authentication included; the deadlines at risk read the facts of every visible case in
    # a fixed number of statements (docket.deadlines.services.load_facts).
    assert max(small.values()) <= 25, small

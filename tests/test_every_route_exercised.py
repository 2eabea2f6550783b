"""Every JSON route was called by the suite with success and with a refusal (run after every
other test: marked ``after_the_suite``, which tests/conftest.py orders last).

Only meaningful after the whole suite (scripts/test without arguments sets
DOCKET_ROUTE_COVERAGE=1); a partial run skips it.
"""

from __future__ import annotations

import os
import re

import pytest

from docket.app import create_app
from tests.conftest import SEEN_REQUESTS


def _templates() -> list[tuple[str, str, re.Pattern[str]]]:
    found = []
    for route in create_app().routes:
        if not route.path.startswith("/api/") or route.path.startswith("/api/schema"):
            continue
        pattern = re.sub(r"\{[^}:]+:int\}", r"[0-9]+", route.path)
        pattern = re.sub(r"\{[^}]+\}", r"[^/]+", pattern)
        for method in sorted(getattr(route, "methods", set()) - {"OPTIONS", "HEAD"}):
            found.append((method, route.path, re.compile(f"^{pattern}/?$")))
    return found


@pytest.mark.after_the_suite
@pytest.mark.skipif(
    os.environ.get("DOCKET_ROUTE_COVERAGE") != "1", reason="needs the whole suite's requests"
)
def test_every_route_was_tried_with_good_and_bad_input() -> None:
    missing = []
    for method, path, pattern in _templates():
        statuses = {s for m, p, s in SEEN_REQUESTS if m == method and pattern.match(p)}
        if not any(200 <= s < 300 for s in statuses):
            missing.append(f"{method} {path}: no success")
        if path == "/api/health":
            continue
        takes_input = "{" in path or (method != "GET" and path != "/api/auth/logout")
        # Routes that take input must be seen refusing bad input; the others, refusing a
        # request without a login.
        refusals = {400, 404, 409, 412} if takes_input else set(range(400, 500))
        if not statuses & refusals:
            missing.append(f"{method} {path}: no bad-input answer among {sorted(statuses)}")
    assert missing == [], "\n".join(missing)

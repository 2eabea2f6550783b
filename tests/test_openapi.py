"""The OpenAPI document: behind login, complete, and documenting each route's error answers."""

from __future__ import annotations

import pytest

from docket.accounts.choices import Role
from docket.policy import POLICY
from tests.conftest import People

pytestmark = pytest.mark.anyio


async def test_openapi_documents_every_route_and_its_errors(people: People) -> None:
    assert (await people.anonymous.get("/api/schema/openapi.json")).status_code == 401
    response = await people.lawyer.get("/api/schema/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    paths = spec["paths"]

    from docket.app import create_app

    app = create_app()
    for route in app.routes:
        path = route.path
        if not path.startswith("/api/") or path.startswith("/api/schema"):
            continue
        documented = path.replace(":int}", "}").replace(":str}", "}").replace(":date}", "}")
        assert documented in paths, f"{path} is not in the OpenAPI document"
        for method in getattr(route, "methods", set()) - {"OPTIONS", "HEAD"}:
            operation = paths[documented][method.lower()]
            answers = set(operation["responses"])
            if path == "/api/health":
                continue
            assert {"400", "401"} <= answers, f"{method} {path} lacks its error answers"
            if "{" in path:
                assert "404" in answers, f"{method} {path} lacks its 404"
            if method == "PATCH":
                assert "412" in answers, f"{method} {path} lacks its 412"
            # A route the policy keeps from some roles answers them 403 (a lawyer certifying a
            # case build-up got an undocumented 403 before).
            roles = POLICY.get((method, path), (set(Role), None))[0]
            if set(roles) != set(Role):
                assert "403" in answers, f"{method} {path}: refused to some roles, no 403"


async def test_no_page_loads_scripts_from_a_cdn(people: People) -> None:
    for path in ("/api/schema", "/api/schema/swagger", "/api/schema/redoc"):
        response = await people.lawyer.get(path)
        assert "unpkg.com" not in response.text
        assert "jsdelivr" not in response.text

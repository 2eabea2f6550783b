"""A survivor is never identifiable: after loading the demo docket (whose survivors have invented
legal names, birth dates, shelters, schools and addresses in the restricted table), nothing any
JSON route returns, and nothing in the audit trail, contains any of them."""

from __future__ import annotations

import pytest

from docket.audit.tables import AuditEvent
from docket.cases.identity import identities_of
from docket.cases.tables import SurvivorIdentity
from tests.conftest import People

pytestmark = pytest.mark.anyio


async def identity_strings() -> set[str]:
    survivors = [
        row["survivor"] for row in await SurvivorIdentity.select(SurvivorIdentity.survivor)
    ]
    found: set[str] = set()
    for row in (await identities_of(survivors)).values():
        found |= {row.legal_name, row.shelter, row.school, row.address}
        if row.birth_date is not None:
            found.add(row.birth_date.isoformat())
        # Surnames alone: a family name identifies the child as surely as the full name.
        found.add(row.legal_name.split()[-1])
    return {s for s in found if s and len(s) > 3}


async def test_no_route_returns_a_survivors_identity(people: People) -> None:
    from docket.demo import load_demo

    await load_demo("demo password 2026")
    secrets = await identity_strings()
    assert len(secrets) > 20, "the demo seeds identities to look for"

    bodies: list[str] = []
    # An admin sees every case, so every case's routes are read.
    api = people.admin
    cases = (await api.get("/api/cases", params={"limit": 200})).json()["items"]
    bodies.append(str(cases))
    for case in cases:
        case_id = case["id"]
        for part in ("", "/accused", "/survivors", "/witnesses", "/charges"):
            response = await api.get(f"/api/cases/{case_id}{part}")
            assert response.status_code == 200
            bodies.append(response.text)
        for survivor in (await api.get(f"/api/cases/{case_id}/survivors")).json()["items"]:
            bodies.append((await api.get(f"/api/survivors/{survivor['id']}")).text)
    hearings = (await api.get("/api/hearings", params={"limit": 200})).json()["items"]
    for hearing in hearings:
        for part in ("", "/history", "/protection-needs"):
            bodies.append((await api.get(f"/api/hearings/{hearing['id']}{part}")).text)
    bodies.append((await api.get("/api/schema/openapi.json")).text)

    everything = "\n".join(bodies)
    # Accused are named in captions by design, and accused parents share the children's
    # surname; only strings that belong to survivors alone are checked.
    accused_surnames = set()
    for case in cases:
        for accused in (await api.get(f"/api/cases/{case['id']}/accused")).json()["items"]:
            words = accused["name"].split()
            accused_surnames |= {" ".join(words[1:]), words[-1]}
    leaked = sorted(s for s in secrets - accused_surnames if s in everything)
    assert leaked == []

    trail = "\n".join(r["before"] + r["after"] for r in await AuditEvent.select())
    assert "[redacted]" in trail
    leaked_to_trail = sorted(s for s in secrets - accused_surnames if s in trail)
    assert leaked_to_trail == []

"""Every page, as each role, through axe-core (the accessibility engine, from the npm package
that scripts/setup --test installs in tests/clients; nothing is downloaded here) in a real
headless Chromium over the demo docket: no serious or critical violation anywhere, and nothing
wider than a 360 px phone (a wide table scrolls in its own box).

The pages are found as a person finds them: from the home page, following every link that
stays in Docket, one page of each kind (a case, a hearing, …) per role."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By

from tests.browser import PHONE, Browser, chromium, fresh_database
from tests.conftest import live_server, run_docket

# Chromium and `docket serve` run as other processes, on the system's clock.
pytestmark = pytest.mark.real_clock

AXE = Path(__file__).parent / "clients" / "node_modules" / "axe-core" / "axe.min.js"
#: One person of each role in the demo docket.
PEOPLE = {
    "prosecutor": "maria.santos@docket.example",
    "lawyer": "carlo.reyes@docket.example",
    "advocate": "liza.pacana@docket.example",
    "admin": "admin@docket.example",
}
#: Not pages: logging out, the API, calendar feeds and files.
NOT_PAGES = re.compile(r"^/(logout|api/|feeds/.+|static/)|\.(ics|pdf|csv)$")
#: Enough for every kind of page a role reaches; a crawl that finds more stops there.
MOST_PER_ROLE = 80
SERIOUS = {"serious", "critical"}

_RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  (result) => done(result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    where: v.nodes.slice(0, 3).map((n) => n.target.join(" "))
  }))),
  (error) => done([{id: "axe-error", impact: "critical", help: String(error), where: []}])
);
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not AXE.exists():
        raise RuntimeError("axe-core is missing: run scripts/setup --test")
    with fresh_database() as url:
        for command in (("migrate",), ("demo",)):
            result = run_docket(url, *command)
            assert result.returncode == 0, result.stdout + result.stderr
        work = Path(tempfile.mkdtemp(prefix="docket-axe-"))
        with live_server(url, work / "server.log") as server:
            driver = chromium(work / "downloads", work / "profile")
            driver.set_script_timeout(60)
            try:
                yield Browser(driver, server.url, work / "downloads")
            finally:
                driver.quit()


def kind_of(path: str) -> str:
    """/cases/12/charges/new → /cases/{id}/charges/new: one page of each kind is scanned."""
    return re.sub(r"/\d+(?=/|$)", "/{id}", path)


def links(browser: Browser) -> list[str]:
    found = []
    for anchor in browser.driver.find_elements(By.CSS_SELECTOR, "a[href]"):
        address = urlsplit(anchor.get_attribute("href") or "")
        if address.netloc and address.netloc != urlsplit(browser.base_url).netloc:
            continue
        path = address.path
        if path and not NOT_PAGES.search(path) and anchor.get_dom_attribute("download") is None:
            found.append(path + (f"?{address.query}" if address.query else ""))
    return found


def scan(browser: Browser, axe_source: str) -> list[dict[str, Any]]:
    browser.driver.execute_script(axe_source)
    violations: list[dict[str, Any]] = browser.driver.execute_async_script(_RUN_AXE)
    return violations


def test_every_page_as_each_role_has_no_serious_accessibility_violation_and_fits_a_phone(
    browser: Browser,
) -> None:
    axe_source = AXE.read_text()
    scanned: list[str] = []
    problems: list[str] = []
    skipped: list[str] = []
    for role, email in PEOPLE.items():
        browser.log_in(email)
        seen: set[str] = set()
        queue = ["/"]
        while queue and len(seen) < MOST_PER_ROLE:
            path = queue.pop(0)
            kind = kind_of(path.split("?", 1)[0])
            if kind in seen:
                continue
            seen.add(kind)
            browser.open(path)
            if "Log out" not in browser.text("header"):
                skipped.append(path)  # a link that ended the session or left the pages
                continue
            scanned.append(f"{role} {kind}")
            if not browser.page_is_narrow_enough():
                problems.append(f"{role} {path}: wider than a {PHONE} px phone")
            for v in scan(browser, axe_source):
                if v["impact"] in SERIOUS:
                    problems.append(
                        f"{role} {path}: {v['impact']} {v['id']} ({v['help']}) at {v['where']}"
                    )
            queue += links(browser)
    print(
        f"axe-core scanned {len(scanned)} pages as {len(PEOPLE)} roles: {len(problems)} "
        "serious or critical violations or pages wider than a phone"
    )
    assert len(scanned) >= 4 * 8, (scanned, skipped)  # each role reaches its pages, not just home
    assert problems == [], "\n".join(problems)

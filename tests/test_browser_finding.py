"""Finding work in a real headless Chromium over the demo docket: a prosecutor narrows "My
cases" to the cases with a deadline at risk, prints a month of hearings (the PDF Chromium makes
is read back with pdftotext: the hearings, and none of the screen's header or forms), and
downloads the cases as a CSV file. Screenshots go to tests/screenshots/."""

from __future__ import annotations

import base64
import csv
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.print_page_options import PrintOptions

from tests.browser import Browser, demo_in_chromium

# Chromium and `docket serve` run as other processes, on the system's clock.
pytestmark = pytest.mark.real_clock


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with demo_in_chromium() as browser:
        yield browser


def test_a_prosecutor_finds_cases_at_risk_prints_the_calendar_and_downloads_the_list(
    browser: Browser, tmp_path: Path
) -> None:
    browser.log_in("maria.santos@docket.example")
    browser.click_and_load(browser.find("#my-cases"))
    everything = browser.text("#case-total")
    assert "case" in everything
    browser.find("#at_risk").click()
    browser.submit("main form")
    assert "at_risk=yes" in browser.driver.current_url
    narrowed = browser.text("#case-total")
    assert browser.find_all("#case-list tbody tr"), "the demo has deadlines at risk"
    assert int(narrowed.split()[0]) <= int(everything.split()[0])
    assert browser.page_is_narrow_enough()
    browser.screenshot("my-cases-at-risk")

    browser.open("/calendar?span=month")
    rows = browser.find_all("#calendar tbody tr")
    assert rows, "the demo has hearings this month"
    assert browser.page_is_narrow_enough()
    browser.screenshot("hearing-calendar")
    pdf = tmp_path / "calendar.pdf"
    pdf.write_bytes(base64.b64decode(browser.driver.print_page(PrintOptions())))
    printed = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Hearings," in printed
    assert "Printed from Docket" in printed
    for screen_only in ("Log out", "Show hearings", "Download as a spreadsheet", "Calendar feeds"):
        assert screen_only not in printed

    browser.open("/cases")
    browser.find("#cases-csv").click()
    exported = browser.downloaded(".csv")
    with exported.open(encoding="utf-8-sig", newline="") as file:
        table = list(csv.reader(file))
    assert table[0][:3] == ["Docket number", "Court case number", "Caption"]
    assert len(table) - 1 == int(everything.split()[0])

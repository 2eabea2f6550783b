"""After saving, the confirmation is where the person is looking: on a phone (360 px wide), a
lawyer records a hearing's reset, changes the stage and adds a charge from the case page, and
each time the page comes back scrolled to what she saved, the confirmation beside it, in view,
with the keyboard focus on it (so a screen reader reads it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from docket.deadlines.workdays import court_closed
from tests.browser import PHONE, Browser, demo_in_chromium
from tests.test_accessibility import AXE, SERIOUS, scan

pytestmark = pytest.mark.real_clock

#: A phone held upright: 360 px wide, about 640 px of page visible under the browser's bars.
PHONE_HEIGHT = 640


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with demo_in_chromium((PHONE, PHONE_HEIGHT)) as browser:
        yield browser


def confirmation_in_view(browser: Browser, message: str, inside: str) -> None:
    """The confirmation says ``message``, sits inside the saved part (``inside``, a CSS
    selector), is within the window, and has the focus."""
    saved = browser.find("#saved")
    assert message in saved.text
    assert saved.get_attribute("role") == "status"
    assert browser.find_all(f"{inside} #saved"), f"the confirmation is not inside {inside}"
    top, bottom, height = browser.driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return [r.top, r.bottom, window.innerHeight];",
        saved,
    )
    assert top >= 0, (top, height)
    assert bottom <= height, (bottom, height)
    focused = browser.driver.execute_script("return document.activeElement.id")
    assert focused == "saved"
    # Only one confirmation on the page: not also at the top.
    assert len(browser.find_all("main .done")) == 1
    # The page with its confirmation placed stays free of serious accessibility violations.
    serious = [v for v in scan(browser, AXE.read_text()) if v["impact"] in SERIOUS]
    assert not serious, serious


def test_on_a_phone_the_confirmation_is_beside_what_was_saved_and_in_view(
    browser: Browser,
) -> None:
    browser.log_in("carlo.reyes@docket.example")
    browser.driver.set_window_size(PHONE, PHONE_HEIGHT)
    card = browser.find("#next-two-weeks > li")
    browser.click_and_load(card.find_element(By.LINK_TEXT, "Record outcome"))
    hearing_id = browser.driver.current_url.split("/hearings/")[1].split("/")[0]

    # A hearing reset to a new day.
    new_day = dt.datetime.now(ZoneInfo("Asia/Manila")).date() + dt.timedelta(days=15)
    while court_closed(new_day):
        new_day += dt.timedelta(days=1)
    browser.find("#outcome-reset").click()
    browser.set_value("#new_date", new_day.isoformat())
    browser.find("#details").send_keys("Defence counsel ill")
    browser.submit(".outcome-form")
    assert browser.driver.current_url.endswith(f"#hearing-{hearing_id}")
    confirmation_in_view(
        browser, "The hearing was reset to its new date.", f"#hearing-{hearing_id}"
    )
    browser.screenshot("saved-outcome")

    # The stage: the confirmation beside the newest line of the stage history.
    browser.open(browser.driver.current_url.removeprefix(browser.base_url).split("?")[0])
    browser.click_and_load(browser.driver.find_element(By.LINK_TEXT, "Change stage"))
    browser.find("#stage input[type=radio]").click()
    browser.find("#reason").send_keys("Order of the court")
    browser.submit()
    confirmation_in_view(browser, "The stage was changed.", "#stage-history li:last-child")

    # A charge, far down the case page on a phone.
    browser.click_and_load(browser.driver.find_element(By.LINK_TEXT, "Add a charge"))
    Select(browser.find("#accused_id")).select_by_index(1)
    Select(browser.find("#statute_code")).select_by_value("TIP-4")
    browser.submit()
    charge = browser.driver.current_url.rsplit("#", 1)[1]
    assert charge.startswith("charge-")
    confirmation_in_view(browser, "The charge was saved.", f"#{charge}")
    browser.screenshot("saved-charge")

    # Reloaded without the message (the address typed again), nothing is focused or shown.
    browser.open(browser.driver.current_url.removeprefix(browser.base_url).split("?")[0])
    assert not browser.find_all("#saved")

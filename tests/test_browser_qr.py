"""Subscribing a phone and setting up two-step login by QR code, in a real headless Chromium at
phone width: the code on the screen, read back from a screenshot by a local decoder, is exactly
the link or key the page shows. Screenshots go to tests/screenshots/ (feeds-qr-*, two-step-qr-*)."""

from __future__ import annotations

from collections.abc import Iterator

import pyotp
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from tests.browser import PHONE, SCREENSHOTS, Browser, demo_in_chromium
from tests.qr import decode_all

# Chromium and `docket serve` run as other processes, on the system's clock.
pytestmark = pytest.mark.real_clock


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One demo docket served on 127.0.0.1 and one Chromium for this module."""
    with demo_in_chromium() as browser:
        yield browser


def codes_on_phone_screenshot(browser: Browser, name: str) -> list[str]:
    """Save the page at phone and desktop width; what a camera reads off the phone-width one."""
    browser.screenshot(name)
    return decode_all(SCREENSHOTS / f"{name}-{PHONE}.png")


def test_a_prosecutor_subscribes_a_phone_by_scanning_the_feeds_qr_code(browser: Browser) -> None:
    browser.log_in("maria.santos@docket.example")
    browser.driver.set_window_size(PHONE, 900)
    browser.open("/feeds")
    Select(browser.find("#scope")).select_by_value("mine")
    browser.find("#name").send_keys("My phone")
    Select(browser.find("#reminders")).select_by_value("1440,120")
    browser.submit("form[action='/feeds']")
    webcal = browser.find("#webcal-url").text
    assert webcal.startswith("webcal://127.0.0.1:")
    qr = browser.find("section.issued svg.qr")
    assert qr.get_attribute("role") == "img"
    assert qr.find_element(By.TAG_NAME, "title").get_attribute("textContent") == (
        "QR code of your new calendar link"
    )
    # Big enough for a camera, and nothing on the page is wider than the phone.
    assert 200 <= qr.size["width"] <= PHONE
    assert browser.page_is_narrow_enough()
    assert codes_on_phone_screenshot(browser, "feeds-qr") == [webcal]

    # Shown once: back on the page, neither the link nor its code is there.
    browser.open("/feeds")
    assert not browser.find_all("svg.qr")
    assert "hcal_" not in browser.driver.page_source


def test_an_advocate_sets_up_two_step_login_from_the_page_and_logs_in_with_it(
    browser: Browser,
) -> None:
    email = "grace.tan@docket.example"
    browser.log_in(email)
    browser.driver.set_window_size(PHONE, 900)
    browser.open("/account/two-step")
    assert "Two-step login is off." in browser.text("#two-step-state")
    browser.find("#password").send_keys("demo-docket-2026")
    browser.submit()
    secret = browser.find("#setup-secret").text
    (scanned,) = codes_on_phone_screenshot(browser, "two-step-qr")
    # The phone's app gets the key the page shows, for this account, from Docket.
    uri = pyotp.parse_uri(scanned)
    assert isinstance(uri, pyotp.TOTP)
    assert uri.secret == secret
    assert uri.issuer == "Docket"
    assert uri.name == email

    browser.find("#code").send_keys(pyotp.TOTP(secret).now())
    browser.find("#password").send_keys("demo-docket-2026")
    browser.submit("form[action='/account/two-step/confirm']")
    assert "Two-step login is on." in browser.text("#two-step-state")
    assert not browser.find_all("svg.qr")

    # The next login asks for the app's code, and takes it.
    browser.driver.set_window_size(1280, 900)
    browser.log_in(email, pyotp.TOTP(secret).now())
    browser.open("/account/two-step")
    assert "Two-step login is on." in browser.text("#two-step-state")

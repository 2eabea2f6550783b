"""A real headless Chromium for page tests: Debian's chromium and chromium-driver
(scripts/apt-packages-test), driven by Selenium with explicit paths so that Selenium Manager never
runs and nothing is downloaded. Pages are served by `docket serve` on 127.0.0.1 over a fresh
database loaded with the demo docket."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from tests.conftest import IS_POSTGRES, TEST_DATABASE_URL, live_server, run_docket

SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE, DESKTOP = 360, 1280
DEMO_PASSWORD = "demo-docket-2026"


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """A new empty database of the engine under test, dropped afterwards."""
    if not IS_POSTGRES:
        folder = Path(tempfile.mkdtemp(prefix="docket-browser-"))
        try:
            yield f"sqlite:///{folder}/browser.sqlite"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    import asyncpg

    name = f"docket_browser_{uuid.uuid4().hex[:12]}"
    admin_url = TEST_DATABASE_URL.rsplit("/", 1)[0] + "/postgres"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(admin_url)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield TEST_DATABASE_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def chromium(download_dir: Path, profile_dir: Path) -> WebDriver:
    chromium_path = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    if not chromium_path or not driver_path:
        raise RuntimeError(
            "install Debian's chromium and chromium-driver (scripts/apt-packages-test)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = chromium_path
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile_dir}",
        f"--window-size={DESKTOP},900",
    ):
        options.add_argument(flag)
    # A printed notice (a PDF) is saved where the test can read it.
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(download_dir),
            "download.prompt_for_download": False,
            "plugins.always_open_pdf_externally": True,
        },
    )
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)}
    )
    return driver


class Browser:
    """The driver with the few moves the journeys make, in a person's words."""

    def __init__(self, driver: WebDriver, base_url: str, download_dir: Path) -> None:
        self.driver = driver
        self.base_url = base_url
        self.download_dir = download_dir

    def open(self, path: str) -> None:
        self.driver.get(self.base_url + path)

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text(self, css: str = "main") -> str:
        return self.find(css).text

    def wait(self, condition: Callable[[WebDriver], Any], timeout: float = 15) -> Any:
        return WebDriverWait(self.driver, timeout).until(condition)

    def click_and_load(self, element: WebElement) -> None:
        """Click a link or a submit button and wait for the next page."""
        old = self.find("html")
        element.click()
        self.wait(lambda d: _is_stale(old))
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete")

    def submit(self, form_css: str = "main form") -> None:
        self.click_and_load(self.find(f"{form_css} button[type=submit]"))

    def set_value(self, css: str, value: str) -> None:
        """Date and time inputs take typing in the browser's locale; set the ISO value."""
        self.driver.execute_script("arguments[0].value = arguments[1]", self.find(css), value)

    def log_in(self, email: str, code: str = "") -> None:
        """Log in with the demo password (and the authenticator app's code, if given)."""
        self.driver.delete_all_cookies()
        self.open("/login")
        self.find("#email").send_keys(email)
        self.find("#password").send_keys(DEMO_PASSWORD)
        if code:
            self.find("#code").send_keys(code)
        self.submit("main form")
        assert "Log out" in self.text("header"), self.text()

    def screenshot(self, name: str) -> None:
        """The whole page at phone and desktop width, under tests/screenshots/."""
        SCREENSHOTS.mkdir(exist_ok=True)
        for width in (PHONE, DESKTOP):
            self.driver.set_window_size(width, 900)
            height = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(width, min(int(height) + 140, 8000))
            self.driver.save_screenshot(str(SCREENSHOTS / f"{name}-{width}.png"))
        self.driver.set_window_size(DESKTOP, 900)

    def page_is_narrow_enough(self) -> bool:
        """Nothing wider than the phone's screen (tables scroll inside their own box)."""
        self.driver.set_window_size(PHONE, 900)
        # clientWidth leaves out the desktop scroll bar; a phone's overlays the page.
        inner = self.driver.execute_script("return document.documentElement.clientWidth")
        wide = self.driver.execute_script("return document.documentElement.scrollWidth")
        self.driver.set_window_size(DESKTOP, 900)
        return bool(wide <= inner)

    def downloaded(self, suffix: str, timeout: float = 20) -> Path:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [p for p in self.download_dir.glob(f"*{suffix}") if p.stat().st_size > 0]
            if found:
                return found[0]
            time.sleep(0.2)
        raise AssertionError(f"no {suffix} file was downloaded; the page says:\n{self.text()}")


def _is_stale(element: WebElement) -> bool:
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.tag_name  # noqa: B018 - touching it raises once the page has changed
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        # Caught mid-navigation, Chromium says the same thing in its inspector's words.
        if "does not belong to the document" in str(error.msg):
            return True
        raise
    return False


@contextlib.contextmanager
def demo_in_chromium(window: tuple[int, int] | None = None) -> Iterator[Browser]:
    """The demo docket in a database of its own, served on 127.0.0.1, and one Chromium (at
    `window` width and height if given) for a module's journeys; all gone afterwards."""
    with fresh_database() as url:
        for command in (("migrate",), ("demo",)):
            result = run_docket(url, *command)
            assert result.returncode == 0, result.stdout + result.stderr
        work = Path(tempfile.mkdtemp(prefix="docket-chromium-"))
        with live_server(url, work / "server.log") as server:
            driver = chromium(work / "downloads", work / "profile")
            if window is not None:
                driver.set_window_size(*window)
            driver.set_script_timeout(60)
            try:
                yield Browser(driver, server.url, work / "downloads")
            finally:
                driver.quit()

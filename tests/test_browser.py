"""The pages in a real headless Chromium, end to end, as the three user groups use them: a
prosecutor finds next week's hearings and subscribes; a lawyer resets a hearing and changes a
stage; an advocate marks an accommodation arranged and prints a notice. Also: bad input is
shown next to its field, a form without its CSRF token is refused, and a stale edit says what
changed. Screenshots of the main pages at phone and desktop width go to tests/screenshots/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import httpx
import pyotp
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from docket.deadlines.workdays import court_closed
from tests.browser import DEMO_PASSWORD, Browser, demo_in_chromium

# Chromium and `docket serve` run as other processes, on the system's clock.
pytestmark = pytest.mark.real_clock

MANILA = ZoneInfo("Asia/Manila")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One demo docket served on 127.0.0.1 and one Chromium for this module's journeys."""
    with demo_in_chromium() as browser:
        yield browser


def manila_today() -> dt.date:
    return dt.datetime.now(MANILA).date()


def test_prosecutor_finds_next_weeks_hearings_and_subscribes(browser: Browser) -> None:
    browser.log_in("maria.santos@docket.example")
    home = browser.text()
    assert "My next two weeks" in home
    cards = browser.find_all("#next-two-weeks > li")
    assert cards, home
    first = cards[0].text
    # Court, room, time in words, witnesses and accommodations to prepare.
    assert "RTC Branch" in first
    assert "AM" in first or "PM" in first
    assert "Witnesses expected" in first
    assert "still to prepare" in first or "Nothing left to prepare" in first
    assert "Deadlines at risk" in home
    assert browser.find_all("#at-risk tbody tr"), "the demo has deadlines at risk"
    assert browser.page_is_narrow_enough()
    browser.screenshot("home-prosecutor")

    # Next week's hearings, by date range.
    today = manila_today()
    browser.open("/search")
    browser.set_value("#from", today.isoformat())
    browser.set_value("#to", (today + dt.timedelta(days=7)).isoformat())
    browser.submit("form:has(#from)")
    results = browser.find_all("#hearing-results > li")
    assert results, browser.text()
    browser.screenshot("search-hearings")

    # Cases by an accused's name.
    browser.find("#header-q").send_keys("Tumulak")
    browser.click_and_load(browser.find("header form.search button"))
    assert "People v. Tumulak" in browser.text("#case-results")

    # Subscribe: the calendar page from the home page, a new feed, its link shown once.
    browser.open("/")
    browser.click_and_load(
        browser.driver.find_element(By.LINK_TEXT, "Put these hearings in my phone's calendar")
    )
    Select(browser.find("#scope")).select_by_value("mine")
    browser.find("#name").send_keys("My phone")
    browser.submit("form[action='/feeds']")
    assert browser.find("#webcal-url").text.startswith("webcal://")
    assert "/calendars/" in browser.find("#https-url").text
    browser.screenshot("feeds")


def test_lawyer_resets_a_hearing_and_changes_the_stage(browser: Browser) -> None:
    browser.log_in("carlo.reyes@docket.example")
    browser.screenshot("home-lawyer")
    card = browser.find("#next-two-weeks > li")
    case_link = card.find_element(By.CSS_SELECTOR, "a[href^='/cases/']")
    docket_number = case_link.text
    browser.click_and_load(card.find_element(By.LINK_TEXT, "Record outcome"))
    assert "What happened at the hearing?" in browser.text()
    browser.screenshot("outcome-form")

    new_day = manila_today() + dt.timedelta(days=12)
    while court_closed(new_day):  # a day the court sits, or the page asks to confirm it
        new_day += dt.timedelta(days=1)
    browser.find("#outcome-reset").click()
    browser.set_value("#new_date", new_day.isoformat())
    browser.find("#details").send_keys("Presiding judge on leave")
    browser.submit(".outcome-form")
    assert "The hearing was reset to its new date." in browser.text(".done")
    assert browser.text("h1") != "What happened at the hearing?"
    upcoming = browser.text("#upcoming-hearings")
    assert f"{new_day:%a} {new_day.day} {new_day:%b %Y}" in upcoming
    assert "Presiding judge on leave" in upcoming
    assert docket_number in browser.text("#case-facts")
    browser.screenshot("case")

    # Then the stage: the first move the case may make.
    before = browser.text("#case-stage")
    browser.click_and_load(browser.driver.find_element(By.LINK_TEXT, "Change stage"))
    browser.screenshot("stage-form")
    choice = browser.find("#stage input[type=radio]")
    label = choice.find_element(By.XPATH, "..").text
    choice.click()
    browser.find("#reason").send_keys("Order of the court at the hearing")
    browser.submit()
    assert "The stage was changed." in browser.text(".done")
    assert browser.text("#case-stage") == label != before
    assert "Order of the court at the hearing" in browser.text("#stage-history")
    assert "Case stage" in browser.text("#recent-changes")


def turn_on_two_step(browser: Browser, email: str) -> str:
    """Set up two-step login for a demo account through the API; the secret the app keeps."""
    with httpx.Client(base_url=browser.base_url) as client:
        login = client.post("/api/auth/login", json={"email": email, "password": DEMO_PASSWORD})
        assert login.status_code == 200, login.text
        csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
        again = {"password": DEMO_PASSWORD}
        setup = client.post("/api/auth/totp/setup", json=again, headers=csrf)
        assert setup.status_code == 200, setup.text
        secret = str(pyotp.parse_uri(setup.json()["provisioning_uri"]).secret)
        code = pyotp.TOTP(secret).now()
        confirmed = client.post("/api/auth/totp/confirm", json={"code": code} | again, headers=csrf)
        assert confirmed.status_code == 204, confirmed.text
    return secret


def test_advocate_marks_an_accommodation_arranged_and_prints_a_notice(browser: Browser) -> None:
    # The notice and the checklist show the survivor's trip plan: two-step login.
    secret = turn_on_two_step(browser, "grace.tan@docket.example")
    browser.log_in("grace.tan@docket.example", pyotp.TOTP(secret).now())
    browser.screenshot("home-advocate")
    browser.open("/survivors")
    browser.screenshot("survivors")
    browser.click_and_load(browser.find("#survivor-list a"))
    pseudonym = browser.text("h1")

    # The checklist: a measure still requested or ordered becomes arranged.
    form = next(
        f
        for f in browser.find_all("form.need-form")
        if Select(f.find_element(By.TAG_NAME, "select")).first_selected_option.text
        in ("Requested", "Ordered")
    )
    need_id = str(form.get_attribute("action")).rsplit("/", 1)[1]
    Select(form.find_element(By.TAG_NAME, "select")).select_by_value("arranged")
    browser.click_and_load(form.find_element(By.CSS_SELECTOR, "button"))
    assert "The protection measure was updated." in browser.text(".done")
    status = Select(browser.find(f"#need-{need_id}-status")).first_selected_option.text
    assert status == "Arranged"
    browser.screenshot("survivor")

    # Print the advocate's checklist.
    for link in [str(a.get_attribute("href")) for a in browser.find_all("a.button.primary")]:
        browser.driver.get(link)
        if not browser.find_all("main p.error"):
            break
    assert f"Print a notice for {pseudonym}" in browser.text("h1")
    browser.screenshot("print-form")
    browser.find("#variant-advocate_checklist").click()
    Select(browser.find("#paper")).select_by_value("long")
    browser.find("main form button[type=submit]").click()
    pdf = browser.downloaded(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "checklist" in pdf.name

    browser.open("/notices/reprint")
    browser.screenshot("reprint")
    assert "Notices to print again" in browser.text("h1")


def test_bad_input_is_shown_next_to_its_field_and_kept(browser: Browser) -> None:
    browser.log_in("carlo.reyes@docket.example")
    browser.click_and_load(browser.find("#next-two-weeks a[href$='/outcome']"))
    browser.find("#outcome-reset").click()
    browser.find("#details").send_keys("Counsel sick")
    browser.submit(".outcome-form")  # no new date
    error = browser.find("#new_date-error")
    assert error.text == "New date is required for a reset."
    field = browser.find("#new_date")
    assert field.get_attribute("aria-invalid") == "true"
    assert "new_date-error" in str(field.get_attribute("aria-describedby"))
    # The error sits right after its field, and the input is kept.
    assert (
        browser.driver.execute_script(
            "return document.getElementById('new_date').nextElementSibling.id"
        )
        == "new_date-error"
    )
    assert browser.find("#details").get_attribute("value") == "Counsel sick"
    assert browser.find("#outcome-reset").is_selected()
    browser.screenshot("outcome-form-error")


def test_a_form_without_its_csrf_token_is_refused(browser: Browser) -> None:
    browser.log_in("carlo.reyes@docket.example")
    browser.click_and_load(browser.find("#next-two-weeks a[href^='/cases/']"))
    stage = browser.text("#case-stage")
    browser.click_and_load(browser.driver.find_element(By.LINK_TEXT, "Change stage"))
    browser.driver.execute_script("document.querySelector('main [name=_csrf_token]').remove()")
    browser.find("#stage input[type=radio]").click()
    browser.find("#reason").send_keys("Forged")
    browser.submit()
    assert "did not come from your Docket session" in browser.text()
    browser.driver.back()
    browser.driver.refresh()
    browser.open(browser.driver.current_url.removeprefix(browser.base_url).rsplit("/stage", 1)[0])
    assert browser.text("#case-stage") == stage


def test_a_stale_edit_says_what_changed_and_keeps_the_input(browser: Browser) -> None:
    browser.log_in("carlo.reyes@docket.example")
    browser.click_and_load(browser.find("#next-two-weeks a[href^='/cases/']"))
    case_path = browser.driver.current_url.removeprefix(browser.base_url).split("#")[0]
    browser.open(f"{case_path}/stage")
    mine = browser.driver.current_window_handle
    browser.find("#reason").send_keys("My reason, typed slowly")

    # Meanwhile a colleague changes the stage in another tab.
    browser.driver.switch_to.new_window("tab")
    browser.open(f"{case_path}/stage")
    browser.find("#stage input[type=radio]").click()
    browser.find("#reason").send_keys("Colleague's change")
    browser.submit()
    now_stage = browser.text("#case-stage")
    browser.driver.close()
    browser.driver.switch_to.window(mine)

    browser.find("#stage input[type=radio]").click()
    browser.submit()
    stale = browser.text("#stale")
    assert "Someone else changed this while you were editing." in stale
    assert "Atty. Carlo Reyes changed it on" in stale
    assert browser.text("#current-stage") == now_stage
    assert browser.find("#reason").get_attribute("value") == "My reason, typed slowly"
    browser.screenshot("stage-form-stale")


def test_log_out_ends_the_session(browser: Browser) -> None:
    browser.log_in("joy.mendoza@docket.example")
    browser.click_and_load(browser.find("header form.logout button"))
    assert browser.text("h1") == "Log in to Docket"
    browser.open("/")
    assert browser.driver.current_url.endswith("/login?next=/")


def test_admin_makes_a_user_and_a_team_and_puts_them_on_a_case_as_its_lead(
    browser: Browser,
) -> None:
    browser.log_in("admin@docket.example")
    assert "Office administration" in browser.text("#admin-home")
    browser.click_and_load(browser.find("header a[href='/admin']"))
    browser.screenshot("admin")
    browser.click_and_load(browser.find("#admin-links a[href='/admin/users']"))
    browser.find("#name").send_keys("Pros. Nena Cruz")
    browser.find("#email").send_keys("nena.cruz@docket.example")
    Select(browser.find("#role")).select_by_value("prosecutor")
    browser.submit("form[action='/admin/users']")
    assert "Pros. Nena Cruz can now log in" in browser.text("#made")
    password = browser.text("#new-password")
    assert len(password) == 23
    browser.screenshot("admin-users")

    browser.click_and_load(browser.find("main nav a[href='/admin/teams']"))
    browser.find("#name").send_keys("Mandaue unit")
    browser.submit("form[action='/admin/teams']")
    assert "The team was made." in browser.text(".done")
    team = browser.find_all("main section.card")
    section = next(s for s in team if "Mandaue unit" in s.text)
    team_id = section.get_attribute("id")
    Select(browser.find(f"#{team_id} select[name=user_id]")).select_by_visible_text(
        "Pros. Nena Cruz (prosecutor)"
    )
    browser.submit(f"#{team_id} form[action$='/members']")
    assert "The person was added to the team." in browser.text(".done")
    assert "Pros. Nena Cruz" in browser.text(f"#{team_id}-members")
    browser.screenshot("admin-teams")

    # A case of the demo docket: the admin puts Nena on it, then makes her its lead.
    browser.open("/search?q=CEB")
    browser.click_and_load(browser.find("main a[href^='/cases/']"))
    case_path = browser.driver.current_url.removeprefix(browser.base_url)
    browser.click_and_load(browser.find("#case-people-link"))
    before = browser.text("#current-lead")
    Select(browser.find("#user_id")).select_by_visible_text("Pros. Nena Cruz (prosecutor)")
    browser.submit("form[action$='/people/members']")
    assert "The person was put on the case" in browser.text(".done")
    assert "Pros. Nena Cruz" in browser.text("#case-members")
    Select(browser.find("#lead_prosecutor_id")).select_by_visible_text("Pros. Nena Cruz")
    browser.submit("form[action$='/people/lead']")
    assert "The case has a new lead prosecutor" in browser.text(".done")
    assert browser.text("#current-lead") == "Pros. Nena Cruz"
    assert before in browser.text("#case-members")  # the lead before stays on as a member
    browser.screenshot("case-people")
    assert browser.page_is_narrow_enough()

    browser.open("/admin/audit?action=case.lead_changed")
    assert "1 record" in browser.text("#audit-count")
    browser.screenshot("admin-audit")

    # Nena logs in with the password she was given and finds the case hers.
    browser.driver.delete_all_cookies()
    browser.open("/login")
    browser.find("#email").send_keys("nena.cruz@docket.example")
    browser.find("#password").send_keys(password)
    browser.submit("main form")
    browser.open(case_path)
    assert "Pros. Nena Cruz" in browser.text("#case-facts")
    assert "Change who works on this case" in browser.text()


def test_advocate_plans_a_new_hearings_trip_from_her_home_page_and_prints(
    browser: Browser,
) -> None:
    email = "liza.pacana@docket.example"
    secret = turn_on_two_step(browser, email)
    browser.log_in(email, pyotp.TOTP(secret).now())
    browser.open("/survivors")
    browser.click_and_load(browser.find("#survivor-list a"))
    survivor_path = browser.driver.current_url.removeprefix(browser.base_url)
    survivor_id = int(survivor_path.rsplit("/", 1)[1])
    case_id = int(
        str(browser.find("main dl a[href^='/cases/']").get_attribute("href")).rsplit("/")[-1]
    )

    # The court sets a new hearing (scheduled through the API by the office's admin).
    day = manila_today() + dt.timedelta(days=9)
    while day.weekday() >= 5:  # courts sit on weekdays
        day += dt.timedelta(days=1)
    starts = dt.datetime.combine(day, dt.time(10, 30), MANILA)
    with httpx.Client(base_url=browser.base_url) as office:
        login = office.post(
            "/api/auth/login", json={"email": "admin@docket.example", "password": DEMO_PASSWORD}
        )
        made = office.post(
            f"/api/cases/{case_id}/hearings",
            json={
                "kind": "trial",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
                "room": "Session Hall 7",
            },
            headers={"X-CSRF-Token": login.json()["csrf_token"]},
        )
        assert made.status_code == 201, made.text
    plan_path = f"/hearings/{made.json()['id']}/survivors/{survivor_id}/preparation"

    # From her home page to the new hearing's trip plan.
    browser.open("/")
    browser.click_and_load(browser.find(f"#my-survivors a[href='{plan_path}']"))
    assert "Trip plan for" in browser.text("h1")
    browser.find("#meeting_place").send_keys("the front gate")
    browser.set_value("#meeting_time", "07:00")
    browser.set_value("#leave_time", "11:00")
    browser.find("#support_person_1").send_keys("Nena")
    browser.find("#route_and_entrance").send_keys("the side entrance on Escario")
    browser.submit()
    assert "before the hearing starts (10:30)" in browser.text("#leave_time-error")
    assert browser.find("#meeting_place").get_attribute("value") == "the front gate"
    browser.screenshot("trip-plan-error")
    browser.set_value("#leave_time", "07:30")
    browser.submit()
    assert "The trip plan was saved." in browser.text(".done")
    browser.screenshot("trip-plan")
    assert browser.page_is_narrow_enough()

    # The name the notice greets her by, from the survivor's page.
    browser.open(survivor_path)
    browser.find("#notice_name").send_keys("Mimi")
    browser.submit("form[action$='/notice-name']")
    assert "The name on the notice was saved." in browser.text(".done")

    # Print the checklist, then the child's own notice.
    for variant in ("#variant-advocate_checklist", ""):
        for old in browser.download_dir.glob("*.pdf"):
            old.unlink()
        browser.open(plan_path)
        browser.click_and_load(browser.find(f"main a[href$='/survivors/{survivor_id}/notice']"))
        if variant:
            browser.find(variant).click()
        browser.find("main form button[type=submit]").click()
        pdf = browser.downloaded(".pdf")
        assert pdf.read_bytes().startswith(b"%PDF")
    browser.open(plan_path.split("/survivors/")[0])
    assert "Trip plan complete." in browser.text(f"#prepare-{survivor_id}")
    browser.screenshot("hearing")


def test_lawyer_opens_a_case_and_enters_accused_survivor_charge_and_plea(
    browser: Browser,
) -> None:
    browser.log_in("carlo.reyes@docket.example")
    browser.click_and_load(browser.find("#open-case"))
    assert browser.text("h1") == "Open a case"
    browser.find("#docket_number").send_keys("CEB-2026-0999")
    browser.find("#caption").send_keys("People v. Dela Cruz")
    Select(browser.find("#court_id")).select_by_index(1)
    browser.screenshot("case-new")
    browser.submit()
    assert "The case was opened" in browser.text(), browser.text()
    assert browser.text("h1") == "People v. Dela Cruz"
    case_path = browser.driver.current_url.removeprefix(browser.base_url).split("?")[0]

    # The accused: a forgotten name is said next to its field, and the aliases stay.
    browser.click_and_load(browser.driver.find_element(By.LINK_TEXT, "Add an accused"))
    browser.find("#aliases").send_keys("Jun\nBoy DC")
    Select(browser.find("#custody_status")).select_by_visible_text("On bail")
    browser.find("#facility").send_keys("Bond no. 2026-77")
    browser.submit()
    assert "Name must not be empty." in browser.text("#name-error")
    assert browser.find("#aliases").get_attribute("value") == "Jun\nBoy DC"
    browser.screenshot("accused-form-error")
    browser.find("#name").send_keys("Ramon Dela Cruz")
    browser.submit()
    assert "The accused was saved." in browser.text(".done")
    assert "alias Jun, Boy DC" in browser.text("#accused")
    assert "On bail" in browser.text("#accused")

    # A survivor, by pseudonym only: a name is refused.
    browser.click_and_load(browser.driver.find_element(By.LINK_TEXT, "Add a survivor"))
    browser.find("#pseudonym").send_keys("Maria")
    Select(browser.find("#age_band")).select_by_visible_text("12 to 17")
    browser.submit()
    assert "Pseudonym is not written the right way." in browser.text("#pseudonym-error")
    browser.find("#pseudonym").clear()
    browser.find("#pseudonym").send_keys("CCC")
    Select(browser.find("#preferred_language")).select_by_visible_text("Filipino")
    browser.submit()
    assert "The survivor was saved." in browser.text(".done")
    assert "CCC" in browser.text("#survivors")

    browser.click_and_load(browser.driver.find_element(By.LINK_TEXT, "Add a witness"))
    Select(browser.find("#kind")).select_by_visible_text("Police officer")
    browser.find("#name").send_keys("PCpl. Ana Lim")
    browser.find("#agency").send_keys("PNP-WCPC")
    browser.submit()
    assert "PCpl. Ana Lim" in browser.text("#witnesses")

    # The charge, then the plea at arraignment.
    browser.click_and_load(browser.driver.find_element(By.LINK_TEXT, "Add a charge"))
    Select(browser.find("#accused_id")).select_by_visible_text("Ramon Dela Cruz")
    Select(browser.find("#statute_code")).select_by_value("TIP-4")
    browser.find("#survivor_ids input[type=checkbox]").click()
    browser.submit()
    assert "The charge was saved." in browser.text(".done")
    assert "TIP-4" in browser.text("#accused")
    browser.click_and_load(browser.find("#accused a[href$='/plea']"))
    Select(browser.find("#plea")).select_by_visible_text("Not guilty")
    browser.submit()
    assert browser.text("#on-error") == "Day of the arraignment is required."
    browser.set_value("#on", manila_today().isoformat())
    browser.submit()
    assert "The plea was saved." in browser.text(".done")
    assert "Plea: Not guilty" in browser.text("#accused")
    browser.screenshot("case-entered")
    assert browser.page_is_narrow_enough()
    assert browser.driver.current_url.removeprefix(browser.base_url).startswith(case_path)

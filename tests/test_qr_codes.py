"""QR codes on the pages that hand over a secret for a phone: a feed's webcal link (/feeds) and
an authenticator key (/account/two-step). The code a page embeds is exactly the one drawn for
the link or key it shows, and a local decoder reads that text back; nothing goes over a network."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx
import pyotp
import pytest

from docket.web.qr import qr_svg
from tests.conftest import PASSWORD, People
from tests.qr import decode_drawn
from tests.test_feeds import path_of, prosecutors_case

pytestmark = pytest.mark.anyio

SVG = re.compile(r"<svg role=\"img\"[^>]*class=\"qr\".*?</svg>", re.S)


async def log_in_page(client: httpx.AsyncClient, email: str, next_path: str) -> str:
    """A web login through the login form; the form token ("csrf") of the feeds page."""
    form = await client.get(f"/login?next={next_path}")
    csrf = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    logged_in = await client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf": csrf, "next": next_path}
    )
    assert logged_in.status_code == 303, logged_in.text
    return between((await client.get("/feeds")).text, 'name="csrf" value="', '"')


def between(text: str, start: str, end: str = "<") -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


async def test_the_feeds_qr_code_is_the_webcal_link_shown_once(people: People) -> None:
    await prosecutors_case(people)
    client = people.client
    csrf = await log_in_page(client, "prosecutor@docket.test", "/feeds")
    created = await client.post("/feeds", data={"csrf": csrf, "scope": "mine", "name": "Phone"})
    assert created.status_code == 201, created.text
    webcal = between(created.text, 'id="webcal-url">')
    assert webcal.startswith("webcal://127.0.0.1:8000/calendars/hcal_")
    (embedded,) = SVG.findall(created.text)
    assert embedded == qr_svg(webcal, title="QR code of your new calendar link")
    assert decode_drawn(webcal) == [webcal]
    # The link behind the code answers a calendar.
    feed = await client.get(path_of(webcal.replace("webcal://", "http://")))
    assert feed.status_code == 200
    assert feed.content.startswith(b"BEGIN:VCALENDAR")

    again = await client.get("/feeds")
    assert 'class="qr"' not in again.text, "the code is shown only once, like the link"
    assert "hcal_" not in again.text
    # A new link gets a new code, and the old code's link no longer serves hearings.
    (feed_row,) = (await people.prosecutor.get("/api/feeds")).json()
    rotated = await client.post(f"/feeds/{feed_row['id']}/rotate", data={"csrf": csrf})
    new_webcal = between(rotated.text, 'id="webcal-url">')
    assert new_webcal != webcal
    (embedded,) = SVG.findall(rotated.text)
    assert embedded == qr_svg(new_webcal, title="QR code of your new calendar link")


async def test_the_feeds_page_says_how_to_subscribe_on_each_platform(people: People) -> None:
    client = people.client
    await log_in_page(client, "prosecutor@docket.test", "/feeds")
    page = (await client.get("/feeds")).text
    how_to = between(page, '<ul id="how-to">', "</ul>")
    for platform in ("iPhone", "Android (Google Calendar)", "Outlook"):
        assert f"<strong>{platform}" in how_to
    assert "Add Subscribed Calendar" in how_to
    assert "From URL" in how_to
    assert "Subscribe from web" in how_to


async def test_a_forged_or_repeated_feed_form_shows_no_code(people: People) -> None:
    """Only the owner's own new feed gets a code: a post without the session's CSRF token, a
    scope that is not theirs, or another person's feed to rotate draws none."""
    await prosecutors_case(people)
    client = people.client
    csrf = await log_in_page(client, "prosecutor@docket.test", "/feeds")
    forged = await client.post("/feeds", data={"csrf": "x" * 43, "scope": "mine"})
    assert forged.status_code == 403
    assert 'class="qr"' not in forged.text
    bad = await client.post("/feeds", data={"csrf": csrf, "scope": "case:999999"})
    assert bad.status_code == 400
    assert 'class="qr"' not in bad.text
    others: Any = (
        await people.lawyer.post("/api/feeds", json={"scope": "mine", "name": "Lawyer's"})
    ).json()
    stolen = await client.post(f"/feeds/{others['id']}/rotate", data={"csrf": csrf})
    assert stolen.status_code == 404
    assert 'class="qr"' not in stolen.text


async def page_csrf(client: httpx.AsyncClient, path: str) -> str:
    return between((await client.get(path)).text, 'name="_csrf_token" value="', '"')


async def test_the_two_step_page_shows_the_key_as_a_qr_code_and_as_text(people: People) -> None:
    client = people.client
    await log_in_page(client, "advocate@docket.test", "/account/two-step")
    csrf = await page_csrf(client, "/account/two-step")
    started = await client.post(
        "/account/two-step/setup", data={"_csrf_token": csrf, "password": PASSWORD}
    )
    assert started.status_code == 200, started.text
    uri = html.unescape("otpauth://" + between(started.text, '<a href="otpauth://', '"'))
    secret = between(started.text, 'id="setup-secret">')
    assert pyotp.parse_uri(uri).secret == secret
    (embedded,) = SVG.findall(started.text)
    assert embedded == qr_svg(uri, title="QR code of your authenticator key")
    assert decode_drawn(uri) == [uri]

    # The code an app computes from the key turns two-step login on.
    confirmed = await client.post(
        "/account/two-step/confirm",
        data={"_csrf_token": csrf, "code": pyotp.TOTP(secret).now(), "password": PASSWORD},
    )
    assert confirmed.status_code == 303, confirmed.text
    page = (await client.get("/account/two-step")).text
    assert "Two-step login is on." in page
    assert 'class="qr"' not in page, "the key is shown only when it is made"
    assert secret not in page


async def test_a_wrong_password_or_a_second_set_up_shows_no_key(people: People) -> None:
    client = people.client
    await log_in_page(client, "advocate@docket.test", "/account/two-step")
    csrf = await page_csrf(client, "/account/two-step")
    wrong = await client.post(
        "/account/two-step/setup", data={"_csrf_token": csrf, "password": "not-it"}
    )
    assert wrong.status_code == 403
    assert 'class="qr"' not in wrong.text
    assert "otpauth://" not in wrong.text
    forged = await client.post(
        "/account/two-step/setup", data={"_csrf_token": "forged", "password": PASSWORD}
    )
    assert forged.status_code == 403
    assert "otpauth://" not in forged.text

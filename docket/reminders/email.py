"""Emails: rendered from templates/email, signed one-click unsubscribe links (RFC 8058), and
sending through the mail server in the settings with aiosmtplib."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import re
import uuid
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiosmtplib
import jinja2

from docket.reminders.choices import ReminderKind
from docket.settings import TEMPLATES_DIR as PAGE_TEMPLATES
from docket.settings import get_settings

TEMPLATES_DIR = PAGE_TEMPLATES / "email"
#: The domain of Message-IDs: reserved (RFC 6761) like the feeds' UIDs, naming no real host.
MESSAGE_ID_DOMAIN = "docket.invalid"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@functools.cache
def _environment(html: bool) -> jinja2.Environment:
    # The plain-text part is not HTML: escaping it would show "&amp;" to the reader.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=html,  # noqa: S701
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    """The plain-text and HTML parts of one email."""
    text = _environment(False).get_template(f"{template}.txt").render(context)
    html = _environment(True).get_template(f"{template}.html").render(context)
    return text, html


def day_in_words(day: dt.date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def _clock(moment: dt.datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"


def when_in_words(starts_at: dt.datetime, ends_at: dt.datetime, zone: str) -> str:
    """ "Thursday 26 November 2026, 2:00 pm to 4:00 pm (Asia/Manila)": the court's time, in
    words, the way a person reads a summons."""
    where = ZoneInfo(zone)
    start, end = starts_at.astimezone(where), ends_at.astimezone(where)
    until = (
        _clock(end) if end.date() == start.date() else f"{day_in_words(end.date())}, {_clock(end)}"
    )
    return f"{day_in_words(start.date())}, {_clock(start)} to {until} ({zone})"


def new_message_id() -> str:
    return f"<{uuid.uuid4()}@{MESSAGE_ID_DOMAIN}>"


def _signature(user_id: int, kind: str) -> str:
    key = get_settings().secret_key.encode()
    digest = hmac.new(key, f"unsubscribe/{user_id}/{kind}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def unsubscribe_token(user_id: int, kind: ReminderKind) -> str:
    """A token that turns one kind of message off for one person, without a login: it says
    who and what, signed with the installation's secret key, and can do nothing else."""
    return f"{user_id}.{kind.value}.{_signature(user_id, kind.value)}"


def read_unsubscribe_token(token: str) -> tuple[int, ReminderKind] | None:
    """Who and what a token turns off, or None when it is not one Docket signed."""
    parts = token.split(".")
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if len(parts) != 3 or not re.fullmatch(r"[0-9]{1,10}", parts[0]):
        return None
    user_id, kind, signature = int(parts[0]), parts[1], parts[2]
    if kind not in ReminderKind.__members__.values():
        return None
    if not hmac.compare_digest(signature, _signature(user_id, kind)):
        return None
    return user_id, ReminderKind(kind)


def unsubscribe_url(user_id: int, kind: ReminderKind) -> str:
    return f"{get_settings().base_url}/reminders/unsubscribe/{unsubscribe_token(user_id, kind)}"


def build_message(row: dict[str, Any]) -> EmailMessage:
    """The email of one outbox row, with its fixed Message-ID and the one-click unsubscribe
    headers of RFC 8058 (a mail reader POSTs "List-Unsubscribe=One-Click" to the URL)."""
    settings = get_settings()
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = row["to_address"]
    message["Subject"] = row["subject"]
    message["Message-ID"] = row["message_id"]
    message["Date"] = format_datetime(row["created_at"].astimezone(dt.UTC))
    url = unsubscribe_url(row["recipient"], ReminderKind(row["kind"]))
    message["List-Unsubscribe"] = f"<{url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # Mail that a machine sends: no out-of-office replies to it (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(row["text_body"])
    message.add_alternative(row["html_body"], subtype="html")
    return message


async def send(message: EmailMessage) -> None:
    """Send one message through the configured mail server (raises aiosmtplib's errors)."""
    settings = get_settings()
    await aiosmtplib.send(
        message,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_user or None,
        password=settings.smtp_password or None,
        start_tls=settings.smtp_starttls,
        timeout=60,
    )

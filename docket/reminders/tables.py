"""The outbox (messages written in the same transaction as the change that causes them, sent by
`docket worker`) and what each person chose to receive."""

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from docket.accounts.tables import User
from docket.hearings.tables import Hearing


class OutboxMessage(Table, tablename="outbox_message"):
    """One email waiting to leave Docket, being sent, sent, or given up on. Nothing is sent from
    inside a request: the row is written with the change, and the worker sends it."""

    id: Serial
    #: What kind of message (docket.reminders.choices.ReminderKind): each can be unsubscribed.
    kind = Varchar(length=30)
    #: Who it is for; the address is the one they had when it was written.
    recipient = ForeignKey(references=User, index=True)
    to_address = Varchar(length=254)
    #: For a hearing alert: the hearing (later changes within the hour fold into this row).
    hearing = ForeignKey(references=Hearing, null=True, index=True)
    #: One per (person, kind, day) for digests, e.g. "daily_agenda:12:2026-11-25"; a second
    #: worker deciding the same digest at the same moment is refused by the index.
    digest_key = Varchar(length=100, null=True, default=None, unique=True)
    #: What the message says, already through the allow-list (docket.calendar.ics.feed_text).
    subject = Varchar(length=300)
    text_body = Text()
    html_body = Text()
    #: For a hearing alert: the changes folded into it, as a JSON list of lines.
    changes = Text(default="[]")
    #: Fixed when the row is written: a retry after a crash resends under the same id, so the
    #: receiving server and mail readers see one message.
    message_id = Varchar(length=200, unique=True)
    #: pending, sending, sent or failed (docket.reminders.choices.OutboxStatus).
    status = Varchar(length=20, default="pending", index=True)
    #: Not sent before this time (UTC): the hourly limit of alerts and the back-off of retries.
    not_before = Timestamptz(index=True)
    #: How many times a worker took it.
    attempts = Integer(default=0)
    #: When and by which worker it was taken last; a row left "sending" by a worker that died
    #: is taken again once the lease has run out (DOCKET_OUTBOX_LEASE_SECONDS).
    claimed_at = Timestamptz(null=True, default=None)
    claimed_by = Varchar(length=100, default="")
    sent_at = Timestamptz(null=True, default=None)
    #: The mail server's last answer when sending failed (shown to admins).
    last_error = Text(default="")
    created_at = Timestamptz()


class ReminderChoice(Table, tablename="reminder_choice"):
    """One person's choice for one kind of message; no row means the kind's default."""

    id: Serial
    user = ForeignKey(references=User, index=True)
    #: docket.reminders.choices.ReminderKind.
    kind = Varchar(length=30)
    #: Whether they receive it.
    enabled = Boolean(default=True)
    #: For the daily agenda: the local time (court's zone, "HH:MM") it is sent at.
    send_at = Varchar(length=5, default="17:00")
    #: Increases on every change; a stale edit is refused with 412.
    version = Integer(default=1)

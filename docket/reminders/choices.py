"""The kinds of message Docket sends and the states of an outbox row."""

from enum import StrEnum


class ReminderKind(StrEnum):
    #: A hearing of one of the person's cases in the next 7 days was reset, cancelled, or
    #: moved to another time, court, room or mode.
    HEARING_ALERT = "hearing_alert"
    #: Prosecutors: the next working day's hearings and deadlines, at a time they choose.
    DAILY_AGENDA = "daily_agenda"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


#: What each person receives until they choose otherwise: everything on.
DEFAULT_ENABLED = {ReminderKind.HEARING_ALERT: True, ReminderKind.DAILY_AGENDA: True}
#: The daily agenda's default time, in the court's zone: end of the working day before.
DEFAULT_AGENDA_TIME = "17:00"

KIND_LABELS = {
    ReminderKind.HEARING_ALERT: "Same-day alerts when a hearing in the next 7 days changes",
    ReminderKind.DAILY_AGENDA: "Daily agenda for the next working day (prosecutors)",
}

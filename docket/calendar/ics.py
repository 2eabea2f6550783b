"""Build the bytes of a subscribable hearing feed (RFC 5545), without touching the database.

The server reads hearings and deadlines through the services, turns each into a `FeedHearing`
or `FeedDeadline` and calls `build_feed`. Those two structs are the privacy boundary: they have
no field for a survivor's or witness's name, age, address or for free-text notes, so such data
cannot reach a feed. The only place that turns them into text a subscriber sees is `feed_text`.

Decisions (reasons in shared/reference/calendar.md):

- UID is ``hearing-<uid_key>@docket.invalid`` (``deadline-…`` for deadlines). ``.invalid`` is a
  reserved top-level domain (RFC 6761): it keeps the RFC 5545 "id@domain" shape without naming a
  real host. The caller chooses ``uid_key``: the hearing id, or an opaque per-feed UUID if the
  same hearing must not be correlated across feeds.
- DTSTAMP and LAST-MODIFIED are the item's last change, never the time of the request, and
  events, properties and VTIMEZONEs come out in a fixed order, so the same input gives the same
  bytes (stable ETag; clients see no phantom update).
- No METHOD (it would require ORGANIZER), no ORGANIZER/ATTENDEE (emails), no calendar UID
  (breaks vdirsyncer's http storage, pimutils/vdirsyncer#1222).
"""

import functools
import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
from icalendar import Alarm, Calendar, Event, Timezone, vDuration
from icalendar.enums import CLASS, STATUS, TRANSP

from docket.courts.zones import PHILIPPINES
from docket.deadlines.engine import CAVEAT
from docket.hearings.choices import HearingKind, HearingMode, HearingStatus
from docket.protection.choices import Measure

__all__ = [
    "CANCELLED_KEPT_FOR",
    "FEED_CONTENT_TYPE",
    "FEED_TIMEZONE",
    "HEARING_ALARMS",
    "REFRESH_INTERVAL",
    "UID_DOMAIN",
    "FeedDeadline",
    "FeedHearing",
    "FeedText",
    "Withdrawn",
    "build_feed",
    "content_hash",
    "deadline_uid",
    "empty_feed",
    "feed_text",
    "hearing_uid",
    "withdrawn_feed",
]

FEED_CONTENT_TYPE = "text/calendar; charset=utf-8"
FEED_TIMEZONE = PHILIPPINES
UID_DOMAIN = "docket.invalid"
PRODID = "-//Docket//Hearing feed 1.0//EN"
# Clients poll no more often than this (RFC 7986 REFRESH-INTERVAL; Outlook reads X-PUBLISHED-TTL).
# An hour lets a same-day reset reach Apple/Thunderbird/Outlook desktop in time without hammering.
REFRESH_INTERVAL = timedelta(hours=1)
# A cancelled hearing stays visible (struck through / prefixed) this long so subscribers notice
# the cancellation; after that it is dropped, which every polling client treats as a delete.
CANCELLED_KEPT_FOR = timedelta(days=30)
HEARING_ALARMS = (timedelta(days=1), timedelta(hours=2))
# An all-day deadline starts at local midnight: 15 hours before is 09:00 on the previous day.
DEADLINE_ALARM = timedelta(hours=15)
# Manila has kept +08:00 without DST since 1990; starting the VTIMEZONE in 2020 gives a single
# STANDARD block with no RDATE, the form Outlook handles best (calendar.md §3 trap 6).
VTIMEZONE_FIRST_DATE = date(2020, 1, 1)

KIND_LABELS: dict[HearingKind, str] = {
    HearingKind.ARRAIGNMENT: "Arraignment",
    HearingKind.PRE_TRIAL: "Pre-trial",
    HearingKind.TRIAL: "Trial",
    HearingKind.BAIL_HEARING: "Bail hearing",
    HearingKind.MOTION: "Motion hearing",
    HearingKind.PROMULGATION: "Promulgation",
    HearingKind.OTHER: "Hearing",
}
# Never the videoconference link itself: the feed is copied to third-party clouds.
MODE_LABELS: dict[HearingMode, str] = {
    HearingMode.IN_PERSON: "In person",
    HearingMode.VIDEOCONFERENCE: "Videoconference — link in Docket",
    HearingMode.HYBRID: "Hybrid (in court and by videoconference) — link in Docket",
}
# Witness protection programme is left out on purpose: announcing, in a calendar synced to Google
# or Apple, when a protected witness will be at court is what the programme exists to prevent
# (DESIGN.md privacy rule 4). The case team sees it in Docket.
MEASURE_LABELS: dict[Measure, str] = {
    Measure.LIVE_LINK_TV: "live-link TV",
    Measure.SCREEN: "screen",
    Measure.SUPPORT_PERSON: "support person",
    Measure.INTERPRETER: "interpreter",
    Measure.FACILITATOR: "facilitator",
    Measure.GUARDIAN_AD_LITEM: "guardian ad litem",
    Measure.SEPARATE_WAITING_AREA: "separate waiting area",
    Measure.CLOSED_COURTROOM: "closed courtroom",
    Measure.VIDEOTAPED_DEPOSITION: "videotaped deposition",
    Measure.BREAKS: "breaks",
    Measure.COMFORT_ITEM: "comfort item",
    Measure.SECURITY_ESCORT: "security escort",
}
# Only a cancelled hearing is off. A reset hearing is the same hearing moved to its new time
# (docket.hearings.services.record_outcome), so it stays a confirmed event at that time: marking
# it cancelled would make Google hide a hearing the prosecutor must attend.
STATUS_PREFIXES: dict[HearingStatus, str] = {HearingStatus.CANCELLED: "CANCELLED: "}
# Fixed English names: strftime's %a/%b follow the process locale, which would change the bytes.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _require_aware(name: str, value: datetime | None) -> None:
    if value is not None and value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def _require_web_url(url: str) -> None:
    if not url.startswith(("https://", "http://")):
        raise ValueError("url must be an http(s) link to the page in Docket")


class FeedHearing(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One hearing as a feed may show it; it deliberately has no field for survivor data."""

    uid_key: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    status: HearingStatus
    kind: HearingKind
    docket_number: str
    court_case_number: str | None
    caption: str
    sealed: bool
    court_name: str
    room: str | None
    mode: HearingMode
    accommodations: list[Measure]
    url: str
    last_modified: datetime
    cancelled_at: datetime | None = None
    court_timezone: str = FEED_TIMEZONE
    #: The court's street address, for the person who must go there ("" if not recorded).
    court_address: str = ""
    #: For a reset hearing: where it was before its last reset, and why (the reason is left
    #: empty by the caller when it may not leave Docket: a sealed case, or a caption kept
    #: inside because it shares a survivor's family name).
    moved_from: datetime | None = None
    reset_reason: str = ""
    #: Set when the hearing was reset beyond the feed's window: the event stays where the client
    #: holds it (starts_at, ends_at), cancelled, saying where the hearing went, so that it never
    #: leaves a calendar silently.
    moved_to: datetime | None = None

    def __post_init__(self) -> None:
        for name in (
            "starts_at",
            "ends_at",
            "last_modified",
            "cancelled_at",
            "moved_to",
            "moved_from",
        ):
            _require_aware(name, getattr(self, name))
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        if self.sequence < 0:
            raise ValueError("sequence must not be negative")
        if not self.uid_key:
            raise ValueError("uid_key must not be empty")
        _require_web_url(self.url)
        try:
            ZoneInfo(self.court_timezone)  # fail here, not half-way through a feed
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown court_timezone {self.court_timezone!r}") from error

    @property
    def is_off(self) -> bool:
        """True when the hearing will not take place at this time (cancelled, or moved beyond
        the feed's window)."""
        return self.status in STATUS_PREFIXES or self.moved_to is not None


class FeedDeadline(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One deadline (e.g. a speedy-trial limit) as a feed may show it, as an all-day event."""

    uid_key: str
    title: str
    due: date
    docket_number: str
    caption: str
    sealed: bool
    url: str
    last_modified: datetime
    #: Raised by one whenever what the event shows changes (the due date moved, say).
    sequence: int = 0
    #: Where the rule comes from ("A.M. 15-06-10-SC III.8"), and the fact and date it was
    #: counted from ("arraignment", 2026-11-02): the prosecutor checks the date against them.
    source: str = ""
    counted_from: str = ""
    counted_from_on: date | None = None

    def __post_init__(self) -> None:
        _require_aware("last_modified", self.last_modified)
        if self.sequence < 0:
            raise ValueError("sequence must not be negative")
        for name in ("due", "counted_from_on"):
            if isinstance(getattr(self, name), datetime):
                raise ValueError(f"{name} must be a date, not a datetime")
        if not self.uid_key:
            raise ValueError("uid_key must not be empty")
        _require_web_url(self.url)


class FeedText(msgspec.Struct, frozen=True, kw_only=True):
    """Everything a subscriber can read about one event."""

    summary: str
    description: str
    location: str | None
    alarm: str


def hearing_uid(uid_key: str) -> str:
    return f"hearing-{uid_key}@{UID_DOMAIN}"


def deadline_uid(uid_key: str) -> str:
    return f"deadline-{uid_key}@{UID_DOMAIN}"


def _day_text(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def _when_text(hearing: FeedHearing) -> str:
    zone = ZoneInfo(hearing.court_timezone)
    start, end = hearing.starts_at.astimezone(zone), hearing.ends_at.astimezone(zone)
    if start.date() == end.date():
        until = f"{end:%H:%M}"
    else:
        until = f"{_day_text(end.date())}, {end:%H:%M}"
    return f"{_day_text(start.date())}, {start:%H:%M}-{until} ({hearing.court_timezone})"


def _measures_text(measures: Iterable[Measure]) -> str | None:
    wanted = set(measures)
    labels = [label for measure, label in MEASURE_LABELS.items() if measure in wanted]
    return ", ".join(labels) if labels else None


def _local_day(moment: datetime, hearing: FeedHearing) -> date:
    return moment.astimezone(ZoneInfo(hearing.court_timezone)).date()


def _moved_line(hearing: FeedHearing) -> str:
    assert hearing.moved_to is not None
    day = _day_text(_local_day(hearing.moved_to, hearing))
    return (
        f"Status: moved to {day}, more than a year ahead; this calendar shows a year ahead, "
        "so the hearing comes back here nearer the time (and is in Docket now)"
    )


def feed_text(item: FeedHearing | FeedDeadline) -> FeedText:
    """The allow-list: the only code that decides which words of a hearing or deadline leave Docket.

    Sealed cases show the kind, the court, the time and the link, nothing else.
    """
    if isinstance(item, FeedDeadline):
        due = f"Due: {_day_text(item.due)}"
        if item.sealed:
            summary = f"Sealed case — {item.title}"
            lines = [due]
        else:
            summary = f"{item.title} — {item.caption} ({item.docket_number})"
            lines = [item.title, f"Case: {item.caption}", f"Docket No.: {item.docket_number}", due]
            if item.counted_from and item.counted_from_on is not None:
                lines.append(
                    f"Counted from: {item.counted_from}, {_day_text(item.counted_from_on)}"
                )
        if item.source:
            lines.append(f"Source: {item.source}")
        # The rule's words and the law's; the date is Docket's reckoning (deadlines.engine).
        lines.append(CAVEAT)
        lines.append(f"Open in Docket: {item.url}")
        return FeedText(
            summary=summary, description="\n".join(lines), location=None, alarm=f"Due: {summary}"
        )

    kind = KIND_LABELS[item.kind]
    when = _when_text(item)
    prefix = STATUS_PREFIXES.get(item.status, "")
    if item.moved_to is not None:
        prefix = f"CANCELLED: moved to {_day_text(_local_day(item.moved_to, item))} — "
    address = [item.court_address] if item.court_address else []
    if item.sealed:
        summary = f"Sealed case — {kind}"
        location = ", ".join([item.court_name, *address])
        lines = [f"When: {when}"]
        if item.moved_to is not None:
            lines.append(_moved_line(item))
    else:
        number = item.court_case_number or item.docket_number
        summary = f"{kind}: {item.caption} ({number})"
        place = [item.court_name] if item.room is None else [item.court_name, item.room]
        place += address
        if item.mode != HearingMode.IN_PERSON:
            place.append(MODE_LABELS[item.mode])
        location = ", ".join(place)
        lines = [kind, f"Case: {item.caption}"]
        if item.court_case_number is not None:
            lines.append(f"Court case No.: {item.court_case_number}")
        lines += [
            f"Docket No.: {item.docket_number}",
            f"Court: {item.court_name}",
        ]
        if item.court_address:
            lines.append(f"Address: {item.court_address}")
        if item.room is not None:
            lines.append(f"Room: {item.room}")
        lines += [f"When: {when}", f"Mode: {MODE_LABELS[item.mode]}"]
        measures = _measures_text(item.accommodations)
        if measures is not None:
            lines.append(f"Protection measures to prepare: {measures}")
        if item.moved_to is not None:
            lines.append(_moved_line(item))
        elif item.status == HearingStatus.RESET and item.moved_from is not None:
            moved = f"Moved from {_day_text(_local_day(item.moved_from, item))}"
            lines.append(f"{moved}: {item.reset_reason}" if item.reset_reason else moved)
        elif item.status == HearingStatus.RESET:
            lines.append("Status: reset to this time (earlier settings in Docket)")
        elif item.is_off:
            lines.append("Status: cancelled")
    lines.append(f"Open in Docket: {item.url}")
    return FeedText(
        summary=prefix + summary,
        description="\n".join(lines),
        location=location,
        alarm=f"{summary}, {when}",
    )


def _utc(moment: datetime) -> datetime:
    # Whole seconds in UTC: iCalendar has no sub-second precision and DTSTAMP must be UTC.
    return moment.astimezone(UTC).replace(microsecond=0)


@functools.cache
def _vtimezone(tzid: str) -> Timezone:
    # Built once per zone (~10 ms) and shared; feeds only serialise it, never change it.
    timezone = Timezone.from_tzid(tzid, first_date=VTIMEZONE_FIRST_DATE)
    # libical's restriction check rejects COMMENT directly on a VTIMEZONE (calendar.md §3 trap 6).
    timezone.pop("COMMENT", None)
    return timezone


def _hearing_event(hearing: FeedHearing, *, alarms: tuple[timedelta, ...]) -> Event:
    text = feed_text(hearing)
    zone = ZoneInfo(hearing.court_timezone)
    stamp = _utc(hearing.last_modified)
    event = Event.new(
        uid=hearing_uid(hearing.uid_key),
        sequence=hearing.sequence,
        stamp=stamp,
        last_modified=stamp,
        start=hearing.starts_at.astimezone(zone).replace(microsecond=0),
        end=hearing.ends_at.astimezone(zone).replace(microsecond=0),
        status=STATUS.CANCELLED if hearing.is_off else STATUS.CONFIRMED,
        # A setting that will not happen must not block the prosecutor's free/busy time.
        transparency=TRANSP.TRANSPARENT if hearing.is_off else TRANSP.OPAQUE,
        classification=CLASS.PRIVATE,
        summary=text.summary,
        description=text.description,
        location=text.location,
        url=hearing.url,
    )
    if not hearing.is_off:
        for before in alarms:
            event.add_component(Alarm.new_display(description=text.alarm, trigger=-before))
    return event


def _deadline_event(deadline: FeedDeadline, *, alarms: bool) -> Event:
    text = feed_text(deadline)
    stamp = _utc(deadline.last_modified)
    event = Event.new(
        uid=deadline_uid(deadline.uid_key),
        sequence=deadline.sequence,
        stamp=stamp,
        last_modified=stamp,
        start=deadline.due,
        end=deadline.due + timedelta(days=1),
        transparency=TRANSP.TRANSPARENT,
        classification=CLASS.PRIVATE,
        summary=text.summary,
        description=text.description,
        url=deadline.url,
    )
    if alarms:
        event.add_component(Alarm.new_display(description=text.alarm, trigger=-DEADLINE_ALARM))
    return event


def _calendar(name: str, zones: Iterable[str]) -> Calendar:
    calendar = Calendar.new(prodid=PRODID, name=name)
    # Calendar.new adds a random RFC 7986 UID: it would change every render, and vdirsyncer's
    # http storage then keeps one event of many (pimutils/vdirsyncer#1222).
    calendar.pop("UID", None)
    calendar.add("CALSCALE", "GREGORIAN")
    # `refresh_interval=` would omit the VALUE=DURATION that RFC 7986 §5.7 requires.
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    # A bare timedelta on an X- property serialises as "1:00:00"; vDuration gives "PT1H".
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    calendar.add("X-WR-TIMEZONE", FEED_TIMEZONE)
    # The feed's own zone is always there: X-WR-TIMEZONE names it, and RFC 5545 §3.6 wants at
    # least one component in a VCALENDAR, so an empty feed stays valid.
    for tzid in sorted({FEED_TIMEZONE, *zones}):
        calendar.add_component(_vtimezone(tzid))
    return calendar


def _shown(hearing: FeedHearing, now: datetime) -> bool:
    if not hearing.is_off:
        return True
    went_off = hearing.cancelled_at or hearing.last_modified
    return now - went_off <= CANCELLED_KEPT_FOR


def build_feed(
    name: str,
    hearings: Iterable[FeedHearing],
    deadlines: Iterable[FeedDeadline],
    *,
    alarms: bool,
    now: datetime,
    reminders: tuple[timedelta, ...] = HEARING_ALARMS,
) -> bytes:
    """Render a feed; the same input gives the same bytes. With `alarms`, each hearing gets a
    reminder at each of `reminders` before it (and each deadline one the day before).

    `now` only decides which cancelled hearings are old enough to drop
    (`CANCELLED_KEPT_FOR`); it never appears in the output.
    """
    _require_aware("now", now)
    shown = sorted(
        (hearing for hearing in hearings if _shown(hearing, now)),
        key=lambda hearing: (hearing.starts_at, hearing.uid_key),
    )
    due = sorted(deadlines, key=lambda deadline: (deadline.due, deadline.uid_key))
    uids = [hearing_uid(h.uid_key) for h in shown] + [deadline_uid(d.uid_key) for d in due]
    if len(set(uids)) != len(uids):
        # Clients would merge or drop events sharing a UID; better to fail loudly.
        raise ValueError("two feed items share a uid_key")

    frame: bytes = _calendar(name, (hearing.court_timezone for hearing in shown)).to_ical()
    # A VCALENDAR's bytes are its own lines, then each component's bytes in order: the events
    # can be serialised one by one, and those unchanged since the last build come from the
    # cache (icalendar takes about 0.3 ms an event; a 500-hearing feed is polled hourly by
    # every subscribed phone).
    end = b"END:VCALENDAR\r\n"
    assert frame.endswith(end)
    _check_reminders(reminders)
    hearing_alarms = tuple(sorted(set(reminders), reverse=True)) if alarms else ()
    events = [_hearing_bytes(_cache_key(h), hearing_alarms) for h in shown]
    events += [_deadline_bytes(_cache_key(d), alarms) for d in due]
    return frame[: -len(end)] + b"".join(events) + end


def _cache_key(item: FeedHearing | FeedDeadline) -> bytes:
    # Every field, exactly: any change to an event makes a new key.
    return msgspec.msgpack.encode(item)


def _check_reminders(reminders: tuple[timedelta, ...]) -> None:
    # A VALARM TRIGGER before the event, whole minutes (what feeds offer: choices.py).
    for before in reminders:
        if before <= timedelta(0) or before % timedelta(minutes=1):
            raise ValueError("a reminder is a positive whole number of minutes before")


@functools.lru_cache(maxsize=50_000)
def _hearing_bytes(key: bytes, alarms: tuple[timedelta, ...]) -> bytes:
    hearing = msgspec.msgpack.decode(key, type=FeedHearing)
    body: bytes = _hearing_event(hearing, alarms=alarms).to_ical()
    return body


@functools.lru_cache(maxsize=20_000)
def _deadline_bytes(key: bytes, alarms: bool) -> bytes:
    deadline = msgspec.msgpack.decode(key, type=FeedDeadline)
    body: bytes = _deadline_event(deadline, alarms=alarms).to_ical()
    return body


#: Version stamps are left out of the content hash: they follow it.
_UNVERSIONED = datetime(2000, 1, 1, tzinfo=UTC)


def content_hash(
    item: FeedHearing | FeedDeadline,
    *,
    alarms: bool,
    reminders: tuple[timedelta, ...] = HEARING_ALARMS,
) -> str:
    """A digest of everything a client shows of one event, without its version stamps: when it
    differs from the one last served, the event gets a new SEQUENCE, DTSTAMP and LAST-MODIFIED."""
    # Every field but the stamps, and the feed's choice of reminders: the event's text is drawn
    # from exactly these (feed_text), and hashing them costs far less than rendering the event.
    bare = msgspec.structs.replace(item, sequence=0, last_modified=_UNVERSIONED)
    chosen = b""
    if alarms:
        # The default keeps the digest feeds were served with before reminders were chosen.
        wanted = sorted(set(reminders), reverse=True)
        minutes = ",".join(str(before // timedelta(minutes=1)) for before in wanted)
        chosen = b"+alarms" if wanted == list(HEARING_ALARMS) else f"+alarms:{minutes}".encode()
    return hashlib.sha256(_cache_key(bare) + chosen).hexdigest()


class Withdrawn(msgspec.Struct, frozen=True, kw_only=True):
    """An event a revoked link served last, to be sent once more as cancelled."""

    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    all_day: bool


WITHDRAWN_SUMMARY = "CANCELLED: removed — this calendar link was turned off"


def withdrawn_feed(name: str, events: Iterable[Withdrawn], *, stamp: datetime) -> bytes:
    """The last calendar of a revoked link: every event it served, cancelled, with nothing about
    the case (the link may be in the wrong hands), so that clients which keep events after a
    404 or refuse an emptied calendar (vdirsyncer) still take them off."""
    _require_aware("stamp", stamp)
    when = _utc(stamp)
    calendar = _calendar(name, ())
    for item in sorted(events, key=lambda e: (e.starts_at, e.uid)):
        if item.all_day:
            start: date | datetime = item.starts_at.astimezone(UTC).date()
            end: date | datetime = item.ends_at.astimezone(UTC).date()
        else:
            start, end = _utc(item.starts_at), _utc(item.ends_at)
        calendar.add_component(
            Event.new(
                uid=item.uid,
                sequence=item.sequence,
                stamp=when,
                last_modified=when,
                start=start,
                end=end,
                status=STATUS.CANCELLED,
                transparency=TRANSP.TRANSPARENT,
                classification=CLASS.PRIVATE,
                summary=WITHDRAWN_SUMMARY,
            )
        )
    body: bytes = calendar.to_ical()
    return body


def empty_feed(name: str) -> bytes:
    """A valid calendar with no events, for a revoked link: clients then drop what they cached."""
    body: bytes = _calendar(name, ()).to_ical()
    return body

"""The hearing feed: what calendar parsers read from it, and what it must never say."""

import json
import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import pytest
from icalendar import Calendar, Event

from docket.calendar.ics import (
    FEED_CONTENT_TYPE,
    KIND_LABELS,
    MEASURE_LABELS,
    MODE_LABELS,
    FeedDeadline,
    FeedHearing,
    build_feed,
    empty_feed,
    feed_text,
)
from docket.deadlines.engine import CAVEAT
from docket.hearings.choices import HearingKind, HearingMode, HearingStatus
from docket.protection.choices import Measure

MANILA = ZoneInfo("Asia/Manila")
NOW = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
CLIENTS = Path(__file__).parent / "clients"
NPM_HINT = "run `npm ci --prefix tests/clients` (installs ical.js, Thunderbird's parser)"

HEARING = FeedHearing(
    uid_key="42",
    sequence=0,
    starts_at=datetime(2026, 12, 3, 1, 30, tzinfo=UTC),  # 09:30 in Manila
    ends_at=datetime(2026, 12, 3, 3, 30, tzinfo=UTC),
    status=HearingStatus.SCHEDULED,
    kind=HearingKind.TRIAL,
    docket_number="NPS-VII-01-INQ-26K-00012",
    court_case_number="R-CEB-26-01234-CR",
    caption="People of the Philippines v. Dela Cruz, et al.",
    sealed=False,
    court_name="RTC Branch 23, Cebu City",
    room="Sala 3, Hall of Justice",
    mode=HearingMode.VIDEOCONFERENCE,
    accommodations=[Measure.SUPPORT_PERSON, Measure.LIVE_LINK_TV],
    url="https://docket.example.ph/hearings/42",
    last_modified=datetime(2026, 11, 20, 5, 0, 7, 123456, tzinfo=UTC),
)
DEADLINE = FeedDeadline(
    uid_key="9",
    title="Pre-trial must start (30 days from arraignment)",
    due=date(2026, 12, 10),
    docket_number="NPS-VII-01-INQ-26K-00012",
    caption="People of the Philippines v. Dela Cruz, et al.",
    sealed=False,
    url="https://docket.example.ph/cases/7",
    last_modified=datetime(2026, 11, 1, 2, 0, tzinfo=UTC),
)


def hearing(**changes: Any) -> FeedHearing:
    return msgspec.structs.replace(HEARING, **changes)


def later(days: int, **changes: Any) -> FeedHearing:
    """The sample hearing moved `days` days on."""
    shift = timedelta(days=days)
    return hearing(starts_at=HEARING.starts_at + shift, ends_at=HEARING.ends_at + shift, **changes)


def feed(
    hearings: list[FeedHearing], deadlines: list[FeedDeadline] | None = None, **options: Any
) -> bytes:
    options.setdefault("alarms", False)
    options.setdefault("now", NOW)
    return build_feed("Docket — Team Cebu", hearings, deadlines or [], **options)


def parse(body: bytes) -> Calendar:
    calendar = Calendar.from_ical(body)
    calendar.validate()  # type: ignore[no-untyped-call]
    for component in calendar.walk():
        assert component.errors == [], component.errors
    return calendar


def only_event(body: bytes) -> Event:
    (event,) = parse(body).events
    return event


# --- time zones -----------------------------------------------------------------------------


def test_hearing_shows_manila_wall_clock_time() -> None:
    body = feed([HEARING])
    event = only_event(body)

    assert event.start == datetime(2026, 12, 3, 9, 30, tzinfo=MANILA)
    assert event.end == datetime(2026, 12, 3, 11, 30, tzinfo=MANILA)
    assert isinstance(event.start, datetime)
    assert str(event.start.tzinfo) == "Asia/Manila"
    assert b"DTSTART;TZID=Asia/Manila:20261203T093000\r\n" in body
    assert b"DTEND;TZID=Asia/Manila:20261203T113000\r\n" in body


def test_one_vtimezone_in_the_form_outlook_and_libical_accept() -> None:
    calendar = parse(feed([HEARING, hearing(uid_key="43")]))

    (timezone,) = calendar.timezones
    assert timezone["TZID"] == "Asia/Manila"
    # One STANDARD block, no DST history, no RDATE (Outlook), no COMMENT (libical).
    assert [sub.name for sub in timezone.subcomponents] == ["STANDARD"]
    assert "COMMENT" not in timezone
    (standard,) = timezone.subcomponents
    assert "RDATE" not in standard
    assert "RRULE" not in standard
    assert standard.decoded("TZOFFSETTO") == timedelta(hours=8)
    assert calendar.get_missing_tzids() == set()
    assert calendar["X-WR-TIMEZONE"] == "Asia/Manila"


def test_a_hearing_given_in_another_offset_lands_on_the_same_instant() -> None:
    from_manila = hearing(
        starts_at=datetime(2026, 12, 3, 9, 30, tzinfo=MANILA),
        ends_at=datetime(2026, 12, 3, 11, 30, tzinfo=MANILA),
    )
    assert feed([from_manila]) == feed([HEARING])


# --- stable bytes and revisions -------------------------------------------------------------


def test_same_hearings_give_identical_bytes() -> None:
    hearings = [later(n, uid_key=str(n)) for n in range(5)]
    hearings.append(later(0, uid_key="same-start"))  # same start: the uid breaks the tie

    first = feed(hearings, [DEADLINE], alarms=True)
    again = feed(list(reversed(hearings)), [DEADLINE], alarms=True, now=NOW + timedelta(hours=5))

    assert first == again


def test_stamps_come_from_the_last_change_not_from_now() -> None:
    event = only_event(feed([HEARING]))

    assert event.stamp == datetime(2026, 11, 20, 5, 0, 7, tzinfo=UTC)
    assert event.last_modified == datetime(2026, 11, 20, 5, 0, 7, tzinfo=UTC)


def test_reschedule_keeps_the_uid_and_raises_the_sequence() -> None:
    before = only_event(feed([HEARING]))
    moved = hearing(
        starts_at=datetime(2027, 1, 14, 0, 30, tzinfo=UTC),
        ends_at=datetime(2027, 1, 14, 2, 30, tzinfo=UTC),
        sequence=1,
        last_modified=datetime(2026, 11, 26, 8, 0, tzinfo=UTC),
    )
    after = only_event(feed([moved]))

    assert before.uid == after.uid == "hearing-42@docket.invalid"
    assert (before.sequence, after.sequence) == (0, 1)
    assert after.start == datetime(2027, 1, 14, 8, 30, tzinfo=MANILA)
    assert after.stamp > before.stamp


def test_cancelled_hearing_is_marked_for_every_client() -> None:
    cancelled = hearing(
        status=HearingStatus.CANCELLED,
        sequence=2,
        cancelled_at=datetime(2026, 11, 24, tzinfo=UTC),
        last_modified=datetime(2026, 11, 24, tzinfo=UTC),
    )
    event = only_event(feed([cancelled], alarms=True))

    assert event["STATUS"] == "CANCELLED"
    assert event.sequence == 2
    # Outlook ignores STATUS: the prefix is what its users see.
    assert str(event["SUMMARY"]).startswith("CANCELLED: Trial: ")
    assert event["TRANSP"] == "TRANSPARENT"
    assert event.subcomponents == []  # no reminder for a hearing that will not happen


def test_reset_hearing_stays_confirmed_at_its_new_time() -> None:
    # A reset moves the same hearing (same UID, higher SEQUENCE): it must not look cancelled.
    event = only_event(feed([later(7, status=HearingStatus.RESET, sequence=1)], alarms=True))

    assert event["STATUS"] == "CONFIRMED"
    assert event["TRANSP"] == "OPAQUE"
    assert event.start == datetime(2026, 12, 10, 9, 30, tzinfo=MANILA)
    assert str(event["SUMMARY"]).startswith("Trial: ")
    assert "Status: reset to this time" in str(event["DESCRIPTION"])
    assert len(event.walk("VALARM")) == 2


@pytest.mark.parametrize(
    "status", [HearingStatus.SCHEDULED, HearingStatus.HELD, HearingStatus.RESET]
)
def test_hearing_that_takes_place_is_confirmed(status: HearingStatus) -> None:
    event = only_event(feed([hearing(status=status)]))

    assert event["STATUS"] == "CONFIRMED"
    assert (
        event["SUMMARY"]
        == "Trial: People of the Philippines v. Dela Cruz, et al. (R-CEB-26-01234-CR)"
    )


def test_cancelled_hearing_leaves_the_feed_after_thirty_days() -> None:
    cancelled = hearing(status=HearingStatus.CANCELLED, cancelled_at=NOW - timedelta(days=30))
    reset = later(
        1, uid_key="43", status=HearingStatus.RESET, last_modified=NOW - timedelta(days=90)
    )

    assert [event.uid for event in parse(feed([cancelled, reset])).events] == [
        "hearing-42@docket.invalid",
        "hearing-43@docket.invalid",  # a reset hearing is still on, however old the change
    ]
    assert parse(feed([cancelled], now=NOW + timedelta(seconds=1))).events == []


# --- privacy --------------------------------------------------------------------------------

EVENT_PROPERTIES = {
    "UID", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "DTSTART", "DTEND", "STATUS", "TRANSP",
    "CLASS", "SUMMARY", "DESCRIPTION", "LOCATION", "URL",
}  # fmt: skip
FIXED_WORDS = [
    *KIND_LABELS.values(),
    *MODE_LABELS.values(),
    *MEASURE_LABELS.values(),
    "CANCELLED: ", "Sealed case", "Case:", "Court case No.:", "Docket No.:",
    "Court:", "Room:", "When:", "Mode:", "Protection measures to prepare:", "Open in Docket:",
    "Due:", "(Asia/Manila)", "Status: reset to this time (earlier settings in Docket)",
    "Status: cancelled",
    # Issue 21 item 6: deadlines say where they come from; addresses and resets are labelled.
    CAVEAT, "Counted from:", "Source:", "Address:", "Moved from",
]  # fmt: skip
DATE_AND_TIME = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}|\d\d:\d\d")


def leftover(text: str, allowed_values: list[str]) -> str:
    """What remains of `text` once every allowed value, label, date and time is removed."""
    for word in sorted([*allowed_values, *FIXED_WORDS], key=len, reverse=True):
        text = text.replace(word, " ")
    return re.sub(r"[\s,;:()—-]+", "", DATE_AND_TIME.sub(" ", text))


def test_feed_inputs_have_no_place_for_survivor_data() -> None:
    assert set(FeedHearing.__struct_fields__) == {
        "uid_key", "sequence", "starts_at", "ends_at", "court_timezone", "status", "kind",
        "docket_number", "court_case_number", "caption", "sealed", "court_name", "room", "mode",
        "accommodations", "url", "last_modified", "cancelled_at", "moved_to",
        # The court's public address; a reset's earlier time and reason (issue 21 item 6).
        "court_address", "moved_from", "reset_reason",
    }  # fmt: skip
    assert set(FeedDeadline.__struct_fields__) == {
        "uid_key", "title", "due", "docket_number", "caption", "sealed", "url", "last_modified",
        "sequence",
        # The rule's source and what it was counted from (issue 21 item 6).
        "source", "counted_from", "counted_from_on",
    }  # fmt: skip
    # Decoding a record that carries more than the allow-list fails instead of dropping it silently.
    record = msgspec.to_builtins(HEARING) | {"survivor_name": "Maria Santos"}
    with pytest.raises(msgspec.ValidationError, match="survivor_name"):
        msgspec.convert(record, FeedHearing)


def test_every_word_a_subscriber_sees_comes_from_the_allow_list() -> None:
    in_person = hearing(
        uid_key="44",
        mode=HearingMode.IN_PERSON,
        court_case_number=None,
        room=None,
        accommodations=list(Measure),
        kind=HearingKind.BAIL_HEARING,
    )
    calendar = parse(feed([HEARING, in_person], [DEADLINE], alarms=True))
    allowed_values = [
        HEARING.caption, HEARING.docket_number, str(HEARING.court_case_number), HEARING.court_name,
        str(HEARING.room), HEARING.url, DEADLINE.title, DEADLINE.url,
    ]  # fmt: skip

    for event in calendar.events:
        assert set(event) <= EVENT_PROPERTIES
        texts = [str(event.get(name, "")) for name in ("SUMMARY", "DESCRIPTION", "LOCATION")]
        texts += [str(alarm["DESCRIPTION"]) for alarm in event.walk("VALARM")]
        for text in texts:
            assert leftover(text, allowed_values) == "", text


def test_videoconference_link_never_appears() -> None:
    text = feed_text(HEARING)

    assert "Videoconference — link in Docket" in text.description
    assert "Videoconference — link in Docket" in str(text.location)
    assert "teams" not in feed([HEARING]).decode().lower()


def test_accommodations_to_prepare_are_listed_in_a_fixed_order() -> None:
    text = feed_text(hearing(accommodations=[Measure.SUPPORT_PERSON, Measure.LIVE_LINK_TV]))

    assert "Protection measures to prepare: live-link TV, support person" in text.description


def test_witness_protection_is_never_announced() -> None:
    body = feed([hearing(accommodations=[Measure.WITNESS_PROTECTION_PROGRAMME])], alarms=True)

    assert b"protection programme" not in body.lower()
    assert b"Protection measures to prepare" not in body


def test_sealed_case_shows_only_kind_court_time_and_link() -> None:
    sealed = hearing(sealed=True, accommodations=[Measure.LIVE_LINK_TV])
    body = feed([sealed], alarms=True)
    event = only_event(body)

    assert event["SUMMARY"] == "Sealed case — Trial"
    assert event["LOCATION"] == "RTC Branch 23, Cebu City"
    assert event["DESCRIPTION"] == (
        "When: Thu 3 Dec 2026, 09:30-11:30 (Asia/Manila)\n"
        "Open in Docket: https://docket.example.ph/hearings/42"
    )
    unfolded = body.replace(b"\r\n ", b"").decode()
    for secret in ["Dela Cruz", "NPS-VII", "R-CEB", "Sala 3", "live-link", "Videoconference"]:
        assert secret not in unfolded
    for alarm in event.walk("VALARM"):
        assert str(alarm["DESCRIPTION"]).startswith("Sealed case — Trial, Thu 3 Dec 2026")


def test_sealed_cancelled_hearing_keeps_the_prefix() -> None:
    event = only_event(feed([hearing(sealed=True, status=HearingStatus.CANCELLED)]))

    assert event["SUMMARY"] == "CANCELLED: Sealed case — Trial"


def test_sealed_deadline_shows_only_what_is_due_and_the_link() -> None:
    sealed = msgspec.structs.replace(DEADLINE, sealed=True)
    body = feed([], [sealed])

    assert b"Dela Cruz" not in body.replace(b"\r\n ", b"")
    assert b"NPS-VII" not in body.replace(b"\r\n ", b"")
    assert only_event(body)["SUMMARY"] == f"Sealed case — {DEADLINE.title}"


def test_no_method_organizer_attendee_or_calendar_uid() -> None:
    body = feed([HEARING], [DEADLINE], alarms=True)
    calendar = parse(body)

    for name in ("METHOD", "UID", "ORGANIZER", "ATTENDEE"):
        assert name not in calendar
    for event in calendar.events:
        assert "ORGANIZER" not in event
        assert "ATTENDEE" not in event
    assert not re.search(rb"^(METHOD|ORGANIZER|ATTENDEE)[:;]", body, re.MULTILINE)


# --- calendar framing -----------------------------------------------------------------------


def test_calendar_headers() -> None:
    body = feed([HEARING])
    calendar = parse(body)

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Docket//Hearing feed 1.0//EN"
    assert calendar["NAME"] == calendar["X-WR-CALNAME"] == "Docket — Team Cebu"
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in body
    assert b"\r\nX-WR-TIMEZONE:Asia/Manila\r\n" in body
    assert FEED_CONTENT_TYPE == "text/calendar; charset=utf-8"


def test_lines_are_crlf_and_folded_within_75_octets() -> None:
    body = feed(
        [HEARING, hearing(uid_key="43", caption="Pp. v. Ñiño " * 12)], [DEADLINE], alarms=True
    )

    assert body.endswith(b"END:VCALENDAR\r\n")
    lines = body.split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # a fold never splits a multi-byte character


def test_alarms_only_when_asked() -> None:
    without = only_event(feed([HEARING], alarms=False))
    with_alarms = only_event(feed([HEARING], alarms=True))

    assert without.walk("VALARM") == []
    triggers = sorted(alarm.decoded("TRIGGER") for alarm in with_alarms.walk("VALARM"))
    assert triggers == [timedelta(days=-1), timedelta(hours=-2)]
    for alarm in with_alarms.walk("VALARM"):
        assert alarm["ACTION"] == "DISPLAY"
        assert str(alarm["DESCRIPTION"]).startswith("Trial: People of the Philippines v. Dela Cruz")


def test_deadline_is_an_all_day_transparent_event() -> None:
    body = feed([], [DEADLINE], alarms=True)
    event = only_event(body)

    assert b"DTSTART;VALUE=DATE:20261210\r\n" in body
    assert b"DTEND;VALUE=DATE:20261211\r\n" in body
    assert event.start == date(2026, 12, 10)
    assert event["TRANSP"] == "TRANSPARENT"
    assert event.uid == "deadline-9@docket.invalid"
    assert event.stamp == DEADLINE.last_modified
    assert "TZID" not in event["DTSTART"].params  # a date, not a time in some zone
    (alarm,) = event.walk("VALARM")
    assert str(alarm["DESCRIPTION"]).startswith("Due: Pre-trial must start")


def test_empty_feed_is_a_valid_calendar_without_events() -> None:
    body = empty_feed("Docket — revoked")
    calendar = parse(body)

    assert calendar.events == []
    # RFC 5545 wants one component at least: the feed's VTIMEZONE is it.
    assert [timezone["TZID"] for timezone in calendar.timezones] == ["Asia/Manila"]
    assert calendar["NAME"] == "Docket — revoked"
    assert "UID" not in calendar
    assert body.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")


# --- bad input fails loudly -----------------------------------------------------------------


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="starts_at must be timezone-aware"):
        hearing(starts_at=datetime(2026, 12, 3, 9, 30))  # noqa: DTZ001
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        feed([HEARING], now=datetime(2026, 11, 25))  # noqa: DTZ001


def test_two_items_with_one_uid_are_refused() -> None:
    with pytest.raises(ValueError, match="share a uid_key"):
        feed([HEARING, later(1)])


def test_unknown_court_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown court_timezone 'Asia/Cebu'"):
        hearing(court_timezone="Asia/Cebu")


# --- Thunderbird's parser -------------------------------------------------------------------


def ical_js(body: bytes, tmp_path: Path) -> dict[str, Any]:
    """What ical.js (Thunderbird's parser) reads from the feed."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed; the feed must be checked with ical.js (node >= 20)")
    if not (CLIENTS / "node_modules" / "ical.js").is_dir():
        pytest.fail(f"ical.js is missing: {NPM_HINT}")
    path = tmp_path / "feed.ics"
    path.write_bytes(body)
    completed = subprocess.run(
        [node, str(CLIENTS / "parse_ics.mjs"), str(path)],
        capture_output=True,
        text=True,
        # A UTC machine: a time read as floating would come out 8 hours off.
        env={**os.environ, "TZ": "UTC"},
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def test_thunderbird_reads_hearing_in_manila_time(tmp_path: Path) -> None:
    cancelled = hearing(
        uid_key="43",
        status=HearingStatus.CANCELLED,
        sequence=3,
        starts_at=datetime(2026, 12, 4, 6, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 4, 7, 0, tzinfo=UTC),
    )
    parsed = ical_js(feed([HEARING, cancelled], [DEADLINE], alarms=True), tmp_path)
    first, second, deadline = parsed["events"]

    assert first == first | {
        "uid": "hearing-42@docket.invalid",
        "summary": "Trial: People of the Philippines v. Dela Cruz, et al. (R-CEB-26-01234-CR)",
        "status": "CONFIRMED",
        "sequence": 0,
        "tzid": "Asia/Manila",
        "tzid_known": True,
        "start_local": "2026-12-03T09:30:00",
        "end_local": "2026-12-03T11:30:00",
        "start_utc": "2026-12-03T01:30:00.000Z",
        "end_utc": "2026-12-03T03:30:00.000Z",
    }
    assert [alarm["trigger"] for alarm in first["alarms"]] == ["-P1D", "-PT2H"]
    assert second == second | {
        "uid": "hearing-43@docket.invalid",
        "status": "CANCELLED",
        "sequence": 3,
        "start_local": "2026-12-04T14:00:00",
        "start_utc": "2026-12-04T06:00:00.000Z",
        "alarms": [],
    }
    assert second["summary"].startswith("CANCELLED: ")
    assert deadline == deadline | {
        "uid": "deadline-9@docket.invalid",
        "all_day": True,
        "start_local": "2026-12-10",
        "end_local": "2026-12-11",
    }
    assert parsed["calendar"]["refresh-interval"] == "PT1H"
    assert "uid" not in parsed["calendar"]
    assert "method" not in parsed["calendar"]


def test_thunderbird_reads_sealed_case_redacted(tmp_path: Path) -> None:
    (event,) = ical_js(feed([hearing(sealed=True)]), tmp_path)["events"]

    assert event["summary"] == "Sealed case — Trial"
    assert event["location"] == "RTC Branch 23, Cebu City"
    assert event["start_local"] == "2026-12-03T09:30:00"


def test_thunderbird_reads_empty_feed(tmp_path: Path) -> None:
    parsed = ical_js(empty_feed("Docket — revoked"), tmp_path)

    assert parsed["events"] == []
    assert parsed["calendar"]["x-wr-calname"] == "Docket — revoked"

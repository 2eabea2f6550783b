"""A real subscribing client (vdirsyncer + khal) follows a hearing through reset and cancel."""

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import msgspec
import pytest

from docket.calendar.ics import (
    FEED_CONTENT_TYPE,
    FeedDeadline,
    FeedHearing,
    build_feed,
    empty_feed,
)
from docket.hearings.choices import HearingKind, HearingMode, HearingStatus
from docket.protection.choices import Measure
from tests.calendar_clients import ClientEvent, SubscribingClient, SubscribingClientError

# vdirsyncer and khal run as other processes, on the system's clock.
pytestmark = pytest.mark.real_clock

NOW = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
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
    room="Sala 3",
    mode=HearingMode.IN_PERSON,
    accommodations=[Measure.LIVE_LINK_TV],
    url="https://docket.example.ph/hearings/42",
    last_modified=datetime(2026, 11, 20, 5, 0, tzinfo=UTC),
)
OTHER = msgspec.structs.replace(
    HEARING,
    uid_key="43",
    starts_at=datetime(2026, 12, 7, 6, 0, tzinfo=UTC),
    ends_at=datetime(2026, 12, 7, 7, 0, tzinfo=UTC),
    kind=HearingKind.PRE_TRIAL,
    url="https://docket.example.ph/hearings/43",
)
DEADLINE = FeedDeadline(
    uid_key="9",
    title="Pre-trial must start",
    due=date(2026, 12, 10),
    docket_number="NPS-VII-01-INQ-26K-00012",
    caption="People of the Philippines v. Dela Cruz, et al.",
    sealed=False,
    url="https://docket.example.ph/cases/7",
    last_modified=datetime(2026, 11, 1, tzinfo=UTC),
)
DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))


class FeedServer:
    """Serves whatever bytes `body` holds at /f/feed.ics on 127.0.0.1, like Docket's feed route."""

    def __init__(self) -> None:
        self.body = b""
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests += 1
                body = server.body
                self.send_response(200)
                self.send_header("Content-Type", FEED_CONTENT_TYPE)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output clean

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/f/feed.ics"


@pytest.fixture
def server() -> Iterator[FeedServer]:
    feed_server = FeedServer()
    thread = threading.Thread(target=feed_server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield feed_server
    finally:
        feed_server.httpd.shutdown()
        feed_server.httpd.server_close()
        thread.join(timeout=10)


def by_url(events: list[ClientEvent]) -> dict[str, ClientEvent]:
    return {event.url: event for event in events}


def test_subscriber_follows_reset_and_cancellation(server: FeedServer, tmp_path: Path) -> None:
    client = SubscribingClient(server.url, tmp_path / "client")

    server.body = build_feed("Docket", [HEARING, OTHER], [DEADLINE], alarms=True, now=NOW)
    client.sync()
    events = by_url(client.events(*DECEMBER))
    assert set(events) == {HEARING.url, OTHER.url, DEADLINE.url}
    first = events[HEARING.url]
    # khal runs with TZ=UTC and shows the court's wall clock from the feed's VTIMEZONE.
    assert (first.start, first.end) == ("2026-12-03 09:30", "2026-12-03 11:30")
    assert first.status == "CONFIRMED"
    assert (
        first.title == "Trial: People of the Philippines v. Dela Cruz, et al. (R-CEB-26-01234-CR)"
    )
    assert first.location == "RTC Branch 23, Cebu City, Sala 3"
    assert (events[DEADLINE.url].start, events[DEADLINE.url].status) == ("2026-12-10", "")

    # The court resets the hearing: Docket moves the same hearing (same UID) to the new time
    # with SEQUENCE 1.
    reset = msgspec.structs.replace(
        HEARING,
        status=HearingStatus.RESET,
        sequence=1,
        starts_at=datetime(2026, 12, 14, 6, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 14, 8, 0, tzinfo=UTC),
        last_modified=datetime(2026, 11, 26, 2, 0, tzinfo=UTC),
    )
    server.body = build_feed("Docket", [reset, OTHER], [DEADLINE], alarms=True, now=NOW)
    log = client.sync()
    # vdirsyncer keys http items by a hash of their content, so a changed hearing is
    # replaced (old copy deleted, new one added) rather than updated in place.
    assert "Deleting item" in log
    events_after_reset = client.events(*DECEMBER)
    assert [event.url for event in events_after_reset].count(HEARING.url) == 1
    moved = by_url(events_after_reset)[HEARING.url]
    assert (moved.start, moved.end) == ("2026-12-14 14:00", "2026-12-14 16:00")
    assert moved.status == "CONFIRMED"
    assert len(client.synced_files()) == 3

    # Then it is cancelled: khal keeps listing it, marked CANCELLED and prefixed.
    cancelled = msgspec.structs.replace(
        reset,
        sequence=2,
        status=HearingStatus.CANCELLED,
        cancelled_at=datetime(2026, 11, 27, 1, 0, tzinfo=UTC),
        last_modified=datetime(2026, 11, 27, 1, 0, tzinfo=UTC),
    )
    server.body = build_feed("Docket", [cancelled, OTHER], [DEADLINE], alarms=True, now=NOW)
    client.sync()
    events_after_cancel = by_url(client.events(*DECEMBER))
    gone = events_after_cancel[HEARING.url]
    assert gone.status == "CANCELLED"
    assert gone.title.startswith("CANCELLED: Trial: ")
    assert gone.start == "2026-12-14 14:00"
    assert events_after_cancel[OTHER.url].start == "2026-12-07 14:00"

    # A revoked link serves an empty calendar. vdirsyncer guards against a server wiping a
    # calendar: it keeps its copy and fails until the user forces the deletion.
    server.body = empty_feed("Docket")
    with pytest.raises(SubscribingClientError, match="completely emptied"):
        client.sync()
    assert len(client.events(*DECEMBER)) == 3
    client.sync(force_delete=True)
    assert client.events(*DECEMBER) == []
    assert client.synced_files() == []
    assert server.requests == 5

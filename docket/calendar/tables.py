"""Calendar subscriptions: who may fetch which hearing feed, by a capability URL."""

from piccolo.columns import Boolean, ForeignKey, Integer, OnDelete, Serial, Timestamptz, Varchar
from piccolo.table import Table

from docket.accounts.tables import User
from docket.calendar.choices import FeedScope


class FeedSubscription(Table, tablename="feed_subscription"):
    """One subscribable feed of hearings. The URL's token is the credential (Google and Outlook
    cannot send any other), so only its hash is kept and the owner's rights are checked again
    at every fetch."""

    id: Serial
    #: Whose rights the feed follows; it shows only what this person may see today.
    owner = ForeignKey(references=User, index=True)
    #: The owner's label for it, e.g. "My phone".
    name = Varchar(length=100)
    #: mine (cases I am on), lead (cases I lead), case, court (a branch) or team.
    scope = Varchar(length=10, choices=FeedScope)
    #: The case, court or team id for those scopes; null for "mine".
    scope_id = Integer(null=True, default=None)
    #: Add the case deadlines as all-day events.
    include_deadlines = Boolean(default=False)
    #: Add reminders (VALARM); their text shows on lock screens.
    include_alarms = Boolean(default=False)
    #: The reminders, in minutes before each hearing, largest first, comma-separated
    #: ("1440,120"); "" with include_alarms means a day and two hours (feeds made before the
    #: choice existed). docket.calendar.choices.parse_reminders reads it.
    reminders = Varchar(length=40, default="")
    #: Show hearings; false for a deadlines-only feed.
    include_hearings = Boolean(default=True)
    #: Leave out hearings whose outcome says they were held (the past the owner no longer needs).
    hide_held = Boolean(default=False)
    #: SHA-256 of the URL's token, hex. A database leak gives no working feed URL.
    token_hash = Varchar(length=64, unique=True, secret=True)
    #: When it was issued (UTC).
    created_at = Timestamptz()
    #: The last fetch by a calendar (UTC), recorded at most once a minute; null if never.
    last_fetched_at = Timestamptz(null=True, default=None)
    #: The calendar program of that fetch (truncated), to spot a link in the wrong hands.
    last_user_agent = Varchar(length=200, default="")
    #: When it was revoked (UTC). For 30 days after, the URL answers an empty calendar so that
    #: subscribed clients drop the hearings they cached; then 404.
    revoked_at = Timestamptz(null=True, default=None)
    #: The feed this one replaced when its link was rotated.
    rotated_from = Integer(null=True, default=None)
    #: A digest of what the feed showed at its last fetch, and since when it has shown that:
    #: Last-Modified must also move when a hearing leaves the window or access is lost, which
    #: no row's updated_at records.
    content_tag = Varchar(length=64, default="")
    #: The feeds page's form that made this feed: a random id the page hands out with each
    #: form, so that sending the same form again (a reload after "Create feed") does not make
    #: a second feed. None for feeds made through the API or the command line.
    form_id = Varchar(length=32, null=True, default=None, index=True)
    content_since = Timestamptz(null=True, default=None)


class FeedEvent(Table, tablename="feed_event"):
    """What one feed last served of one event, so that its version stamps are true: SEQUENCE,
    DTSTAMP and LAST-MODIFIED move whenever any text a client shows changes (a court renamed, a
    case sealed), and stay put, byte for byte, when nothing did. Written only when the served
    event changed, so a poll that finds nothing new writes nothing."""

    id: Serial
    #: The feed that served it; its rows go with it.
    feed = ForeignKey(references=FeedSubscription, index=True, on_delete=OnDelete.cascade)
    #: The event's UID in that feed (opaque: nothing about the case).
    uid = Varchar(length=120)
    #: SHA-256 (hex) of everything a client shows of the event, without its version stamps.
    content_hash = Varchar(length=64)
    #: The SEQUENCE last served; raised by one for every change of what it shows.
    sequence = Integer(default=0)
    #: DTSTAMP and LAST-MODIFIED last served (UTC): when what it shows last changed.
    stamp = Timestamptz()
    #: Where it was last shown (UTC), so that a hearing moved out of the window, or every event
    #: of a revoked link, can be sent once more as cancelled at the place the client holds it.
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    #: A deadline (an all-day event) rather than a hearing.
    all_day = Boolean(default=False)

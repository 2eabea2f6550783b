"""Feed subscriptions: issuing, listing, rotating and revoking capability URLs, and answering a
fetch of one with the hearings its owner may see today.

The token in a feed URL is the only credential (Google and Outlook fetch from their clouds and
cannot log in), so it carries 256 random bits, only its SHA-256 is stored, and it is shown once.
The owner's rights are checked again at every fetch: a person taken off a case, or out of a
team, stops receiving its hearings at the next poll.
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import logging
import secrets
import urllib.parse
import uuid
import zoneinfo
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from docket.accounts.choices import Role
from docket.accounts.services import SYSTEM, Actor
from docket.accounts.tables import Team, User
from docket.audit.services import record
from docket.calendar.choices import (
    DEFAULT_REMINDERS,
    OWN_SCOPES,
    FeedScope,
    check_reminders,
    parse_reminders,
)
from docket.calendar.ics import (
    CANCELLED_KEPT_FOR,
    FEED_TIMEZONE,
    HEARING_ALARMS,
    FeedDeadline,
    FeedHearing,
    Withdrawn,
    build_feed,
    content_hash,
    deadline_uid,
    hearing_uid,
    withdrawn_feed,
)
from docket.calendar.schemas import FeedCreate, FeedIssued, FeedRead
from docket.calendar.tables import FeedEvent, FeedSubscription
from docket.cases.access import member_case_ids, team_ids_of, visible_case_ids
from docket.cases.free_text import restricted_of_cases
from docket.cases.names import caption_kept_inside, caption_outside
from docket.cases.tables import Case, CaseMember
from docket.courts.tables import Court
from docket.courts.zones import zone_of
from docket.db import engine, fetch, is_plausible, utc_now, write_tx
from docket.errors import Conflict, DocketError, InvalidInput, NotFound
from docket.hearings.choices import HearingKind, HearingMode, HearingStatus
from docket.hearings.tables import Hearing, HearingChange
from docket.protection.choices import Measure, MeasureStatus
from docket.protection.tables import ProtectionNeed
from docket.settings import get_settings

log = logging.getLogger(__name__)

#: Recognisable by secret scanners and log scrubbers; the rest is 256 random bits.
TOKEN_PREFIX = "hcal_"  # noqa: S105 - a label, not a secret
#: The rolling window of hearings a feed carries (issue 4): the recent past and a year ahead.
#: A hearing reset beyond it is sent as cancelled, "moved to <date>", for CANCELLED_KEPT_FOR
#: after the reset, and comes back (same UID, higher SEQUENCE) when the window reaches it.
WINDOW_BACK = dt.timedelta(days=90)
WINDOW_AHEAD = dt.timedelta(days=365)
#: A revoked link answers, this long, a last calendar in which every event it served is
#: cancelled (clients then take them off: after a 404 many keep their last copy, and vdirsyncer
#: refuses a calendar that was emptied), then 410 Gone.
REVOKED_WITHDRAWN_FOR = dt.timedelta(days=7)
#: Google Calendar silently loses events of a subscription above about 1 MB (calendar.md §2):
#: a feed that would be larger is refused when it is created.
FEED_SIZE_LIMIT = 1_000_000
#: What a feed served of an event no longer in it is kept this long (a hearing can come back
#: into the window, or be withdrawn when the link is revoked), then forgotten.
FEED_EVENT_KEPT_FOR = dt.timedelta(days=400)
#: Fetch bookkeeping (last fetched, user agent) is written at most this often per feed, so that
#: polling calendars do not turn every read into a write.
FETCH_RECORD_EVERY = dt.timedelta(minutes=1)
USER_AGENT_KEPT = 200
#: Measures still to prepare; a declined one needs nothing.
PREPARED_STATUSES = [MeasureStatus.REQUESTED, MeasureStatus.ORDERED, MeasureStatus.ARRANGED]
#: Changes whenever the way a feed is drawn from its rows changes, so ETags change with it.
FEED_FORMAT = "docket-feed-3"
#: Per-feed event UIDs (calendar.md §1): the same hearing in two feeds gets two UIDs, so a
#: client that assumes UIDs unique across calendars does not merge them, and feeds cannot be
#: correlated by UID.
UID_NAMESPACE = uuid.UUID("8d3c1f0e-5b7a-4c59-9f0b-6a1d2e3f4a5b")


class FeedGone(DocketError):
    """410: a revoked link, after its last (withdrawing) calendar."""

    status_code = 410

    def __init__(self) -> None:
        super().__init__("feed gone")
        self.detail = "This calendar link was turned off. A new link can be made in Docket."


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def feed_urls(token: str) -> tuple[str, str, str]:
    """(https URL, webcal URL, Google Calendar "add by URL" link) of a feed token."""
    url = f"{get_settings().base_url}/calendars/{token}.ics"
    webcal = "webcal://" + url.split("://", 1)[1]
    google = "https://calendar.google.com/calendar/r?cid=" + urllib.parse.quote(webcal, safe="")
    return url, webcal, google


def _feed_read(row: dict[str, Any]) -> FeedRead:
    return FeedRead(
        id=row["id"],
        name=row["name"],
        scope=FeedScope(row["scope"]),
        scope_id=row["scope_id"],
        include_deadlines=row["include_deadlines"],
        include_alarms=row["include_alarms"],
        reminders=list(reminders_of(row)),
        include_hearings=row["include_hearings"],
        hide_held=row["hide_held"],
        created_at=row["created_at"],
        last_fetched_at=row["last_fetched_at"],
        last_user_agent=row["last_user_agent"],
        revoked_at=row["revoked_at"],
        rotated_from=row["rotated_from"],
    )


def reminders_of(row: dict[str, Any]) -> tuple[int, ...]:
    """A feed's reminders in minutes before each hearing (largest first); () for none."""
    if not row["include_alarms"]:
        return ()
    try:
        return parse_reminders(row["reminders"]) or DEFAULT_REMINDERS
    except ValueError:
        # Edited by hand: the feed keeps its reminders (the default), not a 500 at every poll.
        log.warning("feed %s has unreadable reminders; a day and two hours are used", row["id"])
        return DEFAULT_REMINDERS


def _reminder_deltas(minutes: tuple[int, ...]) -> tuple[dt.timedelta, ...]:
    return tuple(dt.timedelta(minutes=m) for m in minutes)


def _chosen_reminders(data: FeedCreate) -> tuple[int, ...]:
    """The reminders a new feed asks for, or 400 naming `reminders`."""
    if data.reminders is None:
        return DEFAULT_REMINDERS if data.include_alarms else ()
    if data.include_alarms and not data.reminders:
        raise InvalidInput.field(
            "reminders", "is empty while include_alarms asks for reminders: give at least one"
        )
    try:
        return check_reminders(list(data.reminders))
    except ValueError as problem:
        raise InvalidInput.field("reminders", str(problem)) from None


def _check_options(data: FeedCreate) -> tuple[int, ...]:
    """400 naming the field for options that make no feed; the reminders chosen."""
    if not data.include_hearings and not data.include_deadlines:
        raise InvalidInput.field(
            "include_hearings",
            "a feed shows hearings, deadlines or both: set include_deadlines for a "
            "deadlines-only feed",
        )
    return _chosen_reminders(data)


def _issued(row: dict[str, Any], token: str) -> FeedIssued:
    url, webcal, google = feed_urls(token)
    return FeedIssued(
        **msgspec.structs.asdict(_feed_read(row)),
        url=url,
        webcal_url=webcal,
        google_calendar_url=google,
    )


async def _check_scope(actor: Actor, scope: FeedScope, scope_id: int | None) -> str:
    """400 naming the field unless the actor may subscribe to this scope; returns a default
    label for the feed."""
    if scope in OWN_SCOPES:
        if scope_id is not None:
            raise InvalidInput.field(
                "scope_id", f"leave it out for your own hearings ({scope.value})"
            )
        return "My hearings" if scope == FeedScope.MINE else "Cases I lead"
    if scope_id is None:
        raise InvalidInput.field("scope_id", f"is required for a {scope.value} feed")
    if scope == FeedScope.CASE:
        visible = await visible_case_ids(actor.id, actor.role)
        case = await Case.select(Case.docket_number).where(Case.id == scope_id).first()
        if case is None or (visible is not None and scope_id not in visible):
            raise InvalidInput.field("scope_id", "no case you can see has this id")
        return f"Case {case['docket_number']}"
    if scope == FeedScope.COURT:
        court = await Court.select(Court.name).where(Court.id == scope_id).first()
        if court is None:
            raise InvalidInput.field("scope_id", "no court has this id")
        return str(court["name"])
    if scope_id not in await team_ids_of(actor.id):
        raise InvalidInput.field("scope_id", "you are not a member of a team with this id")
    team = await Team.select(Team.name).where(Team.id == scope_id).first()
    return str(team["name"]) if team else "Team"


#: Any constant: the advisory-lock class that serialises one person's feed forms on PostgreSQL.
_FEED_FORM_LOCK_CLASS = 7_263_363


class FeedAlreadyMade(Exception):
    """The feeds page's form was sent again (a reload): its feed exists, and its link was
    shown once when it was made."""


async def create_feed(actor: Actor, data: FeedCreate, *, form_id: str | None = None) -> FeedIssued:
    """A new feed for the actor; the returned links hold the token, shown this once.
    ``form_id``: the page's form that asks for it; the same form sent again makes no second
    feed (FeedAlreadyMade)."""
    reminders = _check_options(data)
    data = msgspec.structs.replace(data, reminders=list(reminders), include_alarms=bool(reminders))
    label = await _check_scope(actor, data.scope, data.scope_id)
    name = (data.name or "").strip() or label
    await _check_size(actor, data)
    token = new_token()
    async with write_tx():
        if form_id:
            if engine().engine_type == "postgres":
                # A double click sends the form twice at once: one of them makes the feed.
                await fetch(
                    "SELECT pg_advisory_xact_lock(?, ?) IS NULL AS locked",
                    _FEED_FORM_LOCK_CLASS,
                    actor.id,
                )
            if await FeedSubscription.exists().where(FeedSubscription.form_id == form_id):
                raise FeedAlreadyMade()
        row = await _insert(actor, data, name, token, rotated_from=None, form_id=form_id)
        await record(
            actor.audit_id,
            "feed.create",
            entity="feed_subscription",
            entity_id=row["id"],
            case_id=data.scope_id if data.scope == FeedScope.CASE else None,
            after=row,
        )
    return _issued(row, token)


async def _check_size(actor: Actor, data: FeedCreate) -> None:
    """400 naming the scope when the feed would be larger than Google Calendar takes: it would
    lose events silently, so better to say so now and suggest a narrower feed."""
    now = utc_now()
    row = {
        "owner": {"id": actor.id, "role": actor.role, "active": True},
        "scope": data.scope,
        "scope_id": data.scope_id,
    }
    scope = await _current_scope(row)
    hearings = []
    if data.include_hearings:
        found = await _feed_hearings(0, scope, now, hide_held=data.hide_held)
        hearings = [h for h in found if h.moved_to is None]
    deadlines = await _feed_deadlines(0, scope, now) if data.include_deadlines else []
    body = build_feed(
        scope.calendar_name,
        hearings,
        deadlines,
        alarms=data.include_alarms,
        now=now,
        reminders=_reminder_deltas(tuple(data.reminders or ())),
    )
    if len(body) > FEED_SIZE_LIMIT:
        events = body.count(b"BEGIN:VEVENT")
        raise InvalidInput.field(
            "scope",
            f"this calendar would hold {events} events ({len(body) / 1_000_000:.1f} MB), more "
            "than Google Calendar takes from a link (about 1 MB; it then loses events without "
            "saying so). Choose a narrower feed: one case, one court or your own hearings"
            + (
                ", or leave out deadlines or reminders"
                if data.include_deadlines or data.include_alarms
                else ""
            ),
        )


async def _insert(
    actor: Actor,
    data: FeedCreate,
    name: str,
    token: str,
    *,
    rotated_from: int | None,
    form_id: str | None = None,
) -> dict[str, Any]:
    rows = await FeedSubscription.insert(
        FeedSubscription(
            owner=actor.id,
            name=name,
            scope=data.scope,
            scope_id=data.scope_id,
            include_deadlines=data.include_deadlines,
            include_alarms=data.include_alarms,
            reminders=",".join(str(m) for m in data.reminders or ()),
            include_hearings=data.include_hearings,
            hide_held=data.hide_held,
            token_hash=_digest(token),
            created_at=utc_now(),
            rotated_from=rotated_from,
            form_id=form_id,
        )
    ).returning(*FeedSubscription._meta.columns)
    row: dict[str, Any] = rows[0]
    return row


async def list_feeds(actor: Actor) -> list[FeedRead]:
    """The actor's own feeds, newest first (revoked ones too, to see when they were)."""
    rows = (
        await FeedSubscription.select()
        .where(FeedSubscription.owner == actor.id)
        .order_by(FeedSubscription.id, ascending=False)
    )
    return [_feed_read(row) for row in rows]


async def list_all_feeds(owner_email: str | None = None) -> list[dict[str, Any]]:
    """Every feed with its owner's email (the `docket feeds list` command)."""
    query = FeedSubscription.select(
        *FeedSubscription._meta.columns, FeedSubscription.owner.email.as_alias("owner_email")
    ).order_by(FeedSubscription.id)
    if owner_email is not None:
        query = query.where(FeedSubscription.owner.email == owner_email.strip().lower())
    rows: list[dict[str, Any]] = await query
    return rows


async def _own_feed(actor: Actor, feed_id: int) -> dict[str, Any]:
    row = (
        await FeedSubscription.select()
        .where((FeedSubscription.id == feed_id) & (FeedSubscription.owner == actor.id))
        .first()
    )
    if row is None:  # another person's feed is "no such feed": existence does not leak
        raise NotFound("feed")
    result: dict[str, Any] = row
    return result


async def rotate_feed(actor: Actor, feed_id: int) -> FeedIssued:
    """A new link for the same feed; the old link is revoked at once."""
    token = new_token()
    now = utc_now()
    async with write_tx():
        old = await _own_feed(actor, feed_id)
        if old["revoked_at"] is not None:
            raise Conflict("This feed is revoked; create a new one instead", allowed=[])
        await FeedSubscription.update({FeedSubscription.revoked_at: now}).where(
            FeedSubscription.id == feed_id
        )
        data = FeedCreate(
            scope=FeedScope(old["scope"]),
            scope_id=old["scope_id"],
            include_deadlines=old["include_deadlines"],
            include_alarms=old["include_alarms"],
            reminders=list(reminders_of(old)),
            include_hearings=old["include_hearings"],
            hide_held=old["hide_held"],
        )
        row = await _insert(actor, data, old["name"], token, rotated_from=feed_id)
        await record(
            actor.audit_id,
            "feed.rotate",
            entity="feed_subscription",
            entity_id=row["id"],
            case_id=old["scope_id"] if old["scope"] == FeedScope.CASE else None,
            before={"id": feed_id},
            after=row,
        )
    return _issued(row, token)


async def revoke_feed(actor: Actor, feed_id: int) -> FeedRead:
    """Stop a feed's link (again is harmless): the person's own, or any feed for the system
    (the command line)."""
    async with write_tx():
        if actor.via == SYSTEM:
            row = await FeedSubscription.select().where(FeedSubscription.id == feed_id).first()
            if row is None:
                raise NotFound("feed")
        else:
            row = await _own_feed(actor, feed_id)
        if row["revoked_at"] is None:
            row["revoked_at"] = utc_now()
            await FeedSubscription.update({FeedSubscription.revoked_at: row["revoked_at"]}).where(
                FeedSubscription.id == feed_id
            )
            await record(
                actor.audit_id,
                "feed.revoke",
                entity="feed_subscription",
                entity_id=feed_id,
                case_id=row["scope_id"] if row["scope"] == FeedScope.CASE else None,
                before={"revoked_at": None},
                after={"revoked_at": row["revoked_at"]},
            )
    return _feed_read(row)


async def scope_choices(actor: Actor) -> dict[str, list[tuple[int, str]]]:
    """What the actor may subscribe to, for the page's form: cases, courts and teams."""
    visible = await visible_case_ids(actor.id, actor.role)
    cases_query = Case.select(Case.id, Case.docket_number, Case.caption, Case.sealed).order_by(
        Case.docket_number
    )
    if visible is not None:
        cases_query = cases_query.where(Case.id.is_in(sorted(visible) or [0]))
    cases = await cases_query
    courts = await Court.select(Court.id, Court.name).order_by(Court.name)
    team_ids = sorted(await team_ids_of(actor.id))
    teams = (
        await Team.select(Team.id, Team.name).where(Team.id.is_in(team_ids)).order_by(Team.name)
        if team_ids
        else []
    )
    return {
        "case": [
            (
                c["id"],
                f"{c['docket_number']} (sealed)"
                if c["sealed"]
                else f"{c['docket_number']}: {c['caption']}",
            )
            for c in cases
        ],
        "court": [(c["id"], c["name"]) for c in courts],
        "team": [(t["id"], t["name"]) for t in teams],
    }


# --- answering a fetch --------------------------------------------------------------------


class FeedAnswer(msgspec.Struct, kw_only=True):
    """What to send for one fetch of a feed URL."""

    #: The calendar, or None when the client's copy is current (304).
    body: bytes | None
    #: Strong validator: a digest of everything the bytes are drawn from.
    etag: str
    last_modified: dt.datetime
    #: Bookkeeping to write after the response (the fetch runs in a read transaction).
    after: Callable[[], Awaitable[None]] | None = None


class _Scope(msgspec.Struct, kw_only=True):
    """Which hearings a feed may show at this moment, after re-checking the owner's rights."""

    #: None: no case filter (admins); an empty set: nothing at all.
    case_ids: set[int] | None
    court_id: int | None = None
    team_id: int | None = None
    #: The calendar's name as subscribers see it: from the scope, never the owner's free text.
    calendar_name: str


async def _current_scope(row: dict[str, Any]) -> _Scope:
    owner = row["owner"]
    if not owner["active"]:
        return _Scope(case_ids=set(), calendar_name="Docket")
    user_id, role = owner["id"], Role(owner["role"])
    scope, scope_id = FeedScope(row["scope"]), row["scope_id"]
    if scope == FeedScope.MINE:
        return _Scope(case_ids=await member_case_ids(user_id), calendar_name="Docket — my hearings")
    if scope == FeedScope.LEAD:
        led = await CaseMember.select(CaseMember.case).where(
            (CaseMember.user == user_id) & (CaseMember.lead == True)  # noqa: E712 - SQL
        )
        return _Scope(case_ids={r["case"] for r in led}, calendar_name="Docket — cases I lead")
    if scope == FeedScope.TEAM:
        team = await Team.select(Team.name).where(Team.id == scope_id).first()
        if team is None or scope_id not in await team_ids_of(user_id):
            return _Scope(case_ids=set(), calendar_name="Docket — team")
        # Every case of the team is visible to its members (docket.cases.access).
        return _Scope(case_ids=None, team_id=scope_id, calendar_name=f"Docket — {team['name']}")
    visible = await visible_case_ids(user_id, role)
    if scope == FeedScope.COURT:
        court = await Court.select(Court.name).where(Court.id == scope_id).first()
        name = f"Docket — {court['name']}" if court else "Docket — court"
        return _Scope(case_ids=visible, court_id=scope_id, calendar_name=name)
    case = await Case.select(Case.docket_number, Case.sealed).where(Case.id == scope_id).first()
    if case is None or (visible is not None and scope_id not in visible):
        return _Scope(case_ids=set(), calendar_name="Docket — case")
    # A sealed case's number stays out of the calendar's name, as it does from its events.
    name = "Docket — sealed case" if case["sealed"] else f"Docket — {case['docket_number']}"
    return _Scope(case_ids={scope_id}, calendar_name=name)


#: Deadlines a feed shows: the ones still to meet, from the recent past to a year ahead.
_DEADLINE_KINDS = frozenset({"deadline", "target"})


async def _scope_case_ids(scope: _Scope) -> list[int]:
    """The cases of a scope, in one query (the scope was re-checked just before)."""
    if scope.case_ids is not None and not scope.case_ids:
        return []
    query = Case.select(Case.id)
    if scope.case_ids is not None:
        query = query.where(Case.id.is_in(sorted(scope.case_ids)))
    if scope.court_id is not None:
        query = query.where(Case.court == scope.court_id)
    if scope.team_id is not None:
        query = query.where(Case.team == scope.team_id)
    return [row["id"] for row in await query]


async def _feed_deadlines(
    subscription_id: int, scope: _Scope, now: dt.datetime
) -> list[FeedDeadline]:
    """Open deadlines of the scope's cases as all-day events, in a fixed number of queries
    (docket.deadlines.services.deadlines_for_cases loads every case's facts at once)."""
    from docket.deadlines.services import deadlines_for_cases

    case_ids = await _scope_case_ids(scope)
    if not case_ids:
        return []
    today = now.astimezone(zoneinfo.ZoneInfo(FEED_TIMEZONE)).date()
    per_case = await deadlines_for_cases(case_ids, today=today)
    cases = {
        r["id"]: r
        for r in await Case.select(
            Case.id,
            Case.docket_number,
            Case.caption,
            Case.sealed,
            Case.hide_caption,
            Case.caption_names_survivor,
        ).where(Case.id.is_in(case_ids))
    }
    base_url = get_settings().base_url
    items: list[FeedDeadline] = []
    used: set[str] = set()
    for case_id, deadlines in sorted(per_case.items()):
        case = cases[case_id]
        for deadline in deadlines:
            if deadline.status == "met" or deadline.kind not in _DEADLINE_KINDS:
                continue
            if not today - WINDOW_BACK <= deadline.due_on <= today + WINDOW_AHEAD:
                continue
            # One rule on one case (and charge) keeps its event when its date moves, so clients
            # move it instead of deleting and re-creating it; the date is not in the key.
            parts: tuple[object, ...] = (case_id, deadline.rule, deadline.charge_code)
            if deadline.accused_id is not None:
                parts += (deadline.accused_id,)  # each accused's arraignment clock is its own
            key = "/".join(str(part) for part in parts)
            # Two deadlines of one rule on one day (two settings the same day, say): number the
            # later ones; the engine's order is soonest first, so the keys stay stable.
            base, n = key, 1
            while key in used:
                n += 1
                key = f"{base}-{n}"
            used.add(key)
            items.append(
                FeedDeadline(
                    # Opaque and per feed: nothing about the case, the rule or the date.
                    uid_key=str(uuid.uuid5(UID_NAMESPACE, f"{subscription_id}/deadline/{key}")),
                    title=deadline.title,
                    due=deadline.due_on,
                    source=deadline.source,
                    counted_from=deadline.counted_from,
                    counted_from_on=deadline.counted_from_on,
                    docket_number=case["docket_number"],
                    caption=caption_outside(case),
                    sealed=case["sealed"],
                    url=f"{base_url}/cases/{case_id}",
                    # The version stamps come from what the feed served (_versioned).
                    last_modified=now,
                )
            )
    return items


async def _feed_hearings(
    subscription_id: int, scope: _Scope, now: dt.datetime, *, hide_held: bool = False
) -> list[FeedHearing]:
    """The hearings of the scope in the rolling window, in two queries whatever their number:
    hearings joined with their case and court, then the protection measures to prepare."""
    if scope.case_ids is not None and not scope.case_ids:
        return []
    where = (
        (Hearing.starts_at >= now - WINDOW_BACK)
        & (
            (Hearing.starts_at <= now + WINDOW_AHEAD)
            # Reset beyond the window lately: sent as cancelled, "moved to", if this feed
            # showed it (_versioned), so that it never leaves a calendar silently.
            | (
                (Hearing.status != HearingStatus.CANCELLED)
                & (Hearing.updated_at >= now - CANCELLED_KEPT_FOR)
            )
        )
        # The same rule as build_feed: a cancelled hearing stays CANCELLED_KEPT_FOR after its
        # last change, then leaves (which every polling client treats as a delete).
        & (
            (Hearing.status != HearingStatus.CANCELLED)
            | (Hearing.updated_at >= now - CANCELLED_KEPT_FOR)
        )
    )
    if hide_held:
        where &= Hearing.status != HearingStatus.HELD
    if scope.case_ids is not None:
        where &= Hearing.case.is_in(sorted(scope.case_ids))
    if scope.court_id is not None:
        where &= Hearing.court == scope.court_id
    if scope.team_id is not None:
        # The team's case ids first (indexed): filtering hearings through a join on the case's
        # team made the database walk every hearing in the window.
        team_cases = await Case.select(Case.id).where(Case.team == scope.team_id)
        where &= Hearing.case.is_in([r["id"] for r in team_cases] or [-1])
    rows = (
        await Hearing.select(
            Hearing.id,
            Hearing.case,
            Hearing.sequence,
            Hearing.starts_at,
            Hearing.ends_at,
            Hearing.status,
            Hearing.kind,
            Hearing.mode,
            Hearing.room,
            Hearing.updated_at,
            Hearing.case.docket_number.as_alias("docket_number"),
            Hearing.case.court_case_number.as_alias("court_case_number"),
            Hearing.case.caption.as_alias("caption"),
            Hearing.case.hide_caption.as_alias("hide_caption"),
            Hearing.case.caption_names_survivor.as_alias("caption_names_survivor"),
            Hearing.case.sealed.as_alias("sealed"),
            Hearing.court.name.as_alias("court_name"),
            Hearing.court.address.as_alias("court_address"),
            Hearing.court.timezone.as_alias("court_timezone"),
        )
        .where(where)
        .order_by(Hearing.id)
    )
    if not rows:
        return []
    needs = await ProtectionNeed.select(ProtectionNeed.hearing, ProtectionNeed.measure).where(
        ProtectionNeed.hearing.is_in([r["id"] for r in rows])
        & ProtectionNeed.status.is_in(PREPARED_STATUSES)
    )
    measures: dict[int, set[Measure]] = {}
    for need in needs:
        measures.setdefault(need["hearing"], set()).add(Measure(need["measure"]))
    resets = await _last_resets([r["id"] for r in rows if r["status"] == HearingStatus.RESET])
    reasons = await _reasons_shown(rows, resets)
    base_url = get_settings().base_url
    found = []
    for r in rows:
        try:
            if not (is_plausible(r["starts_at"]) and is_plausible(r["ends_at"])):
                raise ValueError("a date no court could mean")
            hearing = FeedHearing(
                uid_key=str(uuid.uuid5(UID_NAMESPACE, f"{subscription_id}/{r['id']}")),
                sequence=r["sequence"],
                starts_at=r["starts_at"],
                ends_at=r["ends_at"],
                status=HearingStatus(r["status"]),
                kind=HearingKind(r["kind"]),
                docket_number=r["docket_number"],
                court_case_number=r["court_case_number"],
                caption=caption_outside(r),
                sealed=r["sealed"],
                court_name=r["court_name"],
                room=r["room"] or None,
                court_address=_one_line(r["court_address"]),
                moved_from=resets[r["id"]][0] if r["id"] in resets else None,
                reset_reason=reasons.get(r["id"], ""),
                mode=HearingMode(r["mode"]),
                accommodations=sorted(measures.get(r["id"], set())),
                url=f"{base_url}/hearings/{r['id']}",
                last_modified=r["updated_at"],
                court_timezone=zone_of(r["court_timezone"]).key,
                moved_to=r["starts_at"] if r["starts_at"] > now + WINDOW_AHEAD else None,
            )
        except ValueError as problem:
            # A row stored before today's checks or edited by hand (year 9999, an unknown
            # status): that hearing is left out, never the reason a whole calendar stops
            # updating. The log names the hearing only; its page shows what needs attention.
            log.warning("hearing %s left out of a feed: %s", r["id"], problem)
            continue
        found.append(hearing)
    return found


#: A reset's reason as a feed shows it: one line, at most this long (the rest is in Docket).
REASON_SHOWN_AT_MOST = 200


def _one_line(text: str, limit: int = REASON_SHOWN_AT_MOST) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


async def _last_resets(hearing_ids: list[int]) -> dict[int, tuple[dt.datetime, str]]:
    """Each reset hearing's time before its last reset and the reason given, in one query."""
    if not hearing_ids:
        return {}
    rows = (
        await HearingChange.select(
            HearingChange.hearing, HearingChange.previous_starts_at, HearingChange.reason
        )
        .where(
            HearingChange.hearing.is_in(hearing_ids)
            & (HearingChange.change == HearingStatus.RESET)
            & HearingChange.previous_starts_at.is_not_null()
        )
        .order_by(HearingChange.id)
    )
    # The last one wins: ordered by id, later rows overwrite earlier ones.
    return {r["hearing"]: (r["previous_starts_at"], r["reason"]) for r in rows}


async def _reasons_shown(
    rows: list[dict[str, Any]], resets: dict[int, tuple[dt.datetime, str]]
) -> dict[int, str]:
    """The reason of each hearing's last reset as a feed may show it, by hearing id.

    It stays inside Docket for a sealed case, and for a case whose caption is kept inside
    because it shares a survivor's family name: the reason may name that family ("the
    Belarmino household did not appear"), which the check on writing allows. The others are
    checked again against the case's survivors' identities as they are now
    (docket.cases.free_text): an identity recorded after the reason was written counts too."""
    wanted = {
        r["id"]: r["case"]
        for r in rows
        if r["id"] in resets
        and resets[r["id"]][1].strip()
        and not r["sealed"]
        and not caption_kept_inside(r)
    }
    restricted = await restricted_of_cases(sorted(set(wanted.values())))
    shown = {}
    for hearing_id, case_id in wanted.items():
        reason = _one_line(resets[hearing_id][1])
        if restricted[case_id].problem(reason, survivor_facing=False) is None:
            shown[hearing_id] = reason
    return shown


class _Served(msgspec.Struct, frozen=True, kw_only=True):
    """One FeedEvent row: what the feed last served of an event."""

    content_hash: str
    sequence: int
    stamp: dt.datetime
    starts_at: dt.datetime
    ends_at: dt.datetime
    all_day: bool


async def _served(subscription_id: int) -> dict[str, _Served]:
    """What this feed served of each event, by UID, in one query."""
    rows = (
        await FeedEvent.select(
            FeedEvent.uid,
            FeedEvent.content_hash,
            FeedEvent.sequence,
            FeedEvent.stamp,
            FeedEvent.starts_at,
            FeedEvent.ends_at,
            FeedEvent.all_day,
        )
        .where(FeedEvent.feed == subscription_id)
        .order_by(FeedEvent.id)
    )
    return {row.pop("uid"): _Served(**row) for row in rows}


def _versioned(
    hearings: list[FeedHearing],
    deadlines: list[FeedDeadline],
    served: dict[str, _Served],
    *,
    alarms: bool,
    now: dt.datetime,
    reminders: tuple[dt.timedelta, ...] = (),
) -> tuple[list[FeedHearing], list[FeedDeadline], dict[str, _Served]]:
    """The events with true version stamps, and the FeedEvent rows to write.

    An event whose content (everything a client shows) is what the feed served last keeps the
    SEQUENCE and DTSTAMP it was served with, so the bytes stay the same; one whose content
    changed gets SEQUENCE + 1 (at least the hearing's own) and DTSTAMP = LAST-MODIFIED = now.
    A hearing reset beyond the window (``moved_to``) is kept only if this feed showed it, and
    is shown cancelled where the client holds it.
    """
    stamp_now = now.astimezone(dt.UTC).replace(microsecond=0)
    writes: dict[str, _Served] = {}

    def version(
        uid: str, item: FeedHearing | FeedDeadline, own_sequence: int, first_stamp: dt.datetime
    ) -> tuple[int, dt.datetime]:
        digest = content_hash(item, alarms=alarms, reminders=reminders or HEARING_ALARMS)
        before = served.get(uid)
        if before is not None and before.content_hash == digest:
            return before.sequence, before.stamp
        if before is None:
            sequence, stamp = own_sequence, min(first_stamp, stamp_now)
        else:
            sequence, stamp = max(before.sequence + 1, own_sequence), stamp_now
        if isinstance(item, FeedHearing):
            starts, ends, all_day = item.starts_at, item.ends_at, False
        else:
            starts = dt.datetime.combine(item.due, dt.time(), dt.UTC)
            starts, ends, all_day = starts, starts + dt.timedelta(days=1), True
        writes[uid] = _Served(
            content_hash=digest,
            sequence=sequence,
            stamp=stamp,
            starts_at=starts,
            ends_at=ends,
            all_day=all_day,
        )
        return sequence, stamp

    out_hearings = []
    for hearing in hearings:
        uid = hearing_uid(hearing.uid_key)
        if hearing.moved_to is not None:
            shown = served.get(uid)
            if shown is None or shown.starts_at > now + WINDOW_AHEAD:
                continue  # never in this feed: nothing to take back
            hearing = msgspec.structs.replace(
                hearing, starts_at=shown.starts_at, ends_at=shown.ends_at
            )
        sequence, stamp = version(uid, hearing, hearing.sequence, hearing.last_modified)
        out_hearings.append(
            msgspec.structs.replace(
                hearing,
                sequence=sequence,
                last_modified=stamp,
                # A moved hearing stays CANCELLED_KEPT_FOR from when it was first sent so.
                cancelled_at=stamp if hearing.moved_to is not None else hearing.cancelled_at,
            )
        )
    out_deadlines = []
    for deadline in deadlines:
        uid = deadline_uid(deadline.uid_key)
        sequence, stamp = version(uid, deadline, 0, stamp_now)
        out_deadlines.append(
            msgspec.structs.replace(deadline, sequence=sequence, last_modified=stamp)
        )
    return out_hearings, out_deadlines, writes


class _Writes(msgspec.Struct, frozen=True, kw_only=True):
    """What a fetch changes of a feed's FeedEvent rows."""

    #: Rows to (re)write, by UID.
    rows: dict[str, _Served]
    #: UIDs whose old rows go first: replaced ones, and ones not served for FEED_EVENT_KEPT_FOR.
    gone: list[str]


def _writes(
    rows: dict[str, _Served], served: dict[str, _Served], now: dt.datetime
) -> _Writes | None:
    if not rows:
        return None  # a fetch that changed nothing writes nothing
    cutoff = now - FEED_EVENT_KEPT_FOR
    stale = [
        uid
        for uid, shown in served.items()
        if uid not in rows and shown.stamp < cutoff and shown.ends_at < cutoff
    ]
    return _Writes(rows=rows, gone=sorted([uid for uid in rows if uid in served] + stale))


#: Rows per statement (8 values a row; both engines take 32,766): a feed Docket lets be created
#: holds far fewer events, so a fetch writes at most one DELETE and one INSERT.
_WRITE_CHUNK = 3_000


async def _write_served(subscription_id: int, writes: _Writes) -> None:
    """Replace the changed events' rows and forget long-gone ones, in a number of statements
    that does not grow with the feed (none for a first serve's deletes)."""
    for start in range(0, len(writes.gone), _WRITE_CHUNK):
        await FeedEvent.delete().where(
            (FeedEvent.feed == subscription_id)
            & FeedEvent.uid.is_in(writes.gone[start : start + _WRITE_CHUNK])
        )
    uids = sorted(writes.rows)
    for start in range(0, len(uids), _WRITE_CHUNK):
        await FeedEvent.insert(
            *(
                FeedEvent(feed=subscription_id, uid=uid, **msgspec.structs.asdict(writes.rows[uid]))
                for uid in uids[start : start + _WRITE_CHUNK]
            )
        )


def _etag(parts: object) -> str:
    return '"' + hashlib.sha256(msgspec.json.encode(parts)).hexdigest()[:32] + '"'


def gzip_etag(etag: str) -> str:
    """The ETag of the gzip-encoded bytes of a feed: each encoding has its own strong ETag."""
    return etag.removesuffix('"') + '-gzip"'


def not_modified(
    etag: str,
    last_modified: dt.datetime,
    if_none_match: str | None,
    if_modified_since: dt.datetime | None,
) -> bool:
    # RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since counts only without it. A tag of
    # either encoding means the same calendar (weak comparison, §8.8.3.2).
    if if_none_match is not None:
        tags = [
            tag.strip().removeprefix("W/").replace('-gzip"', '"')
            for tag in if_none_match.split(",")
        ]
        return "*" in tags or etag in tags
    if if_modified_since is not None:
        return last_modified.replace(microsecond=0) <= if_modified_since
    return False


def _bookkeeping(
    subscription_id: int,
    now: dt.datetime,
    user_agent: str,
    content_tag: str | None,
    served: _Writes | None = None,
) -> Callable[[], Awaitable[None]]:
    async def write() -> None:
        async with write_tx():
            if served is not None:
                await _write_served(subscription_id, served)
            await FeedSubscription.update(
                {
                    FeedSubscription.last_fetched_at: now,
                    FeedSubscription.last_user_agent: user_agent[:USER_AGENT_KEPT],
                }
            ).where(
                (FeedSubscription.id == subscription_id)
                & (
                    FeedSubscription.last_fetched_at.is_null()
                    | (FeedSubscription.last_fetched_at < now - FETCH_RECORD_EVERY)
                )
            )
            if content_tag is not None:
                # Only if still different: two fetches racing keep the earlier "since".
                await FeedSubscription.update(
                    {
                        FeedSubscription.content_tag: content_tag,
                        FeedSubscription.content_since: now,
                    }
                ).where(
                    (FeedSubscription.id == subscription_id)
                    & (FeedSubscription.content_tag != content_tag)
                )

    return write


#: Per process, per feed: the watermark at which its ETag was last worked out, and that ETag.
#: A cache only: every process works it out again when it has none.
#: The bytes are kept too, up to a budget, so that an unconditional poll is served without
#: reading the hearings either.
_KNOWN: collections.OrderedDict[int, tuple[tuple[Any, ...], str, bytes | None]] = (
    collections.OrderedDict()
)
_KNOWN_AT_MOST = 20_000
_KNOWN_BYTES_AT_MOST = 64 * 1024 * 1024
_known_bytes = [0]


def _remember(feed_id: int, watermark: tuple[Any, ...], etag: str, body: bytes | None) -> None:
    old = _KNOWN.pop(feed_id, None)
    if old is not None and old[2] is not None:
        _known_bytes[0] -= len(old[2])
    _KNOWN[feed_id] = (watermark, etag, body)
    _known_bytes[0] += len(body or b"")
    while len(_KNOWN) > _KNOWN_AT_MOST or _known_bytes[0] > _KNOWN_BYTES_AT_MOST:
        _, dropped = _KNOWN.popitem(last=False)
        _known_bytes[0] -= len(dropped[2] or b"")


#: A feed by its token's digest, its owner, and what its content depends on (the watermark),
#: in one statement. Every change to the data is audited in its own transaction, and the audit
#: record moves the change mark of its case, or the shared mark for courts, closures, holidays
#: and teams (docket.audit.tables.ChangeMark). A feed watches only the marks of the cases it
#: may show: those the owner is on, or of its case, team or court (with the cases of any
#: hearing held in that court from the window's start), counted and with their newest mark.
#: A change to one of them gives a newer mark; a case leaving them, a smaller count; another
#: person's login, or a change on a case the feed cannot show, neither. Each case's mark is
#: looked up by its key (a join let PostgreSQL hash the whole mark table). The owner's case and
#: team memberships decide what they may see. A poll with nothing changed costs this one query.
_FEED_QUERY = (
    "SELECT s.id, s.name, s.scope, s.scope_id, s.include_deadlines, s.include_alarms,"
    " s.reminders, s.include_hearings, s.hide_held,"
    " s.created_at, s.last_fetched_at, s.revoked_at, s.content_tag, s.content_since,"
    " u.id AS owner_id, u.role AS owner_role, u.active AS owner_active,"
    " (SELECT k.last_id FROM change_mark k WHERE k.case_id = 0) AS shared_change,"
    " (SELECT COUNT(*) || ' ' || COALESCE(MAX("
    "   (SELECT k.last_id FROM change_mark k WHERE k.case_id = shown.id)), 0) FROM ("
    '   SELECT m."case" AS id FROM case_member m'
    "    WHERE s.scope IN ('mine', 'lead') AND m.\"user\" = s.owner"
    "   UNION SELECT c.id FROM court_case c WHERE s.scope = 'case' AND c.id = s.scope_id"
    "   UNION SELECT c.id FROM court_case c WHERE s.scope = 'team' AND c.team = s.scope_id"
    "   UNION SELECT c.id FROM court_case c WHERE s.scope = 'court' AND c.court = s.scope_id"
    '   UNION SELECT h."case" FROM hearing h'
    "    WHERE s.scope = 'court' AND h.court = s.scope_id AND h.starts_at >= ?"
    " ) shown) AS shown_change,"
    ' (SELECT COUNT(*) FROM case_member m WHERE m."user" = s.owner) AS cases,'
    ' (SELECT MAX(id) FROM case_member m WHERE m."user" = s.owner) AS newest_case,'
    ' (SELECT COUNT(*) FROM team_member t WHERE t."user" = s.owner) AS teams,'
    ' (SELECT MAX(id) FROM team_member t WHERE t."user" = s.owner) AS newest_team'
    " FROM feed_subscription s JOIN app_user u ON u.id = s.owner WHERE s.token_hash = ?"
)


def _watermark(row: dict[str, Any], now: dt.datetime) -> tuple[Any, ...]:
    """Everything a feed's content depends on: the last changes it may show and the owner's
    memberships (from _FEED_QUERY), who the owner is, the feed's options, and the hour,
    which moves the rolling window, drops cancelled hearings after 30 days and turns
    deadlines due."""
    owner = row["owner"]
    return (
        (
            row["shared_change"],
            row["shown_change"],
            row["cases"],
            row["newest_case"],
            row["teams"],
            row["newest_team"],
        ),
        bool(owner["active"]),
        owner["role"],
        row["scope"],
        row["scope_id"],
        bool(row["include_deadlines"]),
        bool(row["include_alarms"]),
        row["reminders"],
        bool(row["include_hearings"]),
        bool(row["hide_held"]),
        now.replace(minute=0, second=0, microsecond=0),
    )


async def answer_fetch(
    token: str,
    *,
    if_none_match: str | None = None,
    if_modified_since: dt.datetime | None = None,
    user_agent: str = "",
    now: dt.datetime | None = None,
) -> FeedAnswer:
    """The feed behind a token, or 304 material, or NotFound (unknown, or revoked > 30 days).

    The ETag is a digest of the exact input of `build_feed` (the rows in scope, the options,
    the calendar name and the format version), and `build_feed` is deterministic, so the ETag
    changes whenever the bytes would. A conditional request is answered from that digest,
    without building the calendar.
    """
    now = now or utc_now()
    # Hearings the feed may show start after the window's start (_feed_hearings).
    rows = await fetch(_FEED_QUERY, now - WINDOW_BACK, _digest(token))
    if not rows:
        raise NotFound("feed")
    row = rows[0]
    row["owner"] = {
        "id": row["owner_id"],
        "role": row["owner_role"],
        "active": bool(row["owner_active"]),
    }
    stored_tag, stored_since = row["content_tag"], row["content_since"]
    recent_fetch = row["last_fetched_at"] is not None and (
        now - row["last_fetched_at"] < FETCH_RECORD_EVERY
    )

    if row["revoked_at"] is not None:
        if now - row["revoked_at"] > REVOKED_WITHDRAWN_FOR:
            raise FeedGone()
        name = "Docket — revoked link"
        after = None if recent_fetch else _bookkeeping(row["id"], now, user_agent, None)
        last_modified = row["revoked_at"]
        # Every event the link served, cancelled once more (SEQUENCE + 1), stamped with the
        # revocation: the same bytes at every fetch until the link is gone.
        withdrawn = [
            Withdrawn(
                uid=uid,
                sequence=shown.sequence + 1,
                starts_at=shown.starts_at,
                ends_at=shown.ends_at,
                all_day=shown.all_day,
            )
            for uid, shown in (await _served(row["id"])).items()
            # Only what the feed still showed (its window): an event dropped long ago is gone
            # from the client already and must not come back, even cancelled.
            if shown.ends_at >= row["revoked_at"] - WINDOW_BACK
        ]
        etag = _etag([FEED_FORMAT, "revoked", name, [msgspec.structs.asdict(w) for w in withdrawn]])
        if not_modified(etag, last_modified, if_none_match, if_modified_since):
            return FeedAnswer(body=None, etag=etag, last_modified=last_modified, after=after)
        body = withdrawn_feed(name, withdrawn, stamp=row["revoked_at"])
        return FeedAnswer(body=body, etag=etag, last_modified=last_modified, after=after)

    watermark = _watermark(row, now)
    known = _KNOWN.get(row["id"])
    if known is not None and known[0] == watermark and stored_since is not None:
        # Nothing that a feed is drawn from has changed since this content was worked out:
        # answer a conditional request without reading the hearings at all.
        etag, known_body = known[1], known[2]
        if etag == stored_tag:
            after = None if recent_fetch else _bookkeeping(row["id"], now, user_agent, None)
            if not_modified(etag, stored_since, if_none_match, if_modified_since):
                return FeedAnswer(body=None, etag=etag, last_modified=stored_since, after=after)
            if known_body is not None:
                return FeedAnswer(
                    body=known_body, etag=etag, last_modified=stored_since, after=after
                )

    scope = await _current_scope(row)
    hearings = (
        await _feed_hearings(row["id"], scope, now, hide_held=bool(row["hide_held"]))
        if row["include_hearings"]
        else []
    )
    deadlines = await _feed_deadlines(row["id"], scope, now) if row["include_deadlines"] else []
    reminders = _reminder_deltas(reminders_of(row))
    alarms = bool(reminders)
    shown_before = await _served(row["id"])
    hearings, deadlines, rows_now = _versioned(
        hearings, deadlines, shown_before, alarms=alarms, now=now, reminders=reminders
    )
    served = _writes(rows_now, shown_before, now)
    etag = _etag(
        [
            FEED_FORMAT,
            scope.calendar_name,
            alarms,
            [r // dt.timedelta(minutes=1) for r in reminders],
            [msgspec.structs.asdict(h) for h in hearings],
            [msgspec.structs.asdict(d) for d in deadlines],
        ]
    )
    # Last-Modified is when this content was first served: no row's updated_at records a
    # hearing leaving the window or a person losing access, and a Last-Modified that does
    # not move freezes clients that revalidate with If-Modified-Since (Apple).
    changed = etag != stored_tag or stored_since is None
    last_modified = now.replace(microsecond=0) if changed else stored_since
    after = None
    if changed or not recent_fetch or served is not None:
        after = _bookkeeping(row["id"], now, user_agent, etag if changed else None, served)
    if not_modified(etag, last_modified, if_none_match, if_modified_since):
        _remember(row["id"], watermark, etag, None)
        return FeedAnswer(body=None, etag=etag, last_modified=last_modified, after=after)
    body = build_feed(
        scope.calendar_name,
        hearings,
        deadlines,
        alarms=alarms,
        now=now,
        reminders=reminders or HEARING_ALARMS,
    )
    _remember(row["id"], watermark, etag, body)
    return FeedAnswer(body=body, etag=etag, last_modified=last_modified, after=after)


async def user_actor(email: str) -> Actor:
    """The user with this email as the acting person of a command-line call."""
    from docket.accounts.services import actor_from_row

    row = await User.select().where(User.email == email.strip().lower()).first()
    if row is None:
        raise InvalidInput.field("user", "no user has this email")
    return actor_from_row(row, via="cli")

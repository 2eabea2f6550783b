"""scripts/bench --mix: a mixed day of work on the national demo, as a ratio to the ceiling.

Many simulated people of every role (chosen and driven by a seeded random generator, so a
run with the same seed asks the same questions in the same order per person), each with their
own login: a web session (cookie) for the pages and the logout, and an API token issued
through that session for the JSON API, as a browser and a script do. Each person works
without pause (a closed loop: the next request leaves when the last answer came), doing what
their role does; meanwhile subscribed calendar feeds are polled with If-None-Match at a fixed
rate (an open loop: a calendar program does not wait for the server).

Real calendar programs poll every 15 to 60 minutes; the issue's national figure, 10,000 feeds,
polled every 30 minutes is about 6 polls a second. One client process on one core cannot drive
thousands of feeds besides the people, so the run subscribes --feeds feeds (200 by default) and
polls each every --poll-seconds (20): 10 polls a second, about what 18,000 feeds polled every
half hour would send. Not a test: it prints figures.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from benchmarks.national_demo import EMAIL_DOMAIN, NATIONAL

#: The demo's password for every seeded login (benchmarks.national_demo.DEFAULT_PASSWORD).
PASSWORD = "demo-docket-2026"  # noqa: S105 - printed by `docket demo` itself
#: Users 1-25 of the national demo are admins, then one prosecutor, one lawyer and one
#: advocate per team in three blocks (benchmarks.national_demo._load_people_and_courts).
TEAMS = NATIONAL.teams
ID_RANGES = {
    "admin": range(1, 26),
    "prosecutor": range(26, 26 + TEAMS),
    "lawyer": range(26 + TEAMS, 26 + 2 * TEAMS),
    "advocate": range(26 + 2 * TEAMS, 26 + 3 * TEAMS),
}
#: Share of each role among the simulated people: the demo's staff (56/20/24 % of the
#: non-admin accounts, benchmarks.national_demo) with a few admins.
ROLE_SHARE = {"prosecutor": 0.52, "lawyer": 0.19, "advocate": 0.24, "admin": 0.05}
#: What each role does, as (action, weight). Writes are a few per cent of requests, as on a
#: court day: most of the work is reading what is coming.
ACTIONS: dict[str, list[tuple[str, int]]] = {
    "prosecutor": [
        ("home page", 18),
        ("case page", 18),
        ("case list filtered", 12),
        ("hearings list filtered", 10),
        ("agenda", 14),
        ("outcome recorded", 4),
        ("hearing reset", 4),
        ("logout and login", 1),
    ],
    "lawyer": [
        ("home page", 20),
        ("case page", 20),
        ("case list filtered", 14),
        ("hearings list filtered", 10),
        ("agenda", 16),
        ("logout and login", 1),
    ],
    "advocate": [
        ("home page", 25),
        ("survivors page", 15),
        ("hearings list filtered", 15),
        ("protection need arranged", 6),
        ("logout and login", 1),
    ],
    "admin": [
        ("home page", 20),
        ("users page", 10),
        ("case list filtered", 10),
        ("logout and login", 1),
    ],
}
#: The one person who prints a survivor's notice (two-step login needed), and how often.
NOTICE_WEIGHT = 2
STAGES = ("trial_prosecution_evidence", "arraignment_and_pre_trial", "preliminary_investigation")


@dataclass
class Person:
    role: str
    email: str
    client: httpx.AsyncClient
    token: str = ""
    csrf: str = ""
    case_ids: list[int] = field(default_factory=list)
    #: A survivor's notice this person may print: (path, headers), else None.
    notice: tuple[str, dict[str, str]] | None = None
    keeps_session: bool = False


@dataclass
class Sample:
    kind: str
    ms: float
    ok: bool


@dataclass
class MixResult:
    seconds: float
    people: dict[str, int]
    feeds: int
    poll_seconds: float
    samples: list[Sample]
    errors: list[str]

    def kinds(self) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        for sample in self.samples:
            found.setdefault(sample.kind, []).append(sample.ms)
        return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def choose_people(count: int, seed: int) -> list[tuple[str, str]]:
    """(role, email) of `count` distinct national demo logins (at least one of each role),
    by ROLE_SHARE, the rounding left over going to prosecutors; seeded."""
    rng = random.Random(seed)  # noqa: S311 - a simulated day, not security
    wanted = {role: max(1, int(count * share)) for role, share in ROLE_SHARE.items()}
    wanted["prosecutor"] += max(0, count - sum(wanted.values()))
    while sum(wanted.values()) > max(count, len(wanted)):
        wanted[max(wanted, key=wanted.__getitem__)] -= 1
    chosen: list[tuple[str, str]] = []
    for role, number in wanted.items():
        ids = rng.sample(ID_RANGES[role], min(number, len(ID_RANGES[role])))
        chosen += [(role, f"{role}{user_id:04d}@{EMAIL_DOMAIN}") for user_id in ids]
    rng.shuffle(chosen)
    return chosen


class Mix:
    def __init__(self, base: str, seed: int) -> None:
        self.base = base
        self.seed = seed
        self.samples: list[Sample] = []
        self.errors: list[str] = []
        self.recording = False
        #: Hearings nobody in the mix resets or closes: the one whose notice is printed (a
        #: cancelled hearing has no notice to print, which the server rightly refuses).
        self.reserved: set[int] = set()

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.base, timeout=60)

    async def timed(
        self,
        kind: str,
        call: Callable[[], Awaitable[httpx.Response]],
        expected: tuple[int, ...] = (200,),
    ) -> httpx.Response:
        started = time.perf_counter()
        try:
            response = await call()
        except httpx.HTTPError as error:
            self._sample(kind, started, False, f"{kind}: {type(error).__name__} {error}")
            raise
        ok = response.status_code in expected
        detail = f"{kind}: {response.request.method} {response.request.url.path} answered "
        detail += f"{response.status_code} {response.text[:200]!r}"
        self._sample(kind, started, ok, detail)
        return response

    def _sample(self, kind: str, started: float, ok: bool, detail: str) -> None:
        if not self.recording:
            if not ok:
                raise SystemExit(f"while setting up the mix: {detail}")
            return
        self.samples.append(Sample(kind, (time.perf_counter() - started) * 1000, ok))
        if not ok:
            self.errors.append(detail)

    # --- logging in --------------------------------------------------------------------

    async def log_in(self, person: Person) -> None:
        body = {"email": person.email, "password": PASSWORD}
        answer = await self.timed("login", lambda: person.client.post("/api/auth/login", json=body))
        person.csrf = answer.json()["csrf_token"]

    async def set_up(self, role: str, email: str) -> Person:
        person = Person(role, email, self.client())
        await self.log_in(person)
        issued = await person.client.post(
            "/api/tokens",
            json={"name": "scripts/bench --mix", "password": PASSWORD},
            headers={"X-CSRF-Token": person.csrf},
        )
        if issued.status_code != 201:
            raise SystemExit(f"{email}: no API token ({issued.status_code} {issued.text[:200]})")
        person.token = issued.json()["token"]
        cases = await person.client.get(
            "/api/cases", params={"limit": 50}, headers=self.api(person)
        )
        person.case_ids = [c["id"] for c in cases.json()["items"]]
        return person

    def api(self, person: Person) -> dict[str, str]:
        """Headers of an API call: the token only (a script's requests carry no cookie)."""
        return {"Authorization": f"Bearer {person.token}"}

    async def api_get(self, person: Person, kind: str, path: str, **params: Any) -> httpx.Response:
        # A script keeps no cookies: the person's client is the browser, so cookies are off.
        return await self.timed(
            kind,
            lambda: self.bare.get(path, params=params, headers=self.api(person)),
        )

    # --- what people do ----------------------------------------------------------------

    async def act(self, person: Person, action: str, rng: random.Random) -> None:
        now = dt.datetime.now(dt.UTC)
        if action == "home page":
            await self.timed(action, lambda: person.client.get("/"))
        elif action == "case page":
            if person.case_ids:
                case_id = rng.choice(person.case_ids)
                await self.timed(action, lambda: person.client.get(f"/cases/{case_id}"))
        elif action == "survivors page":
            await self.timed(action, lambda: person.client.get("/survivors"))
        elif action == "users page":
            await self.timed(action, lambda: person.client.get("/admin/users"))
        elif action == "case list filtered":
            await self.api_get(person, action, "/api/cases", stage=rng.choice(STAGES), limit=50)
        elif action == "hearings list filtered":
            await self.api_get(
                person,
                action,
                "/api/hearings",
                status="scheduled",
                starts_from=now.isoformat(),
                starts_before=(now + dt.timedelta(days=rng.choice((7, 30, 90)))).isoformat(),
                limit=50,
            )
        elif action == "agenda":
            await self.api_get(person, action, "/api/agenda", days=rng.choice((7, 14, 30)))
        elif action == "outcome recorded":
            await self.outcome(person, rng, now)
        elif action == "hearing reset":
            await self.reset(person, rng, now)
        elif action == "protection need arranged":
            await self.arrange(person, rng, now)
        elif action == "notice printed" and person.notice is not None:
            path, headers = person.notice
            await self.timed(action, lambda: person.client.post(path, json={}, headers=headers))
        elif action == "logout and login":
            await self.timed(
                "logout",
                lambda: person.client.post(
                    "/api/auth/logout", headers={"X-CSRF-Token": person.csrf}
                ),
                expected=(204,),
            )
            await self.log_in(person)

    async def _pending(
        self, person: Person, kind: str, start: dt.datetime, end: dt.datetime
    ) -> list[dict[str, Any]]:
        found = await self.api_get(
            person,
            kind,
            "/api/hearings",
            status="scheduled",
            starts_from=start.isoformat(),
            starts_before=end.isoformat(),
            limit=20,
        )
        return list(found.json().get("items", []))

    async def outcome(self, person: Person, rng: random.Random, now: dt.datetime) -> None:
        """A hearing held (Docket takes it from 12 hours before its start); when none of the
        person's is that close (a run on a weekend or at night), a coming one cancelled."""
        hearings = await self._pending(
            person,
            "hearings list filtered",
            now - dt.timedelta(days=1),
            now + dt.timedelta(hours=12),
        )
        body: dict[str, Any] = {"outcome": "held", "note": "Heard; continued"}
        if not hearings:
            hearings = await self._pending(
                person, "hearings list filtered", now, now + dt.timedelta(days=60)
            )
            # A videoconference hearing is cancelled only with a meritorious ground (A.M.
            # 24-11-02-SC); the ground is simply recorded for the others.
            body = {
                "outcome": "cancelled",
                "reason": "The information was amended",
                "meritorious_ground": "The information was amended: the accused is re-arraigned",
            }
        hearings = [h for h in hearings if h["id"] not in self.reserved]
        if not hearings:
            return
        hearing = rng.choice(hearings)
        body["version"] = hearing["version"]
        await self._write(
            person, "outcome recorded", f"/api/hearings/{hearing['id']}/outcome", body
        )

    async def reset(self, person: Person, rng: random.Random, now: dt.datetime) -> None:
        """A coming hearing moved by whole weeks (same weekday and hour), as a judge does."""
        hearings = await self._pending(
            person,
            "hearings list filtered",
            now + dt.timedelta(days=1),
            now + dt.timedelta(days=30),
        )
        hearings = [h for h in hearings if h["id"] not in self.reserved]
        if not hearings:
            return
        hearing = rng.choice(hearings)
        starts = dt.datetime.fromisoformat(hearing["starts_at"])
        ends = dt.datetime.fromisoformat(hearing["ends_at"])
        shift = dt.timedelta(weeks=rng.choice((2, 3, 4)))
        body = {
            "outcome": "reset",
            "reason": "The judge is on leave",
            "new_starts_at": (starts + shift).isoformat(),
            "new_ends_at": (ends + shift).isoformat(),
            "version": hearing["version"],
        }
        await self._write(person, "hearing reset", f"/api/hearings/{hearing['id']}/outcome", body)

    async def _write(self, person: Person, kind: str, path: str, body: dict[str, Any]) -> None:
        """A write through the API; a new date that falls on a holiday or closure is refused
        with 400 naming the field (the person picks another), which is not an error."""
        answer = await self.timed(
            kind, lambda: self.bare.post(path, json=body, headers=self.api(person)), (200, 400)
        )
        if answer.status_code == 400 and "new_starts_at" not in answer.text:
            self.errors.append(f"{kind}: {path} answered 400 {answer.text[:200]!r}")
            self.samples[-1].ok = False

    async def arrange(self, person: Person, rng: random.Random, now: dt.datetime) -> None:
        """A requested protection need of a coming hearing marked arranged."""
        hearings = await self._pending(
            person, "hearings list filtered", now, now + dt.timedelta(days=60)
        )
        if not hearings:
            return
        hearing = rng.choice(hearings)
        needs = await self.api_get(
            person,
            "protection needs list",
            f"/api/hearings/{hearing['id']}/protection-needs",
            status="requested",
        )
        items = needs.json().get("items", [])
        if not items:
            return
        need = rng.choice(items)
        body = {"status": "arranged", "version": need["version"]}
        await self.timed(
            "protection need arranged",
            lambda: self.bare.patch(
                f"/api/protection-needs/{need['id']}", json=body, headers=self.api(person)
            ),
        )

    # --- the run -----------------------------------------------------------------------

    async def person_loop(self, person: Person, rng: random.Random, until: float) -> None:
        actions = list(ACTIONS[person.role])
        if person.notice is not None:
            actions.append(("notice printed", NOTICE_WEIGHT))
        if person.keeps_session:
            actions = [(a, w) for a, w in actions if a != "logout and login"]
        names = [a for a, _ in actions]
        weights = [w for _, w in actions]
        while time.monotonic() < until:
            action = rng.choices(names, weights)[0]
            try:
                await self.act(person, action, rng)
            except httpx.HTTPError:
                await asyncio.sleep(0.1)  # counted as an error in timed()

    async def feed_loop(
        self, feeds: list[tuple[str, str]], period: float, rng: random.Random, until: float
    ) -> None:
        """Each feed polled every `period` seconds from its own offset, with its ETag."""
        start = time.monotonic()
        schedule = sorted((start + rng.uniform(0, period), path, etag) for path, etag in feeds)
        pending: set[asyncio.Task[Any]] = set()
        index = 0
        while True:
            at, path, etag = schedule[index % len(schedule)]
            at += period * (index // len(schedule))
            if at >= until:
                break
            await asyncio.sleep(max(0.0, at - time.monotonic()))
            task = asyncio.create_task(self.poll(path, etag))
            pending.add(task)
            task.add_done_callback(pending.discard)
            index += 1
        if pending:
            await asyncio.wait(pending)

    async def poll(self, path: str, etag: str) -> None:
        started = time.perf_counter()
        try:
            answer = await self.feeds_client.get(path, headers={"If-None-Match": etag})
        except httpx.HTTPError as error:
            self._sample("feed poll", started, False, f"feed poll: {type(error).__name__}")
            return
        kind = "feed 304" if answer.status_code == 304 else "feed 200"
        ok = answer.status_code in (200, 304)
        self._sample(kind, started, ok, f"feed poll: {path[:20]}… answered {answer.status_code}")

    async def subscribe(self, people: list[Person], count: int, rng: random.Random) -> list[Any]:
        """`count` feeds of the people who follow hearings, each fetched once for its ETag."""
        followers = [p for p in people if p.role in ("prosecutor", "lawyer")]
        feeds: list[tuple[str, str]] = []
        for n in range(count):
            person = followers[n % len(followers)]
            created = await self.bare.post(
                "/api/feeds", json={"scope": "mine"}, headers=self.api(person)
            )
            if created.status_code != 201:
                raise SystemExit(f"feed: {created.status_code} {created.text[:200]}")
            path = httpx.URL(created.json()["url"]).path
            first = await self.feeds_client.get(path)
            feeds.append((path, first.headers["etag"]))
        rng.shuffle(feeds)
        return feeds

    async def run(
        self,
        people_count: int,
        seconds: float,
        feeds: int,
        poll_seconds: float,
        notice: tuple[str, str, dict[str, str], dict[str, str]] | None,
    ) -> MixResult:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        self.bare = httpx.AsyncClient(base_url=self.base, timeout=60, limits=limits)
        self.feeds_client = httpx.AsyncClient(base_url=self.base, timeout=60, limits=limits)
        rng = random.Random(self.seed)  # noqa: S311 - a simulated day, not security
        chosen = choose_people(people_count, self.seed)
        people = [await self.set_up(role, email) for role, email in chosen]
        if notice is not None:
            # The bench's own prosecutor, logged in with two steps: prints notices too.
            email, path, headers, cookies = notice
            printer = Person("prosecutor", email, self.client(), keeps_session=True)
            printer.client.cookies.update(cookies)
            printer.csrf = headers.get("X-CSRF-Token", "")
            printer.notice = (path, headers)
            # /api/hearings/{hearing}/survivors/{survivor}/notice
            self.reserved.add(int(path.split("/")[3]))
            issued = await printer.client.post(
                "/api/tokens",
                json={"name": "scripts/bench --mix", "password": PASSWORD},
                headers=headers,
            )
            if issued.status_code == 201:
                printer.token = issued.json()["token"]
                people.append(printer)
        subscribed = await self.subscribe(people, feeds, rng) if feeds else []
        self.recording = True
        started = time.monotonic()
        until = started + seconds
        # Each person's own generator: what one does does not depend on how fast others go.
        rngs = [random.Random(f"{self.seed}-{p.email}") for p in people]  # noqa: S311
        tasks = [self.person_loop(p, r, until) for p, r in zip(people, rngs, strict=True)]
        if subscribed:
            tasks.append(self.feed_loop(subscribed, poll_seconds, rng, until))
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - started
        self.recording = False
        for person in people:
            await person.client.aclose()
        await self.bare.aclose()
        await self.feeds_client.aclose()
        roles: dict[str, int] = {}
        for person in people:
            roles[person.role] = roles.get(person.role, 0) + 1
        return MixResult(elapsed, roles, len(subscribed), poll_seconds, self.samples, self.errors)


def summary(result: MixResult) -> list[tuple[str, int, float, float, float, float]]:
    """(kind, count, req/s, p50, p95, p99) per kind of request, busiest first, then all."""
    rows = []
    for kind, values in sorted(result.kinds().items(), key=lambda kv: -len(kv[1])):
        rows.append(
            (
                kind,
                len(values),
                len(values) / result.seconds,
                statistics.median(values),
                percentile(values, 0.95),
                percentile(values, 0.99),
            )
        )
    every = [s.ms for s in result.samples]
    if every:
        rows.append(
            (
                "whole mix",
                len(every),
                len(every) / result.seconds,
                statistics.median(every),
                percentile(every, 0.95),
                percentile(every, 0.99),
            )
        )
    return rows

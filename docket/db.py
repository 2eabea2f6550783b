"""The database engine, the request and write transactions, and UTC helpers.

SQLite: WAL, synchronous=FULL, a 30 s busy timeout and every write in an IMMEDIATE transaction
(a DEFERRED transaction that upgrades its read lock gets SQLITE_BUSY at once, skipping the busy
handler: 29 of 30 concurrent writers failed in a prototype, stack-notes.md §2).
PostgreSQL: an asyncpg pool opened and closed in the app's lifespan.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import os
import sqlite3
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType


def _timestamptz(value: bytes) -> datetime:
    """A TIMESTAMPTZ value as Piccolo stores it ("2026-12-03 00:30:00+00:00", always UTC:
    its adapter converts aware datetimes first) read back as an aware datetime."""
    read = datetime.fromisoformat(value.decode())
    return read if read.tzinfo is not None else read.replace(tzinfo=UTC)


def _boolean(value: bytes) -> bool:
    return value == b"1"


# Piccolo's converters turn each value of a declared type back into Python through a wrapper
# that decodes the bytes first, and INTEGER goes through text and Decimal in case a column
# holds 1.0 or "1". A list of 50 cases ran 0.88 ms with them and 0.69 ms with these (raw
# sqlite3, national data, issue 8): the same values, fewer steps.
# - INTEGER: no converter at all. SQLite's INTEGER affinity stores whole numbers as integers
#   (1.0 and "1" become 1), and sqlite3 hands those over as int. `converters` is the sqlite3
#   module's own registry (register_converter writes to it; it has no unregister).
# - TIMESTAMPTZ and BOOLEAN: the same results as Piccolo's, read from the bytes directly.
sqlite3.converters.pop("INTEGER", None)
sqlite3.register_converter("TIMESTAMPTZ", _timestamptz)
sqlite3.register_converter("BOOLEAN", _boolean)

#: Seconds a SQLite connection waits for a lock before giving up (sqlite3's busy timeout).
SQLITE_BUSY_TIMEOUT_S = 30


#: Planner settings for Docket's PostgreSQL sessions. random_page_cost 1.1, as PostgreSQL's
#: documentation suggests "if your data is likely to be completely in cache" or on SSDs
#: (runtime-config-query, 4.0 by default): the whole national docket fits in memory
#: (security-and-performance.md B5). At 4.0 the plan asyncpg keeps for the case list read all
#: 50,000 cases (11.4 ms) instead of the person's ~200 by key (1.5 ms): an index read was
#: priced as four times a sequential one (EXPLAIN ANALYZE, national demo, issue 8).
POSTGRES_SETTINGS = {"random_page_cost": "1.1"}


def _sqlite_readers() -> int:
    """How many read transactions run at once on SQLite: one per core the server may run on,
    and at least two, so one slow read never holds up every other request.

    Each connection is a thread (aiosqlite) that runs SQLite without the GIL; more threads than
    cores only take turns. With 32 (one per wrk connection) the national bench's case list ran
    at 24% of the ceiling and the hearings list at 23%; with 2, at 32% and 29% (health the
    same): fewer threads switching, and each connection's page cache stays warm.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(2, cores)


SQLITE_READERS = _sqlite_readers()


class DocketSQLiteEngine(SQLiteEngine):
    """SQLiteEngine whose every connection is durable (synchronous=FULL) and waits on locks,
    and whose read transactions reuse open connections.

    Piccolo opens a new aiosqlite connection (a new thread and three PRAGMAs) for every
    transaction; for a read request that cost more than the request's own queries (scripts/bench
    measured about 950 requests/s for GET /api/health). Writes keep a connection each.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.idle_readers: list[Any] = []
        #: While serving (open_database): a read transaction waits for one of SQLITE_READERS.
        self.reader_slots: asyncio.Semaphore | None = None

    async def get_connection(self) -> Any:
        connection = await super().get_connection()
        await connection.execute("PRAGMA synchronous = FULL")
        return connection

    async def _run_in_existing_connection(
        self,
        connection: Any,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        # Piccolo sends "PRAGMA foreign_keys = 1" before every statement of a transaction: a
        # second round trip to the connection's thread each time, and a no-op inside a
        # transaction (SQLite's documentation). get_connection set it when it connected.
        if query_type == "insert" and self.get_version_sync() < 3.35:  # no RETURNING
            return await super()._run_in_existing_connection(
                connection, query, args, query_type, table
            )
        # One trip to the connection's thread: `async with execute() as cursor` then fetchall()
        # made three (execute, fetch, close), and each trip costs more than a small query.
        return await connection.execute_fetchall(query, args or [])

    def read_transaction(self) -> SQLiteTransaction:
        return _ReadTransaction(engine=self, transaction_type=TransactionType.deferred)

    async def checkout_reader(self) -> Any:
        return self.idle_readers.pop() if self.idle_readers else await self.get_connection()

    async def checkin_reader(self, connection: Any) -> None:
        if len(self.idle_readers) < SQLITE_READERS:
            self.idle_readers.append(connection)
        else:
            await connection.close()

    async def close_readers(self) -> None:
        readers, self.idle_readers = self.idle_readers, []
        for connection in readers:
            await connection.close()


class _ReadTransaction(SQLiteTransaction):
    """A deferred transaction on a kept connection, in one of the engine's reader slots while
    serving, handed back when it ends. A connection whose BEGIN, COMMIT or ROLLBACK failed is
    closed instead: its state is unknown."""

    engine: DocketSQLiteEngine
    _slots: asyncio.Semaphore | None = None

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        # The slot object is kept: the one released is the one acquired, even if the server's
        # lifespan replaced it meanwhile.
        slots = self._slots = self.engine.reader_slots
        if slots is not None:
            await slots.acquire()
        try:
            self.connection = await self.engine.checkout_reader()
            try:
                await self.begin()  # type: ignore[no-untyped-call]
            except BaseException:
                await self.connection.close()
                raise
        except BaseException:
            if slots is not None:
                slots.release()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()  # type: ignore[no-untyped-call]
            elif not self._committed and not self._rolled_back:
                await self.commit()  # type: ignore[no-untyped-call]
        except BaseException:
            await self.connection.close()
            raise
        else:
            await self.engine.checkin_reader(self.connection)
        finally:
            self.engine.current_transaction.reset(self.context)
            if self._slots is not None:
                self._slots.release()
        return exception is None


def engine_for_url(url: str) -> Engine[Any]:
    """The Piccolo engine for DOCKET_DATABASE_URL."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if not path.startswith("/"):
            raise ValueError(
                "DOCKET_DATABASE_URL must hold an absolute SQLite path (sqlite:////...)"
            )
        from pathlib import Path

        from docket.private_files import private_file, tighten

        # SQLite gives the WAL and shared-memory files the database file's mode; files made
        # by an older Docket (0644) are tightened too.
        private_file(Path(path))
        for suffix in ("-wal", "-shm"):
            tighten(Path(path + suffix))
        return DocketSQLiteEngine(path="/" + path.lstrip("/"), timeout=SQLITE_BUSY_TIMEOUT_S)
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresEngine(config={"dsn": url, "server_settings": POSTGRES_SETTINGS})
    raise ValueError("DOCKET_DATABASE_URL must start with sqlite:/// or postgresql://")


@functools.cache
def engine() -> Engine[Any]:
    """The engine configured in piccolo_conf.py (looked up once: Piccolo's finder imports the
    module on every call, which py-spy found costing more than a query)."""
    found = engine_finder()
    if found is None:  # pragma: no cover - piccolo_conf.py always defines DB
        raise RuntimeError("piccolo_conf.py defines no DB")
    return found


def is_sqlite() -> bool:
    return engine().engine_type == "sqlite"


@contextlib.asynccontextmanager
async def open_database(pool_max: int = 10) -> AsyncIterator[None]:
    """Prepare the engine for serving: WAL on SQLite, the connection pool on PostgreSQL."""
    db = engine()
    if isinstance(db, SQLiteEngine):
        # WAL lets readers go on while one writer writes; it persists in the file.
        await db.run_ddl("PRAGMA journal_mode = WAL")
        if isinstance(db, DocketSQLiteEngine):
            db.reader_slots = asyncio.Semaphore(SQLITE_READERS)
        try:
            yield
        finally:
            if isinstance(db, DocketSQLiteEngine):
                db.reader_slots = None
                await db.close_readers()
        return
    assert isinstance(db, PostgresEngine)
    # asyncpg defaults to min_size=10, which is more than small deployments need.
    await db.start_connection_pool(min_size=1, max_size=pool_max)
    try:
        yield
    finally:
        await db.close_connection_pool()


#: What to do once the write transaction being run has committed (after_commit); None
#: outside a transaction that write_tx() began.
_after_commit: contextvars.ContextVar[dict[str, Callable[[], None]] | None] = (
    contextvars.ContextVar("after_commit", default=None)
)


#: Write transactions this process began (outermost ones). A read that writes costs a turn at
#: SQLite's one write lock: tests check that reads begin none, and scripts/bench can report it.
_writes_begun = 0


def writes_begun() -> int:
    """How many write transactions this process has begun so far."""
    return _writes_begun


#: PostgreSQL: the transaction of the write request being served (request_tx), and whether a
#: write_tx() block is open inside it.
_request_transaction: contextvars.ContextVar[Any | None] = contextvars.ContextVar(
    "request_transaction", default=None
)
_writing: contextvars.ContextVar[bool] = contextvars.ContextVar("writing", default=False)


@contextlib.asynccontextmanager
async def request_tx() -> AsyncIterator[None]:
    """PostgreSQL: one pooled connection and one transaction for a whole write request, its
    reads included (each statement outside a transaction took a connection of its own, and
    waited for one when the pool was busy: issue 26). Nothing on SQLite, whose writers each
    hold the one write lock only for their own write_tx().

    What each write_tx() inside it did is kept as before: a block that fails is undone to its
    savepoint, a block that succeeded stays, and the whole commits when the request ends,
    whatever its answer (a refused request keeps what it recorded, e.g. a denied attempt).
    Work waiting for the commit (after_commit) runs once it has committed.
    """
    db = engine()
    if isinstance(db, SQLiteEngine) or db.current_transaction.get() is not None:
        yield
        return
    callbacks: dict[str, Callable[[], None]] = {}
    commit_token = _after_commit.set(callbacks)
    try:
        transaction = db.transaction()
        await transaction.__aenter__()
        request_token = _request_transaction.set(transaction)
        try:
            yield
        finally:
            _request_transaction.reset(request_token)
            try:
                # Commits even when the request raised: its failed blocks were undone already.
                await transaction.commit()
            finally:
                # Handed back whatever happened (Piccolo's own exit skips this when its commit
                # fails); asyncpg rolls back what a failed commit left open.
                pool = db.pool if isinstance(db, PostgresEngine) else None
                if pool is not None:
                    await pool.release(transaction.connection)
                else:
                    await transaction.connection.close()
                db.current_transaction.reset(transaction.context)
    finally:
        _after_commit.reset(commit_token)
    for callback in callbacks.values():
        callback()


@contextlib.asynccontextmanager
async def _savepoint_in(request: Any) -> AsyncIterator[Any]:
    """A write_tx() block inside a request's transaction: undone alone if it fails, as its own
    transaction was before, with the work it left for after the commit."""
    global _writes_begun
    _writes_begun += 1
    callbacks = _after_commit.get()
    kept = dict(callbacks) if callbacks is not None else {}
    savepoint = await request.savepoint()
    token = _writing.set(True)
    try:
        yield request
    except BaseException:
        await savepoint.rollback_to()
        if callbacks is not None:
            callbacks.clear()
            callbacks.update(kept)
        raise
    else:
        await savepoint.release()
    finally:
        _writing.reset(token)


@contextlib.asynccontextmanager
async def write_tx() -> AsyncIterator[Any]:
    """The one way to write: a transaction, IMMEDIATE on SQLite, that commits on success.

    Nested inside another write transaction it joins it. Nested inside a read transaction on
    SQLite it is a programming error (the lock upgrade would fail under load), so it raises.
    Inside a write request's transaction on PostgreSQL (request_tx) it is a savepoint.
    """
    db = engine()
    current = db.current_transaction.get()
    request = _request_transaction.get()
    if request is not None and current is request and not _writing.get():
        async with _savepoint_in(request) as joined:
            yield joined
        return
    if (
        current is not None
        and isinstance(db, SQLiteEngine)
        and current.transaction_type is not TransactionType.immediate
    ):
        raise RuntimeError("write_tx() inside a read transaction")
    if isinstance(db, SQLiteEngine):
        transaction = db.transaction(transaction_type=TransactionType.immediate)
    else:
        transaction = db.transaction()
    if current is not None:
        async with transaction as joined:
            yield joined
        return
    global _writes_begun
    _writes_begun += 1
    callbacks: dict[str, Callable[[], None]] = {}
    token = _after_commit.set(callbacks)
    try:
        async with transaction as began:
            yield began
    finally:
        _after_commit.reset(token)
    # Only reached when the transaction committed.
    for callback in callbacks.values():
        callback()


def after_commit(key: str, callback: Callable[[], None]) -> bool:
    """Run ``callback`` once the write transaction being run has committed (the last one
    given for ``key`` wins). False, and nothing is kept, outside a transaction write_tx()
    began: nobody here knows when that one commits."""
    callbacks = _after_commit.get()
    if callbacks is None:
        return False
    callbacks[key] = callback
    return True


def read_tx() -> Any:
    """A read transaction: one connection (and on SQLite one snapshot) for a whole request."""
    db = engine()
    if isinstance(db, DocketSQLiteEngine):
        return db.read_transaction()
    if isinstance(db, SQLiteEngine):
        return db.transaction(transaction_type=TransactionType.deferred)
    return db.transaction()


@functools.lru_cache(maxsize=256)
def _numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's $1, $2, ... (our SQL has no ? inside literals)."""
    parts = sql.split("?")
    return "".join(f"{part}${index}" for index, part in enumerate(parts[:-1], 1)) + parts[-1]


async def fetch(sql: str, *params: Any) -> list[dict[str, Any]]:
    """The rows of one hand-written SELECT, in the current transaction (or a read transaction
    of its own), as dicts with the same Python values Piccolo gives.

    For the few reads on every request's path (who is asking, which cases they may see, the
    case and hearing lists): py-spy showed Piccolo building each query (its Where and IN
    objects, one per value) cost more CPU than SQLite running it (scripts/bench, issue 8).
    Values always travel as parameters (`?`); the SQL names only our own tables and columns.
    On PostgreSQL asyncpg prepares each statement once per connection, and after five runs
    PostgreSQL may keep one generic plan for it whatever the values (POSTGRES_SETTINGS).
    """
    from docket import querycount

    querycount.note(sql)
    db = engine()
    transaction = db.current_transaction.get()
    if transaction is None:
        async with read_tx() as transaction:
            return await _fetch_in(db, transaction.connection, sql, params)
    return await _fetch_in(db, transaction.connection, sql, params)


async def _fetch_in(
    db: Engine[Any],
    connection: Any,
    sql: str,
    params: tuple[Any, ...],
) -> list[dict[str, Any]]:
    if isinstance(db, SQLiteEngine):
        # Piccolo's connections turn rows into dicts and declared types into Python values.
        rows: list[dict[str, Any]] = await connection.execute_fetchall(sql, params)
        return rows
    return [dict(row) for row in await connection.fetch(_numbered(sql), *params)]


async def fetch_page(
    table: str,
    columns: str,
    where: str,
    params: list[Any],
    *,
    order: str,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int]:
    """One page of a hand-written list and the total it is a page of, in one statement.

    `table` is "name alias"; `columns`, `where` (after WHERE 1 = 1) and `order` use the alias.
    The page's ids are chosen first, so an index in `order` can stop at the page and only the
    page's rows are read in full; the total is counted beside them. A window count (COUNT(*)
    OVER ()) read and sorted every matching row in full: 6.6 ms for a national prosecutor's
    hearings, 30-76 ms for an admin's case list, against 0.4-0.9 ms this way.
    """
    alias = table.split()[-1]
    filtered = f"FROM {table} WHERE 1 = 1{where}"
    rows = await fetch(
        f"SELECT {columns}, (SELECT COUNT(*) {filtered}) AS total FROM {table}"
        f" WHERE {alias}.id IN (SELECT {alias}.id {filtered} ORDER BY {order} LIMIT ? OFFSET ?)"
        f" ORDER BY {order}",
        *params,
        *params,
        limit,
        offset,
    )
    if rows:
        return rows, rows[0]["total"]
    if not offset:
        return [], 0
    # Past the end: no row carries the total.
    return [], (await fetch(f"SELECT COUNT(*) AS n {filtered}", *params))[0]["n"]


def in_list(column: str, values: list[Any]) -> tuple[str, list[Any]]:
    """Hand-written SQL for "`column` is one of `values`", and its parameters. PostgreSQL gets
    one array parameter, so the statement's text is the same whatever the number of values
    and asyncpg's prepared statement is reused; SQLite gets a ? per value."""
    if is_sqlite():
        return f"{column} IN ({', '.join('?' * len(values))})", list(values)
    return f"{column} = ANY(?)", [list(values)]


def in_transaction() -> bool:
    return engine().current_transaction.get() is not None


def utc_now() -> datetime:
    """Now, as an aware UTC datetime with whole microseconds."""
    return datetime.now(UTC)


#: The instants a court could mean. A typo outside them (9999-12-31, 0001-01-01) is refused
#: when it is typed: stored, a deadline counted from it overflowed the calendar and took the
#: case's pages and the team's at-risk list down for everyone.
EARLIEST_INSTANT = datetime(1900, 1, 1, tzinfo=UTC)
LATEST_INSTANT = datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)


def is_plausible(instant: datetime) -> bool:
    """Whether a stored instant is one a court could mean. Rows stored before the check (or
    edited by hand) can hold 9999-12-31: readers leave such a row out of their counting and
    say it needs attention, so that one typo never takes a whole list down."""
    if instant.tzinfo is None:  # stored UTC; a driver may hand it back naive
        instant = instant.replace(tzinfo=UTC)
    return EARLIEST_INSTANT <= instant <= LATEST_INSTANT


def as_utc(value: datetime, field: str) -> datetime:
    """An aware datetime converted to UTC; a naive one, or one outside 1900-2100, is refused
    with a 400 naming the field (a time without a zone is never guessed: 08:30 where?)."""
    from docket.errors import InvalidInput

    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput.field(field, "must include a timezone, e.g. 2026-12-03T08:30:00+08:00")
    try:
        converted = value.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 moved across midnight UTC
        converted = None
    if converted is None or not EARLIEST_INSTANT <= converted <= LATEST_INSTANT:
        raise InvalidInput.field(field, "must be between 1900 and 2100: check the year")
    return converted


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with the user's %, _ and \\ escaped by a
    backslash (the query must say ESCAPE '\\': SQLite has no escape character otherwise)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def like_sql(column: str) -> str:
    """Hand-written SQL for "`column` contains the ? parameter" (a like_pattern), ignoring
    case on both engines."""
    return f"{column} {'LIKE' if is_sqlite() else 'ILIKE'} ? ESCAPE '\\'"

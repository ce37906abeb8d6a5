"""SQLite in DATA_DIR: the questions the bot could not answer, and each user's language.

Unanswered questions are what the maintainers add to the knowledge next, so they are kept
with their language, time, best guess and score, and no user identity. Each call opens its
own connection per thread (WAL mode, a short busy timeout), so a second process or a
thread can share the file safely. The bot never waits for it: `Writer` queues its writes
for one thread, and drops (and counts) what does not fit rather than hold up an answer.

The file holds only statistics and preferences, so a database that is not one, or is
corrupt, is moved aside and a fresh one started; a DATA_DIR that cannot hold a database
at all is a `StorageError` with one line saying what and where.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge import Lang
from bot.textnorm import normalise

log = logging.getLogger(__name__)

MAX_STORED_CHARS = 1000
# Another process holding the database must cost a write this long at most, not the answer.
BUSY_TIMEOUT_SECONDS = 1.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY,
    asked_at REAL NOT NULL,
    text TEXT NOT NULL,
    normalised TEXT NOT NULL,
    lang TEXT NOT NULL,
    guess TEXT,
    score REAL NOT NULL,
    kind TEXT NOT NULL DEFAULT 'fallback',
    resolved_at REAL
);
CREATE INDEX IF NOT EXISTS unanswered_normalised ON unanswered (normalised);
CREATE TABLE IF NOT EXISTS user_language (
    user_id INTEGER PRIMARY KEY,
    lang TEXT NOT NULL CHECK (lang IN ('pl', 'en'))
);
"""

# Columns added since the first release, for databases created before them.
_ADDED_COLUMNS = {"kind": "TEXT NOT NULL DEFAULT 'fallback'", "resolved_at": "REAL"}


@dataclass(frozen=True)
class UnansweredGroup:
    """All the times one question (after normalisation) went unanswered."""

    normalised: str
    count: int
    example: str
    lang: str
    last_asked: float
    best_guess: str | None
    best_score: float
    kind: str = "fallback"  # the latest: fallback, partial, did_you_mean, asked or close


class StorageError(Exception):
    """DATA_DIR cannot hold the database; the message is one line: what and where."""


class Storage:
    """The bot's only persistent state."""

    def __init__(self, path: Path, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self._local = threading.local()
        self._ready = False
        if path.parent.exists() and not path.parent.is_dir():
            raise StorageError(f"{path.parent}: not a directory")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"{path.parent}: cannot create it ({_why(exc)})") from None
        try:
            self._open()
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise StorageError(f"{path}: cannot open the database ({exc})") from None
            # Another process holds it: serve anyway; the tables are made on the first write.
            log.warning("%s: %s at start-up; going on without waiting", path, exc)
        except sqlite3.DatabaseError as exc:
            self._move_aside(exc)

    def _move_aside(self, exc: sqlite3.DatabaseError) -> None:
        """Not a database, or a corrupt one: keep it for inspection, start a fresh one."""
        path = self.path
        self.close()
        aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.rename(aside)
        except OSError as move:
            raise StorageError(f"{path}: {exc}; cannot move it aside ({_why(move)})") from None
        log.warning("%s: %s; moved it to %s and started a fresh database", path, exc, aside)
        try:
            self._open()
        except sqlite3.DatabaseError as again:
            raise StorageError(f"{path}: cannot create a database ({again})") from None

    def _open(self) -> None:
        db = self._db()
        with db:
            db.execute("PRAGMA journal_mode=WAL")
            checked = db.execute("PRAGMA quick_check").fetchone()
            if checked is None or checked[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
            db.executescript(_SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(unanswered)")}
            for column, declaration in _ADDED_COLUMNS.items():
                if column not in columns:  # a database from before the column existed
                    db.execute(f"ALTER TABLE unanswered ADD COLUMN {column} {declaration}")
        self._ready = True

    def _db(self) -> sqlite3.Connection:
        """This thread's connection, opened once."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=self.busy_timeout)
            db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            # WAL's own recommendation: commits are atomic and survive a crash of the process;
            # only a power cut can lose the last few, which is fine for this data.
            db.execute("PRAGMA synchronous = NORMAL")
            self._local.db = db
        return db

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection, inside a transaction."""
        if not self._ready:
            self._open()
        db = self._db()
        with db:
            yield db

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def record_unanswered(
        self,
        text: str,
        lang: Lang,
        guess: str | None,
        score: float,
        at: float | None = None,
        kind: str = "fallback",
    ) -> None:
        """One question the bot did not answer fully (`kind` says how), with no identity."""
        text = text[:MAX_STORED_CHARS]
        with self._connection() as db:
            db.execute(
                "INSERT INTO unanswered (asked_at, text, normalised, lang, guess, score, kind)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    at if at is not None else time.time(),
                    text,
                    normalise(text),
                    lang,
                    guess,
                    score,
                    kind,
                ),
            )

    def top_unanswered(self, limit: int = 20, since: float | None = None) -> list[UnansweredGroup]:
        """The most frequent unresolved questions (asked since `since`), grouped by
        normalised text."""
        with self._connection() as db:
            rows = db.execute(
                """
                WITH u AS (
                    SELECT * FROM unanswered WHERE resolved_at IS NULL AND asked_at >= ?
                )
                SELECT normalised, COUNT(*) AS n, MAX(asked_at) AS last,
                       (SELECT text FROM u u2 WHERE u2.normalised = u.normalised
                        ORDER BY asked_at DESC LIMIT 1),
                       (SELECT lang FROM u u2 WHERE u2.normalised = u.normalised
                        ORDER BY asked_at DESC LIMIT 1),
                       (SELECT guess FROM u u2 WHERE u2.normalised = u.normalised
                        ORDER BY score DESC LIMIT 1),
                       MAX(score),
                       (SELECT kind FROM u u2 WHERE u2.normalised = u.normalised
                        ORDER BY asked_at DESC LIMIT 1)
                FROM u
                GROUP BY normalised
                ORDER BY n DESC, last DESC
                LIMIT ?
                """,
                (since if since is not None else float("-inf"), limit),
            ).fetchall()
        return [
            UnansweredGroup(normalised, n, example, lang, last, guess, score, kind)
            for normalised, n, last, example, lang, guess, score, kind in rows
        ]

    def resolve(self, text: str, at: float | None = None) -> int:
        """Mark every time `text` (after normalisation) was asked as dealt with; how many."""
        with self._connection() as db:
            cursor = db.execute(
                "UPDATE unanswered SET resolved_at = ?"
                " WHERE normalised = ? AND resolved_at IS NULL",
                (at if at is not None else time.time(), normalise(text)),
            )
        return cursor.rowcount

    def languages(self) -> dict[int, Lang]:
        """Every user's chosen language, to keep in memory: answering then needs no I/O."""
        with self._connection() as db:
            rows = db.execute("SELECT user_id, lang FROM user_language").fetchall()
        return {user_id: "en" if lang == "en" else "pl" for user_id, lang in rows}

    def languages_if_changed(self) -> dict[int, Lang] | None:
        """Every language choice, if another connection (another process) changed the
        database since this thread last asked; else None. Cheap enough to ask every second."""
        db = self._db()
        version = db.execute("PRAGMA data_version").fetchone()[0]
        if version == getattr(self._local, "data_version", None):
            return None
        self._local.data_version = version
        return self.languages()

    def language(self, user_id: int) -> Lang | None:
        with self._connection() as db:
            row = db.execute(
                "SELECT lang FROM user_language WHERE user_id = ?", (user_id,)
            ).fetchone()
        if row is None:
            return None
        return "en" if row[0] == "en" else "pl"

    def set_language(self, user_id: int, lang: Lang) -> None:
        with self._connection() as db:
            db.execute(
                "INSERT INTO user_language (user_id, lang) VALUES (?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang",
                (user_id, lang),
            )


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Another connection holds the database: a matter of waiting, not of the file."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


Write = Callable[..., object]


class Writer:
    """Storage writes on one thread, never awaited by an answer.

    The queue is bounded: when the database is slow or locked by another process and the
    queue is full, a write is dropped and counted, and the count logged (the first drop and
    then every hundredth), instead of piling up handlers behind it. `close` gives pending
    writes until a deadline, then gives up and says how many were lost.
    """

    def __init__(self, storage: Storage, capacity: int = 1000) -> None:
        self.storage = storage
        self.dropped = 0
        self.failed = 0
        self._queue: queue.Queue[tuple[Write, tuple[Any, ...]] | None] = queue.Queue(capacity)
        self._closing = threading.Event()
        self._abandoned = threading.Event()
        self._thread = threading.Thread(target=self._run, name="storage", daemon=True)
        self._thread.start()

    def submit(self, action: Write, *args: Any) -> bool:
        """Queue a write; False (and counted) when the queue is full or closed."""
        if not self._closing.is_set():
            try:
                self._queue.put_nowait((action, args))
                return True
            except queue.Full:
                pass
        self.dropped += 1
        if self.dropped == 1 or self.dropped % 100 == 0:
            log.warning("storage is behind: %d write(s) dropped so far", self.dropped)
        return False

    def call(self, action: Callable[[], Any], done: Callable[[Any], None]) -> bool:
        """Run a read on the writer thread and hand its result to `done` (there too)."""
        return self.submit(lambda: done(action()))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None or self._abandoned.is_set():
                break
            action, args = item
            try:
                action(*args)
            except Exception as exc:  # the thread must outlive any one write
                self.failed += 1
                log.error("storage write failed: %s: %s", getattr(action, "__name__", "?"), exc)
        self.storage.close()

    def close(self, timeout: float = 3.0) -> None:
        """Stop taking writes, flush what can be written within `timeout`, then stop."""
        if self._closing.is_set():
            return
        self._closing.set()
        deadline = time.monotonic() + timeout
        stop_queued = False
        with contextlib.suppress(queue.Full):  # full: wait for room, up to the deadline
            self._queue.put(None, timeout=timeout)
            stop_queued = True
        self._thread.join(max(0.0, deadline - time.monotonic()))
        if self._thread.is_alive():
            self._abandoned.set()
            unwritten = self._queue.qsize() - stop_queued
            log.warning("storage: shut down with %d write(s) unwritten", unwritten)
        if self.dropped or self.failed:
            log.warning("storage: %d write(s) dropped, %d failed", self.dropped, self.failed)

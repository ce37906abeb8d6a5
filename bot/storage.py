"""SQLite in DATA_DIR: the questions the bot could not answer, and each user's language.

Unanswered questions are what the maintainers add to the knowledge next, so they are kept
with their language, time, best guess and score, and no user identity. Each call opens its
own connection per thread (WAL mode, busy timeout), so a second process or a thread can
share the file safely; async callers run these in a thread of their own.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge import Lang
from bot.textnorm import normalise

MAX_STORED_CHARS = 1000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY,
    asked_at REAL NOT NULL,
    text TEXT NOT NULL,
    normalised TEXT NOT NULL,
    lang TEXT NOT NULL,
    guess TEXT,
    score REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS unanswered_normalised ON unanswered (normalised);
CREATE TABLE IF NOT EXISTS user_language (
    user_id INTEGER PRIMARY KEY,
    lang TEXT NOT NULL CHECK (lang IN ('pl', 'en'))
);
"""


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


class Storage:
    """The bot's only persistent state."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connection() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection (opened once), inside a transaction."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=10.0)
            db.execute("PRAGMA busy_timeout = 10000")
            # WAL's own recommendation: commits are atomic and survive a crash of the process;
            # only a power cut can lose the last few, which is fine for this data.
            db.execute("PRAGMA synchronous = NORMAL")
            self._local.db = db
        with db:
            yield db

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def record_unanswered(
        self, text: str, lang: Lang, guess: str | None, score: float, at: float | None = None
    ) -> None:
        text = text[:MAX_STORED_CHARS]
        with self._connection() as db:
            db.execute(
                "INSERT INTO unanswered (asked_at, text, normalised, lang, guess, score)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (at if at is not None else time.time(), text, normalise(text), lang, guess, score),
            )

    def top_unanswered(self, limit: int = 20) -> list[UnansweredGroup]:
        """The most frequent unanswered questions, grouped by normalised text."""
        with self._connection() as db:
            rows = db.execute(
                """
                SELECT normalised, COUNT(*) AS n, MAX(asked_at) AS last,
                       (SELECT text FROM unanswered u2 WHERE u2.normalised = u.normalised
                        ORDER BY asked_at DESC LIMIT 1),
                       (SELECT lang FROM unanswered u2 WHERE u2.normalised = u.normalised
                        ORDER BY asked_at DESC LIMIT 1),
                       (SELECT guess FROM unanswered u2 WHERE u2.normalised = u.normalised
                        ORDER BY score DESC LIMIT 1),
                       MAX(score)
                FROM unanswered u
                GROUP BY normalised
                ORDER BY n DESC, last DESC
                LIMIT ?
                """,
                (limit,),
            ).fetchall()
        return [
            UnansweredGroup(normalised, n, example, lang, last, guess, score)
            for normalised, n, last, example, lang, guess, score in rows
        ]

    def languages(self) -> dict[int, Lang]:
        """Every user's chosen language, to keep in memory: answering then needs no I/O."""
        with self._connection() as db:
            rows = db.execute("SELECT user_id, lang FROM user_language").fetchall()
        return {user_id: "en" if lang == "en" else "pl" for user_id, lang in rows}

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

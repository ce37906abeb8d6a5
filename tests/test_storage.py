"""SQLite storage: unanswered questions and language choices, in real files."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.storage import MAX_STORED_CHARS, Storage, StorageError, Writer


def test_unanswered_are_grouped_by_normalised_text(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "data" / "bot.sqlite3")
    storage.record_unanswered("Ile lat ma Putin?", "pl", "who_putin", 26.0, at=1.0)
    storage.record_unanswered("ile lat ma putin", "pl", "who_putin", 31.0, at=2.0)
    storage.record_unanswered("What is China's position?", "en", None, 10.0, at=3.0)
    top = storage.top_unanswered()
    assert [(g.normalised, g.count) for g in top] == [
        ("ile lat ma putin", 2),
        ("what is china s position", 1),
    ]
    assert top[0].example == "ile lat ma putin"  # the latest wording
    assert (top[0].best_guess, top[0].best_score, top[0].last_asked) == ("who_putin", 31.0, 2.0)


def test_no_user_identity_is_stored(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "bot.sqlite3")
    storage.record_unanswered("x" * 5000, "en", None, 0.0)
    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(unanswered)")]
        length = db.execute("SELECT length(text) FROM unanswered").fetchone()[0]
    assert columns == [
        "id",
        "asked_at",
        "text",
        "normalised",
        "lang",
        "guess",
        "score",
        "kind",
        "resolved_at",
    ]
    assert length == MAX_STORED_CHARS


def test_language_choice_is_remembered(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    Storage(path).set_language(7, "en")
    Storage(path).set_language(7, "pl")
    assert Storage(path).language(7) == "pl"
    assert Storage(path).language(8) is None


def _write_many(path: str, worker: int) -> None:
    storage = Storage(Path(path))
    for number in range(50):
        storage.record_unanswered(f"question {worker} {number}", "pl", None, 1.0)


def test_two_processes_write_at_once_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    Storage(path)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(str(path), n)) for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert sum(group.count for group in Storage(path).top_unanswered(1000)) == 100


def test_unanswered_command_lists_them(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "data" / "bot.sqlite3")
    storage.record_unanswered("sankcje na Iran", "pl", "sanctions", 52.1)
    storage.record_unanswered("Sankcje na Iran!", "pl", "sanctions", 52.1)
    env = {"DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "unanswered", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(row["normalised"], row["count"]) for row in rows] == [("sankcje na iran", 2)]
    text = subprocess.run(
        [sys.executable, "-m", "bot", "unanswered"], capture_output=True, text=True, env=env
    ).stdout
    assert "    2  pl    sanctions (52)" in text


def test_a_full_writer_drops_and_counts_instead_of_waiting(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    storage = Storage(tmp_path / "bot.sqlite3")
    writer = Writer(storage, capacity=2)
    release = threading.Event()
    writer.submit(lambda: release.wait(10))  # the thread is now busy
    accepted = [writer.submit(storage.set_language, n, "en") for n in range(10)]
    assert accepted.count(True) <= 3
    assert writer.dropped == accepted.count(False)
    assert "write(s) dropped so far" in caplog.text
    release.set()
    writer.close(timeout=5)
    assert len(storage.languages()) == accepted.count(True)


def test_close_gives_up_at_its_deadline_and_says_how_many_were_lost(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    storage = Storage(tmp_path / "bot.sqlite3")
    writer = Writer(storage)
    release = threading.Event()
    writer.submit(lambda: release.wait(10))
    for n in range(5):
        writer.submit(storage.set_language, n, "pl")
    writer.close(timeout=0.2)
    release.set()
    assert "shut down with 5 write(s) unwritten" in caplog.text


@pytest.mark.parametrize(
    "content",
    [b"not a database at all " * 50, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["not-a-database", "malformed"],
)
def test_a_broken_database_is_moved_aside_for_a_fresh_one(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bot.sqlite3"
    path.write_bytes(content)
    storage = Storage(path)
    storage.set_language(1, "en")
    assert storage.language(1) == "en"
    [aside] = tmp_path.glob("bot.sqlite3.broken-*")
    assert aside.read_bytes() == content


def test_a_data_dir_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("")
    with pytest.raises(StorageError, match=r"data: not a directory$"):
        Storage(tmp_path / "data" / "bot.sqlite3")

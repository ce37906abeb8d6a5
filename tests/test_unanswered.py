"""What the bot could not answer: recorded from every front end on request, re-scored
against the current knowledge, filtered by time, clustered and resolved."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from bot.answering import attention, respond
from bot.cli import main, since_time, unanswered
from bot.matching import Thresholds
from bot.runtime import Brain, load_brain
from bot.storage import Storage
from bot.teaching import teach

TAUGHT = ("czy delegacje znów się zbiorą?", "next_round_when")  # falls back until taught


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("kiedy nastepna runda?", None),
        ("runda", "did_you_mean"),
        ("jaka jest dokładna data następnej rundy?", "partial"),
        ("przepis na pierogi", "fallback"),
    ],
)
def test_what_needs_attention(brain: Brain, question: str, kind: str | None) -> None:
    assert attention(brain, respond(brain, question).match) == kind


@pytest.mark.parametrize(("runner_up", "kind"), [(77.0, "close"), (70.0, None)])
def test_an_answer_within_the_margin_needs_attention(
    brain: Brain, runner_up: float, kind: str | None
) -> None:
    match = respond(brain, "kiedy nastepna runda?").match
    engine = SimpleNamespace(
        scores=lambda question: {"other": runner_up, match.intent: 80.0},
        thresholds=Thresholds(margin=4.0),
    )
    assert attention(cast(Brain, SimpleNamespace(engine=engine)), match) == kind


def store(tmp_path: Path) -> Storage:
    return Storage(tmp_path / "data" / "bot.sqlite3")


def test_ask_records_only_when_asked_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    assert main(["ask", "przepis na pierogi"]) == 0
    assert not (tmp_path / "data" / "bot.sqlite3").exists()
    assert main(["ask", "--record", "przepis na pierogi"]) == 0
    assert main(["ask", "--record", "kiedy nastepna runda?"]) == 0
    [group] = store(tmp_path).top_unanswered()
    assert (group.example, group.kind, group.count) == ("przepis na pierogi", "fallback", 1)
    with sqlite3.connect(tmp_path / "data" / "bot.sqlite3") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(unanswered)")]
    assert not {"user", "user_id", "chat_id", "username"} & set(columns)


def test_chat_records_when_asked_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("sys.stdin", io.StringIO("runda\nkiedy nastepna runda?\n"))
    assert main(["chat", "--record"]) == 0
    assert [(g.example, g.kind) for g in store(tmp_path).top_unanswered()] == [
        ("runda", "did_you_mean")
    ]


def listing(storage: Storage, brain: Brain | None, **options: object) -> str:
    out = io.StringIO()
    assert unanswered(storage, out, 20, brain=brain, **options) == 0  # type: ignore[arg-type]
    return out.getvalue()


def test_what_the_knowledge_now_answers_is_hidden_or_marked(
    tmp_path: Path, knowledge_copy: Path
) -> None:
    storage = store(tmp_path)
    storage.record_unanswered(TAUGHT[0], "pl", None, 38.0, at=1.0)
    storage.record_unanswered("przepis na pierogi", "pl", None, 10.0, at=2.0)
    assert TAUGHT[0] in listing(storage, load_brain(knowledge_copy))
    assert teach(knowledge_copy, *TAUGHT).written
    brain = load_brain(knowledge_copy)
    assert TAUGHT[0] not in listing(storage, brain)
    assert "przepis na pierogi" in listing(storage, brain)
    assert f"{TAUGHT[0]}  [now answered: {TAUGHT[1]}]\n" in listing(storage, brain, show_all=True)


def test_near_identical_questions_are_one_cluster(tmp_path: Path) -> None:
    storage = store(tmp_path)
    storage.record_unanswered("ile lat ma Putin?", "pl", None, 30.0, at=1.0)
    storage.record_unanswered("ile lat ma putin", "pl", None, 30.0, at=2.0)
    storage.record_unanswered("ile lat ma Putinn?", "pl", None, 30.0, at=3.0)
    storage.record_unanswered("przepis na pierogi", "pl", None, 10.0, at=4.0)
    assert listing(storage, None) == (
        "count  lang  best guess (score)                question\n"
        "    2  pl    - (30)                            ile lat ma putin\n"
        "    1  pl    - (30)                            ~ ile lat ma Putinn?\n"
        "    1  pl    - (10)                            przepis na pierogi\n"
    )
    out = io.StringIO()
    unanswered(storage, out, 20, as_json=True)
    first = json.loads(out.getvalue().splitlines()[0])
    assert (first["total"], first["variants"]) == (
        3,
        [{"question": "ile lat ma Putinn?", "count": 1, "now_answered": None}],
    )


def test_since_and_resolve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    storage = store(tmp_path)
    storage.record_unanswered("old question", "en", None, 1.0, at=1000.0)
    storage.record_unanswered("new question", "en", None, 1.0, at=2000.0)
    assert [g.example for g in storage.top_unanswered(since=1500.0)] == ["new question"]
    assert storage.resolve("New question!") == 1
    assert [g.example for g in storage.top_unanswered()] == ["old question"]
    assert storage.resolve("new question") == 0


def test_since_reads_dates_and_ages() -> None:
    assert since_time("2026-11-01") == 1793491200.0
    assert since_time("2026-11-01T12:00+01:00") == 1793491200.0 + 11 * 3600
    day_ago = since_time("1d")
    assert since_time("24h") - day_ago < 60
    with pytest.raises(Exception, match="neither a date"):
        since_time("yesterday")


def test_a_database_from_before_the_new_columns_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "data" / "bot.sqlite3"
    path.parent.mkdir()
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE unanswered (id INTEGER PRIMARY KEY, asked_at REAL NOT NULL,"
            " text TEXT NOT NULL, normalised TEXT NOT NULL, lang TEXT NOT NULL, guess TEXT,"
            " score REAL NOT NULL)"
        )
        db.execute("INSERT INTO unanswered VALUES (1, 1.0, 'stare', 'stare', 'pl', NULL, 1.0)")
    db.close()
    storage = Storage(path)
    storage.record_unanswered("nowe", "pl", None, 1.0, at=2.0, kind="partial")
    assert {(g.example, g.kind) for g in storage.top_unanswered()} == {
        ("stare", "fallback"),
        ("nowe", "partial"),
    }

"""The development sets load and their figures print (the sets themselves are data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.heldout import Reply, Row, is_right, load_heldout
from devtools import replydump
from devtools.devsets import SETS, main


def test_every_development_set_loads_and_prints_its_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    smallest = min(SETS.glob("*.yaml"), key=lambda path: path.stat().st_size)
    assert main(["--misses", str(smallest)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{smallest.name}: answerable ")
    assert "follow-ups" in first


def test_every_development_set_is_a_valid_question_set() -> None:
    sets = sorted(SETS.glob("*.yaml"))
    assert len(sets) >= 7
    for path in sets:
        questions, dialogues = load_heldout(path)  # raises KnowledgeError naming file:line
        assert questions and dialogues, path.name


@pytest.mark.parametrize(
    ("detail", "text", "right"),
    [
        (["jesien", "autumn"], "In the autumn.", True),  # any spelling will do
        (["jesien", "autumn"], "In the spring.", False),
        ([["27"], ["10"], ["kwie", "apr"]], "27 February and 10 April.", True),  # each group
        ([["27"], ["10"], ["kwie", "apr"]], "27 February.", False),  # a detail missing
    ],
)
def test_a_detail_is_any_spelling_or_one_of_each_group(
    detail: list[str | list[str]], text: str, right: bool
) -> None:
    row = Row(q="?", lang="en", expect="answer", detail=detail)
    assert is_right(row, Reply(fallback=False, text=text)) is right
    assert not is_right(row, Reply(fallback=True, text=text))  # a fallback never answers


def test_the_reply_dump_writes_one_line_per_question(tmp_path: Path) -> None:
    """A line per question, nine fields each, the same on a second run (what a diff needs)."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    assert replydump.main([str(first)]) == 0
    assert replydump.main([str(second)]) == 0
    lines = first.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 1000
    assert all(len(line.split("\t")) == 9 for line in lines)
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")

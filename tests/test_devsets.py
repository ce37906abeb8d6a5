"""The development sets load and their figures print (the sets themselves are data)."""

from __future__ import annotations

import pytest

from bot.heldout import load_heldout
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

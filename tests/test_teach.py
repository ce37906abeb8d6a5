"""`teach`: a question becomes an example or a test row, keeping the file's layout, and a
change that breaks a regression row is refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli import teach
from bot.evaluation import NO_ANSWER
from bot.knowledge import TESTS_FILE, load_cases, load_knowledge
from bot.runtime import load_brain
from bot.teaching import insert_after, label, yaml_scalar

# A question the bot does not answer, and the intent it asks about.
NEW_QUESTION = "czy delegacje znów się zbiorą?"
TARGET = "next_round_when"
# An example that would steal a regression row (a "when" question taught to the intent
# about what the next round is about): the row's line and intent are read from tests.yaml.
HARMFUL = ("wen is the next round of talks really?", "next_round_topic")
VICTIM = "wen is the next round of talks"


def run(directory: Path, *args: str, as_test: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    code = teach(directory, args[0], args[1], as_test, out)
    return code, out.getvalue()


def inserted(before: str, after: str) -> list[tuple[int, str]]:
    """The lines `after` has beyond `before` (1-based), when nothing else changed."""
    old, new = before.splitlines(), after.splitlines()
    added = []
    n = 0
    for number, line in enumerate(new, 1):
        if n < len(old) and old[n] == line:
            n += 1
        else:
            added.append((number, line))
    assert n == len(old), "a line of the old file changed or disappeared"
    return added


def test_teach_adds_the_example_keeping_the_layout(knowledge_copy: Path) -> None:
    path = knowledge_copy / "intents.yaml"
    before = path.read_text(encoding="utf-8")
    assert label(load_brain(knowledge_copy), NEW_QUESTION) == NO_ANSWER
    code, output = run(knowledge_copy, NEW_QUESTION, TARGET)
    assert code == 0, output
    ((line, text),) = inserted(before, path.read_text(encoding="utf-8"))
    assert text == f"        - {NEW_QUESTION}"
    assert output.startswith("Answers that change (before -> after):\n")
    assert f'  "{NEW_QUESTION}": {NO_ANSWER} -> {TARGET}\n' in output
    assert output.endswith(f"Added to intents.yaml:{line}\n")
    knowledge = load_knowledge(knowledge_copy)
    assert knowledge.intents[TARGET].examples.pl[-1] == NEW_QUESTION
    assert label(load_brain(knowledge_copy), NEW_QUESTION) == TARGET


def test_a_harmful_teach_is_refused_with_the_row_it_would_break(knowledge_copy: Path) -> None:
    path = knowledge_copy / "intents.yaml"
    before = path.read_text(encoding="utf-8")
    cases = load_cases(knowledge_copy / TESTS_FILE, load_knowledge(knowledge_copy))
    victim = next(case for case in cases if case.case.q == VICTIM)
    expected = victim.case.intent or NO_ANSWER
    code, output = run(knowledge_copy, *HARMFUL)
    assert code == 1
    assert path.read_text(encoding="utf-8") == before
    assert f'  "{VICTIM}": {expected} -> {HARMFUL[1]}\n' in output
    assert "Refused: intents.yaml is unchanged, because the change would break:\n" in output
    assert (
        f'  tests.yaml:{victim.line}: q: "{VICTIM}" should get {expected}, got {HARMFUL[1]}'
    ) in output


def test_teach_test_adds_a_regression_row(knowledge_copy: Path) -> None:
    path = knowledge_copy / TESTS_FILE
    before = path.read_text(encoding="utf-8")
    code, output = run(knowledge_copy, "kiedy zbiorą się ponownie?", TARGET, as_test=True)
    assert code == 0, output
    ((line, text),) = inserted(before, path.read_text(encoding="utf-8"))
    assert text == f'  - {{q: "kiedy zbiorą się ponownie?", intent: {TARGET}}}'
    assert output == f"No answer changes.\nAdded to tests.yaml:{line}\n"
    code, output = run(knowledge_copy, "kim właściwie jest Ławrow?", "null", as_test=True)
    assert code == 1
    assert 'q: "kim właściwie jest Ławrow?" should get (no answer), got ' in output


def test_teach_an_unknown_intent_says_did_you_mean(knowledge_copy: Path) -> None:
    code, output = run(knowledge_copy, NEW_QUESTION, TARGET + "x")
    assert code == 1
    assert output == f"teach: no intent '{TARGET}x': did you mean '{TARGET}'?\n"


@pytest.mark.parametrize(
    ("question", "written"),
    [
        ("kiedy runda?", "kiedy runda?"),
        ("pytanie: kiedy runda?", '"pytanie: kiedy runda?"'),
        ("yes", '"yes"'),
        ("- kiedy", '"- kiedy"'),
        ("kiedy # runda", '"kiedy # runda"'),
    ],
)
def test_questions_are_quoted_only_when_yaml_needs_it(question: str, written: str) -> None:
    assert yaml_scalar(question) == written


def test_insert_after_skips_continuation_lines_and_keeps_comments() -> None:
    text = "items:\n  - one\n    continued\n  # a comment\n  - two\n"
    assert insert_after(text, 2, "new") == (
        "items:\n  - one\n    continued\n  - new\n  # a comment\n  - two\n",
        4,
    )

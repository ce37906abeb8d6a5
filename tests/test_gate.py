"""`check` as a gate, its JSON report, thresholds from settings.yaml, and reload's gate."""

from __future__ import annotations

import io
import json
from pathlib import Path

from bot.cli import check
from bot.evaluation import evaluate
from bot.knowledge import TESTS_FILE, load_cases, load_knowledge
from bot.problems import KnowledgeError
from bot.runtime import Brain, BrainHolder, load_brain
from tests.conftest import EditFile, line_of

# A row of tests.yaml that passes today, and another intent to expect instead.
ROW = '  - {q: "kiedy nastepna runda?", intent: next_round_when}\n'
WRONG_ROW = '  - {q: "kiedy nastepna runda?", intent: next_round_topic}\n'


def run_check(directory: Path, as_json: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    return check(directory, out, quiet=True, as_json=as_json), out.getvalue()


def score_of(directory: Path, question: str) -> float:
    return load_brain(directory).understanding.understand(question).score


def test_a_broken_regression_row_fails_check_and_names_the_row(
    knowledge_copy: Path, edit: EditFile
) -> None:
    path = edit(TESTS_FILE, ROW, WRONG_ROW)
    code, output = run_check(knowledge_copy)
    assert code == 1
    score = score_of(knowledge_copy, "kiedy nastepna runda?")
    line = line_of(path, "kiedy nastepna runda?")
    assert (
        f'tests.yaml:{line}: q: "kiedy nastepna runda?" should get next_round_topic,'
        f" got next_round_when (score {score}): a regression (or mark the row"
        " `known_miss: true`)\n"
    ) in output
    assert output.endswith(f"check failed: 1 regression problem(s) in {knowledge_copy}\n")


def test_a_known_miss_does_not_fail_check(knowledge_copy: Path, edit: EditFile) -> None:
    edit(TESTS_FILE, ROW, WRONG_ROW.replace("}", ", known_miss: true}"))
    code, output = run_check(knowledge_copy)
    assert code == 0, output


def test_a_known_miss_that_passes_is_pointed_out(knowledge_copy: Path, edit: EditFile) -> None:
    path = edit(TESTS_FILE, ROW, ROW.replace("}", ", known_miss: true}"))
    code, output = run_check(knowledge_copy)
    assert code == 0
    line = line_of(path, "kiedy nastepna runda?")
    assert (
        f'tests.yaml:{line}: q: known miss "kiedy nastepna runda?" is now answered right:'
        " remove `known_miss`\n"
    ) in output


def test_accuracy_below_the_baseline_fails_check(knowledge_copy: Path, edit: EditFile) -> None:
    edit("settings.yaml", "min_accuracy: 0.98", "min_accuracy: 1")
    knowledge = load_knowledge(knowledge_copy)
    cases = load_cases(knowledge_copy / TESTS_FILE, knowledge)
    accuracy = evaluate(Brain.build(knowledge), cases).accuracy
    assert accuracy < 1, "needs at least one known miss in tests.yaml"
    code, output = run_check(knowledge_copy)
    assert code == 1
    assert (
        f"tests.yaml: accuracy {accuracy:.1%} is below the baseline 100.0%"
        " (gate.min_accuracy in settings.yaml)\n"
    ) in output


def test_check_json_lists_every_miss_with_its_runner_up(
    knowledge_copy: Path, edit: EditFile
) -> None:
    edit(TESTS_FILE, ROW, WRONG_ROW)
    code, output = run_check(knowledge_copy, as_json=True)
    assert code == 1
    report = json.loads(output)
    assert not report["gate"]["passed"]
    regression = report["regression"]
    cases = load_cases(knowledge_copy / TESTS_FILE, load_knowledge(knowledge_copy))
    known = {case.case.q for case in cases if case.case.known_miss}
    missed = {row["q"] for row in regression["misrouted"]}
    assert missed == known | {"kiedy nastepna runda?"}
    row = next(r for r in regression["misrouted"] if r["q"] == "kiedy nastepna runda?")
    assert (row["expected"], row["got"], row["known_miss"]) == (
        "next_round_topic",
        "next_round_when",
        False,
    )
    assert row["runner_up"]["intent"] != "next_round_when"
    assert 0 <= row["runner_up"]["score"] <= row["score"]
    pair = {"expected": "next_round_topic", "got": "next_round_when"}
    assert any(pair.items() <= c.items() for c in regression["confusions"])
    for key, label in (("per_intent", "intent"), ("per_topic", "topic"), ("per_aspect", "aspect")):
        assert regression[key], key
        assert all({label, "precision", "recall", "support"} == set(r) for r in regression[key])
    assert sum(r["support"] for r in regression["per_topic"]) == regression["questions"]
    weak = report["unsupported_examples"]
    for example in weak:
        assert {"intent", "lang", "example", "file", "line", "hits"} == set(example)


def test_check_json_of_broken_knowledge_lists_the_problems(
    knowledge_copy: Path, edit: EditFile
) -> None:
    (knowledge_copy / "settings.yaml").write_text("thresholds:\n  margin: -1\n", encoding="utf-8")
    code, output = run_check(knowledge_copy, as_json=True)
    assert code == 1
    problems = json.loads(output)["gate"]["problems"]
    assert {
        "file": "settings.yaml",
        "line": 2,
        "field": "thresholds.margin",
        "message": "Input should be greater than or equal to 0",
    } in problems


def test_thresholds_come_from_settings(knowledge_copy: Path, edit: EditFile) -> None:
    question = "so when do they meet next?"  # answered, but not with full marks
    score = load_brain(knowledge_copy).engine.match(question).score
    assert 50 <= score < 99
    edit("settings.yaml", "min_score: 50 ", f"min_score: {score + 1} ")
    brain = load_brain(knowledge_copy)
    assert brain.engine.thresholds.min_score == score + 1
    assert brain.engine.match(question).fallback


def test_settings_are_optional(knowledge_copy: Path) -> None:
    (knowledge_copy / "settings.yaml").unlink()
    brain = load_brain(knowledge_copy)
    assert brain.knowledge.tuning.gate.min_accuracy == 0
    assert brain.engine.thresholds.min_score == 50


def test_a_bad_setting_names_file_line_and_field(knowledge_copy: Path, edit: EditFile) -> None:
    path = edit("settings.yaml", "min_score: 50 ", "min_score: 150 ")
    try:
        load_knowledge(knowledge_copy)
    except KnowledgeError as exc:
        message = str(exc)
    else:
        raise AssertionError("min_score 150 was accepted")
    line = line_of(path, "min_score")
    assert message == (
        f"settings.yaml:{line}: thresholds.min_score: Input should be less than or equal to 100"
    )


def test_reload_refuses_knowledge_that_fails_the_gate(knowledge_copy: Path, edit: EditFile) -> None:
    holder = BrainHolder(knowledge_copy, load_brain(knowledge_copy))
    before = holder.current
    path = edit(TESTS_FILE, ROW, WRONG_ROW)
    problems = holder.reload()
    assert holder.current is before
    assert [(p.file, p.line, p.field) for p in problems] == [
        ("tests.yaml", line_of(path, "kiedy nastepna runda?"), "q")
    ]
    edit(TESTS_FILE, WRONG_ROW, ROW)
    assert holder.reload() == []
    assert holder.current is not before

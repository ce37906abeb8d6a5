"""Precision, recall and confusions computed the way `rasa test nlu` does."""

from __future__ import annotations

from bot.evaluation import NO_ANSWER, Outcome, Report, format_report
from bot.knowledge import LocatedCase, RegressionCase


def outcome(expected: str, got: str) -> Outcome:
    case = LocatedCase(RegressionCase(q=f"{expected}->{got}", intent=None), "tests.yaml", 3)
    return Outcome(case, expected, got, 70.0, False)


def test_precision_recall_and_confusions() -> None:
    report = Report(
        (
            outcome("a", "a"),
            outcome("a", "b"),
            outcome("b", "b"),
            outcome(NO_ANSWER, "b"),
            outcome("a", NO_ANSWER),
        )
    )
    assert report.accuracy == 2 / 5
    stats = {row.intent: row for row in report.per_intent()}
    assert (stats["a"].precision, stats["a"].recall, stats["a"].support) == (1.0, 1 / 3, 3)
    assert (stats["b"].precision, stats["b"].recall) == (1 / 3, 1.0)
    assert (stats[NO_ANSWER].precision, stats[NO_ANSWER].recall) == (0.0, 0.0)
    assert [pair for pair, _ in report.confusions()] == [
        ("(no answer)", "b"),
        ("a", "(no answer)"),
        ("a", "b"),
    ]
    text = format_report("Regression", report)
    assert "accuracy 40.0% (wrong intent 1, answered out of scope 1, missed answer 1)" in text
    assert 'a -> b: 1  e.g. tests.yaml:3 "a->b" (score 70.0)' in text


def test_summary_only_hides_the_questions() -> None:
    text = format_report("Held-out", Report((outcome("a", "b"),)), detail=False)
    assert "a->b" not in text
    assert text.startswith("Held-out: 1 questions, accuracy 0.0%")

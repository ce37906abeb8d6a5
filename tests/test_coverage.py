"""The coverage report of `check`: article sentences no fact rests on, and facts and
quotes no question reaches."""

from __future__ import annotations

import io
import json
from pathlib import Path

from bot.cli import check
from bot.evaluation import article_sentences, coverage, coverage_questions
from bot.knowledge import TESTS_FILE, load_cases, load_knowledge
from bot.runtime import Brain

NEW_SENTENCE = "Rozmowy trwały do późnej nocy w ambasadzie."


def add_sentence_and_orphan(knowledge_copy: Path) -> None:
    """A new article sentence no fact rests on, and a fact that no question reaches."""
    article = knowledge_copy / "article.pl.txt"
    article.write_text(article.read_text(encoding="utf-8") + f"\n\n{NEW_SENTENCE}\n", "utf-8")
    facts = knowledge_copy / "facts.yaml"
    orphan = (
        "  - id: orphan_fact\n"
        "    pl: Rozmowy trwały do późnej nocy.\n"
        "    en: The talks went on late into the night.\n"
        "    source:\n"
        "      - Rozmowy trwały do późnej nocy\n"
    )
    facts.write_text(facts.read_text(encoding="utf-8").rstrip("\n") + "\n" + orphan, "utf-8")


def test_the_article_splits_into_its_sentences() -> None:
    assert article_sentences(
        "Tytuł artykułu\nPierwsze zdanie. Drugie zdanie!\n- Cytat z listy.\n"
    ) == [
        "Tytuł artykułu",
        "Pierwsze zdanie.",
        "Drugie zdanie!",
        "Cytat z listy.",
    ]


def test_check_names_a_fact_no_question_reaches(knowledge_copy: Path) -> None:
    before = load_knowledge(knowledge_copy)
    brain = Brain.build(before)
    cases = load_cases(knowledge_copy / TESTS_FILE, before)
    shipped = coverage(brain, coverage_questions(before, cases))
    add_sentence_and_orphan(knowledge_copy)
    out = io.StringIO()
    assert check(knowledge_copy, out) == 0
    output = out.getvalue()
    total = shipped.sentences + 1
    covered = shipped.sentences - len(shipped.uncovered) + 1  # the new one, by the orphan
    assert (
        f"Coverage: {covered} of {total} article sentences have a fact or quote resting on them;"
        f" {len(shipped.unreached_facts) + 1} fact(s) and {len(shipped.unreached_quotes)}"
        " quote(s) no question reaches\n"
    ) in output
    assert f'  no fact rests on: "{NEW_SENTENCE}"\n' not in output  # the orphan rests on it
    assert "  no question reaches fact orphan_fact\n" in output
    out = io.StringIO()
    check(knowledge_copy, out, as_json=True)
    report = json.loads(out.getvalue())["coverage"]
    assert "orphan_fact" in report["unreached_facts"]
    assert report["sentences"] == total


def test_a_sentence_without_a_fact_is_listed(knowledge_copy: Path) -> None:
    article = knowledge_copy / "article.pl.txt"
    article.write_text(article.read_text(encoding="utf-8") + f"\n\n{NEW_SENTENCE}\n", "utf-8")
    out = io.StringIO()
    assert check(knowledge_copy, out) == 0
    assert f'  no fact rests on: "{NEW_SENTENCE}"\n' in out.getvalue()

"""Regression questions -> accuracy, per-intent precision and recall, confused pairs.

The same report as `rasa test nlu`, for `python -m bot check`. A fallback counts as the
pseudo-intent NO_ANSWER, so "the article doesn't say" is scored like any other answer.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.knowledge import LANGS, SETTINGS_FILE, TESTS_FILE, Knowledge, LocatedCase, load_cases
from bot.matching import Match
from bot.problems import KnowledgeError, Problem
from bot.runtime import Brain

NO_ANSWER = "(no answer)"
_MIN_SENTENCE = 12  # characters: shorter lines are headings' leftovers, not statements


@dataclass(frozen=True)
class Outcome:
    case: LocatedCase
    expected: str
    got: str
    score: float
    unsure: bool
    # The best-scoring example intent other than what the bot answered, and its score.
    runner_up: tuple[str, float] | None = None

    @property
    def correct(self) -> bool:
        return self.expected == self.got


@dataclass(frozen=True)
class IntentStats:
    intent: str
    precision: float
    recall: float
    support: int


@dataclass(frozen=True)
class Report:
    outcomes: tuple[Outcome, ...]

    @property
    def accuracy(self) -> float:
        return sum(o.correct for o in self.outcomes) / len(self.outcomes) if self.outcomes else 1.0

    def per_intent(self) -> list[IntentStats]:
        """Precision and recall of every intent that is expected or predicted at least once."""
        return self.per_label(lambda label: label)

    def per_label(self, label_of: Callable[[str], str]) -> list[IntentStats]:
        """Precision and recall after mapping every intent to a label (its topic, aspect)."""
        expected = Counter(label_of(o.expected) for o in self.outcomes)
        predicted = Counter(label_of(o.got) for o in self.outcomes)
        hits = Counter(
            label_of(o.expected) for o in self.outcomes if label_of(o.expected) == label_of(o.got)
        )
        rows = []
        for intent in sorted(set(expected) | set(predicted)):
            precision = hits[intent] / predicted[intent] if predicted[intent] else 0.0
            recall = hits[intent] / expected[intent] if expected[intent] else 0.0
            rows.append(IntentStats(intent, precision, recall, expected[intent]))
        return rows

    def confusions(self) -> list[tuple[tuple[str, str], list[Outcome]]]:
        """(expected, got) pairs that went wrong, most frequent first."""
        pairs: dict[tuple[str, str], list[Outcome]] = {}
        for outcome in self.outcomes:
            if not outcome.correct:
                pairs.setdefault((outcome.expected, outcome.got), []).append(outcome)
        return sorted(pairs.items(), key=lambda item: (-len(item[1]), item[0]))


def evaluate(brain: Brain, cases: Sequence[LocatedCase]) -> Report:
    """Ask every question (without context) and compare with the expected intent."""
    outcomes = []
    for located in cases:
        match = brain.understanding.understand(located.case.q)
        got = match.intent if match.intent is not None and not match.fallback else NO_ANSWER
        expected = located.case.intent if located.case.intent is not None else NO_ANSWER
        if _same_answer(brain.knowledge, expected, match):
            got = expected
        scores = brain.engine.scores(located.case.q)
        scores.pop(got, None)
        best = max(scores, key=scores.__getitem__, default=None)
        runner_up = (best, scores[best]) if best is not None else None
        outcomes.append(Outcome(located, expected, got, match.score, match.unsure, runner_up))
    return Report(tuple(outcomes))


def gate_problems(report: Report, knowledge: Knowledge) -> list[Problem]:
    """What makes `check` fail and a reload refuse: a wrong row not marked `known_miss`,
    or an accuracy below the baseline of settings.yaml."""
    problems = []
    for outcome in report.outcomes:
        if outcome.correct or outcome.case.case.known_miss:
            continue
        located = outcome.case
        message = (
            f'"{located.case.q}" should get {outcome.expected}, got {outcome.got}'
            f" (score {outcome.score}): a regression (or mark the row `known_miss: true`)"
        )
        problems.append(Problem(located.file, located.line, "q", message))
    baseline = knowledge.tuning.gate.min_accuracy
    if report.accuracy < baseline:
        message = (
            f"accuracy {report.accuracy:.1%} is below the baseline {baseline:.1%}"
            f" (gate.min_accuracy in {SETTINGS_FILE})"
        )
        problems.append(Problem(TESTS_FILE, 0, "", message))
    return problems


def run_gate(brain: Brain, directory: Path) -> tuple[Report | None, list[Problem]]:
    """The regression gate on knowledge/tests.yaml (none when there is no such file)."""
    path = directory / TESTS_FILE
    if not path.exists():
        return None, []
    try:
        cases = load_cases(path, brain.knowledge)
    except KnowledgeError as exc:
        return None, exc.problems
    report = evaluate(brain, cases)
    return report, gate_problems(report, brain.knowledge)


def topic_of(knowledge: Knowledge, label: str) -> str:
    """The topic an intent (or a `topic.aspect` answer) is about, for per-topic figures."""
    intent = knowledge.intents.get(label)
    if intent is not None:
        return intent.topic or intent.person or f"({intent.kind})"
    return label.split(".", 1)[0] if "." in label else label


def aspect_of(knowledge: Knowledge, label: str) -> str:
    """The aspect an intent (or a `topic.aspect` answer) asks for, for per-aspect figures."""
    intent = knowledge.intents.get(label)
    if intent is not None:
        return intent.aspect or "(overview)"
    return label.split(".", 1)[1] if "." in label else label


def json_report(brain: Brain, report: Report | None, problems: list[Problem]) -> dict[str, Any]:
    """Everything `check --json` reports, as plain data (like Rasa's intent_report.json)."""
    knowledge = brain.knowledge
    result: dict[str, Any] = {
        "gate": {
            "passed": not problems,
            "problems": [dataclasses.asdict(p) for p in problems],
            "min_accuracy": knowledge.tuning.gate.min_accuracy,
        },
    }
    if report is not None:

        def stats(rows: list[IntentStats], key: str) -> list[dict[str, Any]]:
            return [
                {key: r.intent, "precision": r.precision, "recall": r.recall, "support": r.support}
                for r in rows
            ]

        result["regression"] = {
            "questions": len(report.outcomes),
            "accuracy": report.accuracy,
            "misrouted": [
                {
                    "q": o.case.case.q,
                    "file": o.case.file,
                    "line": o.case.line,
                    "expected": o.expected,
                    "got": o.got,
                    "score": o.score,
                    "unsure": o.unsure,
                    "known_miss": o.case.case.known_miss,
                    "runner_up": (
                        {"intent": o.runner_up[0], "score": o.runner_up[1]} if o.runner_up else None
                    ),
                }
                for o in report.outcomes
                if not o.correct
            ],
            "per_intent": stats(report.per_intent(), "intent"),
            "per_topic": stats(report.per_label(lambda x: topic_of(knowledge, x)), "topic"),
            "per_aspect": stats(report.per_label(lambda x: aspect_of(knowledge, x)), "aspect"),
            "confusions": [
                {
                    "expected": expected,
                    "got": got,
                    "count": len(outcomes),
                    "questions": [o.case.case.q for o in outcomes],
                }
                for (expected, got), outcomes in report.confusions()
            ],
        }
    unsupported = []
    for intent_id, lang, index, found in brain.engine.unsupported_examples():
        file, line = knowledge.example_line(intent_id, lang, index)
        unsupported.append(
            {
                "intent": intent_id,
                "lang": lang,
                "example": knowledge.intents[intent_id].examples[lang][index],
                "file": file,
                "line": line,
                "hits": found,
            }
        )
    result["unsupported_examples"] = unsupported
    return result


def _same_answer(knowledge: Knowledge, expected: str, match: Match) -> bool:
    """A row that expects a topic's overview ("riyadh_meeting") is answered right by an
    answer to one aspect of that topic ("riyadh.when"): it is more precise, not wrong."""
    intent = knowledge.intents.get(expected)
    if intent is None or intent.topic is None or match.declined:
        return False
    if intent.aspect is None:
        return match.topic == intent.topic
    return (match.topic, match.aspect) == (intent.topic, intent.aspect)


@dataclass(frozen=True)
class TopicProbe:
    """Generic questions about one topic, asked with that topic's examples removed."""

    topic: str
    answered: int
    asked: int


def leave_topic_out(knowledge: Knowledge) -> list[TopicProbe]:
    """For each topic: drop every intent (and example) about it, then ask "<aspect form>
    <topic name>" for each aspect its facts answer. What is still answered is answered by
    the topic and aspect tags alone: a new fact tagged with them needs no new examples."""
    probes = []
    for topic_id, topic in knowledge.topics.items():
        kept = {k: i for k, i in knowledge.intents.items() if i.topic != topic_id}
        # readers' questions (asked.yaml) are examples too: none of them either
        reduced = Brain.build(
            dataclasses.replace(knowledge, intents=MappingProxyType(kept), asked=())
        )
        answered = asked = 0
        aspects = {a for f in knowledge.facts.values() if f.topic == topic_id for a in f.aspects}
        for aspect_id in sorted(aspects):
            forms = knowledge.aspects[aspect_id].forms
            for lang in LANGS:
                for form in forms[lang][:2]:
                    for name in topic.names[lang][:3]:
                        match = reduced.understanding.understand(f"{form} {name}?")
                        asked += 1
                        answered += (match.topic, match.aspect, match.fallback) == (
                            topic_id,
                            aspect_id,
                            False,
                        )
        probes.append(TopicProbe(topic_id, answered, asked))
    return probes


@dataclass(frozen=True)
class Coverage:
    """What the knowledge leaves out: article sentences no fact or quote rests on, and
    facts and quotes that no question (example, regression row, generic probe) reaches."""

    sentences: int
    uncovered: tuple[str, ...]
    unreached_facts: tuple[str, ...]
    unreached_quotes: tuple[str, ...]


def article_sentences(article: str) -> list[str]:
    """The article's sentences, line by line (headings and list items count as one)."""
    sentences = []
    for line in article.splitlines():
        for part in re.split(r"(?<=[.!?…])\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ\"„-])", line.strip()):
            part = " ".join(part.lstrip("- ").split())
            if len(part) >= _MIN_SENTENCE:
                sentences.append(part)
    return sentences


def coverage(brain: Brain, questions: Iterable[str]) -> Coverage:
    """Sentences by the facts' verbatim `source` and the quotes; reach by asking every
    question through the pipeline and looking for each fact and quote in the replies."""
    from bot.answering import respond
    from bot.replies import escape

    knowledge = brain.knowledge
    excerpts = [
        " ".join(text.split())
        for text in (
            *(excerpt for fact in knowledge.facts.values() for excerpt in fact.source),
            *(quote.pl for quote in knowledge.quotes.values()),
        )
    ]
    sentences = article_sentences(knowledge.article)
    uncovered = tuple(
        sentence
        for sentence in sentences
        if not any(excerpt in sentence or sentence in excerpt for excerpt in excerpts)
    )
    facts = {fact.id: {escape(fact.pl), escape(fact.en)} for fact in knowledge.facts.values()}
    quotes = {quote.id: {escape(quote.pl), escape(quote.en)} for quote in knowledge.quotes.values()}
    for question in dict.fromkeys(questions):
        html = respond(brain, question).reply.html
        for pool in (facts, quotes):
            for item_id in [i for i, texts in pool.items() if any(t in html for t in texts)]:
                del pool[item_id]
        if not facts and not quotes:
            break
    return Coverage(len(sentences), uncovered, tuple(facts), tuple(quotes))


def coverage_questions(knowledge: Knowledge, cases: Sequence[LocatedCase]) -> list[str]:
    """Every example, every regression row, and "<aspect form> <topic name>" for every
    aspect a topic's facts answer (as a reader who knows no example would ask)."""
    questions = [case.case.q for case in cases]
    for intent in knowledge.intents.values():
        for lang in LANGS:
            questions.extend(intent.examples[lang])
    for topic_id, topic in knowledge.topics.items():
        aspects = {a for f in knowledge.facts.values() if f.topic == topic_id for a in f.aspects}
        for aspect_id in sorted(aspects):
            for lang in LANGS:
                forms = knowledge.aspects[aspect_id].forms[lang][:1]
                questions.extend(
                    f"{form} {name}?" for form in forms for name in topic.names[lang][:1]
                )
    for person in knowledge.people.values():
        for lang in LANGS:
            questions.extend(
                f"{'kim jest' if lang == 'pl' else 'who is'} {name}?"
                for name in person.names[lang][:1]
            )
    return questions


def format_coverage(found: Coverage, detail: bool = True) -> str:
    lines = [
        f"Coverage: {found.sentences - len(found.uncovered)} of {found.sentences} article"
        f" sentences have a fact or quote resting on them; {len(found.unreached_facts)}"
        f" fact(s) and {len(found.unreached_quotes)} quote(s) no question reaches"
    ]
    if detail:
        lines += [f'  no fact rests on: "{sentence}"' for sentence in found.uncovered]
        lines += [f"  no question reaches fact {item}" for item in found.unreached_facts]
        lines += [f"  no question reaches quote {item}" for item in found.unreached_quotes]
    return "\n".join(lines)


def format_report(title: str, report: Report, detail: bool = True) -> str:
    """A plain-text table for the terminal."""
    wrong = [o for o in report.outcomes if not o.correct]
    lines = [
        f"{title}: {len(report.outcomes)} questions, accuracy {report.accuracy:.1%}"
        f" (wrong intent {sum(o.got != NO_ANSWER and o.expected != NO_ANSWER for o in wrong)},"
        f" answered out of scope {sum(o.expected == NO_ANSWER for o in wrong)},"
        f" missed answer {sum(o.got == NO_ANSWER for o in wrong)})"
    ]
    if not detail:
        return "\n".join(lines)
    lines.append(f"  {'intent':<24} {'precision':>9} {'recall':>7} {'support':>8}")
    for row in report.per_intent():
        lines.append(
            f"  {row.intent:<24} {row.precision:>9.2f} {row.recall:>7.2f} {row.support:>8}"
        )
    confusions = report.confusions()
    if confusions:
        lines.append("  confused (expected -> got):")
        for (expected, got), outcomes in confusions:
            sample = outcomes[0]
            lines.append(
                f"    {expected} -> {got}: {len(outcomes)}"
                f'  e.g. {sample.case.file}:{sample.case.line} "{sample.case.case.q}"'
                f" (score {sample.score})"
            )
    return "\n".join(lines)

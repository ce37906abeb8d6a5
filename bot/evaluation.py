"""Regression questions -> accuracy, per-intent precision and recall, confused pairs.

The same report as `rasa test nlu`, for `python -m bot check`. A fallback counts as the
pseudo-intent NO_ANSWER, so "the article doesn't say" is scored like any other answer.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

from bot.knowledge import LANGS, Knowledge, LocatedCase
from bot.matching import Match
from bot.runtime import Brain

NO_ANSWER = "(no answer)"


@dataclass(frozen=True)
class Outcome:
    case: LocatedCase
    expected: str
    got: str
    score: float
    unsure: bool

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
        expected = Counter(o.expected for o in self.outcomes)
        predicted = Counter(o.got for o in self.outcomes)
        hits = Counter(o.expected for o in self.outcomes if o.correct)
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
        outcomes.append(Outcome(located, expected, got, match.score, match.unsure))
    return Report(tuple(outcomes))


def _same_answer(knowledge: Knowledge, expected: str, match: Match) -> bool:
    """A row that expects a topic's overview ("riyadh_meeting") is answered right by an
    answer to one aspect of that topic ("riyadh.when"): it is more precise, not wrong."""
    intent = knowledge.intents.get(expected)
    if intent is None or intent.topic is None or match.fallback or match.unsure:
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
        reduced = Brain.build(dataclasses.replace(knowledge, intents=MappingProxyType(kept)))
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

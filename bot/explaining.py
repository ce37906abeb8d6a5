"""`ask --explain`: why the bot answered what it did, for maintainers.

Read-only: it asks the engine the same questions the pipeline does (the words after
typo correction, each term's weight, every intent's score) and says which reading and
which threshold decided. Nothing here changes an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.matching import Match
from bot.runtime import Brain
from bot.textnorm import tokens

TOP = 5


@dataclass(frozen=True)
class Explanation:
    candidates: tuple[tuple[str, float], ...]  # the best intents by the examples, best first
    corrections: tuple[tuple[str, str], ...]  # (typed word, the word it was read as)
    terms: tuple[tuple[str, float, float], ...]  # (term, confidence, weight), heaviest first
    unknown: int  # words no example uses
    unknown_weight: float  # what each of them weighs
    topic: str | None
    aspect: str | None
    person: str | None
    context: str | None  # what a follow-up leant on, from the conversation
    decision: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "candidates": [{"intent": i, "score": s} for i, s in self.candidates],
            "corrections": [{"typed": a, "read": b} for a, b in self.corrections],
            "terms": [{"term": t, "confidence": c, "weight": w} for t, c, w in self.terms],
            "unknown_words": self.unknown,
            "unknown_weight": self.unknown_weight,
            "topic": self.topic,
            "aspect": self.aspect,
            "person": self.person,
            "context": self.context,
            "decision": self.decision,
        }

    def lines(self) -> list[str]:
        candidates = ", ".join(f"{i} {s}" for i, s in self.candidates) or "none"
        corrections = ", ".join(f"{a} -> {b}" for a, b in self.corrections) or "none"
        terms = ", ".join(
            f"{t} {w:.2f}" if c >= 1 else f"{t} {w:.2f} (confidence {c:.2f})"
            for t, c, w in self.terms
        )
        if self.unknown:
            terms += f"; {self.unknown} unknown word(s), {self.unknown_weight:.2f} each"
        return [
            f"  candidates: {candidates}",
            f"  corrections: {corrections}",
            f"  words (weight): {terms.lstrip('; ') or 'none'}",
            f"  topic: {self.topic or '-'}, aspect: {self.aspect or '-'},"
            f" person: {self.person or '-'}, context: {self.context or '-'}",
            f"  decided by: {self.decision}",
        ]


def explain(brain: Brain, match: Match, context: str | None = None) -> Explanation:
    engine = brain.engine
    analysis = engine.analyse(match.question)
    typed = tokens(match.question)
    corrections = tuple((a, b) for a, b in zip(typed, analysis.words, strict=False) if a != b)
    names = engine.term_names()
    known = [(names[t], c, w) for t, c, w in analysis.resolved if t is not None]
    unknown = [w for t, _, w in analysis.resolved if t is None]
    scores = sorted(engine.scores(match.question).items(), key=lambda item: -item[1])
    candidates = tuple(scores[:TOP])
    return Explanation(
        candidates,
        corrections,
        tuple(sorted(known, key=lambda item: -item[2])),
        len(unknown),
        max(unknown, default=0.0),
        match.topic,
        match.aspect,
        match.person,
        context,
        _decision(brain, match, candidates),
    )


def _decision(brain: Brain, match: Match, candidates: tuple[tuple[str, float], ...]) -> str:
    thresholds = brain.engine.thresholds
    best = candidates[0] if candidates else None
    if match.meant is not None:
        return (
            f"readers' questions: the nearest to it in asked.yaml mean {match.meant!r}"
            " (answered so); the topics, aspects and examples alone declined it"
        )
    if match.answered:  # "gdzie i kiedy…?"
        kind = "partial" if match.partial else "each part"
        return (
            f"{kind}: of {match.topic}, the parts asked {', '.join(match.answered)} reported,"
            f" {', '.join(match.missing) or 'none'} not (precise ones make it partial)"
        )
    if match.partial:
        about = match.topic or match.person
        return f"partial: the article reports {about} but not {match.aspect or 'this detail'}"
    if match.fallback:
        if best is None:
            return "fallback: no example shares a word with the question"
        if best[1] < thresholds.min_score:
            return f"fallback: best score {best[1]} < min_score {thresholds.min_score}"
        intent = brain.knowledge.intents.get(best[0])
        if intent is not None and intent.kind == "out_of_scope":
            return f"fallback: the best, {best[0]} ({best[1]}), lists questions out of scope"
        return f"fallback: {best[0]} ({best[1]}) declined: off topic, or another topic named"
    if match.others:
        compared = ", ".join((match.topic or "?", *match.others))
        return f"order: when each of {compared} took place, earliest first where topics say"
    if match.unsure:
        return (
            f"did you mean: {len(match.alternatives)} intents within margin"
            f" {thresholds.margin} of the best ({match.score})"
        )
    if best is None or best[0] != match.intent or match.score < thresholds.min_score:
        # the reading chose it, whether or not the examples' best happens to be the same
        return f"topic and aspect: {match.topic}.{match.aspect or 'overview'} (not the examples)"
    if round(match.score, 1) != round(best[1], 1):  # a long message, read by its question
        return (
            f"examples, on its question sentence: {round(match.score, 1)} >= min_score"
            f" {thresholds.min_score} (the whole message scores {best[1]}, as listed)"
        )
    runner_up = candidates[1][1] if len(candidates) > 1 else 0.0
    if best[1] - runner_up <= thresholds.margin:
        return (
            f"examples: {best[1]} >= min_score {thresholds.min_score}; the runner-up is within"
            f" margin {thresholds.margin}, but both answers start with the same fact"
        )
    return (
        f"examples: {best[1]} >= min_score {thresholds.min_score}, more than margin"
        f" {thresholds.margin} above the runner-up ({runner_up})"
    )

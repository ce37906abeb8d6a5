"""The blind held-out set: questions written from the article alone, scored by what they ask.

Each answerable row names the detail a right answer must contain (any one of several
spellings; a list of such lists when it asks for several details, each needed), so the
figures do not depend on the engine's intents or topics: an answer is right when it is not
a fallback and gives that detail. Near misses (`not_in_article`) and unrelated questions
are right when the bot says the article doesn't say. The same rows are asked again
without diacritics and with one and two typos, made deterministically.

`check` prints only the figures of this set: reading its misses would mean tuning on it.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.problems import KnowledgeError, Problem
from bot.textnorm import fold
from bot.yamlsource import load_located

Expect = Literal["answer", "not_in_article", "unrelated"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Row(_Model):
    """One question and what a right reply does with it."""

    q: str = Field(min_length=1)
    lang: Literal["pl", "en"]
    style: Literal["formal", "casual", "paraphrase", "short", "long"] | None = None
    expect: Expect
    # Spellings of the detail, any one will do; or groups of them, one of each group needed
    # ("27 lutego i 10 kwietnia": [[27], [10], [kwie, apr]]).
    detail: list[str | list[str]] = []


class _HeldoutFile(_Model):
    questions: list[Row]
    dialogues: list[list[Row]] = []


@dataclass(frozen=True)
class Reply:
    """What the evaluation needs to know of a reply: did it decline, and its plain text."""

    fallback: bool
    text: str


# (question, conversation state or None for a fresh one) -> reply; the state is opaque here.
Responder = Callable[[str, object], tuple[Reply, object]]


def load_heldout(path: Path) -> tuple[list[Row], list[list[Row]]]:
    """Read and validate a held-out file; problems name file:line like the knowledge's."""
    located = load_located(path)
    try:
        parsed = _HeldoutFile.model_validate(located.data)
    except ValueError as exc:
        errors: list[Any] = getattr(exc, "errors", lambda: [])()
        raise KnowledgeError(
            [located.problem(tuple(e["loc"]), str(e["msg"])) for e in errors]
            or [Problem(located.file, 0, "", str(exc))]
        ) from exc
    problems = [
        located.problem(("questions", i, "detail"), "an answerable row needs a detail")
        for i, row in enumerate(parsed.questions)
        if row.expect == "answer" and not row.detail
    ]
    if problems:
        raise KnowledgeError(problems)
    return parsed.questions, parsed.dialogues


def is_right(row: Row, reply: Reply) -> bool:
    """The rule every figure uses: the detail asked for, or an honest "not in the article"."""
    if row.expect != "answer":
        return reply.fallback
    text = fold(reply.text)
    flat = [d for d in row.detail if isinstance(d, str)]
    groups = [flat] if flat else []
    groups += [d for d in row.detail if not isinstance(d, str)]
    return not reply.fallback and all(any(fold(d) in text for d in group) for group in groups)


def strip_diacritics(text: str) -> str:
    """How people type without Polish letters: "Ławrów" -> "Lawrow"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def with_typos(text: str, count: int, seed: int) -> str:
    """`count` typos in different words of four letters or more: a swap, a dropped, doubled
    or replaced letter, never the first one, chosen by a seeded generator."""
    rng = random.Random(seed)  # noqa: S311 - reproducible noise, not security
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if sum(ch.isalpha() for ch in w) >= 4]
    rng.shuffle(candidates)
    for index in candidates[:count]:
        word = words[index]
        letters = [i for i, ch in enumerate(word) if ch.isalpha() and i > 0]
        at = rng.choice(letters)
        kind = rng.randrange(4)
        if kind == 0 and at + 1 < len(word) and word[at + 1].isalpha():
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        elif kind == 1:
            word = word[:at] + word[at + 1 :]
        elif kind == 2:
            word = word[:at] + word[at] + word[at:]
        else:
            word = word[:at] + rng.choice("aeioulnrst") + word[at + 1 :]
        words[index] = word
    return " ".join(words)


@dataclass(frozen=True)
class Figure:
    name: str
    right: int
    total: int

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.name} {self.share:.1%} ({self.right}/{self.total})"


def _figure(name: str, outcomes: Iterable[bool]) -> Figure:
    results = list(outcomes)
    return Figure(name, sum(results), len(results))


def _ask(respond: Responder, rows: Sequence[Row], transform: Callable[[str], str]) -> list[bool]:
    return [is_right(row, respond(transform(row.q), None)[0]) for row in rows]


def measure(
    respond: Responder, questions: Sequence[Row], dialogues: Sequence[Sequence[Row]]
) -> list[Figure]:
    """Every figure of the held-out set, in a fixed order."""
    answerable = [row for row in questions if row.expect == "answer"]
    figures = [
        _figure("answerable", _ask(respond, answerable, str)),
        *(
            _figure(
                f"answerable {lang}", _ask(respond, [r for r in answerable if r.lang == lang], str)
            )
            for lang in ("pl", "en")
        ),
        _figure(
            "near misses honest",
            _ask(respond, [r for r in questions if r.expect == "not_in_article"], str),
        ),
        _figure(
            "unrelated honest",
            _ask(respond, [r for r in questions if r.expect == "unrelated"], str),
        ),
    ]
    for style in ("paraphrase", "long"):
        rows = [r for r in answerable if r.style == style]
        if rows:
            figures.append(_figure(f"{style} questions", _ask(respond, rows, str)))
    turns: list[bool] = []
    for dialogue in dialogues:
        state: object = None
        for number, row in enumerate(dialogue):
            reply, state = respond(row.q, state)
            if number:
                turns.append(is_right(row, reply))
    figures.append(_figure("follow-ups", turns))
    figures.append(_figure("no diacritics", _ask(respond, answerable, strip_diacritics)))
    for count, label in ((1, "one typo"), (2, "two typos")):
        outcomes = [
            is_right(row, respond(with_typos(row.q, count, seed), None)[0])
            for seed, row in enumerate(answerable)
        ]
        figures.append(_figure(label, outcomes))
    return figures

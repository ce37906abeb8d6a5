"""`teach`: a question becomes an example of an intent (or a regression row), safely.

The YAML is edited as text, one line inserted after the last item of the list, so the
maintainers' comments and layout survive. The edit is tried on a copy of knowledge/
first: it is written only when the copy validates, passes the regression gate and leaves
every example finding its own intent; otherwise nothing is written and the reasons are
returned. Either way the questions whose answer the change would move are listed.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.knowledge import TESTS_FILE, Knowledge
from bot.problems import KnowledgeError, Problem
from bot.runtime import Brain, load_brain
from bot.yamlsource import load_located

INTENTS_FILE = "intents.yaml"
NO_ANSWER_TARGETS = frozenset({"null", "none", "-"})


@dataclass(frozen=True)
class Change:
    """A question whose answer the edit moves: the intent (or "(no answer)") before and after."""

    question: str
    before: str
    after: str


@dataclass(frozen=True)
class Taught:
    file: str
    line: int  # the line the edit inserted (in the new file)
    changes: tuple[Change, ...]
    problems: tuple[Problem, ...]  # non-empty: refused, nothing was written
    now: str = ""  # what the question gets with the change

    @property
    def written(self) -> bool:
        return not self.problems


class TeachError(Exception):
    """The edit cannot even be attempted (unknown intent, a list written inline…)."""


def yaml_scalar(text: str) -> str:
    """The question as a YAML value: plain when it reads back as itself, else double-quoted."""
    try:
        if yaml.safe_load(f"- {text}") == [text]:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def insert_after(text: str, line: int, new_item: str) -> tuple[str, int]:
    """Insert a list item after `line` (1-based), indented like it; return text and new line."""
    lines = text.splitlines(keepends=True)
    previous = lines[line - 1]
    stripped = previous.lstrip(" ")
    if not stripped.startswith("- "):
        raise TeachError(f"line {line} is not a `- ` list item: add this one by hand")
    # A plain item may continue on more-indented lines: insert after all of them.
    indent = len(previous) - len(stripped)
    end = line
    while end < len(lines):
        following = lines[end]
        if not following.strip() or len(following) - len(following.lstrip(" ")) <= indent:
            break
        end += 1
    if not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines.insert(end, f"{' ' * indent}- {new_item}\n")
    return "".join(lines), end + 1


def add_example(directory: Path, intent_id: str, lang: str, question: str) -> tuple[str, int]:
    """intents.yaml with `question` appended to the intent's examples in `lang`."""
    located = load_located(directory / INTENTS_FILE)
    intents = located.data.get("intents") or []
    position = next((n for n, i in enumerate(intents) if i.get("id") == intent_id), None)
    if position is None:
        raise TeachError(f"no intent '{intent_id}' in {INTENTS_FILE}")
    examples = ((intents[position].get("examples") or {}).get(lang)) or []
    if not examples:
        raise TeachError(f"intent '{intent_id}' has no {lang} examples yet: add the first by hand")
    line = located.line_of(("intents", position, "examples", lang, len(examples) - 1))
    text = (directory / INTENTS_FILE).read_text(encoding="utf-8")
    return insert_after(text, line, yaml_scalar(question))


def add_case(directory: Path, question: str, intent: str | None) -> tuple[str, int]:
    """tests.yaml with a regression row appended: question -> intent (None: no answer)."""
    located = load_located(directory / TESTS_FILE)
    rows = located.data.get("tests") or []
    if not rows:
        raise TeachError(f"{TESTS_FILE} has no rows yet: add the first by hand")
    line = located.line_of(("tests", len(rows) - 1))
    row = f"{{q: {json.dumps(question, ensure_ascii=False)}, intent: {intent or 'null'}}}"
    text = (directory / TESTS_FILE).read_text(encoding="utf-8")
    return insert_after(text, line, row)


def label(brain: Brain, question: str) -> str:
    """What the bot answers, as `check` scores it: an intent, `topic.aspect` or no answer."""
    from bot.evaluation import NO_ANSWER

    match = brain.understanding.understand(question)
    return match.intent if match.intent is not None and not match.fallback else NO_ANSWER


def changed_answers(before: Brain, after: Brain, questions: Iterable[str]) -> list[Change]:
    changes = []
    for question in dict.fromkeys(questions):
        old, new = label(before, question), label(after, question)
        if old != new:
            changes.append(Change(question, old, new))
    return changes


def teach(
    directory: Path,
    question: str,
    target: str,
    as_test: bool = False,
    traffic: Sequence[str] = (),
) -> Taught:
    """Try the edit on a copy; write it to `directory` only if the copy passes everything
    `check` demands. `traffic` (e.g. the unanswered questions) joins the regression rows
    in the list of answers that change."""
    from bot.cli import misrouted_examples
    from bot.evaluation import run_gate

    question = " ".join(question.split())
    if not question:
        raise TeachError("the question is empty")
    before = load_brain(directory)
    intent = None if target.lower() in NO_ANSWER_TARGETS else target
    if intent is not None and intent not in before.knowledge.intents:
        raise TeachError(f"no intent '{target}'{_close(target, before.knowledge)}")
    if as_test:
        name = TESTS_FILE
        text, line = add_case(directory, question, intent)
    else:
        if intent is None:
            raise TeachError("an example needs an intent: use --test for a 'no answer' row")
        name = INTENTS_FILE
        lang = before.understanding.understand(question).lang
        text, line = add_example(directory, intent, lang, question)
    old_report, old_problems = run_gate(before, directory)
    with tempfile.TemporaryDirectory(prefix="teach-") as scratch:
        copy = Path(scratch) / "knowledge"
        shutil.copytree(directory, copy)
        (copy / name).write_text(text, encoding="utf-8")
        try:
            after = load_brain(copy)
        except KnowledgeError as exc:
            return Taught(name, line, (), tuple(exc.problems))
        report, problems = run_gate(after, copy)
        known = {str(p) for p in old_problems}
        new_problems = [p for p in problems if str(p) not in known]
        old_misrouted = {p.message for p in misrouted_examples(before.engine, before.knowledge)}
        new_problems += [
            p
            for p in misrouted_examples(after.engine, after.knowledge)
            if p.message not in old_misrouted
        ]
    gate_report = report or old_report
    rows = [o.case.case.q for o in gate_report.outcomes] if gate_report else []
    changes = changed_answers(before, after, [question, *rows, *traffic])
    now = label(after, question)
    if new_problems:
        return Taught(name, line, tuple(changes), tuple(new_problems), now)
    _replace(directory / name, text)
    return Taught(name, line, tuple(changes), (), now)


def _close(target: str, knowledge: Knowledge) -> str:
    from bot.knowledge import did_you_mean

    return did_you_mean(target, knowledge.intents)


def _replace(path: Path, text: str) -> None:
    """Write atomically, so a running bot's reload never reads half a file."""
    temporary = path.with_name(f".{path.name}.teach")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)

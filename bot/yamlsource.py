"""YAML loading that remembers the line of every value, so that errors can say file:line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import yaml

from bot.problems import KnowledgeError, Problem

# libyaml's loader when available: the same nodes and line marks, several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YamlPath: TypeAlias = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
    """Plain Python data from one YAML file plus the line where each value starts."""

    file: str
    data: Any
    lines: dict[YamlPath, int]

    def line_of(self, path: YamlPath) -> int:
        """The line of the deepest part of `path` that exists (a missing field -> its parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1

    def problem(self, path: YamlPath, message: str) -> Problem:
        """A Problem located at `path`, with the path spelled as a field name."""
        return Problem(self.file, self.line_of(path), field_name(path), message)


def field_name(path: YamlPath) -> str:
    """`("intents", 3, "examples", "pl")` -> `intents[3].examples.pl`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_located(path: Path, display_name: str | None = None) -> Located:
    """Parse one YAML file; syntax errors and duplicate keys raise KnowledgeError with a line."""
    name = display_name or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError([Problem(name, 0, "", f"cannot read the file: {exc}")]) from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[YamlPath, int] = {}
        problems: list[Problem] = []
        data = _build(loader, node, (), lines, problems, name) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        reason = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeError([Problem(name, line, "", f"YAML syntax error: {reason}")]) from exc
    finally:
        loader.dispose()
    if problems:
        raise KnowledgeError(problems)
    return Located(name, data, lines)


def _build(
    loader: Any,
    node: yaml.Node,
    path: YamlPath,
    lines: dict[YamlPath, int],
    problems: list[Problem],
    name: str,
) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool | float) and key is not None:
                line = key_node.start_mark.line + 1
                problems.append(Problem(name, line, field_name(path), "a key must be a plain word"))
                continue
            if key in result:
                line = key_node.start_mark.line + 1
                field = field_name((*path, str(key)))
                problems.append(Problem(name, line, field, "this key is given twice"))
            result[key] = _build(loader, value_node, (*path, str(key)), lines, problems, name)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, item, (*path, index), lines, problems, name)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)

"""YAML loading that can say where every value came from, so that errors name file:line.

The bot loads each file once, fast, without a line table; only when something is wrong
(or `check` asks) is the file parsed again to find the line. That keeps start-up time and
memory for the happy path, and still gives every error its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import yaml

from bot.problems import KnowledgeError, Problem

# libyaml's loader when available: the same nodes and line marks, several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YamlPath: TypeAlias = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
    """Plain Python data from one YAML file, and the way back to the line of each value."""

    file: str
    path: Path
    data: Any = field(repr=False, compare=False)
    _lines: dict[YamlPath, int] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, path: YamlPath) -> int:
        """The line of the deepest part of `path` that exists (a missing field -> its parent)."""
        if not self._lines:
            self._lines.update(_parse(self.path, self.file, with_lines=True)[1])
        for end in range(len(path), -1, -1):
            line = self._lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1

    def problem(self, path: YamlPath, message: str) -> Problem:
        """A Problem located at `path`, with the path spelled as a field name."""
        return Problem(self.file, self.line_of(path), field_name(path), message)

    def without_data(self) -> Located:
        """The same file for line look-ups only, not keeping the parsed data alive."""
        return Located(self.file, self.path, None, self._lines)


def field_name(path: YamlPath) -> str:
    """`("intents", 3, "examples", "pl")` -> `intents[3].examples.pl`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_located(path: Path) -> Located:
    """Parse one YAML file; syntax errors and duplicate keys raise KnowledgeError with a line."""
    data, _ = _parse(path, path.name, with_lines=False)
    return Located(path.name, path, data)


def read_utf8(path: Path, name: str) -> str:
    """The text of a knowledge file; one that is not UTF-8 (a Windows-1250 save, say) is
    reported at its first bad line, with the fix."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KnowledgeError([Problem(name, 0, "", f"cannot read the file: {exc}")]) from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at column {column}):"
            " save it as UTF-8"
        )
        raise KnowledgeError([Problem(name, line, "", message)]) from exc


def _parse(path: Path, name: str, with_lines: bool) -> tuple[Any, dict[YamlPath, int]]:
    text = read_utf8(path, name)
    loader = _Loader(text)
    builder = _Builder(loader, name, {} if with_lines else None)
    try:
        node = loader.get_single_node()
        data = builder.build(node, ()) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        reason = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeError([Problem(name, line, "", f"YAML syntax error: {reason}")]) from exc
    finally:
        loader.dispose()
    if builder.problems:
        raise KnowledgeError(builder.problems)
    return data, builder.lines or {}


class _Builder:
    """Nodes -> plain data, refusing duplicate keys, optionally noting each value's line."""

    def __init__(self, loader: Any, name: str, lines: dict[YamlPath, int] | None) -> None:
        self.loader = loader
        self.name = name
        self.lines = lines
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        if self.lines is not None:
            self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                if not isinstance(key, str | int | bool | float) and key is not None:
                    self.problems.append(
                        Problem(self.name, line, field_name(path), "a key must be a plain word")
                    )
                    continue
                if key in result:
                    where = field_name((*path, str(key)))
                    self.problems.append(Problem(self.name, line, where, "this key is given twice"))
                result[key] = self.build(value_node, (*path, str(key)))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)

"""The knowledge and engine the bot serves, swapped atomically on reload.

A reload builds a complete new Brain off to the side; only when it validated is the one
reference replaced. A question reads `holder.current` once and answers from that snapshot,
so no question is ever answered from a half-loaded base, and a broken edit leaves the old
knowledge serving.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge import Knowledge, load_knowledge
from bot.matching import Engine
from bot.problems import KnowledgeError, Problem
from bot.understanding import Understanding


@dataclass(frozen=True)
class Brain:
    knowledge: Knowledge
    engine: Engine
    understanding: Understanding

    @classmethod
    def build(cls, knowledge: Knowledge) -> Brain:
        engine = Engine(knowledge)
        return cls(knowledge, engine, Understanding(knowledge, engine))


def load_brain(directory: Path) -> Brain:
    """Load and validate knowledge/ and build its engine; raises KnowledgeError."""
    return Brain.build(load_knowledge(directory))


class BrainHolder:
    """Owns the current Brain; `reload` is safe to call from any thread, one at a time."""

    def __init__(self, directory: Path, brain: Brain) -> None:
        self.directory = directory
        self._brain = brain
        self._reloading = threading.Lock()

    @property
    def current(self) -> Brain:
        return self._brain

    def reload(self) -> list[Problem]:
        """Swap in freshly loaded knowledge, or keep the old and return what is wrong."""
        with self._reloading:
            try:
                brain = load_brain(self.directory)
            except KnowledgeError as exc:
                return exc.problems
            self._brain = brain
            return []

"""What a conversation remembers between questions, and for how long.

A follow-up such as "a gdzie to było?" is answered within the topic of the previous
question. That context is kept for ten minutes per conversation (the console chat, a
private chat, one user in a group); after that a question starts afresh. The store is
bounded, so a bot with many users keeps only the most recent conversations.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from bot.knowledge import Lang
from bot.matching import Match
from bot.understanding import Context

CONTEXT_SECONDS = 600.0
MAX_CONVERSATIONS = 10_000


@dataclass
class Conversation:
    """One conversation's context and when it was last updated (monotonic seconds)."""

    context: Context | None = None
    updated: float = 0.0
    ttl: float = CONTEXT_SECONDS
    lang: Lang | None = None  # of the last question: "and Peskov?" has no language of its own

    def recall(self, now: float) -> Context | None:
        """The context, unless the conversation has been quiet for longer than the ttl."""
        if self.context is None or now - self.updated > self.ttl:
            return None
        return self.context

    def remember(self, match: Match, now: float) -> None:
        """Keep what the question was about. A question that names another topic replaces
        the context; one that recognised nothing ("dzięki") leaves it as it was."""
        self.lang = match.lang
        if match.topic is None and match.person is None:
            return
        previous = self.recall(now)
        person = match.person
        if person is None and previous is not None and previous.topic == match.topic:
            person = previous.person
        other = match.other  # "Z kim Ławrow uzgodnił…?": Rubio, and Lavrov the other one
        if other is None and previous is not None:
            # "Who is Rubio?" "And Lavrov?": Rubio is the other one
            other = previous.person if previous.person != person else previous.other
        self.context = Context(match.topic, person, match.aspect, other)
        self.updated = now


class Conversations:
    """Conversations by key (a chat, or a chat and a user), least recently used dropped."""

    def __init__(
        self,
        limit: int = MAX_CONVERSATIONS,
        ttl: float = CONTEXT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._items: OrderedDict[Hashable, Conversation] = OrderedDict()
        self.limit = limit
        self.ttl = ttl
        self.clock = clock

    def get(self, key: Hashable) -> Conversation:
        conversation = self._items.pop(key, None) or Conversation(ttl=self.ttl)
        self._items[key] = conversation
        while len(self._items) > self.limit:
            self._items.popitem(last=False)
        return conversation

    def __len__(self) -> int:
        return len(self._items)

"""The one pipeline from a question to the reply, for every front end.

The console chat, `ask`, the Telegram handlers, inline mode and the bench all call
`respond`: question, language hint, chosen language and conversation in; the verdict and
the HTML reply out. Context (what a follow-up refers to) is read and written here only.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

from bot.conversation import Conversation
from bot.knowledge import Lang
from bot.matching import MAX_QUESTION_CHARS, Match
from bot.replies import Reply, render
from bot.runtime import Brain


@dataclass(frozen=True)
class Answered:
    match: Match
    reply: Reply


def respond(
    brain: Brain,
    question: str,
    conversation: Conversation | None = None,
    *,
    hint: str | None = None,
    language: Lang | None = None,
    now: float | None = None,
) -> Answered:
    """Answer one question. `hint` (e.g. Telegram's language_code) only breaks a tie in
    language detection; `language` (the reader's explicit choice) wins over it."""
    now = time.monotonic() if now is None else now
    question = question[:MAX_QUESTION_CHARS]
    context = conversation.recall(now) if conversation is not None else None
    if conversation is not None and context is not None and conversation.lang is not None:
        hint = conversation.lang  # the language of the conversation breaks a tie first
    match = brain.understanding.understand(question, context, hint)
    if language is not None and language != match.lang:
        match = dataclasses.replace(match, lang=language)
    if conversation is not None:
        conversation.remember(match, now)
    return Answered(match, render(brain.knowledge, match))


def attention(brain: Brain, match: Match) -> str | None:
    """Why an answer belongs on the maintainers' list of unanswered questions, or None:
    `partial` (the topic but not the detail, or not every part of a question of several),
    `fallback`, `did_you_mean`, `asked` (the topics, aspects and examples declined it and
    the readers' questions nearest to it answered: worth a look, and a form or example that
    answers it directly), or `close` (the examples answered, but another intent scored
    within the margin)."""
    if match.partial or match.missing:  # "gdzie i kiedy…?": a part it could not answer
        return "partial"
    if match.fallback:
        return "fallback"
    if match.unsure:
        return "did_you_mean"
    if match.meant is not None:
        return "asked"
    if match.intent is None:
        return None
    scores = brain.engine.scores(match.question)
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    decided = len(ranked) > 1 and ranked[0][0] == match.intent  # by the examples
    if decided and ranked[0][1] - ranked[1][1] <= brain.engine.thresholds.margin:
        return "close"
    return None


def respond_to_choice(
    brain: Brain,
    intent_id: str,
    lang: Lang,
    conversation: Conversation | None = None,
    now: float | None = None,
) -> Answered | None:
    """A suggestion the reader picked (a button, a number in the console): that intent's
    answer, remembered like a typed question. None when the intent no longer exists."""
    match = brain.understanding.chosen(intent_id, lang)
    if match is None:
        return None
    if conversation is not None:
        conversation.remember(match, time.monotonic() if now is None else now)
    return Answered(match, render(brain.knowledge, match))

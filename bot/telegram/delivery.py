"""Delivery: Telegram's flood limits, retries of network faults, splitting, keyboards."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

from bot.knowledge import Knowledge, Lang
from bot.replies import Reply, split_message, title

if TYPE_CHECKING:
    from bot.telegram.services import Context

log = logging.getLogger(__name__)

# Telegram advises sendChatAction "only when a response from the bot will take a noticeable
# amount of time": so "typing…" appears when a reply is not out within TYPING_DELAY (flood
# limits, network retries), never for the usual instant answer. It lasts 5 s, or until sent.
TYPING_DELAY_SECONDS = 0.5
TYPING_COOLDOWN_SECONDS = 4.0


class ResilientLimiter(BaseRateLimiter[int]):
    """Telegram's flood limits (AIORateLimiter, optional) plus retries with backoff.

    AIORateLimiter paces requests and retries RetryAfter; on top of it, transient network
    errors (timeouts, 5xx) are retried with exponential backoff, so a reply is delivered
    once the network recovers instead of being lost. Requests Telegram rejected for good
    (400, 403, 401) are not retried. getUpdates never comes here: PTB's updater retries it.
    """

    def __init__(
        self,
        inner: BaseRateLimiter[int] | None,
        attempts: int = 8,
        first_delay: float = 0.5,
        max_delay: float = 8.0,
    ) -> None:
        self.inner = inner
        self.attempts = attempts
        self.first_delay = first_delay
        self.max_delay = max_delay

    async def initialize(self) -> None:
        if self.inner is not None:
            await self.inner.initialize()

    async def shutdown(self) -> None:
        if self.inner is not None:
            await self.inner.shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        delay = self.first_delay
        for attempt in range(1, self.attempts + 1):
            try:
                if self.inner is not None:
                    return await self.inner.process_request(
                        callback, args, kwargs, endpoint, data, rate_limit_args
                    )
                return await callback(*args, **kwargs)
            except (BadRequest, Forbidden, InvalidToken):
                raise
            except (RetryAfter, NetworkError) as exc:
                if attempt == self.attempts:
                    raise
                wait = retry_after_seconds(exc) if isinstance(exc, RetryAfter) else delay
                log.warning("%s failed (%s); retry %d in %.1f s", endpoint, exc, attempt, wait)
                await asyncio.sleep(wait)
                delay = min(delay * 2, self.max_delay)
        raise AssertionError("unreachable")  # pragma: no cover


def retry_after_seconds(exc: RetryAfter) -> float:
    value = exc.retry_after  # a timedelta with PTB_TIMEDELTA (see build_application)
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def show_typing(context: Context, chat_id: int, sent: dict[int, float]) -> None:
    """Send "typing…" without waiting for it, at most once per chat per few seconds."""
    now = time.monotonic()
    if now - sent.get(chat_id, -TYPING_COOLDOWN_SECONDS) < TYPING_COOLDOWN_SECONDS:
        return
    sent[chat_id] = now
    if len(sent) > 10_000:
        sent.clear()
    context.application.create_task(
        context.bot.send_chat_action(chat_id, ChatAction.TYPING), name="typing"
    )


async def send_reply(
    context: Context,
    message: Message,
    reply: Reply,
    keyboard: InlineKeyboardMarkup | None,
    quote: bool = False,
) -> None:
    """Send a reply, split to Telegram's size, with the suggestion buttons on the last part."""
    parts = split_message(reply.html)
    for number, part in enumerate(parts):
        last = number == len(parts) - 1
        await context.bot.send_message(
            message.chat_id,
            part,
            reply_markup=keyboard if last else None,
            reply_parameters=(
                ReplyParameters(message.message_id, allow_sending_without_reply=True)
                if quote and number == 0
                else None
            ),
        )


def suggestion_keyboard(
    knowledge: Knowledge, intents: Sequence[str], lang: Lang
) -> InlineKeyboardMarkup | None:
    """One button per suggested intent; pressing it asks that question."""
    buttons = [
        [InlineKeyboardButton(title(knowledge, intent, lang)[:64], callback_data=f"ask:{intent}")]
        for intent in intents
        if intent in knowledge.intents
    ]
    return InlineKeyboardMarkup(buttons) if buttons else None


def topic_keyboard(knowledge: Knowledge, lang: Lang) -> InlineKeyboardMarkup | None:
    topics = [i.id for i in knowledge.intents.values() if i.kind == "article"]
    return suggestion_keyboard(knowledge, topics, lang)

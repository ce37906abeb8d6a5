"""Delivery: Telegram's flood limits, retries of network faults, splitting, keyboards."""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Callable, Coroutine, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.knowledge import Knowledge, Lang
from bot.replies import Reply, split_message, title
from bot.telegram.botapi import GuardedBot

if TYPE_CHECKING:
    from bot.telegram.services import Context

log = logging.getLogger(__name__)

# Telegram advises sendChatAction "only when a response from the bot will take a noticeable
# amount of time": so "typing…" appears when a reply is not out within TYPING_DELAY (flood
# limits, network retries), never for the usual instant answer. It lasts 5 s, or until sent.
TYPING_DELAY_SECONDS = 0.5
TYPING_COOLDOWN_SECONDS = 4.0


class ResilientLimiter(BaseRateLimiter[int]):
    """The one retry layer: Telegram's flood limits, then retries within one deadline.

    The optional inner limiter (AIORateLimiter, built with max_retries=0) only paces
    requests; every retry happens here, so attempts never multiply across layers. Timeouts,
    5xx and RetryAfter are retried with exponential backoff (or the wait Telegram asks for)
    until `deadline` seconds after the first attempt; then the error is raised. Requests
    Telegram rejected for good (400, 403, 401) are not retried.

    What a retry cannot know: when a response is lost after Telegram handled the request (a
    read timeout), the retry sends the message again. Delivery is at least once; the user
    may see a reply twice, and never loses one while the deadline lasts.
    """

    def __init__(
        self,
        inner: BaseRateLimiter[int] | None,
        deadline: float = 60.0,
        first_delay: float = 0.5,
        max_delay: float = 8.0,
    ) -> None:
        self.inner = inner
        self.deadline = deadline
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
        loop = asyncio.get_running_loop()
        give_up_at = loop.time() + self.deadline
        delay = self.first_delay
        attempt = 0
        while True:
            attempt += 1
            try:
                if self.inner is not None:
                    return await self.inner.process_request(
                        callback, args, kwargs, endpoint, data, rate_limit_args
                    )
                return await callback(*args, **kwargs)
            except (BadRequest, Forbidden, InvalidToken):
                raise
            except (RetryAfter, NetworkError) as exc:
                wait = retry_after_seconds(exc) if isinstance(exc, RetryAfter) else delay
                if loop.time() + wait >= give_up_at:
                    log.error("%s failed (%s); gave up after %d tries", endpoint, exc, attempt)
                    raise
                log.warning("%s failed (%s); retry %d in %.1f s", endpoint, exc, attempt, wait)
                await asyncio.sleep(wait)
                delay = min(delay * 2, self.max_delay)


def retry_after_seconds(exc: RetryAfter) -> float:
    """The wait Telegram asked for, without PTB's warning about the attribute's type."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
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
    bot = context.bot
    for number, part in enumerate(parts):
        markup = keyboard if number == len(parts) - 1 else None
        reply_to = message.message_id if quote and number == 0 else None
        if isinstance(bot, GuardedBot):
            await bot.send_html(message.chat_id, part, markup, reply_to)
            continue
        await bot.send_message(
            message.chat_id,
            part,
            reply_markup=markup,
            reply_parameters=(
                ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
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

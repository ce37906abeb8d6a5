"""What the handlers share: one `Services` object built at start-up, kept in `bot_data`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, ContextTypes

from bot.config import Settings
from bot.conversation import Conversations
from bot.knowledge import Knowledge, Lang
from bot.runtime import BrainHolder
from bot.storage import Storage, Writer
from bot.telegram.delivery import suggestion_keyboard
from bot.throttle import UserThrottle

log = logging.getLogger(__name__)

App: TypeAlias = Application[Any, Any, Any, Any, Any, Any]
Context = ContextTypes.DEFAULT_TYPE
SERVICES = "services"


@dataclass
class Services:
    """Everything the handlers need, built once in `build_application`."""

    settings: Settings
    holder: BrainHolder
    storage: Storage
    throttle: UserThrottle
    languages: dict[int, Lang]  # chosen with /lang: read from the database, kept fresh
    writer: Writer  # storage writes on a thread of their own, never awaited by an answer
    typing_sent: dict[int, float] = field(default_factory=dict)
    # What each conversation is about, for follow-ups: per private chat, per user in groups.
    conversations: Conversations = field(default_factory=Conversations)
    # Keyboards are immutable PTB objects: build each once per knowledge version.
    keyboards: dict[tuple[tuple[str, ...], Lang], InlineKeyboardMarkup | None] = field(
        default_factory=dict
    )
    keyboards_for: Knowledge | None = None
    refresher: asyncio.Task[None] | None = None  # keeps `languages` fresh (see app.py)

    def keyboard(
        self, knowledge: Knowledge, intents: Sequence[str], lang: Lang
    ) -> InlineKeyboardMarkup | None:
        if self.keyboards_for is not knowledge:
            self.keyboards, self.keyboards_for = {}, knowledge
        key = (tuple(intents), lang)
        if key not in self.keyboards:
            self.keyboards[key] = suggestion_keyboard(knowledge, intents, lang)
        return self.keyboards[key]


def services(context: Context) -> Services:
    found: Services = context.application.bot_data[SERVICES]
    return found


def chosen_language(context: Context, user_id: int | None) -> Lang | None:
    """The language the user picked with /lang, if any."""
    return services(context).languages.get(user_id) if user_id is not None else None


async def reply_language(update: Update, context: Context) -> Lang:
    """For messages that are not questions: the chosen language, else Telegram's hint."""
    user = update.effective_user
    chosen = chosen_language(context, user.id if user else None)
    if chosen:
        return chosen
    code = (user.language_code or "") if user else ""
    return "pl" if code.lower().startswith("pl") else "en" if code else "pl"

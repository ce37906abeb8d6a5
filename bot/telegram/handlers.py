"""Thin PTB handlers: read the update, ask the current Brain, hand the reply to delivery."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Callable

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatType, MessageEntityType

from bot.answering import respond, respond_to_choice
from bot.knowledge import Bilingual, Knowledge, Lang, Messages
from bot.matching import MAX_QUESTION_CHARS, Match
from bot.replies import escape, render, split_message, title, to_plain_text
from bot.runtime import Brain, BrainHolder
from bot.telegram.delivery import (
    TYPING_DELAY_SECONDS,
    send_reply,
    show_typing,
    suggestion_keyboard,
    topic_keyboard,
)
from bot.telegram.services import (
    Context,
    chosen_language,
    reply_language,
    services,
)

log = logging.getLogger(__name__)

INLINE_RESULTS = 5


# -- user text, cleaned once at the edge ------------------------------------------------------

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def user_text(text: str) -> str:
    """User text as it may go anywhere: at most MAX_QUESTION_CHARS, and no lone surrogates
    (JSON may carry them; they cannot be encoded, so SQLite and HTTP would fail on them)."""
    return _LONE_SURROGATE.sub("\ufffd", text[:MAX_QUESTION_CHARS])


# -- answering questions -------------------------------------------------------------------


async def on_question(update: Update, context: Context) -> None:
    """A text question in a private chat (new or edited): answer it."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    await answer_question(update, context, message, message.text)


async def on_group_message(update: Update, context: Context) -> None:
    """In groups, only messages that mention the bot or reply to it are questions."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    question = addressed_question(message, context.bot.username, context.bot.id)
    if question is not None:
        await answer_question(update, context, message, question)


def addressed_question(message: Message, username: str, bot_id: int) -> str | None:
    """The question without the @mention, if the message is for this bot; else None."""
    text = message.text or ""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    mention = f"@{username}".lower()
    for entity in message.entities:
        part = message.parse_entity(entity)
        if entity.type == MessageEntityType.MENTION and part.lower() == mention:
            return text.replace(part, " ").strip()
        if (
            entity.type == MessageEntityType.TEXT_MENTION
            and entity.user
            and entity.user.id == bot_id
        ):
            return text.replace(part, " ").strip()
    return None


def conversation_key(message: Message, user_id: int) -> tuple[int, int | None]:
    """A private chat is one conversation; in a group, each user has their own."""
    return (message.chat_id, None if message.chat.type == ChatType.PRIVATE else user_id)


async def answer_question(
    update: Update, context: Context, message: Message, question: str
) -> None:
    started = time.perf_counter()
    svc = services(context)
    user = update.effective_user
    typing = asyncio.get_running_loop().call_later(
        TYPING_DELAY_SECONDS, show_typing, context, message.chat_id, svc.typing_sent
    )
    brain = svc.holder.current  # one snapshot for the whole answer, even during a reload
    question = user_text(question)
    hint = user.language_code if user else None
    chosen = chosen_language(context, user.id if user else None)
    user_id = user.id if user else message.chat_id
    conversation = svc.conversations.get(conversation_key(message, user_id))
    answered = respond(brain, question, conversation, hint=hint, language=chosen)
    match, reply = answered.match, answered.reply
    quote = message.chat.type != ChatType.PRIVATE
    try:
        keyboard = svc.keyboard(brain.knowledge, reply.suggestions, match.lang)
        await send_reply(context, message, reply, keyboard, quote)
    finally:
        typing.cancel()
    if match.fallback:  # queued, never awaited: a slow database must not hold up answers
        svc.writer.submit(
            svc.storage.record_unanswered, question, match.lang, match.guess, match.score
        )
    log.info(
        "answered intent=%s score=%.1f lang=%s fallback=%s unsure=%s latency_ms=%.1f",
        match.intent or "-",
        match.score,
        match.lang,
        match.fallback,
        match.unsure,
        (time.perf_counter() - started) * 1000,
    )


# -- commands -------------------------------------------------------------------------------


async def start_command(update: Update, context: Context) -> None:
    """/start: what the bot knows, with the topics as buttons."""
    if update.effective_message is None:
        return
    lang = await reply_language(update, context)
    knowledge = services(context).holder.current.knowledge
    summary = [i.id for i in knowledge.intents.values() if i.kind == "article"][:6]
    await update.effective_message.reply_text(
        escape(knowledge.messages.welcome[lang]),
        reply_markup=suggestion_keyboard(knowledge, summary, lang),
    )


async def help_command(update: Update, context: Context) -> None:
    """/help: example questions and how to reach the bot in groups and inline."""
    if update.effective_message is None:
        return
    lang = await reply_language(update, context)
    messages = services(context).holder.current.knowledge.messages
    lines = [escape(messages.help[lang])]
    lines += [f"• <i>{escape(example)}</i>" for example in messages.help_examples.get(lang, [])]
    lines += ["", escape(messages.help_commands[lang])]
    await update.effective_message.reply_text("\n".join(lines))


async def topics_command(update: Update, context: Context) -> None:
    """/topics: every topic as a button."""
    if update.effective_message is None:
        return
    lang = await reply_language(update, context)
    knowledge = services(context).holder.current.knowledge
    await update.effective_message.reply_text(
        escape(knowledge.messages.topics[lang]), reply_markup=topic_keyboard(knowledge, lang)
    )


async def lang_command(update: Update, context: Context) -> None:
    """/lang [pl|en]: set the reply language, or offer both as buttons."""
    message = update.effective_message
    if message is None:
        return
    choice = (context.args or [""])[0].lower()[:2]
    if choice in ("pl", "en") and update.effective_user is not None:
        await set_language(
            context, update.effective_user.id, "pl" if choice == "pl" else "en", message
        )
        return
    lang = await reply_language(update, context)
    messages = services(context).holder.current.knowledge.messages
    buttons = [
        [
            InlineKeyboardButton("Polski", callback_data="lang:pl"),
            InlineKeyboardButton("English", callback_data="lang:en"),
        ]
    ]
    await message.reply_text(
        escape(messages.lang_prompt[lang]), reply_markup=InlineKeyboardMarkup(buttons)
    )


async def set_language(context: Context, user_id: int, lang: Lang, message: Message) -> None:
    svc = services(context)
    svc.languages[user_id] = lang
    svc.writer.submit(svc.storage.set_language, user_id, lang)
    await message.reply_text(escape(svc.holder.current.knowledge.messages.lang_set[lang]))


async def reply_with(
    update: Update, context: Context, pick: Callable[[Messages], Bilingual]
) -> None:
    """Reply with one of the fixed messages, in the user's language."""
    if update.effective_message is None:
        return
    lang = await reply_language(update, context)
    text = pick(services(context).holder.current.knowledge.messages)[lang]
    await update.effective_message.reply_text(escape(text))


async def about_command(update: Update, context: Context) -> None:
    """/about: the source, and how facts are checked against it."""
    await reply_with(update, context, lambda messages: messages.about)


async def reload_command(update: Update, context: Context) -> None:
    """/reload (admins only): reload knowledge/, keeping the old one if the new is broken."""
    message = update.effective_message
    user = update.effective_user
    if message is None:
        return
    lang = await reply_language(update, context)
    svc = services(context)
    if user is None or user.id not in svc.settings.admin_ids:
        log.warning("refused /reload from a non-admin")
        await message.reply_text(escape(svc.holder.current.knowledge.messages.not_admin[lang]))
        return
    await message.reply_text(await reload_report(svc.holder, lang))


async def reload_and_log(holder: BrainHolder) -> None:
    """SIGHUP: reload and say in the log what happened."""
    log.info("SIGHUP: reloading the knowledge")
    await reload_report(holder, "en")


async def reload_report(holder: BrainHolder, lang: Lang) -> str:
    """Reload in a thread; the escaped HTML report for the admin (also logged)."""
    problems = await asyncio.to_thread(holder.reload)
    knowledge = holder.current.knowledge
    messages = knowledge.messages
    if problems:
        for problem in problems:
            log.error("reload refused: %s", problem)
        listed = "\n".join(f"• {escape(str(p))}" for p in problems[:20])
        more = f"\n… (+{len(problems) - 20})" if len(problems) > 20 else ""
        return f"{escape(messages.reload_failed[lang])}\n{listed}{more}"
    log.info("knowledge reloaded: %d intents", len(knowledge.intents))
    counts = {
        "intents": len(knowledge.intents),
        "facts": len(knowledge.facts),
        "quotes": len(knowledge.quotes),
    }
    return escape(messages.reload_ok[lang].format(**counts))


# -- buttons, inline mode, everything else -------------------------------------------------


async def on_callback(update: Update, context: Context) -> None:
    """A button press: always answer the callback query, then do what the button says."""
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    kind, _, value = (query.data or "").partition(":")
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        return
    if kind == "lang" and value in ("pl", "en"):
        await set_language(context, query.from_user.id, "pl" if value == "pl" else "en", message)
        return
    svc = services(context)
    brain = svc.holder.current
    lang = await reply_language(update, context)
    conversation = svc.conversations.get(conversation_key(message, query.from_user.id))
    answered = respond_to_choice(brain, value, lang, conversation) if kind == "ask" else None
    if answered is None:
        await message.reply_text(escape(brain.knowledge.messages.unknown_topic[lang]))
        return
    keyboard = svc.keyboard(brain.knowledge, answered.reply.suggestions, lang)
    await send_reply(context, message, answered.reply, keyboard)


async def on_inline_query(update: Update, context: Context) -> None:
    """`@bot kiedy runda` in any chat: the matching answers as articles to pick from."""
    query = update.inline_query
    if query is None:
        return
    brain = services(context).holder.current
    knowledge = brain.knowledge
    text = user_text(query.query).strip()
    # Inline queries come from any chat and have no conversation: no context.
    match = respond(brain, text, hint=query.from_user.language_code).match if text else None
    lang = match.lang if match else await reply_language(update, context)
    if match is None:
        intents = [i.id for i in knowledge.intents.values() if i.kind == "article"][:INLINE_RESULTS]
    else:
        intents = list(match.candidates[:INLINE_RESULTS])
    results = [inline_article(brain, intent, lang) for intent in intents]
    if not results and match is not None:
        results = [inline_fallback(knowledge, match)]
    await query.answer(results, cache_time=60, is_personal=True)  # languages differ per user


def inline_article(brain: Brain, intent_id: str, lang: Lang) -> InlineQueryResultArticle:
    answered = respond_to_choice(brain, intent_id, lang)
    assert answered is not None  # noqa: S101 - the ids come from this brain's own intents
    html = split_message(answered.reply.html)[0]
    heading = title(brain.knowledge, intent_id, lang)
    summary = " ".join(to_plain_text(html).removeprefix(heading).split())
    return InlineQueryResultArticle(
        id=intent_id,
        title=heading,
        description=summary[:200],
        input_message_content=InputTextMessageContent(html),
    )


def inline_fallback(knowledge: Knowledge, match: Match) -> InlineQueryResultArticle:
    text = knowledge.messages.fallback[match.lang]
    return InlineQueryResultArticle(
        id="fallback",
        title=text.split(".")[0],
        description=text,
        input_message_content=InputTextMessageContent(render(knowledge, match).html),
    )


async def on_other(update: Update, context: Context) -> None:
    """Stickers, photos, voice…: a short hint that only text works."""
    await reply_with(update, context, lambda messages: messages.non_text)


async def on_error(update: object, context: Context) -> None:
    """Log every failure, and still tell the user something: the bot never goes silent."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.inline_query is not None or update.effective_chat.type != ChatType.PRIVATE:
        return
    with contextlib.suppress(Exception):
        lang = await reply_language(update, context)
        messages = services(context).holder.current.knowledge.messages
        await context.bot.send_message(update.effective_chat.id, escape(messages.error[lang]))

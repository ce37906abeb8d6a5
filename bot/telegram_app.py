"""The Telegram adapter: thin PTB handlers over the engine, and the Application around them.

Handlers read the update, ask the current Brain, and send what `replies` composed. All
state lives in one `Services` object built at start-up and kept in `bot_data`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sqlite3
import time
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeAlias
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType, MessageEntityType, ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.ext import (
    Defaults as PTBDefaults,
)

from bot.answering import respond, respond_to_choice
from bot.config import Settings
from bot.conversation import Conversations
from bot.knowledge import Bilingual, Knowledge, Lang, Messages
from bot.matching import MAX_QUESTION_CHARS, Match
from bot.replies import Reply, escape, render, split_message, title, to_plain_text
from bot.runtime import Brain, BrainHolder
from bot.storage import Storage
from bot.throttle import UserThrottle, Verdict

log = logging.getLogger(__name__)

App: TypeAlias = Application[Any, Any, Any, Any, Any, Any]

SERVICES = "services"
# Telegram advises sendChatAction "only when a response from the bot will take a noticeable
# amount of time": so "typing…" appears when a reply is not out within TYPING_DELAY (flood
# limits, network retries), never for the usual instant answer. It lasts 5 s, or until sent.
TYPING_DELAY_SECONDS = 0.5
TYPING_COOLDOWN_SECONDS = 4.0
INLINE_RESULTS = 5
Context = ContextTypes.DEFAULT_TYPE


@dataclass
class Services:
    """Everything the handlers need, built once in `build_application`."""

    settings: Settings
    holder: BrainHolder
    storage: Storage
    throttle: UserThrottle
    languages: dict[int, Lang]  # chosen with /lang; loaded once, written through
    # One thread for SQLite writes, so they never queue behind (or hold up) the default
    # executor, which asyncio also uses to resolve host names for new connections.
    writer: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="storage")
    )
    typing_sent: dict[int, float] = field(default_factory=dict)
    # What each conversation is about, for follow-ups: per private chat, per user in groups.
    conversations: Conversations = field(default_factory=Conversations)
    # Keyboards are immutable PTB objects: build each once per knowledge version.
    keyboards: dict[tuple[tuple[str, ...], Lang], InlineKeyboardMarkup | None] = field(
        default_factory=dict
    )
    keyboards_for: Knowledge | None = None

    def keyboard(
        self, knowledge: Knowledge, intents: Sequence[str], lang: Lang
    ) -> InlineKeyboardMarkup | None:
        if self.keyboards_for is not knowledge:
            self.keyboards, self.keyboards_for = {}, knowledge
        key = (tuple(intents), lang)
        if key not in self.keyboards:
            self.keyboards[key] = suggestion_keyboard(knowledge, intents, lang)
        return self.keyboards[key]

    async def write(self, action: Callable[..., None], *args: Any) -> None:
        """Run a storage write in the writer thread. A failure is logged, not raised: the
        user has had their answer, and a full disk must not turn it into an error."""
        try:
            await asyncio.get_running_loop().run_in_executor(self.writer, action, *args)
        except (sqlite3.Error, OSError):
            log.exception("storage write failed: %s", getattr(action, "__name__", action))


def services(context: Context) -> Services:
    found: Services = context.application.bot_data[SERVICES]
    return found


# -- delivery that survives flood limits and network faults ---------------------------------


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


# -- building and running ----------------------------------------------------------------


def build_application(settings: Settings, holder: BrainHolder, storage: Storage) -> App:
    """The PTB Application with every handler wired; nothing is started."""
    token = settings.token
    if token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    # PTB 22 deprecates int time periods (RetryAfter.retry_after among them) and warns on
    # every use unless this opt-in to the future default is set; it is read at each use.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    limiter = ResilientLimiter(AIORateLimiter(max_retries=3) if settings.flood_limits else None)
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_url.replace("/bot", "/file/bot"))
        .rate_limiter(limiter)
        .connect_timeout(settings.telegram_timeout)
        .read_timeout(settings.telegram_timeout)
        .write_timeout(settings.telegram_timeout)
        .pool_timeout(settings.telegram_timeout)
        .get_updates_connect_timeout(settings.telegram_timeout)
        .get_updates_pool_timeout(settings.telegram_timeout)
        .concurrent_updates(True)
        .defaults(PTBDefaults(parse_mode=ParseMode.HTML))
        .post_init(on_startup)
        .post_shutdown(on_shutdown)
        .build()
    )
    application.bot_data[SERVICES] = Services(
        settings,
        holder,
        storage,
        UserThrottle(settings.user_burst, settings.user_window_seconds),
        storage.languages(),
    )
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    text = filters.TEXT & ~filters.COMMAND
    application.add_handlers(
        [
            CommandHandler("start", start_command),
            CommandHandler("help", help_command),
            CommandHandler("topics", topics_command),
            CommandHandler("lang", lang_command),
            CommandHandler("about", about_command),
            CommandHandler("reload", reload_command),
            MessageHandler(filters.UpdateType.MESSAGE & text & private, on_question),
            MessageHandler(filters.UpdateType.MESSAGE & text & groups, on_group_message),
            MessageHandler(filters.UpdateType.EDITED_MESSAGE & text & private, on_question),
            MessageHandler(filters.UpdateType.EDITED_MESSAGE & text & groups, on_group_message),
            MessageHandler(
                filters.UpdateType.MESSAGE & ~text & ~filters.COMMAND & private, on_other
            ),
            CallbackQueryHandler(on_callback),
            InlineQueryHandler(on_inline_query),
        ]
    )
    application.add_error_handler(on_error)
    return application


async def on_startup(application: App) -> None:
    """Register the command list in both languages and reload on SIGHUP."""
    messages = application.bot_data[SERVICES].holder.current.knowledge.messages
    for lang, language_code in (("en", None), ("pl", "pl")):
        commands = [BotCommand(name, text[lang]) for name, text in messages.commands.items()]
        try:
            await application.bot.set_my_commands(commands, language_code=language_code)
        except TelegramError:  # the menu is a convenience: serve questions without it
            log.exception("could not register the %s command list", lang)
    if hasattr(signal, "SIGHUP"):
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(
                signal.SIGHUP, lambda: application.create_task(reload_and_log(application))
            )
    log.info("bot @%s is up", application.bot.username)


async def on_shutdown(application: App) -> None:
    """Let pending SQLite writes finish, then close the writer's connection."""
    svc: Services = application.bot_data[SERVICES]
    await svc.write(svc.storage.close)
    await asyncio.get_running_loop().run_in_executor(None, svc.writer.shutdown)


def run(settings: Settings, holder: BrainHolder, storage: Storage) -> None:
    """Serve until SIGINT or SIGTERM: long polling, or a webhook when WEBHOOK_URL is set."""
    application = build_application(settings, holder, storage)
    if settings.webhook_url:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        if secret is None:
            import secrets

            secret = secrets.token_urlsafe(32)
            log.info("WEBHOOK_SECRET is not set; using a random one for this run")
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
            bootstrap_retries=-1,
        )
    else:
        # bootstrap_retries=-1: if Telegram is unreachable at start, keep trying, don't exit.
        application.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)
    log.info("bot stopped")


# -- language --------------------------------------------------------------------------


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


async def answer_question(
    update: Update, context: Context, message: Message, question: str
) -> None:
    started = time.perf_counter()
    svc = services(context)
    user = update.effective_user
    user_id = user.id if user else message.chat_id
    verdict = svc.throttle.check(user_id)
    if verdict is not Verdict.ALLOW:
        if verdict is Verdict.WARN:
            lang = await reply_language(update, context)
            await message.reply_text(escape(svc.holder.current.knowledge.messages.throttled[lang]))
        return
    typing = asyncio.get_running_loop().call_later(
        TYPING_DELAY_SECONDS, show_typing, context, message.chat_id
    )
    brain = svc.holder.current  # one snapshot for the whole answer, even during a reload
    question = question[:MAX_QUESTION_CHARS]
    hint = user.language_code if user else None
    chosen = chosen_language(context, user.id if user else None)
    conversation = svc.conversations.get(conversation_key(message, user_id))
    answered = respond(brain, question, conversation, hint=hint, language=chosen)
    match, reply = answered.match, answered.reply
    quote = message.chat.type != ChatType.PRIVATE
    try:
        await send_reply(context, message, reply, brain.knowledge, match.lang, quote)
    finally:
        typing.cancel()
    if match.fallback:
        await svc.write(
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


def conversation_key(message: Message, user_id: int) -> tuple[int, int | None]:
    """A private chat is one conversation; in a group, each user has their own."""
    return (message.chat_id, None if message.chat.type == ChatType.PRIVATE else user_id)


def show_typing(context: Context, chat_id: int) -> None:
    """Send "typing…" without waiting for it, at most once per chat per few seconds."""
    sent = services(context).typing_sent
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
    knowledge: Knowledge,
    lang: Lang,
    quote: bool = False,
) -> None:
    """Send a reply, split to Telegram's size, with the suggestion buttons on the last part."""
    parts = split_message(reply.html)
    keyboard = services(context).keyboard(knowledge, reply.suggestions, lang)
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
    await svc.write(svc.storage.set_language, user_id, lang)
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
    await message.reply_text(await reload_report(context.application, lang))


async def reload_and_log(application: App) -> None:
    """SIGHUP: reload and say in the log what happened."""
    log.info("SIGHUP: reloading the knowledge")
    await reload_report(application, "en")


async def reload_report(application: App, lang: Lang) -> str:
    """Reload in a thread; the escaped HTML report for the admin (also logged)."""
    svc: Services = application.bot_data[SERVICES]
    problems = await asyncio.to_thread(svc.holder.reload)
    knowledge = svc.holder.current.knowledge
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
    await send_reply(context, message, answered.reply, brain.knowledge, lang)


async def on_inline_query(update: Update, context: Context) -> None:
    """`@bot kiedy runda` in any chat: the matching answers as articles to pick from."""
    query = update.inline_query
    if query is None:
        return
    brain = services(context).holder.current
    knowledge = brain.knowledge
    text = query.query[:MAX_QUESTION_CHARS].strip()
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
    summary = " ".join(
        to_plain_text(html).split()[len(title(brain.knowledge, intent_id, lang).split()) :]
    )
    return InlineQueryResultArticle(
        id=intent_id,
        title=title(brain.knowledge, intent_id, lang),
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

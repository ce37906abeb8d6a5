"""Building and running the Application: wiring, start-up, shutdown, polling or webhook.

`run` owns the process: it installs the signal handlers before anything can block (a
SIGHUP while getMe is retried reloads, it does not kill), turns a rejected token, an
unusable DATA_DIR and a second poller into one clear line and an exit code, and stops on
SIGINT/SIGTERM within a few seconds, flushing what storage can write.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Coroutine
from typing import Any, TypeVar
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.error import Conflict, InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.ext import Defaults as PTBDefaults

from bot.config import Settings
from bot.knowledge import Lang
from bot.runtime import BrainHolder
from bot.storage import Storage, StorageError, Writer
from bot.telegram import handlers as h
from bot.telegram.botapi import AiohttpRequest, GuardedBot, PollRequest
from bot.telegram.delivery import ResilientLimiter
from bot.telegram.fairness import gate
from bot.telegram.services import SERVICES, App, Services
from bot.telegram.webhook import WebhookServer
from bot.throttle import UserThrottle

log = logging.getLogger(__name__)

EXIT_CONFIGURATION = 2
EXIT_CONFLICT = 3
POLL_TIMEOUT_SECONDS = 10
# Updates handled at once, and HTTP connections to the Bot API to match. Answering is
# synchronous and fast, so what overlaps is waiting for Telegram: with a real round trip of
# 50-100 ms, 4 in flight would cap the bot at 40-80 answers/s. httpcore's pool made more
# than a few in flight expensive (its bookkeeping is quadratic in the queue: encode/httpx#3215,
# encode/httpcore#1035); aiohttp's (botapi.AiohttpRequest) has no such cost, and on the local
# bench 16 to 256 in flight all drained a burst equally fast (README, Benchmarks).
CONCURRENT_UPDATES = 64
CONNECTION_POOL = CONCURRENT_UPDATES + 2  # answers, plus "typing…" and callback answers
# How long one Bot API request may keep being retried, all attempts together.
DELIVERY_DEADLINE_SECONDS = 60.0
STORAGE_FLUSH_SECONDS = 3.0
LANGUAGES_REFRESH_SECONDS = 1.0

T = TypeVar("T")


# -- the HTTP layer ------------------------------------------------------------------------


class _DropRecords(logging.Filter):
    """Drops the records of one logger whose message starts with a given text."""

    def __init__(self, start: str) -> None:
        super().__init__()
        self.start = start

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.start)


# AIORateLimiter here only paces (max_retries=0): the retry layer reports RetryAfter itself.
_QUIET_RATE_LIMITER = _DropRecords("Rate limit hit after maximum of")
# PTB logs a whole batch it cannot parse, users' messages included, at CRITICAL;
# GuardedBot logs the one culprit instead, without its content.
_QUIET_PARSE_ERROR = _DropRecords("Error while parsing updates!")


# -- building --------------------------------------------------------------------------------


def build_bot(settings: Settings) -> GuardedBot:
    token = settings.token
    if token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    timeout = settings.telegram_timeout
    inner = None
    if settings.flood_limits:
        inner = AIORateLimiter(max_retries=0)
        logging.getLogger("telegram.ext.AIORateLimiter").addFilter(_QUIET_RATE_LIMITER)
    for name in ("telegram.Bot", "telegram.ext.ExtBot"):
        logging.getLogger(name).addFilter(_QUIET_PARSE_ERROR)
    request = AiohttpRequest(
        connection_pool_size=CONNECTION_POOL,
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=timeout,
        pool_timeout=timeout,
    )
    poll_request = PollRequest(
        connection_pool_size=1,
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=timeout,
        pool_timeout=timeout,
    )
    return GuardedBot(
        token,
        base_url=settings.telegram_base_url,
        base_file_url=settings.base_file_url,
        request=request,
        poll_request=poll_request,
        defaults=PTBDefaults(parse_mode=ParseMode.HTML, allow_sending_without_reply=True),
        rate_limiter=ResilientLimiter(inner, deadline=DELIVERY_DEADLINE_SECONDS),
    )


def build_application(settings: Settings, holder: BrainHolder, storage: Storage) -> App:
    """The PTB Application with every handler wired; nothing is started."""
    application = (
        ApplicationBuilder()
        .bot(build_bot(settings))
        .concurrent_updates(CONCURRENT_UPDATES)
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
        Writer(storage),
    )
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    text = filters.TEXT & ~filters.COMMAND
    # Fairness first, for every kind of update: messages, commands, buttons, inline queries.
    application.add_handler(TypeHandler(Update, gate), group=-1)
    application.add_handlers(
        [
            CommandHandler("start", h.start_command),
            CommandHandler("help", h.help_command),
            CommandHandler("topics", h.topics_command),
            CommandHandler("lang", h.lang_command),
            CommandHandler("about", h.about_command),
            CommandHandler("reload", h.reload_command),
            MessageHandler(filters.UpdateType.MESSAGE & text & private, h.on_question),
            MessageHandler(filters.UpdateType.MESSAGE & text & groups, h.on_group_message),
            MessageHandler(filters.UpdateType.EDITED_MESSAGE & text & private, h.on_question),
            MessageHandler(filters.UpdateType.EDITED_MESSAGE & text & groups, h.on_group_message),
            MessageHandler(
                filters.UpdateType.MESSAGE & ~text & ~filters.COMMAND & private, h.on_other
            ),
            CallbackQueryHandler(h.on_callback),
            InlineQueryHandler(h.on_inline_query),
        ]
    )
    application.add_error_handler(h.on_error)
    return application


async def on_startup(application: App) -> None:
    """Register the command list in both languages."""
    messages = application.bot_data[SERVICES].holder.current.knowledge.messages
    for lang, language_code in (("en", None), ("pl", "pl")):
        commands = [BotCommand(name, text[lang]) for name, text in messages.commands.items()]
        try:
            await application.bot.set_my_commands(commands, language_code=language_code)
        except TelegramError:  # the menu is a convenience: serve questions without it
            log.exception("could not register the %s command list", lang)
    svc: Services = application.bot_data[SERVICES]
    svc.refresher = asyncio.create_task(refresh_languages(svc), name="languages")
    log.info("bot @%s is up", application.bot.username)


async def refresh_languages(svc: Services) -> None:
    """Another process (a second webhook worker, `/lang` there) may change a user's choice:
    re-read the choices whenever the database changed, on the writer thread."""

    def apply(languages: dict[int, Lang] | None) -> None:
        if languages is not None:
            svc.languages = languages  # one assignment: readers see the old or the new dict

    while True:
        await asyncio.sleep(LANGUAGES_REFRESH_SECONDS)
        svc.writer.call(svc.storage.languages_if_changed, apply)


async def on_shutdown(application: App) -> None:
    """Give pending storage writes a few seconds, then let go of the database."""
    svc: Services = application.bot_data[SERVICES]
    if svc.refresher is not None:
        svc.refresher.cancel()
    await asyncio.to_thread(svc.writer.close, STORAGE_FLUSH_SECONDS)


# -- running ---------------------------------------------------------------------------------


def run(settings: Settings, holder: BrainHolder) -> int:
    """Serve until SIGINT or SIGTERM: long polling, or a webhook when WEBHOOK_URL is set."""
    return asyncio.run(serve(settings, holder))


class Runner:
    """One run of the bot: the stop signal, and the exit code it stops with."""

    def __init__(self) -> None:
        self.stopping = asyncio.Event()
        self.code = 0

    def stop(self, code: int = 0) -> None:
        self.code = self.code or code
        self.stopping.set()

    async def until_stopped(self, work: Coroutine[Any, Any, T]) -> tuple[bool, T | None]:
        """Run `work` unless a stop comes first; (finished, result)."""
        task = asyncio.ensure_future(work)
        stop = asyncio.ensure_future(self.stopping.wait())
        await asyncio.wait({task, stop}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        if task.done():
            return True, task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, TelegramError):
            await task
        return False, None


def install_signal_handlers(runner: Runner, holder: BrainHolder) -> None:
    """First thing, before any I/O: SIGHUP reloads, SIGINT and SIGTERM stop."""
    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(stop_signal, runner.stop)
    if hasattr(signal, "SIGHUP"):
        loop.add_signal_handler(
            signal.SIGHUP, lambda: loop.create_task(h.reload_and_log(holder), name="reload")
        )


def configuration_error(name: str, what: str) -> int:
    print(f"configuration error: {name}: {what}", file=sys.stderr)
    return EXIT_CONFIGURATION


async def serve(settings: Settings, holder: BrainHolder) -> int:
    runner = Runner()
    install_signal_handlers(runner, holder)
    try:
        storage = await asyncio.to_thread(Storage, settings.database)
    except StorageError as exc:
        return configuration_error("DATA_DIR", str(exc))
    application = build_application(settings, holder, storage)
    initialized = False
    try:
        try:
            initialized, _ = await runner.until_stopped(application.initialize())
        except InvalidToken:  # its message holds the token: never print it
            return configuration_error(
                "TELEGRAM_BOT_TOKEN", "Telegram rejected the token (401): ask @BotFather"
            )
        if initialized:
            await serve_initialized(application, settings, runner)
        return runner.code
    finally:
        if initialized:
            await application.shutdown()
        await on_shutdown(application)
        log.info("bot stopped")


async def serve_initialized(application: App, settings: Settings, runner: Runner) -> None:
    finished, _ = await runner.until_stopped(on_startup(application))
    if not finished:
        return
    await application.start()
    webhook: WebhookServer | None = None
    try:
        if settings.webhook_url:
            webhook = await start_webhook(application, settings, runner)
        else:
            await start_polling(application, runner)
        await runner.stopping.wait()
    finally:
        if webhook is not None:
            await webhook.stop()
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        await application.stop()


async def start_polling(application: App, runner: Runner) -> None:
    bot = application.bot
    assert isinstance(bot, GuardedBot)  # noqa: S101 - built by build_application
    poll_request = bot._poll_request
    conflict_seen = False

    def on_poll_error(exc: TelegramError) -> None:
        nonlocal conflict_seen
        if isinstance(exc, Conflict):
            if not poll_request.polled_ok:
                log.error(
                    "another process is already polling with this token (409 Conflict):"
                    " stopping this one. To run several workers, use webhook mode"
                )
                runner.stop(EXIT_CONFLICT)
            elif not conflict_seen:
                conflict_seen = True
                log.warning("another process polled with this token (409 Conflict); it should stop")
            return
        log.warning("getUpdates failed: %s", exc)

    assert application.updater is not None  # noqa: S101 - built with one
    await application.updater.start_polling(
        poll_interval=0.0,
        timeout=POLL_TIMEOUT_SECONDS,
        allowed_updates=Update.ALL_TYPES,
        bootstrap_retries=-1,  # if Telegram is unreachable at start, keep trying
        error_callback=on_poll_error,
    )


async def start_webhook(application: App, settings: Settings, runner: Runner) -> WebhookServer:
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    if secret is None:
        import secrets

        secret = secrets.token_urlsafe(32)
        log.info("WEBHOOK_SECRET is not set; using a random one for this run")
    assert settings.webhook_url is not None  # noqa: S101 - checked by the caller
    server = WebhookServer(
        application,
        settings.webhook_listen,
        settings.webhook_port,
        urlsplit(settings.webhook_url).path,
        secret,
    )
    await server.start()
    await application.bot.set_webhook(
        settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
    )
    return server

"""Building and running the Application: wiring, start-up, shutdown, polling or webhook."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.ext import Defaults as PTBDefaults

from bot.config import Settings
from bot.runtime import BrainHolder
from bot.storage import Storage
from bot.telegram import handlers as h
from bot.telegram.delivery import ResilientLimiter
from bot.telegram.services import SERVICES, App, Services
from bot.throttle import UserThrottle

log = logging.getLogger(__name__)


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
                signal.SIGHUP, lambda: application.create_task(h.reload_and_log(application))
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

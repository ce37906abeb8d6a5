"""Per-user fairness: one token bucket per user, so one flooder cannot delay everyone else."""

from __future__ import annotations

from telegram import Message, Update

from bot.replies import escape
from bot.telegram.services import Context, reply_language, services
from bot.throttle import Verdict


async def admit(update: Update, context: Context, message: Message) -> bool:
    """Whether to handle this update; over the limit, the user is told once, politely."""
    svc = services(context)
    user = update.effective_user
    verdict = svc.throttle.check(user.id if user else message.chat_id)
    if verdict is Verdict.WARN:
        lang = await reply_language(update, context)
        await message.reply_text(escape(svc.holder.current.knowledge.messages.throttled[lang]))
    return verdict is Verdict.ALLOW

"""Per-user fairness for every kind of update: one token bucket per user, checked first.

Questions, commands, button presses and inline queries all cost the bot work, so all of
them draw from the same bucket (`USER_BURST` per `USER_WINDOW_SECONDS`). The gate runs in
handler group -1, before any handler: over the limit, the user is told once, politely, and
the update stops there. Group messages that are not for the bot cost nothing and pass.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.replies import escape
from bot.telegram.handlers import addressed_question
from bot.telegram.services import Context, reply_language, services
from bot.throttle import Verdict


async def gate(update: object, context: Context) -> None:
    """Let the update through, or stop it (ApplicationHandlerStop) when its user is over."""
    if not isinstance(update, Update) or update.effective_user is None:
        return
    if not costs_work(update, context):
        return
    svc = services(context)
    verdict = svc.throttle.check(update.effective_user.id)
    if verdict is Verdict.ALLOW:
        return
    notice = svc.holder.current.knowledge.messages.throttled[await reply_language(update, context)]
    if update.callback_query is not None:  # always acknowledged, so the button stops spinning
        await update.callback_query.answer(notice if verdict is Verdict.WARN else None)
    elif verdict is Verdict.WARN and isinstance(update.effective_message, Message):
        await update.effective_message.reply_text(escape(notice))
    raise ApplicationHandlerStop


def costs_work(update: Update, context: Context) -> bool:
    """Everything but group chatter that neither commands nor addresses the bot."""
    message = update.message or update.edited_message
    if message is None or message.chat.type == ChatType.PRIVATE:
        return True
    if message.text is not None and message.text.startswith("/"):
        return True
    return addressed_question(message, context.bot.username, context.bot.id) is not None

"""Logging set-up, with the bot token redacted from every record on every handler.

The token is in every Bot API URL, and both httpx (request lines) and PTB itself (at DEBUG:
"Set Bot API URL") log those URLs, as do the messages of network exceptions. Quieting
httpx is not enough, so each handler gets a filter that rewrites the record before any
formatter sees it: message, arguments, exception text and stack.

At DEBUG, PTB also logs every update it processes and every Bot API call with its
parameters and result: readers' messages, names and the bot's answers. Those records keep
their place in the log (for timing and flow) but lose that content (`UserContentFilter`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from typing import TextIO
from urllib.parse import quote, quote_plus

REDACTED = "[REDACTED]"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFilter(logging.Filter):
    """Replaces each secret with [REDACTED] in a log record, in every form it can take.

    A bot token is "<bot id>:<secret>". The id is public, but the part after the colon is
    the secret: an error about a malformed URL may show it alone (e.g. as a "port"). So the
    whole token, its secret half, and their URL-encoded forms are all redacted.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        variants = set()
        for secret in secrets:
            forms = {secret, secret.partition(":")[2]} if ":" in secret else {secret}
            for form in filter(None, forms):
                variants.update({form, quote(form, safe=""), quote(form), quote_plus(form)})
        # Longest first, so a secret that contains another is replaced whole.
        self._secrets = sorted(variants, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class UserContentFilter(logging.Filter):
    """Drops what readers wrote (and what the bot answered them) from PTB's DEBUG records.

    Matched on the record's template, before any formatting: "Processing update %s" keeps
    only the update id, the Bot API call lines keep only the endpoint.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        if record.msg in _UPDATE_LINES and args:
            record.args = (getattr(args[0], "update_id", "(not an update)"),)
        elif record.msg in _API_CALL_LINES and args:
            record.msg = _API_CALL_LINES[record.msg]
            record.args = args[:1]
        return True


_UPDATE_LINES = frozenset({"Processing update %s", "Dropping pending update: %s"})
_API_CALL_LINES = {
    "Calling Bot API endpoint `%s` with parameters `%s`": "Calling Bot API endpoint `%s`",
    "Call to Bot API endpoint `%s` finished with return value `%s`": (
        "Call to Bot API endpoint `%s` finished"
    ),
}


class _BotHandler(logging.StreamHandler[TextIO]):
    """Our console handler, told apart so that setting up twice does not log twice."""


def setup_logging(
    level: str, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> RedactingFilter:
    """Configure the root logger once, at start-up; every handler gets the redaction filter."""
    redactor = RedactingFilter(secrets)
    root = logging.getLogger()
    root.setLevel(level)
    for old in [h for h in root.handlers if isinstance(h, _BotHandler)]:
        root.removeHandler(old)
    handler = _BotHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    content = UserContentFilter()
    for existing in root.handlers:
        existing.addFilter(content)  # first: it reads the arguments the redactor flattens
        existing.addFilter(redactor)
    # Request lines are noise at INFO and carry the token; keep them for real debugging only.
    if level != "DEBUG":
        logging.getLogger("httpx").setLevel(logging.WARNING)
        logging.getLogger("httpcore").setLevel(logging.WARNING)
    return redactor

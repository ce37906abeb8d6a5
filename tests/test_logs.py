"""The token never reaches a log line, at any level, from any logger or exception."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from urllib.parse import quote, quote_plus

import pytest
from telegram import Update

from bot.logs import REDACTED, RedactingFilter, setup_logging

TOKEN = "123456:AAH-secret_TOKEN-value"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """setup_logging changes the root logger; put everything back afterwards."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    filters = {handler: list(handler.filters) for handler in handlers}
    yield
    root.handlers[:] = handlers
    for handler, kept in filters.items():
        handler.filters[:] = kept
    root.setLevel(level)
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.NOTSET)


def test_token_is_redacted_everywhere() -> None:
    stream = io.StringIO()
    setup_logging("DEBUG", [TOKEN], stream)
    log = logging.getLogger("telegram.ext.ExtBot")
    log.debug("Set Bot API URL: %s", f"https://api.telegram.org/bot{TOKEN}")
    log.info("url-encoded: %s", "bot123456%3AAAH-secret_TOKEN-value/getMe")
    try:
        raise RuntimeError(f"request to /bot{TOKEN}/sendMessage failed")
    except RuntimeError:
        logging.getLogger("httpx").exception("boom %d", 1)
    logging.getLogger("x").warning(f"f-string {TOKEN}", stack_info=True)
    output = stream.getvalue()
    assert TOKEN not in output
    assert "AAH-secret_TOKEN-value" not in output
    assert output.count(REDACTED) >= 4
    assert "RuntimeError" in output  # the traceback is kept, only the secret is gone


def test_every_handler_gets_the_filter() -> None:
    other = logging.StreamHandler(io.StringIO())
    logging.getLogger().addHandler(other)
    setup_logging("INFO", [TOKEN], io.StringIO())
    assert any(isinstance(f, RedactingFilter) for f in other.filters)


def test_setting_up_twice_does_not_log_twice() -> None:
    stream = io.StringIO()
    setup_logging("INFO", [TOKEN], stream)
    setup_logging("INFO", [TOKEN], stream)
    logging.getLogger("bot").info("once")
    assert stream.getvalue().count("once") == 1


def test_httpx_request_lines_are_quiet_above_debug() -> None:
    stream = io.StringIO()
    setup_logging("INFO", [TOKEN], stream)
    logging.getLogger("httpx").info("HTTP Request: POST https://x/bot%s/getMe", TOKEN)
    assert stream.getvalue() == ""


def test_no_secrets_means_no_rewriting() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "a %s", ("b",), None)
    assert RedactingFilter([]).filter(record)
    assert record.getMessage() == "a b"


def test_the_secret_half_and_its_encodings_are_redacted_too() -> None:
    """A base URL without /bot once put the part after the colon in an "Invalid port" error."""
    stream = io.StringIO()
    setup_logging("DEBUG", [TOKEN], stream)
    secret = TOKEN.split(":", 1)[1]
    log = logging.getLogger("httpx")
    log.warning("InvalidURL(\"Invalid port: '%s'\")", secret)
    log.warning("encoded: %s and %s", quote(TOKEN, safe=""), quote_plus(secret))
    output = stream.getvalue()
    assert secret not in output
    assert quote(TOKEN, safe="") not in output
    assert output.count(REDACTED) == 3


def test_debug_lines_of_ptb_keep_readers_words_out() -> None:
    """PTB logs each update and each API call whole at DEBUG: the ids and endpoints stay,
    what a reader wrote and what the bot answered go."""
    stream = io.StringIO()
    setup_logging("DEBUG", [TOKEN], stream)
    update = Update.de_json(
        {
            "update_id": 41,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 5, "type": "private"},
                "from": {"id": 5, "is_bot": False, "first_name": "Zofia"},
                "text": "mój PESEL to 12345",
            },
        },
        None,
    )
    logging.getLogger("telegram.ext.Application").debug("Processing update %s", update)
    bot_log = logging.getLogger("telegram.ext.ExtBot")
    bot_log.debug(
        "Calling Bot API endpoint `%s` with parameters `%s`", "sendMessage", {"text": "Jesienią"}
    )
    bot_log.debug(
        "Call to Bot API endpoint `%s` finished with return value `%s`",
        "sendMessage",
        {"text": "Jesienią", "chat": {"first_name": "Zofia"}},
    )
    output = stream.getvalue()
    for private in ("PESEL", "Zofia", "Jesienią"):
        assert private not in output
    assert "Processing update 41" in output
    assert "Calling Bot API endpoint `sendMessage`" in output
    assert "Call to Bot API endpoint `sendMessage` finished" in output

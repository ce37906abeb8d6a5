"""Settings: what is accepted, what is refused, and where `.env` comes from."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import ENV_FILE, PROJECT_ROOT, Settings

TOKEN = "123456:ABC-def_ghi"


@pytest.mark.parametrize(
    ("base_url", "file_url"),
    [
        ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot"),
        ("https://bot.example.com/bot", "https://bot.example.com/file/bot"),
        ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot"),
        ("http://127.0.0.1:8081/api/bot", "http://127.0.0.1:8081/api/file/bot"),
    ],
)
def test_only_the_final_bot_becomes_file_bot(base_url: str, file_url: str) -> None:
    assert Settings(telegram_base_url=base_url).base_file_url == file_url


@pytest.mark.parametrize(
    ("base_url", "error"),
    [
        ("http://127.0.0.1:8081", "must end in /bot"),
        ("http://127.0.0.1:8081/", "must end in /bot"),
        ("https://api.telegram.org/bot?x=1", "must end in /bot"),
        ("127.0.0.1:8081/bot", "must be an http(s) URL"),
        ("ftp://example.com/bot", "must be an http(s) URL"),
        ("http://127.0.0.1:port/bot", "the port is not a number"),
    ],
)
def test_a_bad_base_url_is_refused(base_url: str, error: str) -> None:
    with pytest.raises(ValidationError, match=error.replace("(", r"\(").replace(")", r"\)")):
        Settings(telegram_base_url=base_url)


@pytest.mark.parametrize("token", ["123456", "abc:def", "123:has space", "123:ü"])
def test_a_malformed_token_is_refused_without_echoing_it(token: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(telegram_bot_token=token)
    assert token not in str(caught.value)


def test_dotenv_is_read_from_the_checkout_not_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ENV_FILE == PROJECT_ROOT / ".env"
    (tmp_path / ".env").write_text("LOG_LEVEL=ERROR\n")  # the cwd's .env is not ours
    assert Settings().log_level == "INFO"
    other = tmp_path / "other.env"
    other.write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nLOG_LEVEL=warning\n")
    monkeypatch.setenv("ENV_FILE", str(other))
    settings = Settings()
    assert (settings.token, settings.log_level) == (TOKEN, "WARNING")

"""Settings from the environment and .env, read once in main() and passed in.

The token and the webhook secret are SecretStr: printing the settings, or an error about
them, shows `**********`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
OFFICIAL_BASE_URL = "https://api.telegram.org/bot"
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class Settings(BaseSettings):
    """Every setting the bot reads; all are documented in .env.example and the README."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = OFFICIAL_BASE_URL
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    data_dir: Path = PROJECT_ROOT / "data"
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # Fairness: each user may send this many questions per window before being slowed down.
    user_burst: int = Field(default=8, ge=1)
    user_window_seconds: float = Field(default=20.0, gt=0)
    # Telegram's flood limits (PTB's AIORateLimiter); off only for benchmarks.
    flood_limits: bool = True
    # Seconds to wait for the Bot API before a request counts as timed out (and is retried).
    telegram_timeout: float = Field(default=10.0, gt=0)

    @field_validator("telegram_bot_token", "webhook_secret", "webhook_url", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        """ADMIN_IDS=123,456 (spaces and a trailing comma are fine)."""
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(" ", "").split(",") if part)
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret_alphabet(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _SECRET_TOKEN.match(value.get_secret_value()):
            raise ValueError("1-256 characters: letters, digits, _ and - (Telegram's rule)")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in ("https", "http"):
            raise ValueError("must be a full URL, e.g. https://bot.example.com/telegram")
        return value

    @property
    def token(self) -> str | None:
        """The token in clear, for the one place that needs it: building the Bot."""
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def database(self) -> Path:
        return self.data_dir / "bot.sqlite3"

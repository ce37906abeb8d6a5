"""Settings from the environment and .env, read once in main() and passed in.

The token and the webhook secret are SecretStr: printing the settings, or an error about
them, shows `**********`. `.env` is read from the checkout (next to `knowledge/`), like every
other default, so running from another directory does not silently ignore it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
ENV_FILE = PROJECT_ROOT / ".env"
OFFICIAL_BASE_URL = "https://api.telegram.org/bot"
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# BotFather's tokens are "<bot id>:<secret>"; anything else would be spliced into URLs.
_BOT_TOKEN = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{1,256}$")


class Settings(BaseSettings):
    """Every setting the bot reads; all are documented in .env.example and the README."""

    # hide_input_in_errors: even str() of a validation error must not show a secret.
    model_config = SettingsConfigDict(
        env_file_encoding="utf-8", extra="ignore", hide_input_in_errors=True
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The environment wins over `.env`, which is the checkout's unless ENV_FILE names
        another (the tests point it at nothing, so a developer's real token stays out)."""
        env_file = os.environ.get("ENV_FILE") or ENV_FILE
        dotenv = DotEnvSettingsSource(settings_cls, env_file=env_file, env_file_encoding="utf-8")
        return init_settings, env_settings, dotenv, file_secret_settings

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

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _BOT_TOKEN.match(value.get_secret_value()):
            raise ValueError("not a bot token: expected <digits>:<letters, digits, _ and ->")
        return value

    @field_validator("telegram_base_url")
    @classmethod
    def _bot_api_url(cls, value: str) -> str:
        """PTB appends `<token>/<method>` to this URL, so it must end in /bot: without it the
        token's secret half lands in the host or port, and in every error about the URL."""
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError("must be an http(s) URL, e.g. https://api.telegram.org/bot")
        if not parts.path.endswith("/bot") or parts.query or parts.fragment:
            raise ValueError("must end in /bot, e.g. http://127.0.0.1:8081/bot")
        try:
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError:
            raise ValueError("the port is not a number") from None
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
        """Telegram itself posts only to https; http is accepted on purpose, for a local Bot
        API server (which may call plain http) and for tests on 127.0.0.1."""
        if value is not None and urlsplit(value).scheme not in ("https", "http"):
            raise ValueError("must be a full URL, e.g. https://bot.example.com/telegram")
        return value

    @property
    def token(self) -> str | None:
        """The token in clear, for the one place that needs it: building the Bot."""
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def base_file_url(self) -> str:
        """Where files are downloaded from: the Bot API URL with only its final /bot changed."""
        return self.telegram_base_url.removesuffix("/bot") + "/file/bot"

    @property
    def secrets(self) -> list[str]:
        """Every secret value, for the log redactor."""
        found = [self.token or ""]
        if self.webhook_secret is not None:
            found.append(self.webhook_secret.get_secret_value())
        return [secret for secret in found if secret]

    @property
    def database(self) -> Path:
        return self.data_dir / "bot.sqlite3"

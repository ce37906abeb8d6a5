"""Webhook mode: Telegram's updates arrive over HTTP and must carry the secret token."""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from telegram import Update

from bot.config import DEFAULT_KNOWLEDGE_DIR, Settings
from bot.runtime import BrainHolder, load_brain
from bot.storage import Storage
from bot.telegram.app import build_application
from devtools.fakebotapi import LocalBotApi

SECRET = "s3cret-webhook_token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
async def webhook(api: LocalBotApi, tmp_path: Path) -> AsyncIterator[tuple[LocalBotApi, str]]:
    port = free_port()
    settings = Settings(
        telegram_bot_token=api.token,
        telegram_base_url=api.base_url,
        data_dir=tmp_path,
        webhook_url=f"http://127.0.0.1:{port}/telegram",
    )
    holder = BrainHolder(DEFAULT_KNOWLEDGE_DIR, load_brain(DEFAULT_KNOWLEDGE_DIR))
    app = build_application(settings, holder, Storage(settings.database))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path="telegram",
        webhook_url=settings.webhook_url,
        secret_token=SECRET,
        allowed_updates=Update.ALL_TYPES,
    )
    try:
        yield api, f"http://127.0.0.1:{port}/telegram"
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


def update(text: str) -> dict[str, object]:
    return {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 7, "type": "private", "first_name": "Ala"},
            "from": {"id": 7, "is_bot": False, "first_name": "Ala"},
            "text": text,
        },
    }


async def test_webhook_requires_the_secret_token(webhook: tuple[LocalBotApi, str]) -> None:
    api, url = webhook
    [registered] = api.sent("setWebhook")
    assert registered["url"] == url
    assert registered["secret_token"] == SECRET
    body = json.dumps(update("kiedy nastepna runda?"))
    headers = {"Content-Type": "application/json"}
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=body, headers=headers) as response:
            assert response.status == 403
        wrong = {**headers, "X-Telegram-Bot-Api-Secret-Token": "guess"}
        async with session.post(url, data=body, headers=wrong) as response:
            assert response.status == 403
        assert api.sent("sendMessage") == []
        right = {**headers, "X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with session.post(url, data=body, headers=right) as response:
            assert response.status == 200
    [reply] = await api.wait_for("sendMessage")
    assert "jesienią" in reply["text"]

"""Webhook mode: Telegram's updates arrive over HTTP and must carry the secret token."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR, Settings
from bot.runtime import BrainHolder, load_brain
from bot.storage import Storage
from bot.telegram.app import Runner, build_application, on_shutdown, start_webhook
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
        webhook_secret=SECRET,
        webhook_port=port,
    )
    holder = BrainHolder(DEFAULT_KNOWLEDGE_DIR, load_brain(DEFAULT_KNOWLEDGE_DIR))
    app = build_application(settings, holder, Storage(settings.database))
    await app.initialize()
    await app.start()
    server = await start_webhook(app, settings, Runner())
    try:
        yield api, f"http://127.0.0.1:{port}/telegram"
    finally:
        await server.stop()
        await app.stop()
        await on_shutdown(app)
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
    body = json.dumps(update("kiedy nastepna runda?")).encode()
    for secret in (None, "guess"):  # refused before the body is read, which closes the socket
        status = await raw_exchange(url, request_head(len(body), secret), body)
        assert status.startswith(b"HTTP/1.1 403")
    assert api.sent("sendMessage") == []
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as response,
    ):
        assert response.status == 200
    [reply] = await api.wait_for("sendMessage")
    assert "jesienią" in reply["text"]


async def raw_exchange(url: str, head: bytes, body: bytes = b"") -> bytes:
    """One HTTP request written by hand: the status line the server answers with, even if
    it answers before the body it was promised has been sent."""
    port = int(url.split(":")[2].split("/")[0])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head + b"\r\n" + body)
        await writer.drain()
        return await asyncio.wait_for(reader.readline(), timeout=5)
    finally:
        writer.close()


def request_head(length: int, secret: str | None) -> bytes:
    lines = [
        "POST /telegram HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/json",
        f"Content-Length: {length}",
    ]
    if secret is not None:
        lines.append(f"X-Telegram-Bot-Api-Secret-Token: {secret}")
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.mark.parametrize("secret", [None, "guess"])
async def test_without_the_secret_the_body_is_never_read(
    webhook: tuple[LocalBotApi, str], secret: str | None
) -> None:
    """50 MB promised, 10 bytes sent: the answer comes at once, so it was not waiting."""
    _, url = webhook
    status = await raw_exchange(url, request_head(50 * 1024 * 1024, secret), b"{" * 10)
    assert status.startswith(b"HTTP/1.1 403")


async def test_a_body_over_the_cap_is_refused(webhook: tuple[LocalBotApi, str]) -> None:
    _, url = webhook
    status = await raw_exchange(url, request_head(50 * 1024 * 1024, SECRET), b"{" * 10)
    assert status.startswith(b"HTTP/1.1 413")


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b'{"update_id": 1, "message": "\xff\xfe"}',
        b"[" * 100_000 + b"]" * 100_000,
        b"[1, 2, 3]",
        b'{"no_update_id": true}',
    ],
    ids=["malformed", "bad-utf8", "deep", "not-an-object", "not-an-update"],
)
async def test_a_malformed_body_is_a_400(webhook: tuple[LocalBotApi, str], body: bytes) -> None:
    api, url = webhook
    status = await raw_exchange(url, request_head(len(body), SECRET), body)
    assert status.startswith(b"HTTP/1.1 400")
    good = json.dumps(update("kiedy nastepna runda?"))
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=good, headers=headers) as response,
    ):
        assert response.status == 200  # and the server still serves
    await api.wait_for("sendMessage")

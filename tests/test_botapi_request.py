"""The aiohttp Bot API client over real HTTP: JSON bodies, PTB's errors, and no token in them."""

from __future__ import annotations

import socket

import pytest
from telegram import Bot, InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.telegram.botapi import AiohttpRequest
from devtools.fakebotapi import LocalBotApi


def request(timeout: float = 5.0) -> AiohttpRequest:
    return AiohttpRequest(2, timeout, timeout, timeout, timeout)


async def test_a_bot_on_it_sends_polish_html_as_json(api: LocalBotApi) -> None:
    bot = Bot(api.token, base_url=api.base_url, request=request(), get_updates_request=request())
    async with bot:
        await bot.send_message(7, "<b>Jesienią</b> — kolejna runda", parse_mode="HTML")
    [sent] = api.sent("sendMessage")
    assert sent["text"] == "<b>Jesienią</b> — kolejna runda"
    assert sent["parse_mode"] == "HTML"


async def test_uploads_go_as_multipart(api: LocalBotApi) -> None:
    """The bot sends no files, but PTB may: they must not be dropped into a JSON body."""
    upload = RequestData(
        [
            RequestParameter("chat_id", 7, None),
            RequestParameter("text", "z załącznikiem", None),
            RequestParameter("document", None, [InputFile(b"abc", filename="a.txt")]),
        ]
    )
    client = request()
    await client.initialize()
    try:
        status, _ = await client.do_request(
            f"{api.base_url}{api.token}/sendMessage", "POST", upload
        )
    finally:
        await client.shutdown()
    assert status == 200
    [sent] = api.sent("sendMessage")
    assert sent["text"] == "z załącznikiem"
    assert sent["document"] == {"filename": "a.txt", "content_type": "text/plain", "size": 3}


async def test_a_slow_server_is_a_timeout(api: LocalBotApi) -> None:
    api.fail_next(1, status=500, delay=1.0, methods=["getMe"])
    client = request(timeout=0.2)
    await client.initialize()
    try:
        with pytest.raises(TimedOut):
            await client.post(f"{api.base_url}{api.token}/getMe")
    finally:
        await client.shutdown()


async def test_a_refused_connection_is_a_network_error_without_the_token() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = "987654:SECRET-half-of-the-token"
    client = request()
    await client.initialize()
    try:
        with pytest.raises(NetworkError) as raised:
            await client.post(f"http://127.0.0.1:{port}/bot{token}/getMe")
    finally:
        await client.shutdown()
    assert "SECRET" not in str(raised.value)


async def test_it_must_be_initialized_first(api: LocalBotApi) -> None:
    client = request()
    with pytest.raises(RuntimeError, match="not initialized"):
        await client.do_request(f"{api.base_url}{api.token}/getMe", "POST")
    await client.initialize()
    await client.shutdown()
    await client.shutdown()  # twice is harmless, as PTB may do on a failed start


async def test_a_proxy_from_the_environment_is_used(
    api: LocalBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As with PTB's default client, HTTPS_PROXY/HTTP_PROXY are honoured: here the local
    server plays the proxy, so a host that does not exist is reached through it."""
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{api.port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = request()
    await client.initialize()
    try:
        me = await client.post(f"http://bot-api.invalid/bot{api.token}/getMe")
    finally:
        await client.shutdown()
    assert isinstance(me, dict)
    assert me["username"] == api.username

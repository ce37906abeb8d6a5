"""The bot as a real process: `python -m bot` with a token serves Telegram, reloads on
SIGHUP, and shuts down cleanly on SIGTERM and SIGINT, never printing its token."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from devtools.fakebotapi import LocalBotApi
from tests.conftest import EditFile, replace_first


def bot_env(api: LocalBotApi, tmp_path: Path, knowledge: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_BASE_URL": api.base_url,
        "DATA_DIR": str(tmp_path / "data"),
        "KNOWLEDGE_DIR": str(knowledge),
        "LOG_LEVEL": "DEBUG",
        "USER_BURST": "1000",
        **extra,
    }


async def spawn(env: dict[str, str], log_path: Path) -> asyncio.subprocess.Process:
    # A file, not a pipe: at DEBUG the bot writes more than a pipe holds unread.
    with log_path.open("wb") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=log,
        )


async def start(api: LocalBotApi, tmp_path: Path, knowledge: Path) -> asyncio.subprocess.Process:
    process = await spawn(bot_env(api, tmp_path, knowledge), tmp_path / "bot.log")
    await api.wait_for("setMyCommands", count=2, timeout=30)  # post_init has run
    return process


async def stop(process: asyncio.subprocess.Process) -> int:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), timeout=30)
        except TimeoutError:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode


def assert_no_token(api: LocalBotApi, text: str) -> None:
    """Neither the token, nor its secret half, nor any URL-encoded form of them."""
    secret = api.token.split(":", 1)[1]
    for form in (api.token, secret, quote(api.token, safe=""), quote(secret, safe="")):
        assert form not in text


async def ask(api: LocalBotApi, text: str) -> str:
    before = len(api.sent("sendMessage"))
    api.push_message(text)
    sent = await api.wait_for("sendMessage", count=before + 1, timeout=30)
    return str(sent[before]["text"])


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
async def test_serves_reloads_and_stops_gracefully(
    api: LocalBotApi, tmp_path: Path, knowledge_copy: Path, edit: EditFile, stop_signal: int
) -> None:
    process = await start(api, tmp_path, knowledge_copy)
    try:
        assert "jesienią" in await ask(api, "kiedy nastepna runda?")
        edit(
            "facts.yaml",
            "Marco Rubio to sekretarz stanu USA.",
            "Marco Rubio to sekretarz stanu USA (po SIGHUP).",
        )
        process.send_signal(signal.SIGHUP)
        for _ in range(100):
            if "(po SIGHUP)" in await ask(api, "kim jest Rubio"):
                break
            await asyncio.sleep(0.1)
        else:
            pytest.fail("SIGHUP did not reload the knowledge")
        replace_first(knowledge_copy / "quotes.yaml", "speaker: peskov", "speaker: nobody")
        process.send_signal(signal.SIGHUP)
        await asyncio.sleep(1.0)
        assert "(po SIGHUP)" in await ask(api, "kim jest Rubio")  # old base still serves
        process.send_signal(stop_signal)
        await asyncio.wait_for(process.wait(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = (tmp_path / "bot.log").read_text()
    assert process.returncode == 0, log[-2000:]
    assert "reload refused: quotes.yaml:" in log
    assert "bot stopped" in log
    assert_no_token(api, log)


async def test_bad_settings_are_reported_without_echoing_secrets(tmp_path: Path) -> None:
    secret = "not a valid secret!"
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "1:x", "WEBHOOK_SECRET": secret, "ADMIN_IDS": "1,2"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "ask", "x", env=env, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await process.communicate()
    assert process.returncode == 2
    assert b"configuration error: WEBHOOK_SECRET" in stderr
    assert secret.encode() not in stderr


# -- start-up and shutdown faults (issue 7) --------------------------------------------------


async def test_a_rejected_token_is_a_clean_exit_naming_the_setting(
    api: LocalBotApi, tmp_path: Path
) -> None:
    env = bot_env(api, tmp_path, DEFAULT_KNOWLEDGE_DIR, TELEGRAM_BOT_TOKEN="654321:WRONG-secret")
    process = await spawn(env, tmp_path / "bot.log")
    code = await asyncio.wait_for(process.wait(), timeout=30)
    log = (tmp_path / "bot.log").read_text()
    assert code == 2, log[-2000:]
    assert "configuration error: TELEGRAM_BOT_TOKEN: Telegram rejected the token" in log
    assert "Traceback" not in log
    for form in ("654321:WRONG-secret", "WRONG-secret", quote("654321:WRONG-secret", safe="")):
        assert form not in log


@pytest.mark.parametrize(
    "base_url", ["http://127.0.0.1:{port}", "http://127.0.0.1:{port}/", "127.0.0.1/bot"]
)
async def test_a_bad_base_url_is_a_configuration_error(
    api: LocalBotApi, tmp_path: Path, base_url: str
) -> None:
    url = base_url.format(port=api.port)
    env = bot_env(api, tmp_path, DEFAULT_KNOWLEDGE_DIR, TELEGRAM_BASE_URL=url)
    process = await spawn(env, tmp_path / "bot.log")
    code = await asyncio.wait_for(process.wait(), timeout=30)
    log = (tmp_path / "bot.log").read_text()
    assert code == 2
    assert log.startswith("configuration error: TELEGRAM_BASE_URL: ")
    assert_no_token(api, log)
    assert api.calls == []


async def test_sighup_while_getme_is_retried_does_not_kill(
    api: LocalBotApi, tmp_path: Path
) -> None:
    api.fail_next(3, status=500, methods=["getMe"])
    process = await spawn(bot_env(api, tmp_path, DEFAULT_KNOWLEDGE_DIR), tmp_path / "bot.log")
    try:
        for _ in range(300):
            if any(call.method == "getMe" for call in api.calls):
                break
            await asyncio.sleep(0.05)
        process.send_signal(signal.SIGHUP)
        await api.wait_for("setMyCommands", count=2, timeout=30)
        assert "jesienią" in await ask(api, "kiedy nastepna runda?")
    finally:
        code = await stop(process)
    log = (tmp_path / "bot.log").read_text()
    assert code == 0, log[-2000:]
    assert "SIGHUP: reloading the knowledge" in log
    assert_no_token(api, log)


async def test_a_data_dir_that_is_a_file_is_one_clear_line(
    api: LocalBotApi, tmp_path: Path
) -> None:
    (tmp_path / "data").write_text("not a directory")
    process = await spawn(bot_env(api, tmp_path, DEFAULT_KNOWLEDGE_DIR), tmp_path / "bot.log")
    code = await asyncio.wait_for(process.wait(), timeout=30)
    lines = (tmp_path / "bot.log").read_text().splitlines()
    assert code == 2
    assert f"configuration error: DATA_DIR: {tmp_path / 'data'}: not a directory" in lines
    assert not [line for line in lines if "Traceback" in line]


async def test_a_corrupt_database_is_moved_aside_and_the_bot_serves(
    api: LocalBotApi, tmp_path: Path
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bot.sqlite3").write_bytes(b"this is not SQLite " * 100)
    process = await start(api, tmp_path, DEFAULT_KNOWLEDGE_DIR)
    try:
        assert "jesienią" in await ask(api, "kiedy nastepna runda?")
    finally:
        code = await stop(process)
    log = (tmp_path / "bot.log").read_text()
    assert code == 0, log[-2000:]
    assert "file is not a database; moved it to" in log
    [aside] = (tmp_path / "data").glob("bot.sqlite3.broken-*")
    assert aside.read_bytes().startswith(b"this is not SQLite")


async def test_a_second_poller_exits_with_a_clear_message(api: LocalBotApi, tmp_path: Path) -> None:
    first = await start(api, tmp_path, DEFAULT_KNOWLEDGE_DIR)
    try:
        assert "jesienią" in await ask(api, "kiedy nastepna runda?")
        second = await spawn(bot_env(api, tmp_path, DEFAULT_KNOWLEDGE_DIR), tmp_path / "2.log")
        code = await asyncio.wait_for(second.wait(), timeout=60)
        log = (tmp_path / "2.log").read_text()
        assert code == 3, log[-2000:]
        assert "another process is already polling with this token (409 Conflict)" in log
        before = len(api.sent("sendMessage"))
        assert "sekretarz stanu USA" in await ask(api, "kim jest Rubio")
        await asyncio.sleep(0.5)
        assert len(api.sent("sendMessage")) == before + 1  # answered once, by the first
    finally:
        assert await stop(first) == 0

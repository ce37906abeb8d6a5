"""The bot as a real process: `python -m bot` with a token serves Telegram, reloads on
SIGHUP, and shuts down cleanly on SIGTERM and SIGINT, never printing its token."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from devtools.fakebotapi import LocalBotApi
from tests.conftest import EditFile


async def start(api: LocalBotApi, tmp_path: Path, knowledge: Path) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_BASE_URL": api.base_url,
        "DATA_DIR": str(tmp_path / "data"),
        "KNOWLEDGE_DIR": str(knowledge),
        "LOG_LEVEL": "DEBUG",
        "USER_BURST": "1000",
    }
    # A file, not a pipe: at DEBUG the bot writes more than a pipe holds unread.
    with (tmp_path / "bot.log").open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=log,
        )
    await api.wait_for("setMyCommands", count=2, timeout=30)  # post_init has run
    return process


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
        edit("quotes.yaml", "speaker: peskov", "speaker: nobody")
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
    assert api.token not in log
    assert api.token.split(":")[1] not in log


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

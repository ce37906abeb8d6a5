"""Shared fixtures: an isolated environment, the shipped knowledge and a broken copy of it."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.knowledge import Knowledge, load_knowledge
from bot.matching import Engine
from bot.runtime import Brain
from devtools.fakebotapi import LocalBotApi

ENV_VARS = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_BASE_URL",
    "ADMIN_IDS",
    "LOG_LEVEL",
    "DATA_DIR",
    "KNOWLEDGE_DIR",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "WEBHOOK_LISTEN",
    "WEBHOOK_PORT",
    "USER_BURST",
    "USER_WINDOW_SECONDS",
    "FLOOD_LIMITS",
    "TELEGRAM_TIMEOUT",
)


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No real token, no .env from the checkout: every test starts from a clean slate."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ENV_FILE", str(tmp_path / "no.env"))  # not the checkout's .env
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # as bot/__main__.py opts in for the bot
    monkeypatch.chdir(tmp_path)


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    """The local Bot API server on 127.0.0.1: the one peer every Telegram test talks to."""
    async with LocalBotApi() as server:
        yield server


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def brain(knowledge: Knowledge) -> Brain:
    return Brain.build(knowledge)


@pytest.fixture(scope="session")
def engine(brain: Brain) -> Engine:
    return brain.engine


EditFile = Callable[[str, str, str], Path]


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of knowledge/ for tests that break it on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, target)
    return target


@pytest.fixture
def edit(knowledge_copy: Path) -> EditFile:
    """Replace one exact piece of text in a file of the copy (it must be there once)."""

    def replace(name: str, old: str, new: str) -> Path:
        path = knowledge_copy / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return path

    return replace


async def eventually(check: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait until `check()` holds (for effects the bot has queued: storage writes)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"still not true after {timeout} s")
        await asyncio.sleep(0.02)


def line_of(path: Path, needle: str) -> int:
    """The 1-based line where `needle` first occurs in a file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")

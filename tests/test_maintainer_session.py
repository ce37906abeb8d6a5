"""The maintainers' loop, scripted as a maintainer would run it, in a copy of knowledge/:
a question falls back in Telegram -> teach adds it and prints what changed -> a harmful
teach is refused with the row it would break -> check --json lists every miss ->
unanswered no longer shows the taught question -> SIGHUP reloads it into the running bot."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from bot.evaluation import NO_ANSWER
from bot.knowledge import TESTS_FILE, load_cases, load_knowledge
from devtools.fakebotapi import LocalBotApi
from tests.conftest import eventually
from tests.test_process import ask, start, stop

QUESTION = "czy delegacje znów się zbiorą?"  # falls back with the shipped knowledge
TARGET = "next_round_when"
HARMFUL = ("wen is the next round of talks really?", "next_round_topic")
VICTIM = "wen is the next round of talks"  # the regression row HARMFUL would steal


def cli(knowledge: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATA_DIR": str(data), "PATH": os.environ.get("PATH", "/usr/bin")}
    return subprocess.run(
        [sys.executable, "-m", "bot", "--knowledge", str(knowledge), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


async def test_the_maintainers_loop(api: LocalBotApi, tmp_path: Path, knowledge_copy: Path) -> None:
    data = tmp_path / "data"
    fallback = load_knowledge(knowledge_copy).messages.fallback["pl"].split(".")[0]
    process = await start(api, tmp_path, knowledge_copy)
    try:
        # 1. A reader's question falls back, and the bot records it.
        assert fallback in await ask(api, QUESTION)
        await eventually(lambda: QUESTION in cli(knowledge_copy, data, "unanswered").stdout)

        # 2. teach adds it and prints what changed.
        taught = await asyncio.to_thread(cli, knowledge_copy, data, "teach", QUESTION, TARGET)
        assert taught.returncode == 0, taught.stdout + taught.stderr
        assert f'  "{QUESTION}": {NO_ANSWER} -> {TARGET}\n' in taught.stdout
        assert "Added to intents.yaml:" in taught.stdout

        # 3. A harmful teach is refused, naming the row it would break.
        intents = (knowledge_copy / "intents.yaml").read_text(encoding="utf-8")
        refused = await asyncio.to_thread(cli, knowledge_copy, data, "teach", *HARMFUL)
        assert refused.returncode == 1
        assert (knowledge_copy / "intents.yaml").read_text(encoding="utf-8") == intents
        cases = load_cases(knowledge_copy / TESTS_FILE, load_knowledge(knowledge_copy))
        victim = next(c for c in cases if c.case.q == VICTIM)
        assert f"tests.yaml:{victim.line}: q: " in refused.stdout

        # 4. check --json lists every miss: exactly the rows marked known_miss.
        checked = await asyncio.to_thread(cli, knowledge_copy, data, "check", "--json")
        assert checked.returncode == 0, checked.stdout[-2000:]
        report = json.loads(checked.stdout)
        missed = {row["q"] for row in report["regression"]["misrouted"]}
        assert missed == {c.case.q for c in cases if c.case.known_miss}

        # 5. unanswered no longer shows the taught question (with --all, it is marked).
        listed = await asyncio.to_thread(cli, knowledge_copy, data, "unanswered")
        assert QUESTION not in listed.stdout
        marked = await asyncio.to_thread(cli, knowledge_copy, data, "unanswered", "--all")
        assert f"{QUESTION}  [now answered: {TARGET}]" in marked.stdout

        # 6. SIGHUP reloads the taught knowledge into the running bot.
        process.send_signal(signal.SIGHUP)
        log = tmp_path / "bot.log"
        await eventually(lambda: "knowledge reloaded" in log.read_text(), timeout=30)
        answer = await ask(api, QUESTION)
        title = load_knowledge(knowledge_copy).intents[TARGET].title
        assert title is not None
        assert title["pl"] in answer
    finally:
        assert await stop(process) == 0

"""Throughput through a local Bot API server: this bot against PTB echo bots.

The server and the simulated users run in a process of their own (`python -m
devtools.bench_telegram QUESTIONS_FILE USERS MODE`), as Telegram does on its own machines,
so the bot's process spends its CPU on the bot alone. Two modes:

- closed loop: each user sends a question, waits for the reply, and sends the next;
- burst: every question arrives at once (users take turns), as after an outage or a post
  in a big channel; the figure is how fast the backlog drains.

Every bot is measured the same way, in turns. The echo bot runs in several configurations
of stock PTB (sequential, and concurrent updates with a matching connection pool or PTB's
defaults), and this bot is compared with the best of them in each mode: the ratio is what
the bot costs against the framework as shipped, at its best. Two more bots isolate where the
difference comes from: the echo bot on this bot's HTTP layer and concurrency (what answering
costs on top of the same plumbing), and an echo bot that sends this bot's typical reply
(what the richer message costs, without matching).
"""

from __future__ import annotations

import asyncio
import functools
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.answering import respond
from bot.config import Settings
from bot.runtime import BrainHolder, load_brain
from bot.storage import Storage
from bot.telegram.app import CONCURRENT_UPDATES, CONNECTION_POOL, build_application
from bot.telegram.botapi import AiohttpRequest
from bot.telegram.delivery import suggestion_keyboard
from bot.telegram.services import App
from devtools import child_env
from devtools.fakebotapi import Call, LocalBotApi


@dataclass(frozen=True)
class Throughput:
    answers: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.answers / self.seconds


# -- the two bots ---------------------------------------------------------------------------


async def _echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    if update.message is not None and update.message.text is not None:
        await update.message.reply_text(update.message.text)


# name -> (concurrent updates, connection pool); None = PTB's defaults (256 each).
ECHO_CONFIGURATIONS: dict[str, tuple[int | bool, int | None]] = {
    "echo sequential": (False, None),
    "echo conc. 4": (4, 6),  # what this bot uses
    "echo conc. 16": (16, 20),
    "echo conc. 256": (True, None),
}


def echo_app(token: str, base_url: str, concurrency: int | bool, pool: int | None) -> App:
    builder = ApplicationBuilder().token(token).base_url(base_url).concurrent_updates(concurrency)
    if pool is not None:
        builder = builder.connection_pool_size(pool)
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    return app


def _plumbing_like_ours(
    token: str, base_url: str
) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
    """Stock PTB with this bot's HTTP layer and number of updates in flight."""

    def request() -> AiohttpRequest:
        return AiohttpRequest(CONNECTION_POOL, 10.0, 10.0, 10.0, 10.0)

    return (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .concurrent_updates(CONCURRENT_UPDATES)
        .request(request())
        .get_updates_request(request())
    )


def same_http_echo_app(token: str, base_url: str) -> App:
    """The echo bot on this bot's plumbing: the difference to this bot is answering."""
    app = _plumbing_like_ours(token, base_url).build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    return app


def payload_echo_app(token: str, base_url: str, knowledge_dir: Path) -> App:
    """An echo bot that sends this bot's typical reply (HTML, quote, three buttons) to every
    message, on this bot's plumbing: what the richer message costs, without matching."""
    brain = load_brain(knowledge_dir)
    reply = respond(brain, "kiedy następna runda?").reply
    keyboard = suggestion_keyboard(brain.knowledge, reply.suggestions, "pl")

    async def send(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message is not None:
            await update.message.reply_text(reply.html, parse_mode="HTML", reply_markup=keyboard)

    app = _plumbing_like_ours(token, base_url).build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, send))
    return app


def our_app(token: str, base_url: str, knowledge_dir: Path, data_dir: Path) -> App:
    settings = Settings(
        telegram_bot_token=token,
        telegram_base_url=base_url,
        data_dir=data_dir,
        knowledge_dir=knowledge_dir,
        flood_limits=False,  # the local server has no flood limits, and the echo bot none
        user_burst=1_000_000,
    )
    holder = BrainHolder(knowledge_dir, load_brain(knowledge_dir))
    return build_application(settings, holder, Storage(settings.database))


# -- the bot's side ---------------------------------------------------------------------------


async def measure(
    make_app: Callable[[str, str], App], questions: list[str], users: int, mode: str
) -> Throughput:
    """Run one bot against a fresh server process until every user has been answered."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as file:
        json.dump(questions, file)
        file.flush()
        server = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "devtools.bench_telegram",
            file.name,
            str(users),
            mode,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=child_env(),
        )
        assert server.stdin is not None and server.stdout is not None  # noqa: S101 - PIPEs
        address = json.loads(await server.stdout.readline())
        app = make_app(address["token"], address["base_url"])
        await app.initialize()
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        if app.updater is None:
            raise RuntimeError("the application was built without an updater")
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        server.stdin.write(b"go\n")
        await server.stdin.drain()
        figures = json.loads(await server.stdout.readline())
        await app.updater.stop()
        await app.stop()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
        await app.shutdown()
        server.stdin.write(b"stop\n")
        await server.stdin.drain()
        server.stdin.close()
        await server.wait()
    return Throughput(**figures)


MODES = ("closed loop", "burst")
SAME_HTTP_ECHO = "echo, our HTTP"


async def compare(
    knowledge_dir: Path, questions: list[str], users: int, rounds: int = 3
) -> dict[str, dict[str, Throughput]]:
    """Per mode: this bot, each echo configuration and the payload echo bot, the median of
    `rounds` runs each, taken in turns, so that a noisy neighbour on a shared machine slows
    all of them alike."""
    bots: dict[str, Callable[[str, str], App]] = {
        name: functools.partial(echo_app, concurrency=conc, pool=pool)
        for name, (conc, pool) in ECHO_CONFIGURATIONS.items()
    }
    bots[SAME_HTTP_ECHO] = same_http_echo_app
    bots["payload echo"] = functools.partial(payload_echo_app, knowledge_dir=knowledge_dir)
    figures: dict[str, dict[str, Throughput]] = {}
    for mode in MODES:
        runs: dict[str, list[Throughput]] = {"this bot": [], **{name: [] for name in bots}}
        for _ in range(rounds):
            with tempfile.TemporaryDirectory(prefix="bot-bench-data-") as data:
                ours = functools.partial(our_app, knowledge_dir=knowledge_dir, data_dir=Path(data))
                runs["this bot"].append(await measure(ours, questions, users, mode))
            for name, make in bots.items():
                runs[name].append(await measure(make, questions, users, mode))
        figures[mode] = {name: _median_run(found) for name, found in runs.items()}
    return figures


def best_echo(figures: dict[str, Throughput]) -> str:
    """The echo configuration with the highest throughput."""
    return max(ECHO_CONFIGURATIONS, key=lambda name: figures[name].per_second)


def _median_run(runs: list[Throughput]) -> Throughput:
    return sorted(runs, key=lambda run: run.per_second)[len(runs) // 2]


# -- the server's side --------------------------------------------------------------------------


async def serve_users(questions: list[str], users: int, mode: str) -> Throughput:
    """The server plus `users` users (closed loop, or everything at once), in this process."""
    async with LocalBotApi() as api:
        print(json.dumps({"token": api.token, "base_url": api.base_url}), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # "go"
        replies: dict[int, asyncio.Queue[None]] = {}

        def on_call(call: Call) -> None:
            if call.method == "sendMessage" and call.status == 200:
                queue = replies.get(int(call.params["chat_id"]))
                if queue is not None:
                    queue.put_nowait(None)

        api.listeners.append(on_call)
        latencies: list[float] = []
        per_user = max(1, len(questions) // users)

        async def user(number: int) -> None:
            chat_id = 10_000 + number
            inbox = replies[chat_id] = asyncio.Queue()
            for turn in range(per_user):
                started = time.perf_counter()
                api.push_message(
                    questions[(number * per_user + turn) % len(questions)], user_id=chat_id
                )
                await asyncio.wait_for(inbox.get(), timeout=60)
                latencies.append(time.perf_counter() - started)

        async def burst() -> None:
            """All at once, users in turn; a user's replies come back in the order asked."""
            for number in range(users):
                replies[10_000 + number] = asyncio.Queue()
            started = time.perf_counter()
            for turn in range(per_user):
                for number in range(users):
                    question = questions[(number * per_user + turn) % len(questions)]
                    api.push_message(question, user_id=10_000 + number)

            async def drain(number: int) -> None:
                for _ in range(per_user):
                    await asyncio.wait_for(replies[10_000 + number].get(), timeout=120)
                    latencies.append(time.perf_counter() - started)

            await asyncio.gather(*(drain(number) for number in range(users)))

        began = time.perf_counter()
        if mode == "burst":
            await burst()
        else:
            await asyncio.gather(*(user(number) for number in range(users)))
        elapsed = time.perf_counter() - began
        latencies.sort()
        figures = Throughput(
            len(latencies),
            elapsed,
            statistics.median(latencies) * 1000,
            latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        )
        print(json.dumps(asdict(figures)), flush=True)
        # Keep serving until the bot has stopped polling, so its shutdown is a clean one.
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    return figures


if __name__ == "__main__":
    pool = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    asyncio.run(serve_users(pool, int(sys.argv[2]), sys.argv[3]))

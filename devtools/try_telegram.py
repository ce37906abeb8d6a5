"""`make try-telegram`: the real bot against the local Bot API server, from the console.

No token and no network: devtools/fakebotapi.py listens on 127.0.0.1, `python -m bot`
runs as a real process against it, and this tiny client plays the Telegram user. Type a
question to send it; type the number of a button to press it; Ctrl+D or `quit` ends.
The replies are shown as Telegram would render them (text, then numbered buttons).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from bot.replies import to_plain_text
from devtools.fakebotapi import LocalBotApi

START_TIMEOUT = 60.0  # seconds for the bot to start and register its commands
REPLY_TIMEOUT = 30.0
_QUIT = frozenset({"quit", "exit", "koniec"})


def buttons_of(params: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, callback data) of every inline button under a sent message."""
    markup = params.get("reply_markup") or {"inline_keyboard": []}
    if isinstance(markup, str):
        markup = json.loads(markup)
    return [
        (str(button.get("text", "")), str(button.get("callback_data", "")))
        for row in markup.get("inline_keyboard", [])
        for button in row
    ]


def render(params: dict[str, Any]) -> str:
    lines = [to_plain_text(str(params.get("text", "")))]
    for number, (label, _) in enumerate(buttons_of(params), 1):
        lines.append(f"  [{number}] {label}")
    return "\n".join(lines)


async def converse(api: LocalBotApi, stdin: TextIO, out: TextIO) -> None:
    """Send each line as a message (or a number as a button press); print the replies."""
    last: dict[str, Any] | None = None
    while True:
        out.write("\n> ")
        out.flush()
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        text = line.strip()
        if not text:
            continue
        if text.lower() in _QUIT:
            break
        before = len(api.sent("sendMessage"))
        choices = buttons_of(last) if last else []
        if text.isdigit() and 1 <= int(text) <= len(choices):
            api.push_callback_query(choices[int(text) - 1][1])
        else:
            api.push_message(text)
        sent = await api.wait_for("sendMessage", count=before + 1, timeout=REPLY_TIMEOUT)
        for params in sent[before:]:
            out.write(render(params) + "\n")
            last = params
        out.flush()


async def main(stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    with tempfile.TemporaryDirectory(prefix="try-telegram-") as scratch:
        log_path = Path(scratch) / "bot.log"
        async with LocalBotApi() as api:
            env = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_BASE_URL": api.base_url,
                "DATA_DIR": os.environ.get("DATA_DIR", str(Path(scratch) / "data")),
            }
            with log_path.open("wb") as log:
                process = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bot",
                    env=env,
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=log,
                )
            try:
                await api.wait_for("setMyCommands", count=2, timeout=START_TIMEOUT)
                out.write(
                    "The bot runs against a local Bot API server (no token, no network).\n"
                    "Type a question, or the number of a button; Ctrl+D or `quit` ends.\n"
                )
                await converse(api, stdin, out)
            except TimeoutError as exc:
                out.write(f"no reply: {exc}\n{log_path.read_text(errors='replace')[-2000:]}\n")
                return 1
            finally:
                if process.returncode is None:
                    process.terminate()
                    await process.wait()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

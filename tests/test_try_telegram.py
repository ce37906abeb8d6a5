"""`make try-telegram`: the console client drives the real bot through the local server."""

from __future__ import annotations

import io

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.knowledge import load_knowledge
from devtools.try_telegram import main


async def test_questions_and_button_presses_get_the_bots_replies() -> None:
    knowledge = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    out = io.StringIO()
    code = await main(io.StringIO("kiedy nastepna runda?\n1\nquit\n"), out)
    text = out.getvalue()
    assert code == 0, text
    first, pressed = text.split("\n> ")[1:3]
    assert knowledge.facts["next_round_autumn"].pl in first
    button = next(line for line in first.splitlines() if line.startswith("  [1] "))
    assert button[len("  [1] ") :].strip() in pressed  # the answer to the button is its title

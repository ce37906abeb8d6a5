"""Figures (and, with --misses, every miss) on the development question sets.

The sets in devtools/devsets/ were written by helpers who saw only the article, like the
held-out set, and the understanding was tuned on them: reading their misses is allowed
(unlike knowledge/heldout.yaml's). Usage: python -m devtools.devsets [--misses] [FILE…]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli import heldout_responder
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.heldout import Row, is_right, load_heldout, measure
from bot.runtime import load_brain

SETS = Path(__file__).parent / "devsets"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.devsets", description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list every wrong reply")
    parser.add_argument("files", nargs="*", type=Path, help="question sets (default: all)")
    args = parser.parse_args(argv)
    respond = heldout_responder(load_brain(DEFAULT_KNOWLEDGE_DIR))
    for path in args.files or sorted(SETS.glob("*.yaml")):
        questions, dialogues = load_heldout(path)
        print(f"{path.name}: " + "; ".join(map(str, measure(respond, questions, dialogues))))
        if args.misses:
            for row in questions:
                reply = respond(row.q, None)[0]
                _show(row, reply.text, is_right(row, reply))
            for dialogue in dialogues:
                state: object = None
                for row in dialogue:
                    turn, state = respond(row.q, state)
                    _show(row, turn.text, is_right(row, turn), "  ")
    return 0


def _show(row: Row, text: str, right: bool, indent: str = "") -> None:
    if not right:
        answer = " ".join(text.split())[:120]
        print(f"{indent}[{row.expect}] {row.q} | {row.detail} -> {answer}")


if __name__ == "__main__":
    sys.exit(main())

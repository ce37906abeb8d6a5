"""Every reply to a large pool of questions, one line each: diff two dumps to prove that a
change (a speed-up, a refactoring) changes no answer.

Usage: python -m devtools.replydump OUT [--sets FILE…]

The pool: the regression questions (tests.yaml), every example, and each of those without
diacritics and with one and with two typos (seeded, as the held-out figures make them);
`--sets` adds the questions and dialogue turns of development sets (asked one by one). The
held-out set is left out, so that no one reads its rows in a dump. A line holds the
question, the intent, the score, fallback, the alternatives, the candidates, the topic, the
aspect and a hash of the reply's text.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from bot.answering import respond
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.heldout import load_heldout, strip_diacritics, with_typos
from bot.knowledge import LANGS, TESTS_FILE, load_cases
from bot.runtime import load_brain


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.replydump", description=__doc__)
    parser.add_argument("out", type=Path, help="the file to write")
    parser.add_argument("--sets", nargs="*", type=Path, default=[], help="dev sets to add")
    args = parser.parse_args(argv)
    brain = load_brain(DEFAULT_KNOWLEDGE_DIR)
    knowledge = brain.knowledge
    pool = [case.case.q for case in load_cases(DEFAULT_KNOWLEDGE_DIR / TESTS_FILE, knowledge)]
    pool += [
        ex
        for intent in knowledge.intents.values()
        for lang in LANGS
        for ex in intent.examples[lang]
    ]
    variants = []
    for seed, question in enumerate(pool):
        variants += [strip_diacritics(question), *(with_typos(question, n, seed) for n in (1, 2))]
    pool += variants
    for path in args.sets:
        questions, dialogues = load_heldout(path)
        pool += [row.q for row in questions] + [row.q for turns in dialogues for row in turns]
    with args.out.open("w", encoding="utf-8") as out:
        for question in pool:
            answered = respond(brain, question)
            match = answered.match
            digest = hashlib.sha256(answered.reply.html.encode()).hexdigest()[:12]
            fields = (
                repr(question),
                match.intent,
                match.score,
                match.fallback,
                match.alternatives,
                match.candidates,
                match.topic,
                match.aspect,
                digest,
            )
            out.write("\t".join(map(str, fields)) + "\n")
    print(f"{len(pool)} questions -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The command line: ask, chat, check and bench on the same engine as the bot, no Telegram.

`python -m bot` with no command runs the bot: in Telegram when a token is configured,
otherwise as a console chat. Heavy imports (Telegram, the benchmark) happen only in the
commands that need them.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from bot.answering import respond, respond_to_choice
from bot.config import Settings
from bot.conversation import Conversation
from bot.heldout import Reply as HeldoutReply
from bot.heldout import Responder, Row, load_heldout, measure
from bot.knowledge import (
    HELDOUT_FILE,
    LANGS,
    TESTS_FILE,
    Knowledge,
    Lang,
    load_cases,
    load_knowledge,
)
from bot.matching import Engine
from bot.problems import KnowledgeError, Problem
from bot.replies import title, to_plain_text
from bot.runtime import Brain, BrainHolder, load_brain
from bot.storage import Storage

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
_QUIT_WORDS = frozenset({"quit", "exit", "koniec", "wyjdz", "wyjdź", "/quit", "/exit"})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument("--knowledge", type=Path, help="the knowledge directory to use")
    commands = parser.add_subparsers(dest="command")
    ask = commands.add_parser("ask", help="answer questions (argument, or one per stdin line)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--lang", choices=LANGS, help="language hint; it only breaks ties")
    ask.add_argument(
        "--dialog",
        action="store_true",
        help="stdin is conversations: consecutive lines are turns, an empty line ends one",
    )
    ask.add_argument("question", nargs="*", help="the question (default: read stdin)")
    commands.add_parser("chat", help="an interactive console chat")
    check = commands.add_parser("check", help="validate knowledge/ and run its regression tests")
    check.add_argument("--quiet", action="store_true", help="only the summary lines")
    bench = commands.add_parser("bench", help="measure latency, start-up and memory")
    bench.add_argument("--questions", type=int, default=2000, help="questions per measurement")
    bench.add_argument("--scale", type=int, default=100, help="size of the synthetic knowledge")
    bench.add_argument("--users", type=int, default=100, help="simulated Telegram users")
    bench.add_argument(
        "--skip-telegram", action="store_true", help="only the engine, not the Bot API throughput"
    )
    listing = commands.add_parser("unanswered", help="the most frequent unanswered questions")
    listing.add_argument("--limit", type=int, default=20, help="how many groups to list")
    listing.add_argument("--json", action="store_true", help="one JSON object per group")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        for error in exc.errors():  # never `str(exc)`: it would echo the (secret) input
            name = "_".join(str(part) for part in error["loc"]).upper()
            print(f"configuration error: {name}: {error['msg']}", file=sys.stderr)
        return EXIT_USAGE
    knowledge_dir: Path = args.knowledge or settings.knowledge_dir
    if args.command == "check":
        return check(knowledge_dir, sys.stdout, quiet=args.quiet)
    if args.command == "bench":
        return bench(knowledge_dir, args)
    if args.command == "unanswered":
        return unanswered(Storage(settings.database), sys.stdout, args.limit, as_json=args.json)
    try:
        brain = load_brain(knowledge_dir)
    except KnowledgeError as exc:
        print(f"knowledge/ is broken, run `python -m bot check`:\n{exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.command == "ask":
        questions = [" ".join(args.question)] if args.question else _lines(sys.stdin)
        return ask(
            brain, questions, sys.stdout, as_json=args.json, lang_hint=args.lang, dialog=args.dialog
        )
    if args.command == "chat" or settings.token is None:
        return chat(brain, sys.stdin, sys.stdout, show_hint=args.command is None)
    return serve_telegram(settings, BrainHolder(knowledge_dir, brain))


def serve_telegram(settings: Settings, holder: BrainHolder) -> int:
    """Run the Telegram bot until SIGINT/SIGTERM; the exit code says how it ended."""
    from bot.logs import setup_logging
    from bot.telegram.app import run

    setup_logging(settings.log_level, settings.secrets)
    return run(settings, holder)


def bench(knowledge_dir: Path, args: argparse.Namespace) -> int:
    """The benchmarks are development tools (devtools/, in the checkout, with the dev extra)."""
    try:
        tools = importlib.import_module("devtools.bench")
    except ModuleNotFoundError as exc:
        print(
            f"bench needs the development tools ({exc.name} is missing):"
            " run `make bench` in the checkout",
            file=sys.stderr,
        )
        return EXIT_USAGE
    code: int = tools.run_benchmarks(
        knowledge_dir,
        args.questions,
        sys.stdout,
        args.scale,
        telegram=not args.skip_telegram,
        users=args.users,
    )
    return code


def unanswered(storage: Storage, out: TextIO, limit: int, as_json: bool = False) -> int:
    """The most frequent questions the bot could not answer: what to add to knowledge/ next."""
    groups = storage.top_unanswered(limit)
    if as_json:
        for group in groups:
            out.write(json.dumps(dataclasses.asdict(group), ensure_ascii=False) + "\n")
        return 0
    if not groups:
        out.write("No unanswered questions yet.\n")
        return 0
    out.write(f"{'count':>5}  {'lang':<4}  {'best guess (score)':<32}  question\n")
    for group in groups:
        guess = f"{group.best_guess or '-'} ({group.best_score:.0f})"
        out.write(f"{group.count:>5}  {group.lang:<4}  {guess:<32}  {group.example}\n")
    return 0


def _lines(stream: TextIO) -> Iterable[str]:
    for line in stream:
        yield line.rstrip("\r\n")


def ask(
    brain: Brain,
    questions: Iterable[str],
    out: TextIO,
    as_json: bool = False,
    lang_hint: str | None = None,
    dialog: bool = False,
) -> int:
    """One output line per question, so other tools can pair answers with their questions.

    With `dialog`, consecutive lines are the turns of one conversation (follow-ups are
    answered in its context) and an empty line starts a new one."""
    conversation = Conversation() if dialog else None
    for question in questions:
        if dialog and not question.strip():
            conversation = Conversation()
        answered = respond(brain, question, conversation, hint=lang_hint)
        match, reply = answered.match, answered.reply
        if as_json:
            record = {
                "question": question,
                "lang": match.lang,
                "intent": None if match.fallback else match.intent,
                "score": match.score,
                "fallback": match.fallback,
                "answer": reply.html,
                "alternatives": list(match.alternatives),
                "topic": match.topic,
                "aspect": match.aspect,
                "person": match.person,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(" ".join(to_plain_text(reply.html).split()) + "\n")
        out.flush()
    return 0


def chat(brain: Brain, stdin: TextIO, out: TextIO, show_hint: bool = True) -> int:
    """A console conversation that keeps its context; a number picks one of the
    suggestions under the last answer."""
    messages = brain.knowledge.messages
    interactive = stdin.isatty()
    lang: Lang = "pl"
    if show_hint:
        out.write(f"{messages.chat_telegram_hint[lang]}\n")
    out.write(f"{messages.chat_intro[lang]}\n")
    suggestions: tuple[str, ...] = ()
    conversation = Conversation()
    while True:
        if interactive:
            out.write("\n> ")
            out.flush()
        line = stdin.readline()
        if not line:
            break
        question = line.strip()
        if not question:
            continue
        if question.lower() in _QUIT_WORDS:
            break
        picked = None
        if question.isdigit() and 1 <= int(question) <= len(suggestions):
            picked = respond_to_choice(brain, suggestions[int(question) - 1], lang, conversation)
        answered = picked or respond(brain, question, conversation)
        match = answered.match
        lang = match.lang
        out.write(f"\n{to_plain_text(answered.reply.html)}\n")
        suggestions = answered.reply.suggestions
        if suggestions and (match.partial or not match.fallback) and not match.unsure:
            out.write(f"\n{messages.related[lang]}\n")
            for number, intent in enumerate(suggestions, 1):
                out.write(f"  {number}. {title(brain.knowledge, intent, lang)}\n")
        out.flush()
    return 0


def check(knowledge_dir: Path, out: TextIO, quiet: bool = False) -> int:
    """Validate knowledge/, make sure every example finds its own intent, run the questions."""
    from bot.evaluation import evaluate, format_report, leave_topic_out

    heldout: tuple[list[Row], list[list[Row]]] | None = None
    try:
        knowledge = load_knowledge(knowledge_dir)
        brain = Brain.build(knowledge)
        engine = brain.engine
        problems = misrouted_examples(engine, knowledge)
        suites = [
            (name, load_cases(knowledge_dir / name, knowledge))
            for name in (TESTS_FILE,)
            if (knowledge_dir / name).exists()
        ]
        if (knowledge_dir / HELDOUT_FILE).exists():
            heldout = load_heldout(knowledge_dir / HELDOUT_FILE)
    except KnowledgeError as exc:
        problems = exc.problems
        suites = []
    for problem in problems:
        out.write(f"{problem}\n")
    if problems:
        out.write(f"{len(problems)} problem(s) in {knowledge_dir}\n")
        return EXIT_PROBLEMS
    examples = sum(len(i.examples.pl) + len(i.examples.en) for i in knowledge.intents.values())
    out.write(
        f"{knowledge_dir}: {len(knowledge.facts)} facts, {len(knowledge.quotes)} quotes, "
        f"{len(knowledge.intents)} intents, {examples} examples: valid\n"
    )
    weak = engine.unsupported_examples()
    if weak:
        per_intent = Counter(intent for intent, *_ in weak)
        listed = ", ".join(f"{intent} {count}" for intent, count in per_intent.most_common(8))
        out.write(
            f"Leave-one-out: {len(weak)} of {examples}"
            f" examples are not found by their intent's other examples (most: {listed});"
            " such intents need more ways of asking\n"
        )
    for name, cases in suites:
        report = evaluate(brain, cases)
        out.write(format_report(f"Regression {name}", report, not quiet) + "\n")
    probes = leave_topic_out(knowledge)
    answered = sum(probe.answered for probe in probes)
    asked = sum(probe.asked for probe in probes)
    out.write(
        f"Leave one topic out: {answered} of {asked} generic questions"
        f" ({answered / max(asked, 1):.1%}) still answered by topic and aspect alone\n"
    )
    if heldout is not None:
        # Figures only: seeing the held-out misses invites tuning on them.
        figures = measure(heldout_responder(brain), *heldout)
        out.write(
            f"Held-out {HELDOUT_FILE} (never tuned on): " + "; ".join(map(str, figures)) + "\n"
        )
    return 0


def heldout_responder(brain: Brain) -> Responder:
    """The held-out set asked through the same pipeline as every front end."""

    def ask_one(question: str, state: object) -> tuple[HeldoutReply, object]:
        conversation = state if isinstance(state, Conversation) else Conversation()
        answered = respond(brain, question, conversation)
        match = answered.match
        declined = match.fallback or match.unsure
        return HeldoutReply(declined, to_plain_text(answered.reply.html)), conversation

    return ask_one


def misrouted_examples(engine: Engine, knowledge: Knowledge) -> list[Problem]:
    """Examples that another intent scores at least as high as their own: after folding,
    stemming and aliases they say the same as that intent's examples, so the bot cannot
    tell the two apart."""
    problems = []
    for intent in knowledge.intents.values():
        for lang in LANGS:
            for index, example in enumerate(intent.examples[lang]):
                scores = engine.scores(example)
                own = scores.pop(intent.id, 0.0)
                rival = max(scores, key=scores.__getitem__, default=None)
                if own >= engine.thresholds.min_score and (rival is None or scores[rival] < own):
                    continue
                file, line = knowledge.example_line(intent.id, lang, index)
                where = f"intents[{intent.id}].examples.{lang}[{index}]"
                got = f"{rival} ({scores[rival]})" if rival is not None else "no intent"
                message = f'"{example}" matches {got} at least as well as {intent.id} ({own})'
                problems.append(Problem(file, line, where, message))
    return problems

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
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import yaml
from pydantic import ValidationError
from rapidfuzz import fuzz

from bot.answering import respond, respond_to_choice
from bot.config import Settings
from bot.conversation import Conversation
from bot.explaining import explain as explain_match
from bot.heldout import Reply as HeldoutReply
from bot.heldout import Responder, Row, load_heldout, measure
from bot.knowledge import (
    HELDOUT_FILE,
    LANGS,
    TESTS_FILE,
    Knowledge,
    Lang,
    load_knowledge,
)
from bot.matching import Engine, Match
from bot.problems import KnowledgeError, Problem
from bot.replies import title, to_plain_text
from bot.runtime import Brain, BrainHolder, load_brain
from bot.storage import Storage, UnansweredGroup
from bot.textnorm import tokens

if TYPE_CHECKING:
    from bot.evaluation import Report

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
_SAME_QUESTION = 85.0  # token_sort_ratio from which two stored questions are one
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
    ask.add_argument(
        "--record", action="store_true", help="store what it could not answer, as the bot does"
    )
    ask.add_argument(
        "--explain",
        action="store_true",
        help="also why: candidates and scores, words and weights, topic, threshold",
    )
    ask.add_argument("question", nargs="*", help="the question (default: read stdin)")
    chat_parser = commands.add_parser("chat", help="an interactive console chat")
    chat_parser.add_argument(
        "--record", action="store_true", help="store what it could not answer, as the bot does"
    )
    check = commands.add_parser("check", help="validate knowledge/ and run its regression tests")
    check.add_argument("--quiet", action="store_true", help="only the summary lines")
    check.add_argument(
        "--report",
        type=Path,
        metavar="DIR",
        help="also write DIR/report.html: bars, confusion matrix, score histogram, unanswered",
    )
    check.add_argument(
        "--json",
        action="store_true",
        help="one JSON report: misrouted rows, unsupported examples, precision and recall",
    )
    bench = commands.add_parser("bench", help="measure latency, start-up and memory")
    bench.add_argument("--questions", type=int, default=2000, help="questions per measurement")
    bench.add_argument("--scale", type=int, default=100, help="size of the synthetic knowledge")
    bench.add_argument("--users", type=int, default=100, help="simulated Telegram users")
    bench.add_argument(
        "--skip-telegram", action="store_true", help="only the engine, not the Bot API throughput"
    )
    teach = commands.add_parser(
        "teach", help="add a question as an example of an intent (or, with --test, a test row)"
    )
    teach.add_argument("question", help="the question, as people ask it")
    teach.add_argument("target", help="the intent it asks about (with --test, or null)")
    teach.add_argument(
        "--test", action="store_true", help="add a regression row to tests.yaml instead"
    )
    listing = commands.add_parser("unanswered", help="the most frequent unanswered questions")
    listing.add_argument("--limit", type=int, default=20, help="how many groups to list")
    listing.add_argument("--json", action="store_true", help="one JSON object per group")
    listing.add_argument(
        "--since", type=since_time, help="only questions asked since a date (2026-11-01) or 7d/12h"
    )
    listing.add_argument(
        "--all", action="store_true", help="also those the current knowledge now answers, marked"
    )
    listing.add_argument(
        "action", nargs="*", help="`resolve QUESTION`: take a question off the list"
    )
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
        storage = Storage(settings.database) if settings.database.exists() else None
        return check(
            knowledge_dir,
            sys.stdout,
            quiet=args.quiet,
            as_json=args.json,
            report_dir=args.report,
            storage=storage,
        )
    if args.command == "bench":
        return bench(knowledge_dir, args)
    if args.command == "teach":
        traffic = (
            [g.example for g in Storage(settings.database).top_unanswered(1000)]
            if settings.database.exists()
            else []
        )
        return teach(knowledge_dir, args.question, args.target, args.test, sys.stdout, traffic)
    if args.command == "unanswered":
        return unanswered_command(args, Storage(settings.database), knowledge_dir)
    try:
        brain = load_brain(knowledge_dir)
    except KnowledgeError as exc:
        print(f"knowledge/ is broken, run `python -m bot check`:\n{exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    record = getattr(args, "record", False)
    storage = Storage(settings.database) if record else None
    if args.command == "ask":
        questions = [" ".join(args.question)] if args.question else _lines(sys.stdin)
        return ask(
            brain,
            questions,
            sys.stdout,
            as_json=args.json,
            lang_hint=args.lang,
            dialog=args.dialog,
            storage=storage,
            explain=args.explain,
        )
    if args.command == "chat" or settings.token is None:
        return chat(brain, sys.stdin, sys.stdout, show_hint=args.command is None, storage=storage)
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


def since_time(value: str) -> float:
    """`--since`: a date or time (ISO 8601, UTC unless it says so) or an age: 7d, 12h, 30m."""
    age = re.fullmatch(r"(\d+)([dhm])", value.strip())
    if age:
        return time.time() - int(age[1]) * {"d": 86400, "h": 3600, "m": 60}[age[2]]
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is neither a date (2026-11-01) nor an age (7d, 12h, 30m)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def unanswered_command(args: argparse.Namespace, storage: Storage, knowledge_dir: Path) -> int:
    if args.action:
        if args.action[0] != "resolve" or len(args.action) < 2:
            print("usage: python -m bot unanswered resolve QUESTION", file=sys.stderr)
            return EXIT_USAGE
        question = " ".join(args.action[1:])
        count = storage.resolve(question)
        print(f"resolved {count} time(s) '{question}' was asked")
        return 0 if count else EXIT_PROBLEMS
    try:
        brain: Brain | None = load_brain(knowledge_dir)
    except KnowledgeError:
        brain = None
        print("knowledge/ is broken: listed without re-scoring", file=sys.stderr)
    return unanswered(
        storage,
        sys.stdout,
        args.limit,
        as_json=args.json,
        brain=brain,
        since=args.since,
        show_all=args.all,
    )


def unanswered(
    storage: Storage,
    out: TextIO,
    limit: int,
    as_json: bool = False,
    brain: Brain | None = None,
    since: float | None = None,
    show_all: bool = False,
) -> int:
    """The most frequent questions the bot could not answer: what to add to knowledge/ next.

    Re-scored against `brain` (the current knowledge): what it now answers is hidden, or
    with `show_all` marked; near-identical questions are listed as one, with variants."""

    clusters, now = unanswered_clusters(storage, brain, since, show_all)
    clusters = clusters[:limit]
    if as_json:
        for members in clusters:
            record = dataclasses.asdict(members[0])
            record["now_answered"] = now.get(members[0].normalised)
            record["variants"] = [
                {"question": m.example, "count": m.count, "now_answered": now.get(m.normalised)}
                for m in members[1:]
            ]
            record["total"] = sum(m.count for m in members)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return 0
    if not clusters:
        out.write("No unanswered questions yet.\n")
        return 0
    out.write(f"{'count':>5}  {'lang':<4}  {'best guess (score)':<32}  question\n")
    for members in clusters:
        for number, group in enumerate(members):
            guess = f"{group.best_guess or '-'} ({group.best_score:.0f})"
            mark = f"  [now answered: {now[group.normalised]}]" if now.get(group.normalised) else ""
            text = group.example if number == 0 else f"~ {group.example}"
            out.write(f"{group.count:>5}  {group.lang:<4}  {guess:<32}  {text}{mark}\n")
    return 0


def unanswered_clusters(
    storage: Storage,
    brain: Brain | None,
    since: float | None = None,
    show_all: bool = False,
) -> tuple[list[list[UnansweredGroup]], dict[str, str | None]]:
    """The stored questions, clustered, and what the current knowledge now answers them
    with (normalised text -> intent); what it answers is left out unless `show_all`."""
    from bot.answering import attention, respond

    groups = storage.top_unanswered(1_000_000, since)
    now: dict[str, str | None] = {}
    if brain is not None:
        for group in groups:
            match = respond(brain, group.example).match
            now[group.normalised] = match.intent if attention(brain, match) is None else None
    if not show_all:
        groups = [group for group in groups if now.get(group.normalised) is None]
    return cluster_questions(groups), now


def cluster_questions(groups: Sequence[UnansweredGroup]) -> list[list[UnansweredGroup]]:
    """Near-identical questions (typos, word order) together, the most frequent first."""
    clusters: list[list[UnansweredGroup]] = []
    for group in groups:
        for members in clusters:
            if fuzz.token_sort_ratio(group.normalised, members[0].normalised) >= _SAME_QUESTION:
                members.append(group)
                break
        else:
            clusters.append([group])
    return clusters


def teach(
    knowledge_dir: Path,
    question: str,
    target: str,
    as_test: bool,
    out: TextIO,
    traffic: Sequence[str] = (),
) -> int:
    """Add the question to knowledge/ unless that breaks what `check` demands; either way,
    say which answers the change moves."""
    from bot.teaching import TeachError
    from bot.teaching import teach as try_teaching

    try:
        taught = try_teaching(knowledge_dir, question, target, as_test, traffic)
    except (TeachError, KnowledgeError) as exc:
        out.write(f"teach: {exc}\n")
        return EXIT_PROBLEMS
    if taught.changes:
        out.write("Answers that change (before -> after):\n")
        for change in taught.changes:
            out.write(f'  "{change.question}": {change.before} -> {change.after}\n')
    else:
        out.write("No answer changes.\n")
    if not taught.written:
        out.write(f"Refused: {taught.file} is unchanged, because the change would break:\n")
        for problem in taught.problems:
            out.write(f"  {problem}\n")
        return EXIT_PROBLEMS
    out.write(f"Added to {taught.file}:{taught.line}\n")
    if not as_test and taught.now != target:
        out.write(
            f'Note: "{question}" still gets {taught.now}: a topic or aspect it names'
            " decides before the examples\n"
        )
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
    storage: Storage | None = None,
    explain: bool = False,
) -> int:
    """One output line per question, so other tools can pair answers with their questions.

    With `dialog`, consecutive lines are the turns of one conversation (follow-ups are
    answered in its context) and an empty line starts a new one."""
    conversation = Conversation() if dialog else None
    for question in questions:
        if dialog and not question.strip():
            conversation = Conversation()
        context = _context(conversation) if explain else None
        answered = respond(brain, question, conversation, hint=lang_hint)
        match, reply = answered.match, answered.reply
        if storage is not None:
            record_unanswered(storage, brain, question, match)
        if as_json:
            record: dict[str, Any] = {
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
            if explain:
                record["explain"] = explain_match(brain, match, context).as_dict()
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(" ".join(to_plain_text(reply.html).split()) + "\n")
            if explain:
                out.write("\n".join(explain_match(brain, match, context).lines()) + "\n")
        out.flush()
    return 0


def _context(conversation: Conversation | None) -> str | None:
    """What a follow-up would lean on: the conversation's topic, person and aspect."""
    if conversation is None:
        return None
    recalled = conversation.recall(time.monotonic())
    if recalled is None:
        return None
    parts = [f"{key} {value}" for key, value in dataclasses.asdict(recalled).items() if value]
    return ", ".join(parts) or None


def record_unanswered(storage: Storage, brain: Brain, question: str, match: Match) -> None:
    """What the bot could not answer fully, for `unanswered` (no identity is stored)."""
    from bot.answering import attention

    kind = attention(brain, match)
    if kind is not None and question.strip():
        guess = match.intent if match.intent is not None else match.guess
        storage.record_unanswered(question, match.lang, guess, match.score, kind=kind)


def chat(
    brain: Brain,
    stdin: TextIO,
    out: TextIO,
    show_hint: bool = True,
    storage: Storage | None = None,
) -> int:
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
        if storage is not None and picked is None:
            record_unanswered(storage, brain, question, match)
        lang = match.lang
        out.write(f"\n{to_plain_text(answered.reply.html)}\n")
        suggestions = answered.reply.suggestions
        if suggestions and (match.partial or not match.fallback) and not match.unsure:
            out.write(f"\n{messages.related[lang]}\n")
            for number, intent in enumerate(suggestions, 1):
                out.write(f"  {number}. {title(brain.knowledge, intent, lang)}\n")
        out.flush()
    return 0


def check(
    knowledge_dir: Path,
    out: TextIO,
    quiet: bool = False,
    as_json: bool = False,
    report_dir: Path | None = None,
    storage: Storage | None = None,
) -> int:
    """Validate knowledge/, make sure every example finds its own intent, run the questions.

    A gate: exits non-zero when a regression row not marked `known_miss` fails, or the
    accuracy falls below the baseline in settings.yaml."""
    from bot.evaluation import (
        coverage,
        coverage_questions,
        format_coverage,
        format_report,
        json_report,
        leave_topic_out,
        run_gate,
    )

    heldout: tuple[list[Row], list[list[Row]]] | None = None
    try:
        knowledge = load_knowledge(knowledge_dir)
        brain = Brain.build(knowledge)
        engine = brain.engine
        problems = (
            folded_examples(knowledge)
            + misrouted_examples(engine, knowledge)
            + spelled_real_words(engine, knowledge)
        )
        if (knowledge_dir / HELDOUT_FILE).exists():
            heldout = load_heldout(knowledge_dir / HELDOUT_FILE)
    except KnowledgeError as exc:
        problems = exc.problems
    if problems:
        if as_json:
            report = {
                "gate": {"passed": False, "problems": [dataclasses.asdict(p) for p in problems]}
            }
            out.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
            return EXIT_PROBLEMS
        for problem in problems:
            out.write(f"{problem}\n")
        out.write(f"{len(problems)} problem(s) in {knowledge_dir}\n")
        return EXIT_PROBLEMS
    regression, failures = run_gate(brain, knowledge_dir)
    cases = [outcome.case for outcome in regression.outcomes] if regression else []
    covered = coverage(brain, coverage_questions(knowledge, cases))
    if report_dir is not None and regression is not None:
        write_report(report_dir, brain, regression, storage)
    if as_json:
        full = json_report(brain, regression, failures)
        full["coverage"] = dataclasses.asdict(covered)
        out.write(json.dumps(full, ensure_ascii=False, indent=1) + "\n")
        return EXIT_PROBLEMS if failures else 0
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
    if regression is not None:
        out.write(format_report(f"Regression {TESTS_FILE}", regression, not quiet) + "\n")
        for outcome in regression.outcomes:
            if outcome.correct and outcome.case.case.known_miss:
                out.write(
                    f"{outcome.case.file}:{outcome.case.line}: q: known miss"
                    f' "{outcome.case.case.q}" is now answered right: remove `known_miss`\n'
                )
    out.write(format_coverage(covered, not quiet) + "\n")
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
    if failures:
        for problem in failures:
            out.write(f"{problem}\n")
        out.write(f"check failed: {len(failures)} regression problem(s) in {knowledge_dir}\n")
        return EXIT_PROBLEMS
    return 0


def write_report(
    directory: Path, brain: Brain, regression: Report, storage: Storage | None
) -> Path:
    """DIR/report.html for `check --report DIR`, with the unanswered questions re-scored."""
    from bot.report import render_report

    clusters = unanswered_clusters(storage, brain)[0] if storage is not None else None
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "report.html"
    page = render_report(brain.knowledge, regression, brain.engine.thresholds, clusters)
    path.write_text(page, encoding="utf-8")
    return path


def heldout_responder(brain: Brain) -> Responder:
    """The held-out set asked through the same pipeline as every front end."""

    def ask_one(question: str, state: object) -> tuple[HeldoutReply, object]:
        conversation = state if isinstance(state, Conversation) else Conversation()
        answered = respond(brain, question, conversation)
        match = answered.match
        return HeldoutReply(match.declined, to_plain_text(answered.reply.html)), conversation

    return ask_one


def folded_examples(knowledge: Knowledge) -> list[Problem]:
    """Examples that continue on a line indented unlike their siblings: YAML joins the two
    into one example without a word of warning (the `- ` of the second may be missing)."""
    source = knowledge.intents_source
    if source is None:
        return []
    lines = source.path.read_text(encoding="utf-8").splitlines()
    problems = []
    for intent in knowledge.intents.values():
        for lang in LANGS:
            for index, example in enumerate(intent.examples[lang]):
                file, line = knowledge.example_line(intent.id, lang, index)
                item = lines[line - 1].strip() if 0 < line <= len(lines) else ""
                if not item.startswith("- ") or " - " in example:
                    continue  # flow style, or already reported as a merged item
                try:
                    alone = yaml.safe_load(item[2:])
                except yaml.YAMLError:
                    alone = None
                if alone != example:
                    where = f"intents[{list(knowledge.intents).index(intent.id)}].examples"
                    message = (
                        f'"{example}" continues on line {line + 1}, indented unlike its'
                        " siblings: give that line its own `- `, or join the two"
                    )
                    problems.append(Problem(file, line, f"{where}.{lang}[{index}]", message))
    return problems


def spelled_real_words(engine: Engine, knowledge: Knowledge) -> list[Problem]:
    """`words` entries (aliases.yaml) that the knowledge spells elsewhere, in an example, a
    name, a form or the article: known words already, so listing them changes nothing."""
    problems = []
    for lang, words in knowledge.lexicon.words.items():
        for index, word in enumerate(words):
            if not engine.spelled_real_words.isdisjoint(tokens(word)):
                file, line = knowledge.lexicon_line("words", lang, index)
                message = (
                    f"'{word}' is a word the knowledge already uses (an example, a name, a"
                    " form or the article): listing it here changes nothing"
                )
                problems.append(Problem(file, line, f"words.{lang}[{index}]", message))
    return problems


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

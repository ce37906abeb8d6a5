"""`make bench`: latency per question, cold start, peak memory and Telegram throughput.

Each measurement runs in a fresh interpreter (`python -m devtools.bench PROBE_ARGS`), so the
start-up and the peak RSS it reports are those of a bot that has just started, not of
this process. Figures are printed, never asserted: machines are shared and noisy.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, TextIO

from devtools import child_env

SYNTHETIC_SCALE = 100
# A question of MIN_WORDS words or more that names no event by any of its names: the
# reading declines it, so the readers' questions (asked.yaml) are indexed for their vote
# (tests/test_asked.py checks that it still is).
FIRST_LONG = (
    "Do którego najdalej wysuniętego na północ stanu USA pojechali przywódcy obu państw na"
    " spotkanie?"
)


def run_benchmarks(
    knowledge_dir: Path,
    questions: int,
    out: TextIO,
    scale: int = SYNTHETIC_SCALE,
    telegram: bool = True,
    users: int = 100,
) -> int:
    """Measure the shipped knowledge and a synthetic one `scale` times larger."""
    with tempfile.TemporaryDirectory(prefix="bot-bench-") as tmp:
        synthetic = Path(tmp) / "knowledge"
        make_synthetic(knowledge_dir, synthetic, scale)
        out.write(
            f"{'knowledge':<16}{'intents':>8}{'examples':>10}{'import':>9}{'start':>9}"
            f"{'1st ans':>9}{'1st long':>10}{'median':>10}{'p99':>10}{'peak RSS':>10}\n"
        )
        for label, directory in (("shipped", knowledge_dir), (f"synthetic {scale}x", synthetic)):
            figures = _probe_in_subprocess(directory, questions)
            out.write(
                f"{label:<16}{figures['intents']:>8}{figures['examples']:>10}"
                f"{figures['import_s'] * 1000:>7.0f}ms{figures['startup_s'] * 1000:>7.0f}ms"
                f"{figures['process_to_first_answer_s'] * 1000:>7.0f}ms"
                f"{figures['first_long_s'] * 1000:>8.0f}ms"
                f"{figures['median_ms']:>8.2f}ms{figures['p99_ms']:>8.2f}ms"
                f"{figures['peak_rss_mb']:>7.1f} MB\n"
            )
        out.write(
            "import: importing the dependencies; start: loading and validating knowledge/, "
            "building the engine and answering the first question; 1st ans: process start "
            "to first answer; 1st long: then the first long question the reading declines "
            "(the readers' questions are indexed for it); median/p99: one question "
            "(match + reply); "
            f"{questions} questions each.\n"
        )
    if telegram:
        _telegram_throughput(knowledge_dir, questions, users, out)
    return 0


def _telegram_throughput(knowledge_dir: Path, questions: int, users: int, out: TextIO) -> None:
    """This bot against PTB echo bots, through the local Bot API server, in both modes."""
    import asyncio

    import yaml

    from devtools.bench_telegram import SAME_HTTP_ECHO, best_echo, compare

    pool = [
        row["q"]
        for row in yaml.safe_load((knowledge_dir / "tests.yaml").read_text(encoding="utf-8"))[
            "tests"
        ]
    ]
    pool = [pool[n % len(pool)] for n in range(questions)]
    figures = asyncio.run(compare(knowledge_dir, pool, users))
    for mode, runs in figures.items():
        ours = runs["this bot"]
        out.write(
            f"\nThrough the local Bot API server, {mode}: {ours.answers} questions from"
            f" {users} users, median of 3 runs each\n"
        )
        out.write(f"{'bot':<16}{'answers/s':>10}{'p50':>10}{'p99':>10}\n")
        for label, run in runs.items():
            out.write(
                f"{label:<16}{run.per_second:>10.0f}{run.p50_ms:>8.1f}ms{run.p99_ms:>8.1f}ms\n"
            )
        best = best_echo(runs)
        out.write(
            f"{mode}: this bot / echo on this bot's HTTP layer and concurrency:"
            f" {ours.per_second / runs[SAME_HTTP_ECHO].per_second:.2f}\n"
        )
        out.write(
            f"{mode}: this bot / payload echo (same reply and plumbing, no matching):"
            f" {ours.per_second / runs['payload echo'].per_second:.2f}\n"
        )
        out.write(
            f"{mode}: this bot / best echo ({best}):"
            f" {ours.per_second / runs[best].per_second:.2f}\n"
        )


def _probe_in_subprocess(directory: Path, questions: int) -> dict[str, Any]:
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "devtools.bench", str(directory), str(questions)],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
    )
    figures: dict[str, Any] = json.loads(result.stdout)
    figures["process_to_first_answer_s"] = figures["first_answer_at"] - started
    return figures


def probe(directory: Path, questions: int) -> dict[str, Any]:
    """Run inside a fresh interpreter: time the imports, the start-up and each answer."""
    t0 = time.perf_counter()
    import numpy  # noqa: F401
    import pydantic  # noqa: F401
    import pydantic_settings  # noqa: F401
    import rapidfuzz  # noqa: F401
    import yaml  # noqa: F401

    t1 = time.perf_counter()
    from bot.answering import respond
    from bot.knowledge import LANGS, load_knowledge
    from bot.runtime import Brain

    knowledge = load_knowledge(directory)
    brain = Brain.build(knowledge)
    respond(brain, "kiedy następna runda?")
    t2 = time.perf_counter()
    first_answer_at = time.perf_counter()
    respond(brain, FIRST_LONG)
    first_long_s = time.perf_counter() - first_answer_at
    pool = _question_pool(
        directory,
        [ex for i in knowledge.intents.values() for lang in LANGS for ex in i.examples[lang]],
    )
    latencies = []
    for number in range(questions):
        question = pool[number % len(pool)]
        begin = time.perf_counter()
        respond(brain, question)
        latencies.append(time.perf_counter() - begin)
    latencies.sort()
    return {
        "intents": len(knowledge.intents),
        "examples": sum(
            len(i.examples.pl) + len(i.examples.en) for i in knowledge.intents.values()
        ),
        "import_s": t1 - t0,
        "startup_s": t2 - t1,
        "first_long_s": first_long_s,
        "first_answer_at": first_answer_at,
        "median_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, unlike ru_maxrss, starts anew at exec,
    so it is not inflated by the (larger) parent that spawned us."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _question_pool(directory: Path, examples: list[str]) -> list[str]:
    """Realistic questions: the regression files when present, plus typo'd examples."""
    import yaml

    pool: list[str] = []
    for name, key in (("tests.yaml", "tests"), ("heldout.yaml", "questions")):
        path = directory / name
        if path.exists():
            pool += [row["q"] for row in yaml.safe_load(path.read_text(encoding="utf-8"))[key]]
    step = max(1, len(examples) // 500)
    pool += [_typo(example) for example in examples[::step]]
    return pool


def _typo(text: str) -> str:
    """Swap two letters in the middle of the text, as a hurried reader would."""
    if len(text) < 6:
        return text
    middle = len(text) // 2
    return text[: middle - 1] + text[middle] + text[middle - 1] + text[middle + 1 :]


def make_synthetic(source: Path, target: Path, scale: int) -> None:
    """A knowledge directory `scale` times larger: copies of every intent with new words.

    Copy k rewrites each word of four or more letters with a suffix of its own and adds a
    marker word, so the vocabulary and the index grow `scale` times, as they would with
    that many real topics, and every example stays unique.
    """
    import shutil

    import yaml

    target.mkdir(parents=True)
    for path in source.iterdir():
        if path.is_file() and path.name not in ("intents.yaml", "tests.yaml", "heldout.yaml"):
            shutil.copy(path, target / path.name)
    intents = yaml.safe_load((source / "intents.yaml").read_text(encoding="utf-8"))["intents"]
    copies = []
    for k in range(scale):
        for intent in intents:
            copy = dict(intent)
            if k:
                copy["id"] = f"{intent['id']}_{k}"
                copy["related"] = [f"{r}_{k}" for r in intent.get("related", [])]
                copy["examples"] = {
                    lang: [_mutate(example, k) for example in examples]
                    for lang, examples in intent["examples"].items()
                }
            copies.append(copy)
    text = yaml.safe_dump({"intents": copies}, allow_unicode=True, sort_keys=False)
    (target / "intents.yaml").write_text(text, encoding="utf-8")


def _mutate(text: str, k: int) -> str:
    suffix = "".join("bcdfghjklmnprstwz"[int(d)] for d in str(k))
    words = [word + suffix if len(word) >= 4 else word for word in text.split()]
    return " ".join([*words, f"zq{suffix}"])


if __name__ == "__main__":
    print(json.dumps(probe(Path(sys.argv[1]), int(sys.argv[2]))))

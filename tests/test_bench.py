"""The benchmarks run end to end and print their figures (never asserted: they are noisy)."""

from __future__ import annotations

import subprocess
import sys

from devtools import child_env


def bot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=child_env(),
    )


def test_bench_prints_figures_for_both_knowledge_bases_and_telegram() -> None:
    result = bot("bench", "--questions", "24", "--users", "4", "--scale", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = [line.split() for line in lines[1:3]]
    assert rows[0][0] == "shipped"
    assert rows[1][:2] == ["synthetic", "2x"]
    assert int(rows[1][2]) == 2 * int(rows[0][1])  # twice the intents
    assert all(line.endswith("MB") for line in lines[1:3])
    for mode in ("closed loop", "burst"):
        assert (
            f"Through the local Bot API server, {mode}: 24 questions from 4 users" in result.stdout
        )
        assert f"{mode}: this bot / best echo (echo " in result.stdout
    bots = [line.split()[0] for line in lines if line.endswith("ms")]
    assert bots[-7:] == ["this", "echo", "echo", "echo", "echo", "echo,", "payload"]

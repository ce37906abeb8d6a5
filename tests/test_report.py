"""`check --report DIR`: one self-contained report.html, and headless Chromium renders it
without a console error (a CSP violation, a failed load or a script error would be one)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.cli import check
from bot.evaluation import evaluate
from bot.knowledge import TESTS_FILE, load_cases, load_knowledge
from bot.runtime import Brain
from bot.storage import Storage

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--enable-logging=stderr",
    "--log-level=0",  # console messages reach stderr as INFO:CONSOLE lines
]


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def write_report(knowledge_copy: Path, tmp_path: Path) -> Path:
    storage = Storage(tmp_path / "data" / "bot.sqlite3")
    storage.record_unanswered("ile lat ma Putin?", "pl", "out_of_scope", 81.0, at=1.0)
    storage.record_unanswered("ile lat ma Putin?", "pl", "out_of_scope", 81.0, at=1.5)
    storage.record_unanswered("ile lat ma Putinn?", "pl", "out_of_scope", 80.0, at=2.0)
    storage.record_unanswered("przepis na <pierogi>", "pl", None, 10.0, at=3.0)
    out = io.StringIO()
    assert check(knowledge_copy, out, quiet=True, report_dir=tmp_path / "r", storage=storage) == 0
    return tmp_path / "r" / "report.html"


def test_the_report_is_self_contained_and_shows_everything(
    knowledge_copy: Path, tmp_path: Path
) -> None:
    page = write_report(knowledge_copy, tmp_path).read_text(encoding="utf-8")
    parser = Tags()
    parser.feed(page)
    tags = [tag for tag, _ in parser.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not [attrs for _, attrs in parser.tags if "src" in attrs or "href" in attrs]
    assert not re.search(r"(?:https?:)?//(?!www\.w3\.org/2000/svg)", page)  # only the SVG ns
    knowledge = load_knowledge(knowledge_copy)
    report = evaluate(Brain.build(knowledge), load_cases(knowledge_copy / TESTS_FILE, knowledge))
    # A pair of bars per intent and per topic, a heat-map cell per (expected, got) pair.
    intents = len(report.per_intent())
    assert page.count("class='bar p'") > intents
    assert page.count("class='bar p'") == page.count("class='bar r'")
    pairs = {(o.expected, o.got) for o in report.outcomes}
    assert page.count("<td style='background:rgba(") == len(pairs)
    assert tags.count("rect") >= 2  # right and wrong answers' histogram bars
    assert "min_score 50</text>" in page and "+ margin 54</text>" in page
    assert "<td>3</td><td>ile lat ma Putin?<br>" in page  # the cluster's total, first
    assert "~ ile lat ma Putinn? (1)" in page
    assert "przepis na &lt;pierogi&gt;" in page


def console_messages(page: Path, profile: Path) -> tuple[str, list[str]]:
    """The DOM Chromium rendered, and every console message it logged."""
    assert CHROMIUM is not None
    result = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout, [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium: run `make chromium` (Debian)")
def test_chromium_renders_the_report_without_console_errors(
    knowledge_copy: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.html"  # the probe can see an error when there is one
    broken.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom')</script>", "utf-8")
    assert any("boom" in line for line in console_messages(broken, tmp_path / "p1")[1])
    dom, messages = console_messages(write_report(knowledge_copy, tmp_path), tmp_path / "p2")
    assert messages == []
    assert "<h1>Knowledge report</h1>" in dom
    assert "<svg" in dom

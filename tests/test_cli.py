"""The command line as people and tools use it: real subprocesses, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import EditFile, line_of

# The seven contract fields, then the ones issue 6 added (what the question is about).
JSON_KEYS = ["question", "lang", "intent", "score", "fallback", "answer", "alternatives"]
JSON_KEYS += ["topic", "aspect", "person"]


def bot(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def test_quick_start_ask_answers_one_question() -> None:
    result = bot("ask", "kiedy nastepna runda?")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert "jesienią" in lines[0]
    assert "Ławrow" in lines[0]


def test_ask_json_reads_stdin_one_line_per_question() -> None:
    questions = ["kiedy nastepna runda?", "when is the next round", "ile lat ma Putin?", ""]
    result = bot("ask", "--json", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [list(record) for record in records] == [JSON_KEYS] * 4
    assert [r["question"] for r in records] == questions
    assert [r["intent"] for r in records] == ["next_round_when", "next_round_when", None, None]
    assert [r["lang"] for r in records[:3]] == ["pl", "en", "pl"]
    assert [r["fallback"] for r in records] == [False, False, True, True]
    assert records[0]["answer"].startswith("<b>Kiedy następna runda?</b>")
    assert "<blockquote>" in records[1]["answer"]
    assert isinstance(records[0]["score"], float)
    assert all(r["alternatives"] == [] for r in records)


def test_ask_lang_hint_breaks_a_tie() -> None:
    result = bot("ask", "--json", "--lang", "en", "Rubio")
    record = json.loads(result.stdout)
    assert (record["lang"], record["intent"]) == ("en", "who_rubio")


def test_make_run_without_a_token_is_a_console_chat() -> None:
    result = bot(stdin="kiedy nastepna runda?\n")
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stdout.splitlines()[0]
    assert "jesienią" in result.stdout
    assert "„Na jesień zaplanowano nową rundę" in result.stdout
    assert "— Siergiej Ławrow" in result.stdout


def test_chat_number_picks_a_suggestion() -> None:
    result = bot("chat", stdin="kiedy nastepna runda?\n1\nkoniec\nkim jest Rubio\n")
    assert "Zobacz też:" in result.stdout
    assert "Artykuł tego nie podaje (gdzie: następna runda konsultacji)" in result.stdout
    assert "sekretarz stanu USA" not in result.stdout  # the chat ended at "koniec"


def test_chat_offers_follow_ups_under_a_partial_answer_too() -> None:
    """The partial answer lists nothing to pick in its text; the numbered list does."""
    result = bot("chat", stdin="kiedy nastepna runda?\na gdzie?\n2\n")
    partial = result.stdout.split("Artykuł tego nie podaje (gdzie:")[1]
    assert "Zobacz też:" in partial
    assert "O czym będzie następna runda?" in partial.split("Zobacz też:")[1]


def test_check_points_at_the_broken_line(knowledge_copy: Path, edit: EditFile) -> None:
    path = edit(
        "facts.yaml", "  - id: riyadh_meeting\n", "  - id: riyadh_meeting\n    when: 2025\n"
    )
    result = bot("--knowledge", str(knowledge_copy), "check")
    assert result.returncode == 1
    assert f"facts.yaml:{line_of(path, 'when: 2025')}: facts[" in result.stdout
    assert ".when: unknown field" in result.stdout


def test_broken_knowledge_stops_ask_with_a_pointer_to_check(
    knowledge_copy: Path, edit: EditFile
) -> None:
    edit("quotes.yaml", "speaker: peskov", "speaker: pieskow")
    result = bot("--knowledge", str(knowledge_copy), "ask", "kiedy runda")
    assert result.returncode == 1
    assert "python -m bot check" in result.stderr
    assert "quotes.yaml:" in result.stderr


def test_ask_dialog_answers_follow_ups_in_context_and_an_empty_line_starts_afresh() -> None:
    turns = ["kiedy było spotkanie w Rijadzie?", "a o czym rozmawiano?", "", "a o czym rozmawiano?"]
    result = bot("ask", "--json", "--dialog", stdin="\n".join(turns) + "\n")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 4  # one output line per input line, the empty one included
    assert [r["topic"] for r in records[:2]] == ["riyadh", "riyadh"]
    assert records[1]["aspect"] == "about" and "energetyki" in records[1]["answer"]
    assert records[3]["topic"] != "riyadh"  # a new conversation has no context


def test_ask_json_partial_answer_is_a_fallback_with_its_topic() -> None:
    result = bot("ask", "--json", "jaka jest dokładna data następnej rundy?")
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["fallback"] is True and record["intent"] is None
    assert (record["topic"], record["aspect"]) == ("next_round", "date")
    assert record["answer"].startswith("<b>Artykuł tego nie podaje")


def test_bench_without_the_development_tools_says_so_in_one_line() -> None:
    result = bot("bench", "--skip-telegram")  # from a directory where devtools/ is not found
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "bench needs the development tools (devtools is missing): run `make bench` in the checkout"
    ]

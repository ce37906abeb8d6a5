"""The exact text of the messages for the mistakes that used to be silent or cryptic."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.knowledge import Knowledge, load_cases, load_knowledge
from bot.problems import KnowledgeError
from tests.conftest import EditFile, line_of, replace_first

# Two neighbouring examples of the first intent, as they stand in intents.yaml.
FIRST = "kiedy ponownie się spotkają?"
SECOND = "kiedy Rosja i USA znowu się spotkają"
INDENT = "        - "


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    return [str(problem) for problem in caught.value.problems]


def example_field(knowledge: Knowledge, example: str) -> str:
    for position, intent in enumerate(knowledge.intents.values()):
        for lang in ("pl", "en"):
            if example in intent.examples[lang]:
                index = intent.examples[lang].index(example)
                return f"intents[{position}].examples.{lang}[{index}]"
    raise AssertionError(f"{example!r} is no example")


@pytest.mark.parametrize("first", [FIRST, "kiedy kolejna runda"])
def test_a_list_item_indented_too_far_is_named(
    knowledge_copy: Path, edit: EditFile, knowledge: Knowledge, first: str
) -> None:
    """The second item, indented two spaces more, continues the first one's text."""
    where = example_field(knowledge, first)
    lines = f"{INDENT}{first}\n{INDENT}"
    assert lines in (knowledge_copy / "intents.yaml").read_text(encoding="utf-8")
    path = edit("intents.yaml", lines, f"{INDENT}{first}\n  {INDENT}")
    line = line_of(path, first)
    follower = path.read_text(encoding="utf-8").splitlines()[line].strip()[2:]
    assert problems_of(knowledge_copy) == [
        f'intents.yaml:{line}: {where}: "{first} - {follower}" holds " - ": two examples'
        " merged into one; indent the second `- ` like its siblings"
    ]


@pytest.mark.parametrize(("name", "key"), [("intents.yaml", "intents"), ("people.yaml", "people")])
def test_an_empty_file_says_what_it_should_hold(knowledge_copy: Path, name: str, key: str) -> None:
    (knowledge_copy / name).write_text("# nothing here yet\n", encoding="utf-8")
    assert problems_of(knowledge_copy) == [
        f"{name}:1: the file is empty: it should start with `{key}:`"
    ]


def test_a_windows_1250_file_names_the_line_and_the_fix(knowledge_copy: Path) -> None:
    path = knowledge_copy / "people.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1250"))
    first = next(index for index, char in enumerate(text) if ord(char) > 127)
    line = text.count("\n", 0, first) + 1
    column = first - (text.rfind("\n", 0, first) + 1) + 1
    byte = text[first].encode("cp1250")[0]
    assert problems_of(knowledge_copy) == [
        f"people.yaml:{line}: the file is not UTF-8 (byte 0x{byte:02x} at column {column}):"
        " save it as UTF-8"
    ]


def test_not_verbatim_shows_the_closest_passage_and_the_first_differing_character(
    knowledge_copy: Path, edit: EditFile, knowledge: Knowledge
) -> None:
    """Curly quotes against straight ones are invisible without being pointed at."""
    quote = next(q for q in knowledge.quotes.values() if '"' in q.pl)
    position = list(knowledge.quotes).index(quote.id)
    curly = quote.pl.replace('"', "„", 1)
    path = edit("quotes.yaml", f"pl: {quote.pl}\n", f"pl: {curly}\n")
    character = quote.pl.index('"') + 1
    assert problems_of(knowledge_copy) == [
        f"quotes.yaml:{line_of(path, curly)}: quotes[{position}].pl: the quote is not verbatim"
        f" in article.pl.txt: character {character} is '„' (U+201E) where the closest passage"
        f' has \'"\' (U+0022): "{quote.pl}"'
    ]


def test_a_misspelt_id_gets_a_did_you_mean(knowledge_copy: Path, knowledge: Knowledge) -> None:
    speaker = next(iter(knowledge.quotes.values())).speaker
    path = knowledge_copy / "quotes.yaml"
    replace_first(path, f"    speaker: {speaker}\n", f"    speaker: {speaker}x\n")
    assert problems_of(knowledge_copy) == [
        f"quotes.yaml:{line_of(path, f'speaker: {speaker}x')}: quotes[0].speaker:"
        f" no person '{speaker}x' in people.yaml: did you mean '{speaker}'?"
    ]


def test_a_misspelt_intent_in_tests_gets_a_did_you_mean(
    knowledge_copy: Path, knowledge: Knowledge
) -> None:
    path = knowledge_copy / "tests.yaml"
    text = path.read_text(encoding="utf-8")
    intent = next(i for i in knowledge.intents if f"intent: {i}}}" in text)
    replace_first(path, f"intent: {intent}}}", f"intent: {intent}s}}")
    rows = [row for row in path.read_text(encoding="utf-8").splitlines() if row.startswith("  - {")]
    index = next(n for n, row in enumerate(rows) if f"intent: {intent}s}}" in row)
    with pytest.raises(KnowledgeError) as caught:
        load_cases(path, knowledge)
    assert [str(p) for p in caught.value.problems] == [
        f"tests.yaml:{line_of(path, f'intent: {intent}s}}')}: tests[{index}].intent:"
        f" no intent '{intent}s': did you mean '{intent}'?"
    ]


def test_an_example_with_a_colon_gets_a_quoting_hint(
    knowledge_copy: Path, edit: EditFile, knowledge: Knowledge
) -> None:
    where = example_field(knowledge, FIRST)
    path = edit("intents.yaml", f"{INDENT}{FIRST}\n", f"{INDENT}pytanie: {FIRST}\n")
    assert problems_of(knowledge_copy) == [
        f"intents.yaml:{line_of(path, 'pytanie: ')}: {where}: expected text, got"
        ' "key: value": put text containing ": " in quotes'
    ]


def test_a_line_indented_unlike_its_siblings_is_named(
    knowledge_copy: Path, edit: EditFile, knowledge: Knowledge
) -> None:
    """Without its `- `, the next line joins the example above it, with no " - " to see."""
    from bot.cli import check

    first = "kiedy kolejna runda"
    lines = f"{INDENT}{first}\n{INDENT}"
    assert lines in (knowledge_copy / "intents.yaml").read_text(encoding="utf-8")
    path = edit("intents.yaml", lines, f"{INDENT}{first}\n{' ' * len(INDENT)}")
    line = line_of(path, first)
    follower = path.read_text(encoding="utf-8").splitlines()[line].strip()
    merged = load_knowledge(knowledge_copy)  # valid YAML: nothing but check can tell
    where = example_field(merged, f"{first} {follower}")
    assert where == example_field(knowledge, first)
    out = io.StringIO()
    assert check(knowledge_copy, out) == 1
    assert out.getvalue().startswith(
        f'intents.yaml:{line}: {where}: "{first} {follower}" continues on line {line + 1},'
        " indented unlike its siblings: give that line its own `- `, or join the two\n"
    )

"""Validation: the shipped knowledge is valid, and every kind of mistake a maintainer can
make is caught and reported as file:line: field, on a small broken copy."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml

from bot.cli import check
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.knowledge import load_cases, load_knowledge
from bot.problems import KnowledgeError
from tests.conftest import EditFile, line_of


def run_check(directory: Path) -> tuple[int, str]:
    out = io.StringIO()
    return check(directory, out), out.getvalue()


def test_shipped_knowledge_is_valid() -> None:
    code, output = run_check(DEFAULT_KNOWLEDGE_DIR)
    assert code == 0, output
    assert "valid" in output
    assert "Held-out heldout.yaml (never tuned on): answerable" in output
    assert "Leave one topic out:" in output


def test_every_article_intent_answers_from_the_article(knowledge_copy: Path) -> None:
    """Listed facts or quotes, or (with an aspect) the facts tagged with its topic and
    aspect; an aspect the article does not report makes it an honest partial answer."""
    knowledge = load_knowledge(knowledge_copy)
    for intent in knowledge.intents.values():
        if intent.kind == "article" and intent.aspect is None:
            assert intent.facts or intent.quotes, intent.id
        if intent.kind == "article" and intent.aspect is not None:
            assert intent.topic or intent.person, intent.id


# The tags of the Riyadh fact as they stand, so that retagging it breaks no test here.
_RIYADH_TAGS = re.search(
    r"    topic: riyadh\n    aspects: \[when,[^\]]*\]\n",
    (DEFAULT_KNOWLEDGE_DIR / "facts.yaml").read_text(encoding="utf-8"),
)[0]  # type: ignore[index]


def _position(name: str, key: str, item_id: str) -> int:
    """Where an item stands in a shipped file, so that inserting another breaks no test."""
    data = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / name).read_text(encoding="utf-8"))
    return [item["id"] for item in data[key]].index(item_id)


def _example_index(intent_id: str, lang: str, example: str) -> int:
    data = yaml.safe_load((DEFAULT_KNOWLEDGE_DIR / "intents.yaml").read_text(encoding="utf-8"))
    intent = next(item for item in data["intents"] if item["id"] == intent_id)
    return int(intent["examples"][lang].index(example))


def _fact(item_id: str) -> str:
    return f"facts[{_position('facts.yaml', 'facts', item_id)}]"


def _intent(item_id: str) -> str:
    return f"intents[{_position('intents.yaml', 'intents', item_id)}]"


# The fact the Riyadh tags belong to.
_RIYADH_FACT = re.search(
    r"  - id: (\w+)\n(?:    .*\n)*?" + re.escape(_RIYADH_TAGS),
    (DEFAULT_KNOWLEDGE_DIR / "facts.yaml").read_text(encoding="utf-8"),
)[1]  # type: ignore[index]

# The example of next_round_where that the table below replaces.
_WHERE_EXAMPLE = (
    f"{_intent('next_round_where')}.examples.pl"
    f"[{_example_index('next_round_where', 'pl', 'miejsce kolejnej rundy')}]"
)


def _ids(name: str) -> list[str]:
    """The ids of a knowledge file in order, as its list items declare them."""
    text = (DEFAULT_KNOWLEDGE_DIR / name).read_text(encoding="utf-8")
    return [
        line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("  - id:")
    ]


_ASPECT_IDS = [
    line.split(":", 1)[1].strip()
    for line in (DEFAULT_KNOWLEDGE_DIR / "aspects.yaml").read_text(encoding="utf-8").splitlines()
    if line.startswith("  - id:")
]

# (file, old text, new text, the text on the line to be reported, field, words of the message)
BREAKAGES = [
    pytest.param(
        "facts.yaml",
        "  - id: next_round_agreement\n",
        "  - id: next_round_agreement\n    colour: red\n",
        "colour: red",
        f"{_fact('next_round_agreement')}.colour",
        "unknown field",
        id="unknown field",
    ),
    pytest.param(
        "facts.yaml",
        "    en: The next, third round of Russian-American consultations on bilateral "
        "relations will take place in the autumn.\n",
        "",
        "- id: next_round_autumn",
        f"{_fact('next_round_autumn')}.en",
        "required field is missing",
        id="missing field",
    ),
    pytest.param(
        "facts.yaml",
        "  - id: next_round_agreement\n",
        "  - id: next_round_autumn  # copied\n",
        "# copied",
        f"{_fact('next_round_agreement')}.id",
        "duplicate id 'next_round_autumn'",
        id="duplicate id",
    ),
    pytest.param(
        "intents.yaml",
        "    facts: [previous_meetings_places, riyadh_meeting, istanbul_meetings]",
        "    facts: [previous_meetings_places, riyadh_meeting, istanbul_meeting]",
        "facts: [previous_meetings_places, riyadh_meeting, istanbul_meeting]",
        f"{_intent('previous_meetings')}.facts[2]",
        "no fact 'istanbul_meeting'",
        id="dangling fact",
    ),
    pytest.param(
        "facts.yaml",
        _RIYADH_TAGS,
        _RIYADH_TAGS.replace("[when,", "[wher,"),
        "aspects: [wher,",
        f"{_fact(_RIYADH_FACT)}.aspects[0]",
        "no aspect 'wher' in aspects.yaml",
        id="unknown aspect",
    ),
    pytest.param(
        "facts.yaml",
        _RIYADH_TAGS,
        _RIYADH_TAGS.replace("topic: riyadh", "topic: rijad"),
        "topic: rijad",
        f"{_fact(_RIYADH_FACT)}.topic",
        "no topic 'rijad' in topics.yaml",
        id="unknown topic",
    ),
    pytest.param(
        "intents.yaml",
        "    topic: next_round\n    aspect: when\n",
        "    topic: next_round\n    aspect: when\n    facts: [next_round_autumn]\n",
        "facts: [next_round_autumn]",
        f"{_intent('next_round_when')}.facts",
        "the facts are those tagged with it",
        id="facts beside an aspect",
    ),
    pytest.param(
        "topics.yaml",
        "    people: [lavrov, rubio]\n",
        "    people: [lavrov, rubbio]\n",
        "people: [lavrov, rubbio]",
        f"topics[{_position('topics.yaml', 'topics', 'next_round')}].people[1]",
        "no person 'rubbio'",
        id="unknown person in a topic",
    ),
    pytest.param(
        "aspects.yaml",
        "  - id: duration\n",
        "  - id: duration\n    lable: {pl: x, en: x}\n",
        "lable:",
        f"aspects[{_ASPECT_IDS.index('duration')}].lable",
        "unknown field",
        id="unknown field in aspects",
    ),
    pytest.param(
        "messages.yaml",
        "    en: \"The article doesn't say ({what}: {topic}).",
        "    en: \"The article doesn't say ({what}: {subject}).",
        "({what}: {subject})",
        "messages.not_reported.en",
        "must use exactly the blanks {topic}, {what}",
        id="a blank the bot does not fill",
    ),
    pytest.param(
        "topics.yaml",
        "  - id: alaska\n",
        "  - id: mars\n    time: past\n    title: {pl: Mars, en: Mars}\n"
        "    names: {pl: [Mars], en: [Mars]}\n  - id: alaska\n",
        "id: mars",
        f"topics[{_ids('topics.yaml').index('alaska')}].id",
        "no fact has this topic",
        id="a topic no fact reports",
    ),
    pytest.param(
        "intents.yaml",
        "    related: [next_round_when, previous_meetings]",
        "    related: [next_round_when, previous_meeting]",
        "related: [next_round_when, previous_meeting]",
        f"{_intent('next_round_where')}.related[1]",
        "no intent 'previous_meeting'",
        id="dangling related intent",
    ),
    pytest.param(
        "quotes.yaml",
        'w sprawie wyeliminowania "drażniących elementów" w stosunkach dwustronnych\n',
        'w sprawie wyeliminowania "drażniących elementów" w stosunkach obu krajów\n',
        "w stosunkach obu krajów",
        f"quotes[{_position('quotes.yaml', 'quotes', 'lavrov_autumn_round')}].pl",
        "not verbatim",
        id="quote not verbatim",
    ),
    pytest.param(
        "facts.yaml",
        "      - trzecia odbędzie się tej jesieni\n",
        "      - trzecia odbędzie się w październiku\n",
        "trzecia odbędzie się w październiku",
        f"{_fact('next_round_autumn')}.source[1]",
        "not verbatim",
        id="source not verbatim",
    ),
    pytest.param(
        "quotes.yaml",
        "    speaker: lavrov\n    via: {pl: konferencja",
        "    speaker: lavrow\n    via: {pl: konferencja",
        "speaker: lavrow",
        f"quotes[{_position('quotes.yaml', 'quotes', 'lavrov_third_round')}].speaker",
        "no person 'lavrow'",
        id="unknown speaker",
    ),
    pytest.param(
        "intents.yaml",
        "        - miejsce kolejnej rundy\n",
        "        - Kiedy następna runda rozmów?\n",
        "- Kiedy następna runda rozmów?",
        _WHERE_EXAMPLE,
        "also under intent 'next_round_when'",
        id="example under two intents",
    ),
    pytest.param(
        "intents.yaml",
        "        - miejsce kolejnej rundy\n",
        "        - Kiedy nastepne rundy rozmow\n",
        "- Kiedy nastepne rundy rozmow",
        "intents[next_round_where].examples.pl[3]",
        "matches next_round_when (100.0) at least as well as next_round_where (100.0)",
        id="example routed to another intent",
    ),
    pytest.param(
        "facts.yaml",
        "    source:\n      - Jesienią",
        "    source: [\n      - Jesienią",
        "- Jesienią odbędzie",
        "",
        "YAML syntax error",
        id="yaml syntax",
    ),
    pytest.param(
        "aliases.yaml",
        'in, "on", to',
        "in, on, to",
        "en: [the, a, an",
        "stopwords.en[5]",
        "put yes/no/on/off in quotes",
        id="yaml boolean",
    ),
    pytest.param(
        "aliases.yaml",
        "  ile: [ilu]\n",
        "  ile: [ilu, jaka]\n",
        "ile: [ilu, jaka]",
        "inflections.ile[1]",
        "'jaka' is already a form of 'jaki'",
        id="a form of two words",
    ),
    pytest.param(
        "aliases.yaml",
        "  pl: [kiedyś, wiedzieć,",
        "  pl: [kiedyś, czy, wiedzieć,",
        "pl: [kiedyś, czy, wiedzieć,",
        "words.pl[1]",
        "'czy' is already a function word: listing it here changes nothing",
        id="a real word already known",
    ),
    pytest.param(
        "topics.yaml",
        "    participants: [rubio]  #",
        "    participants: [rubio, putin]  #",
        "participants: [rubio, putin]",
        f"topics[{_position('topics.yaml', 'topics', 'security_council')}].participants[1]",
        "'putin' takes part in it, so list them in `people` too",
        id="a participant not in people",
    ),
    pytest.param(
        "aspects.yaml",
        "    narrows: who\n    cues:\n      pl: [ze strony rosyjskiej",
        "    narrows: whom\n    cues:\n      pl: [ze strony rosyjskiej",
        "narrows: whom",
        f"aspects[{_position('aspects.yaml', 'aspects', 'side_ru')}].narrows",
        "no aspect 'whom': did you mean 'who'?",
        id="an aspect narrowing one that does not exist",
    ),
    pytest.param(
        "aliases.yaml",
        "  pl: [kiedyś, wiedzieć,",
        "  pl: [kiedyś, odbędzie, wiedzieć,",
        "pl: [kiedyś, odbędzie, wiedzieć,",
        "words.pl[1]",
        "'odbędzie' is a word the knowledge already uses (an example, a name, a form or the"
        " article): listing it here changes nothing",
        id="a real word the knowledge spells",
    ),
    pytest.param(
        "people.yaml",
        "  - id: rubio\n",
        "  - id: rubio\n    id: rubio2\n",
        "id: rubio2",
        f"people[{_position('people.yaml', 'people', 'rubio')}].id",
        "given twice",
        id="duplicate key",
    ),
    pytest.param(
        "tests.yaml",
        'runda?", intent: next_round_when}',
        'runda?", intent: next_round_whenn}',
        "intent: next_round_whenn}",
        "tests[0].intent",
        "no intent 'next_round_whenn'",
        id="test with unknown intent",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "needle", "field", "message"), BREAKAGES)
def test_check_reports_file_line_and_field(
    knowledge_copy: Path,
    edit: EditFile,
    name: str,
    old: str,
    new: str,
    needle: str,
    field: str,
    message: str,
) -> None:
    path = edit(name, old, new)
    code, output = run_check(knowledge_copy)
    assert code == 1, output
    expected = f"{name}:{line_of(path, needle)}: {field + ': ' if field else ''}"
    lines = [line for line in output.splitlines() if line.startswith(expected)]
    assert lines, f"no line starting with {expected!r} in:\n{output}"
    assert message in lines[0]


def test_empty_example_list(knowledge_copy: Path) -> None:
    path = knowledge_copy / "intents.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      pl:\n", text.index("- id: next_round_where"))
    end = text.index("      en:\n", start)
    path.write_text(text[:start] + "      pl: []\n" + text[end:], encoding="utf-8")
    code, output = run_check(knowledge_copy)
    assert code == 1
    line = line_of(path, "pl: []")
    where = f"{_intent('next_round_where')}.examples.pl"
    assert f"intents.yaml:{line}: {where}: empty example list" in output


def test_a_broken_base_raises_with_every_problem(edit: EditFile, knowledge_copy: Path) -> None:
    edit("intents.yaml", "related: [next_round_when, previous_meetings]", "related: [nope]")
    edit("quotes.yaml", "speaker: state_department", "speaker: nobody")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy)
    assert len(caught.value.problems) == 2


def test_regression_question_identical_to_an_example_is_flagged(
    knowledge_copy: Path, edit: EditFile
) -> None:
    edit("tests.yaml", '{q: "kiedy nastepna runda?"', '{q: "Kiedy następna runda rozmów?"')
    with pytest.raises(KnowledgeError, match="tests nothing"):
        load_cases(knowledge_copy / "tests.yaml", load_knowledge(knowledge_copy))


def test_unreadable_file_is_reported(knowledge_copy: Path) -> None:
    (knowledge_copy / "people.yaml").write_bytes(b"\xff\xfe not utf-8")
    code, output = run_check(knowledge_copy)
    assert code == 1
    assert output.startswith(
        "people.yaml:1: the file is not UTF-8 (byte 0xff at column 1): save it as UTF-8\n"
    )

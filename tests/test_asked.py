"""Readers' questions (asked.yaml): the nearest ones answer a long question the reading
declines, never take back an answer, and a maintainer's slip is reported with its line."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.answering import attention, respond
from bot.asked import MIN_WORDS, OWN_WEIGHT, AskedIndex, vote, words
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.conversation import Conversation
from bot.explaining import explain
from bot.knowledge import Asked, Knowledge, load_knowledge
from bot.problems import KnowledgeError
from bot.runtime import Brain
from bot.textnorm import fold
from devtools.bench import FIRST_LONG
from tests.conftest import line_of

_KNOWLEDGE = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
# Not one word of the Alaska meeting's names: the reading finds no event in it.
_NORTH = (
    "Do którego najdalej wysuniętego na północ stanu USA pojechali przywódcy obu państw na"
    " spotkanie?"
)
_NORTH_ASKED = """\
Do którego najdalej na północ wysuniętego stanu USA pojechali przywódcy obu państw na spotkanie?
Do jakiego stanu najdalej wysuniętego na północ pojechali przywódcy obu państw?
Do którego stanu USA, najdalej na północ, pojechali na spotkanie przywódcy obu mocarstw?
"""


def _with(*groups: Asked) -> Brain:
    return Brain.build(dataclasses.replace(_KNOWLEDGE, asked=groups))


def _north() -> Asked:
    return Asked(means="Gdzie spotkali się Trump i Putin?", questions=_NORTH_ASKED)


def test_nearest_question_ranks_first_with_its_similarity() -> None:
    index = AskedIndex(
        ["Kiedy odbędzie się kolejna runda rozmów?", "Kto ogłosił kolejną rundę rozmów?"],
        [0, 1],
    )
    found = index.nearest(words(fold("A kiedy ta kolejna runda rozmów się odbędzie?")))
    assert [n.means for n in found] == [0, 1]
    assert 0 < found[1].similarity < found[0].similarity < 1
    itself = index.nearest(words(fold("Kto ogłosił kolejną rundę rozmów?")))[0]
    assert itself.means == 1
    assert itself.similarity == pytest.approx(1.0, abs=1e-6)


def test_no_shared_word_no_neighbour() -> None:
    index = AskedIndex(["Kiedy odbędzie się kolejna runda?"], [0])
    assert index.nearest(words(fold("What's the weather like?"))) == []
    assert AskedIndex([], []).nearest(words(fold("Kiedy runda?"))) == []


def test_the_readings_own_verdict_wins_ties_and_single_neighbours() -> None:
    assert vote("own", [(OWN_WEIGHT - 0.1, "theirs", True)]) == "own"
    assert vote("own", [(OWN_WEIGHT, "theirs", True)]) == "own"  # a tie keeps the reading's
    assert vote("own", [(0.4, "theirs", True), (0.4, "theirs", True)]) == "theirs"
    # two answers that disagree do not add up
    assert vote("own", [(0.4, "theirs", True), (0.4, "other", True)]) == "own"


def test_neighbours_that_decline_anything_vote_with_the_readings_decline() -> None:
    answering = [(0.45, "theirs", True), (0.45, "theirs", True)]
    assert vote("own", answering) == "theirs"
    assert vote("own", [*answering, (0.25, "another decline", False)]) == "own"


def test_a_long_question_the_reading_declines_is_answered_as_its_neighbours_mean() -> None:
    assert len(_NORTH.split()) >= MIN_WORDS
    declined = respond(_with(), _NORTH).match
    assert declined.fallback, "the reading alone must decline it, or this tests nothing"
    answered = respond(_with(_north()), _NORTH)
    assert (answered.match.topic, answered.match.aspect) == ("alaska", "where")
    assert not answered.match.fallback
    assert answered.match.question == _NORTH
    assert answered.match.meant == "Gdzie spotkali się Trump i Putin?"
    assert "Alas" in answered.reply.html
    assert attention(_with(_north()), answered.match) == "asked"  # on the maintainers' list
    assert attention(_with(), respond(_with(), "Gdzie spotkali się Trump i Putin?").match) is None
    decision = explain(_with(_north()), answered.match).decision
    assert "readers' questions" in decision
    assert "Gdzie spotkali się Trump i Putin?" in decision


def test_neighbours_that_decline_do_not_replace_the_readings_decline() -> None:
    declined = respond(_with(), _NORTH).match
    groups = Asked(means="Ile sankcji nałożył Trump na Rosję?", questions=_NORTH_ASKED)
    assert respond(_with(groups), "Ile sankcji nałożył Trump na Rosję?").match.partial
    assert respond(_with(groups), _NORTH).match == declined


def test_english_question_keeps_its_language_when_its_neighbours_are_polish() -> None:
    question = "The leaders of both powers shook hands in the farthest northern US state, but"
    groups = Asked(means="Gdzie spotkali się Trump i Putin?", questions=question + " where?")
    asked = question + " which state?"
    assert respond(_with(), asked).match.declined, "the reading alone must decline it"
    match = respond(_with(groups), asked).match
    assert match.meant == "Gdzie spotkali się Trump i Putin?"  # the vote answered it
    assert match.lang == "en"


def test_a_short_question_is_not_put_to_the_vote() -> None:
    short = "Stan USA najdalej wysunięty na północ, spotkanie przywódców?"
    assert len(short.split()) < MIN_WORDS
    groups = Asked(means="Gdzie spotkali się Trump i Putin?", questions=short + " ")
    assert respond(_with(), short).match.fallback
    assert respond(_with(groups), short).match.fallback


def test_an_answer_the_reading_gave_is_never_taken_back() -> None:
    question = (
        "Piszę referat i chciałbym wiedzieć, w którym stanie na dalekiej północy widzieli się"
        " obaj przywódcy?"
    )
    own = respond(_with(), question).match
    assert (own.topic, own.aspect, own.fallback) == ("alaska", "where", False)
    # every neighbour says it means another question
    groups = Asked(means="Kto ogłosił trzecią rundę?", questions=question)
    assert respond(_with(groups), question).match == own


def test_a_follow_up_read_in_its_conversation_keeps_its_reading() -> None:
    """A declined follow-up whose verdict came from the context: its neighbours were read
    without one, so they do not speak for it."""
    follow = "a dokładnie o której godzinie to było, bo piszę notatkę do gazetki szkolnej?"
    assert len(follow.split()) >= MIN_WORDS
    groups = Asked(means="Gdzie spotkali się Trump i Putin?", questions=follow)
    brain = _with(groups)
    conversation = Conversation()
    respond(brain, "Gdzie spotkali się Trump i Putin?", conversation)
    in_context = respond(brain, follow, conversation).match
    assert (in_context.topic, in_context.aspect, in_context.partial) == ("alaska", "hour", True)
    alone = respond(brain, follow).match  # without a conversation the vote decides
    assert (alone.topic, alone.aspect, alone.fallback) == ("alaska", "where", False)


def _asked_file(directory: Path, text: str) -> Path:
    path = directory / "asked.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_question_listed_twice_is_reported_at_its_line(knowledge_copy: Path) -> None:
    path = _asked_file(
        knowledge_copy,
        "asked:\n"
        "- means: Kiedy następna runda?\n"
        "  questions: |\n"
        "    Na kiedy zaplanowano kolejną turę?\n"
        "    A kiedy ta kolejna runda?\n"
        "- means: Gdzie spotkali się Trump i Putin?\n"
        "  questions: |\n"
        "    gdzie się widzieli prezydenci?\n"
        "    a  KIEDY ta kolejna runda?\n"
        "    Kiedy następna runda?\n"
        "- means: Kto ogłosił trzecią rundę?\n"
        "  questions: |\n"
        "    Kto ogłosił trzecią rundę?\n",
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy)
    reported = [(p.line, p.message) for p in caught.value.problems]
    assert reported == [
        (
            line_of(path, "a  KIEDY"),
            "listed also under 'Kiedy następna runda?': keep it once, under what it means",
        ),
        (
            line_of(path, "    Kiedy następna runda?"),
            "'Kiedy następna runda?' is a meaning of its own: drop it here, or merge the groups",
        ),
        (line_of(path, "    Kto ogłosił"), "the same as the question it means: drop it"),
    ]
    assert {p.file for p in caught.value.problems} == {"asked.yaml"}


def test_a_meaning_given_twice_is_reported(knowledge_copy: Path) -> None:
    path = _asked_file(
        knowledge_copy,
        "asked:\n- means: Kiedy runda?\n  questions: |\n    A kiedy?\n- means: kiedy  runda?\n",
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (line_of(path, "kiedy  runda"), "asked[1].means")
    assert "merge the two groups" in problem.message


def test_an_unknown_field_is_reported(knowledge_copy: Path) -> None:
    _asked_file(knowledge_copy, "asked:\n- means: Kiedy?\n  question: |\n    A kiedy?\n")
    with pytest.raises(KnowledgeError, match=r"asked.yaml:3: asked\[0\].question: unknown"):
        load_knowledge(knowledge_copy)


def test_questions_written_as_a_list_are_told_to_be_a_block(knowledge_copy: Path) -> None:
    path = _asked_file(knowledge_copy, "asked:\n- means: Kiedy?\n  questions:\n    - A kiedy?\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge_copy)
    [problem] = caught.value.problems
    assert problem.line == line_of(path, "- A kiedy?")  # where the list starts
    assert problem.message == "expected a block of text: `questions: |`, then one question a line"


def test_without_the_file_there_is_no_vote(knowledge_copy: Path) -> None:
    (knowledge_copy / "asked.yaml").unlink()
    knowledge: Knowledge = load_knowledge(knowledge_copy)
    assert knowledge.asked == ()
    assert respond(Brain.build(knowledge), _NORTH).match.fallback


def test_the_benchs_first_long_question_builds_the_index() -> None:
    """The bench times FIRST_LONG as the question that builds the index: a long question
    the reading declines, or it times nothing."""
    assert len(FIRST_LONG.split()) >= MIN_WORDS
    assert respond(_with(), FIRST_LONG).match.declined  # so the vote is consulted

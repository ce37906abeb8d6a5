"""The engine, table-driven: every maintainers' question in knowledge/tests.yaml is a row,
plus the cases the product promises explicitly (inflection, typos, near misses)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rapidfuzz.distance import OSA

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.evaluation import evaluate
from bot.knowledge import TESTS_FILE, Knowledge, LocatedCase, load_cases, load_knowledge
from bot.matching import Engine, Match, _OneEdit, _tenths
from bot.runtime import Brain
from bot.textnorm import normalise
from tests.conftest import EditFile

_CASES = load_cases(DEFAULT_KNOWLEDGE_DIR / TESTS_FILE, load_knowledge(DEFAULT_KNOWLEDGE_DIR))


def _row(case: LocatedCase) -> object:
    """Rows marked `known_miss: true` in tests.yaml are wrong today, kept visible instead of
    deleted. strict xfail: when a change fixes one, the test fails until the mark is removed."""
    marks = [pytest.mark.xfail(strict=True)] if case.case.known_miss else []
    return pytest.param(case, marks=marks, id=case.case.q)


@pytest.mark.parametrize("case", [_row(case) for case in _CASES])
def test_regression_question(brain: Brain, case: LocatedCase) -> None:
    """Through the whole understanding, as `check` scores it: a row that expects a topic's
    overview is also answered right by one aspect of that topic."""
    outcome = evaluate(brain, [case]).outcomes[0]
    assert outcome.correct, f"got {outcome.got} (score {outcome.score})"


def test_the_table_is_large_and_bilingual() -> None:
    assert len(_CASES) >= 150
    assert sum(case.case.intent is None for case in _CASES) >= 30
    assert sum(case.case.known_miss for case in _CASES) < len(_CASES) // 10


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # inflection
        ("co było w Rijadzie", "riyadh_meeting"),
        ("rozmowy w Stambule", "istanbul_meetings"),
        ("spotkanie Rubio z Ławrowem", "rubio_lavrov_meeting"),
        ("o czym będzie w kolejnej rundzie", "next_round_topic"),
        # no diacritics, typos, keywords
        ("kiedy nastepna runda", "next_round_when"),
        ("kiedy nastepna rudna", "next_round_when"),
        ("wehn is the nextt round", "next_round_when"),
        ("kiey nastepna runda?", "next_round_when"),  # a short question word missing a letter
        ("whe is the next round", "next_round_when"),
        ("when is the nxt round", "next_round_when"),  # a chat abbreviation
        ("o czyr będzie nastepna runda", "next_round_topic"),  # four letters, one mistyped
        ("ktoo to jest pieskow", "who_peskov"),  # four letters, the last typed twice
        ("whoo is lavrov", "who_lavrov"),
        # a four-letter typo keeps its correction ("wlos": whos) when a stem as near starts
        # with another letter ("głos", of "kto zabrał głos")
        ("wlos lavrov", "who_lavrov"),
        ("komunikat?", "communique"),
        ("Riyadh", "riyadh_meeting"),
        ("sankcje?", "sanctions"),
        # transliterations
        ("who is Peskov", "who_peskov"),
        ("kim jest Lavrov", "who_lavrov"),
        # questions that share a word with the article but ask what it does not say
        ("ile lat ma Putin?", None),
        ("sankcje na Iran", None),
        ("What is China's position?", None),
        ("w którym roku było spotkanie w Rijadzie?", None),
        ("przepis na pierogi", None),
        # nothing to match at all
        ("🤔🤔🤔", None),
        ("", None),
        ("?!", None),
    ],
)
def test_promised_behaviour(engine: Engine, question: str, expected: str | None) -> None:
    assert engine.match(question).intent == expected


@pytest.mark.parametrize(
    ("question", "hint", "lang"),
    [
        ("kiedy następna runda?", None, "pl"),
        ("kiedy nastepna runda", "en", "pl"),  # the words win over the hint
        ("when is the next round?", "pl", "en"),
        ("Rubio", "en", "en"),  # a name alone: the hint breaks the tie
        ("Rubio", "pl", "pl"),
        ("Rubio", "en-US", "en"),
    ],
)
def test_language(engine: Engine, question: str, hint: str | None, lang: str) -> None:
    assert engine.match(question, hint).lang == lang


@pytest.mark.parametrize(
    ("words", "alike"),
    [
        # a question word is one word in every case: "jaka instytucja", "jakiej instytucji"
        (["jaka", "jaką", "jakiej", "jakim", "jakich", "jacy"], True),
        (["który", "którzy", "których"], True),
        (["czyja", "czyim", "czyich"], True),
        (["ile", "ilu"], True),
        (["pora", "porę", "porze"], True),  # too short for the stemmer to fold
        (["jaki", "jakiś"], False),  # "jakimś ostrzeżeniu" asks nothing
        (["jakim", "jakimś"], False),
        (["jak", "jaka"], False),  # how is not which
    ],
)
def test_inflected_forms_of_short_words(engine: Engine, words: list[str], alike: bool) -> None:
    terms = {engine.sequence([word], correct=False) for word in map(normalise, words)}
    assert (len(terms) == 1) is alike


@pytest.mark.parametrize(
    ("word", "not_read_as"),
    [("kiedyś", "kiedy"), ("serial", "seria"), ("while", "white"), ("moja", "maja")],
)
def test_a_real_word_listed_is_not_corrected_into_a_known_one(
    engine: Engine, word: str, not_read_as: str
) -> None:
    """aliases.yaml `words`: real words left as typed, whole and as stems."""
    analysis = engine.analyse(f"{word} rozmowy")
    assert analysis.words[0] == normalise(word)
    assert engine.analyzer.stem(not_read_as) not in analysis.stems
    assert engine.sequence([normalise(word)]) == engine.sequence([normalise(word)], correct=False)


def test_fallback_keeps_the_best_guess_for_maintainers(engine: Engine) -> None:
    match = engine.match("ile lat ma Putin?")
    assert match == Match(match.question, "pl", None, match.score, True, (), match.guess)
    assert match.guess is not None


def test_close_intents_make_the_engine_ask(engine: Engine) -> None:
    match = engine.match("where did the previous rounds take place?")
    assert match.intent == "previous_meetings"
    unsure = [m for m in map(engine.match, ["runda", "round", "spotkanie", "meeting"]) if m.unsure]
    assert unsure, "single generic words should leave the engine unsure"
    for match in unsure:
        assert match.intent == match.alternatives[0]
        assert 2 <= len(match.alternatives) <= 3
        assert not match.fallback


@pytest.mark.parametrize(
    "hostile",
    [
        "<b>kiedy</b> & runda",
        "*_[kiedy runda",
        "kiedy " * 5000,
        "Ła\u200bwrow\u200d kim jest",
        "\u202ekiedy runda\u202c",
        "\x00\x01\x02",
        "🇵🇱🇺🇸",
    ],
)
def test_hostile_input_gets_a_verdict(engine: Engine, hostile: str) -> None:
    match = engine.match(hostile)
    assert match.question == hostile
    assert 0.0 <= match.score <= 100.0


def test_every_example_finds_its_own_intent(knowledge: Knowledge, engine: Engine) -> None:
    from bot.cli import misrouted_examples

    assert misrouted_examples(engine, knowledge) == []


def test_leave_one_out_finds_an_example_nothing_else_supports(
    knowledge_copy: Path, edit: EditFile
) -> None:
    edit("intents.yaml", "        - miejsce kolejnej rundy\n", "        - zorblat kwazimodo\n")
    engine = Engine(load_knowledge(knowledge_copy))
    weak = {(intent, found) for intent, _, _, found in engine.unsupported_examples()}
    assert ("next_round_where", None) in weak


def test_scores_are_rounded_exactly_as_round_rounds_them() -> None:
    """The fast rounding of scores agrees with round(value, 1) everywhere, halves included
    (x.x5 is rarely exactly a half in binary: round decides those)."""
    rng = random.Random(7)
    values = [rng.uniform(0, 100) for _ in range(100_000)]
    values += [whole / 100 for whole in range(10_001)]  # every x.x5 and its neighbours
    values += [value + step for value in values[-200:] for step in (1e-12, -1e-12)]
    assert [_tenths(value) for value in values] == [round(value, 1) for value in values]


def test_the_one_edit_index_finds_what_a_scan_finds() -> None:
    """Known words one edit or swap from a word, by lookup of one-letter deletions: the same
    words, in the same order, as an OSA scan of every known word (typos, swaps, words
    longer or shorter by a letter, and words far off)."""
    rng = random.Random(11)
    letters = "abcdeklmnoprstwyz"
    known = sorted({"".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(3000)})
    index = _OneEdit(known)
    probes = [*rng.sample(known, 300), *("".join(rng.choices(letters, k=6)) for _ in range(300))]
    for word in list(probes[:300]):
        cut = rng.randrange(len(word))
        probes += [word[:cut] + word[cut + 1 :], word[:cut] + "x" + word[cut:]]
        if len(word) > 1 and cut < len(word) - 1:
            probes.append(word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :])
    for word in probes:
        scan = sorted(
            ((k, d) for k in known if (d := OSA.distance(word, k)) <= 1),
            key=lambda hit: (hit[1], hit[0]),
        )
        assert index.near(word) == scan, word

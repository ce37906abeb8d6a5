"""`ask --explain`: the candidates, the words that decided, the reading and the threshold."""

from __future__ import annotations

import io
import json

from bot.answering import respond
from bot.cli import ask
from bot.runtime import Brain

JSON_FIELDS = [
    "question",
    "lang",
    "intent",
    "score",
    "fallback",
    "answer",
    "alternatives",
    "topic",
    "aspect",
    "person",
]


def explained(brain: Brain, *questions: str, as_json: bool = False, dialog: bool = False) -> str:
    out = io.StringIO()
    ask(brain, questions, out, as_json=as_json, dialog=dialog, explain=True)
    return out.getvalue()


def test_a_typo_shows_its_correction_the_candidates_and_the_threshold(brain: Brain) -> None:
    question = "wehn is the nextt round"
    lines = explained(brain, question).splitlines()
    ranked = sorted(brain.engine.scores(question).items(), key=lambda item: -item[1])[:5]
    match = respond(brain, question).match
    assert lines[1] == "  candidates: " + ", ".join(f"{i} {s}" for i, s in ranked)
    assert lines[2] == "  corrections: wehn -> when, nextt -> next"
    assert lines[3].startswith("  words (weight): ")
    assert "rund " in lines[3]
    assert lines[4] == (
        f"  topic: {match.topic or '-'}, aspect: {match.aspect or '-'}, person: -, context: -"
    )
    min_score = brain.engine.thresholds.min_score
    margin = brain.engine.thresholds.margin
    assert lines[5] == (
        f"  decided by: examples: {ranked[0][1]} >= min_score {min_score}, more than margin"
        f" {margin} above the runner-up ({ranked[1][1]})"
    )


def test_a_long_message_decided_by_its_question_sentence_says_so(brain: Brain) -> None:
    """The candidates score the whole message; the decision was the question's: the line
    must not claim the listed best passed the threshold when it did not."""
    message = "I'm planning a trip to Lisbon next month. Can you remind me?"
    whole = max(brain.engine.scores(message).values())
    match = respond(brain, message).match
    assert round(match.score, 1) != round(whole, 1)
    assert explained(brain, message).splitlines()[-1] == (
        f"  decided by: examples, on its question sentence: {round(match.score, 1)} >="
        f" min_score {brain.engine.thresholds.min_score} (the whole message scores {whole},"
        " as listed)"
    )


def test_a_reading_that_lands_on_the_examples_best_below_the_threshold_says_reading(
    brain: Brain,
) -> None:
    """The examples' best intent may be the reading's answer too; below min_score it was
    not the examples that decided, and the line must not claim '33.1 >= min_score 50'."""
    question = "Kto poza Rosją i USA chce wziąć udział w tej trzeciej rundzie?"
    match = respond(brain, question).match
    best = max(brain.engine.scores(question).items(), key=lambda item: item[1])
    assert (best[0], match.fallback) == (match.intent, False)
    assert match.score < brain.engine.thresholds.min_score
    assert explained(brain, question).splitlines()[-1] == (
        f"  decided by: topic and aspect: {match.topic}.{match.aspect} (not the examples)"
    )


def test_did_you_mean_names_the_margin(brain: Brain) -> None:
    match = respond(brain, "runda").match
    assert match.unsure
    assert explained(brain, "runda").splitlines()[-1] == (
        f"  decided by: did you mean: {len(match.alternatives)} intents within margin"
        f" {brain.engine.thresholds.margin} of the best ({match.score})"
    )


def test_a_fallback_and_a_partial_answer_say_why(brain: Brain) -> None:
    assert explained(brain, "zzzz qqqq").splitlines()[-1] == (
        "  decided by: fallback: no example shares a word with the question"
    )
    match = respond(brain, "jaka jest dokładna data następnej rundy?").match
    assert match.partial
    assert explained(brain, match.question).splitlines()[-1] == (
        f"  decided by: partial: the article reports {match.topic} but not {match.aspect}"
    )


def test_json_keeps_its_fields_and_adds_the_explanation_last(brain: Brain) -> None:
    out = io.StringIO()
    ask(brain, ["kiedy nastepna runda?"], out, as_json=True)
    assert list(json.loads(out.getvalue())) == JSON_FIELDS
    record = json.loads(explained(brain, "kiedy nastepna runda?", as_json=True))
    assert list(record) == [*JSON_FIELDS, "explain"]
    assert record["explain"]["candidates"][0] == {"intent": "next_round_when", "score": 100.0}


def test_a_follow_up_shows_the_context_it_leant_on(brain: Brain) -> None:
    first = respond(brain, "kiedy było spotkanie w Rijadzie?").match
    output = explained(brain, "kiedy było spotkanie w Rijadzie?", "a gdzie?", dialog=True)
    records = [
        json.loads(line)
        for line in explained(
            brain, "kiedy było spotkanie w Rijadzie?", "a gdzie?", as_json=True, dialog=True
        ).splitlines()
    ]
    assert records[0]["explain"]["context"] is None
    assert records[1]["explain"]["context"] == f"topic {first.topic}, aspect {first.aspect}"
    assert f"context: topic {first.topic}, aspect {first.aspect}" in output


def test_a_question_of_two_parts_says_which_parts_were_reported(brain: Brain) -> None:
    assert explained(brain, "Kiedy i gdzie będzie następna runda?").splitlines()[-1] == (
        "  decided by: each part: of next_round, the parts asked when reported, where not"
        " (precise ones make it partial)"
    )

"""Replies: the exact HTML the bot sends, in the reader's language, always escaped."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answering import respond
from bot.knowledge import Knowledge, load_knowledge
from bot.matching import Engine, Match
from bot.replies import escape, render, split_message, telegram_length, to_plain_text
from bot.runtime import Brain
from tests.conftest import EditFile

TELEGRAM_TAGS = {"b", "i", "blockquote"}


class _TagChecker(HTMLParser):
    """Fails on any tag Telegram's HTML mode would reject or on unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in TELEGRAM_TAGS, tag
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, tag


def assert_valid_telegram_html(message: str) -> None:
    checker = _TagChecker()
    checker.feed(message)
    checker.close()
    assert not checker.open
    assert "&" not in message.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")


def test_answer_has_title_facts_and_attributed_quote(knowledge: Knowledge, engine: Engine) -> None:
    reply = render(knowledge, engine.match("kiedy nastepna runda?"))
    assert reply.html.startswith("<b>Kiedy następna runda?</b>")
    assert "jesienią" in reply.html
    assert "<blockquote>„Odbyły się już dwie tury negocjacji." in reply.html
    assert "— Siergiej Ławrow, konferencja prasowa w siedzibie ONZ</blockquote>" in reply.html
    assert reply.suggestions == ("next_round_where", "next_round_topic", "next_round_agreement")
    assert_valid_telegram_html(reply.html)


def test_english_answer_marks_the_quote_as_a_translation(
    knowledge: Knowledge, engine: Engine
) -> None:
    reply = render(knowledge, engine.match("when is the next round?"))
    assert "<b>When is the next round?</b>" in reply.html
    assert "Sergei Lavrov" in reply.html
    assert "translated from Polish</blockquote>" in reply.html
    assert "Ławrow" not in reply.html


def test_fallback_says_so_and_suggests_topics(knowledge: Knowledge, engine: Engine) -> None:
    reply = render(knowledge, engine.match("What is China's position?"))
    assert reply.html.startswith("The article doesn't say.")
    assert len(reply.suggestions) == 3
    assert_valid_telegram_html(reply.html)


def test_unsure_offers_did_you_mean(knowledge: Knowledge) -> None:
    match = Match("x", "pl", "next_round_when", 60.0, False, ("next_round_when", "rounds_count"))
    reply = render(knowledge, match)
    assert reply.html.splitlines() == [
        "Nie jestem pewien, o co pytasz. Czy chodzi o któreś z tych pytań?",
        "• Kiedy następna runda?",
        "• Ile rund już się odbyło?",
    ]
    assert reply.suggestions == ("next_round_when", "rounds_count")


def test_smalltalk_replies_in_the_question_language(knowledge: Knowledge, engine: Engine) -> None:
    assert render(knowledge, engine.match("dzięki!")).html.startswith("Proszę bardzo")
    assert render(knowledge, engine.match("thanks a lot")).html.startswith("You're welcome")


def test_every_intent_renders_valid_html_in_both_languages(
    knowledge: Knowledge,
) -> None:
    for intent in knowledge.intents.values():
        for lang in ("pl", "en"):
            match = Match("q", lang, intent.id, 100.0, intent.kind == "out_of_scope")
            assert_valid_telegram_html(render(knowledge, match).html)


@pytest.mark.parametrize("hostile", ["<b>bold</b>", "a & b", "</blockquote>", "<script>"])
def test_knowledge_text_is_escaped(knowledge_copy: Path, edit: EditFile, hostile: str) -> None:
    edit("facts.yaml", "    pl: Marco Rubio to sekretarz stanu USA.", f"    pl: '{hostile} Rubio'")
    edited = load_knowledge(knowledge_copy)
    reply = render(edited, Match("q", "pl", "who_rubio", 100.0, False))
    assert_valid_telegram_html(reply.html)
    assert hostile not in reply.html
    assert f"{hostile} Rubio" in to_plain_text(reply.html)


def test_plain_text_for_the_console(knowledge: Knowledge, engine: Engine) -> None:
    text = to_plain_text(render(knowledge, engine.match("kiedy nastepna runda")).html)
    assert "<" not in text
    assert "  │ — Siergiej Ławrow" in text


def _plain(message: str) -> str:
    return " ".join(to_plain_text(message).replace("│", " ").split())


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["fact", "quote", "title"]),
            st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=3000),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([200, 1000, 4096]),
)
def test_split_message_fits_and_keeps_everything(blocks: list[tuple[str, str]], limit: int) -> None:
    wrapped = {"fact": "• {}", "quote": "<blockquote>{}</blockquote>", "title": "<b>{}</b>"}
    message = "\n\n".join(wrapped[kind].format(escape(text)) for kind, text in blocks)
    parts = split_message(message, limit)
    for part in parts:
        assert telegram_length(part) <= limit
        assert_valid_telegram_html(part)
    assert "".join(_plain(p) for p in parts).replace(" ", "") == _plain(message).replace(" ", "")


def test_short_message_is_one_part(knowledge: Knowledge, engine: Engine) -> None:
    reply = render(knowledge, engine.match("kiedy runda"))
    assert split_message(reply.html) == [reply.html]


def test_long_answer_is_split_between_blocks() -> None:
    fact = "• " + "słowo " * 200
    message = "\n\n".join([fact] * 5 + ["<blockquote>„cytat” — ktoś</blockquote>"])
    parts = split_message(message)
    assert len(parts) == 2
    assert parts[-1].endswith("</blockquote>")
    assert all(telegram_length(p) <= 4096 for p in parts)


def test_two_parts_direct_answers_then_what_is_missing_then_quotes(brain: Brain) -> None:
    """ "Kiedy i gdzie będzie następna runda?": the answer to "kiedy", no fact twice, then
    that the article doesn't say where, then the quotes."""
    html = respond(brain, "Kiedy i gdzie będzie następna runda?").reply.html
    blocks = html.split("\n\n")
    assert blocks[0] == "<b>Następna runda konsultacji: kiedy</b>"
    bullets = blocks[1].splitlines()
    assert "jesienią" in bullets[0]
    assert len(bullets) == len(set(bullets))
    assert blocks[2] == "Tego artykuł nie podaje: gdzie."
    assert all(block.startswith("<blockquote>") for block in blocks[3:])
    assert_valid_telegram_html(html)

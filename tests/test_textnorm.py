"""Normalisation: folding, tokens and stems, with properties checked by hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.textnorm import fold, normalise, stem, tokens

POLISH = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


@given(st.text())
def test_normalise_never_raises_and_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text(alphabet=st.sampled_from("ąćęłńóśźżĄĆĘŁŃÓŚŹŻabcdeklmnoprstwyz ?!,.")))
def test_normalise_ignores_polish_diacritics(text: str) -> None:
    assert normalise(text) == normalise(text.translate(POLISH))


@given(st.text())
def test_stemming_is_idempotent_and_never_lengthens(text: str) -> None:
    for word in tokens(text):
        assert stem(stem(word)) == stem(word)
        assert len(stem(word)) <= len(word)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Ławrow", "lawrow"),
        ("ŻÓŁĆ", "zolc"),
        ("Stambuł", "stambul"),
        ("ﬁnał", "final"),  # a compatibility ligature
        ("Kiedy\u200bnastępna", "kiedynastepna"),  # zero-width space
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_tokens_drop_punctuation_emoji_and_markup() -> None:
    assert tokens("<b>Kiedy</b> następna runda?!? 🤔 &amp;") == [
        "b",
        "kiedy",
        "b",
        "nastepna",
        "runda",
        "amp",
    ]


@pytest.mark.parametrize(
    "forms",
    [
        ["Rijad", "Rijadzie", "Rijadu"],
        ["Stambuł", "Stambule", "Stambułu"],
        ["Ławrow", "Ławrowa", "Ławrowem", "Ławrowowi"],
        ["runda", "rundy", "rundzie", "rundę", "rund", "rundach"],
        ["jesień", "jesienią", "jesieni"],
        ["spotkanie", "spotkania", "spotkań", "spotkaniu"],
        ["sankcje", "sankcji", "sankcjami"],
        ["Alaska", "Alasce"],
        ["meeting", "meetings"],
    ],
)
def test_inflected_forms_share_a_stem(forms: list[str]) -> None:
    stems = {stem(normalise(form)) for form in forms}
    assert len(stems) == 1, stems


@pytest.mark.parametrize(("a", "b"), [("runda", "rosja"), ("kiedy", "gdzie"), ("putin", "pieskow")])
def test_different_words_keep_different_stems(a: str, b: str) -> None:
    assert stem(a) != stem(b)

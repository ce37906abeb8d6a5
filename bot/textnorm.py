"""Text normalisation shared by the engine and the validator: folding, tokens and stems.

Everything here is a pure function of its input, so examples and questions are always
normalised the same way, and the property tests can pin the guarantees down.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+")
# "wasn't" is one word, "wasnt" (a function word), not "warn" (a typo of "wasn") and a "t"
_NOT = re.compile(r"\b(was|were|did|is)n['’]t\b")
# "who'll attend?" is "who will attend?": the future its "'ll" says, not a stray "ll"
_WILL = re.compile(r"(?<=[a-z])['’]ll\b")

# Longest suffix first. Polish nominal, adjectival and verbal endings (on folded text, so
# "ą" is "a" and "ę" is "e"), the consonant alternations of the locative ("w Rijadzie",
# "o rundzie"), and the few English endings that matter. Applied until nothing changes,
# never leaving fewer than _MIN_STEM letters, so "Ławrow", "Ławrowa" and "Ławrowem" agree.
_SUFFIX_RULES: dict[str, str] = {
    **dict.fromkeys(
        [
            "owie",
            "ami",
            "ach",
            "om",
            "ow",
            "ie",
            "em",
            "ego",
            "emu",
            "ymi",
            "imi",
            "ych",
            "ich",
            "ej",
            "ym",
            "im",
            "ia",
            "iu",
            "ii",
            "owac",
            "owal",
            "owali",
            "owala",
            "ujemy",
            "uje",
            "uja",
            "ali",
            "aly",
            "ala",
            "al",
            "ac",
            "ic",
            "yc",
            "il",
            "ila",
            "ili",
            "ily",
            "ismy",
            "lismy",
            "liscie",
            "a",
            "e",
            "i",
            "o",
            "u",
            "y",
            "ing",
            "ed",
            "es",
            "s",
        ],
        "",
    ),
    "dzie": "d",
    "cie": "t",
    "rze": "r",
    "sce": "sk",
    "ies": "y",
}
_SUFFIX_LENGTHS = sorted({len(suffix) for suffix in _SUFFIX_RULES}, reverse=True)
_MIN_STEM = 4


class _StripTable(dict[int, str | None]):
    """str.translate table built lazily, one character at a time, then served from C.

    Drops combining marks (the diacritics, once decomposed) and format characters (zero-width
    spaces and joiners, direction marks: invisible, so "Ła\u200bwrow" is still "lawrow"), and
    spells out the letters Unicode does not decompose ("ł" -> "l").
    """

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
            value = None
        else:
            value = _NON_DECOMPOSING.get(char, char)
        self[code] = value
        return value


_NON_DECOMPOSING = {"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe"}
_STRIP = _StripTable()


def fold(text: str) -> str:
    """Lower-case, compatibility-normalised text without diacritics ("Ławrów" -> "lawrow")."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold()
    return unicodedata.normalize("NFKD", text).translate(_STRIP)


def tokens(text: str) -> list[str]:
    """The folded words of a text; punctuation, emoji and invisible characters drop out."""
    if len(text) > _CACHED_CHARS:
        return folded_tokens(fold(text))
    return list(_tokens(text))


# Building the engine and the reader asks for the words of the same few thousand names,
# forms and examples about three times each: a sixth of start-up, uncached. Short texts
# only, so that questions typed at the bot cannot fill memory through it.
_CACHED_CHARS = 120


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(folded_tokens(fold(text)))


def folded_tokens(folded: str) -> list[str]:
    """The words of a text already folded (`fold`), for a caller that keeps the folded text."""
    return _WORD.findall(_contractions_apart(folded))


def folded_lines_tokens(folded: str) -> list[list[str]]:
    """`folded_tokens` of each line of a folded text: thousands of short texts at once."""
    return [_WORD.findall(line) for line in _contractions_apart(folded).split("\n")]


def _contractions_apart(folded: str) -> str:
    """ "wasn't" -> "wasnt", "they'll" -> "they will": one word each, as typed either way."""
    return _WILL.sub(" will", _NOT.sub(r"\1nt", folded))


def normalise(text: str) -> str:
    """One canonical spelling of a text: folded words joined by single spaces."""
    return " ".join(tokens(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem of a folded word that maps the inflected forms of one word together."""
    if word.isdigit():
        return word
    while True:
        for length in _SUFFIX_LENGTHS:
            replacement = _SUFFIX_RULES.get(word[-length:])
            if replacement is not None and len(word) - length + len(replacement) >= _MIN_STEM:
                word = word[:-length] + replacement
                break
        else:
            return word

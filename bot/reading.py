"""What a question names: the events (topics), people, question forms (aspects) and tense.

The lexical half of understanding: every name of a topic or person and every question
form of an aspect is compiled once into terms (stems, corrected and rewritten through the
alias table, like the examples'); a question is then looked up against them. Matching is
by words, not characters, so inflection, missing diacritics and typos are already folded
away by the engine. bot.understanding decides what the reading means.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import islice, pairwise
from typing import Literal

from bot.knowledge import LANGS, Knowledge
from bot.matching import Analysis, Engine
from bot.textnorm import fold, folded_tokens, tokens

Time = Literal["past", "future"]
_PROPER_NAME_BONUS = 2  # a proper name ("Stambuł") outweighs a description ("first meeting")
_MAX_GAP = 2  # words allowed between two words of a phrase kept in order
_WIDE_GAP = 12  # ...where a form spells "…" ("what … about?"): a whole clause
# "po spotkaniu w Rijadzie", "before the diplomats met in Istanbul": the event's name may
# follow a word or two
_AFTER_WINDOW = 3
_INSTRUMENTAL = ("em", "ami", "im", "ym", "o")  # of the men the article names
_DATIVE = ("owi", "emu")  # "Ławrowowi", "Rubiemu": the one spoken to
_NAME_GAP = 0  # words allowed inside a person's name or description (function words are free)
_MAX_ASKS = 3  # parts of one question answered each in its own right
_CHOICE_WORDS = 4  # words of an option at most ("…, czy tylko o wojnie?")
_LISTED_WORDS = 2  # a part listed before them with a comma: "kto, gdzie i kiedy…?"
# Where a clause of a question ends: sentence punctuation, a comma, a dash between spaces.
# A word right after a number, or joined to it by a hyphen, in a folded question: "6
# godzinach", "6-godzinnych", "6-hour".
_MEASURED = re.compile(r"\b\d+\s?(?:-\s?)?([^\W\d_]+)")
_CLAUSE_END = re.compile(r"[.?!;:,()\"„”“]+|\s[—–-]+\s")


@dataclass(frozen=True)
class Reading:
    """What a question names, strongest first."""

    topics: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    aspects: tuple[str, ...] = ()
    time: Time | None = None
    strengths: tuple[int, ...] = ()  # of each topic: the words of its longest name found
    compared: bool = False  # it asks which of its topics came first
    # The aspects of a question that asks two or three things joined by "i"/"and" ("gdzie
    # i kiedy…?", "who was it, and what did he say…?"), in the order asked; else empty.
    # A part of a question about two events is `topic.aspect` ("riyadh.when").
    asks: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.topics or self.people or self.aspects)


@dataclass(frozen=True)
class _Phrase:
    owner: str
    terms: frozenset[str]
    literal: tuple[str, ...] | None = None  # stems in order, when it has a function word
    bonus: int = 0  # a proper name ("Stambuł") outweighs a description ("first meeting")
    tight: int = 0  # its first words that must be adjacent: two when it has a function word
    # Written with a closing "?" ("like what?"): it must end the question ("the irritants,
    # like what?"), not open a clause of it ("like what's his job").
    final: bool = False
    # Written with "…" ("what … about?"): any words may stand where the "…" is.
    wide: bool = False
    gap: int = _MAX_GAP  # the words allowed between two of its words (its book's, or wide)


@dataclass(frozen=True)
class _Gaps:
    """What may stand between the words of a phrase: function words (`skip`) are free; a
    joining word (`joins`: "i", "and") right before a word that opens another question
    (`opens`: "na kiedy", "when") ends it, so "z kim dokładnie to uzgodnił i na kiedy…"
    is not "dokładnie … kiedy"."""

    skip: frozenset[str]
    joins: frozenset[str] = frozenset()
    opens: frozenset[str] = frozenset()


def _contains(
    sequence: tuple[str, ...], part: tuple[str, ...], gap: int, tight: int, gaps: _Gaps
) -> bool:
    """Whether `part` occurs in order in `sequence`, with at most `gap` words between two
    of its words ("co rzecznik Kremla zapowiadał" is "co zapowiadał"; function words do
    not count: "co Trump i Putin ustalili"), except that its first `tight` words must be
    adjacent ("z kim Ławrow uzgodnił", but not "do …: kiedy"); no gap spans the start of
    another question joined on ("… i na kiedy …")."""
    return _span(sequence, part, gap, tight, gaps) is not None


def _ends(sequence: tuple[str, ...], phrase: _Phrase, gaps: _Gaps) -> bool:
    """Whether a phrase kept in order occurs at the end of `sequence` (a wide one: ends
    with its last word: "what was the Riyadh meeting even about?")."""
    assert phrase.literal is not None  # noqa: S101 (a final phrase is kept in order)
    if phrase.wide:
        return sequence[-1:] == phrase.literal[-1:]
    size = len(phrase.literal)
    return _span(sequence[-size:], phrase.literal, phrase.gap, phrase.tight, gaps) is not None


def _narrow_part(part: str, narrowed: str, narrowing: str) -> str:
    """A part of a question ("who", "istanbul.who") asking the narrowing aspect instead."""
    event, _, aspect = part.rpartition(".")
    if aspect != narrowed:
        return part
    return f"{event}.{narrowing}" if event else narrowing


def _span(
    sequence: tuple[str, ...], part: tuple[str, ...], gap: int, tight: int, gaps: _Gaps
) -> tuple[int, ...] | None:
    """The positions of `part`'s words where it first occurs in `sequence` as `_contains`
    finds it, or None."""
    for start, word in enumerate(sequence):
        if word != part[0]:
            continue
        positions = [start]
        for number, wanted in enumerate(part[1:], 1):
            allowed = 0 if number < tight else gap
            position = _next(sequence, positions[-1], wanted, allowed, gaps)
            if position is None:
                break
            positions.append(position)
        else:
            return tuple(positions)
    return None


def _between(sequence: tuple[str, ...], span: tuple[int, ...], skip: frozenset[str]) -> int:
    """How many words other than `skip` stand between the words of a phrase found at
    `span`: 0 when they stand together ("which round", not "which … the rounds")."""
    return sum(1 for i in range(span[0], span[-1] + 1) if i not in span and sequence[i] not in skip)


def _next(
    sequence: tuple[str, ...], after: int, wanted: str, allowed: int, gaps: _Gaps
) -> int | None:
    """Where `wanted` comes after `after`, with at most `allowed` other words between
    (function words are free, but the whole span stays short)."""
    between = 0
    skip = gaps.skip
    for index in range(after + 1, min(len(sequence), after + 2 + 2 * allowed)):
        if sequence[index] == wanted:
            return index
        if (
            sequence[index] in gaps.joins
            and index + 1 < len(sequence)
            and sequence[index + 1] in gaps.opens
        ):
            return None
        if sequence[index] not in skip:
            between += 1
            if between > allowed:
                return None
    return None


class _Phrasebook:
    """Names (or question forms) of several owners; finds which a question contains.

    A phrase matches when all its terms are among the question's, in any order (question
    forms, `in_order`, must keep theirs: "which hour" is not "which … hours"). When one
    match is contained in a longer match of another owner, the longer wins: "kto ogłosił"
    is the speaker, not just "kto"; "rzecznik Kremla" is Peskov, not the Kremlin.
    """

    def __init__(
        self,
        engine: Engine,
        phrases: Iterable[tuple[str, str]],
        in_order: bool = False,
        proper_names: bool = False,
        gap: int = _MAX_GAP,
        joins: frozenset[str] = frozenset(),
        exclusive: bool = False,
    ) -> None:
        self._exclusive = exclusive  # a word of the question serves one form (`_ranks`)
        self._by_key: dict[str, list[_Phrase]] = defaultdict(list)
        self.order: dict[str, int] = {}
        opens: set[str] = set()
        found: list[_Phrase] = []
        for owner, text in phrases:
            terms = engine.phrase_terms(text)
            self.order.setdefault(owner, len(self.order))
            literal = engine.literal(text, always=in_order)
            bonus = _PROPER_NAME_BONUS if proper_names and text[:1].isupper() else 0
            # "do kiedy" is not "do …: kiedy"; a phrase kept in order only because the book
            # keeps every phrase in order has no function word to hold tight
            loose = literal is None or (in_order and engine.literal(text) is None)
            tight = 0 if loose else 2
            if terms:
                final = in_order and literal is not None and text.rstrip().endswith("?")
                wide = literal is not None and "…" in text
                phrase = _Phrase(
                    owner, terms, literal, bonus, tight, final, wide, _WIDE_GAP if wide else gap
                )
                found.append(phrase)
            if literal:
                opens.add(literal[0])
        # A phrase can match only when the question has every one of its terms: filed under
        # its rarest, a question looks at few phrases ("jaki" opens 130 forms, "miesiac" 3).
        uses = Counter(term for phrase in found for term in phrase.terms)
        # Names that differ only in inflection ("następna runda", "następnej rundy") are
        # one phrase: a question would find each copy and weigh them all against each
        # other, with the same result as one (nearly a fifth of the names, a tenth of the forms).
        for phrase in dict.fromkeys(found):
            self._by_key[min(phrase.terms, key=lambda term: (uses[term], term))].append(phrase)
        self._keys = frozenset(self._by_key)  # a question's terms & these: one set operation
        self._gaps = _Gaps(engine.function_terms, joins, frozenset(opens) if joins else frozenset())

    def leading(
        self,
        terms: frozenset[str],
        sequence: tuple[str, ...],
        taken: frozenset[str] = frozenset(),
        shorter: tuple[str, ...] | None = None,
    ) -> tuple[str, ...]:
        """The owners found whose phrase starts with the first or second word of
        `sequence`: "when was it held" is `when`, "in which forum" is the forum's; "the
        minister met on the sidelines" opens no form."""
        firsts = set(sequence[:2])
        opening = {
            phrase.owner
            for term in terms
            for phrase in self._by_key.get(term, ())
            if phrase.terms <= terms and (phrase.literal or tuple(phrase.terms))[0] in firsts
        }
        return tuple(o for o in self.find(terms, sequence, taken, shorter) if o in opening)

    def find(
        self,
        terms: frozenset[str],
        sequence: tuple[str, ...] = (),
        taken: frozenset[str] = frozenset(),
        shorter: tuple[str, ...] | None = None,
    ) -> tuple[str, ...]:
        return self.find_with_terms(terms, sequence, taken, shorter)[0]

    def find_with_terms(
        self,
        terms: frozenset[str],
        sequence: tuple[str, ...] = (),
        taken: frozenset[str] = frozenset(),
        shorter: tuple[str, ...] | None = None,
    ) -> tuple[tuple[str, ...], frozenset[str], dict[str, int]]:
        """The owners found (strongest first), the question's terms their phrases used, and
        each owner's strength. A phrase with a function word ("po co", "z kim") must occur
        as written, word after word, in `sequence`: "Co przekazał … po spotkaniu" is not
        "po co". A one-word phrase whose word is `taken` (by a topic's name: "US demands")
        does not count. `shorter` is the sequence without the words of the people's
        names found: a form may also occur there ("gdzie szef rosyjskiego MSZ ogłosił" is
        "gdzie ogłosił", "what did Rubio and Lavrov talk about" is "what about")."""
        gaps = self._gaps
        hits: list[_Phrase] = []
        spans: dict[int, tuple[int, ...] | None] = {}  # where each form was found, if it was
        for term in terms & self._keys:
            for phrase in self._by_key[term]:
                if not phrase.terms <= terms:
                    continue
                literal = phrase.literal
                if literal is not None:
                    span = _span(sequence, literal, phrase.gap, phrase.tight, gaps)
                    if span is None and (
                        shorter is None
                        or not _contains(shorter, literal, phrase.gap, phrase.tight, gaps)
                    ):
                        continue
                    spans[id(phrase)] = span
                if len(phrase.terms) == 1 and phrase.terms <= taken:
                    continue
                if phrase.final and not _ends(sequence, phrase, gaps):
                    continue
                hits.append(phrase)
        if not hits:  # most books find nothing in most questions
            return (), frozenset(), {}
        if len(hits) == 1:  # nothing to outweigh it
            (hit,) = hits
            return (hit.owner,), hit.terms, {hit.owner: len(hit.terms) + hit.bonus}
        owner = hits[0].owner
        if all(hit.owner == owner for hit in hits):  # several names of one event: only
            # another owner's phrase outweighs one, so each counts, as below
            return (
                (owner,),
                frozenset().union(*(hit.terms for hit in hits)),
                {owner: max(len(hit.terms) + hit.bonus for hit in hits)},
            )
        strength: dict[str, int] = {}
        used: set[str] = set()
        ranks = self._ranks(hits, sequence, spans) if self._exclusive else {}
        for hit in hits:
            if any(hit.owner != other.owner and hit.terms < other.terms for other in hits):
                continue
            mine = ranks.get(id(hit))
            if mine is not None and any(  # "where exactly was he speaking when…": "exactly"
                # is where's, not when's; of two that start together and share more than
                # their question word ("kto ze strony amerykańskiej spotkał się z
                # Rosjanami"), the one with fewer words between its own
                hit.owner != other.owner
                and not other.terms < hit.terms
                and (theirs := ranks.get(id(other))) is not None
                and (shared := len(mine[2] & theirs[2]))
                and (
                    theirs[0] < mine[0]
                    or (theirs[0] == mine[0] and theirs[1] < mine[1] and shared > 1)
                )
                and theirs[1] <= mine[1]
                for other in hits
            ):
                continue
            strength[hit.owner] = max(strength.get(hit.owner, 0), len(hit.terms) + hit.bonus)
            used |= hit.terms
        owners = tuple(sorted(strength, key=lambda owner: (-strength[owner], self.order[owner])))
        return owners, frozenset(used), strength

    def tight(self, terms: frozenset[str], sequence: tuple[str, ...]) -> frozenset[str]:
        """The owners with a phrase whose words stand together in `sequence` (function
        words aside): "which round", not "which he talked about the rounds"."""
        found = set()
        skip = self._gaps.skip
        for term in terms:
            for phrase in self._by_key.get(term, ()):
                if phrase.owner in found or not phrase.terms <= terms:
                    continue
                if phrase.literal is None:
                    found.add(phrase.owner)
                    continue
                span = _span(sequence, phrase.literal, phrase.gap, phrase.tight, self._gaps)
                if span is not None and not _between(sequence, span, skip):
                    found.add(phrase.owner)
        return frozenset(found)

    def first(self, owner: str, terms: frozenset[str], sequence: tuple[str, ...]) -> int:
        """Where in `sequence` the first of `owner`'s phrases found starts."""
        # The phrases found are filed under a key among `terms`: a few to look at, not every
        # form of an aspect ("when" has a hundred).
        return min(
            (
                min((i for i, term in enumerate(sequence) if term in phrase.terms), default=999)
                for key in terms & self._keys
                for phrase in self._by_key[key]
                if phrase.owner == owner and phrase.terms <= terms
            ),
            default=999,
        )

    def _ranks(
        self,
        hits: list[_Phrase],
        sequence: tuple[str, ...],
        spans: dict[int, tuple[int, ...] | None],
    ) -> dict[int, tuple[int, int, frozenset[int]]]:
        """Where each match starts, how many other words stand between its words and their
        positions (function words aside): a word two forms share is the one's that starts
        first, unless its words are further apart ("where exactly … when" is where exactly;
        "w stolicy Arabii Saudyjskiej – którego dnia dokładnie" still asks the date).
        `spans`: where `find_with_terms` found each form in `sequence` (None: only in the
        shorter one)."""
        ranks = {}
        skip = self._gaps.skip
        for hit in hits:
            span = spans.get(id(hit))
            if span is not None:
                content = frozenset(i for i in span if sequence[i] not in skip)
                ranks[id(hit)] = (span[0], _between(sequence, span, skip), content)
        return ranks


class Reader:
    """The phrasebooks of one Knowledge; immutable once built, safe to share."""

    def __init__(self, knowledge: Knowledge, engine: Engine) -> None:
        self.knowledge = knowledge
        self._topics = _Phrasebook(
            engine,
            ((t.id, name) for t in knowledge.topics.values() for name in t.names.all()),
            proper_names=True,
        )
        self._people = _Phrasebook(
            engine,
            (
                (p.id, name)
                for p in knowledge.people.values()
                for name in (*p.names.all(), p.name.pl, p.name.en)
            ),
            in_order=True,  # "szef amerykańskiej dyplomacji … Rosjan" is not Lavrov
            gap=_NAME_GAP,  # "Rosjan w imieniu prezydenta" is not "rosyjski prezydent"
        )
        self._aspects = _Phrasebook(
            engine,
            ((a.id, form) for a in knowledge.aspects.values() for form in a.forms.all()),
            in_order=True,
            joins=frozenset(engine.sequence(knowledge.time_cues.joins.all(), correct=False)),
            exclusive=True,
        )
        self._engine = engine
        # (narrowed, narrowing, its cues): "kto był w Stambule ze strony rosyjskiej?"
        self._narrowing = [
            (a.narrows, a.id, _Phrasebook(engine, ((a.id, c) for c in a.cues.all()), True, gap=0))
            for a in knowledge.aspects.values()
            if a.narrows is not None
        ]
        self._narrowing_ones = frozenset(narrowing for _, narrowing, _ in self._narrowing)
        self._precise = frozenset(a.id for a in knowledge.aspects.values() if a.precise)
        # Each language's joining words and the first words of its question forms: Polish
        # "i" joins "gdzie i kiedy", but the English "I" of "I want…" opens nothing.
        self._opening: dict[str, frozenset[str]] = {}  # joining word -> first words
        for lang in LANGS:
            firsts: set[str] = set()
            for form in (f for a in knowledge.aspects.values() for f in a.forms[lang]):
                literal = engine.literal(form, always=True)
                firsts |= {literal[0]} if literal else engine.phrase_terms(form)
            for word in tokens(" ".join(knowledge.time_cues.both[lang])):
                self._opening[word] = frozenset(firsts)
        self._form_firsts = frozenset().union(*self._opening.values())
        self._opening_terms = {
            engine.sequence([word], correct=False)[0]: firsts
            for word, firsts in self._opening.items()
        }
        self._reported = _cue_pattern(knowledge.time_cues.reported.all())
        self._order = _Phrasebook(
            engine, (("order", cue) for cue in knowledge.time_cues.order.all()), in_order=True
        )
        self._besides = frozenset(
            term for cue in knowledge.time_cues.besides.all() for term in engine.phrase_terms(cue)
        )
        self._before = frozenset(
            term
            for cue in knowledge.time_cues.before.all()
            for term in engine.phrase_terms(cue) - engine.function_terms
        )
        # The events the article dates: "before" one of them says when, not what.
        self._dated = frozenset(t for t, a in knowledge.answering if a == "when")
        self.followers = {
            t.follows: t.id for t in knowledge.topics.values() if t.follows is not None
        }
        self._after = frozenset(
            term for cue in knowledge.time_cues.after.all() for term in engine.phrase_terms(cue)
        )
        self._next = engine.phrase_terms("następny next")
        self._round = engine.phrase_terms("runda sesja session")
        self._with = frozenset(engine.sequence(["z", "ze", "with"], correct=False))
        self._saying = frozenset({"about", "speaker", "via", "details"})
        # The one-word names of each event that another follows ("Rijad", "Riyadh"): "po
        # Rijadzie" asks for what came after it even with no "next" word.
        self._single_names = {
            t.id: frozenset(
                term
                for name in t.names.all()
                if len(terms := engine.phrase_terms(name)) == 1
                for term in terms
            )
            for t in knowledge.topics.values()
            if t.id in self.followers
        }
        self._pronouns = _cue_terms(engine, knowledge.time_cues.pronouns.all())
        # "z którym", "with whom", as typed: a relative clause about the other party
        self._relative_whom = [
            tuple(folded_tokens(fold(cue))) for cue in knowledge.time_cues.relative_whom.all()
        ]
        self._whether = {
            lang: frozenset(fold(w) for w in knowledge.time_cues.whether[lang]) for lang in LANGS
        }
        # The claim tags, filed under their last word (a tag that ends the question) and
        # under their first (a tag of several words anywhere in it).
        self._claims_ending: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        self._claims_opening: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for cue in knowledge.time_cues.claims.all():
            if tag := tuple(tokens(cue)):
                self._claims_ending[tag[-1]].append(tag)
                if len(tag) > 1:
                    self._claims_opening[tag[0]].append(tag)
        self._ordinals = _cue_terms(engine, knowledge.time_cues.ordinals.all())
        self._choice = frozenset(fold(w) for w in knowledge.time_cues.choice.all())
        # Every word that names an event somewhere ("talks", "Istanbul", "Trump").
        self._naming_words = frozenset(
            term
            for t in knowledge.topics.values()
            for n in t.names.all()
            for term in engine.phrase_terms(n)
        )
        self._leading = frozenset(fold(w) for w in knowledge.time_cues.joins.all())
        self._leading_terms = frozenset(engine.sequence(sorted(self._leading), correct=False))
        self._pair = _Phrasebook(
            engine, (("pair", cue) for cue in knowledge.time_cues.pair.all()), in_order=True
        )
        cues = knowledge.time_cues
        self._time = _Phrasebook(
            engine,
            [*(("past", cue) for cue in cues.past.all())]
            + [("future", cue) for cue in cues.future.all()],
        )
        # A verb's tense is in its ending, which stemming and synonyms take away ("spotkali"
        # and "spotkanie" are one term, as are "met" and "meeting"): verb forms match the
        # words as typed (folded, typos corrected), in order.
        self._tense: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        verbs = (("past", cues.past_verbs.all()), ("future", cues.future_verbs.all()))
        for tense, listed in verbs:
            for cue in listed:
                words = tuple(tokens(cue))
                if words:
                    self._tense[words[0]].append((tense, words))
        self._typed_gaps = _Gaps(engine.analyzer.stopwords)
        # Matched as typed, as the verbs above: "met" is no "meeting" ("Did the State
        # Department write anything after the meeting?").
        self._meets = [words for cue in cues.meets.all() if (words := tuple(tokens(cue)))]
        self._stop = engine.analyzer.stopwords
        self._aside_words = (
            frozenset(tokens(" ".join([*cues.besides.all(), *cues.before.all()]))) - self._stop
        )

    def named_as_the_other(self, analysis: Analysis) -> bool:
        """Whether the person named comes right after "z"/"with" ("kto reprezentował Rosję w
        rozmowie z sekretarzem stanu?"): the question asks about the other party."""
        stems, words = analysis.stems, analysis.words
        first = self._first_person_at(analysis)
        if first is None or first == 0 or stems[first - 1] not in self._with:
            return False
        # Polish "z" is "with" before the instrumental ("z sekretarzem", "z Rubio"), "from"
        # before the genitive ("ktoś z Departamentu Stanu"): only the first is the other.
        return (
            len(words) != len(stems)
            or words[first - 1] == "with"
            or words[first].endswith(_INSTRUMENTAL)
        )

    def with_whom_named(self, analysis: Analysis, people: tuple[str, ...]) -> tuple[str, ...]:
        """Of several people named, the other party to what the question asks: those named
        right after "z"/"with" ("o czym Rubio rozmawiał z Ławrowem?": Lavrov) or as the
        one spoken to ("Rubio's message to Lavrov")."""
        stems, words = analysis.stems, analysis.words
        if len(words) != len(stems):
            return ()
        found = []
        for person in people:
            at = self._people.first(person, analysis.terms, stems)
            if 0 < at < len(stems) and (
                (
                    stems[at - 1] in self._with
                    and (words[at - 1] == "with" or words[at].endswith(_INSTRUMENTAL))
                )
                or self._spoken_to(words, at)
            ):
                found.append(person)
        return tuple(found)

    @staticmethod
    def _spoken_to(words: Sequence[str], at: int) -> bool:
        """Whether the name at `at` is the one spoken to: a Polish dative ("Ławrowowi"),
        or after an English "to"."""
        return words[at].endswith(_DATIVE) or (at > 0 and words[at - 1] == "to")

    def named_after_with_whom(self, analysis: Analysis) -> bool:
        """Whether the person named stands in a clause opened by "z którym", "with whom"
        ("człowiek, z którym Ławrow uzgodnił…"): the question is about the other party, not
        about the one named ("szef dyplomacji USA, z którym…" is the one named)."""
        first = self._first_person_at(analysis)
        words = analysis.words
        if first is None or len(words) != len(analysis.stems):
            return False
        return any(
            tuple(words[i : i + len(cue)]) == cue
            for cue in self._relative_whom
            for i in range(first - len(cue) + 1)
        )

    def named_as_addressee(self, analysis: Analysis) -> bool:
        """Whether the one person named is the one spoken to ("Czyje wezwanie powtórzył
        Ławrowowi?", "what did he tell Lavrov?"), not the one who spoke."""
        first = self._first_person_at(analysis)
        if first is None or len(analysis.words) != len(analysis.stems):
            return False
        return self._spoken_to(analysis.words, first)

    def _first_person_at(self, analysis: Analysis) -> int | None:
        """Where the first word of a person's name or description stands in the question."""
        naming = self._people.find_with_terms(analysis.terms, analysis.stems)[1]
        return next((i for i, stem in enumerate(analysis.stems) if stem in naming), None)

    def points_at_someone(self, analysis: Analysis) -> bool:
        """Whether the question refers to a person by a pronoun ("who's he?", "jego")."""
        return not self._pronouns.isdisjoint(analysis.terms)

    def ends_as_claim(self, analysis: Analysis) -> bool:
        """Whether the question is a claim ending in a tag ("…, prawda?", "…, isn't he?"),
        or checked by one of several words anywhere ("…w Rijadzie, ale coś mi się tu nie
        zgadza — jak to było?")."""
        words = tuple(folded_tokens(analysis.folded))
        count = len(words)
        if count <= 2:
            return False
        if any(
            len(tag) < count and words[-len(tag) :] == tag
            for tag in self._claims_ending.get(words[-1], ())
        ):
            return True
        return any(  # a tag of several words anywhere: "…in Geneva — is that right, or…?"
            at < count - len(tag) and words[at : at + len(tag)] == tag
            for at, word in enumerate(words)
            for tag in self._claims_opening.get(word, ())
        )

    def first_named(
        self, analysis: Analysis, owners: tuple[str, ...], people: bool = False
    ) -> tuple[str, ...]:
        """The topics (or `people`) found, in the order the question first names them."""
        book = self._people if people else self._topics
        return tuple(
            sorted(owners, key=lambda owner: book.first(owner, analysis.terms, analysis.stems))
        )

    def form_then_event(self, analysis: Analysis) -> bool:
        """Whether the question is a two-word question form at its start followed only by
        the name of an event ("what about Trump and Putin?", "and what about Istanbul?"):
        in a conversation, the elliptical "and that one?", not a question of its own."""
        asking = self.asking_terms(analysis)
        skip = self._engine.function_terms
        stems = [s for s in analysis.stems if s not in skip or s in asking]
        stems = [s for s in stems if s not in self._leading_terms]
        return (
            len(stems) > 2
            and set(stems[:2]) <= asking
            and not set(stems[2:]) & asking
            and set(stems[2:]) - skip <= self._naming_words
            and bool(self._topics.find(analysis.terms, analysis.stems))
        )

    def names_only_next(self, analysis: Analysis) -> bool:
        """Whether the only event the question names is "the next talks", by a "next" word
        and a generic one ("a kolejne rozmowy?"), not a round (Lavrov's count)."""
        return self._round.isdisjoint(analysis.terms) and self._names_only_by(self._next, analysis)

    def names_only_by_order(self, analysis: Analysis) -> bool:
        """Whether the events a sentence names are named only by words of order ("the later
        one", "pierwsze z tych spotkań"): in a longer message, which of the events named
        before it ("dalsze rozmowy", the next ones, still name the round to come)."""
        order = self._ordinals | (self._after - self._next)  # ("following" is a "next")
        return self._names_only_by(order, analysis)

    def _names_only_by(self, words: frozenset[str], analysis: Analysis) -> bool:
        """Whether the question names an event, and names none without `words`."""
        terms = analysis.terms
        return (
            not words.isdisjoint(terms)
            and bool(self._topics.find(terms, analysis.stems))
            and not self._topics.find(terms - words, analysis.stems)
        )

    def options(self, analysis: Analysis) -> tuple[str, ...]:
        """The words of the options a question ends by offering: the word before the choice
        word and those after it ("lutowe czy kwietniowe?"; "…about embassies or something?";
        "…, or is the issue still unresolved? I need…" offers none). The choice word stands
        third or later, with at most four words after it that are more than "or not"; the
        words before the last one name the event, not an option."""
        words = tuple(folded_tokens(analysis.folded))  # as typed: an option is no typo
        at = max((i for i, word in enumerate(words) if word in self._choice and i > 1), default=0)
        after = words[at + 1 :]
        if not at or not after or len(after) > _CHOICE_WORDS or len("".join(after)) < 4:
            return ()
        return (words[at - 1], *after)

    def opens_question(self, analysis: Analysis) -> bool:
        """Whether the text opens with a question form ("Które spotkanie było pierwsze"),
        not with a statement ("For the lede I need a summary")."""
        return bool(self._aspects.leading(analysis.terms, analysis.stems))

    def opens_with_form(self, analysis: Analysis) -> bool:
        """Whether the text's very first word opens a question form ("gdzie to było"), not
        a statement that has one further on ("I want to settle this")."""
        stems = analysis.stems
        return bool(stems) and stems[0] in self._form_firsts and self.opens_question(analysis)

    def asked_from(self, question: str) -> str | None:
        """The question from its first clause that opens with a question form or a yes/no
        word on, when a lead comes before it ("Moja siostra mieszka w Stambule i pyta, po
        co…"); None when none does or the first clause does."""
        clauses = [c for c in _CLAUSE_END.split(question) if c.strip()]
        for number, clause in enumerate(clauses):
            part = self._engine.analyse(clause)
            if self.opens_with_form(part) or self.asks_whether(part):
                return " ".join(clauses[number:]) if number else None
        return None

    def names_ordinal(self, analysis: Analysis) -> bool:
        """Whether the question names an ordinal ("a pierwsza?", "the second one")."""
        return not self._ordinals.isdisjoint(analysis.terms)

    def asks_whether(self, analysis: Analysis) -> bool:
        """Whether the question opens as a yes/no question ("czy…", "did…"), after a
        joining word if any ("a czy…", "and did…")."""
        words = [w for w in analysis.words[:2] if w not in self._leading]
        if not words:
            return False
        if words[0] in self._whether["pl"]:
            return True
        # "Do czego wezwał Moskwę?" is Polish "to what", no English "do"
        lang = self._engine.detect_language(analysis.words, analysis.question)
        return lang != "pl" and words[0] in self._whether["en"]

    def points_at_both(self, analysis: Analysis) -> bool:
        """Whether the question refers to two people talked about ("the two", "obaj")."""
        return bool(self._pair.find(analysis.terms, analysis.stems))

    def narrowed(self, reading: Reading, analysis: Analysis) -> Reading:
        """The reading with an aspect narrowed by the cues of another that narrows it
        (`narrows` in aspects.yaml): "kto był w Stambule ze strony rosyjskiej?" asks who
        represented the Russian side, not who took part."""
        aspects, asks = reading.aspects, reading.asks
        for narrowed, narrowing, cues in self._narrowing:
            if (
                narrowed in aspects
                and self._narrowing_ones.isdisjoint(aspects)  # one side, not both
                and cues.find(analysis.terms, analysis.stems)
            ):
                aspects = tuple(narrowing if a == narrowed else a for a in aspects)
                # and the part that asks it ("kto był tam ze strony USA i kiedy?")
                asks = tuple(_narrow_part(part, narrowed, narrowing) for part in asks)
        if aspects == reading.aspects:
            return reading
        return replace(reading, aspects=aspects, asks=asks)

    def asks_if_met(self, analysis: Analysis) -> bool:
        """Whether a yes/no question asks if someone met someone or was there ("did
        Lavrov meet Trump too?", "czy Trump pojawił się na Zgromadzeniu?")."""
        return self.asks_whether(analysis) and self.says_met(analysis)

    def says_met(self, analysis: Analysis) -> bool:
        """Whether the question says someone met someone or was there, as typed ("widział
        się z…", "met"; not "meeting")."""
        words = tuple(analysis.words)
        return any(_contains(words, cue, _MAX_GAP, 0, self._typed_gaps) for cue in self._meets)

    @property
    def sequence_words(self) -> frozenset[str]:
        """The terms that ask what came next ("kolejne", "after")."""
        return self._after | self._next

    def read(self, analysis: Analysis, parts: bool = True) -> Reading:
        """The topics, people, aspects and tense a question names; with `parts`, also the
        aspects of each part of a question of several (not needed of a context sentence)."""
        terms = analysis.terms
        stems = analysis.stems
        question = analysis.folded  # ", ze" typed without diacritics is a cue too
        said = self._reported.search(question)
        words = tuple(analysis.words)
        if said is not None and said.start() > 0:  # "…ostrzegł, że Trump nie będzie czekał":
            # the tense of what was said is not the question's
            typed = len(self._engine.analyse(question[: said.start()]).words)
            stems, words = stems[:typed], words[:typed]
        tensed = stems
        aside = self._aside(words)  # "oprócz planowanych negocjacji": not the question's
        if aside:
            if len(stems) == len(words):  # (a synonym of several words shifts them)
                tensed = tuple(s for i, s in enumerate(stems) if i not in aside)
            words = tuple(w for i, w in enumerate(words) if i not in aside)
        verbs = self._tense_of(words)
        cued = terms & frozenset(tensed)
        times = verbs | set(self._time.find(cued, tensed))
        time: Time | None = None
        # "where did they meet next?": past, though "meet next" asks what is to come elsewhere
        in_past = times == {"past"} or (
            "past" in times and verbs | set(self._time.find(cued - self._next, tensed)) == {"past"}
        )
        if len(times) == 1:
            time = "past" if "past" in times else "future"
        # "Jakie kroki, oprócz sankcji…": what is set aside is neither the event nor what is
        # asked, unless nothing else names one.
        asked = terms - self._set_aside(analysis.stems)
        if compared := self._compared(asked, analysis):
            return compared
        found, named, strength = self._topics.find_with_terms(asked, analysis.stems)
        if not found and asked != terms:
            found, named, strength = self._topics.find_with_terms(terms, analysis.stems)
        people, naming, _ = self._people.find_with_terms(terms, analysis.stems)
        if len(people) == 1 and len(found) > 1:  # "Where was Russia's top diplomat speaking
            # … about the autumn talks?": a topic named only by one person's words and another
            # topic's ("szefów dyplomacji" + "rozmowa") gives way to that other topic; a name
            # that is the person's own ("State Department") still names its topic
            others, used, _ = self._topics.find_with_terms(asked - naming, analysis.stems)
            rest = set(others)
            hidden = set(self._topics.find(asked & (naming | used), analysis.stems)) - rest
            # "State Department" names its topic; "szef Departamentu Stanu" (Rubio) does not
            own, own_used, _ = self._topics.find_with_terms(asked & naming, analysis.stems)
            if own_used == naming:
                hidden -= set(own)
            if rest and hidden:
                found = tuple(t for t in found if t not in hidden)
        if (
            people
            and naming < named
            and not any(set(people) & set(self.knowledge.topics[t].people) for t in found)
        ):  # "rozmowy ludzi prezydenta USA z Rosjanami": the president is a word of the
            # Riyadh meeting's name, not a person put in it
            people, naming = (), frozenset()
        found = self._undated(found, analysis, bool(people))
        strength = {**{t: max(strength.values(), default=1) for t in found}, **strength}
        topics = self._next_in_sequence(found, analysis)
        if in_past and time != "future" and not people:
            topics = self._next_that_was(topics, asked, analysis)
        if topics != found:
            strength = {**strength, topics[0]: max(strength.values())}
        shorter = None
        if people:  # "gdzie szef rosyjskiego MSZ ogłosił", "what did Rubio and Lavrov talk about"
            shorter = tuple(stem for stem in analysis.stems if stem not in naming)
        aspects: tuple[str, ...] = ()
        forms = asked - self._measured(question, analysis.stems)  # not "6-godzinnych"
        if len(stems) < len(analysis.stems):  # "kiedy Rubio powiedział, że Trump będzie
            # gotów sprzedać broń?" asks when, whatever the reported words would ask
            brief = None if shorter is None else tuple(s for s in stems if s not in naming)
            aspects = self._aspects.find(forms & frozenset(stems), stems, named, brief)
        # A word of a topic's name is not also a question form: "US demands" is a topic.
        aspects = aspects or self._aspects.find(forms, analysis.stems, named, shorter)
        if not aspects and topics:  # "czy wydano komunikat?": the name is all it asks of
            aspects = self._aspects.find(forms, analysis.stems, shorter=shorter)
        if "details" in aspects and aspects[0] in ("about", "why"):  # "czy powiedział coś
            # konkretnie, jakieś detale?": the details of what was said, not what about
            aspects = ("details", *(a for a in aspects if a != "details"))
        if "duration" in aspects:  # "ile trwały, bo coś było o godzinach?": hours, not the hour
            aspects = tuple(a for a in aspects if a != "hour")
        if (
            len(aspects) > 1
            and "when" in aspects
            and self._when_clause(analysis.words)
            and (opening := self._aspects.leading(forms, analysis.stems, named, shorter))
            and "when" not in opening
        ):
            aspects = tuple(a for a in aspects if a != "when")
        if len(aspects) > 1:  # "Where did Lavrov hold the press conference at which he
            # talked about the rounds…?": the question opens with where; "which … rounds",
            # its words apart further on, asks no precise detail of its own
            opening = self._aspects.leading(forms, analysis.stems, named, shorter)
            if opening:
                tight = self._aspects.tight(forms, analysis.stems) - self._relative(
                    aspects, forms, analysis.stems
                )
                aspects = tuple(
                    a for a in aspects if a in opening or a in tight or a not in self._precise
                )
        if (
            time is not None
            and len(topics) > 1
            and not (
                # "Did Lavrov give any details about the autumn round, or was it just a vague
                # statement?": what was said of what is to come was said in the past
                time == "past" and aspects[:1] and aspects[0] in self._saying
            )
        ):
            agreeing = tuple(t for t in topics if self.knowledge.topics[t].time == time)
            topics = agreeing or topics
        if len(stems) < len(analysis.stems) and len(topics) > 1 and aspects:
            topics, strength = self._outside_what_was_said(topics, strength, aspects[0], stems)
        strengths = tuple(strength[t] for t in topics)
        asks = self._asks(analysis, named) if parts and self._joins_asks(analysis.stems) else ()
        return Reading(topics, people, aspects, time, strengths, asks=asks)

    def _relative(
        self, aspects: tuple[str, ...], forms: frozenset[str], stems: tuple[str, ...]
    ) -> frozenset[str]:
        """The aspects whose form starts right after "after"/"before" ("the talks after
        which no official statement was issued"): a clause that dates what it follows."""
        dating = self._after | self._before
        found = set()
        for aspect in aspects:
            at = self._aspects.first(aspect, forms, stems)
            if 0 < at < len(stems) and stems[at - 1] in dating:
                found.add(aspect)
        return frozenset(found)

    def _measured(self, question: str, stems: tuple[str, ...]) -> frozenset[str]:
        """The words right after a number, or joined to it by a hyphen ("po 6 godzinach",
        "po 6-godzinnych rozmowach", "a 6-hour session"): a measure of what they describe,
        not a question form ("godzina" asks the hour); each unless it also stands alone in
        the question."""
        glued = _MEASURED.findall(question)
        if not glued:
            return frozenset()
        terms = self._engine.sequence(glued)  # corrected as the question's words are
        return frozenset(t for t in terms if stems.count(t) <= terms.count(t))

    def _aside(self, words: tuple[str, ...]) -> set[int]:
        """Where the word right after "oprócz", "besides", "przed", "before"… stands (function
        words skipped): "oprócz planowanych negocjacji", "przed planowaną rundą" set aside or
        date something, so its tense is not the question's."""
        aside: set[int] = set()
        if self._aside_words.isdisjoint(words):  # as in most questions: one step in C
            return aside
        for number, word in enumerate(words):
            if word in self._aside_words:
                after = (i for i in range(number + 1, len(words)) if words[i] not in self._stop)
                aside.update(islice(after, 1))
        return aside

    def _tense_of(self, words: tuple[str, ...]) -> set[str]:
        """The tenses whose cues the words as typed contain ("spotkają się": future; "met":
        past, but not "meeting")."""
        found: set[str] = set()
        if self._tense.keys().isdisjoint(words):  # as in nineteen questions of twenty
            return found
        for word in words:
            for tense, cue in self._tense.get(word, ()):
                if tense not in found and _contains(words, cue, _MAX_GAP, 0, self._typed_gaps):
                    found.add(tense)
        return found

    def _joins_asks(self, stems: tuple[str, ...]) -> bool:
        """Whether a joining word ("i", "and") comes right before a word that opens a
        question form ("kiedy", "what"): the one check single questions pay."""
        opening = self._opening_terms
        if opening.keys().isdisjoint(stems):  # as in most questions: one step in C
            return False
        return any(a in opening and b in opening[a] for a, b in pairwise(stems))

    def _asks(self, analysis: Analysis, named: frozenset[str]) -> tuple[str, ...]:
        """ "Gdzie i kiedy spotkali się Trump z Putinem?", "How many times did they meet in
        Istanbul, and when was the later meeting?": the question is cut into clauses at
        punctuation and at a joining word that opens another question form; the clauses
        joined that way are each asked, and each one's strongest form is one aspect asked.
        Parts that name different events ("kiedy był Rijad i gdzie będzie następna
        runda?") are each `topic.aspect`, of the event the part names or the part before
        it named. Fewer than two different parts: none (the question asks one thing)."""
        clauses: list[tuple[bool, list[str]]] = []  # (joined to the clause before, words)
        for piece in _CLAUSE_END.split(analysis.question):
            words = tokens(piece)
            current: list[str] = []
            joined = False
            for number, word in enumerate(words):
                if (
                    word in self._opening
                    and number + 1 < len(words)
                    and self._opens(word, words[number + 1])
                ):
                    if current:
                        clauses.append((joined, current))
                    current, joined = [], True
                    continue
                current.append(word)
            if current:
                clauses.append((joined, current))
        chained = [
            joined or (number + 1 < len(clauses) and clauses[number + 1][0])
            for number, (joined, _) in enumerate(clauses)
        ]
        for number in range(len(clauses) - 2, -1, -1):  # a list: "kto, gdzie i kiedy…?"
            if chained[number + 1] and (
                len(clauses[number][1]) <= _LISTED_WORDS
                # "How many rounds…, according to Lavrov, and which…?": an aside asking
                # nothing passes the chain on
                or (number + 2 < len(clauses) and self._aside_clause(clauses[number + 1]))
            ):
                chained[number] = True
        parts: list[tuple[str, Analysis]] = []  # the aspect of each part, and the part
        starts: list[int] = []  # the clause each part opens
        events: list[frozenset[str]] = []  # the events each part names, if any
        for number, (joined, words) in enumerate(clauses):
            if not chained[number]:
                continue
            part = self._engine.analyse(" ".join(words))
            naming = self._people.find_with_terms(part.terms, part.stems)[1]
            shorter = tuple(s for s in part.stems if s not in naming) if naming else None
            # a part joined on or listed opens with its question form: "…, and when…?"
            opening = joined or len(words) <= _LISTED_WORDS
            found = (self._aspects.leading if opening else self._aspects.find)(
                part.terms, part.stems, named, shorter
            )
            if "duration" in found:
                found = tuple(a for a in found if a != "hour")
            if found:
                parts.append((found[0], part))
                starts.append(number)
            if named_here := frozenset(self._topics.find(part.terms, part.stems)):
                events.append(named_here)
        asks: list[str] = []
        two_events = any(a.isdisjoint(b) for a in events for b in events)
        # A part's tense may stand in a clause after it ("Ile tur, według Ławrowa, już się
        # odbyło, a która…?"): each is read up to the next part
        ends = [*starts[1:], len(clauses)][: len(starts)]
        readings = (
            []
            if two_events
            else [
                self.read(
                    self._engine.analyse(
                        " ".join(w for _, words in clauses[start:end] for w in words)
                    ),
                    parts=False,
                )
                for start, end in zip(starts, ends, strict=True)
            ]
        )
        if {"past", "future"} <= {reading.time for reading in readings}:
            # "Ile tur już się odbyło i która ma być następna?": each part of its own tense
            # is about the event it names, or the one event of that tense that reports what
            # it asks
            topics = self.knowledge.topics
            for (aspect, _), reading in zip(parts, readings, strict=True):
                if reading.topics:
                    asks.append(f"{reading.topics[0]}.{aspect}")
                    continue
                tense = reading.time
                reporting = [  # by facts of its own, not one said there (`also`)
                    t.id
                    for t in topics.values()
                    if t.time == tense and self.knowledge.own_facts(t.id, aspect)
                ]
                reporting = [  # the series, not one of its events
                    t for t in reporting if not any(t in topics[o].includes for o in reporting)
                ]
                asks.append(f"{reporting[0]}.{aspect}" if len(reporting) == 1 else aspect)
        elif two_events:
            event = None  # "kiedy był Rijad i gdzie będzie następna runda?": two events
            for aspect, part in parts:
                event = next(iter(self.read(part, parts=False).topics), event)
                asks.append(aspect if event is None else f"{event}.{aspect}")
        else:
            asks = [aspect for aspect, _ in parts]
        asks = list(dict.fromkeys(asks))
        return tuple(asks[:_MAX_ASKS]) if len(asks) > 1 else ()

    def _when_clause(self, words: Sequence[str]) -> bool:
        """Whether an English "when" stands inside the question, not first nor joined on
        ("What did they discuss when they met…?", not "…, and when?"): with another form
        opening the question, it opens a clause and asks nothing."""
        return any(
            word == "when" and number >= 2 and words[number - 1] not in self._leading
            for number, word in enumerate(words)
        )

    def _aside_clause(self, clause: tuple[bool, list[str]]) -> bool:
        """Whether a clause is an aside, not joined on and asking nothing ("according to
        Lavrov", "zdaniem Ławrowa")."""
        joined, words = clause
        if joined:
            return False
        part = self._engine.analyse(" ".join(words))
        return not self._aspects.find(part.terms, part.stems)

    def _opens(self, joining: str, word: str) -> bool:
        """Whether a word (as typed: "kedy" is "kiedy") opens a question form in the
        language of the joining word before it."""
        return not self._opening[joining].isdisjoint(self._engine.analyse(word).stems)

    def _outside_what_was_said(
        self, topics: tuple[str, ...], strength: dict[str, int], aspect: str, said: tuple[str, ...]
    ) -> tuple[tuple[str, ...], dict[str, int]]:
        """ "The venue of the press conference where Lavrov said that … a third round":
        when the event named in what was said does not report what is asked, the event
        named before it (`said`: the words up to the reported speech) that does is the
        question's."""
        answering = self.knowledge.answering
        if (topics[0], aspect) in answering:
            return topics, strength
        outside = [
            t
            for t in self._topics.find(frozenset(said), said)
            if t in topics and (t, aspect) in answering
        ]
        if not outside:
            return topics, strength
        first = outside[0]
        return (first, *(t for t in topics if t != first)), {
            **strength,
            first: max(strength.values()),
        }

    def _undated(
        self, topics: tuple[str, ...], analysis: Analysis, people: bool = False
    ) -> tuple[str, ...]:
        """ "Jeszcze przed rozmowami w Stambule ktoś zapowiadał…", "before the meetings in
        Istanbul someone said…": a dated event named right after "przed"/"before" says
        when; the question is about another event, or about none it names; naming no
        other event nor anyone, about the event it came right after."""
        stems = analysis.stems
        cues = self._before
        if not cues.isdisjoint(stems):  # "before which body…" asks: not a date
            cues = cues - self.asking_terms(analysis)
        window = self._first_after(cues, stems, _AFTER_WINDOW)
        if not window:
            return topics
        dating = set(self._topics.find(window, stems)) & self._dated
        rest = tuple(t for t in topics if t not in dating)
        if not rest and topics and not people:  # "Na jakie tematy rozmawiano przed
            # spotkaniami w Turcji?": nothing else (nor anyone) named, the event it came
            # right after (`follows`)
            came_before = [self.knowledge.topics[t].follows for t in topics]
            return tuple(dict.fromkeys(t for t in came_before if t is not None))
        return rest

    def _set_aside(self, stems: tuple[str, ...]) -> frozenset[str]:
        """The words right after "oprócz", "poza", "besides", "apart from"…"""
        return self._first_after(self._besides, stems)

    def _compared(self, asked: frozenset[str], analysis: Analysis) -> Reading | None:
        """ "Co było pierwsze: Rijad czy Stambuł?": two events or more and an order word,
        whose own words name no event. An event made of others named is left out."""
        ordering = self._order.find_with_terms(asked, analysis.stems)[1]
        if not ordering:
            return None
        found, _, strength = self._topics.find_with_terms(asked - ordering, analysis.stems)
        topics = self.knowledge.topics
        compared = tuple(t for t in found if not set(topics[t].includes) & set(found))
        if len(compared) < 2:
            return None
        people = self._people.find(analysis.terms, analysis.stems)
        strengths = tuple(strength[t] for t in compared)
        return Reading(compared, people, ("when",), None, strengths, compared=True)

    def _first_after(
        self, cues: frozenset[str], stems: tuple[str, ...], count: int = 1
    ) -> frozenset[str]:
        """The first word (or `count` words) that name something after each cue word,
        function words skipped: "oprócz sankcji" -> sankcji, "po Rijadzie" -> Rijad,
        "po spotkaniu w Rijadzie" -> spotkanie, Rijad."""
        if cues.isdisjoint(stems):  # as in most questions
            return frozenset()
        skip = self._engine.function_terms
        found = set()
        for number, stem in enumerate(stems):
            if stem in cues:
                found.update([s for s in stems[number + 1 :] if s not in skip][:count])
        return frozenset(found)

    def asking_terms(self, analysis: Analysis) -> frozenset[str]:
        """The words of a question that ask rather than name: those of its question forms
        ("w którym mieście", "where was")."""
        return self._aspects.find_with_terms(analysis.terms, analysis.stems)[1]

    def _next_in_sequence(self, topics: tuple[str, ...], analysis: Analysis) -> tuple[str, ...]:
        """ "Gdzie były kolejne rozmowy po Rijadzie?": the event named after another one
        with an "after" word is the one that `follows` it, not the one named."""
        for topic in topics:
            follower = self.followers.get(topic)
            if (
                follower is not None
                and self.knowledge.topics[topic].time == "past"
                and (
                    self.after_next(analysis)
                    or self._named_right_after(topic, analysis.stems)
                    or (len(topics) == 1 and self._named_right_after(topic, analysis.stems, 2))
                )
            ):
                return (follower,)
        return topics

    def _next_that_was(
        self, topics: tuple[str, ...], asked: frozenset[str], analysis: Analysis
    ) -> tuple[str, ...]:
        """ "In which city were the subsequent consultations held?": in the past tense, the
        next talks named by a "next" word alone are the one past event that came next (the
        article's "Kolejne konsultacje miały miejsce w Stambule"), not the round to come.
        A round ("the next round") is Lavrov's count, and what someone said of the next
        talks was said in the past: those stay the round to come."""
        if len(topics) != 1 or self.knowledge.topics[topics[0]].time != "future":
            return topics
        if not self._round.isdisjoint(asked) or not self._saying.isdisjoint(
            self._aspects.find(asked, analysis.stems)
        ):
            return topics
        if self._next.isdisjoint(asked) or self._topics.find(asked - self._next, analysis.stems):
            return topics
        past = [t for t in self.followers.values() if self.knowledge.topics[t].time == "past"]
        return (past[0],) if len(past) == 1 else topics

    def _named_right_after(self, topic: str, stems: tuple[str, ...], window: int = 1) -> bool:
        """ "Gdzie odbywały się konsultacje po Rijadzie?": an "after" word followed by the
        event's one-word name; with a `window` of two, by a word and the name ("po
        spotkaniu w Rijadzie"), which is asked only of a question naming no other event."""
        names = self._single_names.get(topic, frozenset())
        return not names.isdisjoint(self._first_after(self._after, stems, window))

    def after_next(self, analysis: Analysis) -> bool:
        """Whether the question asks for what came next after something ("kolejne … po",
        "the one after that")."""
        terms = analysis.terms
        return not self._after.isdisjoint(terms) and (
            not self._next.isdisjoint(terms) or "after that" in " ".join(analysis.words)
        )


def _cue_pattern(cues: Iterable[str]) -> re.Pattern[str]:
    """Where the first cue starts, as whole words of the folded question; a cue's leading
    comma must be there too (", że" starts reported speech, a bare "że" may not)."""
    alternatives = []
    for cue in cues:
        words = r"\s+".join(re.escape(word) for word in fold(cue).lstrip(",").split())
        comma = r",\s*" if cue.startswith(",") else ""
        alternatives.append(rf"{comma}\b{words}\b")
    return re.compile("|".join(alternatives) or r"(?!)")


def _cue_terms(engine: Engine, cues: Iterable[str]) -> frozenset[str]:
    """The terms of one-word cues ("jego", "pierwsza"), as typed: never typo-corrected."""
    return frozenset(term for word in cues for term in engine.sequence([word], correct=False))

"""The answering engine: a question -> the intent it asks about, or an honest "no answer".

Pure and synchronous, with plain types in and out and no Telegram import, so the same
engine serves the console, the command line, the tests and the bot.

How a question is scored:
1. It is folded (case, diacritics), split into words, stripped of function words, stemmed
   and rewritten through the alias table, exactly as the examples were at start-up.
2. A word the examples never use is corrected to the closest known one with rapidfuzz
   (`fuzz.ratio`, with a cutoff that tightens for short words); the similarity becomes the
   word's confidence. Words with no close match stay unknown.
3. Each word weighs its inverse intent frequency: a word that few intents use decides more
   than one that all of them share. Unknown words weigh as much as the rarest known ones,
   which is what makes "sankcje na Iran" fall back: half of it is about something else.
4. Against every example sharing a word with the question we compute how much of the
   question the example explains (recall) and how much of the example the question
   covers (precision), and combine them as an F-score that favours recall, so bare
   keywords ("rijad") still work. An intent scores as its best example.
5. Below `min_score` the engine falls back; when several intents are within `margin` of
   the best, it asks "did you mean" instead of guessing.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from operator import itemgetter

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.knowledge import LANGS, Knowledge, Lang, Lexicon, Phrases
from bot.textnorm import fold, folded_tokens, stem, tokens

MAX_QUESTION_CHARS = 1000
MAX_QUESTION_WORDS = 40
MAX_CANDIDATES = 5
_MIN_CORRECTABLE = 4
_MIN_SHORT_CORRECTABLE = 3  # a three-letter word may be a question word missing a letter
_MIN_RATIO_CORRECTABLE = 5
_CORRECTION_CUTOFF = 80.0
_LONG_WORD = 8  # from this length a whole word may be two edits away
_FIRST_LETTER_FREE = 6  # shorter words are corrected only to words with their first letter
_POLISH_LETTERS = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_NEAR_HALF = (0.5 - 1e-6, 0.5 + 1e-6)  # tenths this near a half are left to round()


@dataclass(frozen=True)
class Thresholds:
    """The two thresholds of a fallback classifier, and how many alternatives to offer."""

    min_score: float = 50.0
    margin: float = 4.0
    max_alternatives: int = 3
    recall_bias: float = 3.0  # F-beta's beta: how much more the question's coverage counts
    union_weight: float = 0.2  # share of the score from the intent's whole vocabulary
    unknown_weight: float = 0.8  # weight of a word no example uses, relative to the rarest


@dataclass(frozen=True)
class Match:
    """The engine's verdict on one question.

    `intent` is the best intent (None when falling back); `alternatives` is non-empty only
    when the engine is unsure and should ask "did you mean", best first. `guess` keeps the
    best-scoring intent of a fallback, for the maintainers' list of unanswered questions.
    """

    question: str
    lang: Lang
    intent: str | None
    score: float
    fallback: bool
    alternatives: tuple[str, ...] = ()
    guess: str | None = None  # the best-scoring intent, even when falling back
    # Every intent worth offering (above min_score, best first), e.g. as inline results.
    candidates: tuple[str, ...] = ()
    # What the question is about (see bot.understanding): the event, the detail asked
    # for and the person named, as far as they were recognised or recalled from context.
    topic: str | None = None
    aspect: str | None = None
    person: str | None = None
    # The article reports the topic but not what was asked: the reply says so first, then
    # what it does report (a fallback all the same: the question is not answered).
    partial: bool = False
    # The other events a question compares with `topic` ("co było pierwsze: Rijad czy
    # Stambuł?"), earliest first where the knowledge says; the reply gives when each was.
    others: tuple[str, ...] = ()
    # A question that asks two or three things of its topic ("gdzie i kiedy…?"): the
    # aspects the reply answers, in the order asked, and those the article does not report
    # (said in the reply, and put on the maintainers' list). `aspect` is the first answered;
    # a part about another event than `topic` is "topic.aspect" ("next_round.where").
    answered: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    # The person named when `person` is the other party the answer names ("Z kim Ławrow
    # uzgodnił trzecią turę?": Rubio, with Lavrov the other one a follow-up may pair him with).
    other: str | None = None
    # The plain question the readers' questions nearest to this one mean, when their vote
    # answered what the reading declined (bot.asked); else None.
    meant: str | None = None

    @property
    def unsure(self) -> bool:
        return bool(self.alternatives)

    @property
    def declined(self) -> bool:
        """No answer was given: the article doesn't say (a partial answer included), or
        "did you mean"."""
        return self.fallback or self.unsure


class Analyzer:
    """Turns words into the engine's terms: stemmed, without function words, aliases rewritten."""

    def __init__(self, lexicon: Lexicon) -> None:
        # Each form of a word the stemmer cannot fold -> its base word, which is its term.
        self.bases = {
            form: base
            for canonical, forms in lexicon.inflections.items()
            for base in tokens(canonical)
            for form in tokens(" ".join([canonical, *forms]))
        }
        self.stopwords = frozenset(
            word
            for lang in LANGS
            for text in lexicon.stopwords.get(lang, [])
            for word in tokens(text)
        )
        self.aliases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for canonical, variants in lexicon.aliases.items():
            target = self.stems(tokens(canonical))
            for variant in variants:
                source = self.stems(tokens(variant))
                if source and source != target:
                    self.aliases[source] = target
        # The lengths of the variants each word starts, longest first: most start one
        # variant of one word, so a question's word is looked up once, not once per length.
        sizes: dict[str, set[int]] = defaultdict(set)
        for key in self.aliases:
            sizes[key[0]].add(len(key))
        self._alias_sizes = {start: sorted(found, reverse=True) for start, found in sizes.items()}

    def stem(self, word: str) -> str:
        """A folded word's stem; a form of a word the stemmer cannot fold has its base
        word ("jakiej" is "jaki", "jakimś" is "jakis")."""
        base = self.bases.get(word)
        return stem(word) if base is None else base

    def stems(self, words: Iterable[str]) -> tuple[str, ...]:
        """The stems of the words that carry meaning, in order."""
        return tuple(self.stem(word) for word in words if word not in self.stopwords)

    def alias_stems(self) -> set[str]:
        """Every stem the alias table knows, as a variant or as a canonical word."""
        return {part for pair in self.aliases.items() for side in pair for part in side}

    def rewrite(self, stems: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
        """Apply the alias table (longest variant first) to (stem, confidence) pairs."""
        result: list[tuple[str, float]] = []
        position = 0
        alias_sizes = self._alias_sizes
        while position < len(stems):
            sizes = alias_sizes.get(stems[position][0])
            if sizes is None:
                result.append(stems[position])
                position += 1
                continue
            for size in sizes:
                if size > len(stems) - position:
                    continue
                window = stems[position : position + size]
                target = self.aliases.get(tuple(part for part, _ in window))
                if target is not None:
                    confidence = min(conf for _, conf in window)
                    result.extend((part, confidence) for part in target)
                    position += size
                    break
            else:
                result.append(stems[position])
                position += 1
        return result

    def terms(self, words: Sequence[str]) -> list[str]:
        """The terms of an example: stems with aliases rewritten."""
        return [term for term, _ in self.rewrite([(s, 1.0) for s in self.stems(words)])]


@dataclass(frozen=True)
class Analysis:
    """A question as the engine sees it, computed once and shared by every reader of it."""

    question: str
    words: list[str]
    resolved: list[tuple[int | None, float, float]]
    # Every term of the question: meaningful stems (corrected, aliases rewritten) and the
    # stems of function words, which still tell "who is" from "who".
    terms: frozenset[str]
    stems: tuple[str, ...] = ()  # every word's term, in order, for phrases kept in order
    folded: str = ""  # the question folded ("Ławrow" -> "lawrow"), for cues typed either way


class Engine:
    """Maps questions to intents of one Knowledge; immutable once built, safe to share."""

    def __init__(self, knowledge: Knowledge, thresholds: Thresholds | None = None) -> None:
        self.knowledge = knowledge
        self.thresholds = thresholds or Thresholds()
        self.analyzer = Analyzer(knowledge.lexicon)
        self.intent_ids: list[str] = list(knowledge.intents)
        self._out_of_scope_ids = frozenset(
            number
            for number, intent in enumerate(knowledge.intents.values())
            if intent.kind == "out_of_scope"
        )
        self._vocab: dict[str, int] = {}
        self._words: dict[Lang, set[str]] = {lang: set() for lang in LANGS}
        for lang in LANGS:
            self._words[lang].update(
                word for text in knowledge.lexicon.stopwords.get(lang, []) for word in tokens(text)
            )
        surface = self.analyzer.alias_stems() | set(self.analyzer.bases.values())
        spelled: Counter[str] = Counter()  # every whole word the knowledge uses, how often
        example_words: set[str] = set()
        raw_examples: list[tuple[int, Lang, frozenset[int]]] = []
        for number, intent in enumerate(knowledge.intents.values()):
            for lang in LANGS:
                for example in intent.examples[lang]:
                    words = tokens(example)
                    spelled.update(words)
                    example_words.update(words)
                    self._words[lang].update(words)
                    stems = self.analyzer.stems(words)
                    surface.update(stems)
                    terms = self.analyzer.rewrite([(s, 1.0) for s in stems])
                    ids = frozenset(self._term_id(term) for term, _ in terms)
                    raw_examples.append((number, lang, ids))
        phrase_words = tokens(" ".join(_phrases(knowledge)))
        surface.update(self.analyzer.stems(phrase_words))
        spelled.update(phrase_words)
        spelled.update(tokens(knowledge.article))
        for canonical, variants in (
            *knowledge.lexicon.aliases.items(),
            *knowledge.lexicon.inflections.items(),
        ):
            spelled.update(tokens(" ".join([canonical, *variants])))
        for words_ in (
            *knowledge.lexicon.stopwords.values(),
            *knowledge.lexicon.off_topic.values(),
        ):
            spelled.update(tokens(" ".join(words_)))
        # Real words listed as no typo: known (never corrected), never a correction, unless
        # the knowledge spells them elsewhere too.
        listed = set(tokens(" ".join(w for ws in knowledge.lexicon.words.values() for w in ws)))
        self._real = frozenset(listed - set(spelled))
        # listed, but a word the knowledge spells elsewhere: `check` says so
        self.spelled_real_words = frozenset(listed - self._real)
        spelled.update(self._real)
        # Off-topic words are known (never corrected away) but never a correction: an
        # unknown "obradowało" must not become the off-topic "obiad". The words of an entry
        # of parts ("Ukraine + took part") that the knowledge also uses elsewhere (a form,
        # a name, an example) stay one: "tonk" is still "took".
        entries = [w for ws in knowledge.lexicon.off_topic.values() for w in ws]
        off_words = set(tokens(" ".join(w for w in entries if "+" not in w))) | (
            set(tokens(" ".join(w for w in entries if "+" in w)))
            - set(tokens(" ".join(_phrases(knowledge, off_topic=False))))
            - example_words
        )
        off_words |= self._real
        others = [word for word in spelled if word not in off_words]
        off_stems = set(self.analyzer.stems(off_words)) - set(self.analyzer.stems(others))
        self._spelled = spelled
        self._spelled_list = sorted(others)
        self._spelled_near = lru_cache(maxsize=1024)(partial(_of_lengths, self._spelled_list))
        self._spelled_edits = _OneEdit(self._spelled_list)
        # The words of question forms and people's names: a short typo is most likely one.
        self._asking = frozenset(
            tokens(
                " ".join(
                    [
                        *(form for a in knowledge.aspects.values() for form in a.forms.all()),
                        *(n for p in knowledge.people.values() for n in p.names.all()),
                    ]
                )
            )
        )
        self._fix = lru_cache(maxsize=8192)(self._fix_uncached)
        self._surface = frozenset(surface)
        self._surface_list = sorted(surface - off_stems)
        self._surface_near = lru_cache(maxsize=1024)(partial(_of_lengths, self._surface_list))
        self._surface_edits = _OneEdit(self._surface_list)
        self._idf = self._inverse_intent_frequency(raw_examples)
        self._unknown_weight = self.thresholds.unknown_weight * max(self._idf, default=1.0)
        # The examples as arrays, so that scoring a question is a few vector operations per
        # word rather than a Python step per example the word occurs in (numpy: at twice
        # the article's knowledge, the Python loop took two thirds of each answer).
        # Examples come grouped by intent, in order: `_starts` is where each group begins.
        self._example_weights = np.array(
            [sum(self._idf[i] for i in ids) for _, _, ids in raw_examples], dtype=np.float64
        )
        intents_of = [intent for intent, _, _ in raw_examples]
        self._starts = np.array(
            [p for p, i in enumerate(intents_of) if p == 0 or intents_of[p - 1] != i],
            dtype=np.intp,
        )
        self._start_intents = np.array([intents_of[p] for p in self._starts], dtype=np.intp)
        self._start_intent_list: list[int] = self._start_intents.tolist()
        # Each word's examples, then (shifted past the examples) the intents using it: one
        # vector addition per word counts both what each example and what each intent's
        # whole vocabulary shares with the question.
        postings: dict[int, list[int]] = defaultdict(list)
        owners: dict[int, set[int]] = defaultdict(set)
        for position, (owner, _, ids) in enumerate(raw_examples):
            for term_id in ids:
                postings[term_id].append(position)
                owners[term_id].add(owner)
        shift = len(raw_examples)
        self._postings = {
            term: np.array(where + [shift + o for o in sorted(owners[term])], dtype=np.intp)
            for term, where in postings.items()
        }
        self._correct = lru_cache(maxsize=8192)(self._correct_uncached)
        self._word = lru_cache(maxsize=8192)(self._word_uncached)
        # +1 for a word only Polish questions use, -1 for one only English ones do
        self._lean = {w: 1 for w in self._words["pl"] - self._words["en"]} | {
            w: -1 for w in self._words["en"] - self._words["pl"]
        }
        # Each entry of the off-topic list as the terms it is, in order ("czwarta runda"),
        # filed under its first term so a question is checked word by word.
        # An entry of parts joined by "+" ("wojna + zaczęła") needs every part, anywhere:
        # the war's start is off the article, the start of the talks is not.
        self._off_topic: dict[str, list[tuple[tuple[str, ...], ...]]] = defaultdict(list)
        for entries in knowledge.lexicon.off_topic.values():
            for entry in entries:
                parts = tuple(
                    self.sequence(tokens(part), correct=False) for part in entry.split("+")
                )
                if all(parts):
                    self._off_topic[parts[0][0]].append(parts)
        self._off_topic_firsts = frozenset(self._off_topic)  # most questions have none

    def _term_id(self, term: str) -> int:
        return self._vocab.setdefault(term, len(self._vocab))

    def _inverse_intent_frequency(
        self, examples: list[tuple[int, Lang, frozenset[int]]]
    ) -> list[float]:
        intents_with: list[set[int]] = [set() for _ in self._vocab]
        for intent, _, ids in examples:
            for term_id in ids:
                intents_with[term_id].add(intent)
        total = len(self.intent_ids)
        return [math.log(1.0 + total / len(owners)) for owners in intents_with]

    # -- the question side ---------------------------------------------------------------

    def _correct_uncached(self, word: str) -> tuple[str, float]:
        """The known stem closest to an unknown one, with the similarity as confidence.

        Long words take `fuzz.ratio` above a cutoff. Four-letter words have too many
        neighbours for that ("narka" is not "marco"), so they take only one edit or swap
        (OSA distance 1) that keeps the first letter ("wehn" -> "when").
        """
        if word.isdigit() or len(word) < _MIN_CORRECTABLE:
            return word, 0.0
        if len(word) < _MIN_RATIO_CORRECTABLE:  # the nearest that keeps the first letter
            kept = (hit for hit in self._surface_edits.near(word) if hit[0][0] == word[0])
            near = next(kept, None)
            if near is None:
                return word, 0.0
            return near[0], 0.75
        found = process.extractOne(
            word,
            # fuzz.ratio >= 80 needs lengths within a fifth of their sum of each other
            self._surface_near(len(word) * 2 // 3, -(-len(word) * 3 // 2)),
            scorer=fuzz.ratio,
            score_cutoff=_CORRECTION_CUTOFF,
        )
        if found is None:
            return word, 0.0
        return found[0], found[1] / 100.0

    def _fix_uncached(self, word: str) -> str:
        """A whole word the knowledge never spells, replaced by the one it most likely is:
        one edit or swap away (two from eight letters), the most frequent on a tie. Whole
        words are corrected before stemming, so "rudna" is "runda" before any suffix goes;
        words under six letters keep their first letter, where a typo is rarest."""
        if word.isdigit() or word in self._spelled:
            return word
        if len(word) <= _MIN_CORRECTABLE:  # "kiey", "czm", "whse": a question word or name
            return self._fix_short(word)
        found: list[tuple[str, int]] = self._spelled_edits.near(word)
        if not found and len(word) >= _LONG_WORD:  # no word one edit away: two?
            found = [
                (hit[0], int(hit[1]))
                for hit in process.extract(
                    word,
                    self._spelled_near(len(word) - 2, len(word) + 2),
                    scorer=OSA.distance,
                    score_cutoff=2,
                    limit=None,
                )
            ]
        if len(word) < _FIRST_LETTER_FREE:
            found = [hit for hit in found if hit[0][0] == word[0]]
        if not found:
            return word
        best = min(found, key=lambda hit: (hit[1], -self._spelled[hit[0]]))
        return str(best[0])

    def _fix_short(self, word: str) -> str:
        """A short unknown word: a swap of any known word ("wehn"), else a question word or
        a name it misses a letter of ("kiey", "czm", "whse", "ruio") or, from four letters,
        mistypes one of ("czyr", "daie"); "żąda" is no typo of "żądał", which is neither."""
        if len(word) < _MIN_SHORT_CORRECTABLE:
            return word
        found = [hit for hit in self._spelled_edits.near(word) if hit[0][0] == word[0]]
        swaps = [hit for hit in found if sorted(hit[0]) == sorted(word)]
        asking = [hit for hit in found if hit[0] in self._asking and self._near(word, hit[0])]
        found = (swaps if len(word) == _MIN_CORRECTABLE else []) or asking
        if not found:
            return word
        best = min(found, key=lambda hit: (hit[1], -self._spelled[hit[0]]))
        return str(best[0])

    @staticmethod
    def _near(word: str, known: str) -> bool:
        """A letter missing ("kiey": kiedy), or from four letters one mistyped ("czyr") or
        one typed twice ("ktoo": kto, "whoo": who)."""
        return len(known) == len(word) + 1 or (
            len(word) == _MIN_CORRECTABLE
            and (len(known) == len(word) or (len(known) == len(word) - 1 and word[-1] == word[-2]))
        )

    def _resolve(
        self, infos: Sequence[tuple[bool, tuple[str, float]]]
    ) -> tuple[list[tuple[int | None, float, float]], set[str]]:
        """(term id or None, confidence, weight) for each distinct term of the question,
        and the set of every term, known or not, from each word's `_word`."""
        resolved: dict[int | str, tuple[int | None, float, float]] = {}
        terms = {pair[0] for function, pair in infos if function}
        for term, confidence in self.analyzer.rewrite([p for f, p in infos if not f]):
            terms.add(term)
            known = self._vocab.get(term) if confidence > 0 else None
            if known is None:
                entry: tuple[int | None, float, float] = (None, 0.0, self._unknown_weight)
            else:
                entry = (known, confidence, self._idf[known])
            key: int | str = known if known is not None else term
            if key not in resolved or resolved[key][1] < entry[1]:
                resolved[key] = entry
        return list(resolved.values()), terms

    def _word_uncached(self, word: str) -> tuple[bool, tuple[str, float]]:
        """Whether a (fixed) word is a function word, and its term with the confidence of
        its correction: computed once per word, for the scores and the phrases alike."""
        term = self._term(word)
        if word in self.analyzer.stopwords:
            return True, (term, 1.0)
        if word in self._real or term in self._surface:
            return False, (term, 1.0)
        return False, self._correct(term)

    def _term(self, word: str) -> str:
        """A word's term before any correction: its stem, or the word as typed when it is a
        real word listed as no typo (its stem may be a known word's: "kiedyś", "kied")."""
        return word if word in self._real else self.analyzer.stem(word)

    def detect_language(
        self, words: Sequence[str], text: str, hint: str | None = None
    ) -> Lang | None:
        """Polish or English from the words used; the hint (e.g. Telegram's) breaks ties."""
        lean = sum(self._lean.get(word, 0) for word in words)  # Polish words less English
        if not _POLISH_LETTERS.isdisjoint(text):
            lean += 2
        if lean:
            return "pl" if lean > 0 else "en"
        hint_lang = (hint or "").lower()[:2]
        if hint_lang == "pl":
            return "pl"
        if hint_lang == "en":
            return "en"
        return None

    # -- scoring -------------------------------------------------------------------------

    def scores(self, question: str) -> dict[str, float]:
        """Every intent that shares a word with the question, with its score (0-100)."""
        return {
            self.intent_ids[i]: s
            for i, s in self._intent_scores(self.analyse(question).resolved).items()
        }

    def analyse(self, question: str) -> Analysis:
        """Fold, split, stem and correct a question once, for every reader of it."""
        folded = fold(question[:MAX_QUESTION_CHARS])
        words = [self._fix(word) for word in folded_tokens(folded)[:MAX_QUESTION_WORDS]]
        infos = [self._word(word) for word in words]
        resolved, terms = self._resolve(infos)
        sequence = tuple(term for term, _ in self.analyzer.rewrite([p for _, p in infos]))
        return Analysis(question, words, resolved, frozenset(terms), sequence, folded)

    @cached_property
    def function_terms(self) -> frozenset[str]:
        """The terms of the lexicon's function words ("w", "z", "the", "does"): they join the
        words of a phrase, and name nothing."""
        return frozenset(self.sequence(sorted(self.analyzer.stopwords)))

    def sequence(self, words: Sequence[str], correct: bool = True) -> tuple[str, ...]:
        """Every word's term in order, function words included and aliases rewritten, so
        that phrases kept in order still match synonyms ("Russian top diplomat"). The
        maintainers' own words are taken as written (`correct=False`)."""
        stems = [self._word(word)[1] if correct else (self._term(word), 1.0) for word in words]
        return tuple(term for term, _ in self.analyzer.rewrite(stems))

    def literal(self, phrase: str, always: bool = False) -> tuple[str, ...] | None:
        """A phrase's stems in order when it has several words and `always`, or one of them
        is a function word; else None (its words may come in any order)."""
        words = tokens(phrase)
        if len(words) > 1 and (always or any(w in self.analyzer.stopwords for w in words)):
            return self.sequence(words)
        return None

    def phrase_terms(self, phrase: str) -> frozenset[str]:
        """The terms a phrase (a topic's name, an aspect's form) needs a question to have."""
        words = tokens(phrase)
        return frozenset(self.analyzer.terms(words)) | {
            self.analyzer.stem(word) for word in words if word in self.analyzer.stopwords
        }

    def _intent_scores(
        self, resolved: list[tuple[int | None, float, float]], skip: int = -1
    ) -> dict[int, float]:
        total = sum(weight for _, _, weight in resolved)
        if total <= 0 or not len(self._starts):
            return {}
        shift = len(self._example_weights)
        shared = np.zeros(shift + len(self.intent_ids))
        for term_id, confidence, weight in resolved:
            if term_id is not None and term_id in self._postings:
                shared[self._postings[term_id]] += weight * confidence
        matched, covered = shared[:shift], shared[shift:]
        if skip >= 0:
            matched[skip] = 0.0
        # The F-score of precision overlap/weight and recall overlap/total, simplified:
        # (1 + β²)·overlap / (β²·total + weight), one division per example; the constant
        # factor is applied to each intent's best only.
        beta2 = self.thresholds.recall_bias**2
        ratio = matched / (beta2 * total + self._example_weights)
        best = np.maximum.reduceat(ratio, self._starts).tolist()
        union = self.thresholds.union_weight
        whole = covered[self._start_intents].tolist() if union else None
        scores = {}
        for group, intent in enumerate(self._start_intent_list):
            value = best[group]
            if value > 0:  # the intents sharing a word with the question
                value *= 1 + beta2
                if whole is not None:
                    value = (1 - union) * value + union * whole[group] / total
                scores[intent] = _tenths(100.0 * value)
        return scores

    def match(self, question: str, lang_hint: str | None = None) -> Match:
        """The verdict for one question: an intent, a "did you mean", or a fallback."""
        return self.verdict(self.analyse(question), lang_hint)

    def verdict(self, analysis: Analysis, lang_hint: str | None = None) -> Match:
        """The examples' verdict on an analysed question."""
        question, words, resolved = analysis.question, analysis.words, analysis.resolved
        detected = self.detect_language(words, question[:MAX_QUESTION_CHARS], lang_hint)
        # best first; a stable sort keeps ties in the intents' order
        ranked = sorted(self._intent_scores(resolved).items(), key=itemgetter(1), reverse=True)
        lang: Lang = detected or "pl"  # no evidence either way: the article's language
        if not ranked:
            return Match(question, lang, None, 0.0, True)
        limits = self.thresholds
        out_of_scope = self._out_of_scope_ids  # a set test, not a method call per intent
        best_intent, best_score = ranked[0]
        guess = self.intent_ids[best_intent]
        # When "the article doesn't cover this" is as likely as the best answer, say so.
        doubtful = any(
            intent in out_of_scope and best_score - score < limits.margin
            for intent, score in ranked[: limits.max_alternatives]
        )
        if best_score < limits.min_score or doubtful:
            return Match(question, lang, None, best_score, True, guess=guess)
        close = [
            self.intent_ids[intent]
            for intent, score in ranked[: limits.max_alternatives]
            if best_score - score < limits.margin and intent not in out_of_scope
        ]
        alternatives = tuple(close) if len(close) > 1 else ()
        candidates = tuple(
            self.intent_ids[intent]
            for intent, score in ranked[:MAX_CANDIDATES]
            if score >= limits.min_score and intent not in out_of_scope
        )
        return Match(question, lang, guess, best_score, False, alternatives, guess, candidates)

    def unsupported_examples(self) -> list[tuple[str, Lang, int, str | None]]:
        """Leave-one-out: examples whose intent the others would not find without them.

        (intent, lang, index, what the engine answers instead). Many of them in one intent
        mean its examples do not yet cover the ways people ask.
        """
        result: list[tuple[str, Lang, int, str | None]] = []
        position = 0
        for intent_id, intent in self.knowledge.intents.items():
            for lang in LANGS:
                for index, example in enumerate(intent.examples[lang]):
                    scores = self._intent_scores(self.analyse(example).resolved, skip=position)
                    best = max(scores.items(), key=lambda item: item[1], default=None)
                    found = (
                        self.intent_ids[best[0]]
                        if best and best[1] >= self.thresholds.min_score
                        else None
                    )
                    if found != intent_id:
                        result.append((intent_id, lang, index, found))
                    position += 1
        return result

    def term_names(self) -> dict[int, str]:
        """Term id -> the term, for explanations (`ask --explain`); scoring never needs it."""
        return {term_id: term for term, term_id in self._vocab.items()}

    def mentions_off_topic(self, analysis: Analysis) -> bool:
        """Whether the question uses a word of the maintainers' off-topic list."""
        sequence = analysis.stems
        if self._off_topic_firsts.isdisjoint(sequence):
            return False
        return any(
            sequence[i : i + len(parts[0])] == parts[0]
            and all(_contains(sequence, part) for part in parts[1:])
            for i, term in enumerate(sequence)
            for parts in self._off_topic.get(term, ())
        )


class _OneEdit:
    """The known words one edit or swap (OSA distance 1) from a word, found by lookup: every
    word is filed under itself and each of its one-letter deletions, and two words one
    edit apart share such a key (a swap "ab"/"ba" loses the same letter). The candidates
    are checked with OSA; the scan with rapidfuzz it replaces took 57 µs a word."""

    def __init__(self, words: Iterable[str]) -> None:
        self._keys: dict[str, list[str]] = defaultdict(list)
        for word in words:
            for key in {word, *_deletions(word)}:
                self._keys[key].append(word)

    def near(self, word: str) -> list[tuple[str, int]]:
        """(known word, 0 or 1) for each known word at most one edit away, nearest first,
        then in alphabetical order (as a scan of the sorted list would give them)."""
        keys = self._keys
        found = {known for key in {word, *_deletions(word)} for known in keys.get(key, ())}
        hits = [(known, OSA.distance(word, known, score_cutoff=1)) for known in found]
        return sorted((hit for hit in hits if hit[1] <= 1), key=lambda hit: (hit[1], hit[0]))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _tenths(value: float) -> float:
    """round(value, 1), three times faster: Python's round converts the float through
    decimal digits; the floor of ten times it decides unless that is within an error of a
    half, where round does (so every score is the same)."""
    tens = value * 10
    whole = math.floor(tens)
    part = tens - whole
    if part < _NEAR_HALF[0]:
        return whole / 10
    if part > _NEAR_HALF[1]:
        return (whole + 1) / 10
    return round(value, 1)


def _of_lengths(words: list[str], shortest: int, longest: int) -> list[str]:
    """The words of a given range of lengths, in their order: a word one or two edits away
    (or within a fuzz.ratio of 80) differs from the question's by no more in length, so
    correcting a word needs to compare it with these only, with the same result."""
    return [word for word in words if shortest <= len(word) <= longest]


def _contains(sequence: Sequence[str], part: tuple[str, ...]) -> bool:
    """Whether the terms of `part` stand together, in order, somewhere in `sequence`."""
    size = len(part)
    return any(tuple(sequence[i : i + size]) == part for i in range(len(sequence) - size + 1))


def _phrases(knowledge: Knowledge, off_topic: bool = True) -> list[str]:
    """Every name and question form of the knowledge, so that typos in them are corrected."""
    phrases = [name for topic in knowledge.topics.values() for name in topic.names.all()]
    phrases += [name for person in knowledge.people.values() for name in person.names.all()]
    phrases += [form for aspect in knowledge.aspects.values() for form in aspect.forms.all()]
    cues = knowledge.time_cues
    for field in type(cues).model_fields:  # every cue list: "a ostatnie?" is no typo of "stanie"
        listed = getattr(cues, field)
        if isinstance(listed, Phrases):
            phrases += listed.all()
    # Off-topic words too: a word the maintainers list is never "corrected" into another.
    if not off_topic:
        return phrases
    return phrases + [word for words in knowledge.lexicon.off_topic.values() for word in words]

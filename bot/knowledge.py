"""The fact base: YAML files in knowledge/ -> frozen, validated models.

Loading fails fast with every problem at once, each as `file:line: field: what is wrong`,
so a maintainer who broke a file is told exactly where. Nothing here imports Telegram.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from rapidfuzz import fuzz

from bot.problems import KnowledgeError, Problem
from bot.textnorm import normalise
from bot.yamlsource import Located, field_name, load_located, read_utf8

Lang = Literal["pl", "en"]
LANGS: tuple[Lang, ...] = ("pl", "en")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]

ARTICLE_FILE = "article.pl.txt"
# Messages the bot fills in, and the blanks it fills.
_PLACEHOLDERS = {
    "not_reported": {"what", "topic"},
    "not_reported_topic": {"topic"},
    "not_reported_person": {"person", "topic"},
    "not_taking_part": {"person", "topic"},
    "not_reported_also": {"what"},
    "order_known": {"first", "then"},
    "order_no_date": {"topic"},
}
ASKED_FILE = "asked.yaml"
TESTS_FILE = "tests.yaml"
HELDOUT_FILE = "heldout.yaml"
SETTINGS_FILE = "settings.yaml"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(_Model):
    """The same text in both languages the bot speaks."""

    pl: Text
    en: Text

    def __getitem__(self, lang: Lang) -> str:
        return self.pl if lang == "pl" else self.en


class Fact(_Model):
    """One statement of the article, with the verbatim excerpts it rests on, and the
    questions it answers: its topic (or the person it describes) and aspects."""

    id: Ident
    topic: Ident | None = None
    # Other topics the article may mean by it, when it does not say which ("the six-hour
    # talks" follow the Istanbul paragraph): the fact answers their questions too.
    also: list[Ident] = []
    person: Ident | None = None
    aspects: list[Ident] = []
    pl: Text
    en: Text
    source: list[Text] = Field(min_length=1)

    def text(self, lang: Lang) -> str:
        return self.pl if lang == "pl" else self.en


class Phrases(_Model):
    """Ways of saying one thing, per language."""

    pl: list[Text] = []
    en: list[Text] = []

    def __getitem__(self, lang: Lang) -> list[str]:
        return self.pl if lang == "pl" else self.en

    def all(self) -> list[str]:
        return [*self.pl, *self.en]


class Person(_Model):
    """A person or institution the article names, described only as the article does;
    `names` are the other ways readers refer to them ("szef rosyjskiej dyplomacji")."""

    id: Ident
    name: Bilingual
    role: Bilingual | None = None
    names: Phrases = Phrases()


class Topic(_Model):
    """An event or statement the article reports, and the names readers give it."""

    id: Ident
    time: Literal["past", "future"] | None = None  # None: an ongoing stance, not an event
    title: Bilingual
    people: list[Ident] = []
    # Topics this one is made of: their facts answer its questions too ("the previous
    # meetings" are the Riyadh and the Istanbul meetings).
    includes: list[Ident] = []
    # The event this one came right after: "the talks after Riyadh" are in Istanbul.
    follows: Ident | None = None
    # Who spoke in it (default: everyone in `people`): "what did Rubio say" about the next
    # round is not answered by Lavrov's words, in which Rubio only appears.
    speakers: list[Ident] | None = None
    # Who the article reports taking part (default: everyone in `people`): Trump is in the
    # New York meeting's people (his call was relayed) but not among those who met.
    participants: list[Ident] | None = None
    names: Phrases

    @property
    def took_part(self) -> list[Ident]:
        """Who the article reports taking part: `participants`, else everyone in it."""
        return self.people if self.participants is None else self.participants


class Aspect(_Model):
    """What a reader may ask about a topic (when, where, who…), and how they ask it."""

    id: Ident
    label: Bilingual
    # One precise detail (a date, a number, names): when the article lacks it, answering
    # another aspect of the same question would pass for the answer, so it is partial.
    precise: bool = False
    forms: Phrases
    # An aspect that narrows another: when the question asks `narrows` ("kto był w
    # Stambule…") and has one of `cues` anywhere ("…ze strony amerykańskiej?"), it asks
    # this one (who represented the American side), whatever words stand between.
    narrows: Ident | None = None
    cues: Phrases = Phrases()


class TimeCues(_Model):
    past: Phrases
    future: Phrases
    # Verb forms, matched as typed: tense is in their ending, which stems and synonyms
    # take away ("spotkali" and "spotkanie" are one term, as are "met" and "meeting").
    past_verbs: Phrases = Phrases()
    future_verbs: Phrases = Phrases()
    after: Phrases = Phrases()  # "po", "after": with an event named, the one after it
    # Words that point at a person already talked about ("who's he?", "jak on się nazywa").
    pronouns: Phrases = Phrases()
    # Words that open a yes/no question ("czy", "did"): a person named in one is what it
    # asks about, even in a form that asks who ("Czy Putin brał udział…?").
    whether: Phrases = Phrases()
    # Words that point at the last two people talked about together ("where did the two
    # meet?", "gdzie obaj się spotkali?"): the event they share.
    pair: Phrases = Phrases()
    # Words that ask whether someone met someone or was there ("Czy Ławrow spotkał się w
    # Nowym Jorku także z Trumpem?"): one the event does not report taking part is not.
    meets: Phrases = Phrases()
    # Words that set what follows aside ("oprócz sankcji", "besides sanctions"): the word
    # after one is neither the event named nor what is asked.
    besides: Phrases = Phrases()
    # Words that date what follows ("przed rozmowami w Stambule", "before the Istanbul
    # talks"): the event named right after one is when, not what, the question is about.
    before: Phrases = Phrases()
    # Words that join two questions ("z kim … i na kiedy …"): no question form spans one
    # that comes right before the start of another.
    joins: Phrases = Phrases()
    # Words that join two questions each asked in its own right ("gdzie i kiedy", "who was
    # it, and what did he say…"): every part is answered.
    both: Phrases = Phrases()
    # Where reported speech starts (", że…", "that…"): its tense and question words are the
    # speaker's, not the reader's. A leading comma is part of the cue.
    reported: Phrases = Phrases()
    # Words that ask with whom ("z kim", "with whom"): the other party, not the person named.
    whom: Phrases = Phrases()
    # Words that open a relative clause about whom the one named in it dealt with
    # ("człowiek, z którym Ławrow uzgodnił…"): the question is about the other party.
    relative_whom: Phrases = Phrases()
    # Places in the plural, as typed ("w jakich miastach", "which cities"): asked of no
    # event, those of the one event made of several held in different places.
    places: Phrases = Phrases()
    # Words that ask which of the events named came first ("co było pierwsze", "before or
    # after"): the reply gives when each took place, and the order where the topics say it.
    order: Phrases = Phrases()
    # Ordinal words ("a pierwsza?", "and the second one?"): in a short follow-up on an
    # event that took place more than once, they pick one of its occurrences, not another
    # event.
    ordinals: Phrases = Phrases()
    # Tags that end a claim put as a question ("…w Stambule, prawda?", "…, isn't he?"): what
    # the claim is about is what it names first; the rest may be wrong.
    claims: Phrases = Phrases()
    # Words that offer two answers to choose from ("…o energetyce, czy tylko o wojnie?",
    # "…at the General Assembly or the Security Council?"): with one of the options in what
    # the article says of the event named, the question asks what it says of it.
    choice: Phrases = Phrases()


class Quote(_Model):
    """A verbatim Polish quote with its speaker, outlet and our English translation."""

    id: Ident
    topic: Ident | None = None
    aspects: list[Ident] = []
    speaker: Ident
    via: Bilingual | None = None
    pl: Text
    en: Text


class Examples(_Model):
    pl: list[Text]
    en: list[Text]

    def __getitem__(self, lang: Lang) -> list[str]:
        return self.pl if lang == "pl" else self.en


class Intent(_Model):
    """What a reader may want to know, how they ask it, and what answers it."""

    id: Ident
    # article: answered with facts and quotes; smalltalk: with `reply`;
    # out_of_scope: questions the article cannot answer, answered with the fallback.
    kind: Literal["article", "smalltalk", "out_of_scope"] = "article"
    # What the intent asks about. With an aspect, the answer is every fact tagged with that
    # topic and aspect (so `facts` stays empty); with a topic alone, `facts` lists them.
    topic: Ident | None = None
    aspect: Ident | None = None
    person: Ident | None = None
    title: Bilingual | None = None
    facts: list[Ident] = []
    quotes: list[Ident] = []
    related: list[Ident] = []
    reply: Bilingual | None = None
    examples: Examples


class Messages(_Model):
    """Everything the bot says that is not a fact."""

    fallback: Bilingual
    not_reported: Bilingual  # {what}, {topic}: the aspect's label and the topic's title
    not_reported_topic: Bilingual  # {topic}: the same when no aspect was recognised
    not_reported_person: Bilingual  # {person}, {topic}
    # {person}, {topic}: one the topic names (Trump's call, relayed) but not among those
    # the article reports taking part
    not_taking_part: Bilingual
    # {what}: the labels of what a two-part question asked that the article does not say
    not_reported_also: Bilingual
    order_known: Bilingual  # {first}, {then}: two events in the order the topics give
    order_unknown: Bilingual  # two events whose order only their dates tell
    order_no_date: Bilingual  # {topic}: an event compared that the article gives no date of
    fallback_topics: Bilingual
    did_you_mean: Bilingual
    translation_note: dict[Lang, str]
    related: Bilingual
    chat_intro: Bilingual
    chat_telegram_hint: Bilingual
    welcome: Bilingual
    help: Bilingual
    help_examples: dict[Lang, list[Text]]
    help_commands: Bilingual
    topics: Bilingual
    about: Bilingual
    lang_prompt: Bilingual
    lang_set: Bilingual
    non_text: Bilingual
    throttled: Bilingual
    error: Bilingual
    not_admin: Bilingual
    reload_ok: Bilingual
    reload_failed: Bilingual
    unknown_topic: Bilingual
    commands: dict[Ident, Bilingual]


class Lexicon(_Model):
    """Spelling variants and synonyms (variant -> canonical word) and function words."""

    aliases: dict[Text, list[Text]] = {}
    # Words whose inflected forms the stemmer cannot fold, too short to lose a suffix
    # (question words: "jaka", "jakim", "ilu"): each form, as typed, is read as its base
    # word, not stemmed further ("jakiej instytucji" is "jaka instytucja").
    inflections: dict[Text, list[Text]] = {}
    stopwords: dict[Lang, list[Text]] = {}
    # Words that put a question outside the article even when it names one of its topics
    # or people ("kim jest żona Trumpa?"): such a question gets an honest partial answer.
    off_topic: dict[Lang, list[Text]] = {}
    # Real words the knowledge does not use that the typo corrector would otherwise turn
    # into one it does ("kiedyś" into "kiedy", "putting" into "Putin", "serial" into
    # "seria"): each stays as typed, a word the article knows nothing of.
    words: dict[Lang, list[Text]] = {}


class Asked(_Model):
    """Questions readers asked (asked.yaml), under the plain question each one means: the
    bot answers them as it answers that one when they are nearest to a new question.

    `questions` is a block of text, one question a line: thousands of them load in a few
    milliseconds that way, and need no quoting."""

    means: Text
    questions: str = ""

    @property
    def listed(self) -> list[str]:
        """The questions, one a line, without blank lines."""
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class RegressionCase(_Model):
    """A maintainers' question with the intent it must map to, or None for "no answer".

    `known_miss` marks a row the bot gets wrong today, kept visible instead of deleted:
    `check` does not fail on it, and the tests expect it to fail (strictly)."""

    q: Text
    intent: Ident | None
    known_miss: bool = False


class ThresholdSettings(_Model):
    """The examples' engine thresholds (bot.matching.Thresholds): below `min_score` the bot
    says the article doesn't say; within `margin` of the best it asks "did you mean"."""

    min_score: float = Field(default=50.0, ge=0, le=100)
    margin: float = Field(default=4.0, ge=0, le=100)
    max_alternatives: int = Field(default=3, ge=2, le=10)


class GateSettings(_Model):
    """What `check` and reload demand of the regression questions in tests.yaml."""

    min_accuracy: float = Field(default=0.0, ge=0, le=1)


class Tuning(_Model):
    """knowledge/settings.yaml: optional; every value has a default."""

    thresholds: ThresholdSettings = ThresholdSettings()
    gate: GateSettings = GateSettings()


class _FactsFile(_Model):
    facts: list[Fact]


class _PeopleFile(_Model):
    people: list[Person]


class _QuotesFile(_Model):
    quotes: list[Quote]


class _TopicsFile(_Model):
    topics: list[Topic]


class _AspectsFile(_Model):
    aspects: list[Aspect]
    time: TimeCues


class _IntentsFile(_Model):
    intents: list[Intent]


class _MessagesFile(_Model):
    messages: Messages


class _AskedFile(_Model):
    asked: list[Asked]


class _CasesFile(_Model):
    tests: list[RegressionCase]


@dataclass(frozen=True)
class Knowledge:
    """Everything the engine and the replies need, validated and read-only."""

    article: str
    facts: Mapping[str, Fact]
    people: Mapping[str, Person]
    quotes: Mapping[str, Quote]
    intents: Mapping[str, Intent]
    messages: Messages
    lexicon: Lexicon
    topics: Mapping[str, Topic]
    aspects: Mapping[str, Aspect]
    time_cues: TimeCues
    # Where the intents came from, for errors the engine finds later (see `example_line`).
    intents_source: Located | None = None
    lexicon_source: Located | None = None  # aliases.yaml, the same way (`lexicon_line`)
    tuning: Tuning = field(default_factory=Tuning)
    asked: tuple[Asked, ...] = ()  # asked.yaml: optional

    def topics_of(self, fact: Fact) -> list[str]:
        """The topic a fact is tagged with, and every topic that includes it."""
        if fact.topic is None:
            return []
        own = [fact.topic, *fact.also]
        return own + [t.id for t in self.topics.values() if set(own) & set(t.includes)]

    def came_before(self, first: str, then: str) -> bool | None:
        """Whether the topics place event `first` before `then` (True), after it (False), or
        say nothing of their order (None): by `follows` (an event that follows a broader
        one follows its parts too) and by past against future. Dates are the reader's to
        compare: the article gives no years."""
        if self._leads_to(first, then):
            return True
        if self._leads_to(then, first):
            return False
        times = (self.topics[first].time, self.topics[then].time)
        if times in (("past", "future"), ("future", "past")):
            return times[0] == "past"
        return None

    def _leads_to(self, first: str, then: str) -> bool:
        seen = {then}
        step = self.topics[then].follows
        while step is not None and step not in seen:
            if step == first or first in self.topics[step].includes:
                return True
            seen.add(step)
            step = self.topics[step].follows
        return False

    def facts_answering(self, topic: str, aspect: str | None = None) -> list[str]:
        """The facts of a topic (answering `aspect`, when given), in file order."""
        return list(self.answering.get((topic, aspect), ()))

    def own_facts(self, topic: str, aspect: str) -> list[Fact]:
        """The facts tagged with a topic itself that answer an aspect (not through `also`
        or `includes`): what the event itself reports, not what was said there of another."""
        return [
            self.facts[f]
            for f in self.answering.get((topic, aspect), ())
            if self.facts[f].topic == topic
        ]

    @cached_property
    def answering(self) -> dict[tuple[str, str | None], tuple[str, ...]]:
        """(topic, aspect or None) -> facts, built once: replies ask on every answer."""
        index: dict[tuple[str, str | None], list[str]] = {}
        for fact in self.facts.values():
            for topic in self.topics_of(fact):
                for aspect in (None, *fact.aspects):
                    index.setdefault((topic, aspect), []).append(fact.id)
        return {key: tuple(ids) for key, ids in index.items()}

    def example_line(self, intent_id: str, lang: Lang, index: int) -> tuple[str, int]:
        """The file and line of one example, found by parsing intents.yaml again."""
        if self.intents_source is None:
            return "intents.yaml", 0
        position = list(self.intents).index(intent_id)
        path = ("intents", position, "examples", lang, index)
        return self.intents_source.file, self.intents_source.line_of(path)

    def lexicon_line(self, *path: str | int) -> tuple[str, int]:
        """The file and line of one value of aliases.yaml ("words", "pl", 3)."""
        if self.lexicon_source is None:
            return "aliases.yaml", 0
        return self.lexicon_source.file, self.lexicon_source.line_of(path)


@dataclass(frozen=True)
class LocatedCase:
    case: RegressionCase
    file: str
    line: int


_M = TypeVar("_M", bound=BaseModel)


def _parse(located: Located, model: type[_M], problems: list[Problem]) -> _M | None:
    if located.data is None:
        first = next(iter(model.model_fields))
        message = f"the file is empty: it should start with `{first}:`"
        problems.append(Problem(located.file, 1, "", message))
        return None
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(located.problem(tuple(error["loc"]), _describe(error)))
        return None


def _describe(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown field (a typo?)"
    if kind == "missing":
        return "required field is missing"
    if kind == "string_pattern_mismatch":
        return "an id must be lower_snake_case"
    if kind == "string_type" and isinstance(error.get("input"), bool):
        return "expected text, got true/false: put yes/no/on/off in quotes"
    if kind == "string_type" and isinstance(error.get("input"), dict):
        return 'expected text, got "key: value": put text containing ": " in quotes'
    if kind == "string_type" and isinstance(error.get("input"), list) and error["loc"]:
        if error["loc"][-1] == "questions":  # asked.yaml
            return "expected a block of text: `questions: |`, then one question a line"
        return "expected text, got a list"
    return str(error["msg"])


def _load_file(
    directory: Path, name: str, model: type[_M], problems: list[Problem]
) -> tuple[_M | None, Located | None]:
    try:
        located = load_located(directory / name)
    except KnowledgeError as exc:
        problems.extend(exc.problems)
        return None, None
    return _parse(located, model, problems), located


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def load_knowledge(directory: Path) -> Knowledge:
    """Read and validate knowledge/; raise KnowledgeError listing every problem found."""
    problems: list[Problem] = []
    article = read_utf8(directory / ARTICLE_FILE, ARTICLE_FILE)
    facts, facts_at = _load_file(directory, "facts.yaml", _FactsFile, problems)
    people, people_at = _load_file(directory, "people.yaml", _PeopleFile, problems)
    quotes, quotes_at = _load_file(directory, "quotes.yaml", _QuotesFile, problems)
    intents, intents_at = _load_file(directory, "intents.yaml", _IntentsFile, problems)
    messages, messages_at = _load_file(directory, "messages.yaml", _MessagesFile, problems)
    lexicon, lexicon_at = _load_file(directory, "aliases.yaml", Lexicon, problems)
    topics, topics_at = _load_file(directory, "topics.yaml", _TopicsFile, problems)
    aspects, aspects_at = _load_file(directory, "aspects.yaml", _AspectsFile, problems)
    tuning: Tuning | None = Tuning()
    if (directory / SETTINGS_FILE).exists():
        tuning, _ = _load_file(directory, SETTINGS_FILE, Tuning, problems)
    asked: _AskedFile | None = _AskedFile(asked=[])
    if (directory / ASKED_FILE).exists():
        asked, asked_at = _load_file(directory, ASKED_FILE, _AskedFile, problems)
        if asked is not None and asked_at is not None:
            _check_asked(asked_at, asked.asked, problems)
    if problems:
        raise KnowledgeError(problems)
    assert facts and people and quotes and intents and messages and lexicon  # noqa: S101
    assert facts_at and people_at and quotes_at and intents_at and lexicon_at  # noqa: S101
    assert topics and aspects and topics_at and aspects_at and tuning and asked  # noqa: S101

    checker = _Checker(_squash(article), problems)
    fact_map = checker.unique(facts_at, "facts", facts.facts)
    people_map = checker.unique(people_at, "people", people.people)
    quote_map = checker.unique(quotes_at, "quotes", quotes.quotes)
    intent_map = checker.unique(intents_at, "intents", intents.intents)
    topic_map = checker.unique(topics_at, "topics", topics.topics)
    aspect_map = checker.unique(aspects_at, "aspects", aspects.aspects)
    tags = _Tags(topic_map, aspect_map, people_map)
    checker.check_facts(facts_at, facts.facts, tags)
    checker.check_quotes(quotes_at, quotes.quotes, people_map, tags)
    checker.check_intents(intents_at, intents.intents, fact_map, quote_map, intent_map, tags)
    checker.check_topics(topics_at, topics.topics, people_map, facts.facts)
    checker.check_aspects(aspects_at, aspects.aspects)
    assert messages_at is not None  # noqa: S101 - loaded without problems above
    checker.check_placeholders(messages_at, messages.messages)
    checker.check_lexicon(lexicon_at, lexicon)
    if problems:
        raise KnowledgeError(problems)

    return Knowledge(
        article=article,
        facts=MappingProxyType(fact_map),
        people=MappingProxyType(people_map),
        quotes=MappingProxyType(quote_map),
        intents=MappingProxyType(intent_map),
        messages=messages.messages,
        lexicon=lexicon,
        topics=MappingProxyType(topic_map),
        aspects=MappingProxyType(aspect_map),
        time_cues=aspects.time,
        intents_source=intents_at.without_data(),
        lexicon_source=lexicon_at.without_data(),
        tuning=tuning,
        asked=tuple(asked.asked),
    )


def load_cases(path: Path, knowledge: Knowledge) -> list[LocatedCase]:
    """Read a regression-question file and check that every expected intent exists."""
    problems: list[Problem] = []
    located = load_located(path)
    parsed = _parse(located, _CasesFile, problems)
    if parsed is None:
        raise KnowledgeError(problems)
    examples = {
        normalise(example): intent.id
        for intent in knowledge.intents.values()
        for lang in LANGS
        for example in intent.examples[lang]
    }
    cases: list[LocatedCase] = []
    for index, case in enumerate(parsed.tests):
        at = ("tests", index)
        if case.intent is not None and case.intent not in knowledge.intents:
            known = did_you_mean(case.intent, knowledge.intents)
            problems.append(located.problem((*at, "intent"), f"no intent '{case.intent}'{known}"))
        twin = examples.get(normalise(case.q))
        if twin is not None:
            message = f"the same text is an example of '{twin}', so this question tests nothing"
            problems.append(located.problem((*at, "q"), message))
        cases.append(LocatedCase(case, located.file, located.line_of(at)))
    if problems:
        raise KnowledgeError(problems)
    return cases


class _Checker:
    """Cross-file rules that a schema cannot express: ids, references, provenance."""

    def __init__(self, article: str, problems: list[Problem]) -> None:
        self.article = article
        self.problems = problems

    _Item = TypeVar("_Item", Fact, Person, Quote, Intent, Topic, Aspect)

    def unique(self, at: Located, key: str, items: list[_Item]) -> dict[str, _Item]:
        seen: dict[str, _Checker._Item] = {}
        for index, item in enumerate(items):
            if item.id in seen:
                self.problems.append(at.problem((key, index, "id"), f"duplicate id '{item.id}'"))
            else:
                seen[item.id] = item
        return seen

    def verbatim(self, at: Located, path: tuple[str | int, ...], text: str, what: str) -> None:
        squashed = _squash(text)
        if squashed not in self.article:
            message = (
                f"{what} is not verbatim in {ARTICLE_FILE}: {_mismatch(squashed, self.article)}"
            )
            self.problems.append(at.problem(path, message))

    def check_facts(self, at: Located, facts: list[Fact], tags: _Tags) -> None:
        for index, fact in enumerate(facts):
            for number, excerpt in enumerate(fact.source):
                self.verbatim(at, ("facts", index, "source", number), excerpt, "source excerpt")
            self.check_tags(at, ("facts", index), fact, tags)
            if fact.topic is not None and fact.person is not None:
                message = "a fact is about a topic or describes a person, not both"
                self.problems.append(at.problem(("facts", index, "person"), message))

    def check_tags(
        self, at: Located, here: tuple[str | int, ...], item: Fact | Quote | Intent, tags: _Tags
    ) -> None:
        """Every topic, aspect and person a fact, quote or intent names must exist."""
        refs: list[tuple[str, int | None, str | None]] = [("topic", None, item.topic)]
        if isinstance(item, Fact):
            refs += [("also", number, topic) for number, topic in enumerate(item.also)]
        if isinstance(item, Fact | Intent):
            refs.append(("person", None, item.person))
        if isinstance(item, Intent):
            refs.append(("aspect", None, item.aspect))
        else:
            refs += [("aspects", number, aspect) for number, aspect in enumerate(item.aspects)]
        for key, number, ref in refs:
            if ref is None:
                continue
            pool, what, file = tags.pool(key)
            if ref not in pool:
                path = (*here, key) if number is None else (*here, key, number)
                message = f"no {what} '{ref}' in {file}{did_you_mean(ref, pool)}"
                self.problems.append(at.problem(path, message))

    def check_topics(
        self,
        at: Located,
        topics: list[Topic],
        people: Mapping[str, Person],
        facts: list[Fact],
    ) -> None:
        ids = {topic.id for topic in topics}
        reported = {fact.topic for fact in facts} | {t for fact in facts for t in fact.also}
        for index, topic in enumerate(topics):
            if topic.id not in reported:
                message = "no fact has this topic: tag at least one fact with it"
                self.problems.append(at.problem(("topics", index, "id"), message))
            if topic.follows is not None and topic.follows not in ids:
                where_: tuple[str | int, ...] = ("topics", index, "follows")
                message = f"no topic '{topic.follows}'{did_you_mean(topic.follows, ids)}"
                self.problems.append(at.problem(where_, message))
            for number, part in enumerate(topic.includes):
                if part not in ids or part == topic.id:
                    message = (
                        f"no topic '{part}'{did_you_mean(part, ids)}"
                        if part != topic.id
                        else "includes itself"
                    )
                    where: tuple[str | int, ...] = ("topics", index, "includes", number)
                    self.problems.append(at.problem(where, message))
            for key in ("speakers", "participants"):
                for number, person in enumerate(getattr(topic, key) or []):
                    if person not in topic.people:
                        where_ = ("topics", index, key, number)
                        verb = "speaks" if key == "speakers" else "takes part"
                        message = f"'{person}' {verb} in it, so list them in `people` too"
                        self.problems.append(at.problem(where_, message))
            for number, person in enumerate(topic.people):
                if person not in people:
                    where = ("topics", index, "people", number)
                    message = f"no person '{person}' in people.yaml{did_you_mean(person, people)}"
                    self.problems.append(at.problem(where, message))
            if not topic.names.pl or not topic.names.en:
                where = ("topics", index, "names")
                self.problems.append(at.problem(where, "a topic needs names in pl and en"))

    def check_aspects(self, at: Located, aspects: list[Aspect]) -> None:
        """An aspect that narrows another names one that exists, and has cues to do it."""
        ids = {aspect.id for aspect in aspects}
        for index, aspect in enumerate(aspects):
            narrowed = aspect.narrows
            if narrowed is not None and (narrowed not in ids or narrowed == aspect.id):
                message = (
                    "narrows itself"
                    if narrowed == aspect.id
                    else f"no aspect '{narrowed}'{did_you_mean(narrowed, ids)}"
                )
                self.problems.append(at.problem(("aspects", index, "narrows"), message))
            if (narrowed is None) != (not aspect.cues.all()):
                message = "`narrows` and `cues` go together: the cues say when it narrows"
                self.problems.append(at.problem(("aspects", index, "narrows"), message))

    def check_placeholders(self, at: Located, messages: Messages) -> None:
        """A message filled in at run time must name exactly the blanks the code fills,
        or every partial answer would fail at the first reader's question."""
        for key, blanks in _PLACEHOLDERS.items():
            text: Bilingual = getattr(messages, key)
            for lang in LANGS:
                found = set(re.findall(r"{(\w*)}", text[lang]))
                if found != blanks:
                    want = ", ".join(f"{{{blank}}}" for blank in sorted(blanks))
                    message = f"must use exactly the blanks {want}"
                    self.problems.append(at.problem(("messages", key, lang), message))

    def check_quotes(
        self, at: Located, quotes: list[Quote], people: Mapping[str, Person], tags: _Tags
    ) -> None:
        for index, quote in enumerate(quotes):
            self.verbatim(at, ("quotes", index, "pl"), quote.pl, "the quote")
            self.check_tags(at, ("quotes", index), quote, tags)
            if quote.speaker not in people:
                path = ("quotes", index, "speaker")
                known = did_you_mean(quote.speaker, people)
                message = f"no person '{quote.speaker}' in people.yaml{known}"
                self.problems.append(at.problem(path, message))

    def check_intents(
        self,
        at: Located,
        intents: list[Intent],
        facts: Mapping[str, Fact],
        quotes: Mapping[str, Quote],
        all_intents: Mapping[str, Intent],
        tags: _Tags,
    ) -> None:
        first_seen: dict[str, tuple[str, Lang]] = {}
        for index, intent in enumerate(intents):
            here = ("intents", index)
            self._check_shape(at, here, intent)
            self.check_tags(at, here, intent, tags)
            for key, pool, what in (
                ("facts", facts, "fact"),
                ("quotes", quotes, "quote"),
                ("related", all_intents, "intent"),
            ):
                for number, ref in enumerate(getattr(intent, key)):
                    if ref not in pool or (key == "related" and ref == intent.id):
                        problem = (
                            f"no {what} '{ref}'{did_you_mean(ref, pool)}"
                            if ref != intent.id
                            else "refers to itself"
                        )
                        self.problems.append(at.problem((*here, key, number), problem))
            for lang, number, example in _examples(intent):
                path = (*here, "examples", lang, number)
                key = normalise(example)
                if not key:
                    self.problems.append(at.problem(path, "an example with no words"))
                elif _MERGED_ITEM.search(example):
                    message = (
                        f'"{example}" holds " - ": two examples merged into one; indent'
                        " the second `- ` like its siblings"
                    )
                    self.problems.append(at.problem(path, message))
                elif key in first_seen and first_seen[key][0] != intent.id:
                    other = first_seen[key][0]
                    message = f"the same example is also under intent '{other}'"
                    self.problems.append(at.problem(path, message))
                elif key in first_seen and first_seen[key][1] == lang:
                    self.problems.append(at.problem(path, "this example is repeated"))
                elif key not in first_seen:
                    first_seen[key] = (intent.id, lang)

    def _check_shape(self, at: Located, here: tuple[str | int, ...], intent: Intent) -> None:
        for lang in LANGS:
            if not intent.examples[lang]:
                self.problems.append(at.problem((*here, "examples", lang), "empty example list"))
        if intent.kind == "smalltalk":
            if intent.reply is None:
                self.problems.append(at.problem(here, "a smalltalk intent needs a reply"))
            return
        if intent.kind == "out_of_scope":
            for key in ("title", "reply", "facts", "quotes", "related"):
                if getattr(intent, key):
                    message = "an out_of_scope intent answers with the fallback only"
                    self.problems.append(at.problem((*here, key), message))
            return
        if intent.reply is not None:
            self.problems.append(at.problem((*here, "reply"), "only smalltalk intents reply"))
        if intent.title is None:
            self.problems.append(at.problem(here, "an article intent needs a title"))
        if intent.aspect is not None:
            if intent.topic is None and intent.person is None:
                message = "an intent with an aspect needs the topic or person it asks about"
                self.problems.append(at.problem((*here, "aspect"), message))
            for key in ("facts", "quotes"):
                if getattr(intent, key):
                    message = f"with an aspect, the {key} are those tagged with it: remove this"
                    self.problems.append(at.problem((*here, key), message))
        elif not intent.facts and not intent.quotes:
            self.problems.append(at.problem(here, "an article intent needs facts or quotes"))

    def check_lexicon(self, at: Located, lexicon: Lexicon) -> None:
        owner: dict[str, str] = {}
        for canonical, variants in lexicon.aliases.items():
            for number, variant in enumerate(variants):
                key = normalise(variant)
                if key in owner and owner[key] != canonical:
                    message = f"'{variant}' is already an alias of '{owner[key]}'"
                    self.problems.append(at.problem(("aliases", canonical, number), message))
                owner[key] = canonical
        base_of = {normalise(base): base for base in lexicon.inflections}
        for base, forms in lexicon.inflections.items():
            for number, form in enumerate(forms):
                key = normalise(form)
                if len(key.split()) != 1:
                    message = f"'{form}' is not one word"
                elif base_of.setdefault(key, base) != base:
                    message = f"'{form}' is already a form of '{base_of[key]}'"
                else:
                    continue
                self.problems.append(at.problem(("inflections", base, number), message))
        listed = {
            normalise(word): kind
            for kind, lists in (
                ("a function word", lexicon.stopwords),
                ("off topic", lexicon.off_topic),
            )
            for words in lists.values()
            for word in words
        } | {normalise(word): "an alias" for word in (*lexicon.aliases, *owner)}
        for lang, words in lexicon.words.items():
            for number, word in enumerate(words):
                key = normalise(word)
                if len(key.split()) != 1:
                    message = f"'{word}' is not one word"
                elif key in listed:
                    message = f"'{word}' is already {listed[key]}: listing it here changes nothing"
                else:
                    continue
                self.problems.append(at.problem(("words", lang, number), message))


def _check_asked(at: Located, groups: list[Asked], problems: list[Problem]) -> None:
    """A reader's question listed twice, or under two meanings: one of them is a slip."""

    def key(text: str) -> str:
        return " ".join(text.casefold().split())  # thousands of them: no folding, no stems

    meanings: dict[str, int] = {}
    for number, group in enumerate(groups):
        if key(group.means) in meanings:
            message = "this meaning is given above too: merge the two groups"
            problems.append(at.problem(("asked", number, "means"), message))
        meanings.setdefault(key(group.means), number)
    seen: dict[str, str] = {}
    for number, group in enumerate(groups):
        block = ("asked", number, "questions")
        means = key(group.means)
        for offset, line in enumerate(group.questions.splitlines(), start=1):
            question = key(line)
            if not question:
                continue
            if question == means:
                message = "the same as the question it means: drop it"
            elif question in meanings:
                other = groups[meanings[question]].means
                message = f"'{other}' is a meaning of its own: drop it here, or merge the groups"
            elif question in seen:
                earlier = seen[question]
                also = "again" if earlier == group.means else f"also under '{earlier}'"
                message = f"listed {also}: keep it once, under what it means"
            else:
                seen[question] = group.means
                continue
            # the block's text starts on the line after `questions: |`
            line_number = at.line_of(block) + offset
            problems.append(Problem(at.file, line_number, field_name(block), message))


@dataclass(frozen=True)
class _Tags:
    topics: Mapping[str, Topic]
    aspects: Mapping[str, Aspect]
    people: Mapping[str, Person]

    def pool(self, key: str) -> tuple[Mapping[str, object], str, str]:
        if key in ("topic", "also"):
            return self.topics, "topic", "topics.yaml"
        if key == "person":
            return self.people, "person", "people.yaml"
        return self.aspects, "aspect", "aspects.yaml"


# A list item indented too far continues the previous example: "kiedy runda? - kiedy tura?"
_MERGED_ITEM = re.compile(r"\s-\s")


def did_you_mean(ref: str, known: Iterable[str]) -> str:
    """`: did you mean 'riyadh'?` for a misspelt id, or nothing when no id is close."""
    close = difflib.get_close_matches(ref, list(known), n=1, cutoff=0.6)
    return f": did you mean '{close[0]}'?" if close else ""


def _char(char: str) -> str:
    return f"'{char}' (U+{ord(char):04X})"


def _mismatch(text: str, article: str) -> str:
    """Where a would-be excerpt leaves the article: the first differing character and the
    closest passage (curly quotes against straight ones are invisible otherwise)."""
    low, high = 0, len(text)
    while low < high:  # the longest prefix of `text` that the article contains
        middle = (low + high + 1) // 2
        if text[:middle] in article:
            low = middle
        else:
            high = middle - 1
    if low < min(12, len(text)):
        alignment = fuzz.partial_ratio_alignment(text, article)
        start = alignment.dest_start if alignment is not None else 0
        passage = article[start : start + len(text)]
        pairs = enumerate(zip(text, passage, strict=False))
        low = next((i for i, (a, b) in pairs if a != b), min(len(text), len(passage)))
    else:
        start = article.find(text[:low])
        passage = article[start : start + len(text)]
    ours = _char(text[low]) if low < len(text) else "the end"
    theirs = _char(passage[low]) if low < len(passage) else "the end"
    return f'character {low + 1} is {ours} where the closest passage has {theirs}: "{passage}"'


def _examples(intent: Intent) -> Iterator[tuple[Lang, int, str]]:
    for lang in LANGS:
        for number, example in enumerate(intent.examples[lang]):
            yield lang, number, example

"""Question -> what it asks: the topic, the aspect (when, where, who…) and the person.

Examples (bot.matching) recognise the phrasings maintainers foresaw. This module reads a
question the way a person does instead (bot.reading finds what it names): which event of
the article it is about, which detail it wants and whom it names. That answers questions
that share no phrasing with any example, and it knows when the article does *not* report
what was asked, so the reply can say so instead of offering a nearby fact. A
conversation's context fills in what an elliptical follow-up leaves out.

Pure and synchronous, no Telegram import. How the readings combine:
1. A topic and an aspect: the facts tagged with both, or an honest partial answer ("the
   article doesn't say", then what it does say). A person the article does not report in
   the topic is never given its facts; a precise aspect the article lacks (the exact date,
   how many, names) is never answered with another aspect of the same question. A
   question of two or three parts ("gdzie i kiedy…?") gets each part answered in turn.
2. A topic alone: the examples' answer, or the topic's overview.
3. No topic: the conversation's topic for a follow-up (unless its tense or person says
   otherwise), the event that came next for "a kolejne?", the one event several named
   people share (or the last two talked about: "where did the two meet?"), the event a
   person spoke at for what they said; else the examples.
4. Nothing recognised: the examples' verdict. An off-topic word makes any answer partial.
A long message is read by its question sentences; the others are its context.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from bot.asked import MIN_WORDS, AskedIndex, vote
from bot.asked import words as asked_words
from bot.knowledge import Knowledge, Lang
from bot.matching import Analysis, Engine, Match
from bot.reading import Reader, Reading, Time
from bot.textnorm import fold, folded_tokens, tokens

# "U.S." and "U.N." end no sentence: a single letter before the stop
_SENTENCE_END = re.compile(r"(?<=[.!?…;])(?<![\s.][^\W\d_]\.)(?<!^[^\W\d_]\.)\s+")
_LETTER = re.compile(r"[^\W\d_]")
_PREAMBLE = re.compile(r"\s*:\s+")  # "…for my notes: when…?"
_PREAMBLE_WORDS = 5  # a shorter lead ("Rijad: kiedy?") is part of the question
_REQUEST_WORDS = 8  # "Możecie mi przypomnieć?": a longer question that names nothing asks its own
# Aspects of what someone said; a person named with them points to where they spoke.
_SAYING = frozenset({"about", "speaker", "via", "details"})
# Aspects that ask who: a person named in such a question is not its subject.
_WHO = frozenset({"who", "speaker", "names", "via"})
_WITH = frozenset({"who", "speaker"})  # "z kim…", "with whom…": the other party
# Parts of a question that make a "where" the event lacks ask where it was said.
_SAID = _SAYING | {"occasion"}
_PLACE = frozenset({"where", "place_detail"})  # where, and where exactly
# What someone said, asked of an event they did not speak at, is what they said where they
# spoke ("a co mówił Rubio?", "jaki cel rozmów wskazywał rzecznik Kremla?").
_SAID_ELSEWHERE = _SAYING | {"why"}
# Aspects that ask when, more exactly than `when` ("which day was that?" "and the date?").
_WHEN = frozenset({"day", "hour", "date"})
_DATING = _WHEN | {"when"}  # the aspects that ask when
# Aspects that ask who someone is, by name or by office.
_IDENTITY = frozenset({"names", "role"})
# A question the examples score below this, naming no event nor person, with at least this
# many words the bot does not know, is not about the article, whatever question form it has.
_STRANGER_SCORE = 20.0
_STRANGER_WORDS = 4
# Naming no event and no tense, a question with this many words the bot does not know is
# not taken to ask of the event to come ("Kiedy przypada Wielkanoc w przyszłym roku?").
_UNKNOWN_WORDS = 3


def _split(item: str, topic: str | None) -> tuple[str | None, str]:
    """A part asked, "aspect" (of the question's topic) or "topic.aspect", as a pair."""
    event, _, aspect = item.rpartition(".")
    return (event or topic, aspect)


def _joined(parts: list[tuple[str, str]], topic: str) -> tuple[str, ...]:
    """Parts as `Match` keeps them: the aspect, or "topic.aspect" of another event."""
    return tuple(aspect if event == topic else f"{event}.{aspect}" for event, aspect in parts)


# Everything a reply is made from, not how the question was worded or scored.
_VERDICT_FIELDS = tuple(
    f.name
    for f in dataclasses.fields(Match)
    if f.name not in {"question", "lang", "score", "guess", "candidates", "meant"}
)


def verdict(match: Match) -> tuple[object, ...]:
    """What a reply says, whatever the question's wording: two questions with one verdict
    get the same reply (in the reader's language)."""
    return tuple(getattr(match, name) for name in _VERDICT_FIELDS)


def _about(base: Match, topic: str | None, aspect: str | None, person: str | None) -> Match:
    """`dataclasses.replace(base, topic=topic, aspect=aspect, person=person)` for the most
    common last step of an answer (`_with_topic`): a copy of the fields with three changed,
    without replace's walk over Match's fields and its keyword call (2.9 -> 0.5 µs)."""
    match = object.__new__(Match)  # frozen: fields are set as replace's __init__ would
    match.__dict__.update(base.__dict__, topic=topic, aspect=aspect, person=person)
    return match


def _same_time(asked: Time | None, topic: Time | None) -> bool:
    """Whether a question's tense allows a topic: either may be unknown or timeless."""
    return asked is None or topic is None or asked == topic


_ELLIPTICAL_WORDS = 6  # a follow-up this short may lean on the context for its event


@dataclass(frozen=True)
class Context:
    """What a conversation was about, as far as a follow-up may rely on it."""

    topic: str | None = None
    person: str | None = None
    aspect: str | None = None
    other: str | None = None  # the person talked about before `person` ("and Lavrov?")


class Understanding:
    """Reads questions against one Knowledge; immutable once built, safe to share."""

    def __init__(self, knowledge: Knowledge, engine: Engine) -> None:
        self.knowledge = knowledge
        self.engine = engine
        self.reader = Reader(knowledge, engine)
        # (topic, aspect) -> the facts that answer it, in file order: the knowledge's own
        # index, which the replies use too.
        self.tagged = knowledge.answering
        # Aspects that ask for one precise detail (aspects.yaml `precise`)
        self._precise = {a.id for a in knowledge.aspects.values() if a.precise}
        # Aspects only people have ("role"): a question asking them is about the person.
        self._person_aspects = {
            a for f in knowledge.facts.values() if f.person is not None for a in f.aspects
        } - {a for f in knowledge.facts.values() if f.topic is not None for a in f.aspects}
        # The words of each topic's facts, to tell which of several a question is closest to.
        self._vocabulary: dict[str, frozenset[str]] = {
            topic: frozenset().union(
                *(
                    engine.phrase_terms(f"{fact.pl} {fact.en}")
                    for fact in knowledge.facts.values()
                    if topic in knowledge.topics_of(fact)
                )
            )
            for topic in knowledge.topics
        }
        # The words of each person's name, which name no event of theirs.
        self._naming: dict[str, frozenset[str]] = {
            p.id: engine.phrase_terms(f"{p.name.pl} {p.name.en}") for p in knowledge.people.values()
        }
        self._whom = frozenset(
            engine.sequence(
                [
                    w
                    for cue in knowledge.time_cues.whom.all()
                    if " " not in cue
                    for w in cue.split()
                ],
                correct=False,
            )
        )
        # "who did … agree … with", "who agreed with": the words in order, one to six words
        # for each "…"
        self._whom_phrases = [
            re.compile(
                r"\b"
                + r"(?:\s+\S+){1,6}\s+".join(
                    r"\s+".join(re.escape(w) for w in tokens(part)) for part in cue.split("…")
                )
                + r"\b"
            )
            for cue in knowledge.time_cues.whom.all()
            if " " in cue
        ]
        self._places = frozenset(fold(w) for w in knowledge.time_cues.places.all())
        self._name_terms = {
            t.id: frozenset().union(*(engine.phrase_terms(n) for n in t.names.all()))
            - engine.function_terms
            for t in knowledge.topics.values()
        }
        # Readers' questions (asked.yaml) and the plain questions they mean; the index is
        # built when the first long question the reading declines needs it, not at start-up.
        self._means = [group.means for group in knowledge.asked]
        self._asked: AskedIndex | None = None
        self._meant_cache: dict[int, Match] = {}
        self._declared: dict[tuple[str | None, str | None, str | None], str] = {}
        for intent in knowledge.intents.values():
            key = (intent.topic, intent.aspect, intent.person)
            self._declared.setdefault(key, intent.id)

    # -- deciding --------------------------------------------------------------------------

    def understand(
        self, question: str, context: Context | None = None, lang_hint: str | None = None
    ) -> Match:
        """The verdict on a question, in the context of its conversation (if any). A long
        question the reading cannot answer is answered as the readers' questions nearest to
        it are, when enough of them agree (bot.asked)."""
        analysis, own = self._understood(question, context, lang_hint)
        # Taking back an answer the reading gave lost more than it won on the blind sets:
        # only a question it declined is put to the vote.
        if not own.declined or not self._means:
            return own
        if len(analysis.words) < MIN_WORDS:
            return own
        nearest = self._asked_index().nearest(asked_words(analysis.folded))
        meant = {n.means: self._meant(n.means) for n in nearest}
        verdicts = {index: verdict(match) for index, match in meant.items()}
        own_verdict = verdict(own)
        ballots = [(n.similarity, verdicts[n.means], not meant[n.means].declined) for n in nearest]
        chosen = vote(own_verdict, ballots)
        if chosen == own_verdict:
            return own
        if context is not None and verdict(self._understood(question, None, lang_hint)[1]) != (
            own_verdict
        ):
            return own  # a follow-up read in its conversation: its neighbours stand alone
        index = next(index for index, found in verdicts.items() if found == chosen)
        return dataclasses.replace(
            meant[index], question=question, lang=own.lang, meant=self._means[index]
        )

    def _stranger(
        self, analysis: Analysis, reading: Reading, base: Match, context: Context | None
    ) -> bool:
        """A question that names no event nor person, nor follows one, that the examples
        barely match and that has several words the bot does not know: not the article's."""
        return (
            not reading.topics
            and not reading.people
            and (context is None or context.topic is None)
            and base.score < _STRANGER_SCORE
            and sum(term_id is None for term_id, _, _ in analysis.resolved) >= _STRANGER_WORDS
        )

    def _asked_index(self) -> AskedIndex:
        if self._asked is None:  # two threads may both build it: the same index either way
            listed = [
                (n, q) for n, g in enumerate(self.knowledge.asked) for q in (g.means, *g.listed)
            ]
            self._asked = AskedIndex([q for _, q in listed], [n for n, _ in listed])
        return self._asked

    def _meant(self, index: int) -> Match:
        """The reading of the plain question that readers' questions mean, computed once."""
        found = self._meant_cache.get(index)
        if found is None:
            found = self._understood(self._means[index], None, None)[1]
            self._meant_cache[index] = found
        return found

    def _understood(
        self, question: str, context: Context | None, lang_hint: str | None
    ) -> tuple[Analysis, Match]:
        """The reading's verdict on a question, by the topics, aspects and examples alone."""
        analysis, reading, base = self._focus(question, lang_hint)
        narrowed = self.reader.narrowed(reading, analysis)
        if narrowed is not reading and not self._with_whom(analysis):
            reading = narrowed  # ("z kim po stronie amerykańskiej?" still asks with whom)
        match = self._decide(analysis, reading, base, context)
        if not match.declined and self._stranger(analysis, reading, base, context):
            # "How do I get a French omelette to turn out soft and creamy?": a question form
            # ("turn out") is all it shares with the article
            match = dataclasses.replace(
                base, intent=None, fallback=True, alternatives=(), topic=None, aspect=None
            )
        if reading.asks:  # "gdzie i kiedy…?": each part of the question
            match = self._each(match, reading, analysis)
        if not match.fallback and self._off_topic(analysis):
            # "is Trump going to visit Moscow?": whatever else it names, it asks what the
            # article does not cover.
            if match.topic is None and match.person is None:
                match = dataclasses.replace(match, intent=None, fallback=True, alternatives=())
            else:
                match = self._partial(match, match.topic, match.aspect, match.person)
        return analysis, match

    def _decide(
        self, analysis: Analysis, reading: Reading, base: Match, context: Context | None
    ) -> Match:
        if reading.compared:  # "co było pierwsze: Rijad czy Stambuł?"
            return self._chronology(base, reading.topics)
        if (
            reading.aspects[:1] == ("order",)
            and len(reading.topics) == 1
            and context is not None
            and (talked := context.topic) is not None
            and talked != reading.topics[0]
        ):  # "Trump and Putin met in August." "Was that before or after the Istanbul
            # talks?": the event talked about against the one named
            return self._chronology(base, (talked, reading.topics[0]))
        if (
            context is not None
            # "A kolejne rozmowy?" names the next talks only by a "next" word: those that
            # came after the event talked about
            and (not reading.topics or self.reader.names_only_next(analysis))
            and context.topic in self.reader.followers
            and (len(analysis.words) <= _ELLIPTICAL_WORDS or not reading.topics)
            and not self.reader.sequence_words.isdisjoint(analysis.terms)
        ):  # "a kolejne?", "and the one after that?"
            follower = self.reader.followers[context.topic]
            aspects = reading.aspects or ((context.aspect,) if context.aspect else ("when",))
            if (
                not reading.aspects
                and (context.topic, aspects[0]) in self.tagged
                and (follower, aspects[0]) not in self.tagged
            ):  # "how many rounds so far?" "and the next one?": what is known of it
                return self._overview(base, follower, None, analysis)
            return self._pair(base, follower, aspects, None, analysis)
        if (
            not reading.topics
            and not reading.people
            and context is not None
            and context.topic is not None
            and len(analysis.words) <= _ELLIPTICAL_WORDS
            and self.reader.names_ordinal(analysis)
            and self._series(context.topic)
        ):  # "Kiedy była druga runda w Stambule?" "A pierwsza tam?": one of its meetings
            aspects = reading.aspects or ((context.aspect,) if context.aspect else ("when",))
            return self._pair(base, context.topic, aspects, None, analysis)
        if reading.empty:
            return self._with_topic(base)
        if (
            context is not None
            and context.aspect is not None
            and context.aspect != "about"
            and reading.aspects == ("about",)
            and not reading.asks
            and self.reader.form_then_event(analysis)
        ):  # "Where did Rubio and Lavrov meet?" "what about Trump and Putin?": where they met
            reading = dataclasses.replace(reading, aspects=(context.aspect,))
        person = reading.people[0] if reading.people else None
        if len(reading.people) > 1:  # "o czym Rubio gadał z Ławrowem?": Rubio's talk;
            # "What did Putin say about Rubio?": the subject is named first
            others = self.reader.with_whom_named(analysis, reading.people)
            named = self.reader.first_named(analysis, reading.people, people=True)
            person = next((p for p in named if p not in others), person)
        if not reading.aspects and self.reader.ends_as_claim(analysis):
            # "Pierwsza runda była w Stambule, prawda?": what the claim is about is what it
            # names first (the first round); what it says of it may be wrong, so the
            # article's account of that one answers it.
            if reading.topics:
                topic = self.reader.first_named(analysis, reading.topics)[0]
                if all(self._reports(topic, p) for p in reading.people):
                    return self._overview(base, topic, None, analysis)
            elif not reading.topics and len(reading.people) > 1:
                # "Peskov is Russia's foreign minister, isn't he?": who Peskov is
                first = self.reader.first_named(analysis, reading.people, people=True)[0]
                return self._about_person(base, first, ("role",), analysis)
        if not reading.topics and len(reading.people) > 1:
            reading = self._topic_of_people(reading, analysis)
        if (
            not reading.topics
            and not reading.people
            and context is not None
            and (
                context.topic is None
                # "Who did Lavrov agree the new round with?" (Rubio) "and where did those
                # two meet?": not where the round will be, which the article lacks
                or not any((context.topic, a) in self.tagged for a in reading.aspects[:1])
            )
            and context.person is not None
            and context.other is not None
            and self.reader.points_at_both(analysis)
        ):  # "Who is Rubio?" "And Lavrov?" "Where did the two meet?": their event
            reading = self._topic_of_people(
                dataclasses.replace(reading, people=(context.person, context.other))
            )
            if not reading.topics:
                reading = dataclasses.replace(reading, people=())
        if (
            not reading.topics
            and not reading.people
            and reading.aspects[:1] in (("city",), ("where",))
            and not self._places.isdisjoint(analysis.words)
        ):  # "W jakich miastach dotąd siadali do stołu wysłannicy obu mocarstw?": the
            # cities of the one series of events of that tense held in several places
            series = self._held_in_places(reading.time, reading.aspects[0])
            if series is not None:
                reading = dataclasses.replace(reading, topics=(series,), strengths=(1,))
        if reading.topics:
            topic = self._pick_topic(reading, base)
            if (
                reading.aspects
                and reading.aspects[0] in _PLACE
                and reading.time != "future"
                and self.knowledge.topics[topic].time == "future"
                and person in self._speakers(topic)
                and (topic, "via") in self.tagged
            ):  # "gdzie Ławrow gadał o trzeciej rundzie?": the round is yet to come; where
                # he spoke of it, as "gdzie Ławrow ogłosił trzecią rundę?" asks (also with
                # a verb no cue puts in the past: "W jakim miejscu Ławrow przekazał…?")
                reading = dataclasses.replace(reading, aspects=("via", *reading.aspects[1:]))
            if reading.time == "future" and self.knowledge.topics[topic].time == "past":
                # "kiedy Trump i Putin znowu się spotkają?": what is yet to come of a past
                # event, which the article cannot report.
                return self._partial(base, topic, reading.aspects[:1] or None, person)
            if (
                not reading.aspects
                and reading.time == "future"
                and person is not None
                and not any(self._reports(topic, p) for p in reading.people)
            ):  # "czy Trump i Putin planują kolejne spotkanie?": what is to come of people
                # the event named does not report, not their past meeting
                return self._partial(base, topic, None, person)
            absent = [p for p in reading.people if not self._took_part(topic, p)]
            if not reading.aspects and absent and self.reader.asks_if_met(analysis):
                # "Czy Ławrow spotkał się w Nowym Jorku także z Trumpem?": Trump's call was
                # relayed there; the article does not say he took part
                return self._partial(base, topic, "who", absent[0])
            if (
                person is not None
                and reading.aspects[:1] == ("names",)
                and self._with_whom(analysis)
            ):
                # "who exactly was it that he made this agreement with?": the other party
                reading = dataclasses.replace(reading, aspects=("who", *reading.aspects[1:]))
            if (
                person is not None
                and "role" in reading.aspects
                and (met := self._others(topic, reading.people))
                and self.reader.named_after_with_whom(analysis)
            ):  # "Jakie stanowisko zajmuje człowiek, z którym Ławrow uzgodnił kolejną turę?":
                # the other one's, not what the examples say of the event
                return self._who_is(base, met[0]) or self._about_person(
                    base, met[0], ("role",), analysis
                )
            if (
                person is not None
                and (
                    set(reading.aspects) <= _IDENTITY
                    # "Jak się nazywa amerykański odpowiednik Ławrowa, z którym ustalał
                    # termin…?": the name first asked; the clause after it asks nothing
                    or reading.aspects[:1] == ("names",)
                )
                # "Czy Pieskow mówił coś o sankcjach?": asking nothing, of an event the
                # article does not report them in, is no question about the person; nor is
                # whether they met ("Did Trump meet Putin in person at some point?")
                and (
                    reading.aspects
                    or (
                        self._reports(topic, person)
                        and not (len(reading.people) > 1 and self.reader.asks_if_met(analysis))
                    )
                )
            ):
                if not self.reader.named_as_the_other(analysis):
                    # "Jak nazywa się szef amerykańskiej dyplomacji, z którym…": the person.
                    return self._about_person(base, person, reading.aspects, analysis)
                met = self._others(topic, reading.people)
                if "role" in reading.aspects and set(reading.aspects) <= _IDENTITY and met:
                    # "Kim jest … człowiek, który w Nowym Jorku rozmawiał z Ławrowem?": the
                    # other one of the event (its people come first in topics.yaml)
                    return self._about_person(base, met[0], ("role",), analysis)
            speakers = self._speakers(topic)
            if (
                person is None
                and not reading.asks
                and "role" in reading.aspects
                and set(reading.aspects) <= {"who", "speaker", "role"}
                and len(speakers) == 1
            ):  # "Jaki urząd sprawuje człowiek, który ogłosił jesienną rundę?": the speaker's
                # office (his name is in who said it; "who said it, and what is his role?"
                # is answered part by part); an event has no role, its one speaker has one
                # ("Jaką rolę pełni człowiek, który zapowiadał unormowanie relacji?")
                return self._about_person(base, speakers[0], ("role",), analysis)
            if reading.aspects:
                return self._pair(
                    base,
                    topic,
                    reading.aspects,
                    person,
                    analysis,
                    named=reading.people,
                    tense=reading.time,
                )
            if person is not None and not self._reports(topic, person):
                return self._partial(base, topic, None, person)
            if self._confident(base) and not self._smalltalk(base.intent):
                return self._with_topic(base, person)
            # "and the later meetings?" is no "see you later"; "czy w Rijadzie rozmawiali o
            # energetyce, czy tylko o wojnie?": what the article says of the event, which has
            # one of the options
            if (
                not base.fallback
                or self._offers_choice(analysis, topic)
                # "Did Trump meet Putin in person at some point?": people who took part in
                # the event, asked whether they met; its account says they did
                or (
                    len(reading.people) > 1
                    and all(self._took_part(topic, p) for p in reading.people)
                    and self.reader.asks_if_met(analysis)
                )
            ):
                return self._overview(base, topic, person, analysis)
            return base
        asks_person = bool(reading.aspects) and (
            set(reading.aspects) <= self._person_aspects
            or (set(reading.aspects) <= _IDENTITY and self.reader.points_at_someone(analysis))
        )
        if person is None and asks_person and context is not None and context.person:
            person = context.person  # "a kim on jest?": the person talked about
        context = self._earlier(context, reading)
        # "a jak on się nazywa?" after what Peskov announced: the man, not his event
        if not (asks_person and person is not None) and self._follows(context, reading, person):
            assert context is not None and context.topic is not None  # noqa: S101
            aspects = reading.aspects or ((context.aspect,) if context.aspect else ())
            if (
                aspects == ("when",)
                and context.aspect in self._precise
                and context.aspect in _WHEN
                and (context.topic, context.aspect) in self.tagged
            ):  # "which day was that?" (Tuesday) "and the date?": more exact than the day
                aspects = ("date",)
            who = person or context.person
            if person is None and not _WHO.isdisjoint(aspects) and who is not None:
                # "will Trump attend the autumn round?" "who announced that round?": one
                # the article does not report there is not whom a "who" asks about
                who = who if self._reports(context.topic, who) else None
            if (
                person is None
                and who is not None
                and _SAYING.isdisjoint(aspects)
                and not self._reports(context.topic, who)
                and not self.reader.points_at_someone(analysis)
            ):  # "Z kim Ławrow uzgodnił trzecią turę?" (Rubio) "a ile tur już było?": a
                # follow-up that names no one, nor points at anyone, asks of the event, not
                # of someone the event does not report ("what did he say?" still asks his)
                who = None
            if aspects and who is not None and not self._reports(context.topic, who):
                return self._about_person(
                    base, who, aspects, analysis, (who,), asked=bool(reading.aspects)
                )
            if aspects:  # "i co mu powiedział?": the context's person is not its subject
                return self._pair(
                    base,
                    context.topic,
                    aspects,
                    who,
                    analysis,
                    redirect=person is not None,
                    tense=reading.time,  # "kto w niej weźmie udział?": who will, not who said
                )
        if (
            person is not None
            and not reading.aspects
            and context is not None
            and context.topic is not None
            and context.aspect in ("who", "others")  # who took part: whether they did
            and not self._reports(context.topic, person)
            and len(analysis.words) <= _ELLIPTICAL_WORDS
        ):  # "to spotkanie na Alasce, kto tam był?" "a Rubio też był?": not as far as the
            # article says; what it says of the event, not who he is
            return self._partial(base, context.topic, context.aspect, person)
        if person is None and reading.aspects and context is not None and context.topic is None:
            person = context.person  # "who is Peskov?" "and what did he announce?"
        if person is not None:
            aspects = reading.aspects
            if not aspects and context is not None and context.aspect is not None:
                aspects = (context.aspect,)  # "a Pieskow?" asks what was asked before
            identity = self._who_is(base, person) if base.unsure and not aspects else None
            if identity is not None and len(reading.people) == 1:
                # "Sekretarz prasowy Putina?": the person alone, of whom the examples ask
                # two things; who they are comes first
                return identity
            return self._about_person(
                base,
                person,
                aspects,
                analysis,
                reading.people or (person,),
                reading.time,
                asked=bool(reading.aspects),
            )
        base_topic = self._intent_topic(base.intent)
        base_time = self.knowledge.topics[base_topic].time if base_topic else None
        if reading.aspects and (
            not self._confident(base) or not _same_time(reading.time, base_time)
        ):
            # "Która to będzie runda?", "ile godzin rozmawiano?": the one event (of the
            # question's tense) whose own facts report what is asked.
            reporting = [
                t.id
                for t in self.knowledge.topics.values()
                if _same_time(reading.time, t.time)
                and any(self.knowledge.own_facts(t.id, a) for a in reading.aspects)
            ]
            if (
                reading.time is None
                and len(reporting) > 1
                and sum(term is None for term, _, _ in analysis.resolved) < _UNKNOWN_WORDS
            ):  # "Which Russian official revealed that the two sides had agreed on more
                # talks?": no tense of its own, a word of its name, few words the bot does
                # not know (not "Kiedy przypada Wielkanoc w przyszłym roku?"): the one
                # event to come, the news the article leads with
                reporting = [
                    t
                    for t in reporting
                    if self.knowledge.topics[t].time == "future"
                    and not self._name_terms[t].isdisjoint(analysis.terms)
                ]
            if len(reporting) == 1:
                return self._pair(base, reporting[0], reading.aspects, None, analysis)
        if base_topic is not None and self._confident(base) and reading.aspects:
            # "Weapons quantity?": the examples name the event, the form asks a detail of it
            # the article lacks.
            missing = [
                a
                for a in reading.aspects
                if a in self._precise and (base_topic, a) not in self.tagged
            ]
            if missing and not any((base_topic, a) in self.tagged for a in reading.aspects):
                return self._partial(base, base_topic, missing[0], None)
        return self._with_topic(base)

    def _each(self, match: Match, reading: Reading, analysis: Analysis) -> Match:
        """A question that asks two or three things of its topic: each one the article
        reports is answered, in the order asked, and what it does not report is named as
        missing. It is an answer (not a fallback) when the parts missing ask nothing
        precise ("kiedy i gdzie będzie runda?": autumn; where, the article doesn't say);
        a precise part missing (a date, a number, names) makes it a partial answer, as in
        a one-part question, that still gives the parts reported first. It stays as decided
        when no part is reported, when it asks what is yet to come of a past event ("will
        they meet again, and when?"), names a person a topic asked about does not report
        (nothing is attributed to them) or something the article leaves out. A part of
        another event ("kiedy był Rijad i gdzie będzie następna runda?") is answered from
        that event's facts, and named `topic.aspect` in `answered` and `missing`."""
        parts = [_split(item, match.topic) for item in reading.asks]
        events = {topic for topic, _ in parts}
        two = len(events) > 1  # parts of two events
        if (
            None in events
            or match.others
            or match.unsure
            or (match.fallback and not match.partial and not two)
            or (
                match.person is not None
                # "Who met in New York and who met in Alaska?": the person a who answers
                # with (Rubio) is not one the question puts in the other event
                and (bool(reading.people) or match.aspect not in _WHO)
                and not all(self._reports(t, match.person) for t in events if t)
            )
            or self._off_topic(analysis)
        ):
            return match
        if (
            not two
            and match.topic is not None
            and reading.time == "future"
            and self.knowledge.topics[match.topic].time == "past"
        ):
            return match
        tense = None if two else reading.time  # each part of two events has its own
        answered: list[tuple[str, str]] = []
        missing: list[tuple[str, str]] = []
        person = match.person
        for topic, asked in parts:
            assert topic is not None  # noqa: S101 - None is not among the events
            if (
                asked in _SAID_ELSEWHERE
                and person is not None
                and person not in self._speakers(topic)
                and len(spoken := self._spoken_at(person)) == 1
            ):  # "who is Peskov, and what did he say the talks would be about?": what he said
                topic = spoken[0]
            found = self._answering(topic, asked, tense)
            said = {a for t, a in answered if t == topic}
            if found is None and asked in _PLACE and not _SAID.isdisjoint(said):
                # "kto to ogłosił i gdzie?", "przy jakiej okazji i gdzie to ogłosił?": where
                # it was said
                found = self._answering(topic, "via", tense)
            if found is None and asked in self._person_aspects and person is not None:
                # "who said it, and what is his role?": who the one named is
                found = asked if self._describes(person, asked) else None
            if found is None:
                missing.append((topic, asked))
            elif (topic, found) not in answered:
                answered.append((topic, found))
                if person is None and found in _WHO:
                    person = self._answer_person(topic, found)
        if not answered:
            return match
        if any(asked in self._precise for _, asked in missing):
            topic, aspect = missing[0]
            partial = self._partial(match, topic, aspect, person)
            return dataclasses.replace(
                partial, answered=_joined(answered, topic), missing=_joined(missing, topic)
            )
        topic, first = answered[0]
        return self._answer(
            match,
            topic,
            first,
            person,
            answered=_joined(answered, topic),
            missing=_joined(missing, topic),
        )

    def _answering(self, topic: str, aspect: str, tense: Time | None) -> str | None:
        """The aspect of a topic's facts that answers an aspect asked, or None: "who" is
        answered by who said it when the article names no participants, as in `_pair`."""
        if (topic, aspect) in self.tagged:
            return aspect
        if aspect == "who" and tense != "future" and (topic, "speaker") in self.tagged:
            return "speaker"
        return None

    def _describes(self, person: str, aspect: str) -> bool:
        """Whether the article says that of the person ("role": who they are)."""
        return any(
            f.person == person and aspect in f.aspects for f in self.knowledge.facts.values()
        )

    def _topic_of_people(self, reading: Reading, analysis: Analysis | None = None) -> Reading:
        """Two people and no event ("the American president sat down with the Russian
        leader"): the one event of the question's tense that reports them both (and, of
        several, the one that reports what is asked; of those, if the question says they
        met, the one they both took part in)."""
        theirs = [
            t.id for t in self.knowledge.topics.values() if set(reading.people) <= set(t.people)
        ]
        shared = [t for t in theirs if _same_time(reading.time, self.knowledge.topics[t].time)]
        if reading.aspects and not any((t, reading.aspects[0]) in self.tagged for t in shared):
            # "What did Lavrov agree on with Rubio?": agreed in the past, on what is to come
            reporting = [t for t in theirs if (t, reading.aspects[0]) in self.tagged]
            shared = reporting if len(reporting) == 1 else shared
        if len(shared) > 1 and reading.aspects:  # "Gdzie się widzieli?": where is reported
            shared = [t for t in shared if (t, reading.aspects[0]) in self.tagged] or shared
        if len(shared) > 1 and analysis is not None and self.reader.says_met(analysis):
            # "Przy jakiej okazji szef dyplomacji USA widział się z rosyjskim odpowiednikiem?":
            # where they met, not the round they agreed on
            shared = [
                t for t in shared if all(self._took_part(t, p) for p in reading.people)
            ] or shared
        if len(shared) != 1:
            return reading
        return dataclasses.replace(reading, topics=tuple(shared), strengths=(1,))

    def _focus(self, question: str, lang_hint: str | None) -> tuple[Analysis, Reading, Match]:
        """Read a long message by its questions (the sentences with a question mark, else
        the last one); the others are its context ("I know about Riyadh. When were the
        Istanbul talks?"): they supply the topic when the questions name none."""
        analysis = self.engine.analyse(question)
        stripped = question.strip()
        sentences = (
            [part for part in _SENTENCE_END.split(stripped) if _LETTER.search(part)]
            if _SENTENCE_END.search(stripped)
            else [stripped]  # one sentence, as most questions are
        )
        sentences = [piece for part in sentences for piece in self._preamble_apart(part)]
        if len(sentences) < 2:
            reading = self.reader.read(analysis)
            return analysis, reading, self._settle(self.engine.verdict(analysis, lang_hint))
        asked = [number for number, part in enumerate(sentences) if "?" in part]
        last = len(sentences) - 1
        if asked and asked[-1] != last:  # "rubio z lawrowem sie widzieli? gdzie to bylo": a
            # short last question left unmarked
            tail = self.engine.analyse(sentences[last])
            if len(tail.words) <= _ELLIPTICAL_WORDS and self.reader.opens_with_form(tail):
                asked.append(last)
        asked = asked or [last]  # the questions, wherever they stand
        asking = self.engine.analyse(" ".join(sentences[n] for n in asked))
        reading = self.reader.read(asking)
        if reading.empty and len(asking.words) <= _REQUEST_WORDS:
            asked, asking, reading = self._request_apart(sentences, asked, asking, reading)
        at = asked[0]
        others = [  # the context: the rest, nearest to the first question first
            sentences[n]
            for n in [*reversed(range(at)), *range(at + 1, len(sentences))]
            if n not in asked
        ]
        for sentence in self._contexts(others):
            if reading.topics:
                break
            before = self.reader.read(sentence, parts=False)
            if (
                reading.time == "future"
                and before.topics
                and all(self.knowledge.topics[t].time == "past" for t in before.topics)
            ):  # "Ławrow mówił o tym na konferencji. Kiedy to ma być?": not the conference
                continue  # (what was said of what is to come may be asked in the past)
            if (
                reading.time == "past"
                and before.time == "future"
                and before.topics
                and all(self.knowledge.topics[t].time == "future" for t in before.topics)
            ):  # "…były już tury. Trzecia ma być jesienią. Ile tur już się odbyło?": what
                continue  # has taken place, not the round to come
            reading = dataclasses.replace(
                reading,
                topics=before.topics,
                strengths=before.strengths,
                people=reading.people or before.people,
            )
        base = self.engine.verdict(asking, lang_hint)
        if base.fallback:
            base = self.engine.verdict(analysis, lang_hint)
        # The whole text decides the language: the question alone may be two words.
        detected = self.engine.detect_language(analysis.words, question, lang_hint)
        lang = detected or base.lang
        return (
            asking,
            reading,
            self._settle(dataclasses.replace(base, question=question, lang=lang)),
        )

    def _contexts(self, others: list[str]) -> Iterator[Analysis]:
        """The sentences around a message's question, nearest first, each analysed when
        reached. "…twice in Turkey. I'm after the later one. When was it?": a sentence
        naming its event only by order ("the later one") means the later of the events
        named before it, not the next round; it comes last, and names its own event
        ("pierwsze rozmowy…") when no other sentence does."""
        by_order = []
        for earlier in others:
            sentence = self.engine.analyse(earlier)
            if self.reader.names_only_by_order(sentence):
                by_order.append(sentence)
            else:
                yield sentence
        yield from by_order

    def _request_apart(
        self, sentences: list[str], asked: list[int], asking: Analysis, reading: Reading
    ) -> tuple[list[int], Analysis, Reading]:
        """A question sentence that names nothing ("Możecie mi przypomnieć?", "Does the
        article say?") asks what a sentence before it asks indirectly, in a clause of its
        own ("…nie dosłyszałem, gdzie ta konferencja się odbyła."): the nearest such one.
        A sentence that only tells ("I'm planning a trip next month. What should I see?")
        is no question, whatever it names."""
        for n in reversed(range(asked[0])):
            clauses = sentences[n].split(",")[1:]
            if any(self.reader.opens_question(self.engine.analyse(c)) for c in clauses):
                analysis = self.engine.analyse(sentences[n])
                before = self.reader.read(analysis)
                if before.aspects:
                    return [n], analysis, before
        return asked, asking, reading

    def _preamble_apart(self, sentence: str) -> list[str]:
        """A question led by a clause of its own before a colon ("For the lede I need a
        crisp summary: what is the US demanding?") as that clause and the question: the
        clause is its context, not what it asks. A clause that opens as a question ("Które
        spotkanie było pierwsze: to w Rijadzie czy…?") is the question."""
        if ":" not in sentence or not sentence.rstrip().endswith("?"):  # most questions
            return [sentence]
        parts = _PREAMBLE.split(sentence)
        head = " ".join(parts[:-1])
        if (
            len(parts) < 2
            or len(head.split()) < _PREAMBLE_WORDS
            or not _LETTER.search(parts[-1])
            or self.reader.opens_question(self.engine.analyse(head))
        ):
            return [sentence]
        return [head.rstrip() + ".", parts[-1]]

    def chosen(self, intent_id: str, lang: Lang) -> Match | None:
        """The verdict for a suggestion the reader picked (a button, a number): that intent,
        as if asked in its own words. None when the intent no longer exists."""
        intent = self.knowledge.intents.get(intent_id)
        if intent is None:
            return None
        question = intent.title[lang] if intent.title else intent_id
        return self._with_topic(Match(question, lang, intent_id, 100.0, False, guess=intent_id))

    def _follows(self, context: Context | None, reading: Reading, person: str | None) -> bool:
        """A follow-up leans on the context unless its tense says it is about another event
        or it names someone the context's topic does not report; one with neither aspect
        nor person ("i co?") leans on nothing."""
        if context is None or context.topic is None:
            return False
        if reading.time == "future" and self.knowledge.topics[context.topic].time == "past":
            return False  # "kiedy znowu się spotkają?" is not about the meeting just discussed
        if person is not None and not self._reports(context.topic, person):
            return False
        if person is not None and set(reading.aspects) <= self._person_aspects:
            return False  # "kim jest Rubio?" asks about the man, not his part in the topic
        return bool(reading.aspects or reading.people)

    def _earlier(self, context: Context | None, reading: Reading) -> Context | None:
        """After the next round, "a ile już było?" asks in the past tense about the talks
        it follows, when their own facts report what it asks and the next round's do not."""
        if context is None or context.topic is None or reading.time != "past":
            return context
        item = self.knowledge.topics[context.topic]
        if item.time != "future" or item.follows is None:
            return context
        follows = item.follows
        if any(  # the strongest aspect, or a precise one ("ile rund … według niego?")
            (context.topic, aspect) not in self.tagged and self.knowledge.own_facts(follows, aspect)
            for number, aspect in enumerate(reading.aspects)
            if number == 0 or aspect in self._precise
        ):
            return dataclasses.replace(context, topic=follows)
        return context

    def _pick_topic(self, reading: Reading, base: Match) -> str:
        """The strongest topic named; among equally strong ones, one that reports what is
        asked (all its precise details, if one does), then the examples' choice."""
        topics = reading.topics
        preferred = self._intent_topic(base.intent) if self._confident(base) else None
        tied = [
            t for t, s in zip(topics, reading.strengths, strict=True) if s == reading.strengths[0]
        ]
        reporting = [t for t in tied if any((t, a) in self.tagged for a in reading.aspects)]
        # "gdzie to dokładnie było — w jakim miejscu to ogłosił?": one that lacks no precise
        # detail asked (where exactly)
        exact = [
            t
            for t in reporting
            if all((t, a) in self.tagged for a in reading.aspects if a in self._precise)
        ]
        candidates = exact or reporting or tied
        broader = [  # "the earlier rounds in the Gulf and on the Bosphorus": the talks made
            # of two or more events named, when that series is named too
            t
            for t in topics
            if len(set(self.knowledge.topics[t].includes) & set(topics)) > 1
            and set(tied) - {t} <= set(self.knowledge.topics[t].includes)
            and any((t, a) in self.tagged for a in reading.aspects)
        ]
        if broader:
            candidates = broader
        if len(reading.people) > 1:  # "Jakie dwie rzeczy Trump jest gotów zrobić według
            # Rubio?": of events named alike, one that reports both people named (one
            # person named where they are not reported asks what the article lacks)
            candidates = [
                t for t in candidates if all(self._reports(t, p) for p in reading.people)
            ] or candidates
        topic = preferred if preferred in candidates and preferred is not None else candidates[0]
        if not all(self._reports(topic, p) for p in reading.people):
            # "Zakończenia jakiej wojny dotyczyło wezwanie, które Rubio przekazał Ławrowowi?":
            # the event it is made of, also named, that reports everyone named
            narrower = [
                t
                for t in topics
                if t in self.knowledge.topics[topic].includes
                and all(self._reports(t, p) for p in reading.people)
            ]
            return narrower[0] if narrower else topic
        return topic

    def _pair(
        self,
        base: Match,
        topic: str,
        aspects: Iterable[str],
        person: str | None,
        analysis: Analysis,
        redirect: bool = True,
        named: tuple[str, ...] = (),
        tense: Time | None = None,
    ) -> Match:
        """Answer one aspect of a topic from the facts tagged with both, or say honestly
        that the article doesn't report it (also when the question is about something the
        maintainers listed as out of scope: "kim jest żona Trumpa")."""
        aspects = tuple(aspects)
        # "kto w imieniu prezydenta…": not the subject, unless it asks whether they took part
        asks_who = not _WHO.isdisjoint(aspects) and not self.reader.asks_whether(analysis)
        if person is not None and not asks_who and not self._reports(topic, person):
            return self._partial(base, topic, aspects[0], person)
        if (
            person is not None
            and "who" in aspects
            and self.reader.asks_whether(analysis)
            and not self._took_part(topic, person)
        ):  # "Did Trump take part in the New York meeting?": his call was relayed there;
            # the article does not say he took part
            return self._partial(base, topic, "who", person)
        if (
            redirect
            and len(named) < 2  # "o czym rozmawiali Rubio z Ławrowem": their meeting
            and person is not None
            and not asks_who
            and set(aspects) <= _SAID_ELSEWHERE
            and person not in self._speakers(topic)
            and self._spoken_at(person)
            and not self.reader.named_as_addressee(analysis)  # "co powtórzył Ławrowowi?"
        ):  # "a co mówił Rubio?" about the next round, where only Lavrov spoke
            if self._took_part(topic, person):
                # "What did Lavrov tell him?" of the New York meeting: he was there, but
                # the article reports only what the other side said
                return self._partial(base, topic, aspects[0], person)
            return self._about_person(base, person, aspects, analysis, (person,))
        if self._off_topic(analysis):
            return self._partial(base, topic, aspects[0], person)
        if (
            "names" in aspects
            and not set(named) & set(self._speakers(topic))  # "dziennikarz, który cytował Ławrowa"
            and (topic, "names") not in self.tagged
            and (topic, "speaker") in self.tagged
            and self.knowledge.topics[topic].time == "past"
        ):  # "jak się nazywa ten, kto zapowiadał normalizację?": the one who said it
            aspects = tuple(dict.fromkeys("speaker" if a == "names" else a for a in aspects))
        if "specifics" in aspects and aspects[0] in _WHO:
            # "z którym konkretnie amerykańskim politykiem to ustalał?": which one exactly
            # of people is who it was
            aspects = tuple(a for a in aspects if a != "specifics")
        if "speaker" in aspects and (topic, "speaker") in self.tagged:
            # "Which American official did Lavrov say he agreed it with?": the one he
            # agreed with is named by what was said, not by a list of names.
            aspects = tuple(a for a in aspects if a != "names" or (topic, a) in self.tagged)
        if (
            not _WITH.isdisjoint(aspects)
            and any(a in self._precise and a not in _WITH for a in aspects)
            and self._with_whom(analysis)
        ):
            # "Who did Lavrov agree the date of the third round with?": the date is what
            # was agreed; the question asks with whom
            aspects = tuple(a for a in aspects if a not in self._precise or a in _WITH)
        if (
            aspects[0] == "occasion"
            and (topic, "occasion") not in self.tagged
            and (topic, "where") in self.tagged
            and self.knowledge.topics[topic].time == "past"
        ):  # "Przy okazji którego spotkania poruszono kwestie energetyczne?": the meeting
            # itself, where it was
            aspects = ("where", *aspects[1:])
        if (
            aspects[0] == "via"
            and person is not None
            and (topic, "via") not in self.tagged
            and (topic, "occasion") in self.tagged
        ):  # "Gdzie Ławrow powiedział, że odbyły się dwie tury?": the occasion he said it
            # at, where an event has no source reporting it (no agency quoted it)
            aspects = ("occasion", *aspects[1:])
        if "month" in aspects and (topic, "month") in self.tagged:
            # "kiedy dokładnie? miesiąc chociaż", "when exactly, which month": the month
            # is what the reader settles for
            aspects = tuple(a for a in aspects if a not in ("date", "day"))
        missing = [a for a in aspects if a in self._precise and (topic, a) not in self.tagged]
        if missing:  # "why was there no statement?": the communiqué's outcome is no answer
            return self._partial(base, topic, missing[0], person)
        if tense == "future" and aspects[0] in _DATING and self._dated_past(topic, aspects[0]):
            # "when will he impose them?": of the demands (no tense of their own), what says
            # when are the past events they were made at, not a date to come
            return self._partial(base, topic, aspects[0], person)
        if "who" in aspects and (topic, "who") not in self.tagged and tense != "future":
            # "Who spoke of irritants?", "z kim Rosja się dogadała?": the one who said it.
            aspects = tuple(dict.fromkeys("speaker" if a == "who" else a for a in aspects))
        for aspect in aspects:
            if (topic, aspect) in self.tagged:
                if person is None and aspect in _WHO:
                    person = self._answer_person(topic, aspect)
                elif person is not None and aspect in _WITH and self._with_whom(analysis):
                    # "Z kim Ławrow uzgodnił trzecią turę?": the answer names the other one,
                    # whom "a kim on jest?" asks about next ("gdzie się widzieli?": the two).
                    others = self._others(topic, (person,))
                    if others:
                        return self._answer(base, topic, aspect, others[0], other=person)
                return self._answer(base, topic, aspect, person)
        return self._partial(base, topic, aspects[0], person)

    def _chronology(self, base: Match, topics: tuple[str, ...]) -> Match:
        """Events compared: when each was, earliest first where the topics say."""
        ordered = list(topics)
        for i in range(len(ordered)):  # few events: a plain exchange sort by known pairs
            for j in range(i + 1, len(ordered)):
                if self.knowledge.came_before(ordered[j], ordered[i]):
                    ordered[i], ordered[j] = ordered[j], ordered[i]
        first, *others = ordered
        return self._answer(base, first, "when", None, others=tuple(others))

    def _answer(
        self, base: Match, topic: str, aspect: str, person: str | None, **more: Any
    ) -> Match:
        """The answer to `topic`'s `aspect`: the intent that declares it, or `topic.aspect`."""
        return dataclasses.replace(
            base,
            intent=self._declared.get((topic, aspect, None), f"{topic}.{aspect}"),
            fallback=False,
            alternatives=(),
            topic=topic,
            aspect=aspect,
            person=person,
            partial=False,
            **more,
        )

    def _partial(
        self,
        base: Match,
        topic: str | None,
        aspect: str | tuple[str, ...] | None,
        person: str | None,
    ) -> Match:
        if isinstance(aspect, tuple):
            aspect = aspect[0]
        return dataclasses.replace(
            base,
            intent=None,
            fallback=True,
            alternatives=(),
            guess=base.guess or base.intent,
            topic=topic,
            aspect=aspect,
            person=person,
            partial=True,
            answered=(),
            missing=(),
        )

    def _overview(self, base: Match, topic: str, person: str | None, analysis: Analysis) -> Match:
        """A topic named with no aspect ("Następna runda?"): its overview intent, else
        the aspect its first fact answers."""
        intent = self._declared.get((topic, None, None))
        if intent is None:
            first = self.knowledge.facts_answering(topic)[0]  # check: every topic has one
            return self._pair(base, topic, self.knowledge.facts[first].aspects, person, analysis)
        return dataclasses.replace(
            base, intent=intent, fallback=False, alternatives=(), topic=topic, person=person
        )

    def _about_person(
        self,
        base: Match,
        person: str,
        aspects: tuple[str, ...],
        analysis: Analysis,
        people: tuple[str, ...] = (),
        time: Time | None = None,
        asked: bool = True,
    ) -> Match:
        """A person without a topic: who they are, or the examples' answer when it is about
        them; what the article does not report of them is said to be missing."""
        confident = self._confident(base) and self._concerns(base.intent, person)
        saying = not _SAID_ELSEWHERE.isdisjoint(aspects)
        base_topic = self._intent_topic(base.intent)
        # "która to będzie runda według Ławrowa?": not the examples' rounds so far
        past_for_future = (
            time == "future"
            and base_topic is not None
            and self.knowledge.topics[base_topic].time == "past"
        )
        if (
            confident
            and base_topic is not None
            and not (saying and person not in self._speakers(base_topic))
            and not past_for_future
            and not (  # "co Ławrow odpowiedział Rubio?": a reaction that event lacks
                aspects
                and aspects[0] in self._precise
                and aspects[0] not in _IDENTITY
                and (base_topic, aspects[0]) not in self.tagged
            )
        ):  # the examples' answer, unless it is about what someone else said
            return self._with_topic(base, person, aspects[0] if aspects else None)
        if saying and not self._off_topic(analysis):
            # The events they all took part in, of the question's tense, else those of the
            # one asked about ("do czego sekretarz stanu, powołując się na prezydenta,
            # wezwał Rosjan?"). What was said of what is to come was said in the past: "did
            # Lavrov give any details?" is about the next round.
            tense = None if time == "past" else time
            present = self._present(people, aspects, tense) or self._present(
                (person,), aspects, tense
            )
            # Where they spoke, if anywhere; else where they were ("what will Trump do?").
            spoken = [t for t in present if person in self._speakers(t)] or present
            if spoken:
                best = max(spoken, key=lambda t: len(self._vocabulary[t] & analysis.terms))
                return self._pair(base, best, aspects, person, analysis, redirect=False)
        if (
            saying
            and _WHO.isdisjoint(aspects)  # "who is the Russian leader mentioned?" asks who
            and not self._spoken_at(person)
        ):
            # "what did Putin say about the talks?": the article quotes nothing of his
            return self._partial(base, None, aspects[0], person)
        if "who" in aspects and self._with_whom(analysis):
            # "who did Rubio meet?": the one event he took part in with others
            met = [
                t.id
                for t in self.knowledge.topics.values()
                if person in t.took_part
                and len(t.took_part) > 1
                and t.time is not None  # an event, not a stance ("the US demands")
                and _same_time(time, t.time)
            ]
            if len(met) == 1:
                return self._pair(base, met[0], aspects, person, analysis, redirect=False)
        event = self._event_of(person, people, aspects, analysis, time) if asked else None
        if event is not None and (
            base_topic is None
            or past_for_future
            or not any((base_topic, a) in self.tagged for a in aspects)
        ):
            # "ile tur odbyło się według Ławrowa?", "z kim spotkał się Rubio?": the one
            # event of theirs that reports it, not who they are.
            return self._pair(base, event, aspects, person, analysis, redirect=False)
        unreported = [a for a in aspects if a in self._precise and a not in _IDENTITY]
        if unreported:  # "a co na to Ławrow?", "jak długo pełni tę
            return self._partial(base, None, unreported[0], person)  # funkcję?": not who he is
        if confident:
            return self._with_topic(base, person, aspects[0] if aspects else None)
        if not aspects:
            return base
        if self._off_topic(analysis):
            return self._partial(base, None, aspects[0], person)
        if any(aspect in ("role", "who", "names") for aspect in aspects):
            answer = self._who_is(base, person)
            if answer is not None:
                return answer
        return self._partial(base, None, aspects[0] if aspects else None, person)

    def _off_topic(self, analysis: Analysis) -> bool:
        """Whether the question uses a word of the off-topic list where it asks, not in a
        lead before its question ("Moja siostra mieszka w Stambule i pyta, po co tam
        przyjeżdżali…": where someone lives is off the article; what the talks were for is
        not)."""
        if not self.engine.mentions_off_topic(analysis):
            return False
        asked = self.reader.asked_from(analysis.question)
        return asked is None or self.engine.mentions_off_topic(self.engine.analyse(asked))

    def _others(self, topic: str, named: tuple[str, ...]) -> list[str]:
        """The people an event reports besides those named (its people come first in
        topics.yaml: the other party of a meeting first)."""
        return [p for p in self.knowledge.topics[topic].people if p not in named]

    def _who_is(self, base: Match, person: str) -> Match | None:
        """The answer to "who is …?" for a person, if an intent declares it."""
        intent = self._declared.get((None, None, person))
        if intent is None:
            return None
        return dataclasses.replace(
            base, intent=intent, fallback=False, alternatives=(), person=person
        )

    def _present(
        self,
        people: Iterable[str],
        aspects: tuple[str, ...],
        time: Time | None,
        own: bool = False,
    ) -> list[str]:
        """The events of that tense everyone named took part in, that report an aspect
        asked (with `own`, through facts of their own, not through `also` or `includes`)."""
        return [
            topic.id
            for topic in self.knowledge.topics.values()
            if set(people) <= set(topic.people)
            and _same_time(time, topic.time)
            and any(
                self.knowledge.own_facts(topic.id, a) if own else (topic.id, a) in self.tagged
                for a in aspects
            )
        ]

    def _event_of(
        self,
        person: str,
        people: tuple[str, ...],
        aspects: tuple[str, ...],
        analysis: Analysis,
        time: Time | None,
    ) -> str | None:
        """Of the events of the question's tense that report everyone named and what is
        asked of them, the one whose facts share most naming words with the question; None
        when none shares any, two tie, or the question asks who the person is."""
        if set(aspects) & (_IDENTITY | self._person_aspects) or self._off_topic(analysis):
            return None
        present = self._present({person, *people}, aspects, time, own=True)
        naming = analysis.terms - self.reader.asking_terms(analysis)
        overlap = sorted(((len(self._vocabulary[t] & naming), t) for t in present), reverse=True)
        if not overlap or (len(overlap) > 1 and overlap[0][0] == overlap[1][0]):
            return None
        best = overlap[0][1]
        # "where does Lavrov live?" shares only "does" and his name with one of his events
        if self._vocabulary[best] & naming - self.engine.function_terms - self._naming[person]:
            return best
        return None

    def _with_topic(
        self, base: Match, person: str | None = None, aspect: str | None = None
    ) -> Match:
        """The examples' verdict with what its intent is about; an intent that asks an
        aspect the article does not report ("gdzie będzie runda?") is a partial answer."""
        intent = self.knowledge.intents.get(base.intent or "")
        if base.declined or intent is None:
            return base
        pair = (intent.topic, intent.aspect)
        if intent.topic is not None and intent.aspect is not None and pair not in self.tagged:
            return self._partial(base, intent.topic, intent.aspect, person)
        about = (intent.topic, intent.aspect or aspect, intent.person or person)
        if about == (base.topic, base.aspect, base.person):  # a greeting, the summary…
            return base
        return _about(base, *about)

    def _settle(self, base: Match) -> Match:
        """No "did you mean" between intents whose answers start with the same fact."""
        if not base.alternatives:
            return base
        firsts = {self._first_fact(intent) for intent in base.alternatives}
        if len(firsts) == 1 and None not in firsts:
            return dataclasses.replace(base, alternatives=())
        return base

    def _first_fact(self, intent_id: str) -> str | None:
        intent = self.knowledge.intents[intent_id]
        if intent.facts:
            return intent.facts[0]
        if intent.topic is not None and intent.aspect is not None:
            facts = self.tagged.get((intent.topic, intent.aspect))
            return facts[0] if facts else None
        return None

    def _dated_past(self, topic: str, aspect: str) -> bool:
        """Whether a topic without a tense of its own answers `aspect` only by facts of
        past events (the US demands: the New York meeting, the Security Council)."""
        facts = self.tagged.get((topic, aspect), ())
        topics = self.knowledge.topics
        return (
            topics[topic].time is None
            and bool(facts)
            and all(
                (of := self.knowledge.facts[f].topic) is not None and topics[of].time == "past"
                for f in facts
            )
        )

    def _offers_choice(self, analysis: Analysis, topic: str) -> bool:
        """Whether the question ends by offering options one of which the article's facts
        of `topic` use ("lutowe czy kwietniowe?"; not "in September or October?")."""
        options = self.reader.options(analysis)
        terms = self.engine.phrase_terms(" ".join(options)) - self.engine.function_terms
        return not terms.isdisjoint(self._vocabulary[topic])

    def _confident(self, base: Match) -> bool:
        return not base.declined and base.intent is not None

    def _smalltalk(self, intent_id: str | None) -> bool:
        intent = self.knowledge.intents.get(intent_id or "")
        return intent is not None and intent.kind == "smalltalk"

    def _intent_topic(self, intent_id: str | None) -> str | None:
        intent = self.knowledge.intents.get(intent_id or "")
        return intent.topic if intent is not None else None

    def _held_in_places(self, time: Time | None, aspect: str) -> str | None:
        """The one event of that tense made of several events that each report where they
        were (the rounds so far: Riyadh and Istanbul), if there is one."""
        found = [
            t.id
            for t in self.knowledge.topics.values()
            if _same_time(time, t.time)
            and sum((part, aspect) in self.tagged for part in t.includes) > 1
        ]
        return found[0] if len(found) == 1 else None

    def _series(self, topic: str) -> bool:
        """Whether the event took place more than once on its own: a count of its own
        meetings ("twice in Istanbul"), not of the events it includes."""
        return not self.knowledge.topics[topic].includes and bool(
            self.knowledge.own_facts(topic, "count")
        )

    def _spoken_at(self, person: str) -> list[str]:
        """The events the article reports a person speaking at."""
        return [t for t in self.knowledge.topics if person in self._speakers(t)]

    def _speakers(self, topic: str) -> list[str]:
        item = self.knowledge.topics[topic]
        return item.people if item.speakers is None else item.speakers

    def _with_whom(self, analysis: Analysis) -> bool:
        """Whether the question asks with whom ("z kim", "with whom")."""
        question = " ".join(folded_tokens(analysis.folded))
        return not self._whom.isdisjoint(analysis.terms) or any(
            phrase.search(question) for phrase in self._whom_phrases
        )

    def _answer_person(self, topic: str, aspect: str) -> str | None:
        """Who the answer to "who…?" names, for "a kto to jest?" next: the speaker of the
        first quote that answers it, else the first person the topic reports."""
        for quote in self.knowledge.quotes.values():
            if quote.topic == topic and aspect in quote.aspects:
                return quote.speaker
        people = (
            self._speakers(topic) if aspect == "speaker" else self.knowledge.topics[topic].people
        )
        return people[0] if people else None

    def _reports(self, topic: str, person: str) -> bool:
        return person in self.knowledge.topics[topic].people

    def _took_part(self, topic: str, person: str) -> bool:
        return person in self.knowledge.topics[topic].took_part

    def _concerns(self, intent_id: str | None, person: str) -> bool:
        intent = self.knowledge.intents.get(intent_id or "")
        if intent is None or intent.kind == "smalltalk":
            return False  # "a kim on właściwie jest?" asks about him, not about the bot
        if intent.person is not None:
            return intent.person == person
        return intent.topic is None or self._reports(intent.topic, person)

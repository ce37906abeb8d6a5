"""Match -> the exact message the bot sends (Telegram HTML), in the reader's language.

No Telegram import: the console, the command line and the bot all send these strings.
Every piece of text is escaped, whether it comes from the knowledge files or a user.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.knowledge import Intent, Knowledge, Lang, Messages, Quote
from bot.matching import Match
from bot.textnorm import fold

FALLBACK_TOPICS = 3
MAX_QUOTES = 2
PARTIAL_FACTS = 3


@dataclass(frozen=True)
class Reply:
    """The HTML message, and the intents to offer next (follow-up buttons, "did you mean")."""

    html: str
    suggestions: tuple[str, ...]


# The article's texts folded, to tell a quote a bullet already says: the same few dozen
# texts on every answer, folded once (bounded, and a reload's texts simply replace them).
_folded = lru_cache(maxsize=1024)(fold)


def escape(text: str) -> str:
    """Escape text for Telegram's HTML parse mode (only <, > and & are special)."""
    return html.escape(text, quote=False)


# The knowledge's texts escaped (the same few hundred on every reply, as `_folded`): the
# replies below hold no text of the reader's.
_escaped = lru_cache(maxsize=1024)(escape)


def title(knowledge: Knowledge, intent_id: str, lang: Lang) -> str:
    """The question an intent answers, as a button label or a list item (not escaped)."""
    intent = knowledge.intents.get(intent_id)
    if intent is None:  # a topic's aspect that no intent declares: "next_round.when"
        topic, _, aspect = intent_id.partition(".")
        label = knowledge.aspects[aspect].label[lang]
        return f"{_capital(knowledge.topics[topic].title[lang])}: {label}"
    if intent.title is not None:
        return intent.title[lang]
    return intent.examples[lang][0] if intent.examples[lang] else intent_id


def render(knowledge: Knowledge, match: Match) -> Reply:
    """Compose the reply for a verdict of the engine."""
    lang = match.lang
    messages = knowledge.messages
    if match.partial:
        return _not_reported(knowledge, match)
    if match.fallback or match.intent is None:
        topics = _topics(knowledge, match.guess)
        lines = [_escaped(messages.fallback[lang]), "", _escaped(messages.fallback_topics[lang])]
        lines += [f"• {_escaped(title(knowledge, topic, lang))}" for topic in topics]
        return Reply("\n".join(lines), topics)
    if match.unsure:
        lines = [_escaped(messages.did_you_mean[lang])]
        lines += [f"• {_escaped(title(knowledge, alt, lang))}" for alt in match.alternatives]
        return Reply("\n".join(lines), match.alternatives)
    if match.others and match.topic is not None:
        return _chronology(knowledge, (match.topic, *match.others), lang)
    if match.topic is not None and match.answered:  # "gdzie i kiedy…?"
        return _each(knowledge, match, match.topic, lang)
    intent = knowledge.intents.get(match.intent)
    if intent is not None:
        return answer(knowledge, intent, lang)
    assert match.topic is not None and match.aspect is not None  # noqa: S101 - a tagged pair
    heading = title(knowledge, match.intent, lang)
    return _compose(knowledge, heading, match.topic, match.aspect, lang)


def answer(knowledge: Knowledge, intent: Intent, lang: Lang) -> Reply:
    """The full answer of one intent: the direct answer first, then what supports it, then
    the quotes that add something (who said it, in their words)."""
    if intent.reply is not None:
        return Reply(_escaped(intent.reply[lang]), tuple(intent.related))
    heading = intent.title[lang] if intent.title is not None else ""
    if intent.aspect is not None and intent.topic is not None:
        return _compose(knowledge, heading, intent.topic, intent.aspect, lang, intent.related)
    return _message(
        knowledge, heading, list(intent.facts), list(intent.quotes), lang, intent.related
    )


def _compose(
    knowledge: Knowledge,
    heading: str,
    topic: str,
    aspect: str,
    lang: Lang,
    related: Sequence[str] = (),
) -> Reply:
    """The answer to one aspect of a topic: the facts tagged with both, one supporting fact
    of the topic when the direct answer is a single sentence, and the quotes tagged alike."""
    facts = knowledge.facts_answering(topic, aspect)
    if len(facts) == 1:
        facts += [fact for fact in knowledge.facts_answering(topic) if fact not in facts][:1]
    quotes = [
        quote.id
        for quote in knowledge.quotes.values()
        if quote.topic == topic and aspect in quote.aspects
    ]
    return _message(knowledge, heading, facts, quotes, lang, related or _siblings(knowledge, topic))


def _parts(items: tuple[str, ...], topic: str) -> list[tuple[str, str]]:
    """The parts of a question of several, as (topic, aspect): "when", "riyadh.when"."""
    return [(event or topic, aspect) for event, _, aspect in (i.rpartition(".") for i in items)]


def _labels(knowledge: Knowledge, items: tuple[str, ...], topic: str, lang: Lang) -> str:
    """ "gdzie, kiedy"; a part of another event with that event's title: "gdzie (następna
    runda konsultacji)"."""
    return ", ".join(
        knowledge.aspects[aspect].label[lang]
        + ("" if event == topic else f" ({knowledge.topics[event].title[lang]})")
        for event, aspect in _parts(items, topic)
    )


def _heading(knowledge: Knowledge, items: tuple[str, ...], topic: str, lang: Lang) -> str:
    """ "Spotkanie w Rijadzie: kiedy; Następna runda konsultacji: gdzie"."""
    groups: dict[str, list[str]] = {}
    for event, aspect in _parts(items, topic):
        groups.setdefault(event, []).append(knowledge.aspects[aspect].label[lang])
    return "; ".join(
        f"{_capital(knowledge.topics[event].title[lang])}: {', '.join(labels)}"
        for event, labels in groups.items()
    )


def _answering(knowledge: Knowledge, match: Match, topic: str) -> list[str]:
    """The facts that answer each part asked, in the order asked, each once: the event's
    facts of that aspect, or the person's ("who said it, and what is his role?")."""
    facts: list[str] = []
    for event, aspect in _parts(match.answered, topic):
        found = knowledge.facts_answering(event, aspect) or [
            f.id
            for f in knowledge.facts.values()
            if f.person is not None and f.person == match.person and aspect in f.aspects
        ]
        facts += [fact for fact in found if fact not in facts]
    return facts


def _each(knowledge: Knowledge, match: Match, topic: str, lang: Lang) -> Reply:
    """The answer to a question that asks several things ("gdzie i kiedy…?"): the direct
    answer to each, in the order asked, then one supporting fact when they are a single
    sentence; what the article does not say of it; then the quotes that add something.
    No fact is repeated."""
    answered = _parts(match.answered, topic)
    heading = _heading(knowledge, match.answered, topic, lang)
    facts = _answering(knowledge, match, topic)
    if len(facts) == 1:
        facts += [fact for fact in knowledge.facts_answering(topic) if fact not in facts][:1]
    quotes = [
        quote.id
        for quote in knowledge.quotes.values()
        if any(quote.topic == event and aspect in quote.aspects for event, aspect in answered)
    ]
    notice = ""
    if match.missing:
        what = _labels(knowledge, match.missing, topic, lang)
        notice = knowledge.messages.not_reported_also[lang].format(what=what)
    siblings = _siblings(knowledge, topic)
    return _message(knowledge, heading, facts, quotes, lang, siblings, notice)


def _chronology(knowledge: Knowledge, topics: tuple[str, ...], lang: Lang) -> Reply:
    """Which came first: the order when the topics give it, then when each took place (or
    that the article doesn't say when)."""
    messages = knowledge.messages
    names = [knowledge.topics[topic].title[lang] for topic in topics]
    known = len(topics) == 2 and knowledge.came_before(*topics)
    if known:
        heading = messages.order_known[lang].format(first=names[0], then=names[1])
    else:
        heading = messages.order_unknown[lang]
    lines = [f"<b>{_escaped(_capital(heading))}</b>"]
    shown: set[str] = set()
    for topic, name in zip(topics, names, strict=True):
        facts = [f for f in knowledge.facts_answering(topic, "when") if f not in shown]
        shown.update(facts)
        texts = [knowledge.facts[fact].text(lang) for fact in facts]
        texts = texts or [messages.order_no_date[lang].format(topic=_capital(name))]
        lines += [f"• {_escaped(text)}" for text in texts]
    return Reply("\n".join(lines), _siblings(knowledge, topics[0]))


def _message(
    knowledge: Knowledge,
    heading: str,
    facts: list[str],
    quotes: list[str],
    lang: Lang,
    related: Sequence[str],
    notice: str = "",
) -> Reply:
    """The heading, the facts as bullets, a `notice` after them (what a question of several
    parts asked that the article does not say), then the quotes that add something."""
    parts = [f"<b>{_escaped(heading)}</b>"] if heading else []
    texts = [knowledge.facts[fact].text(lang) for fact in facts]
    parts.append("\n".join(f"• {_escaped(text)}" for text in texts))
    parts.append(_escaped(notice))
    shown = _folded(" ".join(texts))
    for quote_id in quotes[:MAX_QUOTES]:
        quote = knowledge.quotes[quote_id]
        if _folded(quote.pl if lang == "pl" else quote.en).rstrip(".") in shown:
            continue  # a bullet already says it, word for word
        parts.append(_quote(knowledge, quote, lang))
    return Reply("\n\n".join(part for part in parts if part), tuple(related))


def _not_reported(knowledge: Knowledge, match: Match) -> Reply:
    """The honest partial answer: what is missing first, then what the article does say."""
    lang = match.lang
    messages = knowledge.messages
    person = knowledge.people[match.person].name[lang] if match.person else ""
    what = knowledge.aspects[match.aspect].label[lang] if match.aspect else ""
    if match.topic is None:
        facts = [f.id for f in knowledge.facts.values() if f.person == match.person]
        notice = _missing(messages, lang, what, person)
        return _message(knowledge, notice, facts, [], lang, ())
    topic = knowledge.topics[match.topic]
    if match.person and match.person not in topic.people:
        notice = messages.not_reported_person[lang].format(person=person, topic=topic.title[lang])
    elif match.person and match.aspect == "who" and match.person not in topic.took_part:
        notice = messages.not_taking_part[lang].format(person=person, topic=topic.title[lang])
    else:
        if match.missing:  # a question of several parts: all it misses
            what = _labels(knowledge, match.missing, match.topic, lang)
        notice = _missing(messages, lang, what, topic.title[lang])
    facts = _answering(knowledge, match, match.topic)  # the parts answered, first
    rest = [f for f in knowledge.facts_answering(match.topic) if f not in facts]
    facts += rest[: max(PARTIAL_FACTS - len(facts), 0)]
    return _message(knowledge, notice, facts, [], lang, _siblings(knowledge, match.topic))


def _missing(messages: Messages, lang: Lang, what: str, topic: str) -> str:
    """ "The article doesn't say (when: the next round)", or, when nothing asked has a
    name ("was it X or Y?" about what is off the article), that it lacks what is asked."""
    if what:
        return messages.not_reported[lang].format(what=what, topic=topic)
    return messages.not_reported_topic[lang].format(topic=topic)


def _siblings(knowledge: Knowledge, topic: str) -> tuple[str, ...]:
    """Other questions about the same topic, as follow-up buttons."""
    found = [i.id for i in knowledge.intents.values() if i.topic == topic and i.kind == "article"]
    return tuple(found[:FALLBACK_TOPICS])


def _quote(knowledge: Knowledge, quote: Quote, lang: Lang) -> str:
    speaker = knowledge.people[quote.speaker].name[lang]
    attribution = [speaker]
    if quote.via is not None:
        attribution.append(quote.via[lang])
    note = knowledge.messages.translation_note.get(lang, "")
    if note:
        attribution.append(note)
    text = f"„{quote.pl}”" if lang == "pl" else f"“{quote.en}”"
    return f"<blockquote>{_escaped(text)}\n— {_escaped(', '.join(attribution))}</blockquote>"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _topics(knowledge: Knowledge, guess: str | None = None) -> tuple[str, ...]:
    """What to suggest when the article has no answer: the best guess first (often what was
    meant), then the first article intents, in order."""
    article = [i.id for i in knowledge.intents.values() if i.kind == "article"]
    if guess in article:
        article.remove(guess)
        article.insert(0, guess)
    return tuple(article[:FALLBACK_TOPICS])


_TAG = re.compile(r"<[^>]+>")


def to_plain_text(message: str) -> str:
    """A readable console rendering of a reply: quotes indented, tags dropped, unescaped."""

    def indent(found: re.Match[str]) -> str:
        return "\n".join(f"  │ {line}" for line in found.group(1).split("\n"))

    text = re.sub(r"<blockquote>(.*?)</blockquote>", indent, message, flags=re.S)
    return html.unescape(_TAG.sub("", text))


TELEGRAM_LIMIT = 4096


def telegram_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units); tags make this an upper bound."""
    return len(text.encode("utf-16-le")) // 2


def split_message(message: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split a reply into messages Telegram accepts, never inside a tag or an entity.

    Blocks (separated by a blank line) are kept whole when they fit; a block that does not
    is split by lines, and a line by characters, with a blockquote re-opened in each part.
    """
    pieces = [piece for block in message.split("\n\n") for piece in _fit(block, limit)]
    return _pack(pieces, "\n\n", limit) or [""]


def _fit(block: str, limit: int) -> list[str]:
    if telegram_length(block) <= limit:
        return [block]
    opened, closed = "", ""
    if block.startswith("<blockquote>") and block.endswith("</blockquote>"):
        opened, closed = "<blockquote>", "</blockquote>"
        block = block[len(opened) : -len(closed)]
    room = limit - telegram_length(opened + closed)
    lines = [
        piece
        for line in block.split("\n")
        for piece in (_cut(line, room) if telegram_length(line) > room else [line])
    ]
    return [f"{opened}{part}{closed}" for part in _pack(lines, "\n", room)]


def _cut(line: str, room: int) -> list[str]:
    """Hard-split one over-long line of escaped text without breaking `&amp;` and friends."""
    plain = html.unescape(_TAG.sub("", line))
    return _pack([escape(char) for char in plain], "", room)


def _pack(pieces: list[str], separator: str, room: int) -> list[str]:
    """Join pieces greedily into as few parts of at most `room` as possible (each piece
    fits on its own); lengths add up, so this stays linear even for a character split."""
    parts: list[str] = []
    current: list[str] = []
    length = 0
    gap = telegram_length(separator)
    for piece in pieces:
        size = telegram_length(piece)
        if current and length + gap + size > room:
            parts.append(separator.join(current))
            current, length = [], 0
        length += (gap if current else 0) + size
        current.append(piece)
    if current:
        parts.append(separator.join(current))
    return [part for part in parts if part]

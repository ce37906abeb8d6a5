"""Understanding: topics and aspects, honest partial answers, follow-ups in context.

Rows are derived from the knowledge where they can be (every tagged topic and aspect is
asked generically), so a maintainer adding a topic breaks no row about another one."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answering import Answered, respond
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.conversation import CONTEXT_SECONDS, Conversation, Conversations
from bot.knowledge import Knowledge, load_knowledge
from bot.matching import Match
from bot.replies import to_plain_text
from bot.runtime import Brain
from bot.understanding import _about

_KNOWLEDGE = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
_PAIRS = sorted(
    {(f.topic, a) for f in _KNOWLEDGE.facts.values() if f.topic for a in f.aspects},
)


@pytest.mark.parametrize(("topic", "aspect"), _PAIRS, ids=[f"{t}.{a}" for t, a in _PAIRS])
def test_every_tagged_aspect_of_every_topic_is_answered(
    brain: Brain, topic: str, aspect: str
) -> None:
    """'<question form> <topic name>' in both languages gets the facts tagged with both."""
    for lang in ("pl", "en"):
        form = _KNOWLEDGE.aspects[aspect].forms[lang][0]
        name = _KNOWLEDGE.topics[topic].names[lang][0]
        match = respond(brain, f"{form} {name}?").match
        assert (match.topic, match.aspect, match.fallback) == (topic, aspect, False), lang
        facts = _KNOWLEDGE.facts_answering(topic, aspect)
        assert _KNOWLEDGE.facts[facts[0]].text(match.lang) in respond(
            brain, f"{form} {name}?"
        ).reply.html.replace("&quot;", '"')


def test_a_new_fact_is_answered_by_its_tags_without_examples() -> None:
    """The issue's promise: tag a fact with its topic and aspect, and generic questions
    find it with no new examples (here: an Alaska aspect no fact answered before)."""
    fact = _KNOWLEDGE.facts["trump_putin_alaska"].model_copy(
        update={
            "id": "alaska_duration",
            "aspects": ["duration"],
            "pl": "Spotkanie na Alasce trwało (przykład testowy).",
            "en": "The Alaska meeting lasted (a test example).",
        }
    )
    before = Brain.build(_KNOWLEDGE)
    assert respond(before, "jak długo trwało spotkanie na Alasce?").match.partial
    facts = MappingProxyType({**_KNOWLEDGE.facts, fact.id: fact})
    after = Brain.build(dataclasses.replace(_KNOWLEDGE, facts=facts))
    answered = respond(after, "jak długo trwało spotkanie na Alasce?")
    assert not answered.match.fallback
    assert "przykład testowy" in answered.reply.html


@pytest.mark.parametrize(
    ("question", "topic", "aspect"),
    [
        ("jaka jest dokładna data następnej rundy?", "next_round", "date"),
        ("w jakim mieście odbędzie się trzecia runda?", "next_round", "city"),
        ("gdzie odbędzie się trzecia runda?", "next_round", "where"),
        ("ile sankcji nałożył Trump?", "us_demands", "quantity"),
        ("what did Trump promise Putin?", "alaska", "about"),
        ("how many weapons did the US sell to Ukraine?", "security_council", "quantity"),
        ("Quantity of weapons?", "security_council", "quantity"),  # by the examples' event
        ("w którym roku było spotkanie w Rijadzie?", "riyadh", "year"),
        ("kiedy Trump i Putin znowu się spotkają?", "alaska", "when"),
        ("When did Interfax publish Lavrov's quote?", "lavrov_announcement", "published"),
        ("Kiedy Interfax opublikował słowa Ławrowa?", "lavrov_announcement", "published"),
        # why that place was chosen: the article does not say ("why" alone is the purpose)
        ("why turkey of all places?", "istanbul", "place_choice"),
        ("Why did they choose Istanbul?", "istanbul", "place_choice"),
        ("Dlaczego wybrano Rijad na pierwsze spotkanie?", "riyadh", "place_choice"),
        # what someone said back, in response: a reaction the article does not report
        ("What did Lavrov say back to Rubio in New York?", "un_meeting", "reaction"),
        # which projects: specifics the article does not give
        ("Jakie projekty energetyczne omawiano w Rijadzie?", "riyadh", "specifics"),
        ("What energy projects did they discuss in Riyadh?", "riyadh", "specifics"),
        ("Co Ławrow powiedział w odpowiedzi na wezwanie Rubio?", "un_meeting", "reaction"),
        ("Besides Lavrov and Rubio, which other officials took part?", "un_meeting", "others"),
        ("Jacy inni urzędnicy byli na spotkaniu w Nowym Jorku?", "un_meeting", "others"),
        ("Where in Alaska did the two presidents meet?", "alaska", "place_detail"),
        ("Where in Istanbul were the talks held?", "istanbul", "place_detail"),
        ("którego dnia sierpnia Trump spotkał się z Putinem?", "alaska", "date"),  # of the month
        ("who else was at the Alaska summit?", "alaska", "others"),
        ("which city in Alaska hosted the summit?", "alaska", "city"),
        ("the irritants, like what?", "next_round", "specifics"),  # "like what": which ones
        ("Kto ze strony USA siedział przy stole w Rijadzie?", "riyadh", "names"),  # at the table
        ("Czyja to wina, że nie było komunikatu?", "communique", "blame"),
        ("who was blamed for the missing communique?", "communique", "blame"),
        # the time of day is no date: the article gives days, never hours
        ("O której godzinie zaczęło się spotkanie w Stambule?", "istanbul", "hour"),
        ("At what time did the Riyadh meeting start?", "riyadh", "hour"),
        # a month is no season ("jesienią") nor an occasion (the General Assembly)
        ("W jakim miesiącu będzie następna runda?", "next_round", "month"),
        ("W którym miesiącu Rubio spotkał się z Ławrowem?", "un_meeting", "month"),
        ("Which irritants, for example?", "next_round", "specifics"),  # which ones
        ("Which particular irritants did the Russian minister list?", "next_round", "specifics"),
        ("How did Europe take the news of the third round?", "next_round", "reaction"),
        ("Wartość broni do sprzedaży Ukrainie?", "security_council", "quantity"),  # value
        ("What types of weapons would the US sell to Ukraine?", "security_council", "specifics"),
        ("Budynek rozmów w Stambule?", "istanbul", "place_detail"),  # a bare "building"
        ("Istanbul venue name?", "istanbul", "place_detail"),  # the venue's name, not the city
        ("Which particular irritants did the Russian minister list?", "next_round", "specifics"),
        ("Czym konkretnie są te drażniące elementy w relacjach?", "next_round", "specifics"),
        ("On which date in August did the Alaska meeting take place?", "alaska", "date"),
        ("W jakiej dacie odbył się szczyt na Alasce?", "alaska", "date"),
        ("What does Lavrov mean by irritants, exactly?", "next_round", "specifics"),
        ("Co Ławrow ma na myśli, mówiąc o drażniących elementach?", "next_round", "specifics"),
        ("Which Russian diplomats took part in the talks on the Bosphorus?", "istanbul", "names"),
        (
            "Którzy rosyjscy dyplomaci rozmawiali w Rijadzie?",
            "riyadh",
            "names",
        ),  # not "jacy": "jaką sprawę omawiali … dyplomaci" asks what
        # what came of a meeting, asked by its verbs: an outcome the article does not give
        ("Co dało spotkanie w Rijadzie?", "riyadh", "outcome"),
        ("czy w stambule cos osiagnieto", "istanbul", "outcome"),
        ("Jak się skończyło spotkanie na Alasce?", "alaska", "outcome"),
        ("Czy rozmowy w Stambule przyniosły jakiś skutek?", "istanbul", "outcome"),
        ("Did anything come out of the Riyadh talks?", "riyadh", "outcome"),
        ("What did the Istanbul meetings achieve?", "istanbul", "outcome"),
        ("Was the Alaska summit a success?", "alaska", "outcome"),
        ("any progress in riyadh?", "riyadh", "outcome"),
        ("co z tej alaski wyszlo", "alaska", "outcome"),
        ("how did riyadh go?", "riyadh", "outcome"),
        ("How did things turn out in Riyadh?", "riyadh", "outcome"),
        ("Jak wyszło w Rijadzie?", "riyadh", "outcome"),
        ("Czym skończyły się rozmowy w Stambule?", "istanbul", "outcome"),
        ("Was anything achieved in Alaska?", "alaska", "outcome"),
        ("Jest gdzieś napisane, co ustalono w Stambule?", "istanbul", "outcome"),  # no "gdzie"
        # whether an event is (or will be) a success: the article judges none
        ("Will the third round be a success?", "next_round", "outcome"),
        ("Czy trzecia runda będzie sukcesem?", "next_round", "outcome"),
        # when the demands were made is reported (past events), when they will bite is not
        ("When will the US impose the sanctions?", "us_demands", "when"),
        ("Kiedy Waszyngton zamierza nałożyć sankcje?", "us_demands", "when"),
    ],
)
def test_recognised_topic_unreported_aspect_is_a_partial_answer(
    brain: Brain, question: str, topic: str, aspect: str
) -> None:
    """It says first that the article doesn't say, then what it does say of the topic."""
    answered = respond(brain, question)
    match = answered.match
    assert (match.topic, match.aspect, match.partial, match.fallback) == (topic, aspect, True, True)
    assert match.intent is None
    notice = _KNOWLEDGE.messages.not_reported[match.lang].split("(")[0]
    assert to_plain_text(answered.reply.html).startswith(notice)
    first_fact = _KNOWLEDGE.facts[_KNOWLEDGE.facts_answering(topic)[0]].text(match.lang)
    assert first_fact.split()[0] in answered.reply.html


def test_a_partial_answer_asking_nothing_named_says_what_it_lacks_plainly(brain: Brain) -> None:
    """A question off the article about a topic, with no aspect the lexicon names ("that
    speech … about Poland"), is told the article lacks what it asks, with no empty label
    ("(?: …)"). ("…was it at the General Assembly or the Security Council?", this test's
    question before, is answered since an off-topic word in a lead clause no longer counts.)"""
    answered = respond(brain, "that tuesday speech at the security council - was it about Poland?")
    assert answered.match.partial and answered.match.aspect is None
    notice = _KNOWLEDGE.messages.not_reported_topic["en"].split("(")[0]
    text = to_plain_text(answered.reply.html)
    assert text.startswith(notice)
    assert "?:" not in text and "(:" not in text


def test_the_office_of_the_one_a_named_person_met_is_the_other_ones(brain: Brain) -> None:
    """Lavrov named as the one talked with: the office asked is Rubio's, not Lavrov's."""
    answered = respond(
        brain,
        "Kim jest w waszyngtońskiej administracji człowiek, który w Nowym Jorku rozmawiał "
        "z Ławrowem?",
    )
    assert answered.match.person == "rubio" and not answered.match.fallback
    assert "sekretarz stanu" in answered.reply.html.lower()


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        (
            "Are the planned consultations about bilateral relations or about the Middle East?",
            "next_round",
        ),
        ("Które spotkanie w Stambule było późniejsze – lutowe czy kwietniowe?", "istanbul"),
        ("wait, were the istanbul talks about embassies or something?", "istanbul"),
    ],
)
def test_a_choice_one_of_whose_options_the_article_reports_is_answered(
    brain: Brain, question: str, topic: str
) -> None:
    """A question that ends by offering options and names an event, with no question form
    read: the article's account of the event answers it when it has one of the options."""
    match = respond(brain, question).match
    assert (match.topic, match.fallback) == (topic, False)


@pytest.mark.parametrize(
    "question",
    [
        "Did the Riyadh talks happen in a palace or a tent?",  # neither option reported
        "Were the Istanbul talks friendly or tense?",
        "Nie pamiętam, czy ambasady wróciły do normalnej pracy po rozmowach w Stambule?",
        "did russia say if it will stop the war or not?",
        "A czy ambasady w Stambule wróciły?",  # "czy" opening a yes/no question offers none
    ],
)
def test_no_choice_offered_or_none_reported_stays_honest(brain: Brain, question: str) -> None:
    assert respond(brain, question).match.fallback


def test_a_person_not_reported_in_a_topic_is_attributed_nothing(brain: Brain) -> None:
    answered = respond(brain, "co Ławrow mówił w Rijadzie?")
    assert answered.match.partial and answered.match.person == "lavrov"
    assert "W artykule Siergiej Ławrow nie pojawia się" in answered.reply.html
    assert "<blockquote>" not in answered.reply.html  # no quote of his, here or anywhere


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("What did Putin say about Rubio?", "putin"),
        ("What did Peskov say about Rubio's warning?", "peskov"),
    ],
)
def test_of_two_people_the_one_named_first_is_the_subject(
    brain: Brain, question: str, person: str
) -> None:
    """The other one is what the subject spoke about: the article reports neither Putin nor
    Peskov saying anything of Rubio, so nothing is attributed to them."""
    match = respond(brain, question).match
    assert (match.person, match.partial, match.fallback) == (person, True, True)


def test_answered_as_far_as_the_article_goes(brain: Brain) -> None:
    """'When is the next round?' is answered (autumn, no exact date): not a fallback."""
    answered = respond(brain, "kiedy następna runda?")
    assert not answered.match.fallback
    assert "jesienią" in answered.reply.html


def test_the_direct_answer_comes_first(brain: Brain) -> None:
    html = respond(brain, "How long were the talks?").reply.html
    bullets = [line for line in html.splitlines() if line.startswith("• ")]
    assert "six hours" in bullets[0]
    assert "communiqué" in bullets[1]


def test_no_did_you_mean_when_the_answers_start_alike(brain: Brain) -> None:
    """The examples' "did you mean" between intents whose answers start with the same
    fact becomes the answer; between intents with different answers it stays."""
    first = {i: brain.understanding._first_fact(i) for i in _KNOWLEDGE.intents}
    alike = [(a, b) for a in first for b in first if a < b and first[a] and first[a] == first[b]]
    unlike = [
        (a, b) for a in first for b in first if first[a] and first[b] and first[a] != first[b]
    ]
    assert alike and unlike  # the shipped knowledge has both kinds of pair
    for pair in (alike[0], unlike[0]):
        unsure = Match("?", "pl", pair[0], 60.0, False, alternatives=pair, guess=pair[0])
        settled = brain.understanding._settle(unsure)
        assert settled.unsure is (pair is unlike[0])


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (["kiedy było spotkanie w Rijadzie?", "a o czym rozmawiano?"], ("riyadh", "about")),
        (["When did the talks in Istanbul take place?", "and where?"], ("istanbul", "where")),
        (["Kiedy Trump spotkał się z Putinem?", "a gdzie to było?"], ("alaska", "where")),
        (["what did Peskov announce?", "who reported it?"], ("peskov_announcement", "via")),
        (["kiedy następna runda?", "a po co?"], ("next_round", "why")),
        (
            ["What does Washington want from Moscow?", "and if Moscow doesn't comply?"],
            ("us_demands", "about"),
        ),
        (["Czego USA chcą od Rosji?", "a jeśli Rosja nie posłucha?"], ("us_demands", "about")),
        (["kiedy następna runda?", "a kto to ogłosił?"], ("next_round", "speaker")),
        (["who is Peskov?", "and what did he announce?"], ("peskov_announcement", "about")),
        (  # the event after it, asked what the first was asked ("what … about?")
            ["What was the first meeting in Riyadh about?", "and the one after that?"],
            ("istanbul", "about"),
        ),
        (
            ["Co Rubio powiedział w Radzie Bezpieczeństwa?", "a którego dnia?"],
            ("security_council", "day"),
        ),
        (["kiedy będzie trzecia runda?", "a ile się już odbyło?"], ("earlier_talks", "count")),
        (["Rubio spotkał się z Ławrowem?", "i co mu przekazał?"], ("un_meeting", "about")),
        (["ile tur już się odbyło?", "a następna?"], ("next_round", "when")),
        (
            ["Która agencja przytoczyła Ławrowa?", "a ile tur już było jego zdaniem?"],
            ("earlier_talks", "count"),
        ),
        (
            ["when is the third round?", "and how many have taken place so far?"],
            ("earlier_talks", "count"),
        ),
        (["What does the US want from Russia?", "otherwise?"], ("us_demands", "about")),
        (["Czego żądają Amerykanie od Rosji?", "a jak nie?"], ("us_demands", "about")),
        (["how many rounds so far?", "and the next one will be which?"], ("next_round", "ordinal")),
        (
            ["What did Rubio say about Trump's patience?", "Which meeting was that?"],
            ("security_council", "occasion"),
        ),
        (
            ["Who agreed the third round with Rubio?", "where did Lavrov say it?"],
            ("next_round", "via"),
        ),
        (["Where did Lavrov announce the next round?"], ("next_round", "via")),  # the UN presser
        (  # "the two": the two people talked about, and the event they share
            [
                "What position does Marco Rubio hold?",
                "And his Russian counterpart?",
                "Where did the two meet?",
            ],
            ("un_meeting", "where"),
        ),
        (["Kim jest Rubio?", "A Ławrow?", "Gdzie się spotkali?"], ("un_meeting", "where")),
        # no tense: of their two events, the one that reports where
        (["Kim jest Rubio?", "A Ławrow?", "Gdzie się widzieli?"], ("un_meeting", "where")),
        (  # the event stays the context of an honest "no": who did take part is answered
            ["Did Ukraine take part in the Riyadh meeting?", "Who did take part, then?"],
            ("riyadh", "who"),
        ),
        (  # Lavrov counted the rounds at that press conference
            [
                "Where did Lavrov hold his press conference?",
                "How many rounds had there been by then, per him?",
            ],
            ("lavrov_announcement", "count"),
        ),
        (  # Trump is not in the round: who announced it is its speaker, not his
            ["will trump attend the autumn round?", "who announced that round?"],
            ("next_round", "speaker"),
        ),
        (  # the one Lavrov agreed it with, then the two of them: where they met
            ["Z kim Ławrow uzgodnił trzecią turę?", "A kim on jest?", "Gdzie się widzieli?"],
            ("un_meeting", "where"),
        ),
        (  # an ordinal picks one of the event's own meetings, not the first round
            ["Kiedy była druga runda w Stambule?", "A pierwsza tam?"],
            ("istanbul", "when"),
        ),
        (["When was the second Istanbul meeting?", "And the first one?"], ("istanbul", "when")),
        # an ordinal cue is a word, not a typo of another ("ostatnie" is no "stanie")
        (["Kiedy były spotkania w Stambule?", "a ostatnie?"], ("istanbul", "when")),
        (["Gdzie było spotkanie w Rijadzie?", "a druga?"], ("istanbul", None)),
        # the next talks named only by "next": those after the event talked about; a round
        # stays Lavrov's next one
        (["Kiedy było spotkanie w Rijadzie?", "A kolejne rozmowy?"], ("istanbul", "when")),
        (["Kiedy było spotkanie w Rijadzie?", "a następna runda?"], ("next_round", "when")),
        (  # the answer's Rubio is not in the rounds so far: the rounds are asked, not he
            ["Z kim Ławrow uzgodnił trzecią turę?", "a ile tur juz bylo?"],
            ("earlier_talks", "count"),
        ),
        (["Czy Putin był w Rijadzie?", "a kiedy to było?"], ("riyadh", "when")),
        (
            ["to spotkanie na alasce, kto tam byl", "a rubio tez byl?", "kiedy to bylo?"],
            ("alaska", "when"),
        ),
        (  # the two, right after "with whom": where they met, not where the round will be
            ["Who did Lavrov agree the new round with?", "and where did the two meet?"],
            ("un_meeting", "where"),
        ),
        (["Z kim Ławrow uzgodnił trzecią turę?", "Gdzie się widzieli?"], ("un_meeting", "where")),
        # "what about" and an event only: the question asked before, of that event
        (["When was the Riyadh meeting?", "what about Istanbul?"], ("istanbul", "when")),
        (
            ["Where did Rubio and Lavrov meet?", "what about Trump and Putin?"],
            ("alaska", "where"),
        ),
        (["What was the Riyadh meeting about?", "what about Istanbul?"], ("istanbul", "about")),
        (  # "even" is no "event" (on what occasion); "say what those are" asks the details
            ["whats the next round even about", "did lavrov say what those are?"],
            ("next_round", "details"),
        ),
        # elliptical follow-ups by a bare noun or a colloquial verb
        (["O czym rozmawiano w Stambule?", "a przebieg?"], ("istanbul", "about")),
        (["What was discussed in Istanbul?", "and the location?"], ("istanbul", "where")),
        (["Kiedy było spotkanie w Rijadzie?", "a jak się skończyło?"], ("riyadh", "outcome")),
        (["When was the Riyadh meeting?", "how did it go?"], ("riyadh", "outcome")),
    ],
)
def test_follow_ups_are_answered_in_the_topic_of_the_conversation(
    brain: Brain, turns: list[str], expected: tuple[str, str]
) -> None:
    conversation = Conversation()
    for turn in turns:
        match = respond(brain, turn, conversation, now=100.0).match
    assert (match.topic, match.aspect) == expected


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("gdzie były kolejne rozmowy po Rijadzie?", "istanbul"),  # the event after the one named
        # "rokowania", "pertraktacje", "dialogue": the talks by their synonyms
        ("Kto ogłosił nowe rokowania z USA?", "next_round"),
        ("Gdzie odbyły się dotychczasowe pertraktacje?", "earlier_talks"),
        ("When is the next round of dialogue?", "next_round"),
        ("Was the third round postponed?", "next_round"),  # "postponed" is no "position"
        ("Czy Rosja zgodziła się na trzecią rundę?", "next_round"),  # no "godzina" (hour)
        (
            "In which US state did the American president sit down with the Russian leader?",
            "alaska",
        ),
        ("When did the Russians and Americans first meet in Istanbul?", "istanbul"),
        # "after" a generic word and the event's name: the event after it
        ("Gdzie odbyły się rozmowy po spotkaniu w Rijadzie?", "istanbul"),
        ("Where were the talks held after the meeting in Riyadh?", "istanbul"),
        # "is that right?" is no typo of "fight" (the war): the context names the event
        (
            "My friend says the Istanbul talks were in February only. Is that right, or when else?",
            "istanbul",
        ),
        ("In which city were the subsequent consultations held?", "istanbul"),  # past: next
        # "did": past, though "meet next" alone would ask about the round to come
        ("where did they meet next?", "istanbul"),
        ("when will they meet next?", "next_round"),
        ("Gdzie odbyły się kolejne konsultacje?", "istanbul"),  # "Kolejne konsultacje miały…"
        ("Kiedy odbędą się kolejne konsultacje?", "next_round"),
        ("What was said about the next talks?", "next_round"),  # said in the past, of what's next
        # "wcześniej zapowiadał" the negotiations: the article's words for Peskov's, not
        # the earlier rounds ("wcześniej" and "negocjacje" spell "poprzednie rozmowy")
        ("Kto wcześniej zapowiadał, czego będą dotyczyć negocjacje?", "peskov_announcement"),
        # "Jork" alone is New York: "Noym" mistyped (here read as "norm", normalisation)
        ("Jakie wydarzenie odbywało się wtedy w Noym Jorku?", "un_meeting"),
        ("Did Putin take part in the Alaska summit?", "alaska"),  # he did: answered
        # the presidents of both: the Alaska summit; "przy stole" again: the next round
        ("Gdzie spotkali się prezydenci USA i Rosji?", "alaska"),
        ("Ci dwaj ministrowie — gdzie się widzieli?", "un_meeting"),
        # "American diplomats" are not Rubio ("American diplomat" folds to the plural)
        ("How many times did Russian and American diplomats meet in Istanbul?", "istanbul"),
        (
            "the guy from the Kremlin, what did he say the negotiations would cover?",
            "peskov_announcement",
        ),
        ("and the later meetings?", "istanbul"),  # an event named is no "see you later"
        ("Which city hosted the follow-up consultations?", "istanbul"),  # hosted: the past
        ("Które miasto gościło kolejne konsultacje?", "istanbul"),
        # what he told journalists: at his press conference ("dziennikarzom" folds)
        (
            "Przy jakiej okazji szef rosyjskiej dyplomacji przekazał dziennikarzom te informacje?",
            "lavrov_announcement",
        ),
        ("Where did the US and Russian presidents meet?", "alaska"),
        ("Z jakim rosyjskim przywódcą spotkał się Trump?", "alaska"),
        (
            "Kto ogłosił, że Moskwa i Waszyngton spotkają się ponownie przy stole negocjacyjnym?",
            "next_round",
        ),
        ("Who announced that Moscow and Washington would be back at the table?", "next_round"),
        # a future question is not about the past event a sentence before it names
        ("Ławrow coś o tym mówił na konferencji. Kiedy to ma być?", "next_round"),
        ("Lavrov talked about it at his press conference. When will it be?", "next_round"),
        # and a past question is not about the round to come that the sentence before names
        (
            "Ławrow mówił, że były już tury rozmów. Trzecia ma być jesienią. Ile tur się odbyło?",
            "earlier_talks",
        ),
        # Lavrov by his office in the name of the New York talks
        ("Kto poinformował o treści rozmowy Rubio z szefem rosyjskiego MSZ?", "un_meeting"),
        # "before" an event, naming no other event nor anyone: the event it came after
        ("Na jakie tematy rozmawiano przed spotkaniami w Turcji?", "riyadh"),
        ("What was discussed before the Istanbul talks?", "riyadh"),
        # of two events as strongly named, the one that lacks no precise detail asked
        (
            "Pamiętam, że Ławrow mówił o tej trzeciej turze na jakiejś konferencji, ale nie "
            "kojarzę, gdzie to dokładnie było — w jakim miejscu to ogłosił?",
            "lavrov_announcement",
        ),
        # previewing what the talks would be about: Peskov's earlier announcement
        (
            "Someone previewed what the negotiations would be about. Who was it?",
            "peskov_announcement",
        ),
        # a claim put as a question is about what it names first; the rest may be wrong
        ("Pierwsza runda była w Stambule, prawda?", "riyadh"),
        ("Pierwsza runda była w Stambule, no nie?", "riyadh"),  # colloquial tags
        ("Jeśli się nie mylę, pierwsza runda odbyła się w Stambule?", "riyadh"),
        ("The first round was in Istanbul, yeah?", "riyadh"),  # "yeah" is no "year"
        ("As far as I remember, the first round was in Istanbul?", "riyadh"),
        ("The first round was in Istanbul, right?", "riyadh"),
        ("Trump met Putin in Riyadh, didn't he?", "alaska"),
        ("Lavrov said three rounds had already taken place, right?", "earlier_talks"),
        (
            "My cousin says Rubio and Lavrov met at a summit in Geneva — is that right, or not?",
            "un_meeting",
        ),
        # checked at the start ("Czy dobrze pamiętam, że…", "Wasn't the…"): "wasn't" is no "warn"
        ("Czy dobrze pamiętam, że spotkanie w Rijadzie było 27 lutego?", "riyadh"),
        ("Jeśli dobrze pamiętam, pierwsza runda była w Stambule?", "riyadh"),
        ("Wasn't the very first meeting held in Istanbul? Please check.", "riyadh"),
        ("Do I remember correctly that the first round was in Istanbul?", "riyadh"),
        ("Czy nie było tak, że pierwsza runda odbyła się w Stambule?", "riyadh"),
        # "that agency": the article's one agency, Interfax, which quotes Lavrov
        ("a kogo ta agencja cytuje?", "lavrov_announcement"),
        ("Whose words does that agency quote?", "lavrov_announcement"),
    ],
)
def test_which_event_a_question_is_about(brain: Brain, question: str, topic: str) -> None:
    match = respond(brain, question).match
    assert (match.topic, match.fallback) == (topic, False)


@pytest.mark.parametrize(
    ("turns", "person"),
    [
        (["Z kim Ławrow uzgodnił termin trzeciej rundy?", "a kim on jest?"], "rubio"),
        (["With whom did Trump meet in Alaska?", "who is he?"], "putin"),
        (["Z kim Rubio rozmawiał w Nowym Jorku?", "a kto to jest?"], "lavrov"),
        (["Kto ogłosił trzecią rundę?", "a kim on jest?"], "lavrov"),  # not "with whom"
        # "who did … agree … with": the English "with whom"
        (["Who did Lavrov agree the third round with?", "what's his job?"], "rubio"),
        (["Who announced the third round?", "what's his job?"], "lavrov"),
    ],
)
def test_with_whom_remembers_the_other_party(brain: Brain, turns: list[str], person: str) -> None:
    """ "Z kim…?" is answered with someone else than the person named: "he" is that one."""
    conversation = Conversation()
    for number, turn in enumerate(turns):
        match = respond(brain, turn, conversation, now=float(number)).match
    assert (match.person, match.topic, match.fallback) == (person, None, False)


@pytest.mark.parametrize(
    "question",
    [
        "when are Trump and Putin meeting next?",
        "Kiedy Trump i Putin spotkają się?",
        "Czy Trump i Putin planują kolejne spotkanie?",  # the next round is not theirs
        # "meet" is not "met", "spotkają się" is not "spotkali": no past tense read
        "Are Trump and Putin planning to meet again?",
        "Czy Trump i Putin spotkają się ponownie?",
    ],
)
def test_a_next_summit_is_not_reported(brain: Brain, question: str) -> None:
    """ "meeting next", "spotkają się": what is yet to come, which the article does not report
    of Trump and Putin (the Alaska summit is past)."""
    assert respond(brain, question).match.fallback


def test_a_follow_up_about_another_person(brain: Brain) -> None:
    conversation = Conversation()
    respond(brain, "kim jest Putin?", conversation, now=1.0)
    answered = respond(brain, "a Pieskow?", conversation, now=2.0)
    assert answered.match.intent == "who_peskov"
    assert "sekretarz prasowy" in answered.reply.html


def test_a_question_naming_another_topic_replaces_the_context(brain: Brain) -> None:
    conversation = Conversation()
    respond(brain, "kiedy było spotkanie w Rijadzie?", conversation, now=1.0)
    respond(brain, "a spotkanie na Alasce?", conversation, now=2.0)
    assert respond(brain, "a kiedy?", conversation, now=3.0).match.topic == "alaska"


def test_the_unreported_aspect_of_the_remembered_topic_is_a_partial_answer(
    brain: Brain,
) -> None:
    conversation = Conversation()
    respond(brain, "kiedy następna runda?", conversation, now=1.0)
    match = respond(brain, "a gdzie?", conversation, now=2.0).match
    assert (match.topic, match.aspect, match.partial) == ("next_round", "where", True)


def test_context_expires_after_ten_minutes(brain: Brain) -> None:
    conversation = Conversation()
    respond(brain, "kiedy było spotkanie w Rijadzie?", conversation, now=0.0)
    late = respond(brain, "a o czym rozmawiano?", conversation, now=CONTEXT_SECONDS + 1)
    assert late.match.topic != "riyadh"
    conversation = Conversation()
    respond(brain, "kiedy było spotkanie w Rijadzie?", conversation, now=0.0)
    soon = respond(brain, "a o czym rozmawiano?", conversation, now=CONTEXT_SECONDS - 1)
    assert soon.match.topic == "riyadh"


def test_conversations_are_kept_apart_and_bounded() -> None:
    store = Conversations(limit=2)
    first = store.get((1, None))
    assert store.get((1, None)) is first
    assert store.get((2, 7)) is not store.get((2, 8))
    assert len(store) == 2  # (1, None) was the least recently used


def test_a_tense_that_contradicts_the_context_starts_afresh(brain: Brain) -> None:
    conversation = Conversation()
    respond(brain, "kiedy było spotkanie w Rijadzie?", conversation, now=1.0)
    match = respond(brain, "kiedy znowu się spotkają?", conversation, now=2.0).match
    assert match.topic != "riyadh"


def test_the_shipped_knowledge_passes_leave_one_topic_out(knowledge: Knowledge) -> None:
    from bot.evaluation import leave_topic_out

    probes = leave_topic_out(knowledge)
    assert {probe.topic for probe in probes} == set(knowledge.topics)
    assert sum(p.answered for p in probes) >= 0.8 * sum(p.asked for p in probes)


_WORDS = sorted(
    {
        word
        for topic in _KNOWLEDGE.topics.values()
        for name in topic.names.all()
        for word in name.split()
    }
    | {word for a in _KNOWLEDGE.aspects.values() for form in a.forms.all() for word in form.split()}
    | {word for p in _KNOWLEDGE.people.values() for name in p.names.all() for word in name.split()}
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join), max_size=4))
def test_any_dialog_of_the_knowledge_words_gets_a_reply(brain: Brain, turns: list[str]) -> None:
    """Names, people and question forms in any order and combination, as a conversation:
    every turn gets a reply and a verdict that agree (no crash, no endless redirection)."""
    conversation = Conversation()
    for number, turn in enumerate(turns):
        answered = respond(brain, turn, conversation, now=float(number))
        assert answered.reply.html
        assert answered.match.fallback or answered.match.intent is not None


@pytest.mark.parametrize(
    ("question", "topic", "aspect"),
    [
        ("Na czym skupiały się rozmowy w Rijadzie i Stambule?", "earlier_talks", "about"),
        ("What did the earlier talks focus on?", "earlier_talks", "about"),
        (
            "Na jakim zgromadzeniu w Nowym Jorku spotkali się Rubio i Ławrow?",
            "un_meeting",
            "occasion",
        ),
        ("At what event did Rubio meet Lavrov?", "un_meeting", "occasion"),
        ("Jakich dni rozmawiano w Stambule?", "istanbul", "when"),
        # energy: what the talks so far covered; "touch on", "czy rozmawiano o" ask it
        ("Did the earlier talks touch on energy at all?", "earlier_talks", "about"),
        ("Czy rozmawiano o energetyce?", "earlier_talks", "about"),
        # what they dealt with, not what someone's job is ("czym zajmuje się Ławrow?")
        ("Czym zajmowali się dyplomaci podczas tych tureckich rund?", "istanbul", "about"),
        ("O jakich sprawach rozmawiali w Rijadzie?", "riyadh", "about"),
        # "mainly about": what about, however far from "what"
        (
            "What were the earlier meetings in Riyadh and Istanbul mainly about?",
            "earlier_talks",
            "about",
        ),
        ("What were the Istanbul talks mostly about?", "istanbul", "about"),
        # what the talks would aim at is what they are about ("aim" alone asks why)
        (
            "What did the Kremlin's spokesman say the talks would aim at between the two "
            "countries?",
            "peskov_announcement",
            "about",
        ),
        (
            "Do czego według rzecznika Kremla miały zmierzać rozmowy?",
            "peskov_announcement",
            "about",
        ),
        ("Czego głównie dotyczyły rozmowy w Rijadzie i Stambule?", "earlier_talks", "about"),
        ("Jakie dokładnie daty podaje artykuł dla spotkań w Turcji?", "istanbul", "date"),
        ("What exact dates does the article give for Istanbul?", "istanbul", "date"),
        ("Z kim Ławrow uzgodnił termin?", "next_round", "speaker"),
        # who reported someone's words is the outlet, not whose words they were
        ("who reported Lavrov's words?", "lavrov_announcement", "via"),
        ("Kto zacytował słowa Ławrowa?", "lavrov_announcement", "via"),
        ("Which institution reported on the Rubio–Lavrov meeting?", "un_meeting", "via"),
        # who gave an account of the talks of "szefowie obu dyplomacji": the State Department
        (
            "Jaki urząd w Waszyngtonie zrelacjonował rozmowę szefów obu dyplomacji?",
            "un_meeting",
            "via",
        ),
        ("Która instytucja zdała relację ze spotkania w Nowym Jorku?", "un_meeting", "via"),
        (
            "Which US office gave an account of the talk between the heads of both diplomacies?",
            "un_meeting",
            "via",
        ),
        (
            "Co poza sankcjami może zrobić Trump według Rubio w Radzie Bezpieczeństwa?",
            "security_council",
            "about",
        ),
        (
            "Która agencja przytoczyła słowa szefa rosyjskiego resortu spraw zagranicznych?",
            "lavrov_announcement",
            "via",
        ),
        ("Kto w imieniu Putina zapowiadał normalizację?", "peskov_announcement", "speaker"),
        (
            "Who said before the talks that relations would get back to normal?",
            "peskov_announcement",
            "speaker",
        ),
        ("Gdzie odbyło się inauguracyjne spotkanie delegacji?", "riyadh", "where"),
        ("In which Arab capital was the opening round held?", "riyadh", "city"),
        ("Kiedy Rubio upomniał Rosję?", "security_council", "when"),
        ("How many Istanbul meetings were there?", "istanbul", "count"),
        ("Ile ich było w Stambule?", "istanbul", "count"),
        ("Co Rubio powiedział, że Trump jest gotów zrobić?", "security_council", "about"),
        ("What is the State Department's position on the war?", "un_meeting", "about"),
        ("Na jakim wydarzeniu Ławrow zapowiedział trzecią rundę?", "next_round", "occasion"),
        ("Czy Ławrow podał jakieś konkrety na temat nowej rundy?", "next_round", "details"),
        # the details asked of what was said, not what it was about
        ("a lawrow powiedzial cos konkretnie, jakies detale?", "next_round", "details"),
        (
            "Was the Russian minister specific about what the upcoming talks would look like?",
            "next_round",
            "details",
        ),
        (
            "Jak nazywa się ten, kto zapowiadał normalizację stosunków?",
            "peskov_announcement",
            "speaker",
        ),  # a name asked of what was said: its speaker
        ("Gdzie szef rosyjskiego MSZ ogłosił trzecią rundę?", "next_round", "via"),  # the
        # description between "gdzie" and "ogłosił" does not part them
        # Reported speech keeps its own tense and question words out of the question's:
        ("Gdzie Rubio ostrzegł Rosję, że Trump nie będzie czekał?", "security_council", "where"),
        ("gdzie rubio ostrzegl rosje, ze trump nie bedzie czekal", "security_council", "where"),
        (
            "Na jakim posiedzeniu Rubio przestrzegł, że cierpliwość Trumpa się skończy?",
            "security_council",
            "occasion",
        ),
        (
            "Kiedy Rubio powiedział, że Trump będzie gotów sprzedać broń?",
            "security_council",
            "when",
        ),
        # What was said of the next round was said in the past:
        ("Did Lavrov give any details?", "next_round", "details"),
        (
            "Gdzie doszło do spotkania gospodarza Białego Domu z gospodarzem Kremla?",
            "alaska",
            "where",
        ),
        (
            "Do czego sekretarz stanu, powołując się na prezydenta Rosji, wezwał Moskwę?",
            "un_meeting",
            "about",
        ),  # no event has all three: the one asked about
        ("Do czego Rubio wezwał Rosjan w imieniu prezydenta?", "un_meeting", "about"),
        # "kolejne" asks what came next, in no tense ("upcoming" folds into it):
        ("Ale co po Rijadzie — gdzie toczyły się kolejne konsultacje?", "istanbul", "where"),
        ("What did the State Department say Rubio told Lavrov?", "un_meeting", "about"),
        ("What was America's top diplomat prepared to threaten?", "security_council", "about"),
        ("Which Gulf capital hosted the opening session?", "riyadh", "where"),
        ("What is Trump prepared to do?", "security_council", "about"),
        ("What did Rubio and Lavrov talk about in New York?", "un_meeting", "about"),
        # the call Rubio repeated names the New York meeting, not the Security Council:
        ("Jakie wezwanie przekazał Rubio?", "un_meeting", "about"),
        ("What did Rubio urge Russia to do?", "un_meeting", "about"),
        # eliminating irritants in bilateral relations is the next round's stated goal:
        ("Czego wyeliminowanie ma być celem jesiennej rundy?", "next_round", "why"),
        ("What should the talks eliminate from bilateral relations?", "next_round", "about"),
        ("Which agency does the article cite for Lavrov's words?", "next_round", "via"),
        # which side's people met is the side ("White House representatives"), not names:
        ("Kto po stronie USA rozmawiał z Rosjanami w Rijadzie?", "riyadh", "side"),
        ("Who from the American side was in Riyadh?", "riyadh", "side"),
        # an "after" word right before an event's one-word name asks what came after it:
        ("Co omawiano po Rijadzie?", "istanbul", "about"),
        ("When did the talks after Riyadh take place?", "istanbul", "when"),
        ("Where were the later talks held?", "istanbul", "where"),  # "kolejne konsultacje"
        ("Where did Lavrov speak of the next round?", "next_round", "via"),  # the UN presser
        # "konkretne tematy": the topics, which the article names, not "which ones exactly":
        ("Jakie konkretne tematy omawiano w Stambule?", "istanbul", "about"),
        ("What specific topics were covered in Riyadh?", "riyadh", "about"),
        ("Czy te rozmowy są dwustronne czy wielostronne?", "next_round", "about"),  # bilateral
        ("Whom did Lavrov sit down with in New York?", "un_meeting", "who"),
        ("W stolicy którego kraju odbyło się pierwsze spotkanie?", "riyadh", "where"),
        ("Jaką wojnę chcą zakończyć Amerykanie?", "us_demands", "about"),
        ("Czym USA straszą Rosję?", "us_demands", "about"),
        ("What practical matter came up in Istanbul?", "istanbul", "about"),  # not "reaction"
        ("What did Lavrov say to journalists?", "lavrov_announcement", "about"),  # presser
        ("According to Rubio, what about Trump has limits?", "security_council", "about"),
        ("Who put out what Rubio told Lavrov?", "un_meeting", "via"),  # the State Department
        ("Jaka instytucja podała, co Rubio powiedział Ławrowowi?", "un_meeting", "via"),
        ("Na czym koncentrowały się poprzednie rozmowy?", "earlier_talks", "about"),
        ("What did the earlier talks concentrate on?", "earlier_talks", "about"),
        ("Rubio warned of consequences. What consequences?", "security_council", "about"),
        ("Did he at least say which round the autumn one is?", "next_round", "ordinal"),
        ("czyja cierpliwosc sie konczy wg rubio", "security_council", "who"),  # whose: who
        ("Czytałem o cierpliwości Trumpa: co powiedział Rubio?", "security_council", "about"),
        ("Whose patience is running out, according to Rubio?", "security_council", "who"),
        # "mówił" is past like "did … say": what he said "będzie" is not the next round
        ("co pieskow mowil ze bedzie tematem negocjacji", "peskov_announcement", "about"),
        (  # the venue of the conference, not of the round named in what he said there
            "The venue of the press conference where Lavrov said that he and Rubio had agreed"
            " on a third round this autumn?",
            "lavrov_announcement",
            "where",
        ),
        # an event named right after "przed"/"before" dates the question, it is not its subject
        (
            "Kto przed rozmowami w Stambule zapowiadał normalizację?",
            "peskov_announcement",
            "speaker",
        ),
        (
            "Who, before the talks in Istanbul, spoke of normalising diplomatic ties?",
            "peskov_announcement",
            "speaker",
        ),
        # two questions joined by "i": "dokładnie" belongs to "z kim", not to "na kiedy"
        (
            "Z kim dokładnie Ławrow to uzgodnił i na kiedy planowana jest trzecia tura?",
            "next_round",
            "speaker",
        ),
        # "czym odpowie" asks what he would do; "zmienić kurs" is no exchange rate
        (
            "Czym Trump jest gotów odpowiedzieć, jeśli Kreml nie zmieni kursu?",
            "security_council",
            "about",
        ),
        (
            "Jaki obszar obok dyplomacji dominował w dotychczasowych spotkaniach?",
            "earlier_talks",
            "about",
        ),
        ("What area besides diplomacy dominated the earlier talks?", "earlier_talks", "about"),
        (
            "The State Department said Rubio asked for steps from Moscow towards what?",
            "un_meeting",
            "about",
        ),
        ("Gdzie Ławrow przekazał informację o trzeciej turze?", "next_round", "via"),  # the presser
        ("Co według Rubio może się Trumpowi wyczerpać?", "security_council", "about"),
        (  # "w rozmowie z sekretarzem stanu": the other party, not who Rubio is
            "Kto reprezentował Rosję w rozmowie z sekretarzem stanu USA w Nowym Jorku?",
            "un_meeting",
            "side_ru",
        ),
        (  # the one he agreed with is named by what he said
            "Which American official did Lavrov say he agreed the third round with?",
            "next_round",
            "speaker",
        ),
        ("W jakim mieście pierwszy raz usiedli do stołu z Rosjanami?", "riyadh", "city"),
        # a question word in any case: "o jakich sprawach" is "jakie sprawy"
        ("O jakich sprawach rozmawiano na pierwszym spotkaniu w Rijadzie?", "riyadh", "about"),
        (  # "jakimś" (some) asks nothing: not "jakie … konkretnie"
            "W artykule jest mowa o jakimś ostrzeżeniu Rubio. Czego konkretnie dotyczyło?",
            "security_council",
            "about",
        ),
        ("Na jaką porę roku zaplanowano kolejną rundę?", "next_round", "when"),
        # the Middle East is where Riyadh is; "which cities exactly" asks the cities
        ("W jakim mieście na Bliskim Wschodzie się spotkali?", "riyadh", "city"),
        # what about, by the reader's own verbs and nouns (program, debatowano, nad czym,
        # czemu poświęcona; work on, debated, devoted to) and behind "I'd like to know"
        ("Jaki był program rozmów w Stambule?", "istanbul", "about"),
        ("nad czym debatowano w stambule", "istanbul", "about"),
        ("Czemu ma być poświęcona trzecia runda?", "next_round", "about"),
        ("What did the diplomats work on in Istanbul?", "istanbul", "about"),
        ("What will the third round be devoted to?", "next_round", "about"),
        ("I'd like to know what they discussed in Istanbul.", "istanbul", "about"),
        # why, by its nouns and phrasings: zamiar, z jakiej przyczyny; what's … for, rationale
        ("Jaki jest zamiar kolejnej rundy?", "next_round", "why"),
        ("Jaki jest sens kolejnej rundy?", "next_round", "why"),  # "send" is no "sens"
        ("Co było na porządku obrad w Rijadzie?", "riyadh", "about"),
        # requests to tell about an event ask what it was about; "opowiedz" is no "odpowiedź"
        ("Opowiedz mi o rozmowach w Stambule.", "istanbul", "about"),
        ("Walk me through the Istanbul talks.", "istanbul", "about"),
        ("What was the gist of the Istanbul talks?", "istanbul", "about"),
        ("Z jakiej przyczyny spotkali się w Stambule?", "istanbul", "why"),
        ("What's the third round for?", "next_round", "why"),
        ("What is the rationale for the next round?", "next_round", "why"),
        ("I wonder why there is a third round.", "next_round", "why"),
        (
            "I heard there were talks in the Middle East and in Turkey. Which cities exactly?",
            "earlier_talks",
            "city",
        ),
        # the channel asked as an intermediary: "za czyim pośrednictwem", "through which"
        ("Za czyim pośrednictwem znamy słowa Ławrowa?", "lavrov_announcement", "via"),
        ("Through which agency did Lavrov's words reach us?", "lavrov_announcement", "via"),
        # what a side can do, asked by its means: "czym może", "what would"
        ("Czym Trump może ukarać Rosję?", "us_demands", "about"),
        # revealing "anything closer" asks the details; "further" is one more "next"
        ("Czy Ławrow zdradził coś bliższego o jesiennej rundzie?", "next_round", "details"),
        ("Who announced a further round of consultations?", "next_round", "speaker"),
        # "two measures … foreign minister" is no "the two foreign ministers" (New York)
        (
            "What two measures did Rubio say the American president is ready to take?",
            "security_council",
            "about",
        ),
        ("a w Stambule to były jedne rozmowy czy więcej?", "istanbul", "count"),
        ("In which month did Trump meet Putin?", "alaska", "month"),
        ("Rounds so far, per Lavrov?", "earlier_talks", "count"),
        ("W jakim mieście na Półwyspie Arabskim zaczęła się seria rozmów?", "riyadh", "city"),
        # a lead clause before a colon is context: its words ("background") ask nothing
        (
            "For the background paragraph I want to mention the leaders summit as well: in "
            "which month did Trump and Putin meet?",
            "alaska",
            "month",
        ),
        # a clause that opens as a question is the question, colon or not
        (
            "Które ze spotkań było pierwsze: to w saudyjskiej stolicy czy to w tureckiej "
            "metropolii?",
            "riyadh",
            "when",
        ),
    ],
)
def test_paraphrased_question_forms_find_the_aspect(
    brain: Brain, question: str, topic: str, aspect: str
) -> None:
    """Ways of asking that no example foresaw ("na czym się skupiały", "at what event")."""
    match = respond(brain, question).match
    assert (match.topic, match.aspect, match.fallback) == (topic, aspect, False)


@pytest.mark.parametrize(
    ("question", "topic", "aspect"),
    [
        (
            "Ile tur negocjacji odbyło się według szefa rosyjskiej dyplomacji?",
            "earlier_talks",
            "count",
        ),
        ("Where was Lavrov's press conference held?", "lavrov_announcement", "where"),
        ("a z kim się spotkał Rubio?", "un_meeting", "who"),
        # the examples' event (Rubio's meeting with Lavrov) does not report how many
        ("Ile tur według Ławrowa?", "earlier_talks", "count"),
        # agreed in the past on what is to come: the one event of theirs that reports it
        ("What did Rubio and Lavrov agree on?", "next_round", "outcome"),
        # Peskov's one reported statement names what the negotiations were to achieve
        (
            "What was the goal of the negotiations according to Peskov?",
            "peskov_announcement",
            "why",
        ),
        (
            "Po co według rzecznika prasowego Kremla miały być te negocjacje?",
            "peskov_announcement",
            "why",
        ),
    ],
)
def test_a_person_and_an_aspect_find_the_event_that_reports_them(
    brain: Brain, question: str, topic: str, aspect: str
) -> None:
    """No event named: the one event of the person's that reports what is asked."""
    match = respond(brain, question).match
    assert (match.topic, match.aspect, match.fallback) == (topic, aspect, False)


@pytest.mark.parametrize(
    "question",
    [
        "W którym mieście był Ławrow?",
        "Od kiedy Rubio jest sekretarzem stanu?",
        "where does Lavrov live?",  # only his name and "does" are in his events' words
    ],
)
def test_a_person_and_an_aspect_no_event_decides_is_not_guessed(
    brain: Brain, question: str
) -> None:
    assert respond(brain, question).match.fallback


@pytest.mark.parametrize(
    "turns",
    [
        ["kim jest Ławrow?", "a co na to Ławrow?"],  # his reaction: not who he is
        ["kto to jest Pieskow?", "a jak długo pełni tę funkcję?"],
        ["Jaka agencja cytowała Ławrowa?", "a kiedy była ta konferencja?"],  # no date of it
        ["w którym roku było spotkanie w Rijadzie?", "a następne?"],  # still the year
        ["kiedy będzie następna runda?", "a kto w niej weźmie udział?"],  # who will: not said
        ["When's the next round?", "who'll attend?"],  # "'ll" is "will": who will, not who said
        ["Date of the Security Council meeting?"],  # "on Tuesday" is no date
        ["Jaką datę miało posiedzenie Rady Bezpieczeństwa?"],
        ["Which sanctions has the US already imposed?"],  # "further sanctions" names none
        ["What was Lavrov's reply to Rubio in New York?"],  # no reaction reported
        ["Jaka była odpowiedź Ławrowa w Nowym Jorku?"],
        ["Who met the Russians in Riyadh?", "and who was on the US side by name?"],
        ["co Ławrow odpowiedział Rubio?"],  # the examples find the meeting; no reply reported
        ["Czy Pieskow mówił coś o sankcjach?"],  # he is not reported in the US demands
        ["Czy Trump i Putin planują kolejne spotkanie?"],  # nor they in the next round
        # whether someone took part: one the article does not report there did not, as far
        # as it says, even though "brał udział" asks who took part
        ["Czy Putin brał udział w spotkaniu w Rijadzie?"],
        ["Did Rubio take part in the Istanbul talks?"],
        ["What did Rubio warn Russia about?", "which day was that?", "ok but the actual date?"],
        ["Kiedy było spotkanie na Alasce?", "a faktyczna data?"],
        # "the date" after the day was given asks more than the day: no date is reported
        ["What did Rubio say at the Security Council?", "which day was that?", "and the date?"],
        # who took part, then someone the event does not report: not as far as it says
        ["to spotkanie na alasce, kto tam byl", "a rubio tez byl?"],
        ["Who took part in the Riyadh meeting?", "and Lavrov?"],
    ],
)
def test_follow_ups_that_ask_what_the_article_does_not_report(
    brain: Brain, turns: list[str]
) -> None:
    conversation = Conversation()
    for turn in turns:
        match = respond(brain, turn, conversation, now=100.0).match
    assert match.fallback


@pytest.mark.parametrize(
    ("question", "person"),
    [
        (
            "Jeszcze przed rozmowami w Stambule ktoś z otoczenia Putina zapowiadał, czego będą"
            " dotyczyć negocjacje. Kto to był?",
            "peskov",
        ),  # Istanbul only dates it; the president's entourage is his press secretary
    ],
)
def test_who_a_description_dated_by_another_event_is(
    brain: Brain, question: str, person: str
) -> None:
    match = respond(brain, question).match
    assert (match.person, match.fallback) == (person, False)
    assert _KNOWLEDGE.people[person].name.pl in respond(brain, question).reply.html


@pytest.mark.parametrize(
    "question",
    [
        "Who did Lavrov agree the date of the third round with?",
        "What's the name of America's top diplomat with whom Moscow agreed on further talks?",
    ],
)
def test_with_whom_asks_the_other_party_not_what_was_agreed(brain: Brain, question: str) -> None:
    """The date agreed, or a name asked of the one agreed with: the answer is Rubio."""
    answered = respond(brain, question)
    assert not answered.match.fallback
    assert "Rubio" in answered.reply.html


@pytest.mark.parametrize(
    "message",
    [
        "I know there were two rounds in Turkey. I'm trying to pin down the later one. When"
        " exactly was it?",
        "Czytałem, że spotykali się kilka razy w Turcji. Interesuje mnie pierwsze z tych"
        " spotkań. Kiedy do niego doszło?",
    ],
)
def test_an_order_word_in_a_message_refers_to_the_events_named_before(
    brain: Brain, message: str
) -> None:
    """ "The later one", "pierwsze z tych spotkań": of the Istanbul meetings, not the next
    round nor the first meeting of all (Riyadh)."""
    match = respond(brain, message).match
    assert (match.topic, match.fallback) == ("istanbul", False)


@pytest.mark.parametrize(
    ("question", "topic", "person", "took_part"),
    [
        ("Czy Trump brał udział w spotkaniu Rubio z Ławrowem?", "un_meeting", "trump", False),
        ("Did Trump attend the Security Council session?", "security_council", "trump", False),
        ("Czy Ławrow brał udział w spotkaniu z Rubio?", "un_meeting", "lavrov", True),
        ("Did Putin take part in the Alaska meeting?", "alaska", "putin", True),
        # `meets`: whether one met another there, or showed up, is whether they took part
        ("Czy Ławrow spotkał się w Nowym Jorku także z Trumpem?", "un_meeting", "trump", False),
        ("did lavrov meet trump too while he was in new york?", "un_meeting", "trump", False),
        ("Czy Trump osobiście pojawił się na Zgromadzeniu ONZ?", "un_meeting", "trump", False),
        ("Did Trump meet Putin in Alaska?", "alaska", "trump", True),
    ],
)
def test_whether_someone_took_part_is_what_the_article_reports_of_the_event(
    brain: Brain, question: str, topic: str, person: str, took_part: bool
) -> None:
    """`participants`: one the event names (Trump, whose call was relayed) is not said to
    have taken part; the reply says so, not that the article doesn't mention him."""
    answered = respond(brain, question)
    match = answered.match
    assert (match.topic, match.person, match.fallback) == (topic, person, not took_part)
    lang = match.lang
    notice = _KNOWLEDGE.messages.not_taking_part[lang].split("{person}")[1].split("{topic}")[0]
    assert (notice in to_plain_text(answered.reply.html)) is not took_part


@pytest.mark.parametrize(
    "question",
    [
        # "meeting" is no "met": the State Department is not said to have met anyone
        "Czy Departament Stanu coś napisał po spotkaniu Rubio z Ławrowem? Widziałem jakiś cytat"
        " o zabijaniu i nie do końca wiem, czego on dotyczył i kto to mówił.",
        "Did the State Department say anything after the meeting with Lavrov?",
    ],
)
def test_a_meeting_named_is_no_question_whether_someone_met(brain: Brain, question: str) -> None:
    match = respond(brain, question).match
    assert (match.topic, match.fallback) == ("un_meeting", False)


@pytest.mark.parametrize(
    ("question", "topic", "aspect", "answered"),
    [
        # the American side of Riyadh is named (White House representatives), though "z
        # Rosjanami" follows: the form with no words between its own is the one asked
        ("Kto ze strony amerykańskiej spotkał się z Rosjanami w Rijadzie?", "riyadh", "side", True),
        ("Kto ze strony rosyjskiej był w Rijadzie?", "riyadh", "side_ru", False),  # "Rosjanie"
        ("Who represented the Russian side at the Istanbul talks?", "istanbul", "side_ru", False),
        ("Kto reprezentował Rosję w Nowym Jorku?", "un_meeting", "side_ru", True),  # Lavrov
        # `narrows`: who took part, with a side's words anywhere, asks who represented it
        ("kto był w Stambule ze strony amerykańskiej?", "istanbul", "side", False),
        ("who attended the Istanbul talks from the Russian side?", "istanbul", "side_ru", False),
        ("Kto był w Nowym Jorku ze strony rosyjskiej?", "un_meeting", "side_ru", True),
        # a side asked already is not narrowed into the other ("z Rosjanami" is the other)
        ("Kto ze strony amerykańskiej rozmawiał z Rosjanami w Rijadzie?", "riyadh", "side", True),
        (
            "Kto ze strony amerykańskiej rozmawiał w Rijadzie z przedstawicielami ze strony"
            " rosyjskiej?",
            "riyadh",
            "side",
            True,
        ),
    ],
)
def test_the_side_asked_is_answered_where_the_article_names_it(
    brain: Brain, question: str, topic: str, aspect: str, answered: bool
) -> None:
    match = respond(brain, question).match
    assert (match.topic, match.aspect, match.fallback) == (topic, aspect, not answered)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("How did Kyiv take the news of the third round?", "next_round"),
        ("Czy Ukraina brała udział w rozmowach w Rijadzie?", "riyadh"),
    ],
)
def test_ukraine_in_an_event_the_article_does_not_report_it_in(
    brain: Brain, question: str, topic: str
) -> None:
    """Ukraine is a party the article names in the US demands only: nothing is attributed
    to it elsewhere, and the reply says so in words that fit a country."""
    answered = respond(brain, question)
    assert (answered.match.topic, answered.match.person, answered.match.fallback) == (
        topic,
        "ukraine",
        True,
    )
    assert _KNOWLEDGE.people["ukraine"].name[answered.match.lang] in answered.reply.html


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # a kind of something broader than what the article names: the weapons are the kind
        ("What kind of help might Trump sell to Kyiv?", True),
        ("Jakiego rodzaju pomoc Trump może sprzedać Ukrainie?", True),
        # a kind of what the article names without its kinds: not reported
        ("What kind of sanctions?", False),
        ("Jakiego rodzaju sankcje grożą Rosji?", False),
    ],
)
def test_what_kind_asks_specifics_only_of_what_the_article_names(
    brain: Brain, question: str, answered: bool
) -> None:
    match = respond(brain, question).match
    assert match.fallback is not answered
    assert (match.aspect == "specifics") is not answered


@pytest.mark.parametrize(
    ("question", "topic", "aspect"),
    [
        ("Jaki cel ma mieć nowa runda konsultacji?", "next_round", "why"),  # not "miesiąc"
        ("Peskov's prediction?", "peskov_announcement", "about"),
    ],
)
def test_common_words_are_read_as_what_they_are(
    brain: Brain, question: str, topic: str, aspect: str
) -> None:
    match = respond(brain, question).match
    assert (match.topic, match.aspect, match.fallback) == (topic, aspect, False)


def test_a_semicolon_ends_the_context_before_the_question(brain: Brain) -> None:
    """ "…met again in Istanbul; what did they discuss there?": the question after the
    semicolon is what is asked, the clause before it (naming Riyadh first) its context."""
    match = respond(
        brain,
        "After the first meeting in Riyadh, Russian and American diplomats met again in"
        " Istanbul; what practical matter concerning both countries' diplomatic missions did"
        " they discuss there?",
    ).match
    assert (match.topic, match.aspect, match.fallback) == ("istanbul", "about", False)


@pytest.mark.parametrize(
    ("message", "topic", "aspect"),
    [
        (
            "Słuchałem radia i nie dosłyszałem, gdzie Ławrow miał tę konferencję."
            " Możecie mi przypomnieć?",
            "lavrov_announcement",
            "where",
        ),
        (
            "My teacher asked us, which agency quoted Lavrov about the new round. Can you"
            " remind me?",
            "next_round",
            "via",
        ),
    ],
)
def test_a_request_that_names_nothing_asks_the_question_told_before_it(
    brain: Brain, message: str, topic: str, aspect: str
) -> None:
    """ "Możecie mi przypomnieć?" asks what the sentence before asks in a clause of its own."""
    match = respond(brain, message).match
    assert (match.topic, match.aspect, match.fallback) == (topic, aspect, False)


@pytest.mark.parametrize(
    "message",
    [
        # only tells, in no clause that asks ("next month" is no "when?")
        "I'm planning a trip to Lisbon next month. Can you remind me?",
        # asks its own question at length, not the one told before it
        "Wybieram się w przyszłym tygodniu w góry i zastanawiam się, który szlak będzie"
        " najlepszy. Co byście polecili na jednodniową wycieczkę z dzieckiem, żeby nie było"
        " za ciężko?",
    ],
)
def test_a_question_is_not_taken_from_a_sentence_that_only_tells(
    brain: Brain, message: str
) -> None:
    match = respond(brain, message).match
    assert (match.topic, match.aspect) == (None, None)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        # the event a few words after "before" dates what is asked; "before which body"
        # asks where
        (
            "Before the diplomats met in Istanbul, a Kremlin official previewed the agenda."
            " What did he say the negotiations would cover?",
            "peskov_announcement",
        ),
        ("Before which UN body did America's chief diplomat caution Moscow?", "security_council"),
    ],
)
def test_an_event_after_before_dates_the_question(brain: Brain, question: str, topic: str) -> None:
    match = respond(brain, question).match
    assert (match.topic, match.fallback) == (topic, False)


def test_what_is_set_aside_is_neither_the_event_nor_what_is_asked(brain: Brain) -> None:
    """ "oprócz sankcji" does not ask "jakie sankcje" (which ones exactly) of the sanctions."""
    question = "Jakie kroki, poza sankcjami, jest gotów podjąć Trump?"
    reading = brain.understanding.reader.read(brain.engine.analyse(question))
    assert (reading.topics, reading.aspects) == (("security_council",), ("about",))
    assert "broni" in respond(brain, question).reply.html


@pytest.mark.parametrize(
    ("question", "time"),
    [
        # a verb's tense is in its ending, which the stem (and "meeting") does not keep
        ("When did Trump meet Putin?", "past"),
        ("Kiedy Trump spotkał się z Putinem?", "past"),
        ("Are Trump and Putin planning to meet again?", "future"),
        ("Czy Trump i Putin spotkają się ponownie?", "future"),
        ("Gdzie było spotkanie w Rijadzie?", "past"),
        ("Kiedy odbędzie się kolejne spotkanie?", "future"),
        ("What was the meeting in Riyadh about?", "past"),
        ("Did Rubio and Lavrov meet in New York?", "past"),
        # what is set aside or dated has its own tense: "planowanych" is not the question's
        ("Oprócz planowanych negocjacji, jaki temat poruszono w Rijadzie?", "past"),
        # ("rozmawiano" is the question's own past; "planowaną" adds no future to it)
        ("W jakim mieście rozmawiano przed planowaną jesienną rundą?", "past"),
    ],
)
def test_the_tense_of_a_question(brain: Brain, question: str, time: str | None) -> None:
    assert brain.understanding.reader.read(brain.engine.analyse(question)).time == time


def test_his_counterpart_is_the_other_minister(brain: Brain) -> None:
    """ "rosyjski odpowiednik" after Rubio is Lavrov, as "his Russian counterpart" was."""
    conversation = Conversation()
    for turn in ["Kto to jest Rubio?", "a jego rosyjski odpowiednik?"]:
        match = respond(brain, turn, conversation, now=100.0).match
    assert (match.person, match.fallback) == ("lavrov", False)


@pytest.mark.parametrize(
    ("question", "off_topic"),
    [
        ("When did the war in Ukraine begin?", True),  # "war + begin", words apart
        ("Kiedy wojna w Ukrainie się zaczęła?", True),
        ("Kiedy wybuchła wojna?", True),
        ("When does the next round start?", False),  # a start the article gives
        ("Where did the series of meetings begin?", False),
        ("Gdzie zaczęła się seria spotkań?", False),
        ("Jaki jest kurs walut?", True),
        ("Czym Trump odpowie, jeśli Rosja nie zmieni kursu?", False),  # a course, no currency
        ("What did the Ukrainian government say about the third round?", True),
        ("And the second tallest?", True),  # "tallest" is "tall", off the article
        ("czy w rijadzie gadali o gazie", True),  # "gazie" is gas, no typo of "gdzie"
        ("Czy w Stambule rozmawiano o lotach?", True),  # "lotach", "lotów": flights (lot)
        ("Czy uzgodniono wznowienie bezpośrednich lotów?", True),  # no typo of "gotów"
        ("Did they agree to resume direct flights?", True),
        ("thanks a lot, and when is the next round?", False),  # "a lot" is no flight (lot)
        # A domain the article does not cover, whatever of the article it names:
        ("Jakie zabytki warto zwiedzić w Stambule?", True),  # tourism
        ("What's the population of Istanbul?", True),  # demography
        ("jaki klimat jest na alasce zima?", True),  # "klimat + Alaska": the weather
        ("kiedy następna runda ligi mistrzów?", True),  # sport, not the next round
        ("Does Trump play golf?", True),
        ("jak zmienić hasło do wifi?", True),  # technology
        ("czy pieskow jest zonaty", True),  # biography
        ("Kto jest właścicielem agencji Interfax?", True),  # ownership
        ("Who designed the UN headquarters?", True),  # architecture
        ("Za ile USA kupiły Alaskę od Rosji?", True),  # "kupić + Alaska": history
        ("Kto jest ministrem obrony Ukrainy?", True),  # "minister + obrony"
        ("What did Lavrov say in his speech to the General Assembly?", True),
        # …while the words readers use for the article stay its own:
        ("Was it in a speech or at a press conference that Lavrov announced the round?", False),
        ("What's Lavrov's job?", False),  # a job interview is off, his job is not
        ("Who is Russia's foreign minister?", False),  # another minister is off
        ("I missed it: what did Rubio warn Russia about?", False),  # no missiles
        ("Co Rubio powiedział Ławrowowi w Nowym Jorku? Czytałem to w pociągu.", False),
    ],
)
def test_an_off_topic_entry_of_parts_needs_every_part(
    brain: Brain, question: str, off_topic: bool
) -> None:
    """ "war + began" puts the war's start outside the article, not the talks' start."""
    assert brain.engine.mentions_off_topic(brain.engine.analyse(question)) is off_topic
    assert respond(brain, question).match.fallback is off_topic


@pytest.mark.parametrize(
    ("question", "order", "heading"),
    [
        ("Which came first, Riyadh or Istanbul?", ("riyadh", "istanbul"), "First the Riyadh"),
        ("Co było pierwsze: Stambuł czy Rijad?", ("riyadh", "istanbul"), "Najpierw spotkanie"),
        # "Pierwsze" asks the order here; it does not name the first meeting:
        ("Czy Alaska była przed czy po Stambule?", ("alaska", "istanbul"), "Kiedy było każde"),
        (
            "Was the Alaska summit before or after the next round?",
            ("alaska", "next_round"),
            "First",
        ),
        ("W jakiej kolejności były Rijad, Stambuł i Alaska?", None, "Kiedy było każde"),
        # a yes/no "was it before" with two events asks the order too
        ("Czy Rijad był przed Stambułem?", ("riyadh", "istanbul"), "Najpierw spotkanie"),
        ("What was the sequence: Riyadh, Istanbul?", ("riyadh", "istanbul"), "First the Riyadh"),
    ],
)
def test_which_came_first_gives_when_each_was(
    brain: Brain, question: str, order: tuple[str, ...] | None, heading: str
) -> None:
    """The order where the topics give it (`follows`, past against future), then each
    event's date: the article gives no years, so months alone decide nothing."""
    answered = respond(brain, question)
    match = answered.match
    assert not match.fallback and match.aspect == "when"
    topics = (match.topic, *match.others)
    if order is not None:
        assert set(topics) == set(order)
        if heading.startswith(("First", "Najpierw")):
            assert topics == order
    assert to_plain_text(answered.reply.html).startswith(heading)
    for topic in topics:
        assert topic is not None
        for fact in _KNOWLEDGE.facts_answering(topic, "when"):
            assert _KNOWLEDGE.facts[fact].text(match.lang) in answered.reply.html


def test_before_or_after_in_a_follow_up_compares_the_event_talked_about(brain: Brain) -> None:
    """ "Was that before or after the Istanbul talks?" after the Alaska summit: the two
    events' dates, not "the article doesn't say" of Istanbul's order alone."""
    conversation = Conversation()
    respond(brain, "In which month did Trump and Putin meet?", conversation, now=1.0)
    answered = respond(brain, "Was that before or after the Istanbul talks?", conversation, now=2.0)
    match = answered.match
    assert not match.fallback
    assert {match.topic, *match.others} == {"alaska", "istanbul"}
    assert "August" in answered.reply.html and "10 April" in answered.reply.html


def test_an_event_compared_without_a_date_is_said_to_have_none(brain: Brain) -> None:
    answered = respond(brain, "Did Peskov's announcement come before the communique?")
    assert answered.match.others
    assert answered.reply.html.count("the article doesn't say when") == 2


@pytest.mark.parametrize(
    ("first", "then", "before"),
    [
        ("riyadh", "istanbul", True),  # istanbul follows riyadh
        ("istanbul", "riyadh", False),
        ("istanbul", "next_round", True),  # the next round follows the talks it includes
        ("next_round", "alaska", False),  # the future after the past
        ("alaska", "istanbul", None),  # only dates, and no years
    ],
)
def test_what_the_topics_say_of_the_order(first: str, then: str, before: bool | None) -> None:
    assert _KNOWLEDGE.came_before(first, then) is before


def test_the_talks_after_an_event_are_not_a_comparison(brain: Brain) -> None:
    match = respond(brain, "Gdzie odbyły się kolejne konsultacje po Rijadzie?").match
    assert (match.topic, match.others) == ("istanbul", ())


@pytest.mark.parametrize(
    ("first", "then", "person", "says"),
    [
        (
            "Co zapowiadał Pieskow w sprawie negocjacji?",
            "a kim on właściwie jest?",
            "peskov",
            "sekretarz prasowy",
        ),
        # his name, not the names of his event's participants
        (
            "Co zapowiadał rzecznik Kremla w sprawie negocjacji?",
            "a jak on sie nazywa?",
            "peskov",
            "Pieskow",
        ),
        ("Kto ogłosił nową rundę?", "a jak on się nazywa?", "lavrov", "Ławrow"),
    ],
)
def test_he_after_a_person_is_not_the_bot(
    brain: Brain, first: str, then: str, person: str, says: str
) -> None:
    """ "a kim on właściwie jest?" after Peskov asks about him: the bot's smalltalk about
    itself concerns no one the article names; "a jak on się nazywa?" asks his name."""
    conversation = Conversation()
    respond(brain, first, conversation, now=1.0)
    answered = respond(brain, then, conversation, now=2.0)
    assert (answered.match.person, answered.match.fallback) == (person, False)
    assert says in answered.reply.html


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Jaki urząd sprawuje Ławrow w rosyjskim rządzie?", "who_lavrov"),
        ("Jaką funkcję sprawuje Pieskow?", "who_peskov"),
        # whom a description stands for: "jako", "as"
        ("Kto w artykule występuje jako sekretarz prasowy prezydenta Rosji?", "who_peskov"),
        ("Who is described as the head of the Russian Foreign Ministry?", "who_lavrov"),
        ("Who is the top American diplomat?", "who_rubio"),
        # who the one who said it is: the event's one speaker
        ("Jaki urząd sprawuje człowiek, który ogłosił jesienną rundę rozmów?", "who_lavrov"),
        ("What office does the man who announced the autumn round hold?", "who_lavrov"),
        # a claim of who someone is: who the one it names first is
        ("Peskov is Russia's foreign minister, isn't he?", "who_peskov"),
        ("Rubio jest rzecznikiem Kremla, prawda?", "who_rubio"),
        # his name asked of a description: who he is ("whats" has lost its "s")
        ("the spokesman guy, whats his name again", "who_peskov"),
        ("Jak brzmi nazwisko rzecznika Kremla?", "who_peskov"),
        # the five people and the State Department by their offices in either language
        ("Kim jest najważniejszy rosyjski dyplomata?", "who_lavrov"),
        ("Who is the head of Russian diplomacy?", "who_lavrov"),
        ("Kim jest szef dyplomacji USA?", "who_rubio"),  # not Lavrov's "szef dyplomacji"
        ("Who is the American foreign minister?", "who_rubio"),
        ("Kim jest rzecznik rosyjskiego prezydenta?", "who_peskov"),  # not the president
        ("Who is the Kremlin press officer?", "who_peskov"),
        ("Who is POTUS?", "who_trump"),
        ("Kim jest szef Białego Domu?", "who_trump"),
        ("Kim jest prezydent Federacji Rosyjskiej?", "who_putin"),
        ("Who is the Kremlin boss?", "who_putin"),
        ("who is the kremlin guy", "who_peskov"),
        # "Trump's top diplomat" is not Lavrov's "top diplomat"; "'s" is a word to the names
        ("Who is Trump's top diplomat?", "who_rubio"),
        ("Kim jest szef dyplomacji Trumpa?", "who_rubio"),
        ("Who is the Kremlin's press man?", "who_peskov"),
        ("Who is the Kremlin chief diplomat?", "who_lavrov"),  # not the "Kremlin chief"
    ],
)
def test_the_office_someone_holds_is_who_they_are(brain: Brain, question: str, intent: str) -> None:
    """ "jaki urząd sprawuje": the office, not "jaka sprawa" (what it was about)."""
    assert respond(brain, question).match.intent == intent


def test_the_third_alone_is_the_next_round(brain: Brain) -> None:
    """ "a z kim Ławrow umówił trzecią?" after the rounds so far: the third is the round to
    come (the article's "trzecia odbędzie się tej jesieni"), agreed with Rubio."""
    conversation = Conversation()
    respond(brain, "Ile tur negocjacji już się odbyło?", conversation, now=1.0)
    answered = respond(brain, "a z kim Ławrow umówił trzecią?", conversation, now=2.0)
    assert (answered.match.topic, answered.match.fallback) == ("next_round", False)
    assert "Rubio" in answered.reply.html


@pytest.mark.parametrize(
    "question",
    [
        "What did Ukraine's representative say at that Security Council session?",
        "Co powiedział przedstawiciel Ukrainy na posiedzeniu Rady Bezpieczeństwa?",
        "Czy Ukraina brała udział w rozmowach w Stambule?",  # nor Ukraine taking part
        "Did Ukraine take part in the Riyadh meeting?",
    ],
)
def test_ukraine_s_representative_is_off_the_article(brain: Brain, question: str) -> None:
    """The article reports no Ukrainian speaker anywhere: not Rubio's warning instead."""
    match = respond(brain, question).match
    assert match.fallback and match.partial


@pytest.mark.parametrize(
    "question",
    [
        "Who was the chief Russian negotiator at the first meeting?",
        "Kto był głównym negocjatorem Rosji w Rijadzie?",
    ],
)
def test_the_chief_negotiator_asks_a_name(brain: Brain, question: str) -> None:
    """The article names no one at Riyadh: the chief negotiator is a name it lacks."""
    match = respond(brain, question).match
    assert (match.topic, match.aspect, match.partial) == ("riyadh", "names", True)


def test_whom_they_represented_is_not_their_names(brain: Brain) -> None:
    """ "Kogo reprezentowali…?" asks whom (the White House), which the article says; so does
    who represented the US side in Riyadh (its representatives were the White House's, as
    readers answer it); who represented Russia there, or the US in Istanbul, asks names or
    an office the article does not give."""
    answered = respond(brain, "Kogo reprezentowali amerykańscy uczestnicy spotkania w Rijadzie?")
    assert (answered.match.topic, answered.match.fallback) == ("riyadh", False)
    assert "Białego Domu" in answered.reply.html
    for question in ("Kto reprezentował USA w Rijadzie?", "Who represented the US side in Riyadh?"):
        answered = respond(brain, question)
        assert (answered.match.topic, answered.match.aspect) == ("riyadh", "side")
        assert not answered.match.fallback
        assert "Białego Domu" in answered.reply.html or "White House" in answered.reply.html
    assert respond(brain, "Kto reprezentował Rosję w Rijadzie?").match.partial
    assert respond(brain, "Who represented the US in Istanbul?").match.partial


@pytest.mark.parametrize(
    ("question", "topic", "aspect"),
    [
        (
            "W jakim miejscu szef rosyjskiego MSZ wypowiadał się o trzeciej rundzie?",
            "next_round",
            "via",
        ),
        ("Gdzie Ławrow wypowiadał się o jesiennej rundzie?", "next_round", "via"),
        ("Where was Lavrov speaking when he mentioned the autumn talks?", "next_round", "via"),
        # where exactly, in which building he announced it: the UN presser, not the round's
        ("W którym budynku Ławrow ogłosił trzecią rundę?", "next_round", "via"),
        ("Where exactly did Lavrov announce the third round?", "next_round", "via"),
        (
            "At which venue did Lavrov say that the talks would resume in autumn?",
            "next_round",
            "via",
        ),
        pytest.param(
            "W jakim miejscu Ławrow to ogłosił?",
            "next_round",
            "via",
            # with "jakim" read as "jaki", the examples find who announced the round and
            # win (the place is only in the quote's attribution); answering their event's
            # "via" instead cost a regression row ("co ogłosił Lavrov") and dev5
            marks=pytest.mark.xfail(strict=True, reason="the examples' answer wins"),
        ),
        ("W jakim miejscu spotkali się w Rijadzie?", "riyadh", "where"),  # no one speaking
    ],
)
def test_where_someone_spoke_is_where_they_said_it(
    brain: Brain, question: str, topic: str, aspect: str
) -> None:
    """ "Gdzie wypowiadał się o trzeciej rundzie?": where Lavrov said it (the UN presser),
    not where the round will be, which the article does not say."""
    match = respond(brain, question).match
    assert (match.topic, match.aspect, match.fallback) == (topic, aspect, False)


@pytest.mark.parametrize(
    "question",
    [
        "Who represented Ukraine at the Security Council?",
        "Kto reprezentował Ukrainę w Radzie Bezpieczeństwa?",
    ],
)
def test_no_one_is_said_to_represent_ukraine(brain: Brain, question: str) -> None:
    """The article quotes no Ukrainian: Rubio, the one person at the Security Council,
    must not be given as Ukraine's representative."""
    match = respond(brain, question).match
    assert match.fallback and match.partial


def test_the_far_north_names_alaska(brain: Brain) -> None:
    """ "The far north" is how a reader may describe Alaska without naming it."""
    question = "Who represented Russia at the meeting with the US president in the far north?"
    answered = respond(brain, question)
    assert (answered.match.topic, answered.match.fallback) == ("alaska", False)
    assert "Putin" in answered.reply.html


@pytest.mark.parametrize(
    ("question", "topic", "aspect"),
    [
        (
            "Rzecznik Putina mówił, o czym mają być negocjacje. O jaką kwestię chodziło według"
            " niego?",
            "peskov_announcement",
            "about",
        ),
        (
            "Putin's mouthpiece spoke earlier of these negotiations. What would they be about?",
            "peskov_announcement",
            "about",
        ),
        (
            "Which Russian official went public with a deal on another round of consultations?",
            "next_round",
            "speaker",
        ),
        # "usunięte" is "usunąć" (what is to be removed), in a participle the stems miss
        ("Jakie elementy mają zostać usunięte według Ławrowa?", "next_round", "about"),
        # "relacje" are the article's "stosunki" (dwustronne)
        ("Co ma zostać usunięte z relacji obu krajów według Ławrowa?", "next_round", "about"),
        # whose call it was: the call itself names him
        ("Którego prezydenta wezwanie powtórzył Rubio?", "un_meeting", "about"),
        ("Whose appeal did Rubio repeat in New York?", "un_meeting", "about"),
        (
            "What two means of pressure did Rubio mention at the Security Council?",
            "security_council",
            "about",
        ),
        # concrete means of pressure are what he named, not which sanctions exactly
        (
            "Jakie dwa konkretne środki nacisku wymienił Rubio w Radzie Bezpieczeństwa?",
            "security_council",
            "about",
        ),
        ("Which two leaders met in Alaska?", "alaska", "who"),  # "which leaders": who
        ("Którzy przywódcy spotkali się na Alasce?", "alaska", "who"),
        ("Which part of the US government sent people to the first meeting?", "riyadh", "who"),
        ("Kto wysłał przedstawicieli do Rijadu?", "riyadh", "who"),
        ("Która część amerykańskiej administracji wysłała ludzi do Rijadu?", "riyadh", "who"),
        ("Which branch of the US government was at the Riyadh meeting?", "riyadh", "who"),
        (
            "What gathering were the American and Russian top diplomats attending?",
            "un_meeting",
            "occasion",
        ),
        ("What was Lavrov attending in New York?", "un_meeting", "occasion"),
        # "earlier" answers before or after, which no date would
        (
            "Did Peskov make his announcement before or after the talks?",
            "peskov_announcement",
            "order",
        ),
        (
            "Czy Pieskow mówił o normalizacji przed czy po rozmowach?",
            "peskov_announcement",
            "order",
        ),
        ("W jakim wydarzeniu uczestniczyli Rubio i Ławrow?", "un_meeting", "occasion"),
        ("Co przekazało amerykańskie MSZ po spotkaniu w Nowym Jorku?", "un_meeting", "about"),
        # Lavrov is the one spoken to: the call repeated to him, not what he said elsewhere
        ("Czyje wezwanie on właściwie powtórzył Ławrowowi?", "un_meeting", "about"),
        # the question opens with where; "which … the rounds", words apart, asks no ordinal
        (
            "Where did Lavrov hold the press conference at which he talked about the rounds of"
            " negotiations?",
            "lavrov_announcement",
            "where",
        ),
        # two events named alike ("rzeczy" read as "trzecia"): the one reporting both people
        ("Jakie dwie rzeczy Trump jest gotów zrobić według Rubio?", "security_council", "about"),
        # said in the past of the round to come: the past tense keeps the autumn round
        (
            "Did Lavrov give any details about the autumn round, or was it just a vague statement?",
            "next_round",
            "details",
        ),
        # "after which …" dates the talks asked about: "which … official" asks no names
        (
            "How long did the talks last after which no official statement was issued?",
            "communique",
            "duration",
        ),
        # of two people, the one "z" names is the other party: Rubio's talk with Lavrov
        ("o czym rubio gadal z lawrowem?", "un_meeting", "about"),
        # Lavrov is the one spoken to: Rubio's message, reported by the State Department
        ("Which department reported Rubio's message to Lavrov?", "un_meeting", "via"),
        # joined to a number, "godzinnych" measures the talks: no hour is asked
        (
            "wydali jakis komunikat po tych 6-godzinnych rozmowach czy nie?",
            "communique",
            "statement",
        ),
    ],
)
def test_paraphrases_of_what_and_who(brain: Brain, question: str, topic: str, aspect: str) -> None:
    """ "O jaką kwestię" asks what about (not through whom, which "według niego" alone
    would); "Putin's mouthpiece" is Peskov; "went public" asks who announced it, and
    "another round" ahead is the next one."""
    match = respond(brain, question).match
    assert (match.topic, match.aspect, match.fallback) == (topic, aspect, False)


def test_an_official_readout_is_the_communique(brain: Brain) -> None:
    """ "Without any official readout" names the talks after which no communiqué came out;
    "readout" alone stays the State Department's account of the New York meeting."""
    question = "How long did the marathon session that ended without any official readout last?"
    answered = respond(brain, question)
    assert (answered.match.topic, answered.match.fallback) == ("communique", False)
    assert "six hours" in answered.reply.html
    assert respond(brain, "What did the readout of the New York meeting say?").match.topic == (
        "un_meeting"
    )


@pytest.mark.parametrize(
    "question",
    [
        "According to Washington's readout, what did the secretary of state press Moscow to do?",
        "Do czego Rubio nakłaniał Moskwę w Nowym Jorku?",
    ],
)
def test_pressing_moscow_asks_what_about(brain: Brain, question: str) -> None:
    """What Rubio pressed Moscow to do is the call the State Department reported."""
    answered = respond(brain, question)
    assert (answered.match.topic, answered.match.aspect) == ("un_meeting", "about")
    assert not answered.match.fallback


@pytest.mark.parametrize(
    ("question", "topic", "aspect", "partial"),
    [
        # "zgodnie z" (according to) is no typo of "uzgodnił z" (who agreed)
        (
            "Jakiej kwestii, zgodnie z zapowiedzią Ławrowa, ma dotyczyć jesienna runda?",
            "next_round",
            "about",
            False,
        ),
        # who, who said it, through whom and when, by the verbs and phrasings readers use
        ("Między kim toczyły się rozmowy w Stambule?", "istanbul", "who", False),
        ("Who showed up in Riyadh?", "riyadh", "who", False),
        ("Kto ujawnił termin następnej rundy?", "next_round", "speaker", False),
        ("Who revealed that a third round is coming?", "next_round", "speaker", False),
        ("Skąd pochodzi informacja o trzeciej rundzie?", "next_round", "via", False),
        ("Where does the news about the third round come from?", "next_round", "via", False),
        ("Skąd autor wie o trzeciej rundzie?", "next_round", "via", False),
        (
            "Na jakiej podstawie artykuł podaje, że będzie trzecia runda?",
            "next_round",
            "via",
            False,
        ),
        ("How does the author know about the third round?", "next_round", "via", False),
        ("W którym momencie odbyło się spotkanie w Rijadzie?", "riyadh", "when", False),
        ("How long ago was the Alaska summit?", "alaska", "when", False),
        # "how long ago did" is when, not how long (a precise aspect that made it partial)
        ("How long ago did the Riyadh talks take place?", "riyadh", "when", False),
        ("What's the timeline for the third round?", "next_round", "when", False),
        ("Kalendarium dotychczasowych rozmów?", "earlier_talks", "when", False),
        (
            "Jak się nazywa miasto, w którym spotkali się Rubio i Ławrow?",
            "un_meeting",
            "city",
            False,
        ),
        # how long, how many times, on what occasion, whether anything was published, more
        # details: each by words no example uses
        ("Ile czasu zajęły rozmowy zakończone bez komunikatu?", "communique", "duration", False),
        ("How much time did the talks without a communique take?", "communique", "duration", False),
        ("Ilukrotnie spotkano się w Stambule?", "istanbul", "count", False),
        ("Czy w Stambule spotkali się więcej niż raz?", "istanbul", "count", False),
        ("Na terenie którego stanu spotkali się Trump i Putin?", "alaska", "where", False),
        ("Whereabouts was the first meeting?", "riyadh", "where", False),
        ("At what time of year was the Riyadh meeting?", "riyadh", "when", False),
        ("Jaki był termin rozmów w Stambule?", "istanbul", "when", False),  # not a deadline
        ("Jacy politycy byli na Alasce?", "alaska", "who", False),
        ("Which politicians were in Riyadh?", "riyadh", "who", False),  # not who said it
        ("What were the talks in Istanbul about?", "istanbul", "about", False),
        (
            "Na co się umówili Ławrow i Rubio w sprawie jesiennej rundy?",
            "next_round",
            "outcome",
            False,
        ),
        ("Who reported on the Rubio Lavrov meeting?", "un_meeting", "via", False),
        ("During what did Rubio meet Lavrov?", "un_meeting", "occasion", False),
        # a name of the event ("joint statement") is no question form: it asks how long
        (
            "How long were the talks after which no joint statement was issued?",
            "communique",
            "duration",
            False,
        ),
        ("Kto winien, że nie było komunikatu?", "communique", "blame", True),
        # where words were said is through whom and where, not where the event will be
        ("Gdzie padły słowa o trzeciej rundzie?", "next_round", "via", False),
        (
            "Under what circumstances did Lavrov announce the third round?",
            "next_round",
            "via",
            False,
        ),
        ("Kto wyjawił, że będzie trzecia runda?", "next_round", "speaker", False),
        ("Who was quoted about the third round?", "next_round", "speaker", False),
        ("Kto zabrał głos w Radzie Bezpieczeństwa?", "security_council", "speaker", False),
        ("Who called on Moscow to stop the killing?", "un_meeting", "speaker", False),
        # "z jakiego/jakiej …" is no "z jakim" (with whom): the month, the agency, the office
        ("Z jakiego miesiąca jest spotkanie na Alasce?", "alaska", "month", False),
        ("Z jakiej agencji pochodzi cytat o trzeciej rundzie?", "next_round", "via", False),
        ("Na jaką porę przypada kolejna tura?", "next_round", "when", False),
        ("W którym kwartale odbędzie się trzecia tura?", "next_round", "when", False),
        ("Jaki jest zakres tematyczny następnej rundy?", "next_round", "about", False),
        ("What is the autumn round meant to accomplish?", "next_round", "why", False),
        # what someone said, by the verb of saying (oznajmił, stwierdził; stated, tell reporters)
        ("Co oznajmił Ławrow w sprawie trzeciej rundy?", "next_round", "about", False),
        ("Jakie słowa padły z ust Ławrowa o trzeciej rundzie?", "next_round", "about", False),
        ("What did Lavrov state about the third round?", "next_round", "about", False),
        ("What did Lavrov tell reporters?", "lavrov_announcement", "about", False),
        ("What actions does the US demand from Russia?", "us_demands", "about", False),
        ("Ile było rozmów w Stambule?", "istanbul", "count", False),
        ("Jak często spotykali się w Stambule?", "istanbul", "count", False),  # no "uczestnicy"
        ("How frequently did they meet in Istanbul?", "istanbul", "count", False),
        ("Kiedy najwcześniej może być trzecia runda?", "next_round", "when", False),
        ("What's the latest on the third round?", "next_round", "about", False),  # no "lasted"
        ("Czy Rosja zgodziła się na trzecią rundę?", "next_round", "when", False),
        # which countries' diplomats is who took part, not in which country
        ("Dyplomaci jakich krajów spotkali się w Stambule?", "istanbul", "who", False),
        ("Diplomats from which countries met in Istanbul?", "istanbul", "who", False),
        # yes/no questions that ask an aspect by its verb and adverb
        ("Czy rozmowy bez komunikatu trwały długo?", "communique", "duration", False),
        ("Czy w Rijadzie się dogadali?", "riyadh", "outcome", True),
        # how long they sat at the table is no "at the table" (who exactly)
        (
            "Jak długo siedzieli przy stole, skoro nie wydali komunikatu?",
            "communique",
            "duration",
            False,
        ),
        ("What is the intention behind the next round?", "next_round", "why", False),
        # the aspect as a bare noun before the event (okazja, przebieg, tło, kulisy; occasion)
        ("Okazja spotkania Rubio z Ławrowem?", "un_meeting", "occasion", False),
        ("Przebieg rozmów w Stambule?", "istanbul", "about", False),
        ("Tło trzeciej rundy?", "next_round", "why", False),
        ("Background to the third round?", "next_round", "why", False),
        ("Postanowienia z Rijadu?", "riyadh", "outcome", True),
        # long questions: the last sentence asks, in words the aspects lacked
        (
            "Rubio i Ławrow spotkali się w Nowym Jorku. Jaka była okazja?",
            "un_meeting",
            "occasion",
            False,
        ),
        (
            "Lavrov announced a third round. Which news organisation relayed his words?",
            "next_round",
            "via",
            False,
        ),  # "organisation" is no "normalisation" (Peskov)
        (
            "Ławrow zapowiedział trzecią rundę. Kto przekazał jego słowa opinii publicznej?",
            "next_round",
            "via",
            False,
        ),  # "opinia publiczna" is no one's opinion
        (
            "Czytałem o spotkaniach w Stambule. Czym konkretnie zajmowały się tam delegacje?",
            "istanbul",
            "about",
            False,
        ),
        ("Z jakiej okazji Rubio i Ławrow byli w Nowym Jorku?", "un_meeting", "occasion", False),
        ("On the margins of what event did Rubio meet Lavrov?", "un_meeting", "occasion", False),
        (
            "Czy po sześciogodzinnych rozmowach podano coś do publicznej wiadomości?",
            "communique",
            "statement",
            False,
        ),
        ("Was anything released after the six-hour talks?", "communique", "statement", False),
        ("Czy Ławrow powiedział coś więcej o trzeciej rundzie?", "next_round", "details", False),
        ("Did Lavrov elaborate on the third round?", "next_round", "details", False),
        (
            "How many hours did they talk before leaving without a communique?",
            "communique",
            "duration",
            False,
        ),
        ("Kto przewodził amerykańskiej delegacji w Rijadzie?", "riyadh", "names", True),
        ("Who was in charge of the US delegation in Riyadh?", "riyadh", "names", True),
        ("Miesiąc szczytu Trump Putin?", "alaska", "when", False),  # a bare "month"
        (
            "On which weekday did Rubio deliver that warning to Russia?",
            "security_council",
            "day",
            False,
        ),
        ("the saudi thing — what did they talk about there?", "riyadh", "about", False),
        ("Gdzie były te tureckie rundy?", "istanbul", "where", False),
        # "the particular venue" is the venue, not "which particular ones"
        (
            "What was the particular venue of Lavrov's press conference?",
            "lavrov_announcement",
            "place_detail",
            False,
        ),
        # "took" (now also in an off-topic entry of parts) is still what "tonk" is; "on
        # which dates" asks the exact dates, which Istanbul's facts give
        (
            "Could you tell me on which dates the consultations in Istanbul tonk place?",
            "istanbul",
            "date",
            False,
        ),
        # the members of a delegation are names the article does not give
        ("Kto był w delegacji rosyjskiej w Stambule?", "istanbul", "names", True),
        (
            "Did Lavrov give any specifics about what the autumn round would look like?",
            "next_round",
            "details",
            False,
        ),
        # the first and the Istanbul meetings by how readers describe them (the article's
        # place, date and order, not its proper names)
        ("Kiedy odbyła się inauguracyjna runda rozmów?", "riyadh", "when", False),
        ("O czym rozmawiano w Arabii?", "riyadh", "about", False),
        ("What did they discuss at the Gulf meeting?", "riyadh", "about", False),
        ("When was the kick-off meeting of the series?", "riyadh", "when", False),
        ("O czym rozmawiano na wiosennych spotkaniach?", "istanbul", "about", False),
        ("Co omawiali dyplomaci w kwietniu?", "istanbul", "about", False),
        ("When was the 2nd round held?", "istanbul", "when", False),
        # the New York meeting and the Security Council warning by their setting and by
        # what Rubio threatened, in the readers' words
        (
            "Co Rubio przekazał rosyjskiemu ministrowi w kuluarach ONZ?",
            "un_meeting",
            "about",
            False,
        ),
        ("What did Rubio and Lavrov discuss on the sidelines?", "un_meeting", "about", False),
        (
            "Kiedy Rubio zagroził Rosji sankcjami i dostawami broni?",
            "security_council",
            "when",
            False,
        ),
        (
            "When did Rubio threaten Moscow with arms sales to Ukraine?",
            "security_council",
            "when",
            False,
        ),
        ("Co Rubio mówił o zniecierpliwieniu Trumpa?", "security_council", "about", False),
        ("Co Rubio mówił na wtorkowym posiedzeniu?", "security_council", "about", False),
        # the Alaska summit by its rank, Peskov's words by any noun for them
        ("Gdzie odbyło się spotkanie na najwyższym szczeblu?", "alaska", "where", False),
        ("Kiedy spotkały się głowy państw?", "alaska", "when", False),
        ("Gdzie rozmawiali przywódcy USA i Rosji?", "alaska", "where", False),
        ("What were Peskov's remarks about?", "peskov_announcement", "about", False),
        ("Kiedy padła wypowiedź Pieskowa?", "peskov_announcement", "when", True),  # "wcześniej"
        # the round to come, the rounds so far and the US demands by readers' words for them
        ("O czym ma być zaplanowana runda?", "next_round", "about", False),
        ("Kiedy będzie najbliższe spotkanie delegacji?", "next_round", "when", False),
        ("When are the scheduled talks?", "next_round", "when", False),
        ("O czym rozmawiano na obu rundach?", "earlier_talks", "about", False),
        ("Gdzie toczył się cykl rozmów?", "earlier_talks", "where", False),
        ("Where were both rounds held?", "earlier_talks", "where", False),
        ("Czego dotyczą warunki USA?", "us_demands", "about", False),
        # a date as digits, the irritants and the normalisation in other words
        ("Gdzie rozmawiano 27.02?", "istanbul", "where", False),
        ("Jakie drażliwe kwestie mają omówić?", "next_round", "about", False),
        ("What frictions are they going to address?", "next_round", "about", False),
        # "poprawie" is no typo of "sprawie"
        ("Kto mówił o poprawie stosunków?", "peskov_announcement", "speaker", False),
        (
            "Who spoke of a thaw between Moscow and Washington?",
            "peskov_announcement",
            "speaker",
            False,
        ),
        # "nowych", "nowej": a short adjective the stemmer does not fold to "nowe", "nowa"
        ("Kiedy dojdzie do nowych rozmów?", "next_round", "when", False),
        ("so when is the next get-together?", "next_round", "when", False),
        ("spotkanie w NY - o czym?", "un_meeting", "about", False),  # NY, as typed in a hurry
        # August is the summer, Alaska the north: a reader who forgot both names
        (
            "Prezydenci spotkali się latem na północy. Gdzie dokładnie?",
            "alaska",
            "place_detail",
            True,
        ),
        (
            "The presidents met up north in the summer. Where exactly?",
            "alaska",
            "place_detail",
            True,
        ),
        # a possessive name ("Trump's call") is kept in order; its words in any order are too
        ("What was the call by Trump that Rubio repeated?", "un_meeting", "about", False),
        ("What was discussed in the most recent round?", "istanbul", "about", False),
        # February holds Riyadh and the first Istanbul meeting: the rounds so far
        ("Where were the February talks held?", "earlier_talks", "where", False),
        ("Gdzie odbyły się lutowe rozmowy?", "earlier_talks", "where", False),
        ("Jakie znaczące kroki ma podjąć Moskwa?", "un_meeting", "about", False),
        ("What meaningful steps was Moscow asked to take?", "un_meeting", "about", False),
        # Lavrov's statement is his announcement, not the communiqué no side issued
        ("Where did Lavrov make his statement?", "lavrov_announcement", "where", False),
        ("Gdzie Ławrow wygłosił oświadczenie?", "lavrov_announcement", "where", False),
        ("Co Peskow powiedział w swoim oświadczeniu?", "peskov_announcement", "about", False),
        # a document is what the article says no side issued (partial: it says no more)
        ("Czy podpisano jakiś dokument?", "communique", "outcome", True),
        # the Council alone: the article's one council is the Security Council
        ("When was the Council session?", "security_council", "when", False),
        ("Kiedy było posiedzenie Rady?", "security_council", "when", False),
        ("Who did Rubio meet at the Assembly?", "un_meeting", "who", False),
        # "on the sidelines of what" asks the occasion; a place described ("w kuluarach ONZ")
        # does not (the paraphrases table)
        ("On the sidelines of what did Rubio meet Lavrov?", "un_meeting", "occasion", False),
        # "skoro" (since) is a function word, no typo of the off-topic "score"
        (
            "Jak długo siedzieli przy stole, skoro nie wydali komunikatu?",
            "communique",
            "duration",
            False,
        ),
    ],
)
def test_vague_references_and_skimmers_questions(
    brain: Brain, question: str, topic: str, aspect: str, partial: bool
) -> None:
    """dev15: readers who name an event vaguely ("the saudi thing", "tureckie rundy") or
    ask in a form the aspects lacked ("weekday", "miesiąc", "w delegacji")."""
    match = respond(brain, question).match
    assert (match.topic, match.aspect, match.partial) == (topic, aspect, partial)


@pytest.mark.parametrize(
    "question",
    [
        "How do I get rid of ants in my kitchen?",
        "and how long do I bake it?",
        "how long do i boil an egg for a runny yolk",
        "What has Brexit meant for British fishing communities?",  # "communities": no communiqué
    ],
)
def test_household_questions_are_off_the_article(brain: Brain, question: str) -> None:
    match = respond(brain, question).match
    assert match.fallback or match.partial
    assert match.aspect is None or match.partial


def test_hours_in_a_how_long_question_are_its_unit(brain: Brain) -> None:
    """'ile trwały…, bo coś było o godzinach?' asks how long, not at what hour."""
    answered = respond(brain, "ile trwaly te rozmowy w stambule, bo cos tam bylo o godzinach?")
    assert (answered.match.aspect, answered.match.partial) == ("duration", False)
    assert "sześć" in answered.reply.html


@pytest.mark.parametrize(
    "question",
    [
        "Where was Russia's top diplomat speaking when he mentioned the autumn talks?",
        "According to the Russian foreign minister, what is the purpose of the autumn talks?",
    ],
)
def test_a_persons_description_does_not_name_a_meeting(brain: Brain, question: str) -> None:
    """ "Russia's top diplomat" and "talks" spell "rozmowa szefów dyplomacji" (the New York
    meeting), but the words are Lavrov's description and the autumn talks' name: the
    round they name is the topic."""
    assert respond(brain, question).match.topic == "next_round"


@pytest.mark.parametrize(
    "question",
    ["Who is the US Secretary of State in this story?", "Kim jest rzecznik Kremla w tym tekście?"],
)
def test_the_article_called_a_story_is_no_typo(brain: Brain, question: str) -> None:
    """ "story", "tekst" name the article: no typo of "score" (an off-topic word), so the
    question is about the person, not off the article."""
    answered = respond(brain, question)
    assert answered.match.person is not None and not answered.match.fallback


def test_a_meeting_named_by_two_people_stays(brain: Brain) -> None:
    """Two people named together are how readers name the New York meeting."""
    question = "who put out the statement about the rubio lavrov meeting"
    assert respond(brain, question).match.topic == "un_meeting"


@pytest.mark.parametrize(
    ("question", "topic", "answered", "missing", "fallback", "details"),
    [
        # both parts reported: each answered, in the order asked
        (
            "Gdzie i kiedy spotkali się Trump z Putinem?",
            "alaska",
            ("where", "when"),
            (),
            False,
            ["Alasce", "sierpniu"],
        ),
        (
            "How many times did they meet in Istanbul, and when was the later meeting?",
            "istanbul",
            ("count", "when"),
            (),
            False,
            ["twice", "10 April"],
        ),
        (
            "Kto ogłosił następną rundę i gdzie?",
            "next_round",
            ("speaker", "via"),
            (),
            False,
            ["Ławrow", "ONZ"],
        ),
        (
            "Who said the talks would be about normalisation, and what is his role?",
            "peskov_announcement",
            ("speaker", "role"),
            (),
            False,
            ["Peskov", "press secretary"],
        ),
        # one reported, one not (and not precise): an answer that says what it lacks
        (
            "Kiedy i gdzie będzie następna runda?",
            "next_round",
            ("when",),
            ("where",),
            False,
            ["jesienią", "Tego artykuł nie podaje: gdzie."],
        ),
        # typed in haste: the word after "i" is read as a question form all the same
        (
            "gdize i kedy byly rozmowy w stambule",
            "istanbul",
            ("where", "when"),
            (),
            False,
            ["Stambule", "27 lutego"],
        ),
        # "where" of an event that has none, asked with what was said: where it was said
        (
            "Podczas jakiego wydarzenia i w jakim miejscu Ławrow ogłosił tę trzecią turę?",
            "next_round",
            ("occasion", "via"),
            (),
            False,
            ["konferencji prasowej w siedzibie ONZ"],
        ),
        # parts of two events: each from its own event's facts
        (
            "When was Riyadh and where is the next round?",
            "riyadh",
            ("when",),
            ("next_round.where",),
            False,
            ["18 February", "where (the next round of consultations)"],
        ),
        (
            "Kiedy było spotkanie w Rijadzie i kiedy będzie następna runda?",
            "riyadh",
            ("when", "next_round.when"),
            (),
            False,
            ["18 lutego", "jesienią"],
        ),
        # three parts, listed with a comma
        (
            "Kto, gdzie i kiedy spotkał się na Alasce?",
            "alaska",
            ("who", "where", "when"),
            (),
            False,
            ["Trump", "Alasce"],
        ),
        (
            "Where, when and why did the Riyadh meeting take place?",
            "riyadh",
            ("where", "when"),
            ("why",),
            True,
            ["why and to what end", "18 February"],
        ),
        # who someone is, from the person's facts, beside what the event lacks
        (
            "Kim jest Ławrow i gdzie będzie następna runda?",
            "next_round",
            ("role",),
            ("where",),
            False,
            ["minister spraw zagranicznych", "Tego artykuł nie podaje: gdzie."],
        ),
        # ", a kiedy…" joins a second question in Polish as "i" does
        (
            "Kiedy było spotkanie w Rijadzie, a kiedy rozmowy w Stambule?",
            "riyadh",
            ("when", "istanbul.when"),
            (),
            False,
            ["18 lutego", "27 lutego"],
        ),
        # two parts of two tenses naming no event: each of the one event of its tense
        # that reports it (the rounds so far, by facts of their own; the round to come)
        (
            "Ile tur negocjacji według Ławrowa już się odbyło i która z kolei ma być następna?",
            "earlier_talks",
            ("count", "next_round.ordinal"),
            (),
            False,
            ["dwie tury", "trzecia runda"],
        ),
        # what someone said, asked as a part, is what they said where they spoke (as in a
        # question of one part), not the facts of the event the part names
        (
            "kto to jest Pieskow i co wcześniej mówił o tym, czego mają dotyczyć rozmowy?",
            "earlier_talks",
            ("role", "peskov_announcement.about"),
            (),
            False,
            ["sekretarz prasowy", "normalizacji"],
        ),
        # a part narrowed as a one-part question is (`narrows`): the side, not who took part
        (
            "Kto był w Stambule ze strony amerykańskiej i kiedy to było?",
            "istanbul",
            ("when",),
            ("side",),
            True,
            ["kto reprezentował stronę amerykańską", "27 lutego"],
        ),
        # a precise part missing: partial, the part reported first
        (
            "Kiedy i o której godzinie spotkali się Rubio i Ławrow?",
            "un_meeting",
            ("when",),
            ("hour",),
            True,
            ["Zgromadzenia Ogólnego", "o której godzinie"],
        ),
    ],
)
def test_a_question_of_two_parts_answers_each(
    brain: Brain,
    question: str,
    topic: str,
    answered: tuple[str, ...],
    missing: tuple[str, ...],
    fallback: bool,
    details: list[str],
) -> None:
    """ "Gdzie i kiedy…?": every part the article reports is answered; what it does not
    report is said; `aspect` is the first part answered, or the first missing if partial."""
    reply = respond(brain, question)
    match = reply.match
    assert (match.topic, match.answered, match.missing) == (topic, answered, missing)
    assert (match.fallback, match.partial) == (fallback, fallback)
    assert match.aspect == (missing[0] if fallback else answered[0])
    text = to_plain_text(reply.reply.html)
    positions = [text.find(detail) for detail in details]
    assert -1 not in positions, text
    if not fallback:
        assert positions == sorted(positions)  # the direct answers in the order asked


def test_a_follow_up_of_two_parts_answers_both_in_context(brain: Brain) -> None:
    conversation = Conversation()
    respond(brain, "Kiedy Trump spotkał się z Putinem?", conversation)
    match = respond(brain, "and where and when was that?", conversation).match
    assert (match.topic, match.answered, match.lang, match.fallback) == (
        "alaska",
        ("where", "when"),
        "en",
        False,
    )
    assert respond(brain, "a kto brał udział?", conversation).match.topic == "alaska"


@pytest.mark.parametrize(
    "question",
    [
        "Co Ławrow mówił w Rijadzie i kiedy to było?",
        "Co Ławrow mówił w Rijadzie i kiedy będzie następna runda?",  # two events
    ],
)
def test_two_parts_attribute_nothing_to_a_person_the_topic_does_not_report(
    brain: Brain, question: str
) -> None:
    answered = respond(brain, question)
    assert answered.match.partial and answered.match.person == "lavrov"
    assert answered.match.answered == ()
    assert "W artykule Siergiej Ławrow nie pojawia się" in answered.reply.html
    assert "<blockquote>" not in answered.reply.html


@pytest.mark.parametrize(
    "question",
    [
        "On what exact date did the US secretary of state and the Russian foreign minister"
        " meet on the sidelines of the General Assembly?",  # "and the…" opens no question
        "I want to know the facts: where did Rubio meet Lavrov?",  # English "I" joins nothing
        "Co Trump i Putin ustalili na Alasce?",
        "kiedy następna runda?",
    ],
)
def test_one_question_is_not_cut_in_two(brain: Brain, question: str) -> None:
    match = respond(brain, question).match
    assert (match.answered, match.missing) == ((), ())


@pytest.mark.parametrize(
    ("question", "topic", "aspect", "fallback"),
    [
        (
            "Did either delegation put out anything official once the talks wrapped up?",
            "communique",
            "statement",
            False,
        ),
        (
            "Czy któraś ze stron wydała coś oficjalnego po rozmowach?",
            "communique",
            "statement",
            False,
        ),
        (  # the meeting after which no one announced anything is the six-hour one
            "Mignęła mi wzmianka o posiedzeniu, po którym nikt nic oficjalnie nie ogłosił."
            " Ile godzin trwały te rozmowy?",
            "communique",
            "duration",
            False,
        ),
        (  # "który człowiek" asks who said it, as "który polityk" does
            "Który człowiek z otoczenia rosyjskiego prezydenta zapowiadał, że rozmowy obejmą"
            " unormowanie relacji dyplomatycznych?",
            "peskov_announcement",
            "speaker",
            False,
        ),
        (  # the goal he announced is what he announced
            "Jaki cel negocjacji zapowiadał wcześniej sekretarz prasowy Kremla?",
            "peskov_announcement",
            "about",
            False,
        ),
        (
            "A friend told me Lavrov said something at the UN about a couple of rounds already"
            " being done. Can you tell me what he actually said?",
            "next_round",
            "about",
            False,
        ),
        (  # whose representatives met them is who took part
            "Przedstawiciele jakiej instytucji spotkali się z Rosjanami w stolicy Arabii"
            " Saudyjskiej?",
            "riyadh",
            "who",
            False,
        ),
        (
            "Representatives of which institution met the Russians in Riyadh?",
            "riyadh",
            "who",
            False,
        ),
        (
            "Which arm of the US government put out the account of the Rubio–Lavrov conversation?",
            "un_meeting",
            "via",
            False,
        ),
        # "hosted" is past: the later rounds it hosted are Istanbul's, not the next round
        ("Which Turkish city hosted the later rounds of consultations?", "istanbul", "city", False),
        ("Które tureckie miasto gościło późniejsze rozmowy?", "istanbul", "city", False),
        (  # the US demands report no Lavrov; the call, part of them and named too, does
            "Zakończenia jakiej wojny dotyczyło wezwanie, które Rubio przekazał Ławrowowi?",
            "un_meeting",
            "about",
            False,
        ),
        # "którego sierpnia", "which date": the day of the month, which the article
        # gives for Riyadh but not for Alaska
        ("ktorego sierpnia trump widzial sie z putinem", "alaska", "date", True),
        ("On which date in August did the Alaska summit take place?", "alaska", "date", True),
        ("Którego lutego było spotkanie w Rijadzie?", "riyadh", "date", False),
        ("Who was the American envoy at the Istanbul talks?", "istanbul", "names", True),
        ("What are those irritants exactly?", "next_round", "specifics", True),
        ("Czym są dokładnie te drażniące elementy?", "next_round", "specifics", True),
        ("Który prezydent USA jest wspomniany w tekście?", None, None, False),  # Trump
        (  # "exactly" is where's ("where exactly"), no "exactly … when"
            "I saw something about Lavrov giving a press conference. Where exactly was he"
            " speaking when he said that?",
            "lavrov_announcement",
            "place_detail",
            False,
        ),
        # who will be there: the article names no one for the autumn round
        ("will ukraine be at the autumn talks?", "next_round", "who", True),
        ("czy Ukraina będzie obecna na jesiennych rozmowach?", "next_round", "who", True),
        (  # "którego" ends a loose "w stolicy … którego": it is the date's, asked right after
            "Pierwsze spotkanie odbyło się w stolicy Arabii Saudyjskiej – którego dnia dokładnie?",
            "riyadh",
            "date",
            False,
        ),
        ("When is the round coming up?", "next_round", "when", False),  # "coming up": next
        ("did energy come up in Riyadh?", "riyadh", "about", False),  # "come up": what about
    ],
)
def test_names_and_ways_of_asking_readers_use(
    brain: Brain, question: str, topic: str | None, aspect: str | None, fallback: bool
) -> None:
    """Names and ways of asking that readers used (dev17) and the lexicon lacked."""
    match = respond(brain, question).match
    assert (match.topic, match.aspect, match.fallback) == (topic, aspect, fallback)


@pytest.mark.parametrize(
    ("question", "topic", "detail"),
    [
        # a person whose words lie inside the event's own name is no person put in it
        (
            "W którym mieście na Bliskim Wschodzie zaczęły się rozmowy ludzi prezydenta USA "
            "z Rosjanami?",
            "riyadh",
            "Rijad",
        ),
        # two events named alike with the series they make up: the series answers
        (
            "In the earlier rounds in the Gulf and on the Bosphorus, which two areas "
            "dominated the agenda?",
            "earlier_talks",
            "energy",
        ),
        # …also when one of them is named more strongly ("stolica Arabii Saudyjskiej")
        (
            "Wcześniejsze spotkania Rosjan i Amerykanów w stolicy Arabii Saudyjskiej i w "
            "tureckiej metropolii miały swoje główne tematy. Jakie dwa obszary wymieniono?",
            "earlier_talks",
            "energetycz",
        ),
    ],
)
def test_a_question_is_answered_by_the_event_it_names(
    brain: Brain, question: str, topic: str, detail: str
) -> None:
    answered = respond(brain, question)
    assert (answered.match.topic, answered.match.fallback) == (topic, False)
    assert detail in answered.reply.html


def test_a_question_opening_with_a_persons_name_asks_for_the_person(brain: Brain) -> None:
    """ "…z którym ustalał termin kolejnej tury?" is a clause about him, not a "when"."""
    answered = respond(
        brain,
        "Jak się nazywa amerykański odpowiednik Ławrowa, z którym ustalał termin kolejnej tury?",
    )
    assert not answered.match.fallback
    assert "Rubio" in answered.reply.html


def test_a_chat_short_form_of_conference_is_no_typo_of_another_word(brain: Brain) -> None:
    """ "konfa" is chat for "konferencja" (aliases.yaml), which the corrector would have
    turned into "koniec"; the question asks where Lavrov held his press conference."""
    match = respond(brain, "lawrow gdzie mial ta konfe prasowa?").match
    assert (match.topic, match.aspect, match.fallback) == ("lavrov_announcement", "where", False)


@pytest.mark.parametrize(
    ("question", "whether"),
    [
        ("Do czego wezwał Trump w Nowym Jorku?", False),  # Polish "do": "to what"
        ("Do kogo Trump zaapelował w Nowym Jorku?", False),
        ("Do they know when the next round is?", True),
        ("Czy Trump był w Nowym Jorku?", True),
        ("a czy Rubio tam był?", True),
    ],
)
def test_a_yes_no_question_opens_with_a_word_of_its_own_language(
    brain: Brain, question: str, whether: bool
) -> None:
    """ "Do" opens an English yes/no question only: "Do kogo Trump zaapelował?" asks whom,
    and does not ask whether Trump took part."""
    assert brain.understanding.reader.asks_whether(brain.engine.analyse(question)) is whether


def test_with_whom_on_a_side_asks_the_other_party_not_the_side(brain: Brain) -> None:
    """ "Z kim po stronie amerykańskiej?" asks with whom Lavrov agreed it (Rubio): a with-whom
    question is not narrowed to who represented the side."""
    question = "Ławrow mówił, że ustalił to osobiście. Z kim po stronie amerykańskiej?"
    match = respond(brain, question).match
    assert (match.fallback, match.aspect, match.person) == (False, "who", "rubio")


@pytest.mark.parametrize(
    "question",
    [
        "How do I get a French omelette to turn out soft and creamy?",  # "turn out": outcome
        "How do I get my sourdough starter to turn out bubbly and active?",
    ],
)
def test_a_question_form_alone_does_not_make_a_question_the_articles(
    brain: Brain, question: str
) -> None:
    """A question naming no event nor person, that the examples barely match, with several
    words the bot does not know, gets the plain "the article doesn't say" and suggestions,
    not a partial answer about an event its question form happens to fit."""
    match = respond(brain, question).match
    assert (match.fallback, match.partial, match.topic) == (True, False, None)


def test_the_next_one_in_a_longer_follow_up_naming_no_event_is_what_came_next(
    brain: Brain,
) -> None:
    """ "And who did he agree the next one with?" after the rounds so far: the round that
    follows them, though the follow-up is longer than an elliptical one."""
    conversation = Conversation()
    respond(brain, "How many rounds have been held so far, per Lavrov?", conversation)
    answered = respond(brain, "And who did he agree the next one with?", conversation)
    assert (answered.match.topic, answered.match.fallback) == ("next_round", False)
    assert "Rubio" in answered.reply.html


@pytest.mark.parametrize(
    "question",
    [
        "Who agreed with Lavrov that the third round would be held in the autumn?",
        "Lavrov said he had agreed on the timing of the next round with someone from the"
        " American side. Who exactly was it that he made this agreement with?",
    ],
)
def test_who_agreed_with_someone_asks_for_the_other_party(brain: Brain, question: str) -> None:
    """ "Who agreed with Lavrov…?" and "who exactly … he made this agreement with?" ask for
    the one he agreed with: Rubio is who "what's his position?" then asks about."""
    conversation = Conversation()
    asked = respond(brain, question, conversation)
    assert (asked.match.fallback, asked.match.person) == (False, "rubio")
    assert "Rubio" in asked.reply.html
    assert respond(brain, "what's his position?", conversation).match.intent == "who_rubio"


def test_a_first_meeting_called_premierowe_is_no_prime_minister(brain: Brain) -> None:
    """ "premierowe spotkanie" is the first meeting, not the off-topic "premier" (a prime
    minister), which would make the answer partial; "premier Polski" stays off the article."""
    question = "Które saudyjskie miasto gościło premierowe zetknięcie obu delegacji?"
    match = respond(brain, question).match
    assert (match.fallback, match.topic, match.aspect) == (False, "riyadh", "city")
    assert respond(brain, "Co powiedział premier Polski o Ławrowie?").match.fallback


def test_what_they_were_discussing_asks_what_about(brain: Brain) -> None:
    """ "discussing" is a form of its own, not a typo of "discussion" (the talks)."""
    match = respond(brain, "what were they even discussing in istanbul tho").match
    assert (match.fallback, match.topic) == (False, "istanbul")


@pytest.mark.parametrize(
    ("question", "topic"),
    [("Peskov's stated goal?", "peskov_announcement"), ("Jaki cel miał Ławrow?", "next_round")],
)
def test_why_asked_of_a_person_alone_is_asked_where_they_spoke(
    brain: Brain, question: str, topic: str
) -> None:
    """Why, asked of a person naming no event, asks the purpose of what they said where
    they spoke, as what they said about does: Peskov announced what the talks would concern."""
    match = respond(brain, question).match
    assert (match.fallback, match.topic, match.aspect) == (False, topic, "why")


@pytest.mark.parametrize(
    "question",
    [
        "gdzie lawrow gadal o tej trzeciej rundzie",
        "Where did Lavrov make his statement about the third round of talks?",
    ],
)
def test_where_its_speaker_spoke_in_the_past_of_an_event_to_come_is_where_it_was_said(
    brain: Brain, question: str
) -> None:
    """The third round is yet to come: where Lavrov talked of it, in the past tense, is where
    he said it (the press conference at the UN), not where the round will be."""
    match = respond(brain, question).match
    assert (match.fallback, match.topic, match.aspect) == (False, "next_round", "via")


def test_where_an_event_to_come_will_be_stays_unreported(brain: Brain) -> None:
    """In the future tense it asks where the round will be, which the article lacks."""
    match = respond(brain, "Gdzie według Ławrowa odbędzie się trzecia runda?").match
    assert (match.partial, match.topic, match.aspect) == (True, "next_round", "where")


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("what was the riyadh meeting even about", "about"),
        ("what were the istanbul meetings even about?", "about"),
        ("what about Istanbul?", "about"),
    ],
)
def test_what_and_a_closing_about_ask_what_about_however_far_apart(
    brain: Brain, question: str, aspect: str
) -> None:
    """ "what … about?" (aspects.yaml): any words may stand between "what" and the "about"
    that ends the question."""
    reader = brain.understanding.reader
    assert aspect in reader.read(brain.engine.analyse(question)).aspects


def test_an_about_that_does_not_end_the_question_is_no_wide_form(brain: Brain) -> None:
    """ "about" must end it: here it says what the meeting was about, and the date is asked."""
    reading = brain.understanding.reader.read(
        brain.engine.analyse("What was the date of the Riyadh meeting about energy?")
    )
    assert reading.aspects == ("date",)


def test_once_or_twice_asks_how_many_times(brain: Brain) -> None:
    """ "raz czy dwa razy?" asks how many times: the Istanbul meetings were two."""
    match = respond(brain, "w stambule byli raz czy dwa razy?").match
    assert (match.fallback, match.topic, match.aspect) == (False, "istanbul", "count")


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Jakie medium przytoczyło słowa moskiewskiego ministra?", "Interfax"),
        ("Kto z otoczenia Kremla przewidywał, że chodzi o unormowanie kontaktów?", "Pieskow"),
    ],
)
def test_moscow_as_an_adjective_and_unormowanie_are_the_articles_words(
    brain: Brain, question: str, answer: str
) -> None:
    """ "moskiewski minister" is the Russian one (Lavrov); "unormowanie" is normalisation
    (Peskov's word)."""
    asked = respond(brain, question)
    assert asked.match.fallback is False
    assert answer in asked.reply.html


@pytest.mark.parametrize(
    "question",
    [
        "In which building did Lavrov talk about the third round?",
        "At what kind of media event, and in which building, did Moscow's foreign minister"
        " reveal the plan for a third round?",
    ],
)
def test_where_exactly_its_speaker_spoke_of_an_event_to_come_is_where_it_was_said(
    brain: Brain, question: str
) -> None:
    """Where exactly, as where: the press conference at the UN headquarters, also as the
    second part of a question whose first asks at what occasion."""
    asked = respond(brain, question)
    assert (asked.match.fallback, asked.match.topic) == (False, "next_round")
    assert "ONZ" in asked.reply.html or "UN headquarters" in asked.reply.html


@pytest.mark.parametrize(
    "question",
    [
        "Ile rund już się odbyło i która ma być następna?",
        "ktora to bedzie runda wg lawrowa?",
        "to bedzie ktora runda juz?",
        "Którą rundę zapowiedział Ławrow?",
    ],
)
def test_which_round_is_to_come_is_the_third(brain: Brain, question: str) -> None:
    """Which round is to come (or the one Lavrov announced) is the third, not the count of
    the rounds so far that the examples' nearest intent gives."""
    asked = respond(brain, question)
    assert asked.match.fallback is False
    assert "trzeci" in asked.reply.html


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        (  # an aside between the parts ("according to Lavrov") passes the chain on
            "How many rounds had already taken place, according to Lavrov, and which round"
            " will the autumn one be?",
            ("earlier_talks.count", "next_round.ordinal"),
        ),
        (  # a part naming its event keeps it; the other is of the event of its tense
            "Ile tur już się odbyło i która z kolei będzie jesienna runda?",
            ("earlier_talks.count", "next_round.ordinal"),
        ),
        (
            "Ile tur już się odbyło, zdaniem Ławrowa, i kiedy będzie następna?",
            ("earlier_talks.count", "next_round.when"),
        ),
    ],
)
def test_parts_in_two_tenses_one_naming_its_event(
    brain: Brain, question: str, asks: tuple[str, ...]
) -> None:
    """Two parts in two tenses: the one naming its event is of that event, the other of the
    one event of its tense that reports what it asks (the rounds so far count, the round
    to come is the third)."""
    reading = brain.understanding.reader.read(brain.engine.analyse(question))
    assert reading.asks == asks


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("Jakie stanowisko zajmuje człowiek, z którym Ławrow uzgodnił kolejną turę?", "rubio"),
        (
            "What government post does the American with whom Lavrov arranged the next"
            " meeting occupy?",
            "rubio",
        ),
        ("What is the official job of the man who announced the autumn talks?", "lavrov"),
        # the one named before "z którym" is the one asked about
        ("Jakie stanowisko ma szef dyplomacji USA, z którym rozmawiał Ławrow?", "rubio"),
    ],
)
def test_the_role_of_someone_described_by_what_they_did(
    brain: Brain, question: str, person: str
) -> None:
    """The one Lavrov agreed the round with, or the one who announced it: named after "z
    którym"/"with whom", the person named is the other party; "who announced" is the
    speaker's role too."""
    match = respond(brain, question).match
    assert (match.fallback, match.person, match.intent) == (False, person, f"who_{person}")


def test_a_persons_name_containing_an_events_name_does_not_name_the_event(
    brain: Brain,
) -> None:
    """ "szef Departamentu Stanu" is Rubio, not the State Department's account of the New
    York meeting: what he said Trump is ready to do is his warning; "Departament Stanu"
    alone still names its account."""
    question = (
        "Jakie kroki amerykański przywódca jest skłonny podjąć, jeśli Kreml nie zmieni"
        " kursu, jak przekonywał szef Departamentu Stanu?"
    )
    assert respond(brain, question).match.topic != "un_meeting"
    assert respond(brain, "Co przekazał Departament Stanu?").match.topic == "un_meeting"


@pytest.mark.parametrize(
    ("question", "when"),
    [
        ("What did Trump and Putin actually agree on when they met in Alaska in August?", False),
        ("What did they discuss when they met in Riyadh?", False),
        ("Where did they meet and when?", True),
        ("When did Rubio meet Lavrov?", True),
    ],
)
def test_an_english_when_opening_a_clause_asks_no_when(
    brain: Brain, question: str, when: bool
) -> None:
    """ "…agree on when they met…": "when" opens a clause of a question that opens with
    another question form; joined on ("and when?") or first, it asks when."""
    reading = brain.understanding.reader.read(brain.engine.analyse(question))
    assert ("when" in reading.aspects or any("when" in a for a in reading.asks)) is when


@pytest.mark.parametrize("question", ["Sekretarz prasowy Putina?", "Pieskow?"])
def test_a_person_alone_is_who_they_are(brain: Brain, question: str) -> None:
    """A question that is a person's name or description alone, of whom the examples ask
    both who they are and what they said, is who they are, not "did you mean"."""
    match = respond(brain, question).match
    assert (match.unsure, match.intent) == (False, "who_peskov")


def test_an_abbreviation_with_stops_ends_no_sentence(brain: Brain) -> None:
    """ "U.S." is no sentence end: the question is read whole ("In which … state"), not
    from "state did…" on."""
    question = "In which U.S. state did the two heads of state hold their summit?"
    match = respond(brain, question).match
    assert (match.fallback, match.topic, match.aspect) == (False, "alaska", "where")


def test_two_people_who_met_are_of_the_event_they_both_took_part_in(brain: Brain) -> None:
    """Rubio and Lavrov share two events: the New York meeting and the round Lavrov says
    they agreed. A question saying they met is about the meeting, whose occasion is the
    General Assembly (the round's is Lavrov's press conference)."""
    question = (
        "Przy jakiej okazji szef waszyngtońskiej dyplomacji widział się ze swoim"
        " kremlowskim odpowiednikiem?"
    )
    match = respond(brain, question).match
    assert (match.fallback, match.topic, match.aspect) == (False, "un_meeting", "occasion")


@pytest.mark.parametrize(
    ("question", "topic", "aspect"),
    [
        # hours after a number measure the talks: no hour is asked
        ("wydali jakis komunikat po tych 6 godzinach gadania?", "communique", "statement"),
        ("w jakim okresie roku ma być następna runda?", "next_round", "when"),
        (
            "In which organ of the world body did America's top diplomat caution the Kremlin?",
            "security_council",
            "via",
        ),
    ],
)
def test_readers_words_for_what_is_asked(
    brain: Brain, question: str, topic: str, aspect: str
) -> None:
    """Words readers use for what they ask: "w jakim okresie roku" (not "w jakim roku"),
    "which organ" (where it was said), and a number's unit, which asks nothing."""
    match = respond(brain, question).match
    assert (match.fallback, match.topic, match.aspect) == (False, topic, aspect)


def test_a_short_last_question_without_its_mark_is_asked_too(brain: Brain) -> None:
    """A message is read by its questions, the sentences with a "?"; a short last sentence
    that opens with a question form is one too, though its "?" is missing."""
    match = respond(brain, "rubio z lawrowem sie widzieli? gdzie to bylo").match
    assert (match.fallback, match.topic, match.aspect) == (False, "un_meeting", "where")


@pytest.mark.parametrize(
    ("sentence", "opens"),
    [("gdzie to bylo", True), ("and when?", True), ("I want to settle this argument.", False)],
)
def test_a_sentence_opens_with_a_form_only_by_its_first_words(
    brain: Brain, sentence: str, opens: bool
) -> None:
    """ "I want to settle this argument" states something: "want" (what someone wants) is
    its second word, not its first."""
    assert brain.understanding.reader.opens_with_form(brain.engine.analyse(sentence)) is opens


@pytest.mark.parametrize(
    ("question", "declined"),
    [
        (
            "Moja siostra mieszka w Stambule i pyta, po co tam przyjeżdżali Rosjanie i"
            " Amerykanie. Co mam jej odpowiedzieć na podstawie artykułu?",
            False,
        ),
        ("Gdzie mieszka Ławrow?", True),
        # the yes/no clause asks: the flights in it are off the article
        (
            "Czy jesienna runda zakończy się przywróceniem bezpośrednich połączeń lotniczych"
            " między Rosją a USA, o czym miałby wspominać Ławrow?",
            True,
        ),
    ],
)
def test_an_off_topic_word_in_a_lead_does_not_decline_the_question(
    brain: Brain, question: str, declined: bool
) -> None:
    """Where someone's sister lives is off the article; what she asks, what the Istanbul
    talks were for, is not: an off-topic word counts where the question asks, from its
    first clause opening with a question form or a yes/no word."""
    assert respond(brain, question).match.fallback is declined


def test_at_which_meeting_something_was_discussed_is_that_meeting(brain: Brain) -> None:
    """The occasion of a meeting the article reports only as a meeting is the meeting
    itself: where it took place (the embassies were discussed in Istanbul)."""
    question = (
        "W artykule jest mowa o funkcjonowaniu ambasad — przy okazji których spotkań o tym"
        " rozmawiano?"
    )
    asked = respond(brain, question)
    assert (asked.match.fallback, asked.match.topic) == (False, "istanbul")
    assert "Stambul" in asked.reply.html


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("W jakich miastach dotąd siadali do stołu wysłannicy obu mocarstw?", "earlier_talks"),
        ("In which cities did envoys of the two powers sit down together before?", "earlier_talks"),
    ],
)
def test_cities_in_the_plural_naming_no_event_are_the_series_of_meetings(
    brain: Brain, question: str, topic: str
) -> None:
    """Places in the plural, asked with no event named, are those of the one event made of
    several that each report where they were: the rounds so far, Riyadh and Istanbul."""
    asked = respond(brain, question)
    assert (asked.match.fallback, asked.match.topic) == (False, topic)


def _answered(brain: Brain, question: str, topic: str, *details: str) -> Answered:
    """The reply to a fresh question, asserted to answer from `topic` with every detail."""
    asked = respond(brain, question)
    assert (asked.match.fallback, asked.match.topic) == (False, topic), question
    for detail in details:
        assert detail in asked.reply.html, detail
    return asked


@pytest.mark.parametrize(
    "question",
    [
        "Gdzie Ławrow powiedział, że odbyły się już dwie tury negocjacji?",
        "Where did Lavrov say that two rounds had already been held?",
    ],
)
def test_where_a_person_said_it_is_the_occasion_where_no_source_reported_it(
    brain: Brain, question: str
) -> None:
    """Who reported it and where, asked with the speaker named, of an event no agency is
    reported for: the occasion he spoke at (the UN press conference), not "not reported"."""
    asked = respond(brain, question)
    assert (asked.match.fallback, asked.match.topic) == (False, "earlier_talks")
    assert "ONZ" in asked.reply.html or "UN headquarters" in asked.reply.html


@pytest.mark.parametrize(
    ("question", "detail"),
    [
        ("Which Russian official revealed that the two sides had agreed on more talks?", "Lavrov"),
        ("Kto z kremlowskiej ekipy przekazał wieść o następnej sesji obu mocarstw?", "Ławrow"),
    ],
)
def test_a_question_of_no_tense_naming_no_event_asks_of_the_event_to_come(
    brain: Brain, question: str, detail: str
) -> None:
    """With no tense and no event named, of the events whose facts report what is asked,
    the one to come (a word of its names is in the question); an unrelated question with
    a word of those names and several unknown ones, or with none of them, is still
    declined."""
    _answered(brain, question, "next_round", detail)
    assert respond(brain, "Kiedy przypada Wielkanoc w przyszłym roku?").match.fallback
    assert respond(brain, "jaki jest najlepszy anime ever").match.fallback  # no name's word


def test_a_lead_naming_its_event_by_order_alone_names_it_when_no_other_sentence_does(
    brain: Brain,
) -> None:
    """ "pierwsze rozmowy" is a name of the Riyadh meeting: a lead that names its event only
    with an order word gives the question its event when no other sentence names one."""
    question = (
        "Z tego, co pamiętam, pierwsze rozmowy Amerykanów z Rosjanami odbyły się gdzieś za"
        " granicą jeszcze zimą. Którego dnia i w jakim mieście to było?"
    )
    _answered(brain, question, "riyadh", "18 lutego", "Rijad")


def test_which_one_exactly_of_people_asked_first_is_who_it_was(brain: Brain) -> None:
    """ "z którym konkretnie politykiem": "konkretnie" asks which one exactly, of people
    when a who is asked first, which the article names (Rubio); "Which sanctions did the
    US announce…?" still asks which sanctions, which it does not."""
    question = (
        "Skoro Ławrow mówi, że dogadał się z Amerykanami co do kolejnej tury, to z którym"
        " konkretnie amerykańskim politykiem to ustalał?"
    )
    _answered(brain, question, "next_round", "Rubio")
    near = respond(brain, "Which sanctions did the US announce after the UN meeting?")
    assert near.match.fallback


@pytest.mark.parametrize(
    "question",
    [
        "trump z putinem na alasce sie widzial kiedy dokladnie? miesiac chociaz",
        "trump n putin met in alaska when exactly, which month",
    ],
)
def test_the_month_asked_beside_an_exact_date_is_answered(brain: Brain, question: str) -> None:
    """ "When exactly, which month": the reader settles for the month, which the article
    gives (August), though not the day; "exactly which day" alone still gets the partial."""
    asked = respond(brain, question)
    assert (asked.match.fallback, asked.match.topic) == (False, "alaska")
    assert "sierp" in asked.reply.html or "August" in asked.reply.html
    assert respond(brain, "Dokładnie którego dnia Trump spotkał się z Putinem?").match.fallback


def test_a_part_of_a_question_takes_its_tense_from_the_clauses_after_it(brain: Brain) -> None:
    """ "Ile tur negocjacji, według słów Ławrowa, już się odbyło, a która ma być następna?":
    the first part's tense stands two clauses on ("już się odbyło"), so it asks the count
    of the rounds held (two) and the second which the next one is (the third)."""
    question = "Ile tur negocjacji, według słów Ławrowa, już się odbyło, a która ma być następna?"
    asked = respond(brain, question)
    assert not asked.match.fallback
    assert "dwie" in asked.reply.html
    assert "trzecia" in asked.reply.html


def test_who_asked_of_two_events_answers_both(brain: Brain) -> None:
    """ "Who met in New York and who met in Alaska?": the person the first part's answer
    names (Rubio) is not one the question puts in the second event, so both are answered;
    a person the question names there still is ("Czy Rubio był na Alasce i kiedy?")."""
    asked = respond(brain, "Who met in New York and who met in Alaska?")
    assert not asked.match.fallback
    for name in ("Rubio", "Lavrov", "Trump", "Putin"):
        assert name in asked.reply.html
    assert respond(brain, "Czy Rubio był na Alasce i kiedy?").match.fallback


def test_who_hosted_a_meeting_is_not_reported_but_a_city_that_hosted_it_is(
    brain: Brain,
) -> None:
    """The article names where each meeting was, never a host: "Gospodarz rozmów w
    Rijadzie?" gets the partial answer; "Which city hosted…?" is still the city and
    "gospodarz Kremla" still names Putin, not a host."""
    for question in ("Gospodarz rozmów w Rijadzie?", "Which individual hosted the first meeting?"):
        asked = respond(brain, question)
        assert (asked.match.partial, asked.match.aspect) == (True, "host"), question
    _answered(brain, "Which city hosted the consultations on February 27?", "istanbul")
    assert "Pieskow" in respond(brain, "Kto mówi w imieniu gospodarza Kremla?").reply.html


def test_what_a_participant_who_did_not_speak_said_there_is_not_reported(brain: Brain) -> None:
    """Lavrov was at the New York meeting, but the article reports only what the US side
    said there: "what did Lavrov say to him?" gets the partial answer, not what he
    announced elsewhere; what someone said of an event they took no part in is still what
    they said where they spoke ("a co mówił Rubio?" of the next round)."""
    conversation = Conversation()
    respond(brain, "Where did Marco Rubio meet Sergei Lavrov?", conversation)
    asked = respond(brain, "what did Lavrov say to him?", conversation)
    assert (asked.match.fallback, asked.match.topic) == (True, "un_meeting")
    other = Conversation()
    respond(brain, "Kiedy następna runda?", other)
    elsewhere = respond(brain, "a co mówił Rubio?", other)
    assert not elsewhere.match.fallback
    assert elsewhere.match.topic != "next_round"


@pytest.mark.parametrize("question", ["who did Rubio meet?", "Z kim się spotkał Trump?"])
def test_whom_a_person_met_is_the_other_party_of_the_one_event_they_met_at(
    brain: Brain, question: str
) -> None:
    """A person asked with whom they met, no event named: the other party of the one event
    they took part in with others (not who the person is, nor the US demands, a stance)."""
    asked = respond(brain, question)
    assert not asked.match.fallback
    assert asked.match.topic in ("un_meeting", "alaska")
    assert asked.match.person in ("lavrov", "putin")


def test_whether_two_people_met_is_answered_by_their_meeting(brain: Brain) -> None:
    """ "Did Trump meet Putin in person at some point?": both took part in the Alaska
    meeting, whose account answers it, though the examples barely match the wording;
    the follow-up "when was that?" is then about that meeting."""
    conversation = Conversation()
    asked = respond(brain, "Did Trump meet Putin in person at some point?", conversation)
    assert (asked.match.fallback, asked.match.topic) == (False, "alaska")
    when = respond(brain, "when was that?", conversation)
    assert "August" in when.reply.html


def test_where_the_speaker_of_the_round_to_come_is_named_is_where_he_said_it(
    brain: Brain,
) -> None:
    """ "W jakim miejscu Siergiej Ławrow przekazał informację o kolejnej turze?": no tense
    cue ("przekazał" is in no list), but the round is yet to come and has no place, and
    its speaker is named: where he spoke. "Gdzie odbędzie się runda?" stays partial."""
    question = "W jakim miejscu Siergiej Ławrow przekazał informację o kolejnej turze rozmów?"
    asked = respond(brain, question)
    assert (asked.match.fallback, asked.match.aspect) == (False, "via")
    assert "ONZ" in asked.reply.html
    assert respond(brain, "Gdzie według Ławrowa odbędzie się kolejna tura?").match.fallback


def test_the_fast_copy_of_a_verdict_equals_dataclasses_replace(brain: Brain) -> None:
    """`_about` copies a Match without `dataclasses.replace` (a speed-up of the commonest
    last step): the copy must be the same value, hash and text, and leave the base alone."""
    base = respond(brain, "kiedy następna runda?").match
    fast = _about(base, "riyadh", "when", "putin")
    slow = dataclasses.replace(base, topic="riyadh", aspect="when", person="putin")
    assert (fast, hash(fast), repr(fast)) == (slow, hash(slow), repr(slow))
    assert base.topic == "next_round"
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.topic = "istanbul"  # type: ignore[misc]

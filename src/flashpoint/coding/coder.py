"""The coder: articles in, coded events out, one sentence at a time.

For each article the coder splits sentences with a cheap rule-based splitter, parses only
the sentences that hold both a candidate trigger word and a candidate actor word, and reads
each event's trigger, actors, modality and reporting frame from that one sentence's parse.
An event is never glued together from different sentences; its evidence is the sentence,
with character offsets into ``Article.text``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date as Date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from flashpoint import ontology
from flashpoint.actors.resolver import STANCE_PREFIXES
from flashpoint.batching import chunked
from flashpoint.coding.attribution import frame_of, phrase_text
from flashpoint.coding.intent import intent_code, refusal_code
from flashpoint.coding.lexicon import Lexicon, Trigger, default_lexicon, plover_readings
from flashpoint.coding.location import LOCATIVE_PREPS, location_of
from flashpoint.coding.modality import (
    is_historical,
    is_stated_intent,
    is_stated_refusal,
    is_ultimatum,
    modality_of,
)
from flashpoint.coding.roles import noun_roles, verb_roles, verb_subject
from flashpoint.geo import load_gazetteer
from flashpoint.model import Actor, Article, Event, Evidence, Location, Plover, Sentence
from flashpoint.nlp import load_pipeline, split_sentences

if TYPE_CHECKING:
    from flashpoint.actors import KnowledgeBase

PRONOUNS_PERSON = {"he", "she", "him", "her", "his", "hers"}
# bare titles that point back to the person the article last named with that office
TITLES = {
    "president", "prime minister", "premier", "chancellor", "foreign minister",
    "defence minister", "defense minister", "secretary of state", "leader", "king", "emir",
}
# heads that stand for the people in their "of" phrase: "a group of Moroccan diplomats"
CONTAINER_NOUNS = {
    "group", "member", "delegation", "team", "number", "some", "many", "most", "all", "dozen",
    "hundred", "thousand", "contingent", "unit", "wing", "faction", "coalition", "alliance",
    "bloc", "body", "panel", "committee", "mission", "leadership", "representative", "head",
    "batch", "detachment", "squad", "platoon", "deployment", "wave", "column",
}
# verbs whose subject becomes "the speaker" that "this statement" points back to
SPEAKING_VERBS = {"say", "assert", "state", "declare", "claim", "tell", "announce"}
SPEECH_NOUNS = {
    "statement", "remark", "comment", "speech", "word", "assertion", "declaration", "claim",
    "announcement", "move", "decision", "stance", "position",
}
MAX_SENTENCE_CHARS = 3000
# roots whose untargeted events are aimed at the country where they happen
PLACE_TARGET_ROOTS = {"15", "17", "18", "19", "20"}
# cooperation (and fighting) between coordinated actors that name no one else is mutual
MUTUAL_ROOTS = {"03", "04", "05", "06", "08", "19"}
# violence is reported even when nobody is named as its author
UNATTRIBUTED_ROOTS = {"18", "19", "20"}
# who riots when they damage property
DEMONSTRATOR_WORDS = {"protester", "protestor", "demonstrator", "rioter", "mob", "crowd", "looter"}
RIOTING_VERBS = {"riot", "protest", "demonstrate", "rampage"}  # "rioted, setting fire to mattresses"
# verbs of harm that accidents, disease and sport use too: violence only in a violent clause
GENERIC_HARM_VERBS = {
    "kill", "die", "shoot", "hit", "beat", "destroy", "burn", "injure", "hurt", "fire", "strike",
    "damage", "wound", "blow", "down", "crash", "claim", "leave",
}
# words that make a clause about political violence rather than an accident or a crime story
VIOLENCE_WORDS = {
    "attack", "bombing", "bomb", "blast", "explosion", "explosive", "device", "ied", "shelling",
    "shell", "airstrike", "strike", "raid", "rocket", "missile", "mortar", "drone", "grenade",
    "mine", "landmine", "gunfire", "gunman", "gunmen", "sniper", "assailant", "attacker",
    "militant", "insurgent", "fighting", "clash", "riot", "violence", "ambush", "shooting",
    "artillery", "crossfire", "assault", "offensive", "bombardment", "suicide", "car", "militia",
    "rebel", "terrorist", "soldier", "troop", "force", "police", "army", "jet", "warplane",
    "tank", "gun", "bullet", "gunship",
}
# roots whose events, when they name no one, act on the actor's own country ("the
# vice-president declined to resign", "the government threatened to impose martial law");
# cooperation (01-07, 09) needs a partner, so it is left untargeted
DOMESTIC_TARGET_ROOTS = {"08", "10", "11", "12", "13", "14"} | PLACE_TARGET_ROOTS
# ... but only these are domestic by their nature, whoever acts: yielding, political reform
# demanded or refused, protest, repression ("the vice-president declined to resign"); a
# government's untargeted demand, accusation, rejection or threat ("Beijing is balking at
# purchases", "the ambassador warned") is aimed abroad as often as at home, so only a domestic
# actor's is read as domestic (and sanctions, 16, never are)
DOMESTIC_CODES = ("08", "104", "123", "124", "14", "17")
# sectors whose force is used at home: "police opened fire", "rebels attacked"; a government's
# or an army's attack that names no target and no place is not aimed at its own country
DOMESTIC_FORCE_SECTORS = {"COP", "REB", "OPP", "CVL", "CRM", "UAF", "PTY", "RAD", "LAB", "REL",
                          "EDU", "JUD", "LEG", "BUS", "MED"}
# "X said (that) Y must ...": a demand by X on Y, whatever Y is asked to do
MUST_DEMAND = Trigger(
    code="100", pos="V", lemma="say", particle=None, requires=(), target_preps=(),
    source_preps=(), rule="pattern:X said Y must",
)
# "X alleged that Y attacked Z": an accusation by X against Y, when what Y is said to have
# done is itself a conflictual event
ALLEGATION = Trigger(
    code="112", pos="V", lemma="allege", particle=None, requires=(), target_preps=(),
    source_preps=(), rule="pattern:X alleged that Y did wrong",
)
ALLEGING_VERBS = {"allege", "claim", "charge", "contend"}
CONFLICT_ROOTS = {"11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}
DEMAND_FRAMES = {
    "say", "declare", "insist", "reiterate", "tell", "state", "warn", "stress", "argue",
    "maintain", "repeat", "demand", "announce",
}
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’.-]*")


@dataclass
class _Context:
    """What the article has said so far, for pronouns and "this statement"."""

    persons: list[tuple[int, Actor]] = field(default_factory=list)
    speakers: list[tuple[int, Actor]] = field(default_factory=list)
    # how often each country has been named so far: the country the story is about
    countries: Counter[str] = field(default_factory=Counter)
    # the countries the sentence being coded names, in order: where its places likely are
    here: list[str] = field(default_factory=list)

    def main_country(self) -> str | None:
        top = self.countries.most_common(2)
        if not top or (len(top) == 2 and top[0][1] == top[1][1]):
            return None  # no country, or two named as often: the story is about both
        return top[0][0]

    def last_person(self, before: int) -> Actor | None:
        for pos, actor in reversed(self.persons):
            if pos < before:
                return actor
        return None

    def last_speaker(self, before: int) -> Actor | None:
        for pos, actor in reversed(self.speakers):
            if pos < before:
                return actor
        return self.last_person(before)


class Coder:
    """Codes articles into events with one loaded spaCy pipeline, lexicon and knowledge base."""

    def __init__(
        self,
        *,
        model: str | None = None,
        lexicon: Lexicon | None = None,
        kb: KnowledgeBase | None = None,
        parse_all: bool = False,
        batch_size: int = 64,
    ):
        self.nlp = load_pipeline(model)
        self.lexicon = lexicon or default_lexicon()
        if kb is None:
            from flashpoint.actors import load_knowledge_base

            kb = load_knowledge_base()
        self.kb = kb
        self.gazetteer = load_gazetteer()
        self.parse_all = parse_all
        self.batch_size = batch_size
        self._trigger_forms = _inflections(self.lexicon.lemmas, _irregular_forms(self.nlp))
        self._actor_words = _first_words(self.kb.surface_forms()) | PRONOUNS_PERSON

    # -- public ---------------------------------------------------------------------------

    def code_article(self, article: Article) -> list[Event]:
        return next(self.code_articles([article]))[1]

    def code_articles(
        self, articles: Iterable[Article], *, chunk: int = 32
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Code articles in chunks, parsing all their candidate sentences in one ``nlp.pipe``."""
        for batch in chunked(articles, chunk):
            yield from self._code_batch(batch)

    # -- stages ---------------------------------------------------------------------------

    def candidate_sentences(self, article: Article) -> list[Sentence]:
        """Sentences worth parsing: a trigger word and an actor word both occur in them."""
        out = []
        for index, (start, end) in enumerate(split_sentences(article.text)):
            text = article.text[start:end]
            if len(text) > MAX_SENTENCE_CHARS:
                continue  # a run-on without punctuation (a table, a dump) is no news sentence
            if self.parse_all or self._is_candidate(text):
                out.append(Sentence(index=index, text=text, start=start, end=end))
        return out

    def _is_candidate(self, text: str) -> bool:
        words = [w.lower().rstrip(".'’") for w in WORD_RE.findall(text)]
        has_trigger = any(w in self._trigger_forms for w in words)
        return has_trigger and any(w in self._actor_words for w in words)

    def _code_batch(self, articles: list[Article]) -> Iterator[tuple[Article, list[Event]]]:
        per_article = [self.candidate_sentences(a) for a in articles]
        texts = [s.text for sents in per_article for s in sents]
        docs = iter(self.nlp.pipe(texts, batch_size=self.batch_size))
        for article, sentences in zip(articles, per_article, strict=True):
            parsed = [(s, next(docs)) for s in sentences]
            yield article, self.code_parsed(article, parsed)

    def code_parsed(self, article: Article, parsed: list[tuple[Sentence, Doc]]) -> list[Event]:
        context = _Context()
        events: dict[str, Event] = {}
        for sentence, doc in parsed:
            self._note_mentions(sentence, doc, article.date, context)
            for event in self.code_sentence(article, sentence, doc, context):
                events.setdefault(event.id, event)
        return list(events.values())

    def code_sentence(
        self, article: Article, sentence: Sentence, doc: Doc, context: _Context | None = None
    ) -> list[Event]:
        context = context or _Context()
        context.here = self._sentence_countries(doc)
        out: list[Event] = []
        for tok in doc:
            entry = self.match_trigger(tok)
            if entry is None:
                continue
            out.extend(self._events_for(article, sentence, tok, entry, context))
        for entry, speech, clause in self._reported_clauses(doc):
            roles = (verb_subject(speech), [_subjects(clause)])
            out.extend(self._events_for(article, sentence, speech, entry, context, roles))
        return _without_weaker_repeats(out)

    def _reported_clauses(self, doc: Doc) -> Iterator[tuple[Trigger, Token, Token]]:
        """(pattern, speech verb, reported clause) for the events a report itself makes:
        "Russia said Sudan must return the helicopter" is a demand by the speaker; "X alleged
        that Y attacked Z" an accusation, when what Y is said to have done is conflictual."""
        for tok in doc:
            if tok.dep_ != "ccomp":
                continue
            lemma = tok.head.lemma_.lower()
            if lemma in DEMAND_FRAMES and any(c.dep_ == "aux" and c.lower_ == "must" for c in tok.children):
                yield MUST_DEMAND, tok.head, tok
            elif lemma in ALLEGING_VERBS and any(
                (m := self.match_trigger(t)) and m.code[:2] in CONFLICT_ROOTS for t in tok.subtree
            ):
                yield ALLEGATION, tok.head, tok

    # -- triggers -------------------------------------------------------------------------

    def match_trigger(self, tok: Token) -> Trigger | None:
        return self.lexicon.match(tok)

    # -- events ---------------------------------------------------------------------------

    def _events_for(
        self,
        article: Article,
        sentence: Sentence,
        trigger: Token,
        entry: Trigger,
        ctx: _Context,
        roles: tuple[list[Token], list[list[Token]]] | None = None,
    ) -> list[Event]:
        if is_historical(trigger, article.date):
            return []  # "killed in riots last March": background, not an event of this report
        if roles is not None:
            source_heads, target_tiers = roles[0], [roles[1]]
        elif entry.pos == "V":
            source_heads, target_tiers = verb_roles(trigger, entry)
        else:
            source_heads, target_tiers = noun_roles(trigger, entry)
        when = article.date
        offset = sentence.start
        actor_tokens: set[int] = set()  # read as actors, so never as the event's place

        def resolved(heads: list[Token], role: str) -> list[Actor]:
            out = []
            heads = [x for h in heads for x in _plural_antecedents(h)]
            for h in heads:
                shared = self._shared_head_actors(h, when)
                if shared:
                    # "Philippine and Chinese diplomats": one phrase, two actors
                    out.extend(shared)
                    actor_tokens.add(h.i)
                    continue
                actor = self._actor(h, when, ctx, offset, role)
                if actor is not None:
                    out.append(actor)
                    actor_tokens.add(h.i)
            return _unique(out)

        sources = resolved(source_heads, "source")
        if not sources and not (
            entry.code[:2] in UNATTRIBUTED_ROOTS and entry.pos == "V" and _in_violence(trigger)
        ):
            # violence nobody is named for is still violence when the clause says so ("were
            # killed in a car bombing", "a car bomb exploded", "gunmen attacked"); a hunter who
            # killed a rabbit, a plague that killed millions, a crash, are not events
            return []
        targets_list = _first_tier_targets(
            target_tiers, resolved, sources, own_forces=entry.code.startswith("15")
        )
        code_id, modality, note = _recoded(entry, trigger, source_heads)
        frame = frame_of(trigger, self._outlet_name)
        hints = ctx.here + [
            a.country for a in sources + targets_list[0] if a.country
        ]
        place = location_of(trigger, self.gazetteer, hints=hints, skip=actor_tokens)
        named = {a.country for a in sources + targets_list[0] if a.country and len(a.country) == 3}
        home = (
            (place.country if place else None)
            or ctx.main_country()
            or (named.pop() if len(named) == 1 else None)
        )
        if not sources:
            sources = self._instrument_authors(trigger, when) or _unidentified_attackers(
                ctx.here, targets_list, place, home
            )
            if not sources:
                return []
            if sources[0].kind == "unidentified":
                home = sources[0].country
        if home:
            # "rebels", "demonstrators", "the police" name no country: they are the country's
            # where the event happens, else the one the story is about
            target_states = {a.country for t in targets_list for a in t if a.kind == "country"}
            source_states = {a.country for a in sources if a.kind == "country"}
            sources = [_placed(a, home, target_states) for a in sources]
            targets_list = [[_placed(a, home, source_states) for a in t] for t in targets_list]
        dyads = [(sources, targets) for targets in targets_list]
        implied = targets_list == [[]] and code_id[:2] in DOMESTIC_TARGET_ROOTS
        if implied:
            own = {a.country for a in sources}
            foreign = any(c not in own for c in ctx.countries)
            dyads = [(sources, _implied_target(code_id, sources, place, foreign))]
            if dyads[0][1]:
                note += " target:implied"
        elif targets_list == [[]] and code_id[:2] in MUTUAL_ROOTS:
            # "Israel and Lebanon renewed negotiations": each side acts towards the other
            dyads = _mutual_dyads(sources) or dyads
        evidence = Evidence(
            text=sentence.text, start=sentence.start, end=sentence.end,
            trigger=_trigger_text(trigger),
        )
        return [
            Event(
                doc_id=article.id,
                sentence_index=sentence.index,
                date=when,
                source=event_sources,
                target=targets,
                cameo=ontology.cameo(code_id),
                plover=_plover_reading(code_id, entry),
                modality=modality,
                evidence=evidence,
                reported_by=list(frame.reported_by),
                attributed_to=list(frame.attributed_to),
                location=place,
                confidence=_confidence(entry, event_sources, [] if implied else targets, modality),
                rule=_rule_text(entry, note),
                outlet=article.outlet,
                url=article.url,
            )
            for event_sources, targets in dyads
        ]

    def _outlet_name(self, text: str) -> str | None:
        actor = self.kb.outlet(text)
        return actor.name if actor else None

    def _actor(
        self, head: Token, when: Date | None, ctx: _Context, offset: int, role: str = "source"
    ) -> Actor | None:
        """The actor a noun phrase head stands for, with pronouns and "this statement" followed back."""
        position = offset + head.idx
        lower = head.lower_
        if head.pos_ == "PRON" or lower in PRONOUNS_PERSON:
            if lower in PRONOUNS_PERSON:
                # "(Katsav refused ...), saying he would only welcome him": the speaker first
                speaker = _antecedent(head) if head.dep_ == "nsubj" else None
                if speaker is not None and speaker.pos_ == "PROPN":
                    actor = self._actor(speaker, when, ctx, offset, role)
                    if actor is not None:
                        return _restated(actor, head.text)
                person = self._cataphora(head, when) or ctx.last_person(position)
                if person:
                    return _restated(person, head.text)
            antecedent = _antecedent(head)
            if antecedent is not None:
                # "the Yoruba leaders announced that they ...", "Annan said he will ..."
                actor = self._actor(antecedent, when, ctx, offset, role)
                return _restated(actor, head.text) if actor else None
            return None
        text = _argument_text(head)
        if head.dep_ in ("amod", "compound", "nmod") and head.head.i > head.i:
            # "a Chinese military incursion": the modifiers up to the trigger compose the actor
            text = head.doc[head.i : head.head.i].text
        actor = self.kb.resolve(text, when)
        full = phrase_text(head) if actor is None or actor.country is None else text
        if full != text:
            found = self.kb.resolve(full, when)
            if actor is not None or head.lemma_.lower() in CONTAINER_NOUNS:
                # "a group of Moroccan diplomats", "the Ambassador of the Kingdom of Morocco"
                actor = _better(actor, found)
            elif role == "target" and found is not None and found.country:
                # "set up a research centre in Tokyo": a thing or place stands for its country,
                # as CAMEO codes it; never the source, and never more than the country
                actor = Actor(text=full, name=None, code=found.country, country=found.country,
                              sector=None, kind="place")
        if actor is None or actor.country is None:
            # "Haiti's efforts", "President Reagan's statement", the minister, "Mr X"
            for child in head.children:
                if _after_stance_prefix(child):
                    continue  # "an anti-Syria journalist" is not Syria's
                if child.dep_ == "poss" and child.pos_ == "PRON":
                    # "their forces" after "Bosnian Serbs said": the speaker's forces
                    actor = _better(actor, self._actor(child, when, ctx, offset, role))
                elif child.dep_ in ("appos", "poss") or (
                    child.dep_ in ("compound", "amod") and child.ent_type_ in ("NORP", "GPE")
                ):
                    actor = _better(actor, self.kb.resolve(_argument_text(child), when))
                    if actor is not None and actor.country is not None:
                        break
        if actor is None and head.lemma_.lower() in SPEECH_NOUNS:
            poss = [c for c in head.children if c.dep_ == "poss"]
            if poss and poss[0].lower_ in PRONOUNS_PERSON:
                speaker = ctx.last_person(position)
            elif any(c.dep_ == "det" for c in head.children):
                speaker = ctx.last_speaker(position)
            else:
                speaker = None
            return _restated(speaker, text) if speaker else None
        if actor is not None and actor.kind == "outlet":
            return None  # an outlet reports events; it is not their actor here
        if (actor is not None and actor.kind == "capital" and head.dep_ == "pobj"
                and head.head.lower_ in LOCATIVE_PREPS):
            # "a car bomb exploded in Baghdad": a capital as a place is its country, not the
            # government that "Baghdad said" would be
            return Actor(text=text, name=actor.name, code=actor.country, country=actor.country,
                         kind="place")
        if actor is not None and actor.country is None and actor.kind == "agent":
            # "the prime minister" after "Japanese Prime Minister Sanae Takaichi"
            return self._titled_person(text, when, ctx, position) or actor
        return actor

    def _sentence_countries(self, doc: Doc) -> list[str]:
        """Countries the sentence names, in order: where its places most likely are."""
        out: list[str] = []
        for ent in doc.ents:
            if ent.label_ in ("GPE", "NORP"):
                country = self.kb.country(ent.text)
                if country and country not in out:
                    out.append(country)
        return out

    def _instrument_authors(self, trigger: Token, when: Date | None) -> list[Actor]:
        """"killed in Israeli tank shelling": the nationality of the weapon named the attacker."""
        for prep in trigger.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "during", "from"):
                continue
            for pobj in prep.children:
                mods = [c for c in pobj.children if c.dep_ in ("amod", "compound", "nmod")
                        and c.ent_type_ in ("NORP", "GPE") and c.i < pobj.i]
                if mods:
                    actor = self.kb.resolve(mods[0].text, when)
                    if actor is not None and actor.country:
                        return [_restated(actor, pobj.doc[mods[0].i : pobj.i + 1].text)]
        return []

    def _shared_head_actors(self, head: Token, when: Date | None) -> list[Actor]:
        """Coordinated modifiers sharing one head, each composed with it, when all resolve."""
        for mod in head.children:
            if mod.dep_ in ("amod", "compound", "nmod") and mod.conjuncts and mod.i < head.i:
                texts = [f"{m.text} {head.text}" for m in (mod, *mod.conjuncts)]
                actors = [self.kb.resolve(t, when) for t in texts]
                if all(a is not None and a.country for a in actors):
                    return actors
        return []

    def _titled_person(self, text: str, when: Date | None, ctx: _Context, before: int) -> Actor | None:
        """The person the article last named who holds this title at the event's date."""
        words = text.lower().split()
        if not words or words[0] not in ("the", "this"):
            return None
        title = " ".join(words[1:])
        if title not in TITLES:
            return None
        seen: set[str] = set()
        for pos, person in reversed(ctx.persons):
            if pos >= before or person.name in seen or not person.country:
                continue
            seen.add(person.name)
            if self.kb.leader(person.country, title, when) == person.name:
                return _restated(person, text)
            if len(seen) >= 4:
                break
        return None

    def _cataphora(self, pronoun: Token, when: Date | None) -> Actor | None:
        """"During his call with Xi, Trump said ...": a pronoun in a fronted phrase points forward."""
        root = pronoun.sent.root
        subjects = [c for c in root.children if c.dep_ == "nsubj" and c.i > pronoun.i]
        if not subjects or pronoun.head.i > subjects[0].i:
            return None
        actor = self.kb.resolve(_argument_text(subjects[0]), when)
        return actor if actor is not None and actor.kind == "person" else None

    def _note_mentions(self, sentence: Sentence, doc: Doc, when: Date | None, ctx: _Context):
        """Remember the people the sentence names, and who spoke, for later pronouns."""
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            if ent.label_ in ("GPE", "NORP", "ORG"):
                country = self.kb.country(ent.text)
                if country:
                    ctx.countries[country] += 1
            actor = self.kb.resolve(ent.text, when)
            if actor is None or actor.kind != "person":
                continue
            if actor.country and len(actor.country) == 3 and ent.label_ == "PERSON":
                ctx.countries[actor.country] += 1
            pos = sentence.start + ent.start_char
            ctx.persons.append((pos, actor))
            head = ent.root
            if head.dep_ == "poss" and head.head.lemma_.lower() in SPEECH_NOUNS:
                ctx.speakers.append((pos, actor))
            elif head.dep_ == "nsubj" and head.head.lemma_.lower() in SPEAKING_VERBS:
                ctx.speakers.append((pos, actor))
        ctx.persons.sort(key=lambda p: p[0])
        for tok in doc:
            if (
                tok.lower_ in PRONOUNS_PERSON
                and tok.dep_ == "nsubj"
                and tok.head.lemma_.lower() in SPEAKING_VERBS
            ):
                person = ctx.last_person(sentence.start + tok.idx)
                if person:
                    ctx.speakers.append((sentence.start + tok.idx, person))
        ctx.speakers.sort(key=lambda p: p[0])


# -- helpers ----------------------------------------------------------------------------------

LEFT_DEPS = {"det", "amod", "compound", "poss", "nmod", "case", "npadvmod", "flat"}  # not numbers


def _argument_text(head: Token) -> str:
    """The head with its left modifiers: "US President Donald Trump", "Chinese state media"."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in LEFT_DEPS or child.dep_ == "punct" and child.text in ("-", "'s"):
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat", "case") and child.i == end:
            end = child.i + 1
    return head.doc[start:end].text


def _trigger_text(tok: Token) -> str:
    """The trigger with its compounds and particle: "telephone conversations", "called off"."""
    toks = [tok] + [c for c in tok.children if c.dep_ in ("compound", "prt")]
    toks.sort(key=lambda t: t.i)
    return " ".join(t.text for t in toks)


def _in_violence(verb: Token) -> bool:
    """Is the verb violence by itself ("were kidnapped", "was assassinated"), or does its clause
    name an attack, a weapon or armed men ("killed in a bombing", "a bomb exploded")?"""
    if verb.lemma_.lower() not in GENERIC_HARM_VERBS:
        return True
    near = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent", "prep", "dobj", "advcl")]
    words = []
    for c in near:
        words.append(c)
        words.extend(g for g in c.children if g.dep_ in ("pobj", "compound", "amod"))
        words.extend(g for p in c.children if p.dep_ == "pobj" for g in p.children if g.dep_ == "compound")
    return any(w.lemma_.lower() in VIOLENCE_WORDS for w in words)


def _after_stance_prefix(tok: Token) -> bool:
    """ "anti-Syria", "pro-Russian": a name after a stance prefix names a cause, not an actor."""
    i = tok.i
    doc = tok.doc
    return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in STANCE_PREFIXES


def _plural_antecedents(head: Token) -> list[Token]:
    """ "Obama and Putin said they will attack Iraq": "they" is both; other heads stay as they are."""
    if head.lower_ in ("they", "their", "we", "our"):
        antecedent = _antecedent(head)
        if antecedent is not None and antecedent.conjuncts:
            return [antecedent, *antecedent.conjuncts]
    return [head]


def _antecedent(pronoun: Token) -> Token | None:
    """The phrase an "it", "they", "its" or "their" stands for, inside its own sentence.

    "Russia closed its borders": a possessive points to its clause's subject; "Iran denied
    that it attacked Israel", "the Serbs said their forces withdrew": to the speaker.
    """
    lower = pronoun.lower_
    if lower in ("it", "they", "we", "he", "she") and pronoun.dep_ in ("nsubj", "nsubjpass"):
        possessed = pronoun
    elif lower in ("its", "their", "our", "his", "her") and pronoun.dep_ == "poss":
        possessed = pronoun.head
    else:
        return None
    clause = possessed.head if possessed is pronoun else possessed
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    if possessed is not pronoun:
        subject = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subject and subject[0].pos_ != "PRON" and subject[0].i != possessed.i:
            return subject[0]
    if clause.dep_ in ("ccomp", "xcomp", "conj") and clause.head.i != clause.i:
        # the speaker, also of a participle: "(Katsav refused ...), saying he would ..."
        speaker = verb_subject(clause.head)
        if speaker and speaker[0].pos_ != "PRON":
            return speaker[0]
    return None


def _subjects(verb: Token) -> list[Token]:
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return [subj[0], *subj[0].conjuncts] if subj else []


def _mutual_dyads(sources: list[Actor]) -> list[tuple[list[Actor], list[Actor]]]:
    """Each of two or more coordinated actors of different countries towards the others."""
    if len({a.country for a in sources}) < 2 or any(a.country is None for a in sources):
        return []
    return [([a], [b for b in sources if b.country != a.country]) for a in sources]


def _own_forces(actor: Actor) -> bool:
    """ "Britain mobilized army reservists": forces of no named country are the mobilizer's own."""
    return actor.country is None and actor.sector in ("MIL", "COP", "UAF")


def _first_tier_targets(
    tiers: list[list[list[Token]]], resolved, sources: list[Actor], own_forces: bool = False
) -> list[list[Actor]]:
    """The target groups of the first tier in which any group resolves, one group per country.

    A place in the source's own country is no second target ("refused to meet Jordan's king in
    Tel Aviv" is aimed at Jordan, not also at Israel).
    """
    source_codes = {s.code for s in sources}
    source_countries = {s.country for s in sources}
    targets_list: list[list[Actor]] = []
    for tier in tiers:
        for group in tier:
            actors = [
                a for a in resolved(group, "target")
                if a.code not in source_codes and not (own_forces and _own_forces(a))
            ]
            if actors and all(
                {a.code for a in actors} != {a.code for a in t}
                # "the US' military policies" after "the US": one target, not two
                and ({a.country for a in actors} != {a.country for a in t} or None in {a.country for a in t})
                for t in targets_list
            ):
                targets_list.append(actors)
        if targets_list:
            break
    named = [t for t in targets_list if not all(a.kind == "place" and a.country in source_countries for a in t)]
    if named:
        targets_list = named
    if any(a.country for t in targets_list for a in t):
        # "demanded that China release the detained journalists": China is the target; the
        # journalists, of no known country, add no second event
        targets_list = [t for t in targets_list if any(a.country for a in t)]
    return targets_list or [[]]


def _recoded(entry: Trigger, trigger: Token, source_heads: list[Token]) -> tuple[str, str, str]:
    """(code, modality, note): a stated intent or refusal is coded as such, the CAMEO way, and
    demonstrators destroying property are rioting (CAMEO 145: "civilian demonstrations turn
    violent, including destruction of property")."""
    code_id, modality = entry.code, modality_of(trigger)
    rioting = trigger.dep_ in ("advcl", "conj") and trigger.head.lemma_.lower() in RIOTING_VERBS
    if code_id.startswith("171") and (rioting or any(h.lemma_.lower() in DEMONSTRATOR_WORDS for h in source_heads)):
        return "145", modality, f" riot:{code_id}->145"
    if modality in ("future", "conditional") and is_stated_intent(trigger):
        # "Portugal will support ..." is Portugal's stated intent: asserted, coded 03x/13x; so
        # is a conditional one: "China will impose sanctions if talks fail" is a threat
        announced = intent_code(entry.code)
        if announced and modality == "conditional" and is_ultimatum(trigger) and not announced.startswith("13"):
            announced = "130"  # "will withdraw its force unless ...": an ultimatum is a threat
        if announced:
            return announced, "asserted", f" intent:{entry.code}->{announced}"
    elif modality == "negated" and is_stated_refusal(trigger):
        # "Syria says it will not accept more refugees" is Syria's rejection: asserted, 12x
        refused = refusal_code(entry.code)
        if refused:
            return refused, "asserted", f" refusal:{entry.code}->{refused}"
    return code_id, modality, ""


def _rule_text(entry: Trigger, note: str) -> str:
    """Which lexicon row (or pattern) fired, and what the coder read into it."""
    if entry.rule.startswith("pattern:"):
        return entry.rule
    return (
        f"lexicon:{entry.rule} {entry.pos} {entry.lemma}"
        + (f" {entry.particle}" if entry.particle else "")
        + (f" [{'|'.join(entry.requires)}]" if entry.requires else "")
        + note
    )


def _plover_reading(code_id: str, entry: Trigger) -> Plover | None:
    """The PLOVER type of an event: the trigger's own reading if it has one, else its code's."""
    trigger = f"{entry.lemma} {entry.particle}" if entry.particle else entry.lemma
    reading = plover_readings().get((code_id, trigger))
    if reading is not None:
        return Plover(type=reading.type, mode=reading.mode)
    return ontology.plover_for(code_id)


def _without_weaker_repeats(events: list[Event]) -> list[Event]:
    """Drop a weaker telling of an event the sentence also codes with its actors named.

    "Children were killed in Israeli tank shelling": one attack told twice, the unidentified
    telling goes. "Demanded that North Korea ...": a trigger that coded a named target drops
    its implied-target event.
    """

    def unidentified(e: Event) -> bool:
        return any(a.kind == "unidentified" for a in e.source)

    def implied(e: Event) -> bool:
        return "target:implied" in e.rule

    attributed = {e.cameo.code[:2] for e in events if not unidentified(e)}
    targeted = {(e.evidence.trigger, e.cameo.code[:2]) for e in events if not implied(e)}
    return [
        e for e in events
        if not (unidentified(e) and e.cameo.code[:2] in attributed)
        and not (implied(e) and (e.evidence.trigger, e.cameo.code[:2]) in targeted)
    ]


def _unidentified_attackers(
    here: list[str], targets_list: list[list[Actor]], place: Location | None, home: str | None
) -> list[Actor]:
    """ "Three civilians were killed in a car bombing in Baghdad": nobody named, yet an attack
    in a country, coded to that country as ICEWS codes unidentified attackers.

    The country is where the attack is placed; else the one the sentence names besides the
    victims' ("US servicemen were killed outside the Iraqi city"); else the victims' own
    ("Afghan civilians were killed in the fighting"); else the story's.
    """
    victims = {a.country for t in targets_list for a in t if a.country}
    named = [c for c in here if c not in victims]
    country = (
        (place.country if place else None)
        or (named[0] if named else None)
        or (next(iter(victims)) if len(victims) == 1 else home)
    )
    if not country:
        return []
    return [Actor(text="unidentified attackers", name=None, code=country, country=country,
                  kind="unidentified")]


def _implied_target(
    code_id: str, sources: list[Actor], place: Location | None, foreign_named: bool
) -> list[Actor]:
    """The target of an event that names none.

    A protest is aimed at the authorities where it happens (ICEWS's convention), and so is
    force shown or used in a place ("exercises in Alaska", as CAMEO codes it). Acts domestic by
    nature (yielding, reform, protest, repression) and a domestic actor's demands, accusations,
    rejections and threats act on the actor's own country; a government's do too, unless the
    story names another country ("Beijing is balking at the purchases" in a story about US
    trade is not aimed at China). Sanctions, and force without a place, are never read as
    aimed at home. Else no target.
    """
    own = {a.country for a in sources if a.country}
    if place is not None and place.country and (
        code_id[:2] in PLACE_TARGET_ROOTS or code_id.startswith(("08", "14")) or place.country in own
    ):
        # "lifted a curfew in Montenegro", "protested in Paris": the place is what it acts on
        return [Actor(text=place.name, name=None, code=place.country, country=place.country,
                      kind="place")]
    domestic_actor = any(a.sector in DOMESTIC_FORCE_SECTORS for a in sources)
    if not code_id.startswith(DOMESTIC_CODES) and not domestic_actor and (
        code_id[:2] in PLACE_TARGET_ROOTS or code_id.startswith("16") or foreign_named
    ):
        return []
    if len(own) == 1:
        country = own.pop()
        return [Actor(text=sources[0].text, name=None, code=country, country=country,
                      kind="place")]
    return []


def _placed(actor: Actor, country: str, counterparts: set[str | None]) -> Actor:
    """A sector-only actor ("rebels", "police") placed in a country; others as they are.

    A government is not placed in the state it deals with: "the government expressed
    appreciation for China's assistance" is some other government's.
    """
    if actor.country or actor.kind != "agent" or not actor.sector:
        return actor
    if actor.sector in ("GOV", "MIL") and country in counterparts:
        return actor
    return Actor(text=actor.text, name=actor.name, code=country + actor.code, country=country,
                 sector=actor.sector, kind=actor.kind)


def _better(first: Actor | None, second: Actor | None) -> Actor | None:
    """The more informative of two readings of one phrase: one with a country wins."""
    if first is None:
        return second
    if second is not None and first.country is None and second.country is not None:
        return second
    return first


def _restated(actor: Actor, text: str) -> Actor:
    return Actor(
        text=text, name=actor.name, code=actor.code, country=actor.country,
        sector=actor.sector, kind=actor.kind,
    )


def _unique(actors: Iterable[Actor]) -> list[Actor]:
    seen: set[str] = set()
    out = []
    for a in actors:
        key = a.name or a.code
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _confidence(entry: Trigger, sources: list[Actor], targets: list[Actor], modality: str) -> float:
    score = 0.5
    if targets:
        score += 0.2
    if entry.requires or entry.particle:
        score += 0.1
    if any(a.sector for a in sources):
        score += 0.1
    if modality != "asserted":
        score -= 0.1
    return max(0.05, min(score, 0.95))


def _irregular_forms(nlp) -> dict[str, set[str]]:
    """lemma -> irregular forms ("withheld", "sank"), from the model's own lemmatizer tables."""
    out: dict[str, set[str]] = {}
    if "lemmatizer" not in nlp.pipe_names:
        return out
    lookups = nlp.get_pipe("lemmatizer").lookups
    if not lookups.has_table("lemma_exc"):
        return out
    for table in lookups.get_table("lemma_exc").values():
        for form, lemmas in table.items():
            for lemma in lemmas:
                out.setdefault(lemma, set()).add(form)
    return out


def _inflections(lemmas: Iterable[str], irregular: dict[str, set[str]]) -> frozenset[str]:
    """Surface forms of trigger lemmas, generously, for the prefilter (false hits only cost time)."""
    forms: set[str] = set()
    for lemma in lemmas:
        forms.update(irregular.get(lemma, ()))
        forms.add(lemma)
        forms.update({lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"})
        if lemma.endswith("e"):
            forms.add(lemma[:-1] + "ing")
        if lemma.endswith("y"):
            forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
        if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
            forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    return frozenset(forms)


_GLUE_WORDS = {"the", "of", "and", "for", "de", "la", "le", "al", "el", "in", "on", "a", "an", "to", "&"}


def _first_words(phrases: Iterable[str]) -> frozenset[str]:
    """Every word of the knowledge base's names, but the glue words that occur everywhere."""
    out = set()
    for p in phrases:
        for w in WORD_RE.findall(p):
            w = w.lower().rstrip(".'’")
            if w not in _GLUE_WORDS:
                out.update((w, w + "s"))  # "Albanians" for "Albanian"
    return frozenset(out)

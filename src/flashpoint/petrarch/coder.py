"""``DictionaryCoder``: articles in, events out, with PETRARCH dictionaries.

It has the interface of :class:`flashpoint.coding.coder.Coder` (``code_article``,
``code_articles``), so the CLI, the evaluation and the pipeline take either.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc

from flashpoint import ontology
from flashpoint.batching import chunked
from flashpoint.coding.attribution import frame_of
from flashpoint.coding.modality import modality_of
from flashpoint.model import Actor, Article, CameoCode, Event, Evidence, Plover, Sentence
from flashpoint.nlp import load_pipeline, split_sentences
from flashpoint.petrarch.dictionaries import Dictionaries, load_dictionaries
from flashpoint.petrarch.engine import (
    UNKNOWN_COUNTRY,
    CodedActor,
    Engine,
    Options,
    RawEvent,
    SentenceTrace,
)
from flashpoint.petrarch.phrases import simple_words

if TYPE_CHECKING:
    from flashpoint.actors import KnowledgeBase
    from flashpoint.coding.coder import Coder

MODES = ("alone", "combined")


@dataclass(slots=True)
class SentenceResult:
    """The dictionary engine's output for one sentence (before conversion to events)."""

    sentence: Sentence
    doc: Doc | None
    events: list[RawEvent]
    discarded: str | None = None  # "story: TYPHOON (file:line)" / "sentence: ..."
    trace: SentenceTrace | None = None


def cameo_for(code: str) -> tuple[CameoCode, Plover | None]:
    """The CAMEO record of a dictionary code; codes CAMEO does not have keep their own code.

    A 4-digit code missing from the CAMEO table borrows its parent's name, Goldstein score,
    quad class and PLOVER type; a code that is not CAMEO at all (the validation suite's
    "901", "174K") gets ``(dictionary code)``, Goldstein 0 and quad class 0.
    """
    table = ontology.cameo_codes()
    if code in table:
        return table[code], ontology.plover_for(code)
    if code.isdigit():
        for parent in (code[:3], code[:2]):
            if len(parent) >= 2 and parent in table and parent != code:
                p = table[parent]
                if len(code) <= 4 and 1 <= int(code[:2]) <= 20:
                    return (
                        CameoCode(code, f"{p.name} ({code}: dictionary code)", p.goldstein, p.quad_class),
                        ontology.plover_for(parent),
                    )
    return CameoCode(code, "(dictionary code)", 0.0, 0), None


def actor_record(a: CodedActor) -> Actor:
    code = a.code
    country = None if code.startswith(UNKNOWN_COUNTRY) else code[:3]
    rest = code[3:] if len(code) > 3 else ""
    sector = rest[:3] or None
    return Actor(
        text=a.text, name=" + ".join(a.names) if a.names else None, code=code,
        country=country, sector=sector, kind="dictionary",
    )


class DictionaryCoder:
    """Codes articles with PETRARCH/TABARI dictionaries on spaCy's dependency parse.

    ``mode="alone"`` uses only the dictionaries. ``mode="combined"`` also runs the built-in
    coder (its lexicon and knowledge base) on the same parse and adds the dictionary events it
    did not find; actors are then resolved with both sources: the dictionaries' actor first,
    the knowledge base's when the dictionaries have none, and -- with
    ``prefer_builtin_leaders`` (the default) -- the knowledge base's dated office-holder
    whenever it names a person holding an office at the article's date, since the public
    dictionaries' roles stop around 2015.
    """

    def __init__(
        self,
        dictionaries: Dictionaries | str | Path | Iterable[str | Path],
        *,
        mode: str = "alone",
        prefer_builtin_leaders: bool = True,
        model: str | None = None,
        kb: KnowledgeBase | None = None,
        builtin: Coder | None = None,
        require_dyad: bool = True,
        parse_all: bool = False,
        batch_size: int = 64,
    ):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        if not isinstance(dictionaries, Dictionaries):
            dictionaries = load_dictionaries(dictionaries)
        self.dictionaries = dictionaries
        self.mode = mode
        self.prefer_builtin_leaders = prefer_builtin_leaders
        self.options = Options(require_dyad=require_dyad)
        self.parse_all = parse_all
        self.batch_size = batch_size
        self.builtin: Coder | None = None
        self.kb = kb
        if mode == "combined":
            if builtin is None:
                from flashpoint.coding.coder import Coder

                builtin = Coder(model=model, kb=kb)
            self.builtin = builtin
            self.kb = builtin.kb
            self.nlp = builtin.nlp
        else:
            self.nlp = load_pipeline(model)
        self.engine = Engine(dictionaries, actor_hook=self._kb_hook if self.kb is not None and mode == "combined" else None)
        self._verb_words = frozenset(dictionaries.verbs.forms)
        self._actor_words = _distinctive_words(dictionaries.actor_index) | _distinctive_words(dictionaries.agent_index)

    # -- public ----------------------------------------------------------------------------

    def code_article(self, article: Article) -> list[Event]:
        return next(self.code_articles([article]))[1]

    def code_text(self, text: str, *, date: Date | None = None, id: str = "text") -> list[Event]:
        return self.code_article(Article(id=id, text=text, date=date))

    def code_articles(
        self, articles: Iterable[Article], *, chunk: int = 32
    ) -> Iterator[tuple[Article, list[Event]]]:
        for batch in chunked(articles, chunk):
            yield from self._code_batch(batch)

    def code_sentences(
        self, article: Article, *, options: Options | None = None, trace: bool = False
    ) -> list[SentenceResult]:
        """The raw dictionary output of every sentence of one article (no built-in coder)."""
        sentences = self._sentences(article)
        story = self._story_discard(article)
        todo = [s for s in sentences if story is None and (self.parse_all or self._is_candidate(s.text))]
        docs = dict(zip((s.index for s in todo), self.nlp.pipe([_clean(s.text) for s in todo], batch_size=self.batch_size), strict=True))
        return [self._code_one(article, s, docs.get(s.index), options, trace, story) for s in sentences]

    # -- stages ----------------------------------------------------------------------------

    def _sentences(self, article: Article) -> list[Sentence]:
        return [
            Sentence(index=i, text=article.text[s:e], start=s, end=e)
            for i, (s, e) in enumerate(split_sentences(article.text))
        ]

    def _is_candidate(self, text: str) -> bool:
        words = simple_words(text)
        return any(w in self._verb_words for w in words) and any(w in self._actor_words for w in words)

    def _story_discard(self, article: Article) -> str | None:
        entry = self.dictionaries.discard_in(article.text)
        if entry is not None and entry.story:
            return f"story: {entry.phrase} ({entry.source})"
        return None

    def _code_one(
        self, article: Article, sentence: Sentence, doc: Doc | None, options: Options | None,
        trace: bool, story: str | None,
    ) -> SentenceResult:
        if story is not None:
            return SentenceResult(sentence, None, [], discarded=story)
        if doc is None:
            return SentenceResult(sentence, None, [])
        entry = self.dictionaries.discard_in(sentence.text)
        if entry is not None:
            return SentenceResult(sentence, doc, [], discarded=f"sentence: {entry.phrase} ({entry.source})")
        tr = SentenceTrace() if trace else None
        events = self.engine.code_doc(doc, article.date, options or self.options, tr)
        return SentenceResult(sentence, doc, events, trace=tr)

    def _code_batch(self, articles: list[Article]) -> Iterator[tuple[Article, list[Event]]]:
        plans = []
        texts: list[str] = []
        for article in articles:
            sentences = self._sentences(article)
            story = self._story_discard(article)
            mine = set() if story else {s.index for s in sentences if self.parse_all or self._is_candidate(s.text)}
            theirs: set[int] = set()
            if self.builtin is not None:
                theirs = {s.index for s in self.builtin.candidate_sentences(article)}
            todo = [s for s in sentences if s.index in mine | theirs]
            plans.append((article, sentences, story, mine, theirs, todo))
            texts.extend(_clean(s.text) for s in todo)
        docs = iter(self.nlp.pipe(texts, batch_size=self.batch_size))
        for article, sentences, story, mine, theirs, todo in plans:
            parsed = {s.index: next(docs) for s in todo}
            builtin: list[Event] = []
            if self.builtin is not None:
                builtin = self.builtin.code_parsed(article, [(s, parsed[s.index]) for s in sentences if s.index in theirs])
            mine_events: list[Event] = []
            for s in sentences:
                if s.index not in mine:
                    continue
                result = self._code_one(article, s, parsed[s.index], None, False, story)
                mine_events.extend(self._event(article, s, parsed[s.index], raw) for raw in result.events)
            events = _merge(builtin, mine_events)
            yield article, events

    # -- events ----------------------------------------------------------------------------

    def _event(self, article: Article, sentence: Sentence, doc: Doc, raw: RawEvent) -> Event:
        verb = doc[raw.verb]
        cameo, plover = cameo_for(raw.code)
        modality = modality_of(verb)
        frame = frame_of(verb, self._outlet_name)
        sources = [actor_record(raw.source)] if raw.source else []
        targets = [actor_record(raw.target)] if raw.target else []
        confidence = 0.5 + (0.15 if raw.pattern else 0.0) + (0.1 if targets else 0.0)
        if modality != "asserted":
            confidence -= 0.1
        return Event(
            doc_id=article.id,
            sentence_index=sentence.index,
            date=article.date,
            source=sources,
            target=targets,
            cameo=cameo,
            plover=plover,
            modality=modality,
            evidence=Evidence(text=sentence.text, start=sentence.start, end=sentence.end, trigger=raw.trigger),
            reported_by=list(frame.reported_by),
            attributed_to=list(frame.attributed_to),
            confidence=max(0.05, min(confidence, 0.95)),
            rule=f"petrarch:{raw.rule}" + (f" {raw.pattern}" if raw.pattern else ""),
            outlet=article.outlet,
            url=article.url,
        )

    def _outlet_name(self, text: str) -> str | None:
        if self.kb is None:
            return None
        actor = self.kb.outlet(text)
        return actor.name if actor else None

    def _kb_hook(self, text: str, found: list[CodedActor], day: Date | None) -> list[CodedActor]:
        """Combined mode: the knowledge base fills gaps (no actor, or an agent without a
        country) and, with ``prefer_builtin_leaders``, wins for the people it knows."""
        if self.kb is None or not text:
            return found
        try:
            actor = self.kb.resolve(text, day)
        except Exception:  # noqa: BLE001 - a resolver bug must not lose the dictionary actor
            return found
        if actor is None or actor.kind == "outlet" or not actor.code:
            return found
        bare = all(a.base == UNKNOWN_COUNTRY for a in found)  # an agent alone: "officials"
        if found and not bare and not (self.prefer_builtin_leaders and actor.kind == "person"):
            return found
        if found and bare and not actor.country:
            return found
        head = found[0].head if found else -1
        base = actor.country or actor.code[:3]
        suffix = (actor.code[len(base):],) if actor.code.startswith(base) and len(actor.code) > len(base) else ()
        return [CodedActor(actor.code, base, (), suffix, text, (f"kb:{actor.name or actor.code}",), head)]


_GLUE = {"THE", "A", "AN", "OF", "AND", "FOR", "IN", "ON", "TO", "AL", "EL", "LA", "LE", "DE", "NEW", "&"}


def _distinctive_words(index) -> frozenset[str]:
    """Words a sentence must hold for an actor phrase to match: each phrase's first word, or its
    second after a glue word ("THE UNITED NATIONS" -> UNITED), so that "the" alone does not make
    every sentence worth parsing."""
    out: set[str] = set()
    for word, node in index.root.adjacent.items():
        if word in _GLUE and (node.adjacent or node.gapped):
            out.update(node.adjacent)
            out.update(node.gapped)
            if node.payloads:
                out.add(word)
        else:
            out.add(word)
    return frozenset(out)


def _clean(text: str) -> str:
    """Underscores join words in PETRARCH inputs ("Dol_Amroth"): read them as spaces."""
    return text.replace("_", " ")


def _merge(builtin: list[Event], mine: list[Event]) -> list[Event]:
    """Combined mode: the built-in coder's events, plus dictionary events that say something
    more. A dictionary event with the same sentence, source and CAMEO root as a built-in event
    without a target replaces it; one that repeats a built-in dyad is dropped."""
    out = list(builtin)
    for ev in mine:
        key = _dyad_key(ev)
        if any(_dyad_key(b) == key for b in out):
            continue
        half = key[:2] + ((),) + key[3:]
        if ev.target:
            out = [b for b in out if not (not b.target and _dyad_key(b) == half)]
        elif any(_dyad_key(b)[:2] == key[:2] and _dyad_key(b)[3] == key[3] for b in out):
            continue
        out.append(ev)
    seen: set[str] = set()
    uniq = []
    for e in out:
        if e.id not in seen:
            seen.add(e.id)
            uniq.append(e)
    return uniq


def _dyad_key(e: Event) -> tuple[Any, ...]:
    return (
        e.sentence_index,
        tuple(sorted(a.country or a.code for a in e.source)),
        tuple(sorted(a.country or a.code for a in e.target)),
        e.cameo.root,
    )

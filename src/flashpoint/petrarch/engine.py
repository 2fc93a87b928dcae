"""The dictionary engine: PETRARCH/TABARI verb patterns run on spaCy's dependency parse.

For each verb of a sentence found in the verb dictionary (by its surface form; compound verbs
by their words around it; an irregular past the dictionary forgot, by its lemma), the engine

1. picks the pattern of the verb's block that matches best. Pattern words before ``*`` are
   looked for before the verb (nearest first, within the verb's clause and the clauses above
   it), words after ``*`` within the verb's phrase after it (a coordinated clause is not its
   phrase). ``_`` between two elements means they touch, a space lets other words stand
   between; ``&SYNSET`` matches any member; ``$`` and ``+`` bind the source and the target to
   the actor found there, ``%`` a compound actor ("Gondor and Osgiliath have postponed ..."
   codes the event between the two), ``^`` skips one noun phrase. In PETRARCH 2 patterns a
   ``(TO BORDER)`` group must be a prepositional phrase (an infinitive "to" is not one) and a
   ``{BANNED PARTIES}`` group must lie in one noun phrase. Where several patterns match, the
   most specific wins (most words), then the first written; without a match the verb's own
   code, else the block's, is used. ``[---]`` codes nothing; ``[+++]`` (TABARI's "complex"
   event) is not used.
2. finds the source and the target where the pattern did not bind them. The source is the
   grammatical subject (through "is about to", "agreed to", coordinated verbs and relative
   clauses; a pronoun subject is the subject of the clause above; "urged Y to ..." makes Y the
   subject of the complement), or the "by" agent of a passive. The target is the passive
   subject, else the first actor after the verb in its phrase, preferring a named actor to a
   bare agent ("officials"); inside a finite complement or adverbial clause only that clause's
   subject is looked at, unless it has none or a pronoun ("X said Y ..." is about Y; "X said he
   ... Z" about Z). When the pattern moved the source elsewhere (``$``) the subject becomes the
   target.
3. reads each noun phrase as PETRARCH does: its first actor with the actors coordinated with it
   ("ambassadors of Arnor, Osgiliath and Gondor"); a later, more specific code of the same
   country wins over a bare country ("Chinese President Xi Jinping" -> CHNGOV); agents compose
   with it ("Arnor cleric" -> ARNREL, "MSF Arnor diplomat" -> NGOARNGOV; an agent heading a
   phrase alone gives ---GOV; "former" makes the agent ELI). Coordinated phrases give one actor
   each, and a bare agent borrows the country of its coordinated neighbour ("Danish media and
   government" -> DNKMED, DNKGOV).
4. codes one event per source and target (both needed unless ``require_dyad`` is off); a paired
   code ``[032:033]`` adds the target-to-source event. A compound subject that names no one else
   in a cooperative or fighting act (CAMEO roots 03-06, 19) acts on each other ("Brazil and the
   United States seek to deepen a partnership").
5. nests: an event found inside a verb's complement clause stands on its own, and the outer
   verb keeps no event whose target it took from inside that clause, unless a transformation of
   the dictionary (``~ a (a b Q) SAY = a b Q``) rewrites the pair into one event, which then
   carries the modality of the inner verb ("said they will attack" is a future attack).

The sentence is read once per verb over precomputed word runs and actor spans: patterns are
filtered by the words they need before any is tried, and matching is a memoised walk over token
positions, no regular expressions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as Date

from spacy.tokens import Doc, Token

from flashpoint.petrarch.dictionaries import (
    COMPLEX_CODE,
    NULL_CODES,
    ActorEntry,
    AgentEntry,
    Dictionaries,
    Element,
    EventCode,
    Pattern,
    VerbForm,
)
from flashpoint.petrarch.phrases import Match, SentenceWords

NP_INTERNAL = {"compound", "amod", "nmod", "poss", "nummod", "det", "flat", "case", "quantmod", "predet", "prep_"}
NP_KEEP_PREPS = {"of", "in", "from", "for"}
NP_DROP = {"relcl", "acl", "appos", "conj", "cc", "punct", "advcl", "parataxis", "ccomp", "xcomp", "preconj"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass")
PRONOUNS = {"it", "he", "she", "they", "we", "i", "you", "its", "his", "her", "their", "them", "him"}
RELATIVE = {"who", "which", "that", "whom", "whose"}
CONTROL_BY_OBJECT = {"urge", "ask", "tell", "advise", "call", "press", "persuade", "force", "order", "invite", "encourage"}
FORMER = {"former", "ex", "ex-"}
UNKNOWN_COUNTRY = "---"
# CAMEO roots whose act is mutual when a compound subject names no one else (cooperate, consult,
# engage in diplomatic or material cooperation, fight)
MUTUAL_ROOTS = {"03", "04", "05", "06", "19"}


# -- results ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CodedActor:
    """An actor as coded from one noun phrase."""

    code: str
    base: str  # the actor part ("ARN", "---" for an agent alone)
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    text: str  # the noun phrase as written
    names: tuple[str, ...]  # the dictionary entries that made the code
    head: int  # token index of the phrase head


@dataclass(frozen=True, slots=True)
class RawEvent:
    source: CodedActor | None
    target: CodedActor | None
    code: str
    verb: int  # token index of the verb
    trigger: str
    rule: str  # "file:line" of the pattern, verb line or block that gave the code
    pattern: str | None  # the pattern text, None for a verb's default code

    def key(self) -> tuple[str, str, str]:
        return (
            self.source.code if self.source else UNKNOWN_COUNTRY,
            self.target.code if self.target else UNKNOWN_COUNTRY,
            self.code,
        )


@dataclass(slots=True)
class Options:
    """Per-run options, as PETRARCH's configuration names them."""

    require_dyad: bool = True  # an event needs both a source and a target


@dataclass(slots=True)
class SentenceTrace:
    """What the engine saw in one sentence, for debugging and the validation report."""

    actors: list[tuple[str, str]] = field(default_factory=list)  # (text, code)
    agents: list[tuple[str, str]] = field(default_factory=list)
    verbs: list[str] = field(default_factory=list)  # "verb -> code (rule)"


@dataclass(slots=True)
class _VerbResult:
    verb: Token
    form: VerbForm
    trigger: str
    events: list[RawEvent]
    sources: list[CodedActor]


# actor resolution hook: (phrase text, dictionary codes, date) -> codes to use
ActorHook = Callable[[str, list[CodedActor], Date | None], list[CodedActor]]


# -- the sentence ---------------------------------------------------------------------------------


class _Sentence:
    """Precomputed views of one parsed sentence."""

    def __init__(self, engine: Engine, doc: Doc, day: Date | None):
        self.doc = doc
        self.day = day
        self.words = SentenceWords(doc)
        d = engine.dictionaries
        n = len(doc)
        self.actor_at: list[Match | None] = [None] * n
        self.actor_code: dict[int, str | None] = {}  # match start -> code at the date
        self.actor_matches: list[Match] = []
        blocked = [False] * n
        for m in d.actor_index.scan(self.words):
            entry: ActorEntry = m.payload
            code = entry.code_at(day)
            if code is None:
                continue  # an actor that does not exist at this date
            self.actor_matches.append(m)
            self.actor_code[m.start] = code
            for i in range(m.start, m.end):
                self.actor_at[i] = m
                blocked[i] = True
        self.agent_at: list[Match | None] = [None] * n
        self.agent_matches = d.agent_index.scan(self.words, blocked)
        for m in self.agent_matches:
            for i in range(m.start, m.end):
                self.agent_at[i] = m
        chunks = {(c.start, c.end) for c in doc.noun_chunks} if doc.has_annotation("DEP") else set()
        chunks.update((m.start, m.end) for m in self.actor_matches)
        self.chunks = sorted(chunks)
        toks = list(doc)
        self.toks = toks
        self.left = [t.left_edge.i for t in toks]
        self.right = [t.right_edge.i for t in toks]
        self.dep = [t.dep_ for t in toks]
        self.children: list[list[int]] = [[] for _ in toks]
        for t in toks:
            if t.head.i != t.i:
                self.children[t.head.i].append(t.i)
        self.clause_head = [self._clause_head(t).i for t in toks]

    @staticmethod
    def _clause_head(t: Token) -> Token:
        cur = t
        for _ in range(64):
            if (cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("aux", "auxpass")) or cur.head.i == cur.i:
                return cur
            cur = cur.head
        return cur

    def chunk_end(self, start: int) -> int:
        ends = [e for s, e in self.chunks if s <= start < e]
        return max(ends) if ends else start + 1

    def chunk_start(self, end: int) -> int:
        starts = [s for s, e in self.chunks if s < end <= e]
        return min(starts) if starts else end - 1

    def mention_at(self, i: int) -> Match | None:
        m = self.actor_at[i]
        if m is not None and self.actor_code.get(m.start) not in (None, *NULL_CODES):
            return m
        return self.agent_at[i]


# -- the engine ---------------------------------------------------------------------------------


class Engine:
    """Codes parsed sentences with a set of PETRARCH dictionaries."""

    def __init__(self, dictionaries: Dictionaries, *, actor_hook: ActorHook | None = None):
        self.dictionaries = dictionaries
        self.verbs = dictionaries.verbs
        self.actor_hook = actor_hook

    # -- public --

    def code_doc(
        self, doc: Doc, day: Date | None = None, options: Options | None = None,
        trace: SentenceTrace | None = None,
    ) -> list[RawEvent]:
        """The events of one parsed sentence (a Doc or a sentence-long Doc)."""
        options = options or Options()
        sent = _Sentence(self, doc, day)
        if trace is not None:
            trace.actors.extend((doc[m.start:m.end].text, str(sent.actor_code[m.start])) for m in sent.actor_matches)
            trace.agents.extend((doc[m.start:m.end].text, m.payload.code) for m in sent.agent_matches)
        results: list[_VerbResult] = []
        for tok in doc:
            if not self._verb_candidate(tok):
                continue
            form, start, end = self._verb_form(sent, tok)
            if form is None:
                continue
            r = self._code_verb(sent, tok, form, start, end, options, trace)
            if r is not None:
                results.append(r)
        events: dict[tuple[str, str, str], RawEvent] = {}
        for ev in self._nest(results):
            events.setdefault(ev.key(), ev)
        return list(events.values())

    def _nest(self, results: list[_VerbResult]) -> list[RawEvent]:
        """Events inside a complement clause ("X said Y attacked Z") stand on their own: the
        outer verb keeps no event whose target it took from inside that clause, unless a
        transformation (``~ a (a b Q) SAY = a b Q``) rewrites the pair into one event."""
        out: list[RawEvent] = []
        for r in results:
            comps = [c for c in r.verb.children if c.dep_ in ("ccomp", "xcomp")]
            inner = [
                o for o in results
                if o is not r and o.events and any(o.verb in c.subtree for c in comps)
            ]
            if not inner:
                out.extend(r.events)
                continue
            rewritten = self._transform(r, inner)
            if rewritten:
                out.extend(rewritten)
                continue
            inside = {t.i for c in comps if any(o.verb in c.subtree for o in inner) for t in c.subtree}
            out.extend(e for e in r.events if not (e.target is not None and e.target.head in inside))
        return out

    def _transform(self, outer: _VerbResult, inner: list[_VerbResult]) -> list[RawEvent]:
        out: list[RawEvent] = []
        for tr in self.verbs.transformations:
            if tr.outer not in (outer.form.lemma, outer.form.block.name):
                continue
            for o in inner:
                if tr.inner != "Q" and tr.inner not in (o.form.lemma, o.form.block.name):
                    continue
                group = {a.code for a in outer.sources}  # "Obama and Putin said they ...": one party
                for ie in o.events:
                    for a in outer.sources:
                        env: dict[str, CodedActor] = {tr.outer_source: a}
                        if ie.source is not None and ie.source.code in group and tr.inner_source not in (tr.outer_source, "_", "."):
                            continue
                        if not (_bind(env, tr.inner_source, ie.source) and _bind(env, tr.inner_target, ie.target)):
                            continue
                        rs, rt = env.get(tr.result_source), env.get(tr.result_target)
                        if rs is None or rt is None or rs.code == rt.code:
                            continue
                        code = ie.code if tr.result_code == "Q" else tr.result_code
                        # the inner verb carries the event's modality ("said they will attack")
                        out.append(RawEvent(rs, rt, code, o.verb.i, f"{outer.trigger} ... {ie.trigger}",
                                            tr.source, "transformation"))
        return out

    # -- verbs --

    @staticmethod
    def _verb_candidate(tok: Token) -> bool:
        if tok.dep_ in ("aux", "auxpass", "amod", "compound", "det", "case"):
            return False
        return tok.tag_.startswith("VB") or tok.pos_ == "VERB"

    def _verb_form(self, sent: _Sentence, tok: Token) -> tuple[VerbForm | None, int, int]:
        word = tok.text.upper().replace("’", "'")
        forms = self.verbs.lookup(word)
        if not forms and tok.tag_ in ("VBD", "VBN") and not word.endswith("ED"):
            # an irregular past the dictionary did not list: its lemma's written form
            forms = [f for f in self.verbs.lookup(tok.lemma_.upper()) if f.base]
        best: tuple[tuple[int, int, int], VerbForm, int, int] | None = None
        for f in forms:
            start, end = tok.i, tok.i + 1
            if f.before:
                s = sent.words.match_ending(f.before, tok.i)
                if s is None:
                    continue
                start = s
            if f.after:
                e = sent.words.match_at(f.after, tok.i + 1)
                if e is None:
                    prt = [c for c in tok.children if c.dep_ == "prt"]
                    if len(f.after) == 1 and prt and prt[0].text.upper() == f.after[0]:
                        e = tok.i + 1
                    else:
                        continue
                end = e
            rank = (f.length, int(f.base), _line_of(f.source))
            if best is None or rank > best[0]:
                best = (rank, f, start, end)
        if best is None:
            return None, tok.i, tok.i + 1
        return best[1], best[2], best[3]

    def _code_verb(
        self, sent: _Sentence, verb: Token, form: VerbForm, vstart: int, vend: int,
        options: Options, trace: SentenceTrace | None,
    ) -> _VerbResult | None:
        doc = sent.doc
        verb = _span_head(doc, vstart, vend, verb)
        ancestors = {i for t in doc[vstart:vend] for i in (t.i, *(a.i for a in t.ancestors))}
        pre_ok = [t < vstart and sent.clause_head[t] in ancestors for t in range(len(doc))]
        post_ok = self._post_window(sent, doc[vstart:vend], vend)
        best: tuple[tuple[int, int], Pattern, dict[str, int]] | None = None
        vocab = sent.words.vocabulary
        for pat in form.block.patterns:
            if pat.code.complex or not pat.required <= vocab:
                continue
            slots = _match(sent, pat, vstart, vend, pre_ok, post_ok)
            if slots is None:
                continue
            rank = (pat.specificity, -pat.order)
            if best is None or rank > best[0]:
                best = (rank, pat, slots)
        trigger = doc[vstart:vend].text
        if best is not None:
            code, slots, rule, ptext = best[1].code, best[2], best[1].source, best[1].text
        else:
            code = form.code or form.block.code
            slots, rule, ptext = {}, (form.source if form.code else form.block.source), None
        if trace is not None:
            trace.verbs.append(f"{trigger} -> [{code}] ({rule}{' ' + ptext if ptext else ''})")
        if code is None or code.null or code.complex:
            return None
        events, sources = self._events(sent, verb, code, slots, post_ok, options, trigger, rule, ptext)
        return _VerbResult(verb, form, trigger, events, sources)

    @staticmethod
    def _post_window(sent: _Sentence, verb_tokens, vend: int) -> list[bool]:
        """The verb's phrase after it (its dependency subtree), without coordinated clauses."""
        n = len(sent.toks)
        ok = [False] * n
        for v in verb_tokens:
            for i in range(max(vend, sent.left[v.i]), sent.right[v.i] + 1):
                ok[i] = True
        for v in verb_tokens:
            for c in sent.children[v.i]:
                if sent.dep[c] == "conj" and sent.toks[c].pos_ in ("VERB", "AUX"):
                    for i in range(sent.left[c], sent.right[c] + 1):
                        ok[i] = False
        return ok

    # -- roles --

    def _events(
        self, sent: _Sentence, verb: Token, code: EventCode, slots: dict[str, int], post_ok: list[bool],
        options: Options, trigger: str, rule: str, ptext: str | None,
    ) -> tuple[list[RawEvent], list[CodedActor]]:
        doc = sent.doc
        compound_source = "compound_pre" in slots
        passive = _is_passive(verb)
        sources: list[CodedActor] = []
        targets: list[CodedActor] = []
        if "source" in slots:
            sources = self.resolve_arg(sent, doc[slots["source"]])
        elif compound_source:
            sources = self.resolve_arg(sent, doc[slots["compound_pre"]])
        if "target" in slots:
            targets = self.resolve_arg(sent, doc[slots["target"]])
        elif "compound_post" in slots:
            targets = self.resolve_arg(sent, doc[slots["compound_post"]])

        if not sources and not compound_source:
            heads = _agent_heads(verb) if passive else [h for h in [_subject(verb)] if h is not None]
            for h in heads:
                sources = self.resolve_arg(sent, h)
                if sources:
                    break
            # the pattern put the subject in the target slot ("NOTED + *"): the source is the
            # subject of the clause above
            if sources and targets and {a.head for a in sources} & {a.head for a in targets}:
                sources = []
                up = _subject(verb, skip_own=True)
                if up is not None:
                    sources = self.resolve_arg(sent, up)
        if not targets and not compound_source and "source" in slots:
            # the pattern moved the source elsewhere ("* TABASKI ^ $"): the subject is the target
            subj = _agent_heads(verb) if passive else [h for h in [_subject(verb)] if h is not None]
            for h in subj:
                if h.i not in {a.head for a in sources}:
                    targets = [a for a in self.resolve_arg(sent, h) if a.code not in {x.code for x in sources}]
                    if targets:
                        break
        if not targets and not compound_source:
            used = {i for a in sources for i in _np_tokens(doc[a.head])}
            if passive:
                ps = _passive_subject(verb)
                if ps is not None and ps.i not in used:
                    targets = self.resolve_arg(sent, ps)
            if not targets:
                agent_tokens = {t.i for h in _agent_heads(verb) for t in h.subtree} if passive else set()
                targets = self._first_actor_after(sent, _clause_limited(sent, verb, post_ok), used | agent_tokens)

        pairs: list[tuple[CodedActor | None, CodedActor | None]] = []
        if (
            not targets and not compound_source and len({a.code for a in sources}) > 1
            and (code.forward or "")[:2] in MUTUAL_ROOTS
        ):
            # "Brazil and the United States are seeking to deepen a partnership": with no one
            # else named, a cooperative (or fighting) act of a compound subject is mutual
            compound_source = True
        if compound_source:
            pairs = [(a, b) for a in sources for b in sources if a.code != b.code]
        else:
            pairs = [(s, t) for s in sources for t in targets if s.code != t.code]
            if not targets and not options.require_dyad:
                pairs = [(s, None) for s in sources]
        out: list[RawEvent] = []
        for s, t in pairs:
            if code.forward and code.forward not in NULL_CODES:
                out.append(RawEvent(s, t, code.forward, verb.i, trigger, rule, ptext))
            if code.reverse and code.reverse not in NULL_CODES and t is not None:
                out.append(RawEvent(t, s, code.reverse, verb.i, trigger, rule, ptext))
        return out, sources

    def _first_actor_after(self, sent: _Sentence, post_ok: list[bool], used: set[int]) -> list[CodedActor]:
        doc = sent.doc
        for want_actor in (True, False):
            seen_heads: set[int] = set()
            for i, ok in enumerate(post_ok):
                if not ok or i in used:
                    continue
                m = sent.actor_at[i] if want_actor else sent.agent_at[i]
                if m is None or (want_actor and sent.actor_code.get(m.start) in (None, *NULL_CODES)):
                    continue
                head = _np_head(doc[_span_root(doc, m)], sent)
                if head.i in seen_heads or head.i in used:
                    continue
                seen_heads.add(head.i)
                actors = self.resolve_arg(sent, head)
                if want_actor:
                    actors = [a for a in actors if a.base != UNKNOWN_COUNTRY] or actors
                if actors:
                    return actors
        return []

    # -- noun phrases --

    def resolve_arg(self, sent: _Sentence, head: Token) -> list[CodedActor]:
        """The actors of an argument: its phrase and the phrases coordinated with it."""
        if head.pos_ == "PRON" and head.lower_ in PRONOUNS:
            return []
        heads = [head, *(c for c in head.conjuncts if c.i != head.i)]
        # "Mordor, Rohan, Fornost and Bree" is often parsed as an apposition with conjuncts
        for c in head.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN" and (c.conjuncts or head.conjuncts):
                heads.extend(x for x in (c, *c.conjuncts) if x not in heads)
        groups = [self.resolve_np(sent, h) for h in heads]
        with_country = [a for g in groups for a in g if a.base != UNKNOWN_COUNTRY]
        out: list[CodedActor] = []
        for g in groups:
            for a in g:
                if a.base == UNKNOWN_COUNTRY and with_country:
                    # "Danish Islamist media and government": the government is DNKMUS + GOV
                    lent = dict.fromkeys((x.base, x.prefixes, x.suffixes[:-1]) for x in with_country)
                    for b, pre, suf in lent:
                        out.append(_compose(b, pre + a.prefixes, suf + a.suffixes, a.text, a.names, a.head))
                else:
                    out.append(a)
        seen: set[str] = set()
        uniq = []
        for a in out:
            if a.code not in seen:
                seen.add(a.code)
                uniq.append(a)
        return uniq

    def resolve_np(self, sent: _Sentence, head: Token) -> list[CodedActor]:
        doc = sent.doc
        toks = _np_tokens(head)
        actors = [m for m in sent.actor_matches if m.start in toks]
        agents = [m for m in sent.agent_matches if m.start in toks]
        text = _np_text(doc, toks)
        result: list[CodedActor] = []
        real = [m for m in actors if sent.actor_code[m.start] not in NULL_CODES]
        prefixes: list[str] = []
        suffixes: list[str] = []
        for m in agents:
            agent: AgentEntry = m.payload
            (prefixes if agent.prefix else suffixes).append(agent.code)
        if agents and any(doc[i].lower_ in FORMER for i in toks):
            suffixes = ["ELI"]
        agent_names = tuple(a.payload.phrase for a in agents)
        if real:
            first = real[0]
            first_code = str(sent.actor_code[first.start])
            for m in real[1:]:
                # "Chinese President Xi Jinping": a later, more specific code of the same country
                code = str(sent.actor_code[m.start])
                if len(first_code) == 3 and code.startswith(first_code) and len(code) > 3 and not _coordinated(doc, first, m):
                    first, first_code = m, code
                    break
            real = [first] + [m for m in real if m is not first and m.start > first.start]
            group = [first]
            for m in real[1:]:
                if _coordinated(doc, group[-1], m):
                    group.append(m)
            for m in group:
                entry: ActorEntry = m.payload
                for code in str(sent.actor_code[m.start]).split("/"):
                    if code:
                        result.append(_compose(code, tuple(prefixes), tuple(suffixes), text,
                                               (entry.name, *agent_names), head.i))
        elif agents and not actors and any(m.start <= head.i < m.end for m in agents):
            # an agent alone makes an actor when it heads the phrase ("students"), not when it
            # only modifies it ("military exercises")
            result.append(_compose(UNKNOWN_COUNTRY, tuple(prefixes), tuple(suffixes), text, agent_names, head.i))
        if not result:
            for c in head.children:
                if c.dep_ == "appos":
                    result = self.resolve_np(sent, c)
                    if result:
                        break
        if self.actor_hook is not None:
            result = self.actor_hook(text, result, sent.day)
        return result


# -- pattern matching --------------------------------------------------------------------------


def _match(
    sent: _Sentence, pat: Pattern, vstart: int, vend: int, pre_ok: list[bool], post_ok: list[bool]
) -> dict[str, int] | None:
    pre = _match_side(sent, pat.pre, vstart, pre_ok, forward=False)
    if pre is None:
        return None
    post = _match_side(sent, pat.post, vend, post_ok, forward=True)
    if post is None:
        return None
    slots = dict(pre)
    for k, v in post.items():
        slots.setdefault(k, v)
    if pat.compound_source:
        if "compound" not in slots:
            return None
        slots["compound_pre"] = slots.pop("compound")
    elif "compound" in slots:
        slots["compound_post"] = slots.pop("compound")
    return slots


def _match_side(
    sent: _Sentence, elems: tuple[Element, ...], pos: int, ok: list[bool], *, forward: bool
) -> dict[str, int] | None:
    if not elems:
        return {}
    failed: set[tuple[int, int, int]] = set()
    n = len(sent.doc)

    def step(k: int, p: int, scope: frozenset[int] | None) -> dict[str, int] | None:
        if k == len(elems):
            return {}
        el = elems[k]
        if not forward or not el.group or el.group_first:
            scope = None
        key = (k, p, hash(scope) if scope is not None else 0)
        if key in failed:
            return None
        for nxt, binding, first_tok in _candidates(sent, el, p, ok, forward, n, scope):
            inner = scope
            if forward and el.group and el.group_first:
                inner = _group_scope(sent, el, first_tok)
                if inner is None:
                    continue
            rest = step(k + 1, nxt, inner)
            if rest is not None:
                if binding is not None:
                    rest = {**rest, binding[0]: binding[1]}
                return rest
        failed.add(key)
        return None

    return step(0, pos, None)


def _group_scope(sent: _Sentence, el: Element, tok_i: int) -> frozenset[int] | None:
    """The tokens the rest of a PETRARCH 2 group must lie in: the prepositional phrase a
    "(TO ...)" group starts, the noun phrase a "{...}" group starts; None if the first word is
    not such a phrase (an infinitive "to" is no preposition)."""
    tok = sent.doc[tok_i]
    if el.group_kind == "pp":
        if tok.dep_ not in ("prep", "agent", "dative", "prt") and not (tok.pos_ == "ADP" and tok.dep_ != "aux"):
            return None
        return frozenset(t.i for t in tok.subtree)
    return frozenset(_np_tokens(_np_head(tok, sent)))


def _candidates(sent: _Sentence, el: Element, p: int, ok: list[bool], forward: bool, n: int,
                scope: frozenset[int] | None = None):
    """(next position, slot binding, first token) for each way ``el`` can match from ``p``."""
    words = sent.words

    def allowed(i: int) -> bool:
        return ok[i] and (scope is None or i in scope)

    if el.kind == "word":
        alts = [a for a in el.alternatives if (a[0] if forward else a[-1]) in words.vocabulary]
        if not alts:
            return
        alts.sort(key=len, reverse=True)
        if forward:
            if el.adjacent:
                starts = [p]
            else:
                starts = sorted({s for a in alts for s in words.starts[a[0]] if s >= p})
            for s in starts:
                if s >= n or not allowed(s):
                    continue
                for alt in alts:
                    e = words.match_at(alt, s)
                    if e is not None and all(allowed(i) for i in range(s, e)):
                        yield e, None, s
        else:
            if el.adjacent:
                ends = [p]
            else:
                ends = sorted({e for a in alts for e in words.ends[a[-1]] if e <= p}, reverse=True)
            for e in ends:
                if e <= 0 or not ok[e - 1]:
                    continue
                for alt in alts:
                    s = words.match_ending(alt, e)
                    if s is not None and all(ok[i] for i in range(s, e)):
                        yield s, None, s
        return
    if el.kind == "skip":
        # one noun phrase: the rest of the one we are in, else the next one
        if forward:
            for s, e in sent.chunks:
                if (s >= p or s < p < e) and allowed(max(s, p)):
                    yield e, None, max(s, p)
                    return
        else:
            for s, e in reversed(sent.chunks):
                if (e <= p or s < p < e) and ok[min(e, p) - 1]:
                    yield s, None, s
                    return
        return
    # actor slots: $ + %
    name = el.kind
    doc = sent.doc
    if forward:
        for i in range(p, n):
            if not allowed(i):
                continue
            m = sent.mention_at(i)
            if m is None or m.start != i:
                continue
            root = doc[_span_root(doc, m)]
            head = _np_head(root, sent)
            if min(_np_tokens(head)) < p:  # the phrase around it was skipped: the actor alone
                head = _np_head(root)
                if min(_np_tokens(head)) < p:
                    head = root
            if name == "compound" and len(_conjunct_mentions(sent, head)) < 2:
                continue
            yield max(m.end, sent.chunk_end(m.start)), (name, head.i), i
            return
    else:
        for i in range(p - 1, -1, -1):
            if not ok[i]:
                continue
            m = sent.mention_at(i)
            if m is None or m.end != i + 1:
                continue
            root = doc[_span_root(doc, m)]
            head = _np_head(root, sent)
            if max(_np_tokens(head)) >= p:
                head = _np_head(root)
                if max(_np_tokens(head)) >= p:
                    head = root
            if name == "compound" and len(_conjunct_mentions(sent, head)) < 2:
                continue
            yield min(m.start, sent.chunk_start(m.end)), (name, head.i), m.start
            return


def _bind(env: dict[str, CodedActor], var: str, actor: CodedActor | None) -> bool:
    """Match a transformation variable: "_" anything, "." any actor, a letter binds or compares."""
    if var == "_":
        return True
    if actor is None:
        return False
    if var == ".":
        return True
    if var in env:
        return env[var].code == actor.code
    env[var] = actor
    return True


def _coordinated(doc: Doc, a: Match, b: Match) -> bool:
    """Whether two actor spans of one phrase are coordinated ("Arnor, Osgiliath and Gondor",
    "Fornost and the evil awful Gondor"), not stacked ("Ithilen's minister Calimehtar")."""
    ra, rb = _span_root(doc, a), _span_root(doc, b)
    if rb in {c.i for c in doc[ra].conjuncts}:
        return True
    between = doc[a.end : b.start]
    if not any(t.dep_ == "cc" or t.text in (",", "and", "or", "nor") for t in between):
        return False
    return all(t.dep_ in ("cc", "punct", "det", "amod", "conj", "advmod") and t.pos_ not in ("NOUN", "PROPN", "VERB")
               for t in between)


def _conjunct_mentions(sent: _Sentence, head: Token) -> list[int]:
    out = []
    for h in (head, *head.conjuncts):
        if any(sent.mention_at(i) is not None for i in _np_tokens(h)):
            out.append(h.i)
    return out


# -- parse helpers ------------------------------------------------------------------------------


def _clause_limited(sent: _Sentence, verb: Token, post_ok: list[bool]) -> list[bool]:
    """Where a verb's target may be looked for: its phrase, but inside a finite complement or
    adverbial clause ("X said that Y ...", "... after Y burned ...") only that clause's subject,
    unless the clause has no subject of its own or a pronoun one ("X said he ... Z")."""
    ok = list(post_ok)
    for c in range(sent.left[verb.i], sent.right[verb.i] + 1):
        if sent.dep[c] not in ("ccomp", "advcl") or c == verb.i or not post_ok[c]:
            continue
        subj = [k for k in sent.children[c] if sent.dep[k] in SUBJECT_DEPS]
        if not subj:
            continue
        s0 = sent.toks[subj[0]]
        if s0.pos_ == "PRON" and s0.lower_ in PRONOUNS:
            continue
        keep = {i for k in subj for i in range(sent.left[k], sent.right[k] + 1)}
        for i in range(sent.left[c], sent.right[c] + 1):
            if i not in keep:
                ok[i] = False
    return ok


def _span_head(doc: Doc, start: int, end: int, default: Token) -> Token:
    """The token of a compound verb that governs the others ("wire tap": whichever the parse
    made the head)."""
    if end - start <= 1:
        return default
    for t in doc[start:end]:
        if not (start <= t.head.i < end) or t.head.i == t.i:
            if t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB"):
                return t
    return default


def _line_of(source: str) -> int:
    try:
        return int(source.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0


def _span_root(doc: Doc, m: Match) -> int:
    """The token of a matched span whose head lies outside it."""
    for i in range(m.start, m.end):
        h = doc[i].head.i
        if h < m.start or h >= m.end or h == i:
            if doc[i].pos_ != "PUNCT":
                return i
    return m.end - 1


def _np_head(tok: Token, sent: _Sentence | None = None) -> Token:
    """Climb from a word to the head of its noun phrase ("Osgiliath" -> "soldiers")."""
    cur = tok
    for _ in range(16):
        if cur.dep_ in NP_INTERNAL and cur.head.i != cur.i and cur.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "ADJ", "X"):
            cur = cur.head
            continue
        if cur.dep_ == "conj" and cur.head.dep_ in NP_INTERNAL and cur.head.head.pos_ in ("NOUN", "PROPN"):
            cur = cur.head
            continue
        # "activists of Gonzo GMO": an agent governing the phrase through of/in/from
        if (
            sent is not None and cur.dep_ == "pobj" and cur.head.dep_ == "prep"
            and cur.head.lower_ in NP_KEEP_PREPS and cur.head.head.pos_ in ("NOUN", "PROPN")
            and sent.agent_at[cur.head.head.i] is not None
        ):
            cur = cur.head.head
            continue
        break
    return cur


def _np_tokens(head: Token) -> set[int]:
    """Token indices of a noun phrase: the head with its modifiers and of/in/from phrases.

    The head's own coordinated phrases are left out (they are separate arguments); those of
    its modifiers stay ("ambassadors of Arnor, Osgiliath and Gondor").
    """
    out = {head.i}
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in NP_DROP and not (t is not head and c.dep_ in ("conj", "cc", "punct")):
                continue
            if c.dep_ in ("prep", "agent") and c.lower_ not in NP_KEEP_PREPS:
                continue
            out.add(c.i)
            stack.append(c)
    return out


def _np_text(doc: Doc, toks: set[int]) -> str:
    if not toks:
        return ""
    lo, hi = min(toks), max(toks)
    return doc[lo : hi + 1].text


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "csubjpass", "auxpass") for c in verb.children):
        return True
    # "Rebuked by Eriador, ...": a past participle with a "by" agent
    return verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children) and not any(
        c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children
    )


def _agent_heads(verb: Token) -> list[Token]:
    """The "by" agent of a passive verb."""
    out = []
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            out.extend(p for p in c.children if p.dep_ == "pobj")
    return out


def _passive_subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubjpass", "csubjpass"):
            return _through_relative(c)
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    if verb.dep_ == "advcl":
        return _subject(verb.head)
    return None


def _through_relative(tok: Token) -> Token:
    if tok.lower_ in RELATIVE and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def _subject(verb: Token, *, skip_own: bool = False) -> Token | None:
    """The subject of a verb, climbing through open complements, coordination and "is about to"."""
    cur = verb
    skip = skip_own
    for _ in range(12):
        if not skip:
            subj = [c for c in cur.children if c.dep_ in SUBJECT_DEPS]
            if subj:
                s = _through_relative(subj[0])
                if s.pos_ == "PRON" and s.lower_ in PRONOUNS and cur.head.i != cur.i:
                    cur = cur.head  # a pronoun: the subject of the clause above
                    continue
                return s
            if cur.dep_ in ("relcl", "acl") and cur.head.pos_ in ("NOUN", "PROPN"):
                return cur.head
            if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in CONTROL_BY_OBJECT:
                objs = [c for c in cur.head.children if c.dep_ in ("dobj", "dative")]
                if objs:
                    return objs[0]
        skip = False
        if cur.head.i == cur.i:
            return None
        if cur.dep_ in ("xcomp", "conj", "acomp", "advcl", "ccomp", "oprd"):
            if cur.dep_ == "xcomp" and _is_passive(cur.head):
                # "X was allowed to leave": the one allowed; unexpressed if the passive has no subject
                ps = [c for c in cur.head.children if c.dep_ in ("nsubjpass", "csubjpass")]
                return _through_relative(ps[0]) if ps else None
            cur = cur.head
            continue
        return None
    return None


def _compose(base: str, prefixes: tuple[str, ...], suffixes: tuple[str, ...], text: str,
             names: tuple[str, ...], head: int) -> CodedActor:
    code = base
    for s in suffixes:
        if not _has_part(code, s):
            code += s
    for p in reversed(prefixes):
        if not code.startswith(p):
            code = p + code
    return CodedActor(code, base, prefixes, suffixes, text, names, head)


def _has_part(code: str, part: str) -> bool:
    """Whether an agent code is already in an actor code ("USAGOV" has "GOV")."""
    if code.endswith(part):
        return True
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    parts = [part[i : i + 3] for i in range(0, len(part), 3)]
    return all(p in chunks for p in parts)


__all__ = ["COMPLEX_CODE", "CodedActor", "Engine", "Options", "RawEvent", "SentenceTrace"]

"""Who did it and to whom: source and target candidates from the dependency parse.

Everything here looks at one sentence's parse. Each function returns the head tokens of
noun phrases; the coder resolves them to actors.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.lexicon import Trigger
from flashpoint.coding.modality import is_complement, is_purpose_clause

SUBJECT_DEPS = ("nsubj", "csubj")
# texts that speak for whoever adopts or issues them
TEXT_NOUNS = {"resolution", "statement", "declaration", "communique", "communiqué", "motion",
              "letter", "report", "bill", "draft", "proposal", "amendment"}
# "in defiance of X", "in protest against X": a protest's target in an adjunct
PROTEST_NOUNS = {"defiance", "protest", "opposition", "response", "retaliation", "anger"}
# participles whose passive subject is the one who acts: "is committed to", "is determined to"
STATIVE_PASSIVES = {"commit", "determine", "prepare", "dedicate", "resolve", "engage", "poise"}
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
OBJECT_DEPS = ("dobj", "dative", "attr")
# verbs whose object (or passive subject) is the one who is to act: "urged Y to talk"
CONTROL_VERBS = {
    "urge", "ask", "tell", "advise", "call", "press", "persuade", "force", "order", "pressure",
    "encourage", "invite", "implore", "exhort", "lobby", "instruct", "compel", "oblige",
}
# verbs that carry a nominal trigger: "held talks", "imposed countermeasures", "engaged in talks"
SUPPORT_VERBS = {
    "hold", "have", "conduct", "launch", "carry", "make", "stage", "begin", "start", "resume",
    "engage", "take", "issue", "sign", "reach", "announce", "impose", "mount", "wage", "open",
    "continue", "join", "lead", "organize", "organise", "host", "give", "offer", "provide",
    "deliver", "extend", "express", "voice", "order", "step", "intensify", "escalate", "enter",
    "agree", "seal", "strike", "unveil", "introduce", "adopt", "pass", "approve", "declare",
    "file", "lodge", "send", "dispatch", "deploy", "perform", "undertake", "pursue",
    "initiate", "arrange", "convene", "attend", "participate", "level", "hurl", "slap",
    "complete", "finish", "speed", "accelerate", "hasten", "expand", "broaden", "renew",
    "remain", "stay", "stag",  # spaCy lemmatises "staged" as "stag"
    # verbs about a possible act of their subject: "has not precluded the use of force"
    "preclude", "exclude", "rule", "threaten", "consider", "plan", "weigh", "mull", "authorize",
    "propose", "vow", "pledge", "promise", "seek", "intend", "prepare",
}
# verbs whose subject is what a nominal trigger reacted to: "the remarks drew condemnation from China"
REACTION_VERBS = {
    "draw", "elicit", "prompt", "provoke", "spark", "trigger", "attract", "meet", "earn",
    "invite", "receive", "bring", "cause", "generate", "face",
}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# a noun after these is when something happened, not what the verb's subject did
TIME_PREPS = {"after", "before", "during", "since", "until", "following", "amid", "despite", "ahead"}


def _through_relative(tok: Token) -> Token:
    """"the minister who condemned ..." -> "minister"."""
    if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def _children(tok: Token, deps: tuple[str, ...]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _prep_objects(tok: Token, preps: tuple[str, ...]) -> list[list[Token]]:
    """Objects of the given prepositions under ``tok``, one group per preposition phrase.

    Coordinated objects ("with the US and France") stay in one group; separate phrases
    ("first with Xi and then with Takaichi") make separate groups.
    """
    groups: list[list[Token]] = []
    for prep in tok.children:
        if prep.dep_ not in ("prep", "agent", "dative") or prep.lower_ not in preps:
            continue
        group: list[Token] = []
        for pobj in prep.children:
            if pobj.dep_ == "pobj":
                group.extend([pobj, *pobj.conjuncts])
        if group:
            groups.append(group)
        # "with Xi and subsequently with Takaichi": the second phrase hangs off the first
        for conj in prep.conjuncts:
            if conj.dep_ == "conj" and conj.lower_ in preps:
                sub = [p for p in conj.children if p.dep_ == "pobj"]
                subs = [t for p in sub for t in (p, *p.conjuncts)]
                if subs:
                    groups.append(subs)
    return groups


def verb_subject(verb: Token) -> list[Token]:
    """Subjects of a verb, following coordination, open complements and relative clauses."""
    seen = set()
    v = verb
    via_conj = False
    while True:
        if v.i in seen:
            return []
        seen.add(v.i)
        subj = _children(v, SUBJECT_DEPS)
        if subj:
            head = _through_relative(subj[0])
            return [head, *head.conjuncts]
        if via_conj and _children(v, PASSIVE_SUBJECT_DEPS):
            # "the prime minister has been indicted by the court and will resign": the
            # shared subject resigns, not the court
            head = _children(v, PASSIVE_SUBJECT_DEPS)[0]
            return [head, *head.conjuncts]
        passive_agent = [
            p for p in _children(v, ("agent",)) for p in p.children if p.dep_ == "pobj"
        ]
        if passive_agent:
            return [passive_agent[0], *passive_agent[0].conjuncts]
        if v.dep_ == "relcl" and v.head.pos_ in ("NOUN", "PROPN"):
            return [v.head]
        if v.dep_ == "xcomp" and v.head.pos_ == "ADJ" and v.head.dep_ == "acomp":
            v = v.head.head  # "Syria is willing to withdraw": the subject of "is"
            continue
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head.pos_ in ("VERB", "AUX"):
            # "X met and condemned Y"; "X agreed to meet Y"
            if is_complement(v) and v.head.lemma_ in CONTROL_VERBS:
                # "urged Y to talk", "Y is being pressured by X to help": the one urged talks
                controller = _children(v.head, OBJECT_DEPS) or (
                    _children(v.head, PASSIVE_SUBJECT_DEPS) if is_passive(v.head) else [])
                if controller:
                    return controller[:1]
            via_conj = v.dep_ == "conj"
            v = v.head
            continue
        if v.dep_ == "acl" and v.head.lemma_.lower() in TEXT_NOUNS and v.head.head.pos_ == "VERB":
            v = v.head.head  # "the Council adopted a resolution condemning X": the Council condemns
            continue
        if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN"):
            return [v.head]
        if v.dep_ == "pcomp" and v.head.head.pos_ in ("VERB", "AUX") and v.head.lower_ in (
            "to", "by", "in", "after", "before", "while", "without",
        ):
            v = v.head.head  # "youths resorted to throwing stones", "by blocking roads"
            continue
        return []


def _counted_objects(verb: Token) -> list[Token]:
    """An object the parser read as "up to": "kidnapped up to 16 Russian advisers"."""
    return [
        o for p in verb.children if p.dep_ == "prep" and p.lower_ == "to"
        and p.i > 0 and p.doc[p.i - 1].lower_ == "up" for o in p.children if o.dep_ == "pobj"
    ]


def is_passive(verb: Token) -> bool:
    """A passive clause, or a reduced one: "the civilians imprisoned for acting against
    Moscow" are the imprisoned, not the jailers."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and not _children(verb, ("aux",)):
        return True
    # an "agent" by-phrase only comes with a passive, even where the parser missed the
    # auxiliary: "The journalists detained last week by Iranian police were freed"
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ in ("auxpass", "agent") for c in verb.children)


def verb_roles(trigger: Token, entry: Trigger) -> tuple[list[Token], list[list[list[Token]]]]:
    """(source heads, target tiers) for a verbal trigger.

    Target groups come in tiers of preference: the coder takes the first tier in which any
    group resolves to an actor. Tier one is the direct object and the trigger's own target
    prepositions; tier two looks inside the object ("praised Haiti's efforts", "rejected
    calls by Annan") and into complement clauses ("demanded that the US cancel ...",
    "threatened to impose curbs against German goods").
    """
    if is_passive(trigger) and trigger.lemma_.lower() in STATIVE_PASSIVES and not _prep_objects(trigger, ("by",)):
        # "Vietnam is committed to opening up": the subject holds the stance
        subject = _children(trigger, PASSIVE_SUBJECT_DEPS)[:1] or [
            s for a in _children(trigger, ("auxpass", "aux")) for s in _children(a, SUBJECT_DEPS)
        ][:1]  # the parser sometimes hangs the subject on "is"
        return subject, [_prep_objects(trigger, entry.target_preps)]
    if is_passive(trigger):
        # "Japan was condemned by China"
        sources = [p for g in _prep_objects(trigger, ("by",)) for p in g]
        # a missed passive keeps its subject as nsubj
        passive_subj = _children(trigger, PASSIVE_SUBJECT_DEPS) or _children(trigger, ("nsubj",))
        targets = [[passive_subj[0], *passive_subj[0].conjuncts]] if passive_subj else []
        if trigger.dep_ == "acl" and not passive_subj:
            targets = [[trigger.head, *trigger.head.conjuncts]]
        if not sources and entry.code[:2] == "15" and targets:
            # "Indian troops were deployed to the border": the forces shown are the actor's own
            return targets[0], [_prep_objects(trigger, entry.target_preps)]
        return sources, [targets, _prep_objects(trigger, entry.target_preps)]
    if entry.source_preps:
        # "Georgian demonstrators received weapons from the government", "Ukraine received a
        # loan from the IMF": the giver acts on the subject; no giver, no event
        holders = [trigger, *_children(trigger, OBJECT_DEPS)]
        given = [p for h in holders for g in _prep_objects(h, entry.source_preps) for p in g]
        return given, [[verb_subject(trigger)]]
    sources = verb_subject(trigger)
    direct: list[list[Token]] = []
    inner: list[list[Token]] = []
    target_preps = entry.target_preps or ("on", "against", "to", "with")
    for obj in _children(trigger, OBJECT_DEPS) or _counted_objects(trigger):
        if obj.lemma_.lower() in entry.requires:
            # "impose sanctions on X": the required word is the instrument, look past it;
            # only failing that, at whose it is ("support Turkey's efforts", "rejected an
            # offer from Kabul")
            direct.extend(_prep_objects(obj, target_preps))
            inner.append([obj])
            inner.extend(_prep_objects(obj, ("by", "from", "of")))
            continue
        direct.append([obj, *obj.conjuncts])
        direct.extend(_prep_objects(obj, target_preps))
        inner.extend(_prep_objects(obj, ("by", "from", "of")))
    direct.extend(_prep_objects(trigger, entry.target_preps))
    for group in _prep_objects(trigger, target_preps + ("into", "at", "for")):
        # "hacked into the computers of South Korean officers": whose the thing is; "mobilized
        # reservists for a war against Iraq": whom it is for
        inner.extend(_prep_objects(group[0], ("of", "against")))
    if entry.code[:2] == "11":
        # "complained to the UN over Israeli air raids": what is complained about names the
        # target, the addressee only when nothing else does
        about = _prep_objects(trigger, ("over", "about", "against", "of"))
        if about:
            direct = about + [g for g in direct if g not in about]
    if entry.code[:2] == "14":
        # "blocked streets in defiance of Chinese authorities", "in protest against the ban"
        for group in _prep_objects(trigger, ("in",)):
            if group[0].lemma_.lower() in PROTEST_NOUNS:
                direct.extend(_prep_objects(group[0], ("of", "against", "at", "over")))
        # "blocked a road to show their disapproval of US policies": whom the protest is for
        for clause in _children(trigger, ("advcl", "xcomp")):
            for obj in _children(clause, OBJECT_DEPS):
                inner.append([obj])
                inner.extend(_prep_objects(obj, ("of", "for", "against", "over", "with")))
    for clause in (c for c in trigger.children if c.dep_ in ("ccomp", "xcomp") or is_purpose_clause(c)):
        subj = _children(clause, SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS)
        if clause.dep_ == "ccomp" and subj and entry.code[:2] in ("02", "10", "11"):
            # "demanded that the US cancel", "accused ... that Russia had ..."
            inner.append([subj[0], *subj[0].conjuncts])
        for obj in _children(clause, OBJECT_DEPS):
            inner.append([obj, *obj.conjuncts])
            inner.extend(_prep_objects(obj, target_preps))
        inner.extend(_prep_objects(clause, target_preps + ("in", "into", "with")))
    if is_purpose_clause(trigger) and trigger.head.pos_ == "VERB":
        # "summoned Niger's ambassador to complain": the main clause's object is the one the
        # purpose is aimed at, when the purpose names no one itself
        inner.extend([obj, *obj.conjuncts] for obj in _children(trigger.head, OBJECT_DEPS))
    return sources, [direct, inner]


def _governor(trigger: Token) -> tuple[Token, Token]:
    """The phrase a nominal trigger heads and the word governing it.

    Container nouns are climbed: "engaged in a series of conversations" gives
    (series, engaged); "has not precluded the use of force" gives (use, precluded).
    """
    node = trigger
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            prep = node.head
            if prep.lower_ == "of" and prep.head.pos_ in ("NOUN", "PROPN"):
                node = prep.head
                continue
            if prep.lower_ in TIME_PREPS:
                return node, node  # "agreed to a ceasefire after days of fighting": no lender
            return node, prep.head
        break
    return node, node.head


def noun_roles(trigger: Token, entry: Trigger) -> tuple[list[Token], list[list[list[Token]]]]:
    """(source heads, target groups) for a nominal trigger ("Beijing's countermeasures against Tokyo")."""
    sources: list[Token] = []
    targets: list[list[Token]] = []
    poss = _children(trigger, ("poss",))
    if poss:
        sources = [poss[0], *poss[0].conjuncts]
    for group in _prep_objects(trigger, entry.source_preps + ("by",)):
        if not sources:
            sources = group
    # "Chinese condemnation", "US sanctions": a nationality or country modifier is the source
    if not sources:
        mods = [
            c
            for c in trigger.children
            if c.dep_ in ("amod", "compound", "nmod")
            and c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")
        ]
        if mods:
            sources = mods[:1]  # the coder reads the modifiers from here to the trigger
    between = _prep_objects(trigger, ("between", "among"))
    if between and not sources:
        members = between[0]
        if len(members) >= 2:
            sources, targets = [members[0]], [members[1:]]
    node, governor = _governor(trigger)
    if entry.code[:2] in ("02", "10", "11"):
        # "its demand that Israel ease restrictions", "the accusation that Russia ...", also
        # when the clause hangs off the support verb ("reiterated its demand today that ...")
        holders = [trigger] + ([governor] if governor.lemma_.lower() in SUPPORT_VERBS | {"reiterate", "repeat"} else [])
        for holder in holders:
            for clause in _children(holder, ("acl", "ccomp", "relcl")):
                if any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                    subj = _children(clause, SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS)
                    if subj:
                        targets.append([subj[0], *subj[0].conjuncts])
    targets.extend(_prep_objects(trigger, entry.target_preps))
    if entry.target_preps and "of" not in entry.target_preps:
        # "the withdrawal of its forces from Panama": the phrase often hangs off the "of" object
        for group in _prep_objects(trigger, ("of",)):
            targets.extend(_prep_objects(group[0], entry.target_preps))
    if governor.pos_ in ("VERB", "AUX") and governor.i != node.i:
        lemma = governor.lemma_.lower()
        # a support verb lends its subject: "China held talks with Japan", "engaged in talks"
        if not sources and lemma in SUPPORT_VERBS and not is_passive(governor):
            sources = verb_subject(governor)
        if lemma in REACTION_VERBS:
            # "the remarks drew condemnation from China": the reaction's author may hang
            # off the verb, and what it reacted to is the verb's subject
            if not sources:
                for group in _prep_objects(governor, entry.source_preps or ("from", "by")):
                    sources = group
                    break
            subj = verb_subject(governor)
            if subj and not targets:
                targets.append(subj)
        # the support verb's own target phrases: "imposed countermeasures on Tokyo"
        targets.extend(
            g for g in _prep_objects(governor, entry.target_preps) if node not in g
        )
    elif node.i != trigger.i:
        # "a series of telephone conversations with X"
        targets.extend(_prep_objects(node, entry.target_preps))
    return sources, [targets]

"""Modality: is the event asserted, or only hypothetical, conditional, future, negated, denied?

Cues are read on the path from the trigger up to the root of its sentence, never anywhere
in the sentence: in "Trump advised Takaichi against actions that could provoke Beijing" the
"could" belongs to "provoke", not to "advised".
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Token

HYPOTHETICAL_AUX = {"could", "would", "might", "may", "should", "can", "must"}
FUTURE_AUX = {"will", "shall", "'ll"}
HYPOTHETICAL_WORDS = {
    "hypothetical", "potential", "potentially", "possible", "possibly", "perhaps", "maybe",
    "prospective", "proposed", "planned", "likely", "unlikely", "threat", "risk", "prospect",
    "scenario", "feared", "fear", "speculation", "rumour", "rumor",
}
CONDITIONAL_MARKS = {"if", "unless", "whether", "should"}
# verbs whose complement is not (yet) a fact: "plans to impose", "threatened to cut"; an
# attempt is ("tried to hack", "attempted to assassinate"), as CAMEO codes attempts
FUTURE_VERBS = {
    "plan", "intend", "aim", "prepare", "seek", "want", "hope", "expect", "vow", "pledge",
    "promise", "propose", "consider", "mull", "weigh", "decide", "agree", "offer", "threaten",
    "urge", "ask", "call", "demand", "warn", "push", "commit", "insist", "press", "appeal",
    "request", "suggest", "recommend", "pressure", "encourage", "invite", "implore", "exhort",
    "lobby", "instruct", "advise",
}
# "declined to resign", "refused to meet", "failed to reach"
REFUSAL_VERBS = {"decline", "refuse", "fail", "reject", "avoid", "resist"}
# nouns about an act that has not (yet) happened: "talks on a troop pullback", "calls for a ceasefire"
PROSPECT_NOUNS = {
    "plan", "proposal", "talk", "negotiation", "discussion", "debate", "call", "demand",
    "appeal", "request", "threat", "offer", "idea", "possibility", "prospect", "bid",
    "push", "effort", "option", "warning", "fear", "risk", "bill", "draft",
    "ultimatum", "deadline", "condition", "pledge", "promise", "vow", "intention", "readiness",
}
NEGATING_HEADS = {"absence", "lack", "without", "instead", "rather"}
# texts that would have acted had they passed, and the verbs that stop them passing
DRAFT_NOUNS = {"resolution", "motion", "bill", "draft", "proposal", "amendment"}
KILLING_VERBS = {"veto", "reject", "block", "defeat", "scuttle", "kill", "vote"}
# verbs whose object event is kept from happening: "police prevented the demonstration"
PREVENTING_VERBS = {"prevent", "thwart", "foil", "avert", "forbid", "prohibit", "ban", "block", "bar"}
DENIAL_VERBS = {"deny", "dismiss", "reject", "refute", "rebuff"}
# "has not precluded the use of force": a negated exclusion leaves the event possible
EXCLUSION_VERBS = {"preclude", "exclude", "rule"}
NEGATION_WORDS = {"not", "n't", "no", "never", "neither", "nor", "without"}
# verbs and adjectives by which an actor states its own intention: "Portugal will support",
# "Syria is willing to withdraw", "Greece plans to impose restrictions"
INTENT_VERBS = {
    "plan", "intend", "aim", "prepare", "vow", "pledge", "promise", "offer", "agree", "decide",
    "seek", "want", "hope", "expect", "commit", "threaten", "consider", "propose", "announce",
    "resolve", "mean", "undertake", "swear",
}
INTENT_ADJECTIVES = {"willing", "ready", "prepared", "determined", "eager", "keen", "set", "committed"}
# "Israel announced it would free 150 prisoners": "would" in a reported clause is the
# speaker's future, not a hypothetical, unless a condition is attached
ANNOUNCING_VERBS = {
    "say", "announce", "declare", "state", "tell", "confirm", "pledge", "promise", "vow",
    "indicate", "signal", "insist", "add", "reiterate", "decide", "agree",
}
# verbs whose complement the subject refuses: "refused to allow", "declined to meet"
REFUSING_VERBS = {"refuse", "decline"}


def is_complement(tok: Token) -> bool:
    """An open complement: "agreed to meet", also when parsed as a "to" clause ("threatened
    today to impose" often comes out as advcl)."""
    if tok.dep_ == "xcomp":
        return True
    return tok.dep_ in ("advcl", "acl", "ccomp") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
    )


def is_purpose_clause(verb: Token) -> bool:
    """A "to" clause of purpose or intent: "(converged on Lagos) to protest", "(summoned the
    ambassador) to complain", "(threatened today) to impose"."""
    return verb.dep_ in ("xcomp", "advcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )


def _negated(tok: Token) -> bool:
    return any(
        c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in ("no", "neither"))
        for c in tok.children
    )


def _aux_words(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}


def modality_of(trigger: Token) -> str:
    """The modality of the event whose trigger is ``trigger``; ``asserted`` when no cue applies."""
    path: list[Token] = [trigger]
    head = trigger
    while head.head.i != head.i:
        head = head.head
        path.append(head)

    for i, tok in enumerate(path):
        lower = tok.lower_
        lemma = tok.lemma_.lower()
        kids = list(tok.children)
        aux = _aux_words(tok)
        # the trigger's own modifiers: "a hypothetical incursion", "no talks", "potentially warranting"
        if any(c.lower_ in HYPOTHETICAL_WORDS and c.dep_ in ("amod", "advmod") for c in kids):
            return "hypothetical"
        if lemma in EXCLUSION_VERBS and i > 0:
            # "did not rule out strikes" / "has not precluded the use of force"
            if lemma != "rule" or any(c.lower_ == "out" for c in kids):
                return "hypothetical"
        if _negated(tok):
            if i > 0 and lemma in DENIAL_VERBS:
                return "asserted"  # "did not deny that X happened"
            return "negated"
        if i > 0 and lemma in DENIAL_VERBS and tok.pos_ == "VERB":
            return "denied"
        if i > 0 and lower in NEGATING_HEADS:
            return "negated"
        if i > 0 and tok.pos_ == "VERB" and lemma in PREVENTING_VERBS and path[i - 1].dep_ == "dobj" \
                and path[i - 1].pos_ == "NOUN":
            return "negated"
        if tok.dep_ == "pobj" and tok.head.lower_ == "without":
            return "negated"
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in kids) or any(
            c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
            for c in kids
        ):
            return "conditional"  # "if talks fail, China will impose sanctions"
        if _is_subjunctive(tok):
            return "future"  # "demanded that Israel ease restrictions": asked for, not done
        if aux & HYPOTHETICAL_AUX and not _reported_future(tok):
            return "hypothetical"
        if aux & HYPOTHETICAL_AUX:
            return "future"
        if aux & FUTURE_AUX or ("going" in aux and any(c.lower_ == "to" for c in kids)):
            return "future"
        if i > 0 and lemma in INTENT_ADJECTIVES and is_complement(path[i - 1]):
            return "negated" if _negated(tok.head) else "future"  # "is not willing to send"
        if i > 0 and tok.pos_ == "VERB" and lemma in REFUSAL_VERBS and is_complement(path[i - 1]):
            return "negated"
        if i > 0 and tok.pos_ == "NOUN" and lemma in PROSPECT_NOUNS and path[i - 1].dep_ in (
            "prep", "acl", "pobj",
        ):
            return "future"
        if i > 0 and tok.pos_ == "VERB" and lemma in FUTURE_VERBS and path[i - 1].dep_ == "ccomp":
            return "future"  # "demanded that Israel ease restrictions"
        if i > 0 and is_complement(path[i - 1]) and any(
            c.dep_ == "dobj" and c.lemma_.lower() in PROSPECT_NOUNS for c in kids
        ):
            return "future"  # "issued an ultimatum to Ecuador to halt attacks"
        if i > 1 and path[i - 1].dep_ == "prep" and path[i - 1].lower_ in ("on", "about", "over") and any(
            c.dep_ == "dobj" and c.lemma_.lower() in PROSPECT_NOUNS for c in kids
        ):
            return "future"  # "renewed negotiations today on a troop pullback"
        if i > 1 and lemma in KILLING_VERBS and path[i - 1].dep_ == "dobj" \
                and path[i - 1].lemma_.lower() in DRAFT_NOUNS:
            return "negated"  # "vetoed a resolution censuring X": the censure never passed
        if i > 0 and tok.pos_ == "VERB" and lemma in FUTURE_VERBS:
            # "plans to impose sanctions", "threatened sanctions", "urged talks"
            if is_complement(path[i - 1]) or (
                path[i - 1].dep_ == "dobj" and lemma not in ("agree", "decide")
            ):
                return "future"
        # a clause boundary that reports rather than hedges: stop at the reporting verb's clause;
        # a relative clause is told as background fact ("whom they had taken hostage" is not
        # made future by "will release")
        if tok.dep_ in ("ROOT", "relcl"):
            break
    return "asserted"


# time adjuncts that put an act years before the report: "18 years ago", "in 1994" (in a
# dated article of a later year); "last March" and "last year" are left alone, news uses them
# for the recent acts it reports
_LONG_AGO = re.compile(r"\b(?:\w+|a) (?:years?|decades?) ago\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:in|during) (?:the )?((?:19|20)\d\d)s?\b", re.IGNORECASE)


def is_historical(trigger: Token, when: date | None) -> bool:
    """Does the trigger's own clause date the act to well before the report?

    "when Idi Amin expelled them 18 years ago", "(a 2026 article:) Russia invaded Ukraine in
    2022": a reference to the past, not an event of the article's date (an old complaint about
    GDELT, which codes anniversaries and retrospectives as new events).
    """
    verb = _clause_verb(trigger)
    if verb.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "where" for c in verb.children):
        return True  # "in Montenegro, where 28 people have been killed this year": the place's past
    for child in verb.children:
        if child.dep_ not in ("npadvmod", "advmod", "prep", "obl"):
            continue
        text = child.doc[child.left_edge.i : child.right_edge.i + 1].text
        if len(text) > 40:
            continue  # a whole clause hanging off the verb, not a time adjunct
        if _LONG_AGO.search(text):
            return True
        year = _YEAR.search(text)
        if year and when is not None and int(year.group(1)) < when.year:
            return True
    return False


def _is_subjunctive(verb: Token) -> bool:
    """A bare verb in a "that" clause with a subject and no auxiliary: "(demand) that he
    resign", "that Israel ease" (a plural form after a singular subject is the same cue)."""
    if verb.dep_ not in ("ccomp", "acl") or _aux_words(verb):
        return False
    if not any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children):
        return False
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subj:
        return False
    singular = subj[0].tag_ in ("NN", "NNP") or subj[0].lower_ in ("he", "she", "it")
    return verb.tag_ == "VB" or (verb.tag_ == "VBP" and singular)


def _reported_would(verb: Token) -> bool:
    """ "(X said) it would free": "would" backshifted in a clause an announcing verb reports."""
    return (
        _aux_words(verb) & HYPOTHETICAL_AUX == {"would"}
        and verb.dep_ == "ccomp"
        and verb.head.lemma_.lower() in ANNOUNCING_VERBS
    )


def _reported_future(verb: Token) -> bool:
    """A reported "would" with no condition attached: the speaker's future."""
    return (
        _reported_would(verb)
        and not any(
            c.dep_ in ("advcl", "mark") and (
                c.lower_ in CONDITIONAL_MARKS
                or any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in c.children)
            )
            for c in verb.children
        )
    )


def _clause_verb(trigger: Token) -> Token:
    """The verb a nominal trigger is announced through ("will hold talks"), or the trigger."""
    tok = trigger
    for _ in range(3):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    return tok


def is_ultimatum(trigger: Token) -> bool:
    """ "X will withdraw its troops unless Y holds elections": an act made to depend on "unless"."""
    tok = _clause_verb(trigger)
    for _ in range(4):
        for c in tok.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children):
                return True
        if tok.head.i == tok.i or tok.dep_ not in ("xcomp", "ccomp", "conj"):
            return False
        tok = tok.head
    return False


def is_stated_refusal(trigger: Token) -> bool:
    """Does the actor say it will not do it? "will not provide", "would not meet" (reported),
    "refused to allow", "is not willing to send", "does not intend to lift"."""
    tok = _clause_verb(trigger)
    for _ in range(4):
        if _negated(tok) and (_aux_words(tok) & FUTURE_AUX or _reported_future(tok)):
            return True
        if not is_complement(tok) or tok.head.i == tok.i:
            return False
        head = tok.head
        lemma = head.lemma_.lower()
        if lemma in REFUSING_VERBS:
            # "demanded that its partners refuse to recognize X": a refusal asked for is none
            return modality_of(head) == "asserted"
        if lemma in INTENT_VERBS and _negated(head):
            return True
        if lemma in INTENT_ADJECTIVES:
            return _negated(head) or _negated(head.head)
        if lemma not in ("be", "try", "begin", "start", "continue"):
            return False
        tok = head
    return False


def is_stated_intent(trigger: Token) -> bool:
    """Does the trigger's own actor announce it, rather than someone else ask for it?

    "X will impose sanctions" and "X plans to impose sanctions" are X's intent; "Y urged X to
    impose sanctions" is Y's appeal, coded by the appeal's own trigger.
    """
    if trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in INTENT_VERBS:
        return True  # "offered concessions", "pledged aid"
    tok = _clause_verb(trigger)  # a nominal trigger is announced through its verb: "will hold talks"
    for _ in range(4):
        if _aux_words(tok) & FUTURE_AUX or _reported_would(tok):
            return True  # "said they would meet X if ...": a conditional intent is still stated
        if not is_complement(tok) or tok.head.i == tok.i:
            return False
        head = tok.head
        lemma = head.lemma_.lower()
        if lemma in INTENT_VERBS or lemma in INTENT_ADJECTIVES:
            return True
        if lemma not in ("be", "try", "begin", "start", "continue"):
            return False
        tok = head
    return False

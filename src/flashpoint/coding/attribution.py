"""Reporting frames: who reports an event and on whose word.

"According to a Wall Street Journal report citing Japanese officials ..., Trump advised
Takaichi ..." is not an event by itself: it fills ``reported_by`` (the outlet) and
``attributed_to`` (the sources the outlet cites) of the events inside it. So does
"X said (that) ..." and "..., officials said".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

REPORTING_VERBS = {
    "say", "tell", "report", "state", "announce", "claim", "add", "note", "insist", "confirm",
    "write", "reveal", "disclose", "allege", "assert", "quote", "cite", "indicate", "explain",
    "acknowledge", "argue", "declare", "suggest", "believe",
}
CITING_VERBS = {"cite", "quote"}


@dataclass
class Frame:
    reported_by: list[str] = field(default_factory=list)
    attributed_to: list[str] = field(default_factory=list)

    def add(self, other: Frame) -> None:
        for name in other.reported_by:
            if name not in self.reported_by:
                self.reported_by.append(name)
        for name in other.attributed_to:
            if name not in self.attributed_to:
                self.attributed_to.append(name)


def phrase_text(head: Token) -> str:
    """The noun phrase of ``head`` without its coordinated siblings and relative clauses,
    reduced ones included ("soldiers killed by rebels" are not the rebels)."""
    drop = {"conj", "cc", "punct", "relcl", "appos", "parataxis"}
    toks = [head]
    stack = [c for c in head.children if c.dep_ not in drop and not (c.dep_ == "acl" and c.pos_ == "VERB")]
    while stack:
        t = stack.pop()
        toks.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("conj", "cc"))
    toks.sort(key=lambda t: t.i)
    # keep the contiguous run around the head
    start = end = toks.index(head)
    while start > 0 and toks[start - 1].i == toks[start].i - 1:
        start -= 1
    while end < len(toks) - 1 and toks[end + 1].i == toks[end].i + 1:
        end += 1
    doc = head.doc
    span = doc[toks[start].i : toks[end].i + 1]
    return span.text.strip(" ,;:—-")


def conjuncts(head: Token) -> list[Token]:
    return [head, *head.conjuncts] if head.conjuncts else [head]


def frame_of(trigger: Token, outlet_of) -> Frame:
    """The reporting frame around ``trigger``; ``outlet_of(text)`` names an outlet or None."""
    frame = Frame()
    path = [trigger, *trigger.ancestors]
    for i, tok in enumerate(path):
        for child in tok.children:
            # "according to X", "citing Y"
            if child.dep_ == "prep" and child.lower_ == "according":
                for pobj in child.subtree:
                    if pobj.dep_ == "pobj" and pobj.head.lower_ == "to":
                        _fill_from_source_phrase(pobj, frame, outlet_of)
        # "X said (that) EVENT": the trigger sits in the reporting verb's complement
        if i > 0 and tok.lemma_.lower() in REPORTING_VERBS and path[i - 1].dep_ in (
            "ccomp", "parataxis", "xcomp", "advcl",
        ):
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    for c in conjuncts(child):
                        _add_speaker(c, frame, outlet_of)
    # "..., officials said." parses as the reporting verb being the root with the event in ccomp;
    # "EVENT, X said" can also make the event the root with the reporting verb in parataxis
    for child in trigger.sent.root.children if trigger.sent is not None else []:
        if child.dep_ in ("parataxis",) and child.lemma_.lower() in REPORTING_VERBS:
            for sub in child.children:
                if sub.dep_ == "nsubj":
                    for c in conjuncts(sub):
                        _add_speaker(c, frame, outlet_of)
    return frame


def _add_speaker(head: Token, frame: Frame, outlet_of) -> None:
    text = phrase_text(head)
    if head.pos_ == "PRON":
        return
    outlet = outlet_of(text)
    if outlet:
        if outlet not in frame.reported_by:
            frame.reported_by.append(outlet)
    elif text not in frame.attributed_to:
        frame.attributed_to.append(text)


def _fill_from_source_phrase(pobj: Token, frame: Frame, outlet_of) -> None:
    """"a Wall Street Journal report citing Japanese officials and a US source" """
    for c in conjuncts(pobj):
        outlet = outlet_of(phrase_text(c))
        if outlet:
            if outlet not in frame.reported_by:
                frame.reported_by.append(outlet)
        elif c.lemma_.lower() not in ("report", "reports", "statement", "source"):
            _add_speaker(c, frame, outlet_of)
        for t in c.subtree:
            if t.lemma_.lower() in CITING_VERBS:
                for obj in t.children:
                    if obj.dep_ in ("dobj", "pobj"):
                        for o in conjuncts(obj):
                            _add_speaker(o, frame, outlet_of)

"""Word sequences of the dictionaries and of sentences, and the index that matches them.

Dictionary phrases are written in capitals with ``_`` or spaces between words
(``WHITE_HOUSE``, ``ITHILEN TELEVISION``). An ``_`` (or a trailing ``_``) means the words are
adjacent; a space lets up to :data:`MAX_GAP` other words stand between them within one phrase,
as TABARI allowed ("Ithilen state-run television" matches ``ITHILEN TELEVISION``).

A sentence is read as spaCy tokens, and a dictionary word may match either one token or a run of
tokens written without spaces between them, so ``BARAD-DUR`` matches the three tokens
``Barad - dur`` and ``DON'T`` the two tokens ``do n't``. Matching is one dict lookup per word
and candidate run; no regular expression is run per entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

MAX_GAP = 2  # words that may stand between two space-separated words of an actor phrase
MAX_RUN = 6  # tokens glued without spaces that may form one dictionary word


def norm_word(text: str) -> str:
    """A word as the dictionaries write it: capitals, straight apostrophes."""
    return text.upper().replace("’", "'").replace("‘", "'")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A dictionary phrase: its words and, between each pair, whether a gap is allowed."""

    words: tuple[str, ...]
    gaps: tuple[bool, ...] = ()

    @classmethod
    def parse(cls, text: str, *, spaces_are_gaps: bool = True) -> Phrase:
        """``ITHILEN TELEVISION`` -> gap allowed; ``WHITE_HOUSE`` -> adjacent; ``ARNOR_`` -> ``ARNOR``."""
        words: list[str] = []
        gaps: list[bool] = []
        glued_to_next = False
        for chunk in text.split():
            parts = [p for p in chunk.split("_") if p]
            if not parts:
                glued_to_next = True
                continue
            for k, part in enumerate(parts):
                if words:
                    if k == 0:
                        gaps.append(spaces_are_gaps and not (glued_to_next or chunk.startswith("_")))
                    else:
                        gaps.append(False)
                words.append(norm_word(part))
            glued_to_next = chunk.endswith("_")
        return cls(tuple(words), tuple(gaps))

    def __str__(self) -> str:
        out = self.words[0] if self.words else ""
        for w, g in zip(self.words[1:], self.gaps, strict=False):
            out += (" " if g else "_") + w
        return out


class SentenceWords:
    """The words of one parsed sentence as the dictionaries see them.

    ``fwd[i]`` lists ``(WORD, end)`` for each run of tokens from ``i`` written without spaces;
    ``bwd[e]`` lists ``(WORD, start)`` for each run that ends just before token ``e``.
    """

    __slots__ = ("n", "fwd", "bwd", "vocabulary", "punct", "starts", "ends")

    def __init__(self, tokens: Sequence[Any]):
        n = len(tokens)
        self.n = n
        self.fwd: list[list[tuple[str, int]]] = [[] for _ in range(n)]
        self.bwd: list[list[tuple[str, int]]] = [[] for _ in range(n + 1)]
        self.punct = [bool(getattr(t, "is_punct", False)) for t in tokens]
        texts = [norm_word(t.text) for t in tokens]
        glue = [t.whitespace_ == "" for t in tokens]
        vocab: set[str] = set()
        self.starts: dict[str, list[int]] = {}  # word -> token positions where it starts
        self.ends: dict[str, list[int]] = {}  # word -> positions just after it ends
        for i in range(n):
            run = texts[i]
            j = i
            while True:
                self.fwd[i].append((run, j + 1))
                self.bwd[j + 1].append((run, i))
                vocab.add(run)
                self.starts.setdefault(run, []).append(i)
                self.ends.setdefault(run, []).append(j + 1)
                if not glue[j] or j + 1 >= n or j + 1 - i >= MAX_RUN:
                    break
                j += 1
                run += texts[j]
        self.vocabulary = frozenset(vocab)

    def match_at(self, words: Sequence[str], start: int) -> int | None:
        """End of an adjacent match of ``words`` starting at ``start``, or None."""
        pos = start
        for w in words:
            if pos >= self.n:
                return None
            nxt = next((e for cand, e in self.fwd[pos] if cand == w), None)
            if nxt is None:
                return None
            pos = nxt
        return pos

    def match_ending(self, words: Sequence[str], end: int) -> int | None:
        """Start of an adjacent match of ``words`` ending just before ``end``, or None."""
        pos = end
        for w in reversed(words):
            if pos <= 0:
                return None
            prev = next((s for cand, s in self.bwd[pos] if cand == w), None)
            if prev is None:
                return None
            pos = prev
        return pos


class _Node:
    __slots__ = ("adjacent", "gapped", "payloads")

    def __init__(self) -> None:
        self.adjacent: dict[str, _Node] = {}
        self.gapped: dict[str, _Node] = _EMPTY  # made on first use: few phrases have gaps
        self.payloads: list[Any] = _EMPTY_LIST


_EMPTY: dict = {}
_EMPTY_LIST: list = []


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    payload: Any
    skipped: int = 0


class PhraseIndex:
    """A word trie over dictionary phrases with longest-match scanning of a sentence."""

    def __init__(self) -> None:
        self.root = _Node()
        self.size = 0
        self.first_words: set[str] = set()

    def add(self, phrase: Phrase, payload: Any) -> None:
        if not phrase.words:
            return
        node = self.root
        gaps = phrase.gaps
        for k, word in enumerate(phrase.words):
            if k > 0 and gaps[k - 1]:
                if node.gapped is _EMPTY:
                    node.gapped = {}
                table = node.gapped
            else:
                table = node.adjacent
            child = table.get(word)
            if child is None:
                child = table[word] = _Node()
            node = child
        if node.payloads is _EMPTY_LIST:
            node.payloads = []
        node.payloads.append(payload)
        self.first_words.add(phrase.words[0])
        self.size += 1

    def find(self, phrase: Phrase) -> list[Any]:
        node = self.root
        for k, word in enumerate(phrase.words):
            table = node.gapped if k > 0 and phrase.gaps[k - 1] else node.adjacent
            node = table.get(word)  # type: ignore[assignment]
            if node is None:
                return []
        return node.payloads

    def longest_at(self, words: SentenceWords, start: int, blocked: Sequence[bool] | None = None) -> Match | None:
        """The longest phrase starting at token ``start``, preferring fewer skipped words."""
        best: Match | None = None
        stack: list[tuple[_Node, int, int]] = [(self.root, start, 0)]
        while stack:
            node, pos, skipped = stack.pop()
            if node.payloads:
                cand = Match(start, pos, node.payloads[-1], skipped)
                if best is None or (cand.end, -cand.skipped) > (best.end, -best.skipped):
                    best = cand
            if pos >= words.n:
                continue
            if node.adjacent:
                for w, e in words.fwd[pos]:
                    child = node.adjacent.get(w)
                    if child is not None and not _any_blocked(blocked, pos, e):
                        stack.append((child, e, skipped))
            if node.gapped:
                # the next word may come after up to MAX_GAP words (never across punctuation)
                p = pos
                for gap in range(MAX_GAP + 1):
                    if p >= words.n or words.punct[p]:
                        break
                    for w, e in words.fwd[p]:
                        child = node.gapped.get(w)
                        if child is not None and not _any_blocked(blocked, p, e):
                            stack.append((child, e, skipped + gap))
                    p = words.fwd[p][-1][1]  # a word written with hyphens counts once
        return best

    def scan(self, words: SentenceWords, blocked: Sequence[bool] | None = None) -> list[Match]:
        """Non-overlapping longest matches, left to right."""
        out: list[Match] = []
        i = 0
        while i < words.n:
            if blocked is not None and blocked[i]:
                i += 1
                continue
            m = self.longest_at(words, i, blocked)
            if m is None:
                i += 1
                continue
            out.append(m)
            i = m.end
        return out


def _any_blocked(blocked: Sequence[bool] | None, start: int, end: int) -> bool:
    return blocked is not None and any(blocked[start:end])


def simple_words(text: str) -> list[str]:
    """A cheap word split for prefilters and discard checks (no spaCy needed)."""
    out = []
    for raw in text.replace("_", " ").split():
        w = norm_word(raw.strip(".,;:!?\"()[]{}«»“”"))
        if w:
            out.append(w)
            if w.endswith("'S"):
                out.append(w[:-2])
    return out


def expand_alternatives(options: Iterable[Iterable[str]]) -> list[tuple[str, ...]]:
    """The cartesian product of per-slot alternatives, as word tuples."""
    out: list[tuple[str, ...]] = [()]
    for opts in options:
        out = [prev + (o,) for prev in out for o in opts]
    return out

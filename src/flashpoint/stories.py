"""Stories: the same news across outlets, found as near-duplicate texts, counted once.

Wire copy re-published by many outlets, or one outlet's story re-run under a new headline with a
paragraph changed, is one story. :func:`assign_stories` gives every article a story id;
:func:`dedupe_events` keeps one event per story and event key, with the number of outlets that
reported it.

How articles are matched (MinHash/LSH, datasketch):

- an article's text is its title and body, case-folded, cut into word tokens (``\\w+``), then
  into overlapping ``SHINGLE``-word shingles;
- a MinHash of ``NUM_PERM`` permutations (seed fixed: the same text always gives the same
  signature) estimates the Jaccard similarity of two shingle sets; an LSH index finds, for each
  article, the others likely to reach ``CANDIDATE_THRESHOLD``;
- a candidate pair is the same story when the estimated Jaccard similarity reaches
  ``JACCARD`` or, for two texts of very different lengths (an excerpt of a wire story), when
  the smaller text is ``CONTAINMENT`` contained in the larger (estimated from the Jaccard
  similarity and the two set sizes);
- stories are the connected components of those pairs.

Story ids are deterministic: ``"st-"`` and a hash of the content hash of the story's earliest
member (earliest publication date; undated articles count as latest; ties broken by content
hash), so the same articles always get the same ids, in any order. :class:`StoryIndex` keeps
signatures between batches (in memory or in a SQLite file), so that a story spanning several
polls of a feed keeps one id: a new article joins an existing story's id; when it bridges two
existing stories, they merge under the id of the one with the earliest member, and
:meth:`StoryIndex.assign` returns the re-labelled articles too.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Any

from flashpoint.model import Article, Event

SHINGLE = 5
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch 2's hashing scheme; pinned so saved signatures stay comparable
CANDIDATE_THRESHOLD = 0.25
JACCARD = 0.4
CONTAINMENT = 0.8
MIN_CONTAINMENT_SHINGLES = 40  # containment only counts for texts at least this long
_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """The set of ``k``-word shingles of a text (one shingle of all words if it is shorter)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return set()
    if len(words) <= k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def _article_text(article: Article) -> str:
    return f"{article.title or ''}\n{article.text}"


def _content_hash(article: Article) -> str:
    from flashpoint.ingest.provenance import content_hash

    return content_hash(article)


def story_id_for(content_hash: str) -> str:
    """The id of a story whose earliest member has this content hash."""
    return "st-" + hashlib.sha1(f"story|{content_hash}".encode()).hexdigest()[:16]


@dataclass(slots=True)
class _Member:
    key: str
    minhash: Any  # datasketch LeanMinHash
    size: int  # number of shingles
    date: Date | None
    digest: str  # content hash

    @property
    def order(self) -> tuple[Date, str]:
        return (self.date or Date.max, self.digest)


def _minhash(items: set[str]) -> Any:
    from datasketch import LeanMinHash, MinHash

    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    if items:
        m.update_batch([s.encode("utf-8") for s in sorted(items)])
    return LeanMinHash(m)


def _similar(a: _Member, b: _Member) -> bool:
    if a.size == 0 or b.size == 0:
        return False
    j = a.minhash.jaccard(b.minhash)
    if j >= JACCARD:
        return True
    small, large = sorted((a.size, b.size))
    if small < MIN_CONTAINMENT_SHINGLES:
        return False
    # |A ∩ B| = J (|A| + |B|) / (1 + J); containment of the smaller set in the larger
    inter = j * (a.size + b.size) / (1 + j)
    return inter / small >= CONTAINMENT


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class StoryIndex:
    """Story assignment that remembers earlier batches (see the module notes).

    ``path``: a SQLite file to keep signatures and story ids in across runs (created when
    missing); ``None`` keeps them in memory for the life of the object.
    """

    def __init__(self, path: str | Path | None = None):
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
        self._members: dict[str, _Member] = {}
        self._story: dict[str, str] = {}
        self._by_story: dict[str, set[str]] = {}
        self._db: sqlite3.Connection | None = None
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), isolation_level=None)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS story_members (article_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, "
                "size INTEGER NOT NULL, date TEXT, content_hash TEXT NOT NULL, hashvalues BLOB NOT NULL)"
            )
            self._load()

    def __len__(self) -> int:
        return len(self._members)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> StoryIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def story_of(self, article_id: str) -> str | None:
        return self._story.get(article_id)

    def stories(self) -> dict[str, str]:
        """Every article id known -> its story id."""
        return dict(self._story)

    # ------------------------------------------------------------------ persistence

    def _load(self) -> None:
        import numpy as np
        from datasketch import LeanMinHash

        assert self._db is not None
        rows = self._db.execute(
            "SELECT article_id, story_id, size, date, content_hash, hashvalues FROM story_members"
        ).fetchall()
        for key, story, size, day, digest, blob in rows:
            values = np.frombuffer(
                blob, dtype=np.uint32 if len(blob) == NUM_PERM * 4 else np.uint64
            )
            m = LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)
            member = _Member(key, m, int(size), Date.fromisoformat(day) if day else None, digest)
            self._members[key] = member
            self._set(key, story)
            self._lsh.insert(key, m)

    def _set(self, key: str, story: str) -> None:
        old = self._story.get(key)
        if old is not None and old != story:
            self._by_story.get(old, set()).discard(key)
        self._story[key] = story
        self._by_story.setdefault(story, set()).add(key)

    def _save(self, keys: Iterable[str]) -> None:
        if self._db is None:
            return
        rows = []
        for key in keys:
            m = self._members[key]
            rows.append(
                (
                    key,
                    self._story[key],
                    m.size,
                    m.date.isoformat() if m.date else None,
                    m.digest,
                    m.minhash.hashvalues.tobytes(),
                )
            )
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT OR REPLACE INTO story_members (article_id, story_id, size, date, content_hash, hashvalues) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )

    # ------------------------------------------------------------------ assignment

    def assign(self, articles: Iterable[Article]) -> dict[str, str]:
        """Story ids for ``articles`` (article id -> story id), and for earlier articles whose
        story merged into another because of them. An article already known with the same
        content is left as it is (look it up with :meth:`story_of`); an id given twice counts
        once, with its last article."""
        new: list[_Member] = []
        for article in {a.id: a for a in articles}.values():
            digest = _content_hash(article)
            old = self._members.get(article.id)
            if old is not None:
                if old.digest == digest:
                    continue
                self._lsh.remove(article.id)  # same id, new content: matched again
                del self._members[article.id]
                story = self._story.pop(article.id, None)
                if story is not None:
                    self._by_story.get(story, set()).discard(article.id)
            items = shingles(_article_text(article))
            member = _Member(article.id, _minhash(items), len(items), article.date, digest)
            new.append(member)
        if not new:
            return {}
        uf = _UnionFind()
        for member in new:
            self._members[member.key] = member
            self._lsh.insert(member.key, member.minhash)
        for member in new:
            uf.find(member.key)
            for other in self._lsh.query(member.minhash):
                if other != member.key and _similar(member, self._members[other]):
                    uf.union(member.key, other)
        components: dict[str, list[str]] = {}
        for key in list(uf.parent):
            components.setdefault(uf.find(key), []).append(key)
        out: dict[str, str] = {}
        new_keys = {m.key for m in new}
        for keys in components.values():
            known = {self._story[k] for k in keys if k in self._story}
            if known:
                # the story whose earliest member is earliest keeps its id; others merge in
                ranked = sorted(
                    known, key=lambda s: min(self._members[k].order for k in self._by_story[s])
                )
                story = ranked[0]
                for other in ranked[1:]:
                    for k in self._by_story.pop(other):
                        self._set(k, story)
                        out[k] = story
            else:
                earliest = min((self._members[k] for k in keys), key=lambda m: m.order)
                story = story_id_for(earliest.digest)
            for k in keys:
                if k in new_keys or self._story.get(k) != story:
                    self._set(k, story)
                    out[k] = story
        self._save(out)
        return out


def assign_stories(articles: Iterable[Article]) -> dict[str, str]:
    """Article id -> story id for a batch of articles (see the module notes); deterministic:
    the same articles get the same ids, whatever their order."""
    return StoryIndex().assign(articles)


# --------------------------------------------------------------------------- events


def outlet_of(event: Event) -> str:
    """Who reported an event: its outlet, else its URL's host, else its document id."""
    from flashpoint.ingest.html import outlet_from_url  # not at start-up: loads all of ingest

    return event.outlet or outlet_from_url(event.url) or event.doc_id


def event_key(event: Event, story: str, *, by_modality: bool = True) -> tuple:
    """What makes two events of one story the same: source codes, target codes, CAMEO code
    (and modality: "imposed sanctions" and "will impose sanctions" stay apart)."""
    key: tuple = (
        story,
        tuple(sorted(a.code for a in event.source)),
        tuple(sorted(a.code for a in event.target)),
        event.cameo.code,
    )
    return (*key, event.modality) if by_modality else key


class DedupedEvents(list):
    """The events kept by :func:`dedupe_events` (a list of :class:`Event`), with, by event id:

    - ``outlet_counts``: how many distinct outlets reported the event;
    - ``outlets``: which (sorted);
    - ``duplicates``: the ids of the events folded into it (other articles, other sentences);
    - ``story``: the event's story id.
    """

    outlet_counts: dict[str, int]
    outlets: dict[str, list[str]]
    duplicates: dict[str, list[str]]
    story: dict[str, str]


def dedupe_events(
    events_by_article: Mapping[str, Iterable[Event]],
    stories: Mapping[str, str],
    *,
    by_modality: bool = True,
) -> DedupedEvents:
    """One event per story and event key (:func:`event_key`): the earliest (by event date,
    undated last, then article id and sentence), with the number of distinct outlets that
    reported it. An article without a story is its own story."""
    groups: dict[tuple, list[Event]] = {}
    for article_id, events in events_by_article.items():
        story = stories.get(article_id) or f"doc:{article_id}"
        for event in events:
            key = event_key(event, story, by_modality=by_modality)
            groups.setdefault(key, []).append(event)
    out = DedupedEvents()
    out.outlet_counts, out.outlets, out.duplicates, out.story = {}, {}, {}, {}
    def earliest(e: Event) -> tuple:
        return (e.date or Date.max, e.doc_id, e.sentence_index)

    kept = []
    for key, events in groups.items():
        events.sort(key=earliest)
        first = events[0]
        outlets = sorted({outlet_of(e) for e in events})
        out.outlet_counts[first.id] = len(outlets)
        out.outlets[first.id] = outlets
        out.duplicates[first.id] = [e.id for e in events[1:]]
        out.story[first.id] = key[0]  # event_key starts with the story
        kept.append(first)
    kept.sort(key=earliest)
    out.extend(kept)
    return out

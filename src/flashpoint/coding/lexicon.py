"""The event lexicon: trigger words with their CAMEO codes, as data.

``coding/data/lexicon.tsv`` has one trigger a line, tab-separated, ``#`` for comments::

    code    pos  lemma           requires                 target         source   note
    111     N    condemnation    -                        of|against     from|by  nominal condemn
    163     V    impose          sanction|curb|tariff     on|against     -        impose sanctions on X
    041     N    conversation    telephone|phone|call     with           -        a telephone conversation with X
    0311    V    call            prep:for                 -              -        call for aid

- ``code``: a CAMEO code known to the ontology tables.
- ``pos``: ``V`` for a verb trigger, ``N`` for a noun trigger.
- ``lemma``: the trigger's lemma, lowercase; a phrasal verb's particle follows after a
  space ("call off", "pull out").
- ``requires``: ``-``, or ``|``-separated alternatives of which one must be attached to the
  trigger: a plain lemma is a dependent word (object, modifier, compound, or the object of a
  preposition under the trigger); ``prep:X`` a preposition X under the trigger; ``xcomp:X`` a
  verb X in an open complement ("agreed to meet" is ``agree`` with ``xcomp:meet``).
- ``target``: ``-``, or prepositions whose object is the target, in order of preference. A
  verb's direct object is always a target candidate.
- ``source``: ``-``, or prepositions whose object is the source ("condemnation from China").
  A verb's subject, a passive's "by" agent and a noun's possessor are always source candidates.

Where several entries match one trigger, the one with a ``requires`` wins over a bare one.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from flashpoint import ontology

COLUMNS = ("code", "pos", "lemma", "requires", "target", "source", "note")


class LexiconError(ValueError):
    """A lexicon file has malformed or unknown entries; the message lists each with its line."""


@dataclass(frozen=True, slots=True)
class Trigger:
    code: str
    pos: str  # "V" or "N"
    lemma: str
    particle: str | None
    requires: tuple[str, ...]
    target_preps: tuple[str, ...]
    source_preps: tuple[str, ...]
    rule: str  # "file:line" so every event can say which entry fired

    @property
    def specificity(self) -> int:
        return (2 if self.requires else 0) + (1 if self.particle else 0)


class Lexicon:
    """Triggers indexed by (pos, lemma) for lookup from a parsed token."""

    def __init__(self, triggers: list[Trigger]):
        self.triggers = triggers
        self._by_key: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
        for t in triggers:
            self._by_key[(t.pos, t.lemma)].append(t)
        for entries in self._by_key.values():
            entries.sort(key=lambda t: -t.specificity)
        self.lemmas = frozenset(t.lemma for t in triggers)

    def __len__(self) -> int:
        return len(self.triggers)

    def candidates(self, pos: str, lemma: str) -> list[Trigger]:
        """Entries for a trigger word, most specific first."""
        return self._by_key.get((pos, lemma), [])

    def roots_covered(self) -> set[str]:
        return {t.code[:2] for t in self.triggers}


def _split(cell: str) -> tuple[str, ...]:
    cell = cell.strip()
    if cell in ("", "-"):
        return ()
    return tuple(p.strip().lower() for p in cell.split("|") if p.strip())


def parse_lexicon(path: Path, text: str) -> tuple[list[Trigger], list[str]]:
    """Parse lexicon rows; returns the triggers and a list of ``file:line: problem`` strings."""
    triggers: list[Trigger] = []
    problems: list[str] = []
    seen: dict[tuple, str] = {}
    known = ontology.cameo_codes()
    rows = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    for lineno, row in enumerate(rows, start=1):
        if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
            continue
        if row[0].strip() == "code":  # header line
            continue
        where = f"{path.name}:{lineno}"
        if len(row) < 3:
            problems.append(f"{where}: expected at least code, pos, lemma; got {row!r}")
            continue
        row = (row + ["-"] * len(COLUMNS))[: len(COLUMNS)]
        code, pos, lemma, requires, target, source, _note = (c.strip() for c in row)
        if code not in known:
            problems.append(f"{where}: unknown CAMEO code {code!r}")
            continue
        if pos not in ("V", "N"):
            problems.append(f"{where}: pos must be V or N, got {pos!r}")
            continue
        words = lemma.lower().split()
        if not words or len(words) > 2:
            problems.append(f"{where}: lemma must be a word, or a verb and its particle: {lemma!r}")
            continue
        trig = Trigger(
            code=code,
            pos=pos,
            lemma=words[0],
            particle=words[1] if len(words) == 2 else None,
            requires=_split(requires),
            target_preps=_split(target),
            source_preps=_split(source),
            rule=where,
        )
        key = (trig.pos, trig.lemma, trig.particle, tuple(sorted(trig.requires)))
        if key in seen:
            problems.append(f"{where}: duplicate pattern, first at {seen[key]}")
            continue
        seen[key] = where
        triggers.append(trig)
    return triggers, problems


def load_lexicon(paths: list[Path] | None = None, *, strict: bool = True) -> Lexicon:
    """Load the built-in lexicon, or the given files; raise ``LexiconError`` on bad rows."""
    if paths is None:
        return default_lexicon()
    triggers: list[Trigger] = []
    problems: list[str] = []
    for p in paths:
        t, errs = parse_lexicon(Path(p), Path(p).read_text(encoding="utf-8"))
        triggers += t
        problems += errs
    if problems and strict:
        raise LexiconError("bad lexicon entries:\n  " + "\n  ".join(problems))
    return Lexicon(triggers)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    res = resources.files("flashpoint.coding") / "data" / "lexicon.tsv"
    triggers, problems = parse_lexicon(Path("lexicon.tsv"), res.read_text(encoding="utf-8"))
    if problems:
        raise LexiconError("bad built-in lexicon entries:\n  " + "\n  ".join(problems))
    return Lexicon(triggers)


def validate_lexicon(paths: list[Path] | None = None) -> list[str]:
    """Every problem in the built-in lexicon (or the given files); empty when all is well."""
    if paths is None:
        res = resources.files("flashpoint.coding") / "data" / "lexicon.tsv"
        return parse_lexicon(Path("lexicon.tsv"), res.read_text(encoding="utf-8"))[1]
    problems: list[str] = []
    for p in paths:
        problems += parse_lexicon(Path(p), Path(p).read_text(encoding="utf-8"))[1]
    return problems

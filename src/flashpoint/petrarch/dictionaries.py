"""Readers for the PETRARCH/TABARI dictionary formats.

Five kinds of file are read, each recognised by its content (and, when the content is not
decisive, by its name):

verbs (``CAMEO.2.0.txt``, ``PETR.Validate.verbs.txt``)
    Synonym sets (``&CURRENCY`` then ``+DOLLARS`` lines), verb blocks (``--- ABANDON [345] ---``)
    listing verbs (``BREAK {BROKE BROKEN}``, compound verbs ``+BREAK_DOWN {+BROKE_DOWN ...}`` or
    ``WIRE_+TAP``, each with an optional code of its own) and patterns
    (``- * &TIETYPES TIES [902]``). A code is ``[042]``, a pair ``[032:033]`` (source-to-target
    and target-to-source: "left for" is a visit and a received visit), ``[---]`` (do not code).
    Both PETRARCH 1 patterns (``- SAID $ *``) and PETRARCH 2 patterns with prepositional
    ``(TO BORDER)`` and noun ``{BANNED PARTIES}`` groups are read, and PETRARCH 2's
    transformation lines (``~ a (a b ATTACK) SAY = a b 015``).
actors (``Phoenix.*.actors.txt``, ``PETR.Validate.actors.txt``)
    A name line, ``+synonym`` lines and ``[CODE]`` lines, the latter optionally date-restricted:
    ``[HOB <950601]``, ``[HOBGOV 19950601-19990815]``, ``[HOBREB >990816]``. Six-digit dates are
    YYMMDD, two-digit years up to 30 meaning 20xx. At a date the first restricted line that
    holds wins, else the unrestricted (default) code; ``---`` is an actor with no code.
    ``[ELR/GAL]`` codes the phrase as two actors.
agents (``Phoenix.agents.txt``)
    ``PHRASE {PLURALS} [~GOV]`` (suffix agent: "Arnor cleric" -> ARNREL) or ``[NGO~]`` (prefix:
    "MSF Arnor" -> NGOARN); ``{}`` means no plural; without braces regular plurals are made;
    substitution sets ``!PERSON! = MAN, MEN, ...`` expand inside phrases.
discards (``Phoenix.discards.txt``)
    One phrase a line; ``+PHRASE`` discards the whole story, a bare phrase the sentence.
issues (``Phoenix.IssueCoding.txt``)
    ``<ISSUE CATEGORY="EDUCATION">`` blocks of ``phrase [CODE]`` lines (``n:word`` adds the
    plural, ``pre+school`` stands for "pre-school", "preschool" and "pre school"; a line without
    a code takes the previous line's) and ``~phrase`` exclusions.

Comments are ``#`` to the end of a line and ``<!-- ... -->`` blocks. Nothing is skipped
silently: every malformed line is reported in :attr:`Dictionaries.problems` with its file and
line, and loading goes on with the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

from flashpoint.petrarch.phrases import Phrase, PhraseIndex, norm_word, simple_words

KINDS = ("verbs", "actors", "agents", "discards", "issues")

NULL_CODES = {"---", "###"}  # matched, but code nothing
COMPLEX_CODE = "+++"  # TABARI's "complex event": the pattern is not used by this engine

_CODE_RE = re.compile(r"^[A-Za-z0-9?#+*-]{1,12}$")
_ACTOR_CODE_RE = re.compile(r"^[A-Za-z0-9#+*/-]{1,40}$")
_WORD_RE = re.compile(r"^[^\s\[\]{}()<>]+$")


# -- problems ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DictionaryProblem:
    """A malformed or suspicious line of a dictionary file."""

    file: str
    line: int
    message: str
    severity: str = "error"  # "error": the line (or part of it) was not used; "warning": used

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


class _Reporter:
    def __init__(self, path: Path, out: list[DictionaryProblem]):
        self.file = str(path)
        self.out = out

    def error(self, line: int, message: str) -> None:
        self.out.append(DictionaryProblem(self.file, line, message, "error"))

    def warning(self, line: int, message: str) -> None:
        self.out.append(DictionaryProblem(self.file, line, message, "warning"))


# -- lines ------------------------------------------------------------------------------------


def _lines(text: str) -> Iterator[tuple[int, str, str]]:
    """(line number, line without comments, raw line); ``<!-- -->`` blocks become blank."""
    in_block = False
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw
        out = ""
        while line:
            if in_block:
                end = line.find("-->")
                if end < 0:
                    line = ""
                    break
                line = line[end + 3 :]
                in_block = False
            else:
                start = line.find("<!")
                if start < 0:
                    out += line
                    break
                out += line[:start]
                end = line.find(">", start)
                close = line.find("-->", start)
                if close >= 0:
                    line = line[close + 3 :]
                elif line[start:].startswith("<!--"):
                    in_block = True
                    line = ""
                elif end >= 0:  # "<! -- ..." written without the closing dashes
                    line = line[end + 1 :]
                else:
                    in_block = True
                    line = ""
        hash_at = out.find("#")
        if hash_at >= 0:
            out = out[:hash_at]
        yield no, out.rstrip(), raw


_CODES_RE = re.compile(r"\[([^\]]*)\]")
_FORMS_RE = re.compile(r"\{([^}]*)\}")
_GROUPS_RE = re.compile(r"\[[^\]]*\]|\{[^}]*\}")


def _bracket_groups(text: str) -> tuple[str, list[str], list[str]]:
    """Split ``NAME {forms} [code] [code]`` into (NAME, [forms...], [codes...])."""
    if "[" not in text and "{" not in text:
        return text.strip(), [], []
    codes = _CODES_RE.findall(text)
    forms = _FORMS_RE.findall(text) if "{" in text else []
    head = _GROUPS_RE.sub(" ", text)
    return head.strip(), forms, codes


# -- dates -------------------------------------------------------------------------------------


def parse_tabari_date(text: str) -> Date:
    """``950601`` -> 1995-06-01, ``300101`` -> 2030-01-01, ``19950601`` -> 1995-06-01."""
    t = text.strip()
    if not t.isdigit() or len(t) not in (6, 8):
        raise ValueError(f"date {text!r} is neither YYMMDD nor YYYYMMDD")
    if len(t) == 6:
        yy = int(t[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        month, day = int(t[2:4]), int(t[4:6])
    else:
        year, month, day = int(t[:4]), int(t[4:6]), int(t[6:8])
    return Date(year, month, day)


@dataclass(frozen=True, slots=True)
class DatedCode:
    """A code that holds from ``start`` to ``end`` (both inclusive; None = open)."""

    code: str
    start: Date | None = None
    end: Date | None = None

    @property
    def restricted(self) -> bool:
        return self.start is not None or self.end is not None

    def holds(self, day: Date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


def parse_dated_code(cell: str) -> DatedCode:
    """``HOBGOV 19950601 - 19990815`` / ``HOB <950601`` / ``HOBREB > 990816`` / ``ARN``."""
    parts = cell.strip().split(None, 1)
    if not parts:
        raise ValueError("empty code")
    code = parts[0]
    if not _ACTOR_CODE_RE.match(code):
        raise ValueError(f"malformed actor code {code!r}")
    if len(parts) == 1:
        return DatedCode(code)
    rest = parts[1].replace(" ", "")
    if rest.startswith("<"):
        # "before": up to the day before (the next role starts on that day)
        day = parse_tabari_date(rest[1:])
        return DatedCode(code, None, Date.fromordinal(day.toordinal() - 1))
    if rest.startswith(">"):
        # "on or after": [HOBGOV 19950601-19990815] [HOBREB >990816] leave no day uncoded
        return DatedCode(code, parse_tabari_date(rest[1:]), None)
    if "-" in rest:
        a, b = rest.split("-", 1)
        start, end = parse_tabari_date(a), parse_tabari_date(b)
        if end < start:
            raise ValueError(f"date range ends ({end}) before it starts ({start})")
        return DatedCode(code, start, end)
    raise ValueError(f"malformed date restriction {parts[1]!r}")


# -- actors ------------------------------------------------------------------------------------


@dataclass(slots=True)
class ActorEntry:
    """One actor: its names and its (possibly date-restricted) codes."""

    name: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[DatedCode] = field(default_factory=list)
    source: str = ""

    def code_at(self, day: Date | None) -> str | None:
        """The code at ``day``: the first restricted code that holds, else the default.

        Without a date, the default code, else the code of the latest open-ended role.
        ``None`` when no code applies (an actor that did not exist at that date).
        """
        default = next((c.code for c in self.codes if not c.restricted), None)
        if day is None:
            if default is not None:
                return default
            open_ended = [c for c in self.codes if c.end is None]
            return (open_ended or self.codes or [None])[-1].code if self.codes else None
        for c in self.codes:
            if c.restricted and c.holds(day):
                return c.code
        return default


def read_actors(path: Path, text: str, problems: list[DictionaryProblem]) -> list[ActorEntry]:
    rep = _Reporter(path, problems)
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None
    current_line = 0

    def finish() -> None:
        nonlocal current
        if current is not None:
            if not current.codes:
                rep.error(current_line, f"actor {current.name!r} has no [CODE] line; not used")
            else:
                entries.append(current)
        current = None

    def add_codes(entry: ActorEntry, cells: list[str], no: int) -> None:
        for cell in cells:
            try:
                dc = parse_dated_code(cell)
            except ValueError as exc:
                rep.error(no, f"{exc} in [{cell.strip()}] of {entry.name!r}; this code line is not used")
                continue
            if dc.code != dc.code.upper():
                rep.warning(no, f"lower-case code {dc.code!r} of {entry.name!r} read as {dc.code.upper()!r}")
                dc = DatedCode(dc.code.upper(), dc.start, dc.end)
            entry.codes.append(dc)

    blank_since = True
    for no, line, raw in _lines(text):
        s = line.strip()
        if not s:
            if not raw.strip():
                blank_since = True
            continue
        if s.count("[") != s.count("]"):
            rep.error(no, f"unbalanced brackets in {s!r}; line not used")
            continue
        if s.startswith("+"):
            name, _forms, cells = _bracket_groups(s[1:])
            if current is None:
                rep.error(no, f"synonym {s!r} before any actor name; not used")
                continue
            if not name or not _NAME_RE.match(name):
                rep.error(no, f"malformed synonym {s!r}; not used")
                continue
            _check_parens(rep, no, name)
            current.synonyms.append(name)
            if cells:
                rep.warning(no, f"code on a synonym line ({s!r}) applies to the whole entry {current.name!r}")
                add_codes(current, cells, no)
            blank_since = False
            continue
        if s.startswith("["):
            name, _forms, cells = _bracket_groups(s)
            if current is None:
                rep.error(no, f"code line {s!r} before any actor name; not used")
                continue
            if name:
                rep.error(no, f"text {name!r} outside brackets on a code line; ignored")
            add_codes(current, cells, no)
            blank_since = False
            continue
        name, forms, cells = _bracket_groups(s)
        if forms:
            rep.warning(no, f"braces {{...}} in an actor line are not part of the format; ignored in {s!r}")
        if not name or not _NAME_RE.match(name):
            rep.error(no, f"malformed actor name {s!r}; entry not used")
            finish()
            continue
        _check_parens(rep, no, name)
        if current is not None and not current.codes and not blank_since:
            # name lines written one after another before their codes: one entry
            rep.warning(no, f"name line {name!r} directly after {current.name!r}, before any code: "
                        "read as a synonym (write it as +synonym)")
            current.synonyms.append(name)
            add_codes(current, cells, no)
            blank_since = False
            continue
        finish()
        current = ActorEntry(name=name, source=f"{path.name}:{no}")
        current_line = no
        add_codes(current, cells, no)
        blank_since = False
    finish()
    return entries


_NAME_RE = re.compile(r"^[^\[\]{}<>]+$")


def _check_parens(rep: _Reporter, no: int, name: str) -> None:
    if name.count("(") != name.count(")"):
        rep.warning(no, f"unbalanced parenthesis in name {name!r}; read as written")


# -- agents ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgentEntry:
    phrase: str  # as written (after substitution), e.g. "SECURITY_OFFICIALS"
    code: str  # "GOV", "NGO"
    prefix: bool  # True for [NGO~]: the code goes before the actor's
    source: str


def plural_of(word: str) -> str:
    """Regular English plural of a (capitalised) word, as PETRARCH makes it."""
    w = word
    if w.endswith("MAN") and len(w) > 3:
        return w[:-3] + "MEN"
    if w.endswith("Y") and len(w) > 1 and w[-2] not in "AEIOU":
        return w[:-1] + "IES"
    if w.endswith(("S", "X", "Z", "CH", "SH")):
        return w + "ES"
    return w + "S"


def read_agents(path: Path, text: str, problems: list[DictionaryProblem]) -> list[AgentEntry]:
    rep = _Reporter(path, problems)
    subs: dict[str, list[str]] = {}
    out: list[AgentEntry] = []
    for no, line, _raw in _lines(text):
        s = line.strip()
        if not s:
            continue
        m = re.match(r"^(![A-Za-z0-9_]+!)\s*=\s*(.+)$", s)
        if m:
            alts = [a.strip().replace(" ", "_") for a in m.group(2).split(",") if a.strip()]
            if not alts:
                rep.error(no, f"substitution set {m.group(1)} has no alternatives")
            subs[m.group(1).upper()] = [a.upper() for a in alts]
            continue
        if s.count("[") != s.count("]") or s.count("{") != s.count("}") or "[" not in s:
            rep.error(no, f"malformed agent line {s!r} (expected PHRASE {{PLURALS}} [~CODE]); not used")
            continue
        name, forms, cells = _bracket_groups(s)
        if len(cells) != 1:
            rep.error(no, f"agent line {s!r} needs exactly one [code]; not used")
            continue
        cell = cells[0].replace(" ", "")
        if cell.startswith("~") and not cell.endswith("~"):
            code, prefix = cell[1:], False
        elif cell.endswith("~") and not cell.startswith("~"):
            code, prefix = cell[:-1], True
        else:
            rep.error(no, f"agent code [{cells[0]}] must be [~CODE] (suffix) or [CODE~] (prefix); not used")
            continue
        if not code or not _CODE_RE.match(code):
            rep.error(no, f"malformed agent code [{cells[0]}]; not used")
            continue
        if not name:
            rep.error(no, f"agent line {s!r} has no phrase; not used")
            continue
        bases = _substitute(name.upper(), subs)
        if bases is None:
            rep.error(no, f"unknown substitution set in {name!r}; not used")
            continue
        plurals: list[str] | None = None
        if forms:
            plurals = [f.strip() for f in forms[0].split() if f.strip()]
        for base in bases:
            variants = [base]
            if plurals is None:
                words = base.replace(" ", "_").split("_")
                words = [w for w in words if w]
                if words:
                    variants.append("_".join(words[:-1] + [plural_of(words[-1])]))
            else:
                variants.extend(p.upper() for p in plurals)
            for v in dict.fromkeys(variants):
                out.append(AgentEntry(v, code.upper(), prefix, f"{path.name}:{no}"))
    return out


def _substitute(phrase: str, subs: dict[str, list[str]]) -> list[str] | None:
    m = re.search(r"![A-Z0-9_]+!", phrase)
    if not m:
        return [phrase]
    alts = subs.get(m.group(0))
    if alts is None:
        return None
    out: list[str] = []
    for a in alts:
        rest = _substitute(phrase[: m.start()] + a + phrase[m.end() :], subs)
        if rest is None:
            return None
        out.extend(rest)
    return out


# -- discards ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiscardEntry:
    phrase: str
    story: bool  # True: discard the whole story; False: the sentence
    source: str


def read_discards(path: Path, text: str, problems: list[DictionaryProblem]) -> list[DiscardEntry]:
    rep = _Reporter(path, problems)
    out = []
    for no, line, _raw in _lines(text):
        s = line.strip()
        if not s:
            continue
        story = s.startswith("+")
        phrase = s[1:].strip() if story else s
        if not phrase or "[" in phrase or "]" in phrase:
            rep.error(no, f"malformed discard {s!r}; not used")
            continue
        out.append(DiscardEntry(phrase, story, f"{path.name}:{no}"))
    return out


# -- issues -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IssueEntry:
    words: tuple[str, ...]
    code: str | None  # None for an exclusion (~phrase)
    category: str
    source: str


def _issue_variants(phrase: str) -> list[tuple[str, ...]]:
    slots: list[list[tuple[str, ...]]] = []
    for word in phrase.split():
        word = word.replace("_", " ")
        plural = False
        for tag in ("n:", "v:", "a:"):
            if tag in word:
                plural = plural or tag == "n:"
                word = word.replace(tag, "")
        forms: list[tuple[str, ...]] = []
        if "+" in word:
            parts = [p for p in word.split("+") if p]
            forms = [("-".join(parts),), ("".join(parts),), tuple(parts)]
        else:
            forms = [tuple(word.split())]
        if plural:
            forms += [f[:-1] + (plural_of(f[-1].upper()).lower(),) for f in forms if f]
        slots.append(forms)
    out: list[tuple[str, ...]] = [()]
    for forms in slots:
        out = [prev + f for prev in out for f in forms]
        if len(out) > 64:
            break
    return [tuple(norm_word(w) for w in v) for v in out[:64] if v]


def read_issues(path: Path, text: str, problems: list[DictionaryProblem]) -> list[IssueEntry]:
    rep = _Reporter(path, problems)
    out: list[IssueEntry] = []
    category: str | None = None
    last_code: str | None = None
    for no, line, raw in _lines(text):
        s = raw.strip()
        if s.startswith("<ISSUE"):
            m = re.search(r'CATEGORY\s*=\s*"([^"]+)"', s)
            if not m:
                rep.error(no, f"issue block without CATEGORY: {s!r}")
                category = "UNKNOWN"
            else:
                category = m.group(1)
            last_code = None
            continue
        if s.startswith("</ISSUE"):
            category = None
            continue
        s = line.strip()
        if not s:
            continue
        if category is None:
            rep.error(no, f"issue phrase {s!r} outside an <ISSUE> block; not used")
            continue
        negative = s.startswith("~")
        if negative:
            s = s[1:].strip()
        name, _forms, codes = _bracket_groups(s)
        if len(codes) > 1 or (s.count("[") != s.count("]")):
            rep.error(no, f"malformed issue line {s!r}; not used")
            continue
        code = codes[0].strip() if codes else None
        if not negative:
            if code is None:
                if last_code is None:
                    rep.error(no, f"issue phrase {s!r} has no [CODE] and no previous code to share; not used")
                    continue
                code = last_code
            last_code = code
        if not name:
            rep.error(no, f"issue line {s!r} has no phrase; not used")
            continue
        for words in _issue_variants(name):
            out.append(IssueEntry(words, None if negative else code, category, f"{path.name}:{no}"))
    return out


# -- verbs -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventCode:
    """A verb or pattern code: source->target ``forward`` and target->source ``reverse``."""

    text: str
    forward: str | None
    reverse: str | None

    @property
    def null(self) -> bool:
        return self.forward in NULL_CODES and self.reverse in (None, *NULL_CODES)

    @property
    def complex(self) -> bool:
        return COMPLEX_CODE in (self.forward, self.reverse)

    def __str__(self) -> str:
        return self.text


def parse_event_code(cell: str) -> EventCode:
    """``042`` / ``032:033`` / ``:173`` / ``---``."""
    t = cell.strip().replace(" ", "")
    if not t:
        raise ValueError("empty code []")
    if ":" in t:
        a, b = t.split(":", 1)
        for part in (a, b):
            if part and not _CODE_RE.match(part):
                raise ValueError(f"malformed code [{cell}]")
        if not a and not b:
            raise ValueError(f"malformed code [{cell}]")
        return EventCode(t, a or None, b or None)
    if not _CODE_RE.match(t):
        raise ValueError(f"malformed code [{cell}]")
    return EventCode(t, t, None)


@dataclass(frozen=True, slots=True)
class Element:
    """One element of a verb pattern.

    ``kind`` is ``word`` (``alternatives`` are word sequences: "BY/WITH" gives two, a synset
    gives its members), ``source`` ($), ``target`` (+), ``compound`` (%), ``skip`` (^).
    ``adjacent``: the element must touch the previous one (nearer the verb), no words between.
    """

    kind: str
    alternatives: tuple[tuple[str, ...], ...] = ()
    adjacent: bool = False
    label: str = ""
    group: int = 0  # PETRARCH 2 groups: elements of one (PP) or {NP} share a number
    group_kind: str = ""  # "pp" or "np"
    group_first: bool = False  # the group's first element (a PP's preposition)

    @property
    def weight(self) -> int:
        if self.kind == "word":
            return min(len(a) for a in self.alternatives) if self.alternatives else 0
        return 1


@dataclass(slots=True)
class Pattern:
    text: str
    code: EventCode
    pre: tuple[Element, ...]  # nearest the verb first
    post: tuple[Element, ...]  # nearest the verb first
    source: str
    order: int
    required: frozenset[str] = frozenset()  # words that must occur in the sentence

    @property
    def specificity(self) -> int:
        return sum(e.weight for e in self.pre) + sum(e.weight for e in self.post)

    @property
    def compound_source(self) -> bool:
        return any(e.kind == "compound" for e in self.pre)


@dataclass(slots=True)
class VerbBlock:
    name: str
    code: EventCode | None
    source: str
    patterns: list[Pattern] = field(default_factory=list)
    verbs: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class VerbForm:
    """A surface form of a dictionary verb, with the words of a compound around it."""

    word: str  # the verb word itself, e.g. "BROKEN"
    lemma: str  # the verb as its dictionary line writes it, e.g. "BREAK"
    before: tuple[str, ...]  # "WIRE" of WIRE_+TAPPED
    after: tuple[str, ...]  # "DOWN" of +BROKEN_DOWN
    base: bool  # the form written in the dictionary (not an inflection made from it)
    code: EventCode | None  # the verb's own code, overriding the block's
    block: VerbBlock
    source: str

    @property
    def length(self) -> int:
        return 1 + len(self.before) + len(self.after)


@dataclass(frozen=True, slots=True)
class Transformation:
    """``~ a (a b ATTACK) SAY = a b 015``: a nested event rewritten into one event."""

    outer: str  # verb block of the outer verb (SAY)
    outer_source: str  # variable of the outer source ("a")
    inner_source: str  # "a", "b", "." (any actor) or "_" (none needed)
    inner_target: str
    inner: str  # verb block of the inner verb (ATTACK) or "Q" (any)
    result_source: str
    result_target: str
    result_code: str  # a code, or "Q" (the inner event's code)
    source: str


@dataclass(slots=True)
class VerbDictionary:
    blocks: list[VerbBlock] = field(default_factory=list)
    forms: dict[str, list[VerbForm]] = field(default_factory=dict)  # surface word -> forms
    synsets: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    transformations: list[Transformation] = field(default_factory=list)

    @property
    def n_patterns(self) -> int:
        return sum(len(b.patterns) for b in self.blocks)

    def lookup(self, word: str) -> list[VerbForm]:
        return self.forms.get(word, [])


def verb_forms(word: str) -> list[str]:
    """Regular forms of a verb written in its base form: ABANDON -> ABANDONS, -ED, -ING."""
    w = word
    out = [w]
    if not w or not w.isalpha():
        return out
    if w.endswith("E"):
        out += [w + "S", w + "D", w[:-1] + "ING"]
    elif w.endswith("Y") and len(w) > 1 and w[-2] not in "AEIOU":
        out += [w[:-1] + "IES", w[:-1] + "IED", w + "ING"]
    elif w.endswith(("S", "X", "Z", "CH", "SH")):
        out += [w + "ES", w + "ED", w + "ING"]
    else:
        out += [w + "S", w + "ED", w + "ING"]
    return out


_VERB_SECTION = re.compile(r"^#+\s*(SYNONYM SETS|VERB PATTERNS|TRANSFORMATIONS)", re.I)
_BLOCK_RE = re.compile(r"^-{3}\s*(.*?)\s*-{3}\s*$")


class _VerbReader:
    def __init__(self, path: Path, text: str, problems: list[DictionaryProblem], vd: VerbDictionary):
        self.path = path
        self.rep = _Reporter(path, problems)
        self.text = text
        self.vd = vd
        self.local_synsets: dict[str, list[tuple[str, int, str]]] = {}  # name -> raw members
        self.pending_patterns: list[tuple[VerbBlock, int, str, str]] = []
        self.pending_verbs: list[tuple[VerbBlock, int, str]] = []

    def read(self) -> None:
        synset: str | None = None
        block: VerbBlock | None = None
        section = ""
        for no, line, raw in _lines(self.text):
            m = _VERB_SECTION.match(raw.strip())
            if m:
                section = m.group(1).upper()
                synset = None
                continue
            s = line.strip()
            if not s:
                if not raw.strip():
                    synset = None  # a blank line ends a synonym set (a comment line does not)
                continue
            if s.startswith("~"):
                self._transformation(no, s)
                continue
            if section == "TRANSFORMATIONS":
                self.rep.error(no, f"expected a transformation (~ ...) in the TRANSFORMATIONS section: {s!r}")
                continue
            if s.startswith("&"):
                name = s.split()[0].rstrip("_").upper()
                if len(s.split()) > 1:
                    self.rep.warning(no, f"text after synset name {name} ignored: {s!r}")
                if name in self.local_synsets:
                    self.rep.warning(no, f"synset {name} defined again; members are added to the first definition")
                self.local_synsets.setdefault(name, [])
                synset = name
                continue
            if s.startswith("+") and synset is not None:
                self.local_synsets[synset].append((s[1:].strip(), no, self.path.name))
                continue
            if s.startswith("---"):
                synset = None
                block = self._block(no, s)
                continue
            if s.startswith("-"):
                if block is None:
                    self.rep.error(no, f"pattern outside a verb block: {s!r}; not used")
                    continue
                self.pending_patterns.append((block, no, s[1:].strip(), raw))
                continue
            if block is None:
                self.rep.error(no, f"line outside a verb block or synset: {s!r}; not used")
                continue
            self.pending_verbs.append((block, no, s))
        self._resolve_synsets()
        for block, no, s in self.pending_verbs:
            self._verb(block, no, s)
        for order, (block, no, body, _raw) in enumerate(self.pending_patterns):
            pat = self._pattern(no, body, order)
            if pat is not None:
                block.patterns.append(pat)

    # -- parts --

    def _block(self, no: int, s: str) -> VerbBlock | None:
        m = _BLOCK_RE.match(s)
        inner = m.group(1) if m else s.strip("- ")
        if not m:
            self.rep.warning(no, f"verb block header {s!r} does not end with '---'")
        name, _forms, codes = _bracket_groups(inner)
        name = name.replace("---", " ").strip()
        if "---" in re.sub(r"\[[^\]]*\]", "", inner):
            self.rep.warning(no, f"malformed verb block header {s!r} (a '---' inside it)")
        code = None
        if not codes:
            self.rep.error(no, f"verb block header {s!r} has no [code]; its verbs code nothing by default")
        else:
            if len(codes) > 1:
                self.rep.warning(no, f"verb block header {s!r} has {len(codes)} codes; the first, [{codes[0]}], is used")
            try:
                code = parse_event_code(codes[0])
            except ValueError as exc:
                self.rep.error(no, f"{exc} in block header {s!r}; its verbs code nothing by default")
        block = VerbBlock(name=name.upper(), code=code, source=f"{self.path.name}:{no}")
        self.vd.blocks.append(block)
        return block

    def _verb(self, block: VerbBlock, no: int, s: str) -> None:
        raw = s
        if ";" in s:
            self.rep.warning(no, f"';' comment in verb line {s!r} (use '#'); text after ';' ignored")
            s = s.split(";", 1)[0].strip()
        if s.count("{") != s.count("}") or s.count("[") != s.count("]"):
            self.rep.error(no, f"unbalanced brackets in verb line {raw!r}; not used")
            return
        head, forms, codes = _bracket_groups(s)
        if not head:
            self.rep.error(no, f"verb line without a verb: {raw!r}; not used")
            return
        code = None
        if codes:
            if len(codes) > 1:
                self.rep.warning(no, f"verb line {raw!r} has several codes; the first is used")
            try:
                code = parse_event_code(codes[0])
            except ValueError as exc:
                self.rep.error(no, f"{exc} in verb line {raw!r}; the block's code is used")
        parsed = self._verb_words(head, no)
        if parsed is None:
            return
        before, word, after = parsed
        block.verbs.append(" ".join((*before, word, *after)))
        src = f"{self.path.name}:{no}"
        surface: list[tuple[tuple[str, ...], str, tuple[str, ...], bool]] = [(before, word, after, True)]
        if forms:
            for f in forms[0].split():
                p = self._verb_words(f, no)
                if p is None:
                    continue
                if not after and not before and (p[0] or p[2]):
                    self.rep.warning(no, f"form {f!r} of a single-word verb is a compound")
                surface.append((p[0], p[1], p[2], False))
        else:
            for inflected in verb_forms(word)[1:]:
                surface.append((before, inflected, after, False))
        for b, w, a, base in surface:
            self.vd.forms.setdefault(w, []).append(VerbForm(w, word, b, a, base, code, block, src))

    def _verb_words(self, text: str, no: int) -> tuple[tuple[str, ...], str, tuple[str, ...]] | None:
        parts = [p for p in re.split(r"[\s_]+", text.strip()) if p]
        if not parts:
            return None
        marked = [i for i, p in enumerate(parts) if p.startswith("+")]
        if len(marked) > 1:
            self.rep.error(no, f"compound verb {text!r} marks more than one verb word with '+'; not used")
            return None
        at = marked[0] if marked else 0
        words = [norm_word(p.lstrip("+")) for p in parts]
        for w in words:
            if not w or not _WORD_RE.match(w) or w in ("*", "$", "%", "^"):
                self.rep.error(no, f"malformed verb {text!r}; not used")
                return None
        return tuple(words[:at]), words[at], tuple(words[at + 1 :])

    def _transformation(self, no: int, s: str) -> None:
        m = re.match(
            r"^~\s*(\S+)\s*\(\s*(\S+)\s+(\S+)\s+(\S+)\s*\)\s*(\S+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s*$", s
        )
        if not m:
            self.rep.error(no, f"malformed transformation {s!r} (expected '~ a (a b VERB) VERB = a b CODE')")
            return
        a, s_in, t_in, inner, outer, r_s, r_t, code = m.groups()
        self.vd.transformations.append(
            Transformation(outer.upper(), a, s_in, t_in, inner.upper(), r_s, r_t, code.upper(), f"{self.path.name}:{no}")
        )

    def _resolve_synsets(self) -> None:
        raw = self.local_synsets
        done: dict[str, list[tuple[str, ...]]] = {}

        def expand(name: str, stack: tuple[str, ...]) -> list[tuple[str, ...]]:
            if name in done:
                return done[name]
            members: list[tuple[str, ...]] = []
            for text, no, _f in raw.get(name, []):
                text = text.strip().strip("()")
                if text.startswith("&"):
                    ref = text.split()[0].rstrip("_").upper()
                    if ref in stack:
                        self.rep.error(no, f"synset {name} contains itself through {ref}; member not used")
                        continue
                    if ref not in raw and ref not in self.vd.synsets:
                        self.rep.error(no, f"unknown synset {ref} inside {name}; member not used")
                        continue
                    members.extend(expand(ref, stack + (ref,)) if ref in raw else self.vd.synsets[ref])
                    continue
                words = tuple(norm_word(w) for w in re.split(r"[\s_]+", text) if w)
                bad = [w for w in words if not _WORD_RE.match(w)]
                if not words or bad:
                    self.rep.error(no, f"malformed synset member {text!r} of {name}; not used")
                    continue
                members.append(words)
            done[name] = members
            return members

        for name in raw:
            members = expand(name, (name,))
            if not members:
                first = raw[name][0][1] if raw[name] else 0
                self.rep.warning(first, f"synset {name} has no usable members")
            self.vd.synsets[name] = members

    def _pattern(self, no: int, body: str, order: int) -> Pattern | None:
        if "[" not in body:
            self.rep.error(no, f"pattern without a [code]: {body!r}; not used")
            return None
        at = body.rfind("[")
        close = body.find("]", at)
        if close < 0:
            self.rep.error(no, f"unclosed [code] in pattern {body!r}; not used")
            return None
        text = body[:at].strip()
        try:
            code = parse_event_code(body[at + 1 : close])
        except ValueError as exc:
            self.rep.error(no, f"{exc} in pattern {body!r}; not used")
            return None
        if body[close + 1 :].strip():
            self.rep.warning(no, f"text after the code of pattern {body!r} ignored")
        items: list[tuple[str, str]] = []  # (item, connector to next: "_" adjacent or " " gap)
        groups: list[tuple[int, str, bool]] = []  # per item: (group number, kind, first in group)
        depth = 0
        group_no = 0
        current: tuple[int, str] | None = None
        fresh = False
        for chunk in text.split():
            opens = chunk.count("(") + chunk.count("{")
            if opens and depth == 0:
                group_no += 1
                current = (group_no, "pp" if chunk.lstrip("_").startswith("(") else "np")
                fresh = True
            depth += opens - chunk.count(")") - chunk.count("}")
            bare = chunk.replace("(", "").replace(")", "").replace("{", "").replace("}", "")
            if bare:
                if bare.startswith("_") and items:
                    items[-1] = (items[-1][0], "_")
                parts_clean = [p for p in bare.split("_") if p]
                for k, p in enumerate(parts_clean):
                    items.append((p, "_" if k < len(parts_clean) - 1 else " "))
                    if current is not None:
                        groups.append((current[0], current[1], fresh))
                        fresh = False
                    else:
                        groups.append((0, "", False))
                if bare.endswith("_") and items:
                    items[-1] = (items[-1][0], "_")
            if depth <= 0:
                current = None
        if depth != 0:
            self.rep.error(no, f"unbalanced ( ) or {{ }} in pattern {body!r}; not used")
            return None
        verbs = [i for i, (it, _c) in enumerate(items) if it == "*"]
        if len(verbs) != 1:
            self.rep.error(no, f"pattern {body!r} must have exactly one '*' (the verb); not used")
            return None
        v = verbs[0]
        elements: list[Element] = []
        required: set[str] = set()
        for idx, (item, _conn) in enumerate(items):
            if idx == v:
                elements.append(Element("verb"))
                continue
            el = self._element(item, no, body)
            if el is None:
                return None
            if el.kind == "word" and len(el.alternatives) == 1:
                required.update(el.alternatives[0])
            elements.append(el)
        pre: list[Element] = []
        for idx in range(v - 1, -1, -1):
            e = elements[idx]
            pre.append(Element(e.kind, e.alternatives, items[idx][1] == "_", e.label, *groups[idx]))
        post: list[Element] = []
        for idx in range(v + 1, len(items)):
            e = elements[idx]
            post.append(Element(e.kind, e.alternatives, items[idx - 1][1] == "_", e.label, *groups[idx]))
        if sum(e.kind == "compound" for e in pre) > 1 or sum(e.kind == "source" for e in (*pre, *post)) > 1:
            self.rep.error(no, f"pattern {body!r} has more than one source slot; not used")
            return None
        return Pattern(
            text=text, code=code, pre=tuple(pre), post=tuple(post),
            source=f"{self.path.name}:{no}", order=order, required=frozenset(required),
        )

    def _element(self, item: str, no: int, body: str) -> Element | None:
        if item == "$":
            return Element("source", label="$")
        if item == "+":
            return Element("target", label="+")
        if item == "%":
            return Element("compound", label="%")
        if item == "^":
            return Element("skip", label="^")
        if item.startswith("&"):
            name = item.rstrip("_").upper()
            members = self.vd.synsets.get(name)
            if members is None:
                self.rep.error(no, f"unknown synset {name} in pattern {body!r}; not used")
                return None
            if not members:
                self.rep.error(no, f"empty synset {name} in pattern {body!r}; not used")
                return None
            return Element("word", tuple(members), label=name)
        alts = tuple((norm_word(a),) for a in item.split("/") if a)
        if not alts or any(not _WORD_RE.match(a[0]) or a[0] in ("*", "$", "+", "%", "^") for a in alts):
            self.rep.error(no, f"malformed word {item!r} in pattern {body!r}; not used")
            return None
        return Element("word", alts, label=item.upper())


def read_verbs(path: Path, text: str, problems: list[DictionaryProblem], vd: VerbDictionary | None = None) -> VerbDictionary:
    vd = vd if vd is not None else VerbDictionary()
    before = {w: list(forms) for w, forms in vd.forms.items()}
    reader = _VerbReader(path, text, problems, vd)
    reader.read()
    # a verb defined in an earlier file is overridden by a later file's definition
    for word, old in before.items():
        new = [f for f in vd.forms.get(word, []) if f not in old]
        if new and old:
            vd.forms[word] = new
    _report_duplicate_verbs(path, vd, problems)
    return vd


def _report_duplicate_verbs(path: Path, vd: VerbDictionary, problems: list[DictionaryProblem]) -> None:
    """A verb written in two blocks: the later block is used, and the clash reported."""
    rep = _Reporter(path, problems)
    for word, forms in vd.forms.items():
        bases = [f for f in forms if f.base and not f.before and not f.after]
        blocks = {id(f.block): f for f in bases}
        if len(blocks) < 2:
            continue
        first, *rest = blocks.values()
        keep = rest[-1]
        if keep.source.startswith(path.name + ":"):
            rep.warning(
                int(keep.source.rsplit(":", 1)[1]),
                f"verb {word} is also in block {first.block.name} ({first.source}); "
                f"this later definition (block {keep.block.name}) is used",
            )
        vd.forms[word] = [f for f in forms if f.block is keep.block or f.before or f.after]


# -- recognising files ------------------------------------------------------------------------


def detect_kind(path: Path, text: str) -> str | None:
    """The kind of a dictionary file (one of :data:`KINDS`), from its content, else its name."""
    head = text[:400_000]
    if re.search(r"<ISSUE\b", head):
        return "issues"
    if re.search(r"^-{3}\s*\S.*\[[^\]]*\].*-{3}\s*$", head, re.M):
        return "verbs"
    tilde = len(re.findall(r"\[\s*~\s*[A-Za-z]|[A-Za-z]\s*~\s*\]", head))
    name = path.name.lower()
    if tilde >= 3 or (tilde and "agent" in name):
        return "agents"
    for kind in ("discard", "agent", "actor", "verb", "issue"):
        if kind in name:
            return kind + "s"
    if re.search(r"^\S[^\[\n]*\[[A-Za-z0-9/+#-]+(\s+[<>0-9][^\]]*)?\]", head, re.M):
        return "actors"
    return None


# -- all together ----------------------------------------------------------------------------


@dataclass(slots=True)
class Dictionaries:
    """Every dictionary read from a folder or a list of files, with the problems found."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    verbs: VerbDictionary = field(default_factory=VerbDictionary)
    actors: list[ActorEntry] = field(default_factory=list)
    agents: list[AgentEntry] = field(default_factory=list)
    discards: list[DiscardEntry] = field(default_factory=list)
    issues: list[IssueEntry] = field(default_factory=list)
    problems: list[DictionaryProblem] = field(default_factory=list)
    actor_index: PhraseIndex = field(default_factory=PhraseIndex)
    agent_index: PhraseIndex = field(default_factory=PhraseIndex)
    discard_index: PhraseIndex = field(default_factory=PhraseIndex)
    issue_index: PhraseIndex = field(default_factory=PhraseIndex)

    # -- summaries --

    def stats(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "verb_blocks": len(self.verbs.blocks),
            "verb_forms": len(self.verbs.forms),
            "patterns": self.verbs.n_patterns,
            "synsets": len(self.verbs.synsets),
            "transformations": len(self.verbs.transformations),
            "actors": len(self.actors),
            "actor_names": self.actor_index.size,
            "agents": len(self.agents),
            "discards": len(self.discards),
            "issues": len(self.issues),
            "errors": sum(p.severity == "error" for p in self.problems),
            "warnings": sum(p.severity == "warning" for p in self.problems),
        }

    def problems_by_file(self) -> dict[str, list[DictionaryProblem]]:
        out: dict[str, list[DictionaryProblem]] = {}
        for p in self.problems:
            out.setdefault(p.file, []).append(p)
        return out

    @property
    def has_verbs(self) -> bool:
        return bool(self.verbs.blocks)

    # -- lookups --

    def discard_in(self, text: str) -> DiscardEntry | None:
        """The first discard phrase found in ``text`` (story-level ones first), or None."""
        if not self.discards:
            return None
        words = simple_words(text)
        found: DiscardEntry | None = None
        for i in range(len(words)):
            node = self.discard_index.root
            for w in words[i:]:
                node = node.adjacent.get(w)  # type: ignore[assignment]
                if node is None:
                    break
                for entry in node.payloads:
                    if entry.story:
                        return entry
                    found = found or entry
        return found

    def issues_in(self, text: str) -> list[tuple[str, str]]:
        """(category, code) of each issue named in ``text``, exclusions (~phrases) applied."""
        if not self.issues:
            return []
        words = simple_words(text)
        hits: list[tuple[int, int, IssueEntry]] = []
        for i in range(len(words)):
            node = self.issue_index.root
            for j in range(i, len(words)):
                node = node.adjacent.get(words[j])  # type: ignore[assignment]
                if node is None:
                    break
                hits.extend((i, j + 1, e) for e in node.payloads)
        excluded = [(s, e, entry.category) for s, e, entry in hits if entry.code is None]
        out: list[tuple[str, str]] = []
        for s, e, entry in hits:
            if entry.code is None:
                continue
            if any(xs <= s and e <= xe and cat == entry.category for xs, xe, cat in excluded):
                continue
            pair = (entry.category, entry.code)
            if pair not in out:
                out.append(pair)
        return out


def _index(d: Dictionaries) -> None:
    """Index every phrase; a name given two different codes is reported (the later is used)."""
    paths = {p.name: str(p) for p, _k in d.files}
    seen: dict[tuple[str, ...], ActorEntry] = {}
    for entry in d.actors:
        for name in (entry.name, *entry.synonyms):
            phrase = Phrase.parse(name)
            d.actor_index.add(phrase, entry)
            key = phrase.words
            prev = seen.get(key)
            if prev is not None and prev is not entry and prev.codes != entry.codes:
                file, _, line = entry.source.rpartition(":")
                d.problems.append(DictionaryProblem(
                    paths.get(file, file), int(line),
                    f"actor name {' '.join(key)!r} was defined with other codes at {prev.source}; "
                    f"this later entry is used", "warning",
                ))
            seen[key] = entry
    agents_seen: dict[tuple[str, ...], AgentEntry] = {}
    reported: set[tuple[str, str]] = set()
    for agent in d.agents:
        phrase = Phrase.parse(agent.phrase)
        d.agent_index.add(phrase, agent)
        prev = agents_seen.get(phrase.words)
        if prev is not None and (prev.code, prev.prefix) != (agent.code, agent.prefix) \
                and (prev.source, agent.source) not in reported:
            reported.add((prev.source, agent.source))
            file, _, line = agent.source.rpartition(":")
            d.problems.append(DictionaryProblem(
                paths.get(file, file), int(line),
                f"agent {' '.join(phrase.words)!r} was defined as [{'~' if not prev.prefix else ''}{prev.code}"
                f"{'~' if prev.prefix else ''}] at {prev.source}; this later code is used", "warning",
            ))
        agents_seen[phrase.words] = agent
    for disc in d.discards:
        d.discard_index.add(Phrase.parse(disc.phrase, spaces_are_gaps=False), disc)
    for issue in d.issues:
        d.issue_index.add(Phrase(issue.words, (False,) * (len(issue.words) - 1)), issue)


def dictionary_files(folder_or_files: str | Path | Iterable[str | Path]) -> list[Path]:
    """The files of a folder (sorted by name, hidden files and READMEs left out), or the list given."""
    if isinstance(folder_or_files, (str, Path)):
        p = Path(folder_or_files)
        if p.is_dir():
            return sorted(
                f for f in p.iterdir()
                if f.is_file() and not f.name.startswith(".")
                and not f.name.upper().startswith(("README", "LICENSE", "LICENCE", "NOTICE"))
            )
        return [p]
    return [Path(x) for x in folder_or_files]


def is_validation_file(path: Path) -> bool:
    """PETRARCH's validation set (``PETR.Validate.*``, ``PETR_Validate_*``): a fictional world."""
    return path.name.upper().replace("_", ".").startswith("PETR.VALIDATE")


def load_dictionaries(folder_or_files: str | Path | Iterable[str | Path]) -> Dictionaries:
    """Read every dictionary file of a folder (or the files given), recognising each by content.

    Later files override earlier ones where they define the same actor name or verb. In a
    folder that holds both operational dictionaries and PETRARCH's validation set (as
    ``petrarch2/dictionaries`` does), the validation files -- Arnor, Gondor and a KEDS-era verb
    list -- are left out, with a warning; pass them as files to use them.
    """
    d = Dictionaries()
    paths = dictionary_files(folder_or_files)
    if isinstance(folder_or_files, (str, Path)) and Path(folder_or_files).is_dir():
        test_set = [p for p in paths if is_validation_file(p)]
        if test_set and len(test_set) < len(paths):
            for p in test_set:
                d.problems.append(DictionaryProblem(
                    str(p), 0, "PETRARCH's validation dictionary, left out beside operational ones "
                    "(pass the files explicitly to use it)", "warning",
                ))
            paths = [p for p in paths if not is_validation_file(p)]
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            text = path.read_text(encoding="latin-1")
            d.problems.append(DictionaryProblem(str(path), 0, "not UTF-8; read as Latin-1", "warning"))
        except OSError as exc:
            d.problems.append(DictionaryProblem(str(path), 0, f"cannot read: {exc}"))
            continue
        kind = detect_kind(path, text)
        if kind is None:
            d.problems.append(DictionaryProblem(
                str(path), 0, "not recognised as a PETRARCH dictionary (verbs, actors, agents, "
                "discards or issues); file not used", "warning",
            ))
            continue
        d.files.append((path, kind))
        if kind == "verbs":
            read_verbs(path, text, d.problems, d.verbs)
        elif kind == "actors":
            d.actors.extend(read_actors(path, text, d.problems))
        elif kind == "agents":
            d.agents.extend(read_agents(path, text, d.problems))
        elif kind == "discards":
            d.discards.extend(read_discards(path, text, d.problems))
        elif kind == "issues":
            d.issues.extend(read_issues(path, text, d.problems))
    _index(d)
    order = {str(p): i for i, (p, _k) in enumerate(d.files)}
    d.problems.sort(key=lambda p: (order.get(p.file, -1), p.line))
    return d


def words_of(text: str) -> list[str]:
    """Dictionary words of a phrase: ``WHITE_HOUSE`` -> ["WHITE", "HOUSE"]."""
    return [norm_word(w) for w in re.split(r"[\s_]+", text) if w]

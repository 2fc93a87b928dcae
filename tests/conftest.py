from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EVAL = SHARED / "eval"
SEED = SHARED / "examples" / "seed-article.txt"
SEED_DATE = date(2025, 11, 26)


def need(path: Path) -> Path:
    """Evaluation data lives in ../shared, beside the checkout; skip loudly when it is absent."""
    if not path.exists():
        pytest.skip(f"{path} not found: evaluation data is read from ../shared beside the repo")
    return path


@pytest.fixture(scope="session")
def coder():
    from flashpoint.api import default_coder

    return default_coder()


@pytest.fixture(scope="session")
def seed_events(coder):
    import flashpoint

    return flashpoint.code(need(SEED).read_text(encoding="utf-8"), date=SEED_DATE, id="seed")

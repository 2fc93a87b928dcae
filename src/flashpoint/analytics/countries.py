"""Country names for people: ISO 3166-1 alpha-3 codes to names, from the actor knowledge
base's country list (and the CAMEO group codes)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

GROUPS = {
    "IGO": "intergovernmental organisations",
    "NGO": "non-governmental organisations",
    "UNO": "the United Nations",
    "EUR": "Europe",
    "ASA": "Asia",
    "AFR": "Africa",
    "MEA": "the Middle East",
}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Code -> name for every country the knowledge base knows, plus group codes."""
    names = dict(GROUPS)
    try:
        text = (resources.files("flashpoint.actors") / "data" / "countries.yaml").read_text(
            encoding="utf-8"
        )
        for item in (yaml.safe_load(text) or {}).get("countries") or []:
            if isinstance(item, dict) and item.get("code") and item.get("name"):
                names[str(item["code"])] = str(item["name"])
    except (OSError, ModuleNotFoundError, yaml.YAMLError):  # pragma: no cover - data missing
        pass
    return names


def country_name(code: str | None) -> str:
    if not code:
        return "unknown"
    return country_names().get(code, code)

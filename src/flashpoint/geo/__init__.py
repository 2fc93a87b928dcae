"""Places -> coordinates, offline: ``load_gazetteer().locate("the Taiwan Strait")``."""

from flashpoint.geo.gazetteer import Gazetteer, fold, load_gazetteer

__all__ = ["Gazetteer", "fold", "load_gazetteer"]

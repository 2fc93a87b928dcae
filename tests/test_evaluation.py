"""Scoring predictions against the gold files: what counts as a match."""

from __future__ import annotations

from flashpoint.evaluation.events import score_cameo


def _event(source, target, code):
    def actors(codes):
        return [{"code": c, "country": country} for c, country in codes]

    return {
        "source": actors(source), "target": actors(target), "modality": "asserted",
        "cameo": {"code": code}, "plover": None, "evidence": {"trigger": "x"}, "rule": "",
    }


def _gold(source, target, code):
    return {"id": "r1", "text": "x", "expected": [{"source": source, "target": target, "code": code}]}


def test_an_actor_of_no_known_country_scores_as_the_gold_s_dashes():
    # "The government expressed appreciation for China's assistance": ---GOV -> CHN
    predicted = {"r1": [_event([("GOV", None)], [("CHN", "CHN")], "051")]}
    score = score_cameo([_gold("---GOV", "CHN", "051")], predicted)
    assert (score.metrics["dyad_tp"], score.metrics["dyad_predicted"]) == (1, 1)


def test_an_event_without_a_target_is_not_a_cameo_dyad():
    predicted = {"r1": [_event([("CHN", "CHN")], [], "070")]}
    score = score_cameo([_gold("CHN", "USA", "070")], predicted)
    assert (score.metrics["dyad_predicted"], score.metrics["dyad_gold"]) == (0, 1)


def test_the_country_and_the_cameo_root_decide_a_match_not_the_sector():
    predicted = {"r1": [_event([("USAGOV", "USA")], [("RUSMIL", "RUS")], "042")]}
    assert score_cameo([_gold("USA", "RUS", "040")], predicted).metrics["dyad_tp"] == 1
    assert score_cameo([_gold("USA", "RUS", "190")], predicted).metrics["dyad_tp"] == 0

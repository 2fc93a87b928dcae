"""The CAMEO/PLOVER tables shipped in the package agree with the reference copies.

The references live in ../shared/eval/ontology (read at test time, never copied into the
package): ``cameo_codes.tsv`` (CAMEO codes, Goldstein scores, quad classes, PLOVER mapping),
``plover_ontology.json`` (PLOVER types and modes) and ``CAMEO2PLOVER-2021.txt``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from flashpoint import ontology
from flashpoint.model import CameoCode, Plover

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
REF = EVAL / "ontology"

needs_reference = pytest.mark.skipif(
    not (REF / "cameo_codes.tsv").exists(), reason="reference ontology not available"
)

# Codes in the CAMEO 1.1b3 manual that have no published Goldstein score or PLOVER mapping.
NO_PUBLISHED_SCORE = {"155", "176", "1834", "1951", "1952"}

# Where the package deliberately departs from the reference mapping (documented in
# ontology/data/cameo_plover.tsv): the evaluation gold codes imposed sanctions as SANCTION, and
# some reference modes are not in PLOVER 2.0's mode vocabulary or have a better 2.0 mode.
MAPPING_CHOICES = {
    "163": ("SANCTION", None),
    # lifting a curfew or a state of emergency yields, as its parent 081 does: the table's
    # RETREAT rows carry the note that "ease" is no longer a RETREAT mode
    "0813": ("CONCEDE", None),
    "0814": ("CONCEDE", None),
    "195": ("ASSAULT", "aerial"),
}


def _reference_rows() -> dict[str, dict[str, str]]:
    with open(REF / "cameo_codes.tsv", encoding="utf-8") as f:
        return {r["code"]: r for r in csv.DictReader(f, delimiter="\t")}


def _norm(name: str) -> str:
    return re.sub(r"\W+", " ", name.lower()).strip()


@needs_reference
def test_every_reference_cameo_code_is_in_the_package_and_no_more():
    ref = _reference_rows()
    assert set(ontology.cameo_codes()) == set(ref)
    assert len(ontology.cameo_codes()) > 300


@needs_reference
def test_every_cameo_code_has_goldstein_and_quad_class_matching_reference():
    ref = _reference_rows()
    for code, row in ref.items():
        ours = ontology.cameo(code)
        assert isinstance(ours, CameoCode)
        if row["goldstein"]:
            assert ours.goldstein == pytest.approx(float(row["goldstein"])), code
        else:
            assert code in NO_PUBLISHED_SCORE
            assert -10.0 <= ours.goldstein <= 10.0
        # The reference's "quadclass" column uses the same by-root convention as flashpoint.
        assert ours.quad_class == int(row["quadclass"]), code


@needs_reference
def test_cameo_names_are_the_cameo_1_1b3_names():
    ref = _reference_rows()
    for code, row in ref.items():
        ref_name = _norm(row["name_cameo_1_1b3"])
        ours = _norm(ontology.cameo(code).name)
        # The reference has two typos ("matyerial", "radiologicalweapons") the package fixes.
        ref_name = ref_name.replace("matyerial", "material").replace(
            "radiologicalweapons", "radiological weapons"
        )
        assert ours == ref_name, code


def test_quad_classes_follow_the_root_convention_not_gdelts():
    expected = {1: range(1, 6), 2: range(6, 9), 3: range(9, 14), 4: range(14, 21)}
    for quad, roots in expected.items():
        for root in roots:
            assert ontology.quad_class(f"{root:02d}") == quad
    for code in ontology.cameo_codes():
        assert ontology.quad_class(code) == ontology.quad_class(code[:2])
    # GDELT puts 09 (investigate) in material cooperation and 14 (protest) in verbal conflict.
    assert ontology.quad_class("090") == 3
    assert ontology.quad_class("141") == 4


@needs_reference
def test_cameo_codes_map_to_the_plover_types_of_the_reference():
    ref = _reference_rows()
    types = ontology.plover_types()
    for code, row in ref.items():
        ours = ontology.plover_for(code)
        if code in MAPPING_CHOICES:
            assert (ours.type, ours.mode) == MAPPING_CHOICES[code]
            continue
        if row["plover_event"]:
            assert ours is not None, f"{code} lost its PLOVER type"
            assert ours.type == row["plover_event"], code
            ref_mode = row["plover_mode"] or None
            if ref_mode in types[ours.type]:
                assert ours.mode == ref_mode, code
        if ours is not None and ours.mode is not None:
            assert ours.mode in types[ours.type], code


@needs_reference
def test_plover_mapping_agrees_with_the_plover_manual_conversion_table():
    table: dict[str, str] = {}
    for line in (REF / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,", line)
        if m:
            table.setdefault(m.group(1), m.group(2))
    known = ontology.cameo_codes()
    checked = 0
    for code, ptype in table.items():
        if code not in known or code in MAPPING_CHOICES:
            continue  # 1213/1214 are PLOVER-table additions, not CAMEO 1.1b3 codes
        assert ontology.plover_for(code).type == ptype, code
        checked += 1
    assert checked > 200


@needs_reference
def test_plover_types_and_modes_match_the_plover_ontology():
    ref = json.loads((REF / "plover_ontology.json").read_text(encoding="utf-8"))
    expected = {e["event"]: e["modes"] for e in ref["event_types"]}
    assert ontology.plover_types() == expected
    assert len(ontology.plover_types()) == 16


def test_the_shipped_tables_validate_cleanly():
    assert ontology.validate_ontology() == []


def test_every_cameo_code_outside_public_statements_has_a_plover_type():
    missing = [c for c in ontology.cameo_codes() if ontology.plover_for(c) is None]
    assert missing and all(c.startswith("01") for c in missing)


def test_a_telephone_call_is_a_verbal_cooperation_consult_by_phone():
    c = ontology.cameo("041")
    assert (c.name, c.goldstein, c.quad_class, c.root) == ("Discuss by telephone", 1.0, 1, "04")
    assert ontology.plover_for("041") == Plover("CONSULT", "phone")


def test_criticism_is_accuse_and_sanctions_are_sanction():
    assert ontology.plover_for("111").type == "ACCUSE"
    assert ontology.plover_for("163").type == "SANCTION"
    assert ontology.cameo("163").quad_class == 4
    assert ontology.cameo("163").goldstein == -8.0


def test_appeals_are_requests():
    for code in ontology.cameo_codes():
        if code.startswith("02"):
            assert ontology.plover_for(code).type == "REQUEST", code
    assert ontology.plover_for("0233").mode == "assist"
    assert ontology.plover_for("026").mode == "meet"


def test_to_dict_carries_root_and_quad_class_for_the_event_record():
    assert ontology.cameo("0311").to_dict() == {
        "code": "0311",
        "root": "03",
        "name": "Express intent to cooperate economically",
        "goldstein": 5.2,
        "quad_class": 1,
    }


def test_an_unknown_code_raises_a_clear_key_error():
    with pytest.raises(KeyError, match="unknown CAMEO event code '999'"):
        ontology.cameo("999")
    with pytest.raises(KeyError, match="leading zero"):
        ontology.quad_class("41")
    with pytest.raises(KeyError):
        ontology.plover_for("2100")


def test_plover_results_are_fresh_objects_callers_cannot_corrupt():
    p = ontology.plover_for("041")
    p.mode = "visit"
    assert ontology.plover_for("041").mode == "phone"

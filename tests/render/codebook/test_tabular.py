"""The codebook as CSV and JSON, read back: every variable, every label, the JSON schema."""

from __future__ import annotations

import csv
import io
import json

import pytest

from generator.render.codebook.model import SCHEMA_ID, SCHEMA_VERSION, Codebook
from generator.render.codebook.tabular import (
    codebook_json,
    csv_bytes,
    load_codebook,
    neutralise,
    values_rows,
    variables_rows,
)
from tests.conftest import ROOT

jsonschema = pytest.importorskip("jsonschema", reason="add jsonschema to the dev extras")
SCHEMA = (ROOT / "generator" / "render" / "codebook"
          / "codebook.schema.json")


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for spreadsheet programs
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_variables_csv_one_row_per_variable(cb_all: Codebook) -> None:
    rows = read_csv(csv_bytes(variables_rows(cb_all)))
    assert [r["variable"] for r in rows] == [v.name for v in cb_all.variables()]
    born = next(r for r in rows if r["variable"] == "born_here")
    assert born["number"] == "P01" and born["code_list"] == "yes_no_dk"
    assert born["record"] == "hh_members" and born["storage"] == "numeric"
    assert {f"question_{lang}" for lang in ("en", "fr", "es", "ar")} <= set(born)
    assert "1.1.1 disaggregation S" in born["sdg_indicators"]
    fb = next(r for r in rows if r["variable"] == "foreign_born")
    assert fb["derived"] == "yes" and fb["calculation"].startswith("if(${born_here}")
    assert fb["definition_ar"] and fb["calculation_plain_en"].startswith("1 if BORN HERE")
    year = next(r for r in rows if r["variable"] == "arrival_year")
    assert year["special_codes"] == "9998 = Don't know"


def test_values_csv_lists_every_code(cb_all: Codebook) -> None:
    rows = read_csv(csv_bytes(values_rows(cb_all)))
    born = [(r["code"], r["label_en"], r["label_ar"], r["missing"]) for r in rows
            if r["variable"] == "born_here"]
    assert born[0][:2] == ("1", "Yes") and born[0][2]
    assert born[-1][0] == "8" and born[-1][3] == "dont_know"
    assert ("arrival_year", "", "9998") in {(r["variable"], r["code_list"], r["code"])
                                           for r in rows}
    countries = [r for r in rows if r["variable"] == "country_birth"]
    assert len(countries) > 240


@pytest.mark.parametrize("cell", ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    rows = read_csv(csv_bytes([["a", "b"], [cell, "plain"]]))
    assert rows == [{"a": "'" + cell, "b": "plain"}]


def test_no_cell_of_the_codebook_starts_a_formula(cb_all: Codebook) -> None:
    for data in (csv_bytes(variables_rows(cb_all)), csv_bytes(values_rows(cb_all))):
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
            assert not any(c.startswith(("=", "+", "-", "@")) for c in row), row


def test_json_validates_against_the_versioned_schema(cb_all: Codebook, cb_en: Codebook) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == SCHEMA_ID and SCHEMA_VERSION in schema["$id"]
    for cb in (cb_all, cb_en):
        doc = json.loads(codebook_json(cb))
        jsonschema.Draft202012Validator(schema).validate(doc)
        assert doc["$schema"] == SCHEMA_ID and doc["schema_version"] == SCHEMA_VERSION
    doc = json.loads(codebook_json(cb_en))
    assert doc["country"]["alpha3"] == "KEN"


def test_schema_rejects_a_broken_codebook(cb_en: Codebook) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(codebook_json(cb_en))
    doc["modules"][0]["variables"][0]["storage"] = "blob"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


def test_json_round_trip_and_determinism(cb_all: Codebook) -> None:
    data = codebook_json(cb_all)
    assert data == codebook_json(cb_all)
    assert load_codebook(data) == cb_all
    text = data.decode("utf-8")
    assert "/work/" not in text and "Don't know" in text and "لا يعرف" in text


def test_load_refuses_another_major_version(cb_en: Codebook) -> None:
    doc = json.loads(codebook_json(cb_en))
    doc["schema_version"] = "2.0.0"
    with pytest.raises(ValueError, match="not supported"):
        load_codebook(json.dumps(doc))

"""Crosswalk columns, the documented recode of reasons for migration, and the survey
metadata block, in every codebook output (CSV, JSON, DDI, HTML)."""

from __future__ import annotations

import csv
import io
import json

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from generator.bank.model import Bank
from generator.render.codebook.build import build_codebook
from generator.render.codebook.ddi import ddi_xml
from generator.render.codebook.html import codebook_view
from generator.render.codebook.model import Codebook, from_dict, to_dict
from generator.render.codebook.tabular import values_rows, variables_rows
from generator.render.templating import render_template
from tests.render.codebook.conftest import TIMESTAMP, compile_

NS = {"d": "ddi:codebook:2_5"}
GROUPS = {"1": "WORK", "2": "STUDY", "3": "FAMILY", "4": "FORCED", "5": "RETURN", "6": "OTHER"}


def rows_by(rows: list[list[str]], key: str) -> list[dict[str, str]]:
    header, *body = rows
    return [dict(zip(header, r, strict=True)) for r in body if r[header.index(key)]]


def test_crosswalk_columns(cb_en: Codebook) -> None:
    rows = {r["variable"]: r for r in rows_by(variables_rows(cb_en), "variable")}
    assert rows["country_birth"]["crosswalk_ipums_i"] == "BPLCOUNTRY"
    assert rows["country_birth"]["crosswalk_eu_lfs"] == "COUNTRYB"
    assert rows["country_birth"]["crosswalk_unhcr_rms"] == "REF05"
    assert rows["years_in_locality"]["crosswalk_mics"] == "MICS6 WB15"
    assert rows["residence_5y"]["crosswalk_ipums_i"] == "MIGRATE5"
    assert rows["wish_move"]["crosswalk_dhs"] == ""


def test_reasons_recode_to_dhs_rms_eulfs_ipums(cb_en: Codebook) -> None:
    reasons = [r for r in rows_by(values_rows(cb_en), "variable")
               if r["variable"] == "migration_reason"]
    by_code = {r["code"]: r for r in reasons}
    assert by_code["12"]["recode_dhs"] == "01"
    assert by_code["12"]["recode_unhcr_rms"] == "2"
    assert by_code["12"]["recode_eu_lfs"] == "Employment, no job found before migrating"
    assert by_code["43"]["recode_eu_lfs"] == "International protection or asylum"
    assert by_code["61"]["recode_eu_lfs"] == "Retirement"
    for code, row in by_code.items():
        if code in ("98", "99"):
            assert row["recode_group"] in ("DK", "REFUSED") and row["recode_dhs"] == ""
            continue
        # the group follows the tens of the code (96 = other); every scheme is filled
        assert row["recode_group"] == GROUPS.get(code[0] if code != "96" else "6"), code
        assert all(row[f"recode_{k}"] for k in ("dhs", "unhcr_rms", "eu_lfs", "ipums_i")), code
    # the forced group maps to DHS-8 'forced displacement' (05) and never elsewhere
    assert {r["recode_dhs"] for r in reasons if r["recode_group"] == "FORCED"} == {"05"}


def test_json_keeps_crosswalk_recode_and_metadata(cb_en: Codebook) -> None:
    data = json.loads(json.dumps(to_dict(cb_en)))
    back = from_dict(data)
    assert back.variable("arrival_year") is not None
    assert back.variable("arrival_year").crosswalk == {  # type: ignore[union-attr]
        "ipums_i": "YRIMM", "eu_lfs": "YEARESID", "unhcr_rms": "REF12a"}
    assert back.lists["migration_reason"][0].recode["group"] == "WORK"
    assert [m.key for m in back.survey] == [m.key for m in cb_en.survey]


def test_metadata_block_follows_the_build(bank: Bank, cb_en: Codebook) -> None:
    keys = [m.key for m in cb_en.survey]
    assert keys == ["residence_rule", "regions", "borders", "reference_windows", "currency",
                    "precision", "indicator_10_7_1"]
    text = {m.key: m.text["en"] for m in cb_en.survey}
    assert "option (b)" in text["residence_rule"]
    assert "Kenya" in text["regions"] and "2026-11-15" in text["reference_windows"]
    assert "KES" in text["currency"] and "coefficient of variation" in text["precision"]
    assert "median" in text["indicator_10_7_1"]
    census = build_codebook(compile_(bank, profile="census", languages=("en", "ar")), TIMESTAMP)
    ctext = {m.key: m.text for m in census.survey}
    assert "indicator_10_7_1" not in ctext and "Census short form" in ctext["profile"]["en"]
    assert "written in" in ctext["regions"]["en"] and ctext["regions"]["ar"]
    displaced = build_codebook(compile_(bank, profile="displacement", languages=("fr",)),
                               TIMESTAMP)
    rule = next(m for m in displaced.survey if m.key == "residence_rule")
    assert "Option (a)" in rule.text["fr"] and rule.title["fr"] == "Règle de résidence habituelle"


def test_ddi_and_html_carry_them(cb_en: Codebook) -> None:
    doc = etree.fromstring(ddi_xml(cb_en))
    notes = doc.findall("d:stdyDscr/d:method/d:notes", NS)
    assert {n.get("type") for n in notes} >= {"residence_rule", "precision", "currency"}
    cat = doc.find("d:dataDscr/d:var[@name='migration_reason']/d:catgry/d:txt", NS)
    assert cat is not None and cat.text.startswith("Recode: group: WORK; IPUMS-I: Work")
    cross = doc.find("d:dataDscr/d:var[@name='country_birth']/d:notes[@subject='crosswalk']", NS)
    assert cross is not None and "EU-LFS: COUNTRYB" in cross.text
    page, found = render_template("codebook.html.j2", v=codebook_view(cb_en))
    assert page is not None and not found
    assert 'id="survey-metadata"' in page and "IPUMS-I: BPLCOUNTRY" in page
    assert "Recode: group: WORK" in page


def test_csv_headers_are_stable(cb_en: Codebook) -> None:
    header = next(csv.reader(io.StringIO(",".join(variables_rows(cb_en)[0]))))
    assert header[-5:] == ["crosswalk_ipums_i", "crosswalk_eu_lfs", "crosswalk_dhs",
                           "crosswalk_mics", "crosswalk_unhcr_rms"]

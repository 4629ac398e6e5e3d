"""DDI-Codebook 2.5: valid against the DDI Alliance XSD, one var per variable, every language."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from lxml import etree

from generator.render.codebook.ddi import ddi_xml
from generator.render.codebook.model import Codebook
from tests.conftest import ROOT

XSD = ROOT / "tests" / "schemas" / "ddi-codebook-2.5" / "codebook.xsd"
NS = {"d": "ddi:codebook:2_5"}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@cache
def schema() -> Any:
    return etree.XMLSchema(etree.parse(str(XSD)))


@pytest.mark.parametrize("which", ["cb_all", "cb_en"])
def test_valid_against_the_official_xsd(which: str, request: pytest.FixtureRequest) -> None:
    cb: Codebook = request.getfixturevalue(which)
    doc = etree.fromstring(ddi_xml(cb))
    xsd = schema()
    assert xsd.validate(doc), "\n".join(f"{e.line}: {e.message}" for e in xsd.error_log)


def test_every_variable_with_labels_questions_and_categories(cb_all: Codebook) -> None:
    doc = etree.fromstring(ddi_xml(cb_all))
    names = doc.xpath("//d:dataDscr/d:var/@name", namespaces=NS)
    assert names == [v.name for v in cb_all.variables()]
    (born,) = doc.xpath("//d:var[@name='born_here']", namespaces=NS)
    assert {e.get(LANG) for e in born.findall("d:labl", NS)} == {"en", "fr", "es", "ar"}
    (qstn,) = born.xpath("d:qstn[@xml:lang='en']", namespaces=NS)
    assert qstn.get("seqNo") == "P01"
    assert qstn.findtext("d:qstnLit", namespaces=NS) == cb_all.variable("born_here").question["en"]  # type: ignore[union-attr]
    cats = [(c.findtext("d:catValu", namespaces=NS), c.get("missing"))
            for c in born.findall("d:catgry", NS)]
    assert cats == [("1", None), ("2", None), ("8", "Y")]
    concepts = [c.text for c in born.findall("d:concept", NS)]
    assert "SDG 8.8.1 (disaggregation, S)" in concepts and "person_core" in concepts
    (cob,) = doc.xpath("//d:var[@name='country_birth']", namespaces=NS)
    universe = cob.xpath("d:universe[@xml:lang='en']/text()", namespaces=NS)[0]
    assert "BORN HERE (P01) is 'No'" in universe and "${born_here} = '2'" in universe
    (hint,) = doc.xpath("//d:var[@name='arrival_year']/d:qstn[@xml:lang='en']/d:ivuInstr",
                        namespaces=NS)
    assert "9998" in hint.text


def test_derived_variables_have_definition_and_derivation(cb_all: Codebook) -> None:
    doc = etree.fromstring(ddi_xml(cb_all))
    (fb,) = doc.xpath("//d:var[@name='foreign_born']", namespaces=NS)
    assert fb.xpath("d:txt[@xml:lang='ar']/text()", namespaces=NS)
    (drv,) = fb.findall("d:derivation", NS)
    assert drv.get("var") == "V_born_here"
    assert drv.findtext("d:drvcmd", namespaces=NS).startswith("if(${born_here}")
    assert fb.find("d:qstn", NS) is None  # calculated, not asked
    notes = doc.xpath("//d:stdyInfo/d:notes[@subject='derived variables']", namespaces=NS)
    assert {n.get(LANG) for n in notes} == {"en", "fr", "es", "ar"}
    english = next(n.text for n in notes if n.get(LANG) == "en")
    assert "0 = known no" in english and "empty only when" in english


def test_study_description_and_files(cb_en: Codebook) -> None:
    doc = etree.fromstring(ddi_xml(cb_en))
    assert doc.findtext("d:stdyDscr/d:citation/d:titlStmt/d:IDNo", namespaces=NS) == \
        cb_en.form_id
    assert doc.xpath("//d:sumDscr/d:nation/@abbr", namespaces=NS) == ["KEN"]
    files = doc.xpath("//d:fileDscr/@ID", namespaces=NS)
    assert files == ["F_household", "F_hh_members", "F_emigrant_roster"]
    assert set(doc.xpath("//d:var/@files", namespaces=NS)) == set(files)
    assert ddi_xml(cb_en) == ddi_xml(cb_en)

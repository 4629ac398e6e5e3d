"""Targeted checks of the generated XForm: binds, languages, structure."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from generator import BuildOptions, api
from tests.conftest import BANKS, STANDARD_BANK, odk_validate

NS = {"h": "http://www.w3.org/1999/xhtml", "x": "http://www.w3.org/2002/xforms",
      "jr": "http://openrosa.org/javarosa"}


@pytest.fixture(scope="module")
def standard_xform(tmp_path_factory: pytest.TempPathFactory) -> etree._Element:
    out = tmp_path_factory.mktemp("std")
    result = api.build(STANDARD_BANK, BuildOptions(), out, ("xlsform", "xform"))
    assert result.report.valid, result.report.to_text()
    xml = next(p for p in result.written if p.suffix == ".xml")
    odk_validate(xml)
    return etree.parse(str(xml)).getroot()


def bind(root: etree._Element, name: str) -> etree._Element:
    found = [b for b in root.iterfind(".//x:bind", NS) if b.get("nodeset", "").endswith("/" + name)]
    assert len(found) == 1, f"expected one bind for {name}, got {len(found)}"
    return found[0]


def norm(xpath: str | None) -> str:
    return " ".join((xpath or "").split())


def test_country_of_birth_asked_only_of_the_foreign_born(standard_xform: etree._Element) -> None:
    assert norm(bind(standard_xform, "country_birth").get("relevant")) == "../born_here = '2'"


def test_year_of_arrival_universe(standard_xform: etree._Element) -> None:
    b = bind(standard_xform, "arrival_year")
    assert norm(b.get("relevant")) == "../born_here = '2' or ../lived_abroad = '1'"
    assert b.get("type") == "int"
    assert "../../age" in norm(b.get("constraint")), "constraint reads the roster age"


def test_residence_five_years_ago_only_from_age_five(standard_xform: etree._Element) -> None:
    assert norm(bind(standard_xform, "residence_5y").get("relevant")) == "../../age >= 5"


def test_questions_without_filter_have_no_relevant(standard_xform: etree._Element) -> None:
    for name in ("born_here", "citizen_here", "member_name", "age"):
        assert bind(standard_xform, name).get("relevant") is None


def test_person_questions_sit_in_the_member_repeat(standard_xform: etree._Element) -> None:
    nodeset = bind(standard_xform, "born_here").get("nodeset")
    assert nodeset is not None and "/hh_members/person_core/born_here" in nodeset
    repeats = standard_xform.findall(".//x:repeat", NS)
    assert [r.get("nodeset").rsplit("/", 1)[-1] for r in repeats] == ["hh_members",
                                                                   "emigrant_roster"]


def test_line_number_counts_members(standard_xform: etree._Element) -> None:
    assert bind(standard_xform, "line_no").get("calculate") == "position(..)"


def test_every_language_has_a_translation(tmp_path: Path) -> None:
    result = api.build(BANKS / "mini", BuildOptions(), tmp_path, ("xform",))
    assert result.report.valid, result.report.to_text()
    odk_validate(result.written[0])
    root = etree.parse(str(result.written[0])).getroot()
    langs = [t.get("lang") for t in root.iterfind(".//x:itext/x:translation", NS)]
    assert langs == ["English (en)", "Français (fr)"]
    texts = root.xpath("//x:translation[@lang='Français (fr)']//x:value/text()", namespaces=NS)
    assert "Année d'arrivée" in texts

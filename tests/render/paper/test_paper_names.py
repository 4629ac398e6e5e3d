"""Names in the reader's script and order: collation, columns that read down, subdivision
names from a project's `names:` file, and a warning for the names still in Latin letters."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import BuildOptions, api
from generator.instrument.names import latin
from generator.render.paper import plan
from generator.render.paper.names import appendix, collated
from generator.render.paper.view import Category, paper_view
from tests.conftest import STANDARD_BANK, TESTS

CASES = TESTS / "cases"


def _names(labels: list[str], lang: str) -> list[str]:
    return [c.label for c in collated([Category(x, "", "") for x in labels], lang)]


def test_collation_not_code_points() -> None:
    assert _names(["Zimbabwe", "Égypte", "Allemagne", "Åland"], "fr") == \
        ["Åland", "Allemagne", "Égypte", "Zimbabwe"]
    assert _names(["Zambia", "Åland Islands", "Albania", "Afghanistan"], "en") == \
        ["Afghanistan", "Åland Islands", "Albania", "Zambia"]
    assert _names(["Ñandú", "Nepal", "Oman"], "es")[-1] == "Oman"


def test_columns_read_down_then_across() -> None:
    items = [Category(f"N{k:03d}", str(k), "") for k in range(250)]
    pages = appendix(items, "en", rows=40, columns=3)  # 3 pages of 28 rows, not 40 + 40 + 10
    assert len(pages) == 3 and [len(col) for col in pages[0]] == [28, 28, 28]
    assert pages[0][0][-1].label == "N027" and pages[0][1][0].label == "N028"
    assert pages[1][0][0].label == "N084"
    assert min(len(col) for col in pages[-1]) >= 20
    assert sum(len(col) for page in pages for col in page) == 250


@pytest.fixture(scope="module")
def jordan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    custom = tmp_path_factory.mktemp("custom")
    shutil.copy(CASES / "names_jor_ar.yaml", custom / "names.yaml")
    return custom


def test_latin_names_on_arabic_pages_are_listed(tmp_path: Path) -> None:
    result = api.build(STANDARD_BANK, BuildOptions(country="JOR", languages=("ar", "en"),
                                                   modules=("survey", "roster",
                                                            "person_core")),
                       tmp_path, ("pdf",))
    assert result.report.valid, result.report.to_text()
    (warning,) = [i for i in result.report.issues if i.code == "TRN007"]
    assert "JO-AM" in warning.message  # Türkiye (792) has its UN Arabic name in the bank now
    assert "names:" in (warning.hint or "")


def test_project_names_put_every_name_in_arabic_script(jordan: Path, tmp_path: Path) -> None:
    result = api.build(STANDARD_BANK, BuildOptions(country="JOR", languages=("ar", "en")),
                       tmp_path, ("pdf",), custom=jordan)
    assert result.report.valid, result.report.to_text()
    assert not [i for i in result.report.issues if i.code == "TRN007"]
    assert result.instrument is not None
    view = paper_view(plan(result.instrument), "ar")
    regions = result.instrument.choices["region"]  # 12: printed as the question's categories
    countries = [c for page in view.countries for col in page for c in col]
    assert len(regions) == 12 and len(countries) > 200
    assert not [c.label["ar"] for c in regions if latin(c.label["ar"])]
    assert not [c.label for c in countries if latin(c.label)]
    flat = [c.label for col in view.countries[0] for c in col]
    assert flat == _names(flat, "ar")
    assert next(c.label for c in countries if c.code == "792") == "تركيا"
    html = next(p for p in result.written if p.name.endswith(".questionnaire.ar.html"))
    text = html.read_text(encoding="utf-8")
    assert "العاصمة" in text and "Irbid" not in text

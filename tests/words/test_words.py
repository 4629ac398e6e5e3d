"""The catalogue of interface words: one set per language, one fallback rule, and a project's
added language translating the headings of the paper and the label of the member repeat."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from generator import words as catalogue
from generator.render.paper.words import words as paper_words
from tests.cli.test_cli import run
from tests.project.test_project import project  # noqa: F401 (fixture)

LANGS = ("en", "fr", "es", "ar")


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_every_word(lang: str) -> None:
    english = catalogue.shipped("en")
    own = catalogue.shipped(lang)
    for part in catalogue.PARTS:
        assert set(own[part]) == set(english[part]), (lang, part)
        assert all(text.strip() for text in own[part].values())


def test_one_fallback_rule() -> None:
    assert catalogue.chain("ar-EG", "fr") == ["ar-EG", "ar", "fr", "en"]
    assert paper_words("ar-EG")["questions"] == catalogue.shipped("ar")["paper"]["questions"]
    # a language without words: the bank's default language, then English
    assert paper_words("sw", default="fr")["questions"] == "QUESTIONS ET FILTRES"
    assert paper_words("sw")["questions"] == "QUESTIONS AND FILTERS"
    given = {"paper.questions": {"sw": "MASWALI"}}
    mixed = paper_words("sw", given, "fr")
    assert mixed["questions"] == "MASWALI" and mixed["skip"] == "ALLER À"
    assert catalogue.words("fr", "form")["members"] == "Membres du ménage"
    assert "paper.questions" in set(catalogue.keys())
    assert catalogue.shipped("../en") == {}


def test_kiswahili_project_translates_the_words(project: Path) -> None:  # noqa: F811
    proc = run("translations", "export", "--language", "sw", "--out", "sheet.xlsx", cwd=project)
    assert proc.returncode == 0, proc.stderr
    wb = openpyxl.load_workbook(project / "sheet.xlsx")
    ws = wb.active
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows["word.paper.questions"][1].value == "QUESTIONS AND FILTERS"
    assert rows["word.paper.questions"][3].value == "missing"
    rows["word.paper.questions"][2].value = "MASWALI NA VICHUJIO"
    rows["word.paper.skip"][2].value = "RUKA"
    rows["word.form.members"][2].value = "Wanakaya"
    rows["word.codebook.codebook"][2].value = "Kitabu cha misimbo"
    wb.save(project / "filled.xlsx")
    proc = run("translations", "import", "filled.xlsx", "--language", "sw", cwd=project)
    assert proc.returncode == 0, proc.stderr
    written = (project / "custom" / "sw.yaml").read_text(encoding="utf-8")
    assert "paper.questions" in written and "MASWALI NA VICHUJIO" in written
    proc = run("build", "--format", "xlsform,pdf,codebook_html", "--languages", "sw,en",
               "--modules",
               "roster,person_core", "--no-validate", cwd=project)
    assert proc.returncode == 0, proc.stderr
    out = project / "output"
    pdf = next(out.glob("*.questionnaire.sw.pdf"))
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "MASWALI NA VICHUJIO" in text and "RUKA" in text
    assert "QUESTIONS AND FILTERS" not in text
    english = next(out.glob("*.questionnaire.en.pdf"))
    assert "QUESTIONS AND FILTERS" in PdfReader(english).pages[1].extract_text()
    survey = list(openpyxl.load_workbook(next(out.glob("*.xlsx")))["survey"]
                  .iter_rows(values_only=True))
    header = survey[0]
    repeat = next(r for r in survey if r[0] == "begin_repeat" and r[1] == "hh_members")
    assert repeat[header.index("label::Kiswahili (sw)")] == "Wanakaya"
    assert repeat[header.index("label::English (en)")] == "Household members"
    codebook = next(out.glob("*.codebook.html")).read_text(encoding="utf-8")
    assert "Kitabu cha misimbo" in codebook  # the codebook's headings in the first language

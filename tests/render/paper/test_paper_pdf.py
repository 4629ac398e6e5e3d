"""The printed questionnaire, read back from the PDFs WeasyPrint writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import BuildOptions, api
from generator.render.paper import plan
from generator.render.paper.view import _text as paper_text
from generator.render.paper.view import paper_view
from generator.render.templating import render_template
from tests.conftest import STANDARD_BANK

ARABIC = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> api.BuildResult:
    out = tmp_path_factory.mktemp("paper")
    result = api.build(STANDARD_BANK, BuildOptions(country="KEN"), out, ("pdf",))
    assert result.report.valid, result.report.to_text()
    return result


def pdf_text(result: api.BuildResult, lang: str) -> tuple[PdfReader, str]:
    path = next(p for p in result.written if p.name.endswith(f".questionnaire.{lang}.pdf"))
    reader = PdfReader(str(path))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_one_pdf_and_one_html_preview_per_language(built: api.BuildResult) -> None:
    names = sorted(p.name for p in built.written)
    for lang in ("en", "fr", "es", "ar"):
        assert f"migmod_standard_ken_extended.questionnaire.{lang}.pdf" in names
        assert f"migmod_standard_ken_extended.questionnaire.{lang}.html" in names


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_every_question_number_and_label_in_order(built: api.BuildResult, lang: str) -> None:
    assert built.instrument is not None
    _, text = pdf_text(built, lang)
    flat = squash(text)
    position = 0
    paper = plan(built.instrument)
    view = paper_view(paper, lang)
    by_id = {s.block.id: s for s in paper.sections}
    for shown in view.household + view.individual:  # the household booklet, then the individual
        for entry in by_id[shown.id].entries:
            words = paper_text(entry.item, "label", lang, view.words).split()[:3]
            found = flat.find(squash(entry.number), position)
            assert found >= 0, f"{entry.number} missing or out of order"
            assert squash(" ".join(words)) in flat, f"{entry.number}: '{' '.join(words)}'"
            position = found


def test_goto_targets_exist_and_lie_after_their_source(built: api.BuildResult) -> None:
    _, text = pdf_text(built, "en")
    flat = squash(text)
    jumps = list(re.finditer(r"→([A-Z]{1,3}\d{2})", flat))
    assert len(jumps) > 20
    for jump in jumps:
        target = jump.group(1)
        after = flat.find(target, jump.end())
        assert after >= jump.end(), f"GO TO {target} has no later question"


def test_fonts_are_embedded(built: api.BuildResult) -> None:
    for lang in ("en", "ar"):
        reader, _ = pdf_text(built, lang)
        fonts = {}
        for page in reader.pages[:6]:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
        assert fonts and all(fonts.values()), fonts


def test_arabic_is_set_in_an_arabic_font(built: api.BuildResult) -> None:
    reader, text = pdf_text(built, "ar")
    assert len(ARABIC.findall(text)) > 2000
    names = {str(f.get_object()["/BaseFont"]) for page in reader.pages[:4]
             for f in page["/Resources"]["/Font"].values()}
    assert any("Arabic" in name for name in names), names


def test_country_code_appendix_sorted_by_name(built: api.BuildResult) -> None:
    _, text = pdf_text(built, "en")
    appendix = text[text.rfind("COUNTRY CODES"):]
    assert "Afghanistan" in appendix and "004" in appendix
    assert appendix.find("Afghanistan") < appendix.find("Zimbabwe")
    assert not re.search(r"Kenya\s*404", appendix)  # the survey country is not 'other'


def test_template_error_is_located(tmp_path: Path) -> None:
    (tmp_path / "bad.html.j2").write_text("<p>\n{{ v.title }\n</p>\n", encoding="utf-8")
    html, found = render_template("bad.html.j2", tmp_path, v=None)
    assert html is None
    (err,) = found
    assert err.code == "OUT006" and err.loc is not None
    assert (err.loc.file, err.loc.line) == ("templates/bad.html.j2", 2)

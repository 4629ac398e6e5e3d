"""A real host form with the module attached, typeset and read back from the PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from generator.hostform import PrintOptions, print_form
from tests.hostform.test_real_hosts import attached, fragments, labels_of

pytestmark = pytest.mark.slow


def test_the_pdf_of_an_attached_form_reads_back(tmp_path: Path) -> None:
    import pypdf

    path = attached("reach_msna2024_v11.xlsx", tmp_path)
    result = print_form(path, tmp_path, PrintOptions(languages=("french",)), ("pdf",))
    assert result.paper is not None
    [pdf] = result.written
    assert pdf.name == "reach_msna2024_v11_migration.questionnaire.fr.pdf"
    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) > 40
    text = "".join("".join(p.extract_text() for p in reader.pages).split())
    labels = labels_of(result.paper.form.tree, "french")
    missing = [f for label in labels for f in fragments(label) if f not in text]
    assert not missing, missing[:5]

"""Safe outputs: formulas never run, HTML escapes, WeasyPrint fetches nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from generator import BuildOptions, api
from generator.render import templating as html_render

HOSTILE = '=HYPERLINK("http://example.invalid","x") <img src="file:///etc/passwd"> @x'


def hostile_bank(bank: Path) -> None:
    person = bank / "person.yaml"
    text = person.read_text(encoding="utf-8")
    text = text.replace("{en: Main reason, fr: Raison principale}",
                        f"{{en: '{HOSTILE}', fr: '+{HOSTILE}'}}")
    text = text.replace("{code: 1, label: {en: Work, fr: Travail}}",
                        "{code: 1, label: {en: '-1+2', fr: '@SUM(A1)'}}")
    person.write_text(text, encoding="utf-8")


def test_formula_like_text_is_written_as_text(mini_bank: Path, tmp_path: Path) -> None:
    hostile_bank(mini_bank)
    result = api.build(mini_bank, BuildOptions(), tmp_path, ("xlsform",))
    assert result.report.valid, result.report.to_text()
    xlsx = zipfile.ZipFile(result.written[0])
    sheets = [n for n in xlsx.namelist() if n.startswith("xl/worksheets/")]
    body = "".join(xlsx.read(n).decode() for n in sheets)
    assert "<f>" not in body and "<f " not in body, "a cell was written as a formula"
    strings = xlsx.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in \
        xlsx.namelist() else body
    assert "=HYPERLINK(" in strings and "@SUM(A1)" in strings


def test_printed_outputs_escape_markup_and_fetch_nothing(mini_bank: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def recording(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        asked.append(url)
        raise ValueError("refused")

    monkeypatch.setattr(html_render, "refuse_fetch", recording)
    hostile_bank(mini_bank)
    result = api.build(mini_bank, BuildOptions(languages=("en",)), tmp_path, ("pdf",))
    assert result.report.valid, result.report.to_text()
    html = next(p for p in result.written if p.suffix == ".html").read_text(encoding="utf-8")
    assert '&lt;img src=&#34;file:///etc/passwd&#34;&gt;' in html
    assert '<img src="file:///etc/passwd">' not in html
    assert asked == []  # escaped text asks for nothing

    pdf = html_render.pdf_bytes('<p>x<img src="file:///etc/passwd">'
                                '<img src="http://127.0.0.1:9/a.png"></p>', 0)
    assert pdf.startswith(b"%PDF")
    assert sorted(asked) == ["file:///etc/passwd", "http://127.0.0.1:9/a.png"]

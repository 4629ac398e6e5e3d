"""Hosts that real forms look like: headers pyxform accepts under other names, formulas,
languages the bank lacks, a host that already holds the module, relationship questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.api import attach
from generator.attach import AttachOptions, AttachResult
from generator.bank.model import Tier
from tests.attach.hosts import (
    assert_host_survives,
    bind_of,
    choice_rows,
    settings_rows,
    sheets_of,
    survey_rows,
    write_xlsx,
    xform_tree,
)
from tests.conftest import odk_validate

PERSON = AttachOptions(tier=Tier.CORE, modules=("person_core",))


def _validated(result: AttachResult, tmp: Path) -> None:
    assert result.report.valid, result.report.to_text()
    assert result.xform is not None
    path = tmp / "form.xml"
    path.write_text(result.xform, encoding="utf-8")
    odk_validate(path)


def _renamed(rows: list[list[object]], old: str, new: str) -> list[list[object]]:
    return [[new if c == 0 and v == old else v for c, v in enumerate(row)] if n == 0 else row
            for n, row in enumerate(rows)]


def _header(rows: list[list[object]], old: str, new: str) -> list[list[object]]:
    head = [new if v == old else v for v in rows[0]]
    return [head, *rows[1:]]


def test_headers_pyxform_reads_under_other_names(tmp_path: Path) -> None:
    """`list name` (WFP Kenya) and `calculate` are pyxform aliases of `list_name` and
    `calculation`: attach writes into those columns instead of adding the usual ones."""
    survey = _header(_header(survey_rows(), "calculation", "calculate"), "relevant",
                     "relevance")
    choices = _header(choice_rows(), "list_name", "list name")
    host = write_xlsx(tmp_path / "aliases.xlsx", {"survey": survey, "choices": choices,
                                                   "settings": settings_rows()})
    out = tmp_path / "aliases_out.xlsx"
    result = attach(host, out, AttachOptions(tier=Tier.CORE))
    _validated(result, tmp_path)
    new = result.plan.new_columns
    assert not {"calculation", "relevant"} & set(new["survey"]) and new["choices"] == []
    assert_host_survives(host, out, result.plan.added_rows)
    after = sheets_of(out)
    assert "list_name" not in after["choices"][0] and "calculation" not in after["survey"][0]
    head = after["survey"][0]
    line = next(r for r in after["survey"] if r[head.index("name")] == "ref_year")
    assert line[head.index("calculate")]  # the module's calculation in the host's column


def test_single_colon_language_headers(tmp_path: Path) -> None:
    """Old forms write `label:English`; new columns follow that spelling."""
    survey = [[str(v).replace("::", ":") if n == 0 and v else v for v in row] if n == 0
              else row for n, row in enumerate(survey_rows())]
    survey[0][survey[0].index("hint:English (en)")] = "hint:English (en)"
    choices = [[str(v).replace("::", ":") if v else v for v in row] if n == 0 else row
               for n, row in enumerate(choice_rows())]
    host = write_xlsx(tmp_path / "colon.xlsx", {"survey": survey, "choices": choices,
                                                 "settings": settings_rows()})
    out = tmp_path / "colon_out.xlsx"
    result = attach(host, out, PERSON)
    _validated(result, tmp_path)
    assert result.plan.languages == {"English (en)": "en", "Français": "fr", "Spanish": "es"}
    added = [c for cols in result.plan.new_columns.values() for c in cols]
    assert added and not any("::" in c for c in added), added
    assert_host_survives(host, out, result.plan.added_rows)


def _with_cached(path: Path, values: dict[str, tuple[str, str]]) -> Path:
    """Give formula cells of the first sheet the value a spreadsheet program would have
    stored (openpyxl writes formulas without one): cell → (type, value)."""
    import io
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = body.decode()
                for ref, (kind, value) in values.items():
                    text, n = re.subn(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?</c>',
                                      rf'<c r="{ref}" t="{kind}"><f>\2</f><v>{value}</v></c>',
                                      text)
                    assert n == 1, ref
                body = text.encode()
            dst.writestr(info, body)
    path.write_bytes(raw.getvalue())
    return path


def test_host_formulas_stay_formulas(tmp_path: Path) -> None:
    """REACH writes `required` as `=TRUE()`: the output keeps the formulas, their values
    (what pyxform reads), and references to rows that moved follow them."""
    import openpyxl

    rows = survey_rows()
    head = rows[0]
    req, notes, name = (head.index(c) for c in ("required", "my_notes", "name"))
    rows[3][req] = "=TRUE()"  # hh_id, above the roster
    rows[10][req] = "=TRUE()"  # age, inside the roster: rows are inserted above it
    rows[10][notes] = '=B11 & " (row 11)"'
    rows[17][notes] = "=B18"  # rooms, below the roster: it moves further
    rows[4][notes] = "=1+1"  # never computed: no value, kept as a formula
    host = write_xlsx(tmp_path / "formulas.xlsx", {"survey": rows, "choices": choice_rows(),
                                                    "settings": settings_rows()})
    letters = "ABCDEFGHIJKL"
    _with_cached(host, {f"{letters[req]}4": ("b", "1"), f"{letters[req]}11": ("b", "1"),
                        f"{letters[notes]}11": ("str", "age (row 11)"),
                        f"{letters[notes]}18": ("str", "rooms")})
    out = tmp_path / "formulas_out.xlsx"
    result = attach(host, out, PERSON)
    _validated(result, tmp_path)
    assert not result.report.warnings, result.report.to_text()
    assert_host_survives(host, out, result.plan.added_rows)  # the values
    kept = openpyxl.load_workbook(out)["survey"]
    moved: dict[int, int] = {}
    added = sorted(result.plan.added_rows)
    for old in (4, 5, 11, 18):  # where each host row went
        new = old
        for a in added:
            if a <= new:
                new += 1
        moved[old] = new
    assert kept.cell(moved[4], req + 1).value == "=TRUE()"
    assert kept.cell(moved[11], req + 1).value == "=TRUE()"
    assert kept.cell(moved[11], notes + 1).value == f'=B{moved[11]} & " (row 11)"'
    assert kept.cell(moved[18], notes + 1).value == f"=B{moved[18]}"
    assert kept.cell(moved[5], notes + 1).value == "=1+1"
    assert kept.cell(moved[18], name + 1).value == "rooms" and moved[18] > 18
    tree = xform_tree(result.xform or "")
    assert bind_of(tree, "hh_id")["required"] == "true()"
    assert bind_of(tree, "age")["required"] == "true()"


def test_xls_host_formulas_are_values(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the .xls test host")
    book = xlwt.Workbook()
    ws = book.add_sheet("survey", cell_overwrite_ok=True)
    for r, row in enumerate(survey_rows()):
        for c, value in enumerate(row):
            if value not in ("", None):
                ws.write(r, c, value)
    ws.write(3, 11, xlwt.Formula('"keep"&" me"'))
    sheet = book.add_sheet("choices")
    for r, row in enumerate(choice_rows()):
        for c, value in enumerate(row):
            if value not in ("", None):
                sheet.write(r, c, value)
    host = tmp_path / "legacy.xls"
    book.save(str(host))
    result = attach(host, tmp_path / "legacy_out.xlsx", PERSON)
    assert result.report.valid, result.report.to_text()
    [warning] = result.report.warnings
    assert warning.code == "ATT017" and "1 formula cells" in warning.message


def test_one_conversion_sees_what_pyxform_reads_from_the_file(tmp_path: Path) -> None:
    """Attach converts the workbook in memory once; pyxform reading the written file (its
    formulas' values included) makes the very same XForm."""
    from pyxform.xls2xform import convert

    test_host_formulas_stay_formulas(tmp_path)
    out = tmp_path / "formulas_out.xlsx"
    again = attach(tmp_path / "formulas.xlsx", None, AttachOptions(
        tier=Tier.CORE, modules=("person_core",), dry_run=True))
    assert again.xform is not None and again.xlsx == out.read_bytes()
    from_file = convert(xlsform=str(out), validate=False, pretty_print=True)
    assert from_file.xform == again.xform


def test_a_language_the_bank_lacks_is_filled_with_one_warning(tmp_path: Path) -> None:
    survey = [["type", "name", "label::Kiswahili (sw)", "label::English (en)"],
              ["begin_repeat", "people", "Watu", "People"], ["text", "name", "Jina", "Name"],
              ["integer", "age", "Umri", "Age"], ["end_repeat", "", "", ""]]
    host = write_xlsx(tmp_path / "sw.xlsx", {"survey": survey})
    out = tmp_path / "sw_out.xlsx"
    result = attach(host, out, PERSON)
    _validated(result, tmp_path)
    [warning] = result.report.warnings
    assert warning.code == "ATT019" and "'Kiswahili (sw)'" in warning.message
    assert warning.loc is not None and warning.loc.line == 1
    after = sheets_of(out)["survey"]
    born = next(r for r in after if r[1] == "born_here")
    assert born[2] == born[3] and born[2].startswith("Was ${name} born")  # English in both

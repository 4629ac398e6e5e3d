"""The short cuts attach takes for speed give exactly what the slow way gives."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from pyxform.survey_element import SurveyElement
from pyxform.xls2xform import convert as px_convert

from generator.attach.check import same_element_is_equal
from generator.attach.read import sheet_values
from tests.attach.hosts import HOSTS, standard_host, write_xlsx

ROSTER_WITH_GROUPS = {
    "survey": [["type", "name", "label", "relevant", "default"],
               ["integer", "n", "How many?", "", ""],
               ["begin_repeat", "members", "Member", "", ""],
               ["text", "first", "Name", "", ""],
               ["begin_group", "person", "Person", "", ""],
               ["integer", "age", "Age", "", ""],
               ["date", "seen", "Seen", "", "today()"],
               ["begin_group", "inner", "Inner", "${age} > 5", ""],
               ["select_one yn", "school", "School?", "", ""],
               ["end_group", "inner", "", "", ""],
               ["end_group", "person", "", "", ""],
               ["begin_repeat", "trips", "Trip", "", ""],
               ["date", "left", "Left", "", "today()"],
               ["end_repeat", "trips", "", "", ""],
               ["end_repeat", "members", "", "", ""]],
    "choices": [["list_name", "name", "label"], ["yn", "1", "Yes"], ["yn", "2", "No"]],
}


def _xform(path: Path, fast: bool) -> str:
    data = io.BytesIO(path.read_bytes())
    if not fast:
        return str(px_convert(xlsform=data, validate=False, file_type=".xlsx").xform)
    with same_element_is_equal():
        return str(px_convert(xlsform=data, validate=False, file_type=".xlsx").xform)


def test_identity_short_cut_gives_the_same_xform(tmp_path: Path) -> None:
    """Groups and a nested repeat inside a roster (dynamic defaults on both levels), and
    the real REACH host: the XForm is the same byte for byte, and pyxform's own
    comparison is back in place afterwards."""
    original = SurveyElement.__eq__
    forms = [write_xlsx(tmp_path / "groups.xlsx", ROSTER_WITH_GROUPS),
             standard_host(tmp_path), HOSTS / "reach_msna2024_v11.xlsx"]
    for form in forms:
        slow = _xform(form, fast=False)
        assert _xform(form, fast=True) == slow
    assert SurveyElement.__eq__ is original
    with same_element_is_equal():
        assert SurveyElement.__eq__ is not original
    assert SurveyElement.__eq__ is original


def test_sheet_values_are_what_iter_rows_gives(tmp_path: Path) -> None:
    """Values from the cells a sheet holds, as openpyxl's own iteration gives them: trailing
    styled cells, merged cells, gaps, formulas as text, and an empty sheet."""
    path = standard_host(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["survey"]
    ws.merge_cells("M3:N4")
    ws.cell(40, 20).value = "=A1"
    wb.create_sheet("empty")
    for sheet in wb.worksheets:
        want = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert sheet_values(sheet) == want, sheet.title


HEAVY = ("weasyprint", "pandas", "duckdb", "polars", "pyarrow", "jinja2")


def test_attach_imports_no_heavy_library(tmp_path: Path) -> None:
    """`migmod attach` (its codebook included) loads neither the PDF nor the data-frame
    libraries: they are imported only by the commands that write PDFs or label data."""
    import subprocess
    import sys

    host = standard_host(tmp_path)
    code = ("import sys\nfrom generator.cli import main\n"
            f"sys.argv = ['migmod', 'attach', {str(host)!r}, '--out', "
            f"{str(tmp_path / 'out.xlsx')!r}, '--no-validate', '--tier', 'core']\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n")
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                          text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.codebook.json").is_file()
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout[-2000:]


def test_background_step_result_or_done_here() -> None:
    """A forked step's value comes back; one whose value cannot be sent (a function) runs
    in this process instead, so the caller gets the same value either way."""
    import os

    from generator.attach.background import in_background

    here = os.getpid()
    assert in_background(lambda: (os.getpid() != here, [1, "two", None]))() == \
        (hasattr(os, "fork"), [1, "two", None])
    marker = in_background(lambda: (os.getpid(), lambda: 3))()
    assert marker[0] == here and marker[1]() == 3

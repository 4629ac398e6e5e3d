"""Golden outputs: the XForm and the XLSForm (one CSV per sheet) of sample builds.

Run `pytest --update-golden` to rewrite them, then review their diff like code.
"""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path

import openpyxl
import pytest

from generator import BuildOptions, api
from generator.bank.model import Tier
from tests.conftest import BANKS, STANDARD_BANK, TESTS, odk_validate

GOLDEN = TESTS / "golden"
CASES = {
    "mini": (BANKS / "mini", BuildOptions()),
    "mini_core_fr": (BANKS / "mini", BuildOptions(tier=Tier.CORE, languages=("fr",))),
    "standard": (STANDARD_BANK, BuildOptions()),
    "standard_core_ken": (STANDARD_BANK, BuildOptions(tier=Tier.CORE, country="KEN")),
}


def sheets_as_csv(xlsx: Path) -> dict[str, str]:
    wb = openpyxl.load_workbook(xlsx)
    out = {}
    for ws in wb.worksheets:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        for row in ws.iter_rows(values_only=True):
            writer.writerow(["" if v is None else v for v in row])
        out[f"{ws.title}.csv"] = buf.getvalue()
    return out


def compare(name: str, produced: dict[str, str], update: bool) -> None:
    folder = GOLDEN / name
    if update:
        folder.mkdir(parents=True, exist_ok=True)
        for fname, text in produced.items():
            (folder / fname).write_text(text, encoding="utf-8")
        return
    for fname, text in produced.items():
        expected_path = folder / fname
        assert expected_path.exists(), f"no golden {expected_path}; run pytest --update-golden"
        expected = expected_path.read_text(encoding="utf-8")
        if text != expected:
            diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                                f"golden/{name}/{fname}", "produced", n=2))
            pytest.fail(f"{name}/{fname} differs from golden:\n{diff[:6000]}")


@pytest.mark.parametrize("name", list(CASES))
def test_golden_build(name: str, tmp_path: Path, update_golden: bool) -> None:
    bank, options = CASES[name]
    result = api.build(bank, options, tmp_path, ("xlsform", "xform"))
    assert result.report.valid, result.report.to_text()
    xlsx = next(p for p in result.written if p.suffix == ".xlsx")
    xml = next(p for p in result.written if p.suffix == ".xml")
    odk_validate(xml)
    produced = {"form.xml": xml.read_text(encoding="utf-8"), **sheets_as_csv(xlsx)}
    compare(name, produced, update_golden)

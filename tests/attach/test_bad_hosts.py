"""Hosts attach must refuse: each gives its ATT code, at its sheet and row, and no file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.api import attach
from generator.attach import AttachOptions
from generator.bank.model import Tier
from tests.attach.hosts import choice_rows, settings_rows, survey_rows, write_bytes, xlsx_bytes

OPTIONS = AttachOptions(tier=Tier.CORE, modules=("person_core",), strict_languages=True)
HEAD = ["type", "name", "label"]


def _zip(entries: dict[str, bytes]) -> bytes:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in entries.items():
            zf.writestr(name, body)
    return raw.getvalue()


def _form(survey: list[list[str]]) -> bytes:
    return xlsx_bytes({"survey": survey, "choices": [["list_name", "name", "label"]]})


ROSTER = [["begin_repeat", "people", "People"], ["text", "name", "Name"],
          ["integer", "age", "Age"]]
CASES: dict[str, tuple[Callable[[], bytes], str, int, str]] = {
    # name: (file bytes, code, row, words in the message)
    "text file": (lambda: b"type,name\ninteger,age\n", "ATT001", 0, "not an Excel workbook"),
    "zip, not a workbook": (lambda: _zip({"readme.txt": b"hello"}), "ATT001", 0,
                            "not an Excel workbook"),
    "corrupt zip": (lambda: b"PK\x03\x04" + b"\x00garbage" * 50, "ATT002", 0, "damaged"),
    "truncated workbook": (lambda: _form([HEAD, *ROSTER, ["end_repeat", "", ""]])[:600],
                           "ATT002", 0, "damaged"),
    "password-protected": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
                           + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512,
                           "ATT002", 0, "password-protected"),
    "zip bomb": (lambda: _zip({"xl/workbook.xml": b"<workbook/>",
                               "xl/worksheets/sheet1.xml": b"\x00" * 8_000_000}),
                 "ATT003", 0, "times its size"),
    "no survey sheet": (lambda: xlsx_bytes({"questions": [HEAD], "choices": [["list_name"]]}),
                        "ATT004", 0, "'questions', 'choices'"),
    "no type column": (lambda: _form([["kind", "name", "label"], ["integer", "a", "A"]]),
                       "ATT005", 1, "no `type` column"),
    "end without begin": (lambda: _form([HEAD, *ROSTER, ["end_repeat", "", ""],
                                         ["end_group", "", ""]]),
                          "ATT006", 6, "closes nothing"),
    "begin without end": (lambda: _form([HEAD, ["begin_group", "g", "G"], *ROSTER,
                                         ["end_repeat", "", ""]]),
                          "ATT006", 2, "'g' is never closed"),
    "repeat closed as group": (lambda: _form([HEAD, *ROSTER, ["end_group", "", ""]]),
                               "ATT006", 5, "row 2 opened begin_repeat 'people'"),
    "no repeat": (lambda: _form([HEAD, ["text", "name", "Name"], ["integer", "age", "Age"]]),
                  "ATT007", 0, "no repeat"),
    "no person repeat": (lambda: _form([HEAD, ["begin_repeat", "plots", "Plots"],
                                        ["decimal", "area", "Area"], ["end_repeat", "", ""]]),
                         "ATT007", 0, "plots (row 2)"),
    "duplicate names": (lambda: _form([HEAD, *ROSTER, ["integer", "age", "Age again"],
                                       ["end_repeat", "", ""]]),
                        "ATT010", 5, "pyxform rejects the host form"),
    "language the bank lacks": (
        lambda: xlsx_bytes({"survey": [["type", "name", "label::Kiswahili (sw)"], *ROSTER,
                                       ["end_repeat", "", ""]]}),
        "ATT011", 1, "'Kiswahili (sw)'"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_host(tmp_path: Path, case: str) -> None:
    make, code, row, words = CASES[case]
    host = write_bytes(tmp_path / "host.xlsx", make())
    before = host.read_bytes()
    out = tmp_path / "out" / "new.xlsx"
    result = attach(host, out, OPTIONS)
    errors = result.report.errors
    assert [e.code for e in errors][:1] == [code], result.report.to_text()
    assert errors[0].loc is not None and errors[0].loc.line == row
    assert errors[0].loc.file == "host.xlsx"
    assert words in result.report.to_text()
    assert result.written is None and not out.exists() and not out.parent.exists()
    assert host.read_bytes() == before


def _good_host(tmp_path: Path) -> Path:
    data = xlsx_bytes({"survey": survey_rows(), "choices": choice_rows(),
                       "settings": settings_rows()})
    return write_bytes(tmp_path / "host.xlsx", data)


@pytest.mark.parametrize(("out_name", "options", "code", "words"), [
    ("host.xlsx", OPTIONS, "ATT015", "would replace the host form"),
    ("new.xls", OPTIONS, "ATT015", "written as .xlsx"),
    ("new.xlsx", AttachOptions(roster="rooms"), "ATT009", "row 18 has type integer"),
    ("new.xlsx", AttachOptions(after="hh_size"), "ATT009", "row 5 is not inside the roster"),
    ("new.xlsx", AttachOptions(prefix="9x"), "ATT009", "--prefix '9x'"),
    ("new.xlsx", AttachOptions(fill_language={"Spanish": "sw"}), "ATT009",
     "--fill-language Spanish=sw"),
    ("new.xlsx", AttachOptions(modules=("nope",)), "REF010", "unknown module 'nope'"),
])
def test_bad_options(tmp_path: Path, out_name: str, options: AttachOptions, code: str,
                     words: str) -> None:
    host = _good_host(tmp_path)
    before = host.read_bytes()
    result = attach(host, tmp_path / out_name, options)
    assert [e.code for e in result.report.errors] == [code], result.report.to_text()
    assert words in result.report.to_text()
    assert host.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["host.xlsx"]


def test_unwritable_output(tmp_path: Path) -> None:
    host = _good_host(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = attach(host, blocker / "new.xlsx", OPTIONS)
    assert [e.code for e in result.report.errors] == ["ATT015"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "host.xlsx"]

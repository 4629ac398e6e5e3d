"""Every issue code in the catalogue is raised by at least one test; the codes no other
test reaches are raised here, each through the real component that reports it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import get_args

import pytest

from generator import BuildOptions, api
from generator.attach import AttachOptions
from generator.issues import CATALOGUE, CodeId
from generator.render.validate import odk_validate
from tests.attach.hosts import choice_rows, settings_rows, survey_rows, write_xlsx
from tests.cli.test_cli import run
from tests.conftest import ROOT

TESTS = ROOT / "tests"


def _mentioned_codes() -> set[str]:
    """Codes that a test file or a data-driven case names, outside this file."""
    found: set[str] = set()
    for path in TESTS.rglob("*"):
        if (path.suffix in (".py", ".yaml") and path.is_file()
                and "node_modules" not in path.parts and path.name != Path(__file__).name):
            found |= set(re.findall(r"\b[A-Z]{3}\d{3}\b", path.read_text(encoding="utf-8")))
    return found


def _raised_here() -> set[str]:
    text = Path(__file__).read_text(encoding="utf-8")
    return set(re.findall(r'^def test_(?:raises_)?([a-z]{3}\d{3})', text, re.MULTILINE))


def test_every_code_is_raised_by_a_test() -> None:
    covered = _mentioned_codes() | {c.upper() for c in _raised_here()}
    missing = sorted(set(CATALOGUE) - covered)
    assert not missing, f"codes no test raises: {missing}; add a case (tests/cases) or a test"


def test_code_type_lists_the_catalogue() -> None:
    """`CodeId` (the type every `issue()` call is checked against by mypy) names exactly the
    catalogue's codes, in its order: a typo in a code is a type error, not an internal one."""
    assert get_args(CodeId) == tuple(CATALOGUE)


def test_raises_out002(mini_bank: Path, tmp_path: Path) -> None:
    """A pyxform warning (two names equal but for case) is located at the bank question."""
    household = mini_bank / "household.yaml"
    household.write_text(household.read_text(encoding="utf-8").replace(
        "  - name: n_foreign\n", "  - name: Emigrants\n"), encoding="utf-8")
    result = api.build(mini_bank, BuildOptions(), tmp_path / "out", ("xlsform", "xform"))
    warnings = [i for i in result.report.issues if i.code == "OUT002"]
    assert result.report.valid and warnings, result.report.to_text()
    assert "case-insensitive" in warnings[0].message
    assert warnings[0].loc is not None and warnings[0].loc.file.endswith("household.yaml")


def test_raises_out003(tmp_path: Path) -> None:
    proc = run("build", "--format", "xlsform,pdff", "--out", str(tmp_path))
    assert proc.returncode == 2
    assert "OUT003" in proc.stderr and "unknown format 'pdff'" in proc.stderr
    assert not list(tmp_path.iterdir())


def test_raises_out004() -> None:
    """ODK Validate (Java) rejects an XForm whose bind points nowhere."""
    xform = (b'<?xml version="1.0"?><h:html xmlns="http://www.w3.org/2002/xforms" '
             b'xmlns:h="http://www.w3.org/1999/xhtml"><h:head><h:title>t</h:title><model>'
             b'<instance><data id="t"><a/></data></instance>'
             b'<bind nodeset="/data/a" type="int" relevant="/data/nowhere = 1 and ("/>'
             b'</model></h:head><h:body><input ref="/data/a"><label>A</label></input>'
             b'</h:body></h:html>')
    found = odk_validate(xform, "broken.xml")
    assert [i.code for i in found] == ["OUT004"], found


def test_raises_out005(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Java on PATH, validation is skipped with a warning, never a traceback."""
    monkeypatch.setenv("PATH", "/nonexistent")
    found = odk_validate(b"<x/>", "form.xml")
    assert [(i.code, i.severity.value) for i in found] == [("OUT005", "warning")]


def test_raises_ref014(tmp_path: Path) -> None:
    """Dropping a question that feeds an SDG indicator warns, naming the indicator."""
    bank = tmp_path / "bank"
    shutil.copytree(ROOT / "tests" / "banks" / "mini", bank)
    custom = tmp_path / "custom"
    custom.mkdir()
    (custom / "drop.yaml").write_text("drop: [born_here, arrival_year, reason, migrant]\n",
                                      encoding="utf-8")
    found = [i for i in api.check(bank, custom).report.issues if i.code == "REF014"]
    assert found and "8.5.2" in found[0].message, found


def _host(tmp_path: Path, relevant: str = "") -> Path:
    rows = survey_rows()
    if relevant:
        rows = [r if r[1] != "rooms" else [*r[:6], relevant, *r[7:]] for r in rows]
    return write_xlsx(tmp_path / "host.xlsx", {"survey": rows, "choices": choice_rows(),
                                               "settings": settings_rows()})


def test_raises_att016(tmp_path: Path) -> None:
    """A host expression pyxform lets through but ODK Validate rejects: the attached form
    is refused, and nothing is written."""
    host = _host(tmp_path, relevant="${hh_size} > 0 and (")
    out = tmp_path / "out.xlsx"
    result = api.attach(host, out, AttachOptions(modules=("person_core",), validate=True))
    codes = [i.code for i in result.report.issues]
    assert "ATT016" in codes or "ATT010" in codes, result.report.to_text()
    assert not out.exists()


def test_raises_att018(tmp_path: Path) -> None:
    """A module that compares `sex` with codes 1/2, attached to a host whose sex list is
    coded m/f: those comparisons would never hold, so attach warns at the host's row."""
    bank = tmp_path / "bank"
    shutil.copytree(ROOT / "modules", bank)
    intentions = bank / "intentions.yaml"
    text = intentions.read_text(encoding="utf-8")
    text = text.replace("  inputs: [member_name, age]\n", "  inputs: [member_name, age, sex]\n")
    text = text.replace('    relevant: "${age} >= 15"\n',
                        '    relevant: "${age} >= 15 and ${sex} = \'2\'"\n', 1)
    intentions.write_text(text, encoding="utf-8")
    host = _host(tmp_path)
    result = api.attach(host, tmp_path / "out.xlsx",
                        AttachOptions(modules=("intentions",), maps={"sex": "gender"}), bank)
    found = [i for i in result.report.issues if i.code == "ATT018"]
    assert found, result.report.to_text()
    assert "'gender'" in found[0].message and "2" in found[0].message

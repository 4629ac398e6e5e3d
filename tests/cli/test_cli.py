"""The command line as users run it: exit codes, messages, nothing half-written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import BANKS, ROOT, odk_validate

XML = ("--format", "xlsform,xform")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, env=env, timeout=120)


def break_bank(bank: Path) -> None:
    person = bank / "person.yaml"
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("${born_here} = '2'\"\n    constraint",
                                   "${born_hree} = '2'\"\n    constraint"), encoding="utf-8")


def test_check_clean_bank_exits_0() -> None:
    proc = run("check", "--bank", str(BANKS / "mini"))
    assert proc.returncode == 0, proc.stderr
    assert "ok: 3 modules, 11 questions" in proc.stderr


def test_check_standard_bank_exits_0() -> None:
    proc = run("check")
    assert proc.returncode == 0, proc.stderr


def test_check_typo_gives_located_error_and_exit_1(mini_bank: Path) -> None:
    break_bank(mini_bank)
    proc = run("check", "--bank", str(mini_bank))
    assert proc.returncode == 1
    first = proc.stderr.splitlines()[0]
    assert first.endswith("person.yaml:19:16: error REF001 questions[arrival_year].relevant: "
                          "unknown question 'born_hree'")
    assert "^^^^^^^^^^^^" in proc.stderr
    assert "hint: did you mean 'born_here'?" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_check_json_format(mini_bank: Path) -> None:
    break_bank(mini_bank)
    proc = run("check", "--bank", str(mini_bank), "--format", "json")
    assert proc.returncode == 1
    body = json.loads(proc.stdout)
    assert body["valid"] is False and body["errors"] == 1
    (found,) = body["issues"]
    assert (found["code"], found["line"], found["column"]) == ("REF001", 19, 16)
    assert found["hint"].startswith("did you mean 'born_here'?")


def test_usage_error_exits_2() -> None:
    proc = run("build", "--tier", "gold")
    assert proc.returncode == 2
    assert "Invalid value for '--tier'" in proc.stderr
    assert run("frobnicate").returncode == 2
    assert run("build", "--format", "docx").returncode == 2


def test_failed_build_writes_nothing_and_keeps_earlier_outputs(mini_bank: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", "--bank", str(mini_bank), "--out", str(out), *XML).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(before) == ["mini_extended.xlsx", "mini_extended.xml"]
    break_bank(mini_bank)
    proc = run("build", "--bank", str(mini_bank), "--out", str(out), *XML)
    assert proc.returncode == 1
    assert "nothing written" in proc.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_bad_option_values_exit_1_and_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for args, message in ((["--modules", "person_cor"], "unknown module 'person_cor'"),
                          (["--country", "XYZ"], "unknown country 'XYZ'"),
                          (["--languages", "sw"], "language sw is not in the bank")):
        proc = run("build", "--out", str(out), *args)
        assert proc.returncode == 1, proc.stderr
        assert message in proc.stderr
        assert not out.exists()


def test_build_is_byte_reproducible(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("build", "--bank", str(BANKS / "mini"), "--out", str(a), *XML).returncode == 0
    assert run("build", "--bank", str(BANKS / "mini"), "--out", str(b), *XML).returncode == 0
    for p in a.iterdir():
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name
    odk_validate(a / "mini_extended.xml")


def test_outputs_are_reproducible_and_dated_by_source_date_epoch(tmp_path: Path) -> None:
    import zipfile

    builds = []
    for name, epoch in (("a", "1700000000"), ("b", "1700000000"), ("c", "1600000000")):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": epoch}
        proc = subprocess.run([sys.executable, "-m", "generator", "build", "--bank",
                               str(BANKS / "mini"), "--out", str(tmp_path / name), "--format",
                               "xlsform,xform,pdf", "--no-validate"], capture_output=True,
                              text=True, env=env, timeout=300)
        assert proc.returncode == 0, proc.stderr
        builds.append(tmp_path / name)
    a, b, c = builds
    texts = [p.name for p in a.iterdir() if p.suffix != ".pdf"]
    assert len(texts) == 4  # xlsx, xml and two HTML previews
    for name in texts:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    core = zipfile.ZipFile(a / "mini_extended.xlsx").read("docProps/core.xml").decode()
    assert "2023-11-14T22:13:20Z" in core
    assert (a / "mini_extended.xlsx").read_bytes() != (c / "mini_extended.xlsx").read_bytes()


def test_config_file_is_read_and_options_override_it(tmp_path: Path) -> None:
    (tmp_path / "migmod.yaml").write_text(
        f"bank: {BANKS / 'mini'}\ntier: core\nlanguages: [fr]\nform_id: enquete\nout: built\n"
        "formats: [xlsform, xform]\n",
        encoding="utf-8")
    proc = run("build", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "built").iterdir()) == ["enquete.xlsx",
                                                                      "enquete.xml"]
    assert "languages fr" in proc.stdout
    proc = run("build", "--form-id", "other", "--languages", "en", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for xform in (tmp_path / "built").glob("*.xml"):
        odk_validate(xform)


def test_config_file_errors_are_located(tmp_path: Path) -> None:
    (tmp_path / "migmod.yaml").write_text("tier: core\nlanguage: [fr]\n", encoding="utf-8")
    proc = run("build", cwd=tmp_path)
    assert proc.returncode == 1
    assert "migmod.yaml:2:1: error SCH001 language: unknown key 'language'" in proc.stderr
    assert "did you mean 'languages'?" in proc.stderr


def test_list_commands() -> None:
    proc = run("list", "questions")
    assert proc.returncode == 0
    assert "arrival_year" in proc.stdout
    indicators = run("list", "indicators").stdout
    assert "10.7.1" in indicators


def test_codes_page_is_up_to_date() -> None:
    proc = run("codes")
    assert proc.returncode == 0
    assert (ROOT / "docs" / "issues.md").read_text(encoding="utf-8") == proc.stdout, \
        "docs/issues.md is stale: run `migmod codes --write docs/issues.md`"

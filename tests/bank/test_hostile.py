"""Hostile and broken input: every case gives a located error with a stable code, never a
traceback, and nothing is written. (The everyday mistakes are in cases/bad_banks.yaml.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import api
from tests.conftest import ROOT

Edit = Callable[[Path], None]


def write(name: str, data: str | bytes) -> Edit:
    def edit(bank: Path) -> None:
        target = bank / name
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    return edit


def replace(name: str, old: str, new: str) -> Edit:
    def edit(bank: Path) -> None:
        text = (bank / name).read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        (bank / name).write_text(text.replace(old, new), encoding="utf-8")
    return edit


def relevant(expr: str) -> Edit:
    """Set arrival_year's relevance to `expr` (JSON quoting is valid YAML quoting)."""
    return replace("person.yaml", "\"${born_here} = '2'\"\n    constraint",
                   f"{json.dumps(expr)}\n    constraint")


def laughs(depth: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, depth):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


CASES: list[tuple[str, Edit, str]] = [
    ("billion-laughs", write("bomb.yaml", laughs(9)), "YML005"),
    ("alias-of-mapping", write("alias.yaml", "a: &x {b: 1}\nc: *x\n"), "YML005"),
    ("python-tag", write("tag.yaml", "module: !!python/object/apply:os.system [ls]\n"), "YML008"),
    ("custom-tag", write("tag.yaml", "questions: !include other.yaml\n"), "YML008"),
    ("not-utf8-latin1", write("enc.yaml", "module:\n  id: caf\xe9\n".encode("latin-1")), "YML003"),
    ("utf16-file", write("enc.yaml", "module: {}\n".encode("utf-16")), "YML003"),
    ("nul-byte", write("nul.yaml", "module:\n  id: a\x00b\n"), "YML001"),
    ("empty-file", write("empty.yaml", ""), "YML004"),
    ("only-comments", write("empty.yaml", "# nothing\n# here\n"), "YML004"),
    ("only-whitespace", write("empty.yaml", "\n   \n\t\n"), "YML004"),
    ("tab-indent", write("tab.yaml", "module:\n\tid: x\n"), "YML006"),
    ("unclosed-quote", write("q.yaml", "module:\n  id: \"abc\n"), "YML001"),
    ("unclosed-flow", write("q.yaml", "module: {id: abc\n"), "YML001"),
    ("bad-indent", write("q.yaml", "module:\n  id: a\n title: b\n"), "YML001"),
    ("complex-key", write("q.yaml", "? [a, b]\n: 1\n"), "YML001"),
    ("duplicate-top-key", write("d.yaml", "indicators: []\nindicators: []\n"), "YML002"),
    ("duplicate-nested-key", replace("person.yaml", "  prefix: P\n", "  prefix: P\n  prefix: Q\n"),
     "YML002"),
    ("deep-flow-nesting", write("deep.yaml", "a: " + "[" * 2000 + "]" * 2000 + "\n"), "YML001"),
    ("top-level-list", write("list.yaml", "- module: x\n"), "SCH008"),
    ("top-level-scalar", write("s.yaml", "just text\n"), "SCH008"),
    ("no-known-section", write("s.yaml", "modules: []\n"), "SCH008"),
    ("label-is-a-list", replace("person.yaml", "{en: Main reason, fr: Raison principale}",
                                "[Main reason]"), "SCH003"),
    ("required-not-bool", replace("person.yaml", "    tier: extended\n",
                                  "    tier: extended\n    required: [1]\n"), "SCH003"),
    ("name-with-space", replace("person.yaml", "  - name: migrant", "  - name: mig rant"),
     "SCH004"),
    ("name-bidi-control", replace("person.yaml", "  - name: migrant", "  - name: mig\u202erant"),
     "SCH004"),
    ("unknown-language-code-shape", replace("person.yaml", "{en: Main reason,",
                                            "{EN: Main reason,"), "SCH003"),
    ("module-id-missing", replace("person.yaml", "  id: person\n", ""), "SCH002"),
    ("question-without-type", replace("person.yaml", "    type: calculate\n", ""), "SCH002"),
    ("negative-years-before", replace("bank.yaml", "    country: {en: this country, fr: ce pays}",
                                      "    country: {en: this country, fr: ce pays}\n"
                                      "    d: {default: {en: a, fr: a}, dated: {en: b, fr: b},"
                                      " years_before: -3}"), "SCH003"),
    ("duplicate-across-modules", replace("household.yaml", "  - name: emigrants\n",
                                         "  - name: born_here\n"), "REF002"),
    ("unbalanced-parentheses", relevant("(${born_here} = '2'"), "LOG001"),
    ("extra-parenthesis", relevant("${born_here} = '2')"), "LOG001"),
    ("unknown-function", relevant("frobnicate(${born_here})"), "LOG001"),
    ("wrong-arity", relevant("selected(${born_here})"), "LOG001"),
    ("trailing-operator", relevant("${born_here} = "), "LOG001"),
    ("empty-reference", relevant("${} = '2'"), "LOG001"),
    ("xpath-path", relevant("/data/born_here = '2'"), "LOG001"),
    ("predicate", relevant("${born_here}[1] = '2'"), "LOG001"),
    ("dollar-without-braces", relevant("$born_here = '2'"), "LOG001"),
    ("unterminated-string", relevant("${born_here} = '2"), "LOG001"),
    ("deep-expression", relevant("(" * 3000 + "1" + ")" * 3000), "LOG001"),
    ("forward-reference", relevant("${migrant} = 1"), "LOG002"),
    ("self-cycle", replace("person.yaml", "calculation: \"if(${born_here} = '2', 1, 0)\"",
                           "calculation: \"${migrant} + 1\""), "LOG010"),
    ("unknown-indicator", replace("person.yaml", '{id: "8.5.2"', '{id: "99.9.9"'), "REF004"),
    ("indicator-id-shape", replace("person.yaml", '{id: "8.5.2"', '{id: "eight"'), "SCH003"),
    ("unknown-role", replace("person.yaml", "role: disaggregation", "role: feeds"), "SCH003"),
    ("missing-translation", replace("person.yaml", "{en: Year of arrival, fr: Année d'arrivée}",
                                    "{en: Year of arrival}"), "TRN001"),
    ("empty-translation", replace("person.yaml", "{en: Year of arrival, fr: Année d'arrivée}",
                                  "{en: Year of arrival, fr: \"  \"}"), "TRN001"),
    ("unknown-placeholder", replace("person.yaml", "{en: Main reason,",
                                    "{en: \"Main reason in {contry}\","), "TRN003"),
]


@pytest.mark.parametrize(("edit", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_bank(mini_bank: Path, tmp_path: Path, edit: Edit, code: str) -> None:
    edit(mini_bank)
    out = tmp_path / "out"
    result = api.build(mini_bank, api.BuildOptions(), out, ("xlsform", "xform"))
    codes = {i.code for i in result.report.errors}
    assert code in codes, result.report.to_text()
    located = [i for i in result.report.errors if i.code == code]
    assert all(i.loc is not None and i.loc.file and i.loc.line >= 1 for i in located)
    assert not out.exists(), "a failed build must write nothing"


def test_there_are_many_hostile_cases() -> None:
    assert len(CASES) >= 45


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                          text=True, env=env, timeout=120, cwd=ROOT)


def test_huge_file_is_refused_before_reading(mini_bank: Path) -> None:
    big = mini_bank / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB (sparse)
    proc = run_cli("check", "--bank", str(mini_bank))
    assert proc.returncode == 1
    assert "big.yaml: error YML007" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_billion_laughs_is_refused_quickly(mini_bank: Path) -> None:
    (mini_bank / "bomb.yaml").write_text(laughs(12), encoding="utf-8")
    proc = run_cli("check", "--bank", str(mini_bank))
    assert proc.returncode == 1 and "YML005" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("args", [
    ("build", "--country", "ZZZ"), ("build", "--tier", "bronze"), ("build", "--modules", "nope"),
    ("build", "--languages", "xx"), ("build", "--reference-date", "2027-13-45"),
    ("build", "--format", "docx"), ("check", "--bank", "/nonexistent/folder"),
    ("build", "--paper", "A3"),
])
def test_bad_options_never_trace_back(args: tuple[str, ...], tmp_path: Path) -> None:
    proc = run_cli(*args, "--out", str(tmp_path / "o")) if args[0] == "build" else run_cli(*args)
    assert proc.returncode in (1, 2), proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.strip()
    assert not (tmp_path / "o").exists()

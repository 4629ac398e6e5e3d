"""`migmod print` on a large host form, beside pyxform's conversion of the same form.

    .venv/bin/python bench/print_large.py [--rows 2000] [--runs 3]

The host is written here: sections of 25 questions with the skips a household survey has
(yes/no filters, numbers compared with a bound, `selected()`, a blank answer, a quoted
`pulldata()` condition), notes, hidden calculations, constraints, a member roster with a
`repeat_count`, two label languages. Each step runs as its own process (interpreter start
included); the table gives the median wall time of the runs and the ratio to pyxform
measured in the same run. The promise checked: a 2,000-row host prints in under 30 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LIMIT = 30.0
"""Seconds a 2,000-row host may take to print (one language, PDF)."""


def _q(type_: str, name: str, label: str = "", relevant: str = "", **kw: str) -> list[Any]:
    french = f"{label} (fr)" if label else ""
    return [type_, name, label, french, relevant, kw.get("constraint", ""),
            kw.get("calculation", ""), kw.get("repeat_count", ""), kw.get("required", "")]


def _section(s: int) -> list[list[Any]]:
    """One group of 25 questions, a note and a calculation; every third question filtered."""
    rows = [_q("begin_group", f"s{s:03d}", f"Section {s}")]
    for k in range(0, 25, 5):
        p = f"s{s:03d}_{k:02d}"
        rows += [
            _q("select_one yn", f"{p}a", f"Question {s}.{k} (yes/no)?", required="yes"),
            _q("integer", f"{p}b", f"How many, {s}.{k}?", f"${{{p}a}} = 'yes'",
               constraint=". >= 0 and . <= 99"),
            _q("select_multiple things", f"{p}c", f"Which things, {s}.{k}?",
               f"${{{p}b}} >= 18 or ${{{p}a}} = 'dk'"),
            _q("text", f"{p}d", f"Specify, {s}.{k}", f"selected(${{{p}c}}, 'other')"),
            _q("text", f"{p}e", f"Anything else, {s}.{k}?", f"${{{p}d}} != ''"),
        ]
        if k == 10:
            rows.append(_q("note", f"{p}n", f"Read the next questions slowly ({s})."))
            rows.append(_q("calculate", f"{p}x", "", calculation=f"${{{p}b}} * 2"))
    if s % 10 == 3:
        rows.append(_q("select_one yn", f"s{s:03d}_reg", "Known to the register?",
                       f"pulldata('reg', 'known', 'id', ${{s{s:03d}_00a}}) = 'yes'"))
    rows.append(_q("end_group", ""))
    return rows


def _roster() -> list[list[Any]]:
    rows = [_q("begin_repeat", "members", "Household member", repeat_count="${hh_size}")]
    rows += [_q("text", "m_name", "Name of the member", required="yes"),
             _q("integer", "m_age", "Age in completed years", required="yes",
                constraint=". >= 0 and . <= 120"),
             _q("select_one sex", "m_sex", "Sex", required="yes")]
    for k in range(12):
        rows.append(_q("select_one yn", f"m_q{k:02d}", f"Member question {k}?",
                       "${m_age} >= 15" if k % 2 else ""))
    rows.append(_q("end_repeat", ""))
    return rows


def write_host(path: Path, rows: int) -> int:
    """A host of about `rows` survey rows; returns the number written."""
    import openpyxl

    head = ["type", "name", "label::English (en)", "label::Français (fr)", "relevant",
            "constraint", "calculation", "repeat_count", "required"]
    survey = [head, _q("start", "start", ""), _q("text", "hh_id", "Household ID"),
              _q("integer", "hh_size", "Number of household members", required="yes",
                 constraint=". > 0 and . <= 40"), *_roster()]
    s = 0
    while len(survey) - 1 < rows:
        survey += _section(s)
        s += 1
    choices = [["list_name", "name", "label::English (en)", "label::Français (fr)"],
               ["yn", "yes", "Yes", "Oui"], ["yn", "no", "No", "Non"],
               ["yn", "dk", "Don't know", "Ne sait pas"],
               ["sex", "1", "Male", "Homme"], ["sex", "2", "Female", "Femme"],
               *[["things", c, c.title(), c] for c in ("radio", "bicycle", "phone", "other")]]
    wb = openpyxl.Workbook()
    for title, data in (("survey", survey), ("choices", choices),
                        ("settings", [["form_title", "form_id", "version"],
                                      ["Large host", "large_host", "1"]])):
        ws = wb.create_sheet(title)
        for r in data:
            ws.append(r)
    del wb["Sheet"]
    wb.save(path)
    return len(survey) - 1


def measure(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of `runs` runs of `cmd`; CPU is the child's user + system
    time, what the wall time is on an idle machine (the work is one process, one thread).
    A failing run stops the bench."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    walls, cpus = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read().decode()
        proc.stderr.close()
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="migmod-print-bench-"))
    host = work / "large_host.xlsx"
    rows = write_host(host, args.rows)
    print(f"host: {rows:,} survey rows, 2 languages; {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}; median of {args.runs} runs (wall, and CPU time)")
    px_wall, px_cpu = measure([PY, "-c", "import sys; from pyxform.xls2xform import convert; "
                               "convert(xlsform=sys.argv[1], validate=False)", str(host)],
                              args.runs)
    print(f"{'pyxform conversion':<34} {px_wall:7.2f} s wall {px_cpu:7.2f} s CPU  baseline")
    out = work / "printed"
    for fmt in ("html", "pdf"):
        wall, cpu = measure([PY, "-m", "generator", "print", str(host), "--out", str(out),
                             "--languages", "en", "--format", fmt], args.runs)
        extra = ""
        if fmt == "pdf":
            from pypdf import PdfReader

            pages = len(PdfReader(str(out / "large_host.questionnaire.en.pdf")).pages)
            extra = f"; {pages} pages; {'under' if cpu < LIMIT else 'OVER'} {LIMIT:.0f} s"
        print(f"{'migmod print --format ' + fmt + ' (en)':<34} {wall:7.2f} s wall {cpu:7.2f} s "
              f"CPU  {cpu / px_cpu:.1f}x pyxform (CPU){extra}")


if __name__ == "__main__":
    main()

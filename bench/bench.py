"""Benchmarks: migmod against the libraries it wraps, measured in the same run.

    .venv/bin/python bench/bench.py [--runs N]

Each step runs as its own process (interpreter start included, as a user sees it); the
table shows the median wall time of N runs, the ratio to the baseline measured in the same
run, and the peak resident memory of the step's process.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


Row = tuple[str, float, float, float, str]
"""Step, wall seconds, processor seconds, peak MB, ratio."""


def measure(cmd: list[str], runs: int) -> tuple[float, float, float]:
    """(median wall seconds, median processor seconds, peak RSS in MB) of running `cmd`
    `runs` times, after one warm-up run, with Python's bytecode cache on as on a user's
    machine."""
    times, peaks, cpu = [], [], []
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=False)
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        assert proc.stderr is not None
        err = proc.stderr.read().decode()
        proc.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
        peaks.append(usage.ru_maxrss / 1024)
        cpu.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(times), statistics.median(cpu), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--large", action="store_true",
                        help="Also attach to a 50,000-row host (one run, a few minutes).")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="migmod-bench-"))
    migmod = [PY, "-m", "generator"]
    subprocess.run([*migmod, "build", "--out", str(work), "--format", "xlsform"], cwd=ROOT,
                   check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    xlsx = next(work.glob("*.xlsx"))
    rows: list[Row] = []

    base_t, base_c, base_m = measure([PY, "-c", "pass"], args.runs)
    rows.append(("python -c pass (interpreter start)", base_t, base_c, base_m, "baseline"))
    t, c, m = measure([*migmod, "check"], args.runs)
    rows.append(("migmod check (standard bank)", t, c, m, f"{t / base_t:.1f}x start"))

    pyxform_cmd = [PY, "-c", "import sys; from pyxform.xls2xform import convert; "
                   "convert(xlsform=sys.argv[1], validate=False)", str(xlsx)]
    px_t, px_c, px_m = measure(pyxform_cmd, args.runs)
    rows.append(("pyxform alone: same XLSForm -> XForm", px_t, px_c, px_m, "baseline"))
    t, c, m = measure([*migmod, "build", "--out", str(work / "b"), "--format", "xlsform,xform",
                    "--no-validate"], args.runs)
    rows.append(("migmod build --format xlsform,xform", t, c, m, f"{t / px_t:.2f}x pyxform"))

    check_scaling(work, rows, migmod, args.runs)
    paper(work, rows, migmod, max(1, args.runs // 3))
    attach(work, rows, migmod, max(1, args.runs // 3), args.large)
    print_host(work, rows, migmod, max(1, args.runs // 3))
    label(work, rows, migmod, max(1, args.runs // 3))

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"median of {args.runs} runs, each a fresh process\n")
    print(f"| {'step':<40} | {'seconds':>8} | {'CPU s':>8} | {'peak MB':>8} | {'ratio':<16} |")
    print(f"|{'-' * 42}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 18}|")
    for name, secs, cpu, mem, ratio in rows:
        print(f"| {name:<40} | {secs:>8.3f} | {cpu:>8.3f} | {mem:>8.1f} | {ratio:<16} |")


def check_scaling(work: Path, rows: list[Row], migmod: list[str],
                  runs: int) -> None:
    """`migmod check` on synthetic banks: time per 1,000 questions should stay flat."""
    sys.path.insert(0, str(Path(__file__).parent))
    from synthetic import write_bank

    first: float | None = None
    for size in (1_000, 5_000, 20_000):
        bank = write_bank(work / f"bank{size}", size)
        t, c, m = measure([*migmod, "check", "--bank", str(bank)], max(1, runs // 2))
        per = t / size * 1000
        first = first or per
        rows.append((f"migmod check, synthetic {size:,} questions", t, c, m,
                     f"{per:.3f} s/1k ({per / first:.2f}x)"))


def paper(work: Path, rows: list[Row], migmod: list[str],
          runs: int) -> None:
    """Printed questionnaire per language against WeasyPrint alone on the same HTML."""
    from pypdf import PdfReader

    for lang in ("en", "ar"):
        out = work / f"pdf_{lang}"
        t, c, m = measure([*migmod, "build", "--out", str(out), "--format", "pdf", "--languages",
                        lang, "--no-validate"], runs)
        pdf = next(out.glob("*.pdf"))
        pages = len(PdfReader(str(pdf)).pages)
        html = next(out.glob("*.html"))
        wp_t, wp_c, wp_m = measure([PY, "-c", "import sys; from weasyprint import HTML; "
                              "HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])", str(html),
                              str(work / "alone.pdf")], runs)
        rows.append((f"WeasyPrint alone: questionnaire ({lang}) HTML", wp_t, wp_c, wp_m,
                     "baseline"))
        rows.append((f"migmod build --format pdf ({lang}, {pages} pages)", t, c, m,
                     f"{t / wp_t:.2f}x; {t / pages:.2f} s/page"))
    shutil.rmtree(work / "pdf_en", ignore_errors=True)


def attach(work: Path, rows: list[Row], migmod: list[str],
           runs: int, large: bool = False) -> None:
    """`migmod attach` (bank checked and compiled, host read once, one pyxform conversion,
    workbook and codebook written) on a host of over 2,000 rows against pyxform converting
    the host, and with ODK Validate against pyxform with it; with `large`, a 50,000-row host
    once (core tier, no ODK Validate)."""
    sys.path.insert(0, str(ROOT))
    from tests.attach.hosts import standard_host

    pyxform = "import sys; from pyxform.xls2xform import convert; convert(xlsform=sys.argv[1], "
    sizes = [(2_100, runs), *([(50_000, 1)] if large else [])]
    for filler, n in sizes:
        host = standard_host(work, f"host_{filler}.xlsx", filler=filler)
        out = str(work / f"attached_{filler}.xlsx")
        px_t, px_c, px_m = measure([PY, "-c", pyxform + "validate=False)", str(host)], n)
        rows.append((f"pyxform alone: host of {filler:,}+ rows", px_t, px_c, px_m, "baseline"))
        steps = [("--tier core", ["--tier", "core"]), ("default tier", [])]
        for name, extra in steps[:1] if filler > 2_100 else steps:
            t, c, m = measure([*migmod, "attach", str(host), "--out", out, "--no-validate",
                               *extra], n)
            rows.append((f"migmod attach --no-validate {name} ({filler:,}+)", t, c, m,
                         f"{t / px_t:.2f}x pyxform ({c / px_c:.2f}x CPU)"))
        if filler > 2_100:
            continue
        val_t, val_c, val_m = measure([PY, "-c", pyxform + "validate=True)", str(host)], n)
        rows.append(("pyxform + ODK Validate alone: same host", val_t, val_c, val_m,
                     "baseline"))
        t, c, m = measure([*migmod, "attach", str(host), "--out", out], n)
        rows.append(("migmod attach (defaults: ODK Validate)", t, c, m,
                     f"{t / val_t:.2f}x pyxform+Validate"))


def print_host(work: Path, rows: list[Row], migmod: list[str],
               runs: int) -> None:
    """`migmod print` on a host of over 2,000 rows against pyxform converting the host."""
    sys.path.insert(0, str(ROOT))
    from pypdf import PdfReader

    from tests.attach.hosts import standard_host

    host = standard_host(work, "print_host.xlsx", filler=2_100)
    px_t, px_c, px_m = measure([PY, "-c", "import sys; from pyxform.xls2xform import convert; "
                          "convert(xlsform=sys.argv[1], validate=False)", str(host)], runs)
    rows.append(("pyxform alone: host of 2,100+ rows", px_t, px_c, px_m, "baseline"))
    out = work / "printed"
    t, c, m = measure([*migmod, "print", str(host), "--out", str(out), "--languages", "en",
                    "--format", "html"], runs)
    rows.append(("migmod print --format html (en)", t, c, m, f"{t / px_t:.2f}x pyxform"))
    t, c, m = measure([*migmod, "print", str(host), "--out", str(out), "--languages", "en",
                    "--format", "pdf"], runs)
    pages = len(PdfReader(str(out / "print_host.questionnaire.en.pdf")).pages)
    rows.append((f"migmod print --format pdf (en, {pages} pages)", t, c, m,
                 f"{t / px_t:.2f}x pyxform; {t / pages:.2f} s/page"))


def label(work: Path, rows: list[Row], migmod: list[str],
          runs: int) -> None:
    """`migmod label` on a 100,000-row export against pandas reading the same CSV files."""
    sys.path.insert(0, str(ROOT))
    import copy

    from generator import BuildOptions, api
    from generator.instrument.compile import compile_instrument
    from generator.render.codebook import build_codebook
    from tests.render.codebook.submissions import scenario_households, walk, write_export

    bank = api.check(api.DEFAULT_BANK).bank
    assert bank is not None
    inst, _ = compile_instrument(bank, BuildOptions(country="KEN"))
    assert inst is not None
    book = build_codebook(inst, 0)
    base = walk(inst, scenario_households())
    people = sum(len(h.members) for h in base)
    households = []
    for n in range(100_000 // people + 1):
        for hh in base:
            twin = copy.copy(hh)
            twin.key = f"{hh.key}-{n}"
            households.append(twin)
    folder = work / "export"
    main = write_export(book, households, folder)
    members = next(folder.glob("*-hh_members.csv"))
    lines = sum(1 for _ in members.open(encoding="utf-8")) - 1
    pd_t, pd_c, pd_m = measure([PY, "-c", "import sys, pandas; [pandas.read_csv(p, dtype=str) "
                          "for p in sys.argv[1:]]", *map(str, sorted(folder.glob("*.csv")))],
                         runs)
    rows.append((f"pandas alone: read the export ({lines:,} members)", pd_t, pd_c, pd_m,
                 "baseline"))
    repeats = [f"--repeat={p.stem.rsplit('-', 1)[1]}={p}" for p in folder.glob("*-*.csv")]
    from generator.render.codebook.tabular import codebook_json

    book_path = work / "codebook.json"
    book_path.write_bytes(codebook_json(book))
    t, c, m = measure([*migmod, "label", str(main), *repeats, "--codebook", str(book_path),
                    "--out", str(work / "labelled")], runs)
    rows.append(("migmod label -> .dta .sav .parquet", t, c, m, f"{t / pd_t:.2f}x pandas"))


if __name__ == "__main__":
    main()

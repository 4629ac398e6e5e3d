"""Census scale: `migmod label` on a 10-million-person export, against DuckDB alone
converting the same CSV files to Parquet, measured in the same run.

    .venv/bin/python bench/label_scale.py [--people 10000000] [--runs 1]

The export is made from the routing scenarios' submissions (every person scenario, every
household scenario) repeated with new keys, 4 persons a household, as ODK Central writes
it: `<form_id>.csv`, `<form_id>-hh_members.csv`, `<form_id>-emigrant_roster.csv`. Each
step is its own process; the table shows wall time and peak resident memory (the process
and its threads).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import PY, ROOT

PER_HOUSEHOLD = 4
MEMORY_GOAL_MB = 1536
TIME_GOAL_S = 60


def measure(cmd: list[str], runs: int) -> tuple[float, float, float]:
    """(median seconds, peak RSS in MB, median CPU seconds) of `cmd`, without a warm-up
    run: at this size the interpreter's start is nothing and a warm-up would double a long
    run. CPU seconds (all threads) tell the work done when the machine is shared."""
    import resource
    import statistics
    import subprocess
    import time

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times: list[float] = []
    peaks: list[float] = []
    cpus: list[float] = []
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = used.ru_utime + used.ru_stime
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        peak = 0.0
        while proc.poll() is None:  # the child's own high-water mark: ru_maxrss after a
            peak = max(peak, _hwm(proc.pid))  # fork also counts this (large) process
            time.sleep(0.2)
        times.append(time.perf_counter() - start)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert proc.stderr is not None
        err = proc.stderr.read().decode()
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
        peaks.append(peak)
        cpus.append(usage.ru_utime + usage.ru_stime - sum(cpus) - before)
    return statistics.median(times), max(peaks), statistics.median(cpus)


def _hwm(pid: int) -> float:
    """Peak resident memory (MB) of a running process, from /proc (0 once it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = next((line for line in status.splitlines() if line.startswith("VmHWM:")), "")
    return int(found.split()[1]) / 1024 if found else 0.0


def make_export(folder: Path, people: int) -> tuple[Path, Path]:
    """The export (main file path) and its codebook JSON, made with DuckDB from the
    scenario submissions, `people` person rows."""
    sys.path.insert(0, str(ROOT))
    import duckdb

    from generator import BuildOptions, api
    from generator.instrument.compile import compile_instrument
    from generator.render.codebook import build_codebook
    from generator.render.codebook.tabular import codebook_json
    from tests.render.codebook.submissions import scenario_households, walk, write_export

    bank = api.check(api.DEFAULT_BANK).bank
    assert bank is not None
    inst, _ = compile_instrument(bank, BuildOptions(country="KEN"))
    assert inst is not None
    book = build_codebook(inst, 0)
    template = write_export(book, walk(inst, scenario_households()), folder / "template")
    book_path = folder / "codebook.json"
    book_path.write_bytes(codebook_json(book))
    out = folder / "export"
    out.mkdir()
    main = out / template.name
    members = template.with_name(f"{template.stem}-hh_members.csv")
    emigrants = template.with_name(f"{template.stem}-emigrant_roster.csv")
    homes = (people + PER_HOUSEHOLD - 1) // PER_HOUSEHOLD
    con = duckdb.connect()
    con.execute("SET threads = 2")

    def csv_of(path: Path) -> str:
        return f"read_csv('{path}', all_varchar = true, header = true)"

    def copy(select: str, target: Path) -> None:
        con.execute(f"COPY ({select}) TO '{target}' (HEADER, DELIMITER ',')")

    con.execute(f"CREATE TABLE hh AS SELECT row_number() OVER () - 1 AS n, * FROM "
                f"{csv_of(template)}")
    con.execute(f"CREATE TABLE pm AS SELECT row_number() OVER () - 1 AS n, * FROM "
                f"{csv_of(members)}")
    n_hh, n_pm = (con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                  for t in ("hh", "pm"))
    copy(f"SELECT hh.* EXCLUDE (n, \"KEY\", \"meta-instanceID\"), 'uuid:h' || i AS "
         f"\"meta-instanceID\", 'uuid:h' || i AS \"KEY\" FROM range({homes}) r(i) "
         f"JOIN hh ON hh.n = i % {n_hh} ORDER BY i", main)
    copy(f"SELECT pm.* EXCLUDE (n, \"KEY\", \"PARENT_KEY\"), 'uuid:h' || (i // "
         f"{PER_HOUSEHOLD}) AS \"PARENT_KEY\", 'uuid:h' || (i // {PER_HOUSEHOLD}) || "
         f"'/hh_members[' || (i % {PER_HOUSEHOLD} + 1) || ']' AS \"KEY\" "
         f"FROM range({people}) r(i) JOIN pm ON pm.n = i % {n_pm} ORDER BY i",
         out / members.name)
    shutil.copy(emigrants, out / emigrants.name)
    con.close()
    return main, book_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="migmod-scale-"))
    try:
        export, book = make_export(work, args.people)
        files = sorted(export.parent.glob("*.csv"))
        size = sum(p.stat().st_size for p in files) / 1e6
        rows: list[tuple[str, float, float, float, str]] = []
        duck = ("import sys, duckdb; c = duckdb.connect(); c.execute('SET threads = 2'); "
                "[c.execute(f\"COPY (SELECT * FROM read_csv('{p}', all_varchar = true)) TO "
                "'{p}.parquet' (FORMAT parquet)\") for p in sys.argv[1:]]")
        base_t, base_m, base_c = measure([PY, "-c", duck, *map(str, files)], args.runs)
        rows.append(("DuckDB alone: same CSV files -> Parquet", base_t, base_m, base_c,
                     "baseline"))
        for p in export.parent.glob("*.parquet"):
            p.unlink()
        t, m, c = measure([PY, "-m", "generator", "label", str(export), "--codebook",
                           str(book), "--format", "parquet", "--out", str(work / "labelled")],
                          args.runs)
        rows.append(("migmod label -> labelled Parquet", t, m, c,
                     f"{t / base_t:.2f}x DuckDB ({c / base_c:.2f}x CPU)"))
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} at the end")
        print(f"export: {args.people:,} persons, {args.people // PER_HOUSEHOLD:,} households, "
              f"{size:,.0f} MB of CSV; goal < {TIME_GOAL_S} s and < {MEMORY_GOAL_MB} MB\n")
        print(f"| {'step':<40} | {'seconds':>8} | {'CPU s':>8} | {'peak MB':>8} | "
              f"{'ratio':<28} |")
        print(f"|{'-' * 42}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 30}|")
        for name, secs, mem, cpu, ratio in rows:
            print(f"| {name:<40} | {secs:>8.1f} | {cpu:>8.1f} | {mem:>8.0f} | {ratio:<28} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

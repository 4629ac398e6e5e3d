"""The columnar engine's checks, typed columns and files.

One aggregate query per record counts every problem of every column (values of the wrong
type, codes without a label, rows without their submission, duplicate keys, rows without
an interview date) and finds the first of each; the type of each column is then chosen
as the row engine chooses it (a numeric column with text in it is kept as text), and the
typed columns are streamed to Parquet, batch by batch. Stata and SPSS files are written
from that Parquet file in parts of STATA_ROWS rows (see docs/label.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.issues import CodeId, Issue, Location, issue
from generator.label.columnar import Loaded
from generator.label.exports import NOT_IN_EXPORT
from generator.label.sources import Source
from generator.label.sql import TODAY, literal, quote
from generator.label.write import (
    Column,
    field_metadata,
    file_metadata,
    readstat,
    short_names,
    unique,
)
from generator.render.codebook.model import Codebook, Variable

BATCH_ROWS = 64 * 1024
DISTINCT_COLUMNS = 16
"""Columns whose distinct values one scan collects: each DISTINCT aggregate holds its own
hash tables, so hundreds at once exceed the memory limit (columns are stored apart, so
scanning a few at a time reads the table about once in all)."""
STATA_ROWS = 500_000
"""Rows per .dta/.sav part: a part is held in memory (pandas) while pyreadstat writes it."""


@dataclass
class Problem:
    code: CodeId
    var: str | None
    header: str
    column: int | None
    predicate: str
    value: str
    what: str


@dataclass
class Out:
    """One output column: its SQL over `done_<table>` and its labels."""

    sql: str
    column: Column


def _tokens(v: str) -> str:
    return f"list_filter(string_split({v}, ' '), lambda t: t <> '')"


def plan(con: Any, item: Loaded, codebook: Codebook, lang: str, issues: list[Issue]
         ) -> list[Out]:
    """Check the record's columns and choose their types; the output columns."""
    t = item.table
    mine = [v for v in codebook.variables()
            if v.record == item.record and v.kind not in NOT_IN_EXPORT
            and v.name in item.visible]
    problems = _problems(item, mine, codebook, _distinct(con, item, mine, codebook))
    _duplicates(con, item, issues)
    for p, (n, row, value) in zip(problems, _count(con, item, problems), strict=True):
        if not n:
            continue
        line = row + 1 if row is not None else 1
        where = f"row {row} (line {line})" if row is not None else "the file"
        issues.append(issue(
            p.code, f"{Path(t.file).name}: {n} row(s), first {where}, column {p.header}: "
            f"value '{value}' {p.what}", Location(t.file, line, (p.column or 0) + 1),
            path=p.var or ""))
    names: set[str] = set()
    outs = [Out("__key", Column(unique(t.key_names[0], names), None, t.key_names[0]))
            ] if t.key is not None else []
    if t.parent is not None:
        outs.append(Out("__parent", Column(unique(t.key_names[1], names), None,
                                           t.key_names[1])))
    for var in mine:
        outs += _typed(var, codebook, lang, item.as_text, names)
    kept = [j for j in range(len(t.header))
            if f"x:{j}" in item.extra and t.header[j] not in {o.column.label for o in outs}]
    for j, name in zip(kept, short_names([t.header[j] for j in kept], names), strict=True):
        outs.append(Out(quote(f"x:{j}"), Column(unique(name, names), None, t.header[j])))
    return outs


def _checked(var: Variable, codebook: Codebook) -> bool:
    return (var.kind in ("select_multiple", "calculate") or var.storage in ("date", "numeric")
            or (var.kind == "select_one" and bool(codebook.value_labels(var))))


def _distinct(con: Any, item: Loaded, mine: list[Variable], codebook: Codebook
              ) -> dict[str, list[str]]:
    """The distinct values of every checked column, in one scan: codes are few, so each
    value is then checked once, in Python, as the row engine checks it."""
    checked = [v for v in mine if _checked(v, codebook)]
    out: dict[str, list[str]] = {}
    for k in range(0, len(checked), DISTINCT_COLUMNS):
        some = checked[k:k + DISTINCT_COLUMNS]
        parts = ", ".join(f"list(DISTINCT {item.visible[v.name]}) FILTER (WHERE "
                          f"{item.visible[v.name]} <> '')" for v in some)
        row = con.execute(f"SELECT {parts} FROM done_{item.name}").fetchall()[0]
        out.update((v.name, list(values or [])) for v, values in zip(some, row, strict=True))
    return out


def _problems(item: Loaded, mine: list[Variable], codebook: Codebook,
              values: dict[str, list[str]]) -> list[Problem]:
    t = item.table
    out: list[Problem] = []
    for var in mine:
        found = values.get(var.name)
        if not found:
            continue
        v = item.visible[var.name]
        at = t.columns.get(var.name)
        header = t.header[at] if at is not None else var.name
        codes = {c.code for c in codebook.value_labels(var)}

        def add(code: CodeId, bad: set[str], what: str, var: Variable = var, v: str = v,
                at: int | None = at, header: str = header) -> None:
            if bad:
                out.append(Problem(code, var.name, header, at, f"{v} IN ("
                                   f"{', '.join(literal(b) for b in sorted(bad))})", v, what))
        if var.kind == "select_multiple":
            add("LBL005", {c for c in found if set(c.split()) - codes},
                f"holds codes that are not codes of {var.list_name}")
        elif var.storage == "date":
            add("LBL006", {c for c in found if _date(c) is None}, "is not a date (YYYY-MM-DD)")
        elif var.storage == "numeric" or var.kind == "calculate":
            bad = {c for c in found if _float(c) is None}
            if var.storage == "numeric":
                add("LBL006", bad, "is not a number; the column is kept as text")
            labels = {n for c in codes if (n := _float(c)) is not None}
            if var.list_name and not bad:
                add("LBL005", {c for c in found if _float(c) not in labels},
                    f"is not a code of {var.list_name}")
            if bad:
                item.as_text.add(var.name)
        elif var.kind == "select_one":
            add("LBL005", set(found) - codes, f"is not a code of {var.list_name}")
    for var in mine:
        if var.derivation is not None and var.name in item.exported:
            e, v = quote("e:" + var.name), item.visible[var.name]
            at = t.columns.get(var.name)
            out.append(Problem("LBL007", var.name, t.header[at] if at is not None else var.name,
                               at, f"{e} <> {v} AND NOT coalesce(TRY_CAST({e} AS DOUBLE) = "
                               f"TRY_CAST({v} AS DOUBLE), false)",
                               f"{e} || ' (computed ' || {v} || ')'",
                               "differs from its calculation (the computed value is kept)"))
    if t.parent is not None and item.joined:
        out.append(Problem("LBL008", None, t.header[t.parent], t.parent, "__prow IS NULL",
                           "__parent", "matches no submission; the row is kept"))
    if item.dated_calcs:
        out.append(Problem("LBL013", None, "today", None,
                           f"TRY_CAST({TODAY} AS DATE) IS NULL", f"coalesce({TODAY}, '')",
                           f"is not an interview date: {', '.join(item.dated_calcs)} left "
                           "empty there"))
    return out


def _count(con: Any, item: Loaded, problems: list[Problem]
           ) -> list[tuple[int, int | None, str]]:
    """(rows, first row, first value) of each problem: counts and first rows in one scan,
    then the value of each first row found (a value written out for every row would cost
    more than the counting)."""
    if not problems:
        return []
    parts = []
    for p in problems:
        parts += [f"count(*) FILTER (WHERE {p.predicate})",
                  f"min(__row) FILTER (WHERE {p.predicate})"]
    row = con.execute(f"SELECT {', '.join(parts)} FROM done_{item.name}").fetchall()[0]
    out = []
    for k, p in enumerate(problems):
        n, first = int(row[2 * k] or 0), row[2 * k + 1]
        value = ""
        if n:
            found = con.execute(f"SELECT {p.value} FROM done_{item.name} WHERE __row = ?",
                                [first]).fetchall()
            value = str(found[0][0] or "") if found else ""
        out.append((n, first, value))
    return out


def _duplicates(con: Any, item: Loaded, issues: list[Issue]) -> None:
    """Keys of more than one row, in a table whose rows are parents of others."""
    t = item.table
    if t.key is None or not item.has_children:
        return
    found = con.execute(
        f"SELECT count(*), sum(n), arg_min(struct_pack(k := __key, a := a, b := b), a) FROM "
        f"(SELECT __key, count(*) AS n, min(__row) AS a, max(__row) AS b "
        f"FROM done_{item.name} WHERE __key <> '' GROUP BY __key HAVING count(*) > 1)"
    ).fetchall()[0]
    if found[0]:
        first = found[2]
        issues.append(issue(
            "LBL011", f"{Path(t.file).name}: {found[1] - found[0]} row(s) repeat a "
            f"{t.header[t.key]} of an earlier row; first '{first['k']}' at lines "
            f"{first['a'] + 1} and {first['b'] + 1}",
            Location(t.file, first["b"] + 1, t.key + 1),
            hint="a submission exported twice (two downloads joined?): keep one row per "
                 "key; repeat rows could not be joined to the right submission"))


def _date(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _typed(var: Variable, codebook: Codebook, lang: str, bad: set[str], names: set[str]
           ) -> list[Out]:
    v = quote("v:" + var.name)
    label = var.label.get(lang) or var.name
    items = codebook.value_labels(var)
    labels = {n: i.label.get(lang, "") for i in items if (n := _float(i.code)) is not None}
    missing = [n for i in items if i.missing and (n := _float(i.code)) is not None]
    name = unique(var.name, names)
    if var.kind == "select_multiple":
        outs = [Out(v, Column(name, None, label))]
        for i in items:
            token = re.sub(r"\W", "_", i.code)
            outs.append(Out(f"CASE WHEN {v} = '' THEN NULL ELSE CAST(list_contains("
                            f"{_tokens(v)}, {literal(i.code)}) AS DOUBLE) END",
                            Column(unique(f"{var.name}_{token}", names), None,
                                   f"{label}: {i.label.get(lang, '')}", kind="float")))
        return outs
    if var.storage == "date" and var.name not in bad:
        return [Out(f"TRY_CAST(left({v}, 10) AS DATE)", Column(name, None, label, kind="date"))]
    if (var.storage == "numeric" or var.kind == "calculate") and var.name not in bad:
        return [Out(f"nullif(TRY_CAST({v} AS DOUBLE), CAST('NaN' AS DOUBLE))",
                    Column(name, None, label, labels, missing, kind="float"))]
    return [Out(v, Column(name, None, label))]


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


# --- files ---------------------------------------------------------------------------------

def write_parquet(con: Any, item: Loaded, outs: list[Out], target: Path, codebook: Codebook,
                  lang: str) -> None:
    """Stream the typed columns into `target`, batch by batch, labels in the metadata."""
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

    select = ", ".join(f"{o.sql} AS {quote(o.column.name)}" for o in outs)
    done = f"done_{item.name}"
    in_order = con.execute(f"SELECT coalesce(bool_and(__row = n), true) FROM (SELECT __row, "
                           f"row_number() OVER () AS n FROM {done})").fetchall()[0][0]
    # Rows are in file order unless a join moved them: then sort (every column goes through
    # the sort, so it is only done when needed).
    reader = con.sql(f"SELECT {select} FROM {done}{'' if in_order else ' ORDER BY __row'}"
                     ).to_arrow_reader(BATCH_ROWS)
    fields = [f.with_metadata(field_metadata(o.column)) for f, o in
              zip(reader.schema, outs, strict=True)]
    schema = pa.schema(fields, metadata={b"migmod": file_metadata(codebook, item.record,
                                                                  lang)})
    with pq.ParquetWriter(str(target), schema, compression="snappy") as writer:
        for batch in reader:
            writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))


def write_readstat(parquet: Path, outs: list[Out], target: Path, fmt: str) -> list[Path]:
    """The Parquet file as .dta/.sav: one file, or parts of STATA_ROWS rows."""
    import pyarrow.parquet as pq

    cols = [o.column for o in outs]
    pf = pq.ParquetFile(str(parquet))
    total = pf.metadata.num_rows
    written = []
    for k, batch in enumerate(pf.iter_batches(batch_size=STATA_ROWS)):
        part = target if total <= STATA_ROWS else target.with_name(
            f"{target.stem}.part{k + 1:03d}{target.suffix}")
        readstat(batch.to_pandas(), cols, part, fmt)
        written.append(part)
    if not written:
        readstat(pf.read().to_pandas(), cols, target, fmt)
        written.append(target)
    return written



# --- the whole run -------------------------------------------------------------------------

def run(main: Source, repeats: dict[str, Source], codebook: Codebook, out: Path, stem: str,
        formats: tuple[str, ...], lang: str, issues: list[Issue]) -> tuple[list[Path], list[str]]:
    """Label the export with the columnar engine; (files written, how each table was read).
    Running out of memory is an issue (LBL015), nothing is written."""
    import duckdb

    from generator.label.columnar import MEMORY_LIMIT

    try:
        return _run(main, repeats, codebook, out, stem, formats, lang, issues)
    except duckdb.OutOfMemoryException as exc:
        issues.append(issue(
            "LBL015", f"labelling {Path(main.label).name} needs more than {MEMORY_LIMIT}: "
            f"{str(exc).strip().splitlines()[0]}", Location(main.label),
            hint=f"set MIGMOD_LABEL_MEMORY above {MEMORY_LIMIT} (for instance 4GB) if the "
                 "machine has that much free; the scratch folder in --out needs free disk too"))
        return [], []


def _run(main: Source, repeats: dict[str, Source], codebook: Codebook, out: Path, stem: str,
         formats: tuple[str, ...], lang: str, issues: list[Issue]
         ) -> tuple[list[Path], list[str]]:
    import os

    from generator.label.columnar import database, load
    from generator.label.columnar_calc import compute
    from generator.render.codebook.model import HOUSEHOLD

    written: list[Path] = []
    read: list[str] = []
    with database(out) as (con, work):
        loaded: dict[str, Loaded] = {}
        first = load(con, work, main, HOUSEHOLD, codebook, issues, child=False)
        if first is not None:
            loaded[HOUSEHOLD] = first
        for rec in codebook.records:
            if rec.parent is not None and rec.name in repeats:
                item = load(con, work, repeats[rec.name], rec.name, codebook, issues,
                            child=True)
                if item is not None:
                    loaded[rec.name] = item
        read = [f"{Path(i.table.file).name}: {i.table.how}, {i.rows:,} rows"
                for i in loaded.values()]
        if first is not None and len(loaded) > 1 and first.table.key is None:
            issues.append(issue("LBL002", f"{Path(first.table.file).name}: main file without "
                                "a KEY (or _index) column, so its repeats cannot be joined",
                                Location(first.table.file, 1)))
        if _errors(issues) or not compute(con, loaded, codebook, issues):
            return [], read
        plans = {name: plan(con, item, codebook, lang, issues)
                 for name, item in loaded.items()}
        if _errors(issues):
            return [], read
        staged: list[tuple[Path, Path]] = []
        for name, item in loaded.items():
            parquet = work / f"{stem}.{name}.parquet"
            write_parquet(con, item, plans[name], parquet, codebook, lang)
            for fmt in formats:
                if fmt == "parquet":
                    staged.append((parquet, out / parquet.name))
                else:
                    target = work / f"{stem}.{name}.{fmt}"
                    staged += [(p, out / p.name)
                               for p in write_readstat(parquet, plans[name], target, fmt)]
        for tmp, final in staged:
            os.replace(tmp, final)
            written.append(final)
    return written, read


def _errors(issues: list[Issue]) -> bool:
    from generator.issues import Severity

    return any(i.severity is Severity.ERROR for i in issues)

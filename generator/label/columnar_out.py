"""The columnar engine's checks, typed columns and files.

One aggregate query per record counts every problem of every column (values of the wrong
type, codes without a label, rows without their submission, duplicate keys, rows without
an interview date) and finds the first of each; the type of each column is then chosen
as the row engine chooses it (a numeric column with text in it is kept as text), and the
typed columns are streamed to Parquet, batch by batch. Stata and SPSS files are written
from that Parquet file in parts of STATA_ROWS rows (see docs/guides/label-at-scale.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.issues import Issue, Location, issue
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

BATCH_ROWS = 256 * 1024
STATA_ROWS = 500_000
"""Rows per .dta/.sav part: a part is held in memory (pandas) while pyreadstat writes it."""


@dataclass
class Problem:
    code: str
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


def _num(v: str) -> str:
    return f"TRY_CAST({v} AS DOUBLE)"


def _tokens(v: str) -> str:
    return f"list_filter(string_split({v}, ' '), lambda t: t <> '')"


def plan(con: Any, item: Loaded, codebook: Codebook, lang: str, issues: list[Issue]
         ) -> list[Out]:
    """Check the record's columns and choose their types; the output columns."""
    t = item.table
    mine = [v for v in codebook.variables()
            if v.record == item.record and v.kind not in NOT_IN_EXPORT
            and v.name in item.visible]
    problems = _problems(item, mine, codebook)
    counts = _count(con, item, problems)
    bad_numbers = set()
    for p, (n, row, value) in zip(problems, counts, strict=True):
        if not n:
            continue
        if p.code == "LBL006" and p.var is not None:
            bad_numbers.add(p.var)
        if p.code == "LBL005" and p.var in bad_numbers:
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
        outs += _typed(var, codebook, lang, bad_numbers, names)
    kept = [j for j in range(len(t.header))
            if f"x:{j}" in item.extra and t.header[j] not in {o.column.label for o in outs}]
    for j, name in zip(kept, short_names([t.header[j] for j in kept], names), strict=True):
        outs.append(Out(quote(f"x:{j}"), Column(unique(name, names), None, t.header[j])))
    return outs


def _problems(item: Loaded, mine: list[Variable], codebook: Codebook) -> list[Problem]:
    t = item.table
    out: list[Problem] = []
    for var in mine:
        v = item.visible[var.name]
        at = t.columns.get(var.name)
        header = t.header[at] if at is not None else var.name
        items = codebook.value_labels(var)
        codes = [c.code for c in items]
        if var.kind == "select_multiple":
            wanted = "[" + ", ".join(literal(c) for c in codes) + "]"
            out.append(Problem("LBL005", var.name, header, at,
                               f"len(list_filter({_tokens(v)}, lambda x: NOT list_contains("
                               f"{wanted}, x))) > 0", v,
                               f"holds codes that are not codes of {var.list_name}"))
        elif var.storage == "date":
            out.append(Problem("LBL006", var.name, header, at,
                               f"{v} <> '' AND TRY_CAST(left({v}, 10) AS DATE) IS NULL", v,
                               "is not a date (YYYY-MM-DD)"))
        elif var.storage == "numeric" or var.kind == "calculate":
            out.append(Problem("LBL006", var.name, header, at,
                               f"{v} <> '' AND {_num(v)} IS NULL", v,
                               "is not a number; the column is kept as text"))
            numbers = [c for c in codes if _float(c) is not None]
            if var.list_name and numbers:
                out.append(Problem("LBL005", var.name, header, at,
                                   f"{_num(v)} IS NOT NULL AND {_num(v)} NOT IN "
                                   f"({', '.join(repr(float(c)) for c in numbers)})", v,
                                   f"is not a code of {var.list_name}"))
        elif var.kind == "select_one" and codes:
            out.append(Problem("LBL005", var.name, header, at,
                               f"{v} <> '' AND {v} NOT IN "
                               f"({', '.join(literal(c) for c in codes)})", v,
                               f"is not a code of {var.list_name}"))
    for var in mine:
        if var.derivation is not None and var.name in item.exported:
            e, v = quote("e:" + var.name), item.visible[var.name]
            at = t.columns.get(var.name)
            out.append(Problem("LBL007", var.name, t.header[at] if at is not None else var.name,
                               at, f"NOT coalesce({e} = {v} OR TRY_CAST({e} AS DOUBLE) = "
                               f"TRY_CAST({v} AS DOUBLE), false)",
                               f"{e} || ' (computed ' || {v} || ')'",
                               "differs from its calculation (the computed value is kept)"))
    if t.key is not None and item.has_children:
        out.append(Problem("LBL011", None, t.header[t.key], t.key,
                           "__key <> '' AND count(*) OVER (PARTITION BY __key) > 1", "__key",
                           f"is the {t.header[t.key]} of more than one row; repeat rows "
                           "cannot be joined to the right one"))
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
    if not problems:
        return []
    windowed = [p for p in problems if "OVER" in p.predicate]
    flags = ", ".join(f"({p.predicate}) AS f{k}" for k, p in enumerate(problems)
                      if p in windowed)
    source = f"(SELECT *{', ' + flags if flags else ''} FROM done_{item.name})"
    parts = []
    for k, p in enumerate(problems):
        pred = f"f{k}" if p in windowed else f"({p.predicate})"
        parts += [f"count(*) FILTER (WHERE {pred})", f"min(__row) FILTER (WHERE {pred})",
                  f"arg_min({p.value}, __row) FILTER (WHERE {pred})"]
    row = con.execute(f"SELECT {', '.join(parts)} FROM {source}").fetchall()[0]
    return [(int(row[3 * k] or 0), row[3 * k + 1], str(row[3 * k + 2] or ""))
            for k in range(len(problems))]


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
    rel = con.sql(f"SELECT {select} FROM done_{item.name} ORDER BY __row")
    batches = getattr(rel, "to_arrow_reader", None) or rel.fetch_arrow_reader
    reader = batches(BATCH_ROWS)
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
    """Label the export with the columnar engine; (files written, how each table was read)."""
    import os

    from generator.label.columnar import compute, database, load
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

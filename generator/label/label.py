"""Labelled data: a submissions export → Stata `.dta`, SPSS `.sav` and Parquet, per record.

`label_export` reads the export (see `exports`), joins repeats to their submission,
recomputes the derived migratory-status variables (see `derive`), types every column from
the codebook, checks codes against the value labels, and writes one file per record and
format: `<stem>.household.dta`, `<stem>.hh_members.sav`, … Problems are issues with the
file, line and column; a value is never dropped (a column with a value of the wrong type
is kept as text). Nothing is written when an error was found.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.issues import CodeId, Issue, Location, Severity, issue
from generator.label.derive import Record, compute, link
from generator.label.exports import NOT_IN_EXPORT, Table, read_table
from generator.label.sources import Source, export_sources
from generator.label.write import Column, short_names, unique, write
from generator.render.codebook.model import HOUSEHOLD, Codebook, ValueLabel, Variable

FORMATS = ("dta", "sav", "parquet")
ENGINES = ("auto", "python", "columnar")
AUTO_BYTES = 64 * 1024 * 1024
"""Exports larger than this (all files together) are labelled by the columnar engine."""
MAX_CELL_REPORTS = 20
"""Cell problems reported one by one per column; more are counted in one last issue."""


@dataclass
class LabelResult:
    issues: list[Issue]
    written: list[Path] = field(default_factory=list)
    columns: dict[str, list[Column]] = field(default_factory=dict)
    """Record → its columns as written (for inspection and tests)."""
    read: list[str] = field(default_factory=list)
    """How each table was read: `survey.csv: utf-8, semicolon-separated, 120 rows`."""

    @property
    def valid(self) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues)


def label_export(export_csv: Path, out: Path, codebook: Codebook, *,
                 repeats: Mapping[str, Path] | None = None,
                 formats: tuple[str, ...] = FORMATS, lang: str | None = None,
                 stem: str | None = None, engine: str = "auto") -> LabelResult:
    """Label an export into `out`; `repeats` maps repeat names to their files (default:
    `<export stem>-<repeat>.csv` next to the export); labels in `lang` (default language).

    `engine`: `python` (row by row, every problem cell listed with its line), `columnar`
    (DuckDB, for census exports: problems counted per column with their first row) or
    `auto` (columnar for Parquet and for exports over AUTO_BYTES)."""
    issues: list[Issue] = []
    if engine not in ENGINES:
        issues.append(issue("LBL009", f"unknown engine '{engine}'", Location("--engine"),
                            hint=f"engines: {', '.join(ENGINES)}"))
    lang = lang or codebook.lang_codes[0]
    if lang not in codebook.lang_codes:
        issues.append(issue("TRN002", f"language {lang} is not in the codebook",
                            Location("--lang"),
                            hint=f"the codebook's languages: {', '.join(codebook.lang_codes)}"))
    for fmt in formats:
        if fmt not in FORMATS:
            issues.append(issue("LBL009", f"unknown data format '{fmt}'", Location("--format"),
                                hint=f"formats: {', '.join(FORMATS)}"))
    known = {r.name for r in codebook.records}
    children = [(r.name, r.path.replace("/", "-")) for r in codebook.records
                if r.parent is not None]
    main_source, found = export_sources(export_csv, children, issues)
    sources = found if repeats is None else {k: Source(Path(v)) for k, v in repeats.items()}
    for name in sorted(set(sources) - known):
        issues.append(issue("LBL001", f"no repeat named '{name}' in the codebook",
                            Location(sources[name].label),
                            hint=f"repeats of this form: {', '.join(sorted(known - {HOUSEHOLD}))}"))
    if main_source is not None and _columnar(engine, [main_source, *sources.values()]):
        if any(i.severity is Severity.ERROR for i in issues):
            return LabelResult(issues)
        from generator.label.columnar_out import run

        try:
            written, read = run(main_source, sources, codebook, out, stem or codebook.form_id,
                                formats, lang, issues)
        except OSError as exc:
            issues.append(issue("LBL009", f"cannot write labelled data to {out}: {exc}",
                                Location(str(out))))
            return LabelResult(issues)
        return LabelResult(issues, written if not _failed(issues) else [], read=read)
    tables: dict[str, Table] = {}
    main = None if main_source is None else read_table(main_source, HOUSEHOLD, codebook,
                                                       issues, child=False)
    if main is not None:
        tables[HOUSEHOLD] = main
    for rec in codebook.records:
        if rec.parent is not None and rec.name in sources:
            table = read_table(sources[rec.name], rec.name, codebook, issues, child=True)
            if table is not None:
                tables[rec.name] = table
    if main is not None and len(tables) > 1 and main.key is None:
        issues.append(issue("LBL002", f"{export_csv.name}: main file without a KEY (or _index) "
                            "column, so its repeats cannot be joined",
                            Location(main.file, 1)))
    result = LabelResult(issues, read=[f"{Path(t.file).name}: {t.how}, {len(t):,} rows"
                                       for t in tables.values()])
    if not result.valid:
        return result
    records = link(tables, codebook, issues)
    compute(records, codebook, issues)
    for record in records.values():
        result.columns[record.name] = _columns(record, codebook, lang, issues)
    result.written = write(result.columns, codebook, out, stem or codebook.form_id, formats,
                            lang, issues)
    return result


def _columnar(engine: str, sources: list[Source]) -> bool:
    if engine != "auto":
        return engine == "columnar"
    if any(s.path.suffix.lower() == ".parquet" for s in sources):
        return True
    size = 0
    for s in {s.path for s in sources}:
        with contextlib.suppress(OSError):
            size += s.stat().st_size
    return size > AUTO_BYTES


def _failed(issues: list[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)


# --- typing and checking -------------------------------------------------------------------

def _columns(record: Record, codebook: Codebook, lang: str, issues: list[Issue]
             ) -> list[Column]:
    table = record.table
    names: set[str] = set()
    out = [Column(unique(k, names), table.keys(at) or [], k)
           for k, at in zip(table.key_names, (table.key, table.parent), strict=True)
           if at is not None]
    matched = set(table.columns.values()) | {j for s in table.splits.values()
                                             for j in s.values()}
    for var in codebook.variables():
        if var.record != record.name or var.kind in NOT_IN_EXPORT:
            continue
        cells = record.values.get(var.name)
        if cells is None:
            continue
        out.extend(_typed(var, cells, codebook, lang, table, issues, names))
    keys = {c.label for c in out}
    kept = [j for j, header in enumerate(table.header) if j not in matched and header not in keys]
    short = short_names([table.header[j] for j in kept], names)
    for j, name in zip(kept, short, strict=True):
        out.append(Column(unique(name, names), [row[j] for row in table.rows], table.header[j]))
    return out


def _typed(var: Variable, cells: list[str], codebook: Codebook, lang: str, table: Table,
           issues: list[Issue], names: set[str]) -> list[Column]:
    """Typed columns of one variable; each distinct cell is converted and checked once."""
    label = var.label.get(lang) or var.name
    items = codebook.value_labels(var)
    labels = {n: v.label.get(lang, "") for v in items if (n := _number(v.code)) is not None}
    missing = [n for v in items if v.missing and (n := _number(v.code)) is not None]
    report = _Reporter(var, table, issues)
    name = unique(var.name, names)
    distinct = set(cells)
    if var.kind == "select_multiple":
        return _multiple(var, cells, distinct, items, label, lang, report, name, names)
    numbers = {c: _number(c) for c in distinct if c}
    bad = {c for c, n in numbers.items() if n is None}
    if var.storage == "date":
        dates = {c: _date(c) for c in distinct if c}
        if all(d is not None for d in dates.values()):
            return [Column(name, _mapped(cells, dates, None), label, kind="date")]
        report.cells(cells, {c for c, d in dates.items() if d is None}, "LBL006",
                     "is not a date (YYYY-MM-DD)")
    elif var.storage == "numeric" or (var.kind == "calculate" and not bad):
        if bad:
            report.cells(cells, bad, "LBL006", "is not a number; the column is kept as text")
        else:
            if var.list_name:
                report.cells(cells, {c for c, n in numbers.items() if n not in labels},
                             "LBL005", f"is not a code of {var.list_name}")
            report.close()
            return [Column(name, _mapped(cells, numbers, float("nan")), label, labels,
                           missing, kind="float")]
    elif var.kind == "select_one" and items:
        codes = {v.code for v in items}
        report.cells(cells, {c for c in distinct if c and c not in codes}, "LBL005",
                     f"is not a code of {var.list_name}")
    report.close()
    return [Column(name, cells, label)]


def _mapped(cells: list[str], mapping: Mapping[str, Any], empty: Any) -> Any:
    """The cells mapped through `mapping` (a C-speed pandas map), empty cells to `empty`."""
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]

    full = {**mapping, "": empty}
    series = pd.Series(cells, dtype="object").map(full)
    return series.astype("float64") if empty is not None else series


def _multiple(var: Variable, cells: list[str], distinct: set[str],
              items: tuple[ValueLabel, ...], label: str, lang: str, report: _Reporter,
              name: str, names: set[str]) -> list[Column]:
    """The space-separated codes as text, plus one 0/1 column per choice (empty: not asked)."""
    codes = {v.code for v in items}
    tokens = {c: frozenset(c.split()) for c in distinct if c}
    for c in sorted(c for c, t in tokens.items() if t - codes):
        report.cells(cells, {c}, "LBL005",
                     f"holds {', '.join(sorted(tokens[c] - codes))}, not codes of "
                     f"{var.list_name}")
    report.close()
    out = [Column(name, cells, label)]
    for v in items:
        dummy = _mapped(cells, {c: float(v.code in t) for c, t in tokens.items()},
                        float("nan"))
        token = re.sub(r"\W", "_", v.code)
        out.append(Column(unique(f"{var.name}_{token}", names), dummy,
                          f"{label}: {v.label.get(lang, '')}", kind="float"))
    return out


class _Reporter:
    """Per-cell issues of one column, at most MAX_CELL_REPORTS, then a count."""

    def __init__(self, var: Variable, table: Table, issues: list[Issue]):
        self.var, self.table, self.issues, self.extra = var, table, issues, 0
        self.count = 0
        self.code: CodeId = "LBL005"

    def cell(self, i: int, value: str, code: CodeId, what: str) -> None:
        self.count += 1
        self.code = code
        if self.count > MAX_CELL_REPORTS:
            self.extra += 1
            return
        t = self.table
        j = t.columns.get(self.var.name)
        header = t.header[j] if j is not None else self.var.name
        self.issues.append(issue(
            code, f"{Path(t.file).name}: row {i + 1} (line {t.lines[i]}), column {header}: "
            f"value '{value}' {what}", Location(t.file, t.lines[i], (j or 0) + 1),
            path=self.var.name))

    def cells(self, cells: list[str], wrong: set[str], code: CodeId, what: str) -> None:
        """Report every cell whose value is in `wrong`."""
        if wrong:
            for i, c in enumerate(cells):
                if c in wrong:
                    self.cell(i, c, code, what)

    def close(self) -> None:
        if self.extra:
            t = self.table
            self.issues.append(issue(self.code, f"{Path(t.file).name}: {self.extra} more "
                                     f"problem(s) in {self.var.name} not listed",
                                     Location(t.file), path=self.var.name))


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None

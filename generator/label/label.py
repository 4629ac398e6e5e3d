"""Labelled data: a submissions export → Stata `.dta`, SPSS `.sav` and Parquet, per record.

`label_export` reads the export (see `exports`), joins repeats to their submission,
recomputes the derived migratory-status variables (see `derive`), types every column from
the codebook, checks codes against the value labels, and writes one file per record and
format: `<stem>.household.dta`, `<stem>.hh_members.sav`, … Problems are issues with the
file, line and column; a value is never dropped (a column with a value of the wrong type
is kept as text). Nothing is written when an error was found.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.issues import Issue, Location, Severity, issue
from generator.label.derive import Record, compute, link
from generator.label.exports import NOT_IN_EXPORT, Table, read_table
from generator.label.sources import Source, export_sources
from generator.render.codebook.model import HOUSEHOLD, Codebook, ValueLabel, Variable

FORMATS = ("dta", "sav", "parquet")
MAX_CELL_REPORTS = 20
"""Cell problems reported one by one per column; more are counted in one last issue."""
STATA_LABEL = 80
SPSS_LABEL_BYTES = 255


@dataclass
class Column:
    name: str
    values: Any
    """A list or a pandas Series, one value per row."""
    label: str
    value_labels: dict[float, str] = field(default_factory=dict)
    missing: list[float] = field(default_factory=list)
    kind: str = "text"
    """`float`, `date` or `text`."""


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
                 stem: str | None = None) -> LabelResult:
    """Label an export into `out`; `repeats` maps repeat names to their files (default:
    `<export stem>-<repeat>.csv` next to the export); labels in `lang` (default language)."""
    issues: list[Issue] = []
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
    result.written = _write(result.columns, codebook, out, stem or codebook.form_id, formats,
                            lang, issues)
    return result


# --- typing and checking -------------------------------------------------------------------

def _columns(record: Record, codebook: Codebook, lang: str, issues: list[Issue]
             ) -> list[Column]:
    table = record.table
    names: set[str] = set()
    out = [Column(_unique(k, names), table.keys(at) or [], k)
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
        out.append(Column(_unique(name, names), [row[j] for row in table.rows], table.header[j]))
    return out


def short_names(headers: list[str], taken: set[str]) -> list[str]:
    """Stata/SPSS-ready names for columns kept as they are (host questions, metadata): the
    question's own name without its group prefix (`hh/head/hh_size` → `hh_size`), with as
    many groups in front as it takes to tell two columns of the same name apart."""
    paths = [[_safe(p) for p in _SEGMENTS.split(h.strip()) if p] or [_safe(h)]
             for h in headers]
    counts: dict[int, Counter[str]] = {}
    out = []
    for parts in paths:
        name = "_".join(parts)
        for size in range(1, len(parts) + 1):
            if size not in counts:
                counts[size] = Counter("_".join(p[-size:]) for p in paths)
            candidate = "_".join(parts[-size:])
            if candidate not in taken and counts[size][candidate] == 1:
                name = candidate
                break
        out.append(name)
    return out


def _typed(var: Variable, cells: list[str], codebook: Codebook, lang: str, table: Table,
           issues: list[Issue], names: set[str]) -> list[Column]:
    """Typed columns of one variable; each distinct cell is converted and checked once."""
    label = var.label.get(lang) or var.name
    items = codebook.value_labels(var)
    labels = {n: v.label.get(lang, "") for v in items if (n := _number(v.code)) is not None}
    missing = [n for v in items if v.missing and (n := _number(v.code)) is not None]
    report = _Reporter(var, table, issues)
    name = _unique(var.name, names)
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
        out.append(Column(_unique(f"{var.name}_{token}", names), dummy,
                          f"{label}: {v.label.get(lang, '')}", kind="float"))
    return out


class _Reporter:
    """Per-cell issues of one column, at most MAX_CELL_REPORTS, then a count."""

    def __init__(self, var: Variable, table: Table, issues: list[Issue]):
        self.var, self.table, self.issues, self.extra = var, table, issues, 0
        self.count = 0
        self.code = "LBL005"

    def cell(self, i: int, value: str, code: str, what: str) -> None:
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

    def cells(self, cells: list[str], wrong: set[str], code: str, what: str) -> None:
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


def _safe(text: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", text)
    return name if re.match(r"[A-Za-z_]", name) else f"v_{name}"


_SEGMENTS = re.compile(r"[-/]")
SPSS_RESERVED = frozenset({"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR",
                           "TO", "WITH"})


def _unique(name: str, taken: set[str], limit: int = 32) -> str:
    """A name Stata and SPSS accept (a letter first, ≤ 32 characters), unique in `taken`."""
    if not name[:1].isalpha():
        name = "v" + name if name[:1] == "_" else "v_" + name
    if name.upper() in SPSS_RESERVED:
        name += "_"
    base = name[:limit]
    out, n = base, 1
    while out in taken:
        n += 1
        out = f"{base[:limit - len(str(n)) - 1]}_{n}"
    taken.add(out)
    return out


# --- writing -------------------------------------------------------------------------------

def _write(columns: dict[str, list[Column]], codebook: Codebook, out: Path, stem: str,
           formats: tuple[str, ...], lang: str, issues: list[Issue]) -> list[Path]:
    try:
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]
        import pyreadstat  # type: ignore[import-untyped, unused-ignore]
    except ImportError as exc:
        issues.append(issue("LBL009", f"cannot write labelled data: {exc}", Location(str(out))))
        return []
    staged: list[tuple[Path, Path]] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".migmod-label.", dir=out))
        for record, cols in columns.items():
            frame = pd.DataFrame({c.name: pd.Series(c.values, dtype="float64" if
                                                    c.kind == "float" else "object")
                                  for c in cols}, copy=False)
            for fmt in formats:
                target = work / f"{stem}.{record}.{fmt}"
                if fmt == "dta":
                    pyreadstat.write_dta(
                        frame, str(target), version=15,
                        column_labels={c.name: _cut(c.label, STATA_LABEL) for c in cols},
                        variable_value_labels={c.name: {int(k): v for k, v in
                                                        c.value_labels.items()
                                                        if float(k).is_integer()}
                                               for c in cols if c.value_labels})
                elif fmt == "sav":
                    pyreadstat.write_sav(
                        frame, str(target),
                        column_labels={c.name: _cut_bytes(c.label) for c in cols},
                        variable_value_labels={c.name: c.value_labels for c in cols
                                               if c.value_labels},
                        missing_ranges={c.name: list[Any](c.missing[:3]) for c in cols
                                        if c.missing})
                elif fmt == "parquet":
                    _parquet(frame, cols, target, codebook, record, lang)
                staged.append((target, out / target.name))
        for tmp, final in staged:
            os.replace(tmp, final)
        work.rmdir()
    except (OSError, ValueError, TypeError) as exc:
        issues.append(issue("LBL009", f"cannot write labelled data to {out}: {exc}",
                            Location(str(out))))
        return []
    except Exception as exc:  # pyreadstat raises its own error types
        issues.append(issue("LBL009", f"cannot write labelled data: {exc}", Location(str(out))))
        return []
    return [final for _, final in staged]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cut_bytes(text: str) -> str:
    raw = text.encode("utf-8")
    return text if len(raw) <= SPSS_LABEL_BYTES else raw[:SPSS_LABEL_BYTES].decode(
        "utf-8", "ignore")


def _parquet(frame: Any, cols: list[Column], target: Path, codebook: Codebook, record: str,
             lang: str) -> None:
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = []
    for f, c in zip(table.schema, cols, strict=True):
        meta = {"label": c.label}
        if c.value_labels:
            meta["value_labels"] = json.dumps({_code(k): v for k, v in c.value_labels.items()},
                                              ensure_ascii=False, sort_keys=True)
        fields.append(f.with_metadata(meta))
    about = json.dumps({"form_id": codebook.form_id, "version": codebook.version,
                        "record": record, "language": lang}, sort_keys=True)
    schema = pa.schema(fields, metadata={**(table.schema.metadata or {}),
                                         b"migmod": about.encode()})
    pq.write_table(pa.Table.from_arrays(table.columns, schema=schema), str(target))


def _code(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)

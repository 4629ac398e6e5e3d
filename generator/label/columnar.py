"""The columnar engine: labelling as SQL over whole columns, on DuckDB, for census exports.

Each table of the export is read once, in parallel chunks, into DuckDB, whose memory is
capped at MEMORY_LIMIT (what does not fit spills to a scratch folder in the output
folder). Then, record by record (submissions first, then their repeats):

1. join each row to its submission (`PARENT_KEY` → `KEY`) and number it among its siblings;
2. compute the calculations in document order, one SQL column each (see `sql`);
3. check the columns (types, codes, keys, dates) in a few scans (see `columnar_out`);
4. stream the typed columns to Parquet (labels in the field metadata), batch by batch.

The same queries run on Spark SQL, or on Dask partitions, over the same Parquet files; see
docs/label.md. pandas is not used on this path.
"""

from __future__ import annotations

import contextlib
import csv
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.issues import Issue, Location, issue
from generator.label.exports import NOT_IN_EXPORT, Table, _dated, _keys, _match
from generator.label.sources import SNIFF_BYTES, Source, dialect, read_rows
from generator.label.sql import POSITION, TODAY, Compiler, Lookup, Unsupported, quote
from generator.render.codebook.model import Codebook

MEMORY_LIMIT = "900MB"
THREADS = 2
_DUCK_ENCODING = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16",
                  "cp1252": "latin-1"}


@dataclass
class Loaded:
    """One table of the export in the database: `r_<record>` with columns c0, c1, …"""

    record: str
    table: Table
    """Its header matched to the codebook (no rows: they stay in the database)."""
    name: str
    rows: int = 0
    visible: dict[str, str] = field(default_factory=dict)
    """Variable → SQL column of the computed table (own and inherited values)."""
    exported: set[str] = field(default_factory=set)
    """Derived variables the export holds too (`e:<name>`), compared with their calculation."""
    as_text: set[str] = field(default_factory=set)
    """Numeric variables with text in them, written as text (nothing is lost)."""
    extra: set[str] = field(default_factory=set)
    """Columns kept as they are (`x:<index>`)."""
    joined: bool = False
    has_children: bool = False
    dated_calcs: list[str] = field(default_factory=list)
    """Calculations computed with today(), the interview date."""


@contextlib.contextmanager
def database(out: Path) -> Iterator[tuple[Any, Path]]:
    """A DuckDB connection in memory, spilling to a scratch folder inside `out` what does
    not fit in MEMORY_LIMIT; the folder is removed afterwards."""
    import duckdb

    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".migmod-columnar.", dir=out))
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        con.execute(f"SET threads = {THREADS}")
        con.execute(f"SET temp_directory = '{work / 'spill'}'")
        con.execute("SET preserve_insertion_order = true")
        yield con, work
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)


def load(con: Any, work: Path, source: Source, record: str, codebook: Codebook,
         issues: list[Issue], *, child: bool) -> Loaded | None:
    """Read one table into `r_<record>`; match its header to the codebook."""
    path, how = _plain_file(source, work, issues)
    if path is None:
        return None
    name = f"r_{len(con.execute('SHOW TABLES').fetchall())}"
    try:
        if path.suffix.lower() == ".parquet":
            header = [d[0] for d in con.execute(
                f"DESCRIBE SELECT * FROM read_parquet('{_path(path)}')").fetchall()]
            cols = ", ".join(f"coalesce(CAST({quote(h)} AS VARCHAR), '') AS c{j}"
                             for j, h in enumerate(header))
            con.execute(f"CREATE TABLE {name} AS SELECT {cols} FROM "
                        f"read_parquet('{_path(path)}')")
            how = how or "Parquet"
        else:
            with path.open("rb") as fh:
                found = dialect(fh.read(SNIFF_BYTES))
            if found.encoding == "cp1252":
                issues.append(issue("LBL012", f"{source.short} is not UTF-8; read as Latin-1",
                                    Location(source.label)))
            with path.open(encoding=found.encoding, errors="replace", newline="") as fh:
                header = next(csv.reader(fh, delimiter=found.delimiter), [])
            types = ", ".join(f"'c{j}': 'VARCHAR'" for j in range(len(header)))
            cols = ", ".join(f"coalesce(c{j}, '') AS c{j}" for j in range(len(header)))
            con.execute(
                f"CREATE TABLE {name} AS SELECT {cols} FROM read_csv('{_path(path)}', "
                f"header = true, columns = {{{types}}}, "
                f"delim = '{found.delimiter}', quote = '\"', escape = '\"', "
                f"encoding = '{_DUCK_ENCODING.get(found.encoding, 'utf-8')}', "
                f"null_padding = true, parallel = true)")
            how = how or found.describe()
    except Exception as exc:  # duckdb raises its own error types
        issues.append(issue("LBL001", f"cannot read {source.short}: {_first_line(exc)}",
                            Location(source.label)))
        return None
    if not header or not any(header):
        issues.append(issue("LBL001", f"{source.short} is empty", Location(source.label)))
        return None
    table = Table(record, source.label, header, [], [], how=how)
    _match(table, codebook, issues)
    _keys(table, issues, child)
    _dated(table, codebook)
    rows = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
    return Loaded(record, table, name, rows)


def _plain_file(source: Source, work: Path, issues: list[Issue]) -> tuple[Path | None, str]:
    """A file DuckDB reads: the CSV or Parquet itself, a zip member extracted, a sheet
    written as CSV (a sheet holds at most 1,048,576 rows)."""
    if source.member is None and source.sheet is None:
        return source.path, ""
    target = work / f"t{len(list(work.iterdir()))}.csv"
    if source.member is not None:
        try:
            with zipfile.ZipFile(source.path) as zf, zf.open(source.member) as src, \
                    target.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        except (OSError, KeyError, zipfile.BadZipFile) as exc:
            issues.append(issue("LBL001", f"cannot read {source.short}: {exc}",
                                Location(source.label)))
            return None, ""
        return target, ""
    read = read_rows(source, issues)
    if read is None:
        return None, ""
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(read.header)
        writer.writerows(r + [""] * (len(read.header) - len(r)) for r in read.rows)
    return target, read.how


def _path(path: Path) -> str:
    return str(path).replace("'", "''")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# --- computing -----------------------------------------------------------------------------

def compute(con: Any, loaded: dict[str, Loaded], codebook: Codebook,
            issues: list[Issue]) -> bool:
    """Create `done_<n>` for each record: keys, position, parent row, every variable's text
    (exported or computed) and the columns kept as they are. False when a calculation
    cannot be computed here (an LBL014 issue says which)."""
    parents = {r.name: r.parent for r in codebook.records}
    for rec in codebook.records:
        item = loaded.get(rec.name)
        if item is None:
            continue
        parent = loaded.get(parents.get(rec.name) or "")
        if parent is not None:
            parent.has_children = True
        try:
            _compute_record(con, item, parent, codebook)
        except Unsupported as exc:
            issues.append(issue("LBL014", f"{exc}", Location(item.table.file),
                                hint="label this export with --engine python"))
            return False
    return True


def _compute_record(con: Any, item: Loaded, parent: Loaded | None, codebook: Codebook
                    ) -> None:
    t = item.table
    mine = [v for v in codebook.variables()
            if v.record == item.record and v.kind not in NOT_IN_EXPORT]
    select = ["t.rowid + 1 AS __row"]
    select.append(f"t.c{t.key} AS __key" if t.key is not None else "NULL AS __key")
    joined = parent is not None and t.parent is not None
    if t.parent is not None:
        select.append(f"t.c{t.parent} AS __parent")
        select.append(f"row_number() OVER (PARTITION BY t.c{t.parent} ORDER BY t.rowid) "
                      f"AS {POSITION}")
    else:
        select += ["NULL AS __parent", f"t.rowid + 1 AS {POSITION}"]
    select.append("p.__row AS __prow" if joined else "NULL AS __prow")
    visible: dict[str, str] = {}
    for var in mine:
        raw = _raw(t, var.name)
        if raw is not None:
            select.append(f"{raw} AS {quote('v:' + var.name)}")
            visible[var.name] = quote("v:" + var.name)
            if var.derivation is not None:
                select.append(f"{raw} AS {quote('e:' + var.name)}")
                item.exported.add(var.name)
    if t.dated is not None:
        select.append(f"left(trim(t.c{t.dated}), 10) AS {TODAY}")
    elif joined and parent is not None:
        select.append(f"p.{TODAY} AS {TODAY}")
    else:
        select.append(f"CAST(NULL AS VARCHAR) AS {TODAY}")
    inherited = dict(parent.visible) if joined and parent is not None else {}
    wanted = {r for v in mine if v.kind == "calculate" and v.calculation
              for r in _refs(v.calculation)}
    for name in sorted(wanted - set(visible)):
        if name in inherited:
            select.append(f"p.{inherited[name]} AS {quote('v:' + name)}")
            visible[name] = quote("v:" + name)
    matched = set(t.columns.values()) | {j for s in t.splits.values() for j in s.values()}
    item.extra = {f"x:{j}" for j in range(len(t.header))
                  if j not in matched and j not in (t.key, t.parent)}
    select += [f"t.c{x[2:]} AS {quote(x)}" for x in sorted(item.extra, key=lambda x: int(x[2:]))]
    item.joined = joined
    source = f"{item.name} t"
    if joined and parent is not None and t.parent is not None:
        source += f" LEFT JOIN done_{parent.name} p ON t.c{t.parent} = p.__key"
    chain = _Chain(con, f"done_{item.name}", f"SELECT {', '.join(select)} FROM {source}")
    for k, var in enumerate(mine):
        if var.kind != "calculate" or not var.calculation:
            continue
        if var.derivation is None and var.name in visible and _raw(t, var.name) is not None:
            continue
        compiler = Compiler(lambda n: visible.get(n), item.record, prefix=f"__l{k}_")
        try:
            expr = f"coalesce({compiler.calculation(var.calculation)}, '')"
        except Unsupported as exc:
            raise Unsupported(f"{var.name}: {exc} in '{var.calculation}'") from exc
        if "today()" in var.calculation.replace(" ", ""):
            item.dated_calcs.append(var.name)
        for step in compiler.steps:
            if isinstance(step, Lookup):
                chain.lookup(step, visible[step.var], step.var)
            else:
                chain.add(*step)
        column = quote("v:" + var.name)
        chain.add(column, expr, drop=[column] if var.name in visible else [])
        chain.computed.add(var.name)
        visible[var.name] = column
    chain.materialize(final=True)
    item.visible = visible


class _Chain:
    """A chain of projections (CTEs), one column each, materialized into a table before a
    row reads a sibling's value (indexed-repeat) computed since the last table."""

    def __init__(self, con: Any, name: str, first: str):
        self.con, self.name, self.tables = con, name, 0
        self.steps = [f"s0 AS ({first})"]
        self.temporary: list[str] = []
        self.computed: set[str] = set()
        self.stage = ""

    @property
    def prev(self) -> str:
        return f"s{len(self.steps) - 1}"

    def add(self, column: str, sql: str, drop: list[str] | None = None) -> None:
        gone = [*(drop or []), *(self.temporary if drop is not None else [])]
        keep = f"* EXCLUDE ({', '.join(gone)})" if gone else "*"
        if drop is not None:
            self.temporary = []
        else:
            self.temporary.append(column)
        self.steps.append(f"s{len(self.steps)} AS (SELECT {keep}, {sql} AS {column} "
                          f"FROM {self.prev})")

    def lookup(self, lk: Lookup, column: str, var: str) -> None:
        if not self.stage or var in self.computed:
            self.materialize()
        n = lk.index.text
        index = (f"CASE WHEN {n} = trunc({n}) AND {n} >= 1 AND {n} < {_SIBLINGS} "
                 f"THEN CAST({n} AS BIGINT) END")
        sibling = (f"(SELECT coalesce(__prow, 0) * {_SIBLINGS} + {POSITION} AS k, {column} "
                   f"AS v FROM {self.stage})")
        self.temporary.append(lk.alias)
        self.steps.append(
            f"s{len(self.steps)} AS (SELECT p.*, q.v AS {lk.alias} FROM {self.prev} p "
            f"LEFT JOIN {sibling} q ON q.k = coalesce(p.__prow, 0) * {_SIBLINGS} + {index})")

    def materialize(self, *, final: bool = False) -> None:
        self.tables += 1
        table = self.name if final else f"{self.name}_{self.tables}"
        self.con.execute(f"CREATE TABLE {table} AS WITH {', '.join(self.steps)} "
                         f"SELECT * FROM {self.prev}")
        self.steps = [f"s0 AS (SELECT * FROM {table})"]
        self.stage = table
        self.computed = set()


_SIBLINGS = 100_000
"""More than the rows of one repeat in one submission: (parent row, position) as one key."""


def _raw(t: Table, name: str) -> str | None:
    """The SQL of a variable's exported text: its column, or its split columns joined."""
    at = t.columns.get(name)
    if at is not None:
        return f"t.c{at}"
    split = t.splits.get(name)
    if not split:
        return None
    parts = ", ".join(f"CASE WHEN t.c{j} IN ('1', 'true', 'True', 'TRUE') THEN '{code}' END"
                      for code, j in split.items())
    return f"concat_ws(' ', {parts})"


def _refs(calculation: str) -> set[str]:
    from generator.logic import parse, refs

    return {r.name for r in refs(parse(calculation))}

"""The columnar engine: labelling as SQL over whole columns, on DuckDB, for census exports.

Each table of the export is read once, in parallel chunks, into DuckDB, whose memory is
capped at MEMORY_LIMIT (what does not fit spills to a scratch folder in the output
folder). Then, record by record (submissions first, then their repeats):

1. join each row to its submission (`PARENT_KEY` → `KEY`) and number it among its siblings;
2. compute the calculations in document order, one SQL column each (see `columnar_calc`
   and `sql`), and, once every record is done, those that add up a child record's rows;
3. check the columns (types, codes, keys, dates) in a few scans (see `columnar_out`);
4. stream the typed columns to Parquet (labels in the field metadata), batch by batch.

The same queries run on Spark SQL, or on Dask partitions, over the same Parquet files; see
docs/label.md. pandas is not used on this path.
"""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.issues import Issue, Location, issue
from generator.label.exports import Table, _dated, _keys, _match
from generator.label.sources import SNIFF_BYTES, Source, dialect, read_rows
from generator.label.sql import quote
from generator.render.codebook.model import Codebook

MEMORY_LIMIT = os.environ.get("MIGMOD_LABEL_MEMORY", "900MB")
"""DuckDB's memory limit (the process takes about 0.7 GB more); MIGMOD_LABEL_MEMORY sets it."""
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
    own: set[str] = field(default_factory=set)
    """Variables of this record in `visible` (exported or computed, not inherited)."""


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
    con.execute("CHECKPOINT")  # compresses the table (see columnar_calc.compact)
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

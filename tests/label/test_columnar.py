"""The columnar engine (DuckDB) against the row engine: same files, same values, same
labels, same kinds of problems; its SQL against the Python evaluator, expression by
expression; what it refuses and how it writes Stata and SPSS files in parts."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import pytest

from generator.instrument.compile import Instrument
from generator.label import label_export
from generator.label.sql import Compiler
from generator.logic import UNKNOWN, evaluate, parse
from generator.logic.values import to_string
from generator.render.codebook.model import Codebook, from_dict, to_dict
from tests.render.codebook.submissions import Household, scenario_households, walk, write_export

pq = pytest.importorskip("pyarrow.parquet", reason="labelled data needs pyarrow")
duckdb = pytest.importorskip("duckdb", reason="the columnar engine needs duckdb")
pyreadstat = pytest.importorskip("pyreadstat", reason="labelled data needs pyreadstat")


@pytest.fixture(scope="module")
def households(inst_en: Instrument) -> list[Household]:
    return walk(inst_en, scenario_households())


def both(main: Path, out: Path, cb: Codebook, **kw: Any) -> tuple[Any, Any]:
    """Label with each engine; assert the Parquet files are equal, field by field."""
    py = label_export(main, out / "python", cb, engine="python", **kw)
    col = label_export(main, out / "columnar", cb, engine="columnar", **kw)
    assert sorted(p.name for p in py.written) == sorted(p.name for p in col.written)
    for path in py.written:
        if path.suffix != ".parquet":
            continue
        a, b = pq.read_table(path), pq.read_table(out / "columnar" / path.name)
        assert a.column_names == b.column_names, path.name
        for name in a.column_names:
            fa, fb = a.schema.field(name), b.schema.field(name)
            assert fa.type == fb.type, (path.name, name)
            assert fa.metadata == fb.metadata, (path.name, name)
            assert a[name].to_pylist() == b[name].to_pylist(), (path.name, name)
        assert b.schema.metadata[b"migmod"] == a.schema.metadata[b"migmod"]
    return py, col


def codes(result: Any) -> set[str]:
    return {i.code for i in result.issues}


def test_same_output_as_the_row_engine(cb_en: Codebook, households: list[Household],
                                       tmp_path: Path) -> None:
    main = write_export(cb_en, households, tmp_path / "in")
    py, col = both(main, tmp_path, cb_en, formats=("parquet",))
    assert py.issues == [] and col.issues == []
    assert [line.split(":")[0] for line in col.read] == [line.split(":")[0] for line in py.read]


def test_same_output_kobo_split_columns_semicolons(cb_en: Codebook,
                                                  households: list[Household],
                                                  tmp_path: Path) -> None:
    main = write_export(cb_en, households, tmp_path / "in", style="kobo", whole=False)
    for path in (tmp_path / "in").glob("*.csv"):
        rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, delimiter=";").writerows(rows)
    _py, col = both(main, tmp_path, cb_en, formats=("parquet",))
    assert col.issues == [] and "semicolon" in col.read[0]


def test_same_output_through_indexed_repeat(cb_en: Codebook, households: list[Household],
                                            tmp_path: Path) -> None:
    """Without the parents' columns, both engines read the parents' rows."""
    main = write_export(cb_en, households, tmp_path / "in",
                        drop={"mother_foreign_born", "father_foreign_born"})
    py, col = both(main, tmp_path, cb_en, formats=("parquet",))
    assert codes(py) == codes(col) == {"LBL004", "LBL007"}


def test_same_output_and_problems_with_bad_cells(cb_en: Codebook,
                                                 households: list[Household],
                                                 tmp_path: Path) -> None:
    main = write_export(cb_en, households, tmp_path / "in", extra={"survey-mystery": "x"})
    people = tmp_path / "in" / f"{cb_en.form_id}-hh_members.csv"
    rows = list(csv.reader(people.open(encoding="utf-8", newline="")))
    rows[3][rows[0].index("hh_members-person_core-born_here")] = "7"
    rows[1][rows[0].index("hh_members-age")] = "forty"
    rows[2][rows[0].index("PARENT_KEY")] = "uuid:nowhere"
    with people.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    py, col = both(main, tmp_path, cb_en, formats=("parquet",))
    assert codes(py) == codes(col) == {"LBL003", "LBL005", "LBL006", "LBL007", "LBL008"}
    (bad,) = [i for i in col.issues if i.code == "LBL005"]
    assert "1 row(s), first row 3 (line 4)" in bad.message and "'7'" in bad.message
    assert bad.loc is not None and bad.loc.line == 4


def test_parquet_export_and_duplicate_keys(cb_en: Codebook, households: list[Household],
                                           tmp_path: Path) -> None:
    """A Parquet export goes to the columnar engine; a key twice is an error there too."""
    main = write_export(cb_en, households, tmp_path / "in")
    con = duckdb.connect()
    for path in (tmp_path / "in").glob("*.csv"):
        con.execute(f"COPY (SELECT * FROM read_csv('{path}', all_varchar = true)) "
                    f"TO '{path.with_suffix('.parquet')}' (FORMAT parquet)")
    parquet = main.with_suffix(".parquet")
    result = label_export(parquet, tmp_path / "out", cb_en, formats=("parquet",))
    assert result.valid and result.issues == [] and "Parquet" in result.read[0]
    reference = label_export(main, tmp_path / "ref", cb_en, formats=("parquet",),
                             engine="python")
    for path in reference.written:
        assert pq.read_table(path).equals(pq.read_table(tmp_path / "out" / path.name))
    rows = list(csv.reader(main.open(encoding="utf-8", newline="")))
    with main.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(rows[2])
    result = label_export(main, tmp_path / "dup", cb_en, engine="columnar")
    (dup,) = [i for i in result.issues if i.code == "LBL011"]
    assert "uuid:hh-b" in dup.message and "lines 3 and 5" in dup.message
    assert not result.valid and not (tmp_path / "dup" / f"{cb_en.form_id}.household.dta"
                                     ).exists()


def test_stata_and_spss_written_in_parts(cb_en: Codebook, households: list[Household],
                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    import generator.label.columnar_out as columnar_out

    monkeypatch.setattr(columnar_out, "STATA_ROWS", 10)
    main = write_export(cb_en, households, tmp_path / "in")
    result = label_export(main, tmp_path / "out", cb_en, engine="columnar")
    assert result.valid, [i.message for i in result.issues]
    stem = cb_en.form_id
    names = sorted(p.name for p in result.written)
    assert f"{stem}.household.dta" in names  # 3 rows: one file
    parts = [n for n in names if n.startswith(f"{stem}.hh_members.part")]
    people = sum(len(h.members) for h in households)
    sizes = [min(10, people - start) for start in range(0, people, 10)]
    ks = range(1, len(sizes) + 1)
    assert sorted(parts) == sorted(f"{stem}.hh_members.part{k:03d}.{f}"
                                   for f in ("dta", "sav") for k in ks)
    frames = [pyreadstat.read_dta(str(tmp_path / "out" / f"{stem}.hh_members.part{k:03d}.dta"))
              for k in ks]
    assert [len(df) for df, _ in frames] == sizes and len(sizes) > 1
    _df, meta = frames[0]
    assert meta.column_names_to_labels["born_here"] == "Was (MEMBER_NAME) born in Kenya?"
    assert meta.variable_value_labels["born_here"] == {1: "Yes", 2: "No", 8: "Don't know"}
    _sav, smeta = pyreadstat.read_sav(str(tmp_path / "out" / f"{stem}.hh_members.part001.sav"),
                                     user_missing=True)
    assert smeta.missing_ranges["born_here"] == [{"lo": 8.0, "hi": 8.0}]


def test_calculation_it_cannot_compute_is_refused(cb_en: Codebook,
                                                  households: list[Household],
                                                  tmp_path: Path) -> None:
    data = json.loads(json.dumps(to_dict(cb_en)))
    for module in data["modules"]:
        for var in module["variables"]:
            if var["name"] == "foreign_born":
                var["calculation"] = "if(regex(${born_here}, '^2$'), 1, 0)"
    odd = from_dict(data)
    main = write_export(cb_en, households, tmp_path / "in")
    result = label_export(main, tmp_path / "out", odd, engine="columnar")
    (err,) = [i for i in result.issues if i.code == "LBL014"]
    assert "regex()" in err.message and "--engine python" in (err.hint or "")
    assert result.written == [] and not any((tmp_path / "out").glob("*.parquet"))


# --- the SQL of a calculation against the Python evaluator ---------------------------------

EXPRESSIONS = [
    "if(${a} = '1', 1, if(${a} = '2', 0, ''))",
    "${n} > 5", "${n} != 9998", "${n} = ''", "${n} != ''", "${a} = ${b}", "${a} != ${b}",
    "(${n} - ${m}) * 12 + 3", "${n} div ${m}", "${n} mod ${m}", "round(${n} div 3 * 100) div 100",
    "if(${n} >= 1 and ${n} <= 12, ${n}, 7)", "${n} > 0 or ${a} = '1'", "not(${a} = '1')",
    "selected(${s}, '2')", "count-selected(${s})", "if(selected(${s}, '6') or selected(${s}, "
    "'7'), 1, 0)", "${n} = 1", "${missing} = '1'", "if(${missing} = '1', 1, 0)",
    "${missing} = '1' and ${n} > 100", "${missing} = '1' or ${n} > -100",
    "format-date(${d}, '%Y')", "format-date(${d}, '%m')", "format-date(${d}, '%n/%e')",
    "coalesce(${a}, ${b})", "concat(${a}, ${b})",
    "string-length(${a})", "int(${n} div 7)", "floor(${n} div 7)", "ceiling(${n} div 7)",
    "floor(${n})", "if(${n} != '', floor(${n} div 12), '')", "abs(${n} - 10)", "-${n}",
    "if(${a} = '', '', if(${n} = 1 and ${m} = 1, 1, 2))",
]
ROWS = [
    {"a": "1", "b": "2", "n": "3", "m": "0", "s": "2 6", "d": "2026-11-15"},
    {"a": "2", "b": "2", "n": "", "m": "4", "s": "", "d": "2030-01-09T10:00:00"},
    {"a": "", "b": "x", "n": "9998", "m": "", "s": "7", "d": ""},
    {"a": "1", "b": "", "n": "-2.5", "m": "2", "s": "1 2 3", "d": "not a date"},
    {"a": "12", "b": "12", "n": "1", "m": "1", "s": "6", "d": "2026-01-31"},
    {"a": "x", "b": "y", "n": "forty", "m": "3", "s": "8 9", "d": "2026-02-28"},
]


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_sql_matches_the_evaluator(text: str) -> None:
    names = ("a", "b", "n", "m", "s", "d")
    columns = {n: f'"{n}"' for n in names}
    compiler = Compiler(columns.get, None)
    sql = compiler.calculation(text)
    con = duckdb.connect()
    values = ", ".join("(" + ", ".join(f"'{row[n]}'" for n in names) + f", {k})"
                       for k, row in enumerate(ROWS))
    steps = "".join(f", {s} AS {name}" for name, s in compiler.steps)  # type: ignore[misc]
    query = (f"WITH t AS (SELECT * FROM (VALUES {values}) v({', '.join(names)}, k)), "
             f"u AS (SELECT *{steps} FROM t) SELECT {sql} FROM u ORDER BY k")
    got = [r[0] for r in con.execute(query).fetchall()]
    for row, value in zip(ROWS, got, strict=True):
        want = evaluate(parse(text), {**row, "missing": UNKNOWN})
        expected = None if want is UNKNOWN else to_string(want)
        if expected is not None and value is not None and expected != value:
            assert math.isclose(float(expected), float(value)), (text, row)
        else:
            assert value == expected, (text, row)


def test_zip_and_workbook_through_the_columnar_engine(cb_en: Codebook,
                                                      households: list[Household],
                                                      tmp_path: Path) -> None:
    """Zip members and workbook sheets are handed to DuckDB as plain CSV files."""
    import zipfile

    from click.testing import CliRunner

    from generator.cli import cli
    from tests.label.test_exports import kobo_workbook

    write_export(cb_en, households, tmp_path / "odk")
    archive = tmp_path / "odk.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((tmp_path / "odk").glob("*.csv")):
            zf.write(path, path.name)
    both(archive, tmp_path / "zip", cb_en, formats=("parquet",))
    write_export(cb_en, households, tmp_path / "kobo", style="kobo")
    book = kobo_workbook(tmp_path / "kobo", cb_en, tmp_path / "kobo.xlsx")
    _, col = both(book, tmp_path / "xlsx", cb_en, formats=("parquet",))
    assert col.issues == [] and col.read[1].startswith("kobo.xlsx[hh_members]: sheet")
    res = CliRunner().invoke(cli, ["label", str(archive), "--engine", "columnar", "--format",
                                   "parquet", "--out", str(tmp_path / "cli")])
    assert res.exit_code == 0, res.output
    people = sum(len(h.members) for h in households)
    assert (f"read {cb_en.form_id}-hh_members.csv: utf-8, comma-separated, {people} rows"
            in res.output)
    assert len(list((tmp_path / "cli").glob("*.hh_members.parquet"))) == 1



GROUPS = [[], ["100", "0", "1"], ["0", "0"], ["", "100"], ["forty", "2"], [" 3 ", "-1.5"]]


@pytest.mark.parametrize("function", ["sum", "count", "max", "min"])
def test_totals_match_the_row_engine(function: str) -> None:
    """sum/count/max/min over a child's rows in SQL against the row engine's `aggregate`,
    households without any member included."""
    from generator.label.derive import aggregate
    from generator.label.sql import total

    sql, empty = total(function, "v")
    rows = ", ".join(f"({g}, '{v}')" for g, values in enumerate(GROUPS) for v in values)
    con = duckdb.connect()
    query = (f"WITH c(g, v) AS (VALUES {rows}), "
             f"t AS (SELECT g, {sql} AS x FROM c GROUP BY g) "
             f"SELECT coalesce(t.x, {empty}) FROM range({len(GROUPS)}) r(g) "
             f"LEFT JOIN t ON t.g = r.g ORDER BY r.g")
    got = [r[0] for r in con.execute(query).fetchall()]
    for values, value in zip(GROUPS, got, strict=True):
        want = aggregate(function, values)
        assert (math.isnan(want) and math.isnan(value)) or want == value, (values, value)


def test_same_output_with_members_out_of_order(cb_en: Codebook, households: list[Household],
                                               tmp_path: Path) -> None:
    """Members of different households interleaved (exports joined, sorted by another
    column): each row's position among its household's rows, and so every indexed-repeat(),
    follows the file order in both engines."""
    main = write_export(cb_en, households, tmp_path / "in",
                        drop={"mother_foreign_born", "father_foreign_born"})
    people = tmp_path / "in" / f"{cb_en.form_id}-hh_members.csv"
    header, *rows = list(csv.reader(people.open(encoding="utf-8", newline="")))
    rows = rows[1::2] + rows[::2]
    with people.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    py, col = both(main, tmp_path, cb_en, formats=("parquet",))
    assert codes(py) == codes(col)


def test_out_of_memory_is_an_issue(cb_en: Codebook, households: list[Household],
                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DuckDB's memory limit reached: LBL015 with the limit and how to raise it, nothing
    written, never an internal error."""
    import generator.label.columnar as columnar

    monkeypatch.setattr(columnar, "MEMORY_LIMIT", "100KB")
    main = write_export(cb_en, households, tmp_path / "in")
    result = label_export(main, tmp_path / "out", cb_en, engine="columnar")
    (err,) = [i for i in result.issues if i.code == "LBL015"]
    assert "needs more than 100KB" in err.message and "MIGMOD_LABEL_MEMORY" in (err.hint or "")
    assert result.written == [] and not result.valid
    assert not list((tmp_path / "out").glob("*.parquet"))

"""Join an export's records and compute its calculations in Python, row by row.

Every derived migratory-status variable is recomputed from its calculation with
`generator.logic.evaluate`, whatever the form stored; other calculations are taken from
the export and computed only when the export lacks them or when they read a value it lacks
(see `fresh`). A row of a repeat reads the values of its submission (`${ref_year}`),
its position in the repeat (`position(..)`) and its siblings
(`indexed-repeat(${foreign_born}, ${hh_members}, ${mother_line})`). A household
calculation that adds up its members (`sum(${link_foreign_born})`) is computed after every
record, from the rows of its own submission.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.issues import Issue, Location, issue
from generator.label.exports import MAX_LISTED, Table
from generator.label.sql import AGGREGATES
from generator.logic import (
    UNKNOWN,
    Binary,
    Call,
    Expr,
    Ref,
    Unary,
    Value,
    evaluate,
    parse,
    refs,
    walk,
)
from generator.logic.values import to_number, to_string
from generator.render.codebook.model import HOUSEHOLD, Codebook, Variable

Getter = Callable[[int], Value]


@dataclass
class Record:
    """One record's rows: its cells by variable, and where each row sits."""

    name: str
    table: Table
    values: dict[str, list[str]] = field(default_factory=dict)
    parent: Record | None = None
    parent_row: list[int] = field(default_factory=list)
    """Row of the parent record for each row (-1 when the parent was not found)."""
    position: list[int] = field(default_factory=list)
    """1-based position of each row among the rows of the same parent."""
    sibling: dict[tuple[int, int], int] = field(default_factory=dict)
    """(parent row, position) → row."""


def link(tables: dict[str, Table], codebook: Codebook, issues: list[Issue]
         ) -> dict[str, Record]:
    """Records in codebook order, each joined to its parent by the key columns."""
    records: dict[str, Record] = {}
    for rec in codebook.records:
        table = tables.get(rec.name)
        if table is None:
            continue
        record = Record(rec.name, table)
        parent = records.get(rec.parent or "")
        record.parent = parent
        if parent is not None:
            index = {k: i for i, k in enumerate(parent.table.keys(parent.table.key) or [])}
            keys = table.keys(table.parent) or [""] * len(table)
            record.parent_row = [index.get(k, -1) for k in keys]
            orphans = [table.lines[i] for i, p in enumerate(record.parent_row) if p < 0]
            if orphans:
                issues.append(issue(
                    "LBL008", f"{Path(table.file).name}: {len(orphans)} row(s) whose "
                    f"{table.key_names[1]} matches no submission (lines "
                    f"{', '.join(map(str, orphans[:MAX_LISTED]))})",
                    Location(table.file, orphans[0])))
        else:
            record.parent_row = [-1] * len(table)
        counts: dict[int, int] = {}
        for i, p in enumerate(record.parent_row):
            counts[p] = counts.get(p, 0) + 1
            record.position.append(counts[p])
            record.sibling[(p, counts[p])] = i
        records[rec.name] = record
    return records


TODAY = "__today__"
"""Synthetic column: each row's interview date, which today() stands for."""


def interview_dates(table: Table) -> list[str]:
    """The date (YYYY-MM-DD) of each row's interview, '' when the export has none."""
    if table.dated is None:
        return [""] * len(table)
    at = table.dated
    seen: dict[str, str] = {}
    out = []
    for row in table.rows:
        cell = row[at]
        found = seen.get(cell)
        if found is None:
            try:
                found = dt.date.fromisoformat(cell.strip()[:10]).isoformat()
            except ValueError:
                found = ""
            seen[cell] = found
        out.append(found)
    return out


def compute(records: dict[str, Record], codebook: Codebook, issues: list[Issue]) -> None:
    """Fill each record's values: exported cells, then calculations in document order;
    calculations over the rows of another record (`sum(${x})`) once every record is done."""
    where = {v.name: v.record for v in codebook.variables()}
    later: list[tuple[Record, Variable]] = []
    filled: set[str] = set()
    for record in records.values():
        if record.table.dated is not None:
            record.values[TODAY] = interview_dates(record.table)
    for record in records.values():
        mine = [v for v in codebook.variables() if v.record == record.name]
        for var in mine:
            raw = record.table.raw(var)
            if raw is not None:
                record.values[var.name] = raw
        for var in mine:
            if var.kind != "calculate" or not var.calculation:
                continue
            if aggregated(parse(var.calculation), where, record.name):
                later.append((record, var))
                continue
            _fill(record, records, var, issues, filled)
    for record, var in later:
        _fill(record, records, var, issues, filled)


def fresh(var: Variable, exported: bool, filled: set[str]) -> bool:
    """Whether `var`'s value is one the export lacks: it has no column, or it reads a value
    the export lacked (`months_since_arrival` reads `ref_year` filled from the interview
    date: the exported value, computed with another reference, would disagree with it)."""
    return not exported or any(r.name in filled for r in refs(parse(str(var.calculation))))


def _fill(record: Record, records: dict[str, Record], var: Variable, issues: list[Issue],
          filled: set[str]) -> None:
    exported = record.values.get(var.name)
    new = fresh(var, exported is not None, filled)
    if var.derivation is None and not new:
        return
    if new:
        filled.add(var.name)
    computed = _evaluate_column(record, records, str(var.calculation))
    if _dated(str(var.calculation)):
        _undated(record, var, computed, issues)
    if var.derivation is not None and exported is not None:
        _compare(record, var, exported, computed, issues)
    record.values[var.name] = computed


def aggregated(expr: Expr, where: dict[str, str], record: str) -> bool:
    """Whether the expression adds up (sum, count…) a variable of another record."""
    return any(isinstance(n, Call) and n.name in AGGREGATES and len(n.args) == 1
               and isinstance(n.args[0], Ref) and where.get(n.args[0].name, record) != record
               for n in walk(expr))


def aggregate(function: str, values: list[str]) -> float:
    """sum/count/max/min over the values of the rows, as ODK computes them (a blank or
    text value makes a sum, max or min not a number)."""
    if function == "count":
        return float(len(values))
    numbers = [to_number(v) for v in values]
    if any(math.isnan(n) for n in numbers):
        return math.nan
    if function == "sum":
        return float(sum(numbers))
    if not numbers:
        return math.nan
    return float(max(numbers) if function == "max" else min(numbers))


def _dated(calculation: str) -> bool:
    return any(isinstance(n, Call) and n.name == "today" for n in walk(parse(calculation)))


def _undated(record: Record, var: Variable, computed: list[str], issues: list[Issue]) -> None:
    dates = _getter(record, TODAY)
    empty = [i for i in range(len(record.table)) if dates(i) in ("", UNKNOWN)]
    if not empty:
        return
    table = record.table
    issues.append(issue(
        "LBL013", f"{Path(table.file).name}: {len(empty)} row(s) without an interview date "
        f"(first at line {table.lines[empty[0]]}): {var.name} is left empty there",
        Location(table.file, table.lines[empty[0]]), path=var.name,
        hint=f"export the form's today/start/end columns, or export {var.name} itself; the "
             "clock is never used, as it is not the reference date of the survey"))


def _evaluate_column(record: Record, records: dict[str, Record], calculation: str
                     ) -> list[str]:
    expr, lookups = _lift_indexed(parse(calculation))
    expr, totals = _lift_aggregates(expr, record, records)
    synthetic = {f"__ir{k}__" for k in range(len(lookups))} | set(totals)
    getters = {r.name: _getter(record, r.name) for r in refs(expr) if r.name not in synthetic}
    getters.update(totals)
    lookup_getters = [(_sibling_getter(records, var, rep, record), idx)
                      for var, rep, idx in lookups]
    positional = any(isinstance(n, Call) and n.name == "position" for n in walk(expr))
    seen: dict[tuple[Value | int, ...], str] = {}
    out = []
    for i in range(len(record.table)):
        env: dict[str, Value | int] = {name: get(i) for name, get in getters.items()}
        if positional or lookup_getters:
            env["__position__"] = record.position[i]
        for k, (sibling, idx) in enumerate(lookup_getters):
            env[f"__ir{k}__"] = sibling(i, evaluate(idx, env))
        key = tuple(env.values())  # rows with the same inputs share one evaluation
        found = seen.get(key)
        if found is None:
            value = evaluate(expr, env)
            found = seen[key] = "" if value is UNKNOWN else to_string(value)
        out.append(found)
    return out


def _getter(record: Record, name: str) -> Getter:
    """Value of `name` for row i: the row's own cell, else its ancestors' (submission)."""
    hops: list[list[int]] = []
    at: Record | None = record
    while at is not None:
        column = at.values.get(name)
        if column is not None:
            return _through(column, list(hops))
        hops.append(at.parent_row)
        at = at.parent
    return lambda i: UNKNOWN


def _through(col: list[str], chain: list[list[int]]) -> Getter:
    if not chain:
        return lambda i: col[i]

    def get(i: int) -> Value:
        for up in chain:
            i = up[i]
            if i < 0:
                return UNKNOWN
        return col[i]
    return get


def _sibling_getter(records: dict[str, Record], var: Expr, repeat: Expr, record: Record
                    ) -> Callable[[int, Value], Value]:
    """indexed-repeat(${var}, ${repeat}, n) for row i: row n of the same parent's repeat."""
    target = records.get(repeat.name) if isinstance(repeat, Ref) else None
    if target is not record or not isinstance(var, Ref):
        return lambda i, n: UNKNOWN

    def get(i: int, n: Value) -> Value:
        if n is UNKNOWN:
            return UNKNOWN
        number = to_number(n)
        if number != number or not number.is_integer():
            return ""
        row = record.sibling.get((record.parent_row[i], int(number)))
        column = record.values.get(var.name)
        return "" if row is None or column is None else column[row]
    return get


def _rebuilt(node: Expr, visit: Callable[[Expr], Expr]) -> Expr:
    """`node` with `visit` applied to each of its operands."""
    if isinstance(node, Call):
        return replace(node, args=tuple(visit(a) for a in node.args))
    if isinstance(node, Binary):
        return replace(node, left=visit(node.left), right=visit(node.right))
    if isinstance(node, Unary):
        return replace(node, operand=visit(node.operand))
    return node


def _lift_aggregates(expr: Expr, record: Record, records: dict[str, Record]
                     ) -> tuple[Expr, dict[str, Getter]]:
    """Replace sum/count/max/min(${x}) over a child record's rows by a synthetic reference
    whose value, for each row of `record`, aggregates the rows that belong to it."""
    totals: dict[str, Getter] = {}

    def child_rows(child: Record) -> dict[int, list[int]]:
        rows: dict[int, list[int]] = {}
        for j, p in enumerate(child.parent_row):
            rows.setdefault(p, []).append(j)
        return rows

    def visit(node: Expr) -> Expr:
        if (isinstance(node, Call) and node.name in AGGREGATES and len(node.args) == 1
                and isinstance(node.args[0], Ref)):
            name = node.args[0].name
            child = next((r for r in records.values() if r.parent is record
                          and name in r.values), None)
            if child is not None:
                key = f"__ag{len(totals)}__"
                column, rows, fn = child.values[name], child_rows(child), node.name
                totals[key] = lambda i: aggregate(fn, [column[j] for j in rows.get(i, [])])
                return Ref(key)
        return _rebuilt(node, visit)

    return visit(expr), totals


def _lift_indexed(expr: Expr) -> tuple[Expr, list[tuple[Expr, Expr, Expr]]]:
    """Replace each indexed-repeat() call by a synthetic reference filled per row."""
    found: list[tuple[Expr, Expr, Expr]] = []

    def visit(node: Expr) -> Expr:
        if isinstance(node, Call) and node.name == "today" and not node.args:
            return Ref(TODAY)
        if isinstance(node, Call) and node.name == "indexed-repeat" and len(node.args) == 3:
            found.append((node.args[0], node.args[1], visit(node.args[2])))
            return Ref(f"__ir{len(found) - 1}__")
        return _rebuilt(node, visit)

    return visit(expr), found


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return float(a) == float(b)
    except ValueError:
        return False


def _compare(record: Record, var: Variable, exported: list[str], computed: list[str],
             issues: list[Issue]) -> None:
    differ = [i for i, (a, b) in enumerate(zip(exported, computed, strict=True))
              if not _same(a, b)]
    if not differ:
        return
    table = record.table
    first = differ[0]
    column = table.columns.get(var.name, 0)
    issues.append(issue(
        "LBL007", f"{Path(table.file).name}: {var.name} differs from its calculation in "
        f"{len(differ)} row(s); first at line {table.lines[first]}: exported "
        f"'{exported[first]}', computed '{computed[first]}' (the computed value is kept)",
        Location(table.file, table.lines[first], column + 1)))


def household_first(records: dict[str, Record]) -> list[Record]:
    return sorted(records.values(), key=lambda r: r.name != HOUSEHOLD)

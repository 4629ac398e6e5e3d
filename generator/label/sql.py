"""XLSForm calculations as SQL column expressions, with XPath 1.0's semantics.

The columnar engine (`columnar`) computes every calculation as one SQL expression over
whole columns. Each sub-expression has a static type — text, number or boolean — so the
conversions XPath makes at run time (`string()`, `number()`, `boolean()`) are written out:

- an unknown value (a column missing from the export, a repeat row without its submission)
  is SQL NULL and spreads as `generator.logic.evaluate`'s UNKNOWN does; `and`/`or` follow
  SQL's three-valued logic, which is the evaluator's;
- a number that is not one (`number('')`) is NaN, and NaN compares as XPath says (never
  equal, always different), not as SQL engines order it;
- numbers print as XPath prints them (`15`, not `15.0`).

The same expressions run on DuckDB, Spark SQL or any engine with `TRY_CAST`, `CASE`,
`string_split`/`list_contains` (or their equivalents): see docs/label.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from generator.logic import Binary, Call, Expr, Num, Ref, Str, Unary, parse
from generator.logic.values import format_number

Kind = Literal["text", "number", "boolean"]
AGGREGATES = ("sum", "count", "max", "min")
"""Functions a calculation applies to the values of a child record's rows (one argument)."""
NAN = "CAST('NaN' AS DOUBLE)"
POSITION = "__pos"
"""Column holding each row's 1-based position among its parent's rows."""
TODAY = "__today"
"""Column holding each row's interview date (YYYY-MM-DD), which today() stands for."""
_ODK_DATE = {"%Y": "%Y", "%y": "%y", "%m": "%m", "%n": "%-m", "%d": "%d", "%e": "%-d",
             "%b": "%b", "%a": "%a", "%H": "%H", "%h": "%-H", "%M": "%M", "%S": "%S"}


_NUMBER = re.compile(r"CAST\(([-0-9.e+]+) AS DOUBLE\)")
_SIMPLE = re.compile(r'"[^"]*"|__[a-z]+[0-9]*|[a-z_]+[0-9]+|\'[^\']*\'|CAST\([^()]* AS [A-Z]+\)')


class Unsupported(ValueError):
    """A construct the columnar engine does not compute (the message says which)."""


@dataclass(frozen=True)
class Sql:
    text: str
    kind: Kind


@dataclass(frozen=True)
class Lookup:
    """An indexed-repeat(${var}, ${repeat}, n) of the row's own repeat: a join on
    (parent, position = n), whose value column is `alias`."""

    alias: str
    var: str
    index: Sql


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Compiler:
    """Compile calculations for one record; `column(name)` gives the SQL of a variable's
    text column (or None when the export lacks it, an unknown value)."""

    def __init__(self, column: Callable[[str], str | None], repeat: str | None,
                 prefix: str = "__l", total: Callable[[str, str], str | None] | None = None):
        self.column = column
        self.total = total
        """(function, variable) → the column of sum/count/max/min(${variable}) over the
        rows of a child record that belong to the row, or None when there is none."""
        self.repeat = repeat
        self.prefix = prefix
        self.steps: list[Lookup | tuple[str, str]] = []
        """Columns to compute before the calculation, in order: (name, SQL) or lookups."""
        self.count = 0
        self.seen: dict[str, str] = {}

    def calculation(self, text: str) -> str:
        """The calculation's value as text, as the form stores it; `steps` holds the
        columns it reads, each computed once (a value used twice in an expression is
        never written twice, so nested if() stays linear in size)."""
        return as_text(self.expr(parse(text)), self.hoist)

    def hoist(self, sql: str) -> str:
        """A column holding `sql`, unless `sql` is already a column or a constant."""
        if _SIMPLE.fullmatch(sql):
            return sql
        if sql in self.seen:
            return self.seen[sql]
        self.count += 1
        name = self.seen[sql] = f"{self.prefix}{self.count}"
        self.steps.append((name, sql))
        return name

    def expr(self, node: Expr) -> Sql:
        if isinstance(node, Ref):
            col = self.column(node.name)
            return Sql("CAST(NULL AS VARCHAR)" if col is None else col, "text")
        if isinstance(node, Str):
            return Sql(literal(node.value), "text")
        if isinstance(node, Num):
            return Sql(f"CAST({float(node.text)!r} AS DOUBLE)", "number")
        if isinstance(node, Unary):
            return Sql(f"(-{as_number(self.expr(node.operand), self.hoist)})", "number")
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Call):
            return self.call(node)
        raise Unsupported(f"'{type(node).__name__.lower()}' outside a function")

    def binary(self, node: Binary) -> Sql:
        op = node.op
        left, right = self.expr(node.left), self.expr(node.right)
        h = self.hoist
        if op in ("and", "or"):
            return Sql(f"({as_bool(left, h)} {op.upper()} {as_bool(right, h)})", "boolean")
        if op in ("=", "!="):
            return Sql(equals(left, right, h, negate=op == "!="), "boolean")
        a, b = h(as_number(left, h)), h(as_number(right, h))
        if op in ("<", "<=", ">", ">="):
            return Sql(f"(CASE WHEN {_nan_test(a, b)} THEN false ELSE {a} {op} {b} END)",
                       "boolean")
        if op in ("+", "-", "*"):
            return Sql(f"({a} {op} {b})", "number")
        if op == "div":
            return Sql(f"(CASE WHEN {b} = 0 THEN (CASE WHEN {a} > 0 THEN "
                       f"CAST('Infinity' AS DOUBLE) WHEN {a} < 0 THEN "
                       f"CAST('-Infinity' AS DOUBLE) ELSE {NAN} END) ELSE {a} / {b} END)",
                       "number")
        return Sql(f"(CASE WHEN {b} = 0 OR isinf({a}) THEN {NAN} "
                   f"ELSE {a} - {b} * trunc({a} / {b}) END)",
                   "number")

    def call(self, node: Call) -> Sql:
        name, args = node.name, node.args
        if name == "if" and len(args) == 3:
            cond = as_bool(self.expr(args[0]), self.hoist)
            yes, no = self.expr(args[1]), self.expr(args[2])
            if yes.kind != no.kind:
                yes = Sql(as_text(yes, self.hoist), "text")
                no = Sql(as_text(no, self.hoist), "text")
            return Sql(f"(CASE {cond} WHEN true THEN {yes.text} WHEN false THEN {no.text} END)",
                       yes.kind)
        if name == "today" and not args:
            return Sql(TODAY, "text")
        if name == "position":
            return Sql(f"CAST({POSITION} AS DOUBLE)", "number")
        if name == "indexed-repeat" and len(args) == 3:
            return self.indexed(args)
        if name in AGGREGATES and len(args) == 1 and isinstance(args[0], Ref):
            found = self.total(name, args[0].name) if self.total is not None else None
            # Over no child record the evaluator knows no value either.
            return Sql("CAST(NULL AS DOUBLE)" if found is None else found, "number")
        simple = _FUNCTIONS.get((name, len(args)))
        if simple is None:
            raise Unsupported(f"function {name}() with {len(args)} argument(s)")
        return simple([self.expr(a) for a in args], self.hoist)

    def indexed(self, args: tuple[Expr, ...]) -> Sql:
        var, repeat, index = args
        if not (isinstance(var, Ref) and isinstance(repeat, Ref) and repeat.name == self.repeat):
            raise Unsupported("indexed-repeat() of another repeat than the row's own")
        if self.column(var.name) is None:
            return Sql("CAST(NULL AS VARCHAR)", "text")
        self.count += 1
        alias = f"{self.prefix}{self.count}"
        n = self.hoist(as_number(self.expr(index), self.hoist))
        self.steps.append(Lookup(alias, var.name, Sql(n, "number")))
        return Sql(alias, "text")


Hoist = Callable[[str], str]


def total(function: str, value: str) -> tuple[str, str]:
    """(SQL aggregate over a text column's rows, value for a row without any) of
    sum/count/max/min as ODK computes them: a blank or text value makes a sum, max or
    min not a number; a sum or count over no rows is 0, a max or min NaN."""
    if function == "count":
        return "CAST(count(*) AS DOUBLE)", "0.0"
    n = f"coalesce(TRY_CAST(trim({value}) AS DOUBLE), {NAN})"
    return (f"(CASE WHEN bool_or(isnan({n})) THEN {NAN} ELSE {function}({n}) END)",
            "0.0" if function == "sum" else NAN)


def _const(sql: str) -> float | None:
    """The value of a number literal (as `expr` writes them), else None."""
    found = _NUMBER.fullmatch(sql)
    return float(found.group(1)) if found else None


def as_text(e: Sql, h: Hoist) -> str:
    if e.kind == "text":
        return e.text
    if e.kind == "boolean":
        return f"(CASE {e.text} WHEN true THEN 'true' WHEN false THEN 'false' END)"
    const = _const(e.text)
    if const is not None:
        return literal(format_number(const))
    x = h(e.text)
    return (f"(CASE WHEN isnan({x}) THEN 'NaN' WHEN isinf({x}) THEN "
            f"(CASE WHEN {x} > 0 THEN 'Infinity' ELSE '-Infinity' END) "
            f"WHEN {x} = trunc({x}) AND abs({x}) < 1e18 THEN CAST(CAST({x} AS BIGINT) AS VARCHAR) "
            f"ELSE CAST({x} AS VARCHAR) END)")


def as_number(e: Sql, h: Hoist) -> str:
    if e.kind == "number":
        return e.text
    if e.kind == "boolean":
        return f"(CASE {e.text} WHEN true THEN 1.0 WHEN false THEN 0.0 END)"
    x = h(e.text)
    return (f"(CASE WHEN {x} IS NULL THEN NULL ELSE "
            f"coalesce(TRY_CAST(trim({x}) AS DOUBLE), {NAN}) END)")


def as_bool(e: Sql, h: Hoist) -> str:
    if e.kind == "boolean":
        return e.text
    if e.kind == "number":
        x = h(e.text)
        return f"({x} <> 0 AND NOT isnan({x}))"
    return f"(length({e.text}) > 0)"


def equals(left: Sql, right: Sql, h: Hoist, *, negate: bool) -> str:
    """XPath `=`: as booleans if either is one, else as numbers if either is one."""
    if "boolean" in (left.kind, right.kind):
        test = f"({as_bool(left, h)} = {as_bool(right, h)})"
    elif "number" in (left.kind, right.kind):
        a, b = h(as_number(left, h)), h(as_number(right, h))
        nan = _nan_test(a, b)
        if negate:
            return f"(CASE WHEN {nan} THEN true ELSE {a} <> {b} END)"
        return f"(CASE WHEN {nan} THEN false ELSE {a} = {b} END)"
    else:
        test = f"({left.text} = {right.text})"
    return f"(NOT {test})" if negate else test


def _nan_test(a: str, b: str) -> str:
    """SQL true when `a` or `b` is NaN (a number literal never is)."""
    tests = [f"isnan({x})" for x in (a, b) if _const(x) is None]
    return " OR ".join(tests) or "false"


def _tokens(e: Sql, h: Hoist) -> str:
    return f"list_filter(string_split({as_text(e, h)}, ' '), lambda t: t <> '')"


def _format_date(args: list[Sql], h: Hoist) -> Sql:
    date, pattern = args
    if not pattern.text.startswith("'"):
        raise Unsupported("format-date() with a computed pattern")
    fmt = pattern.text[1:-1]
    for odk, duck in _ODK_DATE.items():
        fmt = fmt.replace(odk, duck)
    d = h(as_text(date, h))
    return Sql(f"(CASE WHEN {d} IS NULL THEN NULL ELSE coalesce(strftime("
               f"TRY_CAST(left(trim({d}), 10) AS DATE), {literal(fmt)}), '') END)", "text")


def _coalesce(first: str, second: str) -> Sql:
    return Sql(f"(CASE WHEN {first} IS NULL THEN NULL WHEN {first} <> '' THEN {first} "
               f"ELSE {second} END)", "text")


_FUNCTIONS: dict[tuple[str, int], Callable[[list[Sql], Hoist], Sql]] = {
    ("selected", 2): lambda a, h: Sql(
        f"list_contains({_tokens(a[0], h)}, trim({as_text(a[1], h)}))", "boolean"),
    ("count-selected", 1): lambda a, h: Sql(
        f"CAST(len({_tokens(a[0], h)}) AS DOUBLE)", "number"),
    ("not", 1): lambda a, h: Sql(f"(NOT {as_bool(a[0], h)})", "boolean"),
    ("true", 0): lambda a, h: Sql("true", "boolean"),
    ("false", 0): lambda a, h: Sql("false", "boolean"),
    ("number", 1): lambda a, h: Sql(as_number(a[0], h), "number"),
    ("string", 1): lambda a, h: Sql(as_text(a[0], h), "text"),
    ("boolean", 1): lambda a, h: Sql(as_bool(a[0], h), "boolean"),
    ("int", 1): lambda a, h: Sql(f"trunc({as_number(a[0], h)})", "number"),
    ("round", 1): lambda a, h: Sql(f"round({as_number(a[0], h)})", "number"),
    ("round", 2): lambda a, h: Sql(f"round({as_number(a[0], h)}, "
                                f"CAST(trunc({as_number(a[1], h)}) AS INTEGER))", "number"),
    ("floor", 1): lambda a, h: Sql(f"floor({as_number(a[0], h)})", "number"),
    ("ceiling", 1): lambda a, h: Sql(f"ceil({as_number(a[0], h)})", "number"),
    ("abs", 1): lambda a, h: Sql(f"abs({as_number(a[0], h)})", "number"),
    ("coalesce", 2): lambda a, h: _coalesce(h(as_text(a[0], h)), as_text(a[1], h)),
    ("concat", 2): lambda a, h: Sql(f"({as_text(a[0], h)} || {as_text(a[1], h)})", "text"),
    ("string-length", 1): lambda a, h: Sql(f"CAST(length({as_text(a[0], h)}) AS DOUBLE)", "number"),
    ("format-date", 2): _format_date,
}

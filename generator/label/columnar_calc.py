"""The columnar engine's calculations: one SQL column each, record by record.

A record's table `done_<table>` is built as a chain of projections (CTEs) over the table
read from the export: keys, position among siblings, the parent's row and values, every
variable's text (exported or computed) and the columns kept as they are. A calculation
that adds up the rows of a child record (`sum(${link_foreign_born})`) waits until every
record is done, then reads a GROUP BY of the child's table by parent row, joined back.
"""

from __future__ import annotations

from typing import Any

from generator.issues import Issue, Location, issue
from generator.label.columnar import Loaded
from generator.label.derive import aggregated, fresh
from generator.label.exports import NOT_IN_EXPORT, Table
from generator.label.sql import (
    AGGREGATES,
    POSITION,
    TODAY,
    Compiler,
    Lookup,
    Unsupported,
    quote,
    total,
)
from generator.logic import Call, Ref, parse, refs, walk
from generator.render.codebook.model import Codebook, Variable


def compute(con: Any, loaded: dict[str, Loaded], codebook: Codebook,
            issues: list[Issue]) -> bool:
    """Create `done_<n>` for each record: keys, position, parent row, every variable's text
    (exported or computed) and the columns kept as they are. False when a calculation
    cannot be computed here (an LBL014 issue says which)."""
    parents = {r.name: r.parent for r in codebook.records}
    where = {v.name: v.record for v in codebook.variables()}
    filled: set[str] = set()
    """Variables the export lacks, computed here: a calculation reading one is too."""
    later: list[tuple[Loaded, list[Variable]]] = []
    item: Loaded | None = None
    try:
        for rec in codebook.records:
            item = loaded.get(rec.name)
            if item is None:
                continue
            parent = loaded.get(parents.get(rec.name) or "")
            if parent is not None:
                parent.has_children = True
            later.append((item, _compute_record(con, item, parent, codebook, where, filled)))
        for item, calculations in later:
            if calculations:
                children = [loaded[r] for r, p in parents.items()
                            if p == item.record and r in loaded]
                _compute_totals(con, item, calculations, children, filled)
    except Unsupported as exc:
        assert item is not None
        issues.append(issue("LBL014", f"{exc}", Location(item.table.file),
                            hint="label this export with --engine python"))
        return False
    return True


def _compute_record(con: Any, item: Loaded, parent: Loaded | None, codebook: Codebook,
                    where: dict[str, str], filled: set[str]) -> list[Variable]:
    """Compute `done_<table>`; return the calculations left for later, those that add up
    the rows of another record (`sum(${x})`), in document order."""
    t = item.table
    mine = [v for v in codebook.variables()
            if v.record == item.record and v.kind not in NOT_IN_EXPORT]
    select = ["t.rowid + 1 AS __row"]
    select.append(f"t.c{t.key} AS __key" if t.key is not None else "NULL AS __key")
    joined = parent is not None and t.parent is not None
    if t.parent is not None:
        select.append(f"t.c{t.parent} AS __parent")
        # Numbered apart, on two columns: a window over the whole row sorts every column.
        con.execute(f"CREATE TABLE pos_{item.name} AS SELECT row_number() OVER (PARTITION BY "
                    f"c{t.parent} ORDER BY rowid) AS {POSITION} FROM {item.name} ORDER BY rowid")
        select.append(f"q.{POSITION} AS {POSITION}")
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
    if t.parent is not None:
        source += f" POSITIONAL JOIN pos_{item.name} q"
    if joined and parent is not None and t.parent is not None:
        source += f" LEFT JOIN done_{parent.name} p ON t.c{t.parent} = p.__key"
    chain = _Chain(con, f"done_{item.name}", f"SELECT {', '.join(select)} FROM {source}")
    later: list[Variable] = []
    for k, var in enumerate(mine):
        if var.kind != "calculate" or not var.calculation:
            continue
        if aggregated(parse(var.calculation), where, item.record):
            later.append(var)
            continue
        new = fresh(var, _raw(t, var.name) is not None, filled)
        if var.derivation is None and not new:
            continue
        if new:
            filled.add(var.name)
        _calculate(chain, item, visible, var, Compiler(
            lambda n: visible.get(n), item.record, prefix=f"__l{k}_"))
    chain.materialize(final=True)
    compact(con, [item.name, *chain.stages[:-1]] + ([f"pos_{item.name}"] if t.parent is not None
                                                     else []))
    item.visible = visible
    item.own = {v.name for v in mine if v.name in visible}
    return later


def compact(con: Any, drop: list[str]) -> None:
    """Drop tables no longer read and compress the others (DuckDB compresses a table in
    memory at a checkpoint: the text columns of an export, mostly empty or a few codes,
    take a twentieth of the room, so a census export stays in memory instead of spilling)."""
    for table in drop:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute("CHECKPOINT")


def _calculate(chain: _Chain, item: Loaded, visible: dict[str, str], var: Variable,
               compiler: Compiler) -> None:
    """Add `var`'s calculation to the chain as the text column `v:<name>`."""
    calculation = str(var.calculation)
    try:
        expr = f"coalesce({compiler.calculation(calculation)}, '')"
    except Unsupported as exc:
        raise Unsupported(f"{var.name}: {exc} in '{calculation}'") from exc
    if "today()" in calculation.replace(" ", ""):
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


def _compute_totals(con: Any, item: Loaded, calculations: list[Variable],
                    children: list[Loaded], filled: set[str]) -> None:
    """Compute, once every record is done, the calculations of `item` that add up the rows
    of a child record: each sum/count/max/min(${x}) is a GROUP BY the parent row over the
    child's table, joined back to `item`'s rows (a row without any gets the value over no
    rows, as the row engine gives it)."""
    later: list[Variable] = []
    for var in calculations:
        new = fresh(var, _raw(item.table, var.name) is not None, filled)
        if new:
            filled.add(var.name)
        if new or var.derivation is not None:
            later.append(var)
    if not later:
        return
    totals: dict[tuple[str, str], str] = {}
    groups: dict[str, list[tuple[str, str, str]]] = {}
    for var in later:
        for node in walk(parse(str(var.calculation))):
            if not (isinstance(node, Call) and node.name in AGGREGATES and len(node.args) == 1
                    and isinstance(node.args[0], Ref)):
                continue
            name = node.args[0].name
            child = next((c for c in children if name in c.own), None)
            if child is None or (node.name, name) in totals:
                continue
            alias = totals[(node.name, name)] = f"__ag{len(totals)}"
            groups.setdefault(child.name, []).append((alias, node.name, child.visible[name]))
    select, joins = ["d.*"], []
    for g, (child_name, aggs) in enumerate(groups.items()):
        parts = []
        for alias, function, column in aggs:
            sql, empty = total(function, column)
            parts.append(f"{sql} AS {alias}")
            select.append(f"coalesce(g{g}.{alias}, {empty}) AS {alias}")
        joins.append(f"LEFT JOIN (SELECT __prow AS __k, {', '.join(parts)} FROM "
                     f"done_{child_name} WHERE __prow IS NOT NULL GROUP BY __prow) g{g} "
                     f"ON g{g}.__k = d.__row")
    table = f"done_{item.name}"
    chain = _Chain(con, f"{table}_totals",
                   f"SELECT {', '.join(select)} FROM {table} d {' '.join(joins)}")
    visible = item.visible
    for k, var in enumerate(later):
        _calculate(chain, item, visible, var, Compiler(
            lambda n: visible.get(n), item.record, prefix=f"__t{k}_",
            total=lambda f, n: totals.get((f, n))))
        item.own.add(var.name)
    if totals:
        chain.steps.append(f"s{len(chain.steps)} AS (SELECT * EXCLUDE "
                           f"({', '.join(totals.values())}) FROM {chain.prev})")
    chain.materialize(final=True)
    con.execute(f"DROP TABLE {table}")
    con.execute(f"ALTER TABLE {table}_totals RENAME TO {table}")
    compact(con, chain.stages[:-1])


class _Chain:
    """A chain of projections (CTEs), one column each, materialized into a table before a
    row reads a sibling's value (indexed-repeat) computed since the last table."""

    def __init__(self, con: Any, name: str, first: str):
        self.con, self.name, self.tables = con, name, 0
        self.steps = [f"s0 AS ({first})"]
        self.temporary: list[str] = []
        self.computed: set[str] = set()
        self.stage = ""
        self.stages: list[str] = []
        """Tables made, the last one the result."""

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
        self.stages.append(table)
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
    return {r.name for r in refs(parse(calculation))}

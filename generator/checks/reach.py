"""Find questions that can never be asked: no answers make their relevance true.

The relevance of a question is the conjunction of its own `relevant` and those of its
groups. Select-one questions it depends on (directly or through their own relevance)
take each of their codes or '' (not asked); other answers stay unknown. If no consistent
assignment makes the relevance true or unknown, the question is unreachable.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from generator.checks.index import BankIndex, Entry
from generator.issues import Issue, issue
from generator.logic import UNKNOWN, ExprSyntaxError, all_hold
from generator.logic.ast import Expr, refs
from generator.logic.values import Value

MAX_CODES = 30
MAX_VARIABLES = 8
MAX_ASSIGNMENTS = 20_000


def check_reach(index: BankIndex) -> Iterator[Issue]:
    for entry in index.ordered:
        conds = conditions(index, entry)
        if conds and not _can_be_true(index, conds):
            yield issue("LOG006", f"'{entry.name}' is never asked: no answers make its "
                        "relevance true", index.locate(entry, "relevant" if
                                                       entry.question.relevant else "name"),
                        index.display_path(entry, "relevant"))


def conditions(index: BankIndex, entry: Entry) -> list[Expr]:
    """The parsed relevance conditions that must all hold for `entry` to be asked."""
    chain = [index.entries[a] for a in entry.ancestors if a in index.entries] + [entry]
    out = []
    for e in chain:
        parsed = index.expression(e, "relevant")
        if parsed is not None and not isinstance(parsed, ExprSyntaxError):
            out.append(parsed)
    return out


def _can_be_true(index: BankIndex, conds: list[Expr]) -> bool:
    variables = _variables(index, conds)
    names = {r.name for c in conds for r in refs(c)}
    for v in variables:
        names |= {r.name for c in conditions(index, v) for r in refs(c)}
    base: dict[str, Value] = {n: UNKNOWN for n in names}
    domains = [_domain(index, v) for v in variables]
    for values in itertools.product(*domains):
        env = dict(base)
        env.update({v.name: val for v, val in zip(variables, values, strict=True)})
        if _consistent(index, variables, env) and all_hold(conds, env) is not False:
            return True
    return False


def _consistent(index: BankIndex, variables: list[Entry], env: dict[str, Value]) -> bool:
    for v in variables:
        if v.question.kind == "calculate":
            continue  # computed, never "asked"; its value stays as assigned
        asked = all_hold(conditions(index, v), env)
        if asked is False and env[v.name] != "":
            return False
        if asked is True and env[v.name] == "" and v.question.required:
            return False
    return True


def _domain(index: BankIndex, entry: Entry) -> list[Value]:
    """Values a question can hold: its codes (select_one) or any answer; '' when not asked."""
    codes = index.codes(entry.question.list_name or "")
    if entry.question.kind == "select_one" and codes is not None:
        return [*sorted(codes), ""]
    return [UNKNOWN, ""]


def _variables(index: BankIndex, conds: list[Expr]) -> list[Entry]:
    """Questions the conditions depend on, transitively: select-one questions with small
    lists take each code; other answered questions stay unknown."""
    found: dict[str, Entry] = {}
    queue = [r.name for c in conds for r in refs(c)]
    size = 1
    while queue and len(found) < MAX_VARIABLES:
        name = queue.pop(0)
        entry = index.entries.get(name)
        if entry is None or name in found or entry.question.is_container:
            continue
        width = len(_domain(index, entry))
        if width > MAX_CODES + 1 or size * width > MAX_ASSIGNMENTS:
            continue
        size *= width
        found[name] = entry
        queue.extend(r.name for c in conditions(index, entry) for r in refs(c))
    return list(found.values())

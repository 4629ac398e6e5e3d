"""Checks of skip logic: names, order, choice codes, types, cycles, levels."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from generator.bank.model import Tier
from generator.checks.index import BankIndex, Entry
from generator.issues import Issue, Location, issue
from generator.logic import ExprSyntaxError
from generator.logic.ast import Binary, Call, Current, Expr, Num, Parent, Ref, Str, walk

EXPR_FIELDS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count")
AGGREGATES = frozenset({"count", "sum", "max", "min", "indexed-repeat", "join"})
LABEL_REF = re.compile(r"\$\{([^}]*)\}")
_COMPARISONS = frozenset({"=", "!=", "<", "<=", ">", ">="})
_ARITHMETIC = frozenset({"+", "-", "*", "div", "mod"})


def value_kind(entry: Entry) -> str:
    """What a reference to this question yields: select, multi, number, text, date, any."""
    kind = entry.question.kind
    return {
        "select_one": "select", "select_multiple": "multi", "integer": "number",
        "decimal": "number", "date": "date", "datetime": "date", "today": "date",
        "start": "date", "end": "date", "calculate": "any",
    }.get(kind, "none" if entry.question.is_container or kind == "note" else "text")


def check_logic(index: BankIndex) -> Iterator[Issue]:
    for entry in index.ordered:
        for fld in EXPR_FIELDS:
            parsed = index.expression(entry, fld)
            if parsed is None:
                continue
            if isinstance(parsed, ExprSyntaxError):
                yield issue("LOG001", parsed.message,
                            index.locate_span(entry, fld, (parsed.offset,
                                                           parsed.offset + parsed.length)),
                            index.display_path(entry, fld), parsed.hint)
                continue
            yield from _check_expression(index, entry, fld, parsed)
        yield from _check_label_refs(index, entry)
    yield from _check_cycles(index)


def _check_expression(index: BankIndex, entry: Entry, fld: str, expr: Expr) -> Iterator[Issue]:
    where = index.display_path(entry, fld)
    aggregated = {id(n) for call in walk(expr) if isinstance(call, Call)
                  and call.name in AGGREGATES for arg in call.args for n in walk(arg)}
    for node in walk(expr):
        if isinstance(node, Ref):
            yield from _check_ref(index, entry, fld, node, id(node) in aggregated)
        elif isinstance(node, Current) and fld != "constraint":
            yield issue("LOG008", f"'.' (the current answer) is used in '{fld}'",
                        index.locate_span(entry, fld, node.span), where)
        elif isinstance(node, Parent) and entry.repeat is None:
            yield issue("LOG011", "'..' refers to the repeat, but this question is in none",
                        index.locate_span(entry, fld, node.span), where)
        elif isinstance(node, Binary):
            yield from _check_binary(index, entry, fld, node)
        elif isinstance(node, Call):
            yield from _check_call(index, entry, fld, node)


def _check_ref(index: BankIndex, entry: Entry, fld: str, ref: Ref,
               aggregated: bool) -> Iterator[Issue]:
    where, loc = index.display_path(entry, fld), index.locate_span(entry, fld, ref.span)
    target = index.entries.get(ref.name)
    if target is None:
        close = difflib.get_close_matches(ref.name, index.names, n=1)
        hint = None
        dropped = index.origins.dropped.get(ref.name)
        if dropped is not None:
            yield issue("REF001", f"'{ref.name}' was dropped by the project, but this question "
                        "still reads it", loc, where,
                        f"dropped at {dropped.file}:{dropped.line}; drop or change this "
                        "question too")
            return
        if close:
            found = index.entries[close[0]]
            hint = (f"did you mean '{close[0]}'? (defined at {found.file}:"
                    f"{index.locate(found, 'name').line})")
        yield issue("REF001", f"unknown question '{ref.name}'", loc, where, hint)
        return
    if target is index.repeat:
        return  # the member repeat itself, e.g. in indexed-repeat(${x}, ${hh_members}, 1)
    if target is entry and fld != "constraint":
        yield issue("LOG010", f"'{fld}' of '{entry.name}' reads its own answer", loc, where)
        return
    if target.order > entry.order and target.name not in entry.ancestors:
        yield issue("LOG002", f"'{ref.name}' is asked after '{entry.name}'", loc, where,
                    f"'{ref.name}' comes later, at {target.file}:"
                    f"{index.locate(target, 'name').line}")
    if target.module is not entry.module and ref.name not in entry.module.meta.inputs:
        yield issue("REF007", f"'{ref.name}' belongs to module '{target.module.meta.id}'", loc,
                    where, f"add '{ref.name}' to `inputs:` of module '{entry.module.meta.id}'")
    outside = (target.repeat is not None and target.repeat != entry.repeat
               and target.repeat not in entry.ancestors)
    if outside and not aggregated:
        yield issue("LOG007", f"'{entry.name}' ({entry.module.meta.level.value} level) reads "
                    f"'{ref.name}', which is asked once per member of '{target.repeat}'",
                    loc, where)
    if entry.tier is Tier.CORE and target.tier is Tier.EXTENDED:
        yield issue("REF012", f"core question '{entry.name}' reads extended question "
                    f"'{ref.name}'", loc, where)


def _ref_entry(index: BankIndex, node: Expr) -> Entry | None:
    return index.entries.get(node.name) if isinstance(node, Ref) else None


def _check_binary(index: BankIndex, entry: Entry, fld: str, node: Binary) -> Iterator[Issue]:
    where = index.display_path(entry, fld)
    for side, other in ((node.left, node.right), (node.right, node.left)):
        target = _ref_entry(index, side)
        if target is None:
            continue
        kind = value_kind(target)
        if node.op in _ARITHMETIC and kind in ("text", "multi"):
            yield issue("LOG004", f"arithmetic on '{target.name}', a {kind} question",
                        index.locate_span(entry, fld, node.span), where)
        if node.op not in _COMPARISONS or not isinstance(other, Str | Num):
            continue
        loc = index.locate_span(entry, fld, other.span)
        literal = other.value if isinstance(other, Str) else other.text
        if kind == "select" and isinstance(other, Num) and node.op in ("=", "!="):
            yield issue("LOG009", f"choice code {literal} of '{target.name}' is written "
                        "as a number", loc, where, f"write '{literal}' in quotes")
        if kind == "select" and node.op in ("=", "!=") and literal != "":
            yield from _check_code(index, entry, fld, target, str(literal), loc)
        elif kind == "multi" and node.op in ("=", "!=") and literal != "":
            yield issue("LOG004", f"'{target.name}' is a select_multiple; '=' compares the "
                        "whole list of answers", loc, where,
                        f"use selected(${{{target.name}}}, '{literal}')")
        elif kind == "number" and isinstance(other, Str) and literal != "" \
                and not _is_number(str(literal)):
            yield issue("LOG004", f"number question '{target.name}' compared with text "
                        f"'{literal}'", loc, where)
        elif kind == "text" and (isinstance(other, Num) or node.op not in ("=", "!=")):
            yield issue("LOG004", f"text question '{target.name}' compared with a number",
                        loc, where, "compare text with a quoted string")


def _check_call(index: BankIndex, entry: Entry, fld: str, node: Call) -> Iterator[Issue]:
    where = index.display_path(entry, fld)
    if node.name not in ("selected", "count-selected", "selected-at") or not node.args:
        return
    target = _ref_entry(index, node.args[0])
    if target is None:
        return
    kind = value_kind(target)
    if kind not in ("select", "multi", "any"):
        yield issue("LOG004", f"{node.name}() needs a select question; '{target.name}' is "
                    f"{kind}", index.locate_span(entry, fld, node.args[0].span), where)
    elif node.name == "selected" and len(node.args) == 2 and isinstance(node.args[1], Str):
        code = node.args[1]
        yield from _check_code(index, entry, fld, target, code.value,
                               index.locate_span(entry, fld, code.span))


def _check_code(index: BankIndex, entry: Entry, fld: str, target: Entry, code: str,
                loc: Location) -> Iterator[Issue]:
    list_name = target.question.list_name
    if not list_name or index.accepts(list_name, code) is not False:
        return
    codes = index.codes(list_name)
    shown = sorted(codes or (), key=lambda c: (len(c), c))
    listed = (", ".join(shown) if len(shown) <= 12 else ", ".join(shown[:12]) + ", ..."
              ) if codes is not None else "a code of the generated list or one of its extras"
    yield issue("LOG003", f"'{target.name}' has no choice with code '{code}' "
                f"(list '{list_name}')", loc, index.display_path(entry, fld),
                f"codes of '{list_name}': {listed}")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _check_label_refs(index: BankIndex, entry: Entry) -> Iterator[Issue]:
    q = entry.question
    for fld in ("label", "hint"):
        for lang, text in getattr(q, fld).items():
            for m in LABEL_REF.finditer(text):
                name = m.group(1)
                target = index.entries.get(name)
                path = index.display_path(entry, f"{fld}.{lang}")
                loc = index.origins.maps[entry.file].locate_in_scalar(
                    (*entry.path, fld, lang), m.start(), m.end() - m.start())
                if target is None:
                    close = difflib.get_close_matches(name, index.names, n=1)
                    yield issue("REF001", f"unknown question '{name}' in the {fld}", loc, path,
                                f"did you mean '{close[0]}'?" if close else None)
                elif target.order > entry.order:
                    yield issue("LOG002", f"the {fld} shows '{name}', which is asked later",
                                loc, path)


def _check_cycles(index: BankIndex) -> Iterator[Issue]:
    graph: dict[str, list[str]] = {}
    for entry in index.ordered:
        parsed = index.expression(entry, "calculation")
        if isinstance(parsed, ExprSyntaxError) or parsed is None:
            continue
        graph[entry.name] = [r.name for r in walk(parsed) if isinstance(r, Ref)]
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()

    def visit(name: str, stack: list[str]) -> Iterator[Issue]:
        state[name] = 1
        stack.append(name)
        for nxt in graph.get(name, ()):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    entry = index.entries[nxt]
                    chain = " → ".join([*cycle, nxt])
                    yield issue("LOG005", f"calculations depend on each other: {chain}",
                                index.locate(entry, "calculation"),
                                index.display_path(entry, "calculation"))
            elif nxt in graph and state.get(nxt) is None:
                yield from visit(nxt, stack)
        stack.pop()
        state[name] = 2

    for name in graph:
        if name not in state:
            yield from visit(name, [])

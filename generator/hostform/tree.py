"""pyxform's survey tree as paper nodes, and its cut into printed sections.

A group becomes a section when it asks questions of its own and holds no repeat; a group
that only wraps others (or holds a repeat) is opened, and its condition passes to what it
holds. A repeat is a section of its own (a grid or one copy per row); a repeat holding
repeats is opened the same way. Hidden fields between sections travel with the next one,
so calculations are worked out where the interviewer is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.bank.model import NAME_RE
from generator.logic.ast import Binary, Expr

SELECTS = {"select one": "select_one", "select all that apply": "select_multiple",
           "select one external": "select_one", "rank": "select_multiple",
           "select_one": "select_one", "select_multiple": "select_multiple"}
SIMPLE = {"integer": "integer", "decimal": "decimal", "range": "decimal", "text": "text",
          "date": "date", "time": "time", "dateTime": "datetime", "datetime": "datetime",
          "geopoint": "geopoint", "gps": "geopoint", "geotrace": "geopoint",
          "geoshape": "geopoint", "note": "note", "calculate": "calculate",
          "acknowledge": "acknowledge", "trigger": "acknowledge"}
CAPTURED = {"photo": "photo", "image": "photo", "audio": "audio", "video": "video",
            "file": "file", "barcode": "barcode"}
"""Answers taken by the device: printed with a placeholder box to note them."""
PRINTED = ("select_one", "select_multiple", "integer", "decimal", "text", "date", "time",
           "datetime", "geopoint", "acknowledge")
_SAFE = re.compile(NAME_RE)


@dataclass(slots=True)
class Node:
    """One element of the host form, as the paper reads it."""

    kind: str
    """A bank kind: select_one, integer, note, calculate, group, repeat…"""
    name: str
    """A name in the bank's pattern (the host's, or a safe spelling of it)."""
    host: str
    raw: dict[str, Any]
    children: list[Node] = field(default_factory=list)
    relevant: Expr | None = None
    captured: str = ""
    """`photo`, `audio`, … when the device records the answer."""

    @property
    def printed(self) -> bool:
        return self.kind in PRINTED

    def label(self) -> Any:
        return self.raw.get("label")


def nodes_of(tree: dict[str, Any]) -> tuple[list[Node], dict[str, str]]:
    """The form's elements as nodes, and host name → safe name for every element."""
    names: dict[str, str] = {}

    def safe(host: str) -> str:
        base = host if _SAFE.fullmatch(host) else (re.sub(r"\W", "_", host) or "q")
        if not re.match(r"[A-Za-z_]", base):
            base = f"q_{base}"
        base, name, k = base[:60], base[:60], 1
        while name in names.values():
            k += 1
            name = f"{base}__{k}"
        names.setdefault(host, name)
        return name

    def convert(raw: dict[str, Any]) -> Node:
        host = str(raw.get("name", ""))
        rtype = str(raw.get("type", ""))
        kind = "group" if rtype == "group" else "repeat" if rtype == "repeat" else \
            SELECTS.get(rtype) or SIMPLE.get(rtype) or ("text" if rtype in CAPTURED else "")
        if not kind:  # metadata and anything the interviewer never sees
            kind = "calculate"
        node = Node(kind, safe(host), host, raw, captured=CAPTURED.get(rtype, ""))
        if kind in ("group", "repeat"):
            node.children = [convert(c) for c in raw.get("children", []) or []
                             if isinstance(c, dict)]
        return node

    return [convert(c) for c in tree.get("children", []) or [] if isinstance(c, dict)], names


def has_repeat(node: Node) -> bool:
    return any(c.kind == "repeat" or has_repeat(c) for c in node.children)


def asks(node: Node) -> bool:
    """Whether the node, or anything inside it, is a printed question."""
    return node.printed or any(asks(c) for c in node.children)


@dataclass(slots=True)
class Part:
    """One printed section before numbering: its title node and its top-level nodes."""

    items: list[Node]
    title: Any
    repeat: Node | None
    """The repeat whose rows the section fills, if any."""


def conjunction(conditions: list[Expr]) -> Expr | None:
    out: Expr | None = None
    for cond in conditions:
        out = cond if out is None else Binary("and", out, cond)
    return out


@dataclass(slots=True)
class _Cutter:
    title: Any
    parts: list[Part] = field(default_factory=list)
    hidden: list[Node] = field(default_factory=list)
    count: int = 0

    def wrapper(self, kind: str, name: str, host: str, conditions: list[Expr],
                children: list[Node], raw: dict[str, Any] | None = None) -> Node:
        self.count += 1
        return Node(kind, name, host, raw or {}, children, conjunction(conditions))

    def emit(self, items: list[Node], title: Any, repeat: Node | None) -> None:
        if not any(asks(n) for n in items):
            self.hidden.extend(items)
            return
        if self.hidden:
            items = [self.wrapper("group", f"hidden__{self.count}", "", [], self.hidden),
                     *items]
            self.hidden = []
        self.parts.append(Part(items, title, repeat))

    def cut(self, nodes: list[Node], outside: list[Expr], repeat: Node | None,
            title: Any) -> None:
        run: list[Node] = []

        def flush() -> None:
            if run:
                self.emit([self.wrap(list(run), outside, repeat)], title, repeat)
                run.clear()

        for n in nodes:
            own = [n.relevant] if n.relevant is not None else []
            if n.kind == "group" and (has_repeat(n) or not any(c.printed for c in n.children)) \
                    and asks(n):
                flush()
                self.cut(n.children, outside + own, repeat, n.label() or title)
            elif n.kind == "repeat" and has_repeat(n):
                flush()
                self.cut(n.children, outside + own, n,
                         n.label() or title)
            elif n.kind == "repeat":
                flush()
                inner = Node("repeat", n.name, n.host, n.raw, n.children,
                             conjunction(outside + own))
                self.emit([inner], n.label() or title, inner)
            elif n.kind == "group" and asks(n):
                flush()
                self.emit([self.wrap([n], outside, repeat)], n.label() or title, repeat)
            else:
                run.append(n)
        flush()

    def wrap(self, items: list[Node], outside: list[Expr], repeat: Node | None) -> Node:
        if repeat is not None:
            return Node("repeat", repeat.name, repeat.host, repeat.raw, items,
                        conjunction(outside))
        return self.wrapper("group", f"section__{self.count}", "", outside, items)


def cut(nodes: list[Node], title: Any) -> list[Part]:
    """The printed sections, in form order; trailing hidden fields join the last one."""
    cutter = _Cutter(title)
    cutter.cut(nodes, [], None, title)
    if cutter.hidden:
        tail = cutter.wrapper("group", f"hidden__{cutter.count}", "", [], cutter.hidden)
        if cutter.parts:
            cutter.parts[-1].items.append(tail)
        else:
            cutter.parts.append(Part([tail], title, None))
    return cutter.parts

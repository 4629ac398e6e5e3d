"""The `choices` and `settings` sheets: merged choice lists and the bumped version."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.attach.content import Content, ModRow
from generator.attach.form import Columns, columns_of, text
from generator.attach.plan import Plan
from generator.attach.read import Cell
from generator.attach.write import SheetEdit, bump
from generator.bank.model import Choice
from generator.logic import Binary, Call, Ref, Str, parse, walk

HostChoice = tuple[str, dict[str, str]]
"""A host choice: its code and its labels by language key (`''` for a bare `label`)."""


@dataclass(slots=True)
class HostLists:
    """The host's choice lists, and the module lists merged into them."""

    title: str
    exists: bool
    columns: Columns
    rows: int
    """The last row of the sheet with a value."""
    lists: dict[str, list[HostChoice]] = field(default_factory=dict)
    settled: dict[str, str] = field(default_factory=dict)
    """Module list → list name in the form."""
    shared: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, title: str | None, values: list[list[Cell]]) -> HostLists:
        cols = columns_of(values, "choices")
        lists: dict[str, list[HostChoice]] = {}
        i_list, i_name = cols.find("list_name"), cols.find("name")
        langs = cols.languages(("label",))
        where = {lang or "": cols.find(cols.key(f"label::{lang}") if lang else "label")
                 for lang in langs}
        last = 1
        for number, row in enumerate(values[1:], start=2):
            if any(text(v) for v in row):
                last = number
            cell = [text(v) for v in row]
            if i_list is None or i_name is None or i_list >= len(cell) or not cell[i_list]:
                continue
            labels = {k: cell[i] for k, i in where.items() if i is not None and i < len(cell)}
            lists.setdefault(cell[i_list], []).append((cell[i_name] if i_name < len(cell)
                                                        else "", labels))
        return cls(title or "choices", title is not None, cols, last, lists)

    def codes(self, list_name: str) -> set[str]:
        return {code for code, _ in self.lists.get(list_name, [])}

    def settle(self, used: set[str], content: Content, prefix: str) -> dict[str, str]:
        """Share identical lists, rename the module's list when the host's differs."""
        taken = {name.casefold() for name in self.lists}
        for name in [n for n in content.inst.choices if n in used]:
            host = next((k for k in self.lists if k.casefold() == name.casefold()), None)
            if host is None:
                self.settled[name] = name
            elif self._same(self.lists[host], content.inst.choices[name], content):
                self.settled[name] = host
                self.shared.append(name)
            else:
                new, n = f"{prefix}{name}", 2
                while new.casefold() in taken:
                    new, n = f"{prefix}{name}_{n}", n + 1
                taken.add(new.casefold())
                self.settled[name] = new
        return self.settled

    def _same(self, host: list[HostChoice], mine: list[Choice], content: Content) -> bool:
        if [code for code, _ in host] != [c.value for c in mine]:
            return False
        codes = _codes_by_language(content, list(host[0][1]) if host else [])
        return all(labels.get(key, "") == choice.label.get(code, "")
                   for (_, labels), choice in zip(host, mine, strict=True)
                   for key, code in codes.items())

    def edit(self, content: Content, langs: dict[str | None, str], default: str,
             plan: Plan) -> SheetEdit:
        """New rows at the end of the sheet for the lists the module adds."""
        new: list[str] = []
        cols = self.columns

        def index(key: str, title: str) -> int:
            found = cols.find(key) if self.exists else None
            if found is not None:
                return found
            if title not in new:
                new.append(title)
            return (cols.width if self.exists else 0) + new.index(title)

        edit = SheetEdit(self.title, cols.width if self.exists else 0)
        for name, final in self.settled.items():
            if name in self.shared:
                continue
            for choice in content.inst.choices[name]:
                row: dict[int, Cell] = {index("list_name", "list_name"): final,
                                        index("name", "name"): choice.value}
                for lang, code in langs.items():
                    key = f"label::{lang}" if lang is not None else "label"
                    label = choice.label.get(code) or choice.label.get(default, "")
                    row[index(cols.key(key), cols.title(key))] = label
                edit.appends.append(row)
        edit.new_columns = new
        edit.append_at = self.rows + 1 if self.exists else 2
        plan.lists_added = [n for n in self.settled if n not in self.shared]
        plan.lists_shared = list(self.shared)
        plan.lists_renamed = {k: v for k, v in self.settled.items() if k != v
                              and k not in self.shared}
        plan.choice_rows = len(edit.appends)
        plan.new_columns[self.title] = list(new)
        return edit


def _codes_by_language(content: Content, keys: list[str]) -> dict[str, str]:
    """Host choice label columns → bank language codes, for the ones we can tell."""
    from generator.attach.mapping import bank_language

    out: dict[str, str] = {}
    for key in keys:
        code = bank_language(key, content.inst.languages) if key else \
            content.inst.languages[0].code
        if code is not None:
            out[key] = code
    return out


def settings_edit(title: str | None, values: list[list[Cell]], plan: Plan) -> SheetEdit:
    """Bump `version` (adding the column, or the sheet, when the host has none)."""
    if title is None:
        edit = SheetEdit("settings", 0, ["version"])
        edit.cells[(2, 1)] = bump(None)
        plan.version = ("", str(edit.cells[(2, 1)]))
        plan.notes.append("the host has no settings sheet: added one with a version")
        return edit
    cols = columns_of(values, "settings")
    edit = SheetEdit(title, cols.width)
    col = cols.find("version")
    if col is None:
        edit.new_columns = ["version"]
        col = cols.width
    old = values[1][col] if len(values) > 1 and col < len(values[1]) else None
    edit.cells[(2, col + 1)] = bump(old)
    plan.version = (text(old), text(edit.cells[(2, col + 1)]))
    return edit


def compared_codes(rows: list[ModRow], var: str) -> set[str]:
    """Codes the module compares `${var}` with: `${var} = 'x'`, `selected(${var}, 'x')`."""
    out: set[str] = set()
    for row in rows:
        for source in row.exprs.values():
            for node in walk(parse(source)):
                pair: tuple[object, object] | None = None
                if isinstance(node, Binary) and node.op in ("=", "!="):
                    pair = (node.left, node.right)
                elif isinstance(node, Call) and node.name == "selected" and len(node.args) == 2:
                    pair = (node.args[0], node.args[1])
                if pair is None:
                    continue
                for a, b in (pair, pair[::-1]):
                    if isinstance(a, Ref) and a.name == var and isinstance(b, Str):
                        out.add(b.value)
    return out

"""The host's `survey` sheet as XLSForm rows: columns, types, names and the group tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from generator.attach.codes import att
from generator.attach.read import Cell
from generator.issues import Issue

TEXT_FIELDS = ("label", "hint", "constraint_message", "required_message", "guidance_hint")
SHEETS = ("survey", "choices", "settings")
_KEYS = {("bind", "relevant"): "relevant", ("bind", "calculate"): "calculation",
         ("bind", "constraint"): "constraint", ("bind", "required"): "required",
         ("bind", "readonly"): "read_only", ("bind", "jr:constraintMsg"): "constraint_message",
         ("bind", "jr:requiredMsg"): "required_message",
         ("control", "appearance"): "appearance", ("control", "jr:count"): "repeat_count",
         ("list name",): "list_name"}
"""pyxform's dealiased tokens → the key attach uses (the XLSForm spelling of the column)."""
_BEGIN_END = {"begin group": "begin_group", "begin repeat": "begin_repeat",
              "end group": "end_group", "end repeat": "end_repeat",
              "begin lgroup": "begin_repeat", "end lgroup": "end_repeat",
              "begin looped group": "begin_repeat", "end looped group": "end_repeat",
              "select one": "select_one", "select multiple": "select_multiple",
              "begin loop": "begin_loop", "end loop": "end_loop"}


def text(value: Cell) -> str:
    """A cell as pyxform reads it: stripped text, whole numbers without `.0`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@lru_cache(maxsize=8)
def _vocabulary(sheet: str) -> tuple[dict[str, Any], frozenset[str]]:
    """pyxform's alias table and known columns for a sheet."""
    from pyxform import aliases
    from pyxform.question import MultipleChoiceQuestion, Option
    from pyxform.survey import Survey as PxSurvey

    if sheet == "choices":
        return dict(aliases.list_header), frozenset(Option.get_slot_names())
    if sheet == "settings":
        return dict(aliases.settings_header), frozenset(PxSurvey.get_slot_names())
    return dict(aliases.survey_header), frozenset(MultipleChoiceQuestion.get_slot_names())


@lru_cache(maxsize=4096)
def header_key(title: str, sheet: str = "survey", double: bool = True) -> str:
    """A column title as pyxform reads it, as a lookup key: `Label :: English (en)` →
    `label::english (en)`, `calculate` → `calculation`, `list name` → `list_name`.

    The title goes through pyxform's own header parser and alias table; `double` says
    whether the sheet separates languages with `::` (else `:`, as old forms do).
    """
    from pyxform.parsing.sheet_headers import process_header

    aliases, known = _vocabulary(sheet)
    clean = title.strip()
    _, tokens = process_header(clean, double, aliases, known)
    tokens = tuple(t.strip() for t in tokens)
    for size in (2, 1):
        if tokens[:size] in _KEYS:
            tokens = (_KEYS[tokens[:size]], *tokens[size:])
            break
    return "::".join(tokens).casefold()


@dataclass(frozen=True, slots=True)
class Columns:
    """A sheet's header row: titles as written, and where each key is."""

    titles: tuple[str, ...]
    width: int
    """Columns in use: the last column with any value in the sheet."""
    sheet: str = "survey"
    double: bool = True
    """Languages are written `label::English` (else `label:English`)."""
    keys: tuple[str, ...] = ()

    def find(self, key: str) -> int | None:
        """0-based index of the column whose key is `key` (see header_key)."""
        try:
            return self.keys.index(key)
        except ValueError:
            return None

    def key(self, title: str) -> str:
        """The key of a title written for this sheet (`label::French` → `label::french`)."""
        return header_key(self.title(title), self.sheet, self.double)

    def title(self, title: str) -> str:
        """A new column's title in the sheet's own spelling (`::` or `:` before a language)."""
        return title if self.double else title.replace("::", ":")

    def languages(self, fields: tuple[str, ...] = TEXT_FIELDS) -> list[str | None]:
        """Languages of the text columns in header order; None is a bare `label` column."""
        out: list[str | None] = []
        for title, key in zip(self.titles, self.keys, strict=True):
            if not title:
                continue
            base, sep, _ = key.partition("::")
            if base in fields:
                name = self._language(title) if sep else None
                if name not in out:
                    out.append(name)
        return out

    def _language(self, title: str) -> str:
        sep = "::" if self.double else ":"
        return title.split(sep, 1)[1].strip()


def columns_of(rows: list[list[Cell]], sheet: str = "survey") -> Columns:
    header = rows[0] if rows else []
    width = max((max((i + 1 for i, v in enumerate(r) if text(v)), default=0) for r in rows),
                default=0)
    titles = tuple(text(v) for v in header)
    double = any("::" in t for t in titles) or not any(
        ":" in t and not t.casefold().startswith("jr:") for t in titles)
    keys = tuple(header_key(t, sheet, double) if t else "" for t in titles)
    return Columns(titles, width, sheet, double, keys)


@dataclass(slots=True)
class Row:
    """One survey row that has a type."""

    row: int
    """1-based row number in the sheet."""
    kind: str
    """`begin_group`, `end_repeat`, `select_one`, `integer`, `calculate`…"""
    type: str
    name: str
    list_name: str
    labels: dict[str, str]
    """Language as written in the column (`''` for a bare `label`) → label text."""
    relevant: str
    calculation: str
    parent: Row | None = None
    end: int = 0
    """For a group or repeat: the row number of its end row."""
    children: list[Row] = field(default_factory=list)

    @property
    def is_container(self) -> bool:
        return self.kind in ("begin_group", "begin_repeat")

    def ancestors(self) -> list[Row]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    def walk(self) -> list[Row]:
        """This row and everything inside it, in row order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass(slots=True)
class Survey:
    """The parsed survey sheet."""

    sheet: str
    columns: Columns
    rows: list[Row]
    top: list[Row]
    """Rows not inside any group or repeat."""
    last_row: int
    """The last sheet row with a value."""

    def named(self) -> dict[str, Row]:
        """Every named row by its name folded to lower case (the first wins)."""
        out: dict[str, Row] = {}
        for r in self.rows:
            if r.name and not r.kind.startswith("end"):
                out.setdefault(r.name.casefold(), r)
        return out

    def repeats(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "begin_repeat"]

    def style(self) -> str:
        """`_` when the host writes `begin_group`, ` ` when it writes `begin group`."""
        spaced = sum(1 for r in self.rows if re.match(r"(?i)(begin|end)\s+(group|repeat)",
                                                        r.type))
        return " " if spaced > len([r for r in self.rows if r.is_container]) / 2 else "_"


def kind_of(type_text: str) -> tuple[str, str]:
    """(`kind`, `list name`) of an XLSForm type cell."""
    norm = " ".join(type_text.split()).casefold()
    for spaced, joined in _BEGIN_END.items():
        if norm == spaced or norm.startswith(spaced + " "):
            norm = joined + norm[len(spaced):]
    first, _, rest = norm.partition(" ")
    list_name = type_text.split()[-1] if rest and first.startswith("select") else ""
    return first, list_name


def parse_survey(sheet: str, rows: list[list[Cell]], file: str) -> tuple[Survey | None,
                                                                          list[Issue]]:
    """Rows and the group/repeat tree; a missing column or an unbalanced end is an error."""
    cols = columns_of(rows)
    i_type, i_name = cols.find("type"), cols.find("name")
    if i_type is None or i_name is None:
        missing = "type" if i_type is None else "name"
        return None, [att("ATT005", f"the `{sheet}` sheet has no `{missing}` column in its "
                                    "first row", file, sheet, 1)]
    langs = [lang for lang in cols.languages(("label",))]
    i_label = {(lang or ""): cols.find(f"label::{lang.casefold()}" if lang else "label")
               for lang in langs}
    i_rel, i_calc = cols.find("relevant"), cols.find("calculation")

    def cell(values: list[Cell], i: int | None) -> str:
        return text(values[i]) if i is not None and i < len(values) else ""

    found: list[Issue] = []
    out: list[Row] = []
    top: list[Row] = []
    stack: list[Row] = []
    last = 1
    for number, values in enumerate(rows[1:], start=2):
        if any(text(v) for v in values):
            last = number
        type_text = cell(values, i_type)
        if not type_text:
            continue
        kind, list_name = kind_of(type_text)
        row = Row(number, kind, type_text, cell(values, i_name), list_name,
                  {k: cell(values, i) for k, i in i_label.items() if cell(values, i)},
                  cell(values, i_rel), cell(values, i_calc))
        if kind in ("end_group", "end_repeat"):
            want = "begin_" + kind[4:]
            if not stack or stack[-1].kind != want:
                opened = (f"; row {stack[-1].row} opened {stack[-1].kind} "
                          f"'{stack[-1].name}'") if stack else ""
                found.append(att("ATT006", f"`{type_text}` closes nothing{opened}", file,
                                 sheet, number, i_type + 1))
                continue
            stack.pop().end = number
            out.append(row)
            continue
        row.parent = stack[-1] if stack else None
        (stack[-1].children if stack else top).append(row)
        out.append(row)
        if row.is_container:
            stack.append(row)
    for row in stack:
        found.append(att("ATT006", f"`{row.type}` '{row.name}' is never closed", file, sheet,
                         row.row, i_type + 1))
    if found:
        return None, found
    return Survey(sheet, cols, out, top, last), []

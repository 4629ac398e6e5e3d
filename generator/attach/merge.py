"""Merge the module into the host: names, rows in the host's columns and languages."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.attach.codes import att
from generator.attach.content import EXPRESSIONS, TEXTS, Content, ModRow
from generator.attach.existing import MARK
from generator.attach.form import Columns, Row, Survey
from generator.attach.plan import Plan
from generator.attach.read import Cell
from generator.attach.sheets import HostLists, compared_codes
from generator.attach.write import SheetEdit
from generator.instrument.compile import ROSTER_REPEAT
from generator.issues import Issue
from generator.logic import parse, to_source

_REF = re.compile(r"\$\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}")


@dataclass(frozen=True, slots=True)
class Target:
    """Where the module goes in the host survey."""

    survey: Survey
    roster: Row
    person_at: int
    """Host row the person-level rows go before."""


def find_target(survey: Survey, roster: Row, after: str | None,
                file: str) -> tuple[Target | None, list[Issue]]:
    """The roster's end, or the row after `--after QUESTION` inside the roster."""
    if not after:
        return Target(survey, roster, roster.end), []
    row = survey.named().get(after.casefold())
    repeats = [a for a in row.ancestors() if a.kind == "begin_repeat"] if row else []
    if row is None or not repeats or repeats[0] is not roster:
        names = ", ".join(r.name for r in roster.walk()[1:] if r.name)
        what = "not in the form" if row is None else f"row {row.row} is not inside the roster"
        return None, [att("ATT009", f"--after {after}: {what}; the roster '{roster.name}' "
                                    f"asks: {names}", file, survey.sheet,
                          row.row if row else 0)]
    return Target(survey, roster, (row.end if row.is_container else row.row) + 1), []


def rewrite_text(value: str, rename: dict[str, str]) -> str:
    """`${name}` references in a label renamed; everything else left as written."""
    return _REF.sub(lambda m: "${" + rename.get(m.group(1), m.group(1)) + "}", value)


def new_names(rows: list[ModRow], taken: set[str], prefix: str) -> dict[str, str]:
    """Module names the host already uses (any case) → a free name with the prefix."""
    used = set(taken)
    out: dict[str, str] = {}
    for row in rows:
        if row.is_end or row.name in out:
            continue
        name = row.name
        if name.casefold() in used:
            base = f"{prefix}{name}"
            name, n = base, 2
            while name.casefold() in used:
                name, n = f"{base}_{n}", n + 1
            out[row.name] = name
        used.add(name.casefold())
    return out


@dataclass(slots=True)
class SurveyRows:
    """Builds host-shaped survey rows: columns found or added, texts per host language."""

    columns: Columns
    langs: dict[str | None, str]
    default: str
    spaced: bool
    mark: str = ""
    """Written in the `migmod` column of each new row, so a later attach finds them."""
    new: list[str] = field(default_factory=list)
    fallback: int = 0

    def index(self, key: str, title: str) -> int:
        found = self.columns.find(key)
        if found is not None:
            return found
        for j, t in enumerate(self.new):
            if self.columns.key(t) == key:
                return self.columns.width + j
        self.new.append(self.columns.title(title))
        return self.columns.width + len(self.new) - 1

    def text(self, texts: dict[str, str], code: str) -> str:
        if texts.get(code):
            return texts[code]
        if texts.get(self.default):
            self.fallback += 1
            return texts[self.default]
        return ""

    def row(self, mod: ModRow, name: str, lists: dict[str, str],
            rewrite: Callable[[str, str], str]) -> dict[int, Cell]:
        cells: dict[int, Cell] = {}
        kind = mod.type
        if mod.kind in ("begin_group", "begin_repeat", "end_group", "end_repeat"):
            kind = mod.kind.replace("_", " ") if self.spaced else mod.kind
        elif mod.list_name:
            kind = f"{mod.type.split()[0]} {lists.get(mod.list_name, mod.list_name)}"
        cells[self.index("type", "type")] = kind
        cells[self.index("name", "name")] = name
        if self.mark:
            cells[self.index(MARK, MARK)] = self.mark
        for fld in TEXTS:
            for lang, code in self.langs.items():
                value = self.text(mod.texts.get(fld, {}), code)
                if value:
                    key = f"{fld}::{lang}" if lang is not None else fld
                    cells[self.index(self.columns.key(key), key)] = rewrite("text", value)
        for fld in EXPRESSIONS:
            if fld in mod.exprs:
                cells[self.index(fld, fld)] = rewrite(fld, mod.exprs[fld])
        if mod.required:
            cells[self.index("required", "required")] = "yes"
        if mod.appearance:
            cells[self.index("appearance", "appearance")] = mod.appearance
        return cells


@dataclass(slots=True)
class Merged:
    survey: SheetEdit
    order: list[str]
    """Module question behind each inserted survey row, in output order."""
    lists: dict[str, str]
    """Module list name → name in the form."""


def merge_survey(target: Target, content: Content, mapping: dict[str, str],
                 rows_of: SurveyRows, host_lists: HostLists, prefix: str, file: str,
                 plan: Plan) -> tuple[Merged, list[Issue]]:
    """The survey sheet's new rows at their three places, names and lists settled."""
    survey, roster = target.survey, target.roster
    parameters = [r for r in content.parameters if r.name not in mapping]
    members = [r for r in content.members if r.name not in mapping]
    emitted = parameters + members + content.person + content.household
    renamed = new_names(emitted, set(survey.named()), prefix)
    rename = {**renamed, **mapping, ROSTER_REPEAT: roster.name}
    lists = host_lists.settle({r.list_name for r in emitted if r.list_name}, content, prefix)
    found = _code_checks(content, emitted, mapping, host_lists, survey, file)

    def rewrite(fld: str, value: str) -> str:
        if fld == "text":
            return rewrite_text(value, rename)
        return to_source(parse(value), rename)

    parts = {"survey inputs": (roster.row, parameters),
             "member inputs": (roster.row + 1, members),  # first in the repeat: `..` = member
             "person": (target.person_at, content.person),
             "household": (roster.end + 1, content.household)}
    placed: dict[int, list[ModRow]] = {}
    for part, (before, mods) in parts.items():
        if mods:
            placed.setdefault(before, []).extend(mods)
            plan.insert_rows[part] = before
    edit = SheetEdit(survey.sheet, survey.columns.width)
    order: list[str] = []
    for before in sorted(placed):
        edit.inserts[before] = [rows_of.row(m, renamed.get(m.name, m.name), lists, rewrite)
                                for m in placed[before]]
        order.extend(m.name for m in placed[before])
    edit.new_columns = rows_of.new
    plan.renamed = renamed
    plan.blocks = [(b, renamed.get(b, b), part) for b, part in content.blocks]
    plan.survey_rows = sum(len(v) for v in edit.inserts.values())
    plan.new_columns[survey.sheet] = list(rows_of.new)
    plan.fallback_texts = rows_of.fallback
    return Merged(edit, order, lists), found


def _code_checks(content: Content, emitted: list[ModRow], mapping: dict[str, str],
                 host_lists: HostLists, survey: Survey, file: str) -> list[Issue]:
    """Warn when the module compares a mapped select input with codes the host lacks."""
    found: list[Issue] = []
    named = survey.named()
    for var, host_name in mapping.items():
        row = named.get(host_name.casefold())
        if row is None or not row.list_name or var not in content.inputs:
            continue
        codes = compared_codes(emitted, var)
        have = host_lists.codes(row.list_name)
        missing = sorted(codes - have) if have else []
        if missing:
            found.append(att("ATT018", f"the module compares '{var}' (mapped to "
                                       f"'{host_name}') with {', '.join(missing)}, codes the "
                                       f"list '{row.list_name}' does not have", file,
                             survey.sheet, row.row))
    return found

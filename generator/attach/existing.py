"""A host that already holds the module: found, refused, or cleared for an update.

Attach marks each survey row it adds in a `migmod` column (pyxform ignores columns it does
not know, so the XForm is unchanged) with the module's form id and version. A form attached
without that column is recognised by the module's blocks: groups named like them holding
module questions, and the module's inputs just before and inside the roster.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.attach.codes import att
from generator.attach.content import Content
from generator.attach.form import Row, Survey, kind_of, text
from generator.attach.read import Cell, HostBook
from generator.attach.roster import find_roster
from generator.issues import Issue

MARK = "migmod"
"""The survey column where attach marks the rows it added."""


def mark_of(content: Content) -> str:
    """What attach writes in the marker column: `<form id> <version>`."""
    return f"{content.inst.form_id} {content.inst.version}".strip()


@dataclass(slots=True)
class Existing:
    """The module rows already in the host."""

    rows: list[int]
    """Survey rows to remove (1-based, ascending)."""
    how: str
    """`marked` or `by name`."""
    version: str = ""
    choice_rows: list[int] = field(default_factory=list)
    """Choice rows of lists only the removed rows used."""

    def spans(self) -> list[tuple[int, int]]:
        """The rows as (first, count) runs, last run first (for deleting)."""
        out: list[tuple[int, int]] = []
        for row in self.rows:
            if out and out[-1][0] + out[-1][1] == row:
                out[-1] = (out[-1][0], out[-1][1] + 1)
            else:
                out.append((row, 1))
        return out[::-1]


def find_existing(survey: Survey, values: list[list[Cell]], content: Content, prefix: str,
                  roster_name: str | None) -> Existing | None:
    """The module rows of an earlier attach, by their mark or by the module's names."""
    col = survey.columns.find(MARK)
    if col is not None:
        marked = [n for n, row in enumerate(values[1:], start=2)
                  if col < len(row) and text(row[col])]
        if marked:
            version = text(values[marked[0] - 1][col])
            return Existing(marked, "marked", version)
    rows = _by_name(survey, content, prefix, roster_name)
    return Existing(rows, "by name") if rows else None


def _names(name: str, prefix: str) -> set[str]:
    return {name.casefold(), f"{prefix}{name}".casefold()}


def _by_name(survey: Survey, content: Content, prefix: str,
             roster_name: str | None) -> list[int]:
    blocks: set[str] = set()
    questions: set[str] = set()
    for block_id, _ in content.blocks:
        blocks |= _names(block_id, prefix)
    for mod in content.person + content.household:
        if not mod.is_end:
            questions |= _names(mod.name, prefix)
    rows: set[int] = set()
    for row in survey.rows:
        if row.kind != "begin_group" or row.name.casefold() not in blocks:
            continue
        inside = {r.name.casefold() for r in row.walk()[1:] if r.name}
        if inside & questions:
            rows.update(range(row.row, row.end + 1))
    if not rows:
        return []
    roster, _ = find_roster(survey, roster_name, "")
    if roster is not None:
        inputs: set[str] = set()
        for var in content.inputs:
            inputs |= _names(var, prefix)
        rows.update(_run(survey, roster.row - 1, -1, inputs))
        rows.update(_run(survey, roster.row + 1, 1, inputs))
    return sorted(rows)


def _run(survey: Survey, start: int, step: int, names: set[str]) -> list[int]:
    """Consecutive rows from `start` whose names are module inputs."""
    at = {r.row: r for r in survey.rows}
    out: list[int] = []
    row: Row | None = at.get(start)
    while row is not None and not row.is_container and row.name.casefold() in names:
        out.append(row.row)
        row = at.get(row.row + step)
    return out


def refusal(existing: Existing, survey: Survey, file: str) -> Issue:
    """ATT020: the host already holds the module."""
    first, last = existing.rows[0], existing.rows[-1]
    what = (f"rows marked '{existing.version}' in its `{MARK}` column"
            if existing.how == "marked" else "groups named like the module's blocks")
    return att("ATT020", f"the host form already holds the migration module: "
                         f"{len(existing.rows)} survey rows between rows {first} and {last} "
                         f"({what})", file, survey.sheet, first)


def unused_choice_rows(book: HostBook, survey_values: list[list[Cell]], survey: Survey,
                       existing: Existing) -> list[int]:
    """Choice rows of the lists that only the removed survey rows use."""
    i_type = survey.columns.find("type")
    if i_type is None:
        return []
    removed = set(existing.rows)
    used: dict[bool, set[str]] = {True: set(), False: set()}
    for n, row in enumerate(survey_values[1:], start=2):
        if i_type < len(row):
            _, list_name = kind_of(text(row[i_type]))
            if list_name:
                used[n in removed].add(list_name)
    only = used[True] - used[False]
    ws = book.sheet("choices")
    if ws is None or not only:
        return []
    from generator.attach.form import columns_of

    values = book.values(ws)
    col = columns_of(values, "choices").find("list_name")
    if col is None:
        return []
    return [n for n, row in enumerate(values[1:], start=2)
            if col < len(row) and text(row[col]) in only]


def remove(book: HostBook, survey_title: str, existing: Existing) -> None:
    """Delete the module's survey rows and its unused choice rows from the workbook."""
    from generator.attach.write import delete_rows

    targets: list[tuple[Any, Existing]] = [(book.sheet(survey_title), existing)]
    choices = book.sheet("choices")
    if choices is not None and existing.choice_rows:
        targets.append((choices, Existing(existing.choice_rows, existing.how)))
    for ws, rows in targets:
        for first, count in rows.spans():
            delete_rows(book, ws, first, count)

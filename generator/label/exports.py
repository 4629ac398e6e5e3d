"""Read a submissions export (ODK Central or KoboToolbox CSV) and match it to the codebook.

Column names carry group prefixes joined by `-` (ODK Central: `hh_members-person_core-
born_here`) or `/` (KoboToolbox: `hh_members/person_core/born_here`); a column is matched by
its last segment, since question names are unique in a form. A select_multiple comes as
one column of space-separated codes, as split columns `question/code` (1 or 0), or both.
Repeats are separate files (`<form_id>-<repeat>.csv`) joined by `PARENT_KEY` → `KEY`
(ODK Central) or `_parent_index` → `_index` (KoboToolbox).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.issues import Issue, Location, issue
from generator.label.sources import Source, read_rows
from generator.render.codebook.model import Codebook, Variable

KEYS = (("KEY", "PARENT_KEY"), ("_index", "_parent_index"))
"""(own key, parent key) column names: ODK Central, then KoboToolbox."""
META = frozenset({
    "SubmissionDate", "SubmitterID", "SubmitterName", "AttachmentsPresent",
    "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion",
    "instanceID", "instanceName", "deprecatedID", "audit", "uuid", "start", "end", "today",
    "deviceid", "username", "phonenumber", "simserial", "subscriberid",
    "_submission_time",
})
"""Export metadata columns (last path segment) that are not variables of the bank."""
NOT_IN_EXPORT = ("note", "group", "repeat")
TRUE_CELLS = frozenset({"1", "true", "True", "TRUE"})
_SPLIT = re.compile(r"[-/]")
MAX_LISTED = 12
INTERVIEW_DATES = ("today", "start", "end", "_submission_time", "SubmissionDate")
"""Export columns that date an interview, best first (after the form's own `today`
question); today() of a submission is its interview date, never the clock."""


@dataclass
class Table:
    """One CSV file of the export, matched to the variables of one record."""

    record: str
    file: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    """Physical line of each row in the file (the header is line 1)."""
    columns: dict[str, int] = field(default_factory=dict)
    splits: dict[str, dict[str, int]] = field(default_factory=dict)
    key: int | None = None
    parent: int | None = None
    key_names: tuple[str, str] = KEYS[0]
    dated: int | None = None
    """Column dating each interview (see INTERVIEW_DATES)."""
    how: str = ""
    """How the file was read (encoding and delimiter, or sheet)."""

    def __len__(self) -> int:
        return len(self.rows)

    def raw(self, var: Variable) -> list[str] | None:
        """The variable's cells as exported, a select_multiple rebuilt from split columns."""
        at = self.columns.get(var.name)
        if at is not None:
            return [row[at] for row in self.rows]
        split = self.splits.get(var.name)
        if not split:
            return None
        return [" ".join(code for code, j in split.items() if row[j] in TRUE_CELLS)
                for row in self.rows]

    def keys(self, which: int | None) -> list[str] | None:
        return None if which is None else [row[which] for row in self.rows]


def read_table(source: Source, record: str, codebook: Codebook, issues: list[Issue],
               *, child: bool) -> Table | None:
    """Read one table of the export and match its columns; problems go to `issues`."""
    read = read_rows(source, issues)
    if read is None:
        return None
    header, rows = read.header, read.rows
    if not header or not any(header):
        issues.append(issue("LBL001", f"{source.short} is empty", Location(source.label)))
        return None
    width = len(header)
    rows = [r + [""] * (width - len(r)) if len(r) < width else r[:width] for r in rows]
    table = Table(record, source.label, header, rows, read.lines, how=read.how)
    _match(table, codebook, issues)
    _keys(table, issues, child)
    _dated(table, codebook)
    return table


def _dated(table: Table, codebook: Codebook) -> None:
    own = [v.name for v in codebook.variables()
           if v.record == table.record and v.kind == "today"]
    by_last: dict[str, int] = {}
    for j, col in enumerate(table.header):
        parts = [p for p in _SPLIT.split(col.strip()) if p]
        if parts:
            by_last.setdefault(parts[-1], j)
    for name in own:
        if name in table.columns:
            table.dated = table.columns[name]
            return
    table.dated = next((by_last[n] for n in INTERVIEW_DATES if n in by_last), None)


def _match(table: Table, codebook: Codebook, issues: list[Issue]) -> None:
    mine = {v.name: v for v in codebook.variables() if v.record == table.record}
    others = {v.name: v.record for v in codebook.variables() if v.record != table.record}
    codes = {v.name: {c.code for c in codebook.value_labels(v)} for v in mine.values()
             if v.kind == "select_multiple"}
    key_cols = {k for pair in KEYS for k in pair}
    unknown: list[str] = []
    for j, col in enumerate(table.header):
        parts = [p for p in _SPLIT.split(col.strip()) if p]
        last = parts[-1] if parts else ""
        if col in key_cols or (col.startswith(("SET-OF-", "_")) and last not in mine):
            continue
        if last in mine and last not in table.columns:
            table.columns[last] = j
        elif len(parts) >= 2 and parts[-2] in codes and last in codes[parts[-2]]:
            table.splits.setdefault(parts[-2], {})[last] = j
        elif len(parts) >= 2 and parts[-2] in codes:
            unknown.append(f"{col} (not a code of {parts[-2]})")
        elif last in others:
            unknown.append(f"{col} (a variable of record {others[last]})")
        elif last in META or (parts and parts[0] in ("meta", "formhub", "__system")):
            continue
        else:
            unknown.append(col)
    if unknown:
        issues.append(issue("LBL003", f"{Path(table.file).name}: {len(unknown)} column(s) not "
                            f"in the codebook, kept as text: {_listing(unknown)}",
                            Location(table.file, 1)))
    expected = [v.name for v in mine.values()
                if v.kind not in NOT_IN_EXPORT and v.derivation is None]
    missing = [n for n in expected if n not in table.columns and n not in table.splits]
    if missing:
        issues.append(issue("LBL004", f"{Path(table.file).name}: {len(missing)} variable(s) of "
                            f"record {table.record} not in the export: {_listing(missing)}",
                            Location(table.file, 1),
                            hint="calculations among them are computed from the export "
                                 "(today() being each interview's date); other variables, "
                                 "and derived variables that read them, are left empty"))


def _keys(table: Table, issues: list[Issue], child: bool) -> None:
    for own, parent in KEYS:
        if own in table.header or (child and parent in table.header):
            table.key_names = (own, parent)
            table.key = table.header.index(own) if own in table.header else None
            table.parent = table.header.index(parent) if parent in table.header else None
            break
    own, parent = table.key_names
    if table.key is not None:
        _duplicates(table, table.key, issues)
    if child and table.parent is None:
        issues.append(issue("LBL002", f"{Path(table.file).name}: repeat file without a "
                            f"{parent} column (or {KEYS[1][1]})", Location(table.file, 1),
                            hint="export the repeat with its parent key column; rows cannot "
                                 "be joined to their submission without it"))


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_LISTED])
    return shown + (f" and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else "")


def _duplicates(table: Table, at: int, issues: list[Issue]) -> None:
    """Two rows with the same key: their repeats cannot be told apart."""
    first: dict[str, int] = {}
    twice: list[tuple[str, int, int]] = []
    for i, row in enumerate(table.rows):
        key = row[at]
        if not key:
            continue
        if key in first:
            twice.append((key, table.lines[first[key]], table.lines[i]))
        else:
            first[key] = i
    if twice:
        key, line_a, line_b = twice[0]
        issues.append(issue(
            "LBL011", f"{Path(table.file).name}: {len(twice)} row(s) repeat a "
            f"{table.header[at]} of an earlier row; first '{key}' at lines {line_a} and {line_b}",
            Location(table.file, line_b, at + 1),
            hint="a submission exported twice (two downloads joined?): keep one row per "
                 "key; repeat rows could not be joined to the right submission"))

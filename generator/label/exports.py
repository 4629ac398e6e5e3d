"""Read a submissions export (ODK Central or KoboToolbox CSV) and match it to the codebook.

Column names carry group prefixes joined by `-` (ODK Central: `hh_members-person_core-
born_here`) or `/` (KoboToolbox: `hh_members/person_core/born_here`); a column is matched by
its last segment, since question names are unique in a form. A select_multiple comes as
one column of space-separated codes, as split columns `question/code` (1 or 0), or both.
Repeats are separate files (`<form_id>-<repeat>.csv`) joined by `PARENT_KEY` → `KEY`
(ODK Central) or `_parent_index` → `_index` (KoboToolbox).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.issues import Issue, Location, issue
from generator.render.codebook.model import Codebook, Variable

KEYS = (("KEY", "PARENT_KEY"), ("_index", "_parent_index"))
"""(own key, parent key) column names: ODK Central, then KoboToolbox."""
META = frozenset({
    "SubmissionDate", "SubmitterID", "SubmitterName", "AttachmentsPresent",
    "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion",
    "instanceID", "instanceName", "deprecatedID", "audit", "uuid", "start", "end", "today",
    "deviceid", "username", "phonenumber", "simserial", "subscriberid",
})
"""Export metadata columns (last path segment) that are not variables of the bank."""
NOT_IN_EXPORT = ("note", "group", "repeat")
TRUE_CELLS = frozenset({"1", "true", "True", "TRUE"})
_SPLIT = re.compile(r"[-/]")
MAX_LISTED = 12


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


def read_table(path: Path, record: str, codebook: Codebook, issues: list[Issue],
               *, child: bool) -> Table | None:
    """Read one export file and match its columns; problems are appended to `issues`."""
    name = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            rows, lines = [], []
            for row in reader:
                if not row:
                    continue
                rows.append(row)
                lines.append(reader.line_num)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        issues.append(issue("LBL001", f"cannot read {path.name}: {exc}", Location(name)))
        return None
    if not header:
        issues.append(issue("LBL001", f"{path.name} is empty", Location(name)))
        return None
    width = len(header)
    rows = [r + [""] * (width - len(r)) if len(r) < width else r[:width] for r in rows]
    table = Table(record, name, header, rows, lines)
    _match(table, codebook, issues)
    _keys(table, issues, child)
    return table


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
                            hint="their values, and derived variables that read them, "
                                 "are left empty"))


def _keys(table: Table, issues: list[Issue], child: bool) -> None:
    for own, parent in KEYS:
        if own in table.header or (child and parent in table.header):
            table.key_names = (own, parent)
            table.key = table.header.index(own) if own in table.header else None
            table.parent = table.header.index(parent) if parent in table.header else None
            break
    own, parent = table.key_names
    if child and table.parent is None:
        issues.append(issue("LBL002", f"{Path(table.file).name}: repeat file without a "
                            f"{parent} column (or {KEYS[1][1]})", Location(table.file, 1),
                            hint="export the repeat with its parent key column; rows cannot "
                                 "be joined to their submission without it"))


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_LISTED])
    return shown + (f" and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else "")


def find_repeats(export_csv: Path, codebook: Codebook) -> dict[str, Path]:
    """Repeat files next to the main file: `<stem>-<repeat>.csv` (ODK Central's zip layout)."""
    found = {}
    for record in codebook.records:
        if record.parent is None:
            continue
        for candidate in (f"{export_csv.stem}-{record.name}.csv",
                          f"{export_csv.stem}-{record.path.replace('/', '-')}.csv"):
            path = export_csv.with_name(candidate)
            if path.exists():
                found[record.name] = path
                break
    return found

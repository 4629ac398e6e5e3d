"""Apply the merge to the host workbook and write the result atomically.

Rows are inserted with openpyxl, which moves cells and their styles but not the sheet's
merged cells, conditional formats, data validations, filter or row heights: those are
moved here so the host's formatting stays on the host's rows.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.attach.formulas import shift_formula, with_values
from generator.attach.read import Cell, HostBook


@dataclass(slots=True)
class SheetEdit:
    """Changes to one sheet: new header columns, inserted and appended rows, set cells."""

    title: str
    width: int = 0
    """Columns the sheet already uses; new columns start right after."""
    new_columns: list[str] = field(default_factory=list)
    inserts: dict[int, list[dict[int, Cell]]] = field(default_factory=dict)
    """Host row number → rows to insert before it (0-based column → value)."""
    append_at: int = 0
    appends: list[dict[int, Cell]] = field(default_factory=list)
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    """(row, column), 1-based → value, set after the inserts (output coordinates)."""


def apply(book: HostBook, edits: list[SheetEdit]) -> dict[str, list[int]]:
    """Edit the workbook in place; returns each sheet's new row numbers in the output."""
    added: dict[str, list[int]] = {}
    book.changed()
    for edit in edits:
        ws = book.sheet(edit.title) or book.workbook.create_sheet(edit.title)
        for i, title in enumerate(edit.new_columns):
            ws.cell(1, edit.width + i + 1).value = title
        for before in sorted(edit.inserts, reverse=True):
            rows = edit.inserts[before]
            insert_rows(ws, before, len(rows))
            shift_formulas(book, ws.title, before, len(rows))
            _fill(ws, before, rows)
        out_rows: list[int] = []
        offset = 0
        for before in sorted(edit.inserts):
            n = len(edit.inserts[before])
            out_rows.extend(range(before + offset, before + offset + n))
            offset += n
        _fill(ws, edit.append_at, edit.appends)
        out_rows.extend(range(edit.append_at, edit.append_at + len(edit.appends)))
        for (r, c), value in edit.cells.items():
            ws.cell(r, c).value = value
        added[ws.title] = out_rows
    return added


def shift_formulas(book: HostBook, sheet: str, idx: int, n: int) -> None:
    """Host formulas that read rows of `sheet` from `idx` on follow those rows down."""
    for f in book.formulas:
        value = f.cell.value
        if isinstance(value, str) and value.startswith("="):
            f.cell.value = shift_formula(value, f.sheet, sheet, idx, n)
        elif hasattr(value, "text") and isinstance(value.text, str):
            value.text = shift_formula(value.text, f.sheet, sheet, idx, n)


def _fill(ws: Any, first: int, rows: list[dict[int, Cell]]) -> None:
    for r, row in enumerate(rows, start=first):
        for c, value in row.items():
            if value not in (None, ""):
                ws.cell(r, c + 1).value = value


def insert_rows(ws: Any, idx: int, n: int) -> None:
    """Insert `n` empty rows before row `idx`, moving everything tied to the rows below."""
    from openpyxl.formatting.formatting import ConditionalFormattingList

    spanning = [str(m) for m in ws.merged_cells.ranges if m.min_row < idx <= m.max_row]
    below = [str(m) for m in ws.merged_cells.ranges if m.min_row >= idx]
    for ref in spanning + below:
        ws.unmerge_cells(ref)
    ws.insert_rows(idx, n)
    for ref in below:
        ws.merge_cells(shift_ref(ref, idx, n))
    old = ws.conditional_formatting
    ws.conditional_formatting = ConditionalFormattingList()
    for cf in old:
        ref = " ".join(shift_ref(str(r), idx, n) for r in cf.sqref.ranges)
        for rule in cf.rules:
            ws.conditional_formatting.add(ref, rule)
    for dv in ws.data_validations.dataValidation:
        dv.sqref = " ".join(shift_ref(str(r), idx, n) for r in dv.sqref.ranges)
    if ws.auto_filter.ref:
        ws.auto_filter.ref = shift_ref(ws.auto_filter.ref, idx, n)
    dims = dict(ws.row_dimensions)
    ws.row_dimensions.clear()
    for key in sorted(dims):
        dim = dims[key]
        if key >= idx:
            dim.index = key + n
        ws.row_dimensions[dim.index] = dim


def delete_rows(book: HostBook, ws: Any, idx: int, n: int) -> None:
    """Delete `n` rows from row `idx`, moving up everything tied to the rows below (the
    rows attach added before: they carry no merged cells or formats of the host's)."""
    from openpyxl.formatting.formatting import ConditionalFormattingList

    touched = [str(m) for m in ws.merged_cells.ranges if m.max_row >= idx]
    for ref in touched:
        ws.unmerge_cells(ref)
    ws.delete_rows(idx, n)
    book.changed()
    for ref in touched:
        moved = cut_ref(ref, idx, n)
        if moved and ":" in moved and moved.split(":")[0] != moved.split(":")[1]:
            ws.merge_cells(moved)
    old = ws.conditional_formatting
    ws.conditional_formatting = ConditionalFormattingList()
    for cf in old:
        refs = [r for r in (cut_ref(str(x), idx, n) for x in cf.sqref.ranges) if r]
        for rule in cf.rules if refs else []:
            ws.conditional_formatting.add(" ".join(refs), rule)
    for dv in list(ws.data_validations.dataValidation):
        refs = [r for r in (cut_ref(str(x), idx, n) for x in dv.sqref.ranges) if r]
        if refs:
            dv.sqref = " ".join(refs)
        else:
            ws.data_validations.dataValidation.remove(dv)
    if ws.auto_filter.ref:
        ws.auto_filter.ref = cut_ref(ws.auto_filter.ref, idx, n)
    dims = dict(ws.row_dimensions)
    ws.row_dimensions.clear()
    for key in sorted(dims):
        if idx <= key < idx + n:
            continue
        dim = dims[key]
        if key >= idx + n:
            dim.index = key - n
        ws.row_dimensions[dim.index] = dim
    book.formulas = [f for f in book.formulas
                     if f.sheet != ws.title or ws._cells.get((f.cell.row, f.cell.column))
                     is f.cell]
    shift_formulas(book, ws.title, idx, -n)


def cut_ref(ref: str, idx: int, n: int) -> str | None:
    """A range after deleting `n` rows from row `idx`: moved up, shrunk, or gone."""
    from openpyxl.worksheet.cell_range import CellRange

    cr = CellRange(ref)

    def moved(row: int, low: bool) -> int:
        if row < idx:
            return row
        if row >= idx + n:
            return row - n
        return idx if low else idx - 1
    top, bottom = moved(cr.min_row, True), moved(cr.max_row, False)
    if top > bottom:
        return None
    return str(CellRange(min_col=cr.min_col, min_row=top, max_col=cr.max_col,
                         max_row=bottom).coord)


def shift_ref(ref: str, idx: int, n: int) -> str:
    """A range after inserting `n` rows before row `idx`: moved down, or stretched."""
    from openpyxl.worksheet.cell_range import CellRange

    cr = CellRange(ref)
    if cr.min_row >= idx:
        cr.shift(row_shift=n)
    elif cr.max_row >= idx:
        cr.expand(down=n)
    return str(cr.coord)


_TRAILING = re.compile(r"^(.*?)(\d+)$")


def bump(value: Cell) -> Cell:
    """The next version: 7 → 8, `2024.3` → `2024.4`, `v11` → `v12`, `draft` → `draft.1`."""
    if value is None or value == "" or isinstance(value, bool):
        return "1"
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value + 1 if value.is_integer() else f"{value}.1"
    raw = str(value).strip()
    m = _TRAILING.match(raw)
    if m is None:
        return f"{raw}.1"
    digits = m.group(2)
    return f"{m.group(1)}{int(digits) + 1:0{len(digits)}d}"


def workbook_bytes(book: HostBook, timestamp: int) -> bytes:
    """The edited workbook; the same host and options give the same bytes (entry times and
    the document's modified date come from `timestamp`, as in `migmod build`)."""
    import datetime as dt

    from generator.render.xlsform import normalise_zip  # TODO: make it public in xlsform

    raw = io.BytesIO()
    book.workbook.save(raw)
    data = with_values(raw.getvalue(), book.formulas)
    moment = dt.datetime.fromtimestamp(max(timestamp, 315532800), dt.UTC).replace(tzinfo=None)
    return normalise_zip(data, moment)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

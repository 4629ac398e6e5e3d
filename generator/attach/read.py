"""Open a host XLSForm (.xlsx or .xls) safely, as one editable openpyxl workbook.

The file is size-checked before anything unzips it. An `.xls` workbook is copied cell by
cell into a new workbook (values only: numbers that are whole stay whole, dates stay dates),
so the rest of attach sees one kind of workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.attach.codes import att
from generator.attach.formulas import Formula, cached_values
from generator.issues import Issue

MAX_FILE = 50 * 1024 * 1024
MAX_UNZIPPED = 500 * 1024 * 1024
MAX_RATIO = 100
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Cell = Any
"""A cell value as openpyxl gives it: str, int, float, bool, datetime or None."""


@dataclass(slots=True)
class HostBook:
    """The host workbook, ready to edit, and its cell values sheet by sheet."""

    path: Path
    kind: str
    """`xlsx` or `xls`."""
    workbook: Any
    """An openpyxl Workbook; formula cells hold their formulas."""
    formulas: list[Formula] = field(default_factory=list)
    """The formula cells and the values they last computed (what pyxform reads)."""
    xls_formulas: int = 0
    """Formula cells of an `.xls` host: read for their values only (xlrd has no formulas)."""
    _values: dict[str, list[list[Cell]]] = field(default_factory=dict, repr=False)

    def changed(self) -> None:
        """Forget the values read so far: the workbook was edited."""
        self._values.clear()

    def sheet(self, name: str) -> Any | None:
        """The worksheet called `name`, whatever its case and surrounding spaces."""
        for ws in self.workbook.worksheets:
            if ws.title.strip().casefold() == name.casefold():
                return ws
        return None

    def values(self, ws: Any) -> list[list[Cell]]:
        """A worksheet's values as pyxform reads them (a formula's last value); row 1 is
        the header. Read once until the workbook changes; callers do not modify them."""
        if ws.title not in self._values:
            self._values[ws.title] = self._read(ws)
        return self._values[ws.title]

    def _read(self, ws: Any) -> list[list[Cell]]:
        rows = sheet_values(ws)
        for f in self.formulas:
            if f.sheet == ws.title and f.cell.row <= len(rows):
                row = rows[f.cell.row - 1]
                if f.cell.column <= len(row):
                    row[f.cell.column - 1] = f.value
        return rows


def sheet_values(ws: Any) -> list[list[Cell]]:
    """The rows of `ws.iter_rows(values_only=True)`, from the cells the sheet holds: empty
    positions are not made into cells one by one (a third of the time on a large host)."""
    cells = ws._cells
    if not cells:  # openpyxl gives nothing for a sheet never written to
        return [[None]] if ws._current_row else []
    width = ws.max_column
    rows: list[list[Cell]] = [[None] * width for _ in range(ws.max_row)]
    for (r, c), cell in cells.items():
        rows[r - 1][c - 1] = cell.value
    return rows


def open_host(path: Path) -> tuple[HostBook | None, list[Issue]]:
    """Read the host form; a problem is an ATT001-ATT003 error and no workbook."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            return None, [att("ATT003", f"the file is {size / 2**20:.0f} MB; the limit is "
                                        f"{MAX_FILE // 2**20} MB", name)]
        data = path.read_bytes()
    except OSError as exc:
        return None, [att("ATT001", f"cannot read {name}: {exc.strerror}", name)]
    if data.startswith(_ZIP):
        return _open_xlsx(path, data)
    if data.startswith(_OLE):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k" in data:
            return None, [att("ATT002", "the workbook is password-protected", name)]
        return _open_xls(path, data)
    return None, [att("ATT001", f"{name} is not an Excel workbook (.xlsx or .xls)", name)]


def _open_xlsx(path: Path, data: bytes) -> tuple[HostBook | None, list[Issue]]:
    from openpyxl import load_workbook

    name = path.name
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            if total > MAX_UNZIPPED or total / packed > MAX_RATIO:
                return None, [att("ATT003", f"the workbook unpacks to {total / 2**20:.0f} MB "
                                            f"({total / packed:.0f} times its size)", name)]
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names:
                return None, [att("ATT001", f"{name} is a zip archive but not an Excel "
                                            "workbook", name)]
            cached = cached_values(zf)
        book = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        return None, [att("ATT002", f"the workbook is damaged: {exc}", name)]
    except Exception as exc:  # openpyxl raises many kinds of errors on broken XML
        return None, [att("ATT002", f"the workbook is damaged: {type(exc).__name__}: {exc}",
                          name)]
    formulas = [Formula(ws.title, ws.cell(r, c), value) for ws in book.worksheets
                for (r, c), value in sorted(cached.get(ws.title, {}).items())]
    return HostBook(path, "xlsx", book, formulas), []


def _open_xls(path: Path, data: bytes) -> tuple[HostBook | None, list[Issue]]:
    import xlrd
    from openpyxl import Workbook

    name = path.name
    try:
        old = xlrd.open_workbook(file_contents=data, on_demand=False)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            return None, [att("ATT002", "the workbook is password-protected", name)]
        return None, [att("ATT002", f"the workbook is damaged: {exc}", name)]
    except Exception as exc:  # xlrd raises plain errors on truncated files
        return None, [att("ATT002", f"the workbook is damaged: {type(exc).__name__}: {exc}",
                          name)]
    book = Workbook()
    book.remove(book.active)
    for sh in old.sheets():
        ws = book.create_sheet(sh.name)
        for r in range(sh.nrows):
            for c in range(sh.ncols):
                value = xls_value(sh.cell(r, c), old.datemode)
                if value is not None:
                    ws.cell(r + 1, c + 1).value = value
    return HostBook(path, "xls", book, xls_formulas=xls_formula_count(data)), []


def xls_formula_count(data: bytes) -> int:
    """FORMULA records (0x0006) in an `.xls` workbook stream; 0 when it cannot be read."""
    import os
    import struct

    from xlrd.compdoc import CompDoc

    try:
        with open(os.devnull, "w") as log:
            mem, base, size = CompDoc(data, logfile=log).locate_named_stream("Workbook")
    except Exception:  # an old BIFF stream name or a damaged directory: nothing to count
        return 0
    if mem is None:
        return 0
    pos, end, count = base, base + size, 0
    while pos + 4 <= end:
        record, length = struct.unpack_from("<HH", mem, pos)
        pos += 4 + length
        count += record == 0x0006
    return count


def xls_value(cell: Any, datemode: int) -> Cell:
    """One xlrd cell as the value openpyxl would hold (whole numbers as int)."""
    import xlrd

    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_NUMBER:
        number = float(cell.value)
        return int(number) if number.is_integer() else number
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment: dt.datetime = xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError):
            return float(cell.value)
        return moment
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    return str(cell.value) if cell.value != "" else None

"""Host formula cells: kept as formulas, with the values they last computed.

openpyxl keeps a formula or its last value, never both, and writes formulas without a
value. pyxform (and every server that runs it) reads the value, so the values are read
from the host file and written back next to each formula; references to rows below an
inserted row move down with them, as a spreadsheet program does when rows are inserted.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COORD = re.compile(r"([A-Z]{1,3})(\d+)")
_CELL = re.compile(rb'<c r="([A-Z]{1,3}\d+)"([^>]*)>(<f(?:\s[^>]*)?>.*?</f>|<f[^>]*/>)'
                   rb"(?:<v\s*/>|<v>[^<]*</v>)?</c>", re.DOTALL)
_TYPE = re.compile(rb'\s+t="[^"]*"')
_REF = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)")

Cached = dict[tuple[int, int], Any]
"""(row, column), 1-based → the value a formula last computed."""


@dataclass(slots=True)
class Formula:
    """One host formula cell (an openpyxl cell: it keeps its identity when rows move)."""

    sheet: str
    cell: Any
    value: Any
    """The value the formula last computed, as pyxform reads it; None if never computed."""


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → its part in the package (`xl/worksheets/sheet2.xml`)."""
    book = etree.fromstring(zf.read("xl/workbook.xml"))
    rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG}Relationship")}
    out: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        part = target.get(sheet.get(_REL), "")
        if not part:
            continue
        path = part.lstrip("/") if part.startswith("/") else posixpath.normpath(
            posixpath.join("xl", part))
        out[sheet.get("name", "")] = path
    return out


def cached_values(zf: zipfile.ZipFile) -> dict[str, Cached]:
    """Each sheet's formula cells and the values they last computed."""
    out: dict[str, Cached] = {}
    names = set(zf.namelist())
    for title, part in sheet_parts(zf).items():
        if part not in names:
            continue
        data = zf.read(part)
        if b"<f" not in data:
            continue
        values: Cached = {}
        for _, cell in etree.iterparse(_Bytes(data), tag=f"{_MAIN}c", huge_tree=True):
            if cell.find(f"{_MAIN}f") is not None:
                col, row = _COORD.fullmatch(cell.get("r", "")).groups()  # type: ignore[union-attr]
                values[(int(row), _col(col))] = _value(cell)
            cell.clear()
        out[title] = values
    return out


class _Bytes:
    """A file-like over bytes for iterparse (no copy)."""

    def __init__(self, data: bytes) -> None:
        self._data, self._at = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._at + size
        chunk, self._at = self._data[self._at:end], min(end, len(self._data))
        return chunk


def _value(cell: Any) -> Any:
    v = cell.find(f"{_MAIN}v")
    raw = v.text if v is not None else None
    if raw is None or raw == "":
        return None
    kind = cell.get("t", "n")
    if kind == "b":
        return raw.strip() == "1"
    if kind in ("str", "e", "inlineStr", "s"):
        return raw
    try:
        number = float(raw)
    except ValueError:
        return raw
    return int(number) if number.is_integer() else number


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _letters(col: int) -> str:
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def with_values(data: bytes, formulas: list[Formula]) -> bytes:
    """The saved workbook with each formula's last value written next to it."""
    import io

    by_sheet: dict[str, dict[bytes, Any]] = {}
    for f in formulas:
        if f.value is not None:
            ref = f"{_letters(f.cell.column)}{f.cell.row}".encode()
            by_sheet.setdefault(f.sheet, {})[ref] = f.value
    if not by_sheet:
        return data
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {part: by_sheet[title] for title, part in sheet_parts(src).items()
             if title in by_sheet}
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename in parts:
                body = _inject(body, parts[info.filename])
            dst.writestr(info, body)
    return raw.getvalue()


def _inject(xml: bytes, values: dict[bytes, Any]) -> bytes:
    def put(m: re.Match[bytes]) -> bytes:
        ref = m.group(1)
        if ref not in values:
            return m.group(0)
        value = values[ref]
        attrs = _TYPE.sub(b"", m.group(2))
        if isinstance(value, bool):
            kind, text = b' t="b"', b"1" if value else b"0"
        elif isinstance(value, int | float):
            kind, text = b"", repr(value).encode()
        elif isinstance(value, str) and value.startswith("#"):
            kind, text = b' t="e"', escape(value).encode()
        else:
            kind, text = b' t="str"', escape(str(value)).encode()
        return b'<c r="' + ref + b'"' + attrs + kind + b">" + m.group(3) + b"<v>" + text + \
            b"</v></c>"
    return _CELL.sub(put, xml)


def shift_formula(formula: str, own_sheet: str, edited: str, idx: int, n: int) -> str:
    """A formula after `n` rows were inserted before row `idx` of sheet `edited` (or `-n`
    rows deleted from it): its references to that sheet's rows below move with them."""
    from openpyxl.formula.tokenizer import Token, Tokenizer

    try:
        tok = Tokenizer(formula)
    except Exception:  # a formula openpyxl cannot read is left as written
        return formula
    changed = False
    for item in tok.items:
        if item.type != Token.OPERAND or item.subtype != Token.RANGE:
            continue
        sheet, bang, ref = item.value.rpartition("!")
        target = sheet.strip("'").replace("''", "'") if bang else own_sheet
        if target.casefold() != edited.casefold():
            continue

        def move(m: re.Match[str]) -> str:
            row = int(m.group(4))
            below = row >= idx if n > 0 else row >= idx - n
            return f"{m.group(1)}{m.group(2)}{m.group(3)}{row + n if below else row}"
        new = _REF.sub(move, ref)
        if new != ref:
            item.value, changed = f"{sheet}{bang}{new}", True
    return tok.render() if changed else formula

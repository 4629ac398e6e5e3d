"""Read any XLSForm through pyxform's own conversion: its survey tree, rows and languages.

pyxform decides what the form means (the same reading ODK and Kobo tools get); this module
adds only what the paper needs beside it: the survey sheet row of each name, for located
issues, and one language code per label column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator.issues import CATALOGUE, CodeId, Issue, Location, issue

MAX_FILE = 50 * 1024 * 1024
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ROW = re.compile(r"\[row\s*:\s*(\d+)\]")
_CODE = re.compile(r"\(([a-z]{2,3}(?:-[A-Za-z0-9]+)?)\)\s*$")
DEFAULT = "default"
"""pyxform's name for the language of a bare `label` column."""


@dataclass(slots=True)
class Form:
    """A host form as pyxform reads it, with what the paper needs beside it."""

    path: Path
    tree: dict[str, Any]
    """pyxform's survey dictionary (`children`, `choices`, `title`, …)."""
    rows: dict[str, int]
    """Survey-sheet row of each name (its first occurrence)."""
    languages: dict[str, str] = field(default_factory=dict)
    """Host language name (as pyxform keys texts: `english`, `default`) → language code."""
    warnings: list[str] = field(default_factory=list)


def prt(code: CodeId, message: str, file: str, row: int = 0, path: str = "",
        hint: str | None = None) -> Issue:
    """A print issue at a survey-sheet row of the form."""
    return issue(code, message, Location(file, row, 1 if row else 0), path,
                 hint or CATALOGUE[code].hint)


def read_form(path: Path) -> tuple[Form | None, list[Issue]]:
    """The form read and checked by pyxform; a problem is a PRT001/PRT002 error."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return None, [prt("PRT001", f"cannot read {name}: {exc.strerror}", name)]
    if size > MAX_FILE:
        return None, [prt("PRT001", f"the file is {size / 2**20:.0f} MB; the limit is "
                                    f"{MAX_FILE // 2**20} MB", name)]
    if not (head.startswith(_ZIP) or head.startswith(_OLE)):
        return None, [prt("PRT001", f"{name} is not an Excel workbook (.xlsx or .xls)", name)]
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    try:
        result = convert(xlsform=str(path), warnings=warnings, validate=False)
    except Exception as exc:  # pyxform, openpyxl and xlrd raise many kinds of errors
        text = str(exc).strip() or type(exc).__name__
        m = _ROW.search(text)
        return None, [prt("PRT002", f"pyxform rejects the form: {text}", name,
                          int(m.group(1)) if m else 0)]
    tree = result._pyxform
    if not isinstance(tree, dict):
        return None, [prt("PRT002", "pyxform gave no survey for the form", name)]
    form = Form(path, tree, survey_rows(path), warnings=warnings)
    form.languages = language_codes(tree)
    return form, []


def survey_rows(path: Path) -> dict[str, int]:
    """The row of each name on the survey sheet (empty when the sheet cannot be scanned)."""
    try:
        rows = _xls_rows(path) if path.suffix.lower() == ".xls" else _xlsx_rows(path)
    except Exception:  # the form was read by pyxform; rows are only for locating issues
        return {}
    out: dict[str, int] = {}
    header = [str(v or "").strip().casefold() for v in (rows[0] if rows else [])]
    if "name" not in header:
        return out
    col = header.index("name")
    for n, row in enumerate(rows[1:], start=2):
        value = row[col] if col < len(row) else None
        if value not in (None, ""):
            out.setdefault(str(value).strip(), n)
    return out


def _xlsx_rows(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = next((w for w in book.worksheets if w.title.strip().casefold() == "survey"), None)
        return [] if ws is None else [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        book.close()


def _xls_rows(path: Path) -> list[list[Any]]:
    import xlrd

    book = xlrd.open_workbook(str(path))
    sheet = next((s for s in book.sheets() if s.name.strip().casefold() == "survey"), None)
    if sheet is None:
        return []
    return [[c.value for c in sheet.row(r)] for r in range(sheet.nrows)]


def language_codes(tree: dict[str, Any]) -> dict[str, str]:
    """One code per language the form's texts use, in order of first use.

    `English (en)` gives `en`; a plain name is looked up in ISO 639 (`french` → `fr`);
    pyxform's `default` takes the settings' default language, else `und` (undetermined);
    anything else gets a code reserved for local use (`qaa`, `qab`, …).
    """
    names: dict[str, None] = {}

    def texts(node: dict[str, Any]) -> None:
        for key in ("label", "hint"):
            value = node.get(key)
            if isinstance(value, dict):
                names.update(dict.fromkeys(value))
            elif isinstance(value, str) and value:
                names.setdefault(DEFAULT)
        for child in node.get("children", []) or []:
            if isinstance(child, dict):
                texts(child)

    texts(tree)
    for options in (tree.get("choices") or {}).values():
        for choice in options:
            if isinstance(choice, dict) and isinstance(choice.get("label"), dict):
                names.update(dict.fromkeys(choice["label"]))
    out: dict[str, str] = {}
    local = 0
    default = str(tree.get("default_language") or DEFAULT)
    for name in names or {DEFAULT: None}:
        code = _code(default if name == DEFAULT else name)
        if code is None or code in out.values():
            if name == DEFAULT and "und" not in out.values():
                code = "und"
            else:
                code = f"q{chr(ord('a') + local // 26)}{chr(ord('a') + local % 26)}"
                local += 1
        out[name] = code
    return out


def _code(name: str) -> str | None:
    m = _CODE.search(name)
    if m:
        return m.group(1)
    if name == DEFAULT:
        return None
    import pycountry

    try:
        lang = pycountry.languages.lookup(name.strip())
    except LookupError:  # `Swahili` is ISO 639's `Swahili (macrolanguage)`
        prefix = f"{name.strip().casefold()} ("
        lang = next((x for x in pycountry.languages if x.name.casefold().startswith(prefix)
                     and hasattr(x, "alpha_2")), None)
        if lang is None:
            return _native().get(name.strip().casefold())
    code = getattr(lang, "alpha_2", None) or getattr(lang, "alpha_3", None)
    return str(code) if code else None


@cache
def _native() -> dict[str, str]:
    """Language names as their speakers write them (`Français`, `Español`, `العربية`)."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    out: dict[str, str] = {}
    for ident in locale_identifiers():
        if "_" in ident or len(ident) > 3:
            continue
        try:
            name = Locale.parse(ident).get_display_name(ident)
        except (ValueError, LookupError):
            continue
        if name:
            out.setdefault(name.casefold(), ident)
    return out

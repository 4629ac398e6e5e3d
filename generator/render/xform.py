"""The XForm, made by pyxform from the exact XLSForm bytes migmod writes."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from generator.issues import CodeId, Issue, Location, issue
from generator.render.xlsform import Sheets

_ROW = re.compile(r"\[row\s*:\s*(\d+)\]|\brow\s*(?:#|:)?\s*(\d+)", re.IGNORECASE)
_NAMED = re.compile(r"\[([A-Za-z_][A-Za-z0-9_]*)\]|'([A-Za-z_][A-Za-z0-9_]*)'")

Locator = Callable[[str], Location | None]


def xform_text(xlsx: bytes, sheets: Sheets, locate: Locator,
               form_name: str = "data") -> tuple[str | None, list[Issue]]:
    """Convert the workbook with pyxform; its errors and warnings name the bank question."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    warnings: list[str] = []
    try:
        result = convert(xlsform=io.BytesIO(xlsx), warnings=warnings, validate=False,
                         pretty_print=True, file_type=".xlsx", form_name=form_name)
    except PyXFormError as exc:
        return None, [_issue("OUT001", str(exc), sheets, locate)]
    except Exception as exc:  # pyxform raises plain errors on some malformed forms
        return None, [_issue("OUT001", f"{type(exc).__name__}: {exc}", sheets, locate)]
    found = [_issue("OUT002", w, sheets, locate) for w in warnings]
    return str(result.xform), found


def _issue(code: CodeId, message: str, sheets: Sheets, locate: Locator) -> Issue:
    text = " ".join(message.split())
    m = _ROW.search(text)
    if m:
        row = int(m.group(1) or m.group(2))
        name = sheets.origin.get(row)
        if name is not None:
            return issue(code, f"survey row {row} (question '{name}'): {text}", locate(name),
                         name)
    for m in _NAMED.finditer(text):  # no row number: a question or list named in the text
        name = m.group(1) or m.group(2)
        loc = locate(name)
        if loc is not None:
            return issue(code, text, loc, name)
    return issue(code, text, None)

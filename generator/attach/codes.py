"""How attach makes its issues: ATT codes (defined in generator/issues.py) at host cells."""

from __future__ import annotations

from generator.issues import CATALOGUE, CodeId, Issue, Location, issue


def att(code: CodeId, message: str, file: str, sheet: str = "", row: int = 0, col: int = 0,
        hint: str | None = None) -> Issue:
    """An attach issue at a cell of the host workbook; `path` reads like `survey!B12`."""
    if not code.startswith("ATT"):
        raise KeyError(f"issue code {code} is not an attach code")
    path = sheet
    if sheet and row:
        path = f"{sheet}!{_letters(col)}{row}" if col else f"{sheet} row {row}"
    return issue(code, message, Location(file, row, col), path, hint or CATALOGUE[code].hint)


def _letters(col: int) -> str:
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out

"""pyxform on the host form (is it sound before we touch it?) and on the result."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.attach.codes import att
from generator.issues import Issue

_ROW = re.compile(r"\[row\s*:\s*(\d+)\]|\brow\s*(?:#|:)?\s*(\d+)", re.IGNORECASE)
_SHEET = re.compile(r"'(survey|choices|settings)' sheet", re.IGNORECASE)


@dataclass(slots=True)
class Conversion:
    """What pyxform made of a workbook."""

    xform: str | None
    error: str = ""
    warnings: list[str] = field(default_factory=list)


def convert(data: bytes, suffix: str) -> Conversion:
    """Run pyxform on workbook bytes; errors are caught and returned as text."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert as px_convert

    warnings: list[str] = []
    try:
        result = px_convert(xlsform=io.BytesIO(data), warnings=warnings, validate=False,
                            pretty_print=True, file_type=suffix)
    except PyXFormError as exc:
        return Conversion(None, " ".join(str(exc).split()), warnings)
    except Exception as exc:  # pyxform raises plain errors on some malformed forms
        return Conversion(None, f"{type(exc).__name__}: {' '.join(str(exc).split())}",
                          warnings)
    return Conversion(str(result.xform), "", warnings)


def row_of(message: str) -> int:
    m = _ROW.search(message)
    return int(m.group(1) or m.group(2)) if m else 0


def sheet_of(message: str) -> str:
    m = _SHEET.search(message)
    return m.group(1).lower() if m else "survey"


def host_issues(conv: Conversion, file: str) -> list[Issue]:
    """pyxform's rejection of the host form, as the host's own problem."""
    if conv.xform is not None:
        return []
    row = row_of(conv.error)
    return [att("ATT010", f"pyxform rejects the host form before anything is attached: "
                          f"{conv.error}", file, sheet_of(conv.error), row)]


def result_issues(conv: Conversion, host_warnings: list[str], file: str,
                  describe: Callable[[int], str]) -> list[Issue]:
    """pyxform's rejection of the result, and the warnings the host did not already have.

    `describe(row)` says what is at an output survey row (a host row or a module question).
    """
    found: list[Issue] = []
    if conv.xform is None:
        row = row_of(conv.error)
        where = f" ({describe(row)})" if row else ""
        found.append(att("ATT013", f"pyxform rejects the form with the module attached"
                                   f"{where}: {conv.error}", file, sheet_of(conv.error), row))
    known = Counter(_plain(w) for w in host_warnings)
    for warning in conv.warnings:
        key = _plain(warning)
        if known[key] > 0:
            known[key] -= 1
            continue
        row = row_of(warning)
        where = f" ({describe(row)})" if row else ""
        found.append(att("ATT014", f"{' '.join(warning.split())}{where}", file,
                         sheet_of(warning), row))
    return found


def _plain(warning: str) -> str:
    """A warning without its row number, to compare warnings before and after inserting."""
    return _ROW.sub("", " ".join(warning.split())).strip()

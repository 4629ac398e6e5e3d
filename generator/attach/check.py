"""pyxform on the host form (is it sound before we touch it?) and on the result."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from generator.attach.codes import att
from generator.attach.read import HostBook
from generator.issues import Issue
from generator.render.codebook.model import Codebook

_ROW = re.compile(r"\[row\s*:\s*(\d+)\]|\brow\s*(?:#|:)?\s*(\d+)", re.IGNORECASE)
_SHEET = re.compile(r"'(survey|choices|settings)' sheet", re.IGNORECASE)


@dataclass(slots=True)
class Conversion:
    """What pyxform made of a workbook."""

    xform: str | None
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    codebook: Codebook | None = None
    """The attached form's codebook, made from this XForm."""
    xlsx: bytes | None = None
    """The workbook converted, as written."""


def convert(data: bytes | dict[str, Any], suffix: str, pretty: bool = True) -> Conversion:
    """Run pyxform on workbook bytes (or sheets as pyxform reads them); errors are caught
    and returned as text."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert as px_convert

    warnings: list[str] = []
    try:
        source = data if isinstance(data, dict) else io.BytesIO(data)
        with same_element_is_equal():
            result = px_convert(xlsform=source, warnings=warnings, validate=False,
                                pretty_print=pretty, file_type=suffix or None)
    except PyXFormError as exc:
        return Conversion(None, " ".join(str(exc).split()), warnings)
    except Exception as exc:  # pyxform raises plain errors on some malformed forms
        return Conversion(None, f"{type(exc).__name__}: {' '.join(str(exc).split())}",
                          warnings)
    return Conversion(str(result.xform), "", warnings)


@contextmanager
def same_element_is_equal() -> Iterator[None]:
    """While pyxform converts, an element compared with itself is equal at once.

    pyxform (4.5) decides which questions of a repeat belong to it with `repeat == ancestor`,
    and `SurveyElement.__eq__` serialises both sides to compare them: every question in a
    group inside a roster serialises the whole roster twice (half of the conversion time of
    an attached form). Identity implies that equality, so the XForm is the same; the
    original method is put back afterwards.
    """
    from pyxform.survey_element import SurveyElement

    original = SurveyElement.__eq__

    def equal(self: SurveyElement, other: object) -> bool:
        return self is other or bool(original(self, other))

    SurveyElement.__eq__ = equal
    try:
        yield
    finally:
        SurveyElement.__eq__ = original


class _Cell:
    """What pyxform's sheet reader asks of a cell: its value."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def convert_book(book: HostBook, stem: str | None = None) -> Conversion:
    """Run pyxform on the edited workbook in memory, read with pyxform's own sheet reader
    from the values the written file will hold (formulas as their last values), so the
    workbook is neither written nor parsed again to be checked. `stem` is the file name
    pyxform would take the form id from when the settings give none."""
    from pyxform import constants
    from pyxform.xls2json_backends import (
        _list_to_dict_list,
        get_excel_column_headers,
        get_excel_rows,
        is_empty,
        xlsx_value_to_str,
    )

    def clean(cell: _Cell, row_n: int, key: str) -> str | None:
        value = cell.value.strip() if isinstance(cell.value, str) else cell.value
        return None if is_empty(value) else str(xlsx_value_to_str(value))

    sheets = book.workbook.worksheets
    data: dict[str, Any] = {"sheet_names": [ws.title for ws in sheets],
                            "fallback_form_name": stem}
    for ws in sheets:
        name = ws.title.lower()
        if name not in constants.SUPPORTED_SHEET_NAMES:
            if len(sheets) != 1:
                continue
            name = constants.SURVEY
        values = book.values(ws)
        headers = get_excel_column_headers(first_row=iter(values[0] if values else []))
        rows = get_excel_rows(headers=headers, rows=([_Cell(v) for v in r[:len(headers)]]
                                                     for r in values[1:]), cell_func=clean)
        data[name] = rows
        data[f"{name}_header"] = _list_to_dict_list([h for h in headers if h is not None])
    return convert(data, "", pretty=False)


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


def result_issues(conv: Conversion, file: str, describe: Callable[[int], str],
                  ours: Callable[[str, int], bool], names: set[str]) -> list[Issue]:
    """pyxform's rejection of the result, and its warnings about what attach added.

    `describe(row)` says what is at an output survey row (a host row or a module question);
    `ours(sheet, row)` whether attach added that row. A warning at a host row is the host's
    own; a warning without a row counts when it names something attach added.
    """
    found: list[Issue] = []
    if conv.xform is None:
        row = row_of(conv.error)
        where = f" ({describe(row)})" if row else ""
        found.append(att("ATT013", f"pyxform rejects the form with the module attached"
                                   f"{where}: {conv.error}", file, sheet_of(conv.error), row))
    named = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, names))) + r")\b") \
        if names else None
    for warning in conv.warnings:
        row, sheet = row_of(warning), sheet_of(warning)
        if row and not ours(sheet, row):
            continue
        if not row and (named is None or not named.search(warning)):
            continue
        where = f" ({describe(row)})" if row and sheet == "survey" else ""
        found.append(att("ATT014", f"{' '.join(warning.split())}{where}", file, sheet, row))
    return found

"""Reserved codes by field width: don't know 8 / 98 / 998 …, refused 9 / 99 / 999 ….

A list's field is as wide as its widest ordinary code (96, "other", is ordinary: it makes a
two-digit field). A two-or-more-digit reserved code (98, 999 …) in a narrower field is
printed in boxes it does not fit and read back as a different code: a one-digit list says
don't know with 8 and refused with 9.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.bank.model import GeneratedList
from generator.checks.index import BankIndex
from generator.issues import Issue, issue

RESERVED = re.compile(r"9+8|99+")
"""Don't know (98, 998 …) and refused (99, 999 …) of two digits or more."""


def reserved_kind(code: str, width: int) -> str | None:
    """'dont_know' or 'refused' when `code` is that reserved code for a field of `width`."""
    if width and code == "9" * (width - 1) + "8":
        return "dont_know"
    if width and code == "9" * width:
        return "refused"
    return None


NATIONAL = range(101, 200)
"""Codes a survey project adds to a standard list (docs/overlays.md): they sit outside the
standard field, which keeps its own reserved codes."""


def field_width(codes: list[str]) -> int:
    """The width of a list's field: its widest ordinary (not reserved, not national)
    numeric code."""
    ordinary = [c for c in codes if c.isdigit() and not RESERVED.fullmatch(c)
                and int(c) not in NATIONAL]
    return max((len(c) for c in ordinary), default=0)


def check_codes(index: BankIndex) -> Iterator[Issue]:
    """REF019 for each reserved code wider than its list's field."""
    for name, items in index.bank.choices.items():
        if isinstance(items, GeneratedList):
            continue  # the generated codes decide the width; their reserved codes are set
        file, path = index.origins.lists[name]
        codes = [c.value for c in items]
        width = field_width(codes)
        if not width:
            continue
        for i, code in enumerate(codes):
            if RESERVED.fullmatch(code) and len(code) != width:
                kind = "don't know" if code.endswith("8") else "refused"
                right = "9" * (width - 1) + "8" if code.endswith("8") else "9" * width
                yield issue("REF019", f"code {code} ({kind}) in list '{name}', whose other "
                            f"codes are {width} digit{'s' if width > 1 else ''} wide: "
                            f"use {right}", index.origins.locate(file, (*path, i, "code")),
                            f"choices.{name}[{i}].code")

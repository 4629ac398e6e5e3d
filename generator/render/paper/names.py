"""Names in the reader's order: lists sorted with the language's collation, set in columns
that read down, then across, on each page.

ICU (PyICU) gives each language's own tailoring when it is installed; otherwise the Unicode
Collation Algorithm's default table (pyuca) sorts accents and scripts properly (Åland with
A, Égypte with E), which code-point order does not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, Protocol, TypeVar

COLUMNS = 3
ROWS = 62
"""Names per column on a page of the appendix."""


class Named(Protocol):
    @property
    def label(self) -> str: ...


T = TypeVar("T", bound=Named)


@cache
def sort_key(lang: str) -> Callable[[str], Any]:
    """A key that sorts text as readers of `lang` expect."""
    try:
        import icu  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        icu = None
    if icu is not None:
        collator = icu.Collator.createInstance(icu.Locale(lang.replace("-", "_")))
        return collator.getSortKey  # type: ignore[no-any-return]
    import pyuca  # type: ignore[import-untyped, unused-ignore]

    return pyuca.Collator().sort_key  # type: ignore[no-any-return]


def collated(items: Sequence[T], lang: str) -> list[T]:
    """`items` sorted by label in the language's collation."""
    key = sort_key(lang)
    return sorted(items, key=lambda item: key(item.label))


def appendix(items: Sequence[T], lang: str, rows: int = ROWS,
             columns: int = COLUMNS) -> list[list[list[T]]]:
    """Pages of columns: the sorted names fill a column, then the next, then the next page;
    at most `rows` a column, the pages evenly filled."""
    ordered = collated(items, lang)
    if not ordered:
        return []
    count = -(-len(ordered) // (rows * columns))
    height = -(-len(ordered) // (count * columns))  # pages evenly full, none near-empty
    per_page = height * columns
    pages = []
    for start in range(0, len(ordered), per_page):
        chunk = ordered[start:start + per_page]
        tall = -(-len(chunk) // columns)
        pages.append([chunk[c * tall:(c + 1) * tall] for c in range(columns)])
    return pages

"""Positions of every key and value of a YAML file, addressed by their data path."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.issues import Location

PathPart = str | int
DataPath = tuple[PathPart, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node sits: 1-based line and column, and where it ends."""

    line: int
    col: int
    end_line: int
    end_col: int
    style: str | None = None
    """YAML scalar style: None (plain), "'" or '"' (quoted), '|' or '>' (block)."""


@dataclass(slots=True)
class SourceMap:
    file: str
    values: dict[DataPath, Span] = field(default_factory=dict)
    keys: dict[DataPath, Span] = field(default_factory=dict)

    def locate(self, path: DataPath, *, key: bool = False) -> Location:
        """The location of `path`, or of its nearest known parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            span = table.get(probe) or self.values.get(probe)
            if span is not None:
                length = span.end_col - span.col if span.end_line == span.line else 1
                return Location(self.file, span.line, span.col, max(1, length))
            probe = probe[:-1]
        return Location(self.file, 1, 1)

    def locate_in_scalar(self, path: DataPath, offset: int, length: int) -> Location:
        """The location of characters [offset, offset+length) inside a one-line scalar."""
        span = self.values.get(tuple(path))
        if span is None:
            return self.locate(path)
        if span.line != span.end_line or span.style in ("|", ">"):
            return Location(self.file, span.line, span.col, 1)
        shift = 1 if span.style in ("'", '"') else 0
        return Location(self.file, span.line, span.col + shift + offset, max(1, length))


def render_path(path: DataPath, names: dict[DataPath, str] | None = None) -> str:
    """`('questions', 3, 'relevant')` → `questions[born_here].relevant` (names when known)."""
    out = ""
    for i, part in enumerate(path):
        if isinstance(part, int):
            label = (names or {}).get(tuple(path[: i + 1]), str(part))
            out += f"[{label}]"
        else:
            out += ("." if out else "") + part
    return out

"""Errors raised for malformed expressions."""

from __future__ import annotations


class ExprSyntaxError(Exception):
    """A malformed expression, located by character offset in its source."""

    def __init__(self, message: str, offset: int, length: int = 1, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.length = max(1, length)
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.message} (at offset {self.offset})"
        return f"{text}; {self.hint}" if self.hint else text

    def __reduce__(self) -> tuple[type[ExprSyntaxError], tuple[str, int, int, str | None]]:
        return (type(self), (self.message, self.offset, self.length, self.hint))

    def caret(self, source: str) -> str:
        """The source with a marker line under the offending characters."""
        flat = "".join(" " if char.isspace() else char for char in source)
        return f"{flat}\n{' ' * self.offset}{'^' * self.length}"

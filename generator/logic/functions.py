"""The table of supported XLSForm functions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias

ResultType: TypeAlias = Literal["bool", "number", "string", "any", "date"]
ArgKind: TypeAlias = Literal["any", "bool", "number", "string", "date", "select", "nodeset", "node"]


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    """Signature of one function.

    ``args`` gives the expected kind per position; the last entry repeats for
    further arguments of variadic functions.
    """

    name: str
    min_args: int
    max_args: int | None
    result: ResultType
    args: tuple[ArgKind, ...] = ()
    odd_args: bool = False

    def accepts(self, count: int) -> bool:
        """Whether ``count`` arguments are allowed."""
        if count < self.min_args or (self.max_args is not None and count > self.max_args):
            return False
        return not self.odd_args or count % 2 == 1

    def arg_kind(self, index: int) -> ArgKind:
        """Expected kind of argument ``index``."""
        if not self.args:
            return "any"
        return self.args[min(index, len(self.args) - 1)]

    def arity(self) -> str:
        """Human description of the allowed argument count."""
        low, high = self.min_args, self.max_args
        if high is None:
            text = f"at least {low} argument{'s' if low != 1 else ''}"
            return text + (" (an odd number)" if self.odd_args else "")
        if low == high:
            return f"{low} argument{'s' if low != 1 else ''}"
        if high == low + 1:
            return f"{low} or {high} arguments"
        return f"{low} to {high} arguments"


def _f(
    name: str,
    low: int,
    high: int | None,
    result: ResultType,
    *args: ArgKind,
    odd: bool = False,
) -> FunctionSpec:
    return FunctionSpec(name, low, high, result, args, odd)


_SPECS = (
    # select questions
    _f("selected", 2, 2, "bool", "select", "string"),
    _f("count-selected", 1, 1, "number", "select"),
    _f("selected-at", 2, 2, "string", "select", "number"),
    _f("jr:choice-name", 2, 2, "string", "string", "string"),
    # logic
    _f("not", 1, 1, "bool", "bool"),
    _f("if", 3, 3, "any", "bool", "any", "any"),
    _f("true", 0, 0, "bool"),
    _f("false", 0, 0, "bool"),
    _f("boolean", 1, 1, "bool", "any"),
    _f("boolean-from-string", 1, 1, "bool", "string"),
    _f("coalesce", 2, 2, "any", "any", "any"),
    _f("once", 1, 1, "any", "any"),
    # conversion and numbers
    _f("number", 1, 1, "number", "any"),
    _f("string", 1, 1, "string", "any"),
    _f("int", 1, 1, "number", "number"),
    _f("round", 1, 2, "number", "number", "number"),
    _f("floor", 1, 1, "number", "number"),
    _f("ceiling", 1, 1, "number", "number"),
    _f("abs", 1, 1, "number", "number"),
    _f("pow", 2, 2, "number", "number", "number"),
    _f("sqrt", 1, 1, "number", "number"),
    _f("exp", 1, 1, "number", "number"),
    _f("log", 1, 1, "number", "number"),
    _f("log10", 1, 1, "number", "number"),
    _f("random", 0, 0, "number"),
    _f("uuid", 0, 1, "string", "number"),
    # dates
    _f("today", 0, 0, "date"),
    _f("now", 0, 0, "date"),
    _f("date", 1, 1, "date", "any"),
    _f("date-time", 1, 1, "date", "any"),
    _f("decimal-date-time", 1, 1, "number", "date"),
    _f("format-date", 2, 2, "string", "date", "string"),
    _f("format-date-time", 2, 2, "string", "date", "string"),
    # strings
    _f("string-length", 0, 1, "number", "string"),
    _f("concat", 1, None, "string", "string"),
    _f("join", 2, None, "string", "string", "nodeset"),
    _f("contains", 2, 2, "bool", "string", "string"),
    _f("starts-with", 2, 2, "bool", "string", "string"),
    _f("ends-with", 2, 2, "bool", "string", "string"),
    _f("substr", 2, 3, "string", "string", "number", "number"),
    _f("substring-before", 2, 2, "string", "string", "string"),
    _f("substring-after", 2, 2, "string", "string", "string"),
    _f("translate", 3, 3, "string", "string", "string", "string"),
    _f("normalize-space", 0, 1, "string", "string"),
    _f("regex", 2, 2, "bool", "string", "string"),
    # node sets and repeats
    _f("count", 1, 1, "number", "nodeset"),
    _f("sum", 1, 1, "number", "nodeset"),
    _f("max", 1, None, "number", "nodeset"),
    _f("min", 1, None, "number", "nodeset"),
    _f("position", 0, 1, "number", "node"),
    _f("indexed-repeat", 3, None, "any", "any", "nodeset", "number", odd=True),
)

FUNCTIONS: Mapping[str, FunctionSpec] = {spec.name: spec for spec in _SPECS}
"""Every supported function, by name."""


def lookup(name: str) -> FunctionSpec | None:
    """The spec of function ``name``, or None if unsupported."""
    return FUNCTIONS.get(name)


def suggest(name: str) -> str | None:
    """The supported function name closest to ``name``, if any is close."""
    import difflib

    matches = difflib.get_close_matches(name, list(FUNCTIONS), n=1, cutoff=0.6)
    return matches[0] if matches else None

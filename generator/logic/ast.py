"""Syntax tree for XLSForm expressions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

Span: TypeAlias = tuple[int, int]
"""Start and end character offsets of a node in its source string."""

BinaryOp: TypeAlias = Literal[
    "or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "div", "mod"
]
UnaryOp: TypeAlias = Literal["-"]

PRECEDENCE: Mapping[BinaryOp, int] = {
    "or": 1,
    "and": 2,
    "=": 3,
    "!=": 3,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "div": 6,
    "mod": 6,
}
"""Binding strength of binary operators (XPath 1.0); all are left-associative."""

UNARY_PRECEDENCE = 7
ATOM_PRECEDENCE = 8


@dataclass(frozen=True, slots=True)
class Ref:
    """A question reference, ``${name}``."""

    name: str
    span: Span = field(default=(0, 0), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Current:
    """The current question's value, ``.``."""

    span: Span = field(default=(0, 0), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Parent:
    """The parent node, ``..``; only valid as a function argument."""

    span: Span = field(default=(0, 0), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Str:
    """A string literal (value without quotes)."""

    value: str
    span: Span = field(default=(0, 0), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Num:
    """A number literal, kept as written."""

    text: str
    span: Span = field(default=(0, 0), compare=False, repr=False)

    @property
    def value(self) -> int | float:
        """The literal's numeric value."""
        return int(self.text) if self.text.isdigit() else float(self.text)


@dataclass(frozen=True, slots=True)
class Unary:
    """Unary minus."""

    op: UnaryOp
    operand: Expr
    span: Span = field(default=(0, 0), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Binary:
    """A binary operation."""

    op: BinaryOp
    left: Expr
    right: Expr
    span: Span = field(default=(0, 0), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Call:
    """A function call."""

    name: str
    args: tuple[Expr, ...] = ()
    span: Span = field(default=(0, 0), compare=False, repr=False)


Expr: TypeAlias = Ref | Current | Parent | Str | Num | Unary | Binary | Call


def children(expr: Expr) -> tuple[Expr, ...]:
    """Direct sub-expressions of ``expr`` in source order."""
    if isinstance(expr, Binary):
        return (expr.left, expr.right)
    if isinstance(expr, Unary):
        return (expr.operand,)
    if isinstance(expr, Call):
        return expr.args
    return ()


def walk(expr: Expr) -> Iterator[Expr]:
    """Yield every node of ``expr`` in pre-order (which is source order)."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children(node)))


def refs(expr: Expr) -> list[Ref]:
    """All question references in ``expr``, in source order."""
    return [node for node in walk(expr) if isinstance(node, Ref)]


def precedence(expr: Expr) -> int:
    """Binding strength of the node's outermost operator."""
    if isinstance(expr, Binary):
        return PRECEDENCE[expr.op]
    if isinstance(expr, Unary):
        return UNARY_PRECEDENCE
    return ATOM_PRECEDENCE

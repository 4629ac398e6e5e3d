"""Canonical XLSForm text for expression trees."""

from __future__ import annotations

from collections.abc import Mapping

from .ast import (
    PRECEDENCE,
    UNARY_PRECEDENCE,
    Binary,
    Call,
    Current,
    Expr,
    Num,
    Parent,
    Ref,
    Str,
    Unary,
    precedence,
)


def to_source(expr: Expr, rename: Mapping[str, str] | None = None) -> str:
    """Render ``expr`` as canonical XLSForm text.

    ``rename`` maps question names to the names to print instead.
    """
    return _Printer(rename or {}).render(expr)


def quote(value: str) -> str:
    """An XPath string literal for ``value``.

    XPath 1.0 has no escapes, so a value holding both quote characters is
    built with concat().
    """
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    parts = [quote(part) for part in value.split("'")]
    return "concat(" + ', "\'", '.join(parts) + ")"


class _Printer:
    __slots__ = ("rename",)

    def __init__(self, rename: Mapping[str, str]) -> None:
        self.rename = rename

    def render(self, expr: Expr) -> str:
        if isinstance(expr, Ref):
            return "${" + self.rename.get(expr.name, expr.name) + "}"
        if isinstance(expr, Binary):
            prec = PRECEDENCE[expr.op]
            left = self.wrap(expr.left, prec)
            right = self.wrap(expr.right, prec + 1)
            return f"{left} {expr.op} {right}"
        if isinstance(expr, Call):
            return f"{expr.name}({', '.join(self.render(arg) for arg in expr.args)})"
        if isinstance(expr, Str):
            return quote(expr.value)
        if isinstance(expr, Num):
            return expr.text
        if isinstance(expr, Unary):
            return expr.op + self.wrap(expr.operand, UNARY_PRECEDENCE + 1)
        if isinstance(expr, Current):
            return "."
        assert isinstance(expr, Parent)
        return ".."

    def wrap(self, expr: Expr, min_prec: int) -> str:
        text = self.render(expr)
        return f"({text})" if precedence(expr) < min_prec else text

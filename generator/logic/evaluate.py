"""Evaluation of expressions with XPath 1.0 semantics and unknown values."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from .ast import Binary, Call, Current, Expr, Num, Parent, Ref, Str, Unary
from .compute import IMPLEMENTATIONS
from .values import UNKNOWN, Known, Unknown, Value, to_number, to_string, truth

__all__ = ["UNKNOWN", "Unknown", "Value", "all_hold", "evaluate", "truth"]


def evaluate(
    expr: Expr,
    env: Mapping[str, Value | int],
    current: Value | int = "",
    today: dt.date | None = None,
) -> Value:
    """Evaluate ``expr`` against question values in ``env``.

    Unanswered questions are ``''``; names missing from ``env`` and ``UNKNOWN``
    values are not known yet, and the result is ``UNKNOWN`` where it depends on
    them. ``current`` is the value of ``.``.
    """
    return _Evaluator(env, _known(current), today).eval(expr)


def all_hold(conditions: list[Expr], env: Mapping[str, Value | int]) -> bool | Unknown:
    """Kleene conjunction of conditions (`.` unknown): True, False or UNKNOWN."""
    result: bool | Unknown = True
    for cond in conditions:
        value = truth(evaluate(cond, env, current=UNKNOWN))
        if value is False:
            return False
        if value is UNKNOWN:
            result = UNKNOWN
    return result


def _known(value: Value | int) -> Value:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _equals(left: Known, right: Known) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return truth(left) == truth(right)
    if isinstance(left, float) or isinstance(right, float):
        return to_number(left) == to_number(right)
    return left == right


def _compare(op: str, left: float, right: float) -> bool:
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    return left >= right


def _arithmetic(op: str, left: float, right: float) -> float:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "div":
        if right == 0:
            if left == 0 or math.isnan(left):
                return math.nan
            return math.copysign(math.inf, left) * math.copysign(1.0, right)
        return left / right
    if right == 0 or math.isinf(left) or math.isnan(left) or math.isnan(right):
        return math.nan
    return math.fmod(left, right)


class _Evaluator:
    __slots__ = ("current", "env", "today")

    def __init__(self, env: Mapping[str, Value | int], current: Value, today: dt.date | None):
        self.env = env
        self.current = current
        self.today = today

    def eval(self, expr: Expr) -> Value:
        if isinstance(expr, Ref):
            return _known(self.env.get(expr.name, UNKNOWN))
        if isinstance(expr, Str):
            return expr.value
        if isinstance(expr, Num):
            return float(expr.text)
        if isinstance(expr, Binary):
            return self.binary(expr)
        if isinstance(expr, Call):
            return self.call(expr)
        if isinstance(expr, Unary):
            operand = self.eval(expr.operand)
            return UNKNOWN if operand is UNKNOWN else -to_number(operand)
        if isinstance(expr, Current):
            return self.current
        assert isinstance(expr, Parent)
        return UNKNOWN

    def binary(self, expr: Binary) -> Value:
        op = expr.op
        if op in ("and", "or"):
            return self.logical(op == "and", expr.left, expr.right)
        left = self.eval(expr.left)
        right = self.eval(expr.right)
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        if op == "=":
            return _equals(left, right)
        if op == "!=":
            return not _equals(left, right)
        if op in ("<", "<=", ">", ">="):
            return _compare(op, to_number(left), to_number(right))
        return _arithmetic(op, to_number(left), to_number(right))

    def logical(self, is_and: bool, left_expr: Expr, right_expr: Expr) -> Value:
        left = truth(self.eval(left_expr))
        if left is not UNKNOWN and left is not is_and:
            return left
        right = truth(self.eval(right_expr))
        if right is not UNKNOWN and right is not is_and:
            return right
        return UNKNOWN if UNKNOWN in (left, right) else is_and

    def call(self, expr: Call) -> Value:
        name, args = expr.name, expr.args
        if name == "if":
            cond = truth(self.eval(args[0]))
            if cond is UNKNOWN:
                return UNKNOWN
            return self.eval(args[1] if cond else args[2])
        if name == "coalesce":
            first = self.eval(args[0])
            if first is UNKNOWN or to_string(first) != "":
                return first
            return self.eval(args[1])
        if name == "position":
            position = _known(self.env.get("__position__", UNKNOWN))
            return UNKNOWN if position is UNKNOWN else to_number(position)
        impl = IMPLEMENTATIONS.get(name)
        if impl is None:
            return UNKNOWN
        values: list[Known] = []
        for arg in args:
            value = self.eval(arg)
            if value is UNKNOWN:
                return UNKNOWN
            values.append(value)
        return impl(self, values)

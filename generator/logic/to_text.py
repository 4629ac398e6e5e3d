"""Plain-language rendering of expressions for printed questionnaires."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from .ast import PRECEDENCE, Binary, Call, Current, Expr, Num, Parent, Ref, Str, Unary, precedence
from .phrases import AR, ES, FR
from .printer import to_source


class TextContext(Protocol):
    """What the renderer needs to know about questions."""

    def label(self, name: str) -> str:
        """Short label of question ``name``, e.g. ``AGE``."""
        ...

    def number(self, name: str) -> str | None:
        """Question number such as ``P03``, if any."""
        ...

    def choice_label(self, name: str, code: str) -> str | None:
        """Label of choice ``code`` of select question ``name``, if known."""
        ...


PHRASES: dict[str, Mapping[str, str]] = {
    "en": {
        "ref": "{label} ({number})",
        "ref_plain": "{label}",
        "current": "the answer",
        "parent": "the enclosing group",
        "today": "today",
        "now": "now",
        "true": "true",
        "false": "false",
        "text": "'{value}'",
        "choice": "'{label}'",
        "=": "{left} is {right}",
        "!=": "{left} is not {right}",
        "<": "{left} is less than {right}",
        "<=": "{left} is at most {right}",
        ">": "{left} is more than {right}",
        ">=": "{left} is {right} or more",
        "answered": "{subject} is answered",
        "not_answered": "{subject} is not answered",
        "and": " and ",
        "or": " or ",
        "+": "{left} plus {right}",
        "-": "{left} minus {right}",
        "*": "{left} times {right}",
        "div": "{left} divided by {right}",
        "mod": "{left} modulo {right}",
        "negative": "-{operand}",
        "group": "({text})",
        "not": "not ({operand})",
        "selected": "{subject} includes {value}",
        "count-selected": "the number of choices selected in {subject}",
        "string-length": "the length of {subject}",
    }
}
"""Phrase templates per language."""

PHRASES.update({"fr": FR, "es": ES, "ar": AR})

_FLIPPED = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_OPERAND = PRECEDENCE["+"]  # comparison operands below this get parentheses


def to_text(expr: Expr, ctx: TextContext, *, current: str | None = None, lang: str = "en") -> str:
    """Describe ``expr`` in plain language.

    ``current`` names the question that ``.`` refers to, for choice labels.
    """
    return _Renderer(ctx, PHRASES.get(lang, PHRASES["en"]), current).render(expr)


def _is_number(text: str) -> bool:
    body = text[1:] if text.startswith("-") else text
    return body.replace(".", "", 1).isdigit()


class _Renderer:
    __slots__ = ("ctx", "current", "phrases")

    def __init__(self, ctx: TextContext, phrases: Mapping[str, str], current: str | None):
        self.ctx = ctx
        self.phrases = phrases
        self.current = current

    def say(self, key: str, **parts: str) -> str:
        return self.phrases[key].format(**parts)

    def render(self, expr: Expr) -> str:
        if isinstance(expr, Ref):
            number = self.ctx.number(expr.name)
            label = self.ctx.label(expr.name)
            return self.say("ref", label=label, number=number) if number else label
        if isinstance(expr, Binary):
            return self.binary(expr)
        if isinstance(expr, Call):
            return self.call(expr)
        if isinstance(expr, Str):
            return expr.value if _is_number(expr.value) else self.say("text", value=expr.value)
        if isinstance(expr, Num):
            return expr.text
        if isinstance(expr, Unary):
            return self.say("negative", operand=self.wrap(expr.operand, precedence(expr) + 1))
        if isinstance(expr, Current):
            return self.say("current")
        assert isinstance(expr, Parent)
        return self.say("parent")

    def wrap(self, expr: Expr, min_prec: int) -> str:
        text = self.render(expr)
        return self.say("group", text=text) if precedence(expr) < min_prec else text

    def binary(self, expr: Binary) -> str:
        op = expr.op
        if op in ("and", "or"):
            parts = []
            for part in _flatten(expr, op):
                mixed = isinstance(part, Binary) and part.op in ("and", "or")
                text = self.render(part)
                parts.append(self.say("group", text=text) if mixed else text)
            return self.phrases[op].join(parts)
        if op in _FLIPPED:
            return self.comparison(op, expr.left, expr.right)
        prec = PRECEDENCE[op]
        left = self.wrap(expr.left, prec)
        return self.say(op, left=left, right=self.wrap(expr.right, prec + 1))

    def comparison(self, op: str, left: Expr, right: Expr) -> str:
        if isinstance(left, Str | Num) and not isinstance(right, Str | Num):
            op, left, right = _FLIPPED[op], right, left
        if isinstance(right, Str) and right.value == "" and op in ("=", "!="):
            subject = self.wrap(left, _OPERAND)
            return self.say("answered" if op == "!=" else "not_answered", subject=subject)
        subject = self.wrap(left, _OPERAND)
        return self.say(op, left=subject, right=self.value(left, right))

    def value(self, subject: Expr, value: Expr) -> str:
        """Render ``value``, using a choice label if ``subject`` is a select question."""
        name = subject.name if isinstance(subject, Ref) else None
        if isinstance(subject, Current):
            name = self.current
        if name is not None and isinstance(value, Str | Num):
            code = value.value if isinstance(value, Str) else value.text
            label = self.ctx.choice_label(name, code)
            if label is not None:
                return self.say("choice", label=label)
        return self.wrap(value, _OPERAND)

    def call(self, expr: Call) -> str:
        name, args = expr.name, expr.args
        if name in ("today", "now", "true", "false"):
            return self.say(name)
        if name == "not":
            return self.say("not", operand=self.render(args[0]))
        if name == "selected":
            subject = self.render(args[0])
            return self.say("selected", subject=subject, value=self.value(args[0], args[1]))
        if name in ("count-selected", "string-length") and len(args) == 1:
            return self.say(name, subject=self.render(args[0]))
        return to_source(expr)


def _flatten(expr: Expr, op: str) -> list[Expr]:
    if isinstance(expr, Binary) and expr.op == op:
        return _flatten(expr.left, op) + _flatten(expr.right, op)
    return [expr]

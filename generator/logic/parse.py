"""Parser for XLSForm expressions (the ODK XPath subset with ``${name}`` references)."""

from __future__ import annotations

from dataclasses import replace
from typing import NoReturn

from .ast import PRECEDENCE, Binary, BinaryOp, Call, Current, Expr, Num, Parent, Ref, Str, Unary
from .errors import ExprSyntaxError
from .functions import FUNCTIONS, suggest
from .lexer import KEYWORDS, Token, tokenize

__all__ = ["ExprSyntaxError", "parse"]

_BINARY_OPS: dict[str, BinaryOp] = {op: op for op in PRECEDENCE}
_SYMBOL_OPS = frozenset(op for op in PRECEDENCE if op not in KEYWORDS)


def parse(source: str) -> Expr:
    """Parse an XLSForm expression into a syntax tree.

    Raises ExprSyntaxError for anything malformed or unsupported.
    """
    if not source.strip():
        raise ExprSyntaxError("empty expression", 0, len(source))
    parser = _Parser(source, tokenize(source))
    try:
        expr = parser.binary(1)
    except RecursionError:
        raise ExprSyntaxError("expression is nested too deeply", 0, len(source)) from None
    parser.finish()
    return expr


def _describe(tok: Token) -> str:
    return "the end of the expression" if tok.kind == "eof" else f"'{tok.text}'"


class _Parser:
    __slots__ = ("pos", "source", "tokens")

    def __init__(self, source: str, tokens: list[Token]) -> None:
        self.source = source
        self.tokens = tokens
        self.pos = 0

    def fail(self, message: str, tok: Token, hint: str | None = None) -> NoReturn:
        raise ExprSyntaxError(message, tok.start, tok.end - tok.start, hint)

    def take(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def operator(self) -> BinaryOp | None:
        """The binary operator at the current position, if there is one."""
        tok = self.tokens[self.pos]
        if tok.kind in _SYMBOL_OPS or (tok.kind == "name" and tok.text in KEYWORDS):
            return _BINARY_OPS[tok.text]
        return None

    def binary(self, min_prec: int) -> Expr:
        left = self.unary()
        while True:
            op = self.operator()
            if op is None or PRECEDENCE[op] < min_prec:
                return left
            self.pos += 1
            right = self.binary(PRECEDENCE[op] + 1)
            left = Binary(op, left, right, span=(left.span[0], right.span[1]))

    def unary(self) -> Expr:
        tok = self.tokens[self.pos]
        if tok.kind == "-":
            self.pos += 1
            operand = self.unary()
            return Unary("-", operand, span=(tok.start, operand.span[1]))
        return self.primary()

    def primary(self) -> Expr:
        tok = self.take()
        kind = tok.kind
        span = (tok.start, tok.end)
        if kind == "ref":
            return Ref(tok.text[2:-1], span=span)
        if kind == "str":
            return Str(tok.text[1:-1], span=span)
        if kind == "num":
            return Num(tok.text, span=span)
        if kind == ".":
            return Current(span=span)
        if kind == "(":
            return self.group(tok)
        if kind == "name" and self.tokens[self.pos].kind == "(":
            return self.call(tok)
        self.pos -= 1
        return self.bad_operand(tok)

    def bad_operand(self, tok: Token) -> NoReturn:
        if tok.kind == "eof":
            prev = self.tokens[self.pos - 1] if self.pos else tok
            if prev.kind == "(":
                self.fail("unbalanced parentheses: '(' is never closed", prev)
            self.fail(f"expected a value after '{prev.text}'", tok)
        if tok.kind == "..":
            self.fail(
                "'..' is only allowed as a function argument, e.g. position(..)",
                tok,
                "refer to questions as ${name}",
            )
        if tok.kind == "name":
            name = tok.text
            if name in KEYWORDS:
                self.fail(f"expected a value before '{name}'", tok)
            if name in FUNCTIONS:
                self.fail(f"'{name}' is a function; write {name}(...)", tok)
            self.fail(
                f"'{name}' is not a question reference",
                tok,
                f"refer to questions as ${{{name}}}",
            )
        if tok.kind == ")":
            self.fail("expected a value but found ')'", tok)
        self.fail(f"expected a value but found {_describe(tok)}", tok)

    def group(self, lparen: Token) -> Expr:
        inner = self.binary(1)
        tok = self.take()
        if tok.kind != ")":
            if tok.kind == "eof":
                self.fail("unbalanced parentheses: '(' is never closed", lparen)
            self.fail(f"expected ')' or an operator but found {_describe(tok)}", tok)
        return replace(inner, span=(lparen.start, tok.end))

    def argument(self) -> Expr:
        tok = self.tokens[self.pos]
        if tok.kind == ".." and self.tokens[self.pos + 1].kind in (",", ")"):
            self.pos += 1
            return Parent(span=(tok.start, tok.end))
        return self.binary(1)

    def call(self, name_tok: Token) -> Expr:
        name = name_tok.text
        spec = FUNCTIONS.get(name)
        if spec is None:
            close = suggest(name)
            self.fail(
                f"unknown function '{name}'",
                name_tok,
                f"did you mean '{close}'?" if close else None,
            )
        lparen = self.take()
        args: list[Expr] = []
        tok = self.tokens[self.pos]
        while tok.kind != ")":
            if tok.kind == "eof":
                self.fail(f"unbalanced parentheses: '(' of {name}() is never closed", lparen)
            args.append(self.argument())
            tok = self.tokens[self.pos]
            if tok.kind == ",":
                self.pos += 1
                tok = self.tokens[self.pos]
                if tok.kind == ")":
                    self.fail(f"expected another argument of {name}() after ','", tok)
            elif tok.kind not in (")", "eof"):
                self.fail(
                    f"expected ',' or ')' in call to {name}() but found {_describe(tok)}", tok
                )
        rparen = self.take()
        if not spec.accepts(len(args)):
            raise ExprSyntaxError(
                f"{name}() takes {spec.arity()}, got {len(args)}",
                name_tok.start,
                rparen.end - name_tok.start,
            )
        return Call(name, tuple(args), span=(name_tok.start, rparen.end))

    def finish(self) -> None:
        tok = self.tokens[self.pos]
        if tok.kind == "eof":
            return
        if tok.kind == ")":
            self.fail("unbalanced parentheses: unexpected ')'", tok)
        hint = "is an operator such as 'and' or '=' missing?"
        if tok.kind == "name" and tok.text.lower() in KEYWORDS:
            hint = f"operators are lowercase: write '{tok.text.lower()}'"
        self.fail(f"unexpected {_describe(tok)} after a complete expression", tok, hint)

"""Tokenizer for XLSForm expressions."""

from __future__ import annotations

import re
from typing import NamedTuple

from .errors import ExprSyntaxError

_TOKEN_RE = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<num>\d+(?:\.\d*)?|\.\d+)
    | (?P<str>'[^']*'|"[^"]*")
    | (?P<ref>\$\{[^}]*\})
    | (?P<name>[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)
    | (?P<op>\.\.|<=|>=|!=|==|&&|\|\||[.=<>+\-*(),/\[\]@!|])
    | (?P<err>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")

KEYWORDS = frozenset({"and", "or", "div", "mod"})
"""Names that act as operators when they follow an operand."""

_OPERAND_END = frozenset({"num", "str", "ref", ")", ".", ".."})
_PATH_STOP = frozenset(" \t\r\n()=<>!,+|'\"")
_PATHS = "XPath paths are not supported; refer to questions as ${name}"
_USE_REFS = "refer to questions as ${name}"
_WRONG_OPS = {
    "==": ("use '=' to compare values", "XPath compares with a single '='"),
    "&&": ("use 'and' to combine conditions", None),
    "||": ("use 'or' to combine conditions", None),
    "!": ("'!' is not an operator; use '!=' or not(...)", None),
    "|": ("node-set union '|' is not supported", "use 'or' to combine conditions"),
    "@": ("attributes (@name) are not supported", _USE_REFS),
    "[": ("predicates [...] are not supported", _USE_REFS),
    "]": ("predicates [...] are not supported", _USE_REFS),
}


class Token(NamedTuple):
    """A lexical token; ``kind`` is the operator text for punctuation."""

    kind: str
    text: str
    start: int
    end: int


def tokenize(source: str) -> list[Token]:
    """Split ``source`` into tokens, ending with an ``eof`` token."""
    tokens: list[Token] = []
    append = tokens.append
    pos, size = 0, len(source)
    match = _TOKEN_RE.match
    while pos < size:
        m = match(source, pos)
        assert m is not None  # the pattern matches any character
        kind = m.lastgroup or "err"
        text = m.group()
        end = m.end()
        if kind == "op":
            if text == "/":
                _path_error(source, tokens, pos)
            if text in _WRONG_OPS:
                message, hint = _WRONG_OPS[text]
                raise ExprSyntaxError(message, pos, len(text), hint)
            kind = text
        elif kind == "ref":
            _check_ref(text, pos)
        elif kind == "err":
            _char_error(source, pos)
        if kind != "ws":
            append(Token(kind, text, pos, end))
        pos = end
    append(Token("eof", "", size, size))
    return tokens


def _check_ref(text: str, pos: int) -> None:
    name = text[2:-1]
    if not name:
        raise ExprSyntaxError(
            "empty question reference '${}'", pos, len(text), "write a question name inside ${...}"
        )
    if not _NAME_RE.fullmatch(name):
        hint: str | None = None
        stripped = name.strip()
        if stripped != name and _NAME_RE.fullmatch(stripped):
            hint = f"remove the spaces: ${{{stripped}}}"
        raise ExprSyntaxError(f"invalid question name '{name}' in reference", pos, len(text), hint)


def _char_error(source: str, pos: int) -> None:
    char = source[pos]
    if char in "'\"":
        raise ExprSyntaxError(
            "unterminated string", pos, len(source) - pos, f"close the string with {char}"
        )
    if char == "$":
        if source.startswith("${", pos):
            raise ExprSyntaxError(
                "unterminated question reference: missing '}'", pos, len(source) - pos
            )
        m = _NAME_RE.match(source, pos + 1)
        if m:
            name = m.group()
            raise ExprSyntaxError(
                f"variables like ${name} are not supported",
                pos,
                m.end() - pos,
                f"refer to questions as ${{{name}}}",
            )
    raise ExprSyntaxError(f"unexpected character {char!r}", pos, 1)


def _path_error(source: str, tokens: list[Token], pos: int) -> None:
    prev = tokens[-1] if tokens else None
    if prev is not None and prev.end == pos and prev.kind in ("name", ".", ".."):
        start = prev.start
    elif prev is not None and prev.kind in _OPERAND_END:
        raise ExprSyntaxError(
            "'/' is not an operator; use 'div' for division", pos, 1, "e.g. ${a} div 2"
        )
    else:
        start = pos
    end = pos
    while end < len(source) and source[end] not in _PATH_STOP:
        end += 1
    path = source[start:end]
    last = path.rstrip("/").rsplit("/", 1)[-1]
    hint = f"write ${{{last}}}" if _NAME_RE.fullmatch(last) else None
    raise ExprSyntaxError(_PATHS, start, end - start, hint)

"""The XLSForm expression language: parsing, printing, describing, evaluating."""

from .ast import (
    Binary,
    BinaryOp,
    Call,
    Current,
    Expr,
    Num,
    Parent,
    Ref,
    Span,
    Str,
    Unary,
    children,
    refs,
    walk,
)
from .errors import ExprSyntaxError
from .evaluate import all_hold, evaluate
from .functions import FUNCTIONS, FunctionSpec, lookup
from .parse import parse
from .printer import to_source
from .to_text import PHRASES, TextContext, to_text
from .values import UNKNOWN, Unknown, Value, to_number, to_string, truth

__all__ = [
    "FUNCTIONS",
    "PHRASES",
    "UNKNOWN",
    "Binary",
    "BinaryOp",
    "Call",
    "Current",
    "Expr",
    "ExprSyntaxError",
    "FunctionSpec",
    "Num",
    "Parent",
    "Ref",
    "Span",
    "Str",
    "TextContext",
    "Unary",
    "Unknown",
    "Value",
    "all_hold",
    "children",
    "evaluate",
    "lookup",
    "parse",
    "refs",
    "to_number",
    "to_source",
    "to_string",
    "to_text",
    "truth",
    "walk",
]

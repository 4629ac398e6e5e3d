"""Printer: canonical text, round trips and renaming."""

from __future__ import annotations

import pytest

from generator.logic import Binary, Call, Num, Ref, Str, Unary, parse, to_source

CANONICAL = [
    ("${age}>=15 and ${born_here}='2'", "${age} >= 15 and ${born_here} = '2'"),
    ("selected( ${reasons} ,'3' )", "selected(${reasons}, '3')"),
    ("((${a} + 2)) * 3 div 4 mod 5", "(${a} + 2) * 3 div 4 mod 5"),
    ("(${a} * 2) + 3", "${a} * 2 + 3"),
    ("${a} - (${b} - ${c})", "${a} - (${b} - ${c})"),
    ("(${a} - ${b}) - ${c}", "${a} - ${b} - ${c}"),
    ("(${a} or ${b}) and ${c}", "(${a} or ${b}) and ${c}"),
    ("${a} or (${b} and ${c})", "${a} or ${b} and ${c}"),
    ("-(${a} + 1)", "-(${a} + 1)"),
    ("-(-1)", "-(-1)"),
    ("- - 1", "-(-1)"),
    ("(-1) * 2", "-1 * 2"),
    ('"x"', "'x'"),
    ('"it\'s"', '"it\'s"'),
    (". >= 1900 and . <= 2030 or . = 9998", ". >= 1900 and . <= 2030 or . = 9998"),
    ("position( .. )", "position(..)"),
    ("today( )", "today()"),
    (".5 + 12.", ".5 + 12."),
    ("(${a} = 1) = (${b} = 2)", "${a} = 1 = (${b} = 2)"),
]


@pytest.mark.parametrize(("source", "expected"), CANONICAL)
def test_canonical_text(source: str, expected: str) -> None:
    expr = parse(source)
    assert to_source(expr) == expected
    assert parse(expected) == expr


def test_rename_rewrites_references_only() -> None:
    expr = parse("selected(${reasons}, 'age') and ${age} > ${agex}")
    renamed = to_source(expr, rename={"age": "mig_age", "reasons": "mig_reasons"})
    assert renamed == "selected(${mig_reasons}, 'age') and ${mig_age} > ${agex}"


def test_rename_empty_mapping_is_identity() -> None:
    expr = parse("${a} + 1")
    assert to_source(expr, {}) == to_source(expr) == "${a} + 1"


def test_string_with_both_quotes_uses_concat() -> None:
    text = to_source(Str('it\'s "x"'))
    assert text == "concat('it', \"'\", 's \"x\"')"
    assert parse(text) == Call("concat", (Str("it"), Str("'"), Str('s "x"')))


def test_built_trees_print_with_needed_parentheses() -> None:
    expr = Binary("*", Binary("+", Ref("a"), Num("1")), Unary("-", Ref("b")))
    assert to_source(expr) == "(${a} + 1) * -${b}"
    assert parse(to_source(expr)) == expr

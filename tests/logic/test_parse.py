"""Parser: valid expressions to trees, invalid ones to located errors."""

from __future__ import annotations

import pickle

import pytest

from generator.logic import (
    FUNCTIONS,
    Binary,
    Call,
    Current,
    Expr,
    ExprSyntaxError,
    Num,
    Parent,
    Ref,
    Str,
    Unary,
    parse,
    refs,
    walk,
)


def b(op: str, left: Expr, right: Expr) -> Binary:
    return Binary(op, left, right)  # type: ignore[arg-type]


def call(name: str, *args: Expr) -> Call:
    return Call(name, args)


A, B, C = Ref("a"), Ref("b"), Ref("c")

VALID: list[tuple[str, Expr]] = [
    ("${age} >= 15", b(">=", Ref("age"), Num("15"))),
    (
        "${age} >= 15 and ${born_here} = '2'",
        b("and", b(">=", Ref("age"), Num("15")), b("=", Ref("born_here"), Str("2"))),
    ),
    ("selected(${reasons}, '3')", call("selected", Ref("reasons"), Str("3"))),
    ("not(${a} = '1')", call("not", b("=", A, Str("1")))),
    ("count-selected(${x}) > 1", b(">", call("count-selected", Ref("x")), Num("1"))),
    ("if(${a} = '1', 'x', 'y')", call("if", b("=", A, Str("1")), Str("x"), Str("y"))),
    ("today()", call("today")),
    ("format-date(today(), '%Y')", call("format-date", call("today"), Str("%Y"))),
    (
        ". >= 1900 and . <= 2030 or . = 9998",
        b(
            "or",
            b("and", b(">=", Current(), Num("1900")), b("<=", Current(), Num("2030"))),
            b("=", Current(), Num("9998")),
        ),
    ),
    ("position(..)", call("position", Parent())),
    ("${year} - ${age}", b("-", Ref("year"), Ref("age"))),
    ("-1", Unary("-", Num("1"))),
    ("- -1", Unary("-", Unary("-", Num("1")))),
    (
        "(${a} + 2) * 3 div 4 mod 5",
        b("mod", b("div", b("*", b("+", A, Num("2")), Num("3")), Num("4")), Num("5")),
    ),
    ("string-length(.) > 0", b(">", call("string-length", Current()), Num("0"))),
    ("coalesce(${a}, 0)", call("coalesce", A, Num("0"))),
    ("int(${x})", call("int", Ref("x"))),
    ("${q} != ''", b("!=", Ref("q"), Str(""))),
    ('"it\'s"', Str("it's")),
    ("1.5 + .5 + 12.", b("+", b("+", Num("1.5"), Num(".5")), Num("12."))),
    ("${a} or ${b} and ${c}", b("or", A, b("and", B, C))),
    ("${a} = ${b} < ${c}", b("=", A, b("<", B, C))),
    ("${a} < ${b} + ${c}", b("<", A, b("+", B, C))),
    ("${a} + ${b} * ${c}", b("+", A, b("*", B, C))),
    ("${a} - ${b} - ${c}", b("-", b("-", A, B), C)),
    ("${a} - (${b} - ${c})", b("-", A, b("-", B, C))),
    ("-${a} * ${b}", b("*", Unary("-", A), B)),
    ("${a}div${b}", b("div", A, B)),
    ("  ${a}\n=\t'x'  ", b("=", A, Str("x"))),
    ("jr:choice-name(${a}, '${a}')", call("jr:choice-name", A, Str("${a}"))),
    ("concat(${a}, ' ', ${b}, '!')", call("concat", A, Str(" "), B, Str("!"))),
    ("indexed-repeat(${a}, ${g}, 1)", call("indexed-repeat", A, Ref("g"), Num("1"))),
    ("${a.b-c_1} = 1", b("=", Ref("a.b-c_1"), Num("1"))),
    ("((${a}))", A),
    ("regex(., '^[0-9]{3}$')", call("regex", Current(), Str("^[0-9]{3}$"))),
]


@pytest.mark.parametrize(("source", "expected"), VALID, ids=[s for s, _ in VALID])
def test_valid(source: str, expected: Expr) -> None:
    assert parse(source) == expected


def test_spans_cover_source_text() -> None:
    source = "(${a} + 2) * 3 > 1"
    expr = parse(source)
    assert isinstance(expr, Binary)
    assert expr.span == (0, len(source))
    assert isinstance(expr.left, Binary)
    assert source[slice(*expr.left.left.span)] == "(${a} + 2)"
    texts = [source[slice(*node.span)] for node in walk(expr)]
    assert texts == [source, "(${a} + 2) * 3", "(${a} + 2)", "${a}", "2", "3", "1"]


def test_spans_do_not_affect_equality() -> None:
    assert parse("${a}=1") == parse("  ${a}   =   1 ")
    assert parse("${a}=1").span != parse("  ${a} = 1").span


def test_refs_in_source_order() -> None:
    expr = parse("if(${c} = 1, ${a} + ${b}, -${a})")
    assert [r.name for r in refs(expr)] == ["c", "a", "b", "a"]
    assert [r.span for r in refs(expr)] == [(3, 7), (13, 17), (20, 24), (27, 31)]


def test_walk_is_preorder() -> None:
    kinds = [type(node).__name__ for node in walk(parse("not(${a} = -1)"))]
    assert kinds == ["Call", "Binary", "Ref", "Unary", "Num"]


def test_num_value() -> None:
    assert Num("12").value == 12 and isinstance(Num("12").value, int)
    assert Num(".5").value == 0.5
    assert Num("12.").value == 12.0


def test_every_function_parses_with_its_minimum_arity() -> None:
    for name, spec in FUNCTIONS.items():
        args = ", ".join(["1"] * spec.min_args)
        assert parse(f"{name}({args})") == Call(name, (Num("1"),) * spec.min_args)


# (source, message fragment, offset, length)
INVALID: list[tuple[str, str, int, int]] = [
    ("", "empty expression", 0, 1),
    ("   ", "empty expression", 0, 3),
    ("(${a} = 1", "'(' is never closed", 0, 1),
    ("((${a} = 1)", "'(' is never closed", 0, 1),
    ("${a} = 1)", "unexpected ')'", 8, 1),
    ("not(${a}", "'(' of not() is never closed", 3, 1),
    ("${a} = 'abc", "unterminated string", 7, 4),
    ('${a} = "abc', "unterminated string", 7, 4),
    ("${a} = = 1", "expected a value but found '='", 7, 1),
    ("${a} =", "expected a value after '='", 6, 1),
    ("(", "'(' is never closed", 0, 1),
    ("()", "expected a value but found ')'", 1, 1),
    ("${a} ${b}", "unexpected '${b}' after a complete expression", 5, 4),
    ("${a} = 1 AND ${b} = 2", "unexpected 'AND'", 9, 3),
    ("1 2", "unexpected '2'", 2, 1),
    ("selected(${a})", "selected() takes 2 arguments, got 1", 0, 14),
    ("today(1)", "today() takes 0 arguments, got 1", 0, 8),
    ("substr(${a})", "substr() takes 2 or 3 arguments, got 1", 0, 12),
    ("indexed-repeat(${a}, ${g}, 1, ${h})", "an odd number", 0, 35),
    ("foo(1)", "unknown function 'foo'", 0, 3),
    ("${a} + selectd(${b}, '1')", "unknown function 'selectd'", 7, 7),
    ("/data/age > 3", "XPath paths are not supported", 0, 9),
    ("../age = 1", "XPath paths are not supported", 0, 6),
    ("./x = 1", "XPath paths are not supported", 0, 3),
    ("${a} = //x", "XPath paths are not supported", 7, 3),
    ("${a}[1] = 2", "predicates [...] are not supported", 4, 1),
    ("${a} | ${b}", "union '|' is not supported", 5, 1),
    ("@id = 1", "attributes", 0, 1),
    ("$age > 3", "variables like $age are not supported", 0, 4),
    ("${} = 1", "empty question reference", 0, 3),
    ("${a b} = 1", "invalid question name 'a b'", 0, 6),
    ("${1a} = 1", "invalid question name '1a'", 0, 5),
    ("${a = 1", "unterminated question reference", 0, 7),
    ("age > 3", "'age' is not a question reference", 0, 3),
    ("not ${a}", "'not' is a function; write not(...)", 0, 3),
    ("${a} = true", "'true' is a function", 7, 4),
    ("${a} == 1", "use '=' to compare", 5, 2),
    ("${a} && ${b}", "use 'and'", 5, 2),
    ("${a} || ${b}", "use 'or'", 5, 2),
    ("!${a}", "'!' is not an operator", 0, 1),
    ("${a} / 2", "use 'div'", 5, 1),
    ("..", "'..' is only allowed as a function argument", 0, 2),
    ("position(.. + 1)", "'..' is only allowed as a function argument", 9, 2),
    ("and ${a}", "expected a value before 'and'", 0, 3),
    ("selected(${a},)", "expected another argument of selected()", 14, 1),
    ("selected(${a} '1')", "expected ',' or ')' in call to selected()", 14, 3),
    ("(${a} ${b})", "expected ')' or an operator but found '${b}'", 6, 4),
    ("${a} # 1", "unexpected character '#'", 5, 1),
    ("${a} = 1;", "unexpected character ';'", 8, 1),
    ("*", "expected a value but found '*'", 0, 1),
    ("1 +", "expected a value after '+'", 3, 1),
]


@pytest.mark.parametrize(
    ("source", "fragment", "offset", "length"), INVALID, ids=[c[0] or "<empty>" for c in INVALID]
)
def test_invalid(source: str, fragment: str, offset: int, length: int) -> None:
    with pytest.raises(ExprSyntaxError) as info:
        parse(source)
    error = info.value
    assert fragment in error.message
    assert (error.offset, error.length) == (offset, length)


@pytest.mark.parametrize(
    ("source", "hint"),
    [
        ("selectd(${a}, '1')", "did you mean 'selected'?"),
        ("count_selected(${a})", "did you mean 'count-selected'?"),
        ("/data/group/age > 3", "write ${age}"),
        ("age > 3", "${age}"),
        ("$age > 3", "${age}"),
        ("${a} = 1 AND ${b} = 2", "write 'and'"),
        ("${ a } = 1", "remove the spaces: ${a}"),
    ],
)
def test_hints(source: str, hint: str) -> None:
    with pytest.raises(ExprSyntaxError) as info:
        parse(source)
    assert info.value.hint is not None
    assert hint in info.value.hint


def test_no_suggestion_for_unrelated_name() -> None:
    with pytest.raises(ExprSyntaxError) as info:
        parse("qwxyzzy(1)")
    assert info.value.hint is None


def test_error_is_picklable_and_readable() -> None:
    with pytest.raises(ExprSyntaxError) as info:
        parse("${a} = = 1")
    copy = pickle.loads(pickle.dumps(info.value))
    assert (copy.message, copy.offset, copy.length) == ("expected a value but found '='", 7, 1)
    assert "offset 7" in str(copy)
    assert info.value.caret("${a} = = 1").splitlines()[1] == "       ^"


def test_deep_nesting_is_a_syntax_error() -> None:
    with pytest.raises(ExprSyntaxError, match="nested too deeply"):
        parse("(" * 5000 + "1" + ")" * 5000)

"""Property tests over generated syntax trees."""

from __future__ import annotations

import datetime as dt
from typing import get_args

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.logic import (
    FUNCTIONS,
    UNKNOWN,
    Binary,
    BinaryOp,
    Call,
    Current,
    Expr,
    Num,
    Parent,
    Ref,
    Str,
    Unary,
    Value,
    evaluate,
    parse,
    to_source,
    walk,
)

NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,8}", fullmatch=True)
NUMBERS = st.from_regex(r"[0-9]{1,4}(\.[0-9]{0,3})?|\.[0-9]{1,3}", fullmatch=True)
STRINGS = st.text(max_size=8).filter(lambda s: not ("'" in s and '"' in s))
OPS: tuple[BinaryOp, ...] = get_args(BinaryOp)
SPECS = sorted(FUNCTIONS.values(), key=lambda spec: spec.name)

LEAVES: st.SearchStrategy[Expr] = st.one_of(
    NAMES.map(Ref),
    st.just(Current()),
    STRINGS.map(Str),
    NUMBERS.map(Num),
    st.sampled_from(["0", "1", "2", "1.5"]).map(Num),
    st.sampled_from(["", "1", "1 3", "2024-03-05", "x"]).map(Str),
)


@st.composite
def calls(draw: st.DrawFn, depth: int) -> Expr:
    spec = draw(st.sampled_from(SPECS))
    high = spec.max_args if spec.max_args is not None else spec.min_args + 3
    count = draw(st.integers(spec.min_args, high).filter(spec.accepts))
    arg = st.one_of(exprs(depth - 1), st.just(Parent()))
    return Call(spec.name, tuple(draw(arg) for _ in range(count)))


def exprs(depth: int = 4) -> st.SearchStrategy[Expr]:
    if depth <= 0:
        return LEAVES
    sub = exprs(depth - 1)
    return st.one_of(
        LEAVES,
        sub.map(lambda e: Unary("-", e)),
        st.builds(Binary, st.sampled_from(OPS), sub, sub),
        calls(depth),
    )


VALUES: st.SearchStrategy[Value] = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["", "1", "1 3 5", "2024-03-05", "2024-03-05T10:00:00Z", "-0.5", "abc"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.just(UNKNOWN),
)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(exprs())
def test_print_then_parse_round_trips(expr: Expr) -> None:
    text = to_source(expr)
    assert parse(text) == expr
    assert to_source(parse(text)) == text


@settings(derandomize=True, max_examples=300, deadline=None)
@given(exprs())
def test_spans_of_parsed_trees_nest(expr: Expr) -> None:
    text = to_source(expr)
    for node in walk(parse(text)):
        start, end = node.span
        assert 0 <= start < end <= len(text)
        assert isinstance(node, Parent) or parse(text[start:end]) == node


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    exprs(),
    st.dictionaries(NAMES, VALUES, max_size=6),
    VALUES,
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
def test_evaluation_never_raises(
    expr: Expr, env: dict[str, Value], current: Value, today: dt.date
) -> None:
    result = evaluate(expr, env, current=current, today=today)
    assert result is UNKNOWN or isinstance(result, str | float | bool)

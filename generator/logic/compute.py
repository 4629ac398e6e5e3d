"""Functions the evaluator computes from their argument values."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Protocol

from .values import UNKNOWN, Known, Value, format_date, to_datetime, to_number, to_string, truth


class Context(Protocol):
    """Evaluation context: the value of ``.`` and the date of today()."""

    current: Value
    today: dt.date | None


Impl = Callable[[Context, Sequence[Known]], Value]


def _num(fn: Callable[[float], float]) -> Impl:
    def impl(_ev: Context, args: Sequence[Known]) -> Value:
        try:
            return fn(to_number(args[0]))
        except ValueError:
            return math.nan
        except OverflowError:
            return math.inf

    return impl


def _str2(fn: Callable[[str, str], Value]) -> Impl:
    return lambda _ev, a: fn(to_string(a[0]), to_string(a[1]))


def _trunc(x: float) -> float:
    return x if not math.isfinite(x) else float(math.trunc(x))


def _log(x: float) -> float:
    return -math.inf if x == 0 else math.log(x)


def _log10(x: float) -> float:
    return -math.inf if x == 0 else math.log10(x)


def _round(_ev: Context, args: Sequence[Known]) -> Value:
    from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

    value = to_number(args[0])
    places = to_number(args[1]) if len(args) > 1 else 0.0
    if not math.isfinite(value) or math.isnan(places):
        return value if not math.isnan(places) else math.nan
    try:
        step = Decimal(1).scaleb(-int(_trunc(places)))
        return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))
    except (InvalidOperation, OverflowError, ValueError):
        return value


def _pow(_ev: Context, args: Sequence[Known]) -> Value:
    try:
        return math.pow(to_number(args[0]), to_number(args[1]))
    except OverflowError:
        return math.inf
    except ValueError:
        return math.nan


def _index(x: float) -> int:
    if math.isnan(x):
        return 0
    return int(max(-1e18, min(1e18, x)))


def _substr(_ev: Context, args: Sequence[Known]) -> Value:
    text = to_string(args[0])
    start = _index(to_number(args[1]))
    end = _index(to_number(args[2])) if len(args) > 2 else len(text)
    return text[start:end]


def _selected_at(_ev: Context, args: Sequence[Known]) -> Value:
    items = to_string(args[0]).split()
    index = to_number(args[1])
    if not (math.isfinite(index) and 0 <= index < len(items)):
        return ""
    return items[int(index)]


def _translate(_ev: Context, args: Sequence[Known]) -> Value:
    text, source, target = (to_string(arg) for arg in args)
    table: dict[int, str | None] = {}
    for i, char in enumerate(source):
        table.setdefault(ord(char), target[i] if i < len(target) else None)
    return text.translate(table)


def _regex(text: str, pattern: str) -> Value:
    import re

    try:
        return re.search(pattern, text) is not None
    except (re.error, RecursionError, OverflowError):
        return UNKNOWN


def _before(text: str, sep: str) -> str:
    index = text.find(sep)
    return text[:index] if index >= 0 else ""


def _after(text: str, sep: str) -> str:
    index = text.find(sep)
    return text[index + len(sep) :] if index >= 0 else ""


def _text_arg(ev: Context, args: Sequence[Known]) -> Value:
    """The single optional argument, or the current value."""
    if args:
        return to_string(args[0])
    return UNKNOWN if ev.current is UNKNOWN else to_string(ev.current)


def _string_length(ev: Context, args: Sequence[Known]) -> Value:
    text = _text_arg(ev, args)
    return UNKNOWN if text is UNKNOWN else float(len(to_string(text)))


def _normalize_space(ev: Context, args: Sequence[Known]) -> Value:
    text = _text_arg(ev, args)
    return UNKNOWN if text is UNKNOWN else " ".join(to_string(text).split())


def _today(ev: Context, _args: Sequence[Known]) -> Value:
    return (ev.today or dt.date.today()).isoformat()


def _date(_ev: Context, args: Sequence[Known]) -> Value:
    moment = to_datetime(args[0])
    return "" if moment is None else moment.date().isoformat()


def _format_date(_ev: Context, args: Sequence[Known]) -> Value:
    moment = to_datetime(args[0])
    return "" if moment is None else format_date(moment, to_string(args[1]))


def _extreme(pick: Callable[[list[float]], float]) -> Impl:
    def impl(_ev: Context, args: Sequence[Known]) -> Value:
        if len(args) < 2:
            return UNKNOWN
        numbers = [to_number(arg) for arg in args]
        return math.nan if any(math.isnan(n) for n in numbers) else pick(numbers)

    return impl


IMPLEMENTATIONS: dict[str, Impl] = {
    "selected": _str2(lambda items, value: value.strip() in items.split()),
    "count-selected": lambda _ev, a: float(len(to_string(a[0]).split())),
    "selected-at": _selected_at,
    "not": lambda _ev, a: not truth(a[0]),
    "true": lambda _ev, a: True,
    "false": lambda _ev, a: False,
    "boolean": lambda _ev, a: truth(a[0]),
    "boolean-from-string": lambda _ev, a: to_string(a[0]).strip() in ("true", "1"),
    "number": lambda _ev, a: to_number(a[0]),
    "string": lambda _ev, a: to_string(a[0]),
    "int": _num(_trunc),
    "round": _round,
    "floor": _num(lambda x: x if not math.isfinite(x) else float(math.floor(x))),
    "ceiling": _num(lambda x: x if not math.isfinite(x) else float(math.ceil(x))),
    "abs": _num(abs),
    "pow": _pow,
    "sqrt": _num(math.sqrt),
    "exp": _num(math.exp),
    "log": _num(_log),
    "log10": _num(_log10),
    "today": _today,
    "date": _date,
    "decimal-date-time": lambda _ev, a: to_number(a[0]),
    "format-date": _format_date,
    "format-date-time": _format_date,
    "string-length": _string_length,
    "concat": lambda _ev, a: "".join(to_string(v) for v in a),
    "contains": _str2(lambda text, part: part in text),
    "starts-with": _str2(lambda text, part: text.startswith(part)),
    "ends-with": _str2(lambda text, part: text.endswith(part)),
    "substr": _substr,
    "substring-before": _str2(_before),
    "substring-after": _str2(_after),
    "translate": _translate,
    "normalize-space": _normalize_space,
    "regex": _str2(_regex),
    "max": _extreme(max),
    "min": _extreme(min),
}
"""Functions that can be computed from their argument values alone."""

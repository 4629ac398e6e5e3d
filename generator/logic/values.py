"""XPath 1.0 values and conversions as ODK implements them."""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from typing import TypeAlias


class Unknown(enum.Enum):
    """Type of the ``UNKNOWN`` sentinel: a value not known yet."""

    UNKNOWN = "UNKNOWN"

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = Unknown.UNKNOWN
"""A value that is not known yet (partial evaluation)."""

Known: TypeAlias = str | float | bool
Value: TypeAlias = str | float | bool | Unknown

EPOCH = dt.datetime(1970, 1, 1)
_NUMBER_RE = re.compile(r"\s*(-?(?:\d+(?:\.\d*)?|\.\d+))\s*")
_DATE_RE = re.compile(
    r"\s*(\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?)\s*"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def truth(value: Value) -> bool | Unknown:
    """XPath boolean(): numbers are true unless 0 or NaN, strings unless empty."""
    if isinstance(value, bool) or value is UNKNOWN:
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return value != ""


def to_number(value: Known) -> float:
    """XPath number(); date strings become days since 1970-01-01, as in ODK."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    match = _NUMBER_RE.fullmatch(value)
    if match:
        return float(match.group(1))
    moment = parse_datetime(value)
    if moment is None:
        return math.nan
    return (moment - EPOCH).total_seconds() / 86400


def to_string(value: Known) -> str:
    """XPath string(): ``15.0`` gives ``'15'``, NaN gives ``'NaN'``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_number(value)
    return value


def format_number(value: float) -> str:
    """A number as XPath prints it (no exponent, no trailing ``.0``)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    if "e" in text:
        from decimal import Decimal

        text = format(Decimal(text), "f")
    return text


def parse_datetime(text: str) -> dt.datetime | None:
    """A naive UTC datetime from an ISO date or date-time string, else None."""
    match = _DATE_RE.fullmatch(text)
    if match is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(match.group(1))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def to_datetime(value: Known) -> dt.datetime | None:
    """A datetime from a date string or a number of days since 1970-01-01."""
    if isinstance(value, str):
        if _NUMBER_RE.fullmatch(value) is None:
            return parse_datetime(value)
        value = to_number(value)
    if isinstance(value, bool) or not math.isfinite(value):
        return None
    try:
        return EPOCH + dt.timedelta(days=value)
    except OverflowError:
        return None


def format_date(moment: dt.datetime, pattern: str) -> str:
    """ODK format-date / format-date-time with %Y %y %m %n %b %d %e %a %H %h %M %S %3."""
    fields = {
        "Y": f"{moment.year:04d}",
        "y": f"{moment.year % 100:02d}",
        "m": f"{moment.month:02d}",
        "n": str(moment.month),
        "b": _MONTHS[moment.month - 1],
        "d": f"{moment.day:02d}",
        "e": str(moment.day),
        "a": _DAYS[moment.weekday()],
        "H": f"{moment.hour:02d}",
        "h": str(moment.hour),
        "M": f"{moment.minute:02d}",
        "S": f"{moment.second:02d}",
        "3": f"{moment.microsecond // 1000:03d}",
    }
    out: list[str] = []
    i, size = 0, len(pattern)
    while i < size:
        char = pattern[i]
        if char == "%" and i + 1 < size and pattern[i + 1] in fields:
            out.append(fields[pattern[i + 1]])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)

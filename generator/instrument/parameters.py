"""Survey parameters: one number per survey, written into what reads it at compile.

A parameter is a `calculate` question of the bank tagged `parameter:` (the usual-residence
months, the 10.7.1 window in years, the working-age limit). Its value comes from the build
options, else the survey profile, else the bank, and fills `{name}` placeholders of texts.
The compile step also writes the window and the age limit into every expression that reads
them (`${age} >= ${working_age}` becomes `${age} >= 15`), so the XLSForm, the printed
questionnaire and the codebook all state the same universe and window.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, get_args

from generator.bank.model import CONSTANT_PARAMETERS, Bank, ProfileParameter, Question
from generator.logic import Expr, parse, to_source
from generator.logic.ast import Binary, Call, Num, Ref, Unary, refs
from generator.logic.errors import ExprSyntaxError

if TYPE_CHECKING:
    from generator.instrument.compile import BuildOptions

INLINED: frozenset[str] = frozenset(get_args(ProfileParameter))
"""Parameters written into expressions; `residence_months` stays a form field whose value
the residence rule sets (its expressions compare it with answers and with 6)."""
RULE_MONTHS = {"6m": "6", "12m": "12"}
"""P&R Rev.3 usual-residence options as the months the `residence_months` parameter holds."""


def parameter_values(bank: Bank, options: BuildOptions) -> dict[str, str]:
    """Parameter question name → its value in this build (numbers only)."""
    given = dict(options.parameters)
    out: dict[str, str] = {}
    for _, q in bank.questions():
        name = q.parameter or q.name
        if q.kind != "calculate" or name not in CONSTANT_PARAMETERS:
            continue
        if name == "residence_months" and options.residence_rule:
            value = RULE_MONTHS[options.residence_rule]
        elif name in given:
            value = str(given[name])
        else:
            value = (q.calculation or "").strip()
        if _is_number(value):
            out[q.name] = value
    return out


def _is_number(source: str) -> bool:
    try:
        return isinstance(parse(source), Num)
    except ExprSyntaxError:
        return False


def with_parameters(q: Question, values: Mapping[str, str]) -> Question:
    """The question with the parameters' values in the expressions that read them."""
    values = {k: v for k, v in values.items() if k in INLINED}
    if not values:
        return q
    updates: dict[str, str] = {}
    for fld, source in q.expressions():
        try:
            expr = parse(source)
        except ExprSyntaxError:
            continue
        if {r.name for r in refs(expr)} & values.keys():
            updates[fld] = to_source(substitute(expr, values))
    return q.model_copy(update=updates) if updates else q


def substitute(expr: Expr, values: Mapping[str, str]) -> Expr:
    """`expr` with each reference to a parameter replaced by the parameter's number."""
    if isinstance(expr, Ref) and expr.name in values:
        return Num(values[expr.name])
    if isinstance(expr, Binary):
        return Binary(expr.op, substitute(expr.left, values), substitute(expr.right, values))
    if isinstance(expr, Unary):
        return Unary(expr.op, substitute(expr.operand, values))
    if isinstance(expr, Call):
        return Call(expr.name, tuple(substitute(a, values) for a in expr.args))
    return expr

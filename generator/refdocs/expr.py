"""The reference page of the expression language, generated from the parser's tables."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from types import ModuleType

from generator.checks import logic as logic_checks
from generator.checks import reach
from generator.instrument.compile import Instrument
from generator.instrument.describe import Describer, universe_text
from generator.issues import CATALOGUE
from generator.logic import FUNCTIONS, Binary, Call, parse, walk
from generator.logic.ast import PRECEDENCE, UNARY_PRECEDENCE
from generator.refdocs.md import code, page, prose, table, text

MEANINGS = {
    "or": "true when either side is true", "and": "true when both sides are true",
    "=": "equal", "!=": "not equal", "<": "less than", "<=": "less than or equal",
    ">": "more than", ">=": "more than or equal", "+": "addition", "-": "subtraction",
    "*": "multiplication", "div": "division (`/` is not an operator)",
    "mod": "remainder of the division",
}

SYNTAX = [
    ("`${name}`", "the answer to question `name` (any question of the bank, or a project's)"),
    ("`.`", "the answer being checked; only in `constraint`: `. >= 0 and . <= 130`"),
    ("`..`", "the enclosing repeat, only as a function argument: `position(..)`"),
    ("`'2'` or `\"2\"`", "text; choice codes are text, so compare them quoted: "
                        "`${born_here} = '2'`"),
    ("`15`, `2.5`", "numbers, for integer and decimal answers: `${age} >= 15`"),
    ("`( … )`", "grouping: `(${a} = '1' or ${b} = '1') and ${age} >= 15`"),
    ("`name(…)`", "a function call from the table below; unknown functions are errors"),
]
REFUSED = [
    ("`==`", "use `=`"), ("`&&`, `||`", "use `and`, `or`"), ("`!`", "use `!=` or `not(…)`"),
    ("`/` and paths (`/data/age`)", "use `div` for division and `${age}` for answers"),
    ("`@attr`, `[predicate]`, `|`", "not supported: refer to questions as `${name}`"),
    ("`$age`", "write `${age}`"), ("`AND`, `OR`", "operators are lowercase"),
]


def _codes_raised(module: ModuleType) -> Iterator[str]:
    """The issue codes a checks module can raise, read from its `issue("…")` calls."""
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "issue" and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value,
                                                                         str):
            yield node.args[0].value


def _operator_rows() -> list[list[str]]:
    levels = sorted({*PRECEDENCE.values(), UNARY_PRECEDENCE}, reverse=True)
    rows = []
    for level in levels:
        if level == UNARY_PRECEDENCE:
            rows.append([str(level), "`-` (before a value)", "negation: `-1`"])
            continue
        ops = [op for op, prec in PRECEDENCE.items() if prec == level]
        rows.append([str(level), ", ".join(code(op) for op in ops),
                     "; ".join(f"{code(op)} {MEANINGS.get(op, '')}".strip() for op in ops)])
    return rows


def _signature(name: str) -> str:
    spec = FUNCTIONS[name]
    count = spec.max_args if spec.max_args is not None else max(spec.min_args, len(spec.args))
    kinds = [spec.arg_kind(i) for i in range(count)]
    shown = ", ".join(kinds) + (", …" if spec.max_args is None else "")
    return code(f"{name}({shown})")


def _examples(inst: Instrument) -> list[list[str]]:
    """The first `relevant` of the bank using each operator or function, printed as on paper."""
    describe = Describer.of(inst, "en")
    seen: set[str] = set()
    rows = []
    for item in inst.items():
        source = item.question.relevant
        if source is None:
            continue
        used = {n.op if isinstance(n, Binary) else n.name for n in walk(parse(source))
                if isinstance(n, Binary | Call)}
        if used - seen:
            seen |= used
            said = universe_text(inst, item, "en", describe) or ""
            rows.append([code(source), text(said), f"[{text(item.name)}](modules/{item.module}"
                                                   f".md#{item.name})"])
    return rows


def expressions_page(inst: Instrument) -> str:
    fields = ", ".join(code(f) for f in logic_checks.EXPR_FIELDS)
    codes = dict.fromkeys([*_codes_raised(logic_checks), *_codes_raised(reach)])
    checks = [[f"[{c}](issues.md)", prose(CATALOGUE[c].title), prose(CATALOGUE[c].hint)]
              for c in sorted(codes)]
    functions = [[_signature(name), text(spec.arity()), code(spec.result)]
                 for name, spec in FUNCTIONS.items()]
    body = [
        "## Writing expressions", "",
        *table(["write", "meaning"], SYNTAX), "",
        "Written otherwise, an expression is refused with `LOG001` and a hint:", "",
        *table(["not accepted", "instead"], REFUSED), "",
        "## Operators", "",
        "Binding from strongest (top) to weakest; operators of one level apply left to "
        "right. `${a} = '1' or ${b} = '1' and ${c} = '1'` reads "
        "`${a} = '1' or (${b} = '1' and ${c} = '1')`: add parentheses when in doubt.", "",
        *table(["binding", "operators", "meaning"], _operator_rows()), "",
        "## Functions", "",
        "Argument kinds: `select` is a select question's answer, `nodeset` the answers to "
        "a question inside a repeat (`sum(${amount})`), `node` the repeat (`..`). The last "
        "kind repeats for functions taking any number of arguments (`…`). A call with the "
        "wrong number of arguments is `LOG001`.", "",
        *table(["function", "arguments", "result"], functions), "",
        "## Checks", "",
        "`migmod check` parses every expression and reports, with the file, line and "
        "column of the offending part:", "",
        *table(["code", "problem", "what to do"], checks), "",
        "## On paper", "",
        "Each `relevant` is printed in plain language: a question is named by its variable "
        "and number, a choice code by its label. The first use of each operator and "
        "function in the standard bank:", "",
        *table(["relevant", "printed as “ask if …”", "question"], _examples(inst)),
    ]
    intro = [f"Expressions are written in XLSForm's own syntax (the ODK XPath subset with "
             f"`${{name}}` references) in the fields {fields}, parsed into a syntax tree and "
             "checked; the XLSForm gets them back unchanged, the printed questionnaire gets "
             "them in words."]
    return page("Expressions", intro, body)

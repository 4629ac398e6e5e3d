"""What a CHECK row says: question numbers and answer codes in the reader's words.

"CHECK: CODE 2 (NO) CIRCLED IN P01?" rather than a variable name or a symbol. Conditions
on one question are gathered ("ANY OF CODES 1 TO 5 CIRCLED IN FD02?", with an en dash);
a question that is asked is "filled in", never "answered" (a paper form has no such
state). Punctuation is the language's own (¿…? in Spanish, ؟ in Arabic, a thin space
before ? in French).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.bank.model import text_direction
from generator.instrument.describe import Describer
from generator.logic import to_text
from generator.logic.ast import Binary, Call, Expr, Num, Ref, Str
from generator.render.paper.plan import Check, choices_of
from generator.render.paper.words import words


@dataclass(frozen=True, slots=True)
class _Atom:
    """One question compared with constants: `op` is 'in', 'not in', a comparison or
    'filled'/'blank'."""

    name: str
    op: str
    values: tuple[str, ...]


def check_text(check: Check, describer: Describer, lang: str) -> str:
    """The whole text of a CHECK row, e.g. 'CHECK: 15 OR MORE IN HL04?'."""
    w = words(lang)
    body = _say(check.condition, describer, lang, top=True)
    return w["check_row"].format(body=w["question_mark"].format(text=body))


def _say(expr: Expr, d: Describer, lang: str, top: bool = False) -> str:
    w = words(lang)
    if isinstance(expr, Binary) and expr.op in ("and", "or"):
        parts = _group(_flatten(expr, expr.op), expr.op)
        texts = []
        for part in parts:
            if isinstance(part, _Atom):
                texts.append(_atom(part, d, lang))
            else:
                inner = _say(part, d, lang)
                mixed = isinstance(part, Binary) and part.op in ("and", "or")
                texts.append(w["group"].format(text=inner) if mixed else inner)
        return w[f"join_{expr.op}"].join(texts)
    atom = _as_atom(expr)
    if atom is not None:
        return _atom(atom, d, lang)
    return to_text(expr, d, lang=lang)


def _flatten(expr: Expr, op: str) -> list[Expr]:
    if isinstance(expr, Binary) and expr.op == op:
        return _flatten(expr.left, op) + _flatten(expr.right, op)
    return [expr]


def _as_atom(expr: Expr) -> _Atom | None:
    if isinstance(expr, Call) and expr.name == "selected" and len(expr.args) == 2:
        ref, const = expr.args
        if isinstance(ref, Ref) and isinstance(const, Str):
            return _Atom(ref.name, "in", (const.value,))
    if not (isinstance(expr, Binary) and expr.op in ("=", "!=", "<", "<=", ">", ">=")):
        return None
    left, right, op = expr.left, expr.right, str(expr.op)
    if isinstance(left, Str | Num) and isinstance(right, Ref):
        flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
        left, right, op = right, left, flip.get(op, op)
    if not (isinstance(left, Ref) and isinstance(right, Str | Num)):
        return None
    value = right.value if isinstance(right, Str) else right.text
    if value == "" and op in ("=", "!="):
        return _Atom(left.name, "blank" if op == "=" else "filled", ())
    if op in ("=", "!="):
        return _Atom(left.name, "in" if op == "=" else "not in", (value,))
    return _Atom(left.name, op, (value,))


def _group(parts: list[Expr], op: str) -> list[_Atom | Expr]:
    """Atoms on the same question merged: 'or' of codes → any of; 'and' of not → none of."""
    want = "in" if op == "or" else "not in"
    out: list[_Atom | Expr] = []
    for part in parts:
        atom = _as_atom(part)
        if atom is None:
            out.append(part)
            continue
        last = out[-1] if out else None
        if isinstance(last, _Atom) and last.name == atom.name and last.op == atom.op == want:
            out[-1] = _Atom(atom.name, want, last.values + atom.values)
        else:
            out.append(atom)
    return out


def _atom(atom: _Atom, d: Describer, lang: str) -> str:
    w = words(lang)
    number = d.number(atom.name) or atom.name
    if atom.op in ("filled", "blank"):
        return w[atom.op].format(q=number)
    if atom.op in ("<", "<=", ">", ">="):
        return w[f"cmp_{atom.op}"].format(n=atom.values[0], q=number)
    item = d.by_name.get(atom.name)
    printed = item is not None and item.question.kind in ("select_one", "select_multiple") \
        and bool(choices_of(d.instrument, item)) and len(choices_of(d.instrument, item) or []) <= 20
    mark = "circled" if printed else "recorded"
    if len(atom.values) == 1:
        code = atom.values[0]
        label = d.choice_label(atom.name, code) if printed else None
        shown = w["code_label"].format(code=code, label=_caps(label, lang)) if label \
            else w["code"] + " " + code
        key = f"one_{mark}" if atom.op == "in" else f"one_not_{mark}"
        return w[key].format(code=shown, q=number)
    key = f"any_{mark}" if atom.op == "in" else f"none_{mark}"
    codes = _codes(list(atom.values), w)
    if text_direction(lang) == "rtl":  # a code range keeps its order in right-to-left text
        codes = f"\u2066{codes}\u2069"
    return w[key].format(codes=codes, q=number)


def _codes(values: list[str], w: dict[str, str]) -> str:
    """'1 to 5' (en dash) for a run of consecutive codes, else '977, 998, 999'."""
    if all(v.isdigit() for v in values):
        nums = sorted(int(v) for v in values)
        if len(nums) > 2 and nums == list(range(nums[0], nums[-1] + 1)):
            return f"{nums[0]}\u2013{nums[-1]}"
    return w["list_sep"].join(values)


def _caps(label: str | None, lang: str) -> str:
    return (label or "") if lang.split("-")[0] == "ar" else (label or "").upper()

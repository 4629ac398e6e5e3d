"""Arrows and CHECK targets an interviewer reads literally, proved on every answer class.

The paper is a list of rows: numbered questions and numbered CHECK rows. An interviewer
starts at the first row, answers a question and follows its arrow (or goes to the next
row), and at a CHECK goes on when it holds and to its NO target otherwise.

Routing is worked out on *answer classes* rather than real answers: for each question,
one representative value per distinct outcome of every condition that reads it (every
printed category, each side of each number a condition compares with). States (the
values recorded so far, restricted to those a later condition reads) are carried row by
row. An arrow points at the first row that the states taking it actually read next: a
CHECK whose outcome they all share is passed over, and a question none of them is asked
is skipped. A placement of CHECK rows is *sound* when every state reaching a question is
one the form asks it of; the plan keeps as few CHECK rows as soundness allows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from generator.bank.model import Choice
from generator.logic import all_hold, evaluate, truth
from generator.logic.ast import Binary, Call, Expr, Num, Ref, Str, refs, walk
from generator.logic.values import Value

State = tuple[tuple[str, Value | int], ...]
"""Recorded values (name, value), sorted by name: hashable."""
Classes = dict[str, list[Value | int]]


@dataclass(frozen=True, slots=True)
class Question:
    """What the router needs to know of a printed question."""

    name: str
    conditions: list[Expr]
    answers: list[Value | int]
    """One value per answer class."""
    arrows: frozenset[str]
    """The answer codes printed as categories, which may carry arrows."""


@dataclass(frozen=True, slots=True)
class Box:
    """A CHECK row: go on when every condition holds, else jump past the run it guards."""

    conditions: list[Expr]
    run: int
    """How many questions after it the box guards."""


RowSpec = Question | Box


@dataclass(slots=True)
class Routed:
    """Where each row sends the interviewer (row indexes; len(rows) is the section's end)."""

    sound: bool
    arrows: dict[int, dict[str, int]]
    """Question row → printed code → target row, for codes not going to the next row; code
    '' is the arrow of every other answer (then every printed code has its own arrow)."""
    no_target: dict[int, int]
    """CHECK row → target row when it does not hold."""
    reached: dict[int, int]
    """Row → how many states reach it (0: unreachable)."""
    says_no: dict[int, bool]
    """CHECK row → whether some state reaching it is sent to its NO target."""
    at_box: dict[int, set[State]]
    """CHECK row → the states reaching it."""
    out: set[State]


def asks(conditions: list[Expr], env: dict[str, Value | int]) -> bool:
    """Whether the form asks a question with these conditions (relevance must be true)."""
    return all_hold(conditions, env) is True


Memo = dict[tuple[int, State], bool]


def route(rows: Sequence[RowSpec], states: Iterable[State], after: frozenset[str],
          canon: dict[str, dict[Value | int, Value | int]], memo: Memo) -> Routed:
    """Propagate `states` through `rows`, choosing each arrow and NO target.

    `after` names the values read after the section; a state keeps only what is still read.
    `memo` keeps whether conditions hold in a state, across calls on the same rows.
    """

    def holds(row: RowSpec, state: State) -> bool:
        key = (id(row.conditions), state)
        if key not in memo:
            memo[key] = asks(row.conditions, dict(state))
        return memo[key]

    size = len(rows)
    live = _liveness(rows, after)
    pending: dict[int, set[State]] = {0: {_project(dict(s), live[0], canon) for s in states}}
    result = Routed(True, {}, {}, {}, {}, {}, set())
    for r in range(size):
        here = pending.pop(r, set())
        result.reached[r] = len(here)
        if not here:
            continue
        row = rows[r]
        if isinstance(row, Box):
            yes = {s for s in here if holds(row, s)}
            no = here - yes
            result.says_no[r] = bool(no)
            result.at_box[r] = here
            _add(pending, r + 1, yes, live, canon)
            end = r + 1 + row.run
            target = _land(rows, no, end, holds) if no else end
            result.no_target[r] = target
            _add(pending, target, no, live, canon)
            continue
        if not all(holds(row, s) for s in here):
            result.sound = False
        by_answer: dict[str, set[State]] = {}
        for s in here:
            for value in row.answers:
                nxt = tuple(sorted({**dict(s), row.name: value}.items()))
                by_answer.setdefault(str(value), set()).add(nxt)
        arrows: dict[str, int] = {}
        rest = {st for code, group in by_answer.items() if code not in row.arrows
                for st in group}
        then = _land(rows, rest, r + 1, holds) if rest else r + 1
        if not _skips_a_question(rows, r, then):
            then = r + 1
        if then != r + 1:  # one arrow for every answer not printed as a category
            arrows[""] = then
            _add(pending, then, rest, live, canon)
        elif rest:
            _add(pending, r + 1, rest, live, canon)
        for code, group in by_answer.items():
            if code not in row.arrows:
                continue
            target = _land(rows, group, r + 1, holds)
            if not _skips_a_question(rows, r, target):
                target = r + 1
            if target != r + 1 or then != r + 1:
                arrows[code] = target
            _add(pending, target, group, live, canon)
        if arrows:
            result.arrows[r] = arrows
    result.out = pending.pop(size, set())
    return result


def _skips_a_question(rows: Sequence[RowSpec], r: int, target: int) -> bool:
    """An arrow skips questions, never just a CHECK (which then could not say YES)."""
    return any(isinstance(q, Question) for q in rows[r + 1:target])


def _add(pending: dict[int, set[State]], row: int, states: set[State],
         live: list[frozenset[str]], canon: dict[str, dict[Value | int, Value | int]]) -> None:
    if states:
        pending.setdefault(row, set()).update(_project(dict(s), live[row], canon)
                                              for s in states)


def _liveness(rows: Sequence[RowSpec], after: frozenset[str]) -> list[frozenset[str]]:
    """For each row (and the end), the names read by a condition at or after it."""
    live = [after]
    names = set(after)
    for row in reversed(rows):
        names |= {r.name for c in row.conditions for r in refs(c)}
        live.append(frozenset(names))
    live.reverse()
    return live


def _land(rows: Sequence[RowSpec], states: set[State], start: int,
          holds: Callable[[RowSpec, State], bool]) -> int:
    """The first row from `start` that these states read: boxes they all pass or all fail
    are followed, questions none of them is asked are skipped."""
    pos = start
    while pos < len(rows):
        row = rows[pos]
        outcomes = {holds(row, s) for s in states}
        if isinstance(row, Box):
            if len(outcomes) > 1:
                return pos
            pos += 1 if outcomes == {True} else 1 + row.run
        elif outcomes == {False}:
            pos += 1
        else:
            return pos
    return pos


def _project(env: dict[str, Value | int], live: frozenset[str],
             canon: dict[str, dict[Value | int, Value | int]]) -> State:
    return tuple(sorted((k, canon.get(k, {}).get(v, v)) for k, v in env.items() if k in live))


def enter(states: Iterable[State], names: Iterable[str]) -> set[State]:
    """States entering a section: its questions blank (not asked yet)."""
    blank = {n: "" for n in names}
    return {tuple(sorted({**dict(s), **blank}.items())) for s in states}


@dataclass(slots=True)
class Reads:
    """How conditions read each value: the constants they compare it with."""

    compared: dict[str, set[tuple[str, Value]]]
    tests: dict[str, list[Expr]]
    """Name → the comparisons of that name with a constant."""
    opaque: set[str]
    """Names also read in other ways (arithmetic, two names compared …)."""
    canon: dict[str, dict[Value | int, Value | int]]
    """Name → value → the first value of its class that every comparison treats alike."""

    def merge(self, name: str, values: list[Value | int]) -> None:
        """Values of `name` that no condition tells apart become one (fewer states)."""
        if name in self.opaque or name not in self.tests:
            return
        firsts: dict[tuple[object, ...], Value | int] = {}
        table = self.canon.setdefault(name, {})
        for value in [*values, ""]:
            sig = tuple(truth(evaluate(t, {name: value})) for t in self.tests[name])
            table[value] = firsts.setdefault(sig, value)


def reads(exprs: Iterable[Expr]) -> Reads:
    """Every comparison of a name with a constant in `exprs`."""
    out = Reads({}, {}, set(), {})
    seen: dict[str, int] = {}
    simple: dict[str, int] = {}
    for expr in exprs:
        for node in walk(expr):
            if isinstance(node, Ref):
                seen[node.name] = seen.get(node.name, 0) + 1
            pair = _comparison(node)
            if pair is not None:
                name, op, value = pair
                simple[name] = simple.get(name, 0) + 1
                out.compared.setdefault(name, set()).add((op, value))
                out.tests.setdefault(name, []).append(node)
    out.opaque = {n for n, k in seen.items() if simple.get(n, 0) != k}
    return out


def _comparison(node: Expr) -> tuple[str, str, Value] | None:
    if isinstance(node, Binary) and node.op in ("=", "!=", "<", "<=", ">", ">="):
        for ref, const in ((node.left, node.right), (node.right, node.left)):
            if isinstance(ref, Ref) and isinstance(const, Str | Num):
                value: Value = const.value if isinstance(const, Str) else float(const.text)
                return ref.name, node.op, value
    if isinstance(node, Call) and node.name == "selected" and len(node.args) == 2:
        ref, const = node.args
        if isinstance(ref, Ref) and isinstance(const, Str):
            return ref.name, "selected", const.value
    return None


def answer_classes(kind: str, choices: list[Choice] | None,
                   compared: set[tuple[str, Value]], special: list[int]) -> list[Value | int]:
    """One value per distinct routing outcome of a question's answer."""
    if kind == "select_multiple":
        codes = sorted({str(v) for op, v in compared if op == "selected"})
        # `${many} = 'other'` compares the whole answer: each such answer is a class too
        whole = sorted({str(v) for op, v in compared if op != "selected"} - {""} - set(codes))
        other = next((c.value for c in choices or [] if c.value not in codes + whole), "0")
        out = [*codes, other, " ".join(codes)] if codes else [other]
        return [*out, *(w for w in whole if w not in out)]
    if kind == "select_one" and choices:
        if len(choices) <= 20:
            return [c.value for c in choices]
        codes = sorted({str(v) for _, v in compared} - {""})
        other = next(c.value for c in choices if c.value not in codes)
        return [*codes, other]
    if kind in ("integer", "decimal"):
        numbers: set[int] = {1, *special}
        for _, v in compared:
            if isinstance(v, float) or (isinstance(v, str) and v.lstrip("-").isdigit()):
                n = int(float(v))
                numbers.update((n - 1, n, n + 1))
        return list(sorted(numbers))
    return [*sorted({str(v) for _, v in compared} - {"", "x"}), "x"]


def simplify(expr: Expr, envs: list[dict[str, Value | int]]) -> Expr:
    """`expr` without the parts that read the same for every state reaching it: a
    conjunct true for all of them, a disjunct false for all of them."""
    if not envs:
        return expr
    out = _simplify(expr, envs)
    same = all((truth(evaluate(out, e)) is True) == (truth(evaluate(expr, e)) is True)
               for e in envs)
    return out if same else expr


def _simplify(expr: Expr, envs: list[dict[str, Value | int]]) -> Expr:
    if not (isinstance(expr, Binary) and expr.op in ("and", "or")):
        return expr
    parts = _flatten(expr, expr.op)
    drop = expr.op == "and"  # an 'and' drops what always holds, an 'or' what never does
    kept = [p for p in parts if {truth(evaluate(p, e)) is True for e in envs} != {drop}]
    if not kept:
        return parts[0]
    kept = [_simplify(p, envs) for p in kept]
    out = kept[0]
    for p in kept[1:]:
        out = Binary(expr.op, out, p)
    return out


def _flatten(expr: Expr, op: str) -> list[Expr]:
    if isinstance(expr, Binary) and expr.op == op:
        return _flatten(expr.left, op) + _flatten(expr.right, op)
    return [expr]

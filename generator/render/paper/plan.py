"""The paper plan: numbered questions, numbered CHECK rows and GO TO arrows, from the logic.

Every row an arrow names is printed with that number: a CHECK row is numbered after the
question it stands in front of (the CHECK in front of P08 is PC08), so question numbers
never move. Arrows and CHECK targets are worked out by `route` on every answer class:
an arrow points at the row the interviewer actually reads next. A CHECK row starts in
front of every question with a condition; each one that arrows make unnecessary is taken
away, so what remains are boxes that can say both YES and NO.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.bank.model import Choice
from generator.instrument.adapt import fill, placeholder_values
from generator.instrument.compile import Block, Instrument, Item
from generator.logic import parse, to_source
from generator.logic.ast import Binary, Current, Expr, Num, refs
from generator.render.paper.route import (
    Box,
    Memo,
    Question,
    Reads,
    Routed,
    RowSpec,
    State,
    answer_classes,
    enter,
    reads,
    route,
    simplify,
)

END = "END"
"""Skip target meaning 'go to the next section'."""


@dataclass(frozen=True, slots=True)
class Check:
    """A filter row: go on with the run of questions that follows only if `condition` holds."""

    number: str
    condition: Expr
    target: str
    """Number of the row to go to when the condition does not hold (or END)."""


@dataclass(slots=True)
class Entry:
    """One printed question."""

    item: Item
    number: str
    conditions: list[Expr]
    check: Check | None = None
    """The CHECK row printed in front of the run of questions this one belongs to."""
    skips: dict[str, str] = field(default_factory=dict)
    """Answer code → number of the row to go to (or END), when not the next one."""
    then: str = ""
    """The row every answer without a category of its own goes to, when not the next one
    (a write-in or a number; each printed category then carries its own arrow)."""

    @property
    def name(self) -> str:
        return self.item.name


@dataclass(frozen=True, slots=True)
class Section:
    block: Block
    entries: list[Entry]
    repeat: str | None
    """The repeat the section's questions belong to (member roster or emigrant roster)."""

    def rows(self) -> list[Check | Entry]:
        """The printed rows in order: each CHECK in front of the run it guards."""
        out: list[Check | Entry] = []
        for k, e in enumerate(self.entries):
            if e.check is not None and (k == 0 or self.entries[k - 1].check is not e.check):
                out.append(e.check)
            out.append(e)
        return out


@dataclass(frozen=True, slots=True)
class PaperPlan:
    instrument: Instrument
    sections: list[Section]

    def checks(self) -> list[Check]:
        """Every CHECK row of the questionnaire."""
        return [r for s in self.sections for r in s.rows() if isinstance(r, Check)]


def plan(inst: Instrument) -> PaperPlan:
    """Number, route and filter every question of the instrument for paper."""
    found = [(block, _entries(block)) for block in inst.blocks]
    found = [(b, e) for b, e in found if e]
    conds = [c for _, es in found for e in es for c in e.conditions]
    found_reads = reads(conds)
    read_after: list[frozenset[str]] = []
    names: set[str] = set()
    for _, es in reversed(found):
        read_after.append(frozenset(names))
        names |= {r.name for e in es for c in e.conditions for r in refs(c)}
    read_after.reverse()
    states: set[State] = {()}
    sections = []
    # values the router cannot follow (calculations, values from outside the form): a
    # section reading one keeps a CHECK in front of every filtered question and no arrows
    opaque = {r.name for c in conds for r in refs(c)} - {e.name for _, es in found for e in es}
    # a soft check (an `acknowledge` the device shows when answers disagree, e.g. a mother's
    # line that names a man) reads values the interviewer does not have on paper: it is left
    # to the device and to office editing, and does not take the arrows from its section
    found = [(b, [e for e in es if not _device_only(e, opaque)]) for b, es in found]
    for (block, entries), after in zip(found, read_after, strict=True):
        states = enter(states, (e.name for e in entries))
        if any(r.name in opaque for e in entries for c in e.conditions for r in refs(c)):
            _plain_section(block.module.meta.prefix, entries)
            opaque |= {e.name for e in entries}
        else:
            states = _route_section(inst, block.module.meta.prefix, entries, states, after,
                                    found_reads)
        repeat = "hh_members" if block.level.value == "person" else _repeat_of(block.items)
        sections.append(Section(block, entries, repeat))
    return PaperPlan(inst, sections)


def _device_only(entry: Entry, opaque: set[str]) -> bool:
    return entry.item.question.kind == "acknowledge" and any(
        r.name in opaque for c in entry.conditions for r in refs(c))


def printed_names(paper: PaperPlan) -> set[str]:
    """The questions the paper asks (soft checks left to the device are not among them)."""
    return {e.name for s in paper.sections for e in s.entries}


def _repeat_of(items: tuple[Item, ...]) -> str | None:
    return next((it.name for it in items if it.question.kind == "repeat"), None)


def _entries(block: Block) -> list[Entry]:
    out: list[Entry] = []

    def visit(items: tuple[Item, ...], inherited: list[Expr]) -> None:
        for it in items:
            own = [parse(it.question.relevant)] if it.question.relevant else []
            if it.question.is_container:
                visit(it.children, inherited + own)
            elif it.question.is_asked and it.number:
                out.append(Entry(it, it.number, inherited + own))

    visit(block.items, [])
    return out


def choices_of(inst: Instrument, item: Item) -> list[Choice] | None:
    """The printed categories of a select question (None for long generated lists)."""
    name = item.question.list_name
    if not name or item.xls_type == "text":
        return None
    return inst.choices.get(name)


def extra_choices(inst: Instrument, item: Item) -> list[Choice]:
    """The reserved codes printed under a coded write-in (stateless, don't know …), their
    placeholders filled (also when a subdivision list is a write-in without a country)."""
    name = item.question.list_name or ""
    raw = inst.bank.choices.get(name)
    extra: list[Choice] = getattr(raw, "extra", [])
    if not extra:
        return []
    listed = {c.value: c for c in inst.choices.get(name, [])}
    if all(c.value in listed for c in extra):
        return [listed[c.value] for c in extra]
    langs = [lang.code for lang in inst.languages]
    values = placeholder_values(inst.bank, langs, inst.country, inst.options.reference_date)
    return [Choice(code=c.code, label=fill(c.label, langs, values)) for c in extra]


def special_codes(item: Item) -> list[int]:
    """The `. = 9998` alternatives of a number's constraint (don't know, always …)."""
    expr = item.expr("constraint")
    if expr is None or item.question.kind not in ("integer", "decimal"):
        return []
    out: list[int] = []
    todo = [expr]
    while todo:
        node = todo.pop()
        if isinstance(node, Binary) and node.op == "or":
            todo += [node.right, node.left]
        elif isinstance(node, Binary) and node.op == "=" and \
                {type(node.left), type(node.right)} == {Current, Num}:
            num = node.right if isinstance(node.right, Num) else node.left
            assert isinstance(num, Num)
            out.append(int(float(num.text)))
    return out


def _route_section(inst: Instrument, prefix: str, entries: list[Entry], states: set[State],
                   after: frozenset[str], found: Reads) -> set[State]:
    """Place as few CHECK rows as soundness allows, then number and target them."""
    questions = []
    for e in entries:
        choices = choices_of(inst, e.item)
        kind = e.item.question.kind
        specials = special_codes(e.item)
        if kind == "select_one" and choices and len(choices) <= 20:
            printed = frozenset(c.value for c in choices)
        elif kind == "select_one":
            printed = frozenset(c.value for c in extra_choices(inst, e.item))
        else:
            printed = frozenset(str(c) for c in specials)
        answers = answer_classes(kind, choices, found.compared.get(e.name, set()),
                                 specials)
        answers += sorted(printed - {str(a) for a in answers})  # every printed code
        if not e.item.question.required and "" not in answers and \
                any(v == "" for _, v in found.compared.get(e.name, ())):
            answers.append("")  # a question that may be left blank, and a filter that asks
        found.merge(e.name, answers)
        questions.append(Question(e.name, e.conditions, answers, printed))
    need = [bool(e.conditions) for e in entries]
    memo: Memo = {}
    rows, index = _rows(questions, entries, need)
    routed = route(rows, states, after, found.canon, memo)
    for k in range(len(entries)):  # take away each box that arrows make unnecessary
        if not need[k] or (k > 0 and need[k - 1] and _key(entries[k - 1]) == _key(entries[k])):
            continue
        trial = list(need)
        end = k
        while end < len(entries) and need[end] and _key(entries[end]) == _key(entries[k]):
            trial[end] = False
            end += 1
        rows2, index2 = _rows(questions, entries, trial)
        routed2 = route(rows2, states, after, found.canon, memo)
        if routed2.sound:
            need, rows, index, routed = trial, rows2, index2, routed2
    _write(entries, rows, index, routed, prefix)
    return routed.out


def _plain_section(prefix: str, entries: list[Entry]) -> None:
    """A CHECK in front of every run of filtered questions, going to the row after the run."""
    need = [bool(e.conditions) for e in entries]
    questions = [Question(e.name, e.conditions, [], frozenset()) for e in entries]
    rows, index = _rows(questions, entries, need)
    no = {r: r + 1 + row.run for r, row in enumerate(rows) if isinstance(row, Box)}
    _write(entries, rows, index, Routed(True, {}, no, {}, {}, {}, set()), prefix)


def _key(entry: Entry) -> str:
    return " and ".join(to_source(c) for c in entry.conditions)


def _rows(questions: list[Question], entries: list[Entry], need: list[bool]
          ) -> tuple[list[RowSpec], list[int]]:
    """Row specs with a box in front of each run of guarded questions sharing conditions;
    and for each row, the entry it is (or the entry its box stands in front of)."""
    rows: list[RowSpec] = []
    index: list[int] = []
    k = 0
    while k < len(entries):
        if need[k]:
            end = k + 1
            while end < len(entries) and need[end] and _key(entries[end]) == _key(entries[k]):
                end += 1
            rows.append(Box(entries[k].conditions, end - k))
            index.append(k)
            for j in range(k, end):
                rows.append(questions[j])
                index.append(j)
            k = end
            continue
        rows.append(questions[k])
        index.append(k)
        k += 1
    return rows, index


def check_number(entry: Entry, prefix: str) -> str:
    """The CHECK row in front of P08 is PC08 (question numbers stay as they are)."""
    rest = entry.number.removeprefix(prefix) if prefix else entry.number
    return f"{prefix}C{rest}"


def _write(entries: list[Entry], rows: list[RowSpec], index: list[int], routed: Routed,
           prefix: str) -> None:
    numbers = [check_number(entries[index[r]], prefix) if isinstance(row, Box)
               else entries[index[r]].number for r, row in enumerate(rows)]

    def number(target: int) -> str:
        return END if target >= len(rows) else numbers[target]

    for e in entries:
        e.check, e.skips, e.then = None, {}, ""
    for r, row in enumerate(rows):
        e = entries[index[r]]
        if isinstance(row, Box):
            condition = simplify(_conjunction(row.conditions),
                                 [dict(st) for st in routed.at_box.get(r, set())])
            check = Check(numbers[r], condition,
                          number(routed.no_target.get(r, r + 1 + row.run)))
            for j in range(index[r], index[r] + row.run):
                entries[j].check = check
        else:
            arrows = routed.arrows.get(r, {})
            e.skips = {code: number(t) for code, t in arrows.items() if code}
            e.then = number(arrows[""]) if "" in arrows else ""


def _conjunction(conditions: list[Expr]) -> Expr:
    expr = conditions[0]
    for cond in conditions[1:]:
        expr = Binary("and", expr, cond)
    return expr

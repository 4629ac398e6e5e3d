"""The paper plan: numbered questions, GO TO arrows and CHECK boxes, derived from the logic.

Arrows come from partial evaluation: with one answer known and everything else unknown
(questions whose relevance turns false on the way count as not asked), the next question
that may still be asked is the answer's target. A question whose relevance the arrows of
a single earlier answer decide exactly needs nothing more; any other condition is printed
as a CHECK box in front of the run of consecutive questions that share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.bank.model import Choice
from generator.instrument.compile import Block, Instrument, Item
from generator.logic import UNKNOWN, all_hold, parse, to_source
from generator.logic.ast import Binary, Expr, refs
from generator.logic.values import Value

END = "END"
"""Skip target meaning 'go to the next section'."""


@dataclass(frozen=True, slots=True)
class Check:
    """A filter box: ask the run of questions that follows only if `condition` holds."""

    condition: Expr
    target: str
    """Number of the question to go to when the condition does not hold (or END)."""


@dataclass(slots=True)
class Entry:
    """One printed question."""

    item: Item
    number: str
    conditions: list[Expr]
    check: Check | None = None
    skips: dict[str, str] = field(default_factory=dict)
    """Answer code → number of the question to go to (or END), when not the next one."""

    @property
    def name(self) -> str:
        return self.item.name


@dataclass(frozen=True, slots=True)
class Section:
    block: Block
    entries: list[Entry]
    repeat: str | None
    """The repeat the section's questions belong to (member roster or emigrant roster)."""


@dataclass(frozen=True, slots=True)
class PaperPlan:
    instrument: Instrument
    sections: list[Section]


def plan(inst: Instrument) -> PaperPlan:
    """Number, route and filter every question of the instrument for paper."""
    sections = []
    for block in inst.blocks:
        entries = _entries(block)
        if not entries:
            continue
        _derive_skips(inst, entries)
        _derive_checks(inst, entries)
        repeat = "hh_members" if block.level.value == "person" else _repeat_of(block.items)
        sections.append(Section(block, entries, repeat))
    return PaperPlan(inst, sections)


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


def _derive_skips(inst: Instrument, entries: list[Entry]) -> None:
    for i, entry in enumerate(entries):
        choices = choices_of(inst, entry.item)
        if entry.item.question.kind != "select_one" or not choices or len(choices) > 20:
            continue
        for choice in choices:
            target = _first_possible(entries, i, {entry.name: choice.value})
            if target != i + 1:
                entry.skips[choice.value] = entries[target].number if target < len(entries) \
                    else END


def _first_possible(entries: list[Entry], i: int, known: dict[str, Value]) -> int:
    """Index of the first question after `i` that may be asked given `known`."""
    env: dict[str, Value] = dict(known)
    for j in range(i + 1, len(entries)):
        if all_hold(entries[j].conditions, env) is not False:
            return j
        env[entries[j].name] = ""  # certainly not asked: its value is empty
    return len(entries)


def _derive_checks(inst: Instrument, entries: list[Entry]) -> None:
    """CHECK boxes for every condition the arrows do not decide, to a fixed point."""
    position = {e.number: k for k, e in enumerate(entries)}
    need = [bool(e.conditions) for e in entries]
    _place_checks(entries, need)
    for _ in range(len(entries)):
        decided = [need[k] and _decided_by_arrows(inst, entries, k, position)
                   for k in range(len(entries))]
        changed = False
        for k in range(len(entries)):
            if decided[k]:
                need[k], changed = False, True
        for k in range(len(entries)):  # a box or arrow may now jump over a deciding answer
            if not need[k] and entries[k].conditions and not _unbypassed(entries, k, position):
                need[k], changed = True, True
        _place_checks(entries, need)
        if not changed:
            return


def _place_checks(entries: list[Entry], need: list[bool]) -> None:
    for e in entries:
        e.check = None
    k = 0
    while k < len(entries):
        if not need[k]:
            k += 1
            continue
        key = _key(entries[k].conditions)
        end = k + 1
        while end < len(entries) and need[end] and _key(entries[end].conditions) == key:
            end += 1
        skipped: dict[str, Value] = {e.name: "" for e in entries[k:end]}
        after = _first_possible(entries, end - 1, skipped)
        target = entries[after].number if after < len(entries) else END
        check = Check(_conjunction(entries[k].conditions), target)
        for e in entries[k:end]:
            e.check = check
        k = end


def _key(conditions: list[Expr]) -> str:
    return " and ".join(to_source(c) for c in conditions)


def _conjunction(conditions: list[Expr]) -> Expr:
    expr = conditions[0]
    for cond in conditions[1:]:
        expr = Binary("and", expr, cond)
    return expr


def _decider(entries: list[Entry], k: int) -> int | None:
    """The one earlier select question that `entries[k]`'s conditions read, if any."""
    names = {r.name for c in entries[k].conditions for r in refs(c)}
    if len(names) != 1:
        return None
    (name,) = names
    p = next((j for j in range(k) if entries[j].name == name), None)
    if p is None or entries[p].item.question.kind != "select_one":
        return None
    return p


def _targets(entry: Entry, position: dict[str, int], size: int) -> list[int]:
    gotos = list(entry.skips.values()) + ([entry.check.target] if entry.check else [])
    return [size if goto == END else position[goto] for goto in gotos]


def _unbypassed(entries: list[Entry], k: int, position: dict[str, int]) -> bool:
    """No arrow or box before the deciding answer lands between it and `entries[k]`,
    and when the deciding answer is itself filtered out, its box skips `entries[k]` too."""
    p = _decider(entries, k)
    if p is None:
        return False
    size = len(entries)
    if any(p < t <= k for j in range(p) for t in _targets(entries[j], position, size)):
        return False
    box = entries[p].check
    if entries[p].conditions:
        return box is not None and (box.target == END or position[box.target] > k)
    return True


def _decided_by_arrows(inst: Instrument, entries: list[Entry], k: int,
                       position: dict[str, int]) -> bool:
    """True when the arrows of one earlier answer route `entries[k]` exactly."""
    p = _decider(entries, k)
    if p is None or not _unbypassed(entries, k, position):
        return False
    name = entries[p].name
    choices = choices_of(inst, entries[p].item)
    if not choices:
        return False
    for choice in choices:
        asked = all_hold(entries[k].conditions, {name: choice.value})
        if asked is UNKNOWN:
            return False
        target = position.get(entries[p].skips.get(choice.value, ""), p + 1)
        if entries[p].skips.get(choice.value) == END:
            target = len(entries)
        if (asked is True) != (target <= k):
            return False
    return True

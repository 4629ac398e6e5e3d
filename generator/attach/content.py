"""The module to attach, as rows in three parts: survey parameters, person, household.

Rows come from the compiled instrument, like the standalone XLSForm's, but each keeps its
text per language and its expressions as source, so that merging can rename and translate
them for the host.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.bank.model import Level
from generator.instrument.compile import Block, Instrument, Item
from generator.logic import parse, to_source

EXPRESSIONS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count")
TEXTS = ("label", "hint", "constraint_message", "required_message")
_CONTAINERS = {"group": "begin_group", "repeat": "begin_repeat"}


@dataclass(slots=True)
class ModRow:
    """One row the module adds; `name` and expressions still use the bank's names."""

    kind: str
    """`begin_group`, `end_repeat`, or the question's XLSForm kind (`integer`…)."""
    type: str
    name: str
    block: str
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    """Field → language code → text."""
    exprs: dict[str, str] = field(default_factory=dict)
    required: bool = False
    appearance: str = ""
    list_name: str = ""

    @property
    def is_end(self) -> bool:
        return self.kind.startswith("end_")


@dataclass(slots=True)
class Content:
    """The compiled module split for attaching."""

    inst: Instrument
    parameters: list[ModRow]
    """Survey-level inputs (interview date, reference year…): before the roster."""
    members: list[ModRow]
    """The roster module's questions (line number, name, sex, age…): the member inputs."""
    person: list[ModRow]
    """Person-level blocks, each in its own group: inside the roster."""
    household: list[ModRow]
    """Household-level blocks and the emigrant roster, each in its own group: after it."""
    blocks: list[tuple[str, str]] = field(default_factory=list)
    """(block id, part) in order, for the plan."""

    @property
    def inputs(self) -> dict[str, ModRow]:
        """The rows a host question may stand for, by name."""
        return {r.name: r for r in self.parameters + self.members if not r.is_end}


def content_of(inst: Instrument) -> Content:
    """Split the instrument's blocks; parameters are household blocks before the roster."""
    parameters: list[ModRow] = []
    members: list[ModRow] = []
    person: list[ModRow] = []
    household: list[ModRow] = []
    blocks: list[tuple[str, str]] = []
    seen_person = False
    for block in inst.blocks:
        if block.level is Level.PERSON:
            seen_person = True
            if block.module.meta.roster:
                members.extend(_rows(block.items, block.id))
                blocks.append((block.id, "member inputs"))
            else:
                person.extend(_group(block))
                blocks.append((block.id, "person"))
        elif not seen_person:
            parameters.extend(_rows(block.items, block.id))
            blocks.append((block.id, "survey inputs"))
        else:
            household.extend(_group(block))
            blocks.append((block.id, "household"))
    return Content(inst, parameters, members, person, household, blocks)


def _group(block: Block) -> list[ModRow]:
    title = {"label": dict(block.title)}
    return [ModRow("begin_group", "begin_group", block.id, block.id, title),
            *_rows(block.items, block.id),
            ModRow("end_group", "end_group", block.id, block.id)]


def _rows(items: tuple[Item, ...], block: str) -> list[ModRow]:
    out: list[ModRow] = []
    for item in items:
        q = item.question
        kind = _CONTAINERS.get(q.kind, q.kind)
        is_text = item.xls_type == "text"
        row = ModRow(kind, _CONTAINERS.get(q.kind, item.xls_type), q.name, block,
                     {f: dict(item.texts[f]) for f in TEXTS if f in item.texts},
                     required=q.required,
                     appearance="" if is_text else (q.appearance or ""),
                     list_name="" if is_text else (q.list_name or ""))
        if is_text:
            row.kind = "text"
        for fld in EXPRESSIONS:
            source = item.calculation if fld == "calculation" else getattr(q, fld)
            if source is not None and not (fld == "choice_filter" and is_text):
                row.exprs[fld] = to_source(parse(source))
        out.append(row)
        if q.is_container:
            out.extend(_rows(item.children, block))
            end = "end_repeat" if q.kind == "repeat" else "end_group"
            out.append(ModRow(end, end, q.name, block))
    return out

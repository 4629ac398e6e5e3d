"""What the questionnaire template receives: plain view objects, one language at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from generator.bank.model import Choice, text_direction
from generator.instrument.compile import HOUSEHOLD, Instrument, Item
from generator.instrument.describe import Describer
from generator.logic.ast import Expr, Num, refs, walk
from generator.render.paper.layout import (
    RESULT_CODES,
    ROSTER_LINES,
    VISITS,
    language_codes,
    layout_of,
    part_of,
)
from generator.render.paper.names import appendix
from generator.render.paper.plan import (
    END,
    Check,
    Entry,
    PaperPlan,
    Section,
    choices_of,
    extra_choices,
    special_codes,
)
from generator.render.paper.wording import check_text
from generator.render.paper.words import words

_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_NAMES = {"member_name", "em_name"}
_LINES = {"line_no"}
"""Line numbers, pre-printed on every line of a roster."""
GRID_WIDTH = 7
"""Questions per grid table; a wider grid continues in a second table."""


@dataclass(frozen=True, slots=True)
class Category:
    label: str
    code: str
    goto: str


@dataclass(frozen=True, slots=True)
class Row:
    """One printed question (kind 'question') or filter box (kind 'check')."""

    kind: str
    number: str
    text: str
    instruction: str = ""
    response: str = "categories"
    """'categories', 'multi', 'digits', 'write', 'coded' (write-in plus code boxes)."""
    categories: list[Category] = field(default_factory=list)
    digits: int = 0
    goto: str = ""
    anchor: str = ""
    scope: str = "line"
    """A CHECK's reach in a grid: 'line' (one member or emigrant) or 'section' (the household's
    answers decide for the whole table)."""


@dataclass(frozen=True, slots=True)
class SectionView:
    id: str
    title: str
    layout: str
    """'pages' (four columns, one copy per person or household) or 'grid' (one row a line)."""
    rows: list[Row]
    lines: int = 0
    line_label: str = ""
    person: bool = False
    part: str = "household"
    """'household' (the household questionnaire) or 'individual' (one copy per member)."""
    roster: bool = False
    """The household schedule itself: residence columns, probes, continuation sheet."""

    @property
    def grid_parts(self) -> list[list[Row]]:
        """The grid's columns (questions and CHECK columns) in tables of at most GRID_WIDTH."""
        cols = [r for r in self.rows if r.scope != "section"]
        return [cols[i:i + GRID_WIDTH] for i in range(0, len(cols), GRID_WIDTH)]

    @property
    def units(self) -> list[list[Row]]:
        """Rows that are printed unbroken: a CHECK together with the question it guards."""
        out: list[list[Row]] = []
        for row in self.rows:
            if out and out[-1][-1].kind == "check":
                out[-1].append(row)
            else:
                out.append([row])
        return out


@dataclass(frozen=True, slots=True)
class PaperView:
    lang: str
    dir: str
    words: dict[str, str]
    title: str
    country: str
    form_id: str
    version: str
    paper_size: str
    sections: list[SectionView]
    countries: list[list[list[Category]]]
    """The country-code appendix: pages of columns that read down, then across."""
    regions: list[list[list[Category]]]
    """The region-code appendix (with a survey country), laid out the same way."""
    languages: list[tuple[str, str]]
    """Language codes for the cover (code, name)."""
    region_width: int = 3
    """Boxes for the region code on the cover (the widest code of the survey country's)."""
    visits: int = VISITS
    results: int = RESULT_CODES

    @property
    def household(self) -> list[SectionView]:
        return [s for s in self.sections if s.part == "household"]

    @property
    def individual(self) -> list[SectionView]:
        return [s for s in self.sections if s.part == "individual"]

    @property
    def schedule(self) -> list[SectionView]:
        """The member grids that continue on the continuation sheet."""
        return [s for s in self.household if s.layout == "grid" and s.person]


def paper_view(paper: PaperPlan, lang: str, paper_size: str = "A4") -> PaperView:
    """The view of the whole questionnaire in one language."""
    inst = paper.instrument
    w = words(lang, inst.bank.meta.words, inst.bank.meta.default_language)
    describer = Describer.of(inst, lang)
    sections = [_section(inst, s, lang, describer, w, paper.sections) for s in paper.sections]
    country = inst.country.names.get(lang, "") if inst.country else w["no_country"]
    countries = next((choices_of(inst, e.item) for s in paper.sections for e in s.entries
                      if e.item.question.list_name == "countries"), None) or []
    listed = [Category(c.label.get(lang, ""), f"{int(c.value):03d}", "") for c in countries
              if int(c.value) < 900]
    regions = [Category(c.label.get(lang, ""), c.value, "")
               for c in _subdivisions(inst, paper)]
    region_codes = [c.value for c in inst.choices.get("region", [])]
    return PaperView(lang, text_direction(lang), w, inst.title.get(lang, ""),
                     country, inst.form_id, inst.version, paper_size, sections,
                     appendix(listed, lang), appendix(regions, lang),
                     language_codes(inst, lang), max(map(len, region_codes), default=3))


def _subdivisions(inst: Instrument, paper: PaperPlan) -> list[Choice]:
    """The survey country's regions, when a question codes them (a long generated list)."""
    for s in paper.sections:
        for e in s.entries:
            name = e.item.question.list_name
            listed = inst.choices.get(name or "") if name else None
            if listed and name not in ("countries", "citizenship_countries") and \
                    all("-" in c.value for c in listed) and len(listed) > 20:
                return listed
    return []


def _section(inst: Instrument, section: Section, lang: str, describer: Describer,
             w: dict[str, str], every: list[Section]) -> SectionView:
    rows: list[Row] = []
    for row in section.rows():
        if isinstance(row, Check):
            rows.append(Row("check", row.number, check_text(row, describer, lang),
                            goto=_goto(row.target, w), anchor=row.number,
                            scope=_scope(row.condition, inst)))
        else:
            rows.append(_row(inst, row, lang, w))
    block = section.block
    layout = layout_of(section, every)
    if layout == "grid":  # on a line, the end of the section is the next member's line
        rows = [r if r.scope == "section" else
                replace(r, goto=w["next_line"]) if r.goto == w["next_section"] else
                replace(r, categories=[replace(c, goto=w["next_line"])
                                       if c.goto == w["next_section"] else c
                                       for c in r.categories]) for r in rows]
    label = w["line"] if section.repeat == "hh_members" else w["emigrant_line"]
    return SectionView(block.id, block.title.get(lang, ""), layout, rows,
                       ROSTER_LINES if layout == "grid" else 0, label,
                       section.repeat == "hh_members", part_of(section, layout),
                       block.module.meta.roster)


def _scope(condition: Expr, inst: Instrument) -> str:
    """'section' when the condition reads only answers given once per household."""
    records = _records(inst)
    names = {r.name for r in refs(condition)}
    return "section" if all(records.get(n) == HOUSEHOLD for n in names) else "line"


def _records(inst: Instrument) -> dict[str, str]:
    out: dict[str, str] = {}

    def visit(items: tuple[Item, ...]) -> None:
        for it in items:
            out[it.name] = it.record
            visit(it.children)

    for block in inst.blocks:
        visit(block.items)
    return out


def _goto(target: str, w: dict[str, str]) -> str:
    return w["next_section"] if target == END else target


def _text(item: Item, fld: str, lang: str, w: dict[str, str]) -> str:
    text = item.texts.get(fld, {}).get(lang, "")
    return _REF.sub(lambda m: w["name"] if m.group(1) in _NAMES else
                    w["line_ref"] if m.group(1) in _LINES else f"({m.group(1).upper()})", text)


def _row(inst: Instrument, entry: Entry, lang: str, w: dict[str, str]) -> Row:
    item, q = entry.item, entry.item.question
    text, hint = _text(item, "label", lang, w), _text(item, "hint", lang, w)
    then = _goto(entry.then, w) if entry.then else ""
    choices = choices_of(inst, item)
    if q.kind in ("select_one", "select_multiple") and choices and len(choices) <= 20:
        cats = [Category(c.label.get(lang, ""), c.value, _goto(entry.skips[c.value], w)
                         if c.value in entry.skips else "") for c in choices]
        kind = "multi" if q.kind == "select_multiple" else "categories"
        if kind == "multi":
            hint = f"{hint} {w['circle_all']}".strip() if w["circle_all"] not in hint else hint
        return Row("question", entry.number, text, hint, kind, cats, anchor=entry.number,
                   goto=then)
    if q.kind == "select_one" or (item.xls_type == "text" and q.list_name):
        extras = _extras(inst, entry, lang)
        note = w["see_codes"] if q.list_name in ("countries", "citizenship_countries") \
            else w["write_code"]
        return Row("question", entry.number, text, f"{hint} {note}".strip(), "coded", extras,
                   goto=then, digits=_code_width(inst, entry), anchor=entry.number)
    if q.kind in ("integer", "decimal"):
        digits = _digits(item)
        specials = [Category(_special_label(str(code), digits, w), str(code),
                             _goto(entry.skips[str(code)], w) if str(code) in entry.skips else "")
                    for code in special_codes(item)]
        return Row("question", entry.number, text, hint, "digits", specials, digits=digits,
                   goto=then,
                   anchor=entry.number)
    return Row("question", entry.number, text, hint, "write", anchor=entry.number, goto=then)


def _extras(inst: Instrument, entry: Entry, lang: str) -> list[Category]:
    """The reserved codes printed under a write-in (stateless, don't know…), with arrows."""
    w = words(lang)
    return [Category(c.label.get(lang, ""), c.value,
                     _goto(entry.skips[c.value], w) if c.value in entry.skips else "")
            for c in extra_choices(inst, entry.item)]


def _code_width(inst: Instrument, entry: Entry) -> int:
    """Boxes for a written-in code: the list's widest code (the number after the country
    prefix of a subdivision code such as KE-47), reserved codes included; 3 for countries."""
    codes = [c.value for c in inst.choices.get(entry.item.question.list_name or "", [])]
    codes += [c.value for c in extra_choices(inst, entry.item)]
    tails = [c.rsplit("-", 1)[-1] for c in codes]
    return max((len(t) for t in tails if t.isdigit()), default=3)


def _special_label(code: str, width: int, w: dict[str, str]) -> str:
    """Don't know and refused by the width rule (98 / 9998 …, 99 / 9999 …), else 'see the
    instruction'."""
    if code == "9" * (width - 1) + "8":
        return w["dont_know"]
    if code == "9" * width:
        return w["refused"]
    return w["special"]


def _digits(item: Item) -> int:
    """Boxes for a number: as many as the widest number its constraint allows."""
    from generator.logic import parse

    widest = 2
    if item.question.constraint:
        for node in walk(parse(item.question.constraint)):
            if isinstance(node, Num) and node.text.isdigit():
                widest = max(widest, len(node.text))
    return widest

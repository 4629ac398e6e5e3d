"""A host form compiled into an Instrument, so the paper renderer plans and draws it as it
does the standard module: the same GO TO arrows, CHECK boxes and layout."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.bank.model import (
    Bank,
    BankMeta,
    Choice,
    Language,
    Level,
    Module,
    ModuleMeta,
    Question,
    Tier,
)
from generator.hostform.exprs import Opaque, Translator, quote
from generator.hostform.notes import Notes
from generator.hostform.source import Form, prt
from generator.hostform.texts import pick
from generator.hostform.tree import Node, Part, cut, nodes_of
from generator.instrument.compile import Block, BuildOptions, Instrument, Item
from generator.issues import Issue
from generator.logic import to_source

_RESERVED_LISTS = {"countries", "citizenship_countries"}
"""List names the paper treats as the standard country list."""


@dataclass(frozen=True, slots=True)
class PrintOptions:
    languages: tuple[str, ...] = ()
    """Language codes or host language names; empty means every language of the form."""
    number_column: str | None = None
    """A survey-sheet column holding question numbers (default: number by section)."""
    paper_size: str = "A4"


@dataclass(slots=True)
class HostPaper:
    """The compiled host form and what the paper could not put in plain words."""

    instrument: Instrument
    form: Form
    """The form as pyxform read it."""
    opaque: list[Opaque]
    """Conditions printed as quotations (their variables are hidden items)."""
    unevaluated: list[str] = field(default_factory=list)
    """Hidden fields whose value the paper cannot work out (outside the subset)."""
    numbers: dict[str, str] = field(default_factory=dict)
    """Host name → printed number."""
    host_names: dict[str, str] = field(default_factory=dict)
    """Safe name → host name."""


def compile_form(form: Form, options: PrintOptions) -> tuple[HostPaper | None, list[Issue]]:
    """The host form as an Instrument; bad options are located errors."""
    file = form.path.name
    langs, found = _languages(form, options.languages)
    nodes, names = nodes_of(form.tree)
    tr = Translator(names)
    _conditions(nodes, tr)
    title = form.tree.get("title") or form.tree.get("name") or form.path.stem
    parts = cut(nodes, title)
    numbers, bad = _numbers(parts, options.number_column, form)
    found.extend(bad)
    if any(i.severity.value == "error" for i in found):
        return None, found
    by_host = {n.host: numbers[n.name] for p in parts for n in _walk(p.items)
               if n.name in numbers}
    lists = _lists(form.tree)
    b = _Builder(form, langs, tr, numbers, by_host, lists)
    blocks = [b.block(k, p) for k, p in enumerate(parts)]
    if tr.opaque and blocks:
        blocks[0] = b.with_opaque(blocks[0])
    for op in tr.opaque:
        found.append(prt("PRT003", f"{op.field} of '{op.question}' printed as a quoted "
                         f"condition: {quote(op.source, by_host)}", file,
                         form.rows.get(op.question, 0), f"survey[{op.question}].{op.field}"))
    codes = [code for _, code in langs]
    languages = tuple(Language.model_construct(code=c, name=h) for h, c in langs)
    form_id = str(form.tree.get("id_string") or form.path.stem)
    version = str(form.tree.get("version") or "")
    titles = {c: pick(title, h, [x for x, _ in langs]) for h, c in langs}
    modules = [blk.module for blk in blocks]
    bank = Bank.model_construct(
        meta=BankMeta.model_construct(id=form_id, title=titles, version=version,
                                      languages=list(languages),
                                      modules=[m.meta.id for m in modules], placeholders={}),
        modules=modules, choices=dict(b.choices), indicators={})
    inst = Instrument(bank, BuildOptions(paper_size=options.paper_size, languages=tuple(codes)),
                      languages, tuple(blocks), dict(b.choices), form_id, version, titles, None)
    hidden = [n.host for p in parts for n in _walk(p.items)
              if n.kind == "calculate" and n.name not in b.calculated and n.host]
    safe = {v: k for k, v in names.items()}
    return HostPaper(inst, form, tr.opaque, hidden, by_host, safe), found


def _walk(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for n in nodes:
        out.append(n)
        out.extend(_walk(n.children))
    return out


def _languages(form: Form, wanted: tuple[str, ...]) -> tuple[list[tuple[str, str]], list[Issue]]:
    """(host name, code) of the languages to print."""
    pairs = list(form.languages.items())
    if not wanted:
        return pairs, []
    out, found = [], []
    for w in wanted:
        hit = next(((h, c) for h, c in pairs if w.casefold() in (h.casefold(), c.casefold())),
                   None)
        if hit is None:
            known = ", ".join(f"{c} ({h})" for h, c in pairs)
            found.append(prt("PRT004", f"the form has no language '{w}'", "--languages",
                             hint=f"the form's languages: {known}"))
        elif hit not in out:
            out.append(hit)
    return out, found


def _conditions(nodes: list[Node], tr: Translator) -> None:
    for n in nodes:
        source = (n.raw.get("bind") or {}).get("relevant")
        if isinstance(source, str) and source.strip():
            n.relevant = tr.condition(source, n.host, "relevant")
        _conditions(n.children, tr)


def _numbers(parts: list[Part], column: str | None,
             form: Form) -> tuple[dict[str, str], list[Issue]]:
    """Printed numbers: the numbering column's, else the section letter and a count."""
    found: list[Issue] = []
    printed = [[n for n in _walk(p.items) if n.printed] for p in parts]
    key = None
    if column:
        key = next((k for n in _walk([x for p in parts for x in p.items]) for k in n.raw
                    if k.casefold() == column.casefold()), None)
        if key is None:
            found.append(prt("PRT005", f"the survey sheet has no column '{column}' with "
                             "numbers", form.path.name, path="--number-column"))
            return {}, found
    out: dict[str, str] = {}
    for k, nodes in enumerate(printed):
        letter = _letters(k)
        used: set[str] = set()
        last, suffix = "", 0
        for i, n in enumerate(nodes, start=1):
            given = _clean(n.raw.get(key)) if key else ""
            if given and given not in used:
                number, last, suffix = given, given, 0
            else:
                if given:
                    found.append(prt("PRT006", f"number '{given}' is used twice in one "
                                     "section", form.path.name, form.rows.get(n.host, 0),
                                     f"survey[{n.host}].{key}"))
                suffix += 1
                number = f"{last}{_letters(suffix - 1)}" if last else f"{letter}{i:02d}"
                while number in used:
                    suffix += 1
                    number = f"{last}{_letters(suffix - 1)}" if last else f"{number}A"
            used.add(number)
            out[n.name] = number
    return out, found


def _clean(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value or "").split())[:16]


def _letters(k: int) -> str:
    out = ""
    k += 1
    while k:
        k, rem = divmod(k - 1, 26)
        out = chr(65 + rem) + out
    return out


def _lists(tree: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    raw = tree.get("choices") or {}
    return {str(k): [c for c in v if isinstance(c, dict)] for k, v in raw.items()
            if isinstance(v, list)}


_LIST_SAFE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(slots=True)
class _Builder:
    form: Form
    langs: list[tuple[str, str]]
    tr: Translator
    numbers: dict[str, str]
    by_host: dict[str, str]
    lists: dict[str, list[dict[str, Any]]]
    choices: dict[str, list[Choice]] = field(default_factory=dict)
    calculated: set[str] = field(default_factory=set)
    list_names: dict[str, str] = field(default_factory=dict)

    def block(self, k: int, part: Part) -> Block:
        letter = _letters(k)
        notes = Notes(self.langs, self.by_host, self.tr, part.repeat, self.numbers)
        items = tuple(self.item(n, notes) for n in part.items)
        items = notes.finish(items)
        size = sum(1 for n in _walk(part.items) if n.printed)
        layout = "grid" if part.repeat is not None and size <= 14 else "pages"
        title = {c: notes.plain(pick(part.title, h, [x for x, _ in self.langs]))
                 for h, c in self.langs}
        meta = ModuleMeta.model_construct(
            id=f"section_{letter.lower()}", title=title, level=Level.HOUSEHOLD,
            tier=Tier.EXTENDED, source=self.form.path.name, prefix=letter, roster=False,
            inputs=[], paper_layout=layout, description={})
        module = Module.model_construct(meta=meta, questions=[], file=self.form.path.name)
        return Block(module, items, title)

    def item(self, n: Node, notes: Notes) -> Item:
        children = tuple(self.item(c, notes) for c in n.children)
        list_name = self.list_name(n)
        xls_type = f"{n.kind} {list_name}" if list_name else n.kind
        bind = n.raw.get("bind") or {}
        relevant = to_source(n.relevant) if n.relevant is not None else None
        constraint = self.tr.strict(str(bind.get("constraint") or "")) \
            if bind.get("constraint") else None
        calculation, parsed = None, None
        if n.kind == "calculate" and isinstance(bind.get("calculate"), str):
            parsed = self.tr.strict(bind["calculate"])
            if parsed is not None and _evaluable(parsed):
                calculation = to_source(parsed)
                self.calculated.add(n.name)
        q = Question.model_construct(
            name=n.name, type=xls_type, relevant=relevant,
            constraint=to_source(constraint) if constraint is not None else None,
            calculation=calculation, required=_required(bind.get("required")), questions=[])
        texts = notes.texts(n, constraint) if n.printed else {}
        if n.kind == "calculate" and isinstance(bind.get("calculate"), str):
            # a CHECK naming a hidden field says how the field is worked out
            shown = f"{n.host.upper()} [= {quote(bind['calculate'], self.by_host)}]"
            texts = {"short": {code: shown for _, code in self.langs}}
        if n.kind == "note":
            notes.add(n)
        exprs = {k: v for k, v in (("relevant", n.relevant), ("constraint", constraint))
                 if v is not None}
        if calculation is not None and parsed is not None:
            exprs["calculation"] = parsed
        return Item(q, "host", self.numbers.get(n.name), texts, children, xls_type,
                    calculation, exprs)

    def list_name(self, n: Node) -> str | None:
        if n.kind not in ("select_one", "select_multiple"):
            return None
        host = str(n.raw.get("list_name") or n.raw.get("itemset") or n.name)
        if host in self.list_names:
            return self.list_names[host]
        safe = host if _LIST_SAFE.fullmatch(host) and host not in _RESERVED_LISTS \
            else f"list_{len(self.list_names) + 1}"
        self.list_names[host] = safe
        raw = n.raw.get("choices") or self.lists.get(host)
        if raw:
            order = [h for h, _ in self.langs]
            self.choices[safe] = [Choice.model_construct(
                code=str(c.get("name", "")),
                label={code: " ".join(pick(c.get("label"), h, order).split()) or
                       str(c.get("name", "")) for h, code in self.langs}) for c in raw]
        return safe

    def with_opaque(self, block: Block) -> Block:
        """The first block with one hidden item per quoted condition (what CHECKs name)."""
        extra = []
        for op in self.tr.opaque:
            q = Question.model_construct(name=op.name, type="calculate", questions=[],
                                         required=False)
            text = f"[{quote(op.source, self.by_host)}]"
            extra.append(Item(q, "host", None, {"short": {c: text for _, c in self.langs}},
                              (), "calculate"))
        holder = Question.model_construct(name="quoted__conditions", type="group",
                                          questions=[], required=False)
        return Block(block.module, (Item(holder, "host", None, {}, tuple(extra), "group"),
                                    *block.items), block.title)


def _required(value: Any) -> bool:
    """pyxform's `required` bind (`true()` for yes); a dynamic condition counts as not
    required, since the answer may then be left blank."""
    return str(value or "").strip().casefold() in ("true()", "true", "yes", "1")


def _evaluable(expr: Any) -> bool:
    from generator.hostform.exprs import supported

    return supported(expr)

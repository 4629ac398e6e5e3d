"""Build the codebook view model from a compiled Instrument (selection, tier, country, languages).

Paths and records come from the XLSForm rows the form is made of, so they match the
submissions that ODK Central or KoboToolbox export.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from generator.bank.model import Level
from generator.instrument.compile import ROSTER_REPEAT, Instrument, Item, flat
from generator.instrument.describe import Describer
from generator.logic import PHRASES, Call, Current, Expr, Num, Str, refs, to_text
from generator.logic.ast import Binary
from generator.render.codebook.metadata import survey_metadata
from generator.render.codebook.model import (
    HOUSEHOLD,
    Codebook,
    Derivation,
    IndicatorEntry,
    IndicatorLink,
    IndicatorLinkOf,
    Record,
    Section,
    Text,
    ValueLabel,
    Variable,
)
from generator.render.codebook.words import words

_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
NOT_VARIABLES = ("group", "repeat", "note")


def build_codebook(inst: Instrument, timestamp: int = 0) -> Codebook:
    """The codebook of a compiled instrument; `timestamp` (seconds, UTC) dates it."""
    langs = [lang.code for lang in inst.languages]
    paths, records = _paths(inst)
    lists = {name: tuple(ValueLabel(c.value, _pick(c.label, langs), m, dict(c.recode.items()))
                         for c, m in zip(items, _missing_of([c.value for c in items]),
                                         strict=True))
             for name, items in inst.choices.items()}
    reserved = _reserved_labels(lists, langs)
    describers = {lang: Describer.of(inst, lang) for lang in langs}
    by_name = {it.name: it for it in inst.items()}
    inputs = {it.name: _inputs(it, by_name) for it in by_name.values()
              if it.question.derived and it.calculation}
    used_by: dict[str, list[str]] = {}
    for derived, names in inputs.items():
        for name in names:
            used_by.setdefault(name, []).append(derived)
    sections = []
    for block in inst.blocks:
        found = []
        for item, parents in _walk(block.items, ()):
            if item.question.kind in NOT_VARIABLES:
                continue
            path, record = paths[item.name]
            found.append(_variable(inst, item, parents, path, record, lists, reserved,
                                   describers, tuple(inputs.get(item.name, ())),
                                   tuple(used_by.get(item.name, ()))))
        meta = block.module.meta
        sections.append(Section(block.id, _pick(block.title, langs), meta.level.value,
                                meta.tier.value, meta.source.strip(), tuple(found)))
    variables = [v for s in sections for v in s.variables]
    country = None
    if inst.country is not None:
        c = inst.country
        country = {"alpha2": c.alpha2, "alpha3": c.alpha3, "numeric": c.numeric,
                   "name": _pick(c.names, langs)}
    moment = dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Codebook(
        inst.form_id, inst.version, _pick(inst.title, langs), inst.bank.meta.id,
        inst.bank.meta.version, inst.options.tier.value,
        tuple(b.id for b in inst.blocks if b.id not in inst.added), inst.added,
        tuple((lang.code, lang.name) for lang in inst.languages), country, moment,
        tuple(sections), tuple(records), {k: v for k, v in lists.items()},
        _indicators(inst, variables, langs),
        words={lang: words(lang, inst.bank.meta.words, inst.bank.meta.default_language)
               for lang in langs},
        survey=survey_metadata(inst, langs))


def _pick(text: dict[str, str], langs: list[str]) -> Text:
    return {lang: text.get(lang, "") for lang in langs}


def _walk(items: tuple[Item, ...], parents: tuple[Item, ...]
          ) -> Iterator[tuple[Item, tuple[Item, ...]]]:
    for it in items:
        yield it, parents
        yield from _walk(it.children, (*parents, it))


def _paths(inst: Instrument) -> tuple[dict[str, tuple[str, str]], list[Record]]:
    """Question name → (XForm path, record), and the records, as compiled."""
    out: dict[str, tuple[str, str]] = {}
    records = [Record(HOUSEHOLD, "", None)]
    for block in inst.blocks:
        if block.level is Level.PERSON and all(r.name != ROSTER_REPEAT for r in records):
            records.append(Record(ROSTER_REPEAT, ROSTER_REPEAT, HOUSEHOLD))
        for item in flat(block.items):
            if item.question.kind == "repeat":
                records.append(Record(item.name, item.path, item.record))
            elif not item.question.is_container:
                out[item.name] = (item.path, item.record)
    return out, records


def _missing_of(codes: list[str]) -> list[str | None]:
    """Reserved codes by field width: don't know 8/98/998…, refused 9/99/999…"""
    width = max((len(c) for c in codes if c.isdigit()), default=0)
    return [_reserved(c, width) for c in codes]


def _reserved(code: str, width: int) -> str | None:
    if width and code == "9" * (width - 1) + "8":
        return "dont_know"
    if width and code == "9" * width:
        return "refused"
    return None


def _reserved_labels(lists: dict[str, tuple[ValueLabel, ...]], langs: list[str]
                     ) -> dict[str, Text]:
    """The bank's own wording of "don't know" and "refused", from its code lists."""
    out: dict[str, Text] = {}
    for items in lists.values():
        for v in items:
            if v.missing and v.missing not in out and all(v.label.values()):
                out[v.missing] = v.label
    for kind in ("dont_know", "refused"):
        out.setdefault(kind, {lang: words(lang)[kind] for lang in langs})
    return out


def _storage(inst: Instrument, item: Item) -> str:
    q = item.question
    kind = q.kind
    if kind in ("integer", "decimal"):
        return "numeric"
    if kind == "select_one" and item.xls_type != "text":
        codes = [c.value for c in inst.choices.get(q.list_name or "", [])]
        return "numeric" if codes and all(_is_int(c) for c in codes) else "string"
    if kind in ("date", "today"):
        return "date"
    if kind == "calculate" and (q.derived or q.parameter):
        return "numeric"
    return "string"


def _is_int(text: str) -> bool:
    return text.lstrip("-").isdigit()


def _special_codes(item: Item, reserved: dict[str, Text], langs: list[str]
                   ) -> tuple[ValueLabel, ...]:
    """`. = 9998` alternatives of a numeric question's constraint, labelled."""
    q, constraint = item.question, item.expr("constraint")
    if constraint is None or q.kind not in ("integer", "decimal"):
        return ()
    out = []
    for term in _disjuncts(constraint):
        if isinstance(term, Binary) and term.op == "=":
            sides = {type(term.left), type(term.right)}
            if sides == {Current, Num}:
                num = term.right if isinstance(term.right, Num) else term.left
                assert isinstance(num, Num)
                missing = _reserved(num.text, len(num.text))
                label = (reserved[missing] if missing else
                         {lang: words(lang)["special_code"] for lang in langs})
                out.append(ValueLabel(num.text, label, missing))
    return tuple(out)


def _disjuncts(expr: Expr) -> list[Expr]:
    if isinstance(expr, Binary) and expr.op == "or":
        return _disjuncts(expr.left) + _disjuncts(expr.right)
    return [expr]


def _inputs(item: Item, by_name: dict[str, Item]) -> list[str]:
    """Variables a calculation reads, following other calculations, in first-seen order."""
    seen: dict[str, None] = {}
    calculation = item.expr("calculation")
    todo = [r.name for r in refs(calculation)] if calculation is not None else []
    while todo:
        name = todo.pop(0)
        if name in seen or name == item.name:
            continue
        seen[name] = None
        other = by_name.get(name)
        if other is None or other.question.kind in NOT_VARIABLES:
            del seen[name]  # a repeat (`${hh_members}` in indexed-repeat), not a variable
        elif other.question.kind == "calculate" and (calc := other.expr("calculation")):
            todo.extend(r.name for r in refs(calc))
    return list(seen)


def _variable(inst: Instrument, item: Item, parents: tuple[Item, ...], path: str, record: str,
              lists: dict[str, tuple[ValueLabel, ...]], reserved: dict[str, Text],
              describers: dict[str, Describer], inputs: tuple[str, ...],
              used_by: tuple[str, ...]) -> Variable:
    q = item.question
    langs = list(describers)
    texts = {fld: _pick(item.texts.get(fld, {}), langs)
             for fld in ("label", "hint", "universe", "definition", "constraint_message")}
    label = {lang: _REF.sub(lambda m: f"({m.group(1).upper()})", text)
             for lang, text in texts["label"].items()}
    conditions = [e for it in (*parents, item) if (e := it.expr("relevant")) is not None]
    plain = {lang: "; ".join(to_text(c, d, lang=_phrase_lang(lang)) for c in conditions)
             for lang, d in describers.items()}
    constraint = item.expr("constraint")
    constraint_plain = ({lang: to_text(constraint, d, current=q.name, lang=_phrase_lang(lang))
                         for lang, d in describers.items()} if constraint is not None else {})
    derivation = None
    calculation = item.expr("calculation")
    if q.derived and item.calculation and calculation is not None:
        derivation = Derivation(texts["definition"], item.calculation,
                                {lang: plain_calculation(calculation, d, lang)
                                 for lang, d in describers.items()}, inputs)
    list_name = q.list_name if q.list_name in lists and item.xls_type != "text" else None
    block = inst.bank.module(item.module)
    source = q.source or (block.meta.source.strip() if block else "")
    return Variable(
        q.name, item.module, record, path, item.number, item.xls_type, q.kind,
        _storage(inst, item), list_name, label, texts["label"], texts["hint"],
        texts["universe"], plain, q.relevant, q.constraint, constraint_plain,
        texts["constraint_message"], q.required, source, item.calculation,
        _special_codes(item, reserved, langs),
        tuple(IndicatorLink(link.id, link.role.value) for link in q.indicators),
        derivation, used_by, *inst.origin.get(q.name, ("standard", ())),
        dict(q.crosswalk.items()))


def _phrase_lang(lang: str) -> str:
    return lang if lang in PHRASES else "en"


def plain_calculation(expr: Expr, describer: Describer, lang: str) -> str:
    """A calculation in words: `1 if … ; 0 if … ; otherwise unknown (empty)`."""
    w = words(lang)
    cases: list[str] = []
    while isinstance(expr, Call) and expr.name == "if" and len(expr.args) == 3:
        cond, then, expr = expr.args
        text = to_text(cond, describer, lang=_phrase_lang(lang))
        cases.append(f"{_plain_value(then, describer, lang)} {w['if']} {text}")
    last = _plain_value(expr, describer, lang)
    return "; ".join([*cases, f"{w['otherwise']} {last}"]) if cases else last


def _plain_value(expr: Expr, describer: Describer, lang: str) -> str:
    if isinstance(expr, Str) and expr.value == "":
        return words(lang)["unknown"]
    if isinstance(expr, Call) and expr.name == "if":
        return f"({plain_calculation(expr, describer, lang)})"
    return to_text(expr, describer, lang=_phrase_lang(lang))


def _indicators(inst: Instrument, variables: list[Variable], langs: list[str]
                ) -> tuple[IndicatorEntry, ...]:
    """Catalogue entries fed by the selection, in catalogue order, with their variables."""
    links: dict[str, list[IndicatorLinkOf]] = {}
    for v in variables:
        for link in v.indicators:
            links.setdefault(link.id, []).append(IndicatorLinkOf(v.name, link.role))
    return tuple(IndicatorEntry(ind.id, _pick(ind.name, langs), tuple(ind.custodian), ind.kind,
                                tuple(links[ind.id]))
                 for ind in inst.bank.indicators.values() if ind.id in links)

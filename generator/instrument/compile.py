"""Compile a checked bank and build options into an Instrument that renderers draw."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from generator.bank.model import Bank, Choice, Language, Level, Module, Question, Tier
from generator.instrument.adapt import (
    Country,
    Texts,
    expand,
    fill,
    placeholder_values,
    resolve,
    script_issues,
)
from generator.instrument.parameters import parameter_values, with_parameters
from generator.instrument.profiles import resolve_profile
from generator.issues import Issue, Location, issue
from generator.logic import Expr, parse

ROSTER_REPEAT = "hh_members"
"""The household-member repeat that holds every person-level block."""
HOUSEHOLD = "household"
"""The record of questions asked once per household (outside any repeat)."""
HIDDEN_KINDS = ("calculate", "today", "start", "end")
"""Kinds an interviewer never sees; a block of only these gets no group."""
EXPRESSIONS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to build: a selection of the bank, its languages and the survey country."""

    modules: tuple[str, ...] = ()
    """Module ids; empty means every module of the bank."""
    tier: Tier = Tier.EXTENDED
    languages: tuple[str, ...] = ()
    """Language codes; empty means every language of the bank."""
    country: str | None = None
    reference_date: dt.date | None = None
    """Fills dated placeholders ("on 15 March 2022") and the reference-year parameters."""
    form_id: str | None = None
    version: str | None = None
    title: str | None = None
    paper_size: str = "A4"
    """Page size of printed outputs: A4 or Letter."""
    profile: str | None = None
    """A survey profile of the bank (census, lfs, dhs, origin, displacement)."""
    residence_rule: Literal["12m", "6m"] | None = None
    """P&R Rev.3 usual-residence option; sets the `residence_months` survey parameter."""
    parameters: tuple[tuple[str, int], ...] = ()
    """Survey parameters by name (`rc_window_years`, `working_age`); a profile's come first,
    these override them."""


@dataclass(frozen=True, slots=True)
class Item:
    """A question of the instrument: the bank question, its number and its filled texts."""

    question: Question
    module: str
    number: str | None
    texts: dict[str, dict[str, str]]
    """Field (label, hint, …) → language → text, placeholders filled."""
    children: tuple[Item, ...] = ()
    xls_type: str = ""
    """The XLSForm type: the bank's, or `text` for a subdivision list without a country."""
    calculation: str | None = None
    """The calculation, or the reference date's value for a parameter."""
    exprs: Mapping[str, Expr] = field(default_factory=dict)
    """Field (relevant, constraint, calculation, choice_filter, repeat_count) → parsed
    expression, parsed once here; renderers print or evaluate these, never the strings."""
    path: str = ""
    """The XForm path below the form's root, e.g. `hh_members/person_core/born_here`."""
    record: str = HOUSEHOLD
    """`household`, or the repeat whose rows hold this question (`hh_members`)."""

    @property
    def name(self) -> str:
        return self.question.name

    def expr(self, fld: str) -> Expr | None:
        """The parsed expression of a field, or None when the question has none."""
        return self.exprs.get(fld)


@dataclass(frozen=True, slots=True)
class Block:
    """One module as it appears in the instrument."""

    module: Module
    items: tuple[Item, ...]
    title: dict[str, str]

    @property
    def id(self) -> str:
        return self.module.meta.id

    @property
    def level(self) -> Level:
        return self.module.meta.level

    @property
    def grouped(self) -> bool:
        """Whether the block is an XLSForm group (it has something an interviewer sees)."""
        return not all(it.question.kind in HIDDEN_KINDS for it in self.items)


@dataclass(frozen=True, slots=True)
class Instrument:
    bank: Bank
    options: BuildOptions
    languages: tuple[Language, ...]
    blocks: tuple[Block, ...]
    choices: dict[str, list[Choice]]
    form_id: str
    version: str
    title: dict[str, str]
    country: Country | None
    added: tuple[str, ...] = field(default=())
    """Modules added to the selection because a selected module reads their questions."""
    origin: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """For a survey project: question → ('modified' or 'added', what changed)."""

    def items(self) -> list[Item]:
        """Every item in document order, children after their container."""
        return [it for block in self.blocks for it in flat(block.items)]


def compile_instrument(bank: Bank, options: BuildOptions,
                       standard: dict[str, str] | None = None,
                       origin: dict[str, tuple[str, tuple[str, ...]]] | None = None,
                       ) -> tuple[Instrument | None, list[Issue]]:
    """Select modules and questions, fill placeholders, number questions, expand lists.

    `standard` holds the standard bank's question numbers when a project changed the bank:
    they are kept (a dropped question leaves a gap), and added questions take the number of
    the question before them plus a letter (P04A).
    """
    options, keep, found = resolve_profile(bank, options)
    languages = _languages(bank, options, found)
    codes = [lang.code for lang in languages]
    country = None
    if options.country:
        country, bad = resolve(options.country, codes)
        found.extend(bad)
    modules, added = _select(bank, options, found)
    if found:
        return None, found
    values = placeholder_values(bank, codes, country, options.reference_date)
    params = parameter_values(bank, options)
    values.update({name: dict.fromkeys(codes, value) for name, value in params.items()})
    lists = {name: expand(bank.choices[name], codes, values, country, bank.meta.names)
             for name in _list_names(modules)}
    build = _Build(options, codes, values, {k: v for k, v in lists.items() if v is not None},
                   keep, params)
    blocks = [_placed(Block(m, build.items(m.questions, m, _numbers(m, standard)),
                            fill(m.meta.title, codes, values))) for m in modules]
    blocks = [b for b in blocks if b.items]
    version = options.version or bank.meta.version
    suffix = f"_{country.alpha3.lower()}" if country else ""
    form_id = options.form_id or f"{bank.meta.id}{suffix}_{options.profile or options.tier.value}"
    title = ({lang: options.title for lang in codes} if options.title
             else fill(bank.meta.title, codes, values))
    used = {it.question.list_name for b in blocks for it in flat(b.items)
            if it.xls_type != "text" and it.question.list_name}
    choices = {k: v for k, v in build.lists.items() if k in used}
    return Instrument(bank, options, tuple(languages), tuple(blocks), choices, form_id, version,
                      title, country, tuple(added), dict(origin or {})), script_issues(
                          bank, {k: v for k, v in lists.items() if k in used}, codes)


def _languages(bank: Bank, options: BuildOptions, found: list[Issue]) -> list[Language]:
    declared = {lang.code: lang for lang in bank.meta.languages}
    if not options.languages:
        return list(bank.meta.languages)
    unknown = [code for code in options.languages if code not in declared]
    if unknown:
        found.append(issue("TRN002", f"language {', '.join(unknown)} is not in the bank",
                           Location("--languages"),
                           hint=f"the bank's languages: {', '.join(declared)}"))
    return [declared[code] for code in options.languages if code in declared]


def _select(bank: Bank, options: BuildOptions,
            found: list[Issue]) -> tuple[list[Module], list[str]]:
    known = [m.meta.id for m in bank.modules]
    wanted = set(options.modules or known)
    for mid in options.modules:
        if mid not in known:
            found.append(issue("REF010", f"unknown module '{mid}'", Location("--modules"),
                               hint=f"the bank's modules: {', '.join(known)}"))
    if options.tier is Tier.CORE:
        wanted = {m for m in wanted if (mod := bank.module(m)) and mod.meta.tier is Tier.CORE}
    owner = {q.name: m.meta.id for m, q in bank.questions()}
    added: list[str] = []
    changed = True
    while changed:  # add the modules whose questions a selected module reads
        changed = False
        for mid in sorted(wanted):
            mod = bank.module(mid)
            needs = {owner[name] for name in (mod.meta.inputs if mod else []) if name in owner}
            if any(m.meta.level is Level.PERSON for m in bank.modules if m.meta.id == mid):
                needs |= {m.meta.id for m in bank.modules if m.meta.roster}
            for dep in needs - wanted:
                wanted.add(dep)
                added.append(dep)
                changed = True
    return [m for m in bank.modules if m.meta.id in wanted], added


def numbers(module: Module) -> dict[str, str]:
    """Stable question numbers over the whole module, whatever the tier selected."""
    out: dict[str, str] = {}
    for _, q in module.walk():
        if q.is_asked:
            out[q.name] = f"{module.meta.prefix}{len(out) + 1:02d}"
    return out


def _numbers(module: Module, standard: dict[str, str] | None) -> dict[str, str]:
    if standard is None or not any(q.name in standard for _, q in module.walk()):
        return numbers(module)
    out: dict[str, str] = {}
    last, letter = f"{module.meta.prefix}00", 0
    for _, q in module.walk():
        if not q.is_asked:
            continue
        if q.name in standard:
            last, letter = standard[q.name], 0
            out[q.name] = last
        else:
            letter += 1
            out[q.name] = f"{last}{chr(ord('A') + letter - 1)}"
    return out


@dataclass(frozen=True, slots=True)
class _Build:
    options: BuildOptions
    langs: list[str]
    values: Texts
    lists: dict[str, list[Choice]]
    keep: frozenset[str] | None = None
    """The questions a survey profile keeps (None: no profile)."""
    params: Mapping[str, str] = field(default_factory=dict)
    """Survey parameter → its value, written into the expressions that read it."""

    def items(self, questions: list[Question], module: Module,
              numbers: dict[str, str]) -> tuple[Item, ...]:
        out = []
        for q in questions:
            if self.options.tier is Tier.CORE and (q.tier or module.meta.tier) is Tier.EXTENDED:
                continue
            if self.keep is not None and q.name not in self.keep:
                continue
            q = with_parameters(q, self.params)
            texts = {fld: fill(getattr(q, fld), self.langs, self.values)
                     for fld in ("label", "hint", "constraint_message", "required_message",
                                 "universe", "definition") if getattr(q, fld)}
            children = self.items(q.questions, module, numbers)
            xls_type = q.type.strip()
            if q.list_name and q.list_name not in self.lists:  # subdivisions, no country
                xls_type = "text"
            calculation = self._calculation(q)
            sources = {"relevant": q.relevant, "constraint": q.constraint,
                       "calculation": calculation, "repeat_count": q.repeat_count,
                       "choice_filter": q.choice_filter if xls_type != "text" else None}
            exprs = {k: parse(v) for k, v in sources.items() if v is not None}
            out.append(Item(q, module.meta.id, numbers.get(q.name), texts, children, xls_type,
                            calculation, exprs))
        return tuple(out)

    def _calculation(self, q: Question) -> str | None:
        day = self.options.reference_date
        if day is not None and q.parameter == "reference_year":
            return str(day.year)
        if day is not None and q.parameter == "reference_month":
            return str(day.month)
        return self.params.get(q.name, q.calculation)


def _placed(block: Block) -> Block:
    """The block with each item's XForm path and record, laid out as the XLSForm is."""
    prefix: list[str] = []
    record = HOUSEHOLD
    if block.level is Level.PERSON:
        prefix, record = [ROSTER_REPEAT], ROSTER_REPEAT
    if block.grouped and not block.module.meta.roster:
        prefix.append(block.id)
    return dataclasses.replace(block, items=_paths(block.items, prefix, record))


def _paths(items: tuple[Item, ...], prefix: list[str], record: str) -> tuple[Item, ...]:
    out = []
    for it in items:
        path = [*prefix, it.name]
        inner = it.name if it.question.kind == "repeat" else record
        out.append(dataclasses.replace(it, path="/".join(path), record=record,
                                       children=_paths(it.children, path, inner)))
    return tuple(out)


def flat(items: tuple[Item, ...]) -> list[Item]:
    out: list[Item] = []
    for it in items:
        out.append(it)
        out.extend(flat(it.children))
    return out


def _list_names(modules: list[Module]) -> list[str]:
    seen: dict[str, None] = {}
    for m in modules:
        for _, q in m.walk():
            if q.list_name:
                seen.setdefault(q.list_name)
    return list(seen)

"""Compile a checked bank and build options into an Instrument that renderers draw."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.issues import Issue, Location, issue
from generator.model import (
    Bank,
    Choice,
    GeneratedList,
    Language,
    Level,
    Module,
    Question,
    Tier,
)

_PLACEHOLDER = re.compile(r"(?<!\$)\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to build: a selection of the bank, its languages and the survey country."""

    modules: tuple[str, ...] = ()
    """Module ids; empty means every module of the bank."""
    tier: Tier = Tier.EXTENDED
    languages: tuple[str, ...] = ()
    """Language codes; empty means every language of the bank."""
    country: str | None = None
    form_id: str | None = None
    version: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Country:
    numeric: str
    alpha3: str
    names: dict[str, str]


@dataclass(frozen=True, slots=True)
class Item:
    """A question of the instrument: the bank question, its number and its filled texts."""

    question: Question
    module: str
    number: str | None
    texts: dict[str, dict[str, str]]
    """Field (label, hint, …) → language → text, placeholders filled."""
    children: tuple[Item, ...] = ()

    @property
    def name(self) -> str:
        return self.question.name


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

    def items(self) -> list[Item]:
        """Every item in document order, children after their container."""
        out: list[Item] = []

        def visit(items: tuple[Item, ...]) -> None:
            for it in items:
                out.append(it)
                visit(it.children)

        for block in self.blocks:
            visit(block.items)
        return out


def compile_instrument(bank: Bank, options: BuildOptions) -> tuple[Instrument | None, list[Issue]]:
    """Select modules and questions, fill placeholders, number questions, expand lists."""
    found: list[Issue] = []
    languages = _languages(bank, options, found)
    country = _country(options, [lang.code for lang in languages], found)
    modules, added = _select(bank, options, found)
    if found:
        return None, found
    placeholders = {name: dict(text) for name, text in bank.meta.placeholders.items()}
    if country is not None:
        placeholders["country"] = dict(country.names)
    codes = [lang.code for lang in languages]
    blocks = []
    for module in modules:
        numbers = _numbers(module)
        items = _items(module.questions, module, options.tier, numbers, codes, placeholders)
        title = _fill(module.meta.title, codes, placeholders)
        blocks.append(Block(module, items, title))
    used = _used_lists(blocks)
    exclude = frozenset({country.numeric}) if country else frozenset()
    choices = {name: _expand(bank.choices[name], codes, placeholders, exclude) for name in used}
    version = options.version or bank.meta.version
    suffix = f"_{country.alpha3.lower()}" if country else ""
    form_id = options.form_id or f"{bank.meta.id}{suffix}_{options.tier.value}"
    title = ({lang: options.title for lang in codes} if options.title
             else _fill(bank.meta.title, codes, placeholders))
    return Instrument(bank, options, tuple(languages), tuple(blocks), choices, form_id, version,
                      title, country, tuple(added)), []


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


def _country(options: BuildOptions, langs: list[str], found: list[Issue]) -> Country | None:
    if not options.country:
        return None
    from generator.countries import country_name, resolve_country

    try:
        numeric, alpha3 = resolve_country(options.country)
    except LookupError:
        found.append(issue("REF013", f"unknown country '{options.country}'",
                           Location("--country")))
        return None
    return Country(numeric, alpha3, {lang: country_name(numeric, lang) for lang in langs})


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


def _numbers(module: Module) -> dict[str, str]:
    """Stable question numbers over the whole module, whatever the tier selected."""
    out: dict[str, str] = {}
    for _, q in module.walk():
        if q.is_asked:
            out[q.name] = f"{module.meta.prefix}{len(out) + 1:02d}"
    return out


def _items(questions: list[Question], module: Module, tier: Tier, numbers: dict[str, str],
           langs: list[str], placeholders: dict[str, dict[str, str]]) -> tuple[Item, ...]:
    out = []
    for q in questions:
        q_tier = q.tier or module.meta.tier
        if tier is Tier.CORE and q_tier is Tier.EXTENDED:
            continue
        texts = {fld: _fill(getattr(q, fld), langs, placeholders)
                 for fld in ("label", "hint", "constraint_message", "required_message",
                             "universe") if getattr(q, fld)}
        children = _items(q.questions, module, tier, numbers, langs, placeholders)
        out.append(Item(q, module.meta.id, numbers.get(q.name), texts, children))
    return tuple(out)


def _fill(text: dict[str, str], langs: list[str],
          placeholders: dict[str, dict[str, str]]) -> dict[str, str]:
    def one(lang: str) -> str:
        value = text.get(lang, "")
        return _PLACEHOLDER.sub(lambda m: placeholders.get(m.group(1), {}).get(lang, m.group(0)),
                                value)

    return {lang: one(lang) for lang in langs}


def _used_lists(blocks: list[Block]) -> list[str]:
    seen: dict[str, None] = {}

    def visit(items: tuple[Item, ...]) -> None:
        for it in items:
            if it.question.list_name:
                seen.setdefault(it.question.list_name)
            visit(it.children)

    for block in blocks:
        visit(block.items)
    return list(seen)


def _expand(items: list[Choice] | GeneratedList, langs: list[str],
            placeholders: dict[str, dict[str, str]], exclude: frozenset[str]) -> list[Choice]:
    if isinstance(items, GeneratedList):
        from generator.countries import country_choices

        listed = [*country_choices(langs, exclude), *items.extra]
    else:
        listed = list(items)
    return [Choice(code=c.code, label=_fill(c.label, langs, placeholders)) for c in listed]

"""One reference page per module of the bank, and the index of modules and SDG links."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from generator.bank.model import Bank, Choice, GeneratedList, Level
from generator.instrument.compile import Block, Instrument, Item
from generator.instrument.describe import Describer, universe_text
from generator.refdocs.md import code, page, table, text

LANG = "en"
LEVELS = {Level.HOUSEHOLD: "household: asked once per household",
          Level.PERSON: "person: asked of every household member, in the member roster",
          Level.EMIGRANT: "emigrant: asked of every former member now living abroad"}
GENERATED = {"countries": "every ISO 3166-1 country but the survey country (`--country`), "
                          "coded by its numeric code (= UN M49)",
             "subdivisions": "the survey country's top-level ISO 3166-2 subdivisions "
                             "(`--country`); without a country the question is a write-in",
             "currencies": "ISO 4217 currencies, coded by alphabetic code, the survey "
                           "country's first"}

PARAMETER_SET_BY = {
    "reference_year": "`--reference-date` replaces the calculation with the date's value",
    "reference_month": "`--reference-date` replaces the calculation with the date's value",
    "residence_months": "a profile's `residence_rule` sets 6 or 12",
    "rc_window_years": "a profile's `parameters:` sets it; the build writes it into the "
                       "expressions and texts that read it",
    "working_age": "a profile's `parameters:` sets it; the build writes it into the "
                   "expressions and texts that read it",
}
"""How each survey parameter gets its value in a build."""


def _flat(items: tuple[Item, ...]) -> list[Item]:
    return [x for it in items for x in (it, *_flat(it.children))]


def sdg_order(indicator_id: str) -> tuple[tuple[int, int | str], ...]:
    """`8.10.2` after `8.5.1`, `10.c.1` after `10.7.4`."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in indicator_id.split("."))


def _en(item: Item, fld: str) -> str:
    return item.texts.get(fld, {}).get(LANG, "")


@dataclass(slots=True)
class ModulePages:
    """Pages of a compiled instrument holding every module of the bank (extended tier)."""

    bank: Bank
    inst: Instrument
    owner: dict[str, str] = field(init=False)
    """Question name → the module that asks it."""
    describe: Describer = field(init=False)

    def __post_init__(self) -> None:
        self.owner = {it.name: it.module for it in self.inst.items()}
        self.describe = Describer.of(self.inst, LANG)

    def link(self, name: str, here: str) -> str:
        module = self.owner.get(name)
        if module is None:
            return code(name)
        return f"[{text(name)}]({'' if module == here else module + '.md'}#{name})"

    def pages(self) -> dict[str, str]:
        out = {"modules/index.md": self.index()}
        for block in self.inst.blocks:
            out[f"modules/{block.id}.md"] = self.module(block)
        return out

    def index(self) -> str:
        rows = []
        for block in self.inst.blocks:
            meta = block.module.meta
            numbered = [it.number for it in _flat(block.items) if it.number]
            span = " to ".join(dict.fromkeys([numbered[0], numbered[-1]])) if numbered else "—"
            rows.append([f"[{text(block.title.get(LANG, meta.id))}]({meta.id}.md)",
                         code(meta.id), meta.level.value, meta.tier.value, span,
                         str(len(numbered))])
        sdg = []
        for ind in sorted(self.bank.indicators.values(), key=lambda i: sdg_order(i.id)):
            uses = [f"{self.link(it.name, '')} ({link.role.value})" for it in self.inst.items()
                    for link in it.question.indicators if link.id == ind.id]
            sdg.append([ind.id, text(ind.name.get(LANG, "")), ", ".join(uses) or "—"])
        body = ["## Modules", "", *table(["module", "id", "level", "tier", "numbers",
                                           "questions asked"], rows), "",
                "## SDG indicators", "",
                "Every indicator of the catalogue (`modules/indicators.yaml`) and the questions "
                "that feed it, with their role: `input` (needed to compute it), "
                "`disaggregation` (breaks it down by migratory status), `complementary`.", "",
                *table(["indicator", "official name", "questions"], sdg)]
        intro = [f"The standard bank `{self.bank.meta.id}` version {self.bank.meta.version}: "
                 f"{len(self.inst.blocks)} modules in the order of the form. Each page lists "
                 "the module's questions with their number, universe, skip condition, source "
                 "standard and SDG indicators; texts are the English ones, with placeholders "
                 "at their defaults (`{country}` is \"this country\" until `--country` names "
                 "it)."]
        return page("Modules of the standard bank", intro, body)

    def module(self, block: Block) -> str:
        meta = block.module.meta
        items = _flat(block.items)
        facts = [["module id", code(meta.id)], ["level", LEVELS[meta.level]],
                 ["tier", f"{meta.tier.value}" + (" (extended questions are marked)"
                                                  if any(it.question.tier for it in items)
                                                  else "")],
                 ["numbering", f"{meta.prefix}01, {meta.prefix}02… (questions asked)"],
                 ["file", code(f"modules/{PurePath(block.module.file).name}")],
                 ["source", text(meta.source)]]
        if meta.inputs:
            facts.append(["reads", ", ".join(self.link(n, meta.id) for n in meta.inputs)])
        if meta.description.get(LANG):
            facts.append(["about", text(meta.description[LANG])])
        summary = [[it.number or "", f"[{text(it.name)}](#{it.name})", code(it.question.type),
                    text(_en(it, "label")), (it.question.tier or meta.tier).value]
                   for it in items if not it.question.derived]
        body = ["| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in facts), "",
                "## Questions", "", *table(["no.", "name", "type", "question", "tier"],
                                           summary), ""]
        body += self._indicators(items, meta.id)
        body += ["## Question details", ""]
        for it in items:
            if not it.question.derived:
                body += self._question(it, meta.id)
        derived = [it for it in items if it.question.derived]
        if derived:
            body += ["## Derived variables", "",
                     "Calculated in the form from the answers; their definitions are in every "
                     "language of the bank.", ""]
            for it in derived:
                body += [f"### {code(it.name)} {{#{it.name}}}", "",
                         f"**{text(_en(it, 'label'))}**", "", text(_en(it, "definition")), "",
                         f"Calculation: {code(it.calculation or '')}", ""]
        body += self._lists(items)
        title = block.title.get(LANG, meta.id)
        return page(text(title), [f"Module {code(meta.id)} of the standard bank."], body)

    def _indicators(self, items: list[Item], here: str) -> list[str]:
        rows = []
        for ind in sorted(self.bank.indicators.values(), key=lambda i: sdg_order(i.id)):
            uses = [f"{self.link(it.name, here)} ({link.role.value})" for it in items
                    for link in it.question.indicators if link.id == ind.id]
            if uses:
                rows.append([ind.id, text(ind.name.get(LANG, "")), ", ".join(uses)])
        if not rows:
            return []
        return ["## SDG indicators", "", *table(["indicator", "official name", "questions"],
                                                rows), ""]

    def _question(self, it: Item, here: str) -> list[str]:
        q = it.question
        head = f"{it.number} " if it.number else ""
        out = [f"### {head}{code(it.name)} {{#{it.name}}}", ""]
        if _en(it, "label"):
            out += [f"**{text(_en(it, 'label'))}**", ""]
        facts = [f"type: {code(q.type)}"]
        if q.list_name:
            facts[0] += f", list [{text(q.list_name)}](#list-{q.list_name})"
        if it.xls_type != q.type.strip():
            facts[0] += f" (a write-in {code(it.xls_type)} when no `--country` is given)"
        if _en(it, "hint"):
            facts.append(f"interviewer instruction: {text(_en(it, 'hint'))}")
        if _en(it, "universe"):
            facts.append(f"universe: {text(_en(it, 'universe'))}")
        said = universe_text(self.inst, it, LANG, self.describe)
        if said is not None and q.relevant is not None:
            facts.append(f"asked if {text(said)} — `relevant`: {code(q.relevant)}")
        for fld in ("constraint", "calculation", "choice_filter", "repeat_count"):
            value = it.calculation if fld == "calculation" else getattr(q, fld)
            if value:
                facts.append(f"`{fld}`: {code(value)}")
        if q.parameter:
            facts.append(f"survey parameter ({q.parameter}): " + PARAMETER_SET_BY[q.parameter])
        if q.required:
            facts.append("required")
        if q.tier is not None:
            facts.append(f"tier: {q.tier.value}")
        facts.append(f"source: {text(q.source)}" if q.source else "source: the module's")
        out += [f"- {f}" for f in facts] + [""]
        if q.indicators:
            rows = [[link.id, text(self.bank.indicators[link.id].name.get(LANG, "")),
                     link.role.value] for link in q.indicators]
            out += [*table(["SDG indicator", "official name", "role"], rows), ""]
        return out

    def _lists(self, items: list[Item]) -> list[str]:
        names = list(dict.fromkeys(it.question.list_name for it in items
                                   if it.question.list_name))
        if not names:
            return []
        out = ["## Choice lists", ""]
        for name in names:
            raw = self.bank.choices[name]
            out += [f"### {code(name)} {{#list-{name}}}", ""]
            shown: list[Choice] = list(raw) if not isinstance(raw, GeneratedList) else raw.extra
            if isinstance(raw, GeneratedList):
                out += [f"Generated: {GENERATED.get(raw.generate, raw.generate)}"
                        + (", then:" if shown else "."), ""]
            else:
                shown = self.inst.choices.get(name, shown)
            if shown:
                rows = [[c.value, text(c.label.get(LANG, ""))] for c in shown]
                out += [*table(["code", "label"], rows), ""]
        return out

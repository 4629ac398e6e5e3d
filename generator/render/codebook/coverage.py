"""SDG coverage of a selection: for every indicator of the catalogue, fed how, or what is missing.

An indicator is fed directly when a selected question links it with role `input`,
disaggregated when one links it with `disaggregation`, complemented with `complementary`,
and otherwise not covered. For anything short of the best the bank offers, `missing`
names the bank's modules and questions that would do better if selected (or if the
extended tier were built); an indicator no question of the bank links is reported as not
household-survey based (migration-specific indicators) or as the host survey's own.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from generator.bank.model import Tier
from generator.instrument.compile import Instrument
from generator.render.codebook.model import IndicatorLinkOf, Text
from generator.render.codebook.words import words

STATUSES = ("direct", "disaggregation", "complementary", "uncovered")
ROLE_STATUS = {"input": "direct", "disaggregation": "disaggregation",
               "complementary": "complementary"}


@dataclass(frozen=True, slots=True)
class MissingBlock:
    """Questions of one bank module, not in the selection, that would feed an indicator."""

    module: str
    title: Text
    tier: str
    role: str
    variables: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IndicatorCoverage:
    id: str
    name: Text
    kind: str
    custodian: tuple[str, ...]
    status: str
    """One of STATUSES."""
    fed_by: tuple[IndicatorLinkOf, ...]
    missing: tuple[MissingBlock, ...]
    note: str
    """`not_hh` or `host_survey` when no question of the bank links the indicator."""


@dataclass(frozen=True, slots=True)
class Coverage:
    form_id: str
    tier: str
    modules: tuple[str, ...]
    languages: tuple[str, ...]
    indicators: tuple[IndicatorCoverage, ...]
    variables: tuple[str, ...]
    """Selected variables that link at least one indicator: the matrix columns."""

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for i in self.indicators if i.status == s) for s in STATUSES}


def _rank(role: str) -> int:
    return STATUSES.index(ROLE_STATUS[role])


def compute_coverage(inst: Instrument) -> Coverage:
    """Coverage of every indicator of the bank's catalogue by this instrument's selection."""
    bank = inst.bank
    langs = tuple(lang.code for lang in inst.languages)
    selected = {it.name for it in inst.items()}
    fed: dict[str, list[IndicatorLinkOf]] = {}
    for it in inst.items():
        for link in it.question.indicators:
            fed.setdefault(link.id, []).append(IndicatorLinkOf(it.name, link.role.value))
    offered: dict[str, list[tuple[str, str, str, str]]] = {}
    for module, q in bank.questions():
        tier = (q.tier or module.meta.tier).value
        if module.meta.tier is Tier.EXTENDED:
            tier = Tier.EXTENDED.value
        for link in q.indicators:
            offered.setdefault(link.id, []).append((module.meta.id, q.name, link.role.value,
                                                    tier))
    out = []
    for ind in bank.indicators.values():
        links = fed.get(ind.id, [])
        status = min((ROLE_STATUS[link.role] for link in links), key=STATUSES.index,
                     default="uncovered")
        better = [(m, q, r, t) for m, q, r, t in offered.get(ind.id, [])
                  if q not in selected and _rank(r) < STATUSES.index(status)]
        note = "" if ind.id in offered else (
            "not_hh" if ind.kind == "migration_specific" else "host_survey")
        out.append(IndicatorCoverage(ind.id, {k: ind.name.get(k, "") for k in langs}, ind.kind,
                                     tuple(ind.custodian), status, tuple(links),
                                     _blocks(inst, better), note))
    columns = tuple(it.name for it in inst.items() if it.question.indicators)
    return Coverage(inst.form_id, inst.options.tier.value,
                    tuple(b.id for b in inst.blocks), langs, tuple(out), columns)


def _blocks(inst: Instrument, better: list[tuple[str, str, str, str]]
            ) -> tuple[MissingBlock, ...]:
    order = [m.meta.id for m in inst.bank.modules]
    grouped: dict[str, list[tuple[str, str, str]]] = {}
    for module, name, role, tier in better:
        grouped.setdefault(module, []).append((name, role, tier))
    blocks = []
    for module in sorted(grouped, key=order.index):
        items = grouped[module]
        meta = inst.bank.module(module)
        title = {lang.code: meta.meta.title.get(lang.code, "") for lang in inst.languages
                 } if meta else {}
        role = min((r for _, r, _ in items), key=_rank)
        tier = "extended" if any(t == "extended" for _, _, t in items) else "core"
        names = tuple(dict.fromkeys(n for n, _, _ in items))
        blocks.append(MissingBlock(module, title, tier, role, names))
    return tuple(sorted(blocks, key=lambda b: _rank(b.role)))


def status_text(status: str, lang: str) -> str:
    return words(lang)[f"status_{status}"]


def missing_text(ind: IndicatorCoverage, lang: str) -> str:
    """What the selection lacks for this indicator, in words."""
    w = words(lang)
    if ind.note:
        return w[ind.note]
    return "; ".join(w["would_feed"].format(module=b.module, tier=b.tier, role=w[f"r_{b.role}"],
                                            variables=", ".join(b.variables))
                     for b in ind.missing)


def coverage_text(cov: Coverage, lang: str = "en", width: int = 100) -> str:
    """A printable table: indicator, status, variables of the selection, what is missing."""
    w = words(lang)
    head = (f"{w['coverage']}: {cov.form_id} ({w['tier'].lower()} {cov.tier}; "
            f"{w['modules'].lower()}: {', '.join(cov.modules)})")
    cols = (max(len(w["indicator"]), *(len(i.id) for i in cov.indicators)) + 2,
            max(len(w["status"]), *(len(status_text(s, lang)) for s in STATUSES)) + 2)
    rest = max(30, width - sum(cols))
    lines = [head, "", f"{w['indicator']:<{cols[0]}}{w['status']:<{cols[1]}}"
                       f"{w['fed_by']} / {w['missing_text']}", "-" * width]
    for ind in cov.indicators:
        fed = ", ".join(f"{f.variable} ({f.sdg_role})" for f in ind.fed_by)
        detail = "; ".join(p for p in (fed, missing_text(ind, lang)) if p) or "-"
        wrapped = textwrap.wrap(detail, rest) or [""]
        lines.append(f"{ind.id:<{cols[0]}}{status_text(ind.status, lang):<{cols[1]}}"
                     f"{wrapped[0]}")
        lines += [" " * sum(cols) + more for more in wrapped[1:]]
    counts = cov.counts()
    lines += ["-" * width, ", ".join(f"{status_text(s, lang)}: {counts[s]}" for s in STATUSES)
              + f" ({len(cov.indicators)} {w['indicators'].lower()})"]
    return "\n".join(lines) + "\n"


def matrix_rows(cov: Coverage) -> list[list[str]]:
    """Indicators by variables: header, then per indicator its status and D/S/C per variable.

    Columns: `indicator`, `name_<lang>`…, `kind`, `status` (`direct`, `disaggregation`,
    `complementary`, `uncovered`), `missing` (in the default language), then one column per
    selected variable that links any indicator, holding D, S, C or nothing.
    """
    lang0 = cov.languages[0]
    header = ["indicator", *(f"name_{lang}" for lang in cov.languages), "kind", "status",
              "missing", *cov.variables]
    rows = [header]
    for ind in cov.indicators:
        roles = {f.variable: f.sdg_role for f in ind.fed_by}
        rows.append([ind.id, *(ind.name.get(lang, "") for lang in cov.languages), ind.kind,
                     ind.status, missing_text(ind, lang0),
                     *(roles.get(v, "") for v in cov.variables)])
    return rows

"""What the codebook and coverage templates receive: plain view objects, never the Bank.

Headings are in the instrument's default language; every text of the bank is shown in
every language, each block tagged with `lang` and `dir` (Arabic right to left).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.render.codebook.coverage import STATUSES, Coverage, missing_text, status_text
from generator.render.codebook.model import (
    Codebook,
    Text,
    ValueLabel,
    Variable,
    indicator_anchor,
    schemes,
)
from generator.render.codebook.words import direction, words

LONG_LIST = 25
"""Code lists longer than this are printed once, in the appendix, and linked."""


@dataclass(frozen=True, slots=True)
class LangText:
    lang: str
    dir: str
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    href: str
    note: str = ""
    role: str = ""
    """D, S or C for links to and from SDG indicators."""


@dataclass(frozen=True, slots=True)
class ValueRow:
    code: str
    labels: list[LangText]
    missing: str
    recode: str = ""
    """The documented recode to other classifications, e.g. `DHS 01; EU-LFS …`."""


@dataclass(frozen=True, slots=True)
class DerivedView:
    definition: list[LangText]
    calculation: str
    plain: list[LangText]
    inputs: list[Link]


@dataclass(frozen=True, slots=True)
class VarView:
    name: str
    anchor: str
    number: str
    title: str
    type: str
    storage: str
    record: str
    required: bool
    labels: list[LangText]
    questions: list[LangText]
    hints: list[LangText]
    universe: list[LangText]
    universe_plain: list[LangText]
    relevant: str
    constraint: str
    constraint_plain: list[LangText]
    constraint_message: list[LangText]
    source: str
    values: list[ValueRow]
    code_list: Link | None
    indicators: list[Link]
    derived: DerivedView | None
    used_by: list[Link]
    search: str
    status: str = "standard"
    changes: str = ""
    crosswalk: str = ""


@dataclass(frozen=True, slots=True)
class MetaView:
    key: str
    title: str
    texts: list[LangText]


@dataclass(frozen=True, slots=True)
class SectionView:
    id: str
    anchor: str
    title: str
    titles: list[LangText]
    level: str
    tier: str
    source: str
    variables: list[VarView]


@dataclass(frozen=True, slots=True)
class IndicatorView:
    id: str
    anchor: str
    names: list[LangText]
    kind: str
    custodian: str
    variables: list[Link]


@dataclass(frozen=True, slots=True)
class CodeListView:
    name: str
    anchor: str
    langs: list[str]
    rows: list[ValueRow]


@dataclass(frozen=True, slots=True)
class CodebookView:
    lang: str
    dir: str
    words: dict[str, str]
    title: str
    form_id: str
    version: str
    tier: str
    country: str
    languages: str
    generated: str
    langs: list[str]
    sections: list[SectionView]
    indicators: list[IndicatorView]
    code_lists: list[CodeListView]
    survey: list[MetaView]


_REF = re.compile(r"\$\{[^}]*\}")


def _texts(text: Text, langs: list[str]) -> list[LangText]:
    """Text per language; in right-to-left text each `${name}` is a left-to-right isolate
    (U+2066 … U+2069) so its `$` and braces stay in place."""
    def isolate(value: str, lang: str) -> str:
        if direction(lang) != "rtl":
            return value
        return _REF.sub(lambda m: f"\u2066{m.group(0)}\u2069", value)

    return [LangText(lang, direction(lang), isolate(text[lang], lang)) for lang in langs
            if text.get(lang)]


def _rows(items: tuple[ValueLabel, ...], langs: list[str], w: dict[str, str]) -> list[ValueRow]:
    return [ValueRow(v.code, _texts(v.label, langs), w[v.missing] if v.missing else "",
                     schemes(v.recode))
            for v in items]



def codebook_view(cb: Codebook) -> CodebookView:
    """The whole codebook for the HTML template."""
    langs = cb.lang_codes
    lang0 = langs[0]
    w = cb.words_in(lang0)
    long_lists = sorted({v.list_name for v in cb.variables() if v.list_name
                         and len(cb.lists.get(v.list_name, ())) > LONG_LIST})
    sections = [SectionView(s.id, f"mod-{s.id}", s.title.get(lang0) or s.id,
                            _texts(s.title, langs), s.level, s.tier, s.source,
                            [_var(cb, v, langs, w, long_lists) for v in s.variables])
                for s in cb.sections]
    indicators = [IndicatorView(i.id, i.anchor, _texts(i.name, langs),
                                w[f"kind_{i.kind}"], ", ".join(i.custodian),
                                [Link(f.variable, f"#var-{f.variable}",
                                      w["role_" + f.role], f.sdg_role)
                                 for f in i.variables]) for i in cb.indicators]
    lists = [CodeListView(name, f"list-{name}", langs, _rows(cb.lists[name], langs, w))
             for name in long_lists]
    country = cb.country["name"].get(lang0, "") if cb.country else ""
    return CodebookView(lang0, direction(lang0), w, cb.title.get(lang0, cb.form_id),
                        cb.form_id, cb.version, cb.tier, country,
                        ", ".join(f"{n} ({c})" for c, n in cb.languages), cb.generated,
                        langs, sections, indicators, lists,
                        [MetaView(m.key, m.title.get(lang0, m.key), _texts(m.text, langs))
                         for m in cb.survey])


def _var(cb: Codebook, v: Variable, langs: list[str], w: dict[str, str],
         long_lists: list[str]) -> VarView:
    lang0 = langs[0]
    code_list = None
    values = list(v.special_codes) if v.list_name in long_lists else list(cb.value_labels(v))
    if v.list_name in long_lists:
        size = len(cb.lists[v.list_name or ""])
        code_list = Link(v.list_name or "", f"#list-{v.list_name}", f"{size} {w['entries']}")
    d = v.derivation
    derived = None
    if d is not None:
        derived = DerivedView(_texts(d.definition, langs), d.calculation, _texts(d.plain, langs),
                              [Link(n, f"#var-{n}" if cb.variable(n) else "")
                               for n in d.inputs])
    indicators = []
    for link in v.indicators:
        entry = next((i for i in cb.indicators if i.id == link.id), None)
        name = entry.name.get(lang0, "") if entry else ""
        indicators.append(Link(f"{link.id} {name}", f"#{indicator_anchor(link.id)}",
                               w["role_" + link.role], link.sdg_role))
    search = " ".join([v.name, v.number or "", v.module, *v.label.values(),
                       *(link.id for link in v.indicators)]).lower()
    return VarView(
        v.name, v.anchor, v.number or "", v.label.get(lang0, ""), v.type, v.storage, v.record,
        v.required, _texts(v.label, langs), _texts(v.question, langs) if v.number else [],
        _texts(v.hint, langs), _texts(v.universe, langs), _texts(v.universe_plain, langs),
        v.relevant or "", v.constraint or "", _texts(v.constraint_plain, langs),
        _texts(v.constraint_message, langs), v.source,
        _rows(tuple(values), langs, w), code_list, indicators, derived,
        [Link(n, f"#var-{n}") for n in v.used_by], search, v.status, "; ".join(v.changes),
        schemes(v.crosswalk))


# --- coverage ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CoverageRow:
    id: str
    anchor: str
    names: list[LangText]
    kind: str
    status: str
    status_text: str
    missing: str
    fed_by: list[Link]
    cells: list[str]


@dataclass(frozen=True, slots=True)
class CoverageView:
    lang: str
    dir: str
    words: dict[str, str]
    form_id: str
    tier: str
    modules: str
    columns: list[Link]
    rows: list[CoverageRow]
    counts: list[Link]


def coverage_view(cov: Coverage) -> CoverageView:
    """The indicators-by-variables matrix for the coverage template."""
    langs = list(cov.languages)
    lang0 = langs[0]
    w = words(lang0)
    codebook = f"{cov.form_id}.codebook.html"
    columns = [Link(v, f"{codebook}#var-{v}") for v in cov.variables]
    rows = []
    for ind in cov.indicators:
        roles = {f.variable: f.sdg_role for f in ind.fed_by}
        rows.append(CoverageRow(ind.id, indicator_anchor(ind.id), _texts(ind.name, langs),
                                w[f"kind_{ind.kind}"], ind.status,
                                status_text(ind.status, lang0), missing_text(ind, lang0),
                                [Link(f.variable, f"{codebook}#var-{f.variable}", "", f.sdg_role)
                                 for f in ind.fed_by],
                                [roles.get(v, "") for v in cov.variables]))
    counts = cov.counts()
    return CoverageView(lang0, direction(lang0), w, cov.form_id, cov.tier,
                        ", ".join(cov.modules), columns, rows,
                        [Link(status_text(s, lang0), s, str(counts[s])) for s in STATUSES])

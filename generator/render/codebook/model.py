"""The codebook: one view model of a compiled instrument that every codebook format draws.

Plain frozen dataclasses, never the pydantic Bank: templates, writers and the labeller read
these. `to_dict`/`from_dict` give the JSON form described by `codebook.schema.json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.2.0"
"""Version of the JSON form; bump the minor for added fields, the major for changes."""
SCHEMA_ID = f"urn:migmod:codebook:{SCHEMA_VERSION}"

Text = dict[str, str]
"""Text per language code."""

SDG_ROLE = {"input": "D", "disaggregation": "S", "complementary": "C"}
"""Bank role → the module-role letter (D directly, S status breakdown, C complement)."""
HOUSEHOLD = "household"
"""The record of the submission itself; repeats are records named after the repeat."""


@dataclass(frozen=True, slots=True)
class ValueLabel:
    code: str
    label: Text
    missing: str | None = None
    recode: dict[str, str] = field(default_factory=dict)
    """Classification → the code or category this code maps to (e.g. `dhs`, `eu_lfs`)."""
    """`dont_know` or `refused` for reserved codes (user-missing in Stata/SPSS), else None."""


@dataclass(frozen=True, slots=True)
class IndicatorLink:
    id: str
    role: str
    """`input`, `disaggregation` or `complementary`."""

    @property
    def sdg_role(self) -> str:
        return SDG_ROLE.get(self.role, "?")


@dataclass(frozen=True, slots=True)
class Derivation:
    """A derived migratory-status variable's exact definition."""

    definition: Text
    """The formula in words, as the standard states it."""
    calculation: str
    """The formula in the bank's expression syntax (XLSForm)."""
    plain: Text
    """The calculation rendered in plain language."""
    inputs: tuple[str, ...]
    """Variables it reads, directly or through other calculations."""


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    module: str
    record: str
    """`household`, or the repeat whose rows hold the variable (`hh_members`)."""
    path: str
    """The XForm path, e.g. `hh_members/person_core/born_here`."""
    number: str | None
    type: str
    """The XLSForm type, e.g. `select_one yes_no_dk`."""
    kind: str
    storage: str
    """`numeric`, `string` or `date`."""
    list_name: str | None
    label: Text
    question: Text
    hint: Text
    universe: Text
    universe_plain: Text
    relevant: str | None
    constraint: str | None
    constraint_plain: Text
    constraint_message: Text
    required: bool
    source: str
    calculation: str | None
    special_codes: tuple[ValueLabel, ...] = ()
    """Reserved numbers of a numeric question (9998 = don't know), from its constraint."""
    indicators: tuple[IndicatorLink, ...] = ()
    derivation: Derivation | None = None
    used_by: tuple[str, ...] = ()
    status: str = "standard"
    """'standard', or for a survey project 'modified' or 'added'."""
    changes: tuple[str, ...] = ()
    """What the project changed, e.g. 'label (fr)'."""
    crosswalk: dict[str, str] = field(default_factory=dict)
    """Survey → the comparable variable there (`ipums_i`, `eu_lfs`, `dhs`, `mics`,
    `unhcr_rms`)."""

    @property
    def anchor(self) -> str:
        return f"var-{self.name}"


@dataclass(frozen=True, slots=True)
class Section:
    """One module of the instrument."""

    id: str
    title: Text
    level: str
    tier: str
    source: str
    variables: tuple[Variable, ...]


@dataclass(frozen=True, slots=True)
class IndicatorEntry:
    id: str
    name: Text
    custodian: tuple[str, ...]
    kind: str
    variables: tuple[IndicatorLinkOf, ...]

    @property
    def anchor(self) -> str:
        return indicator_anchor(self.id)


@dataclass(frozen=True, slots=True)
class IndicatorLinkOf:
    """A variable feeding an indicator, with its role."""

    variable: str
    role: str

    @property
    def sdg_role(self) -> str:
        return SDG_ROLE.get(self.role, "?")


@dataclass(frozen=True, slots=True)
class Record:
    """A data file of a submissions export: the household, or one repeat."""

    name: str
    path: str
    parent: str | None


@dataclass(frozen=True, slots=True)
class MetaEntry:
    """One entry of the survey metadata block (residence rule, regions, precision …)."""

    key: str
    title: Text
    text: Text


@dataclass(frozen=True, slots=True)
class Codebook:
    form_id: str
    version: str
    title: Text
    bank_id: str
    bank_version: str
    tier: str
    modules: tuple[str, ...]
    added: tuple[str, ...]
    languages: tuple[tuple[str, str], ...]
    """(code, name) in the instrument's order; the first is the default."""
    country: dict[str, Any] | None
    generated: str
    sections: tuple[Section, ...]
    records: tuple[Record, ...]
    lists: dict[str, tuple[ValueLabel, ...]]
    indicators: tuple[IndicatorEntry, ...]
    schema_version: str = SCHEMA_VERSION
    survey: tuple[MetaEntry, ...] = ()
    """The survey metadata block: conventions and precision notes."""
    _index: dict[str, Variable] = field(default_factory=dict, compare=False, repr=False)
    words: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, repr=False)
    """The codebook's own words per language, with the project's translations (headings)."""

    def __post_init__(self) -> None:
        self._index.update({v.name: v for s in self.sections for v in s.variables})

    def words_in(self, lang: str) -> dict[str, str]:
        """The codebook's words in `lang` (the shipped catalogue when none were given)."""
        from generator.render.codebook.words import words

        return self.words.get(lang) or words(lang)

    @property
    def lang_codes(self) -> list[str]:
        return [code for code, _ in self.languages]

    def variables(self) -> list[Variable]:
        """Every variable in document order."""
        return [v for s in self.sections for v in s.variables]

    def variable(self, name: str) -> Variable | None:
        return self._index.get(name)

    def value_labels(self, var: Variable) -> tuple[ValueLabel, ...]:
        """The variable's code list entries, then its special codes."""
        return (*self.lists.get(var.list_name or "", ()), *var.special_codes)


SCHEME_NAMES = {"group": "group", "ipums_i": "IPUMS-I", "eu_lfs": "EU-LFS", "dhs": "DHS",
                "mics": "MICS", "unhcr_rms": "UNHCR RMS"}
"""Classifications of crosswalks and recodes, in the order they are printed."""


def schemes(mapping: dict[str, str]) -> str:
    """`IPUMS-I: MIGRATE5; DHS: …` in the order of SCHEME_NAMES."""
    return "; ".join(f"{name}: {mapping[key]}" for key, name in SCHEME_NAMES.items()
                     if key in mapping)


def indicator_anchor(indicator_id: str) -> str:
    return "sdg-" + indicator_id.replace(".", "-")


# --- JSON form -------------------------------------------------------------------------------

def to_dict(cb: Codebook) -> dict[str, Any]:
    """The codebook as JSON-ready data (see codebook.schema.json)."""
    return {
        "$schema": SCHEMA_ID,
        "schema_version": cb.schema_version,
        "generator": "migmod",
        "generated": cb.generated,
        "form_id": cb.form_id,
        "version": cb.version,
        "title": cb.title,
        "bank": {"id": cb.bank_id, "version": cb.bank_version},
        "tier": cb.tier,
        "selected_modules": list(cb.modules),
        "added_modules": list(cb.added),
        "languages": [{"code": c, "name": n} for c, n in cb.languages],
        "country": cb.country,
        "records": [{"name": r.name, "path": r.path, "parent": r.parent} for r in cb.records],
        "modules": [_section(s) for s in cb.sections],
        "code_lists": {name: [_value(v) for v in items] for name, items in cb.lists.items()},
        "indicators": [{"id": i.id, "name": i.name, "custodian": list(i.custodian),
                        "kind": i.kind, "variables": [{"name": v.variable, "role": v.role,
                                                       "sdg_role": v.sdg_role}
                                                      for v in i.variables]}
                       for i in cb.indicators],
        "survey_metadata": [{"key": m.key, "title": m.title, "text": m.text}
                            for m in cb.survey],
    }


def _section(s: Section) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "level": s.level, "tier": s.tier, "source": s.source,
            "variables": [_variable(v) for v in s.variables]}


def _value(v: ValueLabel) -> dict[str, Any]:
    return {"code": v.code, "label": v.label, "missing": v.missing, "recode": v.recode}


def _variable(v: Variable) -> dict[str, Any]:
    d = v.derivation
    return {
        "name": v.name, "module": v.module, "record": v.record, "path": v.path,
        "number": v.number, "type": v.type, "kind": v.kind, "storage": v.storage,
        "code_list": v.list_name, "label": v.label, "question": v.question, "hint": v.hint,
        "universe": {"text": v.universe, "plain": v.universe_plain, "relevant": v.relevant},
        "constraint": {"expression": v.constraint, "plain": v.constraint_plain,
                       "message": v.constraint_message},
        "required": v.required, "source": v.source, "calculation": v.calculation,
        "special_codes": [_value(c) for c in v.special_codes],
        "indicators": [{"id": i.id, "role": i.role, "sdg_role": i.sdg_role}
                       for i in v.indicators],
        "derived": None if d is None else {"definition": d.definition,
                                           "calculation": d.calculation, "plain": d.plain,
                                           "inputs": list(d.inputs)},
        "used_by": list(v.used_by),
        "status": v.status,
        "changes": list(v.changes),
        "crosswalk": v.crosswalk,
    }


def from_dict(data: dict[str, Any]) -> Codebook:
    """A codebook read back from its JSON form (e.g. to label data without the bank)."""
    def values(items: list[dict[str, Any]]) -> tuple[ValueLabel, ...]:
        return tuple(ValueLabel(i["code"], i["label"], i.get("missing"), i.get("recode", {}))
                     for i in items)

    def variable(v: dict[str, Any]) -> Variable:
        d = v.get("derived")
        return Variable(
            v["name"], v["module"], v["record"], v["path"], v.get("number"), v["type"],
            v["kind"], v["storage"], v.get("code_list"), v["label"], v["question"], v["hint"],
            v["universe"]["text"], v["universe"]["plain"], v["universe"]["relevant"],
            v["constraint"]["expression"], v["constraint"]["plain"],
            v["constraint"]["message"], v["required"], v["source"], v.get("calculation"),
            values(v["special_codes"]),
            tuple(IndicatorLink(i["id"], i["role"]) for i in v["indicators"]),
            None if d is None else Derivation(d["definition"], d["calculation"], d["plain"],
                                              tuple(d["inputs"])),
            tuple(v["used_by"]), v.get("status", "standard"), tuple(v.get("changes", ())),
            v.get("crosswalk", {}))

    return Codebook(
        data["form_id"], data["version"], data["title"], data["bank"]["id"],
        data["bank"]["version"], data["tier"], tuple(data["selected_modules"]),
        tuple(data["added_modules"]),
        tuple((lang["code"], lang["name"]) for lang in data["languages"]), data["country"],
        data["generated"],
        tuple(Section(s["id"], s["title"], s["level"], s["tier"], s["source"],
                      tuple(variable(v) for v in s["variables"])) for s in data["modules"]),
        tuple(Record(r["name"], r["path"], r["parent"]) for r in data["records"]),
        {name: values(items) for name, items in data["code_lists"].items()},
        tuple(IndicatorEntry(i["id"], i["name"], tuple(i["custodian"]), i["kind"],
                             tuple(IndicatorLinkOf(v["name"], v["role"])
                                   for v in i["variables"])) for i in data["indicators"]),
        data["schema_version"],
        tuple(MetaEntry(m["key"], m["title"], m["text"])
              for m in data.get("survey_metadata", ())))

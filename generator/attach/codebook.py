"""The codebook of the attached form: the module's codebook under the names, paths and
records the data of the attached form will have.

Module questions the host renamed keep their new names; an input read from a host
question is that question (its data column); the module's member roster is the host's.
Paths come from the XForm pyxform made of the result, so they are the export's columns.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.attach.plan import Plan
from generator.instrument.compile import ROSTER_REPEAT, Instrument
from generator.logic import parse, to_source
from generator.render.codebook import build_codebook
from generator.render.codebook.ddi import ddi_xml
from generator.render.codebook.model import Codebook, IndicatorEntry, Record, Variable
from generator.render.codebook.tabular import (
    codebook_json,
    csv_bytes,
    values_rows,
    variables_rows,
)

_XF = "{http://www.w3.org/2002/xforms}"


def instance_paths(xform: str) -> dict[str, str]:
    """Element name → its path below the form's root in the primary instance (the first
    element of that name)."""
    from lxml import etree  # type: ignore[import-untyped, unused-ignore]

    tree = etree.fromstring(xform.encode("utf-8"))
    instance = next(tree.iter(f"{_XF}instance"), None)
    root = next(iter(instance), None) if instance is not None else None
    out: dict[str, str] = {}
    if root is None:
        return out

    def walk(node: object, prefix: str) -> None:
        for child in node:  # type: ignore[attr-defined]
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            path = f"{prefix}/{name}" if prefix else name
            out.setdefault(name, path)
            walk(child, path)
    walk(root, "")
    return out


def attached_codebook(inst: Instrument, plan: Plan, xform: str, form_id: str,
                      timestamp: int, built: Codebook | None = None) -> Codebook:
    """The module's codebook as the attached form collects it; `built` is the module's own
    codebook when it was made already (`build_codebook(inst, timestamp)`)."""
    cb = built or build_codebook(inst, timestamp)
    rename = {**plan.renamed, **plan.mapping, ROSTER_REPEAT: plan.roster}
    paths = instance_paths(xform)

    def name(value: str) -> str:
        return rename.get(value, value)

    def expr(value: str | None) -> str | None:
        if not value:
            return value
        try:
            return to_source(parse(value), rename)
        except Exception:  # an expression the parser cannot read is shown as written
            return value

    def variable(v: Variable) -> Variable:
        new = name(v.name)
        derivation = v.derivation
        if derivation is not None:
            derivation = dataclasses.replace(
                derivation, calculation=expr(derivation.calculation) or "",
                inputs=tuple(map(name, derivation.inputs)))
        changes = v.changes
        if v.name in plan.mapping:
            changes = (*changes, f"the host question '{new}'")
        return dataclasses.replace(
            v, name=new, record=name(v.record), path=paths.get(new, v.path),
            relevant=expr(v.relevant), constraint=expr(v.constraint),
            calculation=expr(v.calculation), derivation=derivation,
            used_by=tuple(map(name, v.used_by)), changes=changes)

    sections = tuple(dataclasses.replace(s, variables=tuple(map(variable, s.variables)))
                     for s in cb.sections)
    records = tuple(Record(name(r.name), paths.get(name(r.name), r.path) if r.path else "",
                           name(r.parent) if r.parent else None) for r in cb.records)
    indicators = tuple(IndicatorEntry(i.id, i.name, i.custodian, i.kind, tuple(
        dataclasses.replace(link, variable=name(link.variable)) for link in i.variables))
        for i in cb.indicators)
    return dataclasses.replace(cb, form_id=form_id, version=plan.version[1] or cb.version,
                               sections=sections, records=records, indicators=indicators,
                               _index={})


def codebook_files(cb: Codebook, out: Path) -> dict[Path, bytes]:
    """The codebook next to the attached form: JSON (for `migmod label`), CSV, DDI."""
    stem = out.with_suffix("")
    return {Path(f"{stem}.codebook.json"): codebook_json(cb),
            Path(f"{stem}.codebook.csv"): csv_bytes(variables_rows(cb)),
            Path(f"{stem}.codebook.values.csv"): csv_bytes(values_rows(cb)),
            Path(f"{stem}.ddi.xml"): ddi_xml(cb)}

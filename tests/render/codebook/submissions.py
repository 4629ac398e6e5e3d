"""Submissions of the generated form, made by walking routing scenarios, written as exports.

Each household is walked with `generator.instrument.describe.simulate` (household level, then each
member and each emigrant with the household's values as context), exactly as the form
computes relevance and calculations, then written as ODK Central writes a CSV export:
group-prefixed column names joined by `-`, select_multiple as space-separated codes plus
split columns `question/code`, repeats in `<form_id>-<repeat>.csv` joined by PARENT_KEY.
`style="kobo"` writes KoboToolbox's variant: `/` separators, `_index`/`_parent_index`.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.instrument.compile import Instrument
from generator.instrument.describe import simulate
from generator.label.derive import AGGREGATES, aggregate
from generator.logic import UNKNOWN, Binary, Call, Expr, Num, Ref, Unary, evaluate, parse
from generator.logic.values import to_string
from generator.render.codebook.model import HOUSEHOLD, Codebook, Variable
from tests.conftest import TESTS

ROUTING = TESTS / "cases" / "routing.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(ROUTING.read_text(encoding="utf-8"))
REFERENCE_DATE = dt.date(2026, 11, 15)
"""The routing scenarios' reference period: ref_year 2026, ref_month 11."""


@dataclass
class Household:
    key: str
    answers: dict[str, Any]
    members: list[dict[str, Any]]
    emigrants: list[dict[str, Any]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    member_values: list[dict[str, Any]] = field(default_factory=list)
    emigrant_values: list[dict[str, Any]] = field(default_factory=list)


def scenario_households() -> list[Household]:
    """Every person-level scenario as a member, spread over the household scenarios."""
    people = [c for c in CASES if c["level"] == "person"]
    by_id = {c["id"]: c for c in CASES}
    emigrant = by_id["emigrant-roster-row"]["answers"]
    plans = [
        ("uuid:hh-a", {**by_id["household-with-emigrants"]["answers"],
                       **by_id["household-receiving-remittances"]["answers"]}, 2),
        ("uuid:hh-b", {**by_id["household-without-emigrants"]["answers"],
                       **by_id["household-without-remittances"]["answers"]}, 0),
        ("uuid:hh-c", {**by_id["household-without-emigrants"]["answers"],
                       **by_id["remittance-amount-not-known"]["answers"]}, 0),
    ]
    out = []
    for k, (key, answers, emigrants) in enumerate(plans):
        members = [dict(c["answers"], member_name=c["id"], relationship="3", sex="1")
                   for c in people[k::len(plans)]]
        out.append(Household(key, {"interview_date": "2026-11-15", "hh_region": "KE-47",
                                   **answers}, members,
                             [dict(emigrant, em_name=f"E{j + 1}") for j in range(emigrants)]))
    return out


def walk(inst: Instrument, households: list[Household]) -> list[Household]:
    """Fill every household's values as the form computes them."""
    for hh in households:
        hh.values = simulate(inst, hh.answers, level="household").values
        hh.member_values = [simulate(inst, m, level="person",
                                     context={**hh.values, "__position__": k}).values
                            for k, m in enumerate(hh.members, 1)]
        hh.emigrant_values = [simulate(inst, e, level="emigrant",
                                       context={**hh.values, "__position__": k}).values
                              for k, e in enumerate(hh.emigrants, 1)]
        _household_totals(inst, hh)
    return households


def _household_totals(inst: Instrument, hh: Household) -> None:
    """Household calculations over the members (`sum(${link_foreign_born})`), which the
    household-level walk cannot see: computed from the members' values as the form does."""
    def visit(node: Expr) -> Expr:
        if (isinstance(node, Call) and node.name in AGGREGATES and len(node.args) == 1
                and isinstance(node.args[0], Ref)):
            name = node.args[0].name
            if hh.member_values and name in hh.member_values[0]:
                total = aggregate(node.name, [cell(v.get(name, "")) for v in hh.member_values])
                return Num(repr(total))
        if isinstance(node, Call):
            return Call(node.name, tuple(visit(a) for a in node.args))
        if isinstance(node, Binary):
            return Binary(node.op, visit(node.left), visit(node.right))
        if isinstance(node, Unary):
            return Unary(node.op, visit(node.operand))
        return node

    for item in inst.items():
        if item.record == HOUSEHOLD and item.question.kind == "calculate" and item.calculation:
            expr = parse(item.calculation)
            lifted = visit(expr)
            if lifted != expr:
                value = evaluate(lifted, dict(hh.values))
                hh.values[item.name] = "" if value is UNKNOWN else value


def cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return to_string(value)
    return "" if value is None else str(value)


def _columns(cb: Codebook, record: str, style: str, split: bool, whole: bool,
             drop: set[str]) -> list[tuple[str, Variable, str | None]]:
    sep = "-" if style == "odk" else "/"
    out: list[tuple[str, Variable, str | None]] = []
    for v in cb.variables():
        if v.record != record or v.kind == "note" or v.name in drop:
            continue
        name = v.path.replace("/", sep)
        if v.kind != "select_multiple" or whole:
            out.append((name, v, None))
        if v.kind == "select_multiple" and split:
            out += [(f"{name}/{c.code}", v, c.code) for c in cb.value_labels(v)]
    return out


def write_export(cb: Codebook, households: list[Household], folder: Path, *,
                 style: str = "odk", split: bool = True, whole: bool = True,
                 drop: set[str] | frozenset[str] = frozenset(),
                 extra: dict[str, str] | None = None) -> Path:
    """Write the main file and one file per repeat; returns the main file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    key, parent = ("KEY", "PARENT_KEY") if style == "odk" else ("_index", "_parent_index")
    main = folder / f"{cb.form_id}.csv"
    records = {HOUSEHOLD: [(hh.key if style == "odk" else str(n), "", hh.values)
                           for n, hh in enumerate(households, 1)]}
    reps: dict[str, list[tuple[str, str, dict[str, Any]]]] = {"hh_members": [],
                                                              "emigrant_roster": []}
    counter = 0
    for n, hh in enumerate(households, 1):
        own = hh.key if style == "odk" else str(n)
        for name, walked in (("hh_members", hh.member_values),
                             ("emigrant_roster", hh.emigrant_values)):
            for k, values in enumerate(walked, 1):
                counter += 1
                row_key = f"{hh.key}/{name}[{k}]" if style == "odk" else str(counter)
                reps[name].append((row_key, own, values))
    records.update(reps)
    for record, rows in records.items():
        cols = _columns(cb, record, style, split, whole, set(drop))
        path = main if record == HOUSEHOLD else folder / f"{cb.form_id}-{record}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            head = [c for c, _, _ in cols]
            extras = dict(extra or {}) if record == HOUSEHOLD else {}
            if record == HOUSEHOLD:
                writer.writerow(["SubmissionDate", *head, *extras, "meta-instanceID", key])
            else:
                writer.writerow([*head, parent, key])
            for row_key, parent_key, values in rows:
                cells = []
                for _, v, code in cols:
                    raw = cell(values.get(v.name, ""))
                    cells.append(raw if code is None else ("" if not raw else
                                                           str(int(code in raw.split()))))
                if record == HOUSEHOLD:
                    writer.writerow(["2026-11-16T10:00:00.000Z", *cells, *extras.values(),
                                     row_key, row_key])
                else:
                    writer.writerow([*cells, parent_key, row_key])
    return main

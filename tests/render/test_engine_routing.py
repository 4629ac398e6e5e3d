"""Every routing scenario played on ODK's own form engine (@getodk/xforms-engine).

The scenarios of tests/cases/routing.yaml (one respondent each) and the whole households
of tests/cases/routing_households.yaml are sent to the engine in one batch; the questions
the engine shows (restricted to the scenario's modules) must equal the scenario's `asked`
and what the Python evaluator `generator.instrument.describe.simulate` asks, and the derived
values the engine computes must equal the scenario's `derived`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
import yaml

from generator import BuildOptions
from generator.instrument.compile import Instrument
from generator.instrument.describe import Walk, simulate
from tests import engine_runner
from tests.engine_runner import CaseResult, Scope, python_value, same_value, unknowable
from tests.scenarios import CASES_DIR, load_scenarios

SCENARIOS: list[dict[str, Any]] = load_scenarios()
HOUSEHOLDS: list[dict[str, Any]] = yaml.safe_load(
    (CASES_DIR / "routing_households.yaml").read_text(encoding="utf-8"))
CONTEXT = {"ref_year": "2026", "ref_month": "11", "hh_region": "KE-47"}
OPTIONS = BuildOptions(country="KEN")


@pytest.fixture(scope="module")
def inst() -> Instrument:
    return engine_runner.instrument(OPTIONS)


def top_level_answers(inst: Instrument, context: Mapping[str, Any]) -> dict[str, Any]:
    """The household answers that make a scenario's `context` hold in the real form.

    Calculations (ref_year, ref_month) are left to the form: the engine's today() is fixed
    to a date that gives the context's values, and the tests check that it does. The
    emigrant count is asked only after 'any emigrant? Yes', so that answer is added.
    """
    kinds = {it.name: it.question.kind for it in inst.items()}
    answers = {k: v for k, v in context.items() if kinds.get(k) != "calculate" and v != ""}
    if "emigrant_count" in context:
        answers["emigrant_any"] = "1" if context["emigrant_count"] not in ("", None) else "2"
    return answers


def line_of(scenario: dict[str, Any]) -> int:
    """The roster line of a one-respondent scenario: its `line_no` answer, else 1."""
    return int(scenario["answers"].get("line_no", 1))


def engine_case(inst: Instrument, scenario: dict[str, Any]) -> dict[str, Any]:
    """The request case of a routing.yaml scenario (one respondent)."""
    context = {**CONTEXT, **scenario.get("context", {})}
    top = top_level_answers(inst, context)
    answers = scenario["answers"]
    level = scenario["level"]
    if level == "person":  # on its own line of the roster, after members who answer nothing
        members = [{}] * (line_of(scenario) - 1) + [answers]
        return engine_runner.case(scenario["id"], top, {"hh_members": members})
    if level == "household":
        return engine_runner.case(scenario["id"], {**top, **answers}, {"hh_members": []})
    assert level == "emigrant", level
    rows = [answers] if context.get("emigrant_count") not in ("", None) else []
    return engine_runner.case(scenario["id"], top, {"hh_members": [], "emigrant_roster": rows})


def household_case(inst: Instrument, scenario: dict[str, Any]) -> dict[str, Any]:
    context = {**CONTEXT, **scenario.get("context", {})}
    top = {**top_level_answers(inst, context),
           **scenario.get("household", {}).get("answers", {})}
    repeats = {"hh_members": [m["answers"] for m in scenario["members"]]}
    if "emigrants" in scenario:
        repeats["emigrant_roster"] = [e["answers"] for e in scenario["emigrants"]]
    return engine_runner.case("household:" + scenario["id"], top, repeats)


@pytest.fixture(scope="module")
def played(inst: Instrument) -> dict[str, CaseResult]:
    cases = [engine_case(inst, s) for s in SCENARIOS] + [household_case(inst, h)
                                                         for h in HOUSEHOLDS]
    return engine_runner.play(engine_runner.build_xform(OPTIONS), cases)


def in_modules(inst: Instrument, names: list[str], modules: list[str]) -> list[str]:
    module_of = {it.name: it.module for it in inst.items()}
    return [n for n in names if module_of[n] in modules]


def check_scope(scope: Scope, where: str, expected_asked: list[str], python_asked: list[str],
                inst: Instrument, modules: list[str]) -> None:
    odk = in_modules(inst, scope.relevant, modules)
    assert odk == expected_asked, f"{where}: ODK engine asks {odk}, scenario {expected_asked}"
    assert odk == python_asked, f"{where}: ODK engine asks {odk}, Python evaluator {python_asked}"


def check_context(result: CaseResult, context: Mapping[str, Any]) -> None:
    """The case ran, every answer was accepted, today() gave the context's date."""
    assert not result.error, result.error
    assert not result.problems, result.problems
    top = result.top()
    for name in ("ref_year", "ref_month"):
        assert same_value(top.values[name], context[name]), (name, top.values[name])


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario_on_odk_engine(inst: Instrument, played: dict[str, CaseResult],
                                scenario: dict[str, Any]) -> None:
    result = played[scenario["id"]]
    context = {**CONTEXT, **scenario.get("context", {})}
    check_context(result, context)
    level = scenario["level"]
    if level == "person":
        scope = result.scope("hh_members", line_of(scenario))
    elif level == "household":
        scope = result.top()
    else:
        rows = result.instances("emigrant_roster")
        scope = rows[0] if rows else Scope("emigrant_roster", 1, [], {}, [], [])
    assert scope.invalid == [], f"answers break a constraint of the form: {scope.invalid}"
    walk = simulate(inst, scenario["answers"], level=level, context=context)
    modules = scenario["modules"]
    check_scope(scope, scenario["id"], scenario["asked"],
                in_modules(inst, walk.asked, modules), inst, modules)
    for name, expected in scenario.get("derived", {}).items():
        assert same_value(scope.values[name], expected), \
            f"{name}: ODK engine {scope.values[name]!r}, scenario {expected!r}"


def household_parts(scenario: dict[str, Any]) -> list[tuple[str, str, int, dict[str, Any]]]:
    """(label, level, index, part) for the household, each member and each emigrant."""
    parts = []
    if "household" in scenario:
        parts.append(("household", "household", 0, scenario["household"]))
    parts += [(f"line {k}", "person", k, m) for k, m in enumerate(scenario["members"], 1)]
    parts += [(f"emigrant {k}", "emigrant", k, e)
              for k, e in enumerate(scenario.get("emigrants", []), 1)]
    return parts


def part_scope(result: CaseResult, level: str, index: int) -> Scope:
    repeat = {"household": None, "person": "hh_members", "emigrant": "emigrant_roster"}[level]
    return result.scope(repeat, index)


def part_walk(inst: Instrument, scenario: dict[str, Any], level: str,
              part: dict[str, Any]) -> Walk:
    context = {**CONTEXT, **scenario.get("context", {})}
    if level == "emigrant":
        context["emigrant_count"] = len(scenario["emigrants"])
    return simulate(inst, part["answers"], level=level, context=context)


def known_issue(scenario: dict[str, Any]) -> Any:
    if "known_issue" not in scenario:
        return pytest.param(scenario, id=scenario["id"])
    return pytest.param(scenario, id=scenario["id"],
                        marks=pytest.mark.xfail(strict=True, reason=scenario["known_issue"]))


def test_households_file() -> None:
    assert len(HOUSEHOLDS) >= 6
    assert any(len(h["members"]) >= 3 for h in HOUSEHOLDS)
    assert any(len(h.get("emigrants", [])) >= 2 for h in HOUSEHOLDS)


@pytest.mark.parametrize("scenario", HOUSEHOLDS, ids=[h["id"] for h in HOUSEHOLDS])
def test_household_routing_on_odk_engine(inst: Instrument, played: dict[str, CaseResult],
                                         scenario: dict[str, Any]) -> None:
    result = played["household:" + scenario["id"]]
    check_context(result, {**CONTEXT, **scenario.get("context", {})})
    assert len(result.instances("hh_members")) == len(scenario["members"])
    assert len(result.instances("emigrant_roster")) == len(scenario.get("emigrants", []))
    modules = scenario["modules"]
    for label, level, index, part in household_parts(scenario):
        scope = part_scope(result, level, index)
        assert scope.invalid == [], f"{label}: answers break a constraint: {scope.invalid}"
        walk = part_walk(inst, scenario, level, part)
        check_scope(scope, f"{scenario['id']} {label}", part["asked"],
                    in_modules(inst, walk.asked, modules), inst, modules)


@pytest.mark.parametrize("scenario", [known_issue(h) for h in HOUSEHOLDS])
def test_household_derived_values(inst: Instrument, played: dict[str, CaseResult],
                                  scenario: dict[str, Any]) -> None:
    result = played["household:" + scenario["id"]]
    wrong = []
    for label, level, index, part in household_parts(scenario):
        scope = part_scope(result, level, index)
        walk = part_walk(inst, scenario, level, part)
        beyond_python = unknowable(inst, walk, level)
        for name, expected in part.get("derived", {}).items():
            if not same_value(scope.values[name], expected):
                wrong.append(f"{label} {name}: ODK engine {scope.values[name]!r}, "
                             f"scenario {expected!r}")
            if name not in beyond_python and not same_value(python_value(walk.values[name]),
                                                            expected):
                wrong.append(f"{label} {name}: Python evaluator {walk.values[name]!r}, "
                             f"scenario {expected!r}")
    assert not wrong, "\n".join(wrong)

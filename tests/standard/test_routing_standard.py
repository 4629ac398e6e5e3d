"""Routing of every block of the standard bank, scenario by scenario (tests/cases/routing.yaml).

The expectations are written from the standards each scenario names, not from the code.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator import BuildOptions
from generator.api import DEFAULT_BANK, check
from generator.instrument.compile import Instrument, compile_instrument
from generator.instrument.describe import simulate
from tests.scenarios import load_scenarios

CASES: list[dict[str, Any]] = load_scenarios()
CONTEXT = {"ref_year": "2026", "ref_month": "11", "hh_region": "KE-47"}


@pytest.fixture(scope="module")
def inst() -> Instrument:
    result = check(DEFAULT_BANK)
    assert result.bank is not None and result.report.valid, result.report.to_text()
    compiled, found = compile_instrument(result.bank, BuildOptions(country="KEN"))
    assert compiled is not None and not found
    return compiled


def test_every_block_has_scenarios(inst: Instrument) -> None:
    covered = {m for case in CASES for m in case["modules"]}
    asked_blocks = {b.id for b in inst.blocks
                    if any(it.question.is_asked for it in inst.items() if it.module == b.id)}
    assert asked_blocks - {"roster", "survey"} <= covered
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_scenario(inst: Instrument, case: dict[str, Any]) -> None:
    module_of = {it.name: it.module for it in inst.items()}
    context = {**CONTEXT, **case.get("context", {})}
    walk = simulate(inst, case["answers"], level=case["level"], context=context)
    got = [name for name in walk.asked if module_of[name] in case["modules"]]
    assert got == case["asked"]
    for name, expected in case.get("derived", {}).items():
        value = walk.values[name]
        assert value == expected or (expected != "" and value == float(expected)), \
            f"{name} = {value!r}, expected {expected!r}"

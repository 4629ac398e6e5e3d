"""The printed instructions route every scenario exactly as the form does."""

from __future__ import annotations

from typing import Any

import pytest

from generator import BuildOptions
from generator.api import DEFAULT_BANK, check
from generator.bank.model import Tier
from generator.instrument.compile import Instrument, compile_instrument
from generator.instrument.describe import simulate
from generator.render.paper import END, PaperPlan, follow, plan
from tests.scenarios import load_scenarios

CASES: list[dict[str, Any]] = load_scenarios()
CONTEXT = {"ref_year": "2026", "ref_month": "11", "hh_region": "KE-47"}


def compiled(tier: Tier) -> Instrument:
    result = check(DEFAULT_BANK)
    assert result.bank is not None
    inst, found = compile_instrument(result.bank, BuildOptions(country="KEN", tier=tier))
    assert inst is not None and not found
    return inst


@pytest.fixture(scope="module")
def paper() -> PaperPlan:
    return plan(compiled(Tier.EXTENDED))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_paper_follows_the_form(paper: PaperPlan, case: dict[str, Any]) -> None:
    context = {**CONTEXT, **case.get("context", {})}
    form = simulate(paper.instrument, case["answers"], level=case["level"], context=context)
    printed = follow(paper, case["answers"], level=case["level"], context=context)
    module_of = {it.name: it.module for it in paper.instrument.items()}
    in_case = [n for n in printed if module_of[n] in case["modules"]]  # answers are complete there
    assert in_case == [n for n in form.asked if module_of[n] in case["modules"]]
    assert in_case == case["asked"]


def test_every_goto_target_exists_and_lies_ahead(paper: PaperPlan) -> None:
    arrows = 0
    for section in paper.sections:
        order = [e.number for e in section.entries]
        for k, entry in enumerate(section.entries):
            targets = list(entry.skips.values()) + ([entry.check.target] if entry.check else [])
            for target in targets:
                arrows += 1
                assert target == END or order.index(target) > k, (entry.number, target)
    assert arrows > 20


def test_the_brief_skip_map(paper: PaperPlan) -> None:
    entries = {e.name: e for s in paper.sections for e in s.entries}
    # P01 born here: Yes and Don't know skip the country of birth (brief §4.5 MIG01-MIG02)
    assert entries["born_here"].skips == {"1": "P03", "8": "P03"}
    assert entries["country_birth"].check is None
    # citizen of this country: Yes skips 'which country'
    assert entries["citizen_here"].skips == {"1": "P05"}
    # lived abroad depends on P01 but is not next to it: a CHECK box
    check = entries["lived_abroad"].check
    assert check is not None and check.target == "P08"
    # year of arrival: two answers decide it, so a CHECK box
    assert entries["arrival_year"].check is not None

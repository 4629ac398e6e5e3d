"""Plain-language universes and the Python evaluator on the standard bank.

Scenario-by-scenario routing of every block is in test_routing_standard.py.
"""

from __future__ import annotations

import pytest

from generator import BuildOptions
from generator.api import DEFAULT_BANK, check
from generator.instrument.compile import Instrument, compile_instrument
from generator.instrument.describe import universe_text
from generator.logic import evaluate, parse


@pytest.fixture(scope="module")
def inst() -> Instrument:
    result = check(DEFAULT_BANK)
    assert result.bank is not None and result.report.valid
    compiled, found = compile_instrument(result.bank, BuildOptions())
    assert compiled is not None and not found
    return compiled


def test_derived_foreign_born(inst: Instrument) -> None:
    calc = next(it for it in inst.items() if it.name == "foreign_born").question.calculation
    assert calc is not None
    assert evaluate(parse(calc), {"born_here": "2"}) == 1.0
    assert evaluate(parse(calc), {"born_here": "1"}) == 0.0
    assert evaluate(parse(calc), {"born_here": "8"}) == ""


def test_universe_in_plain_language(inst: Instrument) -> None:
    items = {it.name: it for it in inst.items()}
    assert universe_text(inst, items["country_birth"]) == "BORN HERE (P01) is 'No'"
    assert universe_text(inst, items["residence_5y"]) == "AGE (HL04) is 5 or more"
    assert universe_text(inst, items["arrival_year"]) == \
        "BORN HERE (P01) is 'No' or LIVED ABROAD (P07) is 'Yes'"
    assert universe_text(inst, items["born_here"]) is None


def test_universe_in_other_languages(inst: Instrument) -> None:
    items = {it.name: it for it in inst.items()}
    assert universe_text(inst, items["country_birth"], "fr") == "P01 = « Non »"
    assert universe_text(inst, items["residence_5y"], "es") == "HL04 al menos 5"
    assert universe_text(inst, items["country_birth"], "ar") == "P01 = «لا»"

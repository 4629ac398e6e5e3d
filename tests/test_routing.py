"""Routing scenarios for the core person block, written from the standards.

Expectations follow the brief's skip map (DOMAIN §1.2-§1.6, §4.5): country of birth only for
those born abroad; ever lived abroad only for the native-born; year of arrival, previous
country and reason for those born abroad or who lived abroad; residence five years ago from
age 5; its country only when the person lived abroad then.
"""

from __future__ import annotations

import pytest

from generator import BuildOptions
from generator.api import DEFAULT_BANK, check
from generator.compile import Instrument, compile_instrument
from generator.routing import asked, universe_text

ROSTER = ["member_name", "relationship", "sex", "age"]


@pytest.fixture(scope="module")
def inst() -> Instrument:
    result = check(DEFAULT_BANK)
    assert result.bank is not None and result.report.valid
    compiled, found = compile_instrument(result.bank, BuildOptions())
    assert compiled is not None and not found
    return compiled


SCENARIOS = [
    ("native-born adult who never lived abroad",
     {"age": 40, "born_here": "1", "citizen_here": "1", "lived_abroad": "2", "residence_5y": "1"},
     ["born_here", "citizen_here", "lived_abroad", "residence_5y"]),
    ("native-born returnee",
     {"age": 35, "born_here": "1", "citizen_here": "1", "lived_abroad": "1",
      "arrival_year": 2022, "prev_country": "826", "migration_reason": "4", "residence_5y": "4",
      "residence_5y_country": "826"},
     ["born_here", "citizen_here", "lived_abroad", "arrival_year", "prev_country",
      "migration_reason", "residence_5y", "residence_5y_country"]),
    ("foreign-born non-citizen",
     {"age": 30, "born_here": "2", "country_birth": "804", "citizen_here": "2",
      "citizenship": "804", "arrival_year": 2023, "prev_country": "616",
      "migration_reason": "5", "residence_5y": "4", "residence_5y_country": "804"},
     ["born_here", "country_birth", "citizen_here", "citizenship", "arrival_year",
      "prev_country", "migration_reason", "residence_5y", "residence_5y_country"]),
    ("stateless child under five born abroad",
     {"age": 3, "born_here": "2", "country_birth": "50", "citizen_here": "2",
      "citizenship": "977", "arrival_year": 2024, "prev_country": "50",
      "migration_reason": "5"},
     ["born_here", "country_birth", "citizen_here", "citizenship", "arrival_year",
      "prev_country", "migration_reason"]),
    ("place of birth not known",
     {"age": 60, "born_here": "8", "citizen_here": "1", "residence_5y": "1"},
     ["born_here", "citizen_here", "residence_5y"]),
]


@pytest.mark.parametrize(("answers", "expected"), [s[1:] for s in SCENARIOS],
                         ids=[s[0] for s in SCENARIOS])
def test_scenario(inst: Instrument, answers: dict[str, object], expected: list[str]) -> None:
    assert asked(inst, answers, level="person") == ROSTER + expected  # type: ignore[arg-type]


def test_derived_foreign_born(inst: Instrument) -> None:
    from generator.logic import evaluate, parse

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
        "BORN HERE (P01) is 'No' or LIVED ABROAD (P05) is 'Yes'"
    assert universe_text(inst, items["born_here"]) is None

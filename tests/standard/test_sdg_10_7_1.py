"""SDG 10.7.1 worked example from the metadata, on the Python evaluator and ODK's engine.

Source: SDG metadata 10.7.1 (ILO and World Bank, update 2022-05-18,
https://worldbank.github.io/sdg-metadata/metadata/en/10-7-1), section 2.a "Definition and
concepts": the indicator is "a ratio between a cost measure and an income measure", the
numerator and denominator "based on costs and earnings observed for the same individual
international migrant worker"; the target population is international migrant workers who,
in a recent past period, changed their country of usual residence to work as wage or salary
earners (return migrant workers in an origin country, migrant workers in a destination
country), excluding the self-employed, moves that did not change usual residence and moves
made for reasons other than employment. The ILO-World Bank Guidelines (2018) take the first
job in the last country of destination within recent years (for example the 3 years before
the survey) and the earnings of its first month.

The metadata as found gives no numeric worked example, so the example below is built from
those definitions: seven people of one origin-country household, three of them in the target
population (one paid nothing, which counts as a ratio of 0), three outside it (self-employed
abroad, a job started before the window, went abroad to join family) and one in it whose
first month's earnings are not known (no ratio: numerator and denominator must come from the
same worker). The indicator is the mean, over the target population with both amounts, of
each worker's cost divided by one month's earnings; the median is reported beside it.
"""

from __future__ import annotations

import statistics
from typing import Any

import pytest

from generator import BuildOptions
from generator.api import DEFAULT_BANK, check
from generator.instrument.compile import Instrument, compile_instrument
from generator.instrument.describe import simulate
from tests import engine_runner
from tests.engine_runner import CaseResult, python_value

CONTEXT = {"ref_year": "2026", "ref_month": "11", "hh_region": "KE-47", "residence_months": "12"}
OPTIONS = BuildOptions(country="KEN")

RETURNEE = {"born_here": "1", "citizen_here": "1", "other_citizenship": "2", "lived_abroad": "1",
            "mother_line": 0, "mother_born_here": "1", "father_line": 0,
            "father_born_here": "1", "worked_abroad": "1", "years_abroad": 1,
            "reason_return": "1"}
"""A citizen born in Kenya back from abroad (the origin-country side of the target)."""


def returnee(age: int, **answers: Any) -> dict[str, Any]:
    return {"age": age, **RETURNEE, **answers}


WORKERS: list[tuple[str, dict[str, Any], int, float | None]] = [
    # (who, answers, rc_target, rc_cost_months)
    ("paid nothing: a ratio of 0, counted",
     returnee(35, arrival_year=2025, arrival_month=2, prev_country="682", reason_left="11",
              work_status_abroad="1", rc_job_year=2024, rc_job_month=1, rc_job_country="682",
              rc_paid="2", rc_earnings=1000, rc_earnings_currency="SAR"), 1, 0.0),
    ("paid 1,800 for a job paying 500 a month: 3.6 months",
     returnee(29, arrival_year=2026, arrival_month=4, prev_country="634", reason_left="12",
              work_status_abroad="1", rc_job_year=2025, rc_job_month=3, rc_job_country="634",
              rc_paid="1", rc_cost_total=1800, rc_cost_currency="USD", rc_earnings=500,
              rc_earnings_currency="USD"), 1, 3.6),
    ("came from Uganda for a wage job: 45,000 against 30,000 a month, 1.5 months",
     {"age": 31, "born_here": "2", "country_birth": "800", "citizen_here": "2",
      "citizenship": "800", "arrival_year": 2024, "arrival_month": 5, "prev_country": "800",
      "migration_reason": "11", "mother_line": 0, "mother_born_here": "2", "father_line": 0,
      "father_born_here": "2", "rc_work_status": "1", "rc_job_year": 2024, "rc_job_month": 6,
      "rc_paid": "1", "rc_cost_total": 45000, "rc_cost_currency": "KES", "rc_earnings": 30000,
      "rc_earnings_currency": "KES"}, 1, 1.5),
    ("self-employed abroad: out of the target (metadata: wage or salary earners only)",
     returnee(40, arrival_year=2025, arrival_month=6, prev_country="784", reason_left="11",
              work_status_abroad="2"), 0, None),
    ("job started in 2019, before the 3-year window: out of the target",
     returnee(45, arrival_year=2021, arrival_month=8, prev_country="682", reason_left="11",
              work_status_abroad="1", rc_job_year=2019, rc_job_month=4, rc_job_country="682"),
     0, None),
    ("went abroad to join family: out of the target (moved for a reason other than work)",
     returnee(33, arrival_year=2025, arrival_month=9, prev_country="826", reason_left="32",
              work_status_abroad="1"), 0, None),
    ("in the target, first month's earnings not known: no ratio",
     returnee(27, arrival_year=2026, arrival_month=1, prev_country="682", reason_left="11",
              work_status_abroad="1", rc_job_year=2024, rc_job_month=11, rc_job_country="682",
              rc_paid="1", rc_cost_total=2000, rc_cost_currency="SAR", rc_earnings=99999998),
     1, None),
]
MEAN = (0.0 + 3.6 + 1.5) / 3
"""1.7 months of earnings: the mean of the three workers' ratios (the one who paid nothing
included, the one without earnings left out)."""
MEDIAN = 1.5


@pytest.fixture(scope="module")
def inst() -> Instrument:
    result = check(DEFAULT_BANK)
    assert result.bank is not None and result.report.valid, result.report.to_text()
    compiled, found = compile_instrument(result.bank, OPTIONS)
    assert compiled is not None and not found
    return compiled


def indicator(values: list[tuple[str, str]]) -> tuple[float, float, int]:
    """(mean, median, n) of rc_cost_months over the target with a ratio."""
    ratios = [float(months) for target, months in values if target == "1" and months != ""]
    return statistics.mean(ratios), statistics.median(ratios), len(ratios)


def test_worked_example_on_the_python_evaluator(inst: Instrument) -> None:
    values = []
    for who, answers, target, months in WORKERS:
        walk = simulate(inst, answers, level="person", context=CONTEXT)
        got = (python_value(walk.values["rc_target"]), python_value(walk.values["rc_cost_months"]))
        assert got == (str(target), "" if months is None else python_value(months)), who
        values.append(got)
    mean, median, n = indicator(values)
    assert n == 3
    assert mean == pytest.approx(MEAN) and mean == pytest.approx(1.7)
    assert median == pytest.approx(MEDIAN)


@pytest.fixture(scope="module")
def played() -> CaseResult:
    case = engine_runner.case("sdg-10-7-1", {"hh_region": CONTEXT["hh_region"]},
                              {"hh_members": [answers for _, answers, _, _ in WORKERS]})
    return engine_runner.play(engine_runner.build_xform(OPTIONS), [case])["sdg-10-7-1"]


def test_worked_example_on_odk_engine(played: CaseResult) -> None:
    assert not played.error and not played.problems, (played.error, played.problems)
    values = []
    for line, (who, _, target, months) in enumerate(WORKERS, start=1):
        scope = played.scope("hh_members", line)
        assert scope.invalid == [], f"{who}: breaks a constraint: {scope.invalid}"
        got = (scope.values["rc_target"], scope.values["rc_cost_months"])
        assert engine_runner.same_value(got[0], target), who
        assert engine_runner.same_value(got[1], "" if months is None else months), who
        values.append(got)
    mean, median, n = indicator(values)
    assert (n, mean, median) == (3, pytest.approx(MEAN), pytest.approx(MEDIAN))


def test_cost_and_earnings_are_asked_only_of_the_target(played: CaseResult) -> None:
    """The metadata's universe: the cost and earnings questions reach the target only."""
    for line, (who, _, target, _) in enumerate(WORKERS, start=1):
        asked = set(played.scope("hh_members", line).relevant)
        assert ("rc_paid" in asked) == (target == 1), who
        assert ("rc_earnings" in asked) == (target == 1), who

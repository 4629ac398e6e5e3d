"""Every derived variable on its truth table, on the Python evaluator and on ODK's engine.

The rows of tests/cases/derived_truth.yaml give answers and the value each derived variable
must take under the bank's convention (1 yes; 0 known no, structural out-of-universe
included; empty only when an input needed is unknown). Each row is simulated in Python
(`generator.instrument.describe.simulate`) and played on @getodk/xforms-engine; both must
give the expected values. A coverage test asks that each derived flag of the bank is seen
as 1, as 0 and as empty, so a new derived variable cannot skip its table.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from generator import BuildOptions
from generator.instrument.compile import Instrument
from generator.instrument.describe import simulate
from tests import engine_runner
from tests.conftest import TESTS
from tests.engine_runner import CaseResult, python_value, same_value, unknowable
from tests.render.codebook import submissions

ROWS: list[dict[str, Any]] = yaml.safe_load(
    (TESTS / "cases" / "derived_truth.yaml").read_text(encoding="utf-8"))
CONTEXT = {"ref_year": "2026", "ref_month": "11", "hh_region": "KE-47", "residence_months": "12"}
OPTIONS = BuildOptions(country="KEN")
CATEGORICAL = {"citizenship_status", "nativity_citizenship", "generation",
               "years_since_arrival"}
RATIOS = {"rc_cost_months", "remit_cost_ratio"}


@pytest.fixture(scope="module")
def inst() -> Instrument:
    return engine_runner.instrument(OPTIONS)


def derived_names(inst: Instrument) -> list[str]:
    return [it.name for it in inst.items() if it.question.derived]


def test_every_derived_variable_has_a_full_truth_table(inst: Instrument) -> None:
    seen: dict[str, set[str]] = {}
    for row in ROWS:
        for name, value in row["expect"].items():
            seen.setdefault(name, set()).add("" if value == "" else str(value))
    missing = []
    for name in derived_names(inst):
        values = seen.get(name, set())
        if name in RATIOS or name in CATEGORICAL:
            need = {"known": bool(values - {""}), "empty": "" in values}
        else:
            need = {"1": "1" in values, "0": "0" in values, "empty": "" in values}
        missing += [f"{name}: no row where it is {k}" for k, ok in need.items() if not ok]
    assert not missing, "\n".join(missing)
    unknown = set(seen) - set(derived_names(inst))
    assert not unknown, f"rows expect variables that are not derived: {sorted(unknown)}"


def row_level(row: dict[str, Any]) -> str:
    return "person" if "members" in row else str(row["level"])


SINGLE = [r for r in ROWS if "members" not in r and "roster" not in r]


@pytest.mark.parametrize("row", SINGLE, ids=[r["id"] for r in SINGLE])
def test_python_evaluator(inst: Instrument, row: dict[str, Any]) -> None:
    walk = simulate(inst, row["answers"], level=row["level"], context=CONTEXT)
    wrong = [f"{name}: Python {python_value(walk.values[name])!r}, expected {expected!r}"
             for name, expected in row["expect"].items()
             if not same_value(python_value(walk.values[name]), expected)]
    assert not wrong, "\n".join(wrong)


ROSTERS = [r for r in ROWS if "roster" in r]


@pytest.mark.parametrize("row", ROSTERS, ids=[r["id"] for r in ROSTERS])
def test_python_household_totals(inst: Instrument, row: dict[str, Any]) -> None:
    """Household flags over the members, as the labelling step computes them in Python."""
    (hh,) = submissions.walk(inst, [submissions.Household(
        "uuid:t", {"interview_date": "2026-11-15", "hh_region": "KE-47", **row["answers"]},
        row["roster"])])
    wrong = [f"{name}: Python {python_value(hh.values[name])!r}, expected {expected!r}"
             for name, expected in row["expect"].items()
             if not same_value(python_value(hh.values[name]), expected)]
    assert not wrong, "\n".join(wrong)


MOTHER_CHECK = "soft-check-mother-line"
MOTHER_ROSTER = [
    {"sex": "2", "age": 30},                                 # 1 a mother
    {"sex": "1", "age": 5, "mother_line": 1},                # 2 her son: no check
    {"sex": "1", "age": 25, "mother_line": 4},               # 3 line 4 is a man
    {"sex": "1", "age": 60, "mother_line": 0},               # 4
    {"sex": "2", "age": 20, "mother_line": 1},               # 5 only 10 years younger
    {"sex": "2", "age": 10, "mother_line": 9},               # 6 no line 9
]
"""A roster where the mother's line number of lines 3, 5 and 6 must raise the soft check."""
PERSON_CASES = 2
"""Person rows are played as whole households, one member per row (a roster row's members
in a run, line numbers shifted), split in this many cases so both engine processes work."""


def person_rows() -> list[dict[str, Any]]:
    return [r for r in ROWS if "members" in r or r["level"] == "person"]


def person_case_of(row_id: str) -> tuple[str, int]:
    """(engine case id, line of the member checked) of a person row."""
    rows = person_rows()
    k = [r["id"] for r in rows].index(row_id)
    part = k * PERSON_CASES // len(rows)
    line = 0
    for r in rows[:k + 1]:
        if (rows.index(r) * PERSON_CASES // len(rows)) != part:
            continue
        line += len(r["members"]) if "members" in r else 1
    row = rows[k]
    if "members" in row:
        line += int(row["check"]) - len(row["members"])
    return f"persons-{part}", line


def engine_cases() -> list[dict[str, Any]]:
    top = {"hh_region": CONTEXT["hh_region"]}  # ref_year and ref_month come from today()
    households: list[list[dict[str, Any]]] = [[] for _ in range(PERSON_CASES)]
    rows = person_rows()
    for k, row in enumerate(rows):
        members = households[k * PERSON_CASES // len(rows)]
        if "members" in row:
            base = len(members)
            members += [{f: (v + base if f in ("mother_line", "father_line") and v else v)
                         for f, v in m.items()} for m in row["members"]]
        else:
            members.append(row["answers"])
    cases = [engine_runner.case(f"persons-{p}", top, {"hh_members": m})
             for p, m in enumerate(households)]
    cases.append(engine_runner.case(MOTHER_CHECK, top, {"hh_members": MOTHER_ROSTER}))
    for row in ROWS:
        if row.get("level") == "household":
            count = int(row["answers"].get("emigrant_count", 0) or 0)
            cases.append(engine_runner.case(row["id"], {**top, **row["answers"]},
                                            {"hh_members": row.get("roster", []),
                                             "emigrant_roster": [{}] * count}))
    return cases


@pytest.fixture(scope="module")
def played() -> dict[str, CaseResult]:
    return engine_runner.play(engine_runner.build_xform(OPTIONS), engine_cases())


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_odk_engine(inst: Instrument, played: dict[str, CaseResult],
                    row: dict[str, Any]) -> None:
    household = row.get("level") == "household"
    case_id, line = (row["id"], 0) if household else person_case_of(row["id"])
    result = played[case_id]
    assert not result.error, result.error
    assert not result.problems, result.problems
    scope = result.top() if household else result.scope("hh_members", line)
    assert scope.invalid == [], f"answers break a constraint of the form: {scope.invalid}"
    wrong = [f"{name}: ODK engine {scope.values[name]!r}, expected {expected!r}"
             for name, expected in row["expect"].items()
             if not same_value(scope.values[name], expected)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("row", [r for r in ROWS if "members" in r],
                         ids=[r["id"] for r in ROWS if "members" in r])
def test_python_evaluator_household_roster(inst: Instrument, row: dict[str, Any]) -> None:
    """A member whose parent lives in the household: Python gives the value or, where the
    value needs another member's record, leaves it unknown (never a wrong value)."""
    member = row["members"][int(row["check"]) - 1]
    walk = simulate(inst, member, level=row_level(row), context=CONTEXT)
    beyond = unknowable(inst, walk, "person")
    for name, expected in row["expect"].items():
        if name not in beyond:
            assert same_value(python_value(walk.values[name]), expected), name


def test_soft_check_on_the_mothers_line_on_odk_engine(played: dict[str, CaseResult]) -> None:
    result = played[MOTHER_CHECK]
    assert not result.error and not result.problems, (result.error, result.problems)
    flagged = [k for k in range(1, len(MOTHER_ROSTER) + 1)
               if "check_mother_line" in result.scope("hh_members", k).relevant]
    assert flagged == [3, 5, 6]

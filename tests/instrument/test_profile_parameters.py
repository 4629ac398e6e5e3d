"""Survey parameters a profile declares change what the form asks, on every output.

The lfs and origin profiles declare the working-age limit (`working_age`, 15) and the 10.7.1
window (`rc_window_years`, 3 years). Build options override them; the compile step writes the
values into the expressions and the texts that read them, so the XLSForm relevance, the
printed CHECK rows, the codebook universe and the derived variables' windows all change
together, and nothing else changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from generator import BuildOptions, api
from generator.api import DEFAULT_BANK, check
from generator.bank.model import Bank
from generator.instrument.compile import Instrument, compile_instrument
from generator.instrument.describe import simulate
from generator.instrument.profiles import reads

CONTEXT = {"ref_year": "2026", "ref_month": "11", "hh_region": "KE-47", "residence_months": "12"}
DECLARING = ("lfs", "origin")
CHANGED = (("working_age", 18), ("rc_window_years", 5))


@pytest.fixture(scope="module")
def bank() -> Bank:
    result = check(DEFAULT_BANK)
    assert result.bank is not None and result.report.valid, result.report.to_text()
    return result.bank


def compiled(bank: Bank, profile: str, **kw: Any) -> Instrument:
    inst, found = compile_instrument(bank, BuildOptions(profile=profile, languages=("en",), **kw))
    assert inst is not None, found
    return inst


def test_profiles_declare_parameters_of_the_bank(bank: Bank) -> None:
    tagged = {q.parameter for _, q in bank.questions() if q.parameter}
    for profile in DECLARING:
        declared = bank.profiles[profile].parameters
        assert declared == {"working_age": 15, "rc_window_years": 3}, profile
        assert set(declared) <= tagged


def snapshot(inst: Instrument) -> dict[str, tuple[object, ...]]:
    return {it.name: (it.question.relevant, it.question.constraint, it.calculation,
                      tuple(sorted((f, t.get("en", "")) for f, t in it.texts.items())))
            for it in inst.items()}


@pytest.mark.parametrize("profile", DECLARING)
def test_a_parameter_change_changes_what_reads_it_and_nothing_else(bank: Bank,
                                                                   profile: str) -> None:
    default, changed = compiled(bank, profile), compiled(bank, profile, parameters=CHANGED)
    before, after = snapshot(default), snapshot(changed)
    differ = {name for name in before if before[name] != after[name]}
    readers = {q.name for _, q in bank.questions()
               if reads(q) & {"working_age", "rc_window_years"}
               or any(f"{{{p}}}" in t for p in ("working_age", "rc_window_years")
                      for fld in ("label", "hint", "universe", "definition")
                      for t in getattr(q, fld).values())}
    assert differ == (readers | {"working_age", "rc_window_years"}) & set(before)
    items = {it.name: it for it in changed.items()}
    assert items["worked_abroad"].question.relevant == (
        "${age} >= 18 and ${born_here} = '1' and ${lived_abroad} = '1'")
    assert "aged 18 or older" in items["worked_abroad"].texts["universe"]["en"]
    assert "< 5 * 12" in (items["rc_target"].calculation or "")
    assert "less than 5 years" in items["rc_target"].texts["definition"]["en"]
    assert "Aged 18 or older" in items["rc_target"].texts["definition"]["en"]
    assert items["working_age"].calculation == "18"
    assert not any("${working_age}" in str(v) or "${rc_window_years}" in str(v)
                   for it in changed.items() for v in it.exprs.values())


def test_the_age_limit_and_window_change_who_is_asked_and_the_target(bank: Bank) -> None:
    """A returnee of 16 is asked about work abroad at 15 and not at 18; a wage job started
    4 years ago is in the 10.7.1 target with a 5-year window and not with 3 years."""
    default, changed = compiled(bank, "lfs"), compiled(bank, "lfs", parameters=CHANGED)
    teen = {"age": 16, "born_here": "1", "citizen_here": "1", "lived_abroad": "1",
            "arrival_year": 2025, "arrival_month": 3}
    assert "worked_abroad" in simulate(default, teen, level="person", context=CONTEXT).asked
    assert "worked_abroad" not in simulate(changed, teen, level="person", context=CONTEXT).asked
    worker = {"age": 35, "born_here": "1", "citizen_here": "1", "lived_abroad": "1",
              "arrival_year": 2025, "arrival_month": 2, "reason_left": "11",
              "worked_abroad": "1", "work_status_abroad": "1", "rc_job_year": 2022,
              "rc_job_month": 11}
    targets = [simulate(inst, worker, level="person", context=CONTEXT).values["rc_target"]
               for inst in (default, changed)]
    assert targets == [0, 1]


def test_profile_values_are_the_defaults_and_options_override_them(bank: Bank) -> None:
    census = {it.name: it.calculation for it in compiled(bank, "census").items()}
    assert census["working_age"] == "15"  # the bank's value where a profile declares none
    lfs = {it.name: it for it in compiled(bank, "lfs", parameters=(("working_age", 16),))
           .items()}
    assert lfs["working_age"].calculation == "16"
    assert lfs["rc_window_years"].calculation == "3"


@pytest.mark.slow
@pytest.mark.parametrize("profile", DECLARING)
def test_changed_parameters_build_validate_and_print(tmp_path: Path, profile: str) -> None:
    """XLSForm (ODK Validate passes), printed questionnaire and codebook say 18 and 5."""
    result = api.build(DEFAULT_BANK, BuildOptions(profile=profile, languages=("en",),
                                                  parameters=CHANGED), tmp_path,
                       ("xlsform", "xform", "pdf", "codebook_json"), validate=True)
    assert result.report.valid, result.report.to_text()
    stem = f"migmod_standard_{profile}"
    sheet = openpyxl.load_workbook(tmp_path / f"{stem}.xlsx")["survey"]
    rows = list(sheet.iter_rows(values_only=True))
    name, relevant = rows[0].index("name"), rows[0].index("relevant")
    assert [r[relevant] for r in rows if r[name] == "worked_abroad"] == [
        "${age} >= 18 and ${born_here} = '1' and ${lived_abroad} = '1'"]
    pdf = tmp_path / f"{stem}.questionnaire.en.pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(pdf)).pages)
    assert "RTC01 CHECK: 18 OR MORE IN HL04" in text  # return migration: working age
    assert "AND 18 OR MORE IN HL04?" in text  # immigrant employees (10.7.1)
    codebook = json.loads((tmp_path / f"{stem}.codebook.json").read_text("utf-8"))
    dumped = json.dumps(codebook, ensure_ascii=False)
    assert "less than 5 years before the interview" in dumped
    assert "< 5 * 12" in dumped

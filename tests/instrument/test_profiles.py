"""Survey profiles: each is a closed selection that builds, passes ODK Validate and prints."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator import BuildOptions, api
from generator.api import DEFAULT_BANK, check
from generator.bank.model import Bank, Tier
from generator.cli.app import cli
from generator.instrument.compile import ROSTER_REPEAT, Instrument, compile_instrument
from generator.instrument.describe import simulate
from generator.logic.ast import refs
from generator.render.codebook.coverage import compute_coverage
from tests.conftest import ROOT

PROFILES = ("census", "lfs", "dhs", "origin", "displacement")
CONTEXT = {"ref_year": "2026", "ref_month": "11", "hh_region": "KE-47"}


@pytest.fixture(scope="module")
def bank() -> Bank:
    result = check(DEFAULT_BANK)
    assert result.bank is not None and result.report.valid, result.report.to_text()
    return result.bank


def compiled(bank: Bank, profile: str, **kw: object) -> Instrument:
    inst, found = compile_instrument(bank, BuildOptions(profile=profile, **kw))  # type: ignore[arg-type]
    assert inst is not None, found
    return inst


def asked(inst: Instrument, module: str | None = None) -> list[str]:
    return [it.name for it in inst.items()
            if it.question.is_asked and (module is None or it.module == module)]


def test_the_bank_has_the_five_profiles(bank: Bank) -> None:
    assert tuple(bank.profiles) == PROFILES
    for prof in bank.profiles.values():
        assert set(prof.title) == set(prof.purpose) == {"en", "fr", "es", "ar"}


@pytest.mark.parametrize("profile", PROFILES)
def test_profile_is_closed(bank: Bank, profile: str) -> None:
    """Every question a kept item reads is in the instrument (nothing dangles)."""
    inst = compiled(bank, profile, country="KEN")
    names = {it.name for it in inst.items()} | {ROSTER_REPEAT}
    for it in inst.items():
        for fld, expr in it.exprs.items():
            missing = {r.name for r in refs(expr)} - names
            assert not missing, f"{profile}: {it.name}.{fld} reads {missing}"
    assert inst.form_id == f"migmod_standard_ken_{profile}"


def test_census_short_form_is_what_the_issue_lists(bank: Bank) -> None:
    inst = compiled(bank, "census")
    person = asked(inst, "person_core")
    for name in ("born_here", "country_birth", "citizen_here", "citizenship", "arrival_year",
                 "residence_1y", "residence_5y", "mother_born_here", "father_country_birth"):
        assert name in person
    for name in ("migration_reason", "prev_country", "other_citizenship"):
        assert name not in person
    assert {b.id for b in inst.blocks} == {"survey", "roster", "person_core", "usual_residence"}
    derived = {it.name for it in inst.items() if it.question.derived}
    assert {"foreign_born", "foreign_citizen", "generation", "meets_residence_rule"} <= derived


def test_profiles_feed_their_indicators(bank: Bank) -> None:
    def indicators(inst: Instrument) -> set[str]:
        return {link.id for it in inst.items() for link in it.question.indicators}

    assert "10.7.1" in indicators(compiled(bank, "lfs"))
    assert "10.7.1" not in indicators(compiled(bank, "census"))
    origin = indicators(compiled(bank, "origin"))
    assert {"10.7.1", "10.c.1", "17.3.2", "16.b.1"} <= origin
    assert "10.7.4" in indicators(compiled(bank, "displacement"))


def test_core_tier_narrows_a_profile(bank: Bank) -> None:
    full = asked(compiled(bank, "origin"))
    core = asked(compiled(bank, "origin", tier=Tier.CORE))
    assert set(core) < set(full) and "remit_received" not in core


def test_residence_rule_is_a_survey_parameter(bank: Bank) -> None:
    six = compiled(bank, "displacement")
    twelve = compiled(bank, "census")
    calc = {inst.form_id: next(it.calculation for it in inst.items()
                               if it.name == "residence_months") for inst in (six, twelve)}
    assert calc == {"migmod_standard_displacement": "6", "migmod_standard_census": "12"}
    # arrived 8 months ago, intends to stay less than 6 months in all
    answers = {"usual_resident": "1", "born_here": "2", "arrival_year": 2026, "arrival_month": 3,
               "stay_intention": "1"}
    for inst, months, meets in ((six, "6", 1), (twelve, "12", 0)):
        walk = simulate(inst, answers, level="person",
                        context={**CONTEXT, "residence_months": months})
        assert "stay_intention" in walk.asked
        assert walk.values["meets_residence_rule"] == meets


def test_unknown_profile_is_a_located_error(bank: Bank) -> None:
    inst, found = compile_instrument(bank, BuildOptions(profile="mics7"))
    assert inst is None and [(i.code, i.loc.file if i.loc else "") for i in found] == \
        [("REF018", "--profile")]


def test_cli_profile_option_and_config(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    res = runner.invoke(cli, ["build", "--profile", "dhs", "--format", "xlsform",
                              "--no-validate", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "migmod_standard_dhs.xlsx").is_file()
    res = runner.invoke(cli, ["build", "--profile", "nope", "--format", "xlsform",
                              "--no-validate", "--out", str(out)])
    assert res.exit_code == 1 and "REF018" in res.output
    config = tmp_path / "migmod.yaml"
    config.write_text("profile: census\nformats: [xlsform]\nout: built\n", encoding="utf-8")
    res = runner.invoke(cli, ["--config", str(config), "build", "--no-validate"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "built" / "migmod_standard_census.xlsx").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("profile", PROFILES)
def test_profile_builds_validates_and_prints(tmp_path: Path, profile: str) -> None:
    result = api.build(DEFAULT_BANK, BuildOptions(profile=profile, languages=("en",)), tmp_path,
                       ("xlsform", "xform", "pdf"), validate=True)
    assert result.report.valid, result.report.to_text()
    pdf = next(p for p in result.written if p.name.endswith(".questionnaire.en.pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "born in this country" in text
    expected = {"census": "five years ago", "lfs": "recruitment", "dhs": "continuously",
                "origin": "money", "displacement": "still displaced"}[profile]
    assert expected in " ".join(text.split()), f"{profile}: '{expected}' not printed"


def _indicator_key(ind: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, int(x), "") if x.isdigit() else (1, 0, x) for x in ind.split("."))


def profile_row(inst: Instrument, label: str) -> str:
    """The page's row: questions per block, then the indicators the selection links as
    input (D), complementary measure (C) and migratory-status breakdown (S)."""
    per = {b.id: n for b in inst.blocks if (n := len(asked(inst, b.id)))}
    cov = compute_coverage(inst)
    roles = [", ".join(sorted({i.id for i in cov.indicators for f in i.fed_by
                               if f.role == role}, key=_indicator_key)) or "—"
             for role in ("input", "complementary", "disaggregation")]
    return (f"| {label} | {sum(per.values())} | "
            + ", ".join(f"{k} {v}" for k, v in per.items()) + " | " + " | ".join(roles) + " |")


def test_the_profiles_page_shows_the_current_counts(bank: Bank) -> None:
    """Questions per profile and block, and the indicators each profile feeds."""
    page = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
    rows = [profile_row(compiled(bank, p), p) for p in PROFILES]
    for label, tier in (("(tier core)", Tier.CORE), ("(tier extended)", Tier.EXTENDED)):
        inst, _ = compile_instrument(bank, BuildOptions(tier=tier))
        assert inst is not None
        rows.append(profile_row(inst, label))
    stale = [row for row in rows if row not in page]
    assert not stale, "docs/profiles.md: update these rows:\n" + "\n".join(stale)


def test_coverage_per_profile() -> None:
    """`migmod coverage --profile` shows what each profile feeds (10.7.1 only where asked)."""
    runner = CliRunner()

    def status(profile: str, indicator: str) -> str:
        res = runner.invoke(cli, ["coverage", "--profile", profile, "--languages", "en"])
        assert res.exit_code == 0, res.output
        line = next(ln for ln in res.output.splitlines() if ln.startswith(indicator + " "))
        return " ".join(line.split()[1:3])

    assert status("census", "10.7.1") == "not covered"
    assert status("lfs", "10.7.1") == "fed directly"
    assert status("dhs", "16.9.1") == "fed directly"
    assert status("origin", "17.3.2").startswith("complementary")

"""Attach to three public household-survey forms nobody on the team wrote."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.api import attach
from generator.attach import AttachOptions, AttachResult
from generator.bank.model import Tier
from tests.attach.hosts import (
    assert_codebook_fits,
    assert_host_survives,
    bind_of,
    real_host,
    refs_in,
    sheets_of,
    xform_tree,
)
from tests.conftest import odk_validate


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def reach(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, AttachResult, str]:
    """REACH MSNA 2024: the whole extended module into its `roster`."""
    host = real_host("reach_msna2024_v11.xlsx")
    digest = _digest(host)
    out = tmp_path_factory.mktemp("reach") / "msna_migration.xlsx"
    return host, out, attach(host, out, AttachOptions(roster="roster")), digest


def test_reach_attaches_cleanly(reach: tuple[Path, Path, AttachResult, str]) -> None:
    host, out, result, digest = reach
    assert result.report.valid, result.report.to_text()
    assert result.written == out and out.is_file()
    assert _digest(host) == digest, "the input file was modified"


def test_reach_reuses_the_host_roster_questions(
        reach: tuple[Path, Path, AttachResult, str]) -> None:
    plan = reach[2].plan
    assert plan.roster == "roster" and plan.roster_rows == (32, 70)
    assert plan.mapping == {"interview_date": "today", "line_no": "ind_pos",
                            "sex": "ind_gender", "age": "ind_age"}
    added = {u.input for u in plan.inputs if u.host is None}
    assert {"member_name", "ref_year", "ref_month"} <= added
    assert plan.languages == {"english": "en", "french": "fr"}
    assert "age -> " not in plan.to_text() and "ind_age (row 38, auto" in plan.to_text()


def test_reach_every_host_cell_survives(reach: tuple[Path, Path, AttachResult, str]) -> None:
    host, out, result, _ = reach
    assert_host_survives(host, out, result.plan.added_rows)
    # REACH has no settings sheet: one is added at the end, with a version
    assert sheets_of(out)["settings"] == [["version"], ["1"]]


def test_reach_odk_validate_accepts(reach: tuple[Path, Path, AttachResult, str],
                                    tmp_path: Path) -> None:
    xform = reach[2].xform
    assert xform is not None
    path = tmp_path / "msna_migration.xml"
    path.write_text(xform, encoding="utf-8")
    odk_validate(path)


def test_reach_binds_read_the_host_variables(
        reach: tuple[Path, Path, AttachResult, str]) -> None:
    tree = xform_tree(reach[2].xform or "")
    born = bind_of(tree, "born_here")["nodeset"]
    assert born.endswith("/roster/person_core/born_here")  # person block inside the roster
    relevant = bind_of(tree, "residence_5y")["relevant"]
    assert "ind_age" in refs_in(relevant) and "age" not in refs_in(relevant)
    assert ">= 5" in relevant and "../" in relevant  # a path relative to the member
    years = bind_of(tree, "years_abroad")["relevant"]
    assert {"ind_age", "born_here", "lived_abroad"} <= refs_in(years)
    mother = bind_of(tree, "mother_foreign_born")["calculate"]
    assert "indexed-repeat" in mother and "/roster" in mother and "hh_members" not in mother
    emigration = bind_of(tree, "emigrant_any")["nodeset"]
    assert "/roster/" not in emigration and emigration.endswith("/emigration/emigrant_any")


@pytest.fixture(scope="module")
def bohemia(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, AttachResult]:
    """BOHEMIA census: Swahili and Portuguese filled from English; age from date of birth."""
    host = real_host("isglobal_bohemia_census.xlsx")
    out = tmp_path_factory.mktemp("bohemia") / "census_migration.xlsx"
    options = AttachOptions(tier=Tier.CORE,
                            fill_language={"Swahili": "en", "Portuguese": "en"})
    return host, out, attach(host, out, options)


def test_bohemia_attaches_to_the_individual_form(
        bohemia: tuple[Path, Path, AttachResult]) -> None:
    host, out, result = bohemia
    assert result.report.valid, result.report.to_text()
    plan = result.plan
    assert plan.roster == "repeat_individual_form"
    age = next(u for u in plan.inputs if u.input == "age")
    assert age.host == "ind_hh_member_age" and "date of birth" in age.reason
    assert plan.mapping["sex"] == "ind_hh_member_gender"
    assert plan.languages == {"English": "en", "Swahili": "en (--fill-language)",
                              "Portuguese": "en (--fill-language)"}
    assert plan.version == ("2020112901", "2020112902")
    assert_host_survives(host, out, plan.added_rows)


def test_bohemia_odk_validate_and_binds(bohemia: tuple[Path, Path, AttachResult],
                                        tmp_path: Path) -> None:
    xform = bohemia[2].xform
    assert xform is not None
    tree = xform_tree(xform)
    line = bind_of(tree, "line_no")  # the host has no line number: the module adds it
    assert line["calculate"] == "position(..)"
    assert line["nodeset"].endswith("/repeat_individual_form/line_no")
    constraint = bind_of(tree, "arrival_year")["constraint"]
    assert "ind_hh_member_age" in refs_in(constraint)
    path = tmp_path / "census_migration.xml"
    path.write_text(xform, encoding="utf-8")
    odk_validate(path)


def test_bohemia_without_any_flag(tmp_path: Path) -> None:
    """Swahili and Portuguese are not in the bank: filled from English, one warning each
    (as pyxform and Kobo treat a missing translation); `strict_languages` refuses instead."""
    host = real_host("isglobal_bohemia_census.xlsx")
    out = tmp_path / "out.xlsx"
    result = attach(host, out, AttachOptions())
    assert result.report.valid, result.report.to_text()
    warned = [i for i in result.report.warnings if i.code == "ATT019"]
    assert sorted(w.message.split("'")[1] for w in warned) == ["Portuguese", "Swahili"]
    assert result.plan.languages["Swahili"] == "en (not in the bank)"
    assert result.plan.mapping["relationship"] == "ind_rel_hh_head"  # asked after consent:
    assert any(w.code == "ATT021" and "'relationship'" in w.message  # said so
               for w in result.report.warnings)
    assert_host_survives(host, out, result.plan.added_rows)
    assert result.xform is not None
    path = tmp_path / "census_zero_flag.xml"
    path.write_text(result.xform, encoding="utf-8")
    odk_validate(path)
    strict = attach(host, tmp_path / "strict.xlsx", AttachOptions(tier=Tier.CORE,
                                                                  strict_languages=True))
    codes = [i.code for i in strict.report.errors]
    assert codes == ["ATT011", "ATT011"]
    text = strict.report.to_text()
    assert "'Swahili'" in text and "'Portuguese'" in text and "en (English)" in text
    assert not (tmp_path / "strict.xlsx").exists()


def test_reach_without_any_flag(tmp_path: Path) -> None:
    host = real_host("reach_msna2024_v11.xlsx")
    out = tmp_path / "reach_zero_flag.xlsx"
    result = attach(host, out, AttachOptions())
    assert result.report.valid, result.report.to_text()
    assert result.plan.roster == "roster"
    assert_host_survives(host, out, result.plan.added_rows)
    assert_codebook_fits(result)  # the codebook's paths are the attached form's


def test_ceat_host_rejected_by_pyxform_is_the_hosts_problem(tmp_path: Path) -> None:
    host = real_host("ceat_nairobi_2021.xls")
    out = tmp_path / "ceat.xlsx"
    result = attach(host, out, AttachOptions())
    [err] = result.report.errors
    assert err.code == "ATT010" and err.loc is not None and err.loc.line == 62
    assert err.path == "survey row 62" and "HandWashHabits1" in err.message
    assert "before anything is attached" in err.message
    assert not out.exists()

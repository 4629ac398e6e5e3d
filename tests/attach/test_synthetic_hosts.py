"""Attach to hosts written here: three languages, a nested group and a repeat_count in the
roster, names the module also uses, a legacy .xls, a form of over 1,000 rows."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.api import attach
from generator.attach import AttachOptions, AttachResult
from generator.bank.model import Tier
from tests.attach.hosts import (
    assert_host_survives,
    bind_of,
    refs_in,
    sheets_of,
    standard_host,
    survey_rows,
    write_xlsx,
    xform_tree,
)
from tests.conftest import odk_validate

CORE = AttachOptions(tier=Tier.CORE)


def _validated(result: AttachResult, tmp: Path) -> None:
    assert result.report.valid, result.report.to_text()
    assert result.xform is not None
    path = tmp / "form.xml"
    path.write_text(result.xform, encoding="utf-8")
    odk_validate(path)


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, AttachResult]:
    tmp = tmp_path_factory.mktemp("village")
    host = standard_host(tmp)
    out = tmp / "village_migration.xlsx"
    return host, out, attach(host, out, CORE)


def test_village_maps_the_roster_by_meaning(village: tuple[Path, Path, AttachResult]) -> None:
    plan = village[2].plan
    assert village[2].report.valid, village[2].report.to_text()
    assert plan.roster == "members"
    assert plan.mapping == {"interview_date": "visit_day", "line_no": "pos",
                            "member_name": "first_name", "relationship": "rel",
                            "sex": "gender", "age": "age"}
    assert plan.languages == {"English (en)": "en", "Français": "fr", "Spanish": "es"}


def test_village_renames_what_the_host_already_names(
        village: tuple[Path, Path, AttachResult]) -> None:
    plan = village[2].plan
    assert plan.renamed == {"born_here": "mig_born_here"}
    assert plan.lists_shared == ["yes_no_dk"]  # identical in every language: shared
    assert plan.lists_renamed == {"yes_no_dk_ref": "mig_yes_no_dk_ref"}  # different codes
    tree = xform_tree(village[2].xform or "")
    # the host's own born_here is untouched; the module's is renamed, and read as renamed
    assert bind_of(tree, "born_here")["nodeset"].endswith("/members/health/born_here")
    assert bind_of(tree, "mig_born_here")["nodeset"].endswith("/members/person_core/mig_born_here")
    assert refs_in(bind_of(tree, "country_birth")["relevant"]) == {"mig_born_here"}
    arrival = bind_of(tree, "arrival_year")
    assert {"mig_born_here", "lived_abroad"} == refs_in(arrival["relevant"])
    assert {"age", "ref_year"} <= refs_in(arrival["constraint"])  # the host's `age`
    assert "../../age" in arrival["constraint"]


def test_village_text_goes_into_each_host_language(
        village: tuple[Path, Path, AttachResult]) -> None:
    out = village[1]
    survey = sheets_of(out)["survey"]
    head = survey[0]
    row = next(r for r in survey if r[head.index("name")] == "citizen_here")
    en, fr, es = (row[head.index(f"label::{lang}")] for lang in
                  ("English (en)", "Français", "Spanish"))
    assert en.startswith("Is ${first_name} a citizen")  # ${member_name} → the host's name
    assert "${first_name}" in fr and fr != en and "${first_name}" in es and es != en
    assert "hint::Français" in head and "hint::Spanish" in head  # new columns at the right
    assert head.index("hint::Français") > head.index("my_notes")
    choices = sheets_of(out)["choices"]
    renamed = [r for r in choices if r[0] == "mig_yes_no_dk_ref"]
    assert [r[1] for r in renamed] == ["1", "2", "8", "9"] and renamed[0][2:5] == [
        "Yes", "Oui", "Sí"]


def test_village_every_host_cell_survives(village: tuple[Path, Path, AttachResult]) -> None:
    host, out, result = village
    assert_host_survives(host, out, result.plan.added_rows)
    settings = sheets_of(out)["settings"]
    assert settings[1][:5] == ["Village survey", "village_2024", "2024.04", "English (en)",
                              "kept"]
    survey = sheets_of(out)["survey"]
    roster = next(r for r in survey if r[1] == "members")
    assert roster[survey[0].index("repeat_count")] == "${hh_size}"


def test_village_odk_validate_accepts(village: tuple[Path, Path, AttachResult],
                                      tmp_path: Path) -> None:
    _validated(village[2], tmp_path)


def test_after_a_question_in_a_nested_group(tmp_path: Path) -> None:
    host = standard_host(tmp_path)
    out = tmp_path / "after.xlsx"
    result = attach(host, out, AttachOptions(tier=Tier.CORE, after="sick",
                                             modules=("person_core",)))
    assert result.report.valid, result.report.to_text()
    tree = xform_tree(result.xform or "")
    assert bind_of(tree, "citizen_here")["nodeset"].endswith(
        "/members/health/person_core/citizen_here")
    survey = sheets_of(out)["survey"]
    names = [r[1] for r in survey]
    assert names.index("sick") + 1 == names.index("person_core")
    _validated(result, tmp_path)


def test_map_overrides_and_refusals(tmp_path: Path) -> None:
    host = standard_host(tmp_path)
    out = tmp_path / "mapped.xlsx"
    # refuse the guessed age: the module asks its own, renamed since the host has `age`
    result = attach(host, out, AttachOptions(tier=Tier.CORE, modules=("person_core",),
                                             maps={"age": ""}))
    assert result.report.valid, result.report.to_text()
    assert result.plan.renamed["age"] == "mig_age"
    assert "age" not in result.plan.mapping
    constraint = bind_of(xform_tree(result.xform or ""), "arrival_year")["constraint"]
    assert "mig_age" in refs_in(constraint) and "age" not in refs_in(constraint)
    assert "age              added by the module" in result.plan.to_text()
    _validated(result, tmp_path)


@pytest.mark.parametrize(("maps", "code", "words"), [
    ({"sex": "rooms"}, "ATT012", "'rooms' (row 18) has type integer"),
    ({"age": "hh_size"}, "ATT012", "not a question of the roster"),
    ({"age": "nope"}, "ATT009", "no question named 'nope'"),
    ({"born_here": "born_here"}, "ATT009", "not an input of the module"),
])
def test_bad_map(tmp_path: Path, maps: dict[str, str], code: str, words: str) -> None:
    host = standard_host(tmp_path)
    out = tmp_path / "bad.xlsx"
    result = attach(host, out, AttachOptions(tier=Tier.CORE, maps=maps))
    assert [i.code for i in result.report.errors] == [code]
    assert words in result.report.to_text()
    assert not out.exists()


def test_dry_run_writes_nothing_and_is_reproducible(tmp_path: Path) -> None:
    host = standard_host(tmp_path)
    out = tmp_path / "dry.xlsx"
    options = AttachOptions(tier=Tier.CORE, modules=("person_core",), dry_run=True,
                            validate=True)
    result = attach(host, out, options)
    assert result.report.issues == [], result.report.to_text()  # ODK Validate ran clean
    assert result.written is None and not out.exists()
    assert result.xlsx is not None and result.xform is not None
    text = result.plan.to_text()
    assert "age              <- age (row 11, auto" in text
    assert "born_here -> mig_born_here" in text and "version: 2024.03 -> 2024.04" in text
    again = attach(host, out, AttachOptions(tier=Tier.CORE, modules=("person_core",),
                                            dry_run=True))
    assert again.xlsx == result.xlsx  # same host, same options: the same bytes


def test_two_rosters_need_a_choice(tmp_path: Path) -> None:
    rows = survey_rows()
    end = rows.pop()  # a second person repeat after the household group
    visitors = [["begin_repeat", "visitors", "Visitor", "", "", "", "", "", "", "", "", ""],
                ["text", "visitor_name", "Name", "", "", "", "", "", "", "", "", ""],
                ["select_one gender", "visitor_sex", "Sex", "", "", "", "", "", "", "", "", ""],
                ["integer", "visitor_age", "Age", "", "", "", "", "", "", "", "", ""],
                ["end_repeat", "visitors", "", "", "", "", "", "", "", "", "", ""]]
    rows += [end, *visitors]
    from tests.attach.hosts import choice_rows, settings_rows

    host = write_xlsx(tmp_path / "two.xlsx", {"survey": rows, "choices": choice_rows(),
                                               "settings": settings_rows()})
    out = tmp_path / "two_out.xlsx"
    result = attach(host, out, CORE)
    [err] = result.report.errors
    assert err.code == "ATT008" and "members (row 7)" in err.message
    assert "visitors (row 20)" in err.message and "--roster" in (err.hint or "")
    assert not out.exists()
    chosen = attach(host, out, AttachOptions(tier=Tier.CORE, roster="visitors",
                                             modules=("person_core",)))
    assert chosen.report.valid, chosen.report.to_text()
    assert chosen.plan.mapping["age"] == "visitor_age"
    _validated(chosen, tmp_path)


def _write_xls(path: Path) -> Path:
    """A legacy .xls: capitalised sheet and column names, a bare `label` column,
    `begin repeat` spelt with a space, numbers stored as floats."""
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the .xls test host")
    book = xlwt.Workbook()
    sheets = {
        "Survey": [["Type", "Name", "Label", "Relevant", "Extra"],
                   ["today", "day", "", "", ""],
                   ["integer", "n", "How many people?", "", "x"],
                   ["begin repeat", "Persons", "Person", "", ""],
                   ["text", "Name_of_person", "Name", "", ""],
                   ["select_one sexes", "Sex", "Sex", "", ""],
                   ["integer", "AGE", "Age", "", ""],
                   ["end repeat", "", "", "", ""],
                   ["note", "bye", "Thank you", "${n} > 0", ""]],
        "Choices": [["List_name", "Name", "Label"], ["sexes", 1, "Male"], ["sexes", 2, "Female"]],
        "Settings": [["form_title", "version"], ["Legacy", 7]],
    }
    for title, rows in sheets.items():
        ws = book.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value != "":
                    ws.write(r, c, value)
    book.save(str(path))
    return path


def test_legacy_xls_host(tmp_path: Path) -> None:
    host = _write_xls(tmp_path / "legacy.xls")
    out = tmp_path / "legacy_migration.xlsx"
    result = attach(host, out, AttachOptions(tier=Tier.CORE, modules=("person_core",)))
    assert result.report.valid, result.report.to_text()
    assert result.plan.mapping["age"] == "AGE" and result.plan.mapping["sex"] == "Sex"
    assert result.plan.languages == {"": "en"}  # a bare label gets the default language
    assert result.plan.version == ("7", "8")
    assert_host_survives(host, out, result.plan.added_rows)
    survey = sheets_of(out)["Survey"]
    assert ["begin group", "person_core"] in [r[:2] for r in survey]  # the host's spelling
    born = next(r for r in survey if r[1] == "born_here")
    assert born[2].startswith("Was ${Name_of_person} born")  # English in the bare column
    _validated(result, tmp_path)


def test_large_host(tmp_path: Path) -> None:
    host = standard_host(tmp_path, "large.xlsx", filler=1100)
    out = tmp_path / "large_migration.xlsx"
    started = time.perf_counter()
    result = attach(host, out, CORE)
    took = time.perf_counter() - started
    assert result.report.valid, result.report.to_text()
    assert len(sheets_of(host)["survey"]) > 1000
    assert_host_survives(host, out, result.plan.added_rows)
    assert took < 30, f"attach took {took:.1f} s on a 1,100-row host"
    _validated(result, tmp_path)

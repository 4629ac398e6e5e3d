"""Survey projects: `migmod init`, overlays on the standard bank, located overlay errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.cli.test_cli import run
from tests.conftest import TESTS, odk_validate

CASES = TESTS / "cases"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    proc = run("init", str(tmp_path / "p"), "--country", "KEN", "--title", "Kenya LFS 2027",
               "--languages", "en,fr,sw")
    assert proc.returncode == 0, proc.stderr
    folder = tmp_path / "p"
    shutil.copy(CASES / "overlay_kenya.yaml", folder / "custom" / "kenya.yaml")
    shutil.copy(CASES / "overlay_sw.yaml", folder / "custom" / "sw.yaml")
    return folder


def test_init_refuses_to_overwrite(project: Path) -> None:
    proc = run("init", str(project), "--country", "KEN")
    assert proc.returncode == 1 and "already exists" in proc.stderr


def test_project_builds_with_its_changes(project: Path) -> None:
    proc = run("check", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert "TRN004" in proc.stderr  # what is still untranslated into Swahili is listed
    proc = run("build", "--format", "xlsform,xform", "--no-validate", cwd=project)
    assert proc.returncode == 0, proc.stderr
    xml = project / "output" / "kenya_lfs_2027_ken.xml"
    odk_validate(xml)
    rows = list(openpyxl.load_workbook(project / "output" / "kenya_lfs_2027_ken.xlsx")["survey"]
                .iter_rows(values_only=True))
    header, body = rows[0], {r[1]: r for r in rows[1:]}
    assert "label::Kiswahili (sw)" in header
    names = [r[1] for r in rows[1:]]
    assert names.index("ken_id_card") == names.index("citizenship") + 1
    assert "residence_1y_region" not in body
    assert body["hh_region"][header.index("label::English (en)")] == \
        "In which county is this household?"
    assert body["born_here"][header.index("label::Kiswahili (sw)")] == \
        "Je, ${member_name} alizaliwa Kenya?"
    choices = list(openpyxl.load_workbook(project / "output" / "kenya_lfs_2027_ken.xlsx")
                   ["choices"].iter_rows(values_only=True))
    assert ("migration_reason", "101") in {(r[0], r[1]) for r in choices}


def test_codebook_marks_what_the_project_changed(project: Path) -> None:
    import csv

    proc = run("build", "--format", "codebook_csv,codebook_json", "--no-validate", cwd=project)
    assert proc.returncode == 0, proc.stderr
    text = (project / "output" / "kenya_lfs_2027_ken.codebook.csv").read_text(encoding="utf-8-sig")
    rows = {r["variable"]: r for r in csv.DictReader(text.splitlines())}
    assert (rows["ken_id_card"]["status"], rows["ken_id_card"]["changes"]) == ("added", "")
    assert (rows["hh_region"]["status"], rows["hh_region"]["changes"]) == ("modified",
                                                                          "label (en)")
    assert (rows["born_here"]["status"], rows["born_here"]["changes"]) == ("modified",
                                                                          "label (sw)")
    assert rows["citizenship"]["status"] == "standard"
    assert "residence_1y_region" not in rows


def test_added_questions_keep_standard_numbers(project: Path) -> None:
    proc = run("list", "questions", cwd=project)
    assert proc.returncode == 0, proc.stderr
    lines = {ln.split()[1]: ln.split()[0] for ln in proc.stdout.splitlines()
             if len(ln.split()) > 2 and ln.startswith("  ") and ln.split()[0] != "ask"}
    assert lines["citizenship"] == "P04" and lines["ken_id_card"] == "P04A"
    assert lines["other_citizenship"] == "P05"
    assert lines["residence_1y_country"] == "P21"  # P20 (dropped) is not reused


@pytest.mark.parametrize(("overlay", "code", "where"), [
    ("override:\n  born_hre:\n    label: {en: x}\n", "REF001", "zz_bad.yaml:2:3"),
    ("add:\n  - after: citizenshp\n    questions: []\n", "REF001", "zz_bad.yaml:2:12"),
    ("override:\n  born_here:\n    label: {de: Geboren?}\n", "TRN002", "zz_bad.yaml:3:13"),
    ("drop: [born_here]\n", "REF001", "person_core.yaml"),
    ("add_choices:\n  migration_reason:\n    - {code: 41, label: {en: x, fr: x}}\n", "REF006",
     "zz_bad.yaml:3:14"),
    ("add_choices:\n  countries:\n    - {code: 706, label: {en: Somaliland, fr: Somaliland}}\n",
     "REF015", "zz_bad.yaml:3:14"),
    ("add_choices:\n  citizenship_countries:\n    - {code: 990, label: {en: x, fr: x}}\n",
     "REF015", "zz_bad.yaml:3:14"),
    ("override:\n  born_here:\n    lable: {en: x}\n", "SCH001", "zz_bad.yaml:3:5"),
    ("placeholders:\n  contry:\n    default: {sw: x}\n", "TRN003", "zz_bad.yaml:2:3"),
    ("words:\n  paper.questoins: {sw: MASWALI}\n", "TRN006", "zz_bad.yaml:2:3"),
])
def test_overlay_errors_are_located(project: Path, overlay: str, code: str, where: str) -> None:
    # applied last, after the Swahili file that rewords born_here
    (project / "custom" / "zz_bad.yaml").write_text(overlay, encoding="utf-8")
    proc = run("check", "--format", "json", cwd=project)
    assert proc.returncode == 1, proc.stdout
    import json

    issues = [i for i in json.loads(proc.stdout)["issues"] if i["code"] == code]
    assert issues, proc.stdout
    spots = [f"{Path(i['file']).name}:{i['line']}:{i['column']}" for i in issues]
    assert any(where in spot for spot in spots), spots
    if overlay.startswith("drop"):
        assert all("dropped at custom/zz_bad.yaml:1" in i["hint"] for i in issues)


def test_translation_round_trip(project: Path) -> None:
    proc = run("translations", "export", "--language", "sw", "--out", "sheet.xlsx", cwd=project)
    assert proc.returncode == 0, proc.stderr
    wb = openpyxl.load_workbook(project / "sheet.xlsx")
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header == ["key", "source (en)", "translation (sw)", "status"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows["question.born_here.label"][3].value == "translated"
    assert rows["question.citizen_here.label"][3].value == "missing"
    rows["question.citizen_here.label"][2].value = "Je, ${member_name} ni raia wa {country}?"
    rows["choice.yes_no.1"][2].value = "Ndiyo"
    rows["question.age.label"][1].value = "How old was the person?"  # stale since export
    rows["question.age.label"][2].value = "Ana umri gani?"
    wb.save(project / "filled.xlsx")
    proc = run("translations", "import", "filled.xlsx", "--language", "sw", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert "filled.xlsx:" in proc.stderr and "TRN005" in proc.stderr and "question.age.label" \
        in proc.stderr
    written = (project / "custom" / "sw.yaml").read_text(encoding="utf-8")
    assert "ni raia wa {country}" in written and "Ndiyo" in written
    assert "alizaliwa {country}" in written  # earlier translations are kept
    assert "nchi hii" in written  # and the project's placeholder texts
    assert "Ana umri gani" not in written
    proc = run("check", cwd=project)
    assert proc.returncode == 0, proc.stderr


def test_overlay_choice_list_and_locations_after_a_drop(project: Path) -> None:
    (project / "custom" / "tenure.yaml").write_text(
        "choices:\n  tenure:\n    - {code: 1, label: {en: Owner, fr: Propriétaire}}\n"
        "add:\n  - after: years_in_locality\n    questions:\n      - name: ken_tenure\n"
        "        type: select_one tenure\n        label: {en: Tenure?, fr: Statut ?}\n"
        "drop: [arrival_year]\n", encoding="utf-8")
    proc = run("check", "--format", "json", cwd=project)
    assert proc.returncode == 1, proc.stderr
    import json

    issues = json.loads(proc.stdout)["issues"]
    refs = [i for i in issues if i["code"] == "REF001"]
    # the modules that read the dropped question: the migration status and usual residence
    assert refs and all(i["file"].endswith(("person_core.yaml", "usual_residence.yaml"))
                        for i in refs)
    source = (Path(refs[0]["file"]).read_text(encoding="utf-8").splitlines()
              [refs[0]["line"] - 1])
    assert "${arrival_year}" in source[refs[0]["column"] - 1:]
    others = {i["code"] for i in issues if i["severity"] == "error"} - {"REF001"}
    assert others == {"REF011"}  # return_migration declares the dropped question as an input


def test_attach_in_a_project_uses_its_overlays(project: Path, tmp_path: Path) -> None:
    """`migmod attach` inside a project inserts the project's module: the added national
    question is there, the dropped one is not (the same bank `migmod build` uses)."""
    from tests.attach.hosts import sheets_of, standard_host

    host = standard_host(tmp_path)
    out = tmp_path / "attached.xlsx"
    proc = run("attach", str(host), "--out", str(out), "--modules", "person_core",
               "--no-validate", cwd=project)
    assert proc.returncode == 0, proc.stderr
    names = {str(row[1]) for row in sheets_of(out)["survey"][1:] if len(row) > 1}
    assert "ken_id_card" in names
    assert "citizenship" in names
    assert "residence_1y_region" not in names


def test_a_project_sets_the_10_7_1_window(project: Path) -> None:
    """The 10.7.1 reference period is a survey parameter: a project replaces it (5 years)."""
    (project / "custom" / "window.yaml").write_text(
        "drop: [rc_window_years]\n"
        "add:\n  - before: rc_work_status\n    questions:\n"
        "      - name: rc_window_years\n        type: calculate\n        calculation: \"5\"\n"
        "        label: {en: 10.7.1 window in years, fr: Fenêtre 10.7.1 en années}\n"
        "        source: National choice\n", encoding="utf-8")
    proc = run("build", "--format", "xlsform", "--no-validate", cwd=project)
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(project / "output" / "kenya_lfs_2027_ken.xlsx")["survey"]
    rows = list(sheet.iter_rows(values_only=True))
    name, calc = rows[0].index("name"), rows[0].index("calculation")
    assert [r[calc] for r in rows if r[name] == "rc_window_years"] == ["5"]


def test_a_project_sets_profile_parameters_in_migmod_yaml(project: Path) -> None:
    """`parameters:` in migmod.yaml overrides the profile's: the window and the age limit
    reach the expressions that read them."""
    config = project / "migmod.yaml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "profile: lfs\nparameters: {rc_window_years: 5, working_age: 16}\n",
                      encoding="utf-8")
    proc = run("build", "--format", "xlsform", "--no-validate", cwd=project)
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(project / "output" / "kenya_lfs_2027_ken.xlsx")["survey"]
    rows = list(sheet.iter_rows(values_only=True))
    name, calc, rel = (rows[0].index(k) for k in ("name", "calculation", "relevant"))
    by_name = {r[name]: r for r in rows}
    assert "< 5 * 12" in by_name["rc_target"][calc]
    assert by_name["worked_abroad"][rel].startswith("${age} >= 16 and")
    config.write_text(config.read_text(encoding="utf-8").replace("working_age", "min_age"),
                      encoding="utf-8")
    proc = run("build", "--format", "xlsform", "--no-validate", cwd=project)
    assert proc.returncode == 1 and "migmod.yaml" in proc.stderr and "SCH" in proc.stderr

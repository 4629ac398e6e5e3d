"""Hosts that real forms look like: headers pyxform accepts under other names, formulas,
languages the bank lacks, a host that already holds the module, relationship questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.api import attach
from generator.attach import AttachOptions, AttachResult
from generator.bank.model import Tier
from tests.attach.hosts import (
    assert_codebook_fits,
    assert_host_survives,
    bind_of,
    choice_rows,
    settings_rows,
    sheets_of,
    survey_rows,
    write_xlsx,
    xform_tree,
)
from tests.conftest import odk_validate

PERSON = AttachOptions(tier=Tier.CORE, modules=("person_core",))


def _validated(result: AttachResult, tmp: Path) -> None:
    assert result.report.valid, result.report.to_text()
    assert result.xform is not None
    path = tmp / "form.xml"
    path.write_text(result.xform, encoding="utf-8")
    odk_validate(path)


def _renamed(rows: list[list[object]], old: str, new: str) -> list[list[object]]:
    return [[new if c == 0 and v == old else v for c, v in enumerate(row)] if n == 0 else row
            for n, row in enumerate(rows)]


def _header(rows: list[list[object]], old: str, new: str) -> list[list[object]]:
    head = [new if v == old else v for v in rows[0]]
    return [head, *rows[1:]]


def test_headers_pyxform_reads_under_other_names(tmp_path: Path) -> None:
    """`list name` (WFP Kenya) and `calculate` are pyxform aliases of `list_name` and
    `calculation`: attach writes into those columns instead of adding the usual ones."""
    survey = _header(_header(survey_rows(), "calculation", "calculate"), "relevant",
                     "relevance")
    choices = _header(choice_rows(), "list_name", "list name")
    host = write_xlsx(tmp_path / "aliases.xlsx", {"survey": survey, "choices": choices,
                                                   "settings": settings_rows()})
    out = tmp_path / "aliases_out.xlsx"
    result = attach(host, out, AttachOptions(tier=Tier.CORE))
    _validated(result, tmp_path)
    new = result.plan.new_columns
    assert not {"calculation", "relevant"} & set(new["survey"]) and new["choices"] == []
    assert_host_survives(host, out, result.plan.added_rows)
    after = sheets_of(out)
    assert "list_name" not in after["choices"][0] and "calculation" not in after["survey"][0]
    head = after["survey"][0]
    line = next(r for r in after["survey"] if r[head.index("name")] == "ref_year")
    assert line[head.index("calculate")]  # the module's calculation in the host's column


def test_single_colon_language_headers(tmp_path: Path) -> None:
    """Old forms write `label:English`; new columns follow that spelling."""
    survey = [[str(v).replace("::", ":") if n == 0 and v else v for v in row] if n == 0
              else row for n, row in enumerate(survey_rows())]
    survey[0][survey[0].index("hint:English (en)")] = "hint:English (en)"
    choices = [[str(v).replace("::", ":") if v else v for v in row] if n == 0 else row
               for n, row in enumerate(choice_rows())]
    host = write_xlsx(tmp_path / "colon.xlsx", {"survey": survey, "choices": choices,
                                                 "settings": settings_rows()})
    out = tmp_path / "colon_out.xlsx"
    result = attach(host, out, PERSON)
    _validated(result, tmp_path)
    assert result.plan.languages == {"English (en)": "en", "Français": "fr", "Spanish": "es"}
    added = [c for cols in result.plan.new_columns.values() for c in cols]
    assert added and not any("::" in c for c in added), added
    assert_host_survives(host, out, result.plan.added_rows)


def _with_cached(path: Path, values: dict[str, tuple[str, str]]) -> Path:
    """Give formula cells of the first sheet the value a spreadsheet program would have
    stored (openpyxl writes formulas without one): cell → (type, value)."""
    import io
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = body.decode()
                for ref, (kind, value) in values.items():
                    text, n = re.subn(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?</c>',
                                      rf'<c r="{ref}" t="{kind}"><f>\2</f><v>{value}</v></c>',
                                      text)
                    assert n == 1, ref
                body = text.encode()
            dst.writestr(info, body)
    path.write_bytes(raw.getvalue())
    return path


def test_host_formulas_stay_formulas(tmp_path: Path) -> None:
    """REACH writes `required` as `=TRUE()`: the output keeps the formulas, their values
    (what pyxform reads), and references to rows that moved follow them."""
    import openpyxl

    rows = survey_rows()
    head = rows[0]
    req, notes, name = (head.index(c) for c in ("required", "my_notes", "name"))
    rows[3][req] = "=TRUE()"  # hh_id, above the roster
    rows[10][req] = "=TRUE()"  # age, inside the roster: rows are inserted above it
    rows[10][notes] = '=B11 & " (row 11)"'
    rows[17][notes] = "=B18"  # rooms, below the roster: it moves further
    rows[4][notes] = "=1+1"  # never computed: no value, kept as a formula
    host = write_xlsx(tmp_path / "formulas.xlsx", {"survey": rows, "choices": choice_rows(),
                                                    "settings": settings_rows()})
    letters = "ABCDEFGHIJKL"
    _with_cached(host, {f"{letters[req]}4": ("b", "1"), f"{letters[req]}11": ("b", "1"),
                        f"{letters[notes]}11": ("str", "age (row 11)"),
                        f"{letters[notes]}18": ("str", "rooms")})
    out = tmp_path / "formulas_out.xlsx"
    result = attach(host, out, PERSON)
    _validated(result, tmp_path)
    assert not result.report.warnings, result.report.to_text()
    assert_host_survives(host, out, result.plan.added_rows)  # the values
    kept = openpyxl.load_workbook(out)["survey"]
    moved: dict[int, int] = {}
    added = sorted(result.plan.added_rows)
    for old in (4, 5, 11, 18):  # where each host row went
        new = old
        for a in added:
            if a <= new:
                new += 1
        moved[old] = new
    assert kept.cell(moved[4], req + 1).value == "=TRUE()"
    assert kept.cell(moved[11], req + 1).value == "=TRUE()"
    assert kept.cell(moved[11], notes + 1).value == f'=B{moved[11]} & " (row 11)"'
    assert kept.cell(moved[18], notes + 1).value == f"=B{moved[18]}"
    assert kept.cell(moved[5], notes + 1).value == "=1+1"
    assert kept.cell(moved[18], name + 1).value == "rooms" and moved[18] > 18
    tree = xform_tree(result.xform or "")
    assert bind_of(tree, "hh_id")["required"] == "true()"
    assert bind_of(tree, "age")["required"] == "true()"


def test_xls_host_formulas_are_values(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the .xls test host")
    book = xlwt.Workbook()
    ws = book.add_sheet("survey", cell_overwrite_ok=True)
    for r, row in enumerate(survey_rows()):
        for c, value in enumerate(row):
            if value not in ("", None):
                ws.write(r, c, value)
    ws.write(3, 11, xlwt.Formula('"keep"&" me"'))
    sheet = book.add_sheet("choices")
    for r, row in enumerate(choice_rows()):
        for c, value in enumerate(row):
            if value not in ("", None):
                sheet.write(r, c, value)
    host = tmp_path / "legacy.xls"
    book.save(str(host))
    result = attach(host, tmp_path / "legacy_out.xlsx", PERSON)
    assert result.report.valid, result.report.to_text()
    [warning] = result.report.warnings
    assert warning.code == "ATT017" and "1 formula cells" in warning.message


def test_one_conversion_sees_what_pyxform_reads_from_the_file(tmp_path: Path) -> None:
    """Attach converts the workbook in memory once; pyxform reading the written file (its
    formulas' values included) makes the very same XForm."""
    from pyxform.xls2xform import convert

    test_host_formulas_stay_formulas(tmp_path)
    out = tmp_path / "formulas_out.xlsx"
    again = attach(tmp_path / "formulas.xlsx", None, AttachOptions(
        tier=Tier.CORE, modules=("person_core",), dry_run=True))
    assert again.xform is not None and again.xlsx == out.read_bytes()
    from_file = convert(xlsform=str(out), validate=False)
    assert from_file.xform == again.xform


def test_a_language_the_bank_lacks_is_filled_with_one_warning(tmp_path: Path) -> None:
    survey = [["type", "name", "label::Kiswahili (sw)", "label::English (en)"],
              ["begin_repeat", "people", "Watu", "People"], ["text", "name", "Jina", "Name"],
              ["integer", "age", "Umri", "Age"], ["end_repeat", "", "", ""]]
    host = write_xlsx(tmp_path / "sw.xlsx", {"survey": survey})
    out = tmp_path / "sw_out.xlsx"
    result = attach(host, out, PERSON)
    _validated(result, tmp_path)
    [warning] = result.report.warnings
    assert warning.code == "ATT019" and "'Kiswahili (sw)'" in warning.message
    assert warning.loc is not None and warning.loc.line == 1
    after = sheets_of(out)["survey"]
    born = next(r for r in after if r[1] == "born_here")
    assert born[2] == born[3] and born[2].startswith("Was ${name} born")  # English in both


def _without_version(sheets: dict[str, list[list[object]]]) -> dict[str, list[list[object]]]:
    """The sheets but settings (its version is bumped), rows without trailing empty cells
    (a host's formatted empty cell may sit on a row attach added)."""
    def trim(row: list[object]) -> list[object]:
        while row and row[-1] is None:
            row = row[:-1]
        return row
    return {title: [trim(r) for r in rows] for title, rows in sheets.items()
            if title != "settings"}


def test_a_host_that_holds_the_module_is_refused_or_updated(tmp_path: Path) -> None:
    """Re-attach is refused (ATT020); `replace` removes the rows attach added and attaches
    this selection again: the result is what attaching it to the original form gives."""
    host = write_xlsx(tmp_path / "village.xlsx", {"survey": survey_rows(),
                                                   "choices": choice_rows(),
                                                   "settings": settings_rows()})
    first = tmp_path / "round1.xlsx"
    assert attach(host, first, PERSON).report.valid
    again = attach(first, tmp_path / "twice.xlsx", PERSON)
    [err] = again.report.errors
    assert err.code == "ATT020" and "marked 'migmod_standard_core " in err.message
    assert err.loc is not None and err.loc.line == 7  # the first row attach added
    assert not (tmp_path / "twice.xlsx").exists()

    same = attach(first, tmp_path / "same.xlsx", AttachOptions(
        tier=Tier.CORE, modules=("person_core",), replace=True))
    assert same.report.valid, same.report.to_text()
    assert _without_version(sheets_of(tmp_path / "same.xlsx")) == \
        _without_version(sheets_of(first))
    assert sheets_of(tmp_path / "same.xlsx")["settings"][1][2] == "2024.05"

    wider = AttachOptions(tier=Tier.CORE, replace=True)  # the next round asks more
    upgraded = attach(first, tmp_path / "round2.xlsx", wider)
    assert upgraded.report.valid, upgraded.report.to_text()
    assert upgraded.plan.replaced[0] > 0 and "replaced the module" in upgraded.plan.to_text()
    direct = attach(host, tmp_path / "direct.xlsx", AttachOptions(tier=Tier.CORE))
    assert direct.report.valid
    assert _without_version(sheets_of(tmp_path / "round2.xlsx")) == \
        _without_version(sheets_of(tmp_path / "direct.xlsx"))
    _validated(upgraded, tmp_path)


def test_a_module_attached_without_marks_is_found_by_its_names(tmp_path: Path) -> None:
    import openpyxl

    host = write_xlsx(tmp_path / "village.xlsx", {"survey": survey_rows(),
                                                   "choices": choice_rows(),
                                                   "settings": settings_rows()})
    first = tmp_path / "round1.xlsx"
    result = attach(host, first, PERSON)
    wb = openpyxl.load_workbook(first)
    ws = wb["survey"]
    col = [c.value for c in ws[1]].index("migmod") + 1
    ws.delete_cols(col)
    unmarked = tmp_path / "unmarked.xlsx"
    wb.save(unmarked)
    refused = attach(unmarked, tmp_path / "x.xlsx", PERSON)
    assert [e.code for e in refused.report.errors] == ["ATT020"]
    assert "named like the module's blocks" in refused.report.errors[0].message
    replaced = attach(unmarked, tmp_path / "again.xlsx", AttachOptions(
        tier=Tier.CORE, modules=("person_core",), replace=True))
    assert replaced.report.valid, replaced.report.to_text()
    assert replaced.plan.replaced[0] == len(result.plan.added_rows)

    def unmarked_survey(path: Path) -> list[list[object]]:
        rows = _without_version(sheets_of(path))["survey"]
        col = rows[0].index("migmod")
        cut = [r[:col] + r[col + 1:] for r in rows]
        return [r[:max((i + 1 for i, v in enumerate(r) if v is not None), default=0)]
                for r in cut]
    assert unmarked_survey(tmp_path / "again.xlsx") == unmarked_survey(first)


def _rms_like(tmp_path: Path) -> Path:
    """A roster written like UNHCR's RMS: coded names (HH01…), the question in the label,
    and the age asked only when the date of birth is known."""
    head = ["type", "name", "label::English (en)", "relevant"]
    survey = [head, ["today", "today_date", "", ""],
              ["begin_repeat", "HH", "Household members", ""],
              ["text", "HH01", "What is the name of the household member?", ""],
              ["select_one sex", "HH02", "Is ${HH01} male or female?", ""],
              ["select_one rel", "HH03",
               "What is ${HH01}'s relationship to the head of the household?", ""],
              ["select_one yn", "HH04", "Is ${HH01}'s date of birth known?", ""],
              ["date", "HH05", "What is ${HH01}'s date of birth?", "${HH04} = '1'"],
              ["integer", "HH06", "How old is ${HH01} in completed years?", "${HH04} = '1'"],
              ["end_repeat", "", "", ""]]
    choices = [["list_name", "name", "label::English (en)"], ["sex", "1", "Male"],
               ["sex", "2", "Female"], ["rel", "1", "Head"], ["rel", "2", "Spouse"],
               ["yn", "1", "Yes"], ["yn", "0", "No"]]
    return write_xlsx(tmp_path / "rms.xlsx", {"survey": survey, "choices": choices})


def test_coded_roster_questions_are_recognised_from_their_labels(tmp_path: Path) -> None:
    host = _rms_like(tmp_path)
    out = tmp_path / "rms_out.xlsx"
    result = attach(host, out, PERSON)
    _validated(result, tmp_path)
    assert result.plan.roster == "HH"
    assert {k: v for k, v in result.plan.mapping.items() if k != "interview_date"} == {
        "member_name": "HH01", "sex": "HH02", "relationship": "HH03", "age": "HH06"}
    [warning] = [w for w in result.report.warnings if w.code == "ATT021"]
    assert "'age' is read from 'HH06'" in warning.message and "${HH04} = '1'" in \
        warning.message
    assert warning.loc is not None and warning.loc.line == 9
    assert "--map age=" in (warning.hint or "")
    own = attach(host, tmp_path / "own_age.xlsx", AttachOptions(
        tier=Tier.CORE, modules=("person_core",), maps={"age": ""}))
    assert not [w for w in own.report.warnings if w.code == "ATT021"]


def test_relationship_to_the_head_by_name() -> None:
    from generator.attach.form import Row
    from generator.attach.roster import meaning

    def row(name: str, label: str = "", kind: str = "select_one") -> Row:
        return Row(2, kind, kind, name, "", {"": label} if label else {}, "", "")
    assert meaning(row("ind_relationship_hoh")) == "relationship"
    assert meaning(row("ind_rel_hh_head")) == "relationship"
    assert meaning(row("hoh_age", kind="integer")) is None  # the head's own age
    assert meaning(row("q7", "Participant's relationship with the head of household")) == \
        "relationship"
    assert meaning(row("HH06", "How old is ${HH01} in completed years?", "integer")) == "age"


def test_mapped_input_of_another_type_is_warned(tmp_path: Path) -> None:
    rows = survey_rows()
    rows[10][0] = "decimal"  # age as a decimal
    host = write_xlsx(tmp_path / "dec.xlsx", {"survey": rows, "choices": choice_rows(),
                                               "settings": settings_rows()})
    result = attach(host, tmp_path / "dec_out.xlsx", PERSON)
    assert result.report.valid, result.report.to_text()
    [warning] = [w for w in result.report.warnings if w.code == "ATT021"]
    assert "'age' is integer in the module but 'age' (row 11) is decimal" in warning.message


def test_attach_writes_the_codebook_of_the_attached_form(tmp_path: Path) -> None:
    host = write_xlsx(tmp_path / "village.xlsx", {"survey": survey_rows(),
                                                   "choices": choice_rows(),
                                                   "settings": settings_rows()})
    out = tmp_path / "village_migration.xlsx"
    result = attach(host, out, PERSON)
    assert result.report.valid, result.report.to_text()
    assert [p.name for p in result.files] == [
        "village_migration.xlsx", "village_migration.codebook.json",
        "village_migration.codebook.csv", "village_migration.codebook.values.csv",
        "village_migration.ddi.xml"]
    cb = result.codebook
    assert cb is not None and cb.form_id == "village_2024" and cb.version == "2024.04"
    names = [v.name for v in cb.variables()]
    assert "mig_born_here" in names and "born_here" not in names  # renamed as in the form
    assert {"gender", "age", "first_name"} <= set(names)  # inputs are the host's questions
    age = cb.variable("age")
    assert age is not None and age.path == "household/members/age"
    assert any("host question 'age'" in c for c in age.changes)
    country = cb.variable("country_birth")
    assert country is not None and country.relevant == "${mig_born_here} = '2'"
    assert country.record == "members"
    assert [r.name for r in cb.records] == ["household", "members"]
    assert_codebook_fits(result)
    dry = attach(host, None, AttachOptions(tier=Tier.CORE, modules=("person_core",),
                                           dry_run=True))
    assert dry.files == [] and dry.codebook is not None


def test_odk_validate_out_of_time_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    """On a census-size form ODK Validate may run for many minutes: attach stops waiting
    at `validate_timeout`, says so (ATT022) and still writes the converted form."""
    import shutil

    if shutil.which("java") is None:
        pytest.skip("Java is not installed: ODK Validate cannot run")
    host = write_xlsx(tmp_path / "village.xlsx", {"survey": survey_rows(),
                                                   "choices": choice_rows(),
                                                   "settings": settings_rows()})
    out = tmp_path / "out.xlsx"
    result = attach(host, out, AttachOptions(tier=Tier.CORE, modules=("person_core",),
                                             validate=True, validate_timeout=0))
    assert result.report.valid and result.written == out
    [warning] = result.report.warnings
    assert warning.code == "ATT022" and "within 0 s" in warning.message


def test_cli_refuses_a_second_attach_and_replaces_on_request(tmp_path: Path) -> None:
    """`migmod attach` shows its steps on stderr, exits 1 on ATT020, and --replace works."""
    from tests.cli.test_cli import run

    host = write_xlsx(tmp_path / "village.xlsx", {"survey": survey_rows(),
                                                   "choices": choice_rows(),
                                                   "settings": settings_rows()})
    first = tmp_path / "round1.xlsx"
    args = ["--tier", "core", "--modules", "person_core", "--no-validate"]
    done = run("attach", str(host), "--out", str(first), *args)
    assert done.returncode == 0, done.stderr
    assert "] reading village.xlsx" in done.stderr and "converting the result" in done.stderr
    assert "round1.codebook.json" in done.stdout
    again = run("attach", str(first), "--out", str(tmp_path / "round2.xlsx"), *args)
    assert again.returncode == 1 and "ATT020" in again.stdout + again.stderr
    assert "Traceback" not in again.stderr
    replaced = run("attach", str(first), "--out", str(tmp_path / "round2.xlsx"), "--replace",
                   "--strict-languages", *args)
    assert replaced.returncode == 0, replaced.stdout + replaced.stderr
    assert "replaced the module attached before" in replaced.stdout

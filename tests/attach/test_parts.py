"""The parts of attach on their own: versions, row insertion, names, languages, meanings."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.formatting.rule import CellIsRule

from generator.attach.codes import att
from generator.attach.content import ModRow
from generator.attach.form import Row, header_key, kind_of
from generator.attach.mapping import bank_language
from generator.attach.merge import new_names, rewrite_text
from generator.attach.roster import meaning, tokens
from generator.attach.sheets import compared_codes
from generator.attach.write import bump, insert_rows, shift_ref
from generator.bank.model import Language
from generator.issues import CATALOGUE, Report, Severity

BANK = (Language(code="en", name="English"), Language(code="fr", name="Français"),
        Language(code="es", name="Español"), Language(code="ar", name="العربية"))


@pytest.mark.parametrize(("old", "new"), [
    (7, 8), (2020112901.0, 2020112902.0), ("2024.03", "2024.04"), ("v11", "v12"),
    ("1.0.9", "1.0.10"), ("draft", "draft.1"), (None, "1"), ("", "1"), ("2024-01-09", "2024-01-10"),
])
def test_bump(old: object, new: object) -> None:
    assert bump(old) == new


@pytest.mark.parametrize(("ref", "moved"), [
    ("A5:B5", "A8:B8"), ("A1:X3", "A1:X3"), ("B1:X10", "B1:X13"), ("C4", "C7"),
])
def test_shift_ref(ref: str, moved: str) -> None:
    assert shift_ref(ref, 4, 3) == moved


def test_insert_rows_moves_what_belongs_to_the_rows_below() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 11):
        ws.append([f"a{r}", f"b{r}", f"c{r}"])
    ws.merge_cells("B8:C8")
    ws.row_dimensions[9].height = 40
    ws.auto_filter.ref = "A1:C10"
    ws.conditional_formatting.add("A6:A10", CellIsRule(operator="equal", formula=['"x"']))
    insert_rows(ws, 5, 2)
    assert [ws.cell(r, 1).value for r in (4, 5, 6, 7)] == ["a4", None, None, "a5"]
    assert [str(m) for m in ws.merged_cells.ranges] == ["B10:C10"]
    assert ws.cell(10, 2).value == "b8"
    assert ws.row_dimensions[11].height == 40 and ws.row_dimensions[9].height is None
    assert ws.auto_filter.ref == "A1:C12"
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["A8:A12"]


def test_names_the_host_uses_get_the_prefix_whatever_their_case() -> None:
    rows = [ModRow("integer", "integer", n, "b") for n in ("age", "Born_Here", "other")]
    taken = {"age", "born_here", "mig_age"}
    assert new_names(rows, taken, "mig_") == {"age": "mig_age_2", "Born_Here": "mig_Born_Here"}


def test_label_references_are_renamed_and_nothing_else() -> None:
    text = "How old is ${member_name}? (age in years; ${ age } ${unknown})"
    rename = {"member_name": "first_name", "age": "ind_age"}
    assert rewrite_text(text, rename) == \
        "How old is ${first_name}? (age in years; ${ind_age} ${unknown})"


@pytest.mark.parametrize(("host", "code"), [
    ("English (en)", "en"), ("english", "en"), ("English", "en"), ("Français", "fr"),
    ("francais", "fr"), ("French (fr)", "fr"), ("French", "fr"), ("Spanish", "es"),
    ("Español (es)", "es"), ("Arabic", "ar"), ("العربية", "ar"), ("Swahili", None),
    ("Kiswahili (sw)", None), ("Portuguese", None),
])
def test_bank_language(host: str, code: str | None) -> None:
    assert bank_language(host, BANK) == code


def _row(kind: str, name: str, label: str = "", calc: str = "") -> Row:
    return Row(2, kind, kind, name, "", {"English": label} if label else {}, "", calc)


@pytest.mark.parametrize(("row", "want"), [
    (_row("integer", "ind_age", "Age of individual:"), "age"),
    (_row("integer", "HL6_age"), "age"),
    (_row("integer", "q3", "Âge"), "age"),
    (_row("integer", "q3", "Edad"), "age"),
    (_row("select_one", "q4", "3. Gender"), "sex"),
    (_row("select_one", "sexe"), "sex"),
    (_row("select_one", "jinsia"), "sex"),
    (_row("select_one", "q5", "الجنس"), "sex"),
    (_row("text", "first_name"), "name"),
    (_row("select_one", "Relation_to_HH", "Relationship to the head"), "relationship"),
    (_row("date", "ind_dob"), "birth"),
    (_row("integer", "hoh_age", "How old is the head of household?"), None),
    (_row("integer", "proxy_resp_age", "What is the age of the proxy respondent?"), None),
    (_row("calculate", "ind_age_2_11", calc="if(${ind_age} >= 2, 1, 0)"), None),
    (_row("text", "FacilityName", "What is the NAME of the facility where ${Name_bio} went?"),
     None),
    (_row("select_one", "health_ind_healthcare_needed",
          "During the last 3 months, did person of age: ${a} and gender: ${g} need care?"), None),
])
def test_meaning(row: Row, want: str | None) -> None:
    assert meaning(row) == want


def test_tokens_split_names_and_drop_accents() -> None:
    assert tokens("ind_hhMemberAge") == {"ind", "hh", "member", "age"}
    assert tokens("Âge du membre") == {"age", "du", "membre"}


@pytest.mark.parametrize(("cell", "kind"), [
    ("begin repeat", ("begin_repeat", "")), ("Begin_Group", ("begin_group", "")),
    ("select one  sex", ("select_one", "sex")), ("select_multiple reasons",
                                                  ("select_multiple", "reasons")),
    ("END GROUP", ("end_group", "")), ("integer", ("integer", "")),
])
def test_kind_of(cell: str, kind: tuple[str, str]) -> None:
    assert kind_of(cell) == kind


def test_header_keys() -> None:
    assert header_key(" Label :: English (en) ") == "label::english (en)"
    assert header_key("bind::relevant") == "relevant"
    assert header_key("calculate") == header_key("Calculation") == "calculation"
    assert header_key("relevance") == "relevant" and header_key("count") == "repeat_count"
    assert header_key("list name", "choices") == header_key("list_name", "choices")
    assert header_key("label:English", double=False) == "label::english"


def test_compared_codes() -> None:
    row = ModRow("integer", "integer", "x", "b",
                 exprs={"relevant": "${sex} = '2' or selected(${sex}, '1') and ${age} > 5"})
    assert compared_codes([row], "sex") == {"1", "2"}
    assert compared_codes([row], "age") == set()


def test_attach_issues_are_located_at_host_cells() -> None:
    found = att("ATT013", "boom", "host.xlsx", "survey", 12, 2)
    warn = att("ATT014", "hmm", "host.xlsx")
    report = Report([found, warn])
    assert not report.valid and report.errors == [found] and report.warnings == [warn]
    assert found.severity is Severity.ERROR and found.path == "survey!B12"
    assert "host.xlsx:12:2: error ATT013 survey!B12: boom" in report.to_text()
    assert '"code": "ATT013"' in report.to_json()
    assert sum(code.startswith("ATT") for code in CATALOGUE) == 22

"""pyxform's own errors come back as OUT issues naming the bank question behind the row."""

from __future__ import annotations

from generator.issues import Location
from generator.render.xform import xform_text
from generator.render.xlsform import Sheets, xlsx_bytes


def sheets(survey: list[list[str]], origin: dict[int, str]) -> Sheets:
    return Sheets(survey=survey, choices=[["list_name", "name", "label"], ["yn", "1", "Yes"]],
                  settings=[["form_id"], ["t"]], origin=origin)


def locate(name: str) -> Location | None:
    return Location("modules/person.yaml", 12, 11) if name == "born_here" else None


def test_pyxform_error_with_a_row_points_at_the_bank_question() -> None:
    bad = sheets([["type", "name", "label"],
                  ["begin_group", "grp", "Group"],
                  ["integer", "born_here", "Born here?"]], {2: "grp", 3: "born_here"})
    xml, found = xform_text(xlsx_bytes(bad), bad, locate)
    assert xml is None
    (err,) = found
    assert err.code == "OUT001"
    assert "Unmatched 'begin_group'" in err.message
    assert err.path == "grp"


def test_pyxform_error_naming_a_question_is_located() -> None:
    bad = sheets([["type", "name", "label"],
                  ["select_one nolist", "born_here", "Born here?"]], {2: "born_here"})
    xml, found = xform_text(xlsx_bytes(bad), bad, locate)
    assert xml is None
    (err,) = found
    assert err.code == "OUT001"
    assert err.loc == Location("modules/person.yaml", 12, 11)
    assert err.path == "born_here"


def test_a_valid_sheet_converts_without_issues() -> None:
    good = sheets([["type", "name", "label"], ["integer", "age", "Age"]], {2: "age"})
    xml, found = xform_text(xlsx_bytes(good), good, locate)
    assert found == []
    assert xml is not None and "<age/>" in xml

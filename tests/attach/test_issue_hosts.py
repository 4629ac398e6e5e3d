"""Hosts that real forms look like: headers pyxform accepts under other names, formulas,
languages the bank lacks, a host that already holds the module, relationship questions."""

from __future__ import annotations

from pathlib import Path

from generator.api import attach
from generator.attach import AttachOptions, AttachResult
from generator.bank.model import Tier
from tests.attach.hosts import (
    assert_host_survives,
    choice_rows,
    settings_rows,
    sheets_of,
    survey_rows,
    write_xlsx,
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

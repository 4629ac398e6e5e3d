"""Labelled data from exports of real submissions of the generated form.

Households are walked through the form with the routing scenarios, written as ODK Central
(or KoboToolbox) CSV exports, labelled into .dta/.sav/.parquet and read back.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.instrument.compile import Instrument
from generator.label.label import LabelResult, label_export
from generator.render.codebook.model import Codebook
from tests.render.codebook.submissions import (
    CASES,
    Household,
    scenario_households,
    walk,
    write_export,
)

pq = pytest.importorskip("pyarrow.parquet", reason="labelled data needs pyarrow")
pyreadstat = pytest.importorskip("pyreadstat", reason="labelled data needs pyreadstat")

PERSON_CASES = [c for c in CASES if c["level"] == "person" and c.get("derived")]
HOUSEHOLD_CASES = {c["id"]: c for c in CASES if c["level"] == "household"}


@pytest.fixture(scope="module")
def households(inst_en: Instrument) -> list[Household]:
    return walk(inst_en, scenario_households())


@pytest.fixture(scope="module")
def labelled(cb_en: Codebook, households: list[Household],
             tmp_path_factory: pytest.TempPathFactory) -> tuple[LabelResult, Path]:
    folder = tmp_path_factory.mktemp("odk")
    main = write_export(cb_en, households, folder / "export")
    return label_export(main, folder / "out", cb_en), folder / "out"


def read(out: Path, cb: Codebook, record: str, fmt: str = "dta") -> tuple[Any, Any]:
    path = out / f"{cb.form_id}.{record}.{fmt}"
    if fmt == "sav":
        return pyreadstat.read_sav(str(path), user_missing=True)
    return pyreadstat.read_dta(str(path))


def same(value: Any, expected: Any) -> bool:
    if expected == "":
        return isinstance(value, float) and math.isnan(value)
    return bool(value == float(expected))


def test_writes_every_record_in_every_format(labelled: tuple[LabelResult, Path],
                                             cb_en: Codebook) -> None:
    result, out = labelled
    assert result.valid and result.issues == [], [i.message for i in result.issues]
    assert sorted(p.name for p in result.written) == sorted(
        f"{cb_en.form_id}.{r}.{f}" for r in ("household", "hh_members", "emigrant_roster")
        for f in ("dta", "sav", "parquet"))
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in result.written)


@pytest.mark.parametrize("fmt", ["dta", "sav"])
def test_labels_read_back(labelled: tuple[LabelResult, Path], cb_en: Codebook,
                          fmt: str) -> None:
    _, out = labelled
    df, meta = read(out, cb_en, "hh_members", fmt)
    assert len(df) == sum(1 for c in CASES if c["level"] == "person")
    assert meta.column_names_to_labels["born_here"] == "Was (MEMBER_NAME) born in Kenya?"
    assert meta.variable_value_labels["born_here"] == {1: "Yes", 2: "No", 8: "Don't know"}
    assert meta.variable_value_labels["arrival_year"] == {9998: "Don't know"}
    assert meta.column_names_to_labels["foreign_born"] == "Foreign-born"
    assert list(df["PARENT_KEY"].unique()) == ["uuid:hh-a", "uuid:hh-b", "uuid:hh-c"]
    if fmt == "sav":
        assert meta.missing_ranges["born_here"] == [{"lo": 8.0, "hi": 8.0}]
    hh, hmeta = read(out, cb_en, "household", fmt)
    assert list(hh["KEY"]) == ["uuid:hh-a", "uuid:hh-b", "uuid:hh-c"]
    assert hmeta.column_names_to_labels["remit_uses_2"].endswith(": Education")
    uses = list(hh["remit_uses_2"])  # "1 2"; not asked; "3"
    assert uses[0] == 1.0 and math.isnan(uses[1]) and uses[2] == 0.0
    em, _ = read(out, cb_en, "emigrant_roster", fmt)
    assert list(em["em_name"]) == ["E1", "E2"] and list(em["em_country"]) == [784.0, 784.0]


def test_derived_variables_match_the_standards(labelled: tuple[LabelResult, Path],
                                               cb_en: Codebook) -> None:
    _, out = labelled
    df, _ = read(out, cb_en, "hh_members")
    rows = {name: row for name, row in zip(df["member_name"], df.to_dict("records"),
                                           strict=True)}
    checked = 0
    for case in PERSON_CASES:
        for name, expected in case["derived"].items():
            assert same(rows[case["id"]][name], expected), (case["id"], name)
            checked += 1
    hh, _ = read(out, cb_en, "household")
    plans = [("household-with-emigrants", "household-receiving-remittances"),
             ("household-without-emigrants", "household-without-remittances"),
             ("household-without-emigrants", "remittance-amount-not-known")]
    for row, ids in zip(hh.to_dict("records"), plans, strict=True):
        for case_id in ids:
            for name, expected in HOUSEHOLD_CASES[case_id].get("derived", {}).items():
                assert same(row[name], expected), (case_id, name)
                checked += 1
    assert checked >= 30


def test_parquet_keeps_labels_as_metadata(labelled: tuple[LabelResult, Path],
                                          cb_en: Codebook) -> None:
    _, out = labelled
    table = pq.read_table(out / f"{cb_en.form_id}.hh_members.parquet")
    field = table.schema.field("born_here")
    assert field.metadata[b"label"].decode() == "Was (MEMBER_NAME) born in Kenya?"
    assert b'"8": "Don\'t know"' in field.metadata[b"value_labels"]
    assert b'"record": "hh_members"' in table.schema.metadata[b"migmod"]
    assert table.num_rows == sum(1 for c in CASES if c["level"] == "person")


def test_kobo_export_with_split_columns_only(cb_en: Codebook, households: list[Household],
                                            tmp_path: Path) -> None:
    main = write_export(cb_en, households, tmp_path / "kobo", style="kobo", whole=False)
    header = next(csv.reader(main.open(encoding="utf-8")))
    assert "remittances/remit_uses/1" in header and "_index" in header
    result = label_export(main, tmp_path / "out", cb_en, formats=("dta",))
    assert result.valid and result.issues == [], [i.message for i in result.issues]
    hh, _ = read(tmp_path / "out", cb_en, "household")
    assert hh["remit_uses"][0] == "1 2" and hh["remit_uses_1"][0] == 1.0
    people, _ = read(tmp_path / "out", cb_en, "hh_members")
    assert "v_parent_index" in people.columns


# --- exports that do not match the codebook -----------------------------------------------

def edit(path: Path, change: Callable[[list[list[str]]], None]) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def drop_column(name: str) -> Callable[[list[list[str]]], None]:
    def change(rows: list[list[str]]) -> None:
        at = rows[0].index(name)
        for row in rows:
            del row[at]
    return change


def export(cb: Codebook, households: list[Household], folder: Path, **kw: Any
           ) -> tuple[Path, Path]:
    main = write_export(cb, households, folder, **kw)
    return main, folder / f"{cb.form_id}-hh_members.csv"


def codes(result: LabelResult) -> list[str]:
    return [i.code for i in result.issues]


def test_missing_parent_key_is_an_error(cb_en: Codebook, households: list[Household],
                                        tmp_path: Path) -> None:
    main, people = export(cb_en, households, tmp_path / "in")
    edit(people, drop_column("PARENT_KEY"))
    result = label_export(main, tmp_path / "out", cb_en)
    assert not result.valid and "LBL002" in codes(result)
    (err,) = [i for i in result.issues if i.code == "LBL002"]
    assert "PARENT_KEY" in err.message and err.loc is not None and err.loc.file == str(people)
    assert not (tmp_path / "out").exists() and result.written == []


def test_main_file_without_key_cannot_join_repeats(cb_en: Codebook,
                                                   households: list[Household],
                                                   tmp_path: Path) -> None:
    main, _ = export(cb_en, households, tmp_path / "in")
    edit(main, drop_column("KEY"))
    result = label_export(main, tmp_path / "out", cb_en)
    assert codes(result) == ["LBL002"] and result.written == []


def test_unknown_and_missing_columns_are_named(cb_en: Codebook, households: list[Household],
                                               tmp_path: Path) -> None:
    main, _ = export(cb_en, households, tmp_path / "in", drop={"lived_abroad"},
                     extra={"survey-mystery": "=42"})
    result = label_export(main, tmp_path / "out", cb_en, formats=("dta",))
    assert result.valid
    unknown = next(i for i in result.issues if i.code == "LBL003")
    assert "survey-mystery" in unknown.message
    missing = next(i for i in result.issues if i.code == "LBL004")
    assert "lived_abroad" in missing.message and "hh_members" in missing.message
    hh, meta = read(tmp_path / "out", cb_en, "household")
    assert list(hh["mystery"]) == ["=42"] * 3  # kept as text, named without its group
    assert meta.column_names_to_labels["mystery"] == "survey-mystery"


def test_value_outside_labels_reported_with_row_and_column(cb_en: Codebook,
                                                          households: list[Household],
                                                          tmp_path: Path) -> None:
    main, people = export(cb_en, households, tmp_path / "in")
    column = "hh_members-person_core-born_here"

    def change(rows: list[list[str]]) -> None:
        rows[3][rows[0].index(column)] = "7"
    edit(people, change)
    result = label_export(main, tmp_path / "out", cb_en, formats=("dta",))
    (bad,) = [i for i in result.issues if i.code == "LBL005"]
    assert "row 3 (line 4)" in bad.message and column in bad.message and "'7'" in bad.message
    assert bad.loc is not None and (bad.loc.line, bad.loc.col) == (4, rows_index(people,
                                                                                 column) + 1)
    df, _ = read(tmp_path / "out", cb_en, "hh_members")
    assert df["born_here"][2] == 7.0  # kept, unlabelled


def rows_index(path: Path, column: str) -> int:
    return next(csv.reader(path.open(encoding="utf-8"))).index(column)


def test_text_in_a_numeric_column_keeps_the_column(cb_en: Codebook,
                                                  households: list[Household],
                                                  tmp_path: Path) -> None:
    main, people = export(cb_en, households, tmp_path / "in")

    def change(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("hh_members-age")] = "forty"
    edit(people, change)
    result = label_export(main, tmp_path / "out", cb_en, formats=("dta",))
    (bad,) = [i for i in result.issues if i.code == "LBL006"]
    assert "row 1 (line 2), column hh_members-age: value 'forty'" in bad.message
    df, _ = read(tmp_path / "out", cb_en, "hh_members")
    assert list(df["age"][:2]) == ["forty", "0"]  # text column: nothing lost


def test_orphan_rows_and_changed_derived_values(cb_en: Codebook, households: list[Household],
                                               tmp_path: Path) -> None:
    main, people = export(cb_en, households, tmp_path / "in")

    def change(rows: list[list[str]]) -> None:
        rows[2][rows[0].index("PARENT_KEY")] = "uuid:nowhere"
        fb = rows[0].index("hh_members-person_core-foreign_born")
        rows[1][fb] = "1" if rows[1][fb] != "1" else "0"
    edit(people, change)
    result = label_export(main, tmp_path / "out", cb_en, formats=("dta",))
    assert result.valid
    orphan = next(i for i in result.issues if i.code == "LBL008")
    assert "line" in orphan.message and orphan.loc is not None and orphan.loc.line == 3
    changed = next(i for i in result.issues if i.code == "LBL007")
    assert "foreign_born" in changed.message and "line 2" in changed.message
    df, _ = read(tmp_path / "out", cb_en, "hh_members")
    assert len(df) == sum(1 for c in CASES if c["level"] == "person")  # the orphan is kept
    assert df["foreign_born"][0] == 0.0  # native-born-adult-never-abroad: recomputed


def test_unreadable_export(cb_en: Codebook, tmp_path: Path) -> None:
    result = label_export(tmp_path / "nope.csv", tmp_path / "out", cb_en)
    assert codes(result) == ["LBL001"] and not result.valid


def test_bad_options(cb_en: Codebook, households: list[Household], tmp_path: Path) -> None:
    main, _ = export(cb_en, households, tmp_path / "in")
    result = label_export(main, tmp_path / "out", cb_en, formats=("xlsx",), lang="fr",
                          repeats={"people": tmp_path / "in" / "x.csv"})
    assert sorted(codes(result)) == ["LBL001", "LBL009", "TRN002"]
    assert result.written == [] and not (tmp_path / "out").exists()


def test_co_resident_parents_through_indexed_repeat(inst_en: Instrument, cb_en: Codebook,
                                                  tmp_path: Path) -> None:
    """Without the form's mother/father_foreign_born columns, they are computed from the
    parents' own rows (indexed-repeat), and so is the child's generation."""
    adult = {"age": 40, "born_here": "2", "country_birth": "356", "citizen_here": "2",
             "citizenship": "356", "arrival_year": 2010, "arrival_month": 5,
             "mother_line": 0, "mother_born_here": "2", "father_line": 0,
             "father_born_here": "2", "residence_1y": "1", "residence_5y": "1"}
    child = {"age": 8, "born_here": "1", "citizen_here": "1", "other_citizenship": "2",
             "lived_abroad": "2", "mother_line": 1, "father_line": 2, "residence_1y": "1",
             "residence_5y": "1"}
    members = [dict(adult, member_name="mother", sex="2"),
               dict(adult, member_name="father", sex="1"), dict(child, member_name="child")]
    hh = walk(inst_en, [Household("uuid:fam", {"interview_date": "2026-11-15",
                                               "hh_region": "KE-47", "emigrant_any": "2",
                                               "returnee_any": "2", "remit_received": "2",
                                               "remit_goods": "2"}, members)])
    main = write_export(cb_en, hh, tmp_path / "in",
                        drop={"mother_foreign_born", "father_foreign_born"})
    result = label_export(main, tmp_path / "out", cb_en, formats=("dta",))
    assert result.valid
    assert "mother_foreign_born" in next(i for i in result.issues if i.code == "LBL004").message
    df, _ = read(tmp_path / "out", cb_en, "hh_members")
    assert list(df["mother_foreign_born"]) == [1.0, 1.0, 1.0]
    assert list(df["generation"]) == [1.0, 1.0, 2.0]  # first, first, second generation
    # the form's own export said '' (simulate cannot run indexed-repeat): reported, not kept
    assert any(i.code == "LBL007" and "generation" in i.message for i in result.issues)


def test_household_flags_add_up_the_members_rows(inst_en: Instrument, cb_en: Codebook,
                                                 tmp_path: Path) -> None:
    """Household flags are computed from the members' rows of the same submission, even
    when the export lacks them; a member whose birthplace is not known leaves them empty."""
    native = {"age": 40, "born_here": "1", "citizen_here": "1", "lived_abroad": "2",
              "mother_line": 0, "father_line": 0}
    abroad = {"age": 35, "born_here": "2", "country_birth": "356", "citizen_here": "2",
              "citizenship": "356", "arrival_year": 2015, "arrival_month": 5,
              "mother_line": 0, "father_line": 0}
    unknown = dict(native, born_here="8")
    answers = {"interview_date": "2026-11-15", "hh_region": "KE-47", "emigrant_any": "2",
               "returnee_any": "2", "remit_received": "2", "remit_goods": "2"}
    households = walk(inst_en, [
        Household("uuid:a", answers, [dict(native, member_name="a1"),
                                      dict(abroad, member_name="a2")]),
        Household("uuid:b", answers, [dict(native, member_name="b1"),
                                      dict(unknown, member_name="b2")]),
        Household("uuid:c", answers, [dict(native, member_name="c1")])])
    flags = {"hh_with_foreign_born", "hh_with_intl_migrant", "hh_with_return_migrant"}
    main = write_export(cb_en, households, tmp_path / "in", drop=flags)
    result = label_export(main, tmp_path / "out", cb_en, formats=("dta",))
    assert result.valid
    hh, _ = read(tmp_path / "out", cb_en, "household")
    assert [same(v, e) for v, e in zip(hh["hh_with_foreign_born"], [1, "", 0], strict=True)] \
        == [True] * 3
    assert [same(v, e) for v, e in zip(hh["hh_with_return_migrant"], [0, "", 0],
                                       strict=True)] == [True] * 3

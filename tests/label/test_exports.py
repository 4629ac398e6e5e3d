"""Exports as users download them: KoboToolbox's semicolon CSV (and a Windows-1252 one),
its XLSX workbook with repeat sheets, ODK Central's zip; the reference date taken from each
interview; duplicate keys; a bad codebook; host columns of an attached form."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.bank.model import Bank
from generator.cli import cli
from generator.instrument.compile import Instrument
from generator.label import label_export, read_codebook
from generator.label.sources import delimiter, sniff
from generator.render.codebook.build import build_codebook
from generator.render.codebook.model import Codebook
from tests.render.codebook.conftest import TIMESTAMP, compile_
from tests.render.codebook.submissions import Household, scenario_households, walk, write_export

pq = pytest.importorskip("pyarrow.parquet", reason="labelled data needs pyarrow")
pyreadstat = pytest.importorskip("pyreadstat", reason="labelled data needs pyreadstat")


@pytest.fixture(scope="module")
def households(inst_en: Instrument) -> list[Household]:
    return walk(inst_en, scenario_households())


@pytest.fixture(scope="module")
def reference(cb_en: Codebook, households: list[Household],
              tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Any]]:
    """The hh_members columns labelled from the plain ODK Central CSV export."""
    folder = tmp_path_factory.mktemp("ref")
    main = write_export(cb_en, households, folder / "in")
    result = label_export(main, folder / "out", cb_en, formats=("parquet",))
    assert result.valid and result.issues == []
    return table(folder / "out", cb_en)


def table(out: Path, cb: Codebook, record: str = "hh_members") -> dict[str, list[Any]]:
    data: dict[str, list[Any]] = pq.read_table(out / f"{cb.form_id}.{record}.parquet").to_pydict()
    return data


def rewrite(path: Path, delimiter: str = ",", encoding: str = "utf-8") -> None:
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)


def edit_rows(path: Path, change: Any) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def same_people(got: dict[str, list[Any]], want: dict[str, list[Any]], *names: str) -> None:
    for name in names or ("born_here", "foreign_born", "intl_migrant", "recent_migrant",
                          "generation", "arrival_year", "age"):
        assert got[name] == want[name], name


# --- delimiters and encodings --------------------------------------------------------------

def test_sniffing_small_samples() -> None:
    assert delimiter("a;b;c\n1;2;3\n") == ";"
    assert delimiter("a\tb\n1\t2\n") == "\t"
    assert delimiter("name,comment\nx,\"a; b; c\"\n") == ","
    assert delimiter("single\n1\n") == ","
    assert sniff("é".encode())[0] == "utf-8"
    assert sniff("é".encode("cp1252") + b"abcd")[0] == "cp1252"
    assert sniff(b"\xef\xbb\xbfKEY")[0] == "utf-8-sig"
    assert sniff("KEY".encode("utf-16"))[0] == "utf-16"


def test_kobo_semicolon_csv_labels_like_the_comma_one(
        cb_en: Codebook, households: list[Household], reference: dict[str, list[Any]],
        tmp_path: Path) -> None:
    main = write_export(cb_en, households, tmp_path / "in", style="kobo")
    for path in (tmp_path / "in").glob("*.csv"):
        rewrite(path, ";")
    result = label_export(main, tmp_path / "out", cb_en, formats=("parquet",))
    assert result.valid and result.issues == [], [i.message for i in result.issues]
    assert any("semicolon-separated" in line and "utf-8" in line for line in result.read)
    got = table(tmp_path / "out", cb_en)
    same_people(got, reference)
    assert got["born_here"].count(None) < len(got["born_here"])  # not every value empty


def test_windows_1252_export_is_read_and_reported(
        cb_en: Codebook, households: list[Household], tmp_path: Path) -> None:
    main = write_export(cb_en, households, tmp_path / "in", extra={"survey-village": "Kébili"})
    rewrite(main, ";", "cp1252")
    result = label_export(main, tmp_path / "out", cb_en, formats=("parquet",))
    assert result.valid
    (warn,) = [i for i in result.issues if i.code == "LBL012"]
    assert main.name in warn.message and "Windows-1252" in warn.message
    assert table(tmp_path / "out", cb_en, "household")["village"] == ["Kébili"] * 3


# --- ODK Central zip and KoboToolbox workbook ----------------------------------------------

def test_odk_central_zip(cb_en: Codebook, households: list[Household],
                         reference: dict[str, list[Any]], tmp_path: Path) -> None:
    main = write_export(cb_en, households, tmp_path / "in")
    archive = tmp_path / f"{cb_en.form_id}.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((tmp_path / "in").glob("*.csv")):
            zf.write(path, path.name)
        zf.writestr("media/photo.jpg", b"\xff\xd8")
    result = label_export(archive, tmp_path / "out", cb_en, formats=("parquet", "dta"))
    assert result.valid and result.issues == [], [i.message for i in result.issues]
    assert sorted(line.split(":")[0] for line in result.read) == sorted(
        p.name for p in (tmp_path / "in").glob("*.csv"))
    same_people(table(tmp_path / "out", cb_en), reference)
    assert len(table(tmp_path / "out", cb_en, "emigrant_roster")["em_name"]) == 2
    assert main.exists()


def test_zip_problems_are_located(cb_en: Codebook, tmp_path: Path) -> None:
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("readme.txt", "no data")
    result = label_export(empty, tmp_path / "out", cb_en)
    assert [i.code for i in result.issues] == ["LBL001"] and "no CSV" in result.issues[0].message
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    result = label_export(broken, tmp_path / "out", cb_en)
    assert [i.code for i in result.issues] == ["LBL001"] and not result.valid


def kobo_workbook(folder: Path, cb: Codebook, target: Path) -> Path:
    """The KoboToolbox XLSX export: submissions on the first sheet (the form's title), each
    repeat on a sheet of its name; numbers stored as numbers, as Kobo does."""
    from openpyxl import Workbook

    wb = Workbook()
    first = True
    for path in sorted(folder.glob("*.csv"), key=lambda p: ("-" in p.stem, p.name)):
        rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
        if first:
            ws = wb.active
            assert ws is not None
            ws.title = "Migration module survey with a long title"[:31]
            first = False
        else:
            ws = wb.create_sheet(path.stem.split("-", 1)[1])
        ws.append(rows[0])
        for row in rows[1:]:
            ws.append([int(c) if c.isdigit() and not c.startswith("0") else c for c in row])
    wb.save(target)
    return target


def test_kobo_xlsx_with_repeat_sheets(cb_en: Codebook, households: list[Household],
                                      reference: dict[str, list[Any]], tmp_path: Path) -> None:
    write_export(cb_en, households, tmp_path / "in", style="kobo")
    book = kobo_workbook(tmp_path / "in", cb_en, tmp_path / "kobo.xlsx")
    result = label_export(book, tmp_path / "out", cb_en, formats=("parquet", "sav"))
    assert result.valid and result.issues == [], [i.message for i in result.issues]
    assert [line.split(":")[0] for line in result.read] == [
        "kobo.xlsx[Migration module survey with a ]", "kobo.xlsx[hh_members]",
        "kobo.xlsx[emigrant_roster]"]
    same_people(table(tmp_path / "out", cb_en), reference)
    hh = table(tmp_path / "out", cb_en, "household")
    assert hh["remit_uses"][0] == "1 2"


def test_kobo_xlsx_bad_cell_points_at_its_sheet_row(
        cb_en: Codebook, households: list[Household], tmp_path: Path) -> None:
    write_export(cb_en, households, tmp_path / "in", style="kobo")
    people = tmp_path / "in" / f"{cb_en.form_id}-hh_members.csv"

    def change(rows: list[list[str]]) -> None:
        rows[2][next(j for j, h in enumerate(rows[0]) if h.endswith("/born_here"))] = "7"
    edit_rows(people, change)
    book = kobo_workbook(tmp_path / "in", cb_en, tmp_path / "kobo.xlsx")
    result = label_export(book, tmp_path / "out", cb_en, formats=("parquet",))
    (bad,) = [i for i in result.issues if i.code == "LBL005"]
    assert bad.loc is not None and bad.loc.file == f"{book}[hh_members]" and bad.loc.line == 3


# --- the reference date --------------------------------------------------------------------

@pytest.fixture(scope="module")
def cb_open(bank: Bank) -> Codebook:
    """A build without --reference-date: ref_year and ref_month are format-date(today())."""
    book = build_codebook(compile_(bank, country="KEN", languages=("en",)), TIMESTAMP)
    ref_year = book.variable("ref_year")
    assert ref_year is not None and ref_year.calculation == "format-date(today(), '%Y')"
    return book


def dated(households: list[Household], day: str) -> list[Household]:
    for hh in households:
        hh.values = {**hh.values, "interview_date": day}
    return households


def test_reference_date_is_the_interview_date_never_the_clock(
        inst_en: Instrument, cb_open: Codebook, tmp_path: Path) -> None:
    """Arrived March 2024: a recent migrant when interviewed in 2026 (and on today's clock),
    no longer one when interviewed in January 2030."""
    homes = dated(walk(inst_en, scenario_households()), "2030-01-10")
    main = write_export(cb_open, homes, tmp_path / "in", drop={"ref_year", "ref_month"})
    result = label_export(main, tmp_path / "out", cb_open, formats=("parquet",))
    assert result.valid and not [i for i in result.issues if i.code == "LBL013"]
    assert "ref_year" in next(i for i in result.issues if i.code == "LBL004").message
    hh = table(tmp_path / "out", cb_open, "household")
    assert hh["ref_year"] == [2030.0] * 3 and hh["ref_month"] == [1.0] * 3
    people = table(tmp_path / "out", cb_open)
    at = people["member_name"].index("foreign-born-non-citizen-recent-arrival")
    assert people["recent_migrant"][at] == 0.0
    assert any(i.code == "LBL007" and "recent_migrant" in i.message for i in result.issues)
    columnar = label_export(main, tmp_path / "col", cb_open, formats=("parquet",),
                            engine="columnar")
    assert {i.code for i in columnar.issues} == {i.code for i in result.issues}
    for record in ("household", "hh_members"):
        assert table(tmp_path / "col", cb_open, record) == table(tmp_path / "out", cb_open,
                                                                 record)


def test_reference_date_from_start_then_submission_time(
        inst_en: Instrument, cb_open: Codebook, tmp_path: Path) -> None:
    homes = walk(inst_en, scenario_households())
    main = write_export(cb_open, homes, tmp_path / "in",
                        drop={"ref_year", "ref_month", "interview_date"},
                        extra={"start": "2027-02-03T09:15:00.000+03:00"})
    result = label_export(main, tmp_path / "out", cb_open, formats=("parquet",))
    assert result.valid
    assert table(tmp_path / "out", cb_open, "household")["ref_year"] == [2027.0] * 3
    # without start: ODK Central's SubmissionDate (2026-11-16)
    main = write_export(cb_open, homes, tmp_path / "in2",
                        drop={"ref_year", "ref_month", "interview_date"})
    result = label_export(main, tmp_path / "out2", cb_open, formats=("parquet",))
    assert table(tmp_path / "out2", cb_open, "household")["ref_month"] == [11.0] * 3


def test_rows_without_any_date_are_reported_and_left_empty(
        inst_en: Instrument, cb_open: Codebook, tmp_path: Path) -> None:
    homes = walk(inst_en, scenario_households())
    main = write_export(cb_open, homes, tmp_path / "in",
                        drop={"ref_year", "ref_month", "interview_date"})

    def change(rows: list[list[str]]) -> None:
        at = rows[0].index("SubmissionDate")
        rows[2][at] = ""
    edit_rows(main, change)
    result = label_export(main, tmp_path / "out", cb_open, formats=("parquet",))
    undated = [i for i in result.issues if i.code == "LBL013"]
    assert {i.path for i in undated} == {"ref_year", "ref_month"}
    assert all(i.loc is not None and i.loc.line == 3 for i in undated)
    hh = table(tmp_path / "out", cb_open, "household")
    assert hh["ref_year"] == [2026.0, None, 2026.0]


# --- keys, codebook, attached forms --------------------------------------------------------

def test_duplicate_keys_are_reported(cb_en: Codebook, households: list[Household],
                                     tmp_path: Path) -> None:
    main = write_export(cb_en, households, tmp_path / "in")
    edit_rows(main, lambda rows: rows.append(list(rows[1])))
    result = label_export(main, tmp_path / "out", cb_en)
    (dup,) = [i for i in result.issues if i.code == "LBL011"]
    assert "uuid:hh-a" in dup.message and "lines 2 and 5" in dup.message
    assert dup.loc is not None and dup.loc.line == 5
    assert not result.valid and result.written == []


def test_bad_codebook_is_a_located_error(cb_en: Codebook, households: list[Household],
                                         tmp_path: Path) -> None:
    main = write_export(cb_en, households, tmp_path / "in")
    broken = tmp_path / "broken.codebook.json"
    broken.write_text('{\n  "form_id": "x",\n  oops\n}\n', encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(cli, ["label", str(main), "--codebook", str(broken), "--out",
                              str(tmp_path / "out")])
    assert res.exit_code == 1, res.output
    assert f"{broken}:3:3: error LBL010" in res.output
    for text, words in (('{"schema_version": "1.0.0"}', "no field"),
                        ('{"schema_version": "9.0.0"}', "not supported"),
                        ("[1, 2]", "not a migmod codebook")):
        broken.write_text(text, encoding="utf-8")
        found: list[Any] = []
        assert read_codebook(broken, found) is None
        assert [i.code for i in found] == ["LBL010"] and words in found[0].message, text
    broken.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    res = runner.invoke(cli, ["label", str(main), "--codebook", str(broken)])
    assert res.exit_code == 1 and "LBL010" in res.output and "Traceback" not in res.output


def test_codebook_json_round_trip_labels_the_same(cb_en: Codebook, households: list[Household],
                                                  tmp_path: Path) -> None:
    from generator.render.codebook.model import to_dict

    path = tmp_path / "cb.codebook.json"
    path.write_text(json.dumps(to_dict(cb_en)), encoding="utf-8")
    main = write_export(cb_en, households, tmp_path / "in", style="kobo")
    res = CliRunner().invoke(cli, ["label", str(main), "--codebook", str(path), "--out",
                                   str(tmp_path / "out"), "--format", "parquet"])
    assert res.exit_code == 0, res.output
    assert "read " in res.output and "comma-separated" in res.output


def test_host_columns_of_an_attached_form_keep_their_names(
        cb_en: Codebook, households: list[Household], tmp_path: Path) -> None:
    """Columns of the host form (not in the module's codebook) are kept with their question
    names, without the group prefixes; two of the same name keep enough of their groups."""
    main = write_export(cb_en, households, tmp_path / "in",
                        extra={"consent_grp-consent": "1", "hh_info-hh_head-hh_size": "4",
                               "hh_info-dwelling-rooms": "2", "hh_info-a_very_long_group_"
                               "name_for_the_head-phone_number_of_the_household": "x",
                               "hh_info-dwelling-notes": "a", "hh_info-hh_head-notes": "b"})
    result = label_export(main, tmp_path / "out", cb_en, formats=("dta",))
    assert result.valid
    hh, meta = pyreadstat.read_dta(str(tmp_path / "out" / f"{cb_en.form_id}.household.dta"))
    for name, header in (("consent", "consent_grp-consent"),
                         ("hh_size", "hh_info-hh_head-hh_size"),
                         ("rooms", "hh_info-dwelling-rooms"),
                         ("dwelling_notes", "hh_info-dwelling-notes"),
                         ("hh_head_notes", "hh_info-hh_head-notes"),
                         ("phone_number_of_the_household",
                          "hh_info-a_very_long_group_name_for_the_head-phone_number_of_the_"
                          "household")):
        assert meta.column_names_to_labels[name] == header
    assert list(hh["hh_size"]) == ["4"] * 3
    assert "instanceID" in meta.column_names_to_labels


def attached_export(folder: Path, cb: Codebook, households: list[Household]) -> Path:
    """A Central export of a host form with the module attached: the host's own questions
    around the module's, in the host's groups."""
    main = write_export(cb, households, folder, extra={"intro-enumerator": "E7"})
    people = folder / f"{cb.form_id}-hh_members.csv"

    def host(rows: list[list[str]]) -> None:
        rows[0].insert(0, "hh_members-ind_name")
        rows[0].insert(1, "hh_members-ind_relationship_hoh")
        for n, row in enumerate(rows[1:], 1):
            row[:0] = [f"Person {n}", "3"]
    edit_rows(people, host)
    return main


def test_attached_form_data_labelled_with_host_columns(
        cb_en: Codebook, households: list[Household], reference: dict[str, list[Any]],
        tmp_path: Path) -> None:
    main = attached_export(tmp_path / "in", cb_en, households)
    result = label_export(main, tmp_path / "out", cb_en, formats=("parquet", "sav"))
    assert result.valid
    got = table(tmp_path / "out", cb_en)
    same_people(got, reference)
    assert got["ind_name"][:2] == ["Person 1", "Person 2"]
    assert got["ind_relationship_hoh"][0] == "3"
    assert table(tmp_path / "out", cb_en, "household")["enumerator"] == ["E7"] * 3

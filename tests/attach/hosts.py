"""Synthetic host XLSForms written in the tests, and the checks every attach result passes."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
HOSTS = ROOT / "tests" / "hosts"
"""Hosts whose licence lets the repository keep them (tests/hosts/README.md)."""
SHARED_HOSTS = next((p for p in (ROOT.parent / "shared" / "hosts",
                                 ROOT.parent.parent / "shared" / "hosts") if p.is_dir()),
                    ROOT.parent / "shared" / "hosts")
"""The team's other real hosts: `../shared/hosts` (one level further up from a git
worktree); their licences keep them out of the repository."""
LANGS = ("English (en)", "Français", "Spanish")
"""Three host languages, named the three ways designers write them."""

Rows = list[list[Any]]


def real_host(name: str) -> Path:
    """A real host form: from tests/hosts, else from ../shared/hosts (skipped when absent,
    because its licence keeps it out of the repository)."""
    for folder in (HOSTS, SHARED_HOSTS):
        if (folder / name).is_file():
            return folder / name
    pytest.skip(f"{name} is not redistributable, so it is not in tests/hosts, and "
                f"{SHARED_HOSTS} is absent (see tests/hosts/README.md)")


def _t(en: str, fr: str = "", es: str = "") -> list[str]:
    return [en, fr or f"{en} (fr)", es or f"{en} (es)"]


def survey_rows(filler: int = 0) -> Rows:
    """A household survey: a member roster with a nested group and a repeat_count, a host
    question named `born_here` like the module's, and `age` named like the module's input."""
    head = ["type", "name", *[f"label::{lang}" for lang in LANGS], "hint::English (en)",
            "relevant", "calculation", "repeat_count", "required", "constraint", "my_notes"]
    rows: Rows = [head,
                  ["start", "start", "", "", "", "", "", "", "", "", "", "meta"],
                  ["today", "visit_day", "", "", "", "", "", "", "", "", "", ""],
                  ["text", "hh_id", *_t("Household ID", "Identifiant du ménage", "ID del hogar"),
                   "", "", "", "", "yes", "", "keep me"],
                  ["integer", "hh_size", *_t("How many people live here?"), "", "", "", "",
                   "yes", ". > 0", ""]]
    for i in range(filler):  # a long household section before the roster
        rows.append(["integer", f"q{i:04d}", *_t(f"Question {i}"), "", "", "", "", "", "",
                     f"note {i}"])
    rows += [
        ["begin_group", "household", *_t("Household"), "", "", "", "", "", "", ""],
        ["begin_repeat", "members", *_t("Member", "Membre", "Miembro"), "", "", "", "${hh_size}",
         "", "", "roster"],
        ["calculate", "pos", "", "", "", "", "", "position(..)", "", "", "", ""],
        ["text", "first_name", *_t("First name", "Prénom", "Nombre"), "", "", "", "", "yes", "",
         ""],
        ["select_one gender", "gender", *_t("Sex", "Sexe", "Sexo"), "", "", "", "", "yes", "",
         ""],
        ["integer", "age", *_t("Age in completed years", "Âge", "Edad"), "", "", "", "", "yes",
         ". < 130", ""],
        ["select_one rel", "rel", *_t("Relationship to the head"), "", "", "", "", "", "", ""],
        ["begin_group", "health", *_t("Health"), "", "", "", "", "", "", ""],
        ["select_one yes_no_dk", "born_here", *_t("Born in this village?"), "", "", "", "", "",
         "", "same name as the module's"],
        ["select_one yes_no_dk", "sick", *_t("Sick in the last 2 weeks?"), "",
         "${age} < 5", "", "", "", "", ""],
        ["end_group", "health", "", "", "", "", "", "", "", "", "", ""],
        ["end_repeat", "members", "", "", "", "", "", "", "", "", "", ""],
        ["integer", "rooms", *_t("Number of rooms"), "", "", "", "", "", "", ""],
        ["end_group", "household", "", "", "", "", "", "", "", "", "", ""],
    ]
    return rows


def choice_rows() -> Rows:
    """`yes_no_dk` exactly as the bank has it (shared); `yes_no_dk_ref` different (renamed)."""
    head = ["list_name", "name", *[f"label::{lang}" for lang in LANGS], "order"]
    return [head,
            ["yes_no_dk", "1", "Yes", "Oui", "Sí", 1],
            ["yes_no_dk", "2", "No", "Non", "No", 2],
            ["yes_no_dk", "8", "Don't know", "Ne sait pas", "No sabe", 3],
            ["yes_no_dk_ref", "y", "Yes", "Oui", "Sí", 1],
            ["yes_no_dk_ref", "n", "No", "Non", "No", 2],
            ["gender", "m", "Male", "Homme", "Hombre", ""],
            ["gender", "f", "Female", "Femme", "Mujer", ""],
            ["rel", "1", "Head", "Chef", "Jefe", ""],
            ["rel", "2", "Other", "Autre", "Otro", ""]]


def settings_rows() -> Rows:
    return [["form_title", "form_id", "version", "default_language", "custom_setting"],
            ["Village survey", "village_2024", "2024.03", "English (en)", "kept"]]


def write_xlsx(path: Path, sheets: dict[str, Rows], trailing: bool = True) -> Path:
    """A workbook with the given sheets; trailing formatted empty rows and columns."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        if trailing:  # a styled but empty cell below and to the right of the data
            ws.cell(ws.max_row + 5, ws.max_column + 3).font = openpyxl.styles.Font(bold=True)
    wb.save(path)
    return path


def standard_host(tmp: Path, name: str = "village.xlsx", filler: int = 0) -> Path:
    return write_xlsx(tmp / name, {"survey": survey_rows(filler), "choices": choice_rows(),
                                   "settings": settings_rows(),
                                   "notes": [["who", "when"], ["Ana", dt.date(2024, 3, 1)]]})


# ---- what every result must satisfy -------------------------------------------------------


def _norm(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value == "":
        return None
    return value


def _trim(rows: Rows) -> Rows:
    rows = [[_norm(v) for v in r] for r in rows]
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    return rows


def sheets_of(path: Path) -> dict[str, Rows]:
    """Every sheet's values, in sheet order (`.xls` read with xlrd, as a designer's file)."""
    if path.suffix == ".xls":
        import xlrd

        book = xlrd.open_workbook(str(path))
        return {sh.name: _trim([[None if c.ctype in (0, 6) else c.value for c in sh.row(r)]
                                for r in range(sh.nrows)]) for sh in book.sheets()}
    wb = openpyxl.load_workbook(path, data_only=True)
    return {ws.title: _trim([list(r) for r in ws.iter_rows(values_only=True)])
            for ws in wb.worksheets}


def _cell(rows: Rows, r: int, c: int) -> Any:
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else None


def assert_host_survives(host: Path, out: Path, added_rows: list[int]) -> None:
    """Every host cell is in the output unchanged and in order; the only differences are the
    new survey rows, rows appended to `choices`, new columns, and the settings `version`."""
    before, after = sheets_of(host), sheets_of(out)
    assert list(after)[:len(before)] == list(before), "sheets lost or reordered"
    for title, rows in before.items():
        got = after[title]
        if title.casefold() == "survey":
            skip = set(added_rows)
            got = [row for n, row in enumerate(got, start=1) if n not in skip]
        width = max((c + 1 for r in rows for c, v in enumerate(r) if v is not None), default=0)
        for r, _row in enumerate(rows):
            for c in range(max(width, len(got[r]) if r < len(got) else 0)):
                want = _cell(rows, r, c)
                have = _cell(got, r, c)
                if title.casefold() == "settings" and r == 1 and \
                        str(_cell(rows, 0, c)).casefold() == "version":
                    assert have != want, "version not bumped"
                    continue
                if c >= width and r == 0:
                    continue  # a new column's title
                assert have == want, f"{title}!{_col(c)}{r + 1}: {want!r} became {have!r}"
        if title.casefold() == "survey":
            assert len(got) == len(rows), "survey rows lost or added outside the plan"


def _col(c: int) -> str:
    return openpyxl.utils.get_column_letter(c + 1)


def xform_tree(xform: str) -> Any:
    return etree.fromstring(xform.encode("utf-8"))


def bind_of(tree: Any, name: str) -> dict[str, str]:
    """The attributes of the bind of the element called `name`."""
    binds = [b for b in tree.iter("{http://www.w3.org/2002/xforms}bind")
             if b.get("nodeset", "").rsplit("/", 1)[-1] == name]
    assert len(binds) == 1, f"{len(binds)} binds for {name}"
    return dict(binds[0].attrib)


def refs_in(expr: str) -> set[str]:
    """Element names an XPath expression reads (`../../age` → `age`)."""
    return set(re.findall(r"(?:\.\./|/)([A-Za-z_][\w.-]*)", expr))


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def xlsx_bytes(sheets: dict[str, Rows]) -> bytes:
    raw = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(raw)
    return raw.getvalue()


def assert_codebook_fits(result: Any) -> None:
    """Every codebook variable is an element of the attached form's XForm at its path, and
    the written files read back."""
    from lxml import etree

    from generator.render.codebook.tabular import load_codebook

    cb = result.codebook
    assert cb is not None and result.xform is not None
    tree = xform_tree(result.xform)
    instance = next(tree.iter("{http://www.w3.org/2002/xforms}instance"))
    root = instance[0]
    for v in cb.variables():
        found = root.xpath("/".join(f"*[local-name()='{p}']" for p in v.path.split("/")))
        assert found, f"{v.name}: no element at {v.path}"
    names = {r.name for r in cb.records}
    assert {v.record for v in cb.variables()} <= names
    json_file = next(p for p in result.files if p.name.endswith(".codebook.json"))
    again = load_codebook(json_file.read_bytes())
    assert [v.name for v in again.variables()] == [v.name for v in cb.variables()]
    ddi = next(p for p in result.files if p.name.endswith(".ddi.xml"))
    assert etree.fromstring(ddi.read_bytes()) is not None

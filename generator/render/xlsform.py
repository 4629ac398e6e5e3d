"""The XLSForm renderer: survey, choices and settings sheets as rows, then as .xlsx bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

from generator.bank.model import Language, Level
from generator.instrument.compile import EXPRESSIONS as EXPR_COLUMNS
from generator.instrument.compile import ROSTER_REPEAT, Block, Instrument, Item
from generator.logic import to_source
from generator.words import words

TEXT_COLUMNS = ("label", "hint", "constraint_message", "required_message")
_TYPES = {"group": "begin_group", "repeat": "begin_repeat"}


@dataclass(frozen=True, slots=True)
class Sheets:
    """An XLSForm as plain rows: header first, every cell a string."""

    survey: list[list[str]]
    choices: list[list[str]]
    settings: list[list[str]]
    origin: dict[int, str]
    """Survey row number (1-based, as in Excel) → bank question name behind it."""

    def as_dict(self) -> dict[str, list[list[str]]]:
        return {"survey": self.survey, "choices": self.choices, "settings": self.settings}


def column(field: str, lang: Language) -> str:
    """`label` + English (en) → `label::English (en)`."""
    return f"{field}::{lang.name} ({lang.code})"


def xlsform_sheets(inst: Instrument) -> Sheets:
    """Lay the instrument out as XLSForm rows."""
    rows: list[dict[str, str]] = []
    origin: dict[int, str] = {}
    person = [b for b in inst.blocks if b.level is Level.PERSON]
    lang0 = inst.languages[0]
    for block in inst.blocks:
        if block.level is not Level.PERSON:
            _block(inst, block, rows, origin)
        elif block is person[0]:  # every person-level block, in one member repeat
            given, default = inst.bank.meta.words, inst.bank.meta.default_language
            label = {column("label", lang): words(lang.code, "form", project=given,
                                                  default=default)["members"]
                     for lang in inst.languages}
            rows.append({"type": "begin_repeat", "name": ROSTER_REPEAT, **label})
            for member_block in person:
                if member_block.module.meta.roster:  # directly in the repeat: `..` = member
                    _items(inst, member_block.items, rows, origin)
                else:
                    _block(inst, member_block, rows, origin)
            rows.append({"type": "end_repeat", "name": ROSTER_REPEAT})
    columns = _columns(inst, rows)
    survey = [columns] + [[r.get(c, "") for c in columns] for r in rows]
    choices = [["list_name", "name"] + [column("label", lang) for lang in inst.languages]]
    for list_name, items in inst.choices.items():
        for c in items:
            choices.append([list_name, c.value] + [c.label.get(lang.code, "")
                                                   for lang in inst.languages])
    settings = [["form_title", "form_id", "version", "default_language"],
                [inst.title.get(lang0.code, ""), inst.form_id, inst.version,
                 f"{lang0.name} ({lang0.code})"]]
    return Sheets(survey, choices, settings, origin)


def _block(inst: Instrument, block: Block, rows: list[dict[str, str]],
           origin: dict[int, str]) -> None:
    name, title, items, grouped = block.id, block.title, block.items, block.grouped
    if not grouped:  # nothing to show: no group
        _items(inst, items, rows, origin)
        return
    label = {column("label", lang): title.get(lang.code, "") for lang in inst.languages}
    rows.append({"type": "begin_group", "name": name, **label})
    _items(inst, items, rows, origin)
    rows.append({"type": "end_group", "name": name})


def _items(inst: Instrument, items: tuple[Item, ...], rows: list[dict[str, str]],
           origin: dict[int, str]) -> None:
    for item in items:
        q = item.question
        row: dict[str, str] = {"type": _TYPES.get(q.kind, item.xls_type), "name": q.name}
        for fld in TEXT_COLUMNS:
            for lang in inst.languages:
                text = item.texts.get(fld, {}).get(lang.code, "")
                if text:
                    row[column(fld, lang)] = text
        for fld in EXPR_COLUMNS:
            expr = item.expr(fld)
            if expr is not None:
                row[fld] = to_source(expr)
        if q.required:
            row["required"] = "yes"
        if q.appearance and item.xls_type != "text":
            row["appearance"] = q.appearance
        rows.append(row)
        origin[len(rows) + 1] = q.name
        if q.is_container:
            _items(inst, item.children, rows, origin)
            end = "end_repeat" if q.kind == "repeat" else "end_group"
            rows.append({"type": end, "name": q.name})


def _columns(inst: Instrument, rows: list[dict[str, str]]) -> list[str]:
    order = ["type", "name"]
    for fld in ("label", "hint"):
        order += [column(fld, lang) for lang in inst.languages]
    order += ["required"]
    order += [column("required_message", lang) for lang in inst.languages]
    order += ["relevant", "constraint"]
    order += [column("constraint_message", lang) for lang in inst.languages]
    order += ["calculation", "choice_filter", "repeat_count", "appearance"]
    used = {key for row in rows for key in row}
    return [c for c in order if c in used]


def xlsx_bytes(sheets: Sheets, timestamp: int = 0) -> bytes:
    """The workbook as .xlsx bytes; cells are strings, the archive is byte-reproducible."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.as_dict().items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cell_row in ws.iter_rows():
            for cell in cell_row:
                cell.data_type = "s"  # text that starts with '=' stays text, never a formula
    moment = dt.datetime.fromtimestamp(max(timestamp, 315532800), dt.UTC).replace(tzinfo=None)
    wb.properties.created = moment
    wb.properties.modified = moment
    wb.properties.creator = "migmod"
    raw = io.BytesIO()
    wb.save(raw)
    return normalise_zip(raw.getvalue(), moment)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def normalise_zip(data: bytes, moment: dt.datetime) -> bytes:
    """Rewrite a zip with fixed entry times and document dates: same content, same bytes.

    openpyxl stamps the save time into docProps/core.xml whatever the properties say.
    """
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, body)
    return out.getvalue()

"""The translation workflow: a spreadsheet for translators, read back into the project.

`export` writes one row per text of the bank (questions, choices, module titles) with the
source-language text beside it and a status; `import_sheet` turns the filled sheet into the
project's translation overlay (`custom/<lang>.yaml`), reporting rows that no longer match.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.bank.model import Bank, CountryText, DatedText, GeneratedList, Language
from generator.issues import Issue, Location, issue
from generator.project.overlay import TEXTS
from generator.words import keys as word_keys
from generator.words import shipped, source_text

HEADER = ["key", "source", "translation", "status"]


@dataclass(frozen=True, slots=True)
class Text:
    key: str
    """`question.NAME.FIELD`, `choice.LIST.CODE`, `module.ID.title`,
    `placeholder.NAME.PART` (default, dated or named) or `word.PART.NAME` (interface words:
    headings and captions of the paper, the codebook and the form)."""
    source: str
    current: str


def texts(bank: Bank, source: str, target: str) -> Iterator[Text]:
    """Every translatable text of the bank, in bank order."""
    for name, holder in bank.meta.placeholders.items():
        if isinstance(holder, DatedText | CountryText):
            parts = {k: getattr(holder, k) for k in ("default", "dated", "named")
                     if hasattr(holder, k)}
        else:
            parts = {"default": holder}
        for part, text in parts.items():
            yield Text(f"placeholder.{name}.{part}", text.get(source, ""), text.get(target, ""))
    for module in bank.modules:
        yield Text(f"module.{module.meta.id}.title", module.meta.title.get(source, ""),
                   module.meta.title.get(target, ""))
    for _, q in bank.questions():
        for fld in TEXTS:
            text = getattr(q, fld)
            if text.get(source):
                yield Text(f"question.{q.name}.{fld}", text[source], text.get(target, ""))
    for name, items in bank.choices.items():
        listed = items.extra if isinstance(items, GeneratedList) else items
        for c in listed:
            yield Text(f"choice.{name}.{c.value}", c.label.get(source, ""),
                       c.label.get(target, ""))
    yield from _words(bank, source, target)


def _words(bank: Bank, source: str, target: str) -> Iterator[Text]:
    """The interface words: the source language's wording, and the target's own if it has one
    (the bank's or project's words, else the shipped catalogue's file for that language)."""
    given = bank.meta.words
    for key in word_keys():
        part, name = key.split(".", 1)
        current = given.get(key, {}).get(target) or shipped(target).get(part, {}).get(name, "")
        yield Text(f"word.{key}", source_text(key, source, given, source), current)


def export_sheet(bank: Bank, target: str, out: Path) -> int:
    """Write the translators' spreadsheet; returns the number of rows."""
    from openpyxl import Workbook

    source = bank.meta.default_language
    wb = Workbook()
    ws = wb.active
    ws.title = f"{source}-{target}"
    ws.append([*HEADER[:1], f"source ({source})", f"translation ({target})", HEADER[3]])
    rows = 0
    for t in texts(bank, source, target):
        ws.append([t.key, t.source, t.current, "translated" if t.current else "missing"])
        rows += 1
    for row in ws.iter_rows():
        for cell in row:
            cell.data_type = "s"
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 60
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return rows


def import_sheet(bank: Bank, sheet: Path, custom: Path, language: Language,
                 declare: bool) -> tuple[Path | None, list[Issue]]:
    """Read a filled sheet into `custom/<lang>.yaml`; stale or unknown rows are reported.

    `declare` adds the language to the project (for a language the standard bank lacks).
    """
    from openpyxl import load_workbook

    try:
        ws = load_workbook(sheet, read_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds of errors on bad files
        return None, [issue("SCH008", f"cannot read the spreadsheet: {exc}", Location(str(sheet)))]
    source = bank.meta.default_language
    known = {t.key: t for t in texts(bank, source, language.code)}
    found: list[Issue] = []
    overlay: dict[str, dict[str, Any]] = {}
    for n, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        key, src, translation = (str(v) if v is not None else "" for v in row[:3])
        if not key or not translation.strip():
            continue
        where = Location(str(sheet), n, 1)
        text = known.get(key)
        if text is None:
            found.append(issue("TRN005", f"row {n}: '{key}' is no longer in the bank", where))
            continue
        if src != text.source:
            found.append(issue("TRN005", f"row {n}: the {source} text of '{key}' changed since "
                               "the sheet was exported", where,
                               hint=f"now: {text.source!r}; translate it again"))
            continue
        kind, name, part = key.split(".", 2)
        if kind == "word":
            overlay.setdefault("words", {})[f"{name}.{part}"] = {language.code: translation}
            continue
        section = {"question": "override", "choice": "choice_labels",
                   "module": "module_titles", "placeholder": "placeholders"}[kind]
        if kind == "module":
            overlay.setdefault(section, {})[name] = {language.code: translation}
        else:
            overlay.setdefault(section, {}).setdefault(name, {})[part] = {language.code:
                                                                          translation}
    data: dict[str, object] = {}
    if declare:
        data["languages"] = [{"code": language.code, "name": language.name}]
    data.update(overlay)
    target = custom / f"{language.code}.yaml"
    custom.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".yaml.tmp")
    tmp.write_text("# Translation into " + language.name + ", written by "
                   "`migmod translations import`.\n"
                   + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                   encoding="utf-8")
    tmp.replace(target)
    return target, found

"""Checks that every text exists in every bank language and every placeholder is known."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.bank.model import (
    CONSTANT_PARAMETERS,
    CountryText,
    DatedText,
    GeneratedList,
    foreign_script,
)
from generator.bank.sourcemap import DataPath
from generator.checks.index import BankIndex
from generator.issues import Issue, Location, issue

PLACEHOLDER = re.compile(r"(?<!\$)\{([A-Za-z_][A-Za-z0-9_]*)\}")
TEXT_FIELDS = ("label", "hint", "constraint_message", "required_message", "universe",
               "definition")


def check_translations(index: BankIndex, only: tuple[str, ...] = ()) -> Iterator[Issue]:
    bank = index.bank
    langs = [lang.code for lang in bank.meta.languages if not only or lang.code in only]
    known = set(bank.meta.placeholders) | set(CONSTANT_PARAMETERS)
    bank_file = index.origins.bank_file
    yield from _texts(index, bank_file, ("bank", "title"), "bank.title", bank.meta.title,
                      langs, known)
    for name, text in bank.meta.placeholders.items():
        where = ("bank", "placeholders", name)
        if isinstance(text, DatedText | CountryText):
            for part in type(text).model_fields:
                if part == "years_before":
                    continue
                yield from _texts(index, bank_file, (*where, part),
                                  f"bank.placeholders.{name}.{part}", getattr(text, part),
                                  langs, {"date", "name"})
        else:
            yield from _texts(index, bank_file, where, f"bank.placeholders.{name}", text, langs,
                              set())
    for module in bank.modules:
        yield from _texts(index, module.file, ("module", "title"), "module.title",
                          module.meta.title, langs, known)
    for entry in index.ordered:
        for fld in TEXT_FIELDS:
            text = getattr(entry.question, fld)
            if text:
                yield from _texts(index, entry.file, (*entry.path, fld),
                                  index.display_path(entry, fld), text, langs, known)
    for list_name, items in bank.choices.items():
        file, path = index.origins.lists[list_name]
        extra = isinstance(items, GeneratedList)
        choices = items.extra if isinstance(items, GeneratedList) else items
        for i, choice in enumerate(choices):
            at = (*path, "extra", i, "label") if extra else (*path, i, "label")
            yield from _texts(index, file, at, f"choices.{list_name}[{choice.value}].label",
                              choice.label, langs, known)
    for ind_id, ind in bank.indicators.items():
        file, path = index.origins.indicators[ind_id]
        yield from _texts(index, file, (*path, "name"), f"indicators[{ind_id}].name", ind.name,
                          langs, set())


def _texts(index: BankIndex, file: str, path: DataPath, shown: str, text: dict[str, str],
           langs: list[str], known: set[str]) -> Iterator[Issue]:
    locate = index.origins.locate
    missing = [lang for lang in langs if not text.get(lang, "").strip()]
    added = index.origins.added_languages
    standard = [lang for lang in missing if lang not in added]
    if standard:
        yield issue("TRN001", f"no {', '.join(standard)} text", locate(file, path, key=True),
                    shown, f"add the text in {', '.join(standard)}")
    project = [lang for lang in missing if lang in added]
    if project:
        yield issue("TRN004", f"not yet translated into {', '.join(project)}",
                    locate(file, path, key=True), shown,
                    "translate it in the project's translation file (migmod translations)")
    declared = {lang.code for lang in index.bank.meta.languages}
    for lang, value in text.items():
        if lang not in declared:
            yield issue("TRN002", f"text in '{lang}', which the bank does not declare",
                        locate(file, (*path, lang), key=True), shown,
                        f"the bank's languages: {', '.join(sorted(declared))}")
        if foreign_script(value, lang):
            yield issue("TRN008", f"the {lang} text '{value}' is not in the {lang} script",
                        locate(file, (*path, lang)), shown)
        for m in PLACEHOLDER.finditer(value):
            if m.group(1) not in known:
                smap = index.origins.maps.get(file)
                loc = (smap.locate_in_scalar((*path, lang), m.start(), m.end() - m.start())
                       if smap else Location(file))
                yield issue("TRN003", f"unknown placeholder '{{{m.group(1)}}}'", loc, shown,
                            "define it under `placeholders:` in the bank file"
                            + (f" (known: {', '.join(sorted(known))})" if known else ""))

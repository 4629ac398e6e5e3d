"""Checks of question types, fields, names, lists and indicator links."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from generator.bank.model import ALL_KINDS, KINDS_WITH_LIST, TYPE_RE, GeneratedList
from generator.checks.index import BankIndex, Entry
from generator.issues import Issue, issue

# Fields that only make sense for some kinds of question.
_ONLY_FOR: dict[str, tuple[str, ...]] = {
    "calculation": ("calculate",),
    "choice_filter": KINDS_WITH_LIST,
    "repeat_count": ("repeat",),
    "constraint": ("integer", "decimal", "text", "date", "datetime", "time", *KINDS_WITH_LIST,
                   "geopoint", "acknowledge"),
}
_NO_LABEL = ("calculate", "today", "start", "end")


def check_structure(index: BankIndex) -> Iterator[Issue]:
    for entry in index.ordered:
        yield from _check_type(index, entry)
        yield from _check_fields(index, entry)
        yield from _check_links(index, entry)
    for entry in index.duplicates:
        first = index.entries[entry.name]
        yield issue("REF002", f"question name '{entry.name}' is already used",
                    index.locate(entry, "name"), index.display_path(entry, "name"),
                    hint=f"the first '{entry.name}' is at {first.file}:"
                         f"{index.locate(first, 'name').line}; rename one of them")
    yield from _check_lists(index)
    yield from _check_inputs(index)


def _check_type(index: BankIndex, entry: Entry) -> Iterator[Issue]:
    q = entry.question
    m = TYPE_RE.match(q.type.strip())
    kind = m.group("kind") if m else ""
    if kind not in ALL_KINDS:
        close = difflib.get_close_matches(kind or q.type, ALL_KINDS, n=1)
        yield issue("SCH005", f"unknown question type '{q.type}'", index.locate(entry, "type"),
                    index.display_path(entry, "type"),
                    hint=f"did you mean '{close[0]}'?" if close else None)
        return
    if kind in KINDS_WITH_LIST:
        if q.list_name is None:
            yield issue("SCH005", f"'{kind}' needs a choice list: `{kind} LIST_NAME`",
                        index.locate(entry, "type"), index.display_path(entry, "type"))
        elif index.choices(q.list_name) is None:
            close = difflib.get_close_matches(q.list_name, list(index.bank.choices), n=1)
            yield issue("REF003", f"unknown choice list '{q.list_name}'",
                        index.locate(entry, "type"), index.display_path(entry, "type"),
                        hint=f"did you mean '{close[0]}'?" if close else None)
    elif q.list_name is not None:
        yield issue("SCH005", f"'{kind}' takes no choice list", index.locate(entry, "type"),
                    index.display_path(entry, "type"))


def _check_fields(index: BankIndex, entry: Entry) -> Iterator[Issue]:
    q, kind = entry.question, entry.question.kind
    if kind not in ALL_KINDS:
        return
    for fld, kinds in _ONLY_FOR.items():
        if getattr(q, fld) is not None and kind not in kinds:
            yield issue("SCH006", f"'{fld}' is not allowed on a '{kind}' question",
                        index.locate(entry, fld, key=True), index.display_path(entry, fld))
    if kind == "calculate" and q.calculation is None:
        yield issue("SCH002", "a calculate question needs a 'calculation'",
                    index.locate(entry, "type"), index.display_path(entry))
    if q.questions and not q.is_container:
        yield issue("SCH006", f"'questions' is only allowed on a group or repeat, not '{kind}'",
                    index.locate(entry, "questions", key=True),
                    index.display_path(entry, "questions"))
    if q.is_container and not q.questions:
        yield issue("SCH007", f"{kind} '{q.name}' has no questions", index.locate(entry, "name"),
                    index.display_path(entry))
    if kind not in _NO_LABEL and not q.label:
        yield issue("SCH002", "missing required field 'label'", index.locate(entry, "name"),
                    index.display_path(entry))
    if q.derived and (kind != "calculate" or not q.definition):
        yield issue("SCH002", "a derived variable is a 'calculate' with a 'definition'",
                    index.locate(entry, "derived", key=True), index.display_path(entry, "derived"))
    if q.constraint_message and q.constraint is None:
        yield issue("SCH006", "'constraint_message' without a 'constraint'",
                    index.locate(entry, "constraint_message", key=True),
                    index.display_path(entry, "constraint_message"))


def _check_links(index: BankIndex, entry: Entry) -> Iterator[Issue]:
    known = list(index.bank.indicators)
    for i, link in enumerate(entry.question.indicators):
        if link.id not in index.bank.indicators:
            close = difflib.get_close_matches(link.id, known, n=1)
            yield issue("REF004", f"unknown SDG indicator '{link.id}'",
                        index.origins.locate(entry.file, (*entry.path, "indicators", i, "id")),
                        index.display_path(entry, f"indicators[{i}].id"),
                        hint=f"did you mean '{close[0]}'?" if close else
                        "add it to modules/indicators.yaml with its official name")


def _check_lists(index: BankIndex) -> Iterator[Issue]:
    for name, items in index.bank.choices.items():
        file, path = index.origins.lists[name]
        choices = items.extra if isinstance(items, GeneratedList) else items
        base = (*path, "extra") if isinstance(items, GeneratedList) else path
        seen: set[str] = set()
        for i, choice in enumerate(choices):
            clash = (isinstance(items, GeneratedList)
                     and _generated_accepts(items.generate, choice.value))
            if choice.value in seen or clash:
                yield issue("REF006", f"code {choice.value} appears twice in list '{name}'",
                            index.origins.locate(file, (*base, i, "code")),
                            f"choices.{name}[{i}].code")
            seen.add(choice.value)


def _generated_accepts(kind: str, code: str) -> bool:
    from generator.instrument.countries import generated_accepts

    return generated_accepts(kind, code)


def _check_inputs(index: BankIndex) -> Iterator[Issue]:
    for module in index.bank.modules:
        for i, name in enumerate(module.meta.inputs):
            entry = index.entries.get(name)
            if entry is None or entry.module is module:
                close = difflib.get_close_matches(name, index.names, n=1)
                yield issue("REF011", f"input '{name}' is not a question of another module",
                            index.origins.locate(module.file, ("module", "inputs", i)),
                            f"module.inputs[{i}]",
                            hint=f"did you mean '{close[0]}'?" if close and entry is None
                            else None)

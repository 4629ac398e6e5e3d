"""An index of the bank that every check reads: questions by name, parsed expressions."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.bank import Origins
from generator.bank.model import Bank, Choice, GeneratedList, Level, Module, Question, Tier
from generator.bank.sourcemap import DataPath
from generator.issues import Location
from generator.logic import ExprSyntaxError, parse
from generator.logic.ast import Expr


@dataclass(frozen=True, slots=True)
class Entry:
    """A question with everything checks need to know about its place in the bank."""

    question: Question
    module: Module
    path: DataPath
    """Data path of the question inside its module file, e.g. ('questions', 3)."""
    order: int
    """Position in document order across the whole bank."""
    ancestors: tuple[str, ...]
    """Names of the enclosing groups and repeats, outermost first."""
    repeat: str | None
    """The innermost repeat the question sits in: the roster for person-level modules."""
    tier: Tier

    file: str = ""
    """The file that defines the question (a project overlay for added questions)."""

    @property
    def name(self) -> str:
        return self.question.name


ROSTER_REPEAT = "hh_members"
"""Name of the household-member repeat that holds person-level modules."""


@dataclass(slots=True)
class BankIndex:
    bank: Bank
    origins: Origins
    entries: dict[str, Entry] = field(default_factory=dict)
    ordered: list[Entry] = field(default_factory=list)
    duplicates: list[Entry] = field(default_factory=list)
    parsed: dict[tuple[int, str], Expr | ExprSyntaxError] = field(default_factory=dict)
    repeat: Entry | None = None
    """The household-member repeat (not a bank question: the renderer makes it)."""

    @classmethod
    def build(cls, bank: Bank, origins: Origins) -> BankIndex:
        index = cls(bank, origins)
        person = [m for m in bank.modules if m.meta.level is Level.PERSON]
        if person:  # the member repeat the renderer adds; `indexed-repeat()` names it
            roster = Question(name=ROSTER_REPEAT, type="repeat", label={"en": "members"})
            first = next((m for m in person if m.meta.roster), person[0])
            index.repeat = Entry(roster, first, (), -1, (), None, first.meta.tier, first.file)
            index.entries[ROSTER_REPEAT] = index.repeat
        for module in bank.modules:
            base = ROSTER_REPEAT if module.meta.level is Level.PERSON else None
            index._add(module, module.questions, ("questions",), (), base)
        return index

    def _add(self, module: Module, items: list[Question], at: DataPath,
             ancestors: tuple[str, ...], repeat: str | None) -> None:
        for i, q in enumerate(items):
            tier = q.tier or module.meta.tier
            file, path = self.origins.questions.get(q.name, (module.file, (*at, i)))
            entry = Entry(q, module, path, len(self.ordered), ancestors, repeat, tier, file)
            if q.name in self.entries:
                self.duplicates.append(entry)
            else:
                self.entries[q.name] = entry
            self.ordered.append(entry)
            if q.questions:
                inner = q.name if q.kind == "repeat" else repeat
                self._add(module, q.questions, (*path, "questions"), (*ancestors, q.name), inner)

    def expression(self, entry: Entry, fld: str) -> Expr | ExprSyntaxError | None:
        """The parsed expression of one field (cached), or None when the field is empty."""
        source = getattr(entry.question, fld)
        if source is None:
            return None
        key = (entry.order, fld)
        if key not in self.parsed:
            try:
                self.parsed[key] = parse(source)
            except ExprSyntaxError as exc:
                self.parsed[key] = exc
        return self.parsed[key]

    def locate(self, entry: Entry, fld: str | None = None, *, key: bool = False) -> Location:
        path = (*entry.path, fld) if fld else entry.path
        return self.origins.locate(entry.file, path, key=key)

    def locate_span(self, entry: Entry, fld: str, span: tuple[int, int]) -> Location:
        smap = self.origins.maps.get(entry.file)
        if smap is None:
            return Location(entry.file)
        return smap.locate_in_scalar((*entry.path, fld), span[0], span[1] - span[0])

    def display_path(self, entry: Entry, fld: str | None = None) -> str:
        names = ".".join(f"questions[{n}]" for n in (*entry.ancestors, entry.name))
        return f"{names}.{fld}" if fld else names

    def choices(self, list_name: str) -> list[Choice] | GeneratedList | None:
        return self.bank.choices.get(list_name)

    def codes(self, list_name: str) -> set[str] | None:
        """The codes of an enumerated list as strings; None for unknown or generated lists."""
        found = self.bank.choices.get(list_name)
        if found is None or isinstance(found, GeneratedList):
            return None
        return {c.value for c in found}

    def accepts(self, list_name: str, code: str) -> bool | None:
        """Whether a list can hold `code`; None when the list is unknown."""
        found = self.bank.choices.get(list_name)
        if found is None:
            return None
        if isinstance(found, GeneratedList):
            from generator.instrument.countries import generated_accepts

            return code in {c.value for c in found.extra} or generated_accepts(found.generate,
                                                                              code)
        return code in {c.value for c in found}

    @property
    def names(self) -> list[str]:
        return list(self.entries)

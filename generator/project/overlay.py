"""Survey-project overlays: a team's own changes on top of the standard bank.

An overlay file (`custom/*.yaml`) may add questions (placed after or before a standard
question) or whole modules, override text per language, drop questions or choices, add
choices to a standard list, and add a language with its translations. Applying the
overlays gives a new Bank plus the provenance of every question: standard, modified (how)
or added by the project.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from generator.bank import Origins, bank_files, schema_issues
from generator.bank.loader import read_yaml
from generator.bank.model import (
    Bank,
    BankMeta,
    Choice,
    ChoiceList,
    CountryText,
    DatedText,
    GeneratedList,
    LangText,
    Language,
    Module,
    ModuleMeta,
    Name,
    Profile,
    Question,
    Strict,
)
from generator.bank.sourcemap import DataPath
from generator.issues import Issue, Location, issue
from generator.words import keys as word_keys

NATIONAL_COUNTRY_CODES = (900, 989)
"""Codes a project may give national categories of a country list (e.g. a territory the
survey reports apart): above every UN M49 code, below the bank's reserved 991-999."""
TEXTS = ("label", "hint", "constraint_message", "required_message", "universe", "definition")


class Placement(Strict):
    after: Name | None = None
    before: Name | None = None
    questions: list[Question]


class NewModule(Strict):
    module: ModuleMeta
    questions: list[Question]
    after_module: Name | None = None
    """The standard module it follows (default: the last one)."""


class TextOverride(Strict):
    label: LangText = {}
    hint: LangText = {}
    constraint_message: LangText = {}
    required_message: LangText = {}
    universe: LangText = {}
    definition: LangText = {}


class PlaceholderText(Strict):
    """Text for a bank placeholder in the project's languages: `default` (every kind),
    `dated` (with {date}) for dated placeholders, `named` (with {name}) for the country."""

    default: LangText = {}
    """The placeholder's text when nothing fills it (e.g. `nchi hii` for {country})."""
    dated: LangText = {}
    """A dated placeholder's text with a reference date, containing {date}."""
    named: LangText = {}
    """The country placeholder's text with a survey country, containing {name}."""


class OverlayFile(Strict):
    languages: list[Language] = []
    placeholders: dict[Name, PlaceholderText] = {}
    """Placeholder text ({country}, {currency}, dates) in the project's languages."""
    words: dict[str, LangText] = {}
    """Interface words (`paper.questions` …) in the project's languages or wording."""
    names: dict[str, LangText] = {}
    """Names of generated list entries (ISO 3166-2 code or country code → text per language)
    where the reference source has none, e.g. governorates in Arabic."""
    add: list[Placement] = []
    modules: list[NewModule] = []
    override: dict[Name, TextOverride] = {}
    module_titles: dict[Name, LangText] = {}
    choice_labels: dict[Name, dict[str, LangText]] = {}
    choices: dict[Name, list[Choice]] = {}
    """New lists for added questions."""
    add_choices: dict[Name, list[Choice]] = {}
    drop: list[Name] = []
    drop_choices: dict[Name, list[int | str]] = {}


@dataclass(slots=True)
class Provenance:
    status: dict[str, str] = field(default_factory=dict)
    """Question name → 'standard', 'modified' or 'added'."""
    changes: dict[str, list[str]] = field(default_factory=dict)
    """Question name → what the project changed, e.g. 'label (fr)'."""
    dropped: dict[str, Location] = field(default_factory=dict)
    added_languages: set[str] = field(default_factory=set)
    numbers: dict[str, str] = field(default_factory=dict)
    """The standard bank's question numbers, kept when the project changes the bank."""

    def of(self, name: str) -> str:
        return self.status.get(name, "standard")

    def origin(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Question → (status, changes) for every question the project added or modified."""
        return {name: (status, tuple(self.changes.get(name, ())))
                for name, status in self.status.items() if status != "standard"}


def load_overlays(folder: Path, bank: Bank, origins: Origins,
                  sources: dict[str, str]) -> tuple[Bank, Provenance, list[Issue]]:
    """Read every overlay file of `folder` and apply them in file-name order."""
    from generator.instrument.compile import numbers

    prov = Provenance({q.name: "standard" for _, q in bank.questions()})
    prov.numbers = {k: v for m in bank.modules for k, v in numbers(m).items()}
    for module in bank.modules:  # positions in the bank files, before anything moves
        for at, q in module.walk():
            spot: DataPath = ("questions",)
            for k, i in enumerate(at):
                spot = (*spot, i) if k == 0 else (*spot, "questions", i)
            origins.questions.setdefault(q.name, (module.file, spot))
    found: list[Issue] = []
    pending: list[tuple[str, Location]] = []
    for path in bank_files(folder):
        loaded, problems = read_yaml(path)
        found.extend(problems)
        if loaded is None:
            continue
        sources[loaded.file] = loaded.text
        origins.maps[loaded.file] = loaded.sourcemap
        if not isinstance(loaded.data, dict):
            found.append(issue("SCH008", "an overlay file holds a mapping",
                               loaded.sourcemap.locate(())))
            continue
        try:
            overlay = OverlayFile.model_validate(loaded.data)
        except ValidationError as exc:
            found.extend(schema_issues(exc, loaded, OverlayFile))
            continue
        applier = _Applier(bank, prov, origins, loaded.file, found)
        bank = applier.apply(overlay)
        pending.extend(applier.languages_used)
    declared = {lang.code for lang in bank.meta.languages}
    for lang, where in pending:
        if lang not in declared:
            found.append(issue("TRN002", f"text in '{lang}', which neither the bank nor the "
                               "project declares", where,
                               hint=f"declared: {', '.join(sorted(declared))}; add it under "
                                    "`languages:` of a translation file"))
    return bank, prov, found


@dataclass(slots=True)
class _Applier:
    bank: Bank
    prov: Provenance
    origins: Origins
    file: str
    found: list[Issue]
    languages_used: list[tuple[str, Location]] = field(default_factory=list)

    def at(self, *path: str | int, key: bool = False) -> Location:
        return self.origins.locate(self.file, tuple(path), key=key)

    def unknown(self, name: str, where: Location, what: str = "question") -> None:
        names = [q.name for _, q in self.bank.questions()]
        close = difflib.get_close_matches(name, names, n=1)
        self.found.append(issue("REF001", f"the overlay targets unknown {what} '{name}'", where,
                                hint=f"did you mean '{close[0]}'?" if close else None))

    def apply(self, overlay: OverlayFile) -> Bank:
        meta = self.bank.meta
        if overlay.languages:
            meta = _with_languages(meta, overlay.languages)
            self.prov.added_languages |= {lang.code for lang in overlay.languages}
            self.origins.added_languages |= {lang.code for lang in overlay.languages}
        if overlay.placeholders:
            meta = self._placeholders(meta, overlay.placeholders)
        if overlay.words:
            meta = self._words(meta, overlay.words)
        if overlay.names:
            self.languages_used += [(lang, self.at("names", code, lang, key=True))
                                    for code, text in overlay.names.items() for lang in text]
            meta = meta.model_copy(update={"names": {**meta.names, **overlay.names}})
        modules = {m.meta.id: list(m.questions) for m in self.bank.modules}
        module_meta = {m.meta.id: m.meta for m in self.bank.modules}
        files = {m.meta.id: m.file for m in self.bank.modules}
        choices: dict[str, ChoiceList] = dict(self.bank.choices)
        self._add(overlay, modules)
        self._override(overlay, modules, module_meta)
        self._drop(overlay, modules)
        choices = self._choices(overlay, choices)
        order = list(meta.modules)
        for i, new in enumerate(overlay.modules):
            mid = new.module.id
            modules[mid], module_meta[mid], files[mid] = list(new.questions), new.module, self.file
            anchor = new.after_module
            pos = order.index(anchor) + 1 if anchor in order else len(order)
            order.insert(pos, mid)
            for j, q in enumerate(new.questions):
                self._mark_added(q, ("modules", i, "questions", j))
        meta = meta.model_copy(update={"modules": order})
        built = [Module(meta=module_meta[m], questions=modules[m], file=files[m]) for m in order]
        return Bank(meta=meta, modules=built, choices=choices, indicators=self.bank.indicators,
                    profiles=_profiles_without_dropped(self.bank.profiles, built))

    def _placeholders(self, meta: BankMeta, texts: dict[str, PlaceholderText]) -> BankMeta:
        merged = dict(meta.placeholders)
        for name, text in texts.items():
            current = merged.get(name)
            if current is None:
                self.found.append(issue("TRN003", f"the bank has no placeholder '{{{name}}}'",
                                        self.at("placeholders", name, key=True),
                                        hint=f"placeholders: {', '.join(sorted(merged))}"))
                continue
            if isinstance(current, DatedText):
                merged[name] = current.model_copy(update={
                    "default": {**current.default, **text.default},
                    "dated": {**current.dated, **text.dated}})
            elif isinstance(current, CountryText):
                merged[name] = current.model_copy(update={
                    "default": {**current.default, **text.default},
                    "named": {**current.named, **text.named}})
            else:
                merged[name] = {**current, **text.default}
        return meta.model_copy(update={"placeholders": merged})

    def _words(self, meta: BankMeta, texts: dict[str, LangText]) -> BankMeta:
        known = set(word_keys())
        merged = dict(meta.words)
        for key, text in texts.items():
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1)
                self.found.append(issue("TRN006", f"no interface word '{key}'",
                                        self.at("words", key, key=True),
                                        hint=f"did you mean '{close[0]}'?" if close else None))
                continue
            self.languages_used += [(lang, self.at("words", key, lang, key=True))
                                    for lang in text]
            merged[key] = {**merged.get(key, {}), **text}
        return meta.model_copy(update={"words": merged})

    def _mark_added(self, q: Question, path: DataPath) -> None:
        self.prov.status[q.name] = "added"
        self.origins.questions[q.name] = (self.file, path)

    def _add(self, overlay: OverlayFile, modules: dict[str, list[Question]]) -> None:
        for i, place in enumerate(overlay.add):
            anchor = place.after or place.before
            hit = next(((m, k) for m, qs in modules.items() for k, q in enumerate(qs)
                        if q.name == anchor), None)
            if anchor is None or hit is None:
                self.unknown(anchor or "", self.at("add", i, "after" if place.after else
                                                   "before"))
                continue
            mid, k = hit
            pos = k + 1 if place.after else k
            modules[mid][pos:pos] = place.questions
            for j, q in enumerate(place.questions):
                self._mark_added(q, ("add", i, "questions", j))

    def _override(self, overlay: OverlayFile, modules: dict[str, list[Question]],
                  module_meta: dict[str, ModuleMeta]) -> None:
        for name, texts in overlay.override.items():
            hit = next(((m, k) for m, qs in modules.items() for k, q in enumerate(qs)
                        if q.name == name), None)
            if hit is None:
                self.unknown(name, self.at("override", name, key=True))
                continue
            mid, k = hit
            q = modules[mid][k]
            update = {}
            for fld in TEXTS:
                new = getattr(texts, fld)
                self.languages_used += [(lang, self.at("override", name, fld, lang, key=True))
                                        for lang in new]
                if new:
                    update[fld] = {**getattr(q, fld), **new}
                    self.prov.changes.setdefault(name, []).append(
                        f"{fld} ({', '.join(sorted(new))})")
            modules[mid][k] = q.model_copy(update=update)
            if self.prov.of(name) == "standard":
                self.prov.status[name] = "modified"
        for mid, title in overlay.module_titles.items():
            if mid not in module_meta:
                self.unknown(mid, self.at("module_titles", mid, key=True), "module")
                continue
            meta = module_meta[mid]
            module_meta[mid] = meta.model_copy(update={"title": {**meta.title, **title}})

    def _drop(self, overlay: OverlayFile, modules: dict[str, list[Question]]) -> None:
        for i, name in enumerate(overlay.drop):
            hit = next(((m, k) for m, qs in modules.items() for k, q in enumerate(qs)
                        if q.name == name), None)
            where = self.at("drop", i)
            if hit is None:
                self.unknown(name, where)
                continue
            mid, k = hit
            dropped = modules[mid].pop(k)
            self.prov.dropped[name] = where
            self.origins.dropped[name] = where
            self.prov.status.pop(name, None)
            for link in dropped.indicators:
                self.found.append(issue(
                    "REF014", f"dropping '{name}' removes its link to SDG {link.id} "
                    f"({link.role.value})", where,
                    hint="check the coverage report: the indicator may lose its only source"))

    def _national_country_code(self, name: str, j: int, code: str) -> None:
        """A national category of a country list: 900-989, never a real M49 country code."""
        from generator.instrument.countries import country_codes, country_name

        if code.isdigit() and NATIONAL_COUNTRY_CODES[0] <= int(code) <= NATIONAL_COUNTRY_CODES[1]:
            return
        real = code.isdigit() and str(int(code)) in country_codes()
        what = (f"code {code} is the M49 code of {country_name(code, 'en')}" if real
                else f"code {code} is outside the national range")
        self.found.append(issue(
            "REF015", f"{what}; a national category of list '{name}' needs a code "
            f"{NATIONAL_COUNTRY_CODES[0]}-{NATIONAL_COUNTRY_CODES[1]}",
            self.at("add_choices", name, j, "code")))

    def _choices(self, overlay: OverlayFile,
                 choices: dict[str, ChoiceList]) -> dict[str, ChoiceList]:
        for name, items in overlay.choices.items():
            if name in choices:
                self.found.append(issue("REF008", f"choice list '{name}' already exists",
                                        self.at("choices", name, key=True),
                                        hint="use add_choices to extend a standard list"))
            choices[name] = items
            self.origins.lists[name] = (self.file, ("choices", name))
        for name, items in overlay.add_choices.items():
            current = choices.get(name)
            if current is None:
                self.unknown(name, self.at("add_choices", name, key=True), "choice list")
                continue
            base = current.extra if isinstance(current, GeneratedList) else current
            taken = {c.value for c in base} | {"96", "98", "99"}
            countries = isinstance(current, GeneratedList) and current.generate == "countries"
            for j, c in enumerate(items):
                if countries and c.value not in taken:
                    self._national_country_code(name, j, c.value)
                elif c.value in taken:
                    self.found.append(issue(
                        "REF006", f"code {c.value} is already used in list '{name}'",
                        self.at("add_choices", name, j, "code"),
                        hint="national codes must not reuse standard or reserved codes; "
                             "use a range such as 101-199"))
            merged = [*base, *(c for c in items if c.value not in taken)]
            choices[name] = (current.model_copy(update={"extra": merged})
                             if isinstance(current, GeneratedList) else merged)
        for name, labels in overlay.choice_labels.items():
            current = choices.get(name)
            if current is None or isinstance(current, GeneratedList):
                self.unknown(name, self.at("choice_labels", name, key=True), "choice list")
                continue
            known = {c.value for c in current}
            for code in labels:
                if code not in known:
                    self.found.append(issue("REF006", f"list '{name}' has no code {code}",
                                            self.at("choice_labels", name, code, key=True)))
            choices[name] = [c.model_copy(update={"label": {**c.label, **labels.get(c.value,
                                                                                    {})}})
                             for c in current]
        for name, codes in overlay.drop_choices.items():
            current = choices.get(name)
            if current is None or isinstance(current, GeneratedList):
                self.unknown(name, self.at("drop_choices", name, key=True), "choice list")
                continue
            gone = {str(c) for c in codes}
            choices[name] = [c for c in current if c.value not in gone]
        return choices


def _with_languages(meta: BankMeta, added: list[Language]) -> BankMeta:
    known = {lang.code for lang in meta.languages}
    return meta.model_copy(update={"languages": [*meta.languages,
                                                 *(a for a in added if a.code not in known)]})


def _profiles_without_dropped(profiles: dict[str, Profile],
                              modules: list[Module]) -> dict[str, Profile]:
    """The bank's survey profiles, less the modules and questions the project dropped."""
    have = {m.meta.id: {q.name for _, q in m.walk()} for m in modules}
    return {pid: prof.model_copy(update={
        "modules": [m for m in prof.modules if m in have],
        "questions": {m: [n for n in names if n in have[m]]
                      for m, names in prof.questions.items() if m in have}})
        for pid, prof in profiles.items()}

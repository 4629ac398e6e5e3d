"""Assemble the bank: every YAML file validated by pydantic, then merged into one Bank."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.bank.loader import LoadedFile, read_yaml
from generator.bank.model import (
    Bank,
    BankFile,
    BankMeta,
    ChoiceList,
    Indicator,
    Module,
    Profile,
)
from generator.bank.sourcemap import DataPath, SourceMap, render_path
from generator.issues import Issue, Location, Report, issue


@dataclass(slots=True)
class Origins:
    """Where each named thing of the bank was defined, for located issues."""

    maps: dict[str, SourceMap] = field(default_factory=dict)
    lists: dict[str, tuple[str, DataPath]] = field(default_factory=dict)
    indicators: dict[str, tuple[str, DataPath]] = field(default_factory=dict)
    profiles: dict[str, tuple[str, DataPath]] = field(default_factory=dict)
    bank_file: str = ""
    questions: dict[str, tuple[str, DataPath]] = field(default_factory=dict)
    """Questions a project overlay added: where they are defined."""
    dropped: dict[str, Location] = field(default_factory=dict)
    """Standard questions a project overlay dropped, and where."""
    added_languages: set[str] = field(default_factory=set)

    def locate(self, file: str, path: DataPath, *, key: bool = False) -> Location:
        smap = self.maps.get(file)
        return smap.locate(path, key=key) if smap else Location(file)


@dataclass(slots=True)
class LoadResult:
    bank: Bank | None
    report: Report
    origins: Origins


def bank_files(directory: Path) -> list[Path]:
    """The YAML files of a bank folder, in a stable order."""
    return sorted(p for p in directory.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load_bank(directory: Path) -> LoadResult:
    """Read, validate and merge every file of a bank folder; collect all issues."""
    report, origins = Report(), Origins()
    parsed: list[tuple[LoadedFile, BankFile]] = []
    paths = bank_files(directory)
    if not paths:
        report.extend([issue("YML004", f"no .yaml files in {directory}", Location(str(directory)),
                             hint="point --bank at the folder that holds the module files")])
        return LoadResult(None, report, origins)
    for path in paths:
        loaded, found = read_yaml(path)
        report.extend(found)
        if loaded is None:
            continue
        report.sources[loaded.file] = loaded.text
        origins.maps[loaded.file] = loaded.sourcemap
        model, found = validate_file(loaded)
        report.extend(found)
        if model is not None:
            parsed.append((loaded, model))
    bank = _merge(parsed, origins, report) if report.valid else None
    return LoadResult(bank, report, origins)


def validate_file(loaded: LoadedFile) -> tuple[BankFile | None, list[Issue]]:
    """Validate one file's data against BankFile; pydantic errors become located SCH issues."""
    if not isinstance(loaded.data, dict):
        return None, [issue("SCH008", "the file must hold a mapping at the top level",
                            loaded.sourcemap.locate(()))]
    if not loaded.data.keys() & set(BankFile.model_fields):
        return None, [issue("SCH008", "the file has none of the sections "
                            f"{', '.join(BankFile.model_fields)}", loaded.sourcemap.locate(()))]
    try:
        model = BankFile.model_validate(loaded.data)
    except ValidationError as exc:
        return None, schema_issues(exc, loaded, BankFile)
    found: list[Issue] = []
    if model.questions and model.module is None:
        found.append(issue("SCH002", "`questions:` needs a `module:` section in the same file",
                           loaded.sourcemap.locate(("questions",), key=True)))
    return (model if not found else None), found


def schema_issues(exc: ValidationError, loaded: LoadedFile,
                  root: type[BaseModel]) -> list[Issue]:
    """Pydantic errors as located SCH issues, one per data path, the most precise kept."""
    out: dict[DataPath, Issue] = {}
    errors = exc.errors()
    paths = [_data_path(loaded.data, e["loc"]) for e in errors]
    names = _question_names(loaded.data)
    for err, path in zip(errors, paths, strict=True):
        deeper = any(len(p) > len(path) and p[: len(path)] == path for p in paths)
        if path in out or deeper:  # a union member's error: keep the most precise one
            continue
        shown = render_path(path, names)
        etype = err["type"]
        if "[key]" in err["loc"]:
            out[path] = issue("SCH003", f"'{path[-1]}' is not a valid key here: "
                              f"{err['msg']}", loaded.sourcemap.locate(path, key=True),
                              render_path(path[:-1], names),
                              "a comma in unquoted text inside { } starts a new key: put the "
                              "text in quotes" if " " in str(path[-1]) else None)
        elif etype == "extra_forbidden":
            key = str(path[-1])
            allowed = _allowed_keys(path[:-1], root)
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = (f"did you mean '{close[0]}'?" if close else
                    f"allowed keys: {', '.join(allowed)}" if allowed else None)
            out[path] = issue("SCH001", f"unknown key '{key}'",
                              loaded.sourcemap.locate(path, key=True), shown, hint)
        elif etype == "missing":
            field_name = str(err["loc"][-1])
            at = loaded.sourcemap.locate(path, key=True)
            out[path] = issue("SCH002", f"missing required field '{field_name}'", at,
                              render_path(path, names))
        elif etype == "string_pattern_mismatch" and path and (
                path[-1] == "name" or (path[-1] == "id" and "indicators" not in path)):
            out[path] = issue("SCH004", f"'{_value(loaded.data, path)}' is not a valid "
                              f"{path[-1]}: {err['msg'].lower()}", loaded.sourcemap.locate(path),
                              shown)
        elif path and path[-1] == "code":
            out[path] = issue("SCH003", f"choice code {_value(loaded.data, path)!r} is neither a "
                              "whole number nor a name of letters, digits, '_', '.', '-'",
                              loaded.sourcemap.locate(path), shown)
        else:
            got = repr(_value(loaded.data, path))
            got = got if len(got) <= 60 else got[:57] + "..."
            out[path] = issue("SCH003", f"{err['msg']} (got {got})",
                              loaded.sourcemap.locate(path), shown)
    return list(out.values())


def _data_path(data: Any, loc: tuple[int | str, ...]) -> DataPath:
    """The pydantic loc with union-member tags removed; keeps 'missing' field names."""
    out: list[str | int] = []
    cur = data
    for part in loc:
        in_dict = isinstance(cur, dict) and part in cur
        in_list = isinstance(cur, list) and isinstance(part, int) and part < len(cur)
        if in_dict or in_list:
            cur = cur[part]
            out.append(part)
        elif isinstance(cur, dict) and isinstance(part, str) and part.isidentifier():
            out.append(part)  # a missing or extra field
            cur = None
    return tuple(out)


def _value(data: Any, path: DataPath) -> Any:
    cur = data
    for part in path:
        try:
            cur = cur[part]
        except (KeyError, IndexError, TypeError):
            return None
    return cur


def _question_names(data: Any) -> dict[DataPath, str]:
    names: dict[DataPath, str] = {}

    def visit(items: Any, at: DataPath) -> None:
        if not isinstance(items, list):
            return
        for i, q in enumerate(items):
            if isinstance(q, dict):
                if isinstance(q.get("name"), str):
                    names[(*at, i)] = q["name"]
                visit(q.get("questions"), (*at, i, "questions"))

    visit(data.get("questions") if isinstance(data, dict) else None, ("questions",))
    return names


def _allowed_keys(path: DataPath, root: type[BaseModel]) -> list[str]:
    """The field names of the model found at `path` inside `root`."""
    ann: Any = root
    for part in path:
        ann = _unwrap(ann, part)
        if ann is None:
            return []
    ann = _unwrap_optional(ann)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return list(ann.model_fields)
    return []


def _unwrap_optional(ann: Any) -> Any:
    if isinstance(ann, types.UnionType) or typing.get_origin(ann) is typing.Union:
        members = [a for a in typing.get_args(ann) if a is not type(None)]
        return members[0] if len(members) == 1 else ann
    return ann


def _unwrap(ann: Any, part: str | int) -> Any:
    ann = _unwrap_optional(ann)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        info = ann.model_fields.get(str(part))
        return info.annotation if info else None
    origin = typing.get_origin(ann)
    args = typing.get_args(ann)
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _merge(parsed: list[tuple[LoadedFile, BankFile]], origins: Origins,
           report: Report) -> Bank | None:
    meta: BankMeta | None = None
    modules: dict[str, Module] = {}
    choices: dict[str, ChoiceList] = {}
    indicators: dict[str, Indicator] = {}
    profiles: dict[str, Profile] = {}
    for loaded, f in parsed:
        smap = loaded.sourcemap
        if f.bank is not None:
            if meta is not None:
                report.extend([issue("REF005", "a second `bank:` section",
                                     smap.locate(("bank",), key=True),
                                     hint=f"the first is in {origins.bank_file}")])
            else:
                meta, origins.bank_file = f.bank, loaded.file
        if f.module is not None:
            mid = f.module.id
            if mid in modules:
                report.extend([issue("REF005", f"module '{mid}' is defined twice",
                                     smap.locate(("module", "id")),
                                     hint=f"the first is in {modules[mid].file}")])
            else:
                modules[mid] = Module(meta=f.module, questions=f.questions, file=loaded.file)
        for list_name, items in f.choices.items():
            if list_name in choices:
                first = origins.lists[list_name][0]
                report.extend([issue("REF008", f"choice list '{list_name}' is defined twice",
                                     smap.locate(("choices", list_name), key=True),
                                     hint=f"the first is in {first}")])
                continue
            choices[list_name] = items
            origins.lists[list_name] = (loaded.file, ("choices", list_name))
        for i, ind in enumerate(f.indicators):
            if ind.id in indicators:
                report.extend([issue("REF009", f"indicator '{ind.id}' is listed twice",
                                     smap.locate(("indicators", i, "id")))])
                continue
            indicators[ind.id] = ind
            origins.indicators[ind.id] = (loaded.file, ("indicators", i))
        for i, prof in enumerate(f.profiles):
            if prof.id in profiles:
                report.extend([issue("REF016", f"profile '{prof.id}' is defined twice",
                                     smap.locate(("profiles", i, "id")))])
                continue
            profiles[prof.id] = prof
            origins.profiles[prof.id] = (loaded.file, ("profiles", i))
    if meta is None:
        report.extend([issue("SCH002", "no file of the bank has a `bank:` section",
                             Location(parsed[0][0].file if parsed else ""),
                             hint="add bank.yaml with id, title, version, languages, modules")])
        return None
    bank_map = origins.maps[origins.bank_file]
    ordered: list[Module] = []
    for i, mid in enumerate(meta.modules):
        if mid not in modules:
            close = difflib.get_close_matches(mid, list(modules), n=1)
            report.extend([issue("REF010", f"module '{mid}' is listed but not defined",
                                 bank_map.locate(("bank", "modules", i)),
                                 hint=f"did you mean '{close[0]}'?" if close else None)])
        else:
            ordered.append(modules[mid])
    for mid, mod in modules.items():
        if mid not in meta.modules:
            report.extend([issue("REF010", f"module '{mid}' is not listed in bank.modules",
                                 origins.locate(mod.file, ("module", "id")),
                                 hint=f"add it to `modules:` in {origins.bank_file}")])
    if not report.valid:
        return None
    return Bank(meta=meta, modules=ordered, choices=choices, indicators=indicators,
                profiles=profiles)

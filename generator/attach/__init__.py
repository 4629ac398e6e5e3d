"""Attach the migration module to a survey designer's own XLSForm.

read the host → find its household-member roster → compile the module → map its inputs
to the host's questions → merge names, rows, languages and lists → check the host and the
result with pyxform → write a new workbook atomically. Every step adds to one Report;
nothing is written unless the whole run succeeded.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.attach.background import in_background
from generator.attach.check import Conversion, convert, convert_book, host_issues, result_issues
from generator.attach.codebook import attached_codebook, codebook_files
from generator.attach.codes import att
from generator.attach.content import Content, content_of
from generator.attach.existing import (
    find_existing,
    mark_of,
    refusal,
    remove,
    unused_choice_rows,
)
from generator.attach.form import Survey, columns_of, parse_survey, text
from generator.attach.mapping import (
    bank_language,
    input_warnings,
    map_inputs,
    match_languages,
)
from generator.attach.merge import SurveyRows, Target, find_target, merge_survey
from generator.attach.plan import InputUse, Plan
from generator.attach.read import Cell, HostBook, open_host
from generator.attach.roster import find_roster, guess_inputs
from generator.attach.sheets import HostLists, settings_edit
from generator.attach.write import SheetEdit, apply, workbook_bytes, write_atomically
from generator.bank.model import Tier
from generator.instrument.compile import Instrument
from generator.issues import Issue, Report
from generator.outputs import source_date_epoch
from generator.render.codebook.model import Codebook

__all__ = ["AttachOptions", "AttachResult", "CompiledModule", "InputUse", "Plan", "attach"]


@dataclass(frozen=True, slots=True)
class AttachOptions:
    """What to attach and how; mirrors the `migmod attach` options."""

    roster: str | None = None
    """The host's household-member repeat; found from its questions when not given."""
    after: str | None = None
    """Put the person-level blocks after this roster question instead of at its end."""
    modules: tuple[str, ...] = ()
    tier: Tier = Tier.EXTENDED
    country: str | None = None
    reference_date: dt.date | None = None
    maps: dict[str, str] = field(default_factory=dict)
    """Module input → host question (`--map age=ind_age`); an empty value refuses a guess."""
    prefix: str = "mig_"
    fill_language: dict[str, str] = field(default_factory=dict)
    """Host language the bank lacks → bank code to fill it from; `default` = bare `label`."""
    strict_languages: bool = False
    """A host language the bank lacks is an error (ATT011) instead of being filled from the
    bank's first language with a warning (ATT019)."""
    dry_run: bool = False
    validate: bool = False
    """Run ODK Validate (Java) on the result before writing it."""
    validate_timeout: int = 600
    """Seconds ODK Validate may take before attach gives up on it (ATT022)."""
    replace: bool = False
    """When the host already holds the module, update it in place to this bank version
    (its rows are removed and the module attached again) instead of refusing (ATT020)."""
    progress: Callable[[str], None] | None = None
    """Told what attach is doing, step by step (the CLI shows it on large hosts)."""


@dataclass(slots=True)
class AttachResult:
    report: Report
    plan: Plan
    written: Path | None = None
    xform: str | None = None
    """The XForm pyxform made of the result."""
    xlsx: bytes | None = None
    """The result workbook (also made by a dry run)."""
    codebook: Codebook | None = None
    """The codebook of the attached form (written next to it as JSON, CSV and DDI)."""
    files: list[Path] = field(default_factory=list)
    """Every file written: the form, then its codebook files."""


@dataclass(frozen=True, slots=True)
class CompiledModule:
    """The module to insert, compiled by generator.api from a project (so overlays count),
    or the report of what stopped it. Missing translations (TRN001) do not stop attach:
    those texts fall back to the bank's default language and the plan counts them."""

    instrument: Instrument | None
    report: Report
    codebook: Codebook | None = None
    """The module's own codebook (`build_codebook`), when it was made beside the compile;
    attach makes it otherwise."""


def attach(host: Path, out: Path | None, options: AttachOptions,
           module: CompiledModule | Callable[[], CompiledModule]) -> AttachResult:
    """Insert the module into the host form's roster; write `out` only if all went well.
    `module` may be a function that waits for it (compiled while the host is read)."""
    file = host.name
    report, plan = Report(), Plan(file)
    result = AttachResult(report, plan)
    say = options.progress or _quiet
    report.extend(_option_issues(host, out, options))
    say(f"reading {file}")
    book, found = open_host(host)
    report.extend(found)
    if callable(module):
        module = module()
    if book is None or not report.valid:
        return result
    survey = _survey(book, report)
    if survey is None:
        return result
    before = len(report.issues)
    conv = _insert(book, survey, options, module, plan, report, say, (out or host).stem)
    if not report.valid:  # whose problem? pyxform on the host alone tells (error path only)
        say("checking the host form alone with pyxform")
        rejected = host_issues(convert(host.read_bytes(), "." + book.kind), file)
        if rejected:
            del report.issues[before:]
            report.extend(rejected)
        return result
    assert conv is not None
    if book.xls_formulas:
        report.extend([att("ATT017", f"{book.xls_formulas} formula cells of the .xls host "
                                     "are written as their last computed values (an .xls "
                                     "form is read for its values only)", file)])
    data = conv.xlsx or workbook_bytes(book, source_date_epoch())
    result.xform, result.xlsx, result.codebook = conv.xform, data, conv.codebook
    if conv.xform is not None and options.validate:
        say(f"running ODK Validate (it gives up after {options.validate_timeout} s; "
            "--no-validate skips it)")
        report.extend(_validate(conv.xform, file, options.validate_timeout))
    if not report.valid or options.dry_run or out is None:
        return result
    files = {out: data}
    if conv.codebook is not None:
        files.update(codebook_files(conv.codebook, out))
    try:
        for path, body in files.items():
            write_atomically(path, body)
    except OSError as exc:
        report.extend([att("ATT015", f"cannot write {out}: {exc.strerror}", str(out))])
        return result
    result.written = out
    result.files = list(files)
    return result


def _quiet(_: str) -> None:
    return None


def _insert(book: HostBook, survey: Survey, options: AttachOptions, module: CompiledModule,
            plan: Plan, report: Report, say: Callable[[str], None],
            stem: str) -> Conversion | None:
    """Find the roster, merge the module into the workbook in memory and convert it once
    with pyxform; None when something stopped it (the report says what)."""
    file = book.path.name
    content = _content(module, report)
    if content is None:
        return None
    cleared = _clear_existing(book, survey, content, options, plan, report)
    if cleared is None:
        return None
    survey = cleared
    say(f"finding the household roster among {len(survey.rows):,} survey rows")
    roster, found = find_roster(survey, options.roster, file)
    report.extend(found)
    if roster is None:
        return None
    plan.roster, plan.roster_rows = roster.name, (roster.row, roster.end)
    target, found = find_target(survey, roster, options.after, file)
    report.extend(found)
    if target is None or not report.valid:
        return None
    say("merging the module into the host's sheets")
    merged = _merge(book, survey, target, content, options, plan, report)
    if merged is None or not report.valid:
        return None
    edits, order = merged
    added = apply(book, edits)
    plan.added_rows = added.get(survey.sheet, [])
    say("converting the result with pyxform; saving the workbook beside it")
    saving = in_background(lambda: workbook_bytes(book, source_date_epoch()))
    conv = convert_book(book, stem)
    conv.xlsx = saving()
    names = {n for n in order if n} | set(plan.renamed.values())
    report.extend(result_issues(conv, file, _describe(plan.added_rows, order),
                                _ours(added), names))
    if conv.xform is not None:
        conv.codebook = attached_codebook(content.inst, plan, conv.xform,
                                          _form_id(book) or stem, source_date_epoch(),
                                          module.codebook)
    return conv


def _form_id(book: HostBook) -> str:
    """The host's `form_id` setting, if it has one."""
    ws = book.sheet("settings")
    values = book.values(ws) if ws is not None else []
    cols = columns_of(values, "settings")
    col = cols.find(cols.key("form_id"))
    if col is None or len(values) < 2 or col >= len(values[1]):
        return ""
    return text(values[1][col])


def _ours(added: dict[str, list[int]]) -> Callable[[str, int], bool]:
    """Whether a row of a sheet (by pyxform's name for it) is one attach added."""
    rows = {title.casefold(): set(numbers) for title, numbers in added.items()}

    def ours(sheet: str, row: int) -> bool:
        return row in rows.get(sheet.casefold(), set())
    return ours


def _option_issues(host: Path, out: Path | None, options: AttachOptions) -> list[Issue]:
    found: list[Issue] = []
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", options.prefix):
        found.append(att("ATT009", f"--prefix '{options.prefix}' cannot start an XLSForm "
                                   "name", host.name, hint="use letters, digits and _"))
    if out is None and not options.dry_run:
        found.append(att("ATT015", "no output file given", host.name))
    elif out is not None and out.suffix.lower() != ".xlsx":
        found.append(att("ATT015", f"the output is written as .xlsx, not '{out.suffix}'",
                         str(out)))
    elif out is not None and out.resolve() == host.resolve():
        found.append(att("ATT015", "the output would replace the host form; attach never "
                                   "changes its input", str(out)))
    return found


def _survey(book: HostBook, report: Report) -> Survey | None:
    file = book.path.name
    ws = book.sheet("survey")
    if ws is None:
        names = ", ".join(f"'{w.title}'" for w in book.workbook.worksheets)
        report.extend([att("ATT004", f"no sheet named 'survey'; the workbook has {names}",
                           file)])
        return None
    survey, found = parse_survey(ws.title, book.values(ws), file)
    report.extend(found)
    return survey


def _clear_existing(book: HostBook, survey: Survey, content: Content, options: AttachOptions,
                    plan: Plan, report: Report) -> Survey | None:
    """The survey without the module an earlier attach added (with `replace`), the survey
    as it is when it has none, or None (ATT020) when it has one and `replace` is off."""
    values = book.values(book.sheet(survey.sheet))
    existing = find_existing(survey, values, content, options.prefix, options.roster)
    if existing is None:
        return survey
    if not options.replace:
        report.extend([refusal(existing, survey, book.path.name)])
        return None
    existing.choice_rows = unused_choice_rows(book, values, survey, existing)
    remove(book, survey.sheet, existing)
    was = f" ({existing.version})" if existing.version else ""
    plan.notes.append(f"replaced the module attached before{was}, found {existing.how}: "
                      f"removed {len(existing.rows)} survey rows and "
                      f"{len(existing.choice_rows)} choice rows")
    plan.replaced = (len(existing.rows), len(existing.choice_rows))
    return _survey(book, report)


def _content(module: CompiledModule, report: Report) -> Content | None:
    """The module's rows, or None when it did not compile (its issues join the report)."""
    report.sources.update(module.report.sources)
    report.extend(module.report.issues)
    return content_of(module.instrument) if module.instrument is not None else None


def _merge(book: HostBook, survey: Survey, target: Target, content: Content,
           options: AttachOptions, plan: Plan,
           report: Report) -> tuple[list[SheetEdit], list[str]] | None:
    """The edits of the three sheets, and the module question behind each new survey row."""
    file, inst = book.path.name, content.inst
    default = inst.languages[0].code
    settings_ws, choices_ws = book.sheet("settings"), book.sheet("choices")
    settings_values = book.values(settings_ws) if settings_ws is not None else []
    choice_values = book.values(choices_ws) if choices_ws is not None else []
    lists = HostLists.read(choices_ws.title if choices_ws is not None else None, choice_values)
    host_langs = _union(survey.columns.languages(), lists.columns.languages(("label",)))
    langs, said, found = match_languages(host_langs, inst.languages,
                                         _settings_language(settings_values, content),
                                         options.fill_language, file, survey.sheet,
                                         options.strict_languages)
    report.extend(found)
    plan.languages = said
    members = {r.name for r in content.members}
    uses, found = map_inputs(survey, target.roster, content.inputs,
                             guess_inputs(survey, target.roster), options.maps, members, file)
    report.extend(found)
    report.extend(input_warnings(survey, target.roster, uses, content.inputs, file))
    plan.inputs = uses
    if not report.valid:
        return None
    rows_of = SurveyRows(survey.columns, langs, default, survey.style() == " ",
                         mark_of(content))
    mapping = {u.input: u.host for u in uses if u.host}
    merged, found = merge_survey(target, content, mapping, rows_of, lists, options.prefix,
                                 file, plan)
    report.extend(found)
    choices = lists.edit(content, langs, default, plan)
    settings = settings_edit(settings_ws.title if settings_ws is not None else None,
                             settings_values, plan)
    return [merged.survey, choices, settings], merged.order


def _union(first: list[str | None], second: list[str | None]) -> list[str | None]:
    seen = {(x or "").casefold() for x in first}
    return first + [x for x in second if (x or "").casefold() not in seen]


def _settings_language(values: list[list[Cell]], content: Content) -> str | None:
    """The bank language of the host's `default_language`, for a bare `label` column."""
    cols = columns_of(values, "settings")
    col = cols.find("default_language")
    if col is None or len(values) < 2 or col >= len(values[1]):
        return None
    return bank_language(text(values[1][col]), content.inst.languages)


def _describe(added: list[int], order: list[str]) -> Callable[[int], str]:
    """What is at an output survey row: a row migmod added, or which host row."""
    origin = dict(zip(added, order, strict=False))

    def describe(row: int) -> str:
        if row in origin:
            return f"row {row} was added for the module's '{origin[row]}'"
        return f"host row {row - bisect.bisect_left(added, row)}"
    return describe


def _validate(xform: str, file: str, timeout: int) -> list[Issue]:
    """ODK Validate on the result; its rejection is ATT016, running out of time ATT022."""
    import subprocess

    from generator.render.validate import odk_validate

    out: list[Issue] = []
    try:
        checked = odk_validate(xform.encode("utf-8"), Path(file).stem + ".xml", timeout)
    except subprocess.TimeoutExpired:
        return [att("ATT022", f"ODK Validate did not finish within {timeout} s on the "
                              f"attached form ({len(xform) / 2**20:.0f} MB of XForm); pyxform "
                              "converted it, but it was not validated", file)]
    for found in checked:
        if found.code == "OUT004":
            out.append(att("ATT016", found.message, file))
        else:
            out.append(found)
    return out

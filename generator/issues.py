"""The catalogue of issue codes, and the Issue/Report records every stage returns.

Each code is defined once here; `docs/issues.md` is generated from this table.
Codes are never renumbered or reused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    """One stable issue code: what it means and what to do about it."""

    code: str
    severity: Severity
    title: str
    hint: str


def _c(code: str, title: str, hint: str, severity: Severity = Severity.ERROR) -> Code:
    return Code(code, severity, title, hint)


_W = Severity.WARNING

CATALOGUE: dict[str, Code] = {
    c.code: c
    for c in (
        # YAML: the file cannot be read as a YAML mapping.
        _c("YML001", "YAML syntax error", "fix the YAML syntax at the position shown"),
        _c("YML002", "duplicate key", "remove or rename one of the two keys"),
        _c("YML003", "file is not UTF-8", "save the file as UTF-8"),
        _c("YML004", "empty file", "a bank file holds a mapping with `module:` and `questions:`"),
        _c("YML005", "anchors and aliases are not allowed", "write the value out in full"),
        _c("YML006", "tab character in indentation", "indent with spaces, not tabs"),
        _c("YML007", "file too large", "bank files are small text files; split or check the file"),
        _c("YML008", "YAML tag not allowed", "remove the `!tag`: the bank is plain data"),
        # SCH: the YAML does not have the shape of a bank.
        _c("SCH001", "unknown key", "check the spelling; the allowed keys are listed in docs"),
        _c("SCH002", "missing required field", "add the field"),
        _c("SCH003", "invalid value", "use a value of the type shown"),
        _c("SCH004", "invalid name", "names start with a letter or _ and use letters, digits, _"),
        _c("SCH005", "invalid question type", "use an XLSForm type such as `select_one LIST`"),
        _c("SCH006", "field not allowed for this question type", "remove the field"),
        _c("SCH007", "group or repeat without questions", "add questions or remove the group"),
        _c("SCH008", "unknown file kind", "a bank file has `module:`, `choices:` or `indicators:`"),
        # REF: names that do not resolve.
        _c("REF001", "unknown question", "refer to a question defined in the bank"),
        _c("REF002", "duplicate question name", "question names are unique across the bank"),
        _c("REF003", "unknown choice list", "define the list under `choices:`"),
        _c("REF004", "unknown SDG indicator", "use an indicator id from modules/indicators.yaml"),
        _c("REF005", "duplicate module id", "module ids are unique across the bank"),
        _c("REF006", "duplicate choice code", "codes are unique within a list"),
        _c("REF007", "reads another module's question without declaring it",
           "list the question under the module's `inputs:`"),
        _c("REF008", "duplicate choice list", "list names are unique across the bank"),
        _c("REF009", "duplicate indicator id", "indicator ids are unique in the catalogue"),
        _c("REF010", "unknown module", "name a module defined in the bank (`migmod list`)"),
        _c("REF011", "declared input is not defined", "name a question of an earlier module"),
        _c("REF012", "core question reads an extended question",
           "a `--tier core` build drops extended questions; read core questions only"),
        _c("REF013", "unknown country", "give an ISO 3166-1 code such as KEN, KE or 404"),
        _c("REF014", "a dropped question fed an SDG indicator",
           "check the coverage report: the indicator may lose its only source", _W),
        _c("REF015", "national code in a country list outside the national range",
           "code national categories of a country list 900-989 (never a UN M49 code) and "
           "leave the bank's reserved codes (977, 991, 998, 999) alone"),
        _c("REF016", "survey profile defined twice", "give each profile in `profiles:` its own id"),
        _c("REF017", "survey profile names an unknown module or question",
           "name modules of the bank and, under `questions:`, questions of that module"),
        _c("REF018", "unknown survey profile",
           "choose a profile of the bank (`migmod list profiles`)"),
        _c("REF019", "reserved code breaks the width rule",
           "don't know is 8, 98, 998, 9998 … and refused 9, 99, 999, 9999 … for a field as "
           "wide as the list's widest code; give the list codes of one width"),
        # LOG: the skip logic is wrong.
        _c("LOG001", "expression syntax error", "write the expression in XLSForm syntax"),
        _c("LOG002", "refers to a question that is not asked before this one",
           "move the question or refer to an earlier one"),
        _c("LOG003", "choice code not in the question's list",
           "compare with one of the codes of the list"),
        _c("LOG004", "type mismatch", "compare numbers with numbers and text with text"),
        _c("LOG005", "cycle among calculations", "break the cycle: a calculation cannot depend "
           "on itself"),
        _c("LOG006", "question can never be asked", "its relevance is always false; fix the "
           "condition or remove the question"),
        _c("LOG007", "household-level question reads a person-level answer",
           "aggregate over the roster (count, sum, max) or move the question"),
        _c("LOG008", "`.` used outside a constraint",
           "`.` means the current answer; use it only in `constraint`"),
        _c("LOG009", "choice code written as a number",
           "quote choice codes: `${q} = '1'`", _W),
        _c("LOG010", "question refers to itself", "a question's relevance cannot read its own "
           "answer; use `.` in a constraint"),
        _c("LOG011", "`position(..)` used outside a repeat", "use it only inside a repeat"),
        # TRN: translations.
        _c("TRN001", "missing translation", "add the text in every language of the bank"),
        _c("TRN002", "unknown language", "use a language declared in the bank"),
        _c("TRN003", "unfilled placeholder", "give the placeholder a value (e.g. --country)"),
        _c("TRN004", "not yet translated into a project language",
           "add the text to the project's translation file", _W),
        _c("TRN005", "translation row does not match the bank",
           "export the sheet again and translate the rows that changed", _W),
        _c("TRN006", "unknown interface word",
           "use a key of the word catalogue (`migmod translations export` lists them)"),
        _c("TRN007", "name without a translation in the language's script",
           "give the name under `names:` in a project file", _W),
        _c("TRN008", "Latin-script label in a right-to-left language column",
           "write the label in the language's own script (e.g. Arabic)"),
        _c("TRN009", "label left untranslated in a right-to-left language column",
           "add a translation; the default language's text is shown meanwhile", _W),
        # ATT: attaching the module to a host XLSForm.
        _c("ATT001", "host form is not a spreadsheet",
           "give the XLSForm as an Excel workbook (.xlsx or .xls)"),
        _c("ATT002", "host form cannot be opened",
           "remove the password, or open the file in Excel or LibreOffice and save it again"),
        _c("ATT003", "host form is too large",
           "an XLSForm is far below 50 MB; check that this is the right file"),
        _c("ATT004", "host form has no `survey` sheet",
           "an XLSForm has a sheet named `survey` with `type` and `name` columns"),
        _c("ATT005", "host `survey` sheet has no `type` or `name` column",
           "the first row of the `survey` sheet names the columns: type, name, label…"),
        _c("ATT006", "unbalanced begin/end rows in the host form",
           "every `begin_group`/`begin_repeat` row needs a matching `end_group`/`end_repeat`"),
        _c("ATT007", "no household-member roster in the host form",
           "the module goes into the repeat that lists household members; name it with "
           "--roster NAME"),
        _c("ATT008", "several repeats could be the household-member roster",
           "choose one with --roster NAME"),
        _c("ATT009", "option names something the host form or the bank does not have",
           "use a name listed in the message"),
        _c("ATT010", "pyxform rejects the host form itself",
           "fix the host form first (the row shown); migmod attaches only to a form that "
           "pyxform converts"),
        _c("ATT011", "host form language not in the bank",
           "add --fill-language LANGUAGE=en to fill that language from a bank language"),
        _c("ATT012", "host question cannot stand for the module's input",
           "map the input to a question of a fitting type with --map, or leave it out to let "
           "migmod add the question"),
        _c("ATT013", "pyxform rejects the form with the module attached",
           "the host form and the module conflict at the row shown; rename with --prefix or "
           "report it"),
        _c("ATT014", "pyxform warning on the form with the module attached",
           "review the row shown", _W),
        _c("ATT015", "cannot write the output form",
           "give --out a new .xlsx file in a writable folder"),
        _c("ATT016", "ODK Validate rejects the form with the module attached",
           "the message names the element; report it with the host form"),
        _c("ATT017", "host formulas replaced by their values",
           "an .xls host is read for its values only: save it as .xlsx first to keep its "
           "formulas (formulas of an .xlsx host are kept)", _W),
        _c("ATT018", "module compares an input with codes the host's list does not have",
           "map the input to a question with the same codes, or check the module's "
           "conditions", _W),
        _c("ATT019", "host language not in the bank: filled from the bank's first language",
           "translate the module's texts in that column, or choose a language with "
           "--fill-language LANGUAGE=CODE", _W),
        _c("ATT020", "the host form already holds the migration module",
           "attach with --replace to update the module in place to this bank version, or "
           "attach to the form without the module"),
        _c("ATT021", "host question used for a module input is not asked of everyone, or "
                     "has another type",
           "map the input to a question every member answers, or let the module ask its "
           "own with --map INPUT=", _W),
        _c("ATT022", "ODK Validate did not finish on the attached form",
           "the form was written as pyxform converted it; validate it where Java has more "
           "time (ODK Central validates on upload), or attach with --no-validate", _W),
        # LBL: labelling a submissions export.
        _c("LBL001", "cannot read the export file",
           "give the export as downloaded: a CSV (any delimiter), ODK Central's zip or "
           "KoboToolbox's XLSX"),
        _c("LBL002", "key column missing from the export",
           "export with the KEY and PARENT_KEY columns (ODK Central) or _index and "
           "_parent_index (KoboToolbox)"),
        _c("LBL003", "export column not in the codebook",
           "check that the export comes from this form and version; the column is kept as "
           "text", _W),
        _c("LBL004", "codebook variable missing from the export",
           "export every question, or build the codebook for the form version collected", _W),
        _c("LBL005", "value outside the variable's value labels",
           "check the submission; the value is kept, unlabelled", _W),
        _c("LBL006", "value not of the variable's type",
           "check the submission; the column is kept as text so no value is lost", _W),
        _c("LBL007", "derived variable differs from the form's value",
           "the form and the codebook disagree: check the form version of the submissions", _W),
        _c("LBL008", "repeat row without its submission",
           "export the main file and its repeats together; the row is kept", _W),
        _c("LBL009", "labelled data cannot be written",
           "install the data extras (pandas, pyreadstat, pyarrow) and check the output folder"),
        _c("LBL010", "the codebook cannot be read",
           "give the <form_id>.codebook.json that migmod build or migmod attach wrote"),
        _c("LBL011", "two rows of the export have the same key",
           "keep one row per submission; repeat rows cannot be joined to the right one"),
        _c("LBL012", "export not in UTF-8",
           "it was read as Windows-1252; export as UTF-8 if letters look wrong", _W),
        _c("LBL013", "rows without an interview date",
           "export the form's today/start/end columns; the reference date is each "
           "interview's date, never the clock", _W),
        _c("LBL014", "calculation the columnar engine cannot compute",
           "label the export with --engine python (row by row), which computes every "
           "function of the form"),
        _c("LBL015", "the columnar engine ran out of memory",
           "set MIGMOD_LABEL_MEMORY to more than the limit shown (for instance 4GB) if the "
           "machine has that much free; the scratch folder in --out needs free disk too"),
        # PRT: printing any XLSForm (`migmod print`).
        _c("PRT001", "cannot read the form",
           "give an Excel XLSForm (.xlsx or .xls) under 50 MB that you can open"),
        _c("PRT002", "pyxform rejects the form",
           "fix the row named (pyxform's message says what is wrong); the form must convert "
           "in pyxform before it can be printed"),
        _c("PRT003", "condition printed as a quoted expression",
           "the interviewer decides this CHECK from the expression as written; rewrite it "
           "with ${name} references and supported functions to get it in plain words", _W),
        _c("PRT004", "language not in the form",
           "give a language code or a language name from the form's label columns"),
        _c("PRT005", "numbering column not in the form",
           "give the name of a survey-sheet column that holds question numbers"),
        _c("PRT006", "question number used twice in a section",
           "give each question its own number; the repeated one gets a letter", _W),
        # OUT: rendering.
        _c("OUT001", "pyxform rejected the generated form", "fix the bank question named"),
        _c("OUT002", "pyxform warning", "review the bank question named", _W),
        _c("OUT003", "cannot write output", "check the output folder and its permissions"),
        _c("OUT004", "ODK Validate rejected the XForm",
           "the message names the element; fix the bank question behind it"),
        _c("OUT005", "ODK Validate could not run", "install Java 17 (./dev does it)", _W),
        _c("OUT006", "template error", "fix the template at the line shown"),
        _c("OUT007", "raw placeholder in an output",
           "a text reaches this output with its `{name}` unfilled: give the placeholder a "
           "default under `placeholders:` in bank.yaml, or report the build options"),
    )
}


# --- CodeId: every code above, for mypy (tests/test_issue_codes.py fails when they differ)
CodeId = Literal[
    "YML001", "YML002", "YML003", "YML004", "YML005", "YML006", "YML007", "YML008", "SCH001",
    "SCH002", "SCH003", "SCH004", "SCH005", "SCH006", "SCH007", "SCH008", "REF001", "REF002",
    "REF003", "REF004", "REF005", "REF006", "REF007", "REF008", "REF009", "REF010", "REF011",
    "REF012", "REF013", "REF014", "REF015", "REF016", "REF017", "REF018", "REF019", "LOG001",
    "LOG002", "LOG003", "LOG004", "LOG005", "LOG006", "LOG007", "LOG008", "LOG009", "LOG010",
    "LOG011", "TRN001", "TRN002", "TRN003", "TRN004", "TRN005", "TRN006", "TRN007", "TRN008",
    "TRN009", "ATT001", "ATT002", "ATT003", "ATT004", "ATT005", "ATT006", "ATT007", "ATT008",
    "ATT009", "ATT010", "ATT011", "ATT012", "ATT013", "ATT014", "ATT015", "ATT016", "ATT017",
    "ATT018", "ATT019", "ATT020", "ATT021", "ATT022", "LBL001", "LBL002", "LBL003", "LBL004",
    "LBL005", "LBL006", "LBL007", "LBL008", "LBL009", "LBL010", "LBL011", "LBL012", "LBL013",
    "LBL014", "LBL015", "PRT001", "PRT002", "PRT003", "PRT004", "PRT005", "PRT006", "OUT001",
    "OUT002", "OUT003", "OUT004", "OUT005", "OUT006", "OUT007",
]
"""Every issue code: a typo in a code is a type error."""
# --- end of CodeId


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source file; line and column are 1-based, length in characters."""

    file: str
    line: int = 0
    col: int = 0
    length: int = 1


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding: a stable code at a location, with a message and a hint."""

    code: str
    message: str
    loc: Location | None = None
    path: str = ""
    hint: str | None = None

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    @property
    def title(self) -> str:
        return CATALOGUE[self.code].title

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.loc or Location("")
        return (loc.file, loc.line, loc.col, self.code)

    def as_dict(self) -> dict[str, object]:
        loc = self.loc
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "column": loc.col if loc else None,
            "path": self.path,
            "message": self.message,
            "hint": self.hint or CATALOGUE[self.code].hint,
        }


def issue(code: CodeId, message: str, loc: Location | None = None, path: str = "",
          hint: str | None = None) -> Issue:
    """Make an Issue, refusing codes that are not in the catalogue."""
    if code not in CATALOGUE:
        raise KeyError(f"issue code {code} is not in the catalogue")
    return Issue(code, message, loc, path, hint)


@dataclass(slots=True)
class Report:
    """All issues found by one run, with the source texts needed to show them."""

    issues: list[Issue] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    def extend(self, found: Iterable[Issue]) -> None:
        self.issues.extend(found)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Issue]:
        unique = {(i.sort_key(), i.message, i.path): i for i in self.issues}
        return [unique[k] for k in sorted(unique)]

    def to_json(self) -> str:
        body = {
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "issues": [i.as_dict() for i in self.sorted()],
        }
        return json.dumps(body, indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        return "\n".join(format_issue(i, self.sources) for i in self.sorted())


def format_issue(item: Issue, sources: Mapping[str, str]) -> str:
    """`file:line:col: severity CODE path: message`, the source line, a caret, a hint."""
    loc = item.loc
    where = ""
    if loc is not None and loc.file:
        where = f"{loc.file}:{loc.line}:{loc.col}: " if loc.line else f"{loc.file}: "
    path = f" {item.path}" if item.path else ""
    lines = [f"{where}{item.severity.value} {item.code}{path}: {item.message}"]
    text = sources.get(loc.file) if loc is not None else None
    if loc is not None and text is not None and loc.line:
        all_lines = text.splitlines()
        if 0 < loc.line <= len(all_lines):
            src = all_lines[loc.line - 1]
            lines.append("    " + src)
            if loc.col:
                width = max(1, min(loc.length, len(src) - loc.col + 1))
                lines.append("    " + " " * (loc.col - 1) + "^" * width)
    lines.append(f"  hint: {item.hint or CATALOGUE[item.code].hint}")
    return "\n".join(lines)


def catalogue_markdown() -> str:
    """The reference page of issue codes, generated from CATALOGUE."""
    out = [
        "# Issue codes",
        "",
        "Generated from `generator/issues.py` by `migmod codes`; do not edit by hand.",
        "",
        "| code | severity | meaning | what to do |",
        "|---|---|---|---|",
    ]
    for c in CATALOGUE.values():
        out.append(f"| {c.code} | {c.severity.value} | {c.title} | {c.hint} |")
    return "\n".join(out) + "\n"

"""The ATT issue codes of `migmod attach`, and how attach makes its issues.

The codes are proposed for `generator/issues.py`'s CATALOGUE. Until they are added there,
`AttachIssue` finds their severity and title here, so a Report of attach issues works
(`valid`, `errors`, text and JSON) without touching the shared catalogue.
"""

from __future__ import annotations

from generator.issues import CATALOGUE, Code, Issue, Location, Severity

_E, _W = Severity.ERROR, Severity.WARNING

ATT_CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("ATT001", _E, "host form is not a spreadsheet",
             "give the XLSForm as an Excel workbook (.xlsx or .xls)"),
        Code("ATT002", _E, "host form cannot be opened",
             "remove the password, or open the file in Excel or LibreOffice and save it again"),
        Code("ATT003", _E, "host form is too large",
             "an XLSForm is far below 50 MB; check that this is the right file"),
        Code("ATT004", _E, "host form has no `survey` sheet",
             "an XLSForm has a sheet named `survey` with `type` and `name` columns"),
        Code("ATT005", _E, "host `survey` sheet has no `type` or `name` column",
             "the first row of the `survey` sheet names the columns: type, name, label…"),
        Code("ATT006", _E, "unbalanced begin/end rows in the host form",
             "every `begin_group`/`begin_repeat` row needs a matching `end_group`/`end_repeat`"),
        Code("ATT007", _E, "no household-member roster in the host form",
             "the module goes into the repeat that lists household members; name it with "
             "--roster NAME"),
        Code("ATT008", _E, "several repeats could be the household-member roster",
             "choose one with --roster NAME"),
        Code("ATT009", _E, "option names something the host form or the bank does not have",
             "use a name listed in the message"),
        Code("ATT010", _E, "pyxform rejects the host form itself",
             "fix the host form first (the row shown); migmod attaches only to a form that "
             "pyxform converts"),
        Code("ATT011", _E, "host form language not in the bank",
             "add --fill-language LANGUAGE=en to fill that language from a bank language"),
        Code("ATT012", _E, "host question cannot stand for the module's input",
             "map the input to a question of a fitting type with --map, or leave it out to "
             "let migmod add the question"),
        Code("ATT013", _E, "pyxform rejects the form with the module attached",
             "the host form and the module conflict at the row shown; rename with --prefix "
             "or report it"),
        Code("ATT014", _W, "pyxform warning on the form with the module attached",
             "review the row shown"),
        Code("ATT015", _E, "cannot write the output form",
             "give --out a new .xlsx file in a writable folder"),
        Code("ATT016", _E, "ODK Validate rejects the form with the module attached",
             "the message names the element; report it with the host form"),
        Code("ATT017", _W, "host formulas replaced by their values",
             "the output keeps each formula's last computed value; keep the formulas in your "
             "own copy if you need them"),
        Code("ATT018", _W, "module compares an input with codes the host's list does not have",
             "map the input to a question with the same codes, or check the module's "
             "conditions"),
    )
}


class AttachIssue(Issue):
    """An Issue whose code may not be in the shared catalogue yet."""

    __slots__ = ()

    @property
    def severity(self) -> Severity:
        return _code(self.code).severity

    @property
    def title(self) -> str:
        return _code(self.code).title


def _code(code: str) -> Code:
    return CATALOGUE.get(code) or ATT_CODES[code]


def att(code: str, message: str, file: str, sheet: str = "", row: int = 0, col: int = 0,
        hint: str | None = None) -> Issue:
    """An attach issue at a cell of the host workbook; `path` reads like `survey!B12`."""
    if code not in ATT_CODES:
        raise KeyError(f"issue code {code} is not an attach code")
    path = sheet
    if sheet and row:
        path = f"{sheet}!{_letters(col)}{row}" if col else f"{sheet} row {row}"
    return AttachIssue(code, message, Location(file, row, col), path,
                       hint or ATT_CODES[code].hint)


def _letters(col: int) -> str:
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out

"""The codebook as CSV (variables, value labels) and as JSON.

`<form_id>.codebook.csv` has one row per variable, in document order, with these columns
(`<lang>` stands for each language of the instrument, in its order):

- `variable`, `module`, `record` (`household` or the repeat holding the row), `path` (XForm
  path), `number` (question number; empty for calculations), `type` (XLSForm type),
  `storage` (`numeric`, `string` or `date`), `code_list` (name of the choice list),
  `required` (`yes`/`no`);
- `label_<lang>` (variable label), `question_<lang>` (question text as the form shows it),
  `hint_<lang>` (interviewer instruction);
- `universe_<lang>` (the bank's wording), `universe_plain_<lang>` (who is asked, from the
  relevance; empty means everyone in the record), `relevant` (the expression);
- `constraint`, `constraint_plain_<lang>`, `constraint_message_<lang>`;
- `source` (the standard); `sdg_indicators` (`10.7.1 input D; 8.8.1 disaggregation S`);
- `derived` (`yes`/`no`), `definition_<lang>`, `calculation` (of any calculated
  variable), `calculation_plain_<lang>`, `inputs` (what a derived variable is computed
  from) and `used_by` (derived variables computed from this one), names separated by spaces;
- `special_codes` (`9998 = Don't know; 95 = …`, in the default language);
- `status` (`standard`, or for a survey project `modified` / `added`) and `changes`
  (what the project changed, e.g. `label (fr)`);
- `crosswalk_ipums_i`, `crosswalk_eu_lfs`, `crosswalk_dhs`, `crosswalk_mics`,
  `crosswalk_unhcr_rms`: the comparable variable in those surveys, where one exists.

`<form_id>.codebook.values.csv` has one row per value label: `variable`, `code_list`
(empty for a numeric question's special codes), `code`, `missing` (`dont_know`,
`refused` or empty), `label_<lang>`, then `recode_group`, `recode_ipums_i`,
`recode_eu_lfs`, `recode_dhs`, `recode_mics`, `recode_unhcr_rms` (the documented recode of
the code, e.g. reasons for migration).

Both files are UTF-8 with a byte-order mark (so spreadsheet programs detect it). A cell
that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a
spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from generator.render.codebook.model import SCHEME_NAMES, Codebook, Text, Variable, to_dict

CROSSWALKS = tuple(k for k in SCHEME_NAMES if k != "group")
"""Surveys a variable is crosswalked to (the `crosswalk_<survey>` columns)."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix `'` to a cell a spreadsheet would read as a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def csv_bytes(rows: Iterable[list[str]]) -> bytes:
    """Rows as RFC 4180 CSV (CRLF), UTF-8 with BOM, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _per_lang(prefix: str, langs: list[str]) -> list[str]:
    return [f"{prefix}_{lang}" for lang in langs]


def _texts(text: Text, langs: list[str]) -> list[str]:
    return [text.get(lang, "") for lang in langs]


def variables_rows(cb: Codebook) -> list[list[str]]:
    """The header and one row per variable."""
    langs = cb.lang_codes
    header = ["variable", "module", "record", "path", "number", "type", "storage",
              "code_list", "required"]
    for prefix in ("label", "question", "hint", "universe", "universe_plain"):
        header += _per_lang(prefix, langs)
    header += ["relevant", "constraint", *_per_lang("constraint_plain", langs),
               *_per_lang("constraint_message", langs), "source", "sdg_indicators", "derived",
               *_per_lang("definition", langs), "calculation",
               *_per_lang("calculation_plain", langs), "inputs", "used_by", "special_codes",
               "status", "changes", *(f"crosswalk_{k}" for k in CROSSWALKS)]
    rows = [header]
    for v in cb.variables():
        rows.append(_variable_row(v, langs))
    return rows


def _variable_row(v: Variable, langs: list[str]) -> list[str]:
    d = v.derivation
    row = [v.name, v.module, v.record, v.path, v.number or "", v.type, v.storage,
           v.list_name or "", "yes" if v.required else "no"]
    for text in (v.label, v.question, v.hint, v.universe, v.universe_plain):
        row += _texts(text, langs)
    row += [v.relevant or "", v.constraint or "", *_texts(v.constraint_plain, langs),
            *_texts(v.constraint_message, langs), v.source,
            "; ".join(f"{i.id} {i.role} {i.sdg_role}" for i in v.indicators),
            "yes" if d else "no", *_texts(d.definition if d else {}, langs),
            d.calculation if d else (v.calculation or ""),
            *_texts(d.plain if d else {}, langs), " ".join(d.inputs) if d else "",
            " ".join(v.used_by),
            "; ".join(f"{c.code} = {c.label.get(langs[0], '')}" for c in v.special_codes),
            v.status, "; ".join(v.changes), *(v.crosswalk.get(k, "") for k in CROSSWALKS)]
    return row


def values_rows(cb: Codebook) -> list[list[str]]:
    """The header and one row per value label of every variable."""
    langs = cb.lang_codes
    rows = [["variable", "code_list", "code", "missing", *_per_lang("label", langs),
             *(f"recode_{k}" for k in SCHEME_NAMES)]]
    for v in cb.variables():
        for item in cb.lists.get(v.list_name or "", ()):
            rows.append([v.name, v.list_name or "", item.code, item.missing or "",
                         *_texts(item.label, langs),
                         *(item.recode.get(k, "") for k in SCHEME_NAMES)])
        for item in v.special_codes:
            rows.append([v.name, "", item.code, item.missing or "", *_texts(item.label, langs),
                         *("" for _ in SCHEME_NAMES)])
    return rows


def codebook_json(cb: Codebook) -> bytes:
    """The full codebook as JSON: sorted keys, two-space indent, UTF-8, final newline."""
    text = json.dumps(to_dict(cb), ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def load_codebook(data: bytes | str) -> Codebook:
    """Read a `<form_id>.codebook.json` back (to label data without the bank)."""
    from generator.render.codebook.model import SCHEMA_VERSION, from_dict

    parsed = json.loads(data)
    major = str(parsed.get("schema_version", "")).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(f"codebook schema version {parsed.get('schema_version')!r} is not "
                         f"supported (this migmod reads {SCHEMA_VERSION})")
    return from_dict(parsed)

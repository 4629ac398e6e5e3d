"""Label scripts for analysts: Stata `.do`, SPSS `.sps` and R, from the codebook.

Each script labels a data set whose variables are named as in the codebook (as
`migmod label` writes them, or an export with its group prefixes removed). Variables a file
does not hold are skipped, so one script serves the household and every repeat file.
Value labels exist for numeric codes only (Stata and R labelled vectors need numbers);
reserved codes (don't know, refused) are declared missing in SPSS.
"""

from __future__ import annotations

from generator.render.codebook.model import Codebook, ValueLabel, Variable

STATA_LABEL_MAX = 80
STATA_CHUNK = 20
SPSS_CHUNK = 100


def _numeric(items: tuple[ValueLabel, ...]) -> bool:
    return bool(items) and all(v.code.lstrip("-").isdigit() for v in items)


def label_sets(cb: Codebook) -> tuple[dict[str, tuple[ValueLabel, ...]], dict[str, str]]:
    """Value-label sets by name, and the set of each labelled variable.

    A variable with a code list uses the list's name; one with special codes only (9998 =
    don't know) gets a set named after itself.
    """
    sets: dict[str, tuple[ValueLabel, ...]] = {}
    of: dict[str, str] = {}
    for v in cb.variables():
        if v.kind == "select_multiple":
            continue
        items = cb.value_labels(v)
        if not _numeric(items):
            continue
        name = v.list_name if v.list_name and not v.special_codes else v.name
        sets[name] = items
        of[v.name] = name
    return sets, of


def _header(cb: Codebook, lang: str, comment: str) -> list[str]:
    return [f"{comment} Variable and value labels for {cb.form_id} version {cb.version}",
            f"{comment} (migmod codebook {cb.schema_version}, language {lang}, "
            f"generated {cb.generated}).",
            f"{comment} Variables are named as in {cb.form_id}.codebook.csv; "
            "variables missing from a file are skipped."]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _labelled(cb: Codebook) -> list[Variable]:
    return [v for v in cb.variables() if v.kind not in ("note",)]


# --- Stata ---------------------------------------------------------------------------------

def _stata(text: str, limit: int | None = None) -> str:
    text = _one_line(text).replace("`", "'").replace("$", "\\$")
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'`"{text}"\''


def stata_do(cb: Codebook, lang: str | None = None) -> str:
    """A Stata do-file: `label define` per set, `label variable`/`label values` per variable."""
    lang = lang or cb.lang_codes[0]
    sets, of = label_sets(cb)
    lines = [*_header(cb, lang, "*"), "version 14", ""]
    for name, items in sets.items():
        for start in range(0, len(items), STATA_CHUNK):
            body = " ".join(f"{v.code} {_stata(v.label.get(lang, ''))}"
                            for v in items[start:start + STATA_CHUNK])
            lines.append(f"label define {name} {body}, {'add' if start else 'replace'}")
    lines.append("")
    for v in _labelled(cb):
        label = v.label.get(lang, "") or v.name
        lines.append(f"capture label variable {v.name} {_stata(label, STATA_LABEL_MAX)}")
        if v.name in of:
            lines.append(f"capture label values {v.name} {of[v.name]}")
    return "\n".join(lines) + "\n"


# --- SPSS ----------------------------------------------------------------------------------

def _spss(text: str) -> str:
    text = _one_line(text)[:255]
    chunks = [text[i:i + SPSS_CHUNK] for i in range(0, len(text), SPSS_CHUNK)] or [""]
    return "\n    + ".join("'" + c.replace("'", "''") + "'" for c in chunks)


def spss_syntax(cb: Codebook, lang: str | None = None) -> str:
    """SPSS syntax: VARIABLE LABELS, VALUE LABELS and MISSING VALUES, one command each."""
    lang = lang or cb.lang_codes[0]
    sets, of = label_sets(cb)
    lines = [line if line.endswith(".") else line + "." for line in _header(cb, lang, "*")]
    lines.append("")
    for v in _labelled(cb):
        label = v.label.get(lang, "") or v.name
        lines.append(f"VARIABLE LABELS {v.name} {_spss(label)}.")
        if v.name in of:
            items = sets[of[v.name]]
            lines.append(f"VALUE LABELS {v.name}")
            lines += [f"  {i.code} {_spss(i.label.get(lang, ''))}" for i in items]
            lines[-1] += "."
            missing = [i.code for i in items if i.missing][:3]
            if missing:
                lines.append(f"MISSING VALUES {v.name} ({', '.join(missing)}).")
    lines.append("EXECUTE.")
    return "\n".join(lines) + "\n"


# --- R -------------------------------------------------------------------------------------

def _r(text: str) -> str:
    return '"' + _one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def r_script(cb: Codebook, lang: str | None = None) -> str:
    """An R script defining `migmod_apply_labels(df)` (haven labelled vectors when available)."""
    lang = lang or cb.lang_codes[0]
    sets, of = label_sets(cb)
    lines = [*_header(cb, lang, "#"),
             '# Read it with source("<file>", encoding = "UTF-8"), then '
             "df <- migmod_apply_labels(df).", "", "migmod_value_labels <- list("]
    entries = []
    for name, items in sets.items():
        pairs = ", ".join(f"{_r(i.label.get(lang, ''))} = {i.code}" for i in items)
        entries.append(f"  {name} = c({pairs})")
    lines.append(",\n".join(entries))
    lines += [")", "", "migmod_variables <- list("]
    entries = []
    for v in _labelled(cb):
        values = f'"{of[v.name]}"' if v.name in of else "NULL"
        entries.append(f"  {v.name} = list(label = {_r(v.label.get(lang, '') or v.name)}, "
                       f"values = {values})")
    lines.append(",\n".join(entries))
    lines += [")", "", "migmod_apply_labels <- function(df) {",
              '  has_haven <- requireNamespace("haven", quietly = TRUE)',
              "  for (name in intersect(names(migmod_variables), names(df))) {",
              "    v <- migmod_variables[[name]]",
              "    labels <- if (is.null(v$values)) NULL else migmod_value_labels[[v$values]]",
              "    if (has_haven && !is.null(labels) && is.numeric(df[[name]])) {",
              "      df[[name]] <- haven::labelled(df[[name]], labels = labels, "
              "label = v$label)",
              "    } else {",
              '      attr(df[[name]], "label") <- v$label',
              "    }",
              "  }",
              "  df",
              "}"]
    return "\n".join(lines) + "\n"

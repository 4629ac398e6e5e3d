"""Match the host's languages to the bank's, and the module's inputs to host questions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from generator.attach.codes import att
from generator.attach.content import ModRow
from generator.attach.form import Row, Survey
from generator.attach.plan import InputUse
from generator.attach.roster import Guess
from generator.bank.model import Language
from generator.issues import CodeId, Issue

DEFAULT = "default"
"""The --fill-language key for a bare `label` column."""
FITS: dict[str, frozenset[str]] = {
    "select_one": frozenset({"select_one", "calculate"}),
    "select_multiple": frozenset({"select_multiple", "calculate"}),
    "integer": frozenset({"integer", "decimal", "calculate"}),
    "decimal": frozenset({"integer", "decimal", "calculate"}),
    "text": frozenset({"text", "calculate"}),
    "calculate": frozenset({"calculate", "integer", "decimal"}),
    "today": frozenset({"today", "date", "datetime", "calculate"}),
    "date": frozenset({"today", "date", "datetime", "calculate"}),
}
"""Module question kind → host kinds that can stand for it."""
_CODE = re.compile(r"\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\s*\)\s*$")


def _fold(value: str) -> str:
    plain = unicodedata.normalize("NFKD", value)
    return "".join(c for c in plain if not unicodedata.combining(c)).strip().casefold()


def bank_language(host: str, bank: tuple[Language, ...]) -> str | None:
    """The bank language code a host language column names, e.g. `French (fr)` → `fr`."""
    codes = {lang.code for lang in bank}
    m = _CODE.search(host)
    if m and m.group(1).lower() in codes:
        return m.group(1).lower()
    bare = _fold(_CODE.sub("", host))
    for lang in bank:
        if bare in (_fold(lang.name), lang.code):
            return lang.code
    import pycountry

    try:
        found = pycountry.languages.lookup(bare)
    except LookupError:
        return None
    code = getattr(found, "alpha_2", None)
    return code if code in codes else None


def match_languages(host: list[str | None], bank: tuple[Language, ...], default: str | None,
                    fill: Mapping[str, str], file: str, sheet: str,
                    strict: bool = False) -> tuple[dict[str | None, str], dict[str, str],
                                                   list[Issue]]:
    """Host language → bank code, the plan's description, and an issue for each language
    the bank lacks: filled from the bank's first language with a warning (as pyxform and
    Kobo treat a missing translation), or an error when `strict`."""
    codes = {lang.code for lang in bank}
    wanted = {_fold(k): v for k, v in fill.items()}
    out: dict[str | None, str] = {}
    said: dict[str, str] = {}
    found: list[Issue] = []
    listing = ", ".join(f"{lang.code} ({lang.name})" for lang in bank)
    for name in host or [None]:
        key = _fold(name) if name is not None else DEFAULT
        if key in wanted:
            code = wanted[key]
            if code not in codes:
                found.append(att("ATT009", f"--fill-language {name or DEFAULT}={code}: the "
                                           f"bank's languages are {listing}", file))
                continue
            out[name], said[name or ""] = code, f"{code} (--fill-language)"
            continue
        guess = bank_language(name, bank) if name is not None else (default or bank[0].code)
        if guess is None and strict:
            found.append(att("ATT011", f"the host form has text in '{name}', a language the "
                                       f"bank does not have; the bank has {listing}", file,
                             sheet, 1,
                             hint=f"add --fill-language '{name}={bank[0].code}' (or another "
                                  "of the bank's languages) to fill it"))
            continue
        if guess is None:
            first = bank[0]
            found.append(att("ATT019", f"the host form has text in '{name}', a language the "
                                       f"bank does not have; the module's texts in that "
                                       f"column are in {first.name} ({first.code})", file,
                             sheet, 1,
                             hint=f"translate them in the output, or choose the language "
                                  f"with --fill-language '{name}=CODE' (the bank has "
                                  f"{listing})"))
            out[name], said[name or ""] = first.code, f"{first.code} (not in the bank)"
            continue
        out[name], said[name or ""] = guess, guess
    return out, said, found


def map_inputs(survey: Survey, roster: Row, inputs: dict[str, ModRow], guesses: dict[str, Guess],
               wanted: Mapping[str, str], members: set[str],
               file: str) -> tuple[list[InputUse], list[Issue]]:
    """Which host question stands for each input: --map first, then the guesses.

    `--map age=` (nothing after `=`) refuses the guess: the module adds its own question.
    """
    found: list[Issue] = []
    named = survey.named()
    for var in wanted:
        if var not in inputs:
            found.append(att("ATT009", f"--map {var}=…: '{var}' is not an input of the module; "
                                       f"inputs: {', '.join(inputs)}", file))
    uses: list[InputUse] = []
    for var, mod in inputs.items():
        host_name = wanted.get(var)
        if host_name == "":
            uses.append(InputUse(var, None, "added"))
            continue
        if host_name is None:
            guess = guesses.get(var)
            if guess is not None and guess.row.kind in FITS.get(mod.kind, {mod.kind}):
                uses.append(InputUse(var, guess.row.name, "auto", guess.row.row, guess.reason))
            else:
                uses.append(InputUse(var, None, "added"))
            continue
        row = named.get(host_name.casefold())
        problem = _unfit(var, mod, row, roster, var in members, host_name)
        if problem:
            code: CodeId = "ATT009" if row is None else "ATT012"
            found.append(att(code, f"--map {var}={host_name}: {problem}", file, survey.sheet,
                             row.row if row else 0))
            continue
        assert row is not None
        uses.append(InputUse(var, row.name, "--map", row.row))
    return uses, found


def _unfit(var: str, mod: ModRow, row: Row | None, roster: Row, member: bool,
           host_name: str) -> str:
    if row is None:
        return f"the host form has no question named '{host_name}'"
    fits = FITS.get(mod.kind, frozenset({mod.kind}))
    if row.kind not in fits:
        return (f"'{row.name}' (row {row.row}) has type {row.kind}; '{var}' needs one of "
                f"{', '.join(sorted(fits))}")
    if member:
        repeats = [a for a in row.ancestors() if a.kind == "begin_repeat"]
        if not repeats or repeats[0] is not roster:
            return (f"'{row.name}' (row {row.row}) is not a question of the roster "
                    f"'{roster.name}', so it is not one value per member")
    return ""


def input_warnings(survey: Survey, roster: Row, uses: list[InputUse], inputs: dict[str, ModRow],
                   file: str) -> list[Issue]:
    """ATT021 for each host question used for an input that is not asked of everyone the
    module asks (its own relevance or a group's inside the roster), or whose type differs
    from the module's (the module's conditions then compare other kinds of values)."""
    found: list[Issue] = []
    named = survey.named()
    for use in uses:
        row = named.get(use.host.casefold()) if use.host else None
        mod = inputs.get(use.input)
        if row is None or mod is None:
            continue
        inside = roster in row.ancestors()
        where = [row, *[a for a in row.ancestors()
                        if not inside or roster in a.ancestors()]]
        conditions = [f"{r.relevant} (row {r.row})" for r in where if r.relevant]
        if conditions:
            found.append(att("ATT021", f"'{use.input}' is read from '{row.name}', which is "
                                       f"asked only if {' and '.join(conditions)}; members "
                                       f"without it skip every module question that depends "
                                       f"on '{use.input}'", file, survey.sheet, row.row,
                             hint=f"map '{use.input}' to a question everyone answers, or "
                                  f"let the module ask its own with --map {use.input}="))
        if row.kind != mod.kind and not (row.kind == "calculate" and use.reason.endswith(
                "date of birth")) and not {row.kind, mod.kind} <= {"today", "date"}:
            found.append(att("ATT021", f"'{use.input}' is {mod.kind} in the module but "
                                       f"'{row.name}' (row {row.row}) is {row.kind}; the "
                                       f"module's conditions on '{use.input}' compare its "
                                       "values as they are", file, survey.sheet, row.row,
                             hint=f"check the values of '{row.name}', or let the module "
                                  f"ask its own with --map {use.input}="))
    return found

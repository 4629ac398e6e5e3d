"""Names of reference-list entries (countries, ISO 3166-2 subdivisions) in the reader's script.

The iso-codes translations (through pycountry) lack many names, e.g. every Jordanian
governorate in Arabic; a project gives them in a `names:` overlay (code → text per language),
and the names still printed in Latin letters on a page of a non-Latin script are listed in a
warning so that none goes unnoticed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from generator.bank.model import Choice, ChoiceList, GeneratedList
from generator.issues import Issue, issue

NON_LATIN = {"ar", "fa", "ur", "ps", "he", "yi", "ru", "uk", "bg", "sr", "el", "am", "ti", "hi",
             "bn", "ne", "mr", "ta", "te", "th", "km", "lo", "my", "ka", "hy", "zh", "ja", "ko"}
"""Languages written in a script other than Latin (by their base language code)."""


def named(choices: list[Choice], names: Mapping[str, Mapping[str, str]]) -> list[Choice]:
    """The generated choices with the project's names put in where it gives them."""
    return [c.model_copy(update={"label": {**c.label, **names[c.value]}})
            if c.value in names else c for c in choices]


def latin(text: str) -> bool:
    """True when the text has Latin letters and no letters of another script."""
    scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in text if ch.isalpha()}
    return scripts == {"LATIN"}


def untranslated(bank_lists: Mapping[str, ChoiceList], lists: Mapping[str, list[Choice]],
                 langs: list[str]) -> list[Issue]:
    """A warning per language listing generated names still in Latin letters."""
    out = []
    for lang in langs:
        if lang.split("-")[0] not in NON_LATIN:
            continue
        missing: dict[str, str] = {}
        for name, choices in lists.items():
            source = bank_lists.get(name)
            if not isinstance(source, GeneratedList) or source.generate == "currencies":
                continue
            extra = {c.value for c in source.extra}
            missing.update({c.value: c.label.get(lang, "") for c in choices
                            if c.value not in extra and latin(c.label.get(lang, ""))})
        if missing:
            shown = ", ".join(f"{code} {text}" for code, text in sorted(missing.items()))
            out.append(issue("TRN007", f"{len(missing)} names have no {lang} translation and "
                             f"print in Latin letters: {shown}",
                             hint=f"give them under `names:` in a project file, e.g. "
                                  f"`names: {{{min(missing)}: {{{lang}: …}}}}`"))
    return out

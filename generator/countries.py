"""Country code lists from ISO 3166-1 (pycountry), coded by numeric code (= UN M49)."""

from __future__ import annotations

import gettext
from functools import cache

from generator.model import Choice


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 numeric codes of every country, as stored choice values (no zero padding)."""
    import pycountry

    return frozenset(str(int(c.numeric)) for c in pycountry.countries)


@cache
def _translator(language: str) -> gettext.NullTranslations:
    import pycountry

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language],
                               fallback=True)


def country_name(numeric_or_alpha: str, language: str) -> str:
    """The common name of a country in a language (English when no translation exists)."""
    import pycountry

    country = (pycountry.countries.get(numeric=numeric_or_alpha.zfill(3))
               if numeric_or_alpha.isdigit() else pycountry.countries.lookup(numeric_or_alpha))
    if country is None:
        raise LookupError(numeric_or_alpha)
    english = getattr(country, "common_name", None) or country.name
    if language == "en":
        return str(english)
    translated = _translator(language).gettext(country.name)
    return str(translated)


def country_choices(languages: list[str], exclude: frozenset[str] = frozenset()) -> list[Choice]:
    """Every country as a Choice with its name in each language, sorted by name."""
    import pycountry

    out = []
    for c in pycountry.countries:
        code = int(c.numeric)
        if str(code) in exclude:
            continue
        out.append(Choice(code=code, label={lang: country_name(c.numeric, lang)
                                             for lang in languages}))
    return sorted(out, key=lambda c: c.label.get(languages[0], "") if languages else c.value)


def resolve_country(text: str) -> tuple[str, str]:
    """(numeric code, alpha-3) of a country given by alpha-2, alpha-3, numeric code or name."""
    import pycountry

    try:
        c = (pycountry.countries.get(numeric=text.zfill(3)) if text.isdigit()
             else pycountry.countries.lookup(text))
    except LookupError:
        c = None
    if c is None:
        raise LookupError(text)
    return str(int(c.numeric)), str(c.alpha_3)

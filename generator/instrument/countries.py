"""Reference code lists from pycountry: ISO 3166-1 countries, ISO 3166-2 subdivisions,
ISO 4217 currencies, with names in each language from the iso-codes translations."""

from __future__ import annotations

import gettext
import re
from functools import cache
from typing import Any

from generator.bank.model import Choice


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 numeric codes of every country, as stored choice values (no zero padding)."""
    import pycountry

    return frozenset(str(int(c.numeric)) for c in pycountry.countries)


@cache
def _translator(domain: str, language: str) -> gettext.NullTranslations:
    import pycountry

    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language],
                               fallback=True)


def _country(code: str) -> Any:
    import pycountry

    return (pycountry.countries.get(numeric=code.zfill(3)) if code.isdigit()
            else pycountry.countries.lookup(code))


def country_name(code: str, language: str) -> str:
    """The common name of a country in a language (English when no translation exists)."""
    country = _country(code)
    if country is None:
        raise LookupError(code)
    if language == "en":
        return str(getattr(country, "common_name", None) or country.name)
    return str(_translator("iso3166-1", language).gettext(country.name))


def country_choices(languages: list[str], exclude: frozenset[str] = frozenset()) -> list[Choice]:
    """Every country as a Choice with its name in each language, sorted by name."""
    import pycountry

    out = [Choice(code=int(c.numeric), label={lang: country_name(c.numeric, lang)
                                             for lang in languages})
           for c in pycountry.countries if str(int(c.numeric)) not in exclude]
    return sorted(out, key=lambda c: c.label.get(languages[0], "") if languages else c.value)


def subdivision_choices(alpha2: str, languages: list[str]) -> list[Choice]:
    """The top-level ISO 3166-2 subdivisions of a country, coded by their ISO code."""
    import pycountry

    found = pycountry.subdivisions.get(country_code=alpha2) or []  # type: ignore[no-untyped-call]
    top = [s for s in found if s.parent_code is None]
    out = [Choice(code=s.code, label={lang: str(_translator("iso3166-2", lang).gettext(s.name))
                                      for lang in languages}) for s in top]
    return sorted(out, key=lambda c: c.label.get(languages[0], ""))


def currency_choices(languages: list[str], first: str | None = None) -> list[Choice]:
    """Every ISO 4217 currency coded by its alphabetic code; `first` leads the list."""
    import pycountry

    def label(c: Any, lang: str) -> str:
        if lang == "en":
            return f"{c.name} ({c.alpha_3})"
        return f"{_translator('iso4217', lang).gettext(c.name)} ({c.alpha_3})"

    out = [Choice(code=c.alpha_3, label={lang: label(c, lang) for lang in languages})
           for c in pycountry.currencies]
    out.sort(key=lambda c: (c.value != first, c.label.get(languages[0], "")))
    return out


def resolve_country(text: str) -> tuple[str, str, str]:
    """(numeric code, alpha-3, alpha-2) of a country given by code or name."""
    try:
        c = _country(text)
    except LookupError:
        c = None
    if c is None:
        raise LookupError(text)
    return str(int(c.numeric)), str(c.alpha_3), str(c.alpha_2)


_SUBDIVISION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


def generated_accepts(kind: str, code: str) -> bool:
    """Whether a generated list can hold `code`, for any survey country.

    Subdivision and currency codes are checked by their ISO shape, so that checking a bank
    never loads the 5,000 ISO 3166-2 records.
    """
    if kind == "countries":
        return code in country_codes()
    if kind == "currencies":
        return len(code) == 3 and code.isalpha() and code.isupper()
    return bool(_SUBDIVISION.match(code))

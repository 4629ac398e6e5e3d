"""Reference code lists: countries (ISO 3166-1 codes, UN official names), ISO 3166-2
subdivisions (pycountry), circulating ISO 4217 currencies (CLDR names through babel).

Country names are the UN official short names (UNTERM, else the UN M49 names) as the OCHA
Countries and Territories Taxonomy carries them in the six UN languages (`un_names.csv`, the
name columns of that taxonomy; `un_names.md` gives its source); a name the UN lists lack
comes from `country_names.yaml` (data with its source), then from the ISO 3166 names and
their iso-codes translations.
"""

from __future__ import annotations

import csv
import datetime as dt
import gettext
import io
import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

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


UN_TAXONOMY = "un_names.csv"
"""The name columns of the OCHA taxonomy (UNTERM and M49 names), kept beside this module."""
_UN_COLUMNS = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian",
               "zh": "Chinese", "ar": "Arabic"}


@cache
def un_names() -> dict[str, dict[str, str]]:
    """ISO numeric code (no zero padding) → language → UN official short name."""
    text = resources.files("generator.instrument").joinpath(UN_TAXONOMY).read_text(encoding="utf-8")
    out: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code = row.get("m49 numerical code", "").strip()
        if not code.isdigit() or row.get("Deprecated") == "Y":
            continue
        names = {lang: (row.get(f"{col} Short") or row.get(f"M49 {col}") or "").strip()
                 for lang, col in _UN_COLUMNS.items()}
        out[str(int(code))] = {lang: name for lang, name in names.items() if name}
    return out


@cache
def name_overrides() -> dict[str, dict[str, str]]:
    """Names kept as data where the UN lists give none (country_names.yaml)."""
    text = resources.files("generator.instrument").joinpath("country_names.yaml").read_text(
        encoding="utf-8")
    data: dict[str, dict[str, str]] = yaml.safe_load(text) or {}
    return {str(int(code)): names for code, names in data.items()}


def country_name(code: str, language: str) -> str:
    """The UN official short name of a country in a language; for a language the UN does not
    publish in, the ISO 3166 name in the iso-codes translation (English when none)."""
    country = _country(code)
    if country is None:
        raise LookupError(code)
    numeric = str(int(country.numeric))
    lang = language.split("-")[0]
    for source in (un_names(), name_overrides()):
        found = source.get(numeric, {}).get(lang)
        if found:
            return found
    return str(_translator("iso3166-1", lang).gettext(country.name))


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


CURRENCY_DATE = dt.date(2026, 1, 1)
"""The day on which a currency must be legal tender somewhere to be listed (fixed, so that
builds are reproducible; move it when the bank is revised)."""


@cache
def circulating_currencies() -> tuple[str, ...]:
    """ISO 4217 codes that are legal tender in some territory (CLDR through babel): no
    funds, precious metals, testing or bond units."""
    from babel.core import get_global
    from babel.numbers import get_territory_currencies

    found: set[str] = set()
    for territory in get_global("territory_currencies"):
        found.update(get_territory_currencies(territory, start_date=CURRENCY_DATE, tender=True))
    return tuple(sorted(found))


def currency_name(code: str, language: str) -> str:
    """The CLDR name of a currency in a language (babel), e.g. 'شلن كينيي'."""
    from babel.numbers import get_currency_name

    try:
        return str(get_currency_name(code, locale=language.replace("-", "_")))
    except (ValueError, LookupError):  # a language CLDR does not have
        return str(get_currency_name(code, locale="en"))


def currency_choices(languages: list[str], first: str | None = None) -> list[Choice]:
    """Every circulating currency coded by its ISO 4217 code; `first` leads the list."""
    out = [Choice(code=code, label={lang: f"{currency_name(code, lang)} ({code})"
                                    for lang in languages})
           for code in circulating_currencies()]
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

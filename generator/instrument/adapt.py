"""Country adaptation as data: placeholder values, currency, reference dates, code lists."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from generator.bank.model import (
    Bank,
    Choice,
    CountryText,
    DatedText,
    GeneratedList,
    foreign_script,
)
from generator.instrument.names import named
from generator.issues import Issue, Location, issue

PLACEHOLDER = re.compile(r"(?<!\$)\{([A-Za-z_][A-Za-z0-9_]*)\}")
Texts = dict[str, dict[str, str]]
"""Placeholder name → language → text."""


@dataclass(frozen=True, slots=True)
class Country:
    numeric: str
    alpha2: str
    alpha3: str
    names: dict[str, str]
    currency: str | None
    """ISO 4217 code of the country's current currency (babel), if it has one."""


def resolve(code: str, langs: list[str]) -> tuple[Country | None, list[Issue]]:
    """The survey country from an ISO 3166-1 code, with its names and currency."""
    from generator.instrument.countries import country_name, resolve_country

    try:
        numeric, alpha3, alpha2 = resolve_country(code)
    except LookupError:
        return None, [issue("REF013", f"unknown country '{code}'", Location("--country"))]
    from babel.numbers import get_territory_currencies

    currencies = get_territory_currencies(alpha2)
    return Country(numeric, alpha2, alpha3, {lang: country_name(numeric, lang) for lang in langs},
                   currencies[0] if currencies else None), []


def placeholder_values(bank: Bank, langs: list[str], country: Country | None,
                       reference: dt.date | None) -> Texts:
    """The text of every placeholder in every language for this build (a language the bank
    gives no placeholder text for, e.g. one a project added, takes the default language's)."""
    out = _placeholder_values(bank, langs, country, reference)
    first = bank.meta.default_language
    base = out if first in langs else _placeholder_values(bank, [first], country, reference)
    for name, texts in out.items():
        for lang in langs:
            if not texts.get(lang):
                texts[lang] = base.get(name, {}).get(first, "")
    return out


def _name(country: Country, lang: str) -> str:
    """The country's name in `lang` (also in the default language when the build lacks it)."""
    from generator.instrument.countries import country_name

    return country.names.get(lang) or country_name(country.numeric, lang)


def _placeholder_values(bank: Bank, langs: list[str], country: Country | None,
                        reference: dt.date | None) -> Texts:
    out: Texts = {}
    for name, text in bank.meta.placeholders.items():
        if isinstance(text, DatedText):
            out[name] = _dated(text, langs, reference)
        elif isinstance(text, CountryText):
            out[name] = ({lang: text.default.get(lang, "") for lang in langs} if country is None
                         else {lang: text.named.get(lang, "").replace("{name}",
                                                                     _name(country, lang))
                               for lang in langs})
        else:
            out[name] = {lang: text.get(lang, "") for lang in langs}
    if country is not None:
        if not isinstance(bank.meta.placeholders.get("country"), CountryText):
            out["country"] = dict(country.names)
        if country.currency:
            out["currency"] = {lang: currency_text(country.currency, lang) for lang in langs}
        kind = subdivision_kind(country.alpha2)
        if kind and "en" in langs and "region" in out:  # ISO 3166-2 names types in English
            out["region"] = {**out["region"], "en": kind.lower()}
    return out


def subdivision_kind(alpha2: str) -> str | None:
    """The ISO 3166-2 type of a country's top-level subdivisions ('County'), if only one."""
    import pycountry

    found = pycountry.subdivisions.get(country_code=alpha2) or []  # type: ignore[no-untyped-call]
    kinds = {s.type for s in found if s.parent_code is None}
    return kinds.pop() if len(kinds) == 1 else None


def currency_text(code: str, lang: str) -> str:
    """'Kenyan shillings (KES)' in the language's own words (babel/CLDR)."""
    from babel import Locale
    from babel.numbers import get_currency_name

    # the plural name ("shillings"), except where 2 takes a dual form (Arabic)
    count = None if Locale.parse(lang).plural_form(2) == "two" else 2
    return f"{get_currency_name(code, count=count, locale=lang)} ({code})"


def _dated(text: DatedText, langs: list[str], reference: dt.date | None) -> dict[str, str]:
    if reference is None:
        return {lang: text.default.get(lang, "") for lang in langs}
    from babel.dates import format_date

    day = _years_before(reference, text.years_before)
    return {lang: text.dated.get(lang, "").replace("{date}", format_date(day, "long",
                                                                        locale=lang))
            for lang in langs}


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def fill(text: dict[str, str], langs: list[str], values: Texts) -> dict[str, str]:
    """Text per language with `{placeholder}`s replaced (unknown ones left as written)."""
    def one(lang: str) -> str:
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), {}).get(lang, m.group(0)),
                               text.get(lang, ""))

    return {lang: one(lang) for lang in langs}


def expand(items: list[Choice] | GeneratedList, langs: list[str], values: Texts,
           country: Country | None,
           names: Mapping[str, Mapping[str, str]] | None = None) -> list[Choice] | None:
    """A list's choices for this build; None for a subdivision list without a country.
    `names` gives generated entries' names where the reference source lacks them."""
    if isinstance(items, GeneratedList):
        listed = _generated(items.generate, langs, country)
        if listed is None:
            return None
        listed = [*named(listed, names or {}), *items.extra]
    else:
        listed = list(items)
    return [Choice(code=c.code, label=fill(c.label, langs, values), recode=c.recode)
            for c in listed]


def _generated(kind: str, langs: list[str], country: Country | None) -> list[Choice] | None:
    from generator.instrument import countries

    if kind == "countries":
        exclude = frozenset({country.numeric}) if country else frozenset()
        return countries.country_choices(langs, exclude)
    if kind == "currencies":
        first = country.currency if country else None
        return countries.currency_choices(langs, first)
    if country is None:
        return None
    return countries.subdivision_choices(country.alpha2, langs)


def script_issues(bank: Bank, lists: dict[str, list[Choice] | None], langs: list[str]
                  ) -> list[Issue]:
    """Generated names (countries, currencies) in a right-to-left column that are not in
    its script: an error where a Latin-script name stands as the translation, a warning
    listing those left in the default language because no translation exists."""
    out: list[Issue] = []
    first = bank.meta.default_language
    for name, listed in lists.items():
        items = bank.choices.get(name)
        if (listed is None or not isinstance(items, GeneratedList)
                or items.generate == "subdivisions"):  # ISO 3166-2 names: no Arabic yet
            continue
        reserved = {c.value for c in items.extra}
        for lang in langs:
            bad = [c for c in listed if c.value not in reserved
                   and foreign_script(c.label.get(lang, ""), lang)]
            untranslated = [c for c in bad if c.label.get(lang) == c.label.get(first)]
            latin = [c for c in bad if c not in untranslated]
            where = Location(f"choices.{name}")
            if latin:
                out.append(issue("TRN008", f"{len(latin)} {items.generate} name(s) of list "
                                 f"'{name}' in the {lang} column are in Latin script: "
                                 + ", ".join(f"{c.value} '{c.label[lang]}'" for c in latin[:10]),
                                 where))
            if untranslated:
                out.append(issue("TRN009", f"{len(untranslated)} {items.generate} name(s) of "
                                 f"list '{name}' have no {lang} translation: "
                                 + ", ".join(f"{c.value} '{c.label[lang]}'"
                                             for c in untranslated[:10]), where))
    return out

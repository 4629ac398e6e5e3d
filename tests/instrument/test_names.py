"""Country and currency names from authoritative data; no Latin script in Arabic columns.

Country names are the UN official short names (UNTERM/M49) in every bank language;
currencies are the ISO 4217 codes in circulation with their CLDR names. A Latin-script text
in a right-to-left column fails the check (TRN008); a generated name left untranslated is
listed as a warning (TRN009).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator import api
from generator.api import DEFAULT_BANK
from generator.bank.model import Choice, foreign_script
from generator.instrument.adapt import script_issues
from generator.instrument.countries import (
    circulating_currencies,
    country_choices,
    country_name,
    currency_choices,
    name_overrides,
)

LANGS = ["en", "fr", "es", "ar"]


def test_un_official_short_names() -> None:
    assert [country_name("792", lang) for lang in LANGS] == [
        "Türkiye", "Türkiye", "Türkiye", "تركيا"]
    assert country_name("336", "ar") == "الكرسي الرسولي"
    assert country_name("384", "es") == "Côte d\u2019Ivoire"  # the UN typographic apostrophe
    assert [country_name("104", lang) for lang in ("fr", "es")] == ["Myanmar", "Myanmar"]
    assert [country_name("626", lang) for lang in ("en", "fr", "es")] == ["Timor-Leste"] * 3
    assert country_name("410", "en") == "Republic of Korea"
    assert country_name("408", "en") == "Democratic People's Republic of Korea"
    assert country_name("826", "fr") == "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord"


def test_names_the_un_lists_lack_come_from_data_with_a_source() -> None:
    overrides = name_overrides()
    assert all(entry.get("source") for entry in overrides.values())
    assert country_name("158", "ar") == overrides["158"]["ar"]
    assert country_name("158", "en") != "Taiwan"


def test_no_latin_script_in_the_arabic_country_and_currency_lists() -> None:
    countries = country_choices(LANGS)
    assert len(countries) == 249
    assert not [c.label["ar"] for c in countries if foreign_script(c.label["ar"], "ar")]
    currencies = currency_choices(LANGS)
    assert not [c.label["ar"] for c in currencies if foreign_script(c.label["ar"], "ar")]


def test_only_circulating_currencies() -> None:
    codes = set(circulating_currencies())
    assert {"KES", "USD", "EUR", "XOF", "SAR", "INR"} <= codes
    # gold, silver, testing, no currency, bond and fund units are not money anyone is paid in
    assert not codes & {"XAU", "XAG", "XPT", "XPD", "XTS", "XXX", "XBA", "XBB", "XDR", "USN",
                        "CLF", "BOV", "CHE", "CHW", "MXV", "COU", "UYI"}
    assert len(codes) < 170
    kes = next(c for c in currency_choices(LANGS, "KES"))
    assert kes.label == {"en": "Kenyan Shilling (KES)", "fr": "shilling kényan (KES)",
                         "es": "chelín keniano (KES)", "ar": "شلن كينيي (KES)"}


def test_foreign_script_ignores_references_and_placeholders() -> None:
    assert foreign_script("Türkiye", "ar")
    assert not foreign_script("هل وُلد ${member_name} في {country}؟", "ar")
    assert not foreign_script("${member_name}", "ar")  # no letters of its own
    assert not foreign_script("Türkiye", "fr")


def test_latin_label_in_an_arabic_column_fails_the_check(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(DEFAULT_BANK, bank)
    core = bank / "person_core.yaml"
    text = core.read_text(encoding="utf-8")
    arabic = '      ar: "مولود في الخارج"\n'
    assert text.count(arabic) == 1
    core.write_text(text.replace(arabic, '      ar: "Foreign-born"\n'), encoding="utf-8")
    report = api.check(bank).report
    found = [i for i in report.errors if i.code == "TRN008"]
    assert len(found) == 1 and not report.valid
    line = text[:text.index(arabic)].count("\n") + 1
    assert found[0].loc is not None and (Path(found[0].loc.file).name, found[0].loc.line) == (
        "person_core.yaml", line)


def test_generated_names_in_latin_script_or_untranslated() -> None:
    checked = api.check(DEFAULT_BANK)
    assert checked.bank is not None
    lists: dict[str, list[Choice] | None] = {"countries": [
        Choice(code=792, label={"en": "Türkiye", "ar": "Türkiye (ar)"}),
        Choice(code=4, label={"en": "Afghanistan", "ar": "Afghanistan"}),
        Choice(code=991, label={"en": "Abroad", "ar": "Abroad"}),  # reserved codes: bank text
    ]}
    found = script_issues(checked.bank, lists, ["en", "ar"])
    assert [(i.code, i.severity.value) for i in found] == [("TRN008", "error"),
                                                          ("TRN009", "warning")]
    assert "792" in found[0].message and "4 'Afghanistan'" in found[1].message

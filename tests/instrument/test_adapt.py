"""Country adaptation: placeholders, currency, subdivisions, reference dates, parameters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator import BuildOptions, api
from generator.instrument.adapt import currency_text, resolve, subdivision_kind
from generator.instrument.compile import compile_instrument
from generator.instrument.countries import country_choices, currency_choices, subdivision_choices
from tests.conftest import BANKS


def test_country_resolves_from_any_iso_code() -> None:
    for code in ("KEN", "KE", "404", "ken"):
        country, found = resolve(code, ["en", "fr"])
        assert not found and country is not None
        assert (country.numeric, country.alpha3, country.currency) == ("404", "KEN", "KES")
        assert country.names == {"en": "Kenya", "fr": "Kenya"}


def test_unknown_country_is_an_error() -> None:
    country, found = resolve("XYZ", ["en"])
    assert country is None and [i.code for i in found] == ["REF013"]


def test_currency_in_each_language() -> None:
    assert currency_text("KES", "en") == "Kenyan shillings (KES)"
    assert currency_text("MXN", "es") == "pesos mexicanos (MXN)"
    assert currency_text("EUR", "fr") == "euros (EUR)"
    assert "(MAD)" in currency_text("MAD", "ar")


def test_country_list_names_in_every_language_and_survey_country_removed() -> None:
    choices = country_choices(["en", "ar"], exclude=frozenset({"404"}))
    by_code = {c.value: c for c in choices}
    assert "404" not in by_code
    assert by_code["250"].label == {"en": "France", "ar": "فرنسا"}
    assert len(choices) == 248


def test_subdivisions_and_their_kind() -> None:
    counties = subdivision_choices("KE", ["en"])
    assert len(counties) == 47 and all(c.value.startswith("KE-") for c in counties)
    assert subdivision_kind("KE") == "County"


def test_currency_list_leads_with_the_local_currency() -> None:
    first = currency_choices(["en"], "KES")[0]
    assert first.value == "KES" and first.label["en"] == "Kenyan Shilling (KES)"


@pytest.fixture
def mini() -> api.CheckResult:
    return api.check(BANKS / "mini")


def test_country_fills_placeholders_in_every_language(mini: api.CheckResult) -> None:
    assert mini.bank is not None
    inst, found = compile_instrument(mini.bank, BuildOptions(country="SEN"))
    assert inst is not None and not found
    born = next(it for it in inst.items() if it.name == "born_here")
    assert born.texts["label"] == {"en": "Was ${member_name} born in Senegal?",
                                   "fr": "${member_name} est-il né dans Sénégal ?"}
    assert inst.form_id == "mini_sen_extended"


def test_reference_date_sets_parameters(tmp_path: Path) -> None:
    from generator.api import DEFAULT_BANK

    checked = api.check(DEFAULT_BANK)
    if checked.bank is None:
        pytest.fail(checked.report.to_text())
    options = BuildOptions(country="KEN", reference_date=dt.date(2027, 3, 15))
    inst, found = compile_instrument(checked.bank, options)
    assert inst is not None and not found
    items = {it.name: it for it in inst.items()}
    assert items["ref_year"].calculation == "2027"
    assert items["ref_month"].calculation == "3"
    assert items["residence_5y"].texts["label"]["en"] == \
        "Where did ${member_name} usually live on March 15, 2022?"
    assert items["residence_5y"].texts["label"]["fr"].endswith("le 15 mars 2022 ?")
    assert items["hh_region"].texts["label"]["en"] == "In which county of Kenya is this household?"
    assert items["hh_region"].xls_type == "select_one region"
    assert "Kenyan shillings (KES)" in items["remit_amount"].texts["hint"]["en"]
    without = compile_instrument(checked.bank, BuildOptions())[0]
    assert without is not None
    plain = {it.name: it for it in without.items()}
    assert plain["hh_region"].xls_type == "text"  # no country: a write-in
    assert "region" not in without.choices
    assert plain["ref_year"].calculation == "format-date(today(), '%Y')"
    assert plain["residence_5y"].texts["label"]["en"] == \
        "Where did ${member_name} usually live five years ago?"

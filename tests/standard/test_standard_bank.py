"""The standard bank: clean under the checker, buildable in every language, tier and for
countries on every continent, each XForm accepted by ODK Validate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from generator import BuildOptions, api
from generator.bank.model import Tier
from tests.conftest import STANDARD_BANK, odk_validate

LANGUAGES = ("en", "fr", "es", "ar")
COUNTRIES = ("KEN", "MEX", "PHL", "DEU", "AUS", "MAR")  # Africa, Americas, Asia, Europe, Oceania


def test_standard_bank_is_clean() -> None:
    result = api.check(STANDARD_BANK)
    assert result.report.issues == [], result.report.to_text()


def build(tmp: Path, options: BuildOptions) -> etree._Element:
    result = api.build(STANDARD_BANK, options, tmp, ("xlsform", "xform"))
    assert result.report.valid, result.report.to_text()
    xml = next(p for p in result.written if p.suffix == ".xml")
    odk_validate(xml)
    return etree.parse(str(xml)).getroot()


@pytest.mark.parametrize("tier", [Tier.CORE, Tier.EXTENDED])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_and_tier_validates(tmp_path: Path, lang: str, tier: Tier) -> None:
    root = build(tmp_path, BuildOptions(tier=tier, languages=(lang,)))
    translations = root.findall(".//{http://www.w3.org/2002/xforms}translation")
    assert len(translations) in (0, 1)  # a single language needs no itext translations block


@pytest.mark.parametrize("country", COUNTRIES)
def test_country_adaptation_validates(tmp_path: Path, country: str) -> None:
    build(tmp_path, BuildOptions(country=country, reference_date=dt.date(2027, 3, 15)))

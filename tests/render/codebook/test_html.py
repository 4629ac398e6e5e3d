"""The HTML codebook and coverage page, parsed back: anchors, two-way links, RTL blocks."""

from __future__ import annotations

from typing import Any

import lxml.html
import pytest

from generator.instrument.compile import Instrument
from generator.render.codebook.model import Codebook, indicator_anchor
from generator.render.codebook.render import render_codebook_html, render_coverage
from tests.render.codebook.conftest import context


@pytest.fixture(scope="module")
def page(inst_all: Instrument) -> Any:
    out = render_codebook_html(context(inst_all))
    (name,) = out
    assert name == f"{inst_all.form_id}.codebook.html"
    return lxml.html.fromstring(out[name])


def test_every_variable_and_indicator_has_an_anchor(page: Any, cb_all: Codebook) -> None:
    ids = set(page.xpath("//@id"))
    for v in cb_all.variables():
        assert f"var-{v.name}" in ids, v.name
    for ind in cb_all.indicators:
        assert indicator_anchor(ind.id) in ids, ind.id


def test_internal_links_resolve(page: Any) -> None:
    ids = set(page.xpath("//@id"))
    hrefs = page.xpath("//a/@href")
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert [h for h in hrefs if h[1:] not in ids] == []


def test_indicators_and_variables_link_both_ways(page: Any, cb_all: Codebook) -> None:
    for ind in cb_all.indicators:
        (block,) = page.xpath(f"//*[@id='{indicator_anchor(ind.id)}']")
        targets = block.xpath(".//a/@href")
        assert targets == [f"#var-{f.variable}" for f in ind.variables]
        for f in ind.variables:
            (article,) = page.xpath(f"//article[@id='var-{f.variable}']")
            assert f"#{indicator_anchor(ind.id)}" in article.xpath(".//a/@href")


def test_variable_shows_every_language_and_its_fields(page: Any) -> None:
    (article,) = page.xpath("//article[@id='var-born_here']")
    text = article.text_content()
    assert "P01" in text and "select_one yes_no_dk" in text and "Don't know" in text
    langs = article.xpath(".//span[@class='lang']/@lang")
    assert {"en", "fr", "es", "ar"} <= set(langs)
    arabic = article.xpath(".//span[@lang='ar']")
    assert arabic and all(a.get("dir") == "rtl" for a in arabic)
    assert all(s.get("dir") == "ltr" for s in article.xpath(".//span[@lang='fr']"))


def test_derived_variable_definition_calculation_and_words(page: Any) -> None:
    (article,) = page.xpath("//article[@id='var-recent_migrant']")
    text = article.text_content()
    assert "${months_since_arrival} < 60" in text  # the calculation as written in the bank
    assert "less than 60 months" in text  # the definition in words
    assert "INTL MIGRANT is 0" in text  # the calculation in plain words


def test_codebook_states_the_derived_variable_convention(page: Any) -> None:
    (note,) = page.xpath("//p[contains(@class, 'convention')]")
    text = note.text_content()
    assert "0 = known no" in text and "structural reason" in text
    assert "empty only when an input needed to decide" in text


def test_universe_and_long_code_lists(page: Any) -> None:
    (article,) = page.xpath("//article[@id='var-country_birth']")
    text = article.text_content()
    assert "BORN HERE (P01) is 'No'" in text and "${born_here} = '2'" in text
    assert "#list-countries" in article.xpath(".//a/@href")
    (countries,) = page.xpath("//*[@id='list-countries']")
    assert len(countries.xpath(".//tr")) > 240


def test_search_box_and_inline_assets_only(page: Any) -> None:
    assert page.xpath("//input[@id='search']")
    script = " ".join(page.xpath("//script/text()"))
    assert "data-search" in script
    assert not page.xpath("//script/@src | //link[@rel='stylesheet'] | //img")
    style = " ".join(page.xpath("//style/text()"))
    assert "@page" in style and "counter(pages)" in style and "A4" in style


def test_coverage_page_lists_every_catalogue_indicator(inst_all: Instrument) -> None:
    out = render_coverage(context(inst_all))
    page = lxml.html.fromstring(out[f"{inst_all.form_id}.coverage.html"])
    rows = page.xpath("//table[@class='coverage']/tbody/tr/@id")
    assert rows == [indicator_anchor(i) for i in inst_all.bank.indicators]
    (row,) = page.xpath(f"//tr[@id='{indicator_anchor('10.7.1')}']")
    assert "fed directly" in row.text_content()
    codebook = f"{inst_all.form_id}.codebook.html"
    assert f"{codebook}#var-rc_cost_months" in row.xpath(".//a/@href")
    heads = page.xpath("//th[@class='var']/a/@href")
    assert f"{codebook}#var-rc_cost_months" in heads
    ids = set(page.xpath("//@id"))
    local = [h for h in page.xpath("//a/@href") if h.startswith("#")]
    assert local and all(h[1:] in ids for h in local)
    codebook_page = lxml.html.fromstring(render_codebook_html(context(inst_all))[codebook])
    anchors = set(codebook_page.xpath("//@id"))
    assert all(h.split("#")[1] in anchors for h in page.xpath("//a/@href")
               if h.startswith(codebook))

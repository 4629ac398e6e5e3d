"""Stata, SPSS and R label scripts."""

from __future__ import annotations

from generator.render.codebook.model import Codebook
from generator.render.codebook.scripts import label_sets, r_script, spss_syntax, stata_do


def test_stata_do(cb_en: Codebook) -> None:
    do = stata_do(cb_en)
    assert "label define yes_no_dk 1 `\"Yes\"' 2 `\"No\"' 8 `\"Don't know\"', replace" in do
    assert "capture label values born_here yes_no_dk" in do
    assert "capture label variable born_here `\"Was (MEMBER_NAME) born in Kenya?\"'" in do
    assert "label define arrival_year 9998 `\"Don't know\"', replace" in do
    countries = [li for li in do.splitlines() if li.startswith("label define countries ")]
    assert len(countries) > 5 and countries[1].endswith(", add")  # 20 codes a line
    assert "capture label values remit_uses" not in do  # select_multiple: text


def test_spss_syntax(cb_en: Codebook) -> None:
    sps = spss_syntax(cb_en)
    assert "VARIABLE LABELS born_here 'Was (MEMBER_NAME) born in Kenya?'." in sps
    assert "VALUE LABELS born_here\n  1 'Yes'\n  2 'No'\n  8 'Don''t know'." in sps
    assert "MISSING VALUES born_here (8)." in sps
    assert sps.rstrip().endswith("EXECUTE.")
    assert all(len(line.encode()) < 256 for line in sps.splitlines())


def test_r_script(cb_all: Codebook) -> None:
    r = r_script(cb_all, "ar")
    assert 'yes_no_dk = c("نعم" = 1, "لا" = 2, "لا يعرف" = 8)' in r
    assert "migmod_apply_labels <- function(df)" in r
    assert 'born_here = list(label = ' in r and 'values = "yes_no_dk"' in r
    assert r.count("(") == r.count(")")


def test_label_sets_numeric_codes_only(cb_en: Codebook) -> None:
    sets, of = label_sets(cb_en)
    assert "currencies" not in sets and "rc_cost_currency" not in of
    assert of["arrival_year"] == "arrival_year" and of["born_here"] == "yes_no_dk"

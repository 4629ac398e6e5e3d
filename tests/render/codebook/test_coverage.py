"""SDG coverage: every catalogue indicator, how the selection feeds it, what is missing."""

from __future__ import annotations

import csv
import io

from generator.bank.model import Bank
from generator.instrument.compile import Instrument
from generator.render.codebook.coverage import compute_coverage, coverage_text, matrix_rows
from generator.render.codebook.tabular import csv_bytes
from tests.render.codebook.conftest import compile_


def test_every_catalogue_indicator_is_listed(inst_en: Instrument, bank: Bank) -> None:
    cov = compute_coverage(inst_en)
    assert [i.id for i in cov.indicators] == list(bank.indicators)
    text = coverage_text(cov)
    for ind in bank.indicators:
        assert f"\n{ind} " in text
    assert sum(cov.counts().values()) == len(bank.indicators)


def test_extended_tier_feeds_10_7_1_directly(inst_en: Instrument) -> None:
    cov = compute_coverage(inst_en)
    ind = next(i for i in cov.indicators if i.id == "10.7.1")
    assert ind.status == "direct" and not ind.missing
    assert {"rc_cost_months", "rc_earnings", "rc_cost_total"} <= {
        f.variable for f in ind.fed_by if f.role == "input"}
    assert next(i for i in cov.indicators if i.id == "10.c.1").status == "complementary"
    # 10.7.4 is compiled by UNHCR by country of origin: a survey only complements it
    assert next(i for i in cov.indicators if i.id == "10.7.4").status == "complementary"
    assert "rc_target" in {f.variable for f in ind.fed_by if f.role == "input"}


def test_core_selection_names_the_labour_migration_block(inst_core: Instrument) -> None:
    cov = compute_coverage(inst_core)
    ind = next(i for i in cov.indicators if i.id == "10.7.1")
    assert ind.status == "uncovered" and not ind.fed_by
    labour = next(b for b in ind.missing if b.module == "labour_migration")
    assert labour.tier == "extended" and labour.role == "input"
    assert "rc_cost_months" in labour.variables
    line = next(li for li in coverage_text(cov, width=400).splitlines()
                if li.startswith("10.7.1"))
    assert "not covered" in line and "labour_migration (extended tier)" in line


def test_indicators_the_bank_never_links(inst_en: Instrument) -> None:
    cov = compute_coverage(inst_en)
    by_id = {i.id: i for i in cov.indicators}
    assert by_id["10.7.2"].status == "uncovered" and by_id["10.7.2"].note == "not_hh"
    assert "not household-survey based" in coverage_text(cov)
    assert by_id["6.1.1"].note == "host_survey"  # a host-survey indicator nothing links


def test_module_selection_lists_what_other_modules_add(bank: Bank) -> None:
    inst = compile_(bank, modules=("person_core",), languages=("en",))
    cov = compute_coverage(inst)
    ind = next(i for i in cov.indicators if i.id == "10.3.1")
    assert ind.status == "uncovered"
    assert [b.module for b in ind.missing] == ["intentions"]


def test_matrix_csv(inst_en: Instrument) -> None:
    cov = compute_coverage(inst_en)
    data = csv_bytes(matrix_rows(cov)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    header = rows[0]
    assert header[:5] == ["indicator", "name_en", "kind", "status", "missing"]
    assert len(rows) == 1 + len(cov.indicators)
    row = next(r for r in rows if r[0] == "10.7.1")
    assert row[header.index("rc_cost_months")] == "D"
    assert row[header.index("return_migrant_worker")] == "D"  # a target-population filter
    assert set(header[5:]) == set(cov.variables)

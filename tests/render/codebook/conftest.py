"""Fixtures of the codebook tests: the standard bank compiled once, in English and in every
language, and the outputs of each codebook renderer."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.api import DEFAULT_BANK, check
from generator.bank.model import Bank, Tier
from generator.instrument.compile import BuildOptions, Instrument, compile_instrument
from generator.render import RenderContext
from generator.render.codebook.build import build_codebook
from generator.render.codebook.model import Codebook
from tests.render.codebook.submissions import REFERENCE_DATE

TIMESTAMP = 1_767_225_600  # 2026-01-01T00:00:00Z
TESTS_DIR = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def bank() -> Bank:
    result = check(DEFAULT_BANK)
    assert result.bank is not None, result.report.to_text()
    return result.bank


def compile_(bank: Bank, **options: object) -> Instrument:
    inst, found = compile_instrument(bank, BuildOptions(**options))  # type: ignore[arg-type]
    assert inst is not None, found
    return inst


@pytest.fixture(scope="session")
def inst_en(bank: Bank) -> Instrument:
    """Extended tier, Kenya, English, reference date of the routing scenarios."""
    return compile_(bank, country="KEN", languages=("en",), reference_date=REFERENCE_DATE)


@pytest.fixture(scope="session")
def inst_all(bank: Bank) -> Instrument:
    """Extended tier, no country, every language of the bank (Arabic included)."""
    return compile_(bank)


@pytest.fixture(scope="session")
def inst_core(bank: Bank) -> Instrument:
    return compile_(bank, tier=Tier.CORE, languages=("en",))


@pytest.fixture(scope="session")
def cb_en(inst_en: Instrument) -> Codebook:
    return build_codebook(inst_en, TIMESTAMP)


@pytest.fixture(scope="session")
def cb_all(inst_all: Instrument) -> Codebook:
    return build_codebook(inst_all, TIMESTAMP)


def context(inst: Instrument) -> RenderContext:
    return RenderContext(inst, lambda name: None, TIMESTAMP)

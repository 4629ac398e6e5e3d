"""Fixtures of the labelling tests: the codebook fixtures of the codebook tests."""

from tests.render.codebook.conftest import bank, cb_en, inst_en

__all__ = ["bank", "cb_en", "inst_en"]

"""Codebooks for analysts: one view model of a compiled instrument, rendered as HTML, CSV,
JSON and DDI-Codebook 2.5; SDG coverage of a selection; labelled data from an export.

Renderer entry points (`render_codebook_html` …) live in `generator.render.codebook.render`.
"""

from generator.render.codebook.build import build_codebook
from generator.render.codebook.coverage import (
    Coverage,
    IndicatorCoverage,
    compute_coverage,
    coverage_text,
)
from generator.render.codebook.model import SCHEMA_ID, SCHEMA_VERSION, Codebook, Variable
from generator.render.codebook.tabular import load_codebook

__all__ = [
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "Codebook",
    "Coverage",
    "IndicatorCoverage",
    "Variable",
    "build_codebook",
    "compute_coverage",
    "coverage_text",
    "load_codebook",
]

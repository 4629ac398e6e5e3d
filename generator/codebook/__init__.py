"""Codebooks for analysts: one view model of a compiled instrument, rendered as HTML, CSV,
JSON and DDI-Codebook 2.5; SDG coverage of a selection; labelled data from an export.

Renderer entry points (`render_codebook_html` …) live in `generator.codebook.render`.
"""

from generator.codebook.build import build_codebook
from generator.codebook.coverage import Coverage, IndicatorCoverage, compute_coverage, coverage_text
from generator.codebook.label import LabelResult, label_export
from generator.codebook.model import SCHEMA_ID, SCHEMA_VERSION, Codebook, Variable
from generator.codebook.tabular import load_codebook

__all__ = [
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "Codebook",
    "Coverage",
    "IndicatorCoverage",
    "LabelResult",
    "Variable",
    "build_codebook",
    "compute_coverage",
    "coverage_text",
    "label_export",
    "load_codebook",
]

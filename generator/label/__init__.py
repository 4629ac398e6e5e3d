"""Labelled data: field exports read, checked against the codebook, derived variables
recomputed, written as Stata, SPSS and Parquet."""

from generator.label.book import read_codebook
from generator.label.label import LabelResult, label_export

__all__ = ["LabelResult", "label_export", "read_codebook"]

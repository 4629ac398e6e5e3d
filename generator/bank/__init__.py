"""LOAD + VALIDATE: YAML read with positions, pydantic models, the merged Bank; bank diffs."""

from generator.bank.load import LoadResult, Origins, bank_files, load_bank, schema_issues

__all__ = ["LoadResult", "Origins", "bank_files", "load_bank", "schema_issues"]

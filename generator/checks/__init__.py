"""Every check of a loaded bank, run in one pass."""

from __future__ import annotations

from generator.bank import Origins
from generator.bank.model import Bank
from generator.checks.codes import check_codes
from generator.checks.index import BankIndex
from generator.checks.logic import check_logic
from generator.checks.reach import check_reach
from generator.checks.structure import check_structure
from generator.checks.translations import check_translations
from generator.instrument.profiles import profile_issues
from generator.issues import Issue

__all__ = ["BankIndex", "run_checks"]


def run_checks(bank: Bank, origins: Origins,
               languages: tuple[str, ...] = ()) -> tuple[BankIndex, list[Issue]]:
    """Run every check; return the index (reused by later stages) and all issues.

    `languages` limits the translation check to the languages a project builds.
    """
    index = BankIndex.build(bank, origins)
    found = [*check_structure(index), *check_logic(index),
             *check_translations(index, languages), *check_codes(index),
             *profile_issues(bank, lambda pid, sub: origins.locate(
                 origins.profiles[pid][0], (*origins.profiles[pid][1], *sub)))]
    if not any(i.code in ("LOG001", "REF001", "LOG005") for i in found):
        found.extend(check_reach(index))
    return index, found

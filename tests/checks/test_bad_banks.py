"""Every kind of bank mistake gives the exact code, file, line and column (data-driven)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import api
from tests.conftest import TESTS

CASES: list[dict[str, Any]] = yaml.safe_load(
    (TESTS / "cases" / "bad_banks.yaml").read_text(encoding="utf-8"))


def apply(bank: Path, case: dict[str, Any]) -> None:
    target = bank / case["file"]
    if "write" in case:
        target.write_text(case["write"], encoding="utf-8")
        return
    text = target.read_text(encoding="utf-8")
    assert text.count(case["find"]) == 1, f"'find' must match once in {case['file']}"
    if "raw" in case:
        head, tail = text.split(case["find"])
        target.write_bytes(head.encode() + case["raw"].encode("latin-1") + tail.encode())
    else:
        target.write_text(text.replace(case["find"], case["replace"]), encoding="utf-8")


def found(bank: Path) -> list[str]:
    report = api.check(bank).report
    out = []
    for i in report.sorted():
        assert i.loc is not None, i
        out.append(f"{i.code} {Path(i.loc.file).name}:{i.loc.line}:{i.loc.col}")
    return sorted(out)


def test_mini_bank_is_clean(mini_bank: Path) -> None:
    assert found(mini_bank) == []


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 25
    codes = {e.split()[0] for c in CASES for e in c["expect"]}
    assert len(codes) >= 35


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_bank(mini_bank: Path, case: dict[str, Any]) -> None:
    apply(mini_bank, case)
    assert found(mini_bank) == sorted(case["expect"])

"""Routing scenarios: tests/cases/routing.yaml plus one file per topic (routing_<topic>.yaml).

Whole households live in routing_households.yaml and are read separately.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CASES_DIR = Path(__file__).parent / "cases"
HOUSEHOLDS_FILE = "routing_households.yaml"


def scenario_files() -> list[Path]:
    """routing.yaml first, then the topic files in name order."""
    topics = sorted(p for p in CASES_DIR.glob("routing_*.yaml") if p.name != HOUSEHOLDS_FILE)
    return [CASES_DIR / "routing.yaml", *topics]


def load_scenarios() -> list[dict[str, Any]]:
    """Every one-respondent scenario of every scenario file."""
    out: list[dict[str, Any]] = []
    for path in scenario_files():
        out.extend(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out

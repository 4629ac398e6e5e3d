"""Play cases on ODK's own form engine (@getodk/xforms-engine, run headless by Node).

`tests/engine/run.mjs` does the playing; this module installs it (`npm ci` in tests/engine
when its node_modules are missing or older than the lock file), builds the XForm with
`generator.api.build`, sends all cases to Node in one request per process and parses the
results. Only a machine without `node` skips these tests; anything else that goes wrong
(npm missing, install failed, a Node too old for the engine) fails them.
"""

from __future__ import annotations

import fcntl
import functools
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator import BuildOptions
from generator.api import DEFAULT_BANK, build, check
from generator.instrument.compile import Instrument, compile_instrument
from generator.instrument.describe import Walk
from generator.logic import UNKNOWN, evaluate, parse
from generator.logic.values import to_string

ENGINE_DIR = Path(__file__).resolve().parent / "engine"
RUNNER = ENGINE_DIR / "run.mjs"
ENGINE_PACKAGE = ENGINE_DIR / "node_modules" / "@getodk" / "xforms-engine" / "package.json"
NODE_MIN = (20, 19, 3)
"""@getodk/xforms-engine declares node ^20.19.3 || ^22.12.0 || >=24.11.0."""
TODAY = "2026-11-15"
"""The engine's today(): ref_year 2026 and ref_month 11, as the scenarios' context says."""
NODE_FLAGS = ("--max-semi-space-size=32",)
"""The engine allocates heavily while it builds repeat instances; a larger young generation
spends less time in the garbage collector."""

Case = Mapping[str, Any]
"""{"id": str, "answers": {name: value}, "repeats": {repeat name: [{name: value}, ...]}}"""


@dataclass(frozen=True, slots=True)
class Scope:
    """The final state of the top level (repeat None) or of one repeat instance."""

    repeat: str | None
    index: int
    relevant: list[str]
    values: dict[str, str]
    invalid: list[str]
    unused: list[str]


@dataclass(frozen=True, slots=True)
class CaseResult:
    id: str
    ms: int
    error: str | None
    problems: list[str]
    scopes: list[Scope] = field(default_factory=list)

    def top(self) -> Scope:
        return self.scope(None, 0)

    def scope(self, repeat: str | None, index: int) -> Scope:
        for s in self.scopes:
            if s.repeat == repeat and s.index == index:
                return s
        raise KeyError(f"{self.id}: no {repeat or 'top-level'} scope #{index}")

    def instances(self, repeat: str) -> list[Scope]:
        return [s for s in self.scopes if s.repeat == repeat]


def node_executable() -> str:
    """The `node` on PATH, new enough for the engine; skip the test when there is none."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the ODK engine tests need node >= 20.19 "
                    "(and npm) on PATH")
    out = subprocess.run([node, "--version"], capture_output=True, text=True, check=True)
    found = re.match(r"v(\d+)\.(\d+)\.(\d+)", out.stdout.strip())
    version = tuple(int(part) for part in found.groups()) if found else (0, 0, 0)
    assert version >= NODE_MIN, ("@getodk/xforms-engine needs node >= "
                                 f"{'.'.join(map(str, NODE_MIN))}, found {out.stdout.strip()}")
    return node


def ensure_installed() -> None:
    """`npm ci` in tests/engine unless node_modules matches package-lock.json already."""
    lock = ENGINE_DIR / "package-lock.json"
    marker = ENGINE_DIR / "node_modules" / ".package-lock.json"  # written by npm ci
    with open(Path(tempfile.gettempdir()) / "migmod-engine-npm.lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        if (ENGINE_PACKAGE.exists() and marker.exists()
                and marker.stat().st_mtime >= lock.stat().st_mtime):
            return
        npm = shutil.which("npm")
        assert npm, "npm is needed to install tests/engine (npm ci); it comes with Node.js"
        proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ENGINE_DIR,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, \
            f"npm ci in {ENGINE_DIR} failed:\n{proc.stdout}\n{proc.stderr}"
        assert ENGINE_PACKAGE.exists(), f"npm ci did not install {ENGINE_PACKAGE}"


@functools.lru_cache(maxsize=4)
def instrument(options: BuildOptions, bank: Path = DEFAULT_BANK) -> Instrument:
    """The bank checked (no issue) and compiled (no issue) with `options`: the instrument
    the engine's XForm (`build_xform`) is made from, for the Python side of a comparison."""
    result = check(bank)
    assert result.bank is not None and result.report.valid, result.report.to_text()
    compiled, found = compile_instrument(result.bank, options)
    assert compiled is not None and not found, found
    return compiled


@functools.lru_cache(maxsize=4)
def build_xform(options: BuildOptions, bank: Path = DEFAULT_BANK) -> str:
    """The XForm text of a build, made by the same code path as `migmod build`."""
    with tempfile.TemporaryDirectory(prefix="migmod-engine-") as tmp:
        result = build(bank, options, Path(tmp), formats=("xform",), validate=False)
        assert result.report.valid, result.report.to_text()
        xml = [p for p in result.written if p.suffix == ".xml"]
        assert len(xml) == 1, result.written
        return xml[0].read_text(encoding="utf-8")


def play(xform: str, cases: Sequence[Case], *, today: str = TODAY,
         processes: int | None = None) -> dict[str, CaseResult]:
    """Play every case on the ODK engine; results by case id.

    The cases are split over `processes` Node processes run side by side (default:
    $MIGMOD_ENGINE_PROCESSES, else one per CPU, at most 2: each takes up to about 1 GB);
    each loads the form once and plays its share in order.
    """
    node = node_executable()
    ensure_installed()
    ids = [str(c["id"]) for c in cases]
    assert len(set(ids)) == len(ids), "case ids must be unique"
    if not cases:
        return {}
    default = int(os.environ.get("MIGMOD_ENGINE_PROCESSES", "0")) or min(os.cpu_count() or 1, 2)
    workers = max(1, min(processes or default, len(cases)))
    chunks = [list(cases[k::workers]) for k in range(workers)]

    def run(chunk: list[Case]) -> list[dict[str, Any]]:
        request = json.dumps({"xform": xform, "today": today, "cases": chunk})
        proc = subprocess.run([node, *NODE_FLAGS, str(RUNNER)], input=request,
                              capture_output=True, text=True, cwd=ENGINE_DIR, timeout=1800)
        assert proc.returncode == 0, f"run.mjs failed ({proc.returncode}):\n{proc.stderr}"
        results: list[dict[str, Any]] = json.loads(proc.stdout)["results"]
        return results

    with ThreadPoolExecutor(max_workers=workers) as pool:
        raw = [r for rs in pool.map(run, chunks) for r in rs]
    out: dict[str, CaseResult] = {}
    for r in raw:
        scopes = [Scope(s["repeat"], s["index"], s["relevant"], s["values"], s["invalid"],
                        s["unused"]) for s in r["scopes"]]
        out[r["id"]] = CaseResult(r["id"], r["ms"], r["error"], r["problems"], scopes)
    assert set(out) == set(ids), f"run.mjs answered {len(out)} of {len(ids)} cases"
    return out


def as_answer(value: Any) -> str:
    """A Python answer as the engine receives it (integers without '.0')."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def case(case_id: str, answers: Mapping[str, Any] | None = None,
         repeats: Mapping[str, Sequence[Mapping[str, Any]]] | None = None) -> dict[str, Any]:
    """A request case with every value as text."""
    return {
        "id": case_id,
        "answers": {k: as_answer(v) for k, v in (answers or {}).items()},
        "repeats": {name: [{k: as_answer(v) for k, v in inst.items()} for inst in insts]
                    for name, insts in (repeats or {}).items()},
    }


def same_value(got: str, expected: Any) -> bool:
    """'' means blank; numbers compare numerically ('1' equals 1 and 1.0)."""
    if expected == "" or expected is None:
        return got == ""
    try:
        return math.isclose(float(got), float(expected))
    except ValueError:
        return got == str(expected)


def python_value(value: Any) -> str:
    """A value of the Python walk as ODK prints it (integers without '.0')."""
    if value is UNKNOWN:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    return to_string(value)


def unknowable(inst: Instrument, walk: Walk, level: str) -> set[str]:
    """Calculations the Python walk cannot know (indexed-repeat into other members).

    `simulate` stores an unknown calculation as ''; evaluating the calculations again in
    order, keeping UNKNOWN, tells them apart from a known blank.
    """
    env: dict[str, Any] = dict(walk.values)
    out: set[str] = set()
    for block in inst.blocks:
        if block.level.value != level:
            continue
        stack = list(reversed(block.items))
        while stack:
            item = stack.pop()
            stack.extend(reversed(item.children))
            calculation = item.calculation if item.question.kind == "calculate" else None
            if calculation is not None and evaluate(parse(calculation), env) is UNKNOWN:
                env[item.name] = UNKNOWN
                out.add(item.name)
    return out

"""Shared fixtures: sample banks, golden files, ODK Validate."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
"""The test tree: cases/, banks/, golden/, hosts/, schemas/."""
BANKS = ROOT / "tests" / "banks"
STANDARD_BANK = ROOT / "modules"


MARKS: dict[str, tuple[str, ...]] = {
    # module → markers; `slow` modules are left out of the fast lane (`./dev test --fast`)
    "test_engine_routing": ("slow", "engine"),
    "test_engine_properties": ("slow", "engine"),
    "test_engine_roster": ("slow", "engine"),
    "test_paper_pdf": ("slow", "pdf"),
    "test_packaging": ("slow", "java", "pdf"),
    "test_real_hosts": ("slow", "java"),
    "test_synthetic_hosts": ("slow", "java"),
    "test_docs": ("slow",),
    "test_golden": ("slow", "java"),
    "test_xform": ("slow", "java"),
    "test_project": ("slow", "java"),
    "test_cli": ("slow", "java"),
    "test_issue_codes": ("java",),
    "test_standard_bank": ("slow", "java"),
    "test_render": ("pdf",),
    "test_paper_names": ("slow", "pdf"),
    "test_paper_pages": ("slow", "pdf"),
    "test_issue_hosts": ("slow", "java"),
    "test_derived_truth": ("slow", "engine"),
    "test_words": ("slow", "pdf"),
    "test_real_pdf": ("slow", "pdf"),
    "test_columnar": ("slow",),
}
"""Markers by test module, so a test file need not repeat them."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.nodeid.split("::", 1)[0].rsplit("/", 1)[-1].removesuffix(".py")
        for mark in MARKS.get(module, ()):
            item.add_marker(mark)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden from the current outputs")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def mini_bank(tmp_path: Path) -> Path:
    """A writable copy of tests/banks/mini."""
    dst = tmp_path / "bank"
    shutil.copytree(BANKS / "mini", dst)
    return dst


def odk_validate_jar() -> Path:
    import pyxform.validators.odk_validate as odk

    return Path(odk.__file__).parent / "bin" / "ODK_Validate.jar"


def odk_validate(xform: Path) -> str:
    """Run ODK Validate (Java) on an XForm; fail the test with its output if it rejects it."""
    java = shutil.which("java")
    assert java, "Java is required for ODK Validate; run the README's test command"
    proc = subprocess.run([java, "-Djava.awt.headless=true", "-jar", str(odk_validate_jar()),
                           str(xform)], capture_output=True, text=True, timeout=300)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"ODK Validate rejected {xform.name}:\n{output}"
    assert "Xform is valid" in output, output
    return output

"""`pip install` works: the wheel and sdist carry the standard bank and the templates, and an
installed (not editable) migmod checks, builds every core format and attaches from a folder
that has nothing to do with the checkout.

The wheel is built from this checkout (sdist first, then the wheel from the sdist, as pip
does for a source download) and installed without dependencies into a fresh virtual
environment whose dependencies are borrowed from the test environment by a `.pth` line, so
only migmod's own files come from the wheel.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.attach.hosts import standard_host
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None,
         timeout: int = 600) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=timeout)
    assert proc.returncode == 0, f"{args}:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("build", reason="the `build` package is in the dev extras")
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--outdir", out, ROOT, cwd=out)
    return out


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel; returns its bin folder."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv.parent)
    python = venv / "bin" / "python"
    wheel = next(dist.glob("migmod-*.whl"))
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel,
         cwd=venv.parent)
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))",
                     cwd=venv.parent).stdout.strip())
    (site / "borrowed_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv / "bin"


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return env


def test_sdist_and_wheel_carry_the_bank_and_templates(dist: Path) -> None:
    wheel = zipfile.ZipFile(next(dist.glob("migmod-*.whl")))
    names = set(wheel.namelist())
    for yaml in (ROOT / "modules").glob("*.yaml"):
        assert f"generator/_data/modules/{yaml.name}" in names
    for template in (ROOT / "templates").iterdir():
        assert f"generator/_data/templates/{template.name}" in names
    assert "generator/render/codebook/codebook.schema.json" in names
    with tarfile.open(next(dist.glob("migmod-*.tar.gz"))) as sdist:
        members = {m.split("/", 1)[1] for m in sdist.getnames() if "/" in m}
    assert "modules/bank.yaml" in members and "templates/questionnaire.html.j2" in members


def test_installed_migmod_runs_from_an_unrelated_folder(installed: Path, tmp_path: Path) -> None:
    env = _clean_env()
    where = _run(installed / "python", "-c", "import generator; print(generator.__file__)",
                 cwd=tmp_path, env=env).stdout
    assert str(installed.parent) in where, f"imported from the checkout, not the wheel: {where}"
    from generator import __version__

    assert _run(installed / "migmod", "--version", cwd=tmp_path, env=env).stdout.strip() \
        == f"migmod {__version__}"
    checked = _run(installed / "migmod", "check", cwd=tmp_path, env=env)
    assert "ok:" in checked.stderr
    _run(installed / "migmod", "build", "--tier", "core", "--languages", "en",
         "--format", "xlsform,xform,pdf", "--out", "out", cwd=tmp_path, env=env)
    built = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert built == ["migmod_standard_core.questionnaire.en.html",
                     "migmod_standard_core.questionnaire.en.pdf",
                     "migmod_standard_core.xlsx", "migmod_standard_core.xml"]
    host = standard_host(tmp_path)
    _run(installed / "migmod", "attach", host.name, "--out", "attached.xlsx", "--tier", "core",
         cwd=tmp_path, env=env)
    assert (tmp_path / "attached.xlsx").stat().st_size > host.stat().st_size


def test_version_has_one_source() -> None:
    """The package version (generator/__init__.py, read by the build backend) is the
    standard bank's version, so a build prints the version `migmod --version` shows."""
    import yaml

    from generator import __version__

    meta = yaml.safe_load((ROOT / "modules" / "bank.yaml").read_text(encoding="utf-8"))
    assert meta["bank"]["version"] == __version__

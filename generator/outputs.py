"""Where data comes from and how outputs go out: the bank and templates shipped in the
package, reproducible timestamps, atomic writes."""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from pathlib import Path


def shipped(name: str) -> Path:
    """A data folder shipped with migmod (`modules`, `templates`).

    In a wheel the repository's top-level `modules/` and `templates/` are mapped into
    `generator/_data/`; in a source checkout they are read where they are.
    """
    packaged = resources.files("generator").joinpath("_data", name)
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / name


STANDARD_BANK = shipped("modules")
"""The standard bank: the default for every command that reads a bank."""
TEMPLATES = shipped("templates")
"""Jinja2 templates of the printed outputs."""


def source_date_epoch() -> int:
    """Timestamp for outputs: SOURCE_DATE_EPOCH when set, else a fixed date."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else 315532800  # 1980-01-01, the zip epoch


def write_atomically(out_dir: Path, outputs: dict[str, bytes]) -> list[Path]:
    """Write each output to a temporary file, then move them all into place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in sorted(outputs.items()):
            fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            staged.append((Path(tmp_name), out_dir / name))
    except OSError:
        for staged_tmp, _ in staged:
            staged_tmp.unlink(missing_ok=True)
        raise
    umask = os.umask(0)
    os.umask(umask)
    for tmp, final in staged:
        tmp.chmod(0o666 & ~umask)
        os.replace(tmp, final)
    return [final for _, final in staged]

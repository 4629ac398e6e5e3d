"""ODK Validate (Java, shipped inside pyxform) on a generated XForm."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.issues import Issue, Location, issue


def odk_validate_jar() -> Path:
    import pyxform.validators.odk_validate as odk

    return Path(odk.__file__).parent / "bin" / "ODK_Validate.jar"


def odk_validate(xml: bytes, name: str, timeout: int = 600) -> list[Issue]:
    """Run ODK Validate on XForm bytes; its rejection is an OUT004 error. Raises
    subprocess.TimeoutExpired after `timeout` seconds."""
    java = shutil.which("java")
    if java is None:
        return [issue("OUT005", "Java is not installed, so ODK Validate did not run",
                      Location(name))]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(xml)
        proc = subprocess.run([java, "-Djava.awt.headless=true", "-jar",
                               str(odk_validate_jar()), str(path)],
                              capture_output=True, text=True, timeout=timeout)
    output = (proc.stdout + proc.stderr).replace(str(path), name)
    if proc.returncode == 0 and "Xform is valid" in output:
        return []
    lines = [ln.strip() for ln in output.splitlines()
             if ln.strip() and not ln.strip().startswith("at ")]
    detail = "; ".join(ln for ln in lines if "invalid" in ln.lower() or "error" in ln.lower())
    return [issue("OUT004", f"ODK Validate rejected the XForm: {detail or lines[-1:]}",
                  Location(name))]

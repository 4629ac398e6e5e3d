"""The public operations: check a bank, build outputs. The CLI calls only these."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.bank import LoadResult, load_bank
from generator.checks import BankIndex, run_checks
from generator.compile import BuildOptions, Instrument, compile_instrument
from generator.issues import Issue, Location, Report, issue
from generator.model import Bank

if TYPE_CHECKING:
    from generator.attach import AttachOptions, AttachResult
    from generator.overlay import Provenance

FORMATS = ("xlsform", "xform", "pdf", "codebook_html", "codebook_pdf", "codebook_csv",
           "codebook_json", "ddi", "coverage", "scripts")
"""The formats of a default build, in the order they are rendered."""
DEFAULT_BANK = Path(__file__).resolve().parent.parent / "modules"


@dataclass(slots=True)
class CheckResult:
    bank: Bank | None
    report: Report
    index: BankIndex | None
    load: LoadResult
    provenance: Provenance | None = None


@dataclass(slots=True)
class BuildResult:
    report: Report
    instrument: Instrument | None = None
    written: list[Path] = field(default_factory=list)


def check(bank_dir: Path = DEFAULT_BANK, custom: Path | None = None,
          languages: tuple[str, ...] = ()) -> CheckResult:
    """Load and check a bank folder (with a project's overlays in `custom`); every issue is
    collected in one report."""
    loaded = load_bank(bank_dir)
    if loaded.bank is None:
        return CheckResult(None, loaded.report, None, loaded)
    bank = loaded.bank
    provenance = None
    if custom is not None and custom.is_dir():
        from generator.overlay import load_overlays

        bank, provenance, found = load_overlays(custom, bank, loaded.origins,
                                                loaded.report.sources)
        loaded.report.extend(found)
        if not loaded.report.valid:
            return CheckResult(None, loaded.report, None, loaded, provenance)
    index, found = run_checks(bank, loaded.origins, languages)
    loaded.report.extend(found)
    return CheckResult(bank, loaded.report, index, loaded, provenance)


def build(bank_dir: Path, options: BuildOptions, out_dir: Path,
          formats: tuple[str, ...] = FORMATS,
          progress: Callable[[str], None] | None = None, validate: bool = False,
          custom: Path | None = None) -> BuildResult:
    """Check, compile and render; write every output only if all of them succeeded."""
    checked = check(bank_dir, custom, options.languages)
    report = checked.report
    if checked.bank is None or not report.valid:
        return BuildResult(report)
    prov = checked.provenance
    instrument, found = compile_instrument(checked.bank, options,
                                           prov.numbers if prov else None,
                                           prov.origin() if prov else None)
    report.extend(found)
    if instrument is None:
        return BuildResult(report)
    outputs = render(instrument, checked, formats, report, progress)
    if validate:
        from generator.render.validate import odk_validate

        for name in [n for n in outputs if n == f"{instrument.form_id}.xml"]:
            if progress:
                progress("ODK Validate")
            report.extend(odk_validate(outputs[name], name))
    if not report.valid:
        return BuildResult(report, instrument)
    try:
        written = write_atomically(out_dir, outputs)
    except OSError as exc:
        report.extend([issue("OUT003", f"cannot write to {out_dir}: {exc.strerror}",
                             Location(str(out_dir)))])
        return BuildResult(report, instrument)
    return BuildResult(report, instrument, written)


def render(instrument: Instrument, checked: CheckResult, formats: tuple[str, ...],
           report: Report, progress: Callable[[str], None] | None = None) -> dict[str, bytes]:
    """Run the requested renderers into memory: file name → bytes."""
    from generator.render import RENDERERS, RenderContext

    index = checked.index

    def locate(name: str) -> Location | None:
        """Where a question or a choice list named in a pyxform message is defined."""
        if index is None:
            return None
        entry = index.entries.get(name)
        if entry is not None:
            return index.locate(entry, "name")
        if name in index.origins.lists:
            file, path = index.origins.lists[name]
            return index.origins.locate(file, path, key=True)
        return None

    ctx = RenderContext(instrument, locate, source_date_epoch())
    outputs: dict[str, bytes] = {}
    for fmt in formats:
        if progress:
            progress(fmt)
        outputs.update(RENDERERS[fmt](ctx))
    report.extend(ctx.issues)
    return outputs


def attach(host: Path, out: Path | None, options: AttachOptions,
           bank_dir: Path = DEFAULT_BANK) -> AttachResult:
    """Insert the module into a survey designer's own XLSForm."""
    from generator.attach import attach as run

    return run(host, out, options, bank_dir)


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


def unknown_format_issues(formats: tuple[str, ...]) -> list[Issue]:
    bad = [f for f in formats if f not in FORMATS]
    return [issue("OUT003", f"unknown format '{f}'", Location("--format"),
                  hint=f"formats: {', '.join(FORMATS)}") for f in bad]

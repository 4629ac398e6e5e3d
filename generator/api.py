"""The public operations: check a bank, build outputs. The CLI calls only these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.bank import LoadResult, load_bank
from generator.bank.model import Bank
from generator.checks import BankIndex, run_checks
from generator.instrument.compile import BuildOptions, Instrument, compile_instrument
from generator.issues import Issue, Location, Report, issue
from generator.outputs import STANDARD_BANK, source_date_epoch, write_atomically
from generator.project import Project

if TYPE_CHECKING:
    from generator.attach import AttachOptions, AttachResult
    from generator.hostform import PrintOptions, PrintResult
    from generator.project.overlay import Provenance

FORMATS = ("xlsform", "xform", "pdf", "codebook_html", "codebook_pdf", "codebook_csv",
           "codebook_json", "ddi", "coverage", "scripts")
"""The formats of a default build, in the order they are rendered."""
DEFAULT_BANK = STANDARD_BANK


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


def check(project: Project | Path | None = None, custom: Path | None = None,
          languages: tuple[str, ...] = ()) -> CheckResult:
    """Load and check a project's bank with its overlays (or a bank folder, with overlays in
    `custom`); every issue is collected in one report."""
    proj = Project.of(project)
    custom = custom or proj.custom
    languages = languages or tuple(proj.config.languages)
    loaded = load_bank(proj.bank)
    if loaded.bank is None:
        return CheckResult(None, loaded.report, None, loaded)
    bank = loaded.bank
    provenance = None
    if custom is not None and custom.is_dir():
        from generator.project.overlay import load_overlays

        bank, provenance, found = load_overlays(custom, bank, loaded.origins,
                                                loaded.report.sources)
        loaded.report.extend(found)
        if not loaded.report.valid:
            return CheckResult(None, loaded.report, None, loaded, provenance)
    index, found = run_checks(bank, loaded.origins, languages)
    loaded.report.extend(found)
    return CheckResult(bank, loaded.report, index, loaded, provenance)


def build(project: Project | Path | None, options: BuildOptions, out_dir: Path,
          formats: tuple[str, ...] = FORMATS,
          progress: Callable[[str], None] | None = None, validate: bool = False,
          custom: Path | None = None) -> BuildResult:
    """Check, compile and render; write every output only if all of them succeeded."""
    checked, instrument = compile_project(project, options, custom)
    report = checked.report
    if instrument is None or not report.valid:
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


def compile_project(project: Project | Path | None, options: BuildOptions,
                    custom: Path | None = None) -> tuple[CheckResult, Instrument | None]:
    """Check the project's bank and compile the selection; issues join the check's report."""
    checked = check(project, custom, options.languages)
    if checked.bank is None or not checked.report.valid:
        return checked, None
    prov = checked.provenance
    instrument, found = compile_instrument(checked.bank, options,
                                           prov.numbers if prov else None,
                                           prov.origin() if prov else None)
    checked.report.extend(found)
    return checked, instrument


def render(instrument: Instrument, checked: CheckResult, formats: tuple[str, ...],
           report: Report, progress: Callable[[str], None] | None = None) -> dict[str, bytes]:
    """Run the requested renderers into memory: file name → bytes."""
    from generator.render import RENDERERS, RenderContext
    from generator.render.leaks import placeholder_leaks

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
    report.extend(placeholder_leaks(outputs, set(instrument.bank.meta.placeholders)))
    return outputs


def attach(host: Path, out: Path | None, options: AttachOptions,
           project: Project | Path | None = None) -> AttachResult:
    """Insert the module, compiled from the project's bank and overlays, into a survey
    designer's own XLSForm."""
    from generator.attach import CompiledModule
    from generator.attach import attach as run
    from generator.attach.background import in_background

    def compiled() -> CompiledModule:
        checked = check(project)
        report = Report(sources=dict(checked.report.sources))
        blocking = [i for i in checked.report.errors if i.code != "TRN001"]
        if checked.bank is None or blocking:
            report.extend(blocking or checked.report.errors)
            return CompiledModule(None, report)
        prov = checked.provenance
        inst, found = compile_instrument(checked.bank, BuildOptions(
            modules=options.modules, tier=options.tier, country=options.country,
            reference_date=options.reference_date), prov.numbers if prov else None,
            prov.origin() if prov else None)
        report.extend(found)
        if inst is None:
            return CompiledModule(inst, report)
        from generator.render.codebook import build_codebook

        return CompiledModule(inst, report, build_codebook(inst, source_date_epoch()))

    # the bank is checked and compiled in a forked process while attach reads the host
    return run(host, out, options, in_background(compiled))


def print_form(form: Path, out_dir: Path | None, options: PrintOptions,
               formats: tuple[str, ...] = ("pdf", "html")) -> PrintResult:
    """The paper questionnaire of any XLSForm (a host form, with or without the module)."""
    from generator.hostform import print_form as run

    return run(form, out_dir, options, formats, source_date_epoch())


def standard_instrument() -> Instrument:
    """The standard bank compiled with default options (for the reference pages)."""
    checked = check(DEFAULT_BANK)
    if checked.bank is None or not checked.report.valid:
        raise RuntimeError("the standard bank has errors; run `migmod check`")
    inst, found = compile_instrument(checked.bank, BuildOptions())
    if inst is None:
        raise RuntimeError(f"the standard bank does not compile: {found}")
    return inst


def unknown_format_issues(formats: tuple[str, ...]) -> list[Issue]:
    bad = [f for f in formats if f not in FORMATS]
    return [issue("OUT003", f"unknown format '{f}'", Location("--format"),
                  hint=f"formats: {', '.join(FORMATS)}") for f in bad]

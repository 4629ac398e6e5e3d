"""`migmod print`: the paper questionnaire of any XLSForm, one booklet per language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.hostform.build import HostPaper, PrintOptions, compile_form
from generator.hostform.source import read_form
from generator.issues import Location, Report, issue
from generator.outputs import write_atomically
from generator.render.context import RenderContext
from generator.render.paper.render import render_paper

FORMATS = ("pdf", "html")


@dataclass(slots=True)
class PrintResult:
    report: Report
    paper: HostPaper | None = None
    outputs: dict[str, bytes] = field(default_factory=dict)
    """File name → bytes, before writing."""
    written: list[Path] = field(default_factory=list)


def print_form(form_path: Path, out_dir: Path | None, options: PrintOptions,
               formats: tuple[str, ...] = FORMATS, timestamp: int = 0) -> PrintResult:
    """Read, compile and draw the form; write `<stem>.questionnaire.<lang>.pdf|.html` into
    `out_dir` (nothing is written when `out_dir` is None or an error was found)."""
    report = Report()
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        report.extend([issue("OUT003", f"unknown format '{f}'", Location("--format"),
                             hint=f"formats: {', '.join(FORMATS)}") for f in bad or ["(none)"]])
        return PrintResult(report)
    if options.paper_size not in ("A4", "Letter"):
        report.extend([issue("OUT003", f"unknown paper size '{options.paper_size}'",
                             Location("--paper"), hint="A4 or Letter")])
        return PrintResult(report)
    form, found = read_form(form_path)
    report.extend(found)
    if form is None:
        return PrintResult(report)
    paper, found = compile_form(form, options)
    report.extend(found)
    if paper is None:
        return PrintResult(report)
    ctx = RenderContext(paper.instrument, lambda name: None, timestamp)
    rendered = render_paper(ctx, pdf="pdf" in formats)
    report.extend(ctx.issues)
    if not rendered:
        return PrintResult(report, paper)
    prefix = f"{paper.instrument.form_id}.questionnaire."
    outputs = {f"{form_path.stem}.questionnaire.{name.removeprefix(prefix)}": data
               for name, data in rendered.items() if name.rsplit(".", 1)[-1] in formats}
    result = PrintResult(report, paper, outputs)
    if out_dir is not None and report.valid:
        try:
            result.written = write_atomically(out_dir, outputs)
        except OSError as exc:
            report.extend([issue("OUT003", f"cannot write to {out_dir}: {exc.strerror}",
                                 Location(str(out_dir)))])
    return result

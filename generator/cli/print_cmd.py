"""`migmod print`: the paper questionnaire of any XLSForm."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import api
from generator.cli.app import cli
from generator.cli.common import emit, paper_option, split

if TYPE_CHECKING:
    from generator.hostform import PrintResult


@cli.command(name="print")
@click.argument("form", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Folder for <form>.questionnaire.<lang>.pdf and .html.")
@click.option("--languages", help="Comma-separated language codes or names (default: all of "
              "the form's).")
@paper_option
@click.option("--format", "formats", default="pdf,html", show_default=True,
              help="Comma-separated: pdf, html.")
@click.option("--number-column", help="A survey-sheet column holding question numbers "
              "(default: number by section, A01, A02, …).")
def print_command(form: Path, out: Path, languages: str | None, paper_size: str, formats: str,
                  number_column: str | None) -> None:
    """Print any XLSForm as a paper questionnaire with skip instructions."""
    from generator.hostform import PrintOptions

    paper = "Letter" if paper_size.lower() == "letter" else "A4"
    options = PrintOptions(split(languages), number_column, paper)
    result = api.print_form(form, out, options, split(formats))
    emit_print(result)


def emit_print(result: PrintResult) -> None:
    """Report the issues and what was written; exit 1 when nothing could be printed."""
    emit(result.report)
    if not result.report.valid or not result.written:
        click.echo("nothing written", err=True)
        raise SystemExit(1)
    if result.paper is not None:
        inst = result.paper.instrument
        asked = sum(1 for it in inst.items() if it.number)
        click.echo(f"{asked} questions in {len(inst.blocks)} sections; "
                   f"{len(result.paper.opaque)} condition(s) quoted as written")
    for path in result.written:
        click.echo(f"  wrote {path} ({path.stat().st_size:,} bytes)")

"""Commands on data and host forms: `attach`, `coverage`, `label`."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.app import cli
from generator.cli.common import (
    Context,
    Selection,
    bank_option,
    emit,
    fail,
    issues_format_option,
    selection_options,
    split,
    validate_option,
)
from generator.instrument.compile import Instrument
from generator.issues import Issue, Report
from generator.outputs import source_date_epoch


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(f"{option} {value}: write NAME=VALUE")
        out[key.strip()] = val.strip()
    return out


@cli.command()
@click.argument("host", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="New XLSForm to write (.xlsx).")
@click.option("--roster", help="The host's household-member repeat (default: found from its "
              "questions).")
@click.option("--after", help="Put the person blocks after this roster question (default: at "
              "its end).")
@bank_option
@selection_options(languages=False)
@click.option("--map", "maps", multiple=True, metavar="MODULE_VAR=HOST_VAR",
              help="Use a host question for a module input; MODULE_VAR= adds the module's own.")
@click.option("--prefix", default="mig_", show_default=True,
              help="For module names the host already uses.")
@click.option("--fill-language", "fills", multiple=True, metavar="LANGUAGE=CODE",
              help="Fill a host language the bank lacks (LANGUAGE=default for a bare label).")
@click.option("--replace", is_flag=True,
              help="The host already holds the module: update it in place to this bank "
              "version (default: refuse).")
@click.option("--strict-languages", is_flag=True,
              help="Refuse a host language the bank lacks instead of filling it from the "
              "bank's first language with a warning.")
@click.option("--dry-run", is_flag=True,
              help="Print what would be added, renamed and mapped; write nothing.")
@validate_option
@issues_format_option
@click.option("--print", "print_paper", is_flag=True,
              help="Also write the attached form's paper questionnaire (PDF and HTML) beside it.")
@click.pass_obj
def attach(obj: Context, host: Path, out: Path | None, roster: str | None, after: str | None,
           bank_opt: str | None, selection: Selection, maps: tuple[str, ...], prefix: str,
           fills: tuple[str, ...], replace: bool, strict_languages: bool, dry_run: bool,
           validate: bool, fmt: str, print_paper: bool) -> None:
    """Insert the migration module into your own XLSForm's household roster."""
    import time

    from generator.attach import AttachOptions

    started = time.perf_counter()

    def progress(step: str) -> None:
        click.echo(f"[{time.perf_counter() - started:6.1f} s] {step}", err=True)

    if out is None and not dry_run:
        raise click.UsageError("--out is required unless --dry-run")
    build = obj.options(selection)
    options = AttachOptions(
        roster=roster, after=after, modules=build.modules, tier=build.tier,
        country=build.country, reference_date=build.reference_date,
        maps=_pairs(maps, "--map"), prefix=prefix,
        fill_language=_pairs(fills, "--fill-language"), strict_languages=strict_languages,
        replace=replace, dry_run=dry_run, validate=validate,
        progress=progress if fmt == "text" else None)
    result = api.attach(host, out, options, obj.project_with(bank_opt))
    if not result.report.valid:
        fail(result.report, fmt, written=True)
    emit(result.report, fmt)
    if fmt == "text":
        click.echo(result.plan.to_text())
    for path in result.files:
        click.echo(f"  wrote {path} ({path.stat().st_size:,} bytes)")
    if result.written and print_paper:
        from generator.cli.print_cmd import emit_print
        from generator.hostform import PrintOptions

        written = result.written
        emit_print(api.print_form(written, written.parent, PrintOptions()))


def _instrument(obj: Context, bank_opt: str | None, selection: Selection) -> Instrument:
    checked, inst = api.compile_project(obj.project_with(bank_opt), obj.options(selection))
    if inst is None or not checked.report.valid:
        fail(checked.report)
    return inst


@cli.command()
@bank_option
@selection_options(country=False)
@click.pass_obj
def coverage(obj: Context, bank_opt: str | None, selection: Selection) -> None:
    """Which SDG indicators the selection feeds, disaggregates, complements or leaves out."""
    from generator.render.codebook import compute_coverage, coverage_text

    inst = _instrument(obj, bank_opt, selection)
    click.echo(coverage_text(compute_coverage(inst), inst.languages[0].code))


@cli.command()
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--codebook", "codebook_path", type=click.Path(exists=True, dir_okay=False,
                                                             path_type=Path),
              help="The <form_id>.codebook.json of the build or of the attached form "
              "(default: compile from the bank).")
@click.option("--repeat", "repeats", multiple=True, metavar="NAME=PATH",
              help="A repeat's export file, e.g. hh_members=survey-hh_members.csv.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Folder for the labelled files.")
@click.option("--format", "formats", default="dta,sav,parquet", show_default=True,
              help="Comma-separated: dta, sav, parquet.")
@click.option("--lang", help="Language of the labels (default: the codebook's first).")
@bank_option
@selection_options(languages=False, country=False)
@click.option("--engine", type=click.Choice(["auto", "python", "columnar"]), default="auto",
              show_default=True, help="python: every problem cell listed; columnar (DuckDB): "
              "census-size exports, problems counted per column; auto: columnar for Parquet "
              "and exports over 64 MB.")
@click.pass_obj
def label(obj: Context, export: Path, codebook_path: Path | None, repeats: tuple[str, ...],
          out: Path, formats: str, lang: str | None, bank_opt: str | None,
          selection: Selection, engine: str) -> None:
    """Label a submissions export as Stata, SPSS and Parquet: a CSV (delimiter and encoding
    detected), ODK Central's zip or KoboToolbox's XLSX (repeats on their own sheets)."""
    from generator.label import label_export, read_codebook
    from generator.render.codebook import build_codebook

    if codebook_path is not None:
        found: list[Issue] = []
        book = read_codebook(codebook_path, found)
        if book is None:
            fail(Report(found))
    else:
        book = build_codebook(_instrument(obj, bank_opt, selection), source_date_epoch())
    repeat_files = {k: Path(v) for k, v in _pairs(repeats, "--repeat").items()}
    result = label_export(export, out, book, repeats=repeat_files or None,
                          formats=split(formats), lang=lang, engine=engine)
    for line in result.read:
        click.echo(f"  read {line}")
    if not result.valid:
        fail(Report(result.issues), written=True)
    emit(Report(result.issues))
    for path in result.written:
        click.echo(f"  wrote {path} ({path.stat().st_size:,} bytes)")

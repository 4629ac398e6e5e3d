"""`migmod`: a thin command line over generator.api. Exit 0 clean, 1 errors, 2 usage."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator import __version__, api
from generator.bank.model import Bank
from generator.cli.common import (
    CONFIG_NAME,
    Context,
    Selection,
    bank_option,
    emit,
    fail,
    issues_format_option,
    paper_option,
    selection_options,
    split,
    validate_option,
)
from generator.instrument.compile import BuildOptions
from generator.issues import Report, catalogue_markdown


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="migmod",
                      message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show Python tracebacks of internal errors.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help=f"Build configuration file (default: ./{CONFIG_NAME} when present).")
@click.pass_context
def cli(ctx: click.Context, debug: bool, config_path: Path | None) -> None:
    """Turn the standardized migration question bank into survey instruments."""
    ctx.obj = Context(debug, config_path)


@cli.command()
@bank_option
@issues_format_option
@click.pass_obj
def check(obj: Context, bank_opt: str | None, fmt: str) -> None:
    """Check the bank: names, types, skip logic, translations."""
    result = api.check(obj.project_with(bank_opt))
    emit(result.report, fmt)
    if fmt == "text" and result.report.valid:
        bank = result.bank
        n = sum(1 for _ in bank.questions()) if bank else 0
        click.echo(f"ok: {len(bank.modules) if bank else 0} modules, {n} questions", err=True)
    raise SystemExit(0 if result.report.valid else 1)


@cli.command()
@bank_option
@selection_options()
@click.option("--format", "formats", help=f"Comma-separated: {', '.join(api.FORMATS)}.")
@click.option("--out", help="Output folder (default: output).")
@click.option("--form-id", help="XLSForm form_id (default: from bank, country and tier).")
@click.option("--version", "form_version", help="XLSForm version (default: the bank version).")
@paper_option
@validate_option
@click.pass_obj
def build(obj: Context, bank_opt: str | None, selection: Selection, formats: str | None,
          out: str | None, form_id: str | None, form_version: str | None, paper_size: str,
          validate: bool) -> None:
    """Build the instrument: XLSForm and XForm into the output folder."""
    project = obj.project_with(bank_opt)
    chosen = split(formats) or tuple(project.config.formats) or api.FORMATS
    bad = api.unknown_format_issues(chosen)
    if bad:
        emit(Report(bad))
        raise SystemExit(2)
    options = obj.options(selection, form_id=form_id, version=form_version,
                          paper_size=paper_size)
    out_dir = Path(out) if out else project.out
    started = time.perf_counter()
    result = _with_progress(lambda say: api.build(project, options, out_dir, chosen, say,
                                                  validate))
    if not result.report.valid:
        fail(result.report, written=True)
    emit(result.report)
    inst = result.instrument
    assert inst is not None
    asked = sum(1 for it in inst.items() if it.question.is_asked)
    click.echo(f"built {inst.form_id} v{inst.version}: {len(inst.blocks)} modules, {asked} "
               f"questions, languages {', '.join(lang.code for lang in inst.languages)}"
               f"{', country ' + inst.country.alpha3 if inst.country else ''} "
               f"in {time.perf_counter() - started:.2f} s")
    if inst.added:
        click.echo(f"  added modules read by the selection: {', '.join(inst.added)}")
    for path in result.written:
        click.echo(f"  wrote {path} ({path.stat().st_size:,} bytes)")


def _with_progress(run: Callable[[Callable[[str], None]], Any]) -> Any:
    if not sys.stderr.isatty():
        return run(lambda _step: None)
    from rich.console import Console

    console = Console(stderr=True)
    with console.status("building…") as status:
        return run(lambda step: status.update(f"building {step}…"))


@cli.command(name="list")
@click.argument("what", type=click.Choice(["modules", "questions", "indicators", "profiles"]),
                default="modules")
@bank_option
@click.pass_obj
def list_(obj: Context, what: str, bank_opt: str | None) -> None:
    """List the bank's modules, questions, SDG indicators or survey profiles."""
    result = api.check(obj.project_with(bank_opt))
    bank = result.bank
    if bank is None:
        fail(result.report)
    lang = bank.meta.default_language
    if what == "modules":
        for m in bank.modules:
            n = sum(1 for _ in m.walk())
            click.echo(f"{m.meta.id:<16} {m.meta.level.value:<10} {m.meta.tier.value:<9} "
                       f"{n:>3} questions  {m.meta.title.get(lang, '')}")
    elif what == "questions":
        _list_questions(bank, result.provenance.numbers if result.provenance else None)
    elif what == "profiles":
        for prof in bank.profiles.values():
            click.echo(f"{prof.id:<14} {prof.tier.value:<9} {prof.residence_rule:<4} "
                       f"{','.join(prof.modules)}  {prof.title.get(lang, '')}")
    else:
        for ind in bank.indicators.values():
            click.echo(f"{ind.id:<8} {ind.kind:<19} {ind.name.get(lang, '')}")


def _list_questions(bank: Bank, standard: dict[str, str] | None) -> None:
    from generator.instrument.compile import compile_instrument
    from generator.instrument.describe import Describer, universe_text

    inst, _ = compile_instrument(bank, BuildOptions(), standard)
    assert inst is not None
    lang = bank.meta.default_language
    describe = Describer.of(inst, lang)
    for block in inst.blocks:
        click.echo(f"{block.id} ({block.level.value}, {block.module.meta.tier.value})")
        for item in inst.items():
            if item.module != block.id or item.question.is_container:
                continue
            number = item.number or "-"
            click.echo(f"  {number:<6} {item.name:<24} {item.question.type:<32} "
                       f"{item.texts.get('label', {}).get(lang, '')}")
            universe = universe_text(inst, item, lang, describe)
            if universe:
                click.echo(f"  {'':<6} {'':<24} ask if {universe}")


@cli.command()
@click.option("--write", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the reference page to this file instead of printing it.")
def codes(write: Path | None) -> None:
    """Print the reference page of issue codes (Markdown)."""
    text = catalogue_markdown()
    if write:
        write.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)




def main() -> None:
    """Entry point: usage errors exit 2; internal errors print one line unless --debug."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except click.ClickException as exc:
        exc.show()
        raise SystemExit(2) from None
    except click.exceptions.Abort:
        raise SystemExit(130) from None
    except SystemExit:
        raise
    except Exception as exc:
        if debug:
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc} "
                   "(run with --debug for the traceback)", err=True)
        raise SystemExit(3) from None

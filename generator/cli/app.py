"""`migmod`: a thin command line over generator.api. Exit 0 clean, 1 errors, 2 usage."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator import api
from generator.bank.model import Bank, Tier
from generator.instrument.compile import BuildOptions
from generator.issues import Report, catalogue_markdown
from generator.project.config import CONFIG_NAME, BuildConfig, load_config


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def _emit(report: Report, fmt: str) -> None:
    if fmt == "json":
        click.echo(report.to_json())
        return
    if report.issues:
        click.echo(report.to_text(), err=True)
    errors, warnings = len(report.errors), len(report.warnings)
    if errors or warnings:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def _bank_dir(option: str | None, config: BuildConfig | None, config_dir: Path) -> Path:
    if option:
        return Path(option)
    if config is not None and config.bank:
        return config_dir / config.bank
    return api.DEFAULT_BANK


def _custom_dir(obj: _Context) -> Path | None:
    """The project's overlay folder, when a migmod.yaml is in use and the folder exists."""
    if obj.config is None:
        return None
    folder = obj.config_dir / obj.config.custom
    return folder if folder.is_dir() else None


class _Context:
    def __init__(self, debug: bool, config_path: Path | None) -> None:
        self.debug = debug
        self.config: BuildConfig | None = None
        self.config_dir = Path.cwd()
        path = config_path or (Path(CONFIG_NAME) if Path(CONFIG_NAME).is_file() else None)
        if path is None:
            return
        config, found, sources = load_config(path)
        if found:
            report = Report(found, sources)
            _emit(report, "text")
            raise SystemExit(1)
        self.config, self.config_dir = config, path.parent


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks of internal errors.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help=f"Build configuration file (default: ./{CONFIG_NAME} when present).")
@click.pass_context
def cli(ctx: click.Context, debug: bool, config_path: Path | None) -> None:
    """Turn the standardized migration question bank into survey instruments."""
    ctx.obj = _Context(debug, config_path)


@cli.command()
@click.option("--bank", "bank_opt", help="Folder of the question bank (default: standard bank).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How to print the issues.")
@click.pass_obj
def check(obj: _Context, bank_opt: str | None, fmt: str) -> None:
    """Check the bank: names, types, skip logic, translations."""
    result = api.check(_bank_dir(bank_opt, obj.config, obj.config_dir), _custom_dir(obj),
                       tuple(obj.config.languages) if obj.config else ())
    _emit(result.report, fmt)
    if fmt == "text" and result.report.valid:
        bank = result.bank
        n = sum(1 for _ in bank.questions()) if bank else 0
        click.echo(f"ok: {len(bank.modules) if bank else 0} modules, {n} questions", err=True)
    raise SystemExit(0 if result.report.valid else 1)


@cli.command()
@click.option("--bank", "bank_opt", help="Folder of the question bank (default: standard bank).")
@click.option("--modules", help="Comma-separated module ids (default: all).")
@click.option("--tier", type=click.Choice([t.value for t in Tier]), help="core or extended.")
@click.option("--profile", help="Survey profile: census, lfs, dhs, origin or displacement.")
@click.option("--languages", help="Comma-separated language codes (default: all).")
@click.option("--country", help="Survey country, ISO 3166-1 code (e.g. KEN).")
@click.option("--reference-date", type=click.DateTime(["%Y-%m-%d"]),
              help="Survey reference date (YYYY-MM-DD) for '5 years ago' and year checks.")
@click.option("--format", "formats", help=f"Comma-separated: {', '.join(api.FORMATS)}.")
@click.option("--out", help="Output folder (default: output).")
@click.option("--form-id", help="XLSForm form_id (default: from bank, country and tier).")
@click.option("--version", "form_version", help="XLSForm version (default: the bank version).")
@click.option("--paper", "paper_size", type=click.Choice(["A4", "Letter"], case_sensitive=False),
              default="A4", show_default=True, help="Page size of printed outputs.")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Run ODK Validate (Java) on the XForm before writing anything.")
@click.pass_obj
def build(obj: _Context, bank_opt: str | None, modules: str | None, tier: str | None,
          profile: str | None, languages: str | None, country: str | None,
          reference_date: dt.datetime | None, formats: str | None, out: str | None,
          form_id: str | None, form_version: str | None, paper_size: str,
          validate: bool) -> None:
    """Build the instrument: XLSForm and XForm into the output folder."""
    cfg = obj.config or BuildConfig()
    chosen = _split(formats) or tuple(cfg.formats) or api.FORMATS
    bad = api.unknown_format_issues(chosen)
    if bad:
        _emit(Report(bad), "text")
        raise SystemExit(2)
    options = BuildOptions(
        modules=_split(modules) or tuple(cfg.modules),
        tier=Tier(tier) if tier else (cfg.tier or Tier.EXTENDED),
        languages=_split(languages) or tuple(cfg.languages),
        country=country or cfg.country,
        reference_date=reference_date.date() if reference_date else cfg.reference_date,
        form_id=form_id or cfg.form_id,
        version=form_version or cfg.version,
        title=cfg.title,
        paper_size="Letter" if paper_size.lower() == "letter" else "A4",
        profile=profile or cfg.profile,
    )
    out_dir = Path(out) if out else (obj.config_dir / cfg.out if cfg.out else Path("output"))
    started = time.perf_counter()
    result = _with_progress(lambda say: api.build(
        _bank_dir(bank_opt, obj.config, obj.config_dir), options, out_dir, chosen, say, validate,
        _custom_dir(obj)))
    _emit(result.report, "text")
    if not result.report.valid:
        click.echo("nothing written", err=True)
        raise SystemExit(1)
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
@click.option("--bank", "bank_opt", help="Folder of the question bank (default: standard bank).")
@click.pass_obj
def list_(obj: _Context, what: str, bank_opt: str | None) -> None:
    """List the bank's modules, questions, SDG indicators or survey profiles."""
    result = api.check(_bank_dir(bank_opt, obj.config, obj.config_dir), _custom_dir(obj))
    bank = result.bank
    if bank is None:
        _emit(result.report, "text")
        raise SystemExit(1)
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

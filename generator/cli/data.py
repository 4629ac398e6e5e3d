"""Commands on data and host forms: `attach`, `coverage`, `label`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator import api
from generator.bank.model import Tier
from generator.cli.app import _bank_dir, _Context, _custom_dir, _emit, _split, cli
from generator.instrument.compile import BuildOptions, Instrument, compile_instrument
from generator.issues import Report
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
@click.option("--bank", "bank_opt", help="Folder of the question bank (default: standard bank).")
@click.option("--modules", help="Comma-separated module ids (default: all).")
@click.option("--tier", type=click.Choice([t.value for t in Tier]))
@click.option("--country", help="Survey country, ISO 3166-1 code.")
@click.option("--reference-date", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--map", "maps", multiple=True, metavar="MODULE_VAR=HOST_VAR",
              help="Use a host question for a module input; MODULE_VAR= adds the module's own.")
@click.option("--prefix", default="mig_", show_default=True,
              help="For module names the host already uses.")
@click.option("--fill-language", "fills", multiple=True, metavar="LANGUAGE=CODE",
              help="Fill a host language the bank lacks (LANGUAGE=default for a bare label).")
@click.option("--dry-run", is_flag=True,
              help="Print what would be added, renamed and mapped; write nothing.")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Run ODK Validate on the result before writing it.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_obj
def attach(obj: _Context, host: Path, out: Path | None, roster: str | None, after: str | None,
           bank_opt: str | None, modules: str | None, tier: str | None, country: str | None,
           reference_date: dt.datetime | None, maps: tuple[str, ...], prefix: str,
           fills: tuple[str, ...], dry_run: bool, validate: bool, fmt: str) -> None:
    """Insert the migration module into your own XLSForm's household roster."""
    from generator.attach import AttachOptions

    if out is None and not dry_run:
        raise click.UsageError("--out is required unless --dry-run")
    options = AttachOptions(
        roster=roster, after=after, modules=_split(modules),
        tier=Tier(tier) if tier else Tier.EXTENDED, country=country,
        reference_date=reference_date.date() if reference_date else None,
        maps=_pairs(maps, "--map"), prefix=prefix,
        fill_language=_pairs(fills, "--fill-language"), dry_run=dry_run, validate=validate)
    result = api.attach(host, out, options, _bank_dir(bank_opt, obj.config, obj.config_dir),
                        _custom_dir(obj))
    _emit(result.report, fmt)
    if not result.report.valid:
        click.echo("nothing written", err=True)
        raise SystemExit(1)
    if fmt == "text":
        click.echo(result.plan.to_text())
    if result.written:
        click.echo(f"  wrote {result.written} ({result.written.stat().st_size:,} bytes)")


def _instrument(obj: _Context, bank_opt: str | None, modules: str | None, tier: str | None,
                languages: str | None, profile: str | None = None) -> Instrument:
    cfg = obj.config
    result = api.check(_bank_dir(bank_opt, cfg, obj.config_dir), _custom_dir(obj))
    if result.bank is None or not result.report.valid:
        _emit(result.report, "text")
        raise SystemExit(1)
    options = BuildOptions(
        modules=_split(modules) or (tuple(cfg.modules) if cfg else ()),
        tier=Tier(tier) if tier else (cfg.tier if cfg and cfg.tier else Tier.EXTENDED),
        languages=_split(languages) or (tuple(cfg.languages) if cfg else ()),
        country=cfg.country if cfg else None,
        profile=profile or (cfg.profile if cfg else None))
    standard = result.provenance.numbers if result.provenance else None
    inst, found = compile_instrument(result.bank, options, standard)
    if inst is None:
        _emit(Report(found), "text")
        raise SystemExit(1)
    return inst


@cli.command()
@click.option("--bank", "bank_opt", help="Folder of the question bank (default: standard bank).")
@click.option("--modules", help="Comma-separated module ids (default: all).")
@click.option("--tier", type=click.Choice([t.value for t in Tier]), help="core or extended.")
@click.option("--languages", help="Language of the report (first code used).")
@click.option("--profile", help="Survey profile: census, lfs, dhs, origin or displacement.")
@click.pass_obj
def coverage(obj: _Context, bank_opt: str | None, modules: str | None, tier: str | None,
             languages: str | None, profile: str | None) -> None:
    """Which SDG indicators the selection feeds, disaggregates, complements or leaves out."""
    from generator.render.codebook import compute_coverage, coverage_text

    inst = _instrument(obj, bank_opt, modules, tier, languages, profile)
    click.echo(coverage_text(compute_coverage(inst), inst.languages[0].code))


@cli.command()
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--codebook", "codebook_path", type=click.Path(exists=True, dir_okay=False,
                                                             path_type=Path),
              help="The build's <form_id>.codebook.json (default: compile from the bank).")
@click.option("--repeat", "repeats", multiple=True, metavar="NAME=PATH",
              help="A repeat's export file, e.g. hh_members=survey-hh_members.csv.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Folder for the labelled files.")
@click.option("--format", "formats", default="dta,sav,parquet", show_default=True,
              help="Comma-separated: dta, sav, parquet.")
@click.option("--lang", help="Language of the labels (default: the codebook's first).")
@click.option("--bank", "bank_opt", help="Folder of the question bank (default: standard bank).")
@click.option("--modules", help="Comma-separated module ids (default: all).")
@click.option("--tier", type=click.Choice([t.value for t in Tier]))
@click.pass_obj
def label(obj: _Context, export: Path, codebook_path: Path | None, repeats: tuple[str, ...],
          out: Path, formats: str, lang: str | None, bank_opt: str | None,
          modules: str | None, tier: str | None) -> None:
    """Label a submissions export (ODK Central / KoboToolbox CSV) as Stata, SPSS and Parquet."""
    from generator.label import label_export
    from generator.render.codebook import build_codebook, load_codebook

    if codebook_path is not None:
        book = load_codebook(codebook_path.read_bytes())
    else:
        book = build_codebook(_instrument(obj, bank_opt, modules, tier, None),
                              source_date_epoch())
    repeat_files = {k: Path(v) for k, v in _pairs(repeats, "--repeat").items()}
    result = label_export(export, out, book, repeats=repeat_files or None,
                          formats=_split(formats), lang=lang)
    _emit(Report(result.issues), "text")
    if not result.valid:
        click.echo("nothing written", err=True)
        raise SystemExit(1)
    for path in result.written:
        click.echo(f"  wrote {path} ({path.stat().st_size:,} bytes)")

"""Project commands: `init`, `translations export/import`, `diff`."""

from __future__ import annotations

from pathlib import Path

import click

from generator import api
from generator.cli.app import cli
from generator.cli.common import Context, emit, fail, split
from generator.issues import Report


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--country", required=True, help="Survey country, ISO 3166-1 code.")
@click.option("--title", default="Migration module", show_default=True, help="Survey title.")
@click.option("--languages", default="en", show_default=True, help="Comma-separated codes.")
def init(folder: Path, country: str, title: str, languages: str) -> None:
    """Create a survey project: migmod.yaml (commented) and an empty custom/ folder."""
    from generator.instrument.adapt import resolve
    from generator.project.scaffold import init_project

    found = resolve(country, ["en"])[1]
    if found:
        fail(Report(found))
    written, found = init_project(folder, country.upper(), title, split(languages))
    if found:
        fail(Report(found))
    for path in written:
        click.echo(f"wrote {path}")


@cli.group()
def translations() -> None:
    """Spreadsheets for translators: export the texts, import the translations."""


@translations.command("export")
@click.option("--language", required=True, help="Language code to translate into, e.g. sw.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Spreadsheet to write (default: translations-<lang>.xlsx).")
@click.pass_obj
def translations_export(obj: Context, language: str, out: Path | None) -> None:
    """One row per text: key, source text, current translation, status."""
    from generator.project.translations import export_sheet

    result = api.check(obj.project)
    if result.bank is None:
        fail(result.report)
    target = out or Path(f"translations-{language}.xlsx")
    rows = export_sheet(result.bank, language, target)
    click.echo(f"wrote {target} ({rows} texts)")


@translations.command("import")
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--language", required=True, help="Language code of the translations.")
@click.option("--name", help="Language name for XLSForm columns (for a language the bank lacks).")
@click.pass_obj
def translations_import(obj: Context, sheet: Path, language: str, name: str | None) -> None:
    """Write the project's translation file (custom/<lang>.yaml) from a filled sheet."""
    from generator.bank.model import Language
    from generator.project.translations import import_sheet

    if obj.project.config_file is None:
        raise click.UsageError("run it inside a project (migmod init) so the file has a home")
    result = api.check(obj.project)
    if result.bank is None:
        fail(result.report)
    known = {lang.code: lang for lang in result.bank.meta.languages}
    lang = known.get(language) or Language(code=language, name=name or language)
    added = result.provenance.added_languages if result.provenance else set()
    custom = obj.project.root / obj.project.config.custom
    written, found = import_sheet(result.bank, sheet, custom, lang,
                                  declare=language in added or language not in known)
    emit(Report(found))
    if written is None:
        raise SystemExit(1)
    click.echo(f"wrote {written}")


@cli.command()
@click.argument("old")
@click.argument("new")
def diff(old: str, new: str) -> None:
    """What changed between two bank versions: folders, or git revisions as REV[:PATH]
    (e.g. `migmod diff v0.1.0 modules` or `migmod diff HEAD~3:modules HEAD:modules`)."""
    import tempfile

    from generator.bank.diff import diff_banks, materialise

    with tempfile.TemporaryDirectory() as tmp:
        banks = []
        for spec in (old, new):
            try:
                folder = materialise(spec, Path.cwd(), Path(tmp))
            except LookupError as exc:
                raise click.UsageError(f"cannot read bank '{spec}': {exc}") from None
            result = api.check(folder)
            if result.bank is None:
                fail(result.report)
            banks.append(result.bank)
        click.echo(diff_banks(banks[0], banks[1]).to_text())


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("docs") / "reference", show_default=True,
              help="Folder of the generated reference pages.")
def docs(out: Path) -> None:
    """Write the generated reference pages of the documentation (docs/reference/)."""
    from generator.refdocs.pages import Sources, write_reference

    for path in write_reference(out, Sources(cli, api.standard_instrument(), api.FORMATS)):
        click.echo(f"wrote {path}")

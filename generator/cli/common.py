"""What every command shares: the group's context (the project), option decorators declared
once, the one merge of `migmod.yaml` with a command's options, and how issues are printed."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from generator.bank.model import Tier
from generator.instrument.compile import BuildOptions
from generator.issues import Report
from generator.project import CONFIG_NAME, Project, find_project

F = TypeVar("F", bound=Callable[..., Any])


def split(value: str | None) -> tuple[str, ...]:
    """`a, b,c` → ('a', 'b', 'c')."""
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def emit(report: Report, fmt: str = "text") -> None:
    """Print a report: JSON on stdout, or located text and a count on stderr."""
    if fmt == "json":
        click.echo(report.to_json())
        return
    if report.issues:
        click.echo(report.to_text(), err=True)
    errors, warnings = len(report.errors), len(report.warnings)
    if errors or warnings:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def fail(report: Report, fmt: str = "text", written: bool = False) -> NoReturn:
    """Print the report and exit 1."""
    emit(report, fmt)
    if written:
        click.echo("nothing written", err=True)
    raise SystemExit(1)


class Context:
    """The group's state: --debug and the project (from --config or ./migmod.yaml)."""

    def __init__(self, debug: bool, config_path: Path | None) -> None:
        self.debug = debug
        project, found, sources = find_project(config_path)
        if found:
            fail(Report(found, sources))
        self.project = project

    def project_with(self, bank: str | None) -> Project:
        """The project, reading the `--bank` folder when one is given."""
        return self.project.with_bank(bank)

    def options(self, sel: Selection, **more: Any) -> BuildOptions:
        """The one merge: `migmod.yaml`, overridden by each option given."""
        return self.project.options(modules=sel.modules, tier=sel.tier,
                                    languages=sel.languages, country=sel.country,
                                    reference_date=sel.reference_date, profile=sel.profile,
                                    **more)


class Selection:
    """What to build, as given on the command line (None/empty: from migmod.yaml)."""

    def __init__(self, modules: str | None = None, tier: str | None = None,
                 languages: str | None = None, country: str | None = None,
                 reference_date: dt.datetime | None = None,
                 profile: str | None = None) -> None:
        self.modules = split(modules)
        self.profile = profile
        self.tier = tier
        self.languages = split(languages)
        self.country = country
        self.reference_date = reference_date.date() if reference_date else None


def _apply(func: F, decorators: list[Callable[[F], F]]) -> F:
    for deco in reversed(decorators):
        func = deco(func)
    return func


def bank_option(func: F) -> F:
    """`--bank DIR`."""
    return click.option("--bank", "bank_opt", metavar="DIR",
                        help="Folder of the question bank (default: the project's, else the "
                             "standard bank).")(func)


def selection_options(*, languages: bool = True, country: bool = True) -> Callable[[F], F]:
    """`--modules --tier [--languages] [--country --reference-date]`, gathered into one
    `selection: Selection` argument."""
    def decorate(func: F) -> F:
        opts: list[Callable[[F], F]] = [
            click.option("--modules", help="Comma-separated module ids (default: all)."),
            click.option("--tier", type=click.Choice([t.value for t in Tier]),
                         help="core or extended (default: extended)."),
            click.option("--profile", metavar="PROFILE",
                         help="Survey profile: census, lfs, dhs, origin or displacement "
                              "(`migmod list profiles`)."),
        ]
        if languages:
            opts.append(click.option("--languages",
                                     help="Comma-separated language codes (default: all)."))
        if country:
            opts += [click.option("--country", help="Survey country, ISO 3166-1 code (e.g. KEN)."),
                     click.option("--reference-date", type=click.DateTime(["%Y-%m-%d"]),
                                  help="Survey reference date (YYYY-MM-DD) for '5 years ago' "
                                       "and year checks.")]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            kwargs["selection"] = Selection(
                kwargs.pop("modules", None), kwargs.pop("tier", None),
                kwargs.pop("languages", None), kwargs.pop("country", None),
                kwargs.pop("reference_date", None), kwargs.pop("profile", None))
            return func(*args, **kwargs)

        return _apply(wrapper, opts)  # type: ignore[arg-type,return-value]

    return decorate


def paper_option(func: F) -> F:
    """`--paper A4|Letter`."""
    return click.option("--paper", "paper_size", type=click.Choice(["A4", "Letter"],
                                                                   case_sensitive=False),
                        default="A4", show_default=True,
                        help="Page size of printed outputs.")(func)


def validate_option(func: F) -> F:
    """`--validate/--no-validate`."""
    return click.option("--validate/--no-validate", default=True, show_default=True,
                        help="Run ODK Validate (Java) on the XForm before writing anything.")(func)


def issues_format_option(func: F) -> F:
    """`--format text|json` for the issues printed."""
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="How to print the issues.")(func)


__all__ = ["CONFIG_NAME", "Context", "Selection", "bank_option", "emit", "fail",
           "issues_format_option", "paper_option", "selection_options", "split",
           "validate_option"]

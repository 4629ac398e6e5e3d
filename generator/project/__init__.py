"""A survey project: `migmod.yaml`, overlays in `custom/`, translation sheets, `migmod init`.

`Project` is what every operation of `generator.api` reads: the bank folder, the project's
overlay folder and its configuration. `Project.options` is the one place where the
configuration and a command's options are merged into build options.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.bank.model import Tier
from generator.instrument.compile import BuildOptions
from generator.issues import Issue
from generator.outputs import STANDARD_BANK
from generator.project.config import CONFIG_NAME, BuildConfig, load_config

__all__ = ["CONFIG_NAME", "BuildConfig", "Project", "find_project"]


@dataclass(frozen=True, slots=True)
class Project:
    """Where a survey's bank, overlays and choices are."""

    bank: Path = STANDARD_BANK
    custom: Path | None = None
    """The overlay folder (`custom/`), when the project has one."""
    config: BuildConfig = field(default_factory=BuildConfig)
    root: Path = Path(".")
    """The folder of `migmod.yaml`; relative paths of the configuration start here."""
    config_file: Path | None = None
    """The `migmod.yaml` read, or None outside a project."""

    @classmethod
    def of(cls, bank: Project | Path | None) -> Project:
        """A project from a bank folder (the standard bank without overlays when None)."""
        if isinstance(bank, Project):
            return bank
        return cls() if bank is None else cls(bank=bank)

    def with_bank(self, bank: str | Path | None) -> Project:
        """The same project reading another bank folder (`--bank`)."""
        if not bank:
            return self
        return Project(Path(bank), self.custom, self.config, self.root, self.config_file)

    @property
    def out(self) -> Path:
        """The output folder: the configuration's, else `output`."""
        return self.root / self.config.out if self.config.out else Path("output")

    def options(self, *, modules: tuple[str, ...] = (), tier: str | None = None,
                languages: tuple[str, ...] = (), country: str | None = None,
                reference_date: dt.date | None = None, form_id: str | None = None,
                version: str | None = None, paper_size: str | None = None,
                profile: str | None = None) -> BuildOptions:
        """Build options: each command-line value given overrides the configuration's."""
        cfg = self.config
        return BuildOptions(
            modules=modules or tuple(cfg.modules),
            tier=Tier(tier) if tier else (cfg.tier or Tier.EXTENDED),
            languages=languages or tuple(cfg.languages),
            country=country or cfg.country,
            reference_date=reference_date or cfg.reference_date,
            form_id=form_id or cfg.form_id,
            version=version or cfg.version,
            title=cfg.title,
            paper_size="Letter" if (paper_size or "").lower() == "letter" else "A4",
            profile=profile or cfg.profile,
            parameters=tuple(sorted((str(k), v) for k, v in cfg.parameters.items())))


def find_project(config_path: Path | None,
                 cwd: Path | None = None) -> tuple[Project, list[Issue], dict[str, str]]:
    """The project of `config_path`, or of `./migmod.yaml` when present, else the standard
    bank alone. Problems in the configuration come back located in it."""
    folder = cwd or Path()
    path = config_path or (folder / CONFIG_NAME if (folder / CONFIG_NAME).is_file() else None)
    if path is None:
        return Project(), [], {}
    config, found, sources = load_config(path)
    if config is None or found:
        return Project(), found, sources
    root = path.parent
    bank = root / config.bank if config.bank else STANDARD_BANK
    custom = root / config.custom
    return Project(bank, custom if custom.is_dir() else None, config, root, path), [], sources

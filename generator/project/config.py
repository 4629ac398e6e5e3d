"""The build configuration file (`migmod.yaml`) a survey team keeps in version control."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import ValidationError

from generator.bank import schema_issues
from generator.bank.loader import read_yaml
from generator.bank.model import Name, ProfileParameter, Strict, Tier
from generator.issues import Issue, issue

CONFIG_NAME = "migmod.yaml"


class BuildConfig(Strict):
    """Keys of `migmod.yaml`; command-line options override each of them."""

    bank: str | None = None
    """Folder of the question bank, relative to this file (default: the standard bank)."""
    modules: list[Name] = []
    tier: Tier | None = None
    profile: Name | None = None
    """A survey profile of the bank (census, lfs, dhs, origin, displacement)."""
    parameters: dict[ProfileParameter, int] = {}
    """Survey parameters that override the profile's: the 10.7.1 window in years
    (`rc_window_years`) and the working-age limit (`working_age`)."""
    languages: list[str] = []
    country: str | None = None
    reference_date: dt.date | None = None
    form_id: Name | None = None
    version: str | None = None
    title: str | None = None
    out: str | None = None
    formats: list[str] = []
    custom: str = "custom"
    """Folder of the project's overlay files, relative to this file."""


def load_config(path: Path) -> tuple[BuildConfig | None, list[Issue], dict[str, str]]:
    """Read and validate a configuration file; returns issues located in it."""
    loaded, found = read_yaml(path)
    if loaded is None:
        return None, found, {}
    sources = {loaded.file: loaded.text}
    if not isinstance(loaded.data, dict):
        return None, [issue("SCH008", "the configuration must be a mapping",
                            loaded.sourcemap.locate(()))], sources
    try:
        return BuildConfig.model_validate(loaded.data), [], sources
    except ValidationError as exc:
        return None, schema_issues(exc, loaded, BuildConfig), sources

"""`migmod init`: a survey project that keeps only its own changes on top of the bank."""

from __future__ import annotations

import re
from pathlib import Path

from generator.issues import Issue, Location, issue
from generator.project.config import CONFIG_NAME

_TEMPLATE = """\
# migmod survey project. Every key is optional; command-line options override them.
# Build with `migmod build` from this folder; check with `migmod check`.

# Survey title printed on the questionnaire and in the XLSForm settings.
title: {title}
# XLSForm form_id: letters, digits and _ (it names the output files too).
form_id: {form_id}
# Form version; bump it whenever the form changes (ODK Central needs a new version).
version: "1"
# Survey country, ISO 3166-1 code: fills {{country}}, the currency and the region list.
country: {country}
# Reference date (YYYY-MM-DD) for "five years ago", "last 12 months" and year checks.
# reference_date: 2027-03-15
# Languages of the form, bank codes (en, fr, es, ar) plus any the project adds in custom/.
languages: [{languages}]
# Modules of the standard bank to include (`migmod list`); empty means all of them.
modules: []
# core: the minimum module; extended: every block.
tier: extended
# Outputs: xlsform, xform, pdf.
formats: [xlsform, xform, pdf]
# Where outputs are written, relative to this file.
out: output
# The project's own overlays: added, reworded or dropped questions, added languages.
custom: custom
"""

_CUSTOM_README = """\
Put the project's overlay files here (`*.yaml`): questions added after or before a standard
question, reworded text, dropped questions or choices, national choices, and translation
files for added languages. `migmod check` checks them like the bank itself.
See docs/overlays.md.
"""


def init_project(folder: Path, country: str, title: str,
                 languages: tuple[str, ...]) -> tuple[list[Path], list[Issue]]:
    """Create `migmod.yaml` and `custom/` in `folder`; never overwrite a project."""
    config = folder / CONFIG_NAME
    if config.exists():
        return [], [issue("SCH008", f"{config} already exists", Location(str(config)),
                          hint="edit it, or run init in another folder")]
    form_id = re.sub(r"[^A-Za-z0-9_]+", "_", f"{title}_{country}".lower()).strip("_")[:60]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "custom").mkdir(exist_ok=True)
    config.write_text(_TEMPLATE.format(title=_yaml_text(title), form_id=form_id or "survey",
                                       country=country, languages=", ".join(languages)),
                      encoding="utf-8")
    readme = folder / "custom" / "README.md"
    readme.write_text(_CUSTOM_README, encoding="utf-8")
    return [config, readme], []


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\\\", "\\\\\\\\").replace('"', '\\\\"') + '"'

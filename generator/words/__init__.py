"""Interface words: the furniture of every output (headings, box captions, the member
repeat's label), one data file per language (`generator/words/<lang>.yaml`).

Words are grouped in parts (`paper`, `codebook`, `form`, `print`) and named `<part>.<name>`
outside this package (`paper.questions`). One fallback rule everywhere: the language, then its base
language (`ar` for `ar-EG`), then the bank's default language, then English. A project's own
words (an added language, or a national wording) come before the shipped ones at each step.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader (in every PyYAML wheel): the catalogue is read by every output."""

PARTS = ("paper", "codebook", "form", "print")
"""The parts of the catalogue, one per kind of output."""

ProjectWords = Mapping[str, Mapping[str, str]]
"""`<part>.<name>` → text per language, as a project's overlay gives it."""


@cache
def shipped(lang: str) -> dict[str, dict[str, str]]:
    """The words shipped for `lang` (part → name → text); empty for a language without a file."""
    resource = resources.files(__name__).joinpath(f"{lang}.yaml")
    if not lang.replace("-", "").isalnum() or not resource.is_file():
        return {}
    data = yaml.load(resource.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    return {part: {str(k): str(v) for k, v in (data.get(part) or {}).items()} for part in PARTS}


def chain(lang: str, default: str = "en") -> list[str]:
    """The languages tried for `lang`, in order: itself, its base, the default, English."""
    out: list[str] = []
    for code in (lang, lang.split("-")[0], default, default.split("-")[0], "en"):
        if code and code not in out:
            out.append(code)
    return out


def words(lang: str, part: str, *, project: ProjectWords | None = None,
          default: str = "en") -> dict[str, str]:
    """Every word of `part` in `lang`, each from the first language of the chain that has it."""
    names = shipped("en")[part]
    out: dict[str, str] = {}
    for name in names:
        key = f"{part}.{name}"
        given = (project or {}).get(key, {})
        for code in chain(lang, default):
            text = given.get(code) or shipped(code).get(part, {}).get(name)
            if text:
                out[name] = text
                break
    return out


def keys() -> Iterator[str]:
    """Every word's key (`<part>.<name>`), in catalogue order."""
    for part in PARTS:
        for name in shipped("en")[part]:
            yield f"{part}.{name}"


def source_text(key: str, lang: str, project: ProjectWords | None = None,
                default: str = "en") -> str:
    """The text of one word (`paper.questions`) in `lang`, with the same fallback."""
    part, _, name = key.partition(".")
    return words(lang, part, project=project, default=default).get(name, "")

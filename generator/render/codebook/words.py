"""The codebook's own words (headings, roles, coverage statuses), per language.

Question text and indicator names come from the bank; these are the codebook's furniture,
read from the one catalogue of interface words (`generator.words`, part `codebook`).
"""

from __future__ import annotations

from generator import words as catalogue
from generator.bank.model import text_direction
from generator.words import ProjectWords


def words(lang: str, project: ProjectWords | None = None, default: str = "en") -> dict[str, str]:
    """The codebook's words in `lang` (fallback: base language, default language, English)."""
    return catalogue.words(lang, "codebook", project=project, default=default)


direction = text_direction
"""`rtl` for right-to-left scripts, else `ltr` (one definition: generator.bank.model)."""

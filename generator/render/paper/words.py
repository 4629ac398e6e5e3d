"""The printed questionnaire's own words (headings, box captions), per language.

Question text comes from the bank; these are the form's furniture, read from the one
catalogue of interface words (`generator.words`, part `paper`).
"""

from __future__ import annotations

from generator import words as catalogue
from generator.words import ProjectWords


def words(lang: str, project: ProjectWords | None = None, default: str = "en") -> dict[str, str]:
    """The form's words in a language (fallback: base language, default language, English)."""
    return catalogue.words(lang, "paper", project=project, default=default)

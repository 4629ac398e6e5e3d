"""The instructions a printed host form adds to its questions, per language.

Question text comes from the host form; these words say what the form's settings mean on
paper (a range, a filtered list, a photo to take). They are part `print` of the one
catalogue of interface words (`generator.words`), with its fallback rule: the language, its
base language, then English.
"""

from __future__ import annotations

from generator import words as catalogue


def words(lang: str) -> dict[str, str]:
    """The instruction words of a language (`fr-CA` → `fr`; English when it has none)."""
    return catalogue.words(lang, "print")

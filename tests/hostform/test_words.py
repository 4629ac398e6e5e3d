"""The words `migmod print` adds to a host form's questions come from the one catalogue of
interface words (part `print`), in every shipped language, with its fallback rule."""

from __future__ import annotations

import string

import pytest

from generator import words as catalogue
from generator.hostform.words import words

LANGS = ("en", "fr", "es", "ar")


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_every_print_word_with_its_fields(lang: str) -> None:
    english = catalogue.shipped("en")["print"]
    own = catalogue.shipped(lang)["print"]
    assert set(own) == set(english) and len(english) >= 13
    for name, text in english.items():
        assert _fields(own[name]) == _fields(text), (lang, name)
    assert words(lang) == own


def test_print_words_fall_back_like_every_word() -> None:
    assert words("fr-CA")["range"] == "PLAGE"
    assert words("sw")["range"] == "RANGE", "a language without words: English"
    assert "print.capture" in set(catalogue.keys())
    # every word the notes use is in the catalogue
    for name in ("media", "each", "lines", "rank", "filter", "capture", "range", "allowed",
                 "photo", "audio", "video", "file", "barcode"):
        assert words("ar")[name] != words("en")[name]

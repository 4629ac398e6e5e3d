"""Plain-language rendering."""

from __future__ import annotations

import pytest

from generator.logic import PHRASES, parse, to_text


class Bank:
    """A small question bank for rendering."""

    labels = {"age": "AGE", "sex": "SEX", "r": "REASONS", "x": "X", "year": "YEAR", "n": "NAME"}
    numbers = {"age": "P03", "sex": "P02", "r": "P05", "x": "P04", "year": "P01"}
    choices = {("sex", "1"): "Male", ("sex", "2"): "Female", ("r", "3"): "Work"}

    def label(self, name: str) -> str:
        return self.labels.get(name, name.upper())

    def number(self, name: str) -> str | None:
        return self.numbers.get(name)

    def choice_label(self, name: str, code: str) -> str | None:
        return self.choices.get((name, code))


CASES = [
    ("${age} >= 15", "AGE (P03) is 15 or more"),
    ("${sex} = '2'", "SEX (P02) is 'Female'"),
    ("${sex} = '7'", "SEX (P02) is 7"),
    ("${sex} != '1'", "SEX (P02) is not 'Male'"),
    ("'2' = ${sex}", "SEX (P02) is 'Female'"),
    ("15 <= ${age}", "AGE (P03) is 15 or more"),
    ("${n} = 'John'", "NAME is 'John'"),
    ("selected(${r}, '3')", "REASONS (P05) includes 'Work'"),
    ("selected(${r}, '9')", "REASONS (P05) includes 9"),
    ("not(${age} < 15)", "not (AGE (P03) is less than 15)"),
    ("${x} != ''", "X (P04) is answered"),
    ("${x} = ''", "X (P04) is not answered"),
    ("'' = ${x}", "X (P04) is not answered"),
    ("${age} < 15", "AGE (P03) is less than 15"),
    ("${age} <= 15", "AGE (P03) is at most 15"),
    ("${age} > 15", "AGE (P03) is more than 15"),
    ("${age} >= 15 and ${sex} = '2'", "AGE (P03) is 15 or more and SEX (P02) is 'Female'"),
    (
        "${age} > 1 and ${age} < 9 and ${x} = ''",
        "AGE (P03) is more than 1 and AGE (P03) is less than 9 and X (P04) is not answered",
    ),
    (
        ". >= 1900 and . <= 2030 or . = 9998",
        "(the answer is 1900 or more and the answer is at most 2030) or the answer is 9998",
    ),
    ("${a} = 1 or (${b} = 2 or ${c} = 3)", "A is 1 or B is 2 or C is 3"),
    ("${year} - ${age} > 1990", "YEAR (P01) minus AGE (P03) is more than 1990"),
    ("(${year} - 1) * 2 = 4", "(YEAR (P01) minus 1) times 2 is 4"),
    ("${age} = -1", "AGE (P03) is -1"),
    ("${age} = today()", "AGE (P03) is today"),
    ("count-selected(${r}) > 1", "the number of choices selected in REASONS (P05) is more than 1"),
    ("string-length(.) > 0", "the length of the answer is more than 0"),
    ("coalesce(${a}, 0) = 1", "coalesce(${a}, 0) is 1"),
    ("format-date(today(), '%Y')", "format-date(today(), '%Y')"),
    ("(${a} = 1) = true()", "(A is 1) is true"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_to_text(source: str, expected: str) -> None:
    assert to_text(parse(source), Bank()) == expected


def test_current_uses_choice_labels_when_named() -> None:
    assert to_text(parse(". = '2'"), Bank(), current="sex") == "the answer is 'Female'"
    assert to_text(parse(". = '2'"), Bank()) == "the answer is 2"


def test_other_language_phrases() -> None:
    PHRASES["xx"] = {**PHRASES["en"], ">=": "{left} ≥ {right}", "ref": "{label}/{number}"}
    try:
        assert to_text(parse("${age} >= 15"), Bank(), lang="xx") == "AGE/P03 ≥ 15"
    finally:
        del PHRASES["xx"]

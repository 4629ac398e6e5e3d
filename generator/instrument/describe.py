"""Routing from the same AST: plain-language universes and a Python evaluator of who is asked.

Both work on a compiled Instrument, so they see exactly the questions, numbers and choice
labels that the XLSForm carries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from generator.bank.model import GeneratedList
from generator.instrument.compile import Instrument, Item
from generator.logic import UNKNOWN, evaluate, parse, to_text, truth
from generator.logic.values import Value


@dataclass(frozen=True, slots=True)
class Describer:
    """The TextContext of an instrument, in one language."""

    instrument: Instrument
    lang: str
    by_name: dict[str, Item]

    @classmethod
    def of(cls, instrument: Instrument, lang: str) -> Describer:
        return cls(instrument, lang, {it.name: it for it in instrument.items()})

    def label(self, name: str) -> str:
        return name.upper().replace("_", " ")

    def number(self, name: str) -> str | None:
        item = self.by_name.get(name)
        return item.number if item else None

    def choice_label(self, name: str, code: str) -> str | None:
        item = self.by_name.get(name)
        list_name = item.question.list_name if item else None
        if not list_name:
            return None
        choices = self.instrument.choices.get(list_name)
        if choices is None:
            raw = self.instrument.bank.choices.get(list_name)
            if raw is None or isinstance(raw, GeneratedList):
                return None
            choices = raw
        found = next((c for c in choices if c.value == code), None)
        return found.label.get(self.lang) if found else None


def universe_text(inst: Instrument, item: Item, lang: str = "en",
                  describer: Describer | None = None) -> str | None:
    """'Ask if …' in plain language, from the item's `relevant`; None when asked of all."""
    if item.question.relevant is None:
        return None
    return to_text(parse(item.question.relevant), describer or Describer.of(inst, lang),
                   lang=lang)


def _walk(items: tuple[Item, ...], parents: tuple[Item, ...]) -> Iterator[tuple[Item,
                                                                                tuple[Item, ...]]]:
    for it in items:
        yield it, parents
        yield from _walk(it.children, (*parents, it))


@dataclass(frozen=True, slots=True)
class Walk:
    """What one respondent is asked, and every value after the walk (calculations too)."""

    asked: list[str]
    values: dict[str, Value | int]


def asked(inst: Instrument, answers: Mapping[str, Value | int], *, level: str | None = None,
          context: Mapping[str, Value | int] | None = None,
          today: dt.date | None = None) -> list[str]:
    """The questions asked, in order, of one respondent who gives `answers`."""
    return simulate(inst, answers, level=level, context=context, today=today).asked


def simulate(inst: Instrument, answers: Mapping[str, Value | int], *,
             level: str | None = None, context: Mapping[str, Value | int] | None = None,
             today: dt.date | None = None) -> Walk:
    """Walk the instrument for one respondent who gives `answers`.

    Questions not asked hold '' (as in ODK); calculations are evaluated in order.
    `level` limits the walk to blocks of one level (e.g. 'person'); `context` gives the
    values of questions outside that walk (e.g. the household's reference year).
    """
    env: dict[str, Value | int] = dict(context or {})
    out: list[str] = []
    relevant_of: dict[str, bool] = {}
    for block in inst.blocks:
        if level is not None and block.level.value != level:
            continue
        for item, parents in _walk(block.items, ()):
            q = item.question
            on = all(relevant_of.get(p.name, True) for p in parents)
            relevant = item.expr("relevant")
            if on and relevant is not None:
                on = truth(evaluate(relevant, env, today=today)) is True
            relevant_of[q.name] = on
            if not on:
                env[q.name] = ""
                continue
            calculation = item.expr("calculation")
            if q.kind == "calculate" and calculation is not None:
                value = evaluate(calculation, env, today=today)
                env[q.name] = "" if value is UNKNOWN else value
            else:
                env[q.name] = answers.get(q.name, "")
            if q.is_asked:
                out.append(q.name)
    return Walk(out, env)

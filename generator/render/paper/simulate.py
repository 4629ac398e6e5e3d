"""A literal interviewer: reads the printed rows, to prove that paper and CAPI agree.

They start at a section's first row; at a question they record the answer, then go where
the arrow printed next to that answer's code names, or to the next row; at a CHECK row
they go on when it holds and to the printed NO target otherwise. A target is found by its
printed number; the language's "next section" ends the section. Nothing else is known to
them: no row is reached through a convention the page does not print.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.instrument.compile import flat
from generator.logic import evaluate, truth
from generator.logic.ast import refs
from generator.logic.values import Value
from generator.render.paper.plan import Check, PaperPlan, Section
from generator.render.paper.view import PaperView, Row, SectionView, paper_view


class PaperError(Exception):
    """The printed rows cannot be followed (an arrow names no printed row, or goes back)."""


def follow(paper: PaperPlan, answers: Mapping[str, Value | int], *, level: str | None = None,
           context: Mapping[str, Value | int] | None = None,
           view: PaperView | None = None, seen: dict[str, set[bool]] | None = None
           ) -> list[str]:
    """The questions asked, in order, by an interviewer who reads only the printed page
    (`view`, by default the first language's). `seen` collects each CHECK row's outcomes,
    under its number and, when an arrow led there, under 'FROM>CHECK' too."""
    if view is None:
        view = paper_view(paper, paper.instrument.languages[0].code)
    env: dict[str, Value | int] = dict(context or {})
    asked: list[str] = []
    for section, printed in zip(paper.sections, view.sections, strict=True):
        if level is not None and section.block.level.value != level:
            continue
        _calculations(section, env)
        # a member's line of roster columns ends where the section would ("NEXT LINE")
        ends = frozenset({view.words["next_section"], view.words.get("next_line", "")} - {""})
        asked.extend(_walk(section, printed, ends, answers, env, {} if seen is None else seen))
        _calculations(section, env)
    return asked


def _walk(section: Section, printed: SectionView, ends: frozenset[str],
          answers: Mapping[str, Value | int], env: dict[str, Value | int],
          seen: dict[str, set[bool]]) -> list[str]:
    rows = printed.rows
    where = {r.number: k for k, r in enumerate(rows)}
    if len(where) != len(rows):
        raise PaperError(f"two rows share a number in section {printed.id}")
    names = {e.number: e.name for e in section.entries}
    checks = {c.number: c for c in section.rows() if isinstance(c, Check)}
    calculated = {it.name for it in flat(section.block.items) if it.question.kind == "calculate"}
    for e in section.entries:
        env.setdefault(e.name, "")
    out: list[str] = []
    k, came = 0, ""
    while k < len(rows):
        row = rows[k]
        if row.kind == "check":
            if any(r.name in calculated for r in refs(checks[row.number].condition)):
                _calculations(section, env)
            holds = truth(evaluate(checks[row.number].condition, env)) is True
            seen.setdefault(row.number, set()).add(holds)
            if came:
                seen.setdefault(f"{came}>{row.number}", set()).add(holds)
            k, came = (k + 1, "") if holds else \
                (_go(row.goto, where, k, ends, len(rows)), row.number)
            continue
        name = names[row.number]
        answer = answers.get(name, "")
        env[name] = answer
        out.append(name)
        goto = _arrow(row, answer)
        k, came = (k + 1, "") if not goto else \
            (_go(goto, where, k, ends, len(rows)), row.number)
    return out


def _arrow(row: Row, answer: Value | int) -> str:
    """The arrow printed next to the answer's code, else the row's own arrow (for every
    answer without a category, and for every answer of a multiple choice: its categories
    carry no arrows), else none."""
    text = str(answer).removesuffix(".0")
    for c in row.categories:
        if c.code == text or (row.response == "digits" and text.isdigit()
                              and c.code.isdigit() and int(c.code) == int(text)):
            return c.goto or (row.goto if row.response == "multi" else "")
    return row.goto


def _go(target: str, where: dict[str, int], here: int, ends: frozenset[str], size: int) -> int:
    if target in ends:
        return size
    if target not in where or where[target] <= here:
        raise PaperError(f"arrow to {target!r} names no printed row ahead")
    return where[target]


def _calculations(section: Section, env: dict[str, Value | int]) -> None:
    """Work out the section's calculations from what is known (as the form does)."""
    def visit(items: tuple) -> None:  # type: ignore[type-arg]
        for it in items:
            expr = it.expr("calculation")
            if it.question.kind == "calculate" and expr is not None:
                env[it.name] = evaluate(expr, env)
            visit(it.children)

    visit(section.block.items)

"""An interviewer following the printed instructions, to prove paper and CAPI agree."""

from __future__ import annotations

from collections.abc import Mapping

from generator.logic import evaluate, parse, truth
from generator.logic.values import Value
from generator.render.paper.plan import END, PaperPlan, Section


def follow(paper: PaperPlan, answers: Mapping[str, Value | int], *, level: str | None = None,
           context: Mapping[str, Value | int] | None = None) -> list[str]:
    """The questions asked, in order, by an interviewer who reads only the paper.

    At a CHECK box the interviewer decides from the answers recorded so far (a question
    not asked is blank); after an answer with an arrow they go where it points.
    Derived values (calculations) are worked out as the form would.
    """
    env: dict[str, Value | int] = dict(context or {})
    asked: list[str] = []
    for section in paper.sections:
        if level is not None and section.block.level.value != level:
            continue
        _calculations(section, env)
        asked.extend(_walk(section, answers, env))
    return asked


def _walk(section: Section, answers: Mapping[str, Value | int],
          env: dict[str, Value | int]) -> list[str]:
    entries = section.entries
    index = {e.number: k for k, e in enumerate(entries)}
    out: list[str] = []
    for e in entries:
        env.setdefault(e.name, "")
    k = 0
    while k < len(entries):
        entry = entries[k]
        box = entry.check
        starts_run = box is not None and (k == 0 or entries[k - 1].check is not box)
        if box is not None and starts_run and truth(evaluate(box.condition, env)) is not True:
            k = len(entries) if box.target == END else index[box.target]
            continue
        answer = answers.get(entry.name, "")
        env[entry.name] = answer
        out.append(entry.name)
        _calculations(section, env)
        goto = entry.skips.get(str(answer).removesuffix(".0")) if answer != "" else None
        k = k + 1 if goto is None else (len(entries) if goto == END else index[goto])
    return out


def _calculations(section: Section, env: dict[str, Value | int]) -> None:
    """Work out the section's calculations from what is known (as the form does)."""
    def visit(items: tuple) -> None:  # type: ignore[type-arg]
        for it in items:
            if it.question.kind == "calculate" and it.calculation is not None:
                env[it.name] = evaluate(it.expr("calculation") or parse(it.calculation), env)
            visit(it.children)

    visit(section.block.items)

"""The literal interviewer on a printed host form: random answer paths, and the questions
the paper asks compared with those the form's relevance makes relevant."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from generator.hostform import HostPaper
from generator.instrument.describe import simulate
from generator.logic.ast import Num, Ref, Str, walk
from generator.render.paper import PaperPlan, follow, plan


def constants(paper: HostPaper) -> dict[str, list[str]]:
    """Values each question is compared with anywhere in the form (to hit both branches)."""
    out: dict[str, set[str]] = {}
    for it in paper.instrument.items():
        for expr in it.exprs.values():
            nodes = list(walk(expr))
            names = [n.name for n in nodes if isinstance(n, Ref)]
            values = [n.value if isinstance(n, Str) else n.text for n in nodes
                      if isinstance(n, Str | Num)]
            for name in names:
                out.setdefault(name, set()).update(values)
    return {k: sorted(v) for k, v in out.items()}


def random_path(paper: HostPaper, rng: random.Random,
                seen: dict[str, list[str]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(answers, context): an answer for every question, a truth value for every quoted
    condition and a value for every hidden field the paper cannot work out."""
    inst = paper.instrument
    answers: dict[str, Any] = {}
    for it in inst.items():
        kind = it.question.kind
        pool = list(seen.get(it.name, []))
        choices = [c.value for c in inst.choices.get(it.question.list_name or "", [])]
        if kind == "select_one" and choices:
            pool = choices  # an answer on paper is one of the printed codes
        elif kind == "select_multiple" and choices:
            picked = rng.sample(choices, rng.randint(1, min(3, len(choices))))
            answers[it.name] = " ".join(picked)
            continue
        elif kind in ("integer", "decimal"):
            pool += [str(int(float(v)) + d) for v in pool if _num(v) for d in (-1, 1)]
            pool += [str(rng.randint(0, 20))]
        if it.question.is_container:
            continue
        if it.question.required:  # the device never takes a blank answer here
            pool = [v for v in pool if v != ""]
        if not any(v != "" for v in pool):  # compared only with blank: a written answer too
            pool += ["1", "x"]
        answers[it.name] = rng.choice(pool)
    context: dict[str, Any] = {"__position__": 1}
    for it in inst.items():  # hidden fields the paper cannot work out: known as on the device
        if it.question.kind == "calculate" and it.calculation is None and it.name in answers:
            context[it.name] = answers[it.name]
    for op in paper.opaque:
        context[op.name] = rng.random() < 0.5
        answers[op.name] = context[op.name]
    return answers, context


def _num(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def disagreements(paper: HostPaper, paths: int, seed: int = 1,
                  printed: PaperPlan | None = None) -> tuple[Counter[str], list[str]]:
    """How often each question was asked over all paths, and the disagreements."""
    rng = random.Random(seed)
    seen = constants(paper)
    printed = printed or plan(paper.instrument)
    asked: Counter[str] = Counter()
    bad: list[str] = []
    for k in range(paths):
        answers, context = random_path(paper, rng, seen)
        form = simulate(paper.instrument, answers, context=context).asked
        paper_asks = follow(printed, answers, context=context)
        asked.update(form)
        if form != paper_asks:
            first = next((i for i, (a, b) in enumerate(zip(form, paper_asks, strict=False))
                          if a != b), min(len(form), len(paper_asks)))
            bad.append(f"path {k}: form {form[first:first + 3]} paper "
                       f"{paper_asks[first:first + 3]}")
    return asked, bad

"""Survey profiles: a named selection of the bank with its own parameters, applied at compile.

A profile lists modules and, per module, the questions it keeps; what those questions read
(in expressions and `${name}` in texts) comes along, and so do the calculations whose inputs
are all kept. The profile sets the tier (a `--tier core` build narrows it further) and the
usual-residence rule (the `residence_months` survey parameter) and its other survey parameters
(the 10.7.1 window, the working-age limit), which build options override.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from generator.bank.model import Bank, Module, Profile, Question, Tier
from generator.issues import Issue, Location, issue
from generator.logic import parse
from generator.logic.ast import refs
from generator.logic.errors import ExprSyntaxError

if TYPE_CHECKING:
    from generator.instrument.compile import BuildOptions

TEXT_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
TEXT_FIELDS = ("label", "hint", "constraint_message", "required_message")


def resolve_profile(bank: Bank, options: BuildOptions,
                    ) -> tuple[BuildOptions, frozenset[str] | None, list[Issue]]:
    """The options with the profile's selection and parameters, and the questions it keeps."""
    if not options.profile:
        return options, None, []
    prof = bank.profiles.get(options.profile)
    if prof is None:
        known = ", ".join(bank.profiles) or "none"
        return options, None, [issue("REF018", f"unknown profile '{options.profile}'",
                                     Location("--profile"), hint=f"the bank's profiles: {known}")]
    tier = Tier.CORE if Tier.CORE in (options.tier, prof.tier) else Tier.EXTENDED
    params: dict[str, int] = {str(k): v for k, v in prof.parameters.items()}
    params.update(options.parameters)
    resolved = dataclasses.replace(
        options, modules=options.modules or tuple(prof.modules), tier=tier,
        residence_rule=options.residence_rule or prof.residence_rule,
        parameters=tuple(sorted(params.items())))
    return resolved, kept_questions(bank, prof), []


def kept_questions(bank: Bank, prof: Profile) -> frozenset[str]:
    """The profile's questions, closed over what they read, with their containers."""
    modules = [m for m in bank.modules if m.meta.id in prof.modules]
    by_name = {q.name: q for _, q in bank.questions()}
    keep: set[str] = set()
    for m in modules:
        names = prof.questions.get(m.meta.id)
        keep |= {q.name for _, q in m.walk()} if names is None else set(names)
    calcs = [q for m in modules for _, q in m.walk() if q.kind == "calculate"]
    changed = True
    while changed:
        before = len(keep)
        for name in list(keep):
            if name in by_name:
                keep |= reads(by_name[name]) & by_name.keys()
        keep |= {q.name for q in calcs if reads(q) & by_name.keys() <= keep}
        changed = len(keep) != before
    for m in modules:
        keep |= _containers(m, keep)
    return frozenset(keep)


def reads(q: Question) -> set[str]:
    """Names a question reads: references in its expressions and `${name}` in its texts."""
    out: set[str] = set()
    for _, source in q.expressions():
        try:
            out |= {r.name for r in refs(parse(source))}
        except ExprSyntaxError:
            continue
    for fld in TEXT_FIELDS:
        for text in getattr(q, fld).values():
            out |= set(TEXT_REF.findall(text))
    return out


def _containers(module: Module, keep: set[str]) -> set[str]:
    """Groups and repeats holding a kept question."""
    out: set[str] = set()

    def visit(items: list[Question]) -> bool:
        any_kept = False
        for q in items:
            inner = visit(q.questions)
            if q.is_container and inner:
                out.add(q.name)
            any_kept = any_kept or inner or q.name in keep
        return any_kept

    visit(module.questions)
    return out


def profile_issues(bank: Bank,
                   locate: Callable[[str, tuple[str | int, ...]], Location]) -> list[Issue]:
    """REF017 for a profile naming a module or question the bank does not have.

    `locate(profile_id, path_inside_the_profile)` gives the position in its file.
    """
    found: list[Issue] = []
    for pid, prof in bank.profiles.items():
        for i, mid in enumerate(prof.modules):
            if bank.module(mid) is None:
                found.append(issue("REF017", f"profile '{pid}' names unknown module '{mid}'",
                                   locate(pid, ("modules", i))))
        for mid, names in prof.questions.items():
            mod = bank.module(mid)
            if mid not in prof.modules or mod is None:
                found.append(issue("REF017", f"profile '{pid}' selects questions of '{mid}', "
                                   "which is not one of its modules",
                                   locate(pid, ("questions", mid))))
                continue
            have = {q.name for _, q in mod.walk()}
            for i, name in enumerate(names):
                if name not in have:
                    found.append(issue("REF017", f"profile '{pid}': '{name}' is not a "
                                       f"question of module '{mid}'",
                                       locate(pid, ("questions", mid, i))))
    return found

"""What changed between two versions of a bank: modules, questions, codes and routing."""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from generator.bank.model import Bank, Choice, GeneratedList, Question

_COMPARED = ("type", "relevant", "constraint", "calculation", "choice_filter", "repeat_count",
             "required", "appearance", "tier", "label", "hint", "constraint_message")


@dataclass(slots=True)
class BankDiff:
    old_version: str
    new_version: str
    lines: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.lines)

    def to_text(self) -> str:
        head = f"bank {self.old_version} → {self.new_version}"
        return "\n".join([head, *(self.lines or ["no changes"])])


def diff_banks(old: Bank, new: Bank) -> BankDiff:
    """Added, removed and changed modules, questions, choice codes and routing."""
    out = BankDiff(old.meta.version, new.meta.version)
    old_mods = {m.meta.id: m for m in old.modules}
    new_mods = {m.meta.id: m for m in new.modules}
    out.lines += [f"+ module {m}" for m in new_mods if m not in old_mods]
    out.lines += [f"- module {m}" for m in old_mods if m not in new_mods]
    old_q = {q.name: (m.meta.id, q) for m, q in old.questions()}
    new_q = {q.name: (m.meta.id, q) for m, q in new.questions()}
    for name, (mod, q) in new_q.items():
        if name not in old_q:
            out.lines.append(f"+ question {mod}.{name} ({q.type})")
            continue
        out.lines += [f"~ question {mod}.{name}: {line}" for line in _question(old_q[name][1], q)]
        if old_q[name][0] != mod:
            out.lines.append(f"~ question {name}: moved from {old_q[name][0]} to {mod}")
    out.lines += [f"- question {mod}.{name}" for name, (mod, _) in old_q.items()
                  if name not in new_q]
    for list_name in sorted(set(old.choices) | set(new.choices)):
        out.lines += _choices(list_name, old.choices.get(list_name), new.choices.get(list_name))
    return out


def _question(old: Question, new: Question) -> list[str]:
    lines = []
    for fld in _COMPARED:
        a, b = getattr(old, fld), getattr(new, fld)
        if a == b:
            continue
        what = "routing" if fld == "relevant" else fld
        if isinstance(a, dict) and isinstance(b, dict):
            langs = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            lines.append(f"{what} changed in {', '.join(langs)}")
        else:
            lines.append(f"{what} {a!r} → {b!r}")
    old_links = {(i.id, i.role.value) for i in old.indicators}
    new_links = {(i.id, i.role.value) for i in new.indicators}
    lines += [f"+ indicator {i} ({r})" for i, r in sorted(new_links - old_links)]
    lines += [f"- indicator {i} ({r})" for i, r in sorted(old_links - new_links)]
    return lines


def _codes(items: list[Choice] | GeneratedList | None) -> dict[str, Choice]:
    if items is None:
        return {}
    listed = items.extra if isinstance(items, GeneratedList) else items
    return {c.value: c for c in listed}


def _choices(name: str, old: list[Choice] | GeneratedList | None,
             new: list[Choice] | GeneratedList | None) -> list[str]:
    if old is None:
        return [f"+ choice list {name}"]
    if new is None:
        return [f"- choice list {name}"]
    a, b = _codes(old), _codes(new)
    lines = [f"+ code {name}.{c}" for c in b if c not in a]
    lines += [f"- code {name}.{c}" for c in a if c not in b]
    for c in a:
        if c in b and a[c].label != b[c].label:
            langs = sorted(k for k in set(a[c].label) | set(b[c].label)
                           if a[c].label.get(k) != b[c].label.get(k))
            lines.append(f"~ code {name}.{c}: label changed in {', '.join(langs)}")
    return lines


def materialise(spec: str, repo: Path, into: Path) -> Path:
    """A bank folder from a path, or from `REV:PATH` in the git repository `repo`."""
    if Path(spec).is_dir():
        return Path(spec)
    rev, _, sub = spec.partition(":")
    sub = sub or "modules"
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", rev, sub],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        raise LookupError(archive.stderr.decode(errors="replace").strip() or spec)
    target = Path(tempfile.mkdtemp(dir=into))
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target / sub

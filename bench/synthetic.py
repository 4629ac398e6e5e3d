"""Synthetic banks of a given size, for measuring how `migmod check` scales."""

from __future__ import annotations

from pathlib import Path

PER_MODULE = 100


def write_bank(folder: Path, questions: int) -> Path:
    """A valid bank of `questions` questions in modules of 100, with skip logic and codes."""
    folder.mkdir(parents=True, exist_ok=True)
    modules = [f"m{i:04d}" for i in range((questions + PER_MODULE - 1) // PER_MODULE)]
    listed = "\n".join(f"    - {m}" for m in modules)
    (folder / "bank.yaml").write_text(
        "bank:\n  id: synthetic\n  title: {en: Synthetic}\n  version: \"1.0\"\n"
        f"  languages:\n    - {{code: en, name: English}}\n  modules:\n{listed}\n"
        "choices:\n  yn:\n    - {code: 1, label: {en: \"Yes\"}}\n"
        "    - {code: 2, label: {en: \"No\"}}\n    - {code: 8, label: {en: \"Don't know\"}}\n",
        encoding="utf-8")
    left = questions
    for m in modules:
        count = min(PER_MODULE, left)
        left -= count
        lines = [f"module:\n  id: {m}\n  title: {{en: Module {m}}}\n  level: household\n"
                 f"  tier: core\n  prefix: Q\n  source: synthetic\nquestions:"]
        for k in range(count):
            name = f"{m}_q{k:03d}"
            lines.append(f"  - name: {name}\n    type: select_one yn\n"
                         f"    label: {{en: \"Question {k} of {m}?\"}}")
            if k % 3 == 1:
                lines.append(f"    relevant: \"${{{m}_q{k - 1:03d}}} = '1'\"")
            elif k % 3 == 2:
                lines.append(f"    relevant: \"${{{m}_q{k - 2:03d}}} != '2' or "
                             f"${{{m}_q{k - 1:03d}}} = '8'\"")
        (folder / f"{m}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder

"""No raw placeholder reaches an output: every `{name}` the bank defines must be filled.

Text outputs are scanned after rendering, so a text that some path leaves unfilled (a
reserved code printed from the raw bank, a label a renderer reads around the compiled
instrument) fails the build with its place in the output, whichever renderer made it.
"""

from __future__ import annotations

import re

from generator.issues import Issue, Location, issue

TEXT_SUFFIXES = (".html", ".xml", ".csv", ".json", ".do", ".sps", ".R", ".txt", ".md")


def placeholder_leaks(outputs: dict[str, bytes], names: set[str]) -> list[Issue]:
    """An OUT007 error for each `{name}` of `names` left in a text output."""
    if not names:
        return []
    pattern = re.compile(r"(?<!\$)\{(" + "|".join(sorted(map(re.escape, names))) + r")\}")
    found: list[Issue] = []
    for file in sorted(outputs):
        if not file.endswith(TEXT_SUFFIXES):
            continue
        text = outputs[file].decode("utf-8", errors="replace")
        for m in pattern.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
            context = text[max(0, m.start() - 30):m.end() + 10].replace("\n", " ").strip()
            found.append(issue(
                "OUT007", f"raw placeholder '{m.group(0)}' in the output: …{context}…",
                Location(file, line, col, len(m.group(0)))))
    return found

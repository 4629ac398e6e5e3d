"""A host form's expressions in the bank's expression language, never failing.

Each expression is parsed as a whole when it is inside the supported XPath subset. When it
is not, it is cut at its top-level `and` / `or` and each part is tried again; a part that
still does not parse becomes an *opaque condition*: a hidden variable the printed CHECK box
names by quoting the part readably, so the rest of the condition is still in plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.logic import ExprSyntaxError, parse
from generator.logic.ast import Binary, Call, Expr, Ref, walk

_REF = re.compile(r"\$\{([^}]*)\}")
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")
_PATH = re.compile(r"(?<![\w)\]}.$])((?:\.\./)+|/(?:[A-Za-z_][\w.-]*/)*)([A-Za-z_][\w-]*)"
                   r"(?![\w.(/\[-])")
OPAQUE_PREFIX = "xpr__"
"""Names of opaque conditions; pyxform names cannot start like this with two underscores
after a word that is not a question's, so they never collide (checked when made)."""


@dataclass(frozen=True, slots=True)
class Opaque:
    """A condition printed as a quotation: its variable, the host text, where it came from."""

    name: str
    source: str
    question: str
    field: str


@dataclass(slots=True)
class Translator:
    """Translates expressions, renaming host names to safe ones and collecting opaque parts."""

    names: dict[str, str]
    """Host name → safe name (the bank's name pattern)."""
    opaque: list[Opaque] = field(default_factory=list)

    def rename(self, source: str) -> str:
        """`${host-name}` → `${safe_name}` everywhere in the expression; outside string
        literals, a path to a question (`../name`, `/data/group/name`, as pyxform writes for
        `or_other`) → `${name}`."""
        def path(m: re.Match[str]) -> str:
            name = m.group(2)
            return "${" + self.names[name] + "}" if name in self.names else m.group(0)

        pieces = []
        last = 0
        for lit in _STRING.finditer(source):
            pieces.append(_PATH.sub(path, source[last:lit.start()]))
            pieces.append(lit.group(0))
            last = lit.end()
        pieces.append(_PATH.sub(path, source[last:]))
        return _REF.sub(lambda m: "${" + self.names.get(m.group(1).strip(),
                                                        m.group(1)) + "}", "".join(pieces))

    def strict(self, source: str) -> Expr | None:
        """The expression parsed whole, or None when it is outside the subset."""
        try:
            return parse(self.rename(source))
        except (ExprSyntaxError, RecursionError):
            return None

    def condition(self, source: str, question: str, fld: str) -> Expr:
        """A condition in the bank's language; unsupported parts become opaque."""
        return self._part(source.strip(), question, fld, 0)

    def _part(self, source: str, question: str, fld: str, depth: int) -> Expr:
        whole = self.strict(source)
        if whole is not None and supported(whole):
            return whole
        if depth < 20:
            for op in ("or", "and"):
                parts = split_top(source, op)
                if len(parts) > 1:
                    exprs = [self._part(p, question, fld, depth + 1) for p in parts]
                    out = exprs[0]
                    for e in exprs[1:]:
                        out = Binary(op, out, e)
                    return out
            inner = _unwrap(source)
            if inner is not None:
                return self._part(inner, question, fld, depth + 1)
        name = f"{OPAQUE_PREFIX}{len(self.opaque) + 1}"
        while name in self.names.values():
            name += "_"
        self.opaque.append(Opaque(name, source, question, fld))
        return Ref(name)


_UNSUPPORTED = frozenset({"indexed-repeat", "position", "jr:choice-name", "regex", "random",
                          "uuid", "once", "count", "sum", "max", "min", "join", "now"})


def supported(expr: Expr) -> bool:
    """Whether every part of `expr` can be read and evaluated from one respondent's answers
    (repeat-wide functions and lookups are quoted instead)."""
    return not any(isinstance(n, Call) and n.name in _UNSUPPORTED for n in walk(expr))


def split_top(source: str, op: str) -> list[str]:
    """`source` cut at the top-level word `op` (outside parentheses, brackets and quotes)."""
    masked = _STRING.sub(lambda m: "_" * len(m.group(0)), source)
    parts, depth, start, i = [], 0, 0, 0
    word = re.compile(rf"(?<![\w$:.-]){op}(?![\w:.-])")
    while i < len(masked):
        ch = masked[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and (m := word.match(masked, i)) and (i == 0 or masked[i - 1] in " )\t\n"):
            parts.append(source[start:i].strip())
            start = i = m.end()
            continue
        i += 1
    parts.append(source[start:].strip())
    return [p for p in parts if p] if len(parts) > 1 and all(parts) else [source]


def _unwrap(source: str) -> str | None:
    """The text inside one pair of parentheses around the whole expression, if any."""
    s = source.strip()
    if not (s.startswith("(") and s.endswith(")")):
        return None
    masked = _STRING.sub(lambda m: "_" * len(m.group(0)), s)
    depth = 0
    for i, ch in enumerate(masked):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i < len(s) - 1:
            return None
    return s[1:-1]


def quote(source: str, number_of: dict[str, str]) -> str:
    """The expression as printed in a CHECK box: `${name}` as its question number (or its
    name in capitals), whitespace collapsed, never cut."""
    def ref(m: re.Match[str]) -> str:
        name = m.group(1).strip()
        return number_of.get(name) or name.upper()

    return " ".join(_REF.sub(ref, source).split())

"""The words printed with each host question: label, and an instruction made of the notes
before it, the repeat's line instruction, the hint, the list filter, the allowed range and
the device-recorded answer placeholder."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from generator.hostform.exprs import Translator, quote
from generator.hostform.texts import media_file, pick, plain
from generator.hostform.tree import Node
from generator.hostform.words import words
from generator.instrument.compile import Item
from generator.logic import to_text
from generator.logic.ast import Binary, Call, Current, Expr, Num, walk

_LOW = {">=": "{}", ">": "> {}"}
_HIGH = {"<=": "{}", "<": "< {}"}


class _Context:
    """Names and numbers for plain-language conditions (TextContext)."""

    def __init__(self, numbers: dict[str, str]) -> None:
        self.numbers = numbers

    def label(self, name: str) -> str:
        return name.upper().replace("_", " ")

    def number(self, name: str) -> str | None:
        return self.numbers.get(name)

    def choice_label(self, name: str, code: str) -> str | None:
        return None


@dataclass(slots=True)
class Notes:
    langs: list[tuple[str, str]]
    by_host: dict[str, str]
    tr: Translator
    repeat: Node | None
    numbers: dict[str, str] = field(default_factory=dict)
    pending: list[Node] = field(default_factory=list)
    first: bool = True
    last: str | None = None

    def plain(self, text: str) -> str:
        return plain(text, self.by_host)

    def add(self, note: Node) -> None:
        """A note: printed as an instruction of the next question (or the last one)."""
        self.pending.append(note)

    def _order(self) -> list[str]:
        return [h for h, _ in self.langs]

    def texts(self, n: Node, constraint: Expr | None) -> dict[str, dict[str, str]]:
        label: dict[str, str] = {}
        hint: dict[str, str] = {}
        order = self._order()
        for h, code in self.langs:
            w = words(code)
            text = self.plain(pick(n.label(), h, order)) or n.host
            image = media_file(n.raw, h, order)
            label[code] = f"{text} {w['media'].format(file=image)}" if image else text
            parts = [self.plain(pick(note.label(), h, order)) for note in self.pending]
            if self.first and self.repeat is not None:
                what = self.plain(pick(self.repeat.label(), h, order)) or self.repeat.host
                parts.append(w["each"].format(what=what))
                count = (self.repeat.raw.get("control") or {}).get("jr:count")
                if isinstance(count, str) and count.strip():
                    parts.append(f"{w['lines']}: {quote(count, self.by_host)}")
            parts.append(self.plain(pick(n.raw.get("hint"), h, order)))
            if n.raw.get("type") == "rank":
                parts.append(w["rank"])
            flt = n.raw.get("choice_filter")
            if isinstance(flt, str) and flt.strip():
                parts.append(f"{w['filter']}: {quote(flt, self.by_host)}")
            parts.append(self._allowed(n, constraint, code, h))
            if n.captured:
                parts.append(w["capture"].format(what=w[n.captured]))
            hint[code] = " ".join(_sentence(p) for p in parts if p)
        self.pending, self.first, self.last = [], False, n.name
        out = {"label": label}
        if any(hint.values()):
            out["hint"] = hint
        return out

    def _allowed(self, n: Node, constraint: Expr | None, code: str, host: str) -> str:
        """The allowed answers: a range; else the form's constraint message; else a simple
        constraint in words (one with functions is left to the message)."""
        w = words(code)
        message = (n.raw.get("bind") or {}).get("jr:constraintMsg")
        said = self.plain(pick(message, host, self._order())) if message else ""
        if constraint is None:
            return said
        bounds = _range(constraint)
        if bounds is not None:
            return f"{w['range']}: {bounds[0]}\u2013{bounds[1]}"
        if said or any(isinstance(x, Call) for x in walk(constraint)):
            return said
        text = to_text(constraint, _Context(self.numbers), current=n.name, lang=code)
        return f"{w['allowed']}: {text}"

    def finish(self, items: tuple[Item, ...]) -> tuple[Item, ...]:
        """Notes after the section's last question join that question's instruction."""
        if not self.pending or self.last is None:
            return items
        order = self._order()
        extra = {c: " ".join(self.plain(pick(note.label(), h, order)) for note in self.pending)
                 for h, c in self.langs}
        self.pending = []
        return tuple(_amend(it, self.last, extra) for it in items)


def _sentence(text: str) -> str:
    """Parts of an instruction read as sentences: each ends with a stop."""
    return text if text[-1] in ".!?:;)]…。؟" else f"{text}."


def _terms(expr: Expr) -> list[Binary]:
    if isinstance(expr, Binary) and expr.op == "and":
        return _terms(expr.left) + _terms(expr.right)
    return [expr] if isinstance(expr, Binary) else []


def _range(expr: Expr) -> tuple[str, str] | None:
    """(low, high) of a constraint `. >= a and . <= b` (either order, strict or not)."""
    terms = _terms(expr)
    low = high = None
    for t in terms:
        if isinstance(t.left, Current) and isinstance(t.right, Num):
            if t.op in _LOW:
                low = _LOW[t.op].format(t.right.text)
            elif t.op in _HIGH:
                high = _HIGH[t.op].format(t.right.text)
    return (low, high) if len(terms) == 2 and low and high else None


def _amend(item: Item, name: str, extra: dict[str, str]) -> Item:
    if item.name == name and item.number:
        texts = dict(item.texts)
        hint = dict(texts.get("hint", {}))
        for code, text in extra.items():
            hint[code] = f"{hint.get(code, '')} {text}".strip()
        texts["hint"] = hint
        return dataclasses.replace(item, texts=texts)
    if not item.children:
        return item
    return dataclasses.replace(item, children=tuple(_amend(c, name, extra)
                                                    for c in item.children))

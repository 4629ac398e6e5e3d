"""Read bank YAML files safely, keeping the position of every key and value.

YAML is composed (never constructed) with libyaml's safe composer, then turned into plain
data by hand: scalars follow the YAML 1.2 core schema (so `No` stays the string "No"),
duplicate keys and aliases are refused, and each node's position goes to a SourceMap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.bank.sourcemap import DataPath, SourceMap, Span
from generator.issues import Issue, Location, issue

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is in every wheel

MAX_BYTES = 5_000_000
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
         "FALSE": False}
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


@dataclass(frozen=True, slots=True)
class LoadedFile:
    file: str
    text: str
    data: Any
    sourcemap: SourceMap


class _Refused(Exception):
    def __init__(self, found: Issue) -> None:
        super().__init__(found.message)
        self.found = found


def display_path(path: Path) -> str:
    """A path as users see it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path) -> tuple[LoadedFile | None, list[Issue]]:
    """Read one YAML file into plain data and a SourceMap, or return located issues."""
    name = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [issue("YML007", f"{size} bytes is over the {MAX_BYTES}-byte limit",
                                Location(name))]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [issue("YML001", f"cannot read file: {exc.strerror}", Location(name))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [issue("YML003", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                            Location(name, line, col))]
    text = text.removeprefix("\ufeff")
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> tuple[LoadedFile | None, list[Issue]]:
    """Parse YAML text (see `read_yaml`)."""
    if not text.strip() or all(ln.strip().startswith("#") or not ln.strip()
                               for ln in text.splitlines()):
        return None, [issue("YML004", "the file is empty", Location(name, 1, 1))]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_issue(exc, name, text)]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, [issue("YML001", f"character U+{exc.character:04X} is not allowed in YAML"
                            if isinstance(exc.character, int) else str(exc),
                            Location(name, line, col))]
    except yaml.YAMLError as exc:
        return None, [issue("YML001", str(exc).splitlines()[0], Location(name, 1, 1))]
    if node is None:
        return None, [issue("YML004", "the file is empty", Location(name, 1, 1))]
    smap = SourceMap(name)
    try:
        data = _convert(node, (), smap, set())
    except _Refused as refused:
        return None, [refused.found]
    except RecursionError:
        return None, [issue("YML001", "the YAML is nested too deeply", Location(name, 1, 1))]
    return LoadedFile(name, text, data, smap), []


def _syntax_issue(exc: yaml.MarkedYAMLError, name: str, text: str) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    lines = text.splitlines()
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or "\t" in src[: max(col, 1)]:
        tab = src.find("\t")
        return issue("YML006", "a tab character is used for indentation",
                     Location(name, line, tab + 1 if tab >= 0 else col))
    message = problem if not exc.context else f"{problem} ({exc.context})"
    ctx = exc.context_mark
    hint = (f"the construct began at line {ctx.line + 1}, column {ctx.column + 1}"
            if ctx is not None and ctx.line + 1 != line else None)
    return issue("YML001", message, Location(name, line, col), hint=hint)


def _span(node: yaml.Node) -> Span:
    s, e = node.start_mark, node.end_mark
    style = getattr(node, "style", None)
    return Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1, style)


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in
               ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "binary")}


def _convert(node: yaml.Node, path: DataPath, smap: SourceMap, seen: set[int]) -> Any:
    smap.values[path] = _span(node)
    if node.tag not in _PLAIN_TAGS:
        s = _span(node)
        raise _Refused(issue("YML008", f"YAML tag '{node.tag}' is not allowed",
                             Location(smap.file, s.line, s.col)))
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if id(node) in seen:
        s = _span(node)
        raise _Refused(issue("YML005", "this anchored node is repeated through an alias",
                             Location(smap.file, s.line, s.col)))
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), smap, seen) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                s = _span(knode)
                raise _Refused(issue("YML001", "a mapping key must be a plain value",
                                     Location(smap.file, s.line, s.col)))
            key = _scalar(knode)
            key = key if isinstance(key, str) else str(key)
            if key in out:
                s, first = _span(knode), smap.keys[(*path, key)]
                raise _Refused(issue(
                    "YML002", f"key '{key}' appears twice in the same mapping",
                    Location(smap.file, s.line, s.col, len(key)),
                    hint=f"the first '{key}' is at line {first.line}; remove one of them"))
            smap.keys[(*path, key)] = _span(knode)
            out[key] = _convert(vnode, (*path, key), smap, seen)
        return out
    raise _Refused(issue("YML001", "unsupported YAML node", Location(smap.file)))


def _scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    if node.style:  # quoted or block: always a string
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value, 0) if value[:2].lower() in ("0o", "0x") else int(value)
    if _FLOAT.match(value):
        return float(value)
    return value

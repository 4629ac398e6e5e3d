"""Key tables of the YAML formats, read from the pydantic models and their source.

A field's type is rendered from its annotation as written in the source (`list[Name]`
reads "list of name"), its meaning from the attribute docstring under the field (or
`Field(description=...)`), falling back to generator/docs_notes.py.
"""

from __future__ import annotations

import ast
import enum
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.refdocs.md import code, prose, table, text
from generator.refdocs.notes import NOTES

Link = Callable[[type[BaseModel]], str | None]
"""The URL of a model's section, or None when no page documents it."""

VALUE_TYPES: dict[str, str] = {
    "Name": "A name: letters, digits and `_`, not starting with a digit.",
    "LangCode": "A language code such as `en`, `fr`, `sw` or `pt-BR`.",
    "LangText": "",
    "IndicatorId": "An SDG indicator number such as `10.7.1` or `16.b.1`.",
    "ChoiceCode": "A choice code written as text; numeric codes are the norm.",
}
"""Aliases of generator/model.py shown in the value-type table; '' takes the alias docstring."""
_WORDS = {"str": "text", "int": "integer", "float": "number", "bool": "`true` or `false`",
          "Name": "name", "LangCode": "language code", "LangText": "text per language",
          "IndicatorId": "indicator id", "ChoiceCode": "code"}


@cache
def _tree(module: str) -> ast.Module:
    return ast.parse(inspect.getsource(sys.modules[module]))


def _class_def(cls: type) -> ast.ClassDef:
    for node in _tree(cls.__module__).body:
        if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
            return node
    raise LookupError(f"no class {cls.__name__} in {cls.__module__}")


def _following_strings(body: list[ast.stmt]) -> dict[str, tuple[ast.expr, str]]:
    """Name → (annotation or value, the string literal right after its assignment)."""
    out: dict[str, tuple[ast.expr, str]] = {}
    for node, after in zip(body, [*body[1:], None], strict=True):
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(node, ast.AnnAssign):
            target, value = node.target, node.annotation
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        if not isinstance(target, ast.Name) or value is None:
            continue
        doc = ""
        if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) \
                and isinstance(after.value.value, str):
            doc = inspect.cleandoc(after.value.value)
        out[target.id] = (value, doc)
    return out


def class_doc(cls: type) -> str:
    return inspect.cleandoc(ast.get_docstring(_class_def(cls)) or "")


def _assigned(cls: type[BaseModel], name: str) -> tuple[ast.expr, str]:
    """The field's annotation and docstring, from the class (or base) that declares it."""
    for klass in cls.__mro__:
        if klass is BaseModel or not issubclass(klass, BaseModel):
            continue
        found = _following_strings(_class_def(klass).body).get(name)
        if found is not None:
            return found
    raise LookupError(f"no field {name} in the source of {cls.__name__}")


def field_doc(cls: type[BaseModel], name: str) -> str:
    """The field's description, its attribute docstring, or the fallback note."""
    return (cls.model_fields[name].description or _assigned(cls, name)[1]
            or NOTES.get(f"{cls.__name__}.{name}", ""))


@dataclass(frozen=True, slots=True)
class TypeWords:
    """Renders an annotation's source as words, with links to documented models."""

    namespace: dict[str, Any]
    link: Link
    types_url: str
    """Where the value types are explained: `#value-types` or `bank-keys.md#value-types`."""

    def __call__(self, node: ast.expr) -> str:
        return " or ".join(self._parts(node))

    def _parts(self, node: ast.expr) -> list[str]:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self._parts(node.left) + self._parts(node.right)
        if isinstance(node, ast.Constant) and node.value is None:
            return []
        return [self._one(node)]

    def _one(self, node: ast.expr) -> str:
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Attribute):
            return {"date": "date (YYYY-MM-DD)"}.get(node.attr, code(ast.unparse(node)))
        if isinstance(node, ast.Subscript):
            head = ast.unparse(node.value)
            args = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
            if head == "list":
                return f"list of {self(args[0])}"
            if head == "dict":
                return f"mapping of {self(args[0])} to {self(args[1])}"
            if head == "Annotated":
                return self(args[0])
            if head == "Literal":
                values = [code(str(a.value)) for a in args if isinstance(a, ast.Constant)]
                return " or ".join(values)
        return code(ast.unparse(node))

    def _name(self, name: str) -> str:
        if name in VALUE_TYPES:
            return f"[{_WORDS[name]}]({self.types_url})"
        if name in _WORDS:
            return _WORDS[name]
        obj = self.namespace.get(name)
        if isinstance(obj, type) and issubclass(obj, enum.Enum):
            return " or ".join(code(str(m.value)) for m in obj)
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            url = self.link(obj)
            return f"[{name}]({url})" if url else code(name)
        alias = _following_strings(_tree(self.namespace["__name__"]).body).get(name)
        if alias is not None:  # a module-level alias such as ChoiceList
            return self(alias[0])
        return code(name)


def constraints(info: FieldInfo, annotation: ast.expr) -> str:
    """Limits on a field's value, in words (a named value type's own pattern is left out)."""
    out: list[str] = []
    named = isinstance(annotation, ast.Name) and annotation.id in VALUE_TYPES
    for item in info.metadata:
        if isinstance(item, MinLen):
            out.append("not empty" if item.min_length == 1 else f"at least {item.min_length}")
        elif isinstance(item, MaxLen):
            out.append(f"at most {item.max_length} characters")
        elif isinstance(item, Ge):
            out.append(f"≥ {item.ge}")
        elif isinstance(item, Le):
            out.append(f"≤ {item.le}")
        elif isinstance(item, Gt):
            out.append(f"> {item.gt}")
        elif isinstance(item, Lt):
            out.append(f"&lt; {item.lt}")
        elif not named and getattr(item, "pattern", None):
            out.append(f"pattern {code(str(item.pattern))}")
            if getattr(item, "max_length", None):
                out.append(f"at most {item.max_length} characters")
    return ", ".join(out)


def default_words(info: FieldInfo) -> str:
    if info.is_required():
        return "**required**"
    value = info.default
    if value is None:
        return "optional"
    if isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, enum.Enum):
        shown = str(value.value)
    else:
        shown = str(value) if not isinstance(value, list | dict) else ("[]" if isinstance(
            value, list) else "{}")
    return f"optional, default {code(shown)}"


def key_table(cls: type[BaseModel], link: Link, types_url: str,
              extra: Callable[[str], str] | None = None,
              extra_title: str = "") -> list[str]:
    """One row per key of the model: key, type, required/default, limits, meaning."""
    words = TypeWords(vars(sys.modules[cls.__module__]), link, types_url)
    rows = []
    for name, info in cls.model_fields.items():
        node = _assigned(cls, name)[0]
        row = [code(name), words(node), default_words(info), constraints(info, node)]
        if extra is not None:
            row.append(extra(name))
        row.append(prose(field_doc(cls, name)))
        rows.append(row)
    header = ["key", "type", "required", "limits", *([extra_title] if extra else []),
              "meaning"]
    return table(header, rows)


def model_section(cls: type[BaseModel], where: str, link: Link, types_url: str,
                  extra: Callable[[str], str] | None = None, extra_title: str = "") -> list[str]:
    """A heading with a stable anchor (the class name), where the keys go, the key table."""
    doc = class_doc(cls)
    return [f"## {cls.__name__} {{#{cls.__name__.lower()}}}", "",
            f"*Where:* {where}", "", *([prose(doc), ""] if doc else []),
            *key_table(cls, link, types_url, extra, extra_title), ""]


def value_types(module: str) -> list[str]:
    """The named value types of generator/model.py, with their patterns."""
    namespace = vars(sys.modules[module])
    docs = _following_strings(_tree(module).body)
    rows = []
    for name, meaning in VALUE_TYPES.items():
        alias = namespace[name]
        metadata = get_args(alias)[1:] if get_origin(alias) is Annotated else ()
        limits = [f"pattern {code(str(c.pattern))}" for c in metadata
                  if getattr(c, "pattern", None)]
        limits += [f"at most {c.max_length} characters" for c in metadata
                   if getattr(c, "max_length", None)]
        rows.append([text(_WORDS[name]), code(name), prose(meaning or docs[name][1]),
                     ", ".join(limits)])
    return table(["value type", "in the code", "what it is", "limits"], rows)

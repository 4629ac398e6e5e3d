"""Host texts made printable: one language picked, markup stripped, `${name}` as a number."""

from __future__ import annotations

import html
import re
from typing import Any

_TAG = re.compile(r"<[^>]*>")
_REF = re.compile(r"\$\{([^}]*)\}")
_EMPHASIS = re.compile(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def pick(value: Any, host_lang: str, order: list[str]) -> str:
    """The text in one host language; another language's text when that one is missing
    (as a device shows it), so no question is printed without words."""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return ""
    text = value.get(host_lang)
    if isinstance(text, str) and text.strip():
        return text
    for other in order:
        text = value.get(other)
        if isinstance(text, str) and text.strip():
            return text
    return next((str(v) for v in value.values() if isinstance(v, str) and v.strip()), "")


def plain(text: str, number_of: dict[str, str]) -> str:
    """Markdown and HTML reduced to their words; `${name}` → the question's number, or the
    name in capitals in brackets for what has no number."""
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text.replace("<br>", " ").replace("<br/>", " "))
    text = html.unescape(text)
    text = _HEADING.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)

    def ref(m: re.Match[str]) -> str:
        name = m.group(1).strip()
        number = number_of.get(name)
        return f"({number})" if number else f"({name.upper()})"

    return " ".join(_REF.sub(ref, text).split())


def media_file(raw: dict[str, Any], host_lang: str, order: list[str]) -> str:
    """The picture a question shows (`media::image`), if any."""
    media = raw.get("media")
    if not isinstance(media, dict):
        return ""
    return pick(media.get("image") or media.get("big-image"), host_lang, order)

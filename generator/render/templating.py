"""Jinja2 templates and WeasyPrint, shared by the printed outputs.

Templates autoescape and fail on undefined names; a template error becomes an OUT006
issue naming the template and line. WeasyPrint fetches nothing from the network or the
file system: every stylesheet is inlined by the template.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from generator.issues import Issue, Location, issue
from generator.outputs import TEMPLATES


@cache
def environment(directory: Path = TEMPLATES) -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(directory), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)


def render_template(name: str, directory: Path = TEMPLATES,
                    **context: Any) -> tuple[str | None, list[Issue]]:
    """Render a template; errors come back located in the template, never as tracebacks."""
    import jinja2

    try:
        return environment(directory).get_template(name).render(**context), []
    except jinja2.TemplateSyntaxError as exc:
        where = Location(f"templates/{exc.name or name}", exc.lineno or 0, 1)
        return None, [issue("OUT006", f"template error: {exc.message}", where)]
    except jinja2.TemplateError as exc:
        line = _template_line(exc, name)
        return None, [issue("OUT006", f"template error: {exc}", Location(f"templates/{name}",
                                                                          line, 1 if line else 0))]


def _template_line(exc: BaseException, name: str) -> int:
    tb = exc.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The fetching policy given to WeasyPrint: nothing outside the document is loaded."""
    raise ValueError(f"refused to fetch {url[:80]}: printed outputs load no external resource")


def pdf_bytes(html: str, timestamp: int) -> bytes:
    """Typeset HTML to PDF with WeasyPrint (fonts embedded, subset)."""
    import logging

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class Refusing(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            return refuse_fetch(url)

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=str(TEMPLATES), url_fetcher=Refusing())
    return bytes(document.write_pdf())
